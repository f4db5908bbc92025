//! Human output fits the terminal (issue 18): at 60, 80 and 120 columns every line of every
//! command's text — stdout and stderr — is at most that wide (display width: double-width
//! characters count two), nothing is lost, and off a terminal lines stay whole. The width is
//! forced with `WSLTUNE_WIDTH`, as a terminal would give it.

use std::path::Path;
use std::process::Command;

use wsltune::term::display_width;

use crate::recommend::{history_with_disk, import};
use crate::util::{fixture, in_dir, wsltune};

/// (stdout, stderr) of `cmd` at `width` (`None`: not a terminal).
fn output(mut cmd: assert_cmd::Command, width: Option<usize>) -> (String, String) {
    cmd.env_remove("WSLTUNE_WIDTH").env_remove("COLUMNS");
    if let Some(w) = width {
        cmd.env("WSLTUNE_WIDTH", w.to_string());
    }
    let out = cmd.output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The text without its whitespace: what wrapping must keep.
fn words(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Checks `make`'s output at each width; `relaid`: the command lays its text out anew for a
/// narrow terminal (a table's rows, a path shortened), so only the widths are compared.
fn check(what: &str, make: &dyn Fn() -> assert_cmd::Command, relaid: bool) {
    let (whole, whole_err) = output(make(), None);
    let longest = whole.lines().chain(whole_err.lines()).map(display_width).max().unwrap_or(0);
    assert!(longest > 60, "{what}: the test needs lines longer than 60 columns ({longest})");
    for width in [60, 80, 120] {
        let (out, err) = output(make(), Some(width));
        for line in out.lines().chain(err.lines()) {
            assert!(display_width(line) <= width, "{what} at {width}: {line:?}");
        }
        if !relaid {
            // Only where the text moved between lines: every character is still there.
            assert_eq!(words(&out), words(&whole), "{what} at {width}: text lost");
        }
    }
}

#[test]
fn every_command_fits_60_80_and_120_columns() {
    let dir = tempfile::tempdir().unwrap();
    let long_disk =
        "/mnt/c/Users/someone-with-a-long-name/AppData/Local/Docker/wsl/disk/docker_data.vhdx";
    import(dir.path(), &history_with_disk(2, long_disk));
    let d = dir.path().to_path_buf();
    check(
        "recommend",
        &|| {
            let mut c = in_dir(&d);
            c.arg("recommend");
            c
        },
        true,
    );
    let doctor = fixture("doctor/wsl2-new-layout");
    // The disk table shortens its paths in the middle: checked for width only.
    check(
        "doctor",
        &|| {
            let mut c = wsltune(&d);
            c.arg("--root")
                .arg(doctor.join("root"))
                .arg("--proc-root")
                .arg(doctor.join("proc"))
                .arg("doctor");
            c
        },
        true,
    );
    let config = fixture("wslconfig/blog-copy.wslconfig");
    check(
        "lint",
        &|| {
            let mut c = wsltune(&d);
            c.arg("--wslconfig").arg(&config).arg("lint");
            c
        },
        false,
    );
    let disk = d.join("a-disk-with-a-rather-long-name-to-make-the-lines-wide.vhdx");
    let made =
        Command::new("qemu-img").args(["create", "-q", "-f", "vhdx"]).arg(&disk).arg("1G").status();
    assert!(made.unwrap().success());
    check(
        "inspect",
        &|| {
            let mut c = wsltune(&d);
            c.arg("inspect").arg(&disk);
            c
        },
        false,
    );
    check(
        "compact (plan)",
        &|| {
            let mut c = wsltune(&d);
            c.arg("compact").arg(&disk);
            c
        },
        false,
    );
    // An error on stderr.
    let missing = Path::new("/nonexistent/folder/with/a/long/name/for/the/history/wsltune.db");
    check(
        "an error",
        &|| {
            let mut c = wsltune(&d);
            c.arg("--db").arg(missing).arg("recommend");
            c
        },
        false,
    );
}

/// `recommend`'s table stays a table where it fits, and gives each reason a line of its own
/// where it does not.
#[test]
fn recommend_moves_its_reasons_under_their_rows_when_narrow() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &history_with_disk(2, "/mnt/c/d.vhdx"));
    let (wide, _) = output(
        {
            let mut c = in_dir(dir.path());
            c.arg("recommend");
            c
        },
        None,
    );
    assert!(wide.lines().any(|l| l.starts_with("setting") && l.ends_with("why")), "{wide}");
    let (narrow, _) = output(
        {
            let mut c = in_dir(dir.path());
            c.arg("recommend");
            c
        },
        Some(80),
    );
    assert!(!narrow.contains("setting "), "{narrow}");
    assert!(narrow.lines().any(|l| l.starts_with("wsl2.memory = ")), "{narrow}");
    assert!(narrow.lines().any(|l| l.starts_with("  why: ")), "{narrow}");
}
