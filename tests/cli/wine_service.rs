//! `wsltune.exe service` under Wine: the task definition (a logon trigger for this user, the
//! no-console helper as its action, the history path, no time limit), then a real
//! registration with Wine's `schtasks /Create /XML` (which reads the UTF-16 file), `service
//! status` finding it, and `service uninstall` removing it. Wine's schtasks has no `/Query`
//! (it prints nothing), so status falls back to the task's file, as it says.

use std::path::Path;
use std::process::Output;

use crate::wine::{s, setup, wine};

fn run(prefix: &Path, exe: &Path, args: &[&str]) -> Output {
    let mut all = vec![s(exe)];
    all.extend_from_slice(args);
    wine(prefix, &all).output().unwrap()
}

fn status(prefix: &Path, exe: &Path) -> serde_json::Value {
    let o = run(prefix, exe, &["service", "status", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn the_windows_build_registers_the_logon_task() {
    let _one = crate::wine::one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let Some(exe) = setup(dir.path()) else { return };
    let ci = std::env::var("CI").as_deref() == Ok("true");
    if !dir.path().join("wsltunew.exe").exists() {
        assert!(!ci, "wsltunew.exe is missing in CI");
        eprintln!("skipped: wsltunew.exe is not built");
        return;
    }
    let prefix = dir.path().join("prefix");
    let db = r"C:\users\山田 data\wsltune.db";

    let o = run(&prefix, &exe, &["--db", db, "service", "install", "--dry-run"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    for part in [
        // Wine sets USERNAME and USERDOMAIN itself (VM\root here).
        "<LogonTrigger>\n      <Enabled>true</Enabled>\n      <UserId>",
        "<LogonType>InteractiveToken</LogonType>",
        "<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>",
        "wsltunew.exe</Command>",
        r#"--db &quot;C:\users\山田 data\wsltune.db&quot;"#,
        r#"--log &quot;C:\users\山田 data\wsltune-monitor.log&quot; monitor --format quiet"#,
    ] {
        assert!(text.contains(part), "{part} missing from:\n{text}");
    }
    // Nothing registered by a dry run.
    assert_eq!(status(&prefix, &exe)["windows_task"]["registered"], false);

    let mut o = run(&prefix, &exe, &["--db", db, "service", "install"]);
    // Wine starts its Task Scheduler service on the first call; on a loaded machine (the whole
    // suite in parallel) that first /Create has failed without a word, once in a full CI run.
    // Once more, then it must work.
    if !o.status.success() && String::from_utf8_lossy(&o.stderr).trim_end().ends_with("failed:") {
        std::thread::sleep(std::time::Duration::from_secs(2));
        o = run(&prefix, &exe, &["--db", db, "service", "install"]);
    }
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Registered the Windows task"));
    let task = status(&prefix, &exe)["windows_task"].clone();
    assert_eq!(task["registered"], true, "{task}");
    assert!(task["registered_by"].as_str().unwrap().contains("task file"), "{task}");
    assert_eq!(task["history_exists"], false, "{task}");

    let o = run(&prefix, &exe, &["service", "uninstall"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(status(&prefix, &exe)["windows_task"]["registered"], false);
    let _ = std::process::Command::new("wineserver").arg("-k").env("WINEPREFIX", &prefix).status();
}
