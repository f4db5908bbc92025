//! Docker's part of a scrape: whether the engine answered for the latest sample, each running
//! container's memory and CPU (labelled by name and id), and Docker's disk usage by kind. Only
//! the latest sample is encoded, so a container that stopped is gone from the next scrape.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

use super::{G, gauge, label};
use crate::docker::KindUsage;
use crate::sample::{ContainerSample, Sample};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ContainerLabels {
    container: String,
    id: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: String,
}

/// Reads one figure of a container; `None` leaves it out.
type ContainerFigure = fn(&ContainerSample) -> Option<f64>;

/// Reads one figure of a kind of Docker's disk usage.
type KindFigure = fn(&KindUsage) -> u64;

/// Registers Docker's metrics of `s`; `asked` says whether monitor asks Docker at all (without
/// it nothing is written, not even `wsltune_docker_up`).
pub(super) fn register(r: &mut Registry, s: &Sample, asked: bool) {
    if !asked {
        return;
    }
    gauge(
        r,
        "wsltune_docker_up",
        "1 when Docker answered its latest reading of the containers, 0 when it did not answer (in time)",
        Some(if s.docker_up.unwrap_or(s.containers.is_some()) { 1.0 } else { 0.0 }),
    );
    if let Some(containers) = &s.containers {
        gauge(
            r,
            "wsltune_docker_containers_running",
            "Docker's running containers",
            Some(containers.len() as f64),
        );
        let families: [(&str, &str, ContainerFigure); 3] = [
            (
                "wsltune_container_memory_used_bytes",
                "A running container's memory as docker stats shows it (usage minus inactive file pages)",
                |c| Some(c.mem_used_bytes as f64),
            ),
            (
                "wsltune_container_memory_limit_bytes",
                "A running container's memory limit (the VM's memory when it has none)",
                |c| Some(c.mem_limit_bytes as f64),
            ),
            (
                "wsltune_container_cpu_cores",
                "Processors a running container kept busy since its previous reading (1 = one processor)",
                |c| c.cpu_cores,
            ),
        ];
        for (name, help, get) in families {
            let family = Family::<ContainerLabels, G>::default();
            let mut any = false;
            for c in containers {
                if let Some(v) = get(c).filter(|v| v.is_finite()) {
                    family
                        .get_or_create(&ContainerLabels {
                            container: label(&c.name),
                            id: label(&c.id),
                        })
                        .set(v);
                    any = true;
                }
            }
            if any {
                r.register(name, help, family);
            }
        }
    }
    if let Some(u) = &s.docker_disk_usage {
        let kinds = [
            ("images", &u.images),
            ("containers", &u.containers),
            ("volumes", &u.volumes),
            ("build-cache", &u.build_cache),
        ];
        let families: [(&str, &str, KindFigure); 4] = [
            (
                "wsltune_docker_disk_bytes",
                "Docker's disk usage by kind, as docker system df counts it (latest deep inspection)",
                |k| k.total_bytes,
            ),
            (
                "wsltune_docker_disk_reclaimable_bytes",
                "What a prune of this kind would free (latest deep inspection)",
                |k| k.reclaimable_bytes,
            ),
            (
                "wsltune_docker_disk_objects",
                "How many images, containers, volumes or build cache records there are (latest deep inspection)",
                |k| k.count,
            ),
            (
                "wsltune_docker_disk_active_objects",
                "How many of them are in use (latest deep inspection)",
                |k| k.active,
            ),
        ];
        for (name, help, get) in families {
            let family = Family::<KindLabels, G>::default();
            for (kind, usage) in kinds {
                family.get_or_create(&KindLabels { kind: kind.to_owned() }).set(get(usage) as f64);
            }
            r.register(name, help, family);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Exporter;
    use super::*;
    use crate::docker::DiskUsage;

    fn container(name: &str, id: &str, used: u64, cpu: Option<f64>) -> ContainerSample {
        ContainerSample {
            id: id.to_owned(),
            name: name.to_owned(),
            mem_used_bytes: used,
            mem_limit_bytes: 8 << 30,
            cpu_cores: cpu,
        }
    }

    fn has(text: &str, line: &str) -> bool {
        text.lines().any(|l| l == line)
    }

    #[test]
    fn containers_and_disk_usage_with_labels_escaped() {
        let e = Exporter::new(true);
        let kind = |n: u64| KindUsage {
            total_bytes: n * 1000,
            reclaimable_bytes: n * 100,
            count: n,
            active: n / 2,
        };
        e.record(&Sample {
            ts_ms: 1,
            containers: Some(vec![
                container("web", "0123456789ab", 300 << 20, Some(1.5)),
                container(r#"odd"na\me"#, "ba9876543210", 1 << 20, None),
            ]),
            docker_disk_usage: Some(DiskUsage {
                images: kind(4),
                containers: kind(2),
                volumes: kind(1),
                build_cache: kind(0),
            }),
            ..Sample::default()
        });
        let text = e.encode();
        for line in [
            "# TYPE wsltune_docker_up gauge",
            "wsltune_docker_up 1.0",
            "wsltune_docker_containers_running 2.0",
            "# TYPE wsltune_container_memory_used_bytes gauge",
            r#"wsltune_container_memory_used_bytes{container="web",id="0123456789ab"} 314572800.0"#,
            r#"wsltune_container_memory_used_bytes{container="odd\"na\\me",id="ba9876543210"} 1048576.0"#,
            r#"wsltune_container_memory_limit_bytes{container="web",id="0123456789ab"} 8589934592.0"#,
            r#"wsltune_container_cpu_cores{container="web",id="0123456789ab"} 1.5"#,
            r#"wsltune_docker_disk_bytes{kind="images"} 4000.0"#,
            r#"wsltune_docker_disk_reclaimable_bytes{kind="containers"} 200.0"#,
            r#"wsltune_docker_disk_objects{kind="volumes"} 1.0"#,
            r#"wsltune_docker_disk_active_objects{kind="images"} 2.0"#,
            r#"wsltune_docker_disk_bytes{kind="build-cache"} 0.0"#,
            "wsltune_sample_errors_total{source=\"docker\"} 0",
        ] {
            assert!(has(&text, line), "missing {line:?} in:\n{text}");
        }
        // A CPU not known yet is left out, not zero.
        assert!(!text.contains(r#"wsltune_container_cpu_cores{container="odd"#), "{text}");
    }

    /// The exporter encodes the latest sample only: a container that stopped is gone from the
    /// next scrape, and an engine that did not answer is `wsltune_docker_up 0` with no
    /// container left over.
    #[test]
    fn stopped_containers_disappear_and_silence_is_down() {
        let e = Exporter::new(true);
        let with = |names: &[&str]| Sample {
            ts_ms: 1,
            containers: Some(names.iter().map(|n| container(n, n, 1 << 20, None)).collect()),
            ..Sample::default()
        };
        e.record(&with(&["a", "b"]));
        assert!(e.encode().contains(r#"container="b""#));
        e.record(&with(&["a"]));
        let text = e.encode();
        assert!(text.contains(r#"container="a""#) && !text.contains(r#"container="b""#), "{text}");
        e.record(&with(&[]));
        let text = e.encode();
        assert!(has(&text, "wsltune_docker_containers_running 0.0"), "{text}");
        assert!(!text.contains("wsltune_container_memory_used_bytes"), "{text}");
        // A tick between two readings (many containers are read every few): the last stands.
        e.record(&with(&["a"]));
        e.record(&Sample { ts_ms: 2, docker_up: Some(true), ..Sample::default() });
        let text = e.encode();
        assert!(has(&text, "wsltune_docker_up 1.0"), "{text}");
        assert!(text.contains(r#"container="a""#), "{text}");
        e.record(&Sample { ts_ms: 3, docker_up: Some(false), ..Sample::default() });
        let text = e.encode();
        assert!(has(&text, "wsltune_docker_up 0.0"), "{text}");
        assert!(!text.contains("wsltune_docker_containers_running"), "{text}");
    }

    /// Without Docker asked, nothing of Docker's is served.
    #[test]
    fn nothing_of_docker_when_not_asked() {
        let e = Exporter::default();
        e.record(&Sample {
            ts_ms: 1,
            containers: Some(vec![container("web", "x", 1, None)]),
            ..Sample::default()
        });
        let text = e.encode();
        assert!(!text.contains("docker") && !text.contains("container"), "{text}");
    }
}
