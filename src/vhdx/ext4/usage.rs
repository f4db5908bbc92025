//! What `compact` must keep: every payload block that holds a byte ext4 uses, computed the way
//! e2fsprogs computes a bitmap (reference/vhdx-writing.md §5), and stricter than the reader's
//! estimate in three ways:
//!
//! - it refuses a filesystem whose bitmaps may be stale or that it does not fully understand
//!   (needs recovery, errors, an orphan list, a journal with transactions, MMP, unknown
//!   `incompat` or `ro_compat` features, META_BG, bad superblock, descriptor or bitmap
//!   checksums);
//! - it marks every group's superblock and descriptor copies, reserved GDT blocks, bitmaps and
//!   inode table as used, wherever they are (flex_bg), whatever the bitmaps say;
//! - a `BLOCK_UNINIT` group is trusted only when the descriptor checksums are on and its own
//!   checksum verifies (then its used blocks are exactly those marks); otherwise its on-disk
//!   bitmap is read like any other.

use super::super::blockset::BlockSet;
use super::super::bytes::{u16_at, u32_at};
use super::super::virtual_disk::VirtualDisk;
use super::csum::{crc16, crc32c};
use super::texts as t;
use super::{Ext4, INCOMPAT_64BIT, INCOMPAT_META_BG, INCOMPAT_RECOVER, any_bit};
use crate::vhdx::VhdxError;

const COMPAT_HAS_JOURNAL: u32 = 0x4;
const COMPAT_SPARSE_SUPER2: u32 = 0x200;

const INCOMPAT_COMPRESSION: u32 = 0x1;
const INCOMPAT_JOURNAL_DEV: u32 = 0x8;
const INCOMPAT_MMP: u32 = 0x100;
const INCOMPAT_CSUM_SEED: u32 = 0x2000;
/// FILETYPE, EXTENTS, 64BIT, FLEX_BG, EA_INODE, CSUM_SEED, LARGEDIR, INLINE_DATA, ENCRYPT,
/// CASEFOLD: features that change what files hold, not where the filesystem's own blocks are.
const INCOMPAT_KNOWN: u32 = 0x2
    | 0x40
    | INCOMPAT_64BIT
    | 0x200
    | 0x400
    | INCOMPAT_CSUM_SEED
    | 0x4000
    | 0x8000
    | 0x1_0000
    | 0x2_0000;

const RO_COMPAT_SPARSE_SUPER: u32 = 0x1;
const RO_COMPAT_GDT_CSUM: u32 = 0x10;
const RO_COMPAT_METADATA_CSUM: u32 = 0x400;
const RO_COMPAT_ORPHAN_PRESENT: u32 = 0x1_0000;
/// SPARSE_SUPER, LARGE_FILE, BTREE_DIR, HUGE_FILE, GDT_CSUM, DIR_NLINK, EXTRA_ISIZE, QUOTA,
/// BIGALLOC, METADATA_CSUM, READONLY, PROJECT, VERITY (not HAS_SNAPSHOT, REPLICA,
/// SHARED_BLOCKS or ORPHAN_PRESENT).
const RO_COMPAT_KNOWN: u32 = RO_COMPAT_SPARSE_SUPER
    | 0x2
    | 0x4
    | 0x8
    | RO_COMPAT_GDT_CSUM
    | 0x20
    | 0x40
    | 0x100
    | 0x200
    | RO_COMPAT_METADATA_CSUM
    | 0x1000
    | 0x2000
    | 0x8000;

fn refuse(why: String) -> VhdxError {
    VhdxError::Refused(format!("ext4: {why}"))
}

/// The superblock fields the checks read.
struct Super<'a> {
    sb: &'a [u8],
    compat: u32,
    incompat: u32,
    ro_compat: u32,
}

impl Super<'_> {
    fn csum_seed(&self) -> u32 {
        if self.incompat & INCOMPAT_CSUM_SEED != 0 {
            u32_at(self.sb, 0x270)
        } else {
            crc32c(!0, self.sb.get(0x68..0x78).unwrap_or(&[]))
        }
    }
}

/// Adds to `used` every payload block (of `vbs` bytes) that must be kept for the filesystem
/// `ext`: the blocks outside it (partition tables, other partitions, a GPT's backup), and those
/// holding a cluster ext4 uses. Bitmaps are read only for groups under a block that is in
/// `candidates` (present in the file) and not yet known to be used. Refuses a filesystem whose
/// bitmaps cannot be trusted, saying why and what to do.
pub fn mark_used(
    ext: &Ext4,
    disk: &VirtualDisk<'_>,
    vbs: u64,
    candidates: &BlockSet,
    used: &mut BlockSet,
) -> Result<(), VhdxError> {
    let s = Super {
        sb: &ext.sb,
        compat: u32_at(&ext.sb, 0x5C),
        incompat: u32_at(&ext.sb, 0x60),
        ro_compat: u32_at(&ext.sb, 0x64),
    };
    check_state(ext, &s)?;
    check_descriptors(ext, &s)?;
    check_journal(ext, &s, disk)?;

    let fs = &ext.fs;
    let bs = fs.block_size;
    let fs_end = fs.offset + fs.blocks_total * bs;
    let mut mark = |from: u64, to: u64| {
        if to > from {
            used.insert_range(from / vbs, to.div_ceil(vbs));
        }
    };
    // Outside the filesystem: not ext4's to free (a zero scan may still drop them).
    mark(0, fs.offset);
    mark(fs_end, disk.size);
    let group_count = ext.groups.len() as u64;
    let desc_blocks = (group_count * ext.desc_size).div_ceil(bs);
    let reserved_gdt = u64::from(u16_at(&ext.sb, 0xCE));
    let at = |block: u64| fs.offset + block * bs;
    // The boot sector, the primary superblock and descriptors (block 0 is always in use).
    let gdt_block = 1024 / bs + 1;
    mark(fs.offset, at(gdt_block + desc_blocks + reserved_gdt).max(fs.offset + 2048));
    let inode_table_blocks =
        (u64::from(u32_at(&ext.sb, 0x28)) * u64::from(u16_at(&ext.sb, 0x58)).max(128)).div_ceil(bs);
    let wide = s.incompat & INCOMPAT_64BIT != 0 && ext.desc_size >= 64;
    for (g, d) in ext.gdt.chunks_exact(ext.desc_size as usize).enumerate() {
        let g = g as u64;
        let first = ext.first_data_block + g * ext.blocks_per_group;
        if has_super(&s, g) {
            mark(at(first), at(first + 1 + desc_blocks + reserved_gdt));
        }
        let field = |lo: usize, hi: usize| {
            u64::from(u32_at(d, lo)) | if wide { u64::from(u32_at(d, hi)) << 32 } else { 0 }
        };
        let (block_bitmap, inode_bitmap, inode_table) =
            (field(0x00, 0x20), field(0x04, 0x24), field(0x08, 0x28));
        for (what, block, n) in [
            (t::BLOCK_BITMAP, block_bitmap, 1),
            (t::INODE_BITMAP, inode_bitmap, 1),
            (t::INODE_TABLE, inode_table, inode_table_blocks),
        ] {
            if block.saturating_add(n) > fs.blocks_total {
                return Err(refuse(t::GROUP_PAST_END.fill(&[
                    ("g", &g),
                    ("what", &what),
                    ("block", &block),
                ])));
            }
            // Whole clusters under bigalloc.
            let c = ext.cluster_blocks;
            mark(at(block / c * c), at((block + n).div_ceil(c) * c));
        }
    }

    let checksums = s.ro_compat & (RO_COMPAT_GDT_CSUM | RO_COMPAT_METADATA_CSUM) != 0;
    let metadata_csum = s.ro_compat & RO_COMPAT_METADATA_CSUM != 0;
    let seed = s.csum_seed();
    let cluster_bytes = bs * ext.cluster_blocks;
    let mut bitmap = vec![0u8; usize::try_from(bs).unwrap_or(4096)];
    for (g, group) in ext.groups.iter().enumerate() {
        let first = ext.first_data_block + g as u64 * ext.blocks_per_group;
        let group_blocks = ext.blocks_per_group.min(fs.blocks_total - first);
        let clusters = group_blocks.div_ceil(ext.cluster_blocks).min(ext.clusters_per_group);
        let (g_start, g_end) = (at(first), at(first + group_blocks));
        let (v_first, v_last) = (g_start / vbs, (g_end - 1) / vbs);
        if !(v_first..=v_last).any(|v| candidates.contains(v) && !used.contains(v)) {
            continue;
        }
        if checksums && group.block_uninit {
            // Its used blocks are the marks above (checked descriptor: e2fsprogs' rule).
            continue;
        }
        disk.read(&mut bitmap, at(group.bitmap_block))?;
        if metadata_csum {
            let d = ext.gdt.get(g * ext.desc_size as usize..).unwrap_or(&[]);
            let stored = u32::from(u16_at(d, 0x18))
                | if ext.desc_size >= 0x3C { u32::from(u16_at(d, 0x38)) << 16 } else { 0 };
            let mask = if ext.desc_size >= 0x3C { u32::MAX } else { 0xFFFF };
            let len = (ext.clusters_per_group / 8) as usize;
            let computed = crc32c(seed, bitmap.get(..len).unwrap_or(&bitmap));
            if computed & mask != stored {
                return Err(refuse(t::BITMAP_CHECKSUM.fill(&[("g", &g)])));
            }
        }
        for v in v_first..=v_last {
            if !candidates.contains(v) || used.contains(v) {
                continue;
            }
            let lo = (v * vbs).max(g_start) - g_start;
            let hi = ((v + 1) * vbs).min(g_end) - g_start;
            if any_bit(&bitmap, lo / cluster_bytes, hi.div_ceil(cluster_bytes).min(clusters)) {
                used.insert(v);
            }
        }
    }
    Ok(())
}

/// Whether group `g` holds a superblock copy (e2fsprogs `ext2fs_bg_has_super`).
fn has_super(s: &Super<'_>, g: u64) -> bool {
    if g == 0 {
        return true;
    }
    if s.compat & COMPAT_SPARSE_SUPER2 != 0 {
        return g == u64::from(u32_at(s.sb, 0x24C)) || g == u64::from(u32_at(s.sb, 0x250));
    }
    if g <= 1 || s.ro_compat & RO_COMPAT_SPARSE_SUPER == 0 {
        return true;
    }
    if g.is_multiple_of(2) {
        return false;
    }
    [3u64, 5, 7].iter().any(|&root| {
        let mut n = g;
        while n.is_multiple_of(root) {
            n /= root;
        }
        n == 1
    })
}

/// The superblock's state and features: anything that makes the bitmaps stale or the layout
/// unknown is a refusal.
fn check_state(ext: &Ext4, s: &Super<'_>) -> Result<(), VhdxError> {
    let stop: [(&str, &dyn std::fmt::Display); 1] = [("stop", &t::STOP)];
    if s.incompat & INCOMPAT_RECOVER != 0 {
        return Err(refuse(t::NEEDS_RECOVERY.fill(&stop)));
    }
    let state = u16_at(&ext.sb, 0x3A);
    if state & 1 == 0 || state & 2 != 0 {
        return Err(refuse(t::NOT_CLEAN.fill(&[stop[0], ("state", &format!("{state:x}"))])));
    }
    if s.ro_compat & RO_COMPAT_ORPHAN_PRESENT != 0 || u32_at(&ext.sb, 0xE8) != 0 {
        return Err(refuse(t::ORPHANS.fill(&stop)));
    }
    if s.incompat & INCOMPAT_MMP != 0 {
        return Err(refuse(t::MMP.get().to_owned()));
    }
    if s.incompat & INCOMPAT_META_BG != 0 {
        return Err(refuse(t::META_BG.get().to_owned()));
    }
    if s.incompat & INCOMPAT_JOURNAL_DEV != 0 {
        return Err(refuse(t::JOURNAL_DEVICE.get().to_owned()));
    }
    let unknown_incompat = s.incompat & !(INCOMPAT_KNOWN | INCOMPAT_COMPRESSION);
    if unknown_incompat != 0 || s.incompat & INCOMPAT_COMPRESSION != 0 {
        let bits = format!("0x{:x}", s.incompat & !INCOMPAT_KNOWN);
        return Err(refuse(t::INCOMPAT.fill(&[("bits", &bits)])));
    }
    if s.ro_compat & !RO_COMPAT_KNOWN != 0 {
        let bits = format!("0x{:x}", s.ro_compat & !RO_COMPAT_KNOWN);
        return Err(refuse(t::RO_COMPAT.fill(&[("bits", &bits)])));
    }
    if s.ro_compat & RO_COMPAT_METADATA_CSUM != 0 {
        let stored = u32_at(&ext.sb, 0x3FC);
        if crc32c(!0, ext.sb.get(..0x3FC).unwrap_or(&[])) != stored {
            return Err(refuse(t::SUPERBLOCK_CHECKSUM.get().to_owned()));
        }
    }
    Ok(())
}

/// Every group descriptor's checksum, when the filesystem has them (the kernel marks a group
/// with a bad one corrupt; its BLOCK_UNINIT flag means nothing).
fn check_descriptors(ext: &Ext4, s: &Super<'_>) -> Result<(), VhdxError> {
    let metadata_csum = s.ro_compat & RO_COMPAT_METADATA_CSUM != 0;
    if !metadata_csum && s.ro_compat & RO_COMPAT_GDT_CSUM == 0 {
        return Ok(());
    }
    let seed = s.csum_seed();
    let uuid = ext.sb.get(0x68..0x78).unwrap_or(&[]);
    let size = if s.incompat & INCOMPAT_64BIT != 0 { ext.desc_size as usize } else { 32 };
    for (g, d) in ext.gdt.chunks_exact(ext.desc_size as usize).enumerate() {
        let group = (g as u32).to_le_bytes();
        let (head, tail) = (d.get(..0x1E).unwrap_or(&[]), d.get(0x20..size).unwrap_or(&[]));
        let computed = if metadata_csum {
            let c = crc32c(crc32c(crc32c(seed, &group), head), &[0, 0]);
            (crc32c(c, tail) & 0xFFFF) as u16
        } else {
            crc16(crc16(crc16(0xFFFF, uuid), &group), head)
        };
        let computed = if !metadata_csum && size > 0x20 { crc16(computed, tail) } else { computed };
        if computed != u16_at(d, 0x1E) {
            return Err(refuse(t::DESC_CHECKSUM.fill(&[("g", &g)])));
        }
    }
    Ok(())
}

/// The journal must hold no transactions (jbd2's `s_start` 0): e2fsck replays one even when
/// needs_recovery is clear (reference/vhdx-writing.md §4).
fn check_journal(ext: &Ext4, s: &Super<'_>, disk: &VirtualDisk<'_>) -> Result<(), VhdxError> {
    if s.compat & COMPAT_HAS_JOURNAL == 0 {
        return Ok(());
    }
    let inum = u32_at(&ext.sb, 0xE0);
    if inum == 0 {
        return Err(refuse(t::JOURNAL_ELSEWHERE.get().to_owned()));
    }
    let bs = ext.fs.block_size;
    let inodes_per_group = u64::from(u32_at(&ext.sb, 0x28));
    let inode_size = u64::from(u16_at(&ext.sb, 0x58)).max(128);
    let index = u64::from(inum - 1);
    let group = usize::try_from(index / inodes_per_group.max(1)).unwrap_or(usize::MAX);
    let d = ext
        .gdt
        .get(group * ext.desc_size as usize..(group + 1) * ext.desc_size as usize)
        .ok_or_else(|| refuse(t::JOURNAL_INODE.fill(&[("inum", &inum)])))?;
    let wide = s.incompat & INCOMPAT_64BIT != 0 && ext.desc_size >= 64;
    let table =
        u64::from(u32_at(d, 0x08)) | if wide { u64::from(u32_at(d, 0x28)) << 32 } else { 0 };
    let mut inode = vec![0u8; inode_size as usize];
    let at = ext.fs.offset + table * bs + (index % inodes_per_group.max(1)) * inode_size;
    disk.read(&mut inode, at)?;
    let i_block = inode.get(0x28..0x28 + 60).unwrap_or(&[]).to_vec();
    let first = first_block(&i_block, u32_at(&inode, 0x20) & 0x8_0000 != 0, disk, ext)?;
    if first == 0 || first >= ext.fs.blocks_total {
        return Err(refuse(t::JOURNAL_FIRST_BLOCK.get().to_owned()));
    }
    let mut jsb = [0u8; 64];
    disk.read(&mut jsb, ext.fs.offset + first * bs)?;
    let be = |at: usize| {
        u32::from_be_bytes(jsb.get(at..at + 4).and_then(|b| b.try_into().ok()).unwrap_or([0; 4]))
    };
    if be(0) != 0xC03B_3998 {
        return Err(refuse(t::JOURNAL_NO_SUPERBLOCK.get().to_owned()));
    }
    if be(0x1C) != 0 {
        return Err(refuse(t::JOURNAL_PENDING.get().to_owned()));
    }
    Ok(())
}

/// The physical block of logical block 0 of an inode's `i_block` (extent tree or block map).
fn first_block(
    i_block: &[u8],
    extents: bool,
    disk: &VirtualDisk<'_>,
    ext: &Ext4,
) -> Result<u64, VhdxError> {
    if !extents {
        return Ok(u64::from(u32_at(i_block, 0)));
    }
    let mut node = i_block.to_vec();
    for _ in 0..6 {
        if u16_at(&node, 0) != 0xF30A || u16_at(&node, 2) == 0 {
            return Ok(0);
        }
        let depth = u16_at(&node, 6);
        // The first entry covers logical block 0 when anything does.
        if depth == 0 {
            if u32_at(&node, 12) != 0 {
                return Ok(0);
            }
            return Ok(u64::from(u32_at(&node, 20)) | u64::from(u16_at(&node, 18)) << 32);
        }
        let child = u64::from(u32_at(&node, 16)) | u64::from(u16_at(&node, 20)) << 32;
        if child >= ext.fs.blocks_total {
            return Ok(0);
        }
        node = vec![0u8; ext.fs.block_size as usize];
        disk.read(&mut node, ext.fs.offset + child * ext.fs.block_size)?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superblock_copies_follow_sparse_super() {
        let sb = vec![0u8; 1024];
        let s = Super { sb: &sb, compat: 0, incompat: 0, ro_compat: RO_COMPAT_SPARSE_SUPER };
        let with: Vec<u64> = (0..100).filter(|g| has_super(&s, *g)).collect();
        assert_eq!(with, vec![0, 1, 3, 5, 7, 9, 25, 27, 49, 81]);
        let dense = Super { ro_compat: 0, ..s };
        assert!(has_super(&dense, 42));
    }

    #[test]
    fn sparse_super2_keeps_two_backups() {
        let mut sb = vec![0u8; 1024];
        sb[0x24C] = 1;
        sb[0x250] = 40;
        let s = Super { sb: &sb, compat: COMPAT_SPARSE_SUPER2, incompat: 0, ro_compat: 1 };
        let with: Vec<u64> = (0..100).filter(|g| has_super(&s, *g)).collect();
        assert_eq!(with, vec![0, 1, 40]);
    }
}
