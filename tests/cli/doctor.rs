//! `wsltune doctor` on fixture trees: environment, disks with roles and lengths, the text report
//! and `--help`; the findings about a set-up's contents are in `doctor_findings.rs`.
//!
//! Expected lengths are the byte counts the fixture files were written with, not values read
//! back by wsltune's own code.

use std::path::Path;

use serde_json::Value;

use crate::util::{doctor_json, fixture, run_on_fixture, wsltune};

pub(crate) fn codes(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

pub(crate) fn finding<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no finding '{code}' in {:#}", report["findings"]))
}

/// (path suffix, role, length) of each disk, in the order reported.
fn disks(report: &Value) -> Vec<(String, String, u64)> {
    report["disks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let rel = path.split("/root/").nth(1).unwrap_or(path).to_owned();
            (rel, d["role"].as_str().unwrap().to_owned(), d["file_length"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn wsl2_with_dockers_old_layout_and_a_custom_automount_root() {
    let (code, r) = doctor_json("wsl2-old-layout", &[], &[]);
    assert_eq!(code, 0);
    assert_eq!(r["environment"]["kind"], "wsl2");
    assert_eq!(r["environment"]["kernel"], "5.15.153.1-microsoft-standard-WSL2");
    assert_eq!(r["environment"]["os"], "Ubuntu 22.04.4 LTS");
    assert_eq!(r["environment"]["vm"]["memory_bytes"], 16_303_216u64 * 1024);
    assert_eq!(r["environment"]["vm"]["swap_bytes"], 4u64 << 30);
    assert_eq!(r["environment"]["vm"]["processors"], 8);
    assert_eq!(r["windows_home"]["status"], "found");
    assert!(r["windows_home"]["path"].as_str().unwrap().ends_with("/root/windir/c/Users/alice"));
    assert_eq!(
        disks(&r),
        [
            (
                "windir/c/Users/alice/AppData/Local/Docker/wsl/data/ext4.vhdx".into(),
                "docker-data".into(),
                10001
            ),
            (
                "windir/c/Users/alice/AppData/Local/Docker/wsl/distro/ext4.vhdx".into(),
                "docker-distro".into(),
                2002
            ),
        ]
    );
    assert!(r["disks"][0]["found_by"].as_str().unwrap().contains("4.29 and older"));
    assert_eq!(r["wslconfig"]["exists"], true);
    let c = codes(&r);
    assert!(c.contains(&"docker-legacy-layout".to_owned()));
    assert!(!c.contains(&"no-wslconfig".to_owned()));
    assert!(!c.contains(&"docker-old-data-disk".to_owned()));
}

#[test]
fn wsl2_with_the_new_layout_and_no_wslconfig() {
    let (code, r) = doctor_json("wsl2-new-layout", &[("WSL_DISTRO_NAME", "Ubuntu-24.04")], &[]);
    assert_eq!(code, 0);
    assert_eq!(r["environment"]["distro"], "Ubuntu-24.04");
    // Two folders under C:\Users; only bob's has AppData.
    assert!(r["windows_home"]["path"].as_str().unwrap().ends_with("/Users/bob"));
    assert!(r["windows_home"]["found_by"].as_str().unwrap().contains("AppData"));
    let wsl = "mnt/c/Users/bob/AppData/Local/Docker/wsl";
    assert_eq!(
        disks(&r),
        [
            (format!("{wsl}/disk/docker_data.vhdx"), "docker-data".into(), 30003),
            (format!("{wsl}/main/ext4.vhdx"), "docker-distro".into(), 4004),
            (format!("{wsl}/data/ext4.vhdx"), "docker-data".into(), 5005),
        ]
    );
    let stale = finding(&r, "docker-old-data-disk");
    assert_eq!(stale["severity"], "warning");
    assert!(stale["message"].as_str().unwrap().contains("data/ext4.vhdx"));
    let defaults = finding(&r, "no-wslconfig");
    assert_eq!(defaults["severity"], "info");
    let message = defaults["message"].as_str().unwrap();
    assert!(message.contains("half of the host's memory"), "{message}");
    assert!(message.contains("7.67 GiB of memory, 4 processors and 2 GiB of swap"), "{message}");
    assert_eq!(r["wslconfig"]["exists"], false);
    assert!(r["wslconfig"]["path"].as_str().unwrap().ends_with("/Users/bob/.wslconfig"));
}

#[test]
fn wsl2_with_custom_locations_from_both_settings_files() {
    let (code, r) = doctor_json("wsl2-custom-location", &[], &[]);
    assert_eq!(code, 0);
    assert_eq!(
        disks(&r),
        [
            (
                "mnt/d/DockerData/DockerDesktopWSL/disk/docker_data.vhdx".into(),
                "docker-data".into(),
                60006
            ),
            (
                "mnt/d/DockerData/DockerDesktopWSL/main/ext4.vhdx".into(),
                "docker-distro".into(),
                7007
            ),
            (
                "mnt/e/dd/DockerDesktopWSL/DockerDesktopWSL/data/ext4.vhdx".into(),
                "docker-data".into(),
                8008
            ),
        ]
    );
    let by = |i: usize| r["disks"][i]["found_by"].as_str().unwrap().to_owned();
    assert!(
        by(0).contains(r"CustomWslDistroDir 'D:\DockerData' in")
            && by(0).contains("settings-store.json"),
        "{}",
        by(0)
    );
    assert!(by(2).contains("customWslDistroDir") && by(2).contains("nested twice"), "{}", by(2));
    let nested = finding(&r, "docker-disk-nested");
    assert!(
        nested["message"]
            .as_str()
            .unwrap()
            .contains("DockerDesktopWSL/DockerDesktopWSL/data/ext4.vhdx")
    );
    assert!(codes(&r).contains(&"docker-old-data-disk".to_owned()));
    let folders: Vec<&str> =
        r["docker_folders"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert!(folders.iter().any(|f| f.ends_with("mnt/c/Users/carol/AppData/Local/Docker/wsl")));
    assert!(folders.iter().any(|f| f.ends_with("mnt/d/DockerData/DockerDesktopWSL")));
}

#[test]
fn wsl2_with_store_distros_and_no_docker() {
    let (code, r) = doctor_json("wsl2-store-distros", &[], &[]);
    assert_eq!(code, 0);
    let local = "mnt/c/Users/dana/AppData/Local";
    assert_eq!(
        disks(&r),
        [
            (
                format!(
                    "{local}/Packages/CanonicalGroupLimited.Ubuntu24.04LTS_79rhkp1fndgsc/LocalState/ext4.vhdx"
                ),
                "distro".into(),
                11011
            ),
            (
                format!(
                    "{local}/Packages/TheDebianProject.DebianGNULinux_76v4gfsz19hv4/LocalState/ext4.vhdx"
                ),
                "distro".into(),
                12012
            ),
            (
                format!("{local}/wsl/{{6d4d0e5a-4c1f-4f6b-9a8e-0b5bb6b8f1a2}}/ext4.vhdx"),
                "distro".into(),
                13013
            ),
        ]
    );
    assert_eq!(r["disks"][0]["name"], "CanonicalGroupLimited.Ubuntu24.04LTS_79rhkp1fndgsc");
    let c = codes(&r);
    assert_eq!(c.iter().filter(|c| *c == "distro-disk").count(), 3);
    assert!(c.contains(&"docker-disk-not-found".to_owned()));
    let misnamed = finding(&r, "wslconfig-misnamed");
    assert_eq!(misnamed["severity"], "warning");
    assert!(misnamed["message"].as_str().unwrap().contains(".wslconfig.txt"));
}

#[test]
fn wsl1_is_an_error_with_exit_status_1() {
    let (code, r) = doctor_json("wsl1", &[("WSL_DISTRO_NAME", "Ubuntu-20.04")], &[]);
    assert_eq!(code, 1);
    assert_eq!(r["environment"]["kind"], "wsl1");
    assert_eq!(r["environment"]["vm"], Value::Null);
    let f = finding(&r, "wsl1");
    assert_eq!(f["severity"], "error");
    assert!(f["fix"].as_str().unwrap().contains("wsl --set-version Ubuntu-20.04 2"));
    assert_eq!(r["findings"][0]["code"], "wsl1", "errors come first");
}

#[test]
fn plain_linux_says_so_and_what_it_looked_for() {
    let (code, r) = doctor_json("linux", &[], &[]);
    assert_eq!(code, 0);
    assert_eq!(r["environment"]["kind"], "linux");
    let f = finding(&r, "not-wsl");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("6.1.0-18-amd64")
            && message.contains("WSLInterop")
            && message.contains("WSL_DISTRO_NAME")
    );
    assert_eq!(r["windows_home"]["status"], "not-found");
    assert_eq!(finding(&r, "windows-home-not-found")["severity"], "info");
    assert_eq!(r["disks"].as_array().unwrap().len(), 0);

    let (code, text, _) = run_on_fixture("linux", &[], &["doctor"]);
    assert_eq!(code, 0);
    assert!(text.contains("Linux (not WSL)") && text.contains("This is not WSL"), "{text}");
}

#[test]
fn windows_home_from_flag_or_variable_and_sizes_match_du() {
    let home = tempfile::tempdir().unwrap();
    let profile = home.path().join("profile");
    let disk_dir = profile.join("AppData/Local/Docker/wsl/disk");
    std::fs::create_dir_all(&disk_dir).unwrap();
    let disk = disk_dir.join("docker_data.vhdx");
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::File::create(&disk).unwrap();
        f.set_len(1 << 30).unwrap(); // 1 GiB, sparse
        f.seek(SeekFrom::Start(64 << 20)).unwrap();
        f.write_all(&vec![0x5a; 3 << 20]).unwrap(); // 3 MiB really written
        f.sync_all().unwrap();
    }
    let du = |extra: &[&str]| -> u64 {
        let out =
            std::process::Command::new("du").args(["-B1"]).args(extra).arg(&disk).output().unwrap();
        String::from_utf8(out.stdout).unwrap().split_whitespace().next().unwrap().parse().unwrap()
    };
    let linux = fixture("doctor/linux");
    for via_variable in [false, true] {
        let mut cmd = wsltune(home.path());
        cmd.arg("--proc-root").arg(linux.join("proc")).arg("--root").arg(linux.join("root"));
        if via_variable {
            cmd.env("WSLTUNE_WINDOWS_HOME", &profile);
        } else {
            cmd.arg("--windows-home").arg(&profile);
        }
        let out = cmd.args(["doctor", "--json"]).output().unwrap();
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["windows_home"]["path"], profile.to_str().unwrap());
        assert!(r["windows_home"]["found_by"].as_str().unwrap().contains("--windows-home"));
        let d = &r["disks"][0];
        assert_eq!(d["role"], "docker-data");
        assert_eq!(d["file_length"].as_u64(), Some(du(&["--apparent-size"])));
        assert_eq!(d["size_on_disk"].as_u64(), Some(du(&[])));
        assert!(
            d["size_on_disk"].as_u64().unwrap() < 16 << 20,
            "sparse: far less than 1 GiB on disk"
        );
        assert!(r["wslconfig"]["path"].as_str().unwrap().ends_with("profile/.wslconfig"));
    }
}

#[test]
fn bad_locations_are_clear_errors() {
    let home = tempfile::tempdir().unwrap();
    for (args, expected) in [
        (
            vec!["--windows-home", "/nonexistent/alice", "doctor"],
            "error: --windows-home '/nonexistent/alice' is not a folder",
        ),
        (
            vec!["--proc-root", "/nonexistent/proc", "doctor"],
            "error: --proc-root '/nonexistent/proc' is not a folder",
        ),
        (
            vec!["doctor", "--project", "/nonexistent/app"],
            "error: --project '/nonexistent/app' is not a folder",
        ),
    ] {
        let out = wsltune(home.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: a usage error");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with(expected), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(out.stdout.is_empty());
    }
    let out = wsltune(home.path()).args(["doctor", "--frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn text_report_reads_well() {
    let dir = fixture("doctor/wsl2-new-layout");
    let (code, text, _) = run_on_fixture(
        "wsl2-new-layout",
        &[("WSL_DISTRO_NAME", "Ubuntu-24.04")],
        &["doctor", "--project", "/"],
    );
    assert_eq!(code, 0);
    let home_db = Path::new("[HOME]");
    let text = text.replace(dir.to_str().unwrap(), "[FIXTURE]");
    let text = regex_free_home(&text, home_db);
    let text = mask_on_disk(&text);
    insta::assert_snapshot!(text);
}

/// Masks the ON DISK column: allocated sizes depend on the file system the tests run on.
fn mask_on_disk(text: &str) -> String {
    // Column layout of the disks table: 2 + 14 + 1 + 22 + 1 + 11 + 1 = 52, then 11 characters.
    let mut in_table = false;
    text.lines()
        .map(|l| {
            if l.starts_with("  ROLE") {
                in_table = true;
                return l.to_owned();
            }
            in_table &= l.get(52..63).is_some_and(|c| c.trim_end().ends_with('B'));
            match (in_table, l.get(..52), l.get(63..)) {
                (true, Some(head), Some(tail)) => format!("{head}{:>11}{tail}", "[masked]"),
                _ => l.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces the per-run temporary home folder in the database line.
fn regex_free_home(text: &str, placeholder: &Path) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("History DB    ") {
            Some(rest) => {
                let tail = rest.split("/.local/share/").nth(1).unwrap_or(rest);
                format!("History DB    {}/.local/share/{tail}", placeholder.display())
            }
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn help_explains_the_commands_and_overrides() {
    let home = tempfile::tempdir().unwrap();
    let out = wsltune(home.path()).arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for part in [
        "doctor",
        "completions",
        "--proc-root",
        "--windows-home",
        "--wslconfig",
        "--db",
        "WSLTUNE_WINDOWS_HOME",
    ] {
        assert!(help.contains(part), "--help lacks {part}:\n{help}");
    }
    let out = wsltune(home.path()).args(["doctor", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("--project") && help.contains("--json") && help.contains("status 1"),
        "{help}"
    );
}
