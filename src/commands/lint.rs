//! `wsltune lint`: read `.wslconfig` as WSL does, and show WSL's warnings, our advice and the
//! value WSL will use for each key, as text or JSON.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Context;
use serde::Serialize;

use crate::Outcome;
use crate::cli::{GlobalArgs, LintArgs};
use crate::wslconfig::Encoding;
use crate::wslconfig::lint::{self as rules, Effective, Finding, Severity};

/// Keys shown in the text view even when the file does not set them.
const SHOWN: &[&str] = &[
    "wsl2.memory",
    "wsl2.processors",
    "wsl2.swap",
    "wsl2.swapFile",
    "wsl2.vmIdleTimeout",
    "wsl2.networkingMode",
    "experimental.autoMemoryReclaim",
    "experimental.sparseVhd",
];

#[derive(Serialize)]
struct Report<'a> {
    path: String,
    shown_as: &'a str,
    exists: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line_endings: Option<&'static str>,
    findings: Vec<Finding>,
    effective: BTreeMap<&'static str, Effective>,
}

/// Runs `wsltune lint`.
pub fn run(global: &GlobalArgs, args: &LintArgs) -> anyhow::Result<Outcome> {
    let target = super::wslconfig_target(global)?;
    let parsed = target.parse();
    let mut findings = parsed.lint(super::host());
    if target.document.is_none() {
        findings.push(Finding {
            line: None,
            severity: Severity::Info,
            code: "no-file",
            message: format!(
                "There is no .wslconfig at {}: WSL uses its defaults (listed below).",
                target.shown
            ),
            fix: Some("Create one with `wsltune apply` (e.g. --memory 8GB).".to_owned()),
            wsl_prints: false,
        });
    }
    let report = Report {
        path: target.path.display().to_string(),
        shown_as: &target.shown,
        exists: target.document.is_some(),
        encoding: target.document.as_ref().map(|d| encoding_name(d.encoding)),
        line_endings: target.document.as_ref().map(|d| line_endings(&d.text)),
        findings,
        effective: rules::effective(&parsed.config),
    };
    let mut out = crate::term::stdout_for(args.json);
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report).context("writing JSON")?;
        writeln!(out).context("writing JSON")?;
    } else {
        render(&mut out, &report).context("writing the report")?;
    }
    let problems = report.findings.iter().any(|f| f.severity >= Severity::Warning);
    Ok(if problems { Outcome::UserError } else { Outcome::Success })
}

fn render(out: &mut impl Write, r: &Report<'_>) -> std::io::Result<()> {
    match (r.encoding, r.line_endings) {
        (Some(enc), Some(eol)) => writeln!(out, ".wslconfig: {} ({enc}, {eol})", r.shown_as)?,
        _ => writeln!(out, ".wslconfig: {} (not there)", r.shown_as)?,
    }
    writeln!(out)?;
    for f in &r.findings {
        let line = f.line.map_or_else(|| "     ".to_owned(), |l| format!("{l:>5}"));
        let who = if f.wsl_prints { "wsl: " } else { "" };
        let severity = match f.severity {
            Severity::Error => "error  ",
            Severity::Warning => "warning",
            Severity::Info => "info   ",
        };
        writeln!(out, "{line}  {severity}  {who}{}", f.message)?;
        if let Some(fix) = &f.fix {
            writeln!(out, "                  fix: {fix}")?;
        }
    }
    let wsl = r.findings.iter().filter(|f| f.wsl_prints).count();
    let ours =
        r.findings.iter().filter(|f| !f.wsl_prints && f.severity >= Severity::Warning).count();
    if r.findings.is_empty() {
        writeln!(out, "No problems: WSL reads every line as written.")?;
    } else {
        writeln!(out)?;
        writeln!(
            out,
            "{wsl} warning{} WSL prints when the VM starts; {ours} more problem{} WSL does not mention.",
            if wsl == 1 { "" } else { "s" },
            if ours == 1 { "" } else { "s" }
        )?;
    }
    writeln!(out)?;
    writeln!(out, "What WSL will use (--json lists every key):")?;
    let width = r.effective.keys().map(|k| k.len()).max().unwrap_or(0);
    for (key, e) in &r.effective {
        if e.source == "default" && !SHOWN.contains(key) {
            continue;
        }
        let from = match (e.source, e.line, &e.written) {
            ("file", Some(l), Some(w)) => format!("line {l}, written {w:?}"),
            ("file", Some(l), None) => format!("line {l}"),
            (_, Some(l), _) => format!("default: line {l} is ignored"),
            _ => "default".to_owned(),
        };
        let shown: String = e
            .value
            .chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect();
        writeln!(out, "  {key:<width$}  {shown}  ({from})")?;
    }
    Ok(())
}

/// How a file's lines end, for display.
fn line_endings(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    match (crlf, lf) {
        (0, 0) => "no line breaks",
        (_, 0) => "CRLF",
        (0, _) => "LF",
        _ => "mixed CRLF and LF",
    }
}

/// The encoding, for display.
fn encoding_name(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf8Bom => "UTF-8 with BOM",
        Encoding::Utf16Le => "UTF-16 LE",
    }
}
