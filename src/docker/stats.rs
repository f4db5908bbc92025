//! A container's memory and CPU from `/containers/{id}/stats` (one-shot), as `docker stats`
//! computes them (docker/cli `cli/command/container/stats_helpers.go`): memory used is usage
//! minus inactive file pages (`total_inactive_file` under cgroup v1, `inactive_file` under v2);
//! CPU is the share of the VM's CPU time between two samples, times its online processors —
//! wsltune keeps its own previous sample (a one-shot answer carries none).

use std::collections::HashMap;

use serde::Deserialize;

/// One reading of a container.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ContainerStats {
    /// Memory used, as `docker stats` shows it.
    pub mem_used_bytes: u64,
    /// Its limit (the VM's memory when it has none).
    pub mem_limit_bytes: u64,
    /// CPU time the container used, in ns, since it started.
    pub cpu_total_ns: u64,
    /// CPU time of the whole VM, in ns (`/proc/stat`'s first seven fields).
    pub system_cpu_ns: u64,
    /// The VM's online processors.
    pub online_cpus: u32,
}

impl ContainerStats {
    /// Processors busy on average between `before` and `self`, when both carry the counters and
    /// time passed (`None` after a restart, whose counters went back).
    pub fn cpu_cores(&self, before: &ContainerStats) -> Option<f64> {
        let cpu = self.cpu_total_ns.checked_sub(before.cpu_total_ns)?;
        let system = self.system_cpu_ns.checked_sub(before.system_cpu_ns).filter(|s| *s > 0)?;
        Some(cpu as f64 / system as f64 * f64::from(self.online_cpus.max(1)))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawStats {
    memory_stats: RawMemory,
    cpu_stats: RawCpu,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawMemory {
    usage: u64,
    limit: u64,
    stats: HashMap<String, u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawCpu {
    cpu_usage: RawCpuUsage,
    system_cpu_usage: u64,
    online_cpus: u32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawCpuUsage {
    total_usage: u64,
    percpu_usage: Option<Vec<u64>>,
}

impl RawStats {
    pub(super) fn reading(&self) -> ContainerStats {
        let m = &self.memory_stats;
        // `calculateMemUsageUnixNoCache`: cgroup v1's total_inactive_file first, then v2's
        // inactive_file, each only when below the usage.
        let inactive = [m.stats.get("total_inactive_file"), m.stats.get("inactive_file")]
            .into_iter()
            .flatten()
            .copied()
            .find(|v| *v < m.usage)
            .unwrap_or(0);
        let c = &self.cpu_stats;
        let online = match c.online_cpus {
            0 => c.cpu_usage.percpu_usage.as_ref().map_or(0, |p| p.len() as u32),
            n => n,
        };
        ContainerStats {
            mem_used_bytes: m.usage - inactive,
            mem_limit_bytes: m.limit,
            cpu_total_ns: c.cpu_usage.total_usage,
            system_cpu_ns: c.system_cpu_usage,
            online_cpus: online,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real one-shot answer under cgroup v1 (tests/fixtures/docker/README.md): `docker stats`
    /// said 64.65MiB / 23.54GiB.
    #[test]
    fn cgroup_v1_memory_as_docker_stats_shows_it() {
        let raw: RawStats = serde_json::from_str(include_str!(
            "../../tests/fixtures/docker/stats-cgroup-v1-one-shot.json"
        ))
        .unwrap();
        let r = raw.reading();
        assert_eq!(r.mem_used_bytes, 67_788_800, "usage 67788800 minus total_inactive_file 0");
        assert_eq!((r.mem_used_bytes as f64 / f64::from(1 << 20) * 100.0).round() / 100.0, 64.65);
        assert_eq!(r.mem_limit_bytes, 25_276_502_016);
        assert!(r.online_cpus >= 1);
    }

    /// cgroup v2 keys (moby `daemon/stats_unix.go` `statsV2`: `inactive_file`, no
    /// `total_*`). Not a capture: no cgroup v2 engine runs here.
    #[test]
    fn cgroup_v2_memory_and_cpu_between_two_readings() {
        let at = |usage: u64, cpu: u64, system: u64| {
            let json = format!(
                r#"{{"memory_stats":{{"usage":{usage},"limit":1073741824,"stats":{{"anon":1000,"file":500000,"inactive_file":400000}}}},
                   "cpu_stats":{{"cpu_usage":{{"total_usage":{cpu}}},"system_cpu_usage":{system},"online_cpus":4}}}}"#
            );
            serde_json::from_str::<RawStats>(&json).unwrap().reading()
        };
        let before = at(10_000_000, 1_000_000_000, 100_000_000_000);
        let after = at(10_000_000, 3_000_000_000, 104_000_000_000);
        assert_eq!(after.mem_used_bytes, 10_000_000 - 400_000);
        // 2 s of CPU in 4 s of the whole VM's time, on 4 processors: 2 processors busy.
        assert_eq!(after.cpu_cores(&before), Some(2.0));
        assert_eq!(before.cpu_cores(&after), None, "counters that went back");
        // Inactive file pages above the usage (a v1 hierarchy quirk) are not subtracted.
        let odd = serde_json::from_str::<RawStats>(
            r#"{"memory_stats":{"usage":100,"stats":{"total_inactive_file":500}}}"#,
        )
        .unwrap()
        .reading();
        assert_eq!(odd.mem_used_bytes, 100);
    }
}
