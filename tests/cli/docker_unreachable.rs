//! An engine that cannot be asked is one `docker-unreachable` finding whose fix is the one for
//! its cause — no socket, nothing listening, a socket this user may not open, an engine that
//! does not answer — and never a failure or a hang of `doctor` (no dockerd needed: each is a
//! socket made here).

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::fixture;

/// `doctor --json` on the plain-Linux fixture asking `socket`, as this user or (`nobody`) as
/// uid 65534: the `docker-unreachable` finding's message and fix, and how long it took.
fn unreachable(socket: &Path, nobody: bool) -> (String, String, std::time::Duration) {
    let bin = assert_cmd::cargo::cargo_bin("wsltune");
    let mut cmd = if nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid", "65534", "--regid", "65534", "--clear-groups"]).arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    let dir = fixture("doctor/linux");
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    cmd.env("HOME", home.path())
        .env_remove("DOCKER_HOST")
        .arg("--proc-root")
        .arg(dir.join("proc"))
        .arg("--root")
        .arg(dir.join("root"))
        .arg("--docker-host")
        .arg(format!("unix://{}", socket.display()))
        .args(["doctor", "--json"]);
    let started = std::time::Instant::now();
    let out = cmd.output().unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{stderr}");
    let json: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(json["docker"]["reachable"], false);
    let found: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "docker-unreachable")
        .collect();
    assert_eq!(found.len(), 1, "{json}");
    let text = |k: &str| found[0][k].as_str().unwrap().to_owned();
    (text("message"), text("fix"), took)
}

#[test]
fn each_cause_of_an_unreachable_engine_gets_its_own_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();

    let (message, fix, _) = unreachable(&dir.path().join("none.sock"), false);
    assert!(message.contains("no Docker engine at") && message.contains("none.sock"), "{message}");
    assert!(
        fix.starts_with("Start Docker Desktop and turn on Settings → Resources → WSL integration"),
        "{fix}"
    );

    // A socket file nobody listens on (its listener is gone).
    let dead = dir.path().join("dead.sock");
    drop(UnixListener::bind(&dead).unwrap());
    let (message, fix, _) = unreachable(&dead, false);
    assert!(message.contains("is not running (connection refused)"), "{message}");
    assert!(fix.starts_with("Start Docker Desktop (or the engine), wait"), "{fix}");

    // A socket only its owner may open (as Docker's is, for root and the docker group).
    let owned = dir.path().join("owned.sock");
    let _listening = UnixListener::bind(&owned).unwrap();
    std::fs::set_permissions(&owned, std::fs::Permissions::from_mode(0o600)).unwrap();
    #[allow(unsafe_code)]
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root && Path::new("/usr/bin/setpriv").exists() {
        let (message, fix, _) = unreachable(&owned, true);
        assert!(
            message.contains("permission denied on") && message.contains("owned.sock"),
            "{message}"
        );
        assert!(fix.contains("sudo usermod -aG docker $USER"), "{fix}");
    } else {
        assert!(std::env::var_os("CI").is_none(), "CI runs as root with setpriv (util-linux)");
    }

    // A socket that accepts and never answers: the call gives up after 3 s, and doctor goes on.
    let mute = dir.path().join("mute.sock");
    let listener = UnixListener::bind(&mute).unwrap();
    let held = std::thread::spawn(move || {
        let mut kept = Vec::new();
        for _ in 0..4 {
            match listener.accept() {
                Ok((stream, _)) => kept.push(stream),
                Err(_) => break,
            }
            if kept.len() == 1 {
                std::thread::sleep(std::time::Duration::from_secs(5));
                break;
            }
        }
    });
    let (message, fix, took) = unreachable(&mute, false);
    assert!(message.contains("did not answer within 3 s"), "{message}");
    assert!(fix.starts_with("The engine is busy or stuck: restart Docker Desktop"), "{fix}");
    assert!(took < std::time::Duration::from_secs(10), "doctor took {took:?}");
    held.join().unwrap();
}
