//! Malformed cases: the file identifier, the two headers, the log and the region tables (reference/vhdx.md
//! §2–§4).

use super::*;

pub(super) fn cases() -> Vec<(&'static str, Mutation, Expect)> {
    vec![
        ("bad file signature", |b| b[0] = b'X', Expect::Reject("not a VHDX file")),
        (
            "current header CRC",
            |b| {
                let h = current_header(b);
                b[h + 100] ^= 1
            },
            Expect::Warn("fails its CRC-32C"),
        ),
        (
            "both header CRCs",
            |b| {
                b[K64 + 100] ^= 1;
                b[2 * K64 + 100] ^= 1
            },
            Expect::Reject("no valid header"),
        ),
        (
            "current header version 2",
            |b| {
                let h = current_header(b);
                b[h + 66] = 2;
                fix_header(b, h)
            },
            Expect::Warn("version 2"),
        ),
        (
            "equal sequence, different content",
            |b| {
                let seq = u64_at(b, K64 + 8);
                put64(b, 2 * K64 + 8, seq);
                b[2 * K64 + 16] ^= 1;
                fix_header(b, 2 * K64);
            },
            Expect::Reject("same sequence number"),
        ),
        (
            "identical headers",
            |b| {
                let h1: Vec<u8> = b[K64..K64 + 4096].to_vec();
                b[2 * K64..2 * K64 + 4096].copy_from_slice(&h1)
            },
            Expect::Warn(""),
        ),
        (
            "log offset unaligned",
            |b| {
                let h = current_header(b);
                put64(b, h + 72, (MIB + 4096) as u64);
                fix_header(b, h)
            },
            Expect::Reject("log offset"),
        ),
        (
            "log version 1",
            |b| {
                let h = current_header(b);
                b[h + 64] = 1;
                fix_header(b, h)
            },
            Expect::Reject("log version 1"),
        ),
        (
            "log GUID set, log empty",
            |b| {
                let h = current_header(b);
                b[h + 48..h + 64].copy_from_slice(&[7; 16]);
                fix_header(b, h)
            },
            Expect::Warn(""),
        ),
        ("region table 1 CRC", |b| b[3 * K64 + 100] ^= 1, Expect::Warn("used the copy at 256 KiB")),
        (
            "both region tables",
            |b| {
                b[3 * K64] = b'X';
                b[4 * K64] = b'X'
            },
            Expect::Reject("region table 1"),
        ),
        (
            "2048 regions",
            |b| {
                put32(b, 3 * K64 + 8, 2048);
                fix_regions(b);
                b[4 * K64] = b'X'
            },
            Expect::Reject("2048 entries"),
        ),
        (
            "BAT region missing",
            |b| {
                let e = region_entry(b, &BAT);
                b[e..e + 16].copy_from_slice(&UNKNOWN);
                fix_regions(b);
                b[4 * K64] = b'X'
            },
            Expect::Reject("no BAT region"),
        ),
        (
            "unknown required region",
            |b| {
                let e = region_entry(b, &BAT);
                let n = u32_at(b, 3 * K64 + 8) as usize;
                let mut entry = b[e..e + 32].to_vec();
                entry[..16].copy_from_slice(&UNKNOWN);
                entry[28] = 1;
                let at = 3 * K64 + 16 + n * 32;
                b[at..at + 32].copy_from_slice(&entry);
                put32(b, 3 * K64 + 8, n as u32 + 1);
                fix_regions(b)
            },
            Expect::Reject("unknown region"),
        ),
        (
            "unknown optional region",
            |b| {
                let e = region_entry(b, &BAT);
                let n = u32_at(b, 3 * K64 + 8) as usize;
                let mut entry = b[e..e + 32].to_vec();
                entry[..16].copy_from_slice(&UNKNOWN);
                let at = 3 * K64 + 16 + n * 32;
                b[at..at + 32].copy_from_slice(&entry);
                put32(b, 3 * K64 + 8, n as u32 + 1);
                fix_regions(b)
            },
            Expect::Warn(""),
        ),
        (
            "BAT overlaps metadata",
            |b| {
                let m = region_offset(b, &METADATA) as u64;
                let e = region_entry(b, &BAT);
                put64(b, e + 16, m);
                fix_regions(b);
                b[4 * K64] = b'X'
            },
            Expect::Reject("overlaps"),
        ),
    ]
}
