//! `wsltune inspect` on images made by qemu-img and mkfs.ext4, checked against the oracles of
//! reference/vhdx.md §12.1: qemu-img info, non-zero chunks of the raw source, dumpe2fs,
//! zerofree + reconversion, and libvhdi as a second reader.

use std::path::Path;

use crate::images::{
    Work, debugfs_w, dumpe2fs, have, inspect_ok, noise, nonzero_chunks, qemu_info, read_virtual,
    run,
};

const MIB: u64 = 1 << 20;

fn oracles() -> bool {
    ["qemu-img", "mkfs.ext4", "debugfs", "dumpe2fs"].iter().all(|t| have(t))
}

/// Checks what every inspection must agree on with qemu-img and the raw source.
fn check_against_qemu(vhdx: &Path, raw: Option<&Path>, r: &serde_json::Value) {
    let info = qemu_info(vhdx);
    assert_eq!(r["virtual_size"], info["virtual-size"]);
    assert_eq!(r["block_size"], info["cluster-size"]);
    assert_eq!(r["file_length"], info["children"][0]["info"]["virtual-size"]);
    assert_eq!(r["size_on_disk"], info["actual-size"]);
    if let Some(raw) = raw {
        let bs = r["block_size"].as_u64().unwrap();
        let present = nonzero_chunks(raw, bs);
        assert_eq!(
            r["blocks"]["fully_present"].as_u64(),
            Some(present),
            "present blocks vs the raw source"
        );
        assert_eq!(r["allocated_bytes"].as_u64(), Some(present * bs));
    }
}

#[test]
fn empty_dynamic_and_fixed_disks() {
    if !have("qemu-img") {
        return;
    }
    let w = Work::new();
    let cases = [
        ("dyn.vhdx", "1G", "block_size=1M,subformat=dynamic", "dynamic", "zero", 1024),
        ("off.vhdx", "64M", "block_size=1M,block_state_zero=off", "dynamic", "not_present", 64),
        ("fixz.vhdx", "64M", "subformat=fixed,block_size=1M", "fixed", "zero", 64),
    ];
    for (name, size, opts, kind, state, count) in cases {
        let f = w.path(name);
        run("qemu-img", &["create", "-q", "-f", "vhdx", "-o", opts, f.to_str().unwrap(), size]);
        let r = inspect_ok(&f);
        check_against_qemu(&f, None, &r);
        assert_eq!(r["disk_type"], kind, "{name}");
        assert_eq!(r["blocks"][state], count, "{name}");
        assert_eq!(r["blocks"]["total"], count, "{name}");
        assert_eq!(r["allocated_bytes"], 0, "{name}");
        assert_eq!(r["log"]["dirty"], false);
        assert_eq!(r["filesystem"], serde_json::Value::Null);
        assert_eq!(r["reclaimable_bytes"], serde_json::Value::Null);
    }
    // A fixed disk without zero states: every block present, at consecutive offsets.
    let f = w.path("fixed.vhdx");
    run(
        "qemu-img",
        &[
            "create",
            "-q",
            "-f",
            "vhdx",
            "-o",
            "subformat=fixed,block_size=1M,block_state_zero=off",
            f.to_str().unwrap(),
            "64M",
        ],
    );
    let r = inspect_ok(&f);
    check_against_qemu(&f, None, &r);
    assert_eq!(
        (r["disk_type"].as_str(), r["blocks"]["fully_present"].as_u64()),
        (Some("fixed"), Some(64))
    );
    assert_eq!(r["allocated_bytes"].as_u64(), Some(64 * MIB));
}

/// The reference scenario (§11, §12.2 cases 5–6): 43 MiB of files, 40 MiB deleted.
#[test]
fn deleted_data_reclaim_matches_zerofree_ground_truth() {
    if !oracles() || !have("zerofree") {
        return;
    }
    let w = Work::new();
    let raw = w.ext4(
        "r.img",
        "256M",
        &["-b", "4096"],
        &[("big.bin", noise(40 << 20, 1)), ("small.bin", noise(3 << 20, 2))],
    );
    debugfs_w(&raw, "rm big.bin");
    let (blocks, free, block_size) = dumpe2fs(&raw);
    for (block, opts) in
        [(MIB, "block_size=1M"), (32 * MIB, "block_size=32M"), (4 * MIB, "block_size=4M")]
    {
        let vhdx = w.vhdx(&raw, &format!("e-{block}.vhdx"), opts);
        let r = inspect_ok(&vhdx);
        check_against_qemu(&vhdx, Some(&raw), &r);
        let fs = &r["filesystem"];
        assert_eq!(
            (fs["blocks_total"].as_u64(), fs["blocks_free"].as_u64()),
            (Some(blocks), Some(free))
        );
        assert_eq!(fs["block_size"].as_u64(), Some(block_size));
        assert_eq!(fs["used_bytes"].as_u64(), Some((blocks - free) * block_size));
        assert_eq!(fs["clean"], true);
        assert_eq!(r["partition"]["scheme"], "none");
        // Ground truth: zero the free blocks (zerofree), reconvert: what disappears is what
        // trimming and compacting gives back.
        let zeroed = w.path(&format!("z-{block}.img"));
        std::fs::copy(&raw, &zeroed).unwrap();
        run("zerofree", &[zeroed.to_str().unwrap()]);
        let truth = (nonzero_chunks(&raw, block) - nonzero_chunks(&zeroed, block)) * block;
        let estimate = r["reclaimable_bytes"].as_u64().unwrap();
        assert!(estimate <= truth, "the estimate is a lower bound: {estimate} > {truth} ({opts})");
        if block == MIB {
            assert_eq!(estimate, truth, "1 MiB blocks: the per-block estimate is exact here");
            assert!(estimate >= 30 * MIB, "most of the deleted 40 MiB comes back: {estimate}");
        }
        if block == 32 * MIB {
            assert_eq!(estimate, 0, "no 32 MiB block is free of used ext4 blocks");
        }
    }
}

/// §12.2 case 7: the sector-bitmap entry interleaved after every chunk_ratio payload entries.
#[test]
fn chunk_interleave_on_a_5_gib_disk() {
    if !have("qemu-img") {
        return;
    }
    let w = Work::new();
    let raw = w.path("big.raw");
    run("truncate", &["-s", "5G", raw.to_str().unwrap()]);
    let offsets =
        [0, 4 * 1024 * MIB - MIB, 4 * 1024 * MIB, 4 * 1024 * MIB + MIB, 5 * 1024 * MIB - 4096];
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(&raw).unwrap();
        for (i, off) in offsets.iter().enumerate() {
            f.seek(SeekFrom::Start(*off)).unwrap();
            f.write_all(&noise(4096, i as u64 + 10)).unwrap();
        }
    }
    for (opts, total) in [("block_size=1M", 5120), ("block_size=256M", 20)] {
        let vhdx = w.vhdx(&raw, "big.vhdx", opts);
        let r = inspect_ok(&vhdx);
        check_against_qemu(&vhdx, Some(&raw), &r);
        assert_eq!(r["blocks"]["total"], total);
        // Our reader returns the raw bytes at each pattern, and zeros between.
        let src = wsltune::vhdx::source::FileSource::open(&vhdx).unwrap();
        let image = wsltune::vhdx::Image::open(&src).unwrap();
        let mut f = std::fs::File::open(&raw).unwrap();
        for off in offsets.iter().copied().chain([MIB, 2 * 1024 * MIB]) {
            use std::io::{Read, Seek, SeekFrom};
            let mut want = vec![0u8; 4096];
            f.seek(SeekFrom::Start(off)).unwrap();
            f.read_exact(&mut want).unwrap();
            let mut got = vec![0u8; 4096];
            image.read_virtual(&mut got, off).unwrap();
            assert!(got == want, "content at {off} differs ({opts})");
        }
    }
}

#[test]
fn ext4_variants_match_dumpe2fs() {
    if !oracles() {
        return;
    }
    let w = Work::new();
    let variants: [&[&str]; 6] = [
        &["-b", "1024", "-O", "^64bit"],
        &["-b", "4096", "-O", "^64bit"],
        &["-b", "4096", "-O", "^flex_bg"],
        &["-b", "4096", "-O", "bigalloc", "-C", "65536"],
        &["-b", "2048"],
        // 1 KiB blocks with bigalloc: first_data_block is 0, yet the superblock is in block 1.
        &["-b", "1024", "-O", "bigalloc", "-C", "16384"],
    ];
    for (i, options) in variants.iter().enumerate() {
        let raw =
            w.ext4(&format!("v{i}.img"), "300M", options, &[("f.bin", noise(5 << 20, i as u64))]);
        let (blocks, free, block_size) = dumpe2fs(&raw);
        let vhdx = w.vhdx(&raw, &format!("v{i}.vhdx"), "block_size=1M");
        let r = inspect_ok(&vhdx);
        check_against_qemu(&vhdx, Some(&raw), &r);
        let fs = &r["filesystem"];
        assert_eq!(fs["blocks_total"].as_u64(), Some(blocks), "{options:?}");
        assert_eq!(fs["blocks_free"].as_u64(), Some(free), "{options:?}");
        assert_eq!(fs["block_size"].as_u64(), Some(block_size), "{options:?}");
        // Nothing deleted: every allocated block holds used data, except all-zero ones qemu
        // dropped anyway.
        assert_eq!(r["reclaimable_bytes"].as_u64(), Some(0), "{options:?}: {:#}", r["warnings"]);
    }
}

#[test]
fn ext4_in_mbr_and_gpt_partitions() {
    if !oracles() || !have("sfdisk") {
        return;
    }
    let w = Work::new();
    for label in ["dos", "gpt"] {
        let raw = w.path(&format!("{label}.img"));
        run("truncate", &["-s", "300M", raw.to_str().unwrap()]);
        let kind = if label == "dos" { "83" } else { "0FC63DAF-8483-4772-8E79-3D69D8477DE4" };
        let script = format!("label: {label}\nstart=4096, type={kind}\n");
        let mut child = std::process::Command::new("/usr/sbin/sfdisk")
            .args(["-q", raw.to_str().unwrap()])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), script.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
        run(
            "mkfs.ext4",
            &["-q", "-F", "-b", "4096", "-E", "offset=2097152", raw.to_str().unwrap(), "200M"],
        );
        let (blocks, free, _) = dumpe2fs(Path::new(&format!("{}?offset=2097152", raw.display())));
        let vhdx = w.vhdx(&raw, &format!("{label}.vhdx"), "block_size=1M");
        let r = inspect_ok(&vhdx);
        let scheme = if label == "dos" { "mbr" } else { "gpt" };
        assert_eq!(r["partition"]["scheme"], scheme);
        assert_eq!(r["partition"]["number"], 1);
        assert_eq!(r["partition"]["offset"], 2 * MIB);
        assert_eq!(r["filesystem"]["offset"], 2 * MIB);
        assert_eq!(r["filesystem"]["blocks_total"].as_u64(), Some(blocks));
        assert_eq!(r["filesystem"]["blocks_free"].as_u64(), Some(free));
    }
}

/// A 256 GiB virtual disk with 1 MiB blocks: 262,144 payload entries plus 63 interleaved
/// bitmap entries; a sparse source, nothing allocated but what mkfs wrote.
#[test]
fn sparse_256_gib_disk() {
    if !oracles() {
        return;
    }
    let w = Work::new();
    let raw = w.path("huge.img");
    run("truncate", &["-s", "256G", raw.to_str().unwrap()]);
    run(
        "mkfs.ext4",
        &["-q", "-F", "-E", "lazy_itable_init=1,lazy_journal_init=1", raw.to_str().unwrap()],
    );
    let (blocks, free, _) = dumpe2fs(&raw);
    let vhdx = w.vhdx(&raw, "huge.vhdx", "block_size=1M");
    let r = inspect_ok(&vhdx);
    check_against_qemu(&vhdx, Some(&raw), &r);
    assert_eq!(r["blocks"]["total"], 262_144);
    assert_eq!(r["filesystem"]["blocks_total"].as_u64(), Some(blocks));
    assert_eq!(r["filesystem"]["blocks_free"].as_u64(), Some(free));
    assert_eq!(r["reclaimable_bytes"].as_u64(), Some(0));
}

/// libvhdi, a second reader, sees the same content as ours: the whole virtual disk hashes the
/// same, including with 4 KiB logical sectors (which qemu refuses to read, §12.2 case 8).
#[test]
fn content_matches_libvhdi() {
    if !oracles() || !Path::new("/usr/bin/python3").exists() {
        return;
    }
    let has_pyvhdi = std::process::Command::new("/usr/bin/python3")
        .args(["-c", "import pyvhdi"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_pyvhdi {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "python3-libvhdi is missing in CI");
        return;
    }
    let w = Work::new();
    let raw = w.ext4("c.img", "64M", &["-b", "4096"], &[("a.bin", noise(7 << 20, 3))]);
    let vhdx = w.vhdx(&raw, "c.vhdx", "block_size=1M");
    let ours = |path: &Path| -> String { sha256(&read_virtual(path)) };
    let theirs = |path: &Path| -> String {
        let script = "import pyvhdi,hashlib,sys\nf=pyvhdi.file();f.open(sys.argv[1])\nprint(hashlib.sha256(f.read_buffer_at_offset(f.get_media_size(),0)).hexdigest())";
        run("/usr/bin/python3", &["-c", script, path.to_str().unwrap()]).trim().to_owned()
    };
    assert_eq!(ours(&vhdx), theirs(&vhdx));
    assert_eq!(ours(&vhdx), sha256(&std::fs::read(&raw).unwrap()), "and the raw source");
    // 4 KiB logical sectors: patch the item (no checksum covers metadata).
    let patched = w.path("c4k.vhdx");
    let mut bytes = std::fs::read(&vhdx).unwrap();
    let at = crate::malformed::metadata_item_offset(&bytes, &crate::malformed::LOGICAL_SECTOR_SIZE);
    bytes[at..at + 4].copy_from_slice(&4096u32.to_le_bytes());
    std::fs::write(&patched, &bytes).unwrap();
    assert_eq!(inspect_ok(&patched)["logical_sector_size"], 4096);
    assert_eq!(ours(&patched), theirs(&patched));
}

/// SHA-256 through sha256sum (coreutils), to compare contents.
pub fn sha256(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x");
    std::fs::write(&p, bytes).unwrap();
    run("sha256sum", &[p.to_str().unwrap()]).split_whitespace().next().unwrap().to_owned()
}
