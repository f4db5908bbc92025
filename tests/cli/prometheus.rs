//! `monitor --listen` against a real Prometheus server (Debian's `prometheus`): it scrapes
//! wsltune and answers queries with the fixture's values; and 200 concurrent scrapes mixed with
//! junk requests are all answered while sampling goes on; and with the test dockerd, a
//! container's memory in Prometheus agrees with `docker stats`, and a stopped one goes away.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::images::have;
use crate::monitor::wsltune_std;
use crate::util::fixture;

struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.1 exchange: (status, body).
fn http(port: u16, request: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map_or(String::new(), |(_, b)| b.to_owned());
    (status, body)
}

fn get(port: u16, path: &str) -> (u16, String) {
    http(port, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
}

/// Starts `monitor --listen` on the loaded fixture with one disk file; waits until it serves.
fn monitor(dir: &Path, port: u16, disk: &Path) -> Kill {
    monitor_with(dir, port, disk, &[], &[])
}

/// [`monitor`] with more global flags (`--docker-host`) and monitor flags.
fn monitor_with(dir: &Path, port: u16, disk: &Path, global: &[&str], extra: &[&str]) -> Kill {
    let mut child = wsltune_std(dir)
        .args(global)
        .arg("--proc-root")
        .arg(fixture("proc/loaded"))
        .arg("--root")
        .arg(fixture("doctor/linux/root"))
        .arg("--db")
        .arg(dir.join("h.db"))
        .args(["monitor", "--format", "jsonl", "--interval", "200ms", "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("--vhdx")
        .arg(disk)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The first JSON line means sampling runs (the listener was bound before). The rest is
    // drained: a closed output would stop monitor.
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert!(first.starts_with('{'), "{first}");
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    Kill(child)
}

/// MemTotal − MemAvailable of the fixture, in bytes, computed here from the file.
fn fixture_used_bytes() -> f64 {
    let text = std::fs::read_to_string(fixture("proc/loaded/meminfo")).unwrap();
    let kib = |key: &str| -> f64 {
        let line = text.lines().find(|l| l.starts_with(key)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap()
    };
    (kib("MemTotal:") - kib("MemAvailable:")) * 1024.0
}

fn query(port: u16, promql: &str) -> serde_json::Value {
    // Percent-encoded: label matchers have braces and quotes.
    let promql: String = promql
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let (status, body) = get(port, &format!("/api/v1/query?query={promql}"));
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// Starts Prometheus scraping `port` every second; returns it and its own port once it answers.
fn prometheus(dir: &Path, port: u16) -> (Kill, u16) {
    let prom_port = free_port();
    let config = dir.join("prometheus.yml");
    std::fs::write(
        &config,
        format!("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: wsltune\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n"),
    )
    .unwrap();
    let prometheus = Kill(
        Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.tsdb.path={}", dir.join("data").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{prom_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", prom_port)).is_err() {
        assert!(Instant::now() < deadline, "Prometheus did not start");
        std::thread::sleep(Duration::from_millis(200));
    }
    (prometheus, prom_port)
}

/// The first value of `promql` once Prometheus has one (within a minute).
fn first_value(prom_port: u16, promql: &str) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "Prometheus never had {promql}");
        std::thread::sleep(Duration::from_millis(500));
        let r = query(prom_port, promql);
        if let Some(v) = r["data"]["result"][0]["value"][1].as_str() {
            return v.parse::<f64>().unwrap();
        }
    }
}

#[test]
fn prometheus_scrapes_the_fixture_values() {
    if !have("prometheus") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("docker_data.vhdx");
    std::fs::write(&disk, vec![1u8; 12_345]).unwrap();
    let port = free_port();
    let _monitor = monitor(dir.path(), port, &disk);
    let (_prometheus, prom_port) = prometheus(dir.path(), port);
    let used = first_value(prom_port, "wsltune_vm_memory_used_bytes");
    assert_eq!(used, fixture_used_bytes());
    let r = query(prom_port, "wsltune_disk_file_length_bytes");
    let series = &r["data"]["result"][0];
    assert_eq!(series["metric"]["path"], disk.display().to_string());
    assert_eq!(series["metric"]["role"], "other");
    assert_eq!(series["value"][1], "12345");
    let r = query(prom_port, "up");
    assert_eq!(r["data"]["result"][0]["value"][1], "1", "the scrape is healthy: {r}");
}

/// Removes the test's containers however it ends.
#[cfg(target_os = "linux")]
struct Remove<'a>(&'a Path, &'a [&'a str]);
#[cfg(target_os = "linux")]
impl Drop for Remove<'_> {
    fn drop(&mut self) {
        let mut args = vec!["rm", "-f"];
        args.extend(self.1);
        crate::docker_engine::docker(self.0, &args);
    }
}

/// With the test dockerd: Prometheus has a running container's memory as `docker stats
/// --no-stream` shows it (48 MiB written to its `/dev/shm`, so the figure holds still), its
/// limit, `wsltune_docker_up` 1 and Docker's disk usage by kind; a container that is removed is
/// gone from the next scrape and from Prometheus's answer.
#[cfg(target_os = "linux")]
#[test]
fn prometheus_has_the_containers_docker_stats_shows() {
    use crate::docker_engine::{docker, engine, exclusive};
    if !have("prometheus") {
        return;
    }
    let _one = exclusive();
    let Some(socket) = engine() else { return };
    let names = ["wsltune-prom", "wsltune-prom-stop"];
    let _remove = Remove(socket, &names);
    docker(socket, &["rm", "-f", names[0], names[1]]);
    let fill = "dd if=/dev/zero of=/dev/shm/fill bs=1048576 count=48; sleep 3600";
    docker(
        socket,
        &["run", "-d", "--name", names[0], "--shm-size", "128m", "wsltune-test:busybox"]
            .into_iter()
            .chain(["/bin/sh", "-c", fill])
            .collect::<Vec<_>>(),
    );
    docker(
        socket,
        &["run", "-d", "--name", names[1], "wsltune-test:busybox", "/bin/sleep", "3600"],
    );
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("docker_data.vhdx");
    std::fs::write(&disk, b"x").unwrap();
    let port = free_port();
    let host = format!("unix://{}", socket.display());
    // Docker's disk usage is read with each deep inspection: often, in case the engine is busy.
    let _monitor = monitor_with(
        dir.path(),
        port,
        &disk,
        &["--docker-host", &host],
        &["--inspect-every", "2s"],
    );
    let (_prometheus, prom_port) = prometheus(dir.path(), port);
    let used = r#"wsltune_container_memory_used_bytes{container="wsltune-prom"}"#;
    let deadline = Instant::now() + Duration::from_secs(60);
    while first_value(prom_port, used) < f64::from(48 << 20) {
        assert!(Instant::now() < deadline, "the fill never showed");
    }
    // Prometheus's value is at most a scrape (1 s) and a tick (200 ms) old; the fill holds still.
    let theirs = docker(socket, &["stats", "--no-stream", "--format", "{{.MemUsage}}", names[0]]);
    let theirs_mib: f64 = theirs
        .split('/')
        .next()
        .unwrap()
        .trim()
        .trim_end_matches("MiB")
        .parse()
        .unwrap_or_else(|_| panic!("{theirs}"));
    let ours_mib = first_value(prom_port, used) / f64::from(1 << 20);
    assert!(
        (ours_mib - theirs_mib).abs() <= 0.5,
        "Prometheus {ours_mib:.2} MiB, docker stats {theirs}"
    );
    let limit = r#"wsltune_container_memory_limit_bytes{container="wsltune-prom"}"#;
    assert!(first_value(prom_port, limit) >= f64::from(48 << 20));
    assert_eq!(first_value(prom_port, "wsltune_docker_up"), 1.0);
    assert!(first_value(prom_port, r#"wsltune_docker_disk_objects{kind="images"}"#) >= 1.0);
    assert!(first_value(prom_port, "wsltune_docker_containers_running") >= 2.0);
    // A container removed leaves the next scrape, and Prometheus marks its series stale.
    let gone = r#"wsltune_container_memory_used_bytes{container="wsltune-prom-stop"}"#;
    first_value(prom_port, gone);
    docker(socket, &["rm", "-f", names[1]]);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "wsltune-prom-stop stayed in Prometheus");
        std::thread::sleep(Duration::from_millis(500));
        let scrape = get(port, "/metrics").1;
        if !scrape.contains(r#"container="wsltune-prom-stop""#)
            && query(prom_port, gone)["data"]["result"].as_array().is_some_and(Vec::is_empty)
        {
            break;
        }
    }
    assert!(get(port, "/metrics").1.contains(r#"container="wsltune-prom""#));
}

#[test]
fn concurrent_scrapes_and_junk_never_stall_sampling() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("d.vhdx");
    std::fs::write(&disk, b"x").unwrap();
    let port = free_port();
    let _monitor = monitor(dir.path(), port, &disk);
    let samples = |body: &str| -> u64 {
        let line = body.lines().find(|l| l.starts_with("wsltune_samples_total ")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let before = samples(&get(port, "/metrics").1);
    let threads: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || match i % 4 {
                0 => {
                    // Junk, a half request, and a client that goes away.
                    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                    let _ = s.write_all(b"\x00\xffGARBAGE \r\n\r\n");
                    let mut t = TcpStream::connect(("127.0.0.1", port)).unwrap();
                    let _ = t.write_all(b"GET /metr");
                    None
                }
                1 => Some(("404", get(port, "/nothing"))),
                2 => Some((
                    "405",
                    http(port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                )),
                _ => Some(("200", get(port, "/metrics"))),
            })
        })
        .collect();
    let mut scrapes = 0;
    for t in threads {
        if let Some((want, (status, body))) = t.join().unwrap() {
            assert_eq!(status.to_string(), want, "{body}");
            if want == "200" {
                assert!(
                    body.contains("# TYPE wsltune_vm_memory_used_bytes gauge")
                        && body.ends_with("# EOF\n")
                );
                scrapes += 1;
            }
        }
    }
    assert_eq!(scrapes, 50);
    std::thread::sleep(Duration::from_millis(700));
    let after = samples(&get(port, "/metrics").1);
    assert!(after >= before + 2, "sampling went on: {before} → {after}");
}

/// Every metric the shipped alert rules and Grafana dashboard use is one wsltune serves (a full
/// sample's scrape), and promtool accepts the config and the rules.
#[test]
fn the_shipped_prometheus_files_are_valid_and_use_served_metrics() {
    let docs = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/prometheus");
    if have("promtool") {
        for args in [&["check", "config", "prometheus.yml"][..], &["check", "rules", "alerts.yml"]]
        {
            let out = Command::new("promtool").args(args).current_dir(&docs).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        }
    }
    let exporter = wsltune::metrics::Exporter::default();
    exporter.record(&wsltune::sample::Sample {
        ts_ms: 1,
        mem_total_bytes: Some(1),
        mem_used_bytes: Some(1),
        mem_cache_bytes: Some(1),
        mem_free_bytes: Some(1),
        mem_available_bytes: Some(1),
        swap_total_bytes: Some(1),
        swap_used_bytes: Some(1),
        cpu_busy_ratio: Some(0.5),
        pressure_memory_some_avg10: Some(1.0),
        host_vm_process_bytes: Some(1),
        disks: vec![wsltune::sample::DiskSample {
            path: "p".into(),
            role: wsltune::locate::Role::DockerData,
            file_length: Some(1),
            size_on_disk: Some(1),
            allocated_bytes: Some(1),
            fs_used_bytes: Some(1),
            reclaimable_bytes: Some(1),
        }],
        ..wsltune::sample::Sample::default()
    });
    let served: std::collections::BTreeSet<String> = exporter
        .encode()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split(['{', ' ']).next().map(str::to_owned))
        .collect();
    for file in ["alerts.yml", "grafana-dashboard.json"] {
        let text = std::fs::read_to_string(docs.join(file)).unwrap();
        let used: Vec<&str> = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.starts_with("wsltune_"))
            .collect();
        assert!(!used.is_empty());
        for name in used {
            assert!(
                served.contains(name),
                "{file} uses {name}, which wsltune does not serve: {served:?}"
            );
        }
    }
}
