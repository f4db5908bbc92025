//! Every command in Japanese (issue 21): each one run with `--lang ja` on fixtures and real disks,
//! on its way that works and its ways that fail, and every line it prints checked for English
//! prose outside `code`, quotes and paths. WSL's own warnings (after `wsl: `) stay as WSL prints
//! them; `--help` and clap's usage errors stay English (README) and are not run here.

use assert_cmd::Command;
use std::path::Path;

use crate::images::{Work, have};
use crate::recommend::{history, import};
use crate::util::{fixture, in_dir};

/// English prose in `line`: two plain lowercase English words in a row, outside `code`,
/// "quotes", 'quoted values' (a `'` after a letter is an apostrophe, not a quote) and runs of
/// non-ASCII text; `None` when there is none. Every Japanese test of the CLI checks with this.
pub fn english_prose(line: &str) -> Option<String> {
    let mut plain = String::new();
    let mut inside: Option<char> = None;
    let mut prev = ' ';
    for c in line.chars() {
        match inside {
            Some(q) if c == q => inside = None,
            Some(_) => {}
            None if c == '`' || c == '"' => inside = Some(c),
            None if c == '\'' && !prev.is_ascii_alphanumeric() => inside = Some(c),
            None => plain.push(c),
        }
        prev = c;
    }
    for run in plain.split(|c: char| !c.is_ascii()) {
        let words: Vec<bool> = run
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| ",;:.()?!".contains(c)))
            .map(|w| {
                w.len() > 2
                    && w.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
                    && w.starts_with(|c: char| c.is_ascii_lowercase())
            })
            .collect();
        if words.windows(2).any(|w| w[0] && w[1]) {
            return Some(run.to_owned());
        }
    }
    None
}

/// What one command printed, for the checks.
struct Said {
    what: String,
    code: i32,
    text: String,
}

/// Runs `cmd` with `--lang ja` already in its arguments.
fn said(what: &str, cmd: &mut Command) -> Said {
    let out = cmd.output().unwrap();
    let mut text = String::from_utf8(out.stdout).unwrap();
    text.push_str(&String::from_utf8(out.stderr).unwrap());
    Said { what: what.to_owned(), code: out.status.code().unwrap_or(-1), text }
}

/// `wsltune --lang ja` working in `dir` (its history, root and `.wslconfig`).
fn ja(dir: &Path) -> Command {
    let mut cmd = in_dir(dir);
    cmd.arg("--lang").arg("ja");
    cmd
}

/// The lines of `said` that are English prose, named by the command.
fn english_lines(said: &Said) -> Vec<String> {
    said.text
        .lines()
        // Paths in messages (`/tmp/…`) are names, not prose.
        .map(|l| l.split_once("wsl: ").map_or(l, |(before, _)| before))
        .filter_map(|l| {
            let words: String = l
                .split_whitespace()
                .filter(|w| !w.contains('/') && !w.contains('\\'))
                .collect::<Vec<_>>()
                .join(" ");
            english_prose(&words)
                .map(|p| format!("{} (exit {}): {p:?} in {l:?}", said.what, said.code))
        })
        .collect()
}

/// The text of an HTML page: tags and `<code>` removed, entities as they read.
fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let (cut, close) = if tail.starts_with("<style") {
            ("</style>", true)
        } else if tail.starts_with("<code") {
            ("</code>", true)
        } else {
            (">", false)
        };
        match tail.find(cut) {
            Some(end) => {
                rest = &tail[end + cut.len()..];
                out.push(if close { ' ' } else { '\n' });
            }
            None => break,
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
}

#[test]
fn every_command_speaks_japanese_on_its_ways_that_work_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fresh = |name: &str| {
        let sub = d.join(name);
        std::fs::create_dir(&sub).unwrap();
        sub
    };
    let mut all: Vec<Said> = Vec::new();

    // doctor, on every fixture tree.
    for name in ["linux", "wsl1", "wsl2-new-layout", "wsl2-custom-location", "wsl2-project-engine"]
    {
        let tree = fixture(&format!("doctor/{name}"));
        let mut cmd = crate::util::wsltune(d);
        cmd.args(["--lang", "ja"]);
        cmd.arg("--proc-root").arg(tree.join("proc")).arg("--root").arg(tree.join("root"));
        all.push(said(&format!("doctor {name}"), cmd.args(["doctor", "--project", "/"])));
    }

    // Output that cannot be written (a full disk): the system's words in Japanese too.
    if Path::new("/dev/full").exists() {
        let tree = fixture("doctor/wsl2-new-layout");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wsltune"))
            .env("HOME", d)
            .args(["--lang", "ja", "--proc-root"])
            .arg(tree.join("proc"))
            .arg("--root")
            .arg(tree.join("root"))
            .arg("doctor")
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stderr).unwrap();
        let full =
            Said { what: "doctor > /dev/full".into(), code: out.status.code().unwrap_or(-1), text };
        assert!(full.text.contains("(os error 28)"), "{}", full.text);
        all.push(full);
    }

    // recommend and report: too little history, then two days.
    import(d, &history(0).lines().take(30).collect::<Vec<_>>().join("\n"));
    all.push(said("recommend (little history)", ja(d).arg("recommend")));
    std::fs::remove_file(d.join("h.db")).unwrap();
    import(d, &history(2));
    std::fs::write(d.join(".wslconfig"), "[wsl2]\nmemory=8GB\nprocessors=4\n").unwrap();
    all.push(said("recommend", ja(d).arg("recommend")));
    all.push(said("apply --dry-run", ja(d).args(["apply", "--memory", "6GB", "--dry-run"])));
    all.push(said("apply (bad size)", ja(d).args(["apply", "--memory", "6 GiB", "--yes"])));
    let report = said("report", ja(d).args(["report", "--out"]).arg(d.join("r")));
    assert_eq!(report.code, 0, "{}", report.text);
    all.push(Said {
        what: "report page".into(),
        code: 0,
        text: page_text(&std::fs::read_to_string(d.join("r/report.html")).unwrap()),
    });
    all.push(report);

    // export and import, working and failing.
    all.push(said("export", ja(d).args(["export", "--format", "csv", "-o"]).arg(d.join("x.csv"))));
    std::fs::write(d.join("bad.csv"), "ts,mem_total_bytes\nyesterday,12\n").unwrap();
    let mut cmd = ja(&fresh("import"));
    cmd.args(["import", "--format", "csv"]);
    all.push(said("import (bad row)", cmd.arg(d.join("bad.csv"))));
    std::fs::write(d.join("bad.jsonl"), b"\xff\xfe{\"ts\":1}\n").unwrap();
    let mut cmd = ja(&fresh("import-utf8"));
    cmd.args(["import", "--format", "jsonl"]);
    all.push(said("import (not UTF-8)", cmd.arg(d.join("bad.jsonl"))));
    let mut cmd = ja(&fresh("export"));
    cmd.args(["export", "--format", "jsonl"]);
    all.push(said("export (no history)", &mut cmd));

    // monitor, a few samples of a fixture VM, as lines.
    let proc = fixture("proc/idle");
    let mut cmd = ja(&fresh("monitor"));
    cmd.arg("--proc-root").arg(&proc);
    cmd.args([
        "monitor",
        "--count",
        "3",
        "--interval",
        "100ms",
        "--no-docker",
        "--format",
        "lines",
    ]);
    all.push(said("monitor", &mut cmd));

    // service status (nothing installed).
    all.push(said("service status", ja(d).args(["service", "status"])));

    // inspect and compact on a real disk, and on files that are not one.
    if have("qemu-img") && have("mkfs.ext4") {
        let w = Work::new();
        let raw = w.ext4("a.raw", "64M", &[], &[("big", crate::images::noise(8 << 20, 1))]);
        crate::images::debugfs_w(&raw, "rm big");
        let vhdx = w.vhdx(&raw, "a.vhdx", "subformat=dynamic,block_size=1M");
        all.push(said("inspect", ja(d).arg("inspect").arg(&vhdx)));
        all.push(said(
            "compact --to",
            ja(d).args(["compact", "--yes"]).arg(&vhdx).arg("--to").arg(w.path("b.vhdx")),
        ));
        all.push(said(
            "compact (no answer)",
            ja(d).arg("compact").arg(&vhdx).arg("--to").arg(w.path("c.vhdx")),
        ));
        std::fs::write(w.path("short.vhdx"), b"vhdxfile but cut short").unwrap();
        all.push(said("inspect (not a VHDX)", ja(d).arg("inspect").arg(w.path("short.vhdx"))));
        all.push(said("inspect (missing)", ja(d).arg("inspect").arg(w.path("missing.vhdx"))));
    }

    let mut problems = Vec::new();
    for s in &all {
        assert!(!s.text.trim().is_empty() || s.what == "export", "{} printed nothing", s.what);
        problems.extend(english_lines(s));
        // `report` prints only the page's path, for scripts.
        if !s.text.trim().is_empty()
            && s.what != "report"
            && !s.text.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c))
        {
            problems.push(format!("{} (exit {}): no Japanese in {:?}", s.what, s.code, s.text));
        }
    }
    assert!(problems.is_empty(), "English left in Japanese output:\n{}", problems.join("\n"));
}
