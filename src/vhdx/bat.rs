//! The block allocation table (reference/vhdx.md §6): geometry with the chunk ratio and the
//! interleaved sector-bitmap entries, payload block states, and the allocated bytes.

use serde::Serialize;

use super::metadata::Metadata;
use super::region::Region;
use super::source::ReadAt;
use super::{MIB, VhdxError};

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
    pub entries: Vec<(u64, u64)>,
    /// Counts by state.
    pub counts: BlockCounts,
    /// Bytes of allocated payload blocks, each file block counted once.
    pub allocated_bytes: u64,
    /// Allocated sector-bitmap blocks (differencing disks).
    pub bitmap_blocks: u64,
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
                (entry & 7) as u8,
                entry & 0xFFFF_FFFF_FFF0_0000,
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
            .map_or(0, |(_, e)| *e);
        ((entry & 7) as u8, entry & 0xFFFF_FFFF_FFF0_0000)
    }
}

/// Reads the BAT and checks every entry against the file's layout.
pub fn read(
    src: &dyn ReadAt,
    meta: &Metadata,
    bat_region: Region,
    reserved: &[(Region, &str)],
    warnings: &mut Vec<String>,
) -> Result<Bat, VhdxError> {
    let geometry = Geometry::new(meta);
    let bytes = geometry.entries.checked_mul(8).filter(|b| *b <= bat_region.length).ok_or_else(|| {
        VhdxError::Corrupt(format!(
            "the BAT region ({} bytes) is too small for the {} entries a {}-byte disk with {}-byte blocks needs",
            bat_region.length, geometry.entries, meta.virtual_size, meta.block_size
        ))
    })?;
    // Bounded: the region was checked to lie inside the file. Streamed through a 64 KiB buffer
    // (under malloc's mmap threshold, so it is not unmapped after, a TLB shootdown); only the
    // entries that are not zero are kept.
    const STEP: u64 = 64 * 1024;
    src.will_need(bat_region.offset, bytes);
    let mut buf = vec![0u8; STEP as usize];
    let mut done = 0u64;
    let mut entries: Vec<(u64, u64)> = Vec::new();
    let file_len = src.len();
    let mut counts = BlockCounts { total: geometry.data_blocks, ..BlockCounts::default() };
    // Present blocks start at MiB boundaries inside the file: one bit per MiB of file finds the
    // entries that share a block (cheaper than a hash set on a 1 TiB disk's million entries).
    let mut seen = vec![0u64; usize::try_from((file_len >> 20) / 64 + 1).unwrap_or(1)];
    let (mut allocated_bytes, mut bitmap_blocks, mut reserved_bits, mut duplicates) =
        (0u64, 0u64, 0u64, 0u64);
    let mut stray_bitmaps = 0u64;
    // Payload entries in states 0–3 without offset or reserved bits, by state.
    let mut plain = [0u64; 4];
    let mut block = 0u64;
    // Position inside the current chunk: after chunk_ratio payload entries comes a bitmap entry.
    let mut in_chunk = 0u64;
    let mut index = 0u64;
    while done < bytes {
        let n = (bytes - done).min(STEP);
        let chunk =
            buf.get_mut(..n as usize).ok_or_else(|| VhdxError::Corrupt("BAT".to_owned()))?;
        src.read_exact_at(chunk, bat_region.offset + done, "BAT")?;
        done += n;
        let mut rest = &*chunk;
        while !rest.is_empty() {
            // The bulk of any BAT: runs of payload entries without data in one state (NOT_PRESENT
            // where nothing was ever written, 8 MiB of a sparse 1 TiB disk; ZERO in every entry
            // qemu-img writes) with no offset and no reserved bits. A run ends at the next
            // sector-bitmap entry, the last payload block, the end of the step or after
            // RUN entries (so that a present block sends only its run through the per-entry
            // path, not its whole chunk); one whose entries all equal the first (the run equals
            // itself shifted by one entry: one memcmp) is tallied at once. Other runs go entry
            // by entry.
            const RUN: u64 = 64;
            let run = (rest.len() as u64 / 8)
                .min(RUN)
                .min(geometry.chunk_ratio.saturating_sub(in_chunk))
                .min(geometry.data_blocks.saturating_sub(block));
            let (run_bytes, after) = rest.split_at((run * 8) as usize);
            let first = super::bytes::u64_at(run_bytes, 0);
            if run > 0
                && first <= u64::from(state::UNMAPPED)
                && run_bytes.get(8..) == run_bytes.get(..run_bytes.len() - 8)
            {
                if let Some(count) = plain.get_mut(first as usize) {
                    *count += run;
                }
                in_chunk += run;
                block += run;
                index += run;
                rest = after;
                continue;
            }
            // Entry by entry: the whole run (plain entries still tallied quickly), or one entry
            // that is a sector bitmap or padding.
            let (these, after) = rest.split_at(((run.max(1) * 8) as usize).min(rest.len()));
            rest = after;
            for raw in these.chunks_exact(8) {
                let entry = super::bytes::u64_at(raw, 0);
                // A payload block without data (states 0–3) with no offset and no reserved bits is
                // tallied without the checks below, which it cannot fail.
                if entry <= u64::from(state::UNMAPPED)
                    && in_chunk != geometry.chunk_ratio
                    && block < geometry.data_blocks
                {
                    if let Some(count) = plain.get_mut(entry as usize) {
                        *count += 1;
                    }
                    in_chunk += 1;
                    block += 1;
                    index += 1;
                    continue;
                }
                let this = index;
                index += 1;
                if matches!((entry & 7) as u8, state::FULLY_PRESENT | state::PARTIALLY_PRESENT) {
                    entries.push((this, entry));
                }
                let index = this;
                let st = (entry & 7) as u8;
                let offset = entry & 0xFFFF_FFFF_FFF0_0000;
                if entry & 0x000F_FFF8 != 0 {
                    reserved_bits += 1;
                }
                let is_bitmap = in_chunk == geometry.chunk_ratio;
                in_chunk = if is_bitmap { 0 } else { in_chunk + 1 };
                if is_bitmap {
                    match st {
                        0 => {}
                        6 if meta.has_parent => {
                            check_offset(offset, MIB, file_len, reserved, index, "sector bitmap")?;
                            bitmap_blocks += 1;
                        }
                        6 => stray_bitmaps += 1,
                        other => {
                            return Err(VhdxError::Corrupt(format!(
                                "BAT entry {index} (a sector bitmap) has the invalid state {other}"
                            )));
                        }
                    }
                    continue;
                }
                if block >= geometry.data_blocks {
                    // Padding entries of a differencing disk's last chunk.
                    continue;
                }
                let in_disk =
                    (meta.virtual_size - block * geometry.block_size).min(geometry.block_size);
                match st {
                    state::NOT_PRESENT => counts.not_present += 1,
                    state::UNDEFINED => counts.undefined += 1,
                    state::ZERO => counts.zero += 1,
                    state::UNMAPPED | state::UNMAPPED_V095 => counts.unmapped += 1,
                    state::FULLY_PRESENT | state::PARTIALLY_PRESENT => {
                        if st == state::PARTIALLY_PRESENT && !meta.has_parent {
                            return Err(VhdxError::Corrupt(format!(
                                "BAT entry {index} is PARTIALLY_PRESENT in a disk without a parent"
                            )));
                        }
                        check_offset(offset, in_disk, file_len, reserved, index, "payload block")?;
                        if st == state::FULLY_PRESENT {
                            counts.fully_present += 1;
                        } else {
                            counts.partially_present += 1;
                        }
                        let occupied = geometry.block_size.min(file_len - offset);
                        let slot = offset >> 20;
                        let word = seen.get_mut(usize::try_from(slot / 64).unwrap_or(usize::MAX));
                        match word {
                            Some(w) if *w & (1 << (slot % 64)) == 0 => {
                                *w |= 1 << (slot % 64);
                                allocated_bytes += occupied;
                            }
                            _ => duplicates += 1,
                        }
                    }
                    other => {
                        return Err(VhdxError::Corrupt(format!(
                            "BAT entry {index} has the invalid state {other}"
                        )));
                    }
                }
                block += 1;
            }
        }
    }
    let [not_present, undefined, zero, unmapped] = plain;
    counts.not_present += not_present;
    counts.undefined += undefined;
    counts.zero += zero;
    counts.unmapped += unmapped;
    if stray_bitmaps > 0 {
        warnings.push(format!(
            "{stray_bitmaps} sector-bitmap entries are marked present in a disk without a parent"
        ));
    }
    if reserved_bits > 0 {
        warnings.push(format!("{reserved_bits} BAT entries have reserved bits set"));
    }
    if duplicates > 0 {
        warnings.push(format!(
            "{duplicates} BAT entries point at a block another entry uses; each counted once"
        ));
    }
    Ok(Bat { geometry, entries, counts, allocated_bytes, bitmap_blocks })
}

/// Checks that a present block lies past the header section, inside the file, and clear of the
/// log, BAT and metadata regions.
fn check_offset(
    offset: u64,
    len: u64,
    file_len: u64,
    reserved: &[(Region, &str)],
    index: u64,
    what: &str,
) -> Result<(), VhdxError> {
    if offset < MIB {
        return Err(VhdxError::Corrupt(format!(
            "BAT entry {index}: the {what} at offset {offset} lies in the header section"
        )));
    }
    let end = offset.checked_add(len).filter(|e| *e <= file_len).ok_or_else(|| {
        VhdxError::Corrupt(format!(
            "BAT entry {index}: the {what} at offset {offset} ends past the end of the file ({file_len} bytes)"
        ))
    })?;
    let block = Region { offset, length: end - offset };
    if let Some((_, name)) = reserved.iter().find(|(r, _)| r.overlaps(&block)) {
        return Err(VhdxError::Corrupt(format!(
            "BAT entry {index}: the {what} at offset {offset} overlaps the {name}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The present blocks the iterator gives are the ones `payload` finds, with the sector
    /// bitmap entries between chunks left out.
    #[test]
    fn present_blocks_skip_bitmap_entries() {
        const MB: u64 = 1 << 20;
        let geometry = Geometry { block_size: MB, chunk_ratio: 4, data_blocks: 10, entries: 12 };
        // Blocks 0, 3, 4 (index 5, after the bitmap at index 4) and 9 (index 11); a bitmap at 9.
        let entries = vec![
            (0, 6 | (8 * MB)),
            (3, 7 | (9 * MB)),
            (4, 6 | (2 * MB)),
            (5, 6 | (10 * MB)),
            (9, 6 | (3 * MB)),
            (11, 6 | (11 * MB)),
        ];
        let bat = Bat {
            geometry,
            entries,
            counts: BlockCounts::default(),
            allocated_bytes: 0,
            bitmap_blocks: 0,
        };
        let present: Vec<(u64, u8, u64)> = bat.present().collect();
        assert_eq!(present, [(0, 6, 8 * MB), (3, 7, 9 * MB), (4, 6, 10 * MB), (9, 6, 11 * MB)]);
        for (block, st, off) in present {
            assert_eq!(bat.payload(block), (st, off));
        }
        assert_eq!(bat.payload(1), (0, 0));
    }

    /// A BAT in memory at 1 MiB, in a file `len` bytes long.
    struct Sparse {
        bat: Vec<u8>,
        len: u64,
    }

    impl ReadAt for Sparse {
        fn len(&self) -> u64 {
            self.len
        }
        fn read_at_unchecked(&self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
            for (i, b) in buf.iter_mut().enumerate() {
                let at = (offset + i as u64).checked_sub(MIB).map(|a| a as usize);
                *b = at.and_then(|a| self.bat.get(a)).copied().unwrap_or(0);
            }
            Ok(())
        }
    }

    /// Runs of equal plain entries (states 0–3, nothing else set) are tallied at once, other
    /// plain entries one by one; the counts are those of a plain model (entry by entry: position
    /// in its chunk, bitmap or payload, padding past the last block) for BATs whose runs start
    /// and end at every kind of place (a bitmap entry, a step's end, the last block), with and
    /// without a parent. Each bound of a run and its equality test, dropped, fails it.
    #[test]
    fn counts_match_an_entry_by_entry_model() {
        for has_parent in [false, true] {
            // 40,000 1 MiB blocks, chunk ratio 4096: 40,009 entries (40,970 with a parent, 960
            // of them padding) in 64 KiB steps of 8,192 entries; entries set in the first and
            // third steps and the last block's (index 40,008) in the fifth: a miscount in the
            // zero runs between shows there, and so does a sector bitmap's (index 20,484) taken
            // for a payload block. The second step starts one entry before a bitmap entry.
            let meta = meta(40_000 * MIB, 1 << 20, 512, has_parent);
            let g = Geometry::new(&meta);
            let mut raw = vec![0u64; g.entries as usize];
            let mut next_offset = 64 * MIB;
            for (index, st) in [
                (3u64, 6u64),
                (4, 2),
                (5000, 3),
                (7000, 1),
                (16_390, 6),
                (20_000, 2),
                (20_484, 6),
                (40_008, 2),
            ] {
                raw[index as usize] = st | if st == 6 { next_offset } else { 0 };
                next_offset += MIB;
            }
            // The fourth step as qemu-img writes a new disk: ZERO in every payload entry (its
            // bitmap entries, 24,581 and 28,678, stay NOT_PRESENT); one of them with a reserved
            // bit, which the quick tally of plain entries must leave to the full checks.
            for index in 24_576..32_768 {
                if index % (g.chunk_ratio + 1) != g.chunk_ratio {
                    raw[index as usize] = 2;
                }
            }
            raw[30_000] = 2 | 0x10;
            let bat: Vec<u8> = raw.iter().flat_map(|e| e.to_le_bytes()).collect();
            let src = Sparse { bat, len: next_offset + MIB };
            let region = Region { offset: MIB, length: g.entries * 8 };
            let mut warnings = Vec::new();
            let got = read(&src, &meta, region, &[(region, "BAT")], &mut warnings).unwrap();
            assert!(
                warnings.contains(&"1 BAT entries have reserved bits set".to_owned()),
                "{warnings:?}"
            );
            let mut want = BlockCounts { total: g.data_blocks, ..BlockCounts::default() };
            for (index, entry) in raw.iter().enumerate() {
                let (chunk, at) =
                    (index as u64 / (g.chunk_ratio + 1), index as u64 % (g.chunk_ratio + 1));
                let block = chunk * g.chunk_ratio + at;
                if at == g.chunk_ratio || block >= g.data_blocks {
                    continue;
                }
                match entry & 7 {
                    0 => want.not_present += 1,
                    1 => want.undefined += 1,
                    2 => want.zero += 1,
                    3 => want.unmapped += 1,
                    6 => want.fully_present += 1,
                    other => panic!("state {other}"),
                }
            }
            assert_eq!(got.counts, want, "has_parent {has_parent}");
            assert_eq!(got.allocated_bytes, 2 * MIB);
            assert_eq!(got.bitmap_blocks, u64::from(has_parent));
            assert_eq!(
                got.entries.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
                [3, 16_390, 20_484]
            );
        }
    }

    fn meta(virtual_size: u64, block_size: u32, lss: u32, has_parent: bool) -> Metadata {
        Metadata {
            block_size,
            leave_block_allocated: false,
            has_parent,
            virtual_size,
            logical_sector_size: lss,
            physical_sector_size: 512,
            parent_locator: Vec::new(),
        }
    }

    #[test]
    fn geometry_matches_the_reference_tables() {
        // §6.1 chunk ratios and §12.2 case 7 (5 GiB, 1 MiB blocks: 5120 blocks, 5121 entries).
        let g = Geometry::new(&meta(5 << 30, 1 << 20, 512, false));
        assert_eq!((g.chunk_ratio, g.data_blocks, g.entries), (4096, 5120, 5121));
        // Index 4096 is the sector-bitmap entry: no payload block maps to it.
        assert_eq!(g.payload_index(4095), 4095);
        assert_eq!(g.payload_index(4096), 4097);
        let g = Geometry::new(&meta(5 << 30, 256 << 20, 512, false));
        assert_eq!((g.chunk_ratio, g.data_blocks, g.entries), (16, 20, 21));
        assert_eq!(Geometry::new(&meta(5 << 30, 1 << 20, 4096, false)).chunk_ratio, 32768);
        assert_eq!(Geometry::new(&meta(5 << 30, 32 << 20, 512, false)).chunk_ratio, 128);
        let g = Geometry::new(&meta(10 << 20, 2 << 20, 512, true));
        assert_eq!((g.data_blocks, g.entries), (5, 2049));
    }
}
