//! The Windows host's view, through sysinfo (the only module that imports it).
//!
//! Inside WSL, sysinfo would read the VM's `/proc`, not the host: the host is not visible there,
//! so this returns `None` on every platform but Windows.

use serde::Serialize;

/// The host's size, which WSL's defaults are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HostInfo {
    /// Physical memory of the Windows host.
    pub memory_bytes: u64,
    /// Logical processors of the Windows host.
    pub logical_processors: usize,
}

/// Reads the Windows host's memory and processor count.
#[cfg(windows)]
pub fn host_info() -> Option<HostInfo> {
    use sysinfo::{CpuRefreshKind, MemoryRefreshKind, RefreshKind, System};
    let refresh = RefreshKind::nothing()
        .with_memory(MemoryRefreshKind::nothing().with_ram())
        .with_cpu(CpuRefreshKind::nothing());
    let system = System::new_with_specifics(refresh).ok()?;
    Some(HostInfo { memory_bytes: system.total_memory(), logical_processors: system.cpus().len() })
}

/// Reads the Windows host's memory and processor count; not visible from here.
#[cfg(not(windows))]
pub fn host_info() -> Option<HostInfo> {
    None
}
