//! `doctor`'s findings on fixture trees: a project on a Windows drive, an engine installed in the
//! distro, a bloated Docker disk, and `.wslconfig` problems and settings the VM does not have yet.

use serde_json::Value;

use crate::doctor::{codes, finding};
use crate::util::{doctor_json, fixture, wsltune};

#[test]
fn a_project_on_the_c_drive_is_flagged_and_one_in_the_distro_is_not() {
    let root = fixture("doctor/wsl2-project-engine/root");
    let on_c = root.join("mnt/c/Users/frank/src/webapp");
    let (_, r) = doctor_json("wsl2-project-engine", &[], &["--project", on_c.to_str().unwrap()]);
    let f = finding(&r, "project-on-windows-drive");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("The project folder /mnt/c/Users/frank/src/webapp is on a Windows drive"),
        "{message}"
    );
    assert!(message.contains(r"'C:\', 9p"), "{message}");
    assert!(message.contains("inotify"));

    let in_distro = root.join("home/frank/src/api");
    let (_, r) =
        doctor_json("wsl2-project-engine", &[], &["--project", in_distro.to_str().unwrap()]);
    assert!(!codes(&r).contains(&"project-on-windows-drive".to_owned()));
}

#[test]
fn a_distro_installed_engine_is_flagged_but_not_desktops_integration() {
    let (code, r) = doctor_json("wsl2-project-engine", &[("WSL_DISTRO_NAME", "Ubuntu")], &[]);
    assert_eq!(code, 0, "a warning does not fail doctor");
    let f = finding(&r, "docker-engine-in-distro");
    let message = f["message"].as_str().unwrap();
    for part in ["/usr/bin/dockerd", "'docker-ce'", "'containerd.io'", "docker.service"] {
        assert!(message.contains(part), "{part} missing from: {message}");
    }
    assert!(
        !message.contains("/usr/bin/docker,"),
        "Desktop's docker link is not an engine: {message}"
    );
    // Inside Docker's own distro an engine is expected.
    let (_, r) = doctor_json("wsl2-project-engine", &[("WSL_DISTRO_NAME", "docker-desktop")], &[]);
    assert!(!codes(&r).contains(&"docker-engine-in-distro".to_owned()));
}

#[test]
fn a_bloated_docker_disk_is_flagged_with_its_figures() {
    use crate::images::{Work, dumpe2fs, have, run};
    if !["qemu-img", "mkfs.ext4", "debugfs", "dumpe2fs"].iter().all(|t| have(t)) {
        return;
    }
    let w = Work::new();
    let raw = w.path("data.img");
    run("truncate", &["-s", "3G", raw.to_str().unwrap()]);
    run(
        "mkfs.ext4",
        &[
            "-q",
            "-F",
            "-b",
            "4096",
            "-O",
            "^has_journal",
            "-E",
            "lazy_itable_init=1",
            raw.to_str().unwrap(),
        ],
    );
    // What `docker system prune` leaves: 1.25 GiB of deleted layers in free ext4 blocks. Written
    // straight into ten groups of 128 MiB that hold no metadata: not 0–9 (backup superblocks),
    // not 16 (the second flex group's bitmaps and inode tables); no journal (it sits mid-disk).
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(&raw).unwrap();
        let layer = vec![0xA5u8; 128 << 20];
        for group in [10, 11, 12, 13, 14, 15, 17, 18, 19, 20] {
            f.seek(SeekFrom::Start(group * (128 << 20))).unwrap();
            f.write_all(&layer).unwrap();
        }
    }
    let (blocks, free, block_size) = dumpe2fs(&raw);
    let profile = w.path("profile");
    let disk_dir = profile.join("AppData/Local/Docker/wsl/disk");
    std::fs::create_dir_all(&disk_dir).unwrap();
    w.vhdx(&raw, "profile/AppData/Local/Docker/wsl/disk/docker_data.vhdx", "block_size=1M");
    std::fs::remove_file(&raw).unwrap();

    let linux = fixture("doctor/linux");
    let home = tempfile::tempdir().unwrap();
    let out = wsltune(home.path())
        .arg("--proc-root")
        .arg(linux.join("proc"))
        .arg("--root")
        .arg(linux.join("root"))
        .arg("--windows-home")
        .arg(&profile)
        .args(["doctor", "--json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &r["disks"][0];
    assert_eq!(d["fs_used_bytes"].as_u64(), Some((blocks - free) * block_size));
    let reclaimable = d["reclaimable_bytes"].as_u64().unwrap();
    assert_eq!(reclaimable, 1280 << 20, "all of the 1.25 GiB comes back");
    assert!(reclaimable <= d["allocated_bytes"].as_u64().unwrap());
    let f = finding(&r, "disk-bloat");
    assert_eq!(f["severity"], "warning");
    assert!(f["fix"].as_str().unwrap().contains("wsltune inspect"));
}

#[test]
fn wslconfig_problems_and_settings_the_vm_does_not_have_yet() {
    // The file asks for 8GB; the fixture VM has 16 GB: the VM started before the edit.
    let (_, r) = doctor_json("wsl2-old-layout", &[], &[]);
    let pending = finding(&r, "wslconfig-not-applied");
    assert_eq!(pending["severity"], "warning");
    assert!(
        pending["message"].as_str().unwrap().contains("memory 8GB (the VM has 15.55 GiB)"),
        "{pending}"
    );
    assert!(pending["fix"].as_str().unwrap().contains("wsl --shutdown"));
    assert_eq!(r["wslconfig"]["lint"]["wsl_warnings"], 0);

    // A file with mistakes: doctor sums up what `lint` says.
    let blog = crate::util::fixture("wslconfig").join("blog-copy.wslconfig");
    let (_, r) = doctor_json("wsl2-old-layout", &[], &["--wslconfig", blog.to_str().unwrap()]);
    assert_eq!(r["wslconfig"]["lint"]["wsl_warnings"], 6);
    assert_eq!(r["wslconfig"]["lint"]["problems"], 1);
    let problems = finding(&r, "wslconfig-problems");
    assert!(
        problems["message"]
            .as_str()
            .unwrap()
            .contains("Invalid memory string '8gb ; limits VM memory'"),
        "{problems}"
    );
    // Its memory line is invalid (so WSL's default applies); its processors=4 is not applied yet.
    let pending = finding(&r, "wslconfig-not-applied")["message"].as_str().unwrap().to_owned();
    assert!(
        pending.contains("processors 4 (the VM has 8)") && !pending.contains("memory"),
        "{pending}"
    );
}

/// Docker Desktop's settings, read case-insensitively from `settings-store.json`: the WSL 2
/// engine off, and this distro not integrated (a warning, or a note when integration with the
/// default distro is on and this one may be the default).
#[cfg(unix)]
#[test]
fn docker_desktops_wsl_settings_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("t");
    crate::command_line::copy_tree(&fixture("doctor/wsl2-new-layout"), &tree);
    let settings = tree.join("root/mnt/c/Users/bob/AppData/Roaming/Docker/settings-store.json");
    let run = |json: &str| -> Value {
        std::fs::write(&settings, json).unwrap();
        let out = wsltune(dir.path())
            .env("WSL_DISTRO_NAME", "Ubuntu-24.04")
            .arg("--proc-root")
            .arg(tree.join("proc"))
            .arg("--root")
            .arg(tree.join("root"))
            .args(["doctor", "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let r = run(r#"{"WslEngineEnabled":false,"IntegratedWslDistros":[]}"#);
    assert_eq!(finding(&r, "docker-wsl-engine-off")["severity"], "warning");
    assert!(!codes(&r).contains(&"docker-distro-not-integrated".to_owned()), "one thing at a time");
    let r = run(
        r#"{"wslEngineEnabled":true,"integratedWslDistros":["Debian"],"enableIntegrationWithDefaultWslDistro":false}"#,
    );
    let f = finding(&r, "docker-distro-not-integrated");
    assert_eq!(f["severity"], "warning");
    assert!(f["message"].as_str().unwrap().contains("'Ubuntu-24.04'"), "{f}");
    assert!(f["fix"].as_str().unwrap().contains("WSL integration"), "{f}");
    let r =
        run(r#"{"IntegratedWslDistros":["Debian"],"EnableIntegrationWithDefaultWslDistro":true}"#);
    assert_eq!(finding(&r, "docker-distro-not-integrated")["severity"], "info");
    for ok in [r#"{"IntegratedWslDistros":["ubuntu-24.04"]}"#, r#"{"AutoStart":true}"#] {
        let r = run(ok);
        let docker: Vec<String> = codes(&r)
            .into_iter()
            .filter(|c| c == "docker-wsl-engine-off" || c == "docker-distro-not-integrated")
            .collect();
        assert!(docker.is_empty(), "{ok}: {docker:?}");
    }
}
