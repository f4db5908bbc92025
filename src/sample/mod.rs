//! Samplers: small synchronous functions that read one source each — `procfs` (the VM's view)
//! and `host` (the Windows side, the only user of sysinfo).

pub mod host;
pub mod procfs;
