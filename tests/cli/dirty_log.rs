//! A VHDX whose log holds an unreplayed entry (reference/vhdx.md §12.3): qemu refuses to open it
//! read-only, `qemu-img check -r all` replays it; wsltune must replay it in memory to the same
//! result, and leave the file untouched.

use wsltune::vhdx::bytes::fix_checksum;

use crate::images::{Work, have, inspect_ok, noise, read_virtual, run};

const MIB: usize = 1 << 20;
const K64: usize = 64 * 1024;

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

#[test]
fn a_dirty_log_is_replayed_in_memory_like_qemu_img_check() {
    if !have("qemu-img") || !have("mkfs.ext4") || !have("debugfs") {
        return;
    }
    let w = Work::new();
    let raw = w.ext4("r.img", "256M", &["-b", "4096"], &[("a.bin", noise(5 << 20, 9))]);
    let clean = w.vhdx(&raw, "clean.vhdx", "block_size=1M");
    let mut b = std::fs::read(&clean).unwrap();
    let before = inspect_ok(&clean)["blocks"]["fully_present"].as_u64().unwrap();

    // Append a 1 MiB block of 0x5A and point virtual block 200 at it — through the log only.
    let new_block = b.len();
    assert_eq!(new_block % MIB, 0);
    b.extend(std::iter::repeat_n(0x5A, MIB));
    let current = if u64_at(&b, 2 * K64 + 8) > u64_at(&b, K64 + 8) { 2 * K64 } else { K64 };
    let other = if current == K64 { 2 * K64 } else { K64 };
    let log_offset = u64_at(&b, current + 72) as usize;
    let table = 3 * K64;
    let bat_offset = (0..4)
        .map(|i| table + 16 + i * 32)
        .find(|at| b[*at..*at + 4] == [0x66, 0x77, 0xc2, 0x2d])
        .map(|at| u64_at(&b, at + 16) as usize)
        .unwrap();
    let mut page = b[bat_offset..bat_offset + 4096].to_vec();
    assert_eq!(u64_at(&page, 200 * 8) & 7, 2, "block 200 starts empty (ZERO)");
    page[200 * 8..200 * 8 + 8].copy_from_slice(&((new_block as u64) | 6).to_le_bytes());
    let guid = [0x42u8; 16];
    let mut entry = vec![0u8; 8192];
    entry[..4].copy_from_slice(b"loge");
    entry[8..12].copy_from_slice(&8192u32.to_le_bytes());
    entry[16..24].copy_from_slice(&1u64.to_le_bytes());
    entry[24..28].copy_from_slice(&1u32.to_le_bytes());
    entry[32..48].copy_from_slice(&guid);
    let file_len = b.len() as u64;
    entry[48..56].copy_from_slice(&file_len.to_le_bytes());
    entry[56..64].copy_from_slice(&file_len.to_le_bytes());
    let d = 64;
    entry[d..d + 4].copy_from_slice(b"desc");
    entry[d + 4..d + 8].copy_from_slice(&page[4092..4096]);
    entry[d + 8..d + 16].copy_from_slice(&page[0..8]);
    entry[d + 16..d + 24].copy_from_slice(&(bat_offset as u64).to_le_bytes());
    entry[d + 24..d + 32].copy_from_slice(&1u64.to_le_bytes());
    entry[4096..4100].copy_from_slice(b"data");
    entry[4096 + 8..4096 + 4092].copy_from_slice(&page[8..4092]);
    entry[4096 + 4092..].copy_from_slice(&1u32.to_le_bytes());
    fix_checksum(&mut entry);
    b[log_offset..log_offset + 8192].copy_from_slice(&entry);
    // The other header becomes current, naming the log.
    let mut header = b[current..current + 4096].to_vec();
    let seq = u64_at(&header, 8) + 1;
    header[8..16].copy_from_slice(&seq.to_le_bytes());
    header[48..64].copy_from_slice(&guid);
    fix_checksum(&mut header);
    b[other..other + 4096].copy_from_slice(&header);
    let dirty = w.path("dirty.vhdx");
    std::fs::write(&dirty, &b).unwrap();

    // qemu agrees the file is dirty: it will not read it without replay.
    let out = std::process::Command::new("qemu-img")
        .args(["info", "-f", "vhdx"])
        .arg(&dirty)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("log that needs to be replayed"));

    let r = inspect_ok(&dirty);
    assert_eq!(r["log"]["dirty"], true);
    assert_eq!(r["log"]["replayed"], true);
    assert_eq!(r["blocks"]["fully_present"].as_u64(), Some(before + 1));
    assert_eq!(std::fs::read(&dirty).unwrap(), b, "the dirty file is untouched");

    // qemu's replay writes the file; ours must read the same.
    let repaired = w.path("repaired.vhdx");
    std::fs::copy(&dirty, &repaired).unwrap();
    let _ = std::process::Command::new("qemu-img")
        .args(["check", "-r", "all", "-f", "vhdx"])
        .arg(&repaired)
        .output()
        .unwrap();
    let fixed = inspect_ok(&repaired);
    assert_eq!(fixed["log"]["dirty"], false);
    assert_eq!(fixed["blocks"], r["blocks"]);
    assert_eq!(fixed["allocated_bytes"], r["allocated_bytes"]);
    let replayed = read_virtual(&dirty);
    assert!(replayed[200 * MIB..201 * MIB].iter().all(|x| *x == 0x5A));
    assert!(replayed == read_virtual(&repaired), "in-memory replay equals qemu's replay");
    let converted = w.path("repaired.raw");
    run(
        "qemu-img",
        &[
            "convert",
            "-f",
            "vhdx",
            "-O",
            "raw",
            repaired.to_str().unwrap(),
            converted.to_str().unwrap(),
        ],
    );
    assert!(replayed == std::fs::read(&converted).unwrap(), "and qemu's own reading of it");

    // Compacting the dirty file (copy mode) replays the log in memory only: the copy reads as
    // qemu's replay, less block 200, which ext4 does not use (its 0x5A are dropped).
    let out = w.path("compacted.vhdx");
    let home = tempfile::tempdir().unwrap();
    let status = crate::util::wsltune(home.path())
        .args(["compact", "--yes", "--to"])
        .arg(&out)
        .arg(&dirty)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert_eq!(std::fs::read(&dirty).unwrap(), b, "the dirty file is untouched");
    let compacted = w.path("compacted.raw");
    run(
        "qemu-img",
        &["convert", "-f", "vhdx", "-O", "raw", out.to_str().unwrap(), compacted.to_str().unwrap()],
    );
    let mut expected = std::fs::read(&converted).unwrap();
    expected[200 * MIB..201 * MIB].fill(0);
    assert!(std::fs::read(&compacted).unwrap() == expected);
}
