//! `service` and the Windows task's history seen from Linux: the choice off a terminal, the
//! systemd unit in a dry run, and a history under `/mnt/c` read through a stand-in
//! `wsltune.exe` (a script that records its arguments and prints a JSON-lines export), never
//! opened across the drive.

use std::path::{Path, PathBuf};

use crate::util::wsltune;

#[test]
fn install_off_a_terminal_explains_both_ways_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let out = wsltune(home.path()).args(["service", "install"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for part in ["--windows", "never keeps it awake", "--systemd", "instanceIdleTimeout=-1"] {
        assert!(stdout.contains(part), "{part} missing from:\n{stdout}");
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("choose one"), "{stderr}");
}

#[test]
fn systemd_dry_run_prints_the_unit_and_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("my history/h.db");
    let out = wsltune(home.path())
        .arg("--db")
        .arg(&db)
        .args(["service", "install", "--systemd", "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Would write /etc/systemd/system/wsltune-monitor.service"), "{stdout}");
    assert!(stdout.contains("\nUser=tester\n"), "{stdout}");
    let exec = format!("--db \"{}\" monitor --format quiet\n", db.display());
    assert!(stdout.contains(&exec), "{exec} missing from:\n{stdout}");
    assert!(stdout.contains("systemctl enable --now wsltune-monitor.service"), "{stdout}");
    assert!(!db.exists() && !db.parent().unwrap().exists(), "a dry run creates nothing");
}

/// A tree with a Windows profile under `mnt/c`, the Windows task's history there, and (with
/// `with_exe`) a stand-in `wsltune.exe` that prints `export` and records its arguments.
fn windows_tree(root: &Path, export: &str, with_exe: bool) -> PathBuf {
    let profile = root.join("mnt/c/Users/山田");
    let local = profile.join("AppData/Local/wsltune");
    std::fs::create_dir_all(local.join("bin")).unwrap();
    // Never opened from here: anything but a database would fail if it were.
    std::fs::write(local.join("wsltune.db"), "not to be opened across /mnt/c").unwrap();
    if with_exe {
        std::fs::write(local.join("bin/export.jsonl"), export).unwrap();
        let exe = local.join("bin/wsltune.exe");
        std::fs::write(
            &exe,
            "#!/bin/sh\nd=$(dirname \"$0\")\nprintf '%s\\n' \"$@\" > \"$d/args\"\ncat \"$d/export.jsonl\"\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    profile
}

#[test]
fn the_windows_tasks_history_is_read_through_wsltune_exe() {
    let dir = tempfile::tempdir().unwrap();
    let recorded = dir.path().join("recorded");
    std::fs::create_dir_all(&recorded).unwrap();
    crate::recommend::import(&recorded, &crate::recommend::history(2));
    let jsonl = crate::history::export(&recorded, &recorded.join("h.db"), "jsonl");
    let root = dir.path().join("root");
    let profile = windows_tree(&root, &jsonl, true);
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let run = |args: &[&str]| {
        wsltune(&home)
            .arg("--root")
            .arg(&root)
            .arg("--windows-home")
            .arg(&profile)
            .args(args)
            .output()
            .unwrap()
    };
    // No Linux-side history: the Windows task's is found, and asked of wsltune.exe.
    let out = run(&["export", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), jsonl);
    let args = std::fs::read_to_string(profile.join("AppData/Local/wsltune/bin/args")).unwrap();
    assert_eq!(
        args,
        // The language chosen here goes along (the tests speak English).
        "--lang\nen\n--db\nC:\\Users\\山田\\AppData\\Local\\wsltune\\wsltune.db\nexport\n--format\njsonl\n"
    );
    // The analysis reads it alike.
    let out = run(&["recommend", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // --db naming it goes the same way.
    let db = profile.join("AppData/Local/wsltune/wsltune.db");
    let out = run(&["--db", db.to_str().unwrap(), "export", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), jsonl);
}

#[test]
fn without_wsltune_exe_the_windows_history_is_refused_with_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    let profile = windows_tree(&root, "", false);
    let out = wsltune(dir.path())
        .arg("--root")
        .arg(&root)
        .arg("--windows-home")
        .arg(&profile)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for part in ["Getting the Windows build", "schtasks.exe /End /TN wsltune-monitor", "cp '"] {
        assert!(stderr.contains(part), "{part} missing from:\n{stderr}");
    }
}
