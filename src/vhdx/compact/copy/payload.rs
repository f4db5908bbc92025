//! The payload of a copy, in three threads: one reads the kept blocks from the original and
//! checksums them, one writes them, and one reads them back from the disk as they are flushed.

use std::fs::File;
use std::path::Path;

use super::{CHUNK, CopyError, Written, write_all_at};
use crate::vhdx::Image;
use crate::vhdx::blockset::BlockSet;
use crate::vhdx::compact::Plan;
use crate::vhdx::compact::texts::{BLOCK_DIFFERS, CHECKING_THREAD_STOPPED, WRITING_THREAD_STOPPED};
use crate::vhdx::source::{FileSource, ReadAt};
use crate::vhdx::texts::PAYLOAD_BLOCK;

/// What the reading thread hands the writing one: bytes to write at an offset, or a block
/// whose pieces are all handed over (its number, where it starts, its checksum).
enum Job {
    Piece(u64, Vec<u8>),
    Block(u64, u64, u32),
}

/// How much is written between two flushes whose blocks are then read back.
const VERIFY_STEP: u64 = 256 << 20;

/// The kept blocks, packed from `at` in virtual order, in three threads: this one reads and
/// checksums, a second writes, and every [`VERIFY_STEP`] flushes (fdatasync), drops what it
/// wrote from the page cache and hands the blocks to a third, which opens the file afresh and
/// reads them back from the disk against the checksums. Reading, writing and verifying then
/// overlap (benches/README.md). A block of zeros is not written. Returns each written block
/// with its place and checksum, the blocks of zeros, and where the payload ends.
pub(super) fn write_payload(
    image: &Image<'_>,
    plan: &Plan,
    file: &File,
    out: &Path,
    mut at: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Written, CopyError> {
    let io = |source: std::io::Error| CopyError::Write { path: out.to_path_buf(), source };
    let bs = plan.block_size;
    let chunk_len = bs.min(CHUNK as u64) as usize;
    let total = plan.keep.count() * bs;
    let mut placed = Vec::new();
    let mut zero = BlockSet::new(plan.data_blocks);
    let kept: Vec<u64> = plan.keep.iter().collect();
    // At most 8 pieces wait for the writer (8 MiB with 1 MiB blocks); their buffers come back.
    let (to_writer, inbox) = std::sync::mpsc::sync_channel::<Job>(8);
    let (give_back, spare) = std::sync::mpsc::channel::<Vec<u8>>();
    let (to_checker, flushed) = std::sync::mpsc::channel::<(u64, u64, Vec<(u64, u64, u32)>)>();
    let first = at;
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> std::io::Result<()> {
            let (mut from, mut end, mut blocks) = (first, first, Vec::new());
            let hand_over = |from: &mut u64, end: u64, blocks: &mut Vec<(u64, u64, u32)>| {
                file.sync_data()?;
                crate::vhdx::source::drop_cached(file, *from, end - *from);
                let _ = to_checker.send((*from, end, std::mem::take(blocks)));
                *from = end;
                Ok::<(), std::io::Error>(())
            };
            for job in inbox {
                match job {
                    Job::Piece(offset, buf) => {
                        write_all_at(file, &buf, offset)?;
                        end = end.max(offset + buf.len() as u64);
                        let _ = give_back.send(buf);
                    }
                    Job::Block(block, start, crc) => {
                        blocks.push((block, start, crc));
                        if end - from >= VERIFY_STEP {
                            hand_over(&mut from, end, &mut blocks)?;
                        }
                    }
                }
            }
            hand_over(&mut from, end, &mut blocks)
        });
        let checker = scope.spawn(move || -> Result<(), String> {
            let mut buf = Vec::new();
            for (from, end, blocks) in flushed {
                let src = FileSource::open(out).map_err(|e| e.to_string())?;
                src.will_need(from, end - from);
                for (block, start, crc) in blocks {
                    let (got, _) =
                        crate::vhdx::compact::verify::block_sum(&src, start, bs, &mut buf)
                            .map_err(|e| e.to_string())?;
                    if got != crc {
                        return Err(BLOCK_DIFFERS.fill(&[("block", &block)]));
                    }
                }
            }
            Ok(())
        });
        let send = |job: Job| to_writer.send(job).is_ok();
        // Zeros before data in a block: in pieces no larger than a chunk.
        let send_zeros = |mut at: u64, mut n: u64| {
            while n > 0 {
                let k = n.min(chunk_len as u64);
                if !send(Job::Piece(at, vec![0u8; k as usize])) {
                    return false;
                }
                (at, n) = (at + k, n - k);
            }
            true
        };
        let read: Result<(), CopyError> = (|| {
            let mut done = 0u64;
            for (k, &block) in kept.iter().enumerate() {
                crate::vhdx::compact::verify::read_ahead(
                    &image.view,
                    |i| kept.get(i).map(|b| image.bat.payload(*b).1),
                    k,
                    bs,
                );
                let (_, from) = image.bat.payload(block);
                let (mut crc, mut pending_zeros, mut offset, start) = (0, 0u64, 0u64, at);
                while offset < bs {
                    let n = (bs - offset).min(chunk_len as u64) as usize;
                    let mut chunk = spare.try_recv().unwrap_or_else(|_| vec![0u8; chunk_len]);
                    chunk.resize(n, 0);
                    // An old qemu's last block may end early: the rest reads as zeros.
                    let available =
                        image.view.len().saturating_sub(from + offset).min(n as u64) as usize;
                    let (head, tail) = chunk.split_at_mut(available);
                    image.view.read_exact_at(head, from + offset, PAYLOAD_BLOCK.get())?;
                    tail.fill(0);
                    crc = crate::vhdx::bytes::crc32c(crc, &chunk);
                    if chunk.iter().all(|b| *b == 0) {
                        pending_zeros += n as u64;
                    } else {
                        if !send_zeros(at, pending_zeros) {
                            return Ok(());
                        }
                        at += pending_zeros;
                        pending_zeros = 0;
                        if !send(Job::Piece(at, chunk)) {
                            return Ok(());
                        }
                        at += n as u64;
                    }
                    offset += n as u64;
                }
                if at == start {
                    zero.insert(block);
                } else {
                    if !send_zeros(at, pending_zeros) || !send(Job::Block(block, start, crc)) {
                        return Ok(());
                    }
                    at += pending_zeros;
                    placed.push((block, start, crc));
                }
                done += bs;
                progress(done, total);
            }
            Ok(())
        })();
        drop(to_writer);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other(WRITING_THREAD_STOPPED.get())));
        let checked =
            checker.join().unwrap_or_else(|_| Err(CHECKING_THREAD_STOPPED.get().to_owned()));
        read?;
        written.map_err(io)?;
        checked.map_err(|why| CopyError::Verify { path: out.to_path_buf(), why })
    })?;
    Ok(Written { placed, zero, length: at })
}
