//! Malformed cases: the metadata region: its table, each item, and the values the geometry is computed
//! from (§5).

use super::*;

pub(super) fn cases() -> Vec<(&'static str, Mutation, Expect)> {
    vec![
        (
            "metadata signature",
            |b| {
                let m = region_offset(b, &METADATA);
                b[m] = b'X'
            },
            Expect::Reject("'metadata' signature"),
        ),
        (
            "2048 metadata items",
            |b| {
                let m = region_offset(b, &METADATA);
                b[m + 10..m + 12].copy_from_slice(&2048u16.to_le_bytes())
            },
            Expect::Reject("2048 entries"),
        ),
        (
            "page 83 missing",
            |b| {
                let e = item_entry(b, &PAGE_83_DATA);
                b[e..e + 16].copy_from_slice(&UNKNOWN);
                b[e + 24] = 0
            },
            Expect::Reject("'page 83 data' is missing"),
        ),
        (
            "duplicate file parameters",
            |b| {
                let e = item_entry(b, &VIRTUAL_DISK_SIZE);
                b[e..e + 16].copy_from_slice(&FILE_PARAMETERS)
            },
            Expect::Reject("appears twice"),
        ),
        (
            "unknown required item",
            |b| {
                let e = item_entry(b, &PAGE_83_DATA);
                b[e..e + 16].copy_from_slice(&UNKNOWN);
                b[e + 24] = 4
            },
            Expect::Reject("unknown item"),
        ),
        (
            "item beyond the region",
            |b| {
                let e = item_entry(b, &VIRTUAL_DISK_SIZE);
                put32(b, e + 16, (2 * MIB) as u32)
            },
            Expect::Reject("outside the metadata region"),
        ),
        (
            "block size 3 MiB",
            |b| {
                let at = metadata_item_offset(b, &FILE_PARAMETERS);
                put32(b, at, 3 << 20)
            },
            Expect::Reject("block size"),
        ),
        (
            "block size 512 KiB",
            |b| {
                let at = metadata_item_offset(b, &FILE_PARAMETERS);
                put32(b, at, 512 << 10)
            },
            Expect::Reject("block size"),
        ),
        (
            "block size 512 MiB",
            |b| {
                let at = metadata_item_offset(b, &FILE_PARAMETERS);
                put32(b, at, 512 << 20)
            },
            Expect::Reject("block size"),
        ),
        (
            "block size relabelled 32 MiB",
            |b| {
                let at = metadata_item_offset(b, &FILE_PARAMETERS);
                put32(b, at, 32 << 20)
            },
            // Block 0 now spans 32 MiB from 8 MiB: as if the file had been cut short.
            Expect::Reject("to hold payload block 0 (33554432 bytes at offset 8388608)"),
        ),
        (
            "HasParent without locator",
            |b| {
                let at = metadata_item_offset(b, &FILE_PARAMETERS);
                put32(b, at + 4, 2)
            },
            Expect::Reject("without a parent locator"),
        ),
        (
            "reserved parameter bits",
            |b| {
                let at = metadata_item_offset(b, &FILE_PARAMETERS);
                put32(b, at + 4, 0x10)
            },
            Expect::Warn("reserved file-parameter flags"),
        ),
        (
            "logical sector 1024",
            |b| {
                let at = metadata_item_offset(b, &LOGICAL_SECTOR_SIZE);
                put32(b, at, 1024)
            },
            Expect::Reject("logical sector size is 1024"),
        ),
        (
            "physical sector 1024",
            |b| {
                let at = metadata_item_offset(b, &PHYSICAL_SECTOR_SIZE);
                put32(b, at, 1024)
            },
            Expect::Reject("physical sector size is 1024"),
        ),
        (
            "virtual size not a sector multiple",
            |b| {
                let at = metadata_item_offset(b, &VIRTUAL_DISK_SIZE);
                put64(b, at, (64 * MIB + 100) as u64)
            },
            Expect::Reject("virtual size"),
        ),
        (
            "1 TiB with a 1 MiB BAT",
            |b| {
                let at = metadata_item_offset(b, &VIRTUAL_DISK_SIZE);
                put64(b, at, 1 << 40)
            },
            Expect::Reject("too small for the"),
        ),
        (
            "1 PiB virtual size",
            |b| {
                let at = metadata_item_offset(b, &VIRTUAL_DISK_SIZE);
                put64(b, at, 1 << 50)
            },
            Expect::Reject("up to 64 TiB"),
        ),
        (
            "virtual size 0",
            |b| {
                let at = metadata_item_offset(b, &VIRTUAL_DISK_SIZE);
                put64(b, at, 0)
            },
            Expect::Reject("virtual size 0"),
        ),
    ]
}
