//! Inspecting big disks (issue: BAT read and state count of a 1 TiB disk with 1 MiB blocks
//! ≤ 20 ms; full inspect with the ext4 bitmaps of a 256 GiB filesystem ≤ 200 ms).
//!
//! The images are made at bench time with qemu-img and mkfs.ext4 in a temporary folder.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group};
use wsltune::vhdx::source::FileSource;
use wsltune::vhdx::{Image, inspect};

fn run(program: &str, args: &[&str]) {
    let status =
        Command::new(program).args(args).status().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(status.success(), "{program} {args:?}");
}

/// A 1 TiB dynamic VHDX with 1 MiB blocks: 1,048,576 payload entries (+255 bitmap entries).
fn tib_disk(dir: &Path) -> PathBuf {
    let path = dir.join("1t.vhdx");
    run(
        "qemu-img",
        &["create", "-q", "-f", "vhdx", "-o", "block_size=1M", path.to_str().unwrap(), "1T"],
    );
    path
}

/// A 256 GiB ext4 filesystem in a VHDX with 1 MiB blocks, with 4 KiB of deleted data in each of
/// its 2,048 block groups, so that the reclaim estimate reads every group's bitmap.
fn fs_disk(dir: &Path) -> PathBuf {
    let raw = dir.join("256g.img");
    run("truncate", &["-s", "256G", raw.to_str().unwrap()]);
    run(
        "mkfs.ext4",
        &[
            "-q",
            "-F",
            "-b",
            "4096",
            "-E",
            "lazy_itable_init=1,lazy_journal_init=1",
            raw.to_str().unwrap(),
        ],
    );
    let mut f = std::fs::OpenOptions::new().write(true).open(&raw).unwrap();
    for group in 0..2048u64 {
        f.seek(SeekFrom::Start(group * (128 << 20) + (100 << 20))).unwrap();
        f.write_all(&[0x5A; 4096]).unwrap();
    }
    drop(f);
    let vhdx = dir.join("256g.vhdx");
    run(
        "qemu-img",
        &[
            "convert",
            "-f",
            "raw",
            "-O",
            "vhdx",
            "-o",
            "block_size=1M",
            raw.to_str().unwrap(),
            vhdx.to_str().unwrap(),
        ],
    );
    std::fs::remove_file(&raw).unwrap();
    vhdx
}

fn benches_vhdx(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let tib = tib_disk(dir.path());
    let src = FileSource::open(&tib).unwrap();
    c.bench_function("open 1 TiB disk (BAT read + state count)", |b| {
        b.iter(|| Image::open(&src).unwrap());
    });
    let fs = fs_disk(dir.path());
    let src = FileSource::open(&fs).unwrap();
    let r = inspect(&src).unwrap();
    assert!(r.reclaimable_bytes.unwrap() >= 2000 << 20, "every group has a reclaimable block");
    c.bench_function("inspect 256 GiB ext4 disk (all bitmaps)", |b| {
        b.iter(|| inspect(&src).unwrap());
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = benches_vhdx
}
