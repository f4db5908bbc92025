//! The BAT reader's tests: the fast tally against an entry-by-entry model, present blocks, and
//! the reference tables' geometry.

use super::*;
use crate::vhdx::MIB;
use crate::vhdx::metadata::Metadata;
use crate::vhdx::region::Region;
use crate::vhdx::source::ReadAt;

/// The present blocks the iterator gives are the ones `payload` finds, with the sector
/// bitmap entries between chunks left out.
#[test]
fn present_blocks_skip_bitmap_entries() {
    const MB: u64 = 1 << 20;
    let geometry = Geometry { block_size: MB, chunk_ratio: 4, data_blocks: 10, entries: 12 };
    // Blocks 0, 3, 4 (index 5, after the bitmap at index 4) and 9 (index 11); a bitmap at 9.
    let entries = vec![
        (0, Entry(6 | (8 * MB))),
        (3, Entry(7 | (9 * MB))),
        (4, Entry(6 | (2 * MB))),
        (5, Entry(6 | (10 * MB))),
        (9, Entry(6 | (3 * MB))),
        (11, Entry(6 | (11 * MB))),
    ];
    let bat = Bat {
        geometry,
        entries,
        counts: BlockCounts::default(),
        allocated_bytes: 0,
        bitmap_blocks: 0,
        anomalies: Default::default(),
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
        assert_eq!(got.entries.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [3, 16_390, 20_484]);
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
