//! `inspect` and `compact` on Docker's data disk list what pruning each kind would free inside
//! it, from the real test dockerd (see `docker_engine.rs`), checked against `docker system df`.

use serde_json::Value;

use crate::docker_engine::{cli_size, docker, engine, exclusive};
use crate::images::{Work, have};
use crate::util::{fixture, wsltune};

/// A tree where `locate` finds a Docker data disk (a small ext4 in
/// `profile/AppData/Local/Docker/wsl/disk/docker_data.vhdx`), and the engine named by
/// `--docker-host` (a fixture tree asks none without it).
fn tree(w: &Work, socket: &std::path::Path) -> assert_cmd::Command {
    let raw = w.ext4("data.img", "64M", &[], &[]);
    std::fs::create_dir_all(w.path("profile/AppData/Local/Docker/wsl/disk")).unwrap();
    w.vhdx(&raw, "profile/AppData/Local/Docker/wsl/disk/docker_data.vhdx", "block_size=1M");
    let linux = fixture("doctor/linux");
    let mut cmd = wsltune(w.path("").as_path());
    cmd.arg("--proc-root")
        .arg(linux.join("proc"))
        .arg("--root")
        .arg(linux.join("root"))
        .arg("--windows-home")
        .arg(w.path("profile"))
        .arg("--docker-host")
        .arg(format!("unix://{}", socket.display()));
    cmd
}

#[test]
fn inspect_and_compact_list_the_prunes_docker_system_df_reports() {
    let _one = exclusive();
    let Some(socket) = engine() else { return };
    if !["qemu-img", "mkfs.ext4", "debugfs"].iter().all(|t| have(t)) {
        return;
    }
    // Something of each kind to reclaim: a stopped container's own layer (1 MiB), and a named
    // volume no container uses (512 KiB).
    docker(socket, &["rm", "-f", "-v", "wsltune-prune-rw"]);
    docker(socket, &["volume", "rm", "-f", "wsltune-prune-vol"]);
    let dd = |of: &str, count: &str| format!("/bin/dd if=/dev/zero of={of} bs=1024 count={count}");
    let image = "wsltune-test:busybox";
    let rw = dd("/big", "1024");
    docker(socket, &["run", "--name", "wsltune-prune-rw", image, "/bin/sh", "-c", &rw]);
    let vol = dd("/data/f", "512");
    let mount = "wsltune-prune-vol:/data";
    docker(socket, &["run", "--rm", "-v", mount, image, "/bin/sh", "-c", &vol]);

    let w = Work::new();
    let out = tree(&w, socket).args(["inspect", "--json"]).output().unwrap();
    let text = tree(&w, socket).env("WSLTUNE_WIDTH", "60").arg("inspect").output().unwrap();
    let plan = tree(&w, socket).args(["compact", "--json"]).output().unwrap();
    let cli = docker(socket, &["system", "df", "--format", "{{.Type}}|{{.Reclaimable}}"]);
    docker(socket, &["rm", "-f", "-v", "wsltune-prune-rw"]);
    docker(socket, &["volume", "rm", "-f", "wsltune-prune-vol"]);

    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let data = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("docker_data.vhdx"))
        .unwrap();
    let prunes = data["docker_prune"].as_array().unwrap_or_else(|| panic!("{data:#}"));
    let ours = |kind: &str| prunes.iter().find(|p| p["kind"] == kind);
    assert_eq!(cli.lines().count(), 4, "docker system df: {cli}");
    for line in cli.lines() {
        let (kind, reclaimable) = line.split_once('|').unwrap();
        let (kind, command) = match kind {
            "Images" => ("images", "docker image prune -a"),
            "Containers" => ("containers", "docker container prune"),
            "Local Volumes" => ("volumes", "docker volume prune -a"),
            "Build Cache" => ("build-cache", "docker builder prune -a"),
            other => panic!("{other}"),
        };
        let theirs = cli_size(reclaimable);
        match ours(kind) {
            // Nothing to reclaim: no suggestion.
            None => assert_eq!(theirs, 0.0, "{line}: {prunes:?}"),
            Some(p) => {
                assert_eq!(p["command"], command);
                let bytes = p["reclaimable_bytes"].as_u64().unwrap() as f64;
                // The CLI prints three or four significant digits.
                assert!((bytes - theirs).abs() <= theirs * 0.005 + 1.0, "{line}: {p}");
            }
        }
    }
    // What the test left: at least the 1 MiB layer and the 512 KiB volume.
    assert!(ours("containers").unwrap()["reclaimable_bytes"].as_u64().unwrap() >= 1 << 20);
    assert!(ours("volumes").unwrap()["reclaimable_bytes"].as_u64().unwrap() >= 512 << 10);

    // compact's plan carries the same list.
    let plan: Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert_eq!(plan["mode"], "plan");
    assert_eq!(&plan["docker_prune"], &data["docker_prune"]);

    // For people: fitted to 60 columns, the prunes before what compaction gives back.
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.lines().all(|l| l.chars().count() <= 60), "{text}");
    let prune = text.find("docker container prune").unwrap_or_else(|| panic!("{text}"));
    let reclaimable = text.find("Reclaimable").unwrap();
    assert!(prune < reclaimable, "{text}");
}
