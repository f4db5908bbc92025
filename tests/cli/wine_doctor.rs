//! `wsltune.exe doctor` under Wine, on a prefix set up as a Windows 10 machine: the build read
//! natively from the registry (winreg), the distros from the `Lxss` key Wine holds, Docker's
//! disks in the profile, and a stand-in `wsl.exe` beside the program that prints what the real
//! one prints (UTF-16LE without a BOM, `\r\n`). The same prefix left as Wine made it (Windows 7,
//! build 7601) is `windows-too-old`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::doctor::{codes, finding};
use crate::images::{Work, dumpe2fs, have, qemu_info};
use crate::wine::{mingw, regedit, s, setup, start, wine};

/// A stand-in `wsl.exe`: answers `--version`, `--list --verbose` and `--list --running
/// --quiet` as WSL 2.1.5 does (UTF-16LE without a BOM; UTF-8 when `WSL_UTF8=1`), and logs every
/// call to `wsl-calls.txt` beside itself.
pub(crate) const FAKE_WSL: &str = r#"#include <windows.h>
#include <string.h>
#include <wchar.h>
static void out(const wchar_t *s) {
    DWORD n; char utf8[4096], e[4]; HANDLE h = GetStdHandle(STD_OUTPUT_HANDLE);
    if (GetEnvironmentVariableA("WSL_UTF8", e, sizeof e) == 1 && e[0] == '1') {
        int k = WideCharToMultiByte(CP_UTF8, 0, s, -1, utf8, sizeof utf8, 0, 0);
        WriteFile(h, utf8, (DWORD)(k - 1), &n, 0);
    } else WriteFile(h, s, (DWORD)(wcslen(s) * 2), &n, 0);
}
int main(int c, char **v) {
    char log[MAX_PATH]; DWORD len = GetModuleFileNameA(0, log, MAX_PATH);
    while (len && log[len - 1] != '\\') len--;
    strcpy(log + len, "wsl-calls.txt");
    HANDLE f = CreateFileA(log, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, 0, OPEN_ALWAYS, 0, 0);
    for (int i = 1; i < c; i++) { DWORD n; WriteFile(f, v[i], (DWORD)strlen(v[i]), &n, 0); WriteFile(f, i + 1 < c ? " " : "\n", 1, &n, 0); }
    CloseHandle(f);
    if (c == 2 && !strcmp(v[1], "--version")) { out(L"WSL version: 2.1.5.0\r\nKernel version: 5.15.146.1-2\r\nWSLg version: 1.0.60\r\nMSRDC version: 1.2.5105\r\nDirect3D version: 1.611.1-81528511\r\nDXCore version: 10.0.25131.1002-220531-1700.rs-onecore-base2-hyp\r\nWindows version: 10.0.19045.3393\r\n"); return 0; }
    if (c == 3 && !strcmp(v[1], "--list") && !strcmp(v[2], "--verbose")) { out(L"  NAME              STATE           VERSION\r\n* Ubuntu-24.04      Running         2\r\n  山田-Debian       Stopped         1\r\n  docker-desktop    Running         2\r\n"); return 0; }
    if (c == 4 && !strcmp(v[1], "--list") && !strcmp(v[2], "--running") && !strcmp(v[3], "--quiet")) { out(L"Ubuntu-24.04\r\ndocker-desktop\r\n"); return 0; }
    out(L"Invalid command line option\r\n");
    return 1;
}
"#;

const UBUNTU: &str = "{0ffe2b74-f4a2-4a46-b8b5-7d07d3e8c1a1}";
const DEBIAN: &str = "{6a3c8f55-1d7e-4b0e-9f2a-3c4d5e6f7a8b}";
const DOCKER: &str = "{9b1f0e2d-3c4b-4a59-8e7f-60718293a4b5}";

/// The `.reg` text: Windows 10 22H2 (build 19045.3393) and three distros, Ubuntu the default,
/// one WSL 1, Docker's `BasePath` with the `\\?\` prefix Docker Desktop writes.
fn windows_10(user: &str) -> String {
    let nt = r"HKEY_LOCAL_MACHINE\Software\Microsoft\Windows NT\CurrentVersion";
    let lxss = r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Lxss";
    let local = format!(r"C:\\users\\{user}\\AppData\\Local");
    format!(
        "Windows Registry Editor Version 5.00\r\n\r\n[{nt}]\r\n\"CurrentBuild\"=\"19045\"\r\n\"CurrentBuildNumber\"=\"19045\"\r\n\"UBR\"=dword:00000d41\r\n\"DisplayVersion\"=\"22H2\"\r\n\"ProductName\"=\"Windows 10 Pro\"\r\n\r\n\
         [{lxss}]\r\n\"DefaultDistribution\"=\"{UBUNTU}\"\r\n\"DefaultVersion\"=dword:00000002\r\n\r\n\
         [{lxss}\\{UBUNTU}]\r\n\"DistributionName\"=\"Ubuntu-24.04\"\r\n\"BasePath\"=\"{local}\\\\wsl\\\\{UBUNTU}\"\r\n\"Version\"=dword:00000002\r\n\r\n\
         [{lxss}\\{DEBIAN}]\r\n\"DistributionName\"=\"山田-Debian\"\r\n\"BasePath\"=\"C:\\\\legacy\"\r\n\"Version\"=dword:00000001\r\n\r\n\
         [{lxss}\\{DOCKER}]\r\n\"DistributionName\"=\"docker-desktop\"\r\n\"BasePath\"=\"\\\\\\\\?\\\\{local}\\\\Docker\\\\wsl\\\\main\"\r\n\"Version\"=dword:00000002\r\n\r\n"
    )
}

fn doctor(prefix: &Path, exe: &Path, env: &[(&str, &str)]) -> (i32, Value) {
    let mut cmd = wine(prefix, &[s(exe), "--no-docker", "doctor", "--json"]);
    cmd.envs(env.iter().copied());
    let o = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&o.stderr)));
    (o.status.code().unwrap_or(-1), json)
}

/// The disks doctor found: (Windows path, role, name).
fn disks(r: &Value) -> Vec<(String, String, Value)> {
    r["disks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["role"].as_str().unwrap().into(),
                d["name"].clone(),
            )
        })
        .collect()
}

/// A 64 MiB ext4 disk with a file in it, converted to VHDX by qemu-img, copied to each of
/// `to`; the raw image, for the oracles.
fn disk(w: &Work, to: &[PathBuf]) -> PathBuf {
    let raw = w.ext4("d.raw", "64M", &[], &[("f", crate::images::noise(5 << 20, 7))]);
    let vhdx = w.vhdx(&raw, "d.vhdx", "subformat=dynamic,block_size=1M");
    for path in to {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::copy(&vhdx, path).unwrap();
    }
    raw
}

#[test]
fn doctor_on_windows_7_then_on_windows_10_with_dockers_disks_and_distros() {
    let _one = crate::wine::one_at_a_time();
    if !["qemu-img", "mkfs.ext4", "debugfs", "dumpe2fs"].iter().all(|t| have(t)) {
        return;
    }
    let w = Work::new();
    let Some(exe) = setup(&w.path("")) else { return };
    let prefix = w.path("prefix");
    let started = start(&prefix);
    let profile = &started.profile;
    let user = profile.file_name().unwrap().to_str().unwrap().to_owned();

    // As Wine made it: Windows 7 SP1, build 7601, an error (the guide needs 19041).
    let (code, r) = doctor(&prefix, &exe, &[]);
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["windows"]["build"], 7601);
    assert_eq!(r["environment"]["kind"], "windows");
    // Natively `/proc` is no folder of the VM's (under Wine, `Z:\proc` is the Linux host's).
    assert_eq!(r["environment"]["kernel"], Value::Null, "{}", r["environment"]);
    let old = finding(&r, "windows-too-old");
    assert_eq!(old["severity"], "error");
    assert!(old["message"].as_str().unwrap().contains("7601"), "{old}");

    // Windows 10 22H2, the distros registered, Docker's disks and a distro's disk in place.
    let wine_cfg = wine(&prefix, &["winecfg", "-v", "win10"]).status().unwrap();
    assert!(wine_cfg.success());
    // Wine's "Windows 10" is build 18362 (1903): still too old.
    let (_, r) = doctor(&prefix, &exe, &[]);
    assert_eq!(r["windows"]["build"], 18362);
    assert_eq!(finding(&r, "windows-too-old")["severity"], "error");
    regedit(&prefix, &w.path(""), &windows_10(&user));
    let local = profile.join("AppData/Local");
    let data = local.join("Docker/wsl/disk/docker_data.vhdx");
    let main = local.join("Docker/wsl/main/ext4.vhdx");
    let ubuntu = local.join(format!("wsl/{UBUNTU}/ext4.vhdx"));
    let raw = disk(&w, &[data.clone(), main, ubuntu]);
    let wsl = mingw(&w.path(""), "wsl", FAKE_WSL);

    let (code, r) = doctor(&prefix, &exe, &[]);
    assert_eq!(code, 0, "warnings only: {r}");
    let b = &r["windows"];
    assert_eq!(
        (&b["build"], &b["ubr"], &b["version"]),
        (&19045.into(), &3393.into(), &"22H2".into())
    );
    assert!(b["found_by"].as_str().unwrap().contains("registry"), "{b}");
    assert_eq!(r["wsl"]["version"], "2.1.5.0");
    assert_eq!(r["wsl"]["default_version"], 2);
    let calls = std::fs::read_to_string(w.path("wsl-calls.txt")).unwrap();
    assert_eq!(calls, "--version\n--list --verbose\n", "each asked once; the VM never started");
    let listed: Vec<(&str, u64, &str, bool)> = r["distros"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let t = |k: &str| d[k].as_str().unwrap();
            (t("name"), d["version"].as_u64().unwrap(), t("state"), d["default"] == true)
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("Ubuntu-24.04", 2, "Running", true),
            ("山田-Debian", 1, "Stopped", false),
            ("docker-desktop", 2, "Running", false)
        ]
    );
    // With WSL_UTF8=1 wsl.exe writes UTF-8: the same answers.
    let (_, utf8) = doctor(&prefix, &exe, &[("WSL_UTF8", "1")]);
    assert_eq!((&utf8["distros"], &utf8["wsl"]), (&r["distros"], &r["wsl"]));
    let wsl1 = finding(&r, "distro-wsl1");
    assert!(wsl1["message"].as_str().unwrap().contains("'山田-Debian'"), "{wsl1}");
    assert!(wsl1["fix"].as_str().unwrap().contains("wsl --set-version 山田-Debian 2"), "{wsl1}");
    let c = codes(&r);
    for absent in
        ["windows-too-old", "windows-old", "docker-disk-not-found", "default-version-wsl1"]
    {
        assert!(!c.contains(&absent.to_owned()), "{absent} in {c:?}");
    }
    let home = format!(r"C:\users\{user}\AppData\Local");
    assert_eq!(
        disks(&r),
        [
            (
                format!(r"{home}\Docker\wsl\disk\docker_data.vhdx"),
                "docker-data".into(),
                Value::Null
            ),
            (
                format!(r"{home}\Docker\wsl\main\ext4.vhdx"),
                "docker-distro".into(),
                "docker-desktop".into()
            ),
            (format!(r"{home}\wsl\{UBUNTU}\ext4.vhdx"), "distro".into(), "Ubuntu-24.04".into()),
        ],
        "Docker's by its layout, the distro's from the registry's BasePath"
    );

    // Without wsl.exe, the Lxss key Wine holds lists them (no state), the default first.

    // inspect on Docker's data disk by its Windows path, against qemu-img and dumpe2fs.
    let data_win = format!(r"{home}\Docker\wsl\disk\docker_data.vhdx");
    let o = wine(&prefix, &[s(&exe), "inspect", "--json", &data_win]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let i: Value = serde_json::from_slice(&o.stdout).unwrap();
    let info = qemu_info(&data);
    assert_eq!(i["virtual_size"], info["virtual-size"]);
    assert_eq!(i["block_size"], info["cluster-size"]);
    assert_eq!(i["file_length"], info["children"][0]["info"]["virtual-size"]);
    let (blocks, free, block_size) = dumpe2fs(&raw);
    let fs = &i["filesystem"];
    assert_eq!(
        (&fs["blocks_total"], &fs["blocks_free"], &fs["block_size"]),
        (&blocks.into(), &free.into(), &block_size.into())
    );
    // compact's plan on the same Windows path (wine.rs runs the compactions themselves).
    let o = wine(&prefix, &[s(&exe), "compact", &data_win]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("In place     possible"));

    std::fs::remove_file(&wsl).unwrap();
    let (_, r) = doctor(&prefix, &exe, &[]);
    assert_eq!(r["windows"]["build"], 19045);
    let listed: Vec<(&str, &Value, &Value, &Value)> = r["distros"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["name"].as_str().unwrap(), &d["version"], &d["state"], &d["default"]))
        .collect();
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert_eq!(listed[0], ("Ubuntu-24.04", &2.into(), &Value::Null, &true.into()));
    assert!(
        listed.contains(&("山田-Debian", &1.into(), &Value::Null, &false.into())),
        "{listed:?}"
    );
    assert!(finding(&r, "distro-wsl1")["message"].as_str().unwrap().contains("'山田-Debian'"));
    assert!(!codes(&r).contains(&"default-version-wsl1".to_owned()));

    // New distros made WSL 1 (`DefaultVersion` 1 on the Lxss key).
    let lxss = r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Lxss";
    let reg = format!(
        "Windows Registry Editor Version 5.00\r\n\r\n[{lxss}]\r\n\"DefaultVersion\"=dword:00000001\r\n"
    );
    regedit(&prefix, &w.path(""), &reg);
    let (_, r) = doctor(&prefix, &exe, &[]);
    assert_eq!(r["wsl"]["default_version"], 1);
    let f = finding(&r, "default-version-wsl1");
    assert!(f["fix"].as_str().unwrap().contains("wsl --set-default-version 2"), "{f}");
}

/// `.wslconfig` as Notepad saves it in Unicode: UTF-16LE with a BOM, CRLF, a Japanese comment.
const WSLCONFIG: &str = "[wsl2]\r\nmemory=8GB\r\n# 山田のメモ: Docker 用\r\nprocessors=2\r\nmemroy=6GB\r\nswap=0\r\n\r\n[experimental]\r\nautoMemoryReclaim=gradual\r\nsparseVhd=true\r\n";

fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn lint_and_apply_on_a_utf16_wslconfig_in_a_non_ascii_profile() {
    let _one = crate::wine::one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let Some(exe) = setup(dir) else { return };
    let prefix = dir.join("prefix");
    let _started = start(&prefix);
    let home = prefix.join("drive_c/users/山田");
    std::fs::create_dir_all(&home).unwrap();
    let file = home.join(".wslconfig");
    std::fs::write(&file, utf16(WSLCONFIG)).unwrap();
    let lint = || {
        let args = [s(&exe), "--windows-home", r"C:\users\山田", "lint", "--json"];
        let o = wine(&prefix, &args).output().unwrap();
        let r: Value = serde_json::from_slice(&o.stdout).unwrap();
        (o.status.code(), r)
    };

    // Found in the profile; what WSL would print (the typo) and what it would not.
    let (code, r) = lint();
    assert_eq!(code, Some(1), "{r}");
    assert_eq!(r["path"], r"C:\users\山田\.wslconfig");
    let found: Vec<(u64, &str, bool)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (f["line"].as_u64().unwrap(), f["code"].as_str().unwrap(), f["wsl_prints"] == true)
        })
        .collect();
    assert_eq!(found, [(5, "unknown-key", true), (10, "sparse-vhd", false)], "{r}");
    assert_eq!(r["effective"]["wsl2.memory"]["value"], "8GB");
    assert_eq!(r["effective"]["experimental.autoMemoryReclaim"]["value"], "Gradual");

    let args =
        [s(&exe), "--wslconfig", r"C:\users\山田\.wslconfig", "apply", "--memory", "4GB", "--yes"];
    let o = wine(&prefix, &args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains(r"Wrote C:\users\山田\.wslconfig"), "{stdout}");
    // Only the value changed: still UTF-16LE with its BOM, every other byte as it was.
    let after = std::fs::read(&file).unwrap();
    assert!(after == utf16(&WSLCONFIG.replace("memory=8GB", "memory=4GB")), "{after:?}");
    let backups: Vec<_> = std::fs::read_dir(&home)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("Z.bak"))
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(std::fs::read(&backups[0]).unwrap(), utf16(WSLCONFIG));
    let (_, r) = lint();
    assert_eq!(r["effective"]["wsl2.memory"]["value"], "4GB");
    assert_eq!(r["effective"]["wsl2.memory"]["source"], "file");
}
