//! The write phase of an in-place compaction, in the order that survives a crash at any write
//! or flush (reference/vhdx-writing.md §0, §1.3, §1.5, §1.9):
//!
//! 1. both headers with a new FileWriteGuid (and a new DataWriteGuid when dropped blocks held
//!    data), each flushed;
//! 2. an empty log entry under a new LogGuid, flushed, and only then the headers naming it;
//! 3. the drops: the changed BAT pages logged, flushed, applied, flushed — only now are the
//!    dropped blocks' slots free;
//! 4. each batch of moves: the data copied into free slots, flushed; the BAT pages logged,
//!    flushed, applied, flushed — only then are the batch's old slots free;
//! 5. the headers with LogGuid 0, flushed, and the file shortened last.
//!
//! A crash anywhere leaves a file that reads the same on every kept block, with or without the
//! log replayed; [`recover`] replays it, and running again finishes the job.

use super::{Move, Prepared, new_entry};
use crate::vhdx::bat::state;
use crate::vhdx::bytes::{Guid, u64_at};
use crate::vhdx::compact::format::{self, HeaderFields};
use crate::vhdx::compact::io::{Disk, Reading};
use crate::vhdx::compact::journal::{self, Cursor, Page};
use crate::vhdx::compact::{Plan, texts};
use crate::vhdx::header::{self, Header};
use crate::vhdx::{VhdxError, log};

/// Deliberate mistakes the crash tests must catch (each one a rule of the protocol broken);
/// only the tests choose one.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// The flush between copying blocks and logging their new places is left out.
    FlushDropped,
    /// The headers name the new log before its first entry is written.
    HeaderBeforeLog,
    /// Slots the drops free are reused before the drops are logged and applied.
    SlotReusedEarly,
}

/// What the writes did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done {
    /// Blocks moved.
    pub blocks_moved: u64,
    /// The file's length now.
    pub final_length: u64,
}

fn io(e: std::io::Error) -> VhdxError {
    VhdxError::Io(e)
}

/// The two headers: the fields written last and which slot holds them.
struct Headers {
    fields: HeaderFields,
    current: usize,
}

impl Headers {
    fn from(h: &Header) -> Self {
        Headers {
            fields: HeaderFields {
                sequence_number: h.sequence_number,
                file_write_guid: h.file_write_guid,
                data_write_guid: h.data_write_guid,
                log_guid: h.log_guid,
                log_length: h.log_length,
                log_offset: h.log_offset,
            },
            current: usize::from(h.copy.saturating_sub(1)),
        }
    }

    /// The update protocol, done twice so both slots hold the new fields: the non-current slot
    /// with the next sequence number, flushed, then the other.
    fn update(
        &mut self,
        disk: &mut dyn Disk,
        change: impl FnOnce(&mut HeaderFields),
    ) -> Result<(), VhdxError> {
        change(&mut self.fields);
        for _ in 0..2 {
            self.fields.sequence_number = self.fields.sequence_number.wrapping_add(1);
            let slot = 1 - self.current;
            let at = format::HEADER_OFFSETS.get(slot).copied().unwrap_or(format::HEADER_OFFSETS[0]);
            disk.write_at(&format::header(&self.fields), at).map_err(io)?;
            disk.flush().map_err(io)?;
            self.current = slot;
        }
        Ok(())
    }
}

/// The log being written.
struct Log {
    guid: Guid,
    offset: u64,
    cursor: Cursor,
    file_length: u64,
}

impl Log {
    /// Writes one entry with `pages` and flushes it.
    fn write(&mut self, disk: &mut dyn Disk, pages: &[Page]) -> Result<(), VhdxError> {
        let at = self.cursor.place(journal::entry_length(pages.len()));
        let entry =
            journal::entry(self.cursor.sequence, at as u32, &self.guid, self.file_length, pages);
        disk.write_at(&entry, self.offset + at).map_err(io)?;
        disk.flush().map_err(io)?;
        self.cursor.previous = (at, entry.len() as u64);
        self.cursor.sequence += 1;
        Ok(())
    }

    /// Logs `pages`, then writes them in place: each step flushed.
    fn commit(&mut self, disk: &mut dyn Disk, pages: &[Page]) -> Result<(), VhdxError> {
        if pages.is_empty() {
            return Ok(());
        }
        self.write(disk, pages)?;
        for (at, page) in pages {
            disk.write_at(page.as_slice(), *at).map_err(io)?;
        }
        disk.flush().map_err(io)
    }
}

/// Replays a log left in the file (by a stopped compaction, or anyone) to disk, as the spec
/// requires before any other write (§2.3.3): a new FileWriteGuid first, then the replayed
/// writes, flushed, then LogGuid 0. Returns whether there was a log.
pub fn recover(disk: &mut dyn Disk) -> Result<bool, VhdxError> {
    let (h, writes, length) = {
        let src = Reading(&*disk);
        let h = header::read_current(&src, &mut Vec::new())?;
        if h.log_guid == [0; 16] {
            return Ok(false);
        }
        let state = log::read(&src, &h, &mut Vec::new())?;
        match state.overlay {
            Some(patches) => {
                let writes: Vec<(u64, u64, Option<Vec<u8>>)> =
                    patches.writes().map(|(s, e, b)| (s, e, b.map(<[u8]>::to_vec))).collect();
                (h, writes, patches.len())
            }
            None if state.dirty => {
                return Err(VhdxError::Refused(texts::LOG_NEEDS_LONGER.get().to_owned()));
            }
            None => (h, Vec::new(), disk.len()),
        }
    };
    let mut headers = Headers::from(&h);
    headers.update(disk, |f| f.file_write_guid = format::random_guid())?;
    for (start, end, bytes) in writes {
        let data = match bytes {
            Some(b) if b.len() as u64 == end - start => b,
            Some(_) => {
                return Err(VhdxError::Corrupt(texts::LOG_WRITE_LENGTH.get().to_owned()));
            }
            None => vec![0u8; usize::try_from(end - start).unwrap_or(0)],
        };
        disk.write_at(&data, start).map_err(io)?;
    }
    if length > disk.len() {
        disk.set_len(length).map_err(io)?;
    }
    disk.flush().map_err(io)?;
    headers.update(disk, |f| f.log_guid = [0; 16])?;
    Ok(true)
}

/// Writes what `p` prepared. The file must be the one `p` was read from, unchanged since (its
/// header is compared first). `progress` hears (bytes moved, bytes to move).
pub fn run(
    disk: &mut dyn Disk,
    p: &Prepared,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Done, VhdxError> {
    run_with(disk, p, progress, None, &mut |_| {}, &mut |_| {})
}

/// [`run`], telling `durable` each batch of moves once it is applied and flushed (their new
/// places can then be read back while the next batch is written).
pub fn run_observed(
    disk: &mut dyn Disk,
    p: &Prepared,
    progress: &mut dyn FnMut(u64, u64),
    durable: &mut dyn FnMut(&[Move]),
) -> Result<Done, VhdxError> {
    run_with(disk, p, progress, None, &mut |_| {}, durable)
}

/// [`run`], with one of the protocol's rules broken (the crash tests' mutations) and the plan
/// changed by `adjust` as [`super::prepare_with`] changed it.
pub(in crate::vhdx::compact) fn run_with(
    disk: &mut dyn Disk,
    p: &Prepared,
    progress: &mut dyn FnMut(u64, u64),
    mutation: Option<Mutation>,
    adjust: &mut dyn FnMut(&mut Plan),
    durable: &mut dyn FnMut(&[Move]),
) -> Result<Done, VhdxError> {
    let is = |m: Mutation| mutation == Some(m);
    let now = header::read_current(&Reading(&*disk), &mut Vec::new())?;
    if now.sequence_number != p.header.sequence_number
        || now.file_write_guid != p.header.file_write_guid
        || now.log_guid != [0; 16]
    {
        return Err(VhdxError::Refused(texts::CHANGED_SINCE_READ.get().to_owned()));
    }
    if p.nothing_to_do() {
        return Ok(Done { blocks_moved: 0, final_length: disk.len() });
    }
    recheck(&*disk, p, adjust)?;
    let mut headers = Headers::from(&p.header);
    headers.update(disk, |f| {
        f.file_write_guid = format::random_guid();
        if p.drops_data {
            f.data_write_guid = format::random_guid();
        }
    })?;
    let mut log = Log {
        guid: format::random_guid(),
        offset: p.header.log_offset,
        cursor: Cursor {
            log_length: u64::from(p.header.log_length),
            previous: (0, 0),
            sequence: 1,
        },
        file_length: disk.len(),
    };
    let guid = log.guid;
    if is(Mutation::HeaderBeforeLog) {
        headers.update(disk, |f| f.log_guid = guid)?;
    }
    log.write(disk, &[])?;
    if !is(Mutation::HeaderBeforeLog) {
        headers.update(disk, |f| f.log_guid = guid)?;
    }
    // The drops.
    let per_entry = journal::pages_per_entry(log.cursor.log_length);
    let mut carried: Vec<Page> = Vec::new();
    for chunk in p.pages.chunks(per_entry) {
        let pages = drop_pages(disk, p, chunk)?;
        if is(Mutation::SlotReusedEarly) {
            carried.extend(pages);
        } else {
            log.commit(disk, &pages)?;
        }
    }
    // The moves.
    let bs = p.geometry.block_size;
    let total = p.moves() * bs;
    let mut moved = 0u64;
    let mut buf = vec![0u8; (bs as usize).min(4 << 20)];
    for (b, batch) in p.batches.iter().enumerate() {
        // The blocks this batch and the next move are read ahead while earlier ones are copied.
        let ahead = if b == 0 {
            p.batches.iter().take(2).collect::<Vec<_>>()
        } else {
            p.batches.get(b + 1).into_iter().collect()
        };
        for m in ahead.into_iter().flatten() {
            disk.will_need(m.from, bs);
        }
        // Copying into a slot can fail (ENOSPC where the slot is a hole of a sparse file):
        // everything logged so far is applied, so the log is closed and the file left valid,
        // only not yet compact.
        let copied = batch.iter().try_for_each(|m| copy_block(disk, m, bs, &mut buf));
        let flushed = copied.and_then(|()| {
            if is(Mutation::FlushDropped) { Ok(()) } else { disk.flush().map_err(io) }
        });
        if let Err(e) = flushed {
            let _ = headers.update(disk, |f| f.log_guid = [0; 16]);
            return Err(e);
        }
        let mut pages: std::collections::BTreeMap<u64, Box<[u8; 4096]>> =
            std::mem::take(&mut carried).into_iter().collect();
        for m in batch {
            move_entry(disk, p, m, &mut pages)?;
        }
        let pages: Vec<Page> = pages.into_iter().collect();
        for chunk in pages.chunks(per_entry) {
            log.commit(disk, chunk)?;
        }
        moved += batch.len() as u64 * bs;
        progress(moved, total);
        durable(batch);
    }
    log.commit(disk, &carried)?;
    // Done: the log is empty, then the file shrinks (a crash between the two leaves a valid
    // file that is only too long).
    headers.update(disk, |f| f.log_guid = [0; 16])?;
    if p.final_length < disk.len() {
        disk.set_len(p.final_length).map_err(io)?;
    }
    Ok(Done { blocks_moved: p.moves(), final_length: disk.len() })
}

/// What `p` decided, decided again through the held file before anything is written: the
/// same blocks kept (the bitmaps read again), and the blocks found to hold only zeros still
/// zeros. A program that had the file open (and so did not change its header) while `prepare`
/// read it, and wrote to it then, is caught here; none can open it now.
fn recheck(
    disk: &dyn Disk,
    p: &Prepared,
    adjust: &mut dyn FnMut(&mut Plan),
) -> Result<(), VhdxError> {
    let changed = || VhdxError::Refused(texts::CHANGED_WHILE_READ.get().to_owned());
    let src = Reading(disk);
    let image = crate::vhdx::Image::open(&src)?;
    let mut plan = crate::vhdx::compact::plan(&image)?;
    adjust(&mut plan);
    if plan.keep != p.plan.keep {
        return Err(changed());
    }
    let bs = p.geometry.block_size;
    let mut buf = Vec::new();
    for block in p.zero.iter() {
        let (state, at) = image.bat.payload(block);
        if state != state::FULLY_PRESENT
            || !crate::vhdx::compact::verify::block_sum(&src, at, bs, &mut buf)?.1
        {
            return Err(changed());
        }
    }
    Ok(())
}

/// The BAT pages `indexes` with the drops made.
fn drop_pages(disk: &mut dyn Disk, p: &Prepared, indexes: &[u64]) -> Result<Vec<Page>, VhdxError> {
    let entries = p.geometry.entries;
    let mut out = Vec::new();
    for &page_index in indexes {
        let at = p.bat.offset + page_index * 4096;
        let mut page = Box::new([0u8; 4096]);
        disk.read_at(page.as_mut_slice(), at).map_err(io)?;
        for (i, raw) in page.chunks_exact_mut(8).enumerate() {
            let index = page_index * 512 + i as u64;
            if index >= entries {
                break;
            }
            let new = new_entry(u64_at(raw, 0), index, &p.geometry, &p.plan.keep, &p.zero);
            raw.copy_from_slice(&new.to_le_bytes());
        }
        out.push((at, page));
    }
    Ok(out)
}

/// Copies a block's bytes to its new slot.
fn copy_block(disk: &mut dyn Disk, m: &Move, bs: u64, buf: &mut [u8]) -> Result<(), VhdxError> {
    let mut offset = 0;
    while offset < bs {
        let n = (bs - offset).min(buf.len() as u64) as usize;
        let chunk = buf.get_mut(..n).unwrap_or_default();
        disk.read_at(chunk, m.from + offset).map_err(io)?;
        disk.write_at(chunk, m.to + offset).map_err(io)?;
        offset += n as u64;
    }
    Ok(())
}

/// Points a moved block's BAT entry at its new slot, in the page being built.
fn move_entry(
    disk: &mut dyn Disk,
    p: &Prepared,
    m: &Move,
    pages: &mut std::collections::BTreeMap<u64, Box<[u8; 4096]>>,
) -> Result<(), VhdxError> {
    let byte = p.geometry.payload_index(m.block) * 8;
    let at = p.bat.offset + byte / 4096 * 4096;
    let page = match pages.entry(at) {
        std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
        std::collections::btree_map::Entry::Vacant(v) => {
            let mut page = Box::new([0u8; 4096]);
            disk.read_at(page.as_mut_slice(), at).map_err(io)?;
            v.insert(page)
        }
    };
    let within = (byte % 4096) as usize;
    let slot = page
        .get_mut(within..within + 8)
        .ok_or_else(|| VhdxError::Corrupt(crate::vhdx::texts::B_ENTRY.get().to_owned()))?;
    if u64_at(slot, 0) != m.from | u64::from(state::FULLY_PRESENT) {
        return Err(VhdxError::Corrupt(texts::NOT_WHERE_PLANNED.fill(&[("block", &m.block)])));
    }
    slot.copy_from_slice(&(m.to | u64::from(state::FULLY_PRESENT)).to_le_bytes());
    Ok(())
}
