//! `wsltune monitor` through the binary, on fixture `/proc` trees: what it records, how it stops,
//! and what it refuses.
//!
//! Expected figures are computed by hand from the numbers written in the fixtures (KiB × 1024).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::history::export;
use crate::util::{fixture, wsltune};

const KIB: u64 = 1024;

/// `monitor --format jsonl` on a fixture /proc: (exit code, samples, stderr).
pub(crate) fn monitor(
    home: &Path,
    proc: &str,
    db: &Path,
    extra: &[&str],
) -> (i32, Vec<Value>, String) {
    let out = monitor_command(home, proc, db, "50ms").args(extra).output().unwrap();
    let samples = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap_or(-1), samples, String::from_utf8(out.stderr).unwrap())
}

fn expect(sample: &Value, field: &str, kib: Option<u64>) {
    assert_eq!(sample[field].as_u64(), kib.map(|k| k * KIB), "{field} in {sample}");
}

#[test]
fn jsonl_values_follow_the_fixtures() {
    let home = tempfile::tempdir().unwrap();
    let cases = [
        // (fixture, used, cache, free, available, total, swap used, swap total, psi mem/cpu/io)
        (
            "idle",
            803_216,
            1_050_000,
            14_000_000,
            15_500_000,
            16_303_216,
            0,
            4_194_304,
            [0.0, 0.12, 0.0],
        ),
        (
            "loaded",
            11_103_216,
            10_600_000,
            400_000,
            5_200_000,
            16_303_216,
            0,
            4_194_304,
            [1.52, 35.1, 2.25],
        ),
        (
            "swapping",
            7_690_724,
            480_000,
            120_000,
            350_000,
            8_040_724,
            1_048_576,
            2_097_152,
            [12.4, 3.0, 20.5],
        ),
    ];
    for (name, used, cache, free, available, total, swap_used, swap_total, psi) in cases {
        let db = home.path().join(format!("{name}.db"));
        let (code, samples, stderr) = monitor(home.path(), name, &db, &["--count", "3"]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(samples.len(), 3);
        for s in &samples {
            expect(s, "mem_used_bytes", Some(used));
            expect(s, "mem_cache_bytes", Some(cache));
            expect(s, "mem_free_bytes", Some(free));
            expect(s, "mem_available_bytes", Some(available));
            expect(s, "mem_total_bytes", Some(total));
            expect(s, "swap_used_bytes", Some(swap_used));
            expect(s, "swap_total_bytes", Some(swap_total));
            assert_eq!(s["pressure_memory_some_avg10"].as_f64(), Some(psi[0]));
            assert_eq!(s["pressure_cpu_some_avg10"].as_f64(), Some(psi[1]));
            assert_eq!(s["pressure_io_some_avg10"].as_f64(), Some(psi[2]));
            assert_eq!(s["host_vm_process_bytes"], Value::Null, "not visible off Windows");
            assert!(s["ts"].as_str().unwrap().ends_with('Z'));
        }
        assert_eq!(samples[0]["cpu_busy_ratio"], Value::Null, "no ratio on the first sample");
        assert_eq!(
            samples[1]["cpu_busy_ratio"],
            Value::Null,
            "a /proc/stat that does not move gives no ratio"
        );
        assert!(stderr.is_empty(), "{stderr}");
    }
}

#[test]
fn missing_and_truncated_files_leave_gaps_with_one_warning_each() {
    let home = tempfile::tempdir().unwrap();
    let (code, samples, stderr) =
        monitor(home.path(), "no-pressure", &home.path().join("a.db"), &["--count", "3"]);
    assert_eq!(code, 0);
    for s in &samples {
        assert_eq!(s["pressure_memory_some_avg10"], Value::Null);
        expect(s, "mem_used_bytes", Some(803_216));
    }
    for file in ["pressure/memory", "pressure/cpu", "pressure/io"] {
        assert_eq!(
            stderr.matches(&format!("{file} cannot be read")).count(),
            1,
            "{file}: {stderr}"
        );
    }
    let (code, samples, _) =
        monitor(home.path(), "truncated", &home.path().join("b.db"), &["--count", "2"]);
    assert_eq!(code, 0);
    let s = &samples[1];
    expect(s, "mem_total_bytes", Some(16_303_216));
    expect(s, "mem_free_bytes", Some(14_000_000));
    for gap in [
        "mem_available_bytes",
        "mem_used_bytes",
        "mem_cache_bytes",
        "swap_total_bytes",
        "swap_used_bytes",
    ] {
        assert_eq!(s[gap], Value::Null, "{gap}");
    }
}

/// /proc/stat advancing between ticks (the sampler, driven directly).
#[test]
fn cpu_busy_ratio_follows_proc_stat() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("proc/idle/meminfo"), dir.path().join("meminfo")).unwrap();
    let stat = dir.path().join("stat");
    let mut sampler = wsltune::sample::procfs::ProcSampler::new(dir.path().to_path_buf());
    let mut ratios = Vec::new();
    // user nice system idle iowait irq softirq steal: each step adds 1000 ticks.
    for (user, idle, iowait) in
        [(1000, 9000, 0), (1750, 9200, 50), (1750, 10200, 50), (2750, 10200, 50)]
    {
        std::fs::write(
            &stat,
            format!("cpu  {user} 0 0 {idle} {iowait} 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n"),
        )
        .unwrap();
        let mut s = wsltune::sample::Sample::default();
        sampler.sample(&mut s, std::time::Instant::now());
        ratios.push(s.cpu_busy_ratio);
    }
    // 750 busy of 1000; 0 of 1000; 1000 of 1000.
    assert_eq!(ratios, [None, Some(0.75), Some(0.0), Some(1.0)]);
}

#[test]
fn a_second_monitor_on_the_same_history_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("h.db");
    let mut first = spawn_monitor(home.path(), "idle", &db, "50ms");
    let mut lines = BufReader::new(first.stdout.take().unwrap()).lines();
    lines.next().unwrap().unwrap();
    let (code, _, stderr) = monitor(home.path(), "idle", &db, &["--count", "1"]);
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(&format!(
            "error: another wsltune monitor is already recording into '{}' (pid {}",
            db.display(),
            first.id()
        )),
        "{stderr}"
    );
    // Once the first is gone, the lock is free.
    assert_eq!(monitor(home.path(), "idle", &db, &["--count", "1"]).0, 0);
}

#[test]
fn a_file_that_is_not_a_history_is_refused_and_untouched() {
    let home = tempfile::tempdir().unwrap();
    let junk = home.path().join("junk.db");
    std::fs::write(&junk, vec![0x42u8; 5000]).unwrap();
    let (code, _, stderr) = monitor(home.path(), "idle", &junk, &["--count", "1"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("is not a wsltune history") && stderr.contains("left it untouched"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&junk).unwrap(), vec![0x42u8; 5000]);
    let foreign = home.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let before = std::fs::read(&foreign).unwrap();
    let (code, _, stderr) = monitor(home.path(), "idle", &foreign, &["--count", "1"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("another program"), "{stderr}");
    assert_eq!(std::fs::read(&foreign).unwrap(), before);
    let out = wsltune(home.path())
        .arg("--db")
        .arg(home.path().join("none.db"))
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no history at"));
}

/// SIGKILL in the middle of a run: the file passes an integrity check and holds every sample up
/// to the last flush (one every 100 samples), exactly as printed.
#[test]
fn a_kill_loses_at_most_the_unflushed_samples() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("h.db");
    let mut child = spawn_monitor(home.path(), "loaded", &db, "10ms");
    let mut printed = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while printed.len() < 250 {
        printed.push(serde_json::from_str::<Value>(&lines.next().unwrap().unwrap()).unwrap());
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let store = wsltune::store::Store::open_existing(&db, false).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let stored: Vec<Value> = export(home.path(), &db, "jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(stored.len() >= 200, "two flushes of 100 happened before sample 250: {}", stored.len());
    assert_eq!(
        stored[..],
        printed[..stored.len()],
        "the stored samples are the first printed ones, unchanged"
    );
}

/// Ctrl-C (SIGINT) and SIGTERM stop a run at once, even in the middle of an hour-long wait:
/// the samples taken are flushed and the exit status is 0. Both loops: the runtime-free one, and
/// the one beside the `/metrics` server (`--listen`).
#[cfg(unix)]
#[test]
fn ctrl_c_and_sigterm_flush_and_exit_zero() {
    for (signal, extra) in
        [("INT", &[][..]), ("TERM", &[][..]), ("INT", &["--listen", "127.0.0.1:0"][..])]
    {
        let home = tempfile::tempdir().unwrap();
        let db = home.path().join("h.db");
        let mut child = monitor_command(home.path(), "idle", &db, "1h")
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
        let sent = std::time::Instant::now();
        let kill = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if sent.elapsed() > std::time::Duration::from_secs(30) {
                child.kill().unwrap();
                panic!("SIG{signal} {extra:?} did not end the hour's wait");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert_eq!(status.code(), Some(0), "SIG{signal} {extra:?}: {stderr}");
        assert!(lines.next().is_none(), "no sample after the signal");
        let stored: Vec<Value> = export(home.path(), &db, "jsonl")
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(stored, [first], "SIG{signal} {extra:?}: the one sample taken is stored");
    }
}

/// Starts `monitor --format jsonl` in the background on a fixture /proc, its output piped.
fn spawn_monitor(home: &Path, proc: &str, db: &Path, interval: &str) -> std::process::Child {
    monitor_command(home, proc, db, interval).stdout(Stdio::piped()).spawn().unwrap()
}

/// `monitor --format jsonl` on a fixture /proc, with no disks found (plain-Linux root).
fn monitor_command(home: &Path, proc: &str, db: &Path, interval: &str) -> Command {
    let mut cmd = wsltune_std(home);
    cmd.arg("--proc-root")
        .arg(fixture(&format!("proc/{proc}")))
        .arg("--root")
        .arg(fixture("doctor/linux/root"))
        .arg("--db")
        .arg(db)
        .args(["monitor", "--format", "jsonl", "--interval", interval]);
    cmd
}

/// A `std::process::Command` for the binary with the clean environment of `util::wsltune`.
pub fn wsltune_std(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wsltune"));
    for var in [
        "WSL_DISTRO_NAME",
        "WSL_INTEROP",
        "USERPROFILE",
        "WSLTUNE_DB",
        "WSLTUNE_PROC_ROOT",
        "WSLTUNE_ROOT",
        "WSLTUNE_WINDOWS_HOME",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home).env("XDG_DATA_HOME", home.join(".local/share"));
    // English whatever the machine's locale or Windows' language, as `util::wsltune`; a test
    // in Japanese says so with `--lang ja`, which wins.
    cmd.env("WSLTUNE_LANG", "en");
    cmd
}

/// A full disk: monitor says so once, naming the history, keeps the samples in memory, and
/// writes them all when space comes back. Needs a small tmpfs (root); skipped where mounting is
/// not allowed.
#[test]
fn a_full_disk_keeps_samples_until_space_returns() {
    let home = tempfile::tempdir().unwrap();
    let mnt = home.path().join("tiny");
    std::fs::create_dir(&mnt).unwrap();
    let mounted =
        Command::new("mount").args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"]).arg(&mnt).status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mnt.clone());
    let db = mnt.join("h.db");
    // Fill most of the space, leaving room for the schema and the first flushes.
    let filler = mnt.join("filler");
    std::fs::write(&filler, vec![7u8; (4 << 20) - 160 * 1024]).unwrap();
    let mut child = wsltune_std(home.path())
        .arg("--proc-root")
        .arg(fixture("proc/loaded"))
        .arg("--root")
        .arg(fixture("doctor/linux/root"))
        .arg("--db")
        .arg(&db)
        .args(["monitor", "--format", "jsonl", "--interval", "10ms", "--count", "1500"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let printed = std::thread::spawn(move || BufReader::new(stdout).lines().count());
    let mut stderr_lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut stderr = String::new();
    let mut freed = false;
    for line in stderr_lines.by_ref() {
        let line = line.unwrap();
        stderr.push_str(&line);
        stderr.push('\n');
        if line.starts_with("error: cannot write the history") && !freed {
            std::fs::remove_file(&filler).unwrap();
            freed = true;
        }
    }
    let status = child.wait().unwrap();
    let printed = printed.join().unwrap();
    assert!(freed, "the disk never filled: {stderr}");
    assert_eq!(stderr.matches("error: cannot write the history").count(), 1, "said once: {stderr}");
    assert!(stderr.contains(&db.display().to_string()), "names the file: {stderr}");
    assert!(stderr.contains("the history is written again"), "{stderr}");
    assert_eq!(status.code(), Some(0), "everything was written in the end");
    assert_eq!(printed, 1500);
    let store = wsltune::store::Store::open_existing(&db, false).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(store.count().unwrap(), 1500, "every sample written once space came back");
}
