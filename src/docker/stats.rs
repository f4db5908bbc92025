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

    /// A real answer under cgroup v2 (`stream=false`, so `precpu_stats` is the engine's own
    /// sample one second before), recorded in ZaneOps' tests (tests/fixtures/docker/README.md):
    /// `inactive_file`, `anon`, `file`, no `total_*`.
    #[test]
    fn cgroup_v2_capture_as_docker_stats_shows_it() {
        let json: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/docker/stats-cgroup-v2-zane-ops.json"
        ))
        .unwrap();
        assert!(json["memory_stats"]["stats"].get("total_inactive_file").is_none());
        let r = RawStats::deserialize(&json).unwrap().reading();
        assert_eq!(r.mem_used_bytes, 223_281_152, "usage 234590208 minus inactive_file 11309056");
        assert_eq!(r.mem_limit_bytes, 12_591_960_064);
        assert_eq!(r.online_cpus, 12);
        assert_eq!((r.cpu_total_ns, r.system_cpu_ns), (15_337_487_000, 6_984_884_420_000_000));
        // The engine's previous sample, read as wsltune reads its own.
        let pre = serde_json::json!({ "cpu_stats": json["precpu_stats"] });
        let before = RawStats::deserialize(&pre).unwrap().reading();
        // 17107000 ns of the container's CPU in 12090000000 ns of the VM's, on 12 processors:
        // 0.01698 processors, the 1.70% `docker stats` shows.
        let cores = r.cpu_cores(&before).unwrap();
        assert!((cores - 17_107_000.0 / 12_090_000_000.0 * 12.0).abs() < 1e-12);
        assert_eq!((cores * 10_000.0).round() / 100.0, 1.70);
    }

    /// cgroup v2 keys (moby `daemon/stats_unix.go` `statsV2`: `inactive_file`, no `total_*`),
    /// constructed: the capture above covers the keys and one interval; this one keeps round
    /// numbers, counters that went back, and inactive file pages above the usage.
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
