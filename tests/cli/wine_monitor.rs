//! `wsltune.exe monitor` and `export` under Wine: the VM's process found by name through
//! sysinfo (a stand-in `vmmemWSL.exe` holding 96 MiB); the VM's `/proc` from a folder given as
//! a Windows path, else, while the VM runs, from the running distro's `\\wsl.localhost` share
//! (Wine maps UNC names to `dosdevices/unc`); Docker's disk in the profile. With no VM process:
//! null VM figures, one warning, and no `wsl.exe` run at all, so no share is ever opened (a
//! stopped distro's share would start it).

use std::path::Path;
use std::process::{Child, Output};
use std::time::Duration;

use serde_json::Value;

use crate::images::{have, run};
use crate::util::fixture;
use crate::wine::{mingw, s, setup, start, wine, z};
use crate::wine_doctor::FAKE_WSL;

const MIB: u64 = 1 << 20;

/// Commits and touches 96 MiB, writes the marker file `argv[1]`, then sleeps.
const VMMEM: &str = r#"#include <windows.h>
int main(int c, char **v) {
    SIZE_T n = (SIZE_T)96 << 20;
    volatile char *p = VirtualAlloc(0, n, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!p || c < 2) return 1;
    for (SIZE_T i = 0; i < n; i += 4096) p[i] = 1;
    CloseHandle(CreateFileA(v[1], GENERIC_WRITE, 0, 0, CREATE_ALWAYS, 0, 0));
    Sleep(120000);
    return 0;
}
"#;

/// The stand-in VM process, once it holds its memory.
fn vm(prefix: &Path, dir: &Path) -> Child {
    let exe = mingw(dir, "vmmemWSL", VMMEM);
    let marker = dir.join("vm-ready");
    let mut child = wine(prefix, &[s(&exe), &z(&marker)]).spawn().unwrap();
    for _ in 0..300 {
        if marker.exists() {
            return child;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the stand-in vmmemWSL.exe did not start");
}

fn wsltune(prefix: &Path, exe: &Path, args: &[&str]) -> Output {
    let mut all = vec![s(exe), "--no-docker"];
    all.extend_from_slice(args);
    let o = wine(prefix, &all).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    o
}

fn samples(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// `Name:  N kB` of a fixture's meminfo, in bytes.
fn kb(text: &str, name: &str) -> u64 {
    let line = text.lines().find(|l| l.starts_with(&format!("{name}:"))).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

#[test]
fn monitor_samples_the_vm_process_and_never_wakes_a_stopped_vm_then_export() {
    let _one = crate::wine::one_at_a_time();
    if !have("qemu-img") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let Some(exe) = setup(dir) else { return };
    let prefix = dir.join("prefix");
    let started = start(&prefix);
    let profile = &started.profile;
    let user = profile.file_name().unwrap().to_str().unwrap().to_owned();
    let data = profile.join("AppData/Local/Docker/wsl/disk/docker_data.vhdx");
    std::fs::create_dir_all(data.parent().unwrap()).unwrap();
    run("qemu-img", &["create", "-q", "-f", "vhdx", s(&data), "64M"]);
    let data_len = std::fs::metadata(&data).unwrap().len();
    let data_win = format!(r"C:\users\{user}\AppData\Local\Docker\wsl\disk\docker_data.vhdx");
    // A wsl.exe that says Ubuntu-24.04 runs, and that distro's share: Wine maps
    // `\\wsl.localhost\Ubuntu-24.04` to `dosdevices/unc/wsl.localhost/Ubuntu-24.04`, here a
    // folder whose `proc` is the `idle` fixture.
    mingw(dir, "wsl", FAKE_WSL);
    let calls = dir.join("wsl-calls.txt");
    let distro = dir.join("distro");
    std::fs::create_dir_all(&distro).unwrap();
    std::os::unix::fs::symlink(fixture("proc/idle"), distro.join("proc")).unwrap();
    let unc = prefix.join("dosdevices/unc/wsl.localhost");
    std::fs::create_dir_all(&unc).unwrap();
    std::os::unix::fs::symlink(&distro, unc.join("Ubuntu-24.04")).unwrap();
    let db = z(&dir.join("h.db"));
    let text = |name: &str| std::fs::read_to_string(fixture(name).join("meminfo")).unwrap();
    let (loaded, idle) = (text("proc/loaded"), text("proc/idle"));
    let monitor = |proc: Option<&str>, count: &str| {
        let mut args = vec!["--db", &db];
        if let Some(p) = proc {
            args.extend(["--proc-root", p]);
        }
        args.extend(["monitor", "--format", "jsonl", "--count", count, "--interval", "1s"]);
        wsltune(&prefix, &exe, &args)
    };
    let check = |r: &Value, meminfo: &str| {
        let bytes = r["host_vm_process_bytes"].as_u64().unwrap();
        assert!((96 * MIB..160 * MIB).contains(&bytes), "the working set: {bytes}");
        assert_eq!(r["mem_total_bytes"], kb(meminfo, "MemTotal"));
        assert_eq!(r["mem_available_bytes"], kb(meminfo, "MemAvailable"));
        assert_eq!(r["cpu_count"], 2);
        assert_eq!(r["disks"][0]["path"], data_win.as_str());
        assert_eq!(r["disks"][0]["role"], "docker-data");
        assert_eq!(r["disks"][0]["file_length"], data_len);
    };

    // The VM runs: its process is sampled, its /proc read from the folder given (a Windows
    // path), and nothing is listed.
    let mut held = vm(&prefix, dir);
    let given = samples(&monitor(Some(&z(&fixture("proc/loaded"))), "2"));
    assert_eq!(given.len(), 2);
    for r in &given {
        check(r, &loaded);
        assert_eq!(r["pressure_memory_some_avg10"], 1.52);
    }
    assert!(given[1]["host_vm_process_cpu_ratio"].is_number(), "two readings give a share");
    assert!(!calls.exists(), "a folder given is read as is: nothing listed");

    // Without --proc-root: the running distro's share, listed once and read at each tick; doctor
    // reads the VM's size there too.
    let shared = samples(&monitor(None, "2"));
    assert_eq!(shared.len(), 2);
    for r in &shared {
        check(r, &idle);
    }
    assert_eq!(std::fs::read_to_string(&calls).unwrap(), "--list --running --quiet\n");
    let o = wine(&prefix, &[s(&exe), "--no-docker", "doctor", "--json"]).output().unwrap();
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["environment"]["vm"]["memory_bytes"], kb(&idle, "MemTotal"));
    let _ = held.kill();
    let _ = held.wait();
    std::fs::remove_file(&calls).unwrap();

    // The VM stopped: its figures are null, said once, and wsl.exe is never run, so the share
    // (which would start a stopped distro) is never opened.
    std::thread::sleep(Duration::from_millis(500));
    let o = monitor(None, "3");
    let stopped = samples(&o);
    assert_eq!(stopped.len(), 3);
    for r in &stopped {
        for field in ["host_vm_process_bytes", "mem_total_bytes", "mem_used_bytes", "cpu_count"] {
            assert_eq!(r[field], Value::Null, "{field}: {r}");
        }
        assert_eq!(r["disks"][0]["file_length"], data_len, "the disks are still sampled");
    }
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(stderr.matches("the WSL VM is not running").count(), 1, "{stderr}");
    assert!(!calls.exists(), "wsl.exe was run: {}", std::fs::read_to_string(&calls).unwrap());

    // The history of both runs, one row per sample and disk.
    let o = wsltune(&prefix, &exe, &["--db", &db, "export", "--format", "csv"]);
    let csv = String::from_utf8(o.stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 7, "{csv}");
    for (row, sample) in rows.iter().zip(given.iter().chain(&shared).chain(&stopped)) {
        assert_eq!(row[col("ts")], sample["ts"].as_str().unwrap());
        let host = sample["host_vm_process_bytes"].as_u64().map(|b| b.to_string());
        assert_eq!(row[col("host_vm_process_bytes")], host.as_deref().unwrap_or(""));
        let total = sample["mem_total_bytes"].as_u64().map(|b| b.to_string());
        assert_eq!(row[col("mem_total_bytes")], total.as_deref().unwrap_or(""));
        assert_eq!(row[col("disk_path")], data_win.as_str());
        assert_eq!(row[col("disk_file_length")], data_len.to_string());
    }
}
