//! Samplers: small synchronous functions that read one source each — `procfs` (the VM's view),
//! `host` (the Windows side, the only user of sysinfo), `disk` (file sizes, deep inspection) and
//! `docker` (containers, Docker's disk usage) — and the [`Sample`] they fill. The `schedule`
//! layer above runs them.

pub mod disk;
pub mod docker;
pub mod host;
pub mod procfs;
pub mod texts;
pub mod vm_proc;

use serde::Serialize;

pub use docker::ContainerSample;

use crate::docker::DiskUsage;
use crate::locate::Role;

/// One tick's readings. Every metric is an `Option`: a source that fails leaves a gap, never a
/// zero, and never drops the other readings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Sample {
    /// When, in milliseconds since the Unix epoch (UTC).
    #[serde(rename = "ts", serialize_with = "serialize_ts")]
    pub ts_ms: i64,
    /// `MemTotal`: about the VM's memory limit.
    pub mem_total_bytes: Option<u64>,
    /// `MemTotal − MemAvailable`: what the VM really needs.
    pub mem_used_bytes: Option<u64>,
    /// `Buffers + Cached + SReclaimable`: page cache the VM holds (and vmmemWSL keeps on Windows).
    pub mem_cache_bytes: Option<u64>,
    /// `MemFree`.
    pub mem_free_bytes: Option<u64>,
    /// `MemAvailable`.
    pub mem_available_bytes: Option<u64>,
    /// `SwapTotal`.
    pub swap_total_bytes: Option<u64>,
    /// `SwapTotal − SwapFree`.
    pub swap_used_bytes: Option<u64>,
    /// 1 − Δ(idle + iowait) / Δtotal of the `cpu` line of `/proc/stat` since the last tick; null on
    /// the first.
    pub cpu_busy_ratio: Option<f64>,
    /// The VM's logical processors (`cpuN` lines of `/proc/stat`).
    pub cpu_count: Option<u32>,
    /// `some avg10` of `/proc/pressure/memory` (percent of time some task stalled on memory).
    pub pressure_memory_some_avg10: Option<f64>,
    /// `some avg10` of `/proc/pressure/cpu`.
    pub pressure_cpu_some_avg10: Option<f64>,
    /// `some avg10` of `/proc/pressure/io`.
    pub pressure_io_some_avg10: Option<f64>,
    /// The Windows VM process's (`vmmemWSL`/`vmmem`) working set; null where not visible.
    pub host_vm_process_bytes: Option<u64>,
    /// The VM process's CPU use as a share of all the host's processors (0..1, four decimals);
    /// null where not visible and on the first sample.
    pub host_vm_process_cpu_ratio: Option<f64>,
    /// Each monitored disk.
    pub disks: Vec<DiskSample>,
    /// Docker's running containers, largest memory first: empty when none runs, absent when
    /// Docker was not asked or did not answer in time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub containers: Option<Vec<ContainerSample>>,
    /// Docker's disk usage by kind, from the last deep inspection; absent when not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docker_disk_usage: Option<DiskUsage>,
    /// Whether Docker answered its latest reading (`None`: not asked): between readings (many
    /// containers are read every few ticks) the live view and `/metrics` keep showing the last
    /// one. Neither printed nor stored.
    #[serde(skip)]
    pub docker_up: Option<bool>,
}

/// One disk at one tick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiskSample {
    /// The file.
    pub path: String,
    /// Its role.
    pub role: Role,
    /// File length; null when the file is gone or unreadable.
    pub file_length: Option<u64>,
    /// Bytes it occupies on disk.
    pub size_on_disk: Option<u64>,
    /// From the last deep inspection: allocated payload bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated_bytes: Option<u64>,
    /// From the last deep inspection: what ext4 uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fs_used_bytes: Option<u64>,
    /// From the last deep inspection: what compaction would give back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reclaimable_bytes: Option<u64>,
}

impl DiskSample {
    /// The file's name without its folder, for compact displays.
    pub fn file_name(&self) -> String {
        std::path::Path::new(&self.path)
            .file_name()
            .map_or(self.path.clone(), |n| n.to_string_lossy().into_owned())
    }
}

fn serialize_ts<S: serde::Serializer>(ts_ms: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::units::format_rfc3339(*ts_ms))
}
