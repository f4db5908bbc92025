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
            Expect::Reject("past the end of the file"),
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
            Expect::Reject("past the end of the file"),
        ),
        ("truncated to 1 MiB", |b| b.truncate(MIB), Expect::Reject("")),
        ("truncated to 100 KiB", |b| b.truncate(100 * 1024), Expect::Reject("at least 1 MiB")),
        ("empty file", |b| b.clear(), Expect::Reject("at least 1 MiB")),
    ]
}
