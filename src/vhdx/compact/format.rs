//! The structures a writer builds from nothing (reference/vhdx-writing.md §1.1–§1.4): the file
//! identifier, a header, a region table, and random GUIDs.

use std::hash::{BuildHasher, Hasher};

use crate::vhdx::bytes::{Guid, fix_checksum};
use crate::vhdx::region::Region;

pub(crate) use crate::vhdx::header::{HEADER_OFFSETS, HEADER_SIZE};
/// Where the two region tables go (the header section: identifier at 0, headers at 64 and
/// 128 KiB, region tables at 192 and 256 KiB).
pub const TABLE_OFFSETS: [u64; 2] = [192 * 1024, 256 * 1024];
/// A region table's size.
pub const TABLE_SIZE: usize = 64 * 1024;

/// The file identifier's 64 KiB: `vhdxfile` and the creator in UTF-16LE (at most 256 units).
pub fn identifier(creator: &str) -> Vec<u8> {
    let mut out = vec![0u8; 64 * 1024];
    out.get_mut(..8).unwrap_or_default().copy_from_slice(b"vhdxfile");
    for (i, unit) in creator.encode_utf16().take(255).enumerate() {
        if let Some(slot) = out.get_mut(8 + 2 * i..10 + 2 * i) {
            slot.copy_from_slice(&unit.to_le_bytes());
        }
    }
    out
}

/// The fields of a header a writer chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderFields {
    /// Higher is newer.
    pub sequence_number: u64,
    /// New on every open for writing.
    pub file_write_guid: Guid,
    /// New when what a reader sees changes.
    pub data_write_guid: Guid,
    /// Zero: no log to replay.
    pub log_guid: Guid,
    /// A multiple of 1 MiB.
    pub log_length: u32,
    /// A multiple of 1 MiB.
    pub log_offset: u64,
}

/// A 4 KiB header with its checksum (LogVersion 0, Version 1, the rest reserved and zero).
pub fn header(f: &HeaderFields) -> Vec<u8> {
    let mut h = vec![0u8; HEADER_SIZE];
    let mut put = |at: usize, bytes: &[u8]| {
        if let Some(slot) = h.get_mut(at..at + bytes.len()) {
            slot.copy_from_slice(bytes);
        }
    };
    put(0, b"head");
    put(8, &f.sequence_number.to_le_bytes());
    put(16, &f.file_write_guid);
    put(32, &f.data_write_guid);
    put(48, &f.log_guid);
    put(64, &0u16.to_le_bytes());
    put(66, &1u16.to_le_bytes());
    put(68, &f.log_length.to_le_bytes());
    put(72, &f.log_offset.to_le_bytes());
    fix_checksum(&mut h);
    h
}

/// A 64 KiB region table listing `entries` (GUID, place, required) with its checksum.
pub fn region_table(entries: &[(Guid, Region, bool)]) -> Vec<u8> {
    let mut t = vec![0u8; TABLE_SIZE];
    let mut put = |at: usize, bytes: &[u8]| {
        if let Some(slot) = t.get_mut(at..at + bytes.len()) {
            slot.copy_from_slice(bytes);
        }
    };
    put(0, b"regi");
    put(8, &(entries.len() as u32).to_le_bytes());
    for (i, (guid, region, required)) in entries.iter().enumerate() {
        let at = 16 + i * 32;
        put(at, guid);
        put(at + 16, &region.offset.to_le_bytes());
        put(at + 24, &(region.length as u32).to_le_bytes());
        put(at + 28, &u32::from(*required).to_le_bytes());
    }
    fix_checksum(&mut t);
    t
}

/// A random (version 4) GUID. The bits come from std's per-process random SipHash keys, drawn
/// from the operating system's generator, mixed with the clock and a counter.
pub fn random_guid() -> Guid {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut g = [0u8; 16];
    for half in 0..2 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        if let Some(slot) = g.get_mut(half * 8..half * 8 + 8) {
            slot.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    // Version 4 in Data3's high nibble (byte 7 on disk), variant 10 in byte 8.
    let [.., seven, eight, _, _, _, _, _, _, _] = &mut g;
    *seven = (*seven & 0x0F) | 0x40;
    *eight = (*eight & 0x3F) | 0x80;
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vhdx::bytes::{checksum_ok, guid_string};

    #[test]
    fn built_structures_check() {
        let h = header(&HeaderFields {
            sequence_number: 7,
            file_write_guid: random_guid(),
            data_write_guid: random_guid(),
            log_guid: [0; 16],
            log_length: 1 << 20,
            log_offset: 1 << 20,
        });
        assert!(checksum_ok(&h));
        let t = region_table(&[([1; 16], Region { offset: 1 << 20, length: 1 << 20 }, true)]);
        assert!(checksum_ok(&t));
        assert_eq!(&identifier("wsltune")[..10], b"vhdxfilew\0");
    }

    #[test]
    fn guids_differ_and_say_version_4() {
        let (a, b) = (random_guid(), random_guid());
        assert_ne!(a, b);
        assert_eq!(guid_string(&a).as_bytes()[14], b'4');
    }
}
