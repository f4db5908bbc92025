//! `inspect` and `compact` in both languages (issue 21), on a small ext4 VHDX made by qemu-img
//! with deleted data in it: the Japanese summary, plan and compaction (a copy, and in place)
//! with no English prose outside backticks, paths, commands and units, fitting 60 and 80
//! columns (golden texts with the folder and the figures masked); the Japanese error line for a
//! missing file, a file that is no VHDX, a VHD (v1) and a VHDX cut short; `--lang en` under a
//! Japanese locale is English; `--json` has the same keys and values in both languages but for
//! the sentences people read.

use std::path::Path;

use serde_json::Value;
use wsltune::term::display_width;

use crate::images::{Work, debugfs_w, have, noise, run};
use crate::japanese::english_prose;
use crate::util::wsltune;

/// `wsltune ARGS` with `env` and the language chosen only by `env` and `args`: (exit code,
/// stdout, stderr).
fn wsl(env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = wsltune(home.path());
    for var in crate::util::LOCALE_VARS {
        cmd.env_remove(var);
    }
    let out = cmd.envs(env.iter().copied()).arg("--root").arg(home.path()).args(args).output();
    let out = out.unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A 64 MiB ext4 disk in a VHDX with 1 MiB blocks: two files kept and a 20 MiB one deleted, so
/// that blocks full of stale data can go.
fn disk(w: &Work) -> std::path::PathBuf {
    let files = vec![
        ("keep1", noise(3 << 20, 21)),
        ("gone", noise(20 << 20, 22)),
        ("keep2", noise((2 << 20) + 777, 23)),
    ];
    let raw = w.ext4("d.raw", "64M", &[], &files);
    debugfs_w(&raw, "rm gone");
    w.vhdx(&raw, "d.vhdx", "block_size=1M")
}

fn oracles() -> bool {
    ["qemu-img", "mkfs.ext4", "debugfs"].iter().all(|t| have(t))
}

/// The lines a person reads hold no English prose; the command lines shown to run (indented
/// four columns: `wsltune compact …`, `mv …`) are commands.
fn all_japanese(what: &str, text: &str) {
    let command = |l: &str| ["wsltune ", "mv ", "Rename-Item "].iter().any(|c| l.starts_with(c));
    for line in text.lines().filter(|l| !(l.starts_with("    ") && command(l.trim_start()))) {
        assert_eq!(english_prose(line), None, "{what}: {line:?}\n{text}");
    }
}

/// The text with the work folder replaced and every figure (a number standing alone, not the
/// 4 of ext4 nor a step's number) masked: what the file system and mkfs.ext4 decide is not the
/// language's.
fn stable(text: &str, w: &Work) -> String {
    let dir = w.path("");
    let chars: Vec<char> = text.replace(s(&dir), "[DIR]/").chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied().unwrap_or(' ');
        let step = |j: usize| chars.get(j) == Some(&'.') && chars.get(j + 1) == Some(&' ');
        if c.is_ascii_digit() && !prev.is_ascii_alphanumeric() {
            let mut j = i;
            while chars.get(j).is_some_and(|n| n.is_ascii_digit())
                || (chars.get(j) == Some(&'.')
                    && chars.get(j + 1).is_some_and(|n| n.is_ascii_digit()))
            {
                j += 1;
            }
            if step(j) && prev == ' ' && chars.get(..i).is_some_and(|h| h.ends_with(&[' ', ' '])) {
                out.extend(&chars[i..j]);
            } else {
                out.push('#');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Each line within `width` columns.
fn fits(what: &str, text: &str, width: usize) {
    for line in text.lines() {
        assert!(display_width(line) <= width, "{what} at {width}: {line:?}");
    }
}

#[test]
fn inspect_and_compact_in_japanese() {
    if !oracles() {
        return;
    }
    let w = Work::new();
    let d = disk(&w);
    let ja = ["--lang", "ja"];

    // The summary and the steps.
    let (code, inspect, stderr) = wsl(&[], &[&ja[..], &["inspect", s(&d)]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    for label in ["ファイル", "仮想ディスク", "割り当て済み", "ext4", "回収可能", "ログ"]
    {
        assert!(inspect.contains(&format!("\n  {label} ")), "{label}: {inspect}");
    }
    assert!(inspect.contains("を取り戻すには（管理者権限は不要です）:"), "{inspect}");
    all_japanese("inspect", &inspect);
    insta::assert_snapshot!("inspect_ja", stable(&inspect, &w));

    // The plan.
    let (code, plan, stderr) = wsl(&[], &[&ja[..], &["compact", s(&d)]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(plan.contains("  回収量 "), "{plan}");
    all_japanese("plan", &plan);
    insta::assert_snapshot!("compact_plan_ja", stable(&plan, &w));

    // Narrow terminals: the same words, wrapped under the values.
    for width in [60, 80] {
        let env = [("WSLTUNE_WIDTH", &*width.to_string())];
        for command in ["inspect", "compact"] {
            let (_, text, _) = wsl(&env, &[&ja[..], &[command, s(&d)]].concat());
            fits(command, &text, width);
            all_japanese(command, &text);
        }
    }

    // A copy, then in place on another copy of the original.
    let copy = w.path("c.vhdx");
    let (code, wrote, stderr) =
        wsl(&[], &[&ja[..], &["compact", s(&d), "--to", s(&copy), "--yes"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(wrote.contains("を書き出し、元のファイルとブロックごとに照合しました。"), "{wrote}");
    assert!(wrote.contains("を取り戻しました"), "{wrote}");
    all_japanese("copy", &wrote);
    let twin = w.path("twin.vhdx");
    std::fs::copy(&d, &twin).unwrap();
    let (code, done, stderr) =
        wsl(&[], &[&ja[..], &["compact", s(&twin), "--in-place", "--yes"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(done.contains("をその場で圧縮し、ブロックごとに照合しました。"), "{done}");
    all_japanese("in place", &done);
    let (code, again, stderr) =
        wsl(&[], &[&ja[..], &["compact", s(&twin), "--in-place", "--yes"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(again.contains("既に圧縮されています。"), "{again}");
    all_japanese("again", &again);
    run("qemu-img", &["check", s(&twin)]);

    // Refusals: an output that exists, and no terminal to ask.
    for (args, says) in [
        (vec!["--to", s(&copy), "--yes"], "は既にあります。"),
        (vec!["--to", s(&w.path("n.vhdx"))], "端末がないため確認できません。"),
    ] {
        let (code, _, stderr) = wsl(&[], &[&ja[..], &["compact", s(&d)], &args[..]].concat());
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.starts_with("エラー: '"), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        all_japanese("refusal", &stderr);
    }
}

/// `inspect` and `compact` on `path` in Japanese: each fails with one `エラー:` line, its
/// Japanese reason; the two lines.
fn both_fail_in_japanese(path: &Path) -> [String; 2] {
    ["inspect", "compact"].map(|command| {
        let (code, stdout, stderr) = wsl(&[], &["--lang", "ja", command, s(path)]);
        assert_eq!(code, 1, "{command}: {stderr}");
        assert!(stdout.is_empty(), "{command}: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{command}: one line: {stderr}");
        let line = stderr.trim_end().to_owned();
        assert!(line.starts_with(&format!("エラー: '{}': ", s(path))), "{command}: {line}");
        all_japanese(command, &line);
        line
    })
}

#[test]
fn files_that_are_no_vhdx_are_said_in_japanese() {
    let w = Work::new();
    // Missing: the system's error in Japanese, its number kept.
    for line in both_fail_in_japanese(&w.path("nope.vhdx")) {
        assert!(line.contains("ファイルまたはフォルダーがありません (os error 2)"), "{line}");
    }
    // Too short, and no signature.
    let short = w.path("short.vhdx");
    std::fs::write(&short, b"hello").unwrap();
    for line in both_fail_in_japanese(&short) {
        assert!(line.contains("VHDX ファイルではありません（ファイルの長さは 5 バイト"), "{line}");
    }
    let unsigned = w.path("zeros.vhdx");
    std::fs::write(&unsigned, vec![0u8; 2 << 20]).unwrap();
    for line in both_fail_in_japanese(&unsigned) {
        assert!(line.contains("先頭に署名 'vhdxfile' がありません"), "{line}");
    }
    if !have("qemu-img") {
        return;
    }
    // A VHD (v1): named, with the conversions in backticks.
    let vhd = w.path("old.vhd");
    run("qemu-img", &["create", "-f", "vpc", "-o", "subformat=fixed", s(&vhd), "8M"]);
    for line in both_fail_in_japanese(&vhd) {
        assert!(line.contains("VHDX ではなく VHD (v1) の固定サイズのディスクです。"), "{line}");
        let convert = format!("`Convert-VHD -Path {} -DestinationPath ", s(&vhd));
        assert!(line.contains(&convert) && line.contains("-VHDType Dynamic`"), "{line}");
        assert!(line.contains("`qemu-img convert -f vpc -O vhdx "), "{line}");
    }
    // A VHDX cut inside its BAT region: where, and what lies beyond.
    let raw = w.path("d.raw");
    std::fs::write(&raw, noise(4 << 20, 5)).unwrap();
    let whole = std::fs::read(w.vhdx(&raw, "whole.vhdx", "block_size=1M")).unwrap();
    let cut = w.path("cut.vhdx");
    std::fs::write(&cut, &whole[..(2 << 20) + 4096]).unwrap();
    for line in both_fail_in_japanese(&cut) {
        assert!(line.contains("VHDX が 2101248 バイトで途切れています。"), "{line}");
        assert!(
            line.contains("BAT 領域（オフセット 2097152 からの 1048576 バイト）とメタデータ領域"),
            "{line}"
        );
        assert!(line.contains("完全なコピーを使ってください"), "{line}");
    }
    // English by the flag under a Japanese locale, Japanese by the locale alone.
    let ja = [("LANG", "ja_JP.UTF-8")];
    let (_, _, english) = wsl(&ja, &["--lang", "en", "inspect", s(&cut)]);
    assert!(english.starts_with("error: '"), "{english}");
    assert!(english.contains("the VHDX is truncated at 2101248 bytes"), "{english}");
    let (_, _, japanese) = wsl(&ja, &["inspect", s(&cut)]);
    assert!(japanese.starts_with("エラー: '"), "{japanese}");
}

/// The object's keys, recursively, in order.
fn keys(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.push(format!("{at}.{k}"));
                keys(v, &format!("{at}.{k}"), out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, &format!("{at}[]"), out)),
        _ => {}
    }
}

/// `value` with the strings under `keys` blanked: the sentences people read.
fn blank(value: &mut Value, names: &[&str]) {
    if let Value::Object(map) = value {
        for (k, v) in map.iter_mut() {
            if names.contains(&k.as_str()) {
                *v = Value::Null;
            } else {
                blank(v, names);
            }
        }
    }
}

#[test]
fn english_under_a_japanese_locale_and_json_alike_in_both_languages() {
    if !oracles() {
        return;
    }
    let w = Work::new();
    let d = disk(&w);
    let ja = [("LANG", "ja_JP.UTF-8")];
    for command in ["inspect", "compact"] {
        let (_, english, _) = wsl(&[("WSLTUNE_LANG", "en")], &[command, s(&d)]);
        let (_, flagged, _) = wsl(&ja, &["--lang", "en", command, s(&d)]);
        assert_eq!(flagged, english, "{command}");
        let (_, japanese, _) = wsl(&ja, &[command, s(&d)]);
        assert_ne!(japanese, english, "{command}: Japanese by the locale");
        all_japanese(command, &japanese);

        let json = |lang: &str| -> Value {
            let (code, out, err) = wsl(&[], &["--lang", lang, command, s(&d), "--json"]);
            assert_eq!(code, 0, "{err}");
            serde_json::from_str(&out).unwrap()
        };
        let (mut en, mut jp) = (json("en"), json("ja"));
        let (mut en_keys, mut ja_keys) = (Vec::new(), Vec::new());
        keys(&en, "", &mut en_keys);
        keys(&jp, "", &mut ja_keys);
        assert_eq!(en_keys, ja_keys, "{command}: the same keys");
        // What people read may follow the language; everything else is the same.
        let sentences = ["warnings", "notes", "copy_blocker", "in_place_blocker", "seconds"];
        blank(&mut en, &sentences);
        blank(&mut jp, &sentences);
        assert_eq!(en, jp, "{command}");
    }
}
