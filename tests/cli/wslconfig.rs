//! `lint` and `apply` on a corpus of realistic `.wslconfig` files (CRLF, BOM, UTF-16LE, `[WSL2]`,
//! duplicates, quotes, single-backslash paths, keys before any section, `;` lines, malformed
//! headers, no final newline): golden outputs, and edits checked byte by byte.

use std::path::{Path, PathBuf};

use crate::util::{fixture, wsltune};

pub const CORPUS: &[&str] = &[
    "blog-copy.wslconfig",
    "clean.wslconfig",
    "docker-user.crlf.wslconfig",
    "experimental-first.wslconfig",
    "keys-before-section.wslconfig",
    "malformed-header.wslconfig",
    "no-wsl2.wslconfig",
    "notepad-unicode.utf16.wslconfig",
    "quotes-paths.wslconfig",
    "settings-app.bom.wslconfig",
    "upper-dup.wslconfig",
];

/// A temp folder holding a copy of the fixture as `.wslconfig`.
pub fn copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".wslconfig");
    std::fs::copy(fixture("wslconfig").join(name), &path).unwrap();
    (dir, path)
}

/// Runs wsltune in `dir` on `./.wslconfig`: (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_env(dir, &[], args)
}

/// [`run`] without the machine's locale, language and width (so in English), then with `env`.
pub fn run_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = wsltune(home.path());
    for var in crate::util::LOCALE_VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .envs(env.iter().copied())
        .current_dir(dir)
        .arg("--root")
        .arg(home.path())
        .arg("--wslconfig")
        .arg(".wslconfig")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn lint_json(dir: &Path) -> serde_json::Value {
    let (_, stdout, stderr) = run(dir, &["lint", "--json"]);
    assert!(stderr.is_empty(), "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// Files in the folder other than `.wslconfig` (backups, temporary files).
fn others(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".wslconfig")
        .collect();
    names.sort();
    names
}

#[test]
fn lint_says_what_wsl_would_say_on_every_file() {
    for name in CORPUS {
        let (dir, _) = copy(name);
        let (code, stdout, stderr) = run(dir.path(), &["lint"]);
        assert!(stderr.is_empty(), "{name}: {stderr}");
        let expected_clean = [
            "clean.wslconfig",
            "docker-user.crlf.wslconfig",
            "no-wsl2.wslconfig",
            "notepad-unicode.utf16.wslconfig",
            "settings-app.bom.wslconfig",
        ]
        .contains(name);
        assert_eq!(code, if expected_clean { 0 } else { 1 }, "{name}:\n{stdout}");
        insta::assert_snapshot!(format!("lint_{name}"), stdout);
    }
}

#[test]
fn lint_json_gives_the_effective_values() {
    let (dir, _) = copy("settings-app.bom.wslconfig");
    let json = lint_json(dir.path());
    assert_eq!(json["encoding"], "UTF-8 with BOM");
    assert_eq!(json["line_endings"], "CRLF");
    // WSL Settings writes bare byte counts; WSL reads them as bytes.
    assert_eq!(json["effective"]["wsl2.memory"]["value"], "4GB");
    assert_eq!(json["effective"]["wsl2.memory"]["written"], "4294967296");
    assert_eq!(json["effective"]["wsl2.networkingMode"]["value"], "Mirrored");
    assert_eq!(json["effective"]["wsl2.processors"]["source"], "default");

    let (dir, _) = copy("upper-dup.wslconfig");
    let json = lint_json(dir.path());
    // The first occurrence wins, across section spellings and repeated sections.
    assert_eq!(json["effective"]["wsl2.memory"]["value"], "4GB");
    assert_eq!(json["effective"]["wsl2.memory"]["line"], 2);
    assert_eq!(json["effective"]["wsl2.networkingMode"]["value"], "Mirrored");
    assert_eq!(json["effective"]["wsl2.processors"]["value"], "8");
    let codes: Vec<&str> =
        json["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["duplicate-key", "duplicate-key", "duplicate-key"]);

    let (dir, _) = copy("quotes-paths.wslconfig");
    let json = lint_json(dir.path());
    assert_eq!(
        json["effective"]["wsl2.kernelCommandLine"]["value"],
        "vsyscall=emulate # not a comment"
    );
    assert_eq!(json["effective"]["wsl2.swapFile"]["value"], "C:\temp\u{8}zImage");
    assert_eq!(json["effective"]["wsl2.kernel"]["source"], "default", "the \\U line is dropped");
    assert_eq!(json["effective"]["wsl2.kernelModules"]["value"], "C:\\wsl\\modules.vhdx");
    // strtoull skips leading blanks: WSL reads " 2GB" as 2 GB.
    assert_eq!(json["effective"]["wsl2.swap"]["value"], "2GB");
}

#[test]
fn a_missing_file_means_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = run(dir.path(), &["lint"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("There is no .wslconfig at .wslconfig: WSL uses its defaults"),
        "{stdout}"
    );
    assert!(
        stdout.contains("wsl2.memory") && stdout.contains("50% of the host's memory"),
        "{stdout}"
    );
}

/// The arguments of the apply tests, and the values WSL must then read.
const SET: &[&str] = &[
    "--memory",
    "12gb",
    "--processors",
    "6",
    "--swap",
    "4GB",
    "--set",
    "experimental.autoMemoryReclaim=gradual",
];
const EXPECT: &[(&str, &str)] = &[
    ("wsl2.memory", "12GB"),
    ("wsl2.processors", "6"),
    ("wsl2.swap", "4GB"),
    ("experimental.autoMemoryReclaim", "Gradual"),
];

#[test]
fn apply_changes_exactly_the_intended_values_in_place() {
    for name in CORPUS {
        let (dir, path) = copy(name);
        let original = std::fs::read(&path).unwrap();
        let mut args = vec!["apply", "--dry-run"];
        args.extend_from_slice(SET);
        let (code, diff, stderr) = run(dir.path(), &args);
        assert_eq!(code, 0, "{name}: {stderr}");
        assert_eq!(std::fs::read(&path).unwrap(), original, "{name}: --dry-run wrote");
        insta::assert_snapshot!(format!("apply_{name}"), diff);

        args[1] = "--yes";
        let (code, stdout, stderr) = run(dir.path(), &args);
        assert_eq!(code, 0, "{name}: {stderr}");
        assert!(stdout.contains("wsl --shutdown"), "{stdout}");
        let after = std::fs::read(&path).unwrap();
        // A byte-identical backup beside it, nothing else.
        let left = others(dir.path());
        assert_eq!(left.len(), 1, "{name}: {left:?}");
        assert!(
            left[0].starts_with(".wslconfig.wsltune-") && left[0].ends_with("Z.bak"),
            "{left:?}"
        );
        assert_eq!(std::fs::read(dir.path().join(&left[0])).unwrap(), original);
        // The same encoding and byte order mark.
        assert_eq!(
            after.starts_with(b"\xef\xbb\xbf"),
            original.starts_with(b"\xef\xbb\xbf"),
            "{name}"
        );
        assert_eq!(after.starts_with(b"\xff\xfe"), original.starts_with(b"\xff\xfe"), "{name}");
        // WSL now reads the intended values, and everything else as before.
        let json = lint_json(dir.path());
        for (key, value) in EXPECT {
            assert_eq!(json["effective"][key]["value"], *value, "{name}: {key}");
            assert_eq!(json["effective"][key]["source"], "file", "{name}: {key}");
        }
        let old = {
            let (d2, _) = copy(name);
            lint_json(d2.path())
        };
        for (key, e) in old["effective"].as_object().unwrap() {
            if EXPECT.iter().any(|(k, _)| k == key) {
                continue;
            }
            assert_eq!(json["effective"][key]["value"], e["value"], "{name}: {key} changed");
        }
        // Every line of the original is still there, in order, byte for byte.
        let decode = |b: &[u8]| -> String {
            if let Some(rest) = b.strip_prefix(b"\xff\xfe") {
                let units: Vec<u16> =
                    rest.chunks(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
                String::from_utf16(&units).unwrap()
            } else {
                String::from_utf8(b.to_vec()).unwrap()
            }
        };
        let (old_text, new_text) = (decode(&original), decode(&after));
        let diff = similar::TextDiff::from_lines(&old_text, &new_text);
        for change in diff.iter_all_changes() {
            if change.tag() == similar::ChangeTag::Delete {
                let line = change.value().to_ascii_lowercase();
                assert!(
                    ["memory", "processors", "swap", "automemoryreclaim"]
                        .iter()
                        .any(|k| line.trim_start().starts_with(k)),
                    "{name}: an unrelated line changed: {line:?}"
                );
            }
        }

        // A second identical apply changes nothing, and says so.
        let (code, stdout, _) = run(dir.path(), &args);
        assert_eq!(code, 0);
        assert!(stdout.contains("nothing to change"), "{name}: {stdout}");
        assert_eq!(std::fs::read(&path).unwrap(), after);
        assert_eq!(others(dir.path()).len(), 1, "{name}: no second backup");
    }
}

#[test]
fn apply_creates_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["apply", "--memory", "8GB", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Created .wslconfig"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".wslconfig")).unwrap(),
        "[wsl2]\r\nmemory=8GB\r\n"
    );
}

#[test]
fn bad_input_gets_a_clear_error_and_changes_nothing() {
    // A folder instead of a file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".wslconfig")).unwrap();
    for args in [&["lint"][..], &["apply", "--memory", "8GB", "--yes"]] {
        let (code, _, stderr) = run(dir.path(), args);
        assert_eq!(code, 1);
        assert!(stderr.contains("'.wslconfig' is a folder"), "{stderr}");
    }

    // Over 1 MiB, binary junk, UTF-16 big-endian.
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("large", vec![b'#'; (1 << 20) + 1], "at most 1 MiB"),
        ("junk", vec![0x00, 0xff, 0x13, 0x80, 0x81, 0x00, 0x7f, 0xc3], "UTF"),
        ("latin1", b"[wsl2]\n# M\xe9moire\nmemory=8GB\n".to_vec(), "not valid UTF-8 (line 2"),
        ("utf16be", [&[0xfe, 0xff][..], &[0, b'[', 0, b'w']].concat(), "big-endian"),
    ];
    for (what, bytes, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".wslconfig");
        std::fs::write(&path, &bytes).unwrap();
        for args in [&["lint"][..], &["apply", "--memory", "8GB", "--yes"]] {
            let (code, _, stderr) = run(dir.path(), args);
            assert_eq!(code, 1, "{what}");
            assert!(stderr.starts_with("error: ") && stderr.contains(message), "{what}: {stderr}");
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{what}: changed");
            assert!(others(dir.path()).is_empty(), "{what}: left files behind");
        }
    }

    // A read-only file.
    let (dir, path) = copy("clean.wslconfig");
    let original = std::fs::read(&path).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let (code, _, stderr) = run(dir.path(), &["apply", "--memory", "10GB", "--yes"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is read-only"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), original);
    assert!(others(dir.path()).is_empty());

    // Values WSL would not accept are refused before anything is read.
    let (dir, path) = copy("clean.wslconfig");
    // Flags given wrong are usage errors (exit 2); a missing history is not.
    for (args, message, status) in [
        (&["apply", "--set", "wsl2.memroy=8GB", "--yes"][..], "did you mean wsl2.memory?", 2),
        (
            &["apply", "--set", "experimental.autoMemoryReclaim=sometimes", "--yes"],
            "is not one of Disabled, DropCache, Gradual",
            2,
        ),
        (&["apply", "--memory", "100MB", "--yes"], "below WSL's minimum", 2),
        (&["apply", "--set", "wsl2.swapFile", "--yes"], "has no '='", 2),
        (&["apply", "--yes"], "there is no history at", 1),
    ] {
        let (code, _, stderr) = run(dir.path(), args);
        assert_eq!(code, status, "{args:?}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(fixture("wslconfig").join("clean.wslconfig")).unwrap()
        );
    }
    // Without a terminal and without --yes, apply refuses to write.
    let (code, _, stderr) = run(dir.path(), &["apply", "--memory", "10GB"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert!(others(dir.path()).is_empty());
}

/// `--set` with a key WSL does not read is refused with what is wrong on the command line — not
/// with advice for a line of the file — and the nearest key or section when there is one.
#[test]
fn apply_names_an_unknown_key_or_section_given_to_set() {
    let (dir, path) = copy("clean.wslconfig");
    let original = std::fs::read(&path).unwrap();
    for (set, message) in [
        (
            "wsl2.foo=1",
            "error: --set wsl2.foo=1: WSL has no key 'foo' in [wsl2]; `wsltune lint --json` lists every key",
        ),
        ("wsl2.memroy=8GB", "WSL has no key 'memroy' in [wsl2]; did you mean wsl2.memory?"),
        ("ws12.foo=1", ".wslconfig has no section [ws12]; did you mean [wsl2]?"),
        ("zzz.foo=1", "no section [zzz], only [wsl2], [experimental] and [general]"),
        ("wsl.memory=8GB", "no section [wsl]; 'memory' is in [wsl2]: did you mean wsl2.memory?"),
        ("memory=8GB", "a key needs its section: did you mean wsl2.memory?"),
        (
            "wsl2.hostAddressLoopback=true",
            "in [experimental], not in [wsl2]: did you mean experimental.hostAddressLoopback?",
        ),
        ("boot.systemd=true", "[boot] is a section of /etc/wsl.conf"),
        ("wsl2.pageReporting=false", "WSL no longer reads wsl2.pageReporting"),
    ] {
        let (code, stdout, stderr) = run(dir.path(), &["apply", "--set", set, "--yes"]);
        // A usage error, as every flag given wrong.
        assert_eq!(code, 2, "{set}");
        assert!(stderr.contains(message), "{set}: {stderr}");
        assert!(!stderr.contains("the line"), "{set}: advice for a file: {stderr}");
        assert!(stdout.is_empty(), "{set}: {stdout}");
        assert_eq!(std::fs::read(&path).unwrap(), original, "{set}");
        assert!(others(dir.path()).is_empty(), "{set}");
    }
}

#[test]
fn paths_are_written_with_doubled_backslashes() {
    let (dir, path) = copy("quotes-paths.wslconfig");
    let (code, _, stderr) = run(
        dir.path(),
        &[
            "apply",
            "--set",
            "wsl2.swapFile=C:\\temp\\swap.vhdx",
            "--set",
            "wsl2.kernelCommandLine=a # b",
            "--yes",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("swapFile=C:\\\\temp\\\\swap.vhdx\r\n"), "{text}");
    assert!(text.contains("kernelCommandLine = \"a # b\"   # real comment\r\n"), "{text}");
    let json = lint_json(dir.path());
    assert_eq!(json["effective"]["wsl2.swapFile"]["value"], "C:\\temp\\swap.vhdx");
    assert_eq!(json["effective"]["wsl2.kernelCommandLine"]["value"], "a # b");
}

/// Every name in a folder, sorted.
#[cfg(unix)]
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A `.wslconfig` kept in a dotfiles repository and linked from the profile: the file in the
/// repository is edited and backed up beside itself; the link stays a link to it.
#[cfg(unix)]
#[test]
fn apply_writes_through_a_symlink_to_its_target() {
    let root = tempfile::tempdir().unwrap();
    let (profile, dotfiles) = (root.path().join("profile"), root.path().join("dotfiles"));
    std::fs::create_dir_all(&profile).unwrap();
    std::fs::create_dir_all(dotfiles.join("wsl")).unwrap();
    let original = std::fs::read(fixture("wslconfig").join("clean.wslconfig")).unwrap();
    let file = dotfiles.join("wsl").join("wslconfig");
    std::fs::write(&file, &original).unwrap();
    // A chain: the profile's link is relative to its folder, the next one absolute.
    std::os::unix::fs::symlink("../dotfiles/current", profile.join(".wslconfig")).unwrap();
    std::os::unix::fs::symlink(&file, dotfiles.join("current")).unwrap();

    let (code, stdout, stderr) = run(&profile, &["apply", "--memory", "4GB", "--yes"]);
    assert_eq!(code, 0, "{stderr}");

    // The links are links still, to the same targets.
    assert_eq!(
        std::fs::read_link(profile.join(".wslconfig")).unwrap(),
        Path::new("../dotfiles/current")
    );
    assert_eq!(std::fs::read_link(dotfiles.join("current")).unwrap(), file);
    // The target has the new value, and WSL reads it through the link.
    assert!(std::fs::read_to_string(&file).unwrap().contains("memory=4GB"));
    assert_eq!(lint_json(&profile)["effective"]["wsl2.memory"]["value"], "4GB");
    // The backup is beside the target, byte for byte; nothing appeared beside the links.
    let beside = names(&file.with_file_name(""));
    assert_eq!(beside.len(), 2, "{beside:?}");
    assert!(beside[1].starts_with("wslconfig.wsltune-") && beside[1].ends_with("Z.bak"));
    assert_eq!(std::fs::read(dotfiles.join("wsl").join(&beside[1])).unwrap(), original);
    assert_eq!(names(&profile), [".wslconfig"]);
    assert_eq!(names(&dotfiles), ["current", "wsl"]);
    // It says which file it wrote, in the diff and after.
    let shown = dotfiles.canonicalize().unwrap().join("wsl").join("wslconfig");
    assert!(stdout.contains(&format!("+++ {} (after wsltune apply)", shown.display())), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "Wrote {} (through the link .wslconfig, which is kept; backup",
            shown.display()
        )),
        "{stdout}"
    );
}

/// A link to a file not there yet (a fresh dotfiles checkout): the file is created where the
/// link points, and the link is kept.
#[cfg(unix)]
#[test]
fn apply_creates_the_target_of_a_dangling_symlink() {
    let root = tempfile::tempdir().unwrap();
    let (profile, dotfiles) = (root.path().join("profile"), root.path().join("dotfiles"));
    std::fs::create_dir_all(&profile).unwrap();
    std::fs::create_dir_all(&dotfiles).unwrap();
    std::os::unix::fs::symlink("../dotfiles/wslconfig", profile.join(".wslconfig")).unwrap();

    let (code, stdout, stderr) = run(&profile, &["apply", "--memory", "8GB", "--yes"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_link(profile.join(".wslconfig")).unwrap(),
        Path::new("../dotfiles/wslconfig")
    );
    assert_eq!(
        std::fs::read_to_string(dotfiles.join("wslconfig")).unwrap(),
        "[wsl2]\r\nmemory=8GB\r\n"
    );
    assert_eq!(names(&profile), [".wslconfig"]);
    assert_eq!(names(&dotfiles), ["wslconfig"]);
    assert!(
        stdout.contains("the link .wslconfig pointed to no file yet; the link is kept"),
        "{stdout}"
    );

    // A link into a folder that does not exist is refused, and names the folder.
    std::fs::remove_file(profile.join(".wslconfig")).unwrap();
    std::os::unix::fs::symlink("../nowhere/wslconfig", profile.join(".wslconfig")).unwrap();
    let (code, _, stderr) = run(&profile, &["apply", "--memory", "8GB", "--yes"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is a symbolic link to") && stderr.contains("nowhere"), "{stderr}");
    assert_eq!(names(&profile), [".wslconfig"]);
    assert!(profile.join(".wslconfig").symlink_metadata().unwrap().file_type().is_symlink());
}
