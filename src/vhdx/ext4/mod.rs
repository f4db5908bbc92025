//! The ext4 filesystem inside the disk (reference/vhdx.md §10–11): superblock, group
//! descriptors, and the block bitmaps for the per-block reclaim estimate. [`usage`] is the
//! writer's stricter truth: what `compact` must keep.

mod csum;
pub mod texts;
pub mod usage;

use serde::Serialize;

use self::texts as t;
use super::VhdxError;
use super::bat::{Bat, state};
use super::bytes::{u16_at, u32_at};
use super::virtual_disk::VirtualDisk;

const MAGIC: u16 = 0xEF53;
const INCOMPAT_RECOVER: u32 = 0x4;
const INCOMPAT_META_BG: u32 = 0x10;
const INCOMPAT_64BIT: u32 = 0x80;
const RO_COMPAT_BIGALLOC: u32 = 0x200;
const BG_BLOCK_UNINIT: u16 = 0x2;

/// What wsltune reports about the filesystem (the `filesystem` object of `inspect --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filesystem {
    /// Always `ext4`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Block size in bytes.
    pub block_size: u64,
    /// Blocks in the filesystem.
    pub blocks_total: u64,
    /// Free blocks: the sum over the group descriptors (fresher than the superblock's copy).
    pub blocks_free: u64,
    /// `(blocks_total − blocks_free) × block_size`.
    pub used_bytes: u64,
    /// Cleanly unmounted: state VALID, no ERRORS, no RECOVER flag. A mounted filesystem is not
    /// clean, and its figures lag the kernel's.
    pub clean: bool,
    /// Where the filesystem starts on the virtual disk (0 for a whole-disk filesystem).
    pub offset: u64,
}

/// The superblock and descriptor facts needed for the bitmaps.
#[derive(Debug, Clone)]
pub struct Ext4 {
    /// The reported figures.
    pub fs: Filesystem,
    first_data_block: u64,
    blocks_per_group: u64,
    clusters_per_group: u64,
    cluster_blocks: u64,
    groups: Vec<Group>,
    meta_bg: bool,
    /// The free-block count in the superblock, for comparison.
    pub superblock_free: u64,
    /// The superblock's 1024 bytes, for [`usage`]'s checks.
    sb: Vec<u8>,
    /// The group descriptors as stored (empty under META_BG), `desc_size` bytes each.
    gdt: Vec<u8>,
    desc_size: u64,
}

#[derive(Debug, Clone, Copy)]
struct Group {
    bitmap_block: u64,
    free_clusters: u64,
    block_uninit: bool,
}

/// True when an ext4 superblock sits at `offset` + 1024 of the virtual disk.
pub fn has_magic(disk: &VirtualDisk<'_>, offset: u64) -> Result<bool, VhdxError> {
    if offset.saturating_add(2048) > disk.size {
        return Ok(false);
    }
    let mut magic = [0u8; 2];
    disk.read(&mut magic, offset + 1024 + 0x38)?;
    Ok(u16::from_le_bytes(magic) == MAGIC)
}

fn bad(why: String) -> VhdxError {
    VhdxError::Corrupt(format!("ext4: {why}"))
}

/// Reads the superblock and the group descriptors of the filesystem at `offset`.
pub fn read(
    disk: &VirtualDisk<'_>,
    offset: u64,
    warnings: &mut Vec<String>,
) -> Result<Ext4, VhdxError> {
    let mut sb = vec![0u8; 1024];
    disk.read(&mut sb, offset + 1024)?;
    if u16_at(&sb, 0x38) != MAGIC {
        return Err(bad(t::NO_MAGIC.get().to_owned()));
    }
    let log_block = u32_at(&sb, 0x18);
    let log_cluster = u32_at(&sb, 0x1C);
    if log_block > 6 {
        return Err(bad(t::BLOCK_SIZE.fill(&[("log", &log_block)])));
    }
    let block_size = 1024u64 << log_block;
    let incompat = u32_at(&sb, 0x60);
    let ro_compat = u32_at(&sb, 0x64);
    let is_64bit = incompat & INCOMPAT_64BIT != 0;
    let bigalloc = ro_compat & RO_COMPAT_BIGALLOC != 0;
    let cluster_blocks = if bigalloc {
        if log_cluster < log_block || log_cluster - log_block > 16 {
            return Err(bad(t::CLUSTER_SIZE.fill(&[("log", &log_cluster)])));
        }
        1u64 << (log_cluster - log_block)
    } else {
        1
    };
    let hi = |at: usize| if is_64bit { u64::from(u32_at(&sb, at)) << 32 } else { 0 };
    let blocks_total = u64::from(u32_at(&sb, 0x04)) | hi(0x150);
    let superblock_free = u64::from(u32_at(&sb, 0x0C)) | hi(0x158);
    let first_data_block = u64::from(u32_at(&sb, 0x14));
    let blocks_per_group = u64::from(u32_at(&sb, 0x20));
    let clusters_per_group = if bigalloc { u64::from(u32_at(&sb, 0x24)) } else { blocks_per_group };
    let state_flags = u16_at(&sb, 0x3A);
    if blocks_total == 0 || first_data_block >= blocks_total {
        return Err(bad(
            t::FIRST_DATA_BLOCK.fill(&[("total", &blocks_total), ("first", &first_data_block)])
        ));
    }
    if clusters_per_group == 0
        || clusters_per_group > 8 * block_size
        || blocks_per_group != clusters_per_group * cluster_blocks
    {
        return Err(bad(
            t::PER_GROUP.fill(&[("blocks", &blocks_per_group), ("clusters", &clusters_per_group)])
        ));
    }
    let fs_bytes =
        blocks_total.checked_mul(block_size).ok_or_else(|| bad(t::OVERFLOW.get().to_owned()))?;
    if offset.checked_add(fs_bytes).is_none_or(|end| end > disk.size) {
        return Err(bad(t::LARGER_THAN_DISK.fill(&[
            ("bytes", &fs_bytes),
            ("offset", &offset),
            ("size", &disk.size),
        ])));
    }
    let desc_size = if is_64bit { u64::from(u16_at(&sb, 0xFE)) } else { 32 };
    if !(32..=1024).contains(&desc_size) || !desc_size.is_power_of_two() {
        return Err(bad(t::DESC_SIZE.fill(&[("size", &desc_size)])));
    }
    let group_count = (blocks_total - first_data_block).div_ceil(blocks_per_group);
    // The descriptor table follows the superblock's block (block 1 with 1 KiB blocks, even
    // when bigalloc sets first_data_block to 0; block 0's tail otherwise: so block 1).
    let gdt_block = 1024 / block_size + 1;
    let gdt_bytes = group_count * desc_size;
    if (gdt_block * block_size).saturating_add(gdt_bytes) > fs_bytes {
        return Err(bad(t::DESC_FIT.fill(&[("n", &group_count)])));
    }
    if gdt_bytes > disk.src.len() {
        // Real descriptor tables are written data, so they fit in the file; this bounds what a
        // damaged superblock can make us allocate.
        return Err(bad(t::DESC_FILE.fill(&[("n", &group_count), ("bytes", &gdt_bytes)])));
    }
    let meta_bg = incompat & INCOMPAT_META_BG != 0;
    let mut groups = Vec::new();
    let mut free_clusters = 0u64;
    let mut gdt = Vec::new();
    if meta_bg {
        warnings.push(t::META_BG_WARNING.get().to_owned());
    } else {
        gdt = vec![
            0u8;
            usize::try_from(gdt_bytes)
                .map_err(|_| bad(t::TABLE_TOO_LARGE.get().to_owned()))?
        ];
        disk.read(&mut gdt, offset + gdt_block * block_size)?;
        for d in gdt.chunks_exact(usize::try_from(desc_size).unwrap_or(32)) {
            let wide = desc_size >= 64 && is_64bit;
            let free = u64::from(u16_at(d, 0x0C))
                | if wide { u64::from(u16_at(d, 0x2C)) << 16 } else { 0 };
            let bitmap_block = u64::from(u32_at(d, 0x00))
                | if wide { u64::from(u32_at(d, 0x20)) << 32 } else { 0 };
            free_clusters += free;
            groups.push(Group {
                bitmap_block,
                free_clusters: free,
                block_uninit: u16_at(d, 0x12) & BG_BLOCK_UNINIT != 0,
            });
        }
    }
    let blocks_free =
        if meta_bg { superblock_free } else { free_clusters.saturating_mul(cluster_blocks) };
    if blocks_free > blocks_total {
        return Err(bad(
            t::FREE_OVER_TOTAL.fill(&[("free", &blocks_free), ("total", &blocks_total)])
        ));
    }
    if !meta_bg && blocks_free != superblock_free {
        warnings
            .push(t::COUNTS_LAG.fill(&[("free", &blocks_free), ("superblock", &superblock_free)]));
    }
    let clean = state_flags & 1 == 1 && state_flags & 2 == 0 && incompat & INCOMPAT_RECOVER == 0;
    Ok(Ext4 {
        fs: Filesystem {
            kind: "ext4",
            block_size,
            blocks_total,
            blocks_free,
            used_bytes: (blocks_total - blocks_free) * block_size,
            clean,
            offset,
        },
        first_data_block,
        blocks_per_group,
        clusters_per_group,
        cluster_blocks,
        groups,
        meta_bg,
        superblock_free,
        sb,
        gdt,
        desc_size,
    })
}

/// Bytes of allocated payload blocks that hold no used ext4 block: what trimming and compacting
/// would give back (§11, "per block"). `None` when the bitmaps cannot be used (META_BG).
pub fn reclaimable(
    ext: &Ext4,
    disk: &VirtualDisk<'_>,
    bat: &Bat,
) -> Result<Option<u64>, VhdxError> {
    if ext.meta_bg {
        return Ok(None);
    }
    let geometry = bat.geometry;
    let vbs = geometry.block_size;
    let blocks = usize::try_from(geometry.data_blocks)
        .map_err(|_| bad(t::TOO_MANY_BLOCKS.get().to_owned()))?;
    let mut present = vec![false; blocks];
    for (b, st, _) in bat.present() {
        if let (state::FULLY_PRESENT, Some(p)) = (st, present.get_mut(b as usize)) {
            *p = true;
        }
    }
    let mut used = vec![false; blocks];
    let fs = &ext.fs;
    let fs_end = fs.offset + fs.blocks_total * fs.block_size;
    // Blocks outside the filesystem (partition table, gaps) and before its first data block
    // are not ext4's to free: count them as used.
    let data_start = fs.offset + ext.first_data_block * fs.block_size;
    for (b, u) in used.iter_mut().enumerate() {
        let start = b as u64 * vbs;
        let end = start + vbs;
        *u = start < data_start || end > fs_end;
    }
    let cluster_bytes = fs.block_size * ext.cluster_blocks;
    let mut bitmap = vec![0u8; usize::try_from(fs.block_size).unwrap_or(4096)];
    for (g, group) in ext.groups.iter().enumerate() {
        let first_block = ext.first_data_block + g as u64 * ext.blocks_per_group;
        let group_blocks = ext.blocks_per_group.min(fs.blocks_total - first_block);
        let clusters = group_blocks.div_ceil(ext.cluster_blocks).min(ext.clusters_per_group);
        let g_start = fs.offset + first_block * fs.block_size;
        let g_end = g_start + group_blocks * fs.block_size;
        let (v_first, v_last) = (g_start / vbs, (g_end - 1) / vbs);
        let wanted = (v_first..=v_last).any(|v| {
            let v = v as usize;
            present.get(v).copied().unwrap_or(false) && !used.get(v).copied().unwrap_or(true)
        });
        if !wanted {
            continue;
        }
        if group.block_uninit {
            // No bitmap on disk: only the group's own metadata is in use, at its start
            // (backup superblock and descriptors); mark that many clusters.
            let used_clusters = clusters.saturating_sub(group.free_clusters);
            bitmap.fill(0);
            for c in 0..used_clusters.min(clusters) {
                if let Some(byte) = bitmap.get_mut((c / 8) as usize) {
                    *byte |= 1 << (c % 8);
                }
            }
        } else {
            if group.bitmap_block >= fs.blocks_total {
                return Err(bad(
                    t::BITMAP_PAST_END.fill(&[("g", &g), ("block", &group.bitmap_block)])
                ));
            }
            disk.read(&mut bitmap, fs.offset + group.bitmap_block * fs.block_size)?;
        }
        for v in v_first..=v_last {
            let vi = v as usize;
            if !present.get(vi).copied().unwrap_or(false) || used.get(vi).copied().unwrap_or(true) {
                continue;
            }
            let lo = (v * vbs).max(g_start) - g_start;
            let hi = ((v + 1) * vbs).min(g_end) - g_start;
            let (c0, c1) = (lo / cluster_bytes, hi.div_ceil(cluster_bytes).min(clusters));
            if any_bit(&bitmap, c0, c1)
                && let Some(u) = used.get_mut(vi)
            {
                *u = true;
            }
        }
    }
    // Each file block once: it is reclaimable only if no virtual block mapped to it is used.
    let mut by_offset: std::collections::HashMap<u64, bool> = std::collections::HashMap::new();
    for (b, st, off) in bat.present() {
        if st == state::FULLY_PRESENT {
            let u = used.get(b as usize).copied().unwrap_or(true);
            *by_offset.entry(off).or_insert(false) |= u;
        }
    }
    let file_len = disk.src.len();
    Ok(Some(
        by_offset
            .iter()
            .filter(|(_, u)| !**u)
            .map(|(off, _)| vbs.min(file_len.saturating_sub(*off)))
            .sum(),
    ))
}

/// True when any bit in `[from, to)` is set (bit 0 = LSB of byte 0).
fn any_bit(bitmap: &[u8], from: u64, to: u64) -> bool {
    let mut i = from;
    while i < to {
        if i.is_multiple_of(8) && i + 8 <= to {
            let byte_index = (i / 8) as usize;
            let whole = ((to - i) / 8) as usize;
            let bytes =
                bitmap.get(byte_index..(byte_index + whole).min(bitmap.len())).unwrap_or(&[]);
            if bytes.iter().any(|b| *b != 0) {
                return true;
            }
            i += whole as u64 * 8;
            continue;
        }
        if bitmap.get((i / 8) as usize).is_some_and(|b| b & (1 << (i % 8)) != 0) {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_bit_scans_partial_bytes_and_runs() {
        let bm = [0u8, 0, 0b0001_0000, 0, 0, 0, 0, 0, 0, 0x80];
        assert!(!any_bit(&bm, 0, 20));
        assert!(any_bit(&bm, 0, 21));
        assert!(any_bit(&bm, 20, 21));
        assert!(!any_bit(&bm, 21, 79));
        assert!(any_bit(&bm, 21, 80));
        assert!(!any_bit(&bm, 80, 200));
    }
}
