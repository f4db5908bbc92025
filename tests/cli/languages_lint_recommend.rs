//! `lint` and `recommend` in both languages (issue 21): golden Japanese texts with no English
//! prose left in them (WSL's own warnings stay as WSL prints them), `--lang en` under a Japanese
//! locale is English, the JSON has the same keys, codes and values in both languages but for the
//! sentences people read, and the Japanese text fits 60 columns.

use std::path::Path;

use wsltune::term::display_width;

use crate::japanese::english_prose;
use crate::recommend::{history, import};
use crate::util::in_dir;
use crate::wslconfig::{CORPUS, copy};

/// `wsltune` on `dir/.wslconfig` with `env` and `args`: (exit code, stdout, stderr).
fn run(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    crate::wslconfig::run_env(dir, env, args)
}

/// `recommend` on an imported history in `dir`, with `env` and `args`.
fn recommend(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut cmd = in_dir(dir);
    for var in crate::util::LOCALE_VARS {
        cmd.env_remove(var);
    }
    let out = cmd.env("TZ", "UTC").envs(env.iter().copied()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The lines of `lint`'s Japanese text a person reads as wsltune's, without WSL's own warnings
/// (quoted as WSL prints them) and the effective values (keys and values as WSL spells them).
fn lint_prose(text: &str) -> Vec<&str> {
    text.lines()
        .skip(1)
        .take_while(|l| !l.starts_with("WSL が使う値"))
        .map(|l| l.split_once("wsl: ").map_or(l, |(before, _)| before))
        .collect()
}

#[test]
fn lint_in_japanese() {
    for name in CORPUS {
        let (dir, _) = copy(name);
        let (code_en, _, _) = run(dir.path(), &[], &["lint"]);
        let (code, stdout, stderr) = run(dir.path(), &[], &["--lang", "ja", "lint"]);
        assert!(stderr.is_empty(), "{name}: {stderr}");
        assert_eq!(code, code_en, "{name}: the exit code does not follow the language");
        for line in lint_prose(&stdout) {
            assert_eq!(english_prose(line), None, "{name}: {line:?}");
        }
        insta::assert_snapshot!(format!("lint_ja_{name}"), stdout);
    }
}

#[test]
fn lint_en_under_a_japanese_locale_is_english() {
    let (dir, _) = copy("blog-copy.wslconfig");
    let (_, english, _) = run(dir.path(), &[], &["lint"]);
    let ja = [("LANG", "ja_JP.UTF-8")];
    let (_, flagged, _) = run(dir.path(), &ja, &["--lang", "en", "lint"]);
    assert_eq!(flagged, english);
    let (_, japanese, _) = run(dir.path(), &ja, &["lint"]);
    assert!(japanese.contains("警告"), "{japanese}");
    let (_, japanese_flag, _) = run(dir.path(), &[], &["--lang", "ja", "lint"]);
    assert_eq!(japanese, japanese_flag);
}

/// `value` with every string under one of `keys` replaced: what must not change with the
/// language.
fn blank(value: &mut serde_json::Value, keys: &[&str]) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if keys.contains(&k.as_str()) {
                    match v {
                        serde_json::Value::String(s) => *s = "…".to_owned(),
                        serde_json::Value::Array(items) => {
                            items.iter_mut().for_each(|i| *i = "…".into())
                        }
                        _ => {}
                    }
                } else {
                    blank(v, keys);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|i| blank(i, keys)),
        _ => {}
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn lint_json_is_the_same_in_both_languages_but_for_the_sentences() {
    for name in CORPUS {
        let (dir, _) = copy(name);
        let (_, en, _) = run(dir.path(), &[], &["lint", "--json"]);
        let (_, ja, _) = run(dir.path(), &[], &["--lang", "ja", "lint", "--json"]);
        let (mut en, mut ja) = (json(&en), json(&ja));
        // WSL's own warnings are its words in both.
        for (e, j) in
            en["findings"].as_array().unwrap().iter().zip(ja["findings"].as_array().unwrap())
        {
            if e["wsl_prints"] == true {
                assert_eq!(e["message"], j["message"], "{name}");
            }
        }
        blank(&mut en, &["message", "fix"]);
        blank(&mut ja, &["message", "fix"]);
        assert_eq!(en, ja, "{name}");
    }
    // No file at all: the finding is there in both, as its code.
    let dir = tempfile::tempdir().unwrap();
    let (_, en, _) = run(dir.path(), &[], &["lint", "--json"]);
    let (_, ja, _) = run(dir.path(), &[], &["--lang", "ja", "lint", "--json"]);
    let (mut en, mut ja) = (json(&en), json(&ja));
    assert_eq!(ja["findings"][0]["code"], "no-file");
    assert!(ja["findings"][0]["message"].as_str().unwrap().contains("ありません"));
    blank(&mut en, &["message", "fix"]);
    blank(&mut ja, &["message", "fix"]);
    assert_eq!(en, ja);
}

#[test]
fn recommend_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &history(2));
    let (code, text, stderr) = recommend(dir.path(), &[], &["--lang", "ja", "recommend"]);
    assert_eq!(code, 0, "{stderr}");
    for line in text.lines() {
        assert_eq!(english_prose(line), None, "{line:?}");
    }
    insta::assert_snapshot!("recommend_ja", text);
    // English under a Japanese locale, as the English snapshot has it.
    let (_, english, _) = recommend(dir.path(), &[], &["recommend"]);
    let ja = [("LANG", "ja_JP.UTF-8")];
    let (_, flagged, _) = recommend(dir.path(), &ja, &["--lang", "en", "recommend"]);
    assert_eq!(flagged, english);
    assert!(english.starts_with("History: "), "{english}");
    // The same keys, codes, values and evidence; only the sentences differ.
    let (_, en, _) = recommend(dir.path(), &[], &["recommend", "--json"]);
    let (_, ja, _) = recommend(dir.path(), &[], &["--lang", "ja", "recommend", "--json"]);
    let (mut en, mut ja) = (json(&en), json(&ja));
    assert_ne!(en["notes"], ja["notes"]);
    assert_ne!(en["recommendations"][0]["reason"], ja["recommendations"][0]["reason"]);
    blank(&mut en, &["reason", "notes"]);
    blank(&mut ja, &["reason", "notes"]);
    assert_eq!(en, ja);
}

#[test]
fn japanese_fits_60_columns() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &history(2));
    let width = [("WSLTUNE_WIDTH", "60")];
    let (_, text, _) = recommend(dir.path(), &width, &["--lang", "ja", "recommend"]);
    assert!(text.contains("理由: "), "the narrow layout: {text}");
    let (lint_dir, _) = copy("blog-copy.wslconfig");
    let (_, lint, _) = run(lint_dir.path(), &width, &["--lang", "ja", "lint"]);
    for line in text.lines().chain(lint.lines()) {
        assert!(display_width(line) <= 60, "{line:?}");
    }
}
