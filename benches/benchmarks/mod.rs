//! One module per measured hot path.

pub mod analysis;
pub mod sample;
pub mod vhdx;
