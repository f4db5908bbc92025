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
use crate::wslconfig::texts::default_in_words;

/// What `lint` says around the findings, in English and Japanese (each text's English says
/// what it is for).
#[allow(missing_docs)]
mod texts {
    crate::texts! {
        NO_FILE: "There is no .wslconfig at {path}: WSL uses its defaults (listed below)."
            / "{path} に `.wslconfig` はありません。WSL は既定値（下記）を使います。";
        FIX_NO_FILE: "Create one with `wsltune apply` (e.g. --memory 8GB)."
            / "`wsltune apply` で作成できます（例: `--memory 8GB`）。";
        HEADER: ".wslconfig: {path} ({encoding}, {eol})" / ".wslconfig: {path}（{encoding}、改行 {eol}）";
        HEADER_NO_FILE: ".wslconfig: {path} (not there)" / ".wslconfig: {path}（ファイルなし）";
        UTF8_BOM: "UTF-8 with BOM" / "BOM 付き UTF-8";
        NO_LINE_BREAKS: "no line breaks" / "なし";
        MIXED_LINE_ENDINGS: "mixed CRLF and LF" / "CRLF と LF が混在";
        SEVERITY_ERROR: "error" / "エラー";
        SEVERITY_WARNING: "warning" / "警告";
        SEVERITY_INFO: "info" / "情報";
        FIX_LABEL: "fix" / "対処";
        NO_PROBLEMS: "No problems: WSL reads every line as written."
            / "問題はありません。WSL はすべての行を書かれたとおりに読みます。";
        SUMMARY_ONE_ONE: "{wsl} warning WSL prints when the VM starts; {ours} more problem WSL does not mention."
            / "VM の起動時に WSL が表示する警告が {wsl} 件、WSL が指摘しない問題がほかに {ours} 件あります。";
        SUMMARY_ONE_MANY: "{wsl} warning WSL prints when the VM starts; {ours} more problems WSL does not mention."
            / "VM の起動時に WSL が表示する警告が {wsl} 件、WSL が指摘しない問題がほかに {ours} 件あります。";
        SUMMARY_MANY_ONE: "{wsl} warnings WSL prints when the VM starts; {ours} more problem WSL does not mention."
            / "VM の起動時に WSL が表示する警告が {wsl} 件、WSL が指摘しない問題がほかに {ours} 件あります。";
        SUMMARY_MANY_MANY: "{wsl} warnings WSL prints when the VM starts; {ours} more problems WSL does not mention."
            / "VM の起動時に WSL が表示する警告が {wsl} 件、WSL が指摘しない問題がほかに {ours} 件あります。";
        EFFECTIVE_HEADING: "What WSL will use (--json lists every key):"
            / "WSL が使う値（`--json` ですべてのキーを表示）:";
        EFFECTIVE_LINE: "  {key}  {value}  ({from})" / "  {key}  {value}（{from}）";
        FROM_WRITTEN: "line {line}, written {written}" / "{line} 行目、記述は {written}";
        FROM_LINE: "line {line}" / "{line} 行目";
        FROM_IGNORED: "default: line {line} is ignored" / "既定値: {line} 行目は無視されます";
        FROM_DEFAULT: "default" / "既定値";
    }
}
use texts as T;
pub use texts::ALL as TEXTS;

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
            message: T::NO_FILE.fill(&[("path", &target.shown)]),
            fix: Some(T::FIX_NO_FILE.to_string()),
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
        serde_json::to_writer_pretty(&mut out, &report)
            .context(super::texts::WRITING_OUTPUT.get())?;
        writeln!(out).context(super::texts::WRITING_OUTPUT.get())?;
    } else {
        render(&mut out, &report).context(super::texts::WRITING_OUTPUT.get())?;
    }
    let problems = report.findings.iter().any(|f| f.severity >= Severity::Warning);
    Ok(if problems { Outcome::UserError } else { Outcome::Success })
}

fn render(out: &mut impl Write, r: &Report<'_>) -> std::io::Result<()> {
    use crate::term::display_width;
    match (r.encoding, r.line_endings) {
        (Some(enc), Some(eol)) => {
            let (enc, eol) = (shown_words(enc), shown_words(eol));
            writeln!(
                out,
                "{}",
                T::HEADER.fill(&[("path", &r.shown_as), ("encoding", &enc), ("eol", &eol)])
            )?
        }
        _ => writeln!(out, "{}", T::HEADER_NO_FILE.fill(&[("path", &r.shown_as)]))?,
    }
    writeln!(out)?;
    let labels = [T::SEVERITY_ERROR.get(), T::SEVERITY_WARNING.get(), T::SEVERITY_INFO.get()];
    let label_w = labels.iter().map(|l| display_width(l)).max().unwrap_or(0);
    let fix_label = T::FIX_LABEL.get();
    // The fix's label two columns in from the message.
    let fix_indent = " ".repeat(5 + 2 + label_w + 2 + 2);
    for f in &r.findings {
        let line = f.line.map_or_else(|| "     ".to_owned(), |l| format!("{l:>5}"));
        let who = if f.wsl_prints { "wsl: " } else { "" };
        let severity = match f.severity {
            Severity::Error => labels[0],
            Severity::Warning => labels[1],
            Severity::Info => labels[2],
        };
        let pad = " ".repeat(label_w - display_width(severity));
        writeln!(out, "{line}  {severity}{pad}  {who}{}", f.message)?;
        if let Some(fix) = &f.fix {
            writeln!(out, "{fix_indent}{fix_label}: {fix}")?;
        }
    }
    let wsl = r.findings.iter().filter(|f| f.wsl_prints).count();
    let ours =
        r.findings.iter().filter(|f| !f.wsl_prints && f.severity >= Severity::Warning).count();
    if r.findings.is_empty() {
        writeln!(out, "{}", T::NO_PROBLEMS)?;
    } else {
        writeln!(out)?;
        let summary = match (wsl == 1, ours == 1) {
            (true, true) => T::SUMMARY_ONE_ONE,
            (true, false) => T::SUMMARY_ONE_MANY,
            (false, true) => T::SUMMARY_MANY_ONE,
            (false, false) => T::SUMMARY_MANY_MANY,
        };
        writeln!(out, "{}", summary.fill(&[("wsl", &wsl), ("ours", &ours)]))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", T::EFFECTIVE_HEADING)?;
    let width = r.effective.keys().map(|k| k.len()).max().unwrap_or(0);
    for (key, e) in &r.effective {
        if e.source == "default" && !SHOWN.contains(key) {
            continue;
        }
        let from = match (e.source, e.line, &e.written) {
            ("file", Some(l), Some(w)) => {
                T::FROM_WRITTEN.fill(&[("line", &l), ("written", &format!("{w:?}"))])
            }
            ("file", Some(l), None) => T::FROM_LINE.fill(&[("line", &l)]),
            (_, Some(l), _) => T::FROM_IGNORED.fill(&[("line", &l)]),
            _ => T::FROM_DEFAULT.to_string(),
        };
        let value =
            if e.source == "default" { default_in_words(&e.value) } else { e.value.as_str() };
        let shown: String = value
            .chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect();
        writeln!(
            out,
            "{}",
            T::EFFECTIVE_LINE.fill(&[
                ("key", &format!("{key:<width$}")),
                ("value", &shown),
                ("from", &from)
            ])
        )?;
    }
    Ok(())
}

/// An encoding or line-ending name of the JSON (`UTF-8 with BOM`, `CRLF`) in the current
/// language.
fn shown_words(name: &str) -> &str {
    match name {
        "UTF-8 with BOM" => T::UTF8_BOM.get(),
        "no line breaks" => T::NO_LINE_BREAKS.get(),
        "mixed CRLF and LF" => T::MIXED_LINE_ENDINGS.get(),
        other => other,
    }
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
