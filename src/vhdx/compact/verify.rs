//! What `verified` means: every kept block read back from the disk (after a flush, its pages
//! dropped from the page cache) and compared with a checksum taken from the source before
//! anything was written, and the structures parsed afresh, putting each block where it was
//! written and no block the plan dropped.

use std::path::Path;

use super::texts as t;
use crate::vhdx::bat::state;
use crate::vhdx::metadata::Metadata;
use crate::vhdx::source::{FileSource, ReadAt};
use crate::vhdx::{Image, VhdxError};

/// The largest read.
const CHUNK: u64 = 4 << 20;

/// How far ahead of the work reads are announced: the disk keeps reading while a block is
/// checksummed and written (the files are opened for scattered reads, without readahead).
const AHEAD_BYTES: u64 = 32 << 20;

/// Announces the reads of the blocks ahead of the `k`th (all of the first window at 0), at
/// the file offsets `offset(i)` gives.
pub fn read_ahead(src: &dyn ReadAt, offset: impl Fn(usize) -> Option<u64>, k: usize, bs: u64) {
    let depth = (AHEAD_BYTES / bs).max(1) as usize;
    let from = if k == 0 { 1 } else { k + depth };
    for at in (from..=k + depth).filter_map(&offset) {
        src.will_need(at, bs);
    }
}

/// CRC-32C of the `bs` bytes at `at`, and whether they are all zeros (bytes past the end of
/// the file read as zeros, as in a file whose last block an old qemu left short).
pub fn block_sum(
    src: &dyn ReadAt,
    at: u64,
    bs: u64,
    buf: &mut Vec<u8>,
) -> Result<(u32, bool), VhdxError> {
    buf.resize(bs.min(CHUNK) as usize, 0);
    let mut crc = 0;
    let mut zero = true;
    let mut offset = 0;
    while offset < bs {
        let n = (bs - offset).min(CHUNK) as usize;
        let chunk = buf.get_mut(..n).unwrap_or_default();
        let available = src.len().saturating_sub(at + offset).min(n as u64) as usize;
        let (head, tail) = chunk.split_at_mut(available);
        src.read_exact_at(head, at + offset, crate::vhdx::texts::PAYLOAD_BLOCK.get())?;
        tail.fill(0);
        crc = crate::vhdx::bytes::crc32c(crc, chunk);
        zero = zero && chunk.iter().all(|b| *b == 0);
        offset += n as u64;
    }
    Ok((crc, zero))
}

/// Reads `blocks` (block, offset, CRC-32C) back from `src` and compares each with its
/// checksum. The caller has flushed them and dropped them from the page cache.
pub fn check_blocks(src: &dyn ReadAt, bs: u64, blocks: &[(u64, u64, u32)]) -> Result<(), String> {
    let mut buf = Vec::new();
    for (k, &(block, at, sum)) in blocks.iter().enumerate() {
        read_ahead(src, |i| blocks.get(i).map(|b| b.1), k, bs);
        let (got, _) = block_sum(src, at, bs, &mut buf).map_err(|e| e.to_string())?;
        if got != sum {
            return Err(t::BLOCK_DIFFERS.fill(&[("block", &block)]));
        }
    }
    Ok(())
}

/// Reads the structures through `src` afresh and checks that they put exactly the blocks of
/// `placed` (block, offset, checksum; in block order) where they were written, with the
/// source's metadata and an empty log; the blocks' bytes are [`check_blocks`]' business.
pub fn check_layout(
    src: &dyn ReadAt,
    meta: &Metadata,
    placed: &[(u64, u64, u32)],
) -> Result<(), String> {
    let image = Image::open(src).map_err(|e| e.to_string())?;
    if image.meta != *meta {
        return Err(t::METADATA_DIFFERS.get().to_owned());
    }
    if image.dirty {
        return Err(t::LOG_NOT_EMPTY.get().to_owned());
    }
    let mut expected = placed.iter();
    for (block, st, at) in image.bat.present() {
        match expected.next() {
            Some(&(b, a, _)) if b == block && a == at && st == state::FULLY_PRESENT => {}
            _ => return Err(t::BLOCK_MOVED.fill(&[("block", &block)])),
        }
    }
    match expected.next() {
        Some((missing, _, _)) => Err(t::BLOCK_MISSING.fill(&[("block", &missing)])),
        None => Ok(()),
    }
}

/// [`check_layout`] of the file at `path`, opened afresh with its pages dropped from the cache.
pub fn check_layout_at(
    path: &Path,
    meta: &Metadata,
    placed: &[(u64, u64, u32)],
) -> Result<(), String> {
    let src = FileSource::open(path).map_err(|e| e.to_string())?;
    src.drop_cached(0, 0);
    check_layout(&src, meta, placed)
}
