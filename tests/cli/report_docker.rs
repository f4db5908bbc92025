//! Docker in `report` and `recommend` (issue 19), on a JSON-lines history with containers
//! imported as a user would: the containers' chart names the five with the highest peak, the
//! recommendation names who held the memory at the peak, and summary.json carries Docker's disk
//! change by kind; each checked against what the file written here says, worked out here.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use crate::util::{in_dir, wsltune};

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;
const NAMES: [&str; 7] = ["postgres", "elastic", "redis", "web", "worker", "kafka", "nginx"];

/// Two days a minute apart, seven containers whose memory moves by a fixed rule (one spiking
/// once), the VM using their sum plus 1.5 GiB; Docker's disk usage every hour, the build cache
/// growing 14 GiB.
pub fn history() -> (String, Vec<Value>) {
    let mut text = String::new();
    let mut lines = Vec::new();
    let start = 1_767_225_600_000i64; // 2026-01-01T00:00:00Z
    for i in 0..2 * 24 * 60u64 {
        let containers: Vec<Value> = NAMES
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let mut mem = (100 + 150 * k as u64) * MIB + (i * 7919 + k as u64 * 104_729) % 4096 * 4096;
                if *name == "nginx" && i == 1500 {
                    mem += 3 * GIB;
                }
                json!({"id": format!("{:012x}", k + 1), "name": name, "mem_used_bytes": mem, "mem_limit_bytes": 16 * GIB, "cpu_cores": 0.1})
            })
            .collect();
        let sum: u64 = containers.iter().map(|c| c["mem_used_bytes"].as_u64().unwrap()).sum();
        let used = sum + 3 * GIB / 2;
        let mut line = json!({
            "ts": wsltune::units::format_rfc3339(start + i as i64 * 60_000),
            "mem_total_bytes": 16 * GIB, "mem_used_bytes": used, "mem_cache_bytes": 2 * GIB,
            "mem_free_bytes": 16 * GIB - used - 2 * GIB, "mem_available_bytes": 16 * GIB - used,
            "swap_total_bytes": 4 * GIB, "swap_used_bytes": 0, "cpu_busy_ratio": 0.1, "cpu_count": 8,
            "containers": containers,
        });
        if i % 60 == 0 {
            let cache = 2 * GIB + i * 14 * GIB / 2820;
            let kind = |t: u64, r: u64| json!({"total_bytes": t, "reclaimable_bytes": r, "count": 3, "active": 1});
            line["docker_disk_usage"] = json!({
                "images": kind(12 * GIB, 3 * GIB), "containers": kind(10 * MIB, 0),
                "volumes": kind(4 * GIB, 0), "build_cache": kind(cache, cache),
            });
        }
        let _ = writeln!(text, "{line}");
        lines.push(line);
    }
    (text, lines)
}

pub fn import(dir: &Path, text: &str) {
    let file = dir.join("history.jsonl");
    std::fs::write(&file, text).unwrap();
    let out = wsltune(dir)
        .arg("--db")
        .arg(dir.join("h.db"))
        .args(["import", "--format", "jsonl"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_report_and_recommend_name_the_containers_the_history_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (text, lines) = history();
    import(dir.path(), &text);
    // Worked out from the file: each container's peak, the five highest; the sample with the
    // most used memory (the first of equals) and its containers, most memory first.
    let mut peaks: BTreeMap<&str, u64> = BTreeMap::new();
    for l in &lines {
        for c in l["containers"].as_array().unwrap() {
            let p = peaks.entry(c["name"].as_str().unwrap()).or_default();
            *p = (*p).max(c["mem_used_bytes"].as_u64().unwrap());
        }
    }
    let mut by_peak: Vec<(&str, u64)> = peaks.into_iter().collect();
    by_peak.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<&str> = by_peak.iter().take(5).map(|p| p.0).collect();
    let peak = lines
        .iter()
        .fold(None::<&Value>, |best, l| match best {
            Some(b) if b["mem_used_bytes"].as_u64() >= l["mem_used_bytes"].as_u64() => best,
            _ => Some(l),
        })
        .unwrap();
    let mut at_peak: Vec<Value> = peak["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| json!({"name": c["name"], "mem_used_bytes": c["mem_used_bytes"]}))
        .collect();
    at_peak.sort_by(|a, b| {
        b["mem_used_bytes"]
            .as_u64()
            .cmp(&a["mem_used_bytes"].as_u64())
            .then(a["name"].as_str().cmp(&b["name"].as_str()))
    });

    let out = in_dir(dir.path()).args(["recommend", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rec: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["peak_containers"], Value::Array(at_peak.clone()));
    assert_eq!(rec["peak_containers_at"], peak["ts"]);
    assert_eq!(at_peak[0]["name"], "nginx", "the spike is the peak");
    let text = in_dir(dir.path()).env("TZ", "UTC").args(["recommend"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("At the peak of used memory (Fri 2 Jan 01:00, "), "{text}");
    assert!(text.contains(") nginx used 4.0 GiB, kafka 864 MiB, worker "), "{text}");

    let out = in_dir(dir.path()).args(["report", "--out"]).arg(dir.path().join("out")).output();
    let out = out.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert_eq!(
        html.matches(r#"<div class="wide"><svg "#).count(),
        5,
        "memory, histogram, containers, CPU, swap"
    );
    let chart = html.split("<h3>By container</h3>").nth(1).unwrap();
    let chart = &chart[..chart.find("</figure>").unwrap()];
    for name in &top {
        assert!(chart.contains(&format!(">\n{name}\n</text>")), "{name} is named");
    }
    for (name, _) in &by_peak[5..] {
        assert!(!chart.contains(&format!(">\n{name}\n</text>")), "{name} is in the rest");
    }
    assert!(chart.contains(">\n2 others\n</text>") && chart.contains(">\nVM used\n</text>"));
    assert!(
        html.contains(
            "build cache grew 14 GiB over the window: <code>docker builder prune -a</code>"
        )
    );

    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["docker"]["peak_containers"]["containers"], Value::Array(at_peak));
    let kinds = summary["docker"]["disk_by_kind"].as_array().unwrap();
    let cache = kinds.iter().find(|k| k["kind"] == "build-cache").unwrap();
    let usages: Vec<&Value> = lines.iter().filter_map(|l| l.get("docker_disk_usage")).collect();
    let first = usages[0]["build_cache"]["total_bytes"].as_u64().unwrap();
    let last = usages.last().unwrap()["build_cache"]["total_bytes"].as_u64().unwrap();
    assert_eq!(cache["start_bytes"], first);
    assert_eq!(cache["end_bytes"], last);
    assert_eq!(cache["change_bytes"], last as i64 - first as i64);
    assert_eq!(cache["prune_command"], "docker builder prune -a");
}

/// Without container rows the page has no containers' chart and summary.json says so.
#[test]
fn without_containers_nothing_is_added() {
    let dir = tempfile::tempdir().unwrap();
    crate::recommend::import(dir.path(), &crate::recommend::history(2));
    let out = in_dir(dir.path()).args(["report", "--out"]).arg(dir.path().join("out")).output();
    assert!(out.unwrap().status.success());
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(!html.contains("By container") && !html.contains("At the peak"));
    assert!(!html.contains("Docker's use by kind"));
    let out = in_dir(dir.path()).args(["recommend", "--json"]).output().unwrap();
    let rec: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["peak_containers"], Value::Null);
}
