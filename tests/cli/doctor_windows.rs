//! `doctor` on the Windows side of the guide (its prerequisites and steps 6 and 7), with the
//! Windows programs' answers canned in the fixture tree (`<root>/.wsltune-windows/`, the bytes
//! as the programs print them: `wsl.exe` in UTF-16LE without a BOM, `\r\r\n` line ends).

use std::path::{Path, PathBuf};

use serde_json::Value;
use wsltune::term::display_width;

use crate::doctor::{codes, finding};
use crate::util::{fixture, wsltune};

/// `wsl.exe --version` from microsoft/WSL#9882 (Windows 10 22H2, WSL 1.1.6.0).
const WSL_9882: &str = "WSL version: 1.1.6.0\nKernel version: 5.15.90.1\nWSLg version: 1.0.50\nMSRDC version: 1.2.3770\nDirect3D version: 1.608.2-61064218\nDXCore version: 10.0.25131.1002-220531-1700.rs-onecore-base2-hyp\nWindows version: 10.0.19045.2728\n";

/// As `wsl.exe` writes text: UTF-16LE without a BOM, `\n` as `\r\r\n` (reference §5).
fn wsl_bytes(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\r\n").encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A copy of the `wsl2-new-layout` fixture with these answers and Docker Desktop settings.
fn tree(dir: &Path, answers: &[(&str, Vec<u8>)], settings: &str) -> PathBuf {
    let tree = dir.join("t");
    crate::command_line::copy_tree(&fixture("doctor/wsl2-new-layout"), &tree);
    let canned = tree.join("root/.wsltune-windows");
    std::fs::create_dir_all(&canned).unwrap();
    for (name, bytes) in answers {
        std::fs::write(canned.join(name), bytes).unwrap();
    }
    let store = tree.join("root/mnt/c/Users/bob/AppData/Roaming/Docker/settings-store.json");
    std::fs::write(store, settings).unwrap();
    tree
}

fn doctor(dir: &Path, tree: &Path, args: &[&str], width: Option<usize>) -> (i32, String) {
    let mut cmd = wsltune(dir);
    cmd.env("WSL_DISTRO_NAME", "Ubuntu-24.04").env_remove("WSLTUNE_WIDTH").env_remove("COLUMNS");
    if let Some(w) = width {
        cmd.env("WSLTUNE_WIDTH", w.to_string());
    }
    let out = cmd
        .arg("--proc-root")
        .arg(tree.join("proc"))
        .arg("--root")
        .arg(tree.join("root"))
        .arg("doctor")
        .args(args)
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

fn json(dir: &Path, tree: &Path) -> (i32, Value) {
    let (code, out) = doctor(dir, tree, &["--json"], None);
    (code, serde_json::from_str(&out).unwrap())
}

/// Constructed in `ListDistributionsHelper`'s format: a non-ASCII WSL 1 distro name.
const LIST: &str = "  NAME              STATE           VERSION\n* Ubuntu-24.04      Running         2\n  山田-Debian       Stopped         1\n  docker-desktop    Running         2\n";

#[test]
fn utf16_answers_give_the_build_the_wsl_package_and_every_distro() {
    let dir = tempfile::tempdir().unwrap();
    let answers = [("wsl-version", wsl_bytes(WSL_9882)), ("wsl-list-verbose", wsl_bytes(LIST))];
    let t = tree(dir.path(), &answers, r#"{"AutoStart":true}"#);
    let (code, r) = json(dir.path(), &t);
    assert_eq!(code, 0, "warnings only");
    assert_eq!(r["windows"]["build"], 19045);
    assert_eq!(r["windows"]["ubr"], 2728);
    assert_eq!(r["windows"]["version"], "22H2");
    assert_eq!(r["wsl"]["version"], "1.1.6.0");
    assert_eq!(r["wsl"]["inbox"], false);
    let distros: Vec<(String, u64, String, bool)> = r["distros"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap().to_owned();
            (s("name"), d["version"].as_u64().unwrap(), s("state"), d["default"].as_bool().unwrap())
        })
        .collect();
    assert_eq!(
        distros,
        [
            ("Ubuntu-24.04".into(), 2, "Running".into(), true),
            ("山田-Debian".into(), 1, "Stopped".into(), false),
            ("docker-desktop".into(), 2, "Running".into(), false),
        ]
    );
    let old = finding(&r, "wsl-too-old");
    assert!(old["message"].as_str().unwrap().contains("1.1.6.0"), "{old}");
    let wsl1 = finding(&r, "distro-wsl1");
    assert!(wsl1["fix"].as_str().unwrap().contains("wsl --set-version 山田-Debian 2"), "{wsl1}");
    let c = codes(&r);
    for absent in ["windows-too-old", "windows-old", "default-distro-docker"] {
        assert!(!c.contains(&absent.to_owned()), "{absent} in {c:?}");
    }
}

#[test]
fn where_wsl_cannot_list_the_registry_and_ver_answer_for_an_old_windows() {
    let dir = tempfile::tempdir().unwrap();
    // microsoft/WSL#5891's build (18363.1016), the inbox wsl.exe's usage, and the Lxss key.
    let usage = "Invalid command line option: --version\nCopyright (c) Microsoft Corporation. All rights reserved.\n\nUsage: wsl.exe [Argument] [Options...] [CommandLine]\n";
    let key = r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Lxss";
    let reg = format!(
        "\r\n{key}\r\n    DefaultDistribution    REG_SZ    {{b}}\r\n    DefaultVersion    REG_DWORD    0x1\r\n\r\n{key}\\{{a}}\r\n    DistributionName    REG_SZ    Legacy\r\n    Version    REG_DWORD    0x1\r\n\r\n{key}\\{{b}}\r\n    DistributionName    REG_SZ    Ubuntu-24.04\r\n    Version    REG_DWORD    0x2\r\n"
    );
    let answers = [
        ("wsl-version", wsl_bytes(usage)),
        ("cmd-ver", b"\r\nMicrosoft Windows [Version 10.0.18363.1016]\r\n".to_vec()),
        ("reg-lxss", reg.into_bytes()),
    ];
    let t = tree(dir.path(), &answers, r#"{"AutoStart":true}"#);
    let (code, r) = json(dir.path(), &t);
    assert_eq!(code, 1, "windows-too-old is an error");
    assert_eq!(finding(&r, "windows-too-old")["severity"], "error");
    assert_eq!(r["windows"]["build"], 18363);
    assert_eq!(r["windows"]["version"], Value::Null);
    assert_eq!(r["wsl"]["inbox"], true);
    assert_eq!(r["wsl"]["default_version"], 1);
    assert!(finding(&r, "wsl-too-old")["fix"].as_str().unwrap().contains("wsl --update"));
    assert!(
        finding(&r, "default-version-wsl1")["fix"]
            .as_str()
            .unwrap()
            .contains("wsl --set-default-version 2")
    );
    assert!(finding(&r, "distro-wsl1")["message"].as_str().unwrap().contains("'Legacy'"));
    assert_eq!(r["distros"][0]["name"], "Ubuntu-24.04");
    assert_eq!(r["distros"][0]["default"], true);
    assert_eq!(r["distros"][0]["state"], Value::Null, "the registry has no running state");
}

#[test]
fn step_7_names_the_default_distro_and_dockers_own_as_default_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let settings =
        r#"{"IntegratedWslDistros":["Debian"],"EnableIntegrationWithDefaultWslDistro":true}"#;
    // This distro is the default: integration with the default reaches it, nothing to say.
    let answers = [("wsl-list-verbose", wsl_bytes(LIST))];
    let (_, r) = json(dir.path(), &tree(dir.path(), &answers, settings));
    assert!(!codes(&r).contains(&"docker-distro-not-integrated".to_owned()));
    // Docker's distro is the default (LpCodes/Moving-WSL-Distribution-to-Another-Drive#2).
    let dir = tempfile::tempdir().unwrap();
    let list = "  NAME                   STATE           VERSION\n* docker-desktop         Running         2\n  docker-desktop-data    Stopped         2\n  Ubuntu-24.04           Stopped         2\n";
    let t = tree(dir.path(), &[("wsl-list-verbose", wsl_bytes(list))], settings);
    let (_, r) = json(dir.path(), &t);
    let f = finding(&r, "docker-distro-not-integrated");
    assert_eq!(f["severity"], "warning");
    assert!(f["message"].as_str().unwrap().contains("reaches 'docker-desktop'"), "{f}");
    let d = finding(&r, "default-distro-docker");
    assert_eq!(d["severity"], "info");
    assert!(d["fix"].as_str().unwrap().contains("wsl --set-default Ubuntu-24.04"), "{d}");
}

#[test]
fn the_windows_section_lists_the_distros_and_fits_60_80_and_120_columns() {
    let dir = tempfile::tempdir().unwrap();
    let answers = [("wsl-version", wsl_bytes(WSL_9882)), ("wsl-list-verbose", wsl_bytes(LIST))];
    let t = tree(dir.path(), &answers, r#"{"AutoStart":true}"#);
    let (_, text) = doctor(dir.path(), &t, &[], None);
    assert!(text.contains("Windows       Windows 10, build 19045.2728 (22H2)\n"), "{text}");
    assert!(text.contains("WSL           1.1.6.0\n"), "{text}");
    assert!(text.contains("Distros       * Ubuntu-24.04    WSL 2  Running\n"), "{text}");
    assert!(text.contains("                山田-Debian     WSL 1  Stopped\n"), "{text}");
    for width in [60, 80, 120] {
        let (_, text) = doctor(dir.path(), &t, &[], Some(width));
        for line in text.lines() {
            assert!(display_width(line) <= width, "at {width}: {line:?}");
        }
        assert!(text.contains("山田-Debian"), "at {width}");
    }
}
