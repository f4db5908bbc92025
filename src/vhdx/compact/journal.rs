//! Writing the VHDX log (reference/vhdx-writing.md §1.5): entries of whole 4 KiB pages, each
//! applied and flushed before the next is written, so that every entry's tail is itself and the
//! newest valid entry alone describes what may still need replaying.
//!
//! Entries go one after another around the log; one that does not fit before the end starts
//! again at 0, which it may only do when it leaves the previous entry whole. An entry is at
//! most a third of the log, so one of the two always holds: a torn entry never damages the
//! entry before it, which a replay then applies again (harmlessly: it was applied already).

use crate::vhdx::bytes::{Guid, fix_checksum};

/// A log sector.
pub const SECTOR: u64 = 4096;

/// One page of metadata (a BAT page) to log: its file offset and its new content.
pub type Page = (u64, Box<[u8; 4096]>);

/// Builds an entry: descriptor sectors (a 64-byte header and 32-byte descriptors), then one
/// data sector per page, whose first 8 and last 4 bytes move into the descriptor (§2.3.1).
pub fn entry(sequence: u64, tail: u32, guid: &Guid, file_length: u64, pages: &[Page]) -> Vec<u8> {
    let descriptor_sectors = descriptor_sectors(pages.len());
    let length = entry_length(pages.len());
    let mut e = vec![0u8; length as usize];
    let mut put = |at: u64, bytes: &[u8]| {
        if let Some(slot) = e.get_mut(at as usize..at as usize + bytes.len()) {
            slot.copy_from_slice(bytes);
        }
    };
    put(0, b"loge");
    put(8, &(length as u32).to_le_bytes());
    put(12, &tail.to_le_bytes());
    put(16, &sequence.to_le_bytes());
    put(24, &(pages.len() as u32).to_le_bytes());
    put(32, guid);
    // The file neither grows nor shrinks while the log is in use.
    put(48, &file_length.to_le_bytes());
    put(56, &file_length.to_le_bytes());
    for (i, (offset, page)) in pages.iter().enumerate() {
        let d = 64 + i as u64 * 32;
        put(d, b"desc");
        put(d + 4, page.get(4092..).unwrap_or_default());
        put(d + 8, page.get(..8).unwrap_or_default());
        put(d + 16, &offset.to_le_bytes());
        put(d + 24, &sequence.to_le_bytes());
        let s = (descriptor_sectors + i as u64) * SECTOR;
        put(s, b"data");
        put(s + 4, &((sequence >> 32) as u32).to_le_bytes());
        put(s + 8, page.get(8..4092).unwrap_or_default());
        put(s + 4092, &(sequence as u32).to_le_bytes());
    }
    fix_checksum(&mut e);
    e
}

/// Descriptor sectors of an entry with `pages` data descriptors (a 64-byte header and 32-byte
/// descriptors, 128 to a sector).
fn descriptor_sectors(pages: usize) -> u64 {
    (pages as u64 + 2).div_ceil(128)
}

/// The length of an entry carrying `pages` pages.
pub fn entry_length(pages: usize) -> u64 {
    (descriptor_sectors(pages) + pages as u64) * SECTOR
}

/// The most pages one entry carries in a log of `log_length` bytes (a third of the log, less
/// the descriptor sectors; at least one).
pub fn pages_per_entry(log_length: u64) -> usize {
    let third = log_length / 3 / SECTOR;
    // Each page is a data sector plus a 32-byte descriptor (128 to a sector).
    (third.saturating_sub(1) * 128 / 129).max(1) as usize
}

/// Where the next entry goes and its sequence number.
#[derive(Debug, Clone, Copy)]
pub struct Cursor {
    /// The log's length.
    pub log_length: u64,
    /// Where the previous entry started and how long it was.
    pub previous: (u64, u64),
    /// The next entry's sequence number.
    pub sequence: u64,
}

impl Cursor {
    /// Where an entry of `length` bytes goes: after the previous one, or at 0 when it does not
    /// fit before the end (then it ends before the previous one starts).
    pub fn place(&self, length: u64) -> u64 {
        let after = self.previous.0 + self.previous.1;
        if after + length <= self.log_length { after } else { 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vhdx::bytes::checksum_ok;

    #[test]
    fn an_entry_checks_and_splits_each_page() {
        let mut page = Box::new([7u8; 4096]);
        page[0] = 1;
        page[4095] = 9;
        let e = entry(5, 0, &[3; 16], 8 << 20, &[(3 << 20, page)]);
        assert_eq!(e.len(), 8192);
        assert!(checksum_ok(&e));
        assert_eq!(&e[64..68], b"desc");
        assert_eq!(e[64 + 4 + 3], 9, "trailing bytes in the descriptor");
        assert_eq!(e[64 + 8], 1, "leading bytes in the descriptor");
        assert_eq!(&e[4096..4100], b"data");
    }

    #[test]
    fn entries_never_overlap_the_previous_one() {
        let log = 1 << 20;
        let most = pages_per_entry(log) as u64;
        let longest = entry_length(most as usize);
        assert!(3 * longest <= log, "{longest}");
        for start in (0..log).step_by(4096) {
            for prev_len in [SECTOR, longest] {
                if start + prev_len > log {
                    continue;
                }
                let c = Cursor { log_length: log, previous: (start, prev_len), sequence: 2 };
                let at = c.place(longest);
                assert!(at + longest <= log);
                assert!(at >= start + prev_len || at + longest <= start, "{start} {prev_len} {at}");
            }
        }
    }
}
