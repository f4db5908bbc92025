//! Fuzzes the VHDX reader (`wsltune::vhdx::inspect`, which includes the ext4 reader and the
//! log replay) and the compaction planner on the same input (`compact::plan`, the strict ext4
//! usage with its checksums and refusals, and in-place mode's `prepare`: zero scan, changed BAT
//! pages, moves).
//!
//! A real VHDX is at least 8 MiB, mostly zeros, which libFuzzer cannot mutate well. So an
//! input describes a sparse file: byte 0 holds flags (bit 0: recompute the header and region
//! table checksums, so mutations get past them), bytes 1–2 the file length in 64 KiB units,
//! then records `offset: u32 LE, length: u16 LE, bytes` laid over zeros in order.
//! `fuzz/encode_seed.py` turns a VHDX made by qemu-img into such an input.
#![no_main]

use std::io;

use libfuzzer_sys::fuzz_target;
use wsltune::vhdx::bytes::fix_checksum;
use wsltune::vhdx::source::ReadAt;

struct Sparse {
    len: u64,
    chunks: Vec<(u64, Vec<u8>)>,
}

impl ReadAt for Sparse {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at_unchecked(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        buf.fill(0);
        let end = offset + buf.len() as u64;
        for (start, data) in &self.chunks {
            let stop = start + data.len() as u64;
            let (lo, hi) = (offset.max(*start), end.min(stop));
            if lo < hi {
                let dst = &mut buf[(lo - offset) as usize..(hi - offset) as usize];
                dst.copy_from_slice(&data[(lo - start) as usize..(hi - start) as usize]);
            }
        }
        Ok(())
    }
}

fn decode(data: &[u8]) -> Option<Sparse> {
    let flags = *data.first()?;
    let units = u16::from_le_bytes([*data.get(1)?, *data.get(2)?]);
    let mut sparse = Sparse { len: u64::from(units) << 16, chunks: Vec::new() };
    let mut rest = data.get(3..)?;
    while rest.len() >= 6 {
        let offset = u64::from(u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]));
        let len = usize::from(u16::from_le_bytes([rest[4], rest[5]])).min(rest.len() - 6);
        let bytes = rest[6..6 + len].to_vec();
        if offset + len as u64 <= sparse.len {
            sparse.chunks.push((offset, bytes));
        }
        rest = &rest[6 + len..];
    }
    if flags & 1 == 1 {
        for (at, size) in [(64u64 << 10, 4096usize), (128 << 10, 4096), (192 << 10, 65536), (256 << 10, 65536)] {
            if at + size as u64 <= sparse.len {
                let mut structure = vec![0u8; size];
                sparse.read_at_unchecked(&mut structure, at).ok()?;
                fix_checksum(&mut structure);
                sparse.chunks.push((at, structure));
            }
        }
    }
    Some(sparse)
}

fuzz_target!(|data: &[u8]| {
    let Some(image) = decode(data) else { return };
    if let Ok(r) = wsltune::vhdx::inspect(&image) {
        let allocated = r.allocated_bytes.unwrap_or(0);
        assert!(allocated <= image.len, "allocated {allocated} > file {}", image.len);
        if let Some(reclaimable) = r.reclaimable_bytes {
            assert!(reclaimable <= allocated, "reclaimable {reclaimable} > allocated {allocated}");
        }
        if let Some(fs) = &r.filesystem {
            assert!(fs.blocks_free <= fs.blocks_total);
            assert!(fs.offset + fs.blocks_total * fs.block_size <= r.virtual_size.unwrap_or(0));
        }
    }
    let Ok(opened) = wsltune::vhdx::Image::open(&image) else { return };
    if let Ok(plan) = wsltune::vhdx::compact::plan(&opened) {
        assert!(plan.keep.count() <= plan.present);
        assert!(plan.after_at_most().allocated_bytes <= plan.allocated_bytes.max(plan.present * plan.block_size));
    }
    if let Ok(p) = wsltune::vhdx::compact::in_place::prepare(&image, true, &mut |_, _| {}) {
        assert!(p.final_length <= image.len);
        for m in p.batches.iter().flatten() {
            assert!(m.to < m.from, "a move goes down: {m:?}");
        }
    }
});
