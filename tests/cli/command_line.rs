//! The command line under real use (issue 17; each test failed before its fix): closed pipes,
//! paths that are not UTF-8 in JSON, `--duration` shorter than an interval, `--proc-root`
//! checked and a copy of `/proc` read afresh, and a disk that disappears under `monitor`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::history_safety::{history, monitor_idle, now_ms, run, text};
use crate::monitor::wsltune_std;
use crate::util::fixture;

/// A reader that goes away (`| head`) ends the command quietly: exit 0, nothing on stderr, no
/// panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    history(&db, 2000, now_ms());
    let disk = dir.path().join("d.vhdx");
    new_vhdx(&disk);
    let db = db.to_str().unwrap();
    let wslconfig = fixture("wslconfig/clean.wslconfig");
    let commands: [&[&str]; 8] = [
        &["completions", "bash"],
        &["--db", db, "recommend"],
        &["--db", db, "export", "--format", "csv"],
        &["--db", db, "export", "--format", "jsonl"],
        &["--wslconfig", wslconfig.to_str().unwrap(), "lint"],
        &["inspect", "--json", disk.to_str().unwrap()],
        &["compact", disk.to_str().unwrap()],
        &["service", "install", "--systemd", "--dry-run"],
    ];
    for args in commands {
        let o = reader_gone(wsltune_std(dir.path()).env("USER", "tester").args(args));
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        assert_eq!(text(&o.stderr), "", "{args:?}");
    }
}

/// Runs `cmd` with its standard output's reader gone before it writes (`| head` that left).
fn reader_gone(cmd: &mut Command) -> std::process::Output {
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// A reader that goes away never stops a compaction half way: `compact --to --replace --yes |
/// head -1` still swaps the verified copy in (the reader left before the result lines).
#[test]
fn a_closed_pipe_never_leaves_a_compaction_undone() {
    let w = crate::images::Work::new();
    let raw = w.ext4("a.raw", "64M", &[], &[("big", crate::images::noise(8 << 20, 3))]);
    crate::images::debugfs_w(&raw, "rm big");
    let disk = w.vhdx(&raw, "a.vhdx", "subformat=dynamic,block_size=1M");
    let length = |p: &Path| std::fs::metadata(p).unwrap().len();
    let before = length(&disk);
    let copy = w.path("a.compact.vhdx");
    let mut cmd = wsltune_std(&w.path(""));
    cmd.arg("compact").arg(&disk).arg("--to").arg(&copy).args(["--replace", "--yes"]);
    let o = reader_gone(&mut cmd);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(!copy.exists(), "the copy was not swapped in");
    assert!(w.path("a.vhdx.before-compact").exists(), "no backup of the original");
    assert!(length(&disk) < before, "the disk in place is not the smaller copy");
    // The disk in place is whole, by qemu's reading and e2fsck's.
    let check = Command::new("qemu-img").args(["check", "-q"]).arg(&disk).status().unwrap();
    assert!(check.success());
    let raw = w.path("check.raw");
    crate::images::run(
        "qemu-img",
        &["convert", "-O", "raw", disk.to_str().unwrap(), raw.to_str().unwrap()],
    );
    let fsck = Command::new("e2fsck").args(["-fn"]).arg(&raw).output().unwrap();
    assert!(fsck.status.success(), "{}", text(&fsck.stdout));
}

/// Nor an edit of `.wslconfig`: `apply --yes | head -1` writes the file, as without the pipe.
#[test]
fn a_closed_pipe_never_leaves_an_apply_undone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(".wslconfig");
    std::fs::write(&file, "[wsl2]\nmemory=8GB\n").unwrap();
    let mut cmd = wsltune_std(dir.path());
    cmd.arg("--root").arg(dir.path()).arg("--wslconfig").arg(&file);
    let o = reader_gone(cmd.args(["apply", "--memory", "6GB", "--yes"]));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "[wsl2]\nmemory=6GB\n");
}

/// `--json` stays valid JSON for paths that are not UTF-8, with a warning on stderr.
#[test]
fn json_is_valid_for_paths_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"disk-\xff.vhdx");
    let disk = dir.path().join(name);
    new_vhdx(&disk);
    let o = wsltune_std(dir.path()).arg("inspect").arg("--json").arg(&disk).output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["path"].as_str().unwrap().ends_with("disk-\u{fffd}.vhdx"), "{json}");
    assert!(text(&o.stderr).contains("not valid UTF-8"), "{}", text(&o.stderr));
    let project = dir.path().join(std::ffi::OsStr::from_bytes(b"app-\xfe"));
    std::fs::create_dir(&project).unwrap();
    let o = wsltune_std(dir.path())
        .args(["--root", fixture("doctor/linux/root").to_str().unwrap(), "--proc-root"])
        .arg(fixture("doctor/linux/proc"))
        .args(["doctor", "--json", "--project"])
        .arg(&project)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["project"].as_str().unwrap().ends_with("app-\u{fffd}"), "{json}");
}

/// `--duration` stops the run at the duration, even within an interval: one sample, not two
/// (the second would come at 20 s).
#[test]
fn duration_ends_within_an_interval() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let o = monitor_idle(
        dir.path(),
        &db,
        &["--duration", "1s", "--interval", "20s", "--format", "jsonl"],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).lines().count(), 1);
}

/// `--proc-root` must hold `meminfo`; a copy of `/proc` whose files are replaced is read
/// afresh each tick, not from the first copy forever.
#[test]
fn proc_root_is_checked_and_a_copy_is_read_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = run(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "--proc-root",
            empty.to_str().unwrap(),
            "monitor",
            "--count",
            "1",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("has no meminfo"), "{}", text(&o.stderr));
    assert!(!db.exists());

    let proc = dir.path().join("proc");
    copy_tree(&fixture("proc/idle"), &proc);
    let mut child = wsltune_std(dir.path())
        .args(["--db", db.to_str().unwrap(), "--proc-root", proc.to_str().unwrap()])
        .args(["monitor", "--format", "jsonl", "--interval", "100ms", "--count", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let total =
        |line: String| serde_json::from_str::<Value>(&line).unwrap()["mem_free_bytes"].as_u64();
    let first = total(lines.next().unwrap().unwrap());
    // Replaced as a snapshot tool does: a new file renamed over the old one.
    let loaded = std::fs::read(fixture("proc/loaded/meminfo")).unwrap();
    std::fs::write(proc.join("meminfo.new"), &loaded).unwrap();
    std::fs::rename(proc.join("meminfo.new"), proc.join("meminfo")).unwrap();
    let changed = lines.take(20).any(|l| total(l.unwrap()) != first);
    let _ = child.kill();
    let _ = child.wait();
    assert!(changed, "the replaced meminfo was never read");
}

/// An empty 64 MiB VHDX made by qemu-img.
fn new_vhdx(path: &Path) {
    let made =
        Command::new("qemu-img").args(["create", "-q", "-f", "vhdx"]).arg(path).arg("64M").status();
    assert!(made.unwrap().success(), "qemu-img create {path:?}");
}

pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A monitored disk that disappears is said once, and its figures go empty: no stale ext4
/// figures beside a missing file; it is said again when it comes back.
#[test]
fn a_disk_that_disappears_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let disk = dir.path().join("d.vhdx");
    new_vhdx(&disk);
    let mut child = wsltune_std(dir.path())
        .args(["--db", db.to_str().unwrap(), "--proc-root", fixture("proc/idle").to_str().unwrap()])
        .args(["monitor", "--format", "lines", "--interval", "100ms", "--count", "12", "--vhdx"])
        .arg(&disk)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(lines.next().unwrap().unwrap());
    }
    let kept = std::fs::read(&disk).unwrap();
    std::fs::remove_file(&disk).unwrap();
    for _ in 0..5 {
        seen.push(lines.next().unwrap().unwrap());
    }
    std::fs::write(&disk, kept).unwrap();
    seen.extend(lines.map(Result::unwrap));
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let err = text(&o.stderr);
    assert_eq!(err.matches("is not there").count(), 1, "{err}");
    assert_eq!(err.matches("d.vhdx is back").count(), 1, "{err}");
    assert!(!err.contains("not inspected"), "{err}");
    assert!(seen.iter().any(|l| l.ends_with("| d.vhdx gone")), "{seen:#?}");
    assert!(!seen.iter().any(|l| l.contains("d.vhdx ?")), "{seen:#?}");
}
