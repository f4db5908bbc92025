//! `compact --in-place` killed at seeded points of its writes (the binary aborts at its Nth
//! write, flush or truncation, through `WSLTUNE_TEST_KILL_AFTER_IO`): after each kill the file
//! checks clean with qemu-img (after qemu replays a log left in it), keeps every byte ext4
//! uses, and a rerun completes to the same file a run that was never stopped makes.

use std::path::Path;

use crate::images::{Work, debugfs_w, have, noise, run};
use crate::util::wsltune;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The used blocks of the filesystem in `raw` (ext4 4 KiB blocks not listed free by dumpe2fs).
fn used_blocks(raw: &Path) -> Vec<u64> {
    let text = run("dumpe2fs", &[s(raw)]);
    let (count, _, _) = crate::images::dumpe2fs(raw);
    let mut free = vec![false; count as usize];
    for line in text.lines() {
        let Some(list) = line.strip_prefix("  Free blocks: ") else { continue };
        for part in list.split(", ").filter(|p| !p.is_empty()) {
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            for x in a.parse::<u64>().unwrap()..=b.parse::<u64>().unwrap() {
                free[x as usize] = true;
            }
        }
    }
    (0..count).filter(|b| !free[*b as usize]).collect()
}

fn in_place(file: &Path, kill_after: Option<u64>) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = wsltune(home.path());
    cmd.args(["compact", "--in-place", "--yes", "--json", s(file)]);
    cmd.env("WSLTUNE_TEST_KILL_AFTER_IO", kill_after.unwrap_or(u64::MAX).to_string());
    cmd.output().unwrap()
}

/// The virtual disk as qemu reads it, after qemu replays any log (on a copy), and whether
/// there was one.
fn qemu_raw(w: &Work, vhdx: &Path) -> (Vec<u8>, bool) {
    let copy = w.path("q.vhdx");
    std::fs::copy(vhdx, &copy).unwrap();
    let check = std::process::Command::new("qemu-img")
        .args(["check", "-f", "vhdx", s(&copy)])
        .output()
        .unwrap();
    let dirty = !check.status.success();
    if dirty {
        let out = String::from_utf8_lossy(&check.stderr);
        assert!(out.contains("log that needs to be replayed"), "qemu-img check: {out}");
        let _ = std::process::Command::new("qemu-img")
            .args(["check", "-r", "all", "-f", "vhdx", s(&copy)])
            .output();
        run("qemu-img", &["check", "-f", "vhdx", s(&copy)]);
    }
    let raw = w.path("q.raw");
    let _ = std::fs::remove_file(&raw);
    run("qemu-img", &["convert", "-f", "vhdx", "-O", "raw", s(&copy), s(&raw)]);
    (std::fs::read(&raw).unwrap(), dirty)
}

#[test]
fn killed_anywhere_it_keeps_every_used_byte_and_a_rerun_finishes() {
    if !["qemu-img", "mkfs.ext4", "debugfs", "dumpe2fs", "e2fsck"].iter().all(|t| have(t)) {
        return;
    }
    let w = Work::new();
    let files = [
        ("keep1", noise(3 << 20, 41)),
        ("gone", noise(40 << 20, 42)),
        ("keep2", noise(6 << 20, 43)),
    ];
    let raw = w.ext4("a.raw", "200M", &["-b", "4096"], &files);
    debugfs_w(&raw, "rm gone");
    let pristine = w.vhdx(&raw, "a.vhdx", "subformat=dynamic,block_size=1M");
    let original = std::fs::read(&raw).unwrap();
    let used = used_blocks(&raw);

    // A run never stopped: how many writes and flushes it makes, and the file it leaves.
    let clean = w.path("clean.vhdx");
    std::fs::copy(&pristine, &clean).unwrap();
    let o = in_place(&clean, None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let total: u64 = stderr.split("wsltune-test-io=").nth(1).unwrap().trim().parse().unwrap();
    assert!(total > 20, "{total} writes and flushes");
    let clean_len = std::fs::metadata(&clean).unwrap().len();

    // 24 seeded points among them (and the first and last).
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut points: Vec<u64> = (0..22)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            1 + x % total
        })
        .chain([1, total])
        .collect();
    points.sort_unstable();
    points.dedup();
    let file = w.path("k.vhdx");
    let mut left_a_log = 0;
    for n in points {
        std::fs::copy(&pristine, &file).unwrap();
        let o = in_place(&file, Some(n));
        assert!(!o.status.success(), "killed at {n}");
        // The file as the kill left it: qemu opens it and reads every used block as before.
        let (got, dirty) = qemu_raw(&w, &file);
        left_a_log += u32::from(dirty);
        assert_eq!(got.len(), original.len());
        for &b in &used {
            let r = (b * 4096) as usize..(b * 4096 + 4096) as usize;
            assert!(got[r.clone()] == original[r], "killed at {n}: ext4 block {b} changed");
        }
        // A rerun finishes the job.
        let o = in_place(&file, None);
        assert!(
            o.status.success(),
            "rerun after a kill at {n}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        run("qemu-img", &["check", "-f", "vhdx", s(&file)]);
        assert_eq!(std::fs::metadata(&file).unwrap().len(), clean_len, "killed at {n}, then rerun");
        let (done, dirty) = qemu_raw(&w, &file);
        assert!(!dirty, "the rerun leaves no log");
        for &b in &used {
            let r = (b * 4096) as usize..(b * 4096 + 4096) as usize;
            assert!(done[r.clone()] == original[r], "killed at {n}, rerun: ext4 block {b} changed");
        }
        let fs = w.path("fs.raw");
        std::fs::write(&fs, &done).unwrap();
        run("e2fsck", &["-fn", s(&fs)]);
    }
    assert!(left_a_log > 0, "some kills left a log for qemu to replay");
}
