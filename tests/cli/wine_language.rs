//! Natively on Windows, with nothing said by `--lang` or `WSLTUNE_LANG`, wsltune speaks Windows'
//! own language (`HKCU\Control Panel\International` `LocaleName`), not a POSIX locale variable:
//! `wsltune.exe` under Wine, whose user locale is `ja-JP` (Wine takes it from the host's
//! `LC_MESSAGES`, which wsltune must then not read itself), and `--lang en` still English.
//! Needs the host's `ja_JP.UTF-8` locale (`localedef`, which `.ci/run` runs).

use crate::wine::{s, setup, start, wine};

#[test]
fn the_windows_build_speaks_windows_language() {
    let _one = crate::wine::one_at_a_time();
    let has_ja = std::process::Command::new("locale")
        .arg("-a")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).to_lowercase().contains("ja_jp.utf8"));
    if !has_ja {
        assert!(std::env::var_os("CI").is_none(), "CI makes the ja_JP.UTF-8 locale (.ci/run)");
        eprintln!("skipped: no ja_JP.UTF-8 locale");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(exe) = setup(dir.path()) else { return };
    let prefix = dir.path().join("prefix");
    let _started = start(&prefix);
    let doctor = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec![s(&exe), "--no-docker"];
        all.extend_from_slice(args);
        all.push("doctor");
        let mut cmd = wine(&prefix, &all);
        for var in ["LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "WSLTUNE_LANG"] {
            cmd.env_remove(var);
        }
        let o = cmd.envs(env.iter().copied()).output().unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let ja = [("LC_MESSAGES", "ja_JP.UTF-8")];
    let japanese = doctor(&[], &ja);
    assert!(japanese.contains("検出事項"), "Windows says ja-JP: {japanese}");
    let english = doctor(&["--lang", "en"], &ja);
    assert!(english.contains("Environment") && !english.contains("検出事項"), "{english}");
}
