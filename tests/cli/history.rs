//! The history through the binary: `export` and `import` (a round trip changes nothing, a bad
//! row names its line and stores nothing) and retention rolling old samples into minutes.

use std::path::{Path, PathBuf};

use crate::monitor::monitor;
use crate::util::wsltune;

pub(crate) fn export(home: &Path, db: &Path, format: &str) -> String {
    let out =
        wsltune(home).arg("--db").arg(db).args(["export", "--format", format]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn import(home: &Path, db: &Path, format: &str, file: &Path) -> (i32, String) {
    let out = wsltune(home)
        .arg("--db")
        .arg(db)
        .args(["import", "--format", format])
        .arg(file)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stderr).unwrap())
}

/// A history with two sessions, a disk whose file grows, and one that disappears.
fn recorded(home: &Path) -> PathBuf {
    let db = home.join("h.db");
    let disk = home.join("disk.vhdx");
    let gone = home.join("gone.vhdx");
    std::fs::write(&disk, vec![1u8; 4096]).unwrap();
    std::fs::write(&gone, vec![2u8; 100]).unwrap();
    let (disk_arg, gone_arg) = (disk.to_str().unwrap(), gone.to_str().unwrap());
    assert_eq!(
        monitor(home, "loaded", &db, &["--count", "4", "--vhdx", disk_arg, "--vhdx", gone_arg]).0,
        0
    );
    std::fs::write(&disk, vec![1u8; 9000]).unwrap();
    assert_eq!(monitor(home, "swapping", &db, &["--count", "4", "--vhdx", disk_arg]).0, 0);
    db
}

#[test]
fn export_import_export_is_identical() {
    let home = tempfile::tempdir().unwrap();
    let db = recorded(home.path());
    for format in ["csv", "jsonl"] {
        let first = export(home.path(), &db, format);
        assert_eq!(first.lines().filter(|l| l.contains("disk.vhdx")).count(), 8, "{first}");
        let file = home.path().join(format!("h.{format}"));
        std::fs::write(&file, &first).unwrap();
        let copy = home.path().join(format!("copy-{format}.db"));
        let (code, stderr) = import(home.path(), &copy, format, &file);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains("imported 8 new samples"), "{stderr}");
        assert_eq!(
            export(home.path(), &copy, format),
            first,
            "{format}: the round trip changed the history"
        );
        // Importing again adds nothing, and so changes nothing: no backup either.
        let files = || {
            let mut names: Vec<String> = std::fs::read_dir(home.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                // SQLite's own companions come and go with connections.
                .filter(|n| !n.ends_with("-shm") && !n.ends_with("-wal"))
                .collect();
            names.sort();
            names
        };
        let before = files();
        let (code, stderr) = import(home.path(), &copy, format, &file);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains("nothing to import: all 8 samples")
                && stderr.contains("the history was not changed"),
            "{stderr}"
        );
        assert_eq!(files(), before, "a backup or another file appeared");
    }
    // The CSV: long format, the contract's header first.
    let csv = export(home.path(), &db, "csv");
    assert!(csv.starts_with("ts,mem_total_bytes,mem_used_bytes,mem_cache_bytes,mem_free_bytes,mem_available_bytes,swap_total_bytes,swap_used_bytes,cpu_busy_ratio,host_vm_process_bytes,disk_path,disk_role,disk_file_length,disk_size_on_disk,disk_allocated_bytes,disk_fs_used_bytes,disk_reclaimable_bytes"));
    assert_eq!(
        csv.lines().count(),
        1 + 4 * 2 + 4,
        "two disks in the first session, one in the second"
    );
    assert!(csv.lines().any(|l| l.contains("disk.vhdx,other,9000,")), "the grown disk");
    // A CSV import gives the same JSON lines as the original.
    let file = home.path().join("x.csv");
    std::fs::write(&file, &csv).unwrap();
    let other = home.path().join("other.db");
    assert_eq!(import(home.path(), &other, "csv", &file).0, 0);
    assert_eq!(export(home.path(), &other, "jsonl"), export(home.path(), &db, "jsonl"));
}

#[test]
fn a_bad_row_names_its_line_and_imports_nothing() {
    let home = tempfile::tempdir().unwrap();
    let db = recorded(home.path());
    let csv = export(home.path(), &db, "csv");
    let target = home.path().join("target.db");
    let good = home.path().join("good.csv");
    std::fs::write(&good, &csv).unwrap();
    assert_eq!(import(home.path(), &target, "csv", &good).0, 0);
    let before = export(home.path(), &target, "csv");
    type Corrupt = fn(&str) -> String;
    let cases: [(usize, Corrupt, &str, &str); 3] = [
        (
            3,
            |l| set_field(l, 2, "12x"),
            "line 3: mem_used_bytes '12x' is not a whole number",
            "csv",
        ),
        (5, |l| l.replace(",other,", ",cache,"), "line 5: disk_role 'cache' is not one of", "csv"),
        (
            2,
            |l| set_field(l, 0, "2026-13-01T00:00:00Z"),
            "line 2: ts: '2026-13-01T00:00:00Z' is not an RFC 3339 time",
            "csv",
        ),
    ];
    for (line, corrupt, message, format) in cases {
        let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
        lines[line - 1] = corrupt(&lines[line - 1]);
        let bad = home.path().join("bad.csv");
        std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
        let (code, stderr) = import(home.path(), &target, format, &bad);
        assert_eq!(code, 1);
        assert!(stderr.contains(message) && stderr.contains("nothing was imported"), "{stderr}");
        assert_eq!(export(home.path(), &target, "csv"), before, "nothing stored");
    }
    let jsonl = home.path().join("bad.jsonl");
    std::fs::write(&jsonl, "{\"ts\":\"2026-01-01T00:00:00Z\"}\n{\"ts\":\"2026-01-01T00:00:01Z\",\"cpu_busy_ratio\":7}\n").unwrap();
    let (code, stderr) = import(home.path(), &target, "jsonl", &jsonl);
    assert_eq!(code, 1);
    assert!(stderr.contains("line 2: cpu_busy_ratio 7 is not a number from 0 to 1"), "{stderr}");
    assert_eq!(export(home.path(), &target, "csv"), before);
}

/// A file given with the other format's flag is named for what it is, before any row is read.
#[test]
fn a_file_in_the_other_format_says_which_flag_to_use() {
    let home = tempfile::tempdir().unwrap();
    let db = recorded(home.path());
    let target = home.path().join("target.db");
    for (written, given, says) in [
        (
            "csv",
            "jsonl",
            "line 2: it looks like CSV, not JSON lines (a CSV header starting 'ts,'): import it with --format csv; nothing was imported",
        ),
        (
            "jsonl",
            "csv",
            "line 2: it looks like JSON lines, not CSV (a JSON object where the header should be): import it with --format jsonl; nothing was imported",
        ),
    ] {
        // An empty line first: the first line that holds something is the one looked at, and
        // named.
        let file = home.path().join(format!("export.{written}"));
        std::fs::write(&file, format!("\n{}", export(home.path(), &db, written))).unwrap();
        let (code, stderr) = import(home.path(), &target, given, &file);
        assert_eq!(code, 1, "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(&format!("error: '{}', ", file.display())), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(!target.exists(), "no history was created");
    }
}

/// A CSV line with field `k` replaced (the test paths hold no commas).
fn set_field(line: &str, k: usize, value: &str) -> String {
    let mut fields: Vec<&str> = line.split(',').collect();
    fields[k] = value;
    fields.join(",")
}

/// Raw samples older than the raw retention become one-minute rollups; rollups older than theirs
/// go. Driven through the library with an imported history of known shape.
#[test]
fn retention_rolls_old_samples_into_minutes() {
    use wsltune::store::retention::Retention;
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("r.db");
    let now = wsltune::units::now_ms();
    let minute = 60_000i64;
    let base = (now - 40 * 86_400_000).div_euclid(minute) * minute; // 40 days ago, on a minute
    let mut lines = String::new();
    // Three minutes of 20-second samples, used memory 1, 2, 3 GiB within each minute.
    for m in 0..3 {
        for (k, gib) in [1u64, 2, 3].iter().enumerate() {
            let ts = wsltune::units::format_rfc3339(base + m * minute + k as i64 * 20_000);
            lines.push_str(&format!(
                "{{\"ts\":\"{ts}\",\"mem_total_bytes\":{},\"mem_used_bytes\":{}}}\n",
                8u64 << 30,
                gib << 30
            ));
        }
    }
    // And one recent sample that stays raw.
    lines.push_str(&format!(
        "{{\"ts\":\"{}\",\"mem_used_bytes\":1024}}\n",
        wsltune::units::format_rfc3339(now - 1000)
    ));
    let file = home.path().join("old.jsonl");
    std::fs::write(&file, lines).unwrap();
    assert_eq!(import(home.path(), &db, "jsonl", &file).0, 0);
    let mut store = wsltune::store::Store::open_existing(&db, true).unwrap();
    assert_eq!(store.count().unwrap(), 10);
    let (rolled, dropped) = store.apply_retention(now, Retention::default()).unwrap();
    assert_eq!((rolled, dropped), (9, 0));
    assert_eq!(store.count().unwrap(), 1);
    assert_eq!(store.rollup_count().unwrap(), 3);
    let (avg, max, total): (i64, i64, i64) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT mem_used_avg, mem_used_max, mem_total FROM rollups ORDER BY minute_ms LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((avg, max, total), (2 << 30, 3 << 30, 8 << 30));
    // A shorter rollup retention drops them.
    let keep = Retention {
        raw: std::time::Duration::from_secs(86_400),
        rollups: std::time::Duration::from_secs(30 * 86_400),
    };
    assert_eq!(store.apply_retention(now, keep).unwrap(), (0, 3));
}
