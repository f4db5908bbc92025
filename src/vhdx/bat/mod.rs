//! The block allocation table (reference/vhdx.md §6): geometry with the chunk ratio and the
//! interleaved sector-bitmap entries, payload block states, and the allocated bytes. [`read`]
//! streams the table through a [`Tally`](tally::Tally), which checks every entry against the
//! file's layout and counts runs of equal empty entries at once (its model test is in `tests`).

mod tally;
#[cfg(test)]
mod tests;

use serde::Serialize;

use super::VhdxError;
use super::metadata::Metadata;
use super::region::Region;
use super::source::ReadAt;
use tally::Tally;

/// Payload block states (§6.2).
pub mod state {
    /// No data in this file; zeros (or the parent's data).
    pub const NOT_PRESENT: u8 = 0;
    /// Undefined contents; reads as zeros.
    pub const UNDEFINED: u8 = 1;
    /// Zeros.
    pub const ZERO: u8 = 2;
    /// Trimmed by the guest.
    pub const UNMAPPED: u8 = 3;
    /// UNMAPPED in draft spec 0.95 (old qemu).
    pub const UNMAPPED_V095: u8 = 5;
    /// Data in this file.
    pub const FULLY_PRESENT: u8 = 6;
    /// Differencing disks: some sectors here, some in the parent.
    pub const PARTIALLY_PRESENT: u8 = 7;
}

/// One BAT entry (§6.2): the block's state in bits 0–2, reserved bits 3–19, and the block's file
/// offset (a whole MiB) in bits 20–63.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Entry(u64);

impl Entry {
    /// The block's state (see [`state`]).
    pub fn state(self) -> u8 {
        (self.0 & 7) as u8
    }

    /// Where the block is in the file (0 when it has no data).
    pub fn offset(self) -> u64 {
        self.0 & 0xFFFF_FFFF_FFF0_0000
    }

    /// Whether bits the spec reserves are set.
    fn has_reserved_bits(self) -> bool {
        self.0 & 0x000F_FFF8 != 0
    }

    /// A state without data (0–3) and nothing else set: no offset to check and no reserved
    /// bits. Most entries of any BAT are plain.
    fn is_plain(self) -> bool {
        self.0 <= u64::from(state::UNMAPPED)
    }

    /// Whether the block's data is (at least partly) in this file.
    fn has_data(self) -> bool {
        matches!(self.state(), state::FULLY_PRESENT | state::PARTIALLY_PRESENT)
    }
}

/// Counts of payload blocks by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BlockCounts {
    /// Payload blocks of the virtual disk.
    pub total: u64,
    /// State 0.
    pub not_present: u64,
    /// State 1.
    pub undefined: u64,
    /// State 2.
    pub zero: u64,
    /// States 3 and 5.
    pub unmapped: u64,
    /// State 6.
    pub fully_present: u64,
    /// State 7.
    pub partially_present: u64,
}

/// The BAT's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Payload block size.
    pub block_size: u64,
    /// Payload blocks per sector-bitmap block.
    pub chunk_ratio: u64,
    /// Payload blocks covering the virtual size.
    pub data_blocks: u64,
    /// Entries in the BAT.
    pub entries: u64,
}

impl Geometry {
    /// Computes the geometry (qemu `vhdx_calc_bat_entries`).
    pub fn new(meta: &Metadata) -> Self {
        let block_size = u64::from(meta.block_size);
        let chunk_ratio = ((1u64 << 23) * u64::from(meta.logical_sector_size)) / block_size;
        let data_blocks = meta.virtual_size.div_ceil(block_size);
        let entries = if meta.has_parent {
            data_blocks.div_ceil(chunk_ratio) * (chunk_ratio + 1)
        } else {
            data_blocks + data_blocks.saturating_sub(1) / chunk_ratio
        };
        Geometry { block_size, chunk_ratio, data_blocks, entries }
    }

    /// The BAT index of payload block `block` (skipping the interleaved bitmap entries).
    pub fn payload_index(&self, block: u64) -> u64 {
        block + block / self.chunk_ratio
    }
}

/// The BAT, read and checked.
#[derive(Debug, Clone)]
pub struct Bat {
    /// The shape.
    pub geometry: Geometry,
    /// The entries of present payload blocks (fully or partially), as (BAT index, raw entry),
    /// in index order. A 1 TiB disk has a million entries (8 MiB), most of them not present:
    /// memory follows the data stored, not the virtual size. The other states are in `counts`.
    pub entries: Vec<(u64, Entry)>,
    /// Counts by state.
    pub counts: BlockCounts,
    /// Bytes of allocated payload blocks, each file block counted once.
    pub allocated_bytes: u64,
    /// Allocated sector-bitmap blocks (differencing disks).
    pub bitmap_blocks: u64,
    /// What a reader tolerates (with a warning) and a writer refuses.
    pub anomalies: Anomalies,
}

/// Entries a reader can live with but a writer must not carry over (reference/vhdx-writing.md
/// §1.6–1.7): each is a count of BAT entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Anomalies {
    /// Entries pointing at a file block another entry uses.
    pub duplicates: u64,
    /// Entries with reserved bits set.
    pub reserved_bits: u64,
    /// Sector-bitmap entries marked present in a disk without a parent.
    pub stray_bitmaps: u64,
    /// Payload entries in state 5 (UNMAPPED in draft 0.95).
    pub legacy_unmapped: u64,
}

impl Bat {
    /// The present payload blocks as (block, state, file offset), in block order (the sector
    /// bitmap entries between them left out).
    pub fn present(&self) -> impl Iterator<Item = (u64, u8, u64)> + '_ {
        let per_chunk = self.geometry.chunk_ratio + 1;
        self.entries.iter().filter_map(move |(index, entry)| {
            let (chunk, at) = (index / per_chunk, index % per_chunk);
            let block = chunk * self.geometry.chunk_ratio + at;
            (at != self.geometry.chunk_ratio && block < self.geometry.data_blocks).then_some((
                block,
                entry.state(),
                entry.offset(),
            ))
        })
    }

    /// The state and file offset of payload block `block`; a block that is not present (in
    /// any of the states without data) comes back as `NOT_PRESENT` at offset 0.
    pub fn payload(&self, block: u64) -> (u8, u64) {
        let index = self.geometry.payload_index(block);
        let entry = self
            .entries
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .and_then(|at| self.entries.get(at))
            .map_or(Entry::default(), |(_, e)| *e);
        (entry.state(), entry.offset())
    }
}

/// Reads the BAT and checks every entry against the file's layout: the `reserved` regions (log,
/// BAT, metadata) and the file's end. Unusual but harmless entries become `warnings`.
pub fn read(
    src: &dyn ReadAt,
    meta: &Metadata,
    bat_region: Region,
    reserved: &[(Region, &str)],
    warnings: &mut Vec<String>,
) -> Result<Bat, VhdxError> {
    let geometry = Geometry::new(meta);
    let bytes =
        geometry.entries.checked_mul(8).filter(|b| *b <= bat_region.length).ok_or_else(|| {
            VhdxError::Corrupt(crate::vhdx::texts::B_TOO_SMALL.fill(&[
                ("len", &bat_region.length),
                ("entries", &geometry.entries),
                ("size", &meta.virtual_size),
                ("block", &meta.block_size),
            ]))
        })?;
    // Bounded: the region was checked to lie inside the file. Streamed through a 64 KiB buffer
    // (under malloc's mmap threshold, so it is not unmapped after, a TLB shootdown); only the
    // entries with data are kept.
    const STEP: u64 = 64 * 1024;
    src.will_need(bat_region.offset, bytes);
    let mut buf = vec![0u8; STEP as usize];
    let mut tally = Tally::new(geometry, meta, src.len(), reserved);
    let mut done = 0u64;
    while done < bytes {
        let n = (bytes - done).min(STEP);
        let step = buf.get_mut(..n as usize).ok_or_else(|| VhdxError::Corrupt("BAT".to_owned()))?;
        src.read_exact_at(step, bat_region.offset + done, "BAT")?;
        done += n;
        tally.step(step)?;
    }
    if let Some(truncated) = tally.truncated() {
        return Err(truncated);
    }
    Ok(tally.finish(warnings))
}
