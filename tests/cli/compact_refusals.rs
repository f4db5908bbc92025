//! What `wsltune compact` refuses, each with one `error:` line, the source byte for byte as it
//! was and no output left behind: a filesystem whose bitmaps may be stale or that it does not
//! fully understand, a file that exists where the copy would go, and wrong flags.

use std::path::Path;

use crate::images::{Work, debugfs_w, have, noise, run};
use crate::util::wsltune;

fn oracles() -> bool {
    ["qemu-img", "mkfs.ext4", "debugfs"].iter().all(|t| have(t))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `compact SRC --to OUT --yes` and checks the refusal: exit `code`, one error line that
/// contains `says`, the source unchanged, no output.
fn refused(w: &Work, src: &Path, code: i32, says: &str) {
    let before = std::fs::read(src).unwrap();
    let out = w.path("out.vhdx");
    let home = tempfile::tempdir().unwrap();
    let o =
        wsltune(home.path()).args(["compact", "--yes", s(src), "--to", s(&out)]).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr.lines().filter(|l| l.starts_with("error:")).count(), 1, "{stderr}");
    assert!(stderr.contains(says), "expected '{says}' in: {stderr}");
    assert_eq!(std::fs::read(src).unwrap(), before, "the source is unchanged");
    assert!(!out.exists(), "no output is left");
}

/// An ext4 image with a file, made into a VHDX after `prepare` changes the raw image.
fn image(w: &Work, name: &str, prepare: impl FnOnce(&Path)) -> std::path::PathBuf {
    let raw = w.ext4(&format!("{name}.raw"), "64M", &["-b", "4096"], &[("f", noise(1 << 20, 1))]);
    prepare(&raw);
    w.vhdx(&raw, &format!("{name}.vhdx"), "subformat=dynamic,block_size=1M")
}

fn patch(raw: &Path, at: u64, bytes: &[u8]) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(raw).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(bytes).unwrap();
}

#[test]
fn stale_or_unknown_filesystems_are_refused() {
    if !oracles() {
        return;
    }
    let w = Work::new();
    type Prepare = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Prepare, &str)> = vec![
        ("recover", Box::new(|raw| debugfs_w(raw, "feature needs_recovery")), "needs_recovery"),
        ("errors", Box::new(|raw| debugfs_w(raw, "ssv state 3")), "not marked clean"),
        ("orphan", Box::new(|raw| debugfs_w(raw, "ssv last_orphan 12")), "orphan list"),
        ("mmp", Box::new(|raw| debugfs_w(raw, "feature mmp")), "multi-mount protection"),
        (
            // An incompat bit no ext4 defines (superblock at 1024, s_feature_incompat at 0x60).
            "unknown",
            Box::new(|raw| {
                let mut sb = vec![0u8; 4];
                sb.copy_from_slice(&std::fs::read(raw).unwrap()[1024 + 0x60..1024 + 0x64]);
                let v = u32::from_le_bytes(sb.try_into().unwrap()) | 0x4000_0000;
                patch(raw, 1024 + 0x60, &v.to_le_bytes());
            }),
            "features wsltune does not know",
        ),
        (
            // Group 0's descriptor (block 1 with 4 KiB blocks): its free count changed, not its
            // checksum.
            "gdt",
            Box::new(|raw| patch(raw, 4096 + 0x0C, &[0x01, 0x00])),
            "descriptor fails its checksum",
        ),
        (
            // The journal's superblock (jbd2, big-endian) says a transaction starts at block 1.
            "journal",
            Box::new(|raw| {
                let out = run("debugfs", &["-R", "bmap <8> 0", s(raw)]);
                let block: u64 = out.trim().parse().unwrap();
                patch(raw, block * 4096 + 0x1C, &1u32.to_be_bytes());
            }),
            "journal holds transactions",
        ),
    ];
    for (name, prepare, says) in cases {
        eprintln!("case: {name}");
        let src = image(&w, name, prepare);
        refused(&w, &src, 1, says);
    }
}

#[test]
fn an_existing_output_is_never_overwritten() {
    if !oracles() {
        return;
    }
    let w = Work::new();
    let src = image(&w, "a", |_| {});
    let out = w.path("out.vhdx");
    std::fs::write(&out, b"precious").unwrap();
    let home = tempfile::tempdir().unwrap();
    let o =
        wsltune(home.path()).args(["compact", "--yes", s(&src), "--to", s(&out)]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&out).unwrap(), b"precious");
}

#[test]
fn a_fixed_disk_has_nothing_to_give_back() {
    if !oracles() {
        return;
    }
    let w = Work::new();
    let raw = w.ext4("f.raw", "64M", &["-b", "4096"], &[]);
    let src = w.vhdx(&raw, "f.vhdx", "subformat=fixed");
    let home = tempfile::tempdir().unwrap();
    let o = wsltune(home.path()).args(["compact", s(&src)]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("nothing to give back"));
}

#[test]
fn to_takes_one_disk() {
    let home = tempfile::tempdir().unwrap();
    let o = wsltune(home.path())
        .args(["compact", "a.vhdx", "b.vhdx", "--to", "c.vhdx"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--to writes one copy"));
}

/// `--replace` swaps the verified copy in and keeps the original; a second `--replace` refuses
/// up front while that backup exists; a swap stopped between its two steps is finished.
#[test]
fn replace_keeps_the_original_and_finishes_a_stopped_swap() {
    if !oracles() {
        return;
    }
    let w = Work::new();
    let src = image(&w, "a", |_| {});
    let original = std::fs::read(&src).unwrap();
    let out = w.path("a.compact.vhdx");
    let home = tempfile::tempdir().unwrap();
    let o = wsltune(home.path())
        .args(["compact", "--yes", "--json", s(&src), "--to", s(&out), "--replace"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let backup = w.path("a.vhdx.before-compact");
    assert_eq!(r["backup"], s(&backup));
    assert_eq!(std::fs::read(&backup).unwrap(), original, "the original, kept");
    assert!(!out.exists());
    run("qemu-img", &["check", "-f", "vhdx", s(&src)]);
    run("qemu-img", &["compare", "-f", "vhdx", "-F", "vhdx", s(&backup), s(&src)]);
    // Again, with the backup still there: refused before anything is written.
    let o = wsltune(home.path())
        .args(["compact", "--yes", s(&src), "--to", s(&out), "--replace"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("before-compact' already exists"));
    assert!(!out.exists());
    // A swap stopped after its first step (the backup linked to the original), the copy left.
    let src2 = image(&w, "b", |_| {});
    let out2 = w.path("b.compact.vhdx");
    let o = wsltune(home.path())
        .args(["compact", "--yes", s(&src2), "--to", s(&out2)])
        .output()
        .unwrap();
    assert!(o.status.success());
    let copy = std::fs::read(&out2).unwrap();
    std::fs::hard_link(&src2, w.path("b.vhdx.before-compact")).unwrap();
    let o = wsltune(home.path())
        .args(["compact", "--yes", s(&src2), "--to", s(&out2), "--replace"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&src2).unwrap(), copy, "the swap was finished");
    assert!(!out2.exists());
}

/// A copy that fails part way (here the file-size limit, as a full drive would) removes what
/// it wrote and leaves the original as it was.
#[test]
fn a_failed_copy_leaves_nothing_behind() {
    if !oracles() {
        return;
    }
    let w = Work::new();
    let src = image(&w, "a", |_| {});
    let before = std::fs::read(&src).unwrap();
    let out = w.path("out.vhdx");
    let home = tempfile::tempdir().unwrap();
    // 3 MiB: the header section and the log fit, the rest does not (EFBIG, SIGXFSZ ignored).
    let script = format!(
        "trap '' XFSZ; ulimit -f 3072; exec '{}' compact --yes '{}' --to '{}'",
        env!("CARGO_BIN_EXE_wsltune"),
        s(&src),
        s(&out)
    );
    let o = std::process::Command::new("bash")
        .args(["-c", &script])
        .env("HOME", home.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("writing"), "{stderr}");
    assert!(!out.exists(), "the partial copy is removed");
    assert_eq!(std::fs::read(&src).unwrap(), before);
}

#[test]
fn without_a_path_it_needs_docker_s_disk() {
    let home = tempfile::tempdir().unwrap();
    let profile = home.path().join("Users/alice");
    std::fs::create_dir_all(&profile).unwrap();
    let o =
        wsltune(home.path()).args(["compact", "--windows-home"]).arg(&profile).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("found no Docker data disk") && stderr.contains("wsltune compact PATH"),
        "{stderr}"
    );
}
