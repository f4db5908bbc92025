//! Malformed cases: the BAT (§6): entries in every state, offsets in and out of the file, shared blocks,
//! and the file cut short.

use super::*;

pub(super) fn cases() -> Vec<(&'static str, Mutation, Expect)> {
    vec![
        (
            "block beyond EOF",
            |b| {
                let e = bat_entry(b, 5);
                let end = b.len() as u64;
                put64(b, e, (end + (16 << 20)) | 6)
            },
            // A lost tail or a damaged entry look the same: the file should reach that block.
            Expect::Reject("to hold payload block 5 (1048576 bytes at offset"),
        ),
        (
            "block further than any file of this size reaches",
            |b| {
                let e = bat_entry(b, 5);
                put64(b, e, (1 << 40) | 6)
            },
            Expect::Reject("further than a VHDX of this disk's size reaches"),
        ),
        (
            "block over the metadata",
            |b| {
                let m = region_offset(b, &METADATA) as u64;
                let e = bat_entry(b, 5);
                put64(b, e, m | 6)
            },
            Expect::Reject("overlaps the metadata region"),
        ),
        (
            "block at offset 0",
            |b| {
                let e = bat_entry(b, 5);
                put64(b, e, 6)
            },
            Expect::Reject("header section"),
        ),
        (
            "state 4",
            |b| {
                let e = bat_entry(b, 5);
                let v = u64_at(b, e) & !7;
                put64(b, e, v | 4)
            },
            Expect::Reject("invalid state 4"),
        ),
        (
            "state 7 without parent",
            |b| {
                let e = bat_entry(b, 5);
                let v = u64_at(b, e) & !7;
                put64(b, e, v | 7)
            },
            Expect::Reject("PARTIALLY_PRESENT"),
        ),
        (
            "state 5 (v0.95 unmapped)",
            |b| {
                let e = bat_entry(b, 5);
                put64(b, e, 5)
            },
            Expect::Warn(""),
        ),
        (
            "state 3 with an offset",
            |b| {
                let e = bat_entry(b, 5);
                let v = u64_at(b, e) & !7;
                put64(b, e, v | 3)
            },
            Expect::Warn(""),
        ),
        (
            "reserved BAT bits",
            |b| {
                let e = bat_entry(b, 5);
                let v = u64_at(b, e);
                put64(b, e, v | 0x100)
            },
            Expect::Warn("reserved bits"),
        ),
        (
            "two entries, one offset",
            |b| {
                let v = u64_at(b, bat_entry(b, 0));
                let e = bat_entry(b, 5);
                put64(b, e, v)
            },
            Expect::Warn("counted once"),
        ),
        (
            "last block cut by 4 KiB",
            |b| {
                let n = b.len();
                b.truncate(n - 4096)
            },
            Expect::Reject(
                "truncated at 11530240 bytes: it should be at least 11534336 bytes (4 KiB more) to hold payload block 63",
            ),
        ),
        (
            "truncated to 1 MiB",
            |b| b.truncate(MIB),
            Expect::Reject(
                "truncated at 1048576 bytes: it should be at least 2097152 bytes (1 MiB more) to hold its log",
            ),
        ),
        (
            "truncated to 100 KiB",
            |b| b.truncate(100 * 1024),
            Expect::Reject(
                "truncated at 102400 bytes: it should be at least 1048576 bytes (924 KiB more) to hold its header section",
            ),
        ),
        ("empty file", |b| b.clear(), Expect::Reject("at least 1 MiB")),
    ]
}
