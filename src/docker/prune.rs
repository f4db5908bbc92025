//! What pruning would free inside Docker's data disk: for each kind the engine can reclaim
//! (`/system/df`'s reclaimable bytes), the command that frees it. wsltune suggests these and never
//! runs them: what they delete is the user's to judge.

use serde::Serialize;

use super::DiskUsage;

/// One prune command and what the engine says it would free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prune {
    /// `containers`, `images`, `volumes` or `build-cache`.
    pub kind: &'static str,
    /// The Docker CLI command that frees it.
    pub command: &'static str,
    /// What the engine counts as reclaimable for this kind.
    pub reclaimable_bytes: u64,
}

/// The kinds in the order they are best pruned (stopped containers first: they keep images and
/// volumes in use), each with the command whose scope matches what `/system/df` counts as
/// reclaimable:
/// - containers: every stopped one, as `docker container prune` removes;
/// - images: every image no container uses, which needs `-a` (without it only dangling ones);
/// - volumes: every volume no container uses, named ones too, which needs `-a` since Engine 23
///   (API 1.42; without it only anonymous volumes go, docs.docker.com `volume_prune`);
/// - build cache: every record not in use, which needs `-a` (without it only dangling ones).
const KINDS: [(&str, &str); 4] = [
    ("containers", "docker container prune"),
    ("images", "docker image prune -a"),
    ("volumes", "docker volume prune -a"),
    ("build-cache", "docker builder prune -a"),
];

/// The prune commands worth running: the kinds with something to reclaim, in [`KINDS`]' order.
pub fn suggestions(usage: &DiskUsage) -> Vec<Prune> {
    let bytes = [
        usage.containers.reclaimable_bytes,
        usage.images.reclaimable_bytes,
        usage.volumes.reclaimable_bytes,
        usage.build_cache.reclaimable_bytes,
    ];
    KINDS
        .iter()
        .zip(bytes)
        .filter(|(_, b)| *b > 0)
        .map(|(&(kind, command), reclaimable_bytes)| Prune { kind, command, reclaimable_bytes })
        .collect()
}

/// What pruning would free, from the engine `docker_host` names (or the default places).
pub fn ask(docker_host: Option<&str>) -> Result<Vec<Prune>, super::DockerError> {
    let (engine, _) = super::find(docker_host)?;
    Ok(suggestions(&engine.disk_usage()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::KindUsage;

    fn kind(reclaimable_bytes: u64) -> KindUsage {
        KindUsage { total_bytes: reclaimable_bytes * 2, reclaimable_bytes, count: 1, active: 0 }
    }

    #[test]
    fn only_kinds_with_something_to_reclaim_each_with_its_own_bytes() {
        let usage = DiskUsage {
            images: kind(5000),
            containers: kind(0),
            volumes: kind(70),
            build_cache: kind(123),
        };
        let got = suggestions(&usage);
        let kinds: Vec<_> = got.iter().map(|p| (p.kind, p.reclaimable_bytes)).collect();
        assert_eq!(kinds, [("images", 5000), ("volumes", 70), ("build-cache", 123)]);
        assert_eq!(got[1].command, "docker volume prune -a");
        assert!(suggestions(&DiskUsage::default()).is_empty());
    }
}
