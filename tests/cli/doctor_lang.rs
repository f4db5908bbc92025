//! `doctor` in both languages (issue 21): the text report in English and Japanese on a fixture
//! (snapshots), `--lang en` winning over a Japanese locale, the Japanese text fitting 60 and 80
//! columns, and `--json` keeping its keys, codes and severities in either language.

use serde_json::Value;
use wsltune::term::display_width;

use crate::util::{fixture, wsltune};

const FIXTURE: &str = "wsl2-new-layout";

/// `doctor` on the fixture with `args` and `env`, in a fixed home: (exit code, stdout, stderr).
fn doctor(home: &std::path::Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let dir = fixture(&format!("doctor/{FIXTURE}"));
    let mut cmd = wsltune(home);
    for var in crate::util::LOCALE_VARS {
        cmd.env_remove(var);
    }
    cmd.env("WSL_DISTRO_NAME", "Ubuntu-24.04").envs(env.iter().copied());
    cmd.arg("--proc-root").arg(dir.join("proc")).arg("--root").arg(dir.join("root"));
    cmd.args(["doctor", "--project", "/"]).args(args);
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The text with the fixture's and the home's folders replaced, and the ON DISK column (what
/// the test machine's file system allocates) masked: the three figures before a disk row's path
/// are SIZE, ON DISK and RECLAIMABLE, 11 columns each.
fn stable(text: &str, home: &std::path::Path) -> String {
    let dir = fixture(&format!("doctor/{FIXTURE}"));
    let text =
        text.replace(dir.to_str().unwrap(), "[FIXTURE]").replace(home.to_str().unwrap(), "[HOME]");
    text.lines()
        .map(|l| match l.find("  [FIXTURE]") {
            Some(at) if l.starts_with("  ") && at >= 35 && l.is_char_boundary(at - 35) => {
                let (head, tail) = l.split_at(at);
                let figures = &head[head.len() - 35..];
                let keep = &head[..head.len() - 35];
                format!("{keep}{}{:>11}{}{tail}", &figures[..12], "[masked]", &figures[23..])
            }
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn text_in(lang: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = doctor(home.path(), &[], &["--lang", lang]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    stable(&out, home.path())
}

#[test]
fn the_text_report_in_english() {
    insta::assert_snapshot!(text_in("en"));
}

#[test]
fn the_text_report_in_japanese() {
    let text = text_in("ja");
    // Nothing of the English report's own words is left.
    for english in ["Environment", "Findings", "fix:", "Disks", "not asked", "warning ", "RECLAIM"]
    {
        assert!(!text.contains(english), "{english:?} in\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn lang_en_wins_over_a_japanese_locale() {
    let home = tempfile::tempdir().unwrap();
    let (_, english, _) = doctor(home.path(), &[("LANG", "ja_JP.UTF-8")], &["--lang", "en"]);
    let (_, japanese, _) = doctor(home.path(), &[("LANG", "ja_JP.UTF-8")], &[]);
    let (_, plain, _) = doctor(home.path(), &[], &["--lang", "en"]);
    assert!(english.starts_with("Environment   WSL 2"), "{english}");
    assert_eq!(english, plain);
    assert!(japanese.starts_with("環境"), "the locale alone chooses Japanese: {japanese}");
    // And doctor says what chose it.
    assert!(
        japanese.contains("\n言語          日本語（ロケール `LANG=ja_JP.UTF-8` から）\n"),
        "{japanese}"
    );
    // WSLTUNE_LANG too gives way to --lang.
    let (_, by_env, _) = doctor(home.path(), &[("WSLTUNE_LANG", "ja")], &["--lang", "en"]);
    assert_eq!(by_env, plain);
}

#[test]
fn the_japanese_text_fits_60_and_80_columns() {
    let home = tempfile::tempdir().unwrap();
    let (_, whole, _) = doctor(home.path(), &[], &["--lang", "ja"]);
    assert!(whole.lines().map(display_width).max().unwrap() > 80);
    for width in [60, 80] {
        let w = width.to_string();
        let (_, out, err) = doctor(home.path(), &[("WSLTUNE_WIDTH", &w)], &["--lang", "ja"]);
        assert!(err.is_empty(), "{err}");
        for line in out.lines() {
            assert!(display_width(line) <= width, "at {width}: {line:?}");
        }
        // The findings' texts hang under their start (columns, not bytes).
        assert!(out.lines().any(|l| l.starts_with("           対処: ")), "{out}");
    }
}

/// The report without what people read in it: each finding's message and fix.
fn without_prose(mut report: Value) -> Value {
    for f in report["findings"].as_array_mut().unwrap() {
        let f = f.as_object_mut().unwrap();
        assert!(f.remove("message").is_some() && f.remove("fix").is_some());
    }
    report
}

#[test]
fn json_keeps_its_keys_codes_and_severities_in_japanese() {
    let home = tempfile::tempdir().unwrap();
    let json = |lang: &str| -> Value {
        let (code, out, err) = doctor(home.path(), &[], &["--lang", lang, "--json"]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let (en, ja) = (json("en"), json("ja"));
    let message = |r: &Value, i: usize| r["findings"][i]["message"].as_str().unwrap().to_owned();
    assert!(message(&ja, 0).contains("ディスク"), "{}", message(&ja, 0));
    assert!(message(&en, 0).contains("disk"), "{}", message(&en, 0));
    assert!(!en["findings"].as_array().unwrap().is_empty());
    // The one field that names the language, and what chose it.
    assert_eq!(en["language"], serde_json::json!({"tag": "en", "source": "flag"}));
    assert_eq!(ja["language"], serde_json::json!({"tag": "ja", "source": "flag"}));
    let without_language = |mut r: Value| {
        r.as_object_mut().unwrap().remove("language");
        without_prose(r)
    };
    assert_eq!(without_language(en), without_language(ja));
}

/// An engine that cannot be asked is said in Japanese too, cause and fix (`docker::texts`).
#[cfg(unix)]
#[test]
fn an_unreachable_engine_in_japanese() {
    let home = tempfile::tempdir().unwrap();
    let socket = format!("unix://{}", home.path().join("none.sock").display());
    let args = ["--lang", "ja", "--json", "--docker-host", &socket];
    let (_, out, err) = doctor(home.path(), &[("DOCKER_HOST", "")], &args);
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "docker-unreachable")
        .unwrap_or_else(|| panic!("{report:#}"));
    let message = finding["message"].as_str().unwrap();
    assert!(message.starts_with("Docker のエンジンに問い合わせできませんでした: "), "{message}");
    assert!(message.contains("none.sock に Docker エンジンがありません"), "{message}");
    let fix = finding["fix"].as_str().unwrap();
    assert!(fix.contains("WSL 統合") && fix.contains("`--no-docker`"), "{fix}");
}
