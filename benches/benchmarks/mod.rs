//! One module per measured hot path.

pub mod vhdx;
