//! The engine client against a real dockerd (Debian's `docker.io`), started once for all tests
//! with its own data root and socket, and checked against the Docker CLI's own answers (`docker
//! system df`, `docker version`). A test image is made offline from a static busybox with
//! `docker import`. Without dockerd the tests are skipped, except in CI (`CI=true`), where a
//! missing engine is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use wsltune::docker::{Endpoint, Engine, KindUsage};

const ROOT: &str = "/tmp/wsltune-test-dockerd";

/// The socket of the shared test engine, started if it is not running; `None` (skip) where
/// dockerd or busybox is missing outside CI.
pub(crate) fn engine() -> Option<&'static Path> {
    static SOCKET: OnceLock<Option<PathBuf>> = OnceLock::new();
    SOCKET.get_or_init(start).as_deref()
}

/// One test at a time on the shared engine: each compares answers taken a moment apart.
pub(crate) fn exclusive() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn start() -> Option<PathBuf> {
    let missing =
        ["/usr/sbin/dockerd", "/bin/busybox"].into_iter().find(|p| !Path::new(p).exists());
    if let Some(tool) = missing {
        assert!(std::env::var_os("CI").is_none(), "CI needs {tool} (docker.io, busybox-static)");
        eprintln!("skipped: {tool} is not installed");
        return None;
    }
    let root = Path::new(ROOT);
    let socket = root.join("docker.sock");
    let ready = || Engine::new(Endpoint::Unix(socket.clone())).version().is_ok();
    if !ready() {
        std::fs::create_dir_all(root).unwrap();
        let log = std::fs::File::create(root.join("dockerd.log")).unwrap();
        // Nothing answers: a pid file left by an engine gone with a reboot would stop the new one.
        let _ = std::fs::remove_file(root.join("dockerd.pid"));
        // Shared by every test and by later runs (reused when it answers): never waited for.
        #[allow(clippy::zombie_processes)]
        Command::new("/usr/sbin/dockerd")
            .arg("--data-root")
            .arg(root.join("data"))
            .arg("--exec-root")
            .arg(root.join("exec"))
            .arg("--pidfile")
            .arg(root.join("dockerd.pid"))
            .arg("-H")
            .arg(format!("unix://{}", socket.display()))
            .args(["--iptables=false", "--bridge=none"])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("dockerd starts");
        for _ in 0..300 {
            if ready() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(ready(), "dockerd did not come up: see {ROOT}/dockerd.log");
    }
    docker(&socket, &["rm", "-f", "-v", "wsltune-run", "wsltune-done", "wsltune-rw"]);
    docker(&socket, &["volume", "rm", "-f", "wsltune-vol"]);
    let image = root.join("image");
    std::fs::create_dir_all(image.join("bin")).unwrap();
    std::fs::copy("/bin/busybox", image.join("bin/busybox")).unwrap();
    for applet in ["sh", "sleep", "dd"] {
        let link = image.join("bin").join(applet);
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("busybox", link).unwrap();
    }
    let tar = root.join("image.tar");
    assert!(
        Command::new("tar")
            .arg("-C")
            .arg(&image)
            .arg("-cf")
            .arg(&tar)
            .arg(".")
            .status()
            .unwrap()
            .success()
    );
    docker(&socket, &["import", tar.to_str().unwrap(), "wsltune-test:busybox"]);
    Some(socket)
}

/// Runs the Docker CLI on `socket`; returns stdout.
pub(crate) fn docker(socket: &Path, args: &[&str]) -> String {
    let out = Command::new("docker")
        .env("DOCKER_HOST", format!("unix://{}", socket.display()))
        .args(args)
        .output()
        .expect("the docker CLI runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A size as `docker system df` prints it (`1.982MB`, `0B`), in bytes (decimal units).
pub(crate) fn cli_size(text: &str) -> f64 {
    let text = text.split_whitespace().next().unwrap_or("0B");
    let (number, unit) =
        text.split_at(text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(text.len()));
    let scale = match unit {
        "B" => 1.0,
        "kB" | "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        other => panic!("unit {other}"),
    };
    number.parse::<f64>().unwrap() * scale
}

#[test]
fn disk_usage_and_version_agree_with_the_docker_cli() {
    let _one = exclusive();
    let Some(socket) = engine() else { return };
    docker(
        socket,
        &["run", "-d", "--name", "wsltune-run", "wsltune-test:busybox", "/bin/sleep", "3600"],
    );
    docker(
        socket,
        &[
            "run",
            "--name",
            "wsltune-done",
            "-v",
            "wsltune-vol:/data",
            "wsltune-test:busybox",
            "/bin/dd",
            "if=/dev/zero",
            "of=/data/f",
            "bs=1024",
            "count=1024",
        ],
    );
    docker(
        socket,
        &[
            "run",
            "--name",
            "wsltune-rw",
            "wsltune-test:busybox",
            "/bin/dd",
            "if=/dev/zero",
            "of=/big",
            "bs=1024",
            "count=2048",
        ],
    );
    let engine = Engine::new(Endpoint::Unix(socket.to_path_buf()));
    let version = engine.version().unwrap();
    assert_eq!(
        version.server_version,
        docker(socket, &["version", "--format", "{{.Server.Version}}"]).trim()
    );
    assert_eq!(
        version.api_version,
        docker(socket, &["version", "--format", "{{.Server.APIVersion}}"]).trim()
    );
    assert!(matches!(engine.cgroup_version().unwrap().as_deref(), Some("1" | "2")));
    let ours = engine.disk_usage().unwrap();
    let cli = docker(
        socket,
        &[
            "system",
            "df",
            "--format",
            "{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}|{{.Reclaimable}}",
        ],
    );
    assert_eq!(cli.lines().count(), 4, "docker system df: {cli}");
    for line in cli.lines() {
        let f: Vec<&str> = line.split('|').collect();
        let mine: KindUsage = match f[0] {
            "Images" => ours.images,
            "Containers" => ours.containers,
            "Local Volumes" => ours.volumes,
            "Build Cache" => ours.build_cache,
            other => panic!("{other}"),
        };
        assert_eq!(mine.count.to_string(), f[1], "{line}: count");
        assert_eq!(mine.active.to_string(), f[2], "{line}: active");
        // The CLI prints three or four significant digits.
        for (bytes, text) in [(mine.total_bytes, f[3]), (mine.reclaimable_bytes, f[4])] {
            let theirs = cli_size(text);
            assert!(
                (bytes as f64 - theirs).abs() <= theirs * 0.005 + 1.0,
                "{line}: {bytes} vs {text}"
            );
        }
    }
    // What the test put there: 2 MiB written in a container's own layer, 1 MiB in a volume.
    assert!(ours.containers.total_bytes >= 2 << 20, "{ours:?}");
    assert!(ours.volumes.total_bytes >= 1 << 20, "{ours:?}");
}

#[test]
fn an_engine_that_is_not_there_is_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let e = Engine::new(Endpoint::Unix(dir.path().join("docker.sock"))).version().unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("no Docker engine at unix://") && text.contains("WSL integration"),
        "{text}"
    );
}

/// `doctor` asks the engine `--docker-host` names: its version and disk usage in `--json`, and a
/// running container that bind-mounts a Windows drive (`/mnt/<letter>/…`) is a finding naming it.
#[test]
fn doctor_reports_the_engine_and_windows_drive_bind_mounts() {
    let _one = exclusive();
    let Some(socket) = engine() else { return };
    // A folder where a Windows drive would be mounted inside WSL.
    let drive = Path::new("/mnt/z/wsltune-docker-test");
    std::fs::create_dir_all(drive).unwrap();
    docker(socket, &["rm", "-f", "wsltune-bind"]);
    let bind = format!("{}:/app", drive.display());
    docker(
        socket,
        &[
            "run",
            "-d",
            "--name",
            "wsltune-bind",
            "-v",
            &bind,
            "wsltune-test:busybox",
            "/bin/sleep",
            "3600",
        ],
    );
    let home = tempfile::tempdir().unwrap();
    let host = format!("unix://{}", socket.display());
    let out = crate::util::wsltune(home.path())
        .args(["--docker-host", &host, "doctor", "--json"])
        .output()
        .unwrap();
    docker(socket, &["rm", "-f", "wsltune-bind"]);
    let _ = std::fs::remove_dir(drive);
    let _ = std::fs::remove_dir("/mnt/z");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &json["docker"];
    assert_eq!(d["reachable"], true, "{d}");
    assert_eq!(d["endpoint"], host.as_str());
    assert_eq!(
        d["api_version"],
        docker(socket, &["version", "--format", "{{.Server.APIVersion}}"]).trim()
    );
    assert!(d["disk_usage"]["containers"]["count"].as_u64().unwrap() >= 1, "{d}");
    let findings = json["findings"].as_array().unwrap();
    let mount = findings
        .iter()
        .find(|f| f["code"] == "container-mount-on-windows-drive")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    let message = mount["message"].as_str().unwrap();
    assert!(
        message.contains("'wsltune-bind'") && message.contains("/mnt/z/wsltune-docker-test"),
        "{message}"
    );
}

/// A fixture tree (`--root`) never reaches a real engine, even with DOCKER_HOST set, unless
/// `--docker-host` says so; `--no-docker` leaves it alone too.
#[test]
fn fixture_trees_and_no_docker_leave_the_engine_alone() {
    let _one = exclusive();
    let Some(socket) = engine() else { return };
    let home = tempfile::tempdir().unwrap();
    let fixture = crate::util::fixture("doctor/linux");
    let host = format!("unix://{}", socket.display());
    for args in [
        vec![
            "--root",
            fixture.join("root").to_str().unwrap().to_owned().leak(),
            "doctor",
            "--json",
        ],
        vec!["--no-docker", "doctor", "--json"],
    ] {
        let out = crate::util::wsltune(home.path())
            .env("DOCKER_HOST", &host)
            .args(&args)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(json["docker"].is_null(), "{args:?}: {}", json["docker"]);
    }
}

/// A container's memory as `docker stats` shows it (usage minus inactive file pages), and its
/// CPU between two readings: 64 MiB written to its `/dev/shm`, and a busy loop.
#[test]
fn container_memory_and_cpu_agree_with_docker_stats() {
    let _one = exclusive();
    let Some(socket) = engine() else { return };
    docker(socket, &["rm", "-f", "wsltune-shm", "wsltune-busy"]);
    let fill = "dd if=/dev/zero of=/dev/shm/fill bs=1048576 count=64; sleep 3600";
    docker(
        socket,
        &[
            "run",
            "-d",
            "--name",
            "wsltune-shm",
            "--shm-size",
            "128m",
            "wsltune-test:busybox",
            "/bin/sh",
            "-c",
            fill,
        ],
    );
    docker(
        socket,
        &[
            "run",
            "-d",
            "--name",
            "wsltune-busy",
            "wsltune-test:busybox",
            "/bin/sh",
            "-c",
            "while :; do :; done",
        ],
    );
    let engine = Engine::new(Endpoint::Unix(socket.to_path_buf()));
    let id = docker(socket, &["inspect", "--format", "{{.Id}}", "wsltune-shm"]);
    // The fill takes a moment: read until it is there.
    let mut ours = engine.stats(id.trim()).unwrap();
    for _ in 0..50 {
        if ours.mem_used_bytes >= 64 << 20 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        ours = engine.stats(id.trim()).unwrap();
    }
    let theirs =
        docker(socket, &["stats", "--no-stream", "--format", "{{.MemUsage}}", "wsltune-shm"]);
    let used = theirs.split('/').next().unwrap().trim();
    let mib: f64 = used.trim_end_matches("MiB").parse().unwrap_or_else(|_| panic!("{theirs}"));
    let ours_mib = ours.mem_used_bytes as f64 / f64::from(1 << 20);
    assert!((ours_mib - mib).abs() <= 0.5, "ours {ours_mib:.2} MiB, docker stats {theirs}");
    assert!(ours.mem_used_bytes >= 64 << 20, "{ours:?}");
    // CPU: two readings of the busy loop, half a second apart.
    let busy = docker(socket, &["inspect", "--format", "{{.Id}}", "wsltune-busy"]);
    let first = engine.stats(busy.trim()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let second = engine.stats(busy.trim()).unwrap();
    docker(socket, &["rm", "-f", "wsltune-shm", "wsltune-busy"]);
    let cores = second.cpu_cores(&first).unwrap();
    assert!(
        cores > 0.05 && cores <= f64::from(second.online_cpus) + 0.01,
        "{cores} of {}",
        second.online_cpus
    );
}
