//! Disks at each tick: file length and size on disk (cheap, every tick), plus the figures of the
//! last deep inspection (allocated, ext4 used, reclaimable), which the scheduler refreshes on a
//! thread of its own every `--inspect-every`.

use std::path::PathBuf;

use super::DiskSample;
use crate::fsinfo::size_on_disk;
use crate::locate::Role;

/// A disk to watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskTarget {
    /// The file.
    pub path: PathBuf,
    /// Its role.
    pub role: Role,
}

/// The figures of one deep inspection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deep {
    /// Allocated payload bytes.
    pub allocated_bytes: Option<u64>,
    /// What ext4 uses.
    pub fs_used_bytes: Option<u64>,
    /// What compaction would give back.
    pub reclaimable_bytes: Option<u64>,
}

/// Inspects each disk (blocking: the scheduler runs it on a thread of its own). A disk that is gone, locked or
/// damaged gives empty figures; the error is returned beside them for one warning.
pub fn inspect_all(targets: &[DiskTarget]) -> Vec<(Deep, Option<String>)> {
    targets
        .iter()
        .map(|t| match crate::vhdx::inspect_path(&t.path) {
            Ok(i) => (
                Deep {
                    allocated_bytes: i.allocated_bytes,
                    fs_used_bytes: i.filesystem.as_ref().map(|f| f.used_bytes),
                    reclaimable_bytes: i.reclaimable_bytes,
                },
                None,
            ),
            Err(e) => (Deep::default(), Some(e.to_string())),
        })
        .collect()
}

/// The per-tick part: each target's sizes, with the last deep figures.
pub fn stat_all(targets: &[DiskTarget], deep: &[Deep]) -> Vec<DiskSample> {
    targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let meta = std::fs::metadata(&t.path).ok().filter(std::fs::Metadata::is_file);
            // A disk that is gone has no figures: not the last inspection's, stale beside a gap.
            let d = if meta.is_some() {
                deep.get(i).copied().unwrap_or_default()
            } else {
                Deep::default()
            };
            DiskSample {
                path: t.path.to_string_lossy().into_owned(),
                role: t.role,
                file_length: meta.as_ref().map(std::fs::Metadata::len),
                size_on_disk: meta.as_ref().and_then(|m| size_on_disk(&t.path, m)),
                allocated_bytes: d.allocated_bytes,
                fs_used_bytes: d.fs_used_bytes,
                reclaimable_bytes: d.reclaimable_bytes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disk_that_disappears_gives_gaps() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.vhdx");
        std::fs::write(&path, vec![1u8; 5000]).unwrap();
        let targets = [DiskTarget { path: path.clone(), role: Role::Other }];
        let deep =
            [Deep { allocated_bytes: Some(1), fs_used_bytes: None, reclaimable_bytes: None }];
        assert_eq!(stat_all(&targets, &deep)[0].file_length, Some(5000));
        std::fs::remove_file(&path).unwrap();
        let gone = &stat_all(&targets, &deep)[0];
        assert_eq!((gone.file_length, gone.size_on_disk), (None, None));
        let (figures, error) = &inspect_all(&targets)[0];
        assert_eq!(*figures, Deep::default());
        assert!(error.as_ref().unwrap().contains("d.vhdx"));
    }
}
