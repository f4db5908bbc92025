//! `monitor --listen`: the latest sample in the Prometheus/OpenMetrics text format, built with
//! prometheus-client. The monitor hands each sample to [`Exporter::record`]; a scrape encodes the
//! last one and never triggers sampling. The HTTP side is in [`server`], Docker's metrics in
//! [`docker`].

mod docker;
pub mod server;
pub mod texts;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;

use crate::sample::Sample;

/// The content type of a scrape's answer.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// What the exporter knows: the latest sample and the counts.
#[derive(Debug, Default)]
struct State {
    latest: Option<Sample>,
    samples: u64,
    errors: BTreeMap<&'static str, u64>,
}

/// Shared between the monitor (which records) and the server (which encodes).
#[derive(Debug, Clone, Default)]
pub struct Exporter {
    state: Arc<Mutex<State>>,
    /// Whether monitor asks Docker: then `wsltune_docker_up` says whether it answered.
    docker: bool,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DiskLabels {
    path: String,
    role: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceLabels {
    source: String,
}

type G = Gauge<f64, AtomicU64>;

/// Reads one figure of a disk.
type DiskFigure = fn(&crate::sample::DiskSample) -> Option<u64>;

fn gauge(registry: &mut Registry, name: &str, help: &str, value: Option<f64>) {
    if let Some(v) = value.filter(|v| v.is_finite()) {
        let g = G::default();
        g.set(v);
        registry.register(name, help, g);
    }
}

/// prometheus-client 0.24 writes label values as they are; the text format needs `\`, `"` and
/// line feeds escaped (Windows paths have backslashes). The test pins this.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn bytes(v: Option<u64>) -> Option<f64> {
    v.map(|b| b as f64)
}

impl Exporter {
    /// An exporter; `docker` says whether monitor asks Docker (`Default` does not).
    pub fn new(docker: bool) -> Self {
        Exporter { docker, ..Exporter::default() }
    }

    /// Records a new sample.
    pub fn record(&self, sample: &Sample) {
        if let Ok(mut s) = self.state.lock() {
            let mut sample = sample.clone();
            // Between two readings of Docker, its last one stands.
            if sample.containers.is_none() && sample.docker_up == Some(true) {
                sample.containers = s.latest.as_ref().and_then(|l| l.containers.clone());
            }
            s.latest = Some(sample);
            s.samples += 1;
        }
    }

    /// Counts an error of a source (`procfs`, `disk`, `host`, `store`, `docker`).
    pub fn error(&self, source: &'static str) {
        if let Ok(mut s) = self.state.lock() {
            *s.errors.entry(source).or_default() += 1;
        }
    }

    /// The text a scrape gets.
    pub fn encode(&self) -> String {
        let (latest, samples, errors) = match self.state.lock() {
            Ok(s) => (s.latest.clone(), s.samples, s.errors.clone()),
            Err(_) => (None, 0, BTreeMap::new()),
        };
        let mut r = Registry::default();
        r.register(
            "wsltune_build",
            "wsltune's version",
            Info::new(vec![("version".to_owned(), env!("CARGO_PKG_VERSION").to_owned())]),
        );
        let total = Counter::<u64>::default();
        total.inc_by(samples);
        r.register("wsltune_samples", "Samples taken since monitor started", total);
        let by_source = Family::<SourceLabels, Counter<u64>>::default();
        let docker: &[&str] = if self.docker { &["docker"] } else { &[] };
        for &source in ["procfs", "host", "disk", "store"].iter().chain(docker) {
            by_source
                .get_or_create(&SourceLabels { source: source.to_owned() })
                .inc_by(errors.get(source).copied().unwrap_or(0));
        }
        r.register(
            "wsltune_sample_errors",
            "Errors while sampling or storing, by source",
            by_source,
        );
        if let Some(s) = latest {
            gauge(
                &mut r,
                "wsltune_last_sample_timestamp_seconds",
                "Time of the latest sample (Unix seconds)",
                Some(s.ts_ms as f64 / 1000.0),
            );
            gauge(
                &mut r,
                "wsltune_vm_memory_total_bytes",
                "The VM's memory (MemTotal)",
                bytes(s.mem_total_bytes),
            );
            gauge(
                &mut r,
                "wsltune_vm_memory_used_bytes",
                "The VM's used memory, page cache excluded (MemTotal - MemAvailable)",
                bytes(s.mem_used_bytes),
            );
            gauge(
                &mut r,
                "wsltune_vm_memory_cache_bytes",
                "The VM's page cache (Buffers + Cached + SReclaimable)",
                bytes(s.mem_cache_bytes),
            );
            gauge(
                &mut r,
                "wsltune_vm_memory_free_bytes",
                "The VM's free memory (MemFree)",
                bytes(s.mem_free_bytes),
            );
            gauge(
                &mut r,
                "wsltune_vm_memory_available_bytes",
                "The VM's available memory (MemAvailable)",
                bytes(s.mem_available_bytes),
            );
            gauge(
                &mut r,
                "wsltune_vm_swap_total_bytes",
                "The VM's swap (SwapTotal)",
                bytes(s.swap_total_bytes),
            );
            gauge(
                &mut r,
                "wsltune_vm_swap_used_bytes",
                "Swap in use (SwapTotal - SwapFree)",
                bytes(s.swap_used_bytes),
            );
            gauge(
                &mut r,
                "wsltune_vm_cpu_busy_ratio",
                "Share of the VM's CPU time busy since the previous sample (0..1)",
                s.cpu_busy_ratio,
            );
            gauge(
                &mut r,
                "wsltune_vm_pressure_memory_some_avg10",
                "PSI memory 'some avg10': percent of time some task stalled on memory",
                s.pressure_memory_some_avg10,
            );
            gauge(
                &mut r,
                "wsltune_host_vm_process_bytes",
                "Working set of the Windows VM process (vmmemWSL/vmmem), where visible",
                bytes(s.host_vm_process_bytes),
            );
            let families: [(&str, &str, DiskFigure); 5] = [
                ("wsltune_disk_file_length_bytes", "Length of the disk file", |d| d.file_length),
                (
                    "wsltune_disk_size_on_disk_bytes",
                    "Bytes the disk file occupies on its drive",
                    |d| d.size_on_disk,
                ),
                (
                    "wsltune_disk_allocated_bytes",
                    "Allocated payload blocks in the VHDX (latest deep inspection)",
                    |d| d.allocated_bytes,
                ),
                (
                    "wsltune_disk_fs_used_bytes",
                    "What ext4 inside the VHDX uses (latest deep inspection)",
                    |d| d.fs_used_bytes,
                ),
                (
                    "wsltune_disk_reclaimable_bytes",
                    "What compacting the VHDX would give back (latest deep inspection)",
                    |d| d.reclaimable_bytes,
                ),
            ];
            for (name, help, get) in families {
                let family = Family::<DiskLabels, G>::default();
                let mut any = false;
                for d in &s.disks {
                    if let Some(v) = get(d) {
                        family
                            .get_or_create(&DiskLabels {
                                path: label(&d.path),
                                role: d.role.as_str().to_owned(),
                            })
                            .set(v as f64);
                        any = true;
                    }
                }
                if any {
                    r.register(name, help, family);
                }
            }
            docker::register(&mut r, &s, self.docker);
        }
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &r);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::Role;
    use crate::sample::DiskSample;

    #[test]
    fn encodes_the_latest_sample_with_help_and_type() {
        let e = Exporter::default();
        assert!(
            !e.encode().contains("wsltune_vm_memory_used_bytes"),
            "nothing before the first sample"
        );
        e.record(&Sample {
            ts_ms: 1_700_000_000_500,
            mem_used_bytes: Some(3 << 30),
            cpu_busy_ratio: Some(0.25),
            disks: vec![DiskSample {
                path: r#"C:\Users\me\"x".vhdx"#.to_owned(),
                role: Role::DockerData,
                file_length: Some(1 << 30),
                size_on_disk: None,
                allocated_bytes: None,
                fs_used_bytes: None,
                reclaimable_bytes: None,
            }],
            ..Sample::default()
        });
        e.error("disk");
        let text = e.encode();
        for line in [
            "# TYPE wsltune_vm_memory_used_bytes gauge",
            "wsltune_vm_memory_used_bytes 3221225472.0",
            "wsltune_vm_cpu_busy_ratio 0.25",
            "wsltune_samples_total 1",
            "wsltune_sample_errors_total{source=\"disk\"} 1",
            "wsltune_sample_errors_total{source=\"procfs\"} 0",
            "wsltune_last_sample_timestamp_seconds 1700000000.5",
            r#"wsltune_disk_file_length_bytes{path="C:\\Users\\me\\\"x\".vhdx",role="docker-data"} 1073741824.0"#,
            "# EOF",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line:?} in:\n{text}");
        }
        assert!(text.contains("wsltune_build_info{version=\""));
        assert!(!text.contains("wsltune_vm_swap_used_bytes"), "unknown values are left out");
        assert!(!text.contains("wsltune_disk_allocated_bytes"));
    }
}
