//! What the store keeps in change rows rather than with every sample, because it changes rarely:
//! the VM's [`Shape`] (memory, swap and processors) per session, and each disk's
//! [`DiskFigures`]. Both are written only when they differ from the last row and carried forward
//! when read.

use super::codec::{maybe_bytes_from_db as bytes, maybe_bytes_to_db as db};
use crate::locate::Role;
use crate::sample::{DiskSample, Sample};

/// The VM's size: what `.wslconfig` limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// `MemTotal`.
    pub mem_total_bytes: Option<u64>,
    /// `SwapTotal`.
    pub swap_total_bytes: Option<u64>,
    /// Logical processors.
    pub cpus: Option<u32>,
}

impl Shape {
    /// The shape a sample shows.
    pub fn of(s: &Sample) -> Self {
        Shape {
            mem_total_bytes: s.mem_total_bytes,
            swap_total_bytes: s.swap_total_bytes,
            cpus: s.cpu_count,
        }
    }

    /// Reads `mem_total, swap_total, cpus` from three columns starting at `first`.
    pub fn from_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Self> {
        Ok(Shape {
            mem_total_bytes: bytes(r.get(first)?),
            swap_total_bytes: bytes(r.get(first + 1)?),
            cpus: r.get::<_, Option<i64>>(first + 2)?.and_then(|c| u32::try_from(c).ok()),
        })
    }

    /// The three columns, as stored.
    pub fn to_db(self) -> (Option<i64>, Option<i64>, Option<u32>) {
        (db(self.mem_total_bytes), db(self.swap_total_bytes), self.cpus)
    }
}

/// A disk's figures at a change row (`None` where unknown, or when the disk was gone).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiskFigures {
    /// File length.
    pub file_length: Option<u64>,
    /// Bytes the file occupies on its drive.
    pub size_on_disk: Option<u64>,
    /// Allocated payload bytes (deep inspection).
    pub allocated_bytes: Option<u64>,
    /// What ext4 uses (deep inspection).
    pub fs_used_bytes: Option<u64>,
    /// What compaction would give back (deep inspection).
    pub reclaimable_bytes: Option<u64>,
}

impl DiskFigures {
    /// The figures a sample of the disk shows.
    pub fn of(d: &DiskSample) -> Self {
        DiskFigures {
            file_length: d.file_length,
            size_on_disk: d.size_on_disk,
            allocated_bytes: d.allocated_bytes,
            fs_used_bytes: d.fs_used_bytes,
            reclaimable_bytes: d.reclaimable_bytes,
        }
    }

    /// Reads `file_length, size_on_disk, allocated, fs_used, reclaimable` from five columns
    /// starting at `first`.
    pub fn from_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Self> {
        Ok(DiskFigures {
            file_length: bytes(r.get(first)?),
            size_on_disk: bytes(r.get(first + 1)?),
            allocated_bytes: bytes(r.get(first + 2)?),
            fs_used_bytes: bytes(r.get(first + 3)?),
            reclaimable_bytes: bytes(r.get(first + 4)?),
        })
    }

    /// The five columns, as stored, in the order of [`DiskFigures::from_row`].
    pub fn to_db(self) -> [Option<i64>; 5] {
        [
            db(self.file_length),
            db(self.size_on_disk),
            db(self.allocated_bytes),
            db(self.fs_used_bytes),
            db(self.reclaimable_bytes),
        ]
    }

    /// A sample of the disk with these figures.
    pub fn sample(self, path: String, role: Role) -> DiskSample {
        DiskSample {
            path,
            role,
            file_length: self.file_length,
            size_on_disk: self.size_on_disk,
            allocated_bytes: self.allocated_bytes,
            fs_used_bytes: self.fs_used_bytes,
            reclaimable_bytes: self.reclaimable_bytes,
        }
    }
}

/// A disk at a change row: there or gone, and its figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiskState {
    /// Whether the disk was there.
    pub present: bool,
    /// Its figures (all `None` when gone).
    pub figures: DiskFigures,
}
