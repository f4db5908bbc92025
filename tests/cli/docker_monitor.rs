//! `monitor` samples Docker's running containers and its disk usage from the real test dockerd
//! (see `docker_engine.rs`), checked against `docker stats --no-stream` and the engine's own
//! `/system/df`; the history carries them through `export` and `import` in both formats; an
//! engine that is not there is said once and leaves the samples without containers.

use std::path::Path;

use serde_json::Value;

use crate::docker_engine::{docker, engine, exclusive};
use crate::util::in_dir;

/// `monitor --format jsonl` on this machine's /proc, asking the engine at `host`, every 3 s (up
/// to 8 containers are read every tick at 3 s; more are read every few ticks).
fn monitor(dir: &Path, host: &str, count: &str) -> (Vec<Value>, String) {
    let out = in_dir(dir)
        .args(["--docker-host", host, "monitor", "--format", "jsonl", "--interval", "3s"])
        .args(["--count", count])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (lines, stderr)
}

/// `docker stats --no-stream`'s MEM USAGE of `name`, in bytes (binary units, as it prints).
fn docker_stats_bytes(socket: &Path, name: &str) -> f64 {
    let text = docker(socket, &["stats", "--no-stream", "--format", "{{.MemUsage}}", name]);
    let used = text.split('/').next().unwrap().trim();
    let (number, unit) = used.split_at(used.find(|c: char| c.is_ascii_alphabetic()).unwrap());
    let scale = match unit {
        "B" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        other => panic!("unit {other} in {text}"),
    };
    number.parse::<f64>().unwrap() * scale
}

fn named<'a>(sample: &'a Value, name: &str) -> Option<&'a Value> {
    sample["containers"].as_array()?.iter().find(|c| c["name"] == name)
}

#[test]
fn monitor_records_each_running_container_as_docker_stats_shows_it() {
    let _one = exclusive();
    let Some(socket) = engine() else { return };
    let names = ["wsltune-mon-fill", "wsltune-mon-idle"];
    let mut rm = vec!["rm", "-f"];
    rm.extend(names);
    docker(socket, &rm);
    let image = "wsltune-test:busybox";
    let fill = "dd if=/dev/zero of=/dev/shm/fill bs=1048576 count=48; sleep 3600";
    docker(
        socket,
        &["run", "-d", "--name", names[0], "--shm-size", "64m", image, "sh", "-c", fill],
    );
    docker(socket, &["run", "-d", "--name", names[1], image, "sleep", "3600"]);
    // The fill takes a moment.
    for _ in 0..50 {
        if docker_stats_bytes(socket, names[0]) >= f64::from(48 << 20) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let dir = tempfile::tempdir().unwrap();
    let host = format!("unix://{}", socket.display());
    let (samples, stderr) = monitor(dir.path(), &host, "3");
    let theirs = docker_stats_bytes(socket, names[0]);
    assert_eq!(samples.len(), 3, "{stderr}");
    assert!(!stderr.contains("containers are not sampled"), "{stderr}");
    // The first tick waits for the engine's first answer; a later one waits half an interval,
    // and a busy machine (two cores, tests building) may answer later: that sample has none.
    assert!(samples[0]["containers"].is_array(), "{}", samples[0]);
    let running = docker(socket, &["ps", "-q"]).lines().count();
    for s in samples.iter().filter(|s| s.get("containers").is_some()) {
        let list = s["containers"].as_array().unwrap();
        assert_eq!(list.len(), running, "every running container: {s}");
        let mem: Vec<u64> = list.iter().map(|c| c["mem_used_bytes"].as_u64().unwrap()).collect();
        assert!(mem.windows(2).all(|w| w[0] >= w[1]), "largest first: {mem:?}");
        let fill = named(s, names[0]).unwrap();
        let ours = fill["mem_used_bytes"].as_f64().unwrap();
        // docker stats prints MiB with two decimals.
        assert!(
            (ours - theirs).abs() <= 0.5 * f64::from(1 << 20),
            "ours {ours}, docker stats {theirs}"
        );
        let id = docker(socket, &["inspect", "--format", "{{.Id}}", names[0]]);
        assert_eq!(fill["id"].as_str().unwrap(), &id.trim()[..12]);
        assert!(fill["mem_limit_bytes"].as_u64().unwrap() > 0);
    }
    // CPU needs a previous reading: none at the first, a figure after.
    assert!(named(&samples[0], names[1]).unwrap()["cpu_cores"].is_null());
    let later = samples.iter().rev().find_map(|s| named(s, names[1])).unwrap();
    let idle = later["cpu_cores"].as_f64().unwrap();
    assert!((0.0..0.05).contains(&idle), "a sleeping container is idle: {idle}");
    // Docker's disk usage, as the engine's /system/df says it.
    let usage = &samples[2]["docker_disk_usage"];
    let images = docker(socket, &["images", "-q", "--no-trunc"]);
    let mut unique: Vec<&str> = images.lines().collect();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(usage["images"]["count"].as_u64().unwrap(), unique.len() as u64, "{usage}");
    assert_eq!(usage["containers"]["active"].as_u64().unwrap(), running as u64, "{usage}");

    // The history gives them back: export as JSON lines is what monitor printed, and a CSV
    // export imported into a new history exports the same again.
    let export = |dir: &Path, format: &str| {
        let out =
            in_dir(dir).args(["export", "--format", format, "--since", "1h"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let jsonl = export(dir.path(), "jsonl");
    let exported: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for (a, b) in samples.iter().zip(&exported) {
        assert_eq!(a["containers"], b["containers"]);
        assert_eq!(a["docker_disk_usage"], b["docker_disk_usage"]);
    }
    let csv = export(dir.path(), "csv");
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("h.csv"), &csv).unwrap();
    let out = in_dir(other.path())
        .args(["import", "--format", "csv"])
        .arg(other.path().join("h.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        export(other.path(), "jsonl"),
        jsonl,
        "CSV carries every container and Docker's disk usage"
    );

    // A container that stopped is not in the next run's samples.
    docker(socket, &["rm", "-f", names[1]]);
    let (after, _) = monitor(dir.path(), &host, "1");
    assert!(named(&after[0], names[0]).is_some() && named(&after[0], names[1]).is_none());
    docker(socket, &["rm", "-f", names[0]]);
}

#[test]
fn an_engine_that_is_not_there_is_said_once_and_samples_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let host = format!("unix://{}", dir.path().join("no.sock").display());
    let (samples, stderr) = monitor(dir.path(), &host, "3");
    assert_eq!(samples.len(), 3);
    assert!(samples.iter().all(|s| s.get("containers").is_none() && s["mem_used_bytes"].is_u64()));
    let said: Vec<&str> =
        stderr.lines().filter(|l| l.contains("containers are not sampled")).collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(said[0].contains("no Docker engine at") && said[0].contains("no.sock"), "{stderr}");
}
