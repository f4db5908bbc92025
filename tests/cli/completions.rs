//! `wsltune completions`: scripts every supported shell accepts.

use crate::util::wsltune;

#[test]
fn bash_completion_is_valid_bash_and_knows_the_commands() {
    let home = tempfile::tempdir().unwrap();
    let out = wsltune(home.path()).args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains("doctor") && script.contains("--windows-home"));
    // bash itself is the oracle: the script must parse (`bash -n`).
    let path = home.path().join("wsltune.bash");
    std::fs::write(&path, &script).unwrap();
    let check = std::process::Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(check.success(), "bash -n rejects the completion script");
}

#[test]
fn every_shell_gets_a_script_and_unknown_shells_are_usage_errors() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = wsltune(home.path()).args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        assert!(String::from_utf8(out.stdout).unwrap().contains("wsltune"), "{shell}");
    }
    let out = wsltune(home.path()).args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("invalid value 'tcsh'"));
}
