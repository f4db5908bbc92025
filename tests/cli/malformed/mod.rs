//! Malformed images (reference/vhdx.md §8 and §12.4): each mutation of a valid image is either
//! rejected with a clear message or read with a warning — never a panic, never a huge
//! allocation.

mod bat;
mod headers;
mod metadata;

use wsltune::vhdx::bytes::{Guid, fix_checksum, guid};
use wsltune::vhdx::{VhdxError, inspect};

use crate::images::{Work, have, inspect as inspect_bin, noise, run};

const MIB: usize = 1 << 20;
const K64: usize = 64 * 1024;

pub const LOGICAL_SECTOR_SIZE: Guid =
    guid(0x8141_BF1D, 0xA96F, 0x4709, [0xBA, 0x47, 0xF2, 0x33, 0xA8, 0xFA, 0xAB, 0x5F]);
const PHYSICAL_SECTOR_SIZE: Guid =
    guid(0xCDA3_48C7, 0x445D, 0x4471, [0x9C, 0xC9, 0xE9, 0x88, 0x52, 0x51, 0xC5, 0x56]);
const FILE_PARAMETERS: Guid =
    guid(0xCAA1_6737, 0xFA36, 0x4D43, [0xB3, 0xB6, 0x33, 0xF0, 0xAA, 0x44, 0xE7, 0x6B]);
const VIRTUAL_DISK_SIZE: Guid =
    guid(0x2FA5_4224, 0xCD1B, 0x4876, [0xB2, 0x11, 0x5D, 0xBE, 0xD8, 0x3B, 0xF4, 0xB8]);
const PAGE_83_DATA: Guid =
    guid(0xBECA_12AB, 0xB2E6, 0x4523, [0x93, 0xEF, 0xC3, 0x09, 0xE0, 0x00, 0xC7, 0x46]);
const BAT: Guid =
    guid(0x2DC2_7766, 0xF623, 0x4200, [0x9D, 0x64, 0x11, 0x5E, 0x9B, 0xFD, 0x4A, 0x08]);
const METADATA: Guid =
    guid(0x8B7C_A206, 0x4790, 0x4B9A, [0xB8, 0xFE, 0x57, 0x5F, 0x05, 0x0F, 0x88, 0x6E]);
const UNKNOWN: Guid = [0xAB; 16];

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}
fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}
fn put32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}
fn put64(b: &mut [u8], at: usize, v: u64) {
    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

/// The offset of the current header (higher sequence number).
fn current_header(b: &[u8]) -> usize {
    if u64_at(b, 2 * K64 + 8) > u64_at(b, K64 + 8) { 2 * K64 } else { K64 }
}
fn fix_header(b: &mut [u8], at: usize) {
    fix_checksum(&mut b[at..at + 4096]);
}
fn fix_regions(b: &mut [u8]) {
    fix_checksum(&mut b[3 * K64..4 * K64]);
}
/// The region-table entry (in table 1) for a region GUID.
fn region_entry(b: &[u8], id: &Guid) -> usize {
    (0..u32_at(b, 3 * K64 + 8) as usize)
        .map(|i| 3 * K64 + 16 + i * 32)
        .find(|at| &b[*at..*at + 16] == id)
        .unwrap()
}
fn region_offset(b: &[u8], id: &Guid) -> usize {
    u64_at(b, region_entry(b, id) + 16) as usize
}
/// The metadata-table entry for an item GUID.
fn item_entry(b: &[u8], id: &Guid) -> usize {
    let table = region_offset(b, &METADATA);
    (0..u16::from_le_bytes([b[table + 10], b[table + 11]]) as usize)
        .map(|i| table + 32 + i * 32)
        .find(|at| &b[*at..*at + 16] == id)
        .unwrap()
}
/// The file offset of a metadata item's value.
pub fn metadata_item_offset(b: &[u8], id: &Guid) -> usize {
    region_offset(b, &METADATA) + u32_at(b, item_entry(b, id) + 16) as usize
}
/// The file offset of the BAT entry of payload block `block` (64 MiB disks: no interleave).
fn bat_entry(b: &[u8], block: usize) -> usize {
    region_offset(b, &BAT) + block * 8
}

/// A 64 MiB dynamic image with data in blocks 0, 5 and 63 (§12.4's base).
fn base() -> Option<Vec<u8>> {
    if !have("qemu-img") {
        return None;
    }
    let w = Work::new();
    let raw = w.path("m.raw");
    let mut content = vec![0u8; 64 * MIB];
    for block in [0, 5, 63] {
        content[block * MIB..block * MIB + 4096].copy_from_slice(&noise(4096, block as u64));
    }
    std::fs::write(&raw, &content).unwrap();
    let vhdx = w.vhdx(&raw, "m.vhdx", "block_size=1M");
    Some(std::fs::read(vhdx).unwrap())
}

enum Expect {
    /// Rejected; the message contains this.
    Reject(&'static str),
    /// Read; a warning contains this (or "" for no check).
    Warn(&'static str),
}

type Mutation = fn(&mut Vec<u8>);

#[test]
fn every_malformed_case_is_rejected_or_flagged_without_panic() {
    let Some(good) = base() else { return };
    let ok = inspect(&good.as_slice()).unwrap();
    assert_eq!(ok.blocks.unwrap().fully_present, 3);
    assert_eq!(ok.warnings, ["no ext4 filesystem or partition table was found on the disk"]);

    let cases: Vec<(&str, Mutation, Expect)> =
        [headers::cases(), metadata::cases(), bat::cases()].into_iter().flatten().collect();
    for (name, mutate, expect) in cases {
        let mut image = good.clone();
        mutate(&mut image);
        let result = inspect(&image.as_slice());
        match (expect, result) {
            (Expect::Reject(want), Err(e)) => {
                let text = e.to_string();
                assert!(text.contains(want), "{name}: the message '{text}' lacks '{want}'");
                assert!(
                    matches!(
                        e,
                        VhdxError::Corrupt(_)
                            | VhdxError::NotVhdx(_)
                            | VhdxError::Unsupported(_)
                            | VhdxError::Truncated { .. }
                    ),
                    "{name}: {e:?}"
                );
            }
            (Expect::Warn(want), Ok(r)) => {
                assert!(
                    want.is_empty() || r.warnings.iter().any(|w| w.contains(want)),
                    "{name}: no warning '{want}' in {:?}",
                    r.warnings
                );
                assert!(r.allocated_bytes.unwrap() <= image.len() as u64, "{name}");
            }
            (Expect::Reject(_), Ok(r)) => panic!("{name}: accepted, expected a rejection: {r:?}"),
            (Expect::Warn(_), Err(e)) => panic!("{name}: rejected ({e}), expected a warning"),
        }
    }

    // Counting details of the accepted cases.
    let mut image = good.clone();
    let v = u64_at(&image, bat_entry(&image, 0));
    let e = bat_entry(&image, 5);
    put64(&mut image, e, v);
    let r = inspect(&image.as_slice()).unwrap();
    assert_eq!(r.blocks.unwrap().fully_present, 3);
    assert_eq!(r.allocated_bytes, Some(2 * MIB as u64), "a shared block counts once");
    let mut image = good.clone();
    let e = bat_entry(&image, 5);
    put64(&mut image, e, 5);
    assert_eq!(inspect(&image.as_slice()).unwrap().blocks.unwrap().unmapped, 1);
}

#[test]
fn the_binary_names_the_file_and_the_fault() {
    let Some(mut image) = base() else { return };
    let w = Work::new();
    let path = w.path("broken.vhdx");
    image[K64 + 100] ^= 1;
    image[2 * K64 + 100] ^= 1;
    std::fs::write(&path, &image).unwrap();
    let before = std::fs::read(&path).unwrap();
    let (code, _, stderr) = inspect_bin(&path);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(&format!(
            "error: '{}': the VHDX is corrupt: no valid header",
            path.display()
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file is untouched");
    // Not a VHDX at all; a folder; a missing file.
    let text = w.path("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    let (code, _, stderr) = inspect_bin(&text);
    assert_eq!(code, 1);
    assert!(stderr.contains("it is not a VHDX file"), "{stderr}");
    let (_, _, stderr) = inspect_bin(w.path("").as_path());
    assert!(stderr.contains("not a regular file"), "{stderr}");
    let (code, _, stderr) = inspect_bin(&w.path("missing.vhdx"));
    assert_eq!(code, 1);
    assert!(stderr.contains("No such file"), "{stderr}");
    let _ = run;
}

/// qemu cannot make differencing VHDX files, so one is made by hand from a dynamic one: set
/// HasParent and add a parent locator item (reference/vhdx.md §5).
#[test]
fn a_differencing_disk_reports_its_parent_and_what_it_cannot_compute() {
    let Some(mut b) = base() else { return };
    let fp = metadata_item_offset(&b, &FILE_PARAMETERS);
    put32(&mut b, fp + 4, 2); // HasParent
    let table = region_offset(&b, &METADATA);
    let count = u16::from_le_bytes([b[table + 10], b[table + 11]]) as usize;
    // The locator: type GUID, reserved, key/value count, entries, then UTF-16LE strings.
    let pairs = [
        ("parent_linkage", "{01234567-89ab-cdef-0123-456789abcdef}"),
        ("relative_path", r".\base.vhdx"),
    ];
    let mut item =
        guid(0xB04A_EFB7, 0xD19E, 0x4A81, [0xB7, 0x89, 0x25, 0xB8, 0xE9, 0x44, 0x59, 0x13])
            .to_vec();
    item.extend_from_slice(&0u16.to_le_bytes());
    item.extend_from_slice(&(pairs.len() as u16).to_le_bytes());
    let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
    let mut strings = Vec::new();
    let strings_start = 20 + 12 * pairs.len();
    for (key, value) in pairs {
        let (k, v) = (utf16(key), utf16(value));
        let key_at = strings_start + strings.len();
        strings.extend_from_slice(&k);
        let value_at = strings_start + strings.len();
        strings.extend_from_slice(&v);
        item.extend_from_slice(&(key_at as u32).to_le_bytes());
        item.extend_from_slice(&(value_at as u32).to_le_bytes());
        item.extend_from_slice(&(k.len() as u16).to_le_bytes());
        item.extend_from_slice(&(v.len() as u16).to_le_bytes());
    }
    item.extend_from_slice(&strings);
    let item_offset = 128 * 1024; // free space in the 1 MiB metadata region
    b[table + item_offset..table + item_offset + item.len()].copy_from_slice(&item);
    let entry = table + 32 + count * 32;
    b[entry..entry + 16].copy_from_slice(&guid(
        0xA8D3_5F2D,
        0xB30B,
        0x454D,
        [0xAB, 0xF7, 0xD3, 0xD8, 0x48, 0x34, 0xAB, 0x0C],
    ));
    put32(&mut b, entry + 16, item_offset as u32);
    put32(&mut b, entry + 20, item.len() as u32);
    put32(&mut b, entry + 24, 4 | 2); // IsRequired | IsVirtualDisk
    b[table + 10..table + 12].copy_from_slice(&((count + 1) as u16).to_le_bytes());

    let r = inspect(&b.as_slice()).unwrap();
    assert_eq!(r.disk_type, Some(wsltune::vhdx::DiskType::Differencing));
    let parent = r.parent.unwrap();
    assert_eq!(parent[1], ("relative_path".to_owned(), r".\base.vhdx".to_owned()));
    assert_eq!(parent[0].0, "parent_linkage");
    assert_eq!(r.blocks.unwrap().fully_present, 3);
    assert!(r.filesystem.is_none() && r.reclaimable_bytes.is_none());
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("needs the parent disk") || w.contains("need the parent disk")),
        "{:?}",
        r.warnings
    );
}
