//! The history is never lost or misread (issue 17; each test failed before its fix): a history
//! that is only readable, each kind of unusable file with one line of its own, the WAL left
//! beside the file, retention that rolled a history up without asking, one sample from the
//! future hiding the rest, and `--since` meaning two things.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use wsltune::sample::Sample;
use wsltune::store::{Session, Store};

use crate::monitor::wsltune_std;
use crate::util::fixture;

const HOUR_MS: i64 = 3_600_000;

pub(crate) fn now_ms() -> i64 {
    wsltune::units::now_ms()
}

/// A history of `n` samples, one an hour, the newest at `newest_ms`.
pub(crate) fn history(path: &Path, n: i64, newest_ms: i64) {
    let mut store = Store::open_writer(path).unwrap();
    let mut session = Session::new("test");
    let samples: Vec<Sample> = (0..n)
        .map(|i| Sample {
            ts_ms: newest_ms - (n - 1 - i) * HOUR_MS,
            mem_total_bytes: Some(8 << 30),
            mem_used_bytes: Some((2 << 30) + (i as u64 % 7) * (64 << 20)),
            mem_available_bytes: Some(5 << 30),
            cpu_busy_ratio: Some(0.25),
            ..Sample::default()
        })
        .collect();
    store.append(&mut session, &samples).unwrap();
}

/// The binary, run as an unprivileged user when the tests run as root (file modes do not stop
/// root), with `args` and stdin closed.
fn unprivileged(home: &Path, args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_wsltune");
    #[allow(unsafe_code)]
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid", "65534", "--regid", "65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    cmd.env("HOME", home).env_remove("WSLTUNE_DB").env_remove("WSL_INTEROP");
    cmd.args(args).stdin(Stdio::null()).output().unwrap()
}

pub(crate) fn run(home: &Path, args: &[&str]) -> Output {
    wsltune_std(home).args(args).stdin(Stdio::null()).output().unwrap()
}

/// `monitor` on the idle fixture `/proc`, recording into `db`, with `args`.
pub(crate) fn monitor_idle(home: &Path, db: &Path, args: &[&str]) -> Output {
    let proc = fixture("proc/idle");
    let mut all =
        vec!["--db", db.to_str().unwrap(), "--proc-root", proc.to_str().unwrap(), "monitor"];
    all.extend(args);
    run(home, &all)
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn csv_rows(out: &Output) -> usize {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).lines().count() - 1
}

/// A world-traversable temporary folder (the unprivileged user must reach the files).
fn open_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    dir
}

/// A history this user can only read — a 444 file, a folder it cannot write, a backup on a
/// read-only share — is read as it is by every command that only reads, and never called "not
/// a wsltune history".
#[test]
fn a_history_that_is_only_readable_is_read() {
    let dir = open_tempdir();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    chmod(&out, 0o777);
    let newest = now_ms();
    // A read-only file in a folder the user may write; a history in a read-only folder.
    let writable = dir.path().join("writable");
    std::fs::create_dir(&writable).unwrap();
    chmod(&writable, 0o777);
    let file_444 = writable.join("h.db");
    history(&file_444, 30, newest);
    chmod(&file_444, 0o444);
    // Read-only folders: one holding the files a writer leaves (the history, an empty WAL,
    // its -shm and lock), all read-only — SQLite reads with the -shm as it is; one holding a
    // copy of the history alone — no -shm can be made: read as immutable.
    let as_left = dir.path().join("as-left");
    std::fs::create_dir(&as_left).unwrap();
    let in_as_left = as_left.join("h.db");
    history(&in_as_left, 30, newest);
    let copied = dir.path().join("copied");
    std::fs::create_dir(&copied).unwrap();
    let in_copied = copied.join("h.db");
    std::fs::copy(&in_as_left, &in_copied).unwrap();
    let mut sealed = Vec::new();
    for folder in [&as_left, &copied] {
        for f in std::fs::read_dir(folder).unwrap() {
            chmod(&f.unwrap().path(), 0o444);
        }
        chmod(folder, 0o555);
        sealed.push((folder.clone(), std::fs::read_dir(folder).unwrap().count()));
    }
    assert_eq!(sealed[1].1, 1, "the copy is alone");
    for db in [&file_444, &in_as_left, &in_copied] {
        let db_arg = db.to_str().unwrap();
        let before = std::fs::read(db).unwrap();
        let o = unprivileged(dir.path(), &["--db", db_arg, "recommend", "--json"]);
        assert!(o.status.success(), "{db_arg}: {}", text(&o.stderr));
        let json: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(json["window"]["samples"], 30, "{db_arg}");
        let o = unprivileged(dir.path(), &["--db", db_arg, "export", "--format", "csv"]);
        assert_eq!(csv_rows(&o), 30, "{db_arg}");
        let report = out.join(db.parent().unwrap().file_name().unwrap());
        // (each report in a folder of its own)
        let o = unprivileged(
            dir.path(),
            &["--db", db_arg, "report", "--out", report.to_str().unwrap()],
        );
        assert!(o.status.success(), "{db_arg}: {}", text(&o.stderr));
        assert_eq!(std::fs::read(db).unwrap(), before, "{db_arg} changed");
        // And a command that records says what is wrong, and that readers can still read it.
        let o = unprivileged(
            dir.path(),
            &["--db", db_arg, "--proc-root", "/proc", "monitor", "--count", "1"],
        );
        assert_eq!(o.status.code(), Some(1));
        let err = text(&o.stderr);
        assert!(err.contains("cannot record into") && err.contains("can still read it"), "{err}");
        assert!(!err.contains("not a wsltune history") && !err.contains("move it"), "{err}");
    }
    for (folder, files) in sealed {
        assert_eq!(
            std::fs::read_dir(&folder).unwrap().count(),
            files,
            "{folder:?}: files appeared"
        );
    }

    // A WAL with samples beside a history in a read-only folder: the samples are in it, and
    // SQLite cannot read it without a -shm file; say so, and what to do.
    let crashed = dir.path().join("crashed");
    std::fs::create_dir(&crashed).unwrap();
    let db = crashed.join("h.db");
    {
        let mut store = Store::open_writer(&db).unwrap();
        let mut session = Session::new("test");
        store.append(&mut session, &[Sample { ts_ms: newest, ..Sample::default() }]).unwrap();
        // A writer that never closed (killed): its WAL stays.
        std::mem::forget(store);
    }
    std::fs::remove_file(crashed.join("h.db-shm")).unwrap();
    assert!(std::fs::metadata(crashed.join("h.db-wal")).unwrap().len() > 0);
    chmod(&crashed, 0o555);
    let o = unprivileged(dir.path(), &["--db", db.to_str().unwrap(), "export", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("its newest changes are in")
            && err.contains("h.db-wal")
            && err.contains("Copy the history"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    // A history this user cannot read at all.
    let secret = dir.path().join("secret.db");
    history(&secret, 3, newest);
    chmod(&secret, 0o000);
    let o = unprivileged(dir.path(), &["--db", secret.to_str().unwrap(), "recommend"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.starts_with("error: cannot read") && err.contains("Permission denied"), "{err}");
    assert!(!err.contains("move it") && !err.contains("not a wsltune history"), "{err}");
}

/// Each kind of file that is not a usable history gets one line of its own: no cause repeated,
/// no advice to move away a file that may hold samples, the file untouched, no lock left.
#[test]
fn each_unusable_history_gets_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = d.join("good.db");
    history(&good, 5, now_ms());
    let mut damaged = std::fs::read(&good).unwrap();
    for b in damaged.iter_mut().skip(100).take(8000) {
        *b = 0x5a;
    }
    std::fs::write(d.join("damaged.db"), &damaged).unwrap();
    std::fs::write(d.join("zero.db"), b"").unwrap();
    std::fs::write(d.join("notes.db"), b"memory=8GB\nthese are my notes\n").unwrap();
    std::fs::write(d.join("random.db"), [0x42u8, 0x00, 0xff, 0x13].repeat(1000)).unwrap();
    std::fs::create_dir(d.join("folder.db")).unwrap();
    let cases = [
        ("damaged.db", "is a damaged SQLite database"),
        ("zero.db", "holds no history yet (it is empty)"),
        ("notes.db", "is not a wsltune history (a text file, not an SQLite database)"),
        ("random.db", "is not a wsltune history (not an SQLite database)"),
        ("folder.db", "is a folder, not a history file"),
    ];
    for (name, message) in cases {
        let path = d.join(name);
        let before = std::fs::read(&path).ok();
        let db = path.to_str().unwrap();
        let mut commands: Vec<Vec<&str>> = vec![
            vec!["recommend"],
            vec!["export", "--format", "csv"],
            vec!["report", "--out", d.to_str().unwrap()],
        ];
        if name != "zero.db" {
            // Recording into an empty file is fine: it becomes a history.
            commands.push(vec!["--proc-root", "/proc", "monitor", "--count", "1"]);
        }
        for args in commands {
            let mut all = vec!["--db", db];
            all.extend(&args);
            let o = run(d, &all);
            let err = text(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{name} {args:?}: {err}");
            assert!(err.starts_with("error: ") && err.contains(message), "{name} {args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{name} {args:?}: one line: {err}");
            assert!(!err.contains("move it"), "{name} {args:?}: {err}");
            let cause = err.split(": ").collect::<Vec<_>>();
            let mut repeated = cause.clone();
            repeated.dedup();
            assert_eq!(cause, repeated, "{name} {args:?}: a cause repeated: {err}");
            assert_eq!(std::fs::read(&path).ok(), before, "{name} {args:?} changed it");
            assert!(!d.join(format!("{name}.lock")).exists(), "{name} {args:?}: a lock left");
        }
    }
}

/// After `monitor` exits, the history file alone holds every sample: a user who copies it (a
/// backup, another machine) has them all.
#[test]
fn after_monitor_the_file_alone_holds_every_sample() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let o = monitor_idle(dir.path(), &db, &["--count", "3", "--interval", "20ms"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(&db, copy.join("h.db")).unwrap();
    let o = run(
        dir.path(),
        &["--db", copy.join("h.db").to_str().unwrap(), "export", "--format", "csv"],
    );
    assert_eq!(csv_rows(&o), 3);
}

/// Retention below its minimum is refused, naming it; shortening it on an existing history
/// says how many samples it would roll up and needs --yes; the same retention again does not
/// ask.
#[test]
fn retention_is_never_shortened_silently() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let proc = fixture("proc/idle");
    let monitor = |extra: &[&str]| {
        let mut args =
            vec!["--db", db.to_str().unwrap(), "--proc-root", proc.to_str().unwrap(), "monitor"];
        args.extend(["--format", "lines"]);
        if !extra.contains(&"--duration") {
            args.extend(["--count", "1"]);
        }
        args.extend(extra);
        if !extra.contains(&"--interval") {
            args.extend(["--interval", "20ms"]);
        }
        run(dir.path(), &args)
    };
    for (flag, value, minimum) in [
        ("--keep-raw", "0s", "at least 1d"),
        ("--keep-raw", "12h", "at least 1d"),
        ("--keep-rollups", "1d", "at least 7d"),
        ("--interval", "0s", "at least 10ms"),
        ("--duration", "0s", "at least 1s"),
        ("--inspect-every", "0s", "at least 1s"),
        ("--keep-rollups", "7d", "shorter than --keep-raw 30d"),
    ] {
        let o = monitor(&[flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}: a usage error");
        assert!(text(&o.stderr).contains(minimum), "{flag} {value}: {}", text(&o.stderr));
        assert!(!db.exists(), "{flag} {value}: a history was made");
    }
    // 100 samples, one an hour, the newest two days and half an hour ago: none is within a
    // minute of the 3-day cutoff, whenever the test runs.
    history(&db, 100, now_ms() - 48 * HOUR_MS - HOUR_MS / 2);
    let count =
        || csv_rows(&run(dir.path(), &["--db", db.to_str().unwrap(), "export", "--format", "csv"]));
    assert_eq!(count(), 100);
    let o = monitor(&["--keep-raw", "3d"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // The 24 samples under 3 days old stay raw; the 76 older ones would be rolled up.
    assert!(
        err.contains(
            "roll 76 raw samples older than 3d into one-minute rollups (--keep-raw was 30d)"
        ),
        "{err}"
    );
    assert!(err.contains("--yes") && err.contains("nothing was changed"), "{err}");
    assert_eq!(count(), 100, "refused, yet changed");
    let o = monitor(&["--keep-raw", "3d", "--yes"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(count(), 24 + 1, "24 raw samples left, and the new one");
    // The history now keeps 3d: running with it again does not ask.
    let o = monitor(&["--keep-raw", "3d"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // Lengthening never asks.
    let o = monitor(&[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
}

/// One sample dated far in the future (a wrong clock, a bad file) does not hide the history:
/// every window counts back from the newest sample that is not, and a note says what was left
/// out.
#[test]
fn a_sample_from_the_future_hides_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    history(&db, 48, now_ms());
    {
        let mut store = Store::open_writer(&db).unwrap();
        let mut session = Session::new("bad clock");
        let year_9999 = wsltune::units::parse_rfc3339("9999-01-01T00:00:00Z").unwrap();
        store.append(&mut session, &[Sample { ts_ms: year_9999, ..Sample::default() }]).unwrap();
    }
    let o = run(dir.path(), &["--db", db.to_str().unwrap(), "recommend", "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["window"]["samples"], 48, "{json}");
    let notes = json["notes"].to_string();
    assert!(notes.contains("1 sample dated more than a day after this machine's clock"), "{notes}");
    let o = run(
        dir.path(),
        &["--db", db.to_str().unwrap(), "export", "--format", "csv", "--since", "1d"],
    );
    assert_eq!(csv_rows(&o), 25, "the last day: 25 hourly samples");
}

/// Import refuses a row dated more than a day past the clock, naming its line, and stores
/// nothing.
#[test]
fn import_refuses_a_row_from_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    history(&db, 3, now_ms());
    let o = run(dir.path(), &["--db", db.to_str().unwrap(), "export", "--format", "jsonl"]);
    let mut lines: Vec<String> = text(&o.stdout).lines().map(str::to_owned).collect();
    let fresh = dir.path().join("fresh.db");
    for (format, file) in [("jsonl", "h.jsonl"), ("csv", "h.csv")] {
        let path = dir.path().join(file);
        if format == "jsonl" {
            let tomorrow = wsltune::units::format_rfc3339(now_ms() + 20 * HOUR_MS);
            lines[1] = lines[1].replacen(&lines[1][7..31], &tomorrow, 1);
            lines[2] = lines[2].replacen(&lines[2][7..31], "9999-01-01T00:00:00.000Z", 1);
            std::fs::write(&path, lines.join("\n")).unwrap();
        } else {
            let o = run(dir.path(), &["--db", db.to_str().unwrap(), "export", "--format", "csv"]);
            let csv = text(&o.stdout);
            let last = csv.lines().last().unwrap();
            std::fs::write(&path, csv.replace(&last[..24], "9999-01-01T00:00:00.000Z")).unwrap();
        }
        let o = run(
            dir.path(),
            &[
                "--db",
                fresh.to_str().unwrap(),
                "import",
                "--format",
                format,
                path.to_str().unwrap(),
            ],
        );
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{format}: {err}");
        // The row of 9999: the third object, or the CSV's fourth line (after the header); the
        // row 20 hours ahead is accepted.
        let line = if format == "jsonl" { ", line 3: " } else { ", line 4: " };
        assert!(err.contains(line), "{format}: {err}");
        assert!(
            err.contains("'9999-01-01T00:00:00.000Z' is more than a day after"),
            "{format}: {err}"
        );
        assert!(err.contains("nothing was imported"), "{err}");
    }
    assert!(!fresh.exists(), "a history was made");
}

/// `--since` counts back from the newest sample in every command, so an old or imported history
/// still shows its last days; an empty window says why and what would select data.
#[test]
fn since_counts_back_from_the_newest_sample_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    // Imported from another machine: it ended 40 days ago.
    history(&db, 72, now_ms() - 40 * 24 * HOUR_MS);
    let db = db.to_str().unwrap();
    let o = run(dir.path(), &["--db", db, "export", "--format", "csv", "--since", "1d"]);
    assert_eq!(csv_rows(&o), 25);
    let o = run(dir.path(), &["--db", db, "recommend", "--json", "--since", "1d"]);
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["window"]["samples"], 25);
    // Dates as people type them select whole days; an empty window says what the history holds.
    let o = run(
        dir.path(),
        &["--db", db, "export", "--format", "csv", "--from", "2020-01-01", "--to", "2020-01-01"],
    );
    assert_eq!(csv_rows(&o), 0);
    let err = text(&o.stderr);
    assert!(
        err.contains("no samples from 2020-01-01T00:00:00.000Z to 2020-01-01T23:59:59.999Z")
            && err.contains("the history holds samples from"),
        "{err}"
    );
    let o = run(
        dir.path(),
        &["--db", db, "report", "--to", "2020-01-02", "--out", dir.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("the history holds samples from"), "{}", text(&o.stderr));
    // --from after the newest sample, without --to: an empty window, not an inverted one.
    let today = &wsltune::units::format_rfc3339(now_ms())[..10];
    let o = run(dir.path(), &["--db", db, "export", "--format", "csv", "--from", today]);
    assert_eq!(csv_rows(&o), 0);
    assert!(text(&o.stderr).contains("the history holds samples from"), "{}", text(&o.stderr));
    // A duration too large is too long, not malformed; a bad date names what would do.
    let o = run(
        dir.path(),
        &["--db", db, "export", "--format", "csv", "--since", "99999999999999999999d"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("is too long"), "{}", text(&o.stderr));
    let o = run(dir.path(), &["--db", db, "export", "--format", "csv", "--from", "2026-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("write a date (2026-11-25)"), "{}", text(&o.stderr));
}
