//! The BAT's running tally: where the reader is (entry index, payload block, place in the
//! chunk) and what it has counted (states, allocated bytes, shared and stray blocks). Every
//! entry is checked against the file's layout, except plain ones (states 0–3, nothing else
//! set), which cannot fail the checks: runs of equal plain entries are counted at once.

use super::{Anomalies, Bat, BlockCounts, Entry, Geometry, state};
use crate::vhdx::metadata::Metadata;
use crate::vhdx::region::Region;
use crate::vhdx::texts as t;
use crate::vhdx::{MIB, VhdxError};

/// The longest run of payload entries counted at once: a present block then sends only its
/// run through the per-entry path, not its whole chunk (4,096 entries with 1 MiB blocks).
const RUN: u64 = 64;

/// What reading the BAT adds up as it goes, and where it is.
pub(super) struct Tally<'a> {
    geometry: Geometry,
    meta: &'a Metadata,
    file_len: u64,
    reserved: &'a [(Region, &'a str)],
    /// The next entry's index in the BAT.
    index: u64,
    /// The payload block the next payload entry maps.
    block: u64,
    /// The next entry's place in its chunk: `chunk_ratio` payload entries, then a sector-bitmap
    /// entry at place `chunk_ratio`.
    in_chunk: u64,
    /// Plain payload entries by state (0–3), added to `counts` at the end.
    plain: [u64; 4],
    counts: BlockCounts,
    /// Entries with data, by index.
    entries: Vec<(u64, Entry)>,
    allocated_bytes: u64,
    bitmap_blocks: u64,
    reserved_bits: u64,
    duplicates: u64,
    stray_bitmaps: u64,
    legacy_unmapped: u64,
    /// One bit per MiB of file: present blocks start at MiB boundaries, so this finds entries
    /// that share a block (cheaper than a hash set on a 1 TiB disk's million entries).
    seen: Vec<u64>,
    /// Blocks with data that lie past the end of the file: it was cut short.
    beyond: Beyond,
    /// Where a block past the end of the file stops looking like a lost tail: twice the length
    /// of the file with its regions then every entry's block packed after them (writers leave
    /// some free space: qemu 4 MiB after the metadata). A block past the end and past this is a
    /// damaged entry.
    furthest: u64,
}

/// What a BAT entry with data points at.
#[derive(Clone, Copy)]
enum Place {
    /// A payload block, by number.
    Payload(u64),
    /// A sector-bitmap block.
    Bitmap,
}

/// Present blocks past the end of the file, counted so that the error says how long the file
/// should be.
#[derive(Default)]
struct Beyond {
    /// How many.
    count: u64,
    /// The first, described.
    first: Option<String>,
    /// The furthest end.
    needed: u64,
}

impl<'a> Tally<'a> {
    /// An empty tally for a BAT of this shape, in a file `file_len` bytes long.
    pub(super) fn new(
        geometry: Geometry,
        meta: &'a Metadata,
        file_len: u64,
        reserved: &'a [(Region, &'a str)],
    ) -> Self {
        Tally {
            geometry,
            meta,
            file_len,
            reserved,
            index: 0,
            block: 0,
            in_chunk: 0,
            plain: [0; 4],
            counts: BlockCounts { total: geometry.data_blocks, ..BlockCounts::default() },
            entries: Vec::new(),
            allocated_bytes: 0,
            bitmap_blocks: 0,
            reserved_bits: 0,
            duplicates: 0,
            stray_bitmaps: 0,
            legacy_unmapped: 0,
            seen: vec![0u64; usize::try_from((file_len >> 20) / 64 + 1).unwrap_or(1)],
            beyond: Beyond::default(),
            furthest: reserved
                .iter()
                .map(|(r, _)| r.end())
                .fold(MIB, u64::max)
                .saturating_add(geometry.entries.saturating_mul(geometry.block_size.max(MIB)))
                .saturating_mul(2),
        }
    }

    /// The error for present blocks past the end of the file, if there were any.
    pub(super) fn truncated(&self) -> Option<VhdxError> {
        let first = self.beyond.first.as_ref()?;
        let what = match self.beyond.count {
            0 | 1 => first.clone(),
            2 => t::B_MORE_ONE.fill(&[("first", first)]),
            n => t::B_MORE.fill(&[("first", first), ("n", &(n - 1))]),
        };
        Some(VhdxError::Truncated { len: self.file_len, needed: self.beyond.needed, what })
    }

    /// Tallies the raw entries of one step of the BAT.
    ///
    /// The bulk of any BAT is runs of payload entries without data in one state (NOT_PRESENT
    /// where nothing was ever written, 8 MiB of a sparse 1 TiB disk; ZERO in every entry qemu-img
    /// writes). A run ends at the next sector-bitmap entry, the last payload block, the end of
    /// the step or after [`RUN`] entries; one whose entries all equal the first, a plain one (the
    /// run equals itself shifted by one entry: one memcmp), is counted at once. Other runs go
    /// entry by entry.
    pub(super) fn step(&mut self, mut rest: &[u8]) -> Result<(), VhdxError> {
        while !rest.is_empty() {
            let run = (rest.len() as u64 / 8)
                .min(RUN)
                .min(self.geometry.chunk_ratio.saturating_sub(self.in_chunk))
                .min(self.geometry.data_blocks.saturating_sub(self.block));
            let (run_bytes, after) = rest.split_at((run * 8) as usize);
            let first = Entry(crate::vhdx::bytes::u64_at(run_bytes, 0));
            if run > 0
                && first.is_plain()
                && run_bytes.get(8..) == run_bytes.get(..run_bytes.len() - 8)
            {
                self.plain(first, run);
                rest = after;
                continue;
            }
            // Entry by entry: the whole run, or one entry that is a sector bitmap or padding.
            let (these, after) = rest.split_at(((run.max(1) * 8) as usize).min(rest.len()));
            rest = after;
            for raw in these.chunks_exact(8) {
                self.entry(Entry(crate::vhdx::bytes::u64_at(raw, 0)))?;
            }
        }
        Ok(())
    }

    /// `n` plain payload entries equal to `entry`.
    fn plain(&mut self, entry: Entry, n: u64) {
        if let Some(count) = self.plain.get_mut(entry.0 as usize) {
            *count += n;
        }
        self.in_chunk += n;
        self.block += n;
        self.index += n;
    }

    /// One entry, with every check (a plain payload entry, which cannot fail them, is counted
    /// without).
    fn entry(&mut self, entry: Entry) -> Result<(), VhdxError> {
        let is_bitmap = self.in_chunk == self.geometry.chunk_ratio;
        if entry.is_plain() && !is_bitmap && self.block < self.geometry.data_blocks {
            self.plain(entry, 1);
            return Ok(());
        }
        let index = self.index;
        self.index += 1;
        if entry.has_data() {
            self.entries.push((index, entry));
        }
        if entry.has_reserved_bits() {
            self.reserved_bits += 1;
        }
        self.in_chunk = if is_bitmap { 0 } else { self.in_chunk + 1 };
        if is_bitmap {
            return self.bitmap(entry, index);
        }
        if self.block >= self.geometry.data_blocks {
            // Padding entries of a differencing disk's last chunk.
            return Ok(());
        }
        self.payload(entry, index)?;
        self.block += 1;
        Ok(())
    }

    /// A sector-bitmap entry: present only in a differencing disk.
    fn bitmap(&mut self, entry: Entry, index: u64) -> Result<(), VhdxError> {
        match entry.state() {
            state::NOT_PRESENT => {}
            state::FULLY_PRESENT if self.meta.has_parent => {
                self.check_offset(entry.offset(), MIB, index, Place::Bitmap)?;
                self.bitmap_blocks += 1;
            }
            state::FULLY_PRESENT => self.stray_bitmaps += 1,
            other => {
                return Err(VhdxError::Corrupt(
                    t::B_BITMAP_STATE.fill(&[("index", &index), ("state", &other)]),
                ));
            }
        }
        Ok(())
    }

    /// A payload entry that is not plain: counted by state, a block with data checked and
    /// counted once per file block.
    fn payload(&mut self, entry: Entry, index: u64) -> Result<(), VhdxError> {
        let g = self.geometry;
        match entry.state() {
            state::NOT_PRESENT => self.counts.not_present += 1,
            state::UNDEFINED => self.counts.undefined += 1,
            state::ZERO => self.counts.zero += 1,
            state::UNMAPPED => self.counts.unmapped += 1,
            state::UNMAPPED_V095 => {
                self.counts.unmapped += 1;
                self.legacy_unmapped += 1;
            }
            st @ (state::FULLY_PRESENT | state::PARTIALLY_PRESENT) => {
                if st == state::PARTIALLY_PRESENT && !self.meta.has_parent {
                    return Err(VhdxError::Corrupt(t::B_PARTIAL.fill(&[("index", &index)])));
                }
                let offset = entry.offset();
                let in_disk =
                    (self.meta.virtual_size - self.block * g.block_size).min(g.block_size);
                let inside =
                    self.check_offset(offset, in_disk, index, Place::Payload(self.block))?;
                if st == state::FULLY_PRESENT {
                    self.counts.fully_present += 1;
                } else {
                    self.counts.partially_present += 1;
                }
                if !inside {
                    // Past the end (an error once the whole table is read): no bytes to count.
                    return Ok(());
                }
                let occupied = g.block_size.min(self.file_len - offset);
                let slot = offset >> 20;
                match self.seen.get_mut(usize::try_from(slot / 64).unwrap_or(usize::MAX)) {
                    Some(w) if *w & (1 << (slot % 64)) == 0 => {
                        *w |= 1 << (slot % 64);
                        self.allocated_bytes += occupied;
                    }
                    _ => self.duplicates += 1,
                }
            }
            other => {
                return Err(VhdxError::Corrupt(
                    t::B_STATE.fill(&[("index", &index), ("state", &other)]),
                ));
            }
        }
        Ok(())
    }

    /// Checks that a present block lies past the header section and clear of the log, BAT and
    /// metadata regions; one past the end of the file is recorded (the error comes after the
    /// whole table, to say how long the file should be) and gives `false`.
    fn check_offset(
        &mut self,
        offset: u64,
        len: u64,
        index: u64,
        place: Place,
    ) -> Result<bool, VhdxError> {
        let (file_len, reserved) = (self.file_len, self.reserved);
        let what = match place {
            Place::Payload(_) => t::PAYLOAD_BLOCK,
            Place::Bitmap => t::SECTOR_BITMAP,
        };
        let at: [(&str, &dyn std::fmt::Display); 3] =
            [("index", &index), ("what", &what), ("offset", &offset)];
        if offset < MIB {
            return Err(VhdxError::Corrupt(t::B_IN_HEADER.fill(&at)));
        }
        let past_end = |text: crate::i18n::Text| {
            let [a, b, c] = at;
            VhdxError::Corrupt(text.fill(&[a, b, c, ("file_len", &file_len)]))
        };
        let end = offset.checked_add(len).ok_or_else(|| past_end(t::B_PAST_END))?;
        let block = Region { offset, length: end - offset };
        if let Some((_, name)) = reserved.iter().find(|(r, _)| r.overlaps(&block)) {
            let [a, b, c] = at;
            return Err(VhdxError::Corrupt(t::B_OVERLAPS.fill(&[a, b, c, ("name", name)])));
        }
        if end <= file_len {
            return Ok(true);
        }
        if end > self.furthest {
            return Err(past_end(t::B_PAST_REACH));
        }
        let beyond = &mut self.beyond;
        beyond.count += 1;
        beyond.needed = beyond.needed.max(end);
        beyond.first.get_or_insert_with(|| {
            let which = match place {
                Place::Payload(block) => t::B_PAYLOAD_N.fill(&[("block", &block)]),
                Place::Bitmap => t::B_BITMAP_OF.fill(&[("index", &index)]),
            };
            t::AT.fill(&[("what", &which), ("len", &len), ("offset", &offset)])
        });
        Ok(false)
    }

    /// The BAT, with the warnings of what was odd but harmless.
    pub(super) fn finish(mut self, warnings: &mut Vec<String>) -> Bat {
        let [not_present, undefined, zero, unmapped] = self.plain;
        self.counts.not_present += not_present;
        self.counts.undefined += undefined;
        self.counts.zero += zero;
        self.counts.unmapped += unmapped;
        if self.stray_bitmaps > 0 {
            warnings.push(t::B_STRAY.fill(&[("n", &self.stray_bitmaps)]));
        }
        if self.reserved_bits > 0 {
            warnings.push(t::B_RESERVED.fill(&[("n", &self.reserved_bits)]));
        }
        if self.duplicates > 0 {
            warnings.push(t::B_DUPLICATES.fill(&[("n", &self.duplicates)]));
        }
        Bat {
            geometry: self.geometry,
            entries: self.entries,
            counts: self.counts,
            allocated_bytes: self.allocated_bytes,
            bitmap_blocks: self.bitmap_blocks,
            anomalies: Anomalies {
                duplicates: self.duplicates,
                reserved_bits: self.reserved_bits,
                stray_bitmaps: self.stray_bitmaps,
                legacy_unmapped: self.legacy_unmapped,
            },
        }
    }
}
