//! One module per measured hot path.

pub mod sample;
pub mod vhdx;
