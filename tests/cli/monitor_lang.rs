//! `monitor` in both languages (issue 21): the `lines` format and monitor's messages follow
//! `--lang` (a snapshot of the Japanese), `--lang en` wins over a Japanese locale, warnings are
//! said in Japanese after `警告: `, and what machines read — `--format jsonl` — is the same in
//! either language.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::monitor::wsltune_std;
use crate::util::fixture;

/// `monitor` on the `idle` fixture /proc, no disk found, no Docker, two samples a second
/// apart, with `args` before `monitor` and `format`: (exit code, stdout, stderr).
fn monitor(
    dir: &Path,
    env: &[(&str, &str)],
    args: &[&str],
    extra: &[&str],
) -> (i32, String, String) {
    let mut cmd: Command = wsltune_std(dir);
    for var in crate::util::LOCALE_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied())
        .args(args)
        .arg("--proc-root")
        .arg(fixture("proc/idle"))
        .arg("--root")
        .arg(fixture("doctor/linux/root"))
        .arg("--db")
        .arg(dir.join("h.db"))
        .args(["monitor", "--count", "2", "--interval", "1s", "--no-docker"])
        .args(extra);
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// English prose in any line of `text` (`japanese::english_prose`), with the line it is in.
fn english_prose(text: &str) -> Option<String> {
    text.lines()
        .find_map(|line| crate::japanese::english_prose(line).map(|w| format!("{w:?} in {line:?}")))
}

/// The run's own paths and times replaced, for a snapshot.
fn stable(text: &str, dir: &Path) -> String {
    text.replace(dir.to_str().unwrap(), "[DIR]")
        .lines()
        .map(|l| match l.split_once(' ') {
            Some((ts, rest)) if ts.ends_with('Z') && ts.len() == 24 => format!("[TS] {rest}"),
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn lines_and_messages_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = monitor(dir.path(), &[], &["--lang", "ja"], &["--format", "lines"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.lines().all(|l| l.contains(" メモリ 使用中 ") && l.contains(" | スワップ ")),
        "{out}"
    );
    assert_eq!(english_prose(&out), None, "{out}");
    assert_eq!(english_prose(&err), None, "{err}");
    assert!(err.contains("1 秒ごとに記録し"), "{err}");
    assert!(err.contains("完了しました") && err.contains("サンプルを 2 件書き込みました"), "{err}");
    insta::assert_snapshot!(format!(
        "{}\n--- stderr ---\n{}",
        stable(&out, dir.path()),
        stable(&err, dir.path())
    ));
}

#[test]
fn lang_en_wins_over_a_japanese_locale() {
    let dir = tempfile::tempdir().unwrap();
    let ja = [("LANG", "ja_JP.UTF-8")];
    let (code, out, err) = monitor(dir.path(), &ja, &["--lang", "en"], &["--format", "lines"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().all(|l| l.contains(" mem used ") && l.contains(" | swap ")), "{out}");
    assert!(err.starts_with("wsltune: sampling every 1s into "), "{err}");
    assert!(err.contains("wsltune: done; 2 samples written to "), "{err}");
    assert!(!format!("{out}{err}").contains(|c: char| ('\u{3040}'..='\u{30ff}').contains(&c)));
    // Without --lang the locale speaks Japanese.
    let (_, out, err) = monitor(dir.path(), &ja, &[], &["--format", "lines"]);
    assert!(out.contains("メモリ 使用中") && err.contains("秒ごとに記録し"), "{out}{err}");
}

/// `--format jsonl` is for machines: the same keys, the same values (but the time) and nothing
/// on stderr, in either language.
#[test]
fn jsonl_is_the_same_in_both_languages() {
    let run = |lang: &str| -> Vec<Value> {
        let dir = tempfile::tempdir().unwrap();
        let (code, out, err) = monitor(dir.path(), &[], &["--lang", lang], &["--format", "jsonl"]);
        assert_eq!(code, 0, "{err}");
        assert!(err.is_empty(), "{lang}: {err}");
        out.lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("ts").unwrap();
                v
            })
            .collect()
    };
    let (en, ja) = (run("en"), run("ja"));
    assert_eq!(en.len(), 2);
    assert_eq!(en, ja);
}

/// Warnings while sampling are said in Japanese after `警告: `: each /proc file missing once,
/// with the system's error in Japanese, a disk that is not a VHDX, and a Docker engine that
/// is not there.
#[test]
fn warnings_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("d.vhdx");
    std::fs::write(&disk, vec![1u8; 12_345]).unwrap();
    let mut cmd = wsltune_std(dir.path());
    cmd.args(["--lang", "ja", "--proc-root"])
        .arg(fixture("proc/no-pressure"))
        .arg("--root")
        .arg(fixture("doctor/linux/root"))
        .arg("--db")
        .arg(dir.path().join("h.db"))
        .arg("--docker-host")
        .arg(format!("unix://{}", dir.path().join("no.sock").display()))
        .args(["monitor", "--count", "2", "--interval", "1s", "--format", "lines"])
        .arg("--vhdx")
        .arg(&disk);
    let out = cmd.output().unwrap();
    let (stdout, err) =
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    assert_eq!(out.status.code(), Some(0), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("警告: ")).collect();
    for file in ["pressure/memory", "pressure/cpu", "pressure/io"] {
        let said: Vec<&&str> = warnings.iter().filter(|w| w.contains(file)).collect();
        assert_eq!(said.len(), 1, "{file}: {err}");
        assert!(said[0].contains("を読み取れません") && said[0].contains("(os error 2)"), "{err}");
        assert!(said[0].contains("この負荷（PSI）の値は空になります"), "{err}");
    }
    assert!(warnings.iter().any(|w| w.contains("ディスクを調べられませんでした")), "{err}");
    // Docker's problem and its fix, `Docker Desktop` with its capital, then what monitor does.
    let docker: Vec<&&str> = warnings.iter().filter(|w| w.contains("no.sock")).collect();
    assert_eq!(docker.len(), 1, "{err}");
    assert!(docker[0].contains("に Docker エンジンがありません: Docker Desktop を起動し"), "{err}");
    assert!(docker[0].ends_with("。Docker が応答するまで、コンテナーは記録されません"), "{err}");
    assert!(err.contains("（ディスク 1 個）"), "{err}");
    assert!(stdout.contains(" | d.vhdx 0MiB"), "{stdout}");
    assert_eq!(english_prose(&err), None, "{err}");
}

/// A refusal before anything starts is said in Japanese too, with the exit code of a usage
/// error.
#[test]
fn a_refusal_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let extra = ["--keep-raw", "30d", "--keep-rollups", "7d"];
    let (code, _, err) = monitor(dir.path(), &[], &["--lang", "ja"], &extra);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("エラー: `--keep-rollups 7d` が `--keep-raw 30d` より短く"), "{err}");
    let (code, _, err) = monitor(dir.path(), &[], &["--lang", "en"], &extra);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("error: --keep-rollups 7d is shorter than --keep-raw 30d"), "{err}");
}
