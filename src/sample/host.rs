//! The Windows host's view, through sysinfo (the only module that imports it): the host's size,
//! and the VM process (`vmmemWSL`, or `vmmem` on Windows 10) that holds the VM's memory.
//!
//! Inside WSL, sysinfo would read the VM's `/proc`, not the host: the host is not visible there,
//! so these return `None` on every platform but Windows.

use serde::Serialize;

/// The host's size, which WSL's defaults are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HostInfo {
    /// Physical memory of the Windows host.
    pub memory_bytes: u64,
    /// Logical processors of the Windows host.
    pub logical_processors: usize,
}

/// Chooses WSL's VM process among `(name, memory)` pairs. WSL names it `vmmemWSL` on Windows 11
/// builds that support the suffix, else `vmmem` — which on Windows 10 may also be Windows Sandbox
/// or a Hyper-V VM (reference facts §3.2). Returns the memory and, for `vmmem`, that caveat.
pub fn pick_vm_process(processes: &[(String, u64)]) -> Option<(u64, Option<&'static str>)> {
    let named = |name: &str| {
        processes
            .iter()
            .filter(|(n, _)| n.trim_end_matches(".exe").eq_ignore_ascii_case(name))
            .map(|(_, m)| *m)
            .max()
    };
    if let Some(memory) = named("vmmemWSL") {
        return Some((memory, None));
    }
    named("vmmem").map(|m| (m, Some(super::texts::VMMEM_NOTE.get())))
}

/// The VM process's CPU use as a share of the whole host: sysinfo reports percent of one
/// processor (up to 100 × processors). Four decimals, as the history keeps.
pub fn cpu_share(usage_percent: f32, processors: usize) -> Option<f64> {
    if processors == 0 || !usage_percent.is_finite() || usage_percent < 0.0 {
        return None;
    }
    let share = (f64::from(usage_percent) / 100.0 / processors as f64).clamp(0.0, 1.0);
    Some((share * 10_000.0).round() / 10_000.0)
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

/// Samples the VM process's memory each tick, refreshing only that process once it is known.
#[derive(Default)]
pub struct HostSampler {
    #[cfg(windows)]
    system: Option<sysinfo::System>,
    #[cfg(windows)]
    pid: Option<sysinfo::Pid>,
    /// A caveat about what is measured, shown once.
    pub note: Option<&'static str>,
}

impl HostSampler {
    /// The VM process's working set and CPU share, where visible. The CPU share needs two
    /// readings of the same process, so it is null until the process has been seen once.
    #[cfg(windows)]
    pub fn vm_process(&mut self) -> Option<(u64, Option<f64>)> {
        use sysinfo::{CpuRefreshKind, ProcessRefreshKind, ProcessesToUpdate, RefreshKind, System};
        let kind = ProcessRefreshKind::nothing().with_memory().with_cpu();
        if self.system.is_none() {
            self.system = System::new_with_specifics(
                RefreshKind::nothing().with_cpu(CpuRefreshKind::nothing()),
            )
            .ok();
        }
        let system = self.system.as_mut()?;
        let processors = system.cpus().len();
        if let Some(pid) = self.pid {
            system.refresh_processes_specifics(ProcessesToUpdate::Some(&[pid]), true, kind);
            if let Some(p) = system.process(pid) {
                return Some((p.memory(), cpu_share(p.cpu_usage(), processors)));
            }
            self.pid = None;
        }
        system.refresh_processes_specifics(ProcessesToUpdate::All, true, kind);
        let candidates: Vec<(String, u64)> = system
            .processes()
            .values()
            .map(|p| (p.name().to_string_lossy().into_owned(), p.memory()))
            .collect();
        let (memory, note) = pick_vm_process(&candidates)?;
        self.note = note;
        self.pid = system
            .processes()
            .iter()
            .find(|(_, p)| p.memory() == memory && p.name().to_string_lossy().starts_with("vmmem"))
            .map(|(pid, _)| *pid);
        Some((memory, None))
    }

    /// The VM process's working set and CPU share: not visible from inside WSL or on Linux.
    #[cfg(not(windows))]
    pub fn vm_process(&mut self) -> Option<(u64, Option<f64>)> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_share_of_the_host() {
        assert_eq!(cpu_share(150.0, 8), Some(0.1875));
        assert_eq!(cpu_share(900.0, 8), Some(1.0));
        assert_eq!(cpu_share(f32::NAN, 8), None);
        assert_eq!(cpu_share(10.0, 0), None);
    }

    #[test]
    fn prefers_vmmemwsl_and_flags_plain_vmmem() {
        let p = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
            list.iter().map(|(n, m)| ((*n).to_owned(), *m)).collect()
        };
        assert_eq!(
            pick_vm_process(&p(&[("vmmem", 5), ("vmmemWSL", 9), ("explorer.exe", 1)])),
            Some((9, None))
        );
        let (m, note) = pick_vm_process(&p(&[("vmmem", 5), ("vmmem", 7)])).unwrap();
        assert_eq!(m, 7);
        assert!(note.unwrap().contains("Windows Sandbox"));
        assert_eq!(pick_vm_process(&p(&[("code.exe", 5)])), None);
    }
}
