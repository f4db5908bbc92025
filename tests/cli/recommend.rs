//! `recommend` and `apply` from history: a synthetic history of known shape, imported through
//! `wsltune import` as a user would, gives the recommendation the rules in
//! docs/recommendations.md predict.

use std::fmt::Write as _;
use std::path::Path;

use crate::util::{fixture, in_dir, wsltune};

const GIB: u64 = 1 << 30;

/// Two days, one sample a minute, of a 16 GiB, 8-processor VM: 4 GiB used, 10% busy by day;
/// three hours of builds a day (6 GiB used, 50% busy); eight idle hours a night (1% busy) that
/// keep 6 GiB of page cache; no swap; a data disk growing 1 GiB a day.
pub fn history(days: u64) -> String {
    history_with_disk(days, "/mnt/c/docker_data.vhdx")
}

/// [`history`] with the disk at `disk_path` (CSV-quoted here).
pub fn history_with_disk(days: u64, disk_path: &str) -> String {
    history_with(days, disk_path, 0.01)
}

/// [`history_with_disk`] with the nights `night_busy` busy: at 1%, WSL's own idle test (at most
/// 0.5% busy over two minutes) never holds.
fn history_with(days: u64, disk_path: &str, night_busy: f64) -> String {
    let mut csv = String::from(
        "ts,mem_total_bytes,mem_used_bytes,mem_cache_bytes,mem_free_bytes,mem_available_bytes,swap_total_bytes,swap_used_bytes,cpu_busy_ratio,cpu_count,disk_path,disk_role,disk_file_length\n",
    );
    let start = 1_767_225_600i64; // 2026-01-01T00:00:00Z
    for minute in 0..days * 24 * 60 {
        let hour = (minute / 60) % 24;
        let (used, cache, busy) = match hour {
            0..=7 => (3 * GIB, 6 * GIB, night_busy),
            10..=12 => (6 * GIB, 4 * GIB, 0.5),
            _ => (4 * GIB, 5 * GIB, 0.1),
        };
        let total = 16 * GIB;
        let free = total - used - cache;
        let ts = start + minute as i64 * 60;
        let disk = 20 * GIB + minute * GIB / (24 * 60);
        let _ = writeln!(
            csv,
            "{},{total},{used},{cache},{free},{},{},0,{busy},8,\"{}\",docker-data,{disk}",
            wsltune::units::format_rfc3339(ts * 1000),
            total - used,
            4 * GIB,
            disk_path.replace('"', "\"\""),
        );
    }
    csv
}

pub fn import(dir: &Path, csv: &str) {
    let file = dir.join("history.csv");
    std::fs::write(&file, csv).unwrap();
    let out = wsltune(dir)
        .arg("--db")
        .arg(dir.join("h.db"))
        .args(["import", "--format", "csv"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = in_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_known_history_gives_the_predicted_limits() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &history(2));
    let (code, stdout, stderr) = run(dir.path(), &["recommend", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["sufficient_data"], true);
    assert_eq!(json["window"]["samples"], 2880);
    let rec = |key: &str| {
        json["recommendations"].as_array().unwrap().iter().find(|r| r["key"] == key).cloned()
    };
    // p99 of used is 6 GiB (three hours a day), + 25% headroom = 7.5 → 8GB.
    let memory = rec("wsl2.memory").unwrap();
    assert_eq!(memory["value"], "8GB");
    assert_eq!(memory["evidence"]["used_p99_bytes"], 6.0 * GIB as f64);
    assert_eq!(memory["current"], "default: 50% of the host's memory");
    // p95 of busy cores is 0.5 × 8 = 4 (builds are 12.5% of the time), × 1.5 = 6.
    let cpus = rec("wsl2.processors").unwrap();
    assert_eq!(cpus["value"], "6");
    assert_eq!(cpus["evidence"]["busy_cores_p95"], 4.0);
    // No swap used, but 8 GiB is not 50% above 6 GiB: swap is left alone.
    assert!(rec("wsl2.swap").is_none());
    // Six GiB of cache through idle nights (over a fifth of 16 GiB), but nights 1% busy never
    // pass WSL's own idle test: no reclaim mode could act, and a note says what bounds the cache.
    assert!(rec("experimental.autoMemoryReclaim").is_none());
    assert!(
        json["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("6.0 GiB of page cache while idle, but WSL's own idle test")),
        "{}",
        json["notes"]
    );

    let (code, text, _) = run(dir.path(), &["recommend"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(text);
}

#[test]
fn quiet_nights_let_gradual_reclaim_act() {
    // Nights 0.2% busy pass WSL's idle test: the cache they keep is what Gradual gives back.
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &history_with(2, "/mnt/c/docker_data.vhdx", 0.002));
    let (code, stdout, stderr) = run(dir.path(), &["recommend", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let reclaim = json["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "experimental.autoMemoryReclaim")
        .cloned()
        .unwrap();
    assert_eq!(reclaim["value"], "Gradual");
    assert_eq!(reclaim["evidence"]["cache_while_idle_bytes"], 6.0 * GIB as f64);
    assert!(reclaim["evidence"]["wsl_idle_trigger_share"].as_f64().unwrap() > 0.0);
    assert_eq!(
        reclaim["reason"],
        "While idle the VM still held 6.0 GiB of page cache (38% of its memory), which vmmemWSL keeps from Windows."
    );
}

#[test]
fn too_little_history_recommends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv: String = history(1).lines().take(600).map(|l| format!("{l}\n")).collect();
    import(dir.path(), &csv);
    let (code, stdout, _) = run(dir.path(), &["recommend", "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["sufficient_data"], false);
    assert_eq!(json["recommendations"].as_array().unwrap().len(), 0);
    assert!(json["notes"][0].as_str().unwrap().contains("Not enough history: 599 samples"));
    // apply has nothing to apply either, and says why.
    let (code, _, stderr) = run(dir.path(), &["apply", "--yes"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("Not enough history"), "{stderr}");
}

#[test]
fn apply_without_values_writes_the_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &history(2));
    std::fs::copy(
        fixture("wslconfig").join("docker-user.crlf.wslconfig"),
        dir.path().join(".wslconfig"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["apply", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("The recommendation from 2,880 samples"), "{stdout}");
    let text = std::fs::read_to_string(dir.path().join(".wslconfig")).unwrap();
    assert!(text.contains("memory=8GB          # half of my 16 GB laptop\r\n"), "{text}");
    assert!(text.contains("processors=6\r\n"), "{text}");
    // The file already says gradual: no change there, only a note.
    assert!(text.contains("autoMemoryReclaim=gradual\r\n"), "{text}");
    // Applying again changes nothing.
    let (code, stdout, _) = run(dir.path(), &["apply", "--yes"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("nothing to change"), "{stdout}");
}
