//! Crash safety of in-place compaction, modelled (reference/vhdx-writing.md §1.9): an I/O layer
//! that records every write, flush and truncation; at each of them a crash keeps what was
//! flushed plus none, all, a prefix, or torn sectors of the writes not yet flushed. Each such
//! file must open (its log, if any, naming a valid entry), read the same on every kept block
//! (and dropped blocks as before or as zeros, never as another block's data), and a rerun must
//! finish the job. Three deliberate breaks of the protocol must each be caught.

use super::Plan;
use super::format::{self, HeaderFields};
use super::in_place::write::{self, Mutation};
use super::in_place::{self, Prepared};
use super::io::{Disk, Reading};
use crate::vhdx::bytes::{Guid, fix_checksum};
use crate::vhdx::metadata::{
    FILE_PARAMETERS, LOGICAL_SECTOR_SIZE, PAGE_83_DATA, PHYSICAL_SECTOR_SIZE, VIRTUAL_DISK_SIZE,
};
use crate::vhdx::region::{BAT_GUID, METADATA_GUID, Region};
use crate::vhdx::{Image, MIB, header, log};

#[derive(Debug, Clone)]
enum Event {
    Write(u64, Vec<u8>),
    Flush,
    SetLen(u64),
}

/// A file in memory that records what is done to it; with `full_after`, writes after that
/// many fail with ENOSPC (as writes into the holes of a sparse file on a full drive).
#[derive(Clone)]
struct Model {
    bytes: Vec<u8>,
    trace: Vec<Event>,
    full_after: Option<usize>,
}

impl Disk for Model {
    fn len(&self) -> u64 {
        self.bytes.len() as u64
    }
    fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<()> {
        let src = self
            .bytes
            .get(at as usize..at as usize + buf.len())
            .ok_or(std::io::ErrorKind::UnexpectedEof)?;
        buf.copy_from_slice(src);
        Ok(())
    }
    fn write_at(&mut self, buf: &[u8], at: u64) -> std::io::Result<()> {
        let writes = self.trace.iter().filter(|e| matches!(e, Event::Write(..))).count();
        if self.full_after.is_some_and(|n| writes >= n) && buf.len() as u64 >= MIB {
            return Err(std::io::Error::from_raw_os_error(28));
        }
        apply(&mut self.bytes, &Event::Write(at, buf.to_vec()));
        self.trace.push(Event::Write(at, buf.to_vec()));
        Ok(())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.trace.push(Event::Flush);
        Ok(())
    }
    fn set_len(&mut self, len: u64) -> std::io::Result<()> {
        apply(&mut self.bytes, &Event::SetLen(len));
        self.trace.push(Event::SetLen(len));
        Ok(())
    }
}

fn apply(bytes: &mut Vec<u8>, e: &Event) {
    match e {
        Event::Write(at, data) => {
            let end = *at as usize + data.len();
            if bytes.len() < end {
                bytes.resize(end, 0);
            }
            bytes[*at as usize..end].copy_from_slice(data);
        }
        // A truncation is durable when it returns (set_len flushes).
        Event::SetLen(len) => bytes.resize(*len as usize, 0),
        Event::Flush => {}
    }
}

/// What a test disk holds: block `i` is `Some(fill)` (a block of that byte), `Some(0)` (a
/// present block of zeros) or `None` (not present).
fn build(blocks: &[Option<u8>], order: &[usize]) -> Vec<u8> {
    let bs = MIB;
    let payload = 4 * MIB;
    let mut b = vec![0u8; payload as usize];
    let put = |b: &mut Vec<u8>, at: u64, bytes: &[u8]| {
        if b.len() < at as usize + bytes.len() {
            b.resize(at as usize + bytes.len(), 0);
        }
        b[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
    };
    put(&mut b, 0, &format::identifier("test"));
    for (i, at) in format::HEADER_OFFSETS.into_iter().enumerate() {
        let fields = HeaderFields {
            sequence_number: 10 + i as u64,
            file_write_guid: [1; 16],
            data_write_guid: [2; 16],
            log_guid: [0; 16],
            log_length: MIB as u32,
            log_offset: MIB,
        };
        put(&mut b, at, &format::header(&fields));
    }
    let table = format::region_table(&[
        (BAT_GUID, Region { offset: 2 * MIB, length: MIB }, true),
        (METADATA_GUID, Region { offset: 3 * MIB, length: MIB }, true),
    ]);
    for at in format::TABLE_OFFSETS {
        put(&mut b, at, &table);
    }
    // Metadata: the table, then the items from 64 KiB.
    let m = 3 * MIB;
    put(&mut b, m, b"metadata");
    put(&mut b, m + 10, &5u16.to_le_bytes());
    let virtual_size = blocks.len() as u64 * bs;
    let items: [(Guid, Vec<u8>); 5] = [
        (FILE_PARAMETERS, [(bs as u32).to_le_bytes(), 0u32.to_le_bytes()].concat()),
        (VIRTUAL_DISK_SIZE, virtual_size.to_le_bytes().to_vec()),
        (PAGE_83_DATA, vec![9; 16]),
        (LOGICAL_SECTOR_SIZE, 512u32.to_le_bytes().to_vec()),
        (PHYSICAL_SECTOR_SIZE, 4096u32.to_le_bytes().to_vec()),
    ];
    for (i, (id, data)) in items.iter().enumerate() {
        let e = m + 32 + i as u64 * 32;
        let offset = 64 * 1024 + i as u64 * 64;
        put(&mut b, e, id);
        put(&mut b, e + 16, &(offset as u32).to_le_bytes());
        put(&mut b, e + 20, &(data.len() as u32).to_le_bytes());
        put(&mut b, e + 24, &4u32.to_le_bytes());
        put(&mut b, m + offset, data);
    }
    // Payload blocks in the file in `order`, the BAT pointing at them.
    let mut at = payload;
    for &i in order {
        if let Some(fill) = blocks[i] {
            put(&mut b, at, &vec![fill; bs as usize]);
            put(&mut b, 2 * MIB + i as u64 * 8, &(at | 6).to_le_bytes());
            at += bs;
        }
    }
    b
}

/// The disk used below: data blocks, zero blocks and absent ones, stored out of order so that
/// dropped and zero blocks leave holes the tail's blocks move into.
fn disk() -> (Vec<u8>, Vec<Option<u8>>) {
    let blocks = vec![
        Some(0x11),
        Some(0),
        Some(0x22),
        None,
        Some(0x33),
        Some(0x44),
        Some(0),
        Some(0x55),
        Some(0x66),
        Some(0x77),
    ];
    let order = [9, 1, 0, 6, 2, 4, 5, 7, 8];
    (build(&blocks, &order), blocks)
}

/// Blocks the plan drops although they hold data (as ext4's free blocks do): 5 and 8.
fn adjust(plan: &mut Plan) {
    let mut keep = plan.keep.clone();
    keep.remove(5);
    keep.remove(8);
    plan.keep = keep;
}

fn prepare(bytes: &[u8]) -> Prepared {
    in_place::prepare_with(&bytes, true, &mut |_, _| {}, &mut adjust).unwrap()
}

fn read_block(bytes: &[u8], block: u64) -> Result<Vec<u8>, String> {
    let image = Image::open(&bytes).map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; MIB as usize];
    image.read_virtual(&mut buf, block * MIB).map_err(|e| e.to_string())?;
    Ok(buf)
}

/// Checks one file a crash could leave: it opens, its log is valid if named, kept blocks read
/// as before and dropped ones as before or as zeros.
fn check(bytes: &[u8], blocks: &[Option<u8>]) -> Result<(), String> {
    let h = header::read_current(&bytes, &mut Vec::new()).map_err(|e| e.to_string())?;
    if h.log_guid != [0; 16] {
        let state = log::read(&bytes, &h, &mut Vec::new()).map_err(|e| e.to_string())?;
        if !state.dirty {
            return Err("the header names a log with no valid entry (Windows calls this corrupt)"
                .to_owned());
        }
    }
    let image = Image::open(&bytes).map_err(|e| e.to_string())?;
    let mut got = vec![0u8; MIB as usize];
    for (i, fill) in blocks.iter().enumerate() {
        image.read_virtual(&mut got, i as u64 * MIB).map_err(|e| e.to_string())?;
        let before = fill.unwrap_or(0);
        let dropped = matches!(i, 5 | 8);
        let ok = got.iter().all(|b| *b == before) || (dropped && got.iter().all(|b| *b == 0));
        if !ok {
            return Err(format!("block {i} reads {:#x}…, not {before:#x}", got[0]));
        }
    }
    Ok(())
}

/// Runs a compaction on `bytes`: replays a log first, prepares, writes.
fn compact(bytes: Vec<u8>, mutation: Option<Mutation>) -> Result<Model, String> {
    let mut m = Model { bytes, trace: Vec::new(), full_after: None };
    write::recover(&mut m).map_err(|e| e.to_string())?;
    let p = in_place::prepare_with(&Reading(&m), true, &mut |_, _| {}, &mut adjust)
        .map_err(|e| e.to_string())?;
    write::run_with(&mut m, &p, &mut |_, _| {}, mutation, &mut adjust, &mut |_| {})
        .map_err(|e| e.to_string())?;
    Ok(m)
}

/// Every file a crash could leave during the run traced in `m`, from `start`.
fn crash_images(start: &[u8], trace: &[Event]) -> Vec<(usize, &'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let mut durable = start.to_vec();
    let mut pending: Vec<Event> = Vec::new();
    for (k, event) in trace.iter().enumerate() {
        match event {
            Event::Flush => {
                for e in pending.drain(..) {
                    apply(&mut durable, &e);
                }
            }
            Event::SetLen(_) => {
                pending.push(event.clone());
                for e in pending.drain(..) {
                    apply(&mut durable, &e);
                }
            }
            Event::Write(..) => pending.push(event.clone()),
        }
        out.push((k, "flushed only", durable.clone()));
        if pending.is_empty() {
            continue;
        }
        let mut all = durable.clone();
        pending.iter().for_each(|e| apply(&mut all, e));
        out.push((k, "all pending", all));
        if pending.len() > 1 {
            let mut prefix = durable.clone();
            pending[..pending.len() / 2].iter().for_each(|e| apply(&mut prefix, e));
            out.push((k, "a prefix", prefix));
            let mut last_only = durable.clone();
            apply(&mut last_only, pending.last().unwrap());
            out.push((k, "the last write only", last_only));
        }
        if let Some(Event::Write(at, data)) = pending.last()
            && data.len() > 4096
        {
            // Torn: every other 4 KiB sector of the last write.
            let mut torn = durable.clone();
            pending[..pending.len() - 1].iter().for_each(|e| apply(&mut torn, e));
            for (s, sector) in data.chunks(4096).enumerate().filter(|(s, _)| s % 2 == 0) {
                apply(&mut torn, &Event::Write(at + s as u64 * 4096, sector.to_vec()));
            }
            out.push((k, "torn sectors", torn));
        }
    }
    out
}

/// Checks every crash image of a run with `mutation`; the first failure, if any.
fn first_failure(mutation: Option<Mutation>) -> Option<String> {
    let (start, blocks) = disk();
    let done = compact(start.clone(), mutation).expect("the run completes");
    let clean = compact(start.clone(), None).expect("a clean run");
    // Many crash images are the same file (a flush's images repeat until the next write):
    // each distinct one is rerun under crashes once.
    let mut seen = std::collections::HashSet::new();
    for (k, how, image) in crash_images(&start, &done.trace) {
        if let Err(why) = check(&image, &blocks) {
            return Some(format!("after event {k} ({how}): {why}"));
        }
        if mutation.is_some() {
            continue;
        }
        // A rerun finishes the job, to the same file a clean run makes; where it starts by
        // replaying a log, a crash during that rerun is as safe as during the first run.
        let logged = header::read_current(&image.as_slice(), &mut Vec::new())
            .is_ok_and(|h| h.log_guid != [0; 16]);
        let fresh = seen.insert(crate::vhdx::bytes::crc32c(0, &image));
        let before_rerun = (logged && fresh).then(|| image.clone());
        let rerun = match compact(image, None) {
            Ok(m) => m,
            Err(e) => return Some(format!("after event {k} ({how}): the rerun failed: {e}")),
        };
        if let Err(why) = check(&rerun.bytes, &blocks) {
            return Some(format!("after event {k} ({how}), rerun: {why}"));
        }
        if rerun.bytes.len() != clean.bytes.len() {
            return Some(format!(
                "after event {k} ({how}): the rerun left {} bytes, a clean run {}",
                rerun.bytes.len(),
                clean.bytes.len()
            ));
        }
        for (j, how2, image2) in before_rerun.iter().flat_map(|b| crash_images(b, &rerun.trace)) {
            if let Err(why) = check(&image2, &blocks) {
                return Some(format!(
                    "after event {k} ({how}), then {j} of the rerun ({how2}): {why}"
                ));
            }
        }
    }
    None
}

#[test]
fn a_crash_at_any_write_or_flush_loses_nothing_and_a_rerun_finishes() {
    let (start, blocks) = disk();
    let done = compact(start.clone(), None).unwrap();
    check(&done.bytes, &blocks).unwrap();
    // Blocks 1 and 6 held only zeros, 5 and 8 were dropped: 5 of 9 stay, packed after the
    // four MiB of structures.
    assert_eq!(done.bytes.len() as u64, (4 + 5) * MIB);
    for b in [1, 5, 6, 8] {
        assert!(read_block(&done.bytes, b).unwrap().iter().all(|x| *x == 0));
    }
    assert!(done.trace.len() > 20, "{} events", done.trace.len());
    if let Some(failure) = first_failure(None) {
        panic!("{failure}");
    }
    // Compacted once: nothing more to do, and nothing is written.
    let again = compact(done.bytes.clone(), None).unwrap();
    assert!(again.trace.is_empty(), "{:?}", again.trace.len());
    assert!(prepare(&done.bytes).nothing_to_do());
}

#[test]
fn each_broken_rule_is_caught() {
    // Each caught for its own reason: a moved block read before its data was durable; a log
    // named before it existed; a dropped block's slot holding another block's data.
    for (mutation, why) in [
        (Mutation::FlushDropped, "reads 0x0…"),
        (Mutation::HeaderBeforeLog, "no valid entry"),
        (Mutation::SlotReusedEarly, "reads 0x55…"),
    ] {
        let failure = first_failure(Some(mutation));
        assert!(failure.as_deref().is_some_and(|f| f.contains(why)), "{mutation:?}: {failure:?}");
    }
}

#[test]
fn the_header_must_not_change_between_prepare_and_write() {
    let (start, _) = disk();
    let p = prepare(&start);
    let mut m = Model { bytes: start, trace: Vec::new(), full_after: None };
    let mut h = header::read_current(&m.bytes.as_slice(), &mut Vec::new()).unwrap();
    h.sequence_number += 5;
    let mut raw = format::header(&HeaderFields {
        sequence_number: h.sequence_number,
        file_write_guid: [7; 16],
        data_write_guid: h.data_write_guid,
        log_guid: [0; 16],
        log_length: h.log_length,
        log_offset: h.log_offset,
    });
    fix_checksum(&mut raw);
    m.bytes[64 * 1024..64 * 1024 + 4096].copy_from_slice(&raw);
    assert!(write::run(&mut m, &p, &mut |_, _| {}).is_err());
    assert!(m.trace.is_empty(), "nothing written");
}

#[test]
fn a_full_drive_while_moving_leaves_a_valid_file_with_its_log_closed() {
    let (start, blocks) = disk();
    let clean = compact(start.clone(), None).unwrap();
    let writes = clean.trace.iter().filter(|e| matches!(e, Event::Write(..))).count();
    // Fail the first block copy (1 MiB writes are block copies) at each point it can happen.
    let mut failed = 0;
    for n in 0..writes {
        let mut m = Model { bytes: start.clone(), trace: Vec::new(), full_after: Some(n) };
        let p = prepare(&m.bytes);
        match write::run_with(&mut m, &p, &mut |_, _| {}, None, &mut adjust, &mut |_| {}) {
            Ok(_) => continue,
            Err(e) => assert!(e.to_string().contains("os error 28"), "{e}"),
        }
        failed += 1;
        check(&m.bytes, &blocks).unwrap();
        let h = header::read_current(&m.bytes.as_slice(), &mut Vec::new()).unwrap();
        assert_eq!(h.log_guid, [0; 16], "the log is closed");
        // With space again, a rerun finishes.
        let rerun = compact(m.bytes, None).unwrap();
        check(&rerun.bytes, &blocks).unwrap();
        assert_eq!(rerun.bytes.len(), clean.bytes.len());
    }
    assert!(failed > 0);
}

#[test]
fn a_block_written_after_it_was_read_as_zeros_is_caught_before_writing() {
    let (start, _) = disk();
    let p = prepare(&start);
    assert!(p.zero.contains(1));
    // Another program writes block 1 (stored second, at 5 MiB) after the scan.
    let mut bytes = start.clone();
    bytes[(5 * MIB) as usize] = 1;
    let mut m = Model { bytes, trace: Vec::new(), full_after: None };
    let e =
        write::run_with(&mut m, &p, &mut |_, _| {}, None, &mut adjust, &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("changed while it was being read"), "{e}");
    assert!(m.trace.is_empty(), "nothing written");
}

/// Entries written one after another around the log (wrapping many times), each its own
/// tail: the reader replays the newest whole entry alone, and the one before it when the
/// newest is torn.
#[test]
fn the_log_wraps_and_a_torn_head_falls_back_to_the_entry_before() {
    use super::journal::{self, Cursor};
    let (mut bytes, _) = disk();
    let guid = [0x5A; 16];
    let mut h = header::read_current(&bytes.as_slice(), &mut Vec::new()).unwrap();
    let raw = format::header(&HeaderFields {
        sequence_number: h.sequence_number + 1,
        file_write_guid: h.file_write_guid,
        data_write_guid: h.data_write_guid,
        log_guid: guid,
        log_length: h.log_length,
        log_offset: h.log_offset,
    });
    let slot = if h.copy == 1 { 128 * 1024 } else { 64 * 1024 };
    bytes[slot..slot + 4096].copy_from_slice(&raw);
    h = header::read_current(&bytes.as_slice(), &mut Vec::new()).unwrap();
    let len = bytes.len() as u64;
    let mut cursor = Cursor { log_length: MIB, previous: (0, 0), sequence: 1 };
    let most = journal::pages_per_entry(MIB);
    let mut previous: Option<Vec<(u64, u8)>> = None;
    for n in 0..300u64 {
        // Pages of the metadata region (3 MiB on), filled with the entry's number.
        let count = (n as usize * 7) % most + 1;
        let pages: Vec<journal::Page> = (0..count as u64)
            .map(|i| (3 * MIB + 64 * 1024 + i * 4096, Box::new([n as u8; 4096])))
            .collect();
        let at = cursor.place(journal::entry_length(pages.len()));
        let entry = journal::entry(cursor.sequence, at as u32, &guid, len, &pages);
        let base = (MIB + at) as usize;
        // Torn: every other sector of the new entry reaches the disk.
        let mut torn = bytes.clone();
        for (s, sector) in entry.chunks(4096).enumerate().filter(|(s, _)| s % 2 == 1) {
            torn[base + s * 4096..base + (s + 1) * 4096].copy_from_slice(sector);
        }
        bytes[base..base + entry.len()].copy_from_slice(&entry);
        cursor.previous = (at, entry.len() as u64);
        cursor.sequence += 1;
        let replayed = |b: &[u8]| -> Vec<(u64, u8)> {
            let state = log::read(&b, &h, &mut Vec::new()).unwrap();
            let Some(p) = state.overlay else { return Vec::new() };
            p.writes().map(|(s, _, d)| (s, d.unwrap()[0])).collect()
        };
        let now = replayed(&bytes);
        assert_eq!(now.len(), count, "entry {n}: only the newest entry is replayed");
        assert!(now.iter().all(|(_, v)| *v == n as u8));
        if entry.len() > 4096 {
            assert_eq!(
                Some(replayed(&torn)),
                previous.clone().or(Some(Vec::new())),
                "entry {n} torn"
            );
        }
        previous = Some(now);
    }
    assert!(cursor.sequence > 300);
}
