//! In-place mode (reference/vhdx-writing.md §1.9 "In-place compaction"): the file itself is
//! compacted, needing no extra space. [`prepare`] only reads: the plan, a scan of the kept
//! blocks for ones holding only zeros, the BAT pages that change, and the moves — the highest
//! blocks into the lowest free slots, in batches that never reuse a slot freed in the same
//! batch. [`write::run`] then writes it under the spec's protocol; [`write::recover`] replays a
//! log left by a run that was stopped, so a rerun finishes the job.

pub mod write;

use super::{Plan, texts};
use crate::vhdx::bat::{Geometry, state};
use crate::vhdx::blockset::BlockSet;
use crate::vhdx::header::Header;
use crate::vhdx::region::Region;
use crate::vhdx::source::ReadAt;
use crate::vhdx::{Image, MIB, VhdxError};

/// Blocks moved in one batch, at most (each changes one BAT entry: a log entry's worth).
const MOVES_PER_BATCH: usize = 64;

/// One block moved from the file's tail into a free slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// The payload block.
    pub block: u64,
    /// Its offset now.
    pub from: u64,
    /// Its offset after.
    pub to: u64,
}

/// Everything the write phase needs, found by reading only.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// What goes and what stays.
    pub plan: Plan,
    /// The header the plan was made from: the write phase checks nobody wrote meanwhile.
    pub header: Header,
    /// The metadata, which the verification compares.
    pub meta: crate::vhdx::metadata::Metadata,
    /// The BAT's place.
    pub bat: Region,
    /// The BAT's shape.
    pub geometry: Geometry,
    /// Kept blocks that hold only zeros (they become ZERO entries).
    pub zero: BlockSet,
    /// Indexes of the 4 KiB BAT pages that the drops change.
    pub pages: Vec<u64>,
    /// The moves, batch by batch.
    pub batches: Vec<Vec<Move>>,
    /// The file's length after: the end of the last structure or block, whole MiBs.
    pub final_length: u64,
    /// Whether a block that held data is dropped (a new DataWriteGuid, §1.3).
    pub drops_data: bool,
    /// The kept blocks that are not all zeros, where they are now and their CRC-32C as read
    /// (empty when the blocks were not read): what the verification compares.
    pub sums: Vec<(u64, u64, u32)>,
}

impl Prepared {
    /// True when the file is already compact: nothing would be written.
    pub fn nothing_to_do(&self) -> bool {
        self.pages.is_empty()
            && self.batches.is_empty()
            && self.final_length == self.plan.file_length
    }

    /// The kept blocks as they will be once the moves are done (block, offset, checksum), and
    /// whether each is moved.
    pub fn placed_after(&self) -> Vec<(u64, u64, u32, bool)> {
        let moved: std::collections::HashMap<u64, u64> =
            self.batches.iter().flatten().map(|m| (m.block, m.to)).collect();
        self.sums
            .iter()
            .map(|&(b, at, sum)| match moved.get(&b) {
                Some(&to) => (b, to, sum, true),
                None => (b, at, sum, false),
            })
            .collect()
    }

    /// Blocks that will be moved.
    pub fn moves(&self) -> u64 {
        self.batches.iter().map(|b| b.len() as u64).sum()
    }
}

/// The new BAT entry for `old` at BAT index `index`: a kept block stays where it is; a dropped
/// one becomes ZERO (it held only zeros, or was ZERO) or NOT_PRESENT, with offset 0 (§1.7),
/// which also clears soft anchors. Sector-bitmap entries are left as they are.
pub fn new_entry(
    old: u64,
    index: u64,
    geometry: &Geometry,
    keep: &BlockSet,
    zero: &BlockSet,
) -> u64 {
    let per_chunk = geometry.chunk_ratio + 1;
    let block = index / per_chunk * geometry.chunk_ratio + index % per_chunk;
    if index % per_chunk == geometry.chunk_ratio || block >= geometry.data_blocks {
        return old;
    }
    if keep.contains(block) && !zero.contains(block) {
        return old;
    }
    if (old & 7) as u8 == state::ZERO || zero.contains(block) {
        u64::from(state::ZERO)
    } else {
        u64::from(state::NOT_PRESENT)
    }
}

/// Reads `src` (a clean file: no log to replay) and decides everything an in-place compaction
/// will write. With `scan`, every kept block is read (blocks holding only zeros are dropped
/// too, the others' checksums kept for the verification); without, only the structures are
/// read, for an estimate. `progress` hears (bytes scanned, bytes to scan).
pub fn prepare(
    src: &dyn ReadAt,
    scan: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Prepared, VhdxError> {
    prepare_with(src, scan, progress, &mut |_| {})
}

/// [`prepare`], with the plan changed by `adjust` before anything is derived from it (the
/// crash tests drop blocks that hold data, as ext4's free blocks do).
pub(in crate::vhdx::compact) fn prepare_with(
    src: &dyn ReadAt,
    scan: bool,
    progress: &mut dyn FnMut(u64, u64),
    adjust: &mut dyn FnMut(&mut Plan),
) -> Result<Prepared, VhdxError> {
    let image = Image::open(src)?;
    let mut plan = super::plan(&image)?;
    adjust(&mut plan);
    prepare_planned(src, &image, plan, scan, progress)
}

/// [`prepare`] for an image already opened on `src`, with its plan (a plan's estimate of the
/// moves, without planning twice).
pub fn prepare_planned(
    src: &dyn ReadAt,
    image: &Image<'_>,
    plan: Plan,
    scan: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Prepared, VhdxError> {
    if image.dirty {
        return Err(VhdxError::Refused(texts::REPLAY_FIRST.get().to_owned()));
    }
    let file_length = src.len();
    if !file_length.is_multiple_of(MIB) {
        return Err(VhdxError::Refused(texts::LENGTH_NOT_MIB.fill(&[("len", &file_length)])));
    }
    let geometry = image.bat.geometry;
    let bs = geometry.block_size;
    if let Some(short) = plan.keep.iter().find(|b| image.bat.payload(*b).1 + bs > file_length) {
        return Err(VhdxError::Refused(texts::SHORT_BLOCK.fill(&[("block", &short)])));
    }
    // The zero scan: every kept block read once.
    let mut zero = BlockSet::new(geometry.data_blocks);
    let mut sums = Vec::new();
    let mut buf = Vec::new();
    let total = plan.keep.count() * bs;
    let mut done = 0;
    let kept: Vec<(u64, u64)> = plan.keep.iter().map(|b| (b, image.bat.payload(b).1)).collect();
    for (k, &(block, at)) in kept.iter().enumerate().filter(|_| scan) {
        super::verify::read_ahead(src, |i| kept.get(i).map(|(_, at)| *at), k, bs);
        match super::verify::block_sum(src, at, bs, &mut buf)? {
            (_, true) => zero.insert(block),
            (sum, false) => sums.push((block, at, sum)),
        }
        done += bs;
        progress(done, total);
    }
    // The BAT pages the drops change.
    let bat = image.regions.bat;
    let mut pages = Vec::new();
    let mut page = [0u8; 4096];
    let bat_bytes = geometry.entries * 8;
    for p in 0..bat_bytes.div_ceil(4096) {
        let n = (bat_bytes - p * 4096).min(4096) as usize;
        let slice = page.get_mut(..n).unwrap_or_default();
        src.read_exact_at(slice, bat.offset + p * 4096, "BAT")?;
        let changes = slice.chunks_exact(8).enumerate().any(|(i, raw)| {
            let old = crate::vhdx::bytes::u64_at(raw, 0);
            new_entry(old, p * 512 + i as u64, &geometry, &plan.keep, &zero) != old
        });
        if changes {
            pages.push(p);
        }
    }
    // What stays where it is, by MiB of the file.
    let mibs = file_length / MIB;
    let mut used = BlockSet::new(mibs);
    let mut mark =
        |offset: u64, length: u64| used.insert_range(offset / MIB, (offset + length).div_ceil(MIB));
    mark(0, MIB);
    mark(image.header.log_offset, u64::from(image.header.log_length));
    for (_, region, _) in &image.regions.all {
        mark(region.offset, region.length);
    }
    let mut blocks: Vec<(u64, u64)> =
        kept.into_iter().filter(|(b, _)| !zero.contains(*b)).collect();
    for &(_, at) in &blocks {
        mark(at, bs);
    }
    blocks.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
    let batches = plan_moves(&mut used, &mut blocks, bs);
    let structures_end = used.iter().last().map_or(MIB, |m| (m + 1) * MIB);
    let final_length = structures_end.max(MIB);
    let drops_data = plan.blocks_to_drop() > 0;
    Ok(Prepared {
        plan,
        header: image.header.clone(),
        meta: image.meta.clone(),
        bat,
        geometry,
        zero,
        pages,
        batches,
        final_length,
        drops_data,
        sums,
    })
}

/// Moves the highest blocks into the lowest free runs of `bs` bytes below them, batch by
/// batch; a slot a batch frees is free for the next batch only. `used` ends as the layout
/// after every move; `blocks` (block, offset), highest first, ends with the new offsets.
fn plan_moves(used: &mut BlockSet, blocks: &mut [(u64, u64)], bs: u64) -> Vec<Vec<Move>> {
    let run = bs / MIB;
    let mut batches = Vec::new();
    let mut batch = Vec::new();
    let mut freed = Vec::new();
    let mut cursor = 0u64;
    for (block, from) in blocks.iter_mut() {
        let from_mib = *from / MIB;
        let slot = loop {
            // The lowest free run at or after the cursor, ending at or before this block.
            let mut start = cursor;
            let found = loop {
                if start + run > from_mib {
                    break None;
                }
                match (start..start + run).find(|m| used.contains(*m)) {
                    Some(taken) => start = taken + 1,
                    None => break Some(start),
                }
            };
            cursor = start;
            match found {
                Some(slot) => break Some(slot),
                // Slots this batch freed become free once it is applied.
                None if !freed.is_empty() => {
                    batches.push(std::mem::take(&mut batch));
                    for (f, n) in freed.drain(..) {
                        remove_range(used, f, n);
                    }
                    cursor = 0;
                }
                None => break None,
            }
        };
        let Some(slot) = slot else { break };
        used.insert_range(slot, slot + run);
        batch.push(Move { block: *block, from: *from, to: slot * MIB });
        freed.push((from_mib, run));
        *from = slot * MIB;
        if batch.len() == MOVES_PER_BATCH {
            batches.push(std::mem::take(&mut batch));
            for (f, n) in freed.drain(..) {
                remove_range(used, f, n);
            }
            cursor = 0;
        }
    }
    if !batch.is_empty() {
        batches.push(batch);
    }
    for (f, n) in freed {
        remove_range(used, f, n);
    }
    batches
}

fn remove_range(set: &mut BlockSet, from: u64, n: u64) {
    for m in from..from + n {
        set.remove(m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A simple model of the moves: no slot used twice in one batch, every block ends below
    /// where it was, the result packed as far as free runs allow.
    #[test]
    fn moves_fill_the_lowest_free_slots_and_never_reuse_within_a_batch() {
        for bs in [1u64, 2, 4] {
            let mibs = 200;
            let mut used = BlockSet::new(mibs);
            used.insert_range(0, 4);
            // Blocks at every third run from 4 on.
            let mut blocks: Vec<(u64, u64)> = (0..40)
                .map(|i| (i, (4 + i * 3 * bs) * MIB))
                .filter(|(_, at)| at / MIB + bs <= mibs)
                .collect();
            for &(_, at) in &blocks {
                used.insert_range(at / MIB, at / MIB + bs);
            }
            blocks.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
            let before: Vec<(u64, u64)> = blocks.clone();
            let batches = plan_moves(&mut used, &mut blocks, bs * MIB);
            assert!(!batches.is_empty());
            let mut occupied: std::collections::BTreeSet<u64> = (0..4).collect();
            for (_, at) in &before {
                occupied.extend(at / MIB..at / MIB + bs);
            }
            for batch in &batches {
                let mut freed = Vec::new();
                for m in batch {
                    assert!(m.to < m.from, "{m:?} moves down");
                    for x in m.to / MIB..m.to / MIB + bs {
                        assert!(occupied.insert(x), "{m:?}: slot {x} is free before the batch");
                    }
                    freed.extend(m.from / MIB..m.from / MIB + bs);
                }
                for x in freed {
                    occupied.remove(&x);
                }
            }
            let end = occupied.iter().last().unwrap() + 1;
            assert_eq!(end, 4 + blocks.len() as u64 * bs, "packed (bs {bs} MiB)");
        }
    }
}
