//! `service` in Japanese (issue 21): the choices and the refusal off a terminal, the systemd
//! unit's dry run (the unit itself is a file and stays English), and `service status` with an
//! installed unit, a history and a monitor holding its lock — `--json` the same in both
//! languages; `--lang en` under a Japanese locale stays English.

use std::path::Path;

use crate::history_ja::{all_japanese, run};
use crate::japanese::english_prose;

#[test]
fn install_off_a_terminal_explains_both_ways_in_japanese() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = run(home.path(), &[], &["--lang", "ja", "service", "install"]);
    assert_eq!(code, 2, "{err}");
    all_japanese(&out);
    for part in ["`--windows`", "`--systemd`", "`instanceIdleTimeout=-1`", "「Windows 版のビルド」"]
    {
        assert!(out.contains(part), "{part} missing from:\n{out}");
    }
    for line in out.lines() {
        let width = wsltune::term::display_width(line);
        assert!(width <= 80, "{width} columns: {line}");
    }
    assert_eq!(
        err,
        "エラー: どちらかを選んでください: `wsltune service install --windows` または `--systemd`（作成される内容を見るだけなら `--dry-run` を付けてください）\n"
    );
    let (_, english, _) =
        run(home.path(), &[("LANG", "ja_JP.UTF-8")], &["--lang", "en", "service", "install"]);
    assert!(english.starts_with("Two ways to keep `wsltune monitor` recording"), "{english}");
}

#[test]
fn the_systemd_dry_run_in_japanese() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("my history/h.db");
    let args = ["--lang", "ja", "--db", db.to_str().unwrap(), "service", "install"];
    let (code, out, err) =
        run(home.path(), &[], &[&args[..], &["--systemd", "--dry-run"]].concat());
    assert_eq!(code, 0, "{err}");
    let (said, rest) = out.split_once('\n').unwrap();
    assert_eq!(
        said,
        "/etc/systemd/system/wsltune-monitor.service に次の内容を書き込みます（`--dry-run` のため実際には書き込みません）:"
    );
    // The unit is a file for systemd, the same in every language.
    assert!(rest.contains("\n[Service]\nType=simple\nUser=tester\n"), "{rest}");
    let (_, commands) = rest.split_once("続けて次のコマンドを実行します（`sudo` で）:\n").unwrap();
    assert_eq!(
        commands,
        "  install -m 644 <上のユニット> /etc/systemd/system/wsltune-monitor.service\n  systemctl daemon-reload\n  systemctl enable --now wsltune-monitor.service\n"
    );
    assert!(!db.exists() && !db.parent().unwrap().exists(), "a dry run creates nothing");
    // Inside a plain Linux, the Windows task is refused in Japanese.
    let (code, _, err) =
        run(home.path(), &[], &["--lang", "ja", "service", "install", "--windows"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "エラー: ここは WSL ではありません。Windows の PowerShell で `wsltune service install` を実行してください\n"
    );
    let (code, _, err) = run(home.path(), &[], &["--lang", "ja", "service", "uninstall"]);
    assert_eq!(code, 2);
    all_japanese(&err);
}

/// `service status` on a root with the unit installed, the history `h.db` holding one sample
/// of 2026-01-01, and its lock held by "pid 42" since 2026-12-01.
fn status(home: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let root = home.to_str().unwrap();
    let db = home.join("h.db");
    let mut all = vec!["--root", root, "--db", db.to_str().unwrap()];
    all.extend_from_slice(&["service", "status"]);
    all.extend_from_slice(args);
    run(home, env, &all)
}

#[test]
fn service_status_in_japanese() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    std::fs::create_dir_all(dir.join("etc/systemd/system")).unwrap();
    std::fs::write(dir.join("etc/systemd/system/wsltune-monitor.service"), "[Unit]\n").unwrap();
    let sample = dir.join("one.jsonl");
    std::fs::write(&sample, "{\"ts\":\"2026-01-01T00:00:00Z\"}\n").unwrap();
    let db = dir.join("h.db");
    let import = ["--db", db.to_str().unwrap(), "import", "--format", "jsonl"];
    assert_eq!(run(dir, &[], &[&import[..], &[sample.to_str().unwrap()]].concat()).0, 0);
    let lock = std::fs::File::create(dir.join("h.db.lock")).unwrap();
    std::fs::write(dir.join("h.db.lock"), "pid 42, since 2026-12-01T00:00:00.000Z").unwrap();
    lock.lock().unwrap();
    let (code, out, err) = status(dir, &[], &["--lang", "ja"]);
    assert_eq!((code, err.as_str()), (0, ""));
    all_japanese(&out);
    // The newest sample's age grows with the clock.
    let out: String = out
        .replace(dir.to_str().unwrap(), "[HOME]")
        .lines()
        .map(|l| match (l.starts_with("最新の記録"), l.rsplit_once('（')) {
            (true, Some((head, age))) => {
                // Days and hours: `334 日 19 時間前）` (or whole days).
                assert!(age.contains(" 日") && age.ends_with("前）"), "{age}");
                format!("{head}（[AGE]前）\n")
            }
            _ => format!("{l}\n"),
        })
        .collect();
    insta::assert_snapshot!("service_status_ja", out);
    // `--json` is the same in both languages (the age aside, which may tick between the runs).
    let json = |lang: &str| {
        let (_, out, _) = status(dir, &[], &["--lang", lang, "--json"]);
        let mut value: serde_json::Value = serde_json::from_str(&out).unwrap();
        value["systemd"]["newest_sample_age_s"] = serde_json::Value::Null;
        value
    };
    assert_eq!(json("ja"), json("en"));
    assert!(json("ja")["systemd"]["registered_by"].as_str().unwrap().starts_with("the unit file "));
    // --lang en under a Japanese locale.
    let (_, english, _) = status(dir, &[("LANG", "ja_JP.UTF-8")], &["--lang", "en"]);
    assert!(
        english.starts_with(
            "Service        systemd unit wsltune-monitor.service: registered (the unit file "
        ),
        "{english}"
    );
    assert!(english.contains("running since 2026-12-01T00:00:00.000Z"), "{english}");
    assert!(english.lines().any(|l| english_prose(l).is_some()), "English: {english}");
    drop(lock);
}
