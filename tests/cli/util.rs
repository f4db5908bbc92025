//! The test harness: a `wsltune` command with a clean environment, and fixture paths.

use std::path::PathBuf;

use assert_cmd::Command;

/// The folder of a fixture tree under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join(name)
}

/// What chooses the language and the width of the caller's terminal: a test that chooses them
/// itself removes these first (then nothing chosen is English, and Windows is never asked, since
/// [`wsltune`] removes `WSL_INTEROP`).
pub const LOCALE_VARS: [&str; 6] =
    ["LANG", "LC_ALL", "LC_MESSAGES", "WSLTUNE_LANG", "WSLTUNE_WIDTH", "COLUMNS"];

/// `wsltune` with none of the caller's WSL or wsltune variables, a fixed user name, English, and
/// a home folder of its own so nothing of the real machine leaks in.
pub fn wsltune(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("wsltune").expect("the binary is built");
    for var in ["WSL_DISTRO_NAME", "WSL_INTEROP", "WSLENV", "USERPROFILE"] {
        cmd.env_remove(var);
    }
    for (var, _) in std::env::vars().filter(|(k, _)| k.starts_with("WSLTUNE_")) {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home).env("XDG_DATA_HOME", home.join(".local/share")).env("USER", "tester");
    // English whatever the machine's locale or Windows' language (a test that speaks Japanese
    // says so with --lang ja, which wins).
    cmd.env("WSLTUNE_LANG", "en");
    cmd
}

/// `wsltune` working in `dir`: the history `dir/h.db`, `dir` as the Linux root (so nothing of
/// the machine is found), and `dir/.wslconfig`.
pub fn in_dir(dir: &std::path::Path) -> Command {
    let mut cmd = wsltune(dir);
    cmd.arg("--db")
        .arg(dir.join("h.db"))
        .arg("--root")
        .arg(dir)
        .arg("--wslconfig")
        .arg(dir.join(".wslconfig"));
    cmd
}

/// Runs `wsltune` on a doctor fixture (`--proc-root F/proc --root F/root`) with extra
/// arguments and returns (exit code, stdout, stderr).
pub fn run_on_fixture(name: &str, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().expect("temp home");
    let dir = fixture(&format!("doctor/{name}"));
    let mut cmd = wsltune(home.path());
    cmd.envs(env.iter().copied());
    cmd.arg("--proc-root").arg(dir.join("proc")).arg("--root").arg(dir.join("root"));
    cmd.args(args);
    let out = cmd.output().expect("wsltune runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// `doctor --json` on a fixture: the exit code and the parsed report.
pub fn doctor_json(name: &str, env: &[(&str, &str)], args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["doctor", "--json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run_on_fixture(name, env, &all);
    assert!(stderr.is_empty(), "no stderr expected, got: {stderr}");
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    (code, json)
}
