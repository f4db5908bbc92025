//! Giving space back (reference/vhdx-writing.md): [`plan`] decides, block by block, what a
//! compacted file keeps — every payload block holding a byte ext4 uses, everything outside the
//! filesystem, and nothing else — and refuses what it cannot do safely; [`copy`] writes a new,
//! compacted file from the plan, never opening the source for writing, and verifies it.

mod copy;
#[cfg(test)]
mod crash_tests;
mod format;
pub mod in_place;
pub mod io;
mod journal;
pub mod swap;
pub mod texts;
pub mod verify;

use serde::Serialize;

use super::blockset::BlockSet;
use super::ext4::{self, Filesystem};
use super::source::ReadAt;
use super::{Image, MIB, VhdxError, View, bat::state, partition};

pub use copy::{Copied, CopyError, copy};

/// What compacting a disk would do, decided from its structures alone (no payload is read).
#[derive(Debug, Clone)]
pub struct Plan {
    /// Payload block size.
    pub block_size: u64,
    /// Payload blocks of the virtual disk.
    pub data_blocks: u64,
    /// FULLY_PRESENT payload blocks in the file now.
    pub present: u64,
    /// The present blocks whose content must be kept. The others hold nothing ext4 uses.
    pub keep: BlockSet,
    /// The file's length now.
    pub file_length: u64,
    /// Bytes of payload blocks in the file now.
    pub allocated_bytes: u64,
    /// Where the file's own structures end in a compacted file (header section, log, BAT,
    /// metadata and any other region, packed in the source's order).
    pub structures_bytes: u64,
    /// The ext4 filesystem whose bitmaps decided, if one was found.
    pub filesystem: Option<Filesystem>,
    /// A fixed disk: every block stays allocated by definition, nothing to give back.
    pub fixed: bool,
    /// What a user should know about how the plan was made.
    pub notes: Vec<String>,
}

/// The plan's figures for people and `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// The file's length.
    pub file_length: u64,
    /// Bytes of payload blocks in the file.
    pub allocated_bytes: u64,
}

impl Plan {
    /// Present blocks that hold nothing ext4 uses.
    pub fn blocks_to_drop(&self) -> u64 {
        self.present - self.keep.count()
    }

    /// The file after compaction, before any block found to hold only zeros is dropped too.
    pub fn after_at_most(&self) -> Figures {
        let kept = self.keep.count() * self.block_size;
        Figures { file_length: self.structures_bytes + kept, allocated_bytes: kept }
    }

    /// What compaction gives back at least: the file's length now minus the compacted one.
    pub fn reclaim_at_least(&self) -> u64 {
        self.file_length.saturating_sub(self.after_at_most().file_length)
    }
}

/// The command that gives a disk's space back, for the hints of `inspect`, `doctor` and the
/// report: in place where wsltune can hold the file (natively on Windows, a local Linux file
/// system), else a verified copy — a Linux build cannot swap files on a Windows drive safely,
/// so `compact` then prints the two renames to run in PowerShell.
pub fn command_for(path: &std::path::Path, on_windows_drive_from_linux: bool) -> String {
    let shown = path.display();
    if on_windows_drive_from_linux {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = name.strip_suffix(".vhdx").unwrap_or(&name).to_owned();
        let new = path.with_file_name(format!("{stem}.compact.vhdx"));
        format!("wsltune compact \"{shown}\" --to \"{}\"", new.display())
    } else {
        format!("wsltune compact \"{shown}\" --in-place")
    }
}

/// Decides what a compacted `image` keeps, or refuses with a reason that says what to do.
pub fn plan(image: &Image<'_>) -> Result<Plan, VhdxError> {
    let refuse = |why: String| Err(VhdxError::Refused(why));
    if image.meta.has_parent {
        return refuse(texts::DIFFERENCING.get().to_owned());
    }
    if image.dirty && matches!(image.view, View::Plain(_)) {
        return refuse(texts::LOG_NOT_REPLAYABLE.get().to_owned());
    }
    let a = image.bat.anomalies;
    for (n, text) in [
        (a.duplicates, texts::DUPLICATES),
        (a.reserved_bits, texts::RESERVED_BITS),
        (a.legacy_unmapped, texts::LEGACY_UNMAPPED),
        (a.stray_bitmaps, texts::STRAY_BITMAPS),
    ] {
        if n > 0 {
            return refuse(text.fill(&[("n", &n)]));
        }
    }
    let log = (image.header.log_offset, u64::from(image.header.log_length).max(MIB));
    let mut structures_bytes = MIB + log.1;
    for (_, region, _) in &image.regions.all {
        if !region.offset.is_multiple_of(MIB)
            || !region.length.is_multiple_of(MIB)
            || region.end() > image.view.len()
        {
            return refuse(
                texts::REGION_NOT_WHOLE
                    .fill(&[("len", &region.length), ("offset", &region.offset)]),
            );
        }
        structures_bytes += region.length;
    }
    let bat = &image.bat;
    let geometry = bat.geometry;
    let mut candidates = BlockSet::new(geometry.data_blocks);
    for (block, st, _) in bat.present() {
        if st == state::FULLY_PRESENT {
            candidates.insert(block);
        }
    }
    let present = candidates.count();
    let mut notes = Vec::new();
    let mut used = BlockSet::new(geometry.data_blocks);
    let disk = image.disk();
    let offset = match partition::find(&disk, u64::from(image.meta.logical_sector_size))? {
        partition::Layout::WholeDisk => Some(0),
        partition::Layout::Partition { offset, .. } => Some(offset),
        partition::Layout::NoLinuxPartition(scheme) => {
            notes.push(texts::NO_EXT4_PARTITION.fill(&[("scheme", &scheme)]));
            None
        }
        partition::Layout::Unknown => {
            notes.push(texts::NO_EXT4.get().to_owned());
            None
        }
    };
    let mut filesystem = None;
    match offset {
        Some(offset) => {
            let ext = ext4::read(&disk, offset, &mut notes).map_err(|e| match e {
                VhdxError::Corrupt(why) => {
                    VhdxError::Refused(texts::EXT4_UNREADABLE.fill(&[("why", &why)]))
                }
                other => other,
            })?;
            ext4::usage::mark_used(&ext, &disk, geometry.block_size, &candidates, &mut used)?;
            filesystem = Some(ext.fs);
        }
        None => used = candidates.clone(),
    }
    let mut keep = BlockSet::new(geometry.data_blocks);
    for b in candidates.iter().filter(|b| used.contains(*b)) {
        keep.insert(b);
    }
    Ok(Plan {
        block_size: geometry.block_size,
        data_blocks: geometry.data_blocks,
        present,
        keep,
        file_length: image.view.len(),
        allocated_bytes: bat.allocated_bytes,
        structures_bytes,
        filesystem,
        fixed: image.meta.leave_block_allocated,
        notes,
    })
}
