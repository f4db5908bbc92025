//! The log (reference/vhdx.md §7): find the active sequence of entries and replay it into an
//! in-memory overlay, so that a file left dirty by a running Docker Desktop is read as Windows
//! would see it after replay. Nothing is ever written back.

use std::collections::BTreeMap;
use std::io;

use super::VhdxError;
use super::bytes::{Guid, checksum_ok, guid_at, u32_at, u64_at};
use super::header::Header;
use super::source::ReadAt;
use super::texts as t;

const SECTOR: u64 = 4096;

/// One valid log entry.
#[derive(Debug, Clone)]
struct Entry {
    position: u64,
    length: u64,
    /// Where the oldest entry of the sequence this one ends starts (§2.3.1.1).
    tail: u64,
    sequence: u64,
    flushed_file_offset: u64,
    last_file_offset: u64,
    raw: Vec<u8>,
    descriptors: u32,
}

/// What the log holds.
#[derive(Debug)]
pub struct LogState {
    /// A valid active sequence exists: the file was not closed cleanly.
    pub dirty: bool,
    /// The replayed writes, when the sequence could be replayed.
    pub overlay: Option<Patches>,
}

/// Reads the log of `header` and, when it is dirty, replays it in memory.
pub fn read(
    src: &dyn ReadAt,
    header: &Header,
    warnings: &mut Vec<String>,
) -> Result<LogState, VhdxError> {
    let clean = LogState { dirty: false, overlay: None };
    if header.log_guid == [0; 16] || header.log_length == 0 {
        return Ok(clean);
    }
    let ring = Ring { src, offset: header.log_offset, length: u64::from(header.log_length) };
    let mut valid: Vec<Entry> = Vec::new();
    let mut position = 0;
    // Entries are read whole to check their CRC; a log crafted with an entry header at every
    // sector could make that quadratic, so the search reads at most this much.
    let budget = ring.length.saturating_mul(8).saturating_add(64 << 20);
    let mut spent = 0u64;
    while position < ring.length {
        if spent > budget {
            warnings.push(t::L_TOO_MANY.get().to_owned());
            return Ok(LogState { dirty: !valid.is_empty(), overlay: None });
        }
        if let Some((entry, cost)) = ring.entry_at(position, &header.log_guid)? {
            spent += cost;
            valid.extend(entry);
        }
        position += SECTOR;
    }
    // The active sequence (§2.3.2–2.3.3): the newest head whose chain of contiguous
    // predecessors (sequence − 1, ending where the next starts) reaches the head's tail.
    let mut heads: Vec<&Entry> = valid.iter().collect();
    heads.sort_by_key(|e| std::cmp::Reverse(e.sequence));
    let Some(chain) = heads.iter().find_map(|head| sequence_to_tail(&valid, head, ring.length))
    else {
        return Ok(clean);
    };
    let entries = chain.len();
    let Some(head) = chain.last() else { return Ok(clean) };
    if head.flushed_file_offset > src.len() {
        warnings.push(
            t::L_CANNOT_REPLAY.fill(&[("expects", &head.flushed_file_offset), ("len", &src.len())]),
        );
        return Ok(LogState { dirty: true, overlay: None });
    }
    let mut patches =
        Patches { base_len: src.len(), len: src.len(), map: BTreeMap::new(), sectors: Vec::new() };
    for entry in &chain {
        patches.apply(entry)?;
    }
    // Replay extends the file to the head's LastFileOffset (§2.3.3).
    patches.len = src.len().max(head.last_file_offset);
    warnings.push(match entries {
        1 => t::L_REPLAYED_ONE.get().to_owned(),
        n => t::L_REPLAYED.fill(&[("entries", &n)]),
    });
    Ok(LogState { dirty: true, overlay: Some(patches) })
}

/// The entries from `head`'s tail to `head`, oldest first, when each is its successor's
/// contiguous predecessor; `None` when the chain breaks before the tail.
fn sequence_to_tail<'e>(valid: &'e [Entry], head: &'e Entry, ring: u64) -> Option<Vec<&'e Entry>> {
    let mut chain = vec![head];
    while chain.last()?.position != head.tail {
        let first = chain.last()?;
        let previous = valid.iter().find(|e| {
            e.sequence.checked_add(1) == Some(first.sequence)
                && (e.position + e.length) % ring == first.position
        })?;
        if chain.len() >= valid.len() {
            return None;
        }
        chain.push(previous);
    }
    chain.reverse();
    Some(chain)
}

struct Ring<'a> {
    src: &'a dyn ReadAt,
    offset: u64,
    length: u64,
}

impl Ring<'_> {
    /// Reads `len` bytes of the circular log starting at `position`, wrapping around.
    fn read(&self, position: u64, len: u64) -> Result<Vec<u8>, VhdxError> {
        let first = len.min(self.length - position);
        let mut out = self.src.read_vec(self.offset + position, first, t::LOG.get())?;
        if first < len {
            out.extend(self.src.read_vec(self.offset, len - first, t::LOG.get())?);
        }
        Ok(out)
    }

    /// The entry starting at `position`, if a valid one does (qemu `vhdx_log_read_desc` rules),
    /// with the bytes read to find out; `None` when no entry header is there.
    fn entry_at(
        &self,
        position: u64,
        guid: &Guid,
    ) -> Result<Option<(Option<Entry>, u64)>, VhdxError> {
        match self.entry_header_at(position, guid)? {
            None => Ok(None),
            Some(length) => Ok(Some((self.full_entry_at(position, length)?, length))),
        }
    }

    /// The entry length when a plausible entry header (signature, length, GUID) is at `position`.
    fn entry_header_at(&self, position: u64, guid: &Guid) -> Result<Option<u64>, VhdxError> {
        let head = self.read(position, SECTOR)?;
        let length = u64::from(u32_at(&head, 8));
        let ok = head.get(..4) == Some(b"loge".as_slice())
            && length >= SECTOR
            && length.is_multiple_of(SECTOR)
            && length <= self.length
            && u64_at(&head, 16) != 0
            && guid_at(&head, 32) == *guid;
        Ok(ok.then_some(length))
    }

    /// Reads and checks the whole entry whose header is at `position`.
    fn full_entry_at(&self, position: u64, length: u64) -> Result<Option<Entry>, VhdxError> {
        let head = self.read(position, SECTOR)?;
        let sequence = u64_at(&head, 16);
        let descriptors = u32_at(&head, 24);
        let descriptor_sectors = (u64::from(descriptors) + 2).div_ceil(128);
        if descriptor_sectors * SECTOR > length {
            return Ok(None);
        }
        let raw = self.read(position, length)?;
        if !checksum_ok(&raw) {
            return Ok(None);
        }
        let mut data_count = 0u64;
        for i in 0..u64::from(descriptors) {
            let at = usize::try_from(64 + i * 32).unwrap_or(usize::MAX);
            let kind = raw.get(at..at + 4);
            let file_offset = u64_at(&raw, at + 16);
            // What a descriptor may write: whole sectors past the headers (never logged)
            // and outside the log itself (§2.3; openvmm validate_*_descriptor).
            let target_ok = |len: u64| {
                let end = file_offset.saturating_add(len);
                file_offset >= 192 * 1024
                    && (end <= self.offset || file_offset >= self.offset + self.length)
            };
            let ok = u64_at(&raw, at + 24) == sequence
                && file_offset.is_multiple_of(SECTOR)
                && match kind {
                    Some(b"desc") => {
                        data_count += 1;
                        target_ok(SECTOR)
                    }
                    Some(b"zero") => {
                        let len = u64_at(&raw, at + 8);
                        len.is_multiple_of(SECTOR) && target_ok(len)
                    }
                    _ => false,
                };
            if !ok {
                return Ok(None);
            }
        }
        if (descriptor_sectors + data_count) * SECTOR > length {
            return Ok(None);
        }
        for d in 0..data_count {
            let at = usize::try_from((descriptor_sectors + d) * SECTOR).unwrap_or(usize::MAX);
            let ok = raw.get(at..at + 4) == Some(b"data".as_slice())
                && u64::from(u32_at(&raw, at + 4)) == sequence >> 32
                && u64::from(u32_at(&raw, at + 4092)) == sequence & 0xFFFF_FFFF;
            if !ok {
                return Ok(None);
            }
        }
        Ok(Some(Entry {
            position,
            length,
            tail: u64::from(u32_at(&head, 12)),
            sequence,
            flushed_file_offset: u64_at(&head, 48),
            last_file_offset: u64_at(&head, 56),
            raw,
            descriptors,
        }))
    }
}

/// What a range of the file holds after replay.
#[derive(Debug, Clone, Copy)]
enum Patch {
    Zero,
    /// Bytes from `sectors[index]`, starting `skip` bytes in.
    Data {
        index: usize,
        skip: u64,
    },
}

/// The replayed writes: non-overlapping ranges of the file, each zeros or a logged sector.
#[derive(Debug)]
pub struct Patches {
    base_len: u64,
    len: u64,
    map: BTreeMap<u64, (u64, Patch)>,
    sectors: Vec<Box<[u8; 4096]>>,
}

impl Patches {
    /// The file's length after the replay.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// The replayed writes in file order, as (start, end, bytes); `None` for zeros.
    pub fn writes(&self) -> impl Iterator<Item = (u64, u64, Option<&[u8]>)> + '_ {
        self.map.iter().map(|(&s, &(e, patch))| match patch {
            Patch::Zero => (s, e, None),
            Patch::Data { index, skip } => {
                let from = usize::try_from(skip).unwrap_or(usize::MAX);
                let len = usize::try_from(e - s).unwrap_or(0);
                let bytes = self.sectors.get(index).and_then(|b| b.get(from..from + len));
                (s, e, bytes.or(Some(&[])))
            }
        })
    }

    fn apply(&mut self, entry: &Entry) -> Result<(), VhdxError> {
        let descriptor_sectors = (u64::from(entry.descriptors) + 2).div_ceil(128);
        let mut data = 0u64;
        for i in 0..u64::from(entry.descriptors) {
            let at = usize::try_from(64 + i * 32).unwrap_or(usize::MAX);
            let file_offset = u64_at(&entry.raw, at + 16);
            if entry.raw.get(at..at + 4) == Some(b"zero".as_slice()) {
                let length = u64_at(&entry.raw, at + 8);
                let end = file_offset.saturating_add(length);
                self.insert(file_offset, end, Patch::Zero);
                continue;
            }
            let sector_at =
                usize::try_from((descriptor_sectors + data) * SECTOR).unwrap_or(usize::MAX);
            data += 1;
            let logged = entry
                .raw
                .get(sector_at..sector_at + 4096)
                .ok_or_else(|| VhdxError::Corrupt(t::L_DATA_OUTSIDE.get().to_owned()))?;
            let mut sector = Box::new([0u8; 4096]);
            // Leading 8 bytes and trailing 4 bytes live in the descriptor (§7).
            let (lead, rest) = sector.split_at_mut(8);
            let (middle, trail) = rest.split_at_mut(4084);
            lead.copy_from_slice(entry.raw.get(at + 8..at + 16).unwrap_or(&[0; 8]));
            middle.copy_from_slice(logged.get(8..4092).unwrap_or(&[0; 4084]));
            trail.copy_from_slice(entry.raw.get(at + 4..at + 8).unwrap_or(&[0; 4]));
            self.sectors.push(sector);
            let index = self.sectors.len() - 1;
            self.insert(
                file_offset,
                file_offset.saturating_add(SECTOR),
                Patch::Data { index, skip: 0 },
            );
        }
        Ok(())
    }

    /// Records that `[start, end)` now holds `patch`, trimming what it covers.
    fn insert(&mut self, start: u64, end: u64, patch: Patch) {
        if start >= end {
            return;
        }
        let covered: Vec<u64> = self
            .map
            .range(..end)
            .rev()
            .take_while(|(_, (e, _))| *e > start)
            .map(|(s, _)| *s)
            .collect();
        for s in covered {
            let Some((e, old)) = self.map.remove(&s) else { continue };
            if s < start {
                self.map.insert(s, (start, old));
            }
            if e > end {
                let moved = match old {
                    Patch::Zero => Patch::Zero,
                    Patch::Data { index, skip } => Patch::Data { index, skip: skip + (end - s) },
                };
                self.map.insert(end, (e, moved));
            }
        }
        self.map.insert(start, (end, patch));
    }
}

/// The file as it is after the replay: the base file with the patches laid over it.
pub struct Replayed<'a> {
    /// The file.
    pub base: &'a dyn ReadAt,
    /// The replayed writes.
    pub patches: Patches,
}

impl ReadAt for Replayed<'_> {
    fn len(&self) -> u64 {
        self.patches.len
    }

    fn will_need(&self, offset: u64, len: u64) {
        self.base.will_need(offset, len);
    }

    fn read_at_unchecked(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        let end = offset + buf.len() as u64;
        // The base file, then zeros where replay extended it.
        let base_end = end.min(self.patches.base_len);
        if offset < base_end {
            let n = usize::try_from(base_end - offset).map_err(|_| io::ErrorKind::InvalidInput)?;
            let head = buf.get_mut(..n).ok_or(io::ErrorKind::InvalidInput)?;
            self.base.read_at_unchecked(head, offset)?;
        }
        let from = usize::try_from(self.patches.base_len.saturating_sub(offset))
            .unwrap_or(usize::MAX)
            .min(buf.len());
        buf.get_mut(from..).unwrap_or_default().fill(0);
        let start_key = self.patches.map.range(..=offset).next_back().map_or(offset, |(s, _)| *s);
        for (&s, &(e, patch)) in self.patches.map.range(start_key..end) {
            let lo = s.max(offset);
            let hi = e.min(end);
            if lo >= hi {
                continue;
            }
            let dst = buf
                .get_mut(
                    usize::try_from(lo - offset).unwrap_or(usize::MAX)
                        ..usize::try_from(hi - offset).unwrap_or(usize::MAX),
                )
                .ok_or(io::ErrorKind::InvalidInput)?;
            match patch {
                Patch::Zero => dst.fill(0),
                Patch::Data { index, skip } => {
                    let sector =
                        self.patches.sectors.get(index).ok_or(io::ErrorKind::InvalidData)?;
                    let from = usize::try_from(skip + (lo - s)).unwrap_or(usize::MAX);
                    let src =
                        sector.get(from..from + dst.len()).ok_or(io::ErrorKind::InvalidData)?;
                    dst.copy_from_slice(src);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_writes_win_and_ranges_split() {
        let mut p = Patches {
            base_len: 64 * 1024,
            len: 64 * 1024,
            map: BTreeMap::new(),
            sectors: Vec::new(),
        };
        p.sectors.push(Box::new([1; 4096]));
        p.sectors.push(Box::new([2; 4096]));
        p.insert(0, 8192, Patch::Zero);
        p.insert(4096, 8192, Patch::Data { index: 0, skip: 0 });
        p.insert(6000, 7000, Patch::Zero);
        p.insert(12288, 16384, Patch::Data { index: 1, skip: 0 });
        let base = vec![9u8; 64 * 1024];
        let slice = base.as_slice();
        let view = Replayed { base: &slice, patches: p };
        let mut buf = vec![0u8; 20000];
        view.read_at_unchecked(&mut buf, 0).unwrap();
        assert!(buf[..4096].iter().all(|b| *b == 0));
        assert!(buf[4096..6000].iter().all(|b| *b == 1));
        assert!(buf[6000..7000].iter().all(|b| *b == 0));
        assert!(buf[7000..8192].iter().all(|b| *b == 1));
        assert!(buf[8192..12288].iter().all(|b| *b == 9));
        assert!(buf[12288..16384].iter().all(|b| *b == 2));
        let mut small = [0u8; 10];
        view.read_at_unchecked(&mut small, 6995).unwrap();
        assert_eq!(small, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    }
}
