//! The Engine API's answers wsltune reads, and Docker's disk usage by kind from either shape of
//! `/system/df`: the lists of API < 1.52 (totals computed here as the Docker CLI computes them,
//! `cli/command/formatter/disk_usage.go`) or the summaries of API ≥ 1.52.

use serde::{Deserialize, Serialize};

/// `/version`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Version {
    /// The engine's version (`29.1.2`, `20.10.24+dfsg1`).
    #[serde(rename = "Version")]
    pub server_version: String,
    /// The newest API version it speaks (`1.52`).
    #[serde(rename = "ApiVersion")]
    pub api_version: String,
    /// What runs the engine: `Docker Desktop 4.37.1 (178610)`; none, or another name, for a
    /// plain engine (Debian's `docker.io` sends none).
    #[serde(rename = "Platform", default, skip_serializing)]
    pub platform: Option<Platform>,
}

/// `/version`'s `Platform`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Platform {
    /// `Docker Desktop 4.37.1 (178610)`, `Docker Engine - Community`.
    #[serde(rename = "Name", default)]
    pub name: String,
}

impl Version {
    /// The Docker Desktop that runs this engine, if one does.
    pub fn desktop(&self) -> Option<super::DesktopVersion> {
        super::DesktopVersion::parse(&self.platform.as_ref()?.name)
    }
}

/// The part of `/info` wsltune reads.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Info {
    #[serde(rename = "CgroupVersion", default)]
    pub cgroup_version: Option<String>,
}

/// A container, as `/containers/json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Container {
    /// Its id (the first 12 characters, as `docker ps` shows).
    pub id: String,
    /// Its name, without the leading `/`.
    pub name: String,
    /// Its image.
    pub image: String,
    /// `running`, `exited`, …
    pub state: String,
    /// Its mounts.
    pub mounts: Vec<Mount>,
}

/// A container's mount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mount {
    /// `bind`, `volume`, `tmpfs`, …
    #[serde(rename(deserialize = "Type"), default)]
    pub kind: String,
    /// The host side: a path for a bind mount, the volume's folder for a volume.
    #[serde(rename(deserialize = "Source"), default)]
    pub source: String,
    /// Where the container sees it.
    #[serde(rename(deserialize = "Destination"), default)]
    pub destination: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawContainer {
    #[serde(rename = "Id")]
    id: String,
    #[serde(rename = "Names")]
    names: Vec<String>,
    #[serde(rename = "Image")]
    image: String,
    #[serde(rename = "State")]
    state: String,
    #[serde(rename = "Mounts")]
    mounts: Vec<Mount>,
}

impl RawContainer {
    pub(super) fn into_container(self) -> Container {
        Container {
            id: self.id.chars().take(12).collect(),
            name: self
                .names
                .first()
                .map_or_else(String::new, |n| n.trim_start_matches('/').to_owned()),
            image: self.image,
            state: self.state,
            mounts: self.mounts,
        }
    }
}

/// One kind of Docker's disk usage (images, containers, volumes, build cache).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindUsage {
    /// Bytes in all of them.
    pub total_bytes: u64,
    /// Bytes a prune of this kind would free (those not in use).
    pub reclaimable_bytes: u64,
    /// How many.
    pub count: u64,
    /// How many are in use (images with containers, running containers, volumes mounted,
    /// build cache in use).
    pub active: u64,
}

/// Docker's disk usage by kind (`docker system df`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiskUsage {
    /// Images (their layers, shared ones once).
    pub images: KindUsage,
    /// Containers' writable layers.
    pub containers: KindUsage,
    /// Volumes (local ones whose size the engine knows).
    pub volumes: KindUsage,
    /// Build cache.
    pub build_cache: KindUsage,
}

/// `/system/df` as it came, either shape.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RawDiskUsage {
    // API < 1.52.
    #[serde(rename = "LayersSize")]
    layers_size: Option<i64>,
    #[serde(rename = "Images")]
    images: Option<Vec<LegacyImage>>,
    #[serde(rename = "Containers")]
    containers: Option<Vec<LegacyContainer>>,
    #[serde(rename = "Volumes")]
    volumes: Option<Vec<LegacyVolume>>,
    #[serde(rename = "BuildCache")]
    build_cache: Option<Vec<LegacyBuildCache>>,
    // API ≥ 1.52.
    #[serde(rename = "ImageUsage")]
    image_usage: Option<Summary>,
    #[serde(rename = "ContainerUsage")]
    container_usage: Option<Summary>,
    #[serde(rename = "VolumeUsage")]
    volume_usage: Option<Summary>,
    #[serde(rename = "BuildCacheUsage")]
    build_cache_usage: Option<Summary>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Summary {
    #[serde(rename = "ActiveCount")]
    active_count: i64,
    #[serde(rename = "TotalCount")]
    total_count: i64,
    #[serde(rename = "Reclaimable")]
    reclaimable: i64,
    #[serde(rename = "TotalSize")]
    total_size: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LegacyImage {
    #[serde(rename = "Size")]
    size: i64,
    #[serde(rename = "SharedSize")]
    shared_size: i64,
    #[serde(rename = "Containers")]
    containers: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LegacyContainer {
    #[serde(rename = "SizeRw")]
    size_rw: i64,
    #[serde(rename = "State")]
    state: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LegacyVolume {
    #[serde(rename = "UsageData")]
    usage: Option<VolumeUsageData>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct VolumeUsageData {
    #[serde(rename = "Size")]
    size: i64,
    #[serde(rename = "RefCount")]
    ref_count: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LegacyBuildCache {
    #[serde(rename = "Size")]
    size: i64,
    #[serde(rename = "Shared")]
    shared: bool,
    #[serde(rename = "InUse")]
    in_use: bool,
}

/// A size the engine reports, where -1 means "not computed".
fn bytes(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Summary {
    fn usage(&self) -> KindUsage {
        KindUsage {
            total_bytes: bytes(self.total_size),
            reclaimable_bytes: bytes(self.reclaimable),
            count: bytes(self.total_count),
            active: bytes(self.active_count),
        }
    }
}

impl RawDiskUsage {
    /// The totals, from the summaries where the engine sent them, else from the lists.
    pub(super) fn normalize(&self) -> DiskUsage {
        let images = match &self.image_usage {
            Some(s) => s.usage(),
            None => {
                let list = self.images.as_deref().unwrap_or_default();
                let total = bytes(self.layers_size.unwrap_or(0));
                // What the images in use hold of their own (their shared layers stay anyway).
                let used: u64 = list
                    .iter()
                    .filter(|i| i.containers > 0 && i.size >= 0 && i.shared_size >= 0)
                    .map(|i| bytes(i.size - i.shared_size))
                    .sum();
                KindUsage {
                    total_bytes: total,
                    reclaimable_bytes: total.saturating_sub(used),
                    count: list.len() as u64,
                    active: list.iter().filter(|i| i.containers > 0).count() as u64,
                }
            }
        };
        let containers = match &self.container_usage {
            Some(s) => s.usage(),
            None => {
                let list = self.containers.as_deref().unwrap_or_default();
                let running = |c: &&LegacyContainer| c.state == "running" || c.state == "paused";
                KindUsage {
                    total_bytes: list.iter().map(|c| bytes(c.size_rw)).sum(),
                    reclaimable_bytes: list
                        .iter()
                        .filter(|c| !running(c))
                        .map(|c| bytes(c.size_rw))
                        .sum(),
                    count: list.len() as u64,
                    active: list.iter().filter(running).count() as u64,
                }
            }
        };
        let volumes = match &self.volume_usage {
            Some(s) => s.usage(),
            None => {
                let list = self.volumes.as_deref().unwrap_or_default();
                let data =
                    |v: &LegacyVolume| v.usage.as_ref().map_or((0, 0), |u| (u.size, u.ref_count));
                KindUsage {
                    total_bytes: list.iter().map(|v| bytes(data(v).0)).sum(),
                    reclaimable_bytes: list
                        .iter()
                        .filter(|v| data(v).1 == 0)
                        .map(|v| bytes(data(v).0))
                        .sum(),
                    count: list.len() as u64,
                    active: list.iter().filter(|v| data(v).1 > 0).count() as u64,
                }
            }
        };
        let build_cache = match &self.build_cache_usage {
            Some(s) => s.usage(),
            None => {
                let list = self.build_cache.as_deref().unwrap_or_default();
                KindUsage {
                    total_bytes: list.iter().filter(|b| !b.shared).map(|b| bytes(b.size)).sum(),
                    reclaimable_bytes: list
                        .iter()
                        .filter(|b| !b.shared && !b.in_use)
                        .map(|b| bytes(b.size))
                        .sum(),
                    count: list.len() as u64,
                    active: list.iter().filter(|b| b.in_use).count() as u64,
                }
            }
        };
        DiskUsage { images, containers, volumes, build_cache }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Docker Desktop's `/version`, as a docker-java wire log on WSL 2 recorded it (kernel
    /// 6.6.87.2-microsoft-standard-WSL2), cut to the fields read; and a plain engine's, which
    /// has no `Platform` (Debian's 20.10 here).
    #[test]
    fn the_desktop_release_comes_from_the_platform_name() {
        let desktop = r#"{"Platform":{"Name":"Docker Desktop 4.42.1 (196648)"},
            "Components":[{"Name":"Engine","Version":"28.2.2"}],"Version":"28.2.2","ApiVersion":"1.50",
            "KernelVersion":"6.6.87.2-microsoft-standard-WSL2"}"#;
        let v: Version = serde_json::from_str(desktop).unwrap();
        assert_eq!(v.desktop().map(|d| d.to_string()).as_deref(), Some("4.42.1"));
        let plain = r#"{"Version":"20.10.24+dfsg1","ApiVersion":"1.41","Os":"linux"}"#;
        assert_eq!(serde_json::from_str::<Version>(plain).unwrap().desktop(), None);
    }

    /// A real answer of Docker Engine 20.10.24 (API 1.41): see tests/fixtures/docker/README.md,
    /// which also records what `docker system df` said of the same engine.
    const LEGACY: &str = include_str!("../../tests/fixtures/docker/system-df-api-1.41.json");

    #[test]
    fn the_lists_of_api_before_1_52_are_summed_as_the_cli_does() {
        let raw: RawDiskUsage = serde_json::from_str(LEGACY).unwrap();
        let u = raw.normalize();
        // `docker system df`: Images 1 1 1.982MB 0B; Containers 3 1 2.097MB 2.097MB; Local
        // Volumes 1 1 1.049MB 0B; Build Cache 0 0 0B 0B.
        assert_eq!(
            u.images,
            KindUsage { total_bytes: 1_982_277, reclaimable_bytes: 0, count: 1, active: 1 }
        );
        assert_eq!(
            u.containers,
            KindUsage { total_bytes: 2_097_152, reclaimable_bytes: 2_097_152, count: 3, active: 1 }
        );
        assert_eq!(
            u.volumes,
            KindUsage { total_bytes: 1_048_576, reclaimable_bytes: 0, count: 1, active: 1 }
        );
        assert_eq!(u.build_cache, KindUsage::default());
    }

    /// A real answer of an engine of API 1.54 (`curl .../v1.54/system/df`, pasted in moby issue
    /// 52539; tests/fixtures/docker/README.md): both shapes at once, the lists empty, and the
    /// summaries as Go's `omitempty` leaves them — `ImageUsage` with only `TotalSize`, the other
    /// three `{}`. What is left out is zero; the summaries are taken over the lists.
    #[test]
    fn a_real_answer_of_api_1_54_leaves_zeros_out() {
        let raw: RawDiskUsage = serde_json::from_str(include_str!(
            "../../tests/fixtures/docker/system-df-api-1.54-moby-52539.json"
        ))
        .unwrap();
        assert!(raw.image_usage.is_some() && raw.build_cache_usage.is_some());
        let u = raw.normalize();
        // `docker system df` said 265.5GB of images (265548836864 B), none listed.
        assert_eq!(
            u.images,
            KindUsage { total_bytes: 265_548_836_864, reclaimable_bytes: 0, count: 0, active: 0 }
        );
        assert_eq!(u.containers, KindUsage::default());
        assert_eq!(u.volumes, KindUsage::default());
        assert_eq!(u.build_cache, KindUsage::default());
    }

    /// The summaries of API 1.52 and later, shaped as moby's `api/types/system/disk_usage.go`
    /// defines them (`ImageUsage`, `ContainerUsage`, `VolumeUsage`, `BuildCacheUsage`, each with
    /// `ActiveCount`, `TotalCount`, `Reclaimable`, `TotalSize`). Constructed: the one real answer
    /// of API ≥ 1.52 found (above) has every count and `Reclaimable` at zero, so the four fields'
    /// names and their mapping are checked here with values that differ.
    #[test]
    fn the_summaries_of_api_1_52_are_taken_as_they_are() {
        let json = r#"{"ImageUsage":{"ActiveCount":3,"TotalCount":10,"Reclaimable":5000,"TotalSize":9000},
            "ContainerUsage":{"ActiveCount":1,"TotalCount":4,"Reclaimable":70,"TotalSize":100},
            "VolumeUsage":{"ActiveCount":2,"TotalCount":2,"Reclaimable":0,"TotalSize":2048},
            "BuildCacheUsage":{"ActiveCount":0,"TotalCount":7,"Reclaimable":123,"TotalSize":123}}"#;
        let u = serde_json::from_str::<RawDiskUsage>(json).unwrap().normalize();
        assert_eq!(
            u.images,
            KindUsage { total_bytes: 9000, reclaimable_bytes: 5000, count: 10, active: 3 }
        );
        assert_eq!(u.build_cache.reclaimable_bytes, 123);
        assert_eq!(u.volumes.active, 2);
    }
}
