//! The history, `export` and `import` in Japanese (issue 21): a refused import file names its
//! line in Japanese and stores nothing, what import and export did, a missing, unusable or
//! locked history, a window that holds nothing, and a flag's value our checks refuse — each with
//! no English prose left outside code, quotes and paths. `--lang en` under a Japanese locale
//! stays English; clap's own usage errors stay English in either language.

use std::path::Path;

use crate::util::{fixture, wsltune};

/// `wsltune` with `env` and `args`, no locale or language of the caller's, times in UTC, in
/// `home` (its home and current folder): (exit code, stdout, stderr).
pub(crate) fn run(home: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut cmd = wsltune(home);
    for var in crate::util::LOCALE_VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .env("TZ", "UTC")
        .envs(env.iter().copied())
        .current_dir(home)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Asserts `text` (every line) holds Japanese and no English prose.
pub(crate) fn all_japanese(text: &str) {
    use crate::japanese::english_prose;
    assert!(text.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c)), "no Japanese: {text}");
    for line in text.lines() {
        assert_eq!(english_prose(line), None, "English prose in {line:?}");
    }
}

const GOOD: &str = "{\"ts\":\"2026-01-01T00:00:00Z\",\"cpu_busy_ratio\":0.5}\n{\"ts\":\"2026-01-01T00:00:05Z\",\"cpu_busy_ratio\":0.25}\n";

/// `dir` with its path written `[HOME]`, and the backup's time stamp `[STAMP]`.
fn masked(text: &str, dir: &Path) -> String {
    let text = text.replace(dir.to_str().unwrap(), "[HOME]");
    match text.split_once(".before-import-") {
        Some((head, tail)) => {
            let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
            format!("{head}.before-import-[STAMP]{}", &tail[end..])
        }
        None => text,
    }
}

#[test]
fn a_refused_import_file_names_its_line_in_japanese_and_stores_nothing() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let db = dir.join("h.db");
    let good = dir.join("good.jsonl");
    std::fs::write(&good, GOOD).unwrap();
    let db_arg = db.to_str().unwrap();
    let (code, _, err) =
        run(dir, &[], &["--db", db_arg, "import", "--format", "jsonl", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let before = std::fs::read(&db).unwrap();
    let header = "ts,mem_total_bytes,disk_path,disk_role";
    let cases: [(&str, &str, String); 6] = [
        ("bytes.csv", "csv", format!("{header}\n2026-01-02T00:00:00Z,1,,\n2026-01-02T00:00:05Z,12x,,\n")),
        ("role.csv", "csv", format!("{header}\n2026-01-02T00:00:00Z,1,/d.vhdx,cache\n")),
        ("ts.csv", "csv", format!("{header}\n2026-13-01T00:00:00Z,1,,\n")),
        ("ratio.jsonl", "jsonl", "{\"ts\":\"2026-01-02T00:00:00Z\"}\n{\"ts\":\"2026-01-02T00:00:01Z\",\"cpu_busy_ratio\":7}\n".to_owned()),
        ("csv-as.jsonl", "jsonl", format!("\n{header}\n2026-01-02T00:00:00Z,1,,\n")),
        ("jsonl-as.csv", "csv", GOOD.to_owned()),
    ];
    let mut said = Vec::new();
    for (name, format, text) in cases {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let args =
            ["--lang", "ja", "--db", db_arg, "import", "--format", format, file.to_str().unwrap()];
        let (code, out, err) = run(dir, &[], &args);
        assert_eq!((code, out.as_str()), (1, ""), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
        assert!(err.starts_with(&format!("エラー: '{}' の ", file.display())), "{name}: {err}");
        assert!(err.contains(" 行目: ") && err.ends_with("何もインポートしていません\n"), "{err}");
        all_japanese(&err);
        assert_eq!(std::fs::read(&db).unwrap(), before, "{name}: the history changed");
        said.push(masked(&err, dir));
    }
    // A sample dated past tomorrow: refused with this machine's clock, in Japanese words.
    let future = dir.join("future.jsonl");
    std::fs::write(&future, "{\"ts\":\"9999-01-01T00:00:00Z\"}\n").unwrap();
    let args =
        ["--lang", "ja", "--db", db_arg, "import", "--format", "jsonl", future.to_str().unwrap()];
    let (code, _, err) = run(dir, &[], &args);
    assert_eq!(code, 1, "{err}");
    all_japanese(&err);
    let (head, tail) = err.split_once("このマシンの時計（").unwrap();
    let (now, tail) = tail.split_once('）').unwrap();
    assert!(now.contains('年') && now.contains('月') && now.contains('日'), "{now}");
    said.push(masked(&format!("{head}このマシンの時計（[NOW]）{tail}"), dir));
    assert_eq!(std::fs::read(&db).unwrap(), before, "the history changed");
    insta::assert_snapshot!("import_refusals_ja", said.join(""));
}

#[test]
fn import_and_export_say_what_they_did_in_japanese() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let db = dir.join("h.db");
    let db_arg = db.to_str().unwrap();
    let good = dir.join("good.jsonl");
    std::fs::write(&good, GOOD).unwrap();
    let more = dir.join("more.jsonl");
    std::fs::write(&more, format!("{GOOD}{{\"ts\":\"2026-01-01T00:00:10Z\"}}\n")).unwrap();
    let ja = |args: &[&str]| {
        let mut all = vec!["--lang", "ja", "--db", db_arg];
        all.extend_from_slice(args);
        let (code, out, err) = run(dir, &[], &all);
        assert_eq!(code, 0, "{args:?}: {err}");
        if !err.is_empty() {
            all_japanese(&err);
        }
        (out, masked(&err, dir))
    };
    let mut said = Vec::new();
    said.push(ja(&["import", "--format", "jsonl", good.to_str().unwrap()]).1);
    said.push(ja(&["import", "--format", "jsonl", good.to_str().unwrap()]).1);
    said.push(ja(&["import", "--format", "jsonl", more.to_str().unwrap()]).1);
    let out = dir.join("out.csv");
    said.push(ja(&["export", "--format", "csv", "--output", out.to_str().unwrap()]).1);
    // What machines read does not change with the language.
    let (csv, _) = ja(&["export", "--format", "csv"]);
    let (_, english, _) =
        run(dir, &[], &["--lang", "en", "--db", db_arg, "export", "--format", "csv"]);
    assert_eq!(csv, english);
    assert!(csv.starts_with("ts,mem_total_bytes,"), "{csv}");
    // A window that holds nothing says where the samples are, in Japanese dates.
    let (out, err) =
        ja(&["export", "--format", "csv", "--from", "2020-01-01", "--to", "2020-01-02"]);
    assert!(!out.is_empty(), "the header is still written");
    said.push(err);
    // --from after --to.
    let args =
        ["--lang", "ja", "--db", db_arg, "export", "--format", "csv", "--from", "2026-01-02"];
    let (code, _, err) = run(dir, &[], &[&args[..], &["--to", "2026-01-01"]].concat());
    assert_eq!(code, 1, "{err}");
    all_japanese(&err);
    said.push(err);
    insta::assert_snapshot!("import_export_ja", said.join(""));
}

#[test]
fn a_missing_or_unusable_history_in_japanese() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    std::fs::create_dir(dir.join("folder")).unwrap();
    std::fs::write(dir.join("notes.db"), "just some notes, not a database\n").unwrap();
    std::fs::write(dir.join("zero.db"), "").unwrap();
    let mut said = Vec::new();
    for (db, args) in [
        ("none.db", &["export", "--format", "csv"][..]),
        ("folder", &["export", "--format", "jsonl"][..]),
        ("notes.db", &["recommend"][..]),
        ("zero.db", &["report", "--out", "r"][..]),
        ("none.db", &["import", "--format", "csv", "missing.csv"][..]),
    ] {
        let path = dir.join(db);
        let mut all = vec!["--lang", "ja", "--db", path.to_str().unwrap()];
        all.extend_from_slice(args);
        let (code, out, err) = run(dir, &[], &all);
        assert_eq!((code, out.as_str()), (1, ""), "{db} {args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{db} {args:?}: {err}");
        assert!(err.starts_with("エラー: "), "{err}");
        all_japanese(&err);
        said.push(masked(&err, dir));
    }
    assert!(!dir.join("none.db").exists(), "nothing created");
    insta::assert_snapshot!("unusable_history_ja", said.join(""));
}

#[test]
fn a_locked_history_in_japanese() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let db = dir.join("h.db");
    let lock = std::fs::File::create(dir.join("h.db.lock")).unwrap();
    std::fs::write(dir.join("h.db.lock"), "pid 42, since 2026-12-01T00:00:00.000Z").unwrap();
    lock.lock().unwrap();
    let (code, _, err) = run(
        dir,
        &[],
        &[
            "--lang",
            "ja",
            "--proc-root",
            fixture("proc/idle").to_str().unwrap(),
            "--root",
            fixture("doctor/linux/root").to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "monitor",
            "--format",
            "jsonl",
            "--count",
            "1",
        ],
    );
    assert_eq!(code, 1, "{err}");
    all_japanese(&err);
    assert_eq!(
        err,
        format!(
            "エラー: 別の `wsltune monitor` がすでに '{}' に記録しています（プロセス ID 42、2026年12月1日 00:00 から）。先にそれを止めるか、`--db` で別の場所に記録してください\n",
            db.display()
        )
    );
    drop(lock);
}

#[test]
fn a_value_our_checks_refuse_is_said_in_japanese() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let mut said = Vec::new();
    for (env, args) in [
        (&[][..], &["--lang", "ja", "monitor", "--interval", "5x"][..]),
        (&[][..], &["monitor", "--interval", "5ms", "--lang", "ja"][..]),
        (
            &[("LANG", "ja_JP.UTF-8")][..],
            &["export", "--format", "csv", "--from", "2026-13-01"][..],
        ),
        (&[("WSLTUNE_LANG", "ja")][..], &["monitor", "--keep-raw", "1h"][..]),
        (&[][..], &["--lang=ja", "monitor", "--listen", "nowhere"][..]),
    ] {
        let (code, out, err) = run(dir, env, args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert!(err.starts_with("エラー: `--"), "{args:?}: {err}");
        assert!(
            err.ends_with("\n\n詳しくは `--help` をご覧ください（ヘルプは英語です）。\n"),
            "{err}"
        );
        all_japanese(&err);
        said.push(err);
    }
    insta::assert_snapshot!("flag_values_ja", said.join(""));
    // clap's own errors stay English, as `--help` does.
    let (code, _, err) = run(dir, &[], &["--lang", "ja", "monitor", "--no-such-flag"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: unexpected argument '--no-such-flag'"), "{err}");
    // So do clap's own value parsers (a whole number, a range): no Japanese frame around them.
    let (code, _, err) = run(dir, &[], &["--lang", "ja", "monitor", "--count", "x"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: invalid value 'x' for '--count <N>'"), "{err}");
}

#[test]
fn lang_en_under_a_japanese_locale_stays_english() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let ja = [("LANG", "ja_JP.UTF-8")];
    let db = dir.join("h.db");
    let db_arg = db.to_str().unwrap();
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"ts\":\"2026-01-02T00:00:01Z\",\"cpu_busy_ratio\":7}\n").unwrap();
    let (code, _, err) = run(
        dir,
        &ja,
        &["--lang", "en", "--db", db_arg, "import", "--format", "jsonl", bad.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "error: '{}', line 1: cpu_busy_ratio 7 is not a number from 0 to 1; nothing was imported\n",
            bad.display()
        )
    );
    let (_, _, err) = run(dir, &ja, &["--lang", "en", "--db", db_arg, "export", "--format", "csv"]);
    assert_eq!(
        err,
        format!(
            "error: there is no history at '{}': record one with `wsltune monitor` (or pass --db)\n",
            db.display()
        )
    );
    let (code, _, err) = run(dir, &ja, &["--lang", "en", "monitor", "--interval", "5x"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(
            "error: invalid value '5x' for '--interval <DURATION>': '5x' is not a duration"
        ),
        "{err}"
    );
    // The locale alone speaks Japanese.
    let (_, _, err) = run(dir, &ja, &["--db", db_arg, "export", "--format", "csv"]);
    assert!(err.starts_with("エラー: '"), "{err}");
}
