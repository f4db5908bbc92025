//! wsltune's advice on top of WSL's own warnings: what WSL accepts silently but gets wrong —
//! headers that shift the keys below, `wsl.conf` sections, unknown sections, single backslashes
//! WSL reads as control characters, octal numbers, clamped sizes, `sparseVhd=true`, non-ASCII
//! values, `;` inside values.

use super::config::Config;
use super::keys::{self, Kind};
use super::lexer::Lexed;
use super::lint::{Finding, Host, Severity, nearest};

/// Adds the advice findings for the file to `out`.
pub(super) fn advice(text: &str, lexed: &Lexed, cfg: &Config, host: Host, out: &mut Vec<Finding>) {
    let mut add = |line: u32,
                   severity: Severity,
                   code: &'static str,
                   message: String,
                   fix: Option<String>| {
        out.push(Finding { line: Some(line), severity, code, message, fix, wsl_prints: false });
    };
    // Headers: wsl.conf sections, unknown names, and malformed ones that shift the keys below.
    for (i, h) in lexed.headers.iter().enumerate() {
        let keys_below = lexed
            .entries
            .iter()
            .filter(|e| e.first_line > h.line)
            .take_while(|e| lexed.headers.get(i + 1).is_none_or(|next| e.first_line < next.line))
            .count();
        if !h.valid {
            let prefix = lexed
                .entries
                .iter()
                .find(|e| {
                    e.first_line > h.line
                        && lexed.headers.get(i + 1).is_none_or(|n| e.first_line < n.line)
                })
                .map(|e| e.name.rsplit_once('.').map_or("", |(s, _)| s).to_owned());
            if let Some(prefix) = prefix {
                let effect = if prefix.is_empty() {
                    "as keys without a section, which WSL ignores".to_owned()
                } else {
                    format!("as [{prefix}] keys")
                };
                add(
                    h.line,
                    Severity::Warning,
                    "header-shifts-keys",
                    format!(
                        "WSL does not accept this header, so the {} below it {} read {effect}.",
                        if keys_below == 1 {
                            "key".to_owned()
                        } else {
                            format!("{keys_below} keys")
                        },
                        if keys_below == 1 { "is" } else { "are" }
                    ),
                    Some(format!(
                        "Fix the header (e.g. [{}]).",
                        if h.name.is_empty() { "wsl2" } else { &h.name }
                    )),
                );
            }
            continue;
        }
        if keys::WSL_CONF_SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(&h.name)) {
            add(
                h.line,
                Severity::Warning,
                "wsl-conf-section",
                format!(
                    "[{}] is a section of /etc/wsl.conf (inside each distro); .wslconfig ignores it.",
                    h.name
                ),
                Some(format!(
                    "Move the [{}] section to /etc/wsl.conf in the distro, then `wsl --shutdown`.",
                    h.name
                )),
            );
        } else if !keys::SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(&h.name)) {
            let near = nearest(&h.name, keys::SECTIONS);
            add(
                h.line,
                Severity::Warning,
                "unknown-section",
                format!("There is no section [{}]: WSL ignores every key under it.", h.name),
                Some(match near {
                    Some(n) => format!("Did you mean [{n}]?"),
                    None => "Use [wsl2], [experimental] or [general].".to_owned(),
                }),
            );
        }
    }
    for s in &cfg.settings {
        let Some(entry) = lexed.entries.get(s.entry) else { continue };
        let raw = text.get(entry.value_span.clone()).unwrap_or("");
        if matches!(s.key.kind, Kind::Path | Kind::Text) && has_single_backslash_escape(raw) {
            add(
                s.line,
                Severity::Warning,
                "mangled-escape",
                format!(
                    "WSL reads '\\t', '\\b' and '\\n' here as control characters, silently: {} becomes {:?}.",
                    s.key.name, s.value
                ),
                Some(format!(
                    "Double every backslash: {}={}",
                    entry.key,
                    raw.replace('\\', "\\\\")
                )),
            );
        }
        if !s.value.is_ascii() {
            add(
                s.line,
                Severity::Warning,
                "non-ascii-value",
                format!(
                    "The value of {} has non-ASCII characters; WSL reads values byte by byte and may mangle them.",
                    s.key.name
                ),
                Some(
                    "Use a path or value with ASCII characters only (e.g. a short 8.3 path)."
                        .to_owned(),
                ),
            );
        }
        if s.valid && s.key.kind == Kind::Int && octal_looking(&s.value) {
            let n = keys::parse_int(&s.value).unwrap_or(0);
            add(
                s.line,
                Severity::Warning,
                "octal-number",
                format!("WSL reads '{}' as an octal number: {} = {n}.", s.value, s.key.name),
                Some(format!(
                    "Write {n} if that is what you meant, or {} without the leading zero.",
                    s.value.trim_start_matches('0')
                )),
            );
        }
        if !s.valid {
            continue;
        }
        match s.key.name {
            "wsl2.memory" => {
                let bytes = keys::parse_size(&s.value).unwrap_or(0);
                if bytes == 0 {
                    add(
                        s.line,
                        Severity::Info,
                        "memory-default",
                        "memory=0 means WSL's default: half of the host's memory.".to_owned(),
                        None,
                    );
                } else if bytes < 256 << 20 {
                    add(
                        s.line,
                        Severity::Warning,
                        "memory-clamped",
                        format!(
                            "WSL raises memory={} to its minimum, 256MB, without a warning.",
                            s.value
                        ),
                        Some("Set at least 256MB; a VM running Docker needs a few GB.".to_owned()),
                    );
                } else if let Some(host) = host.memory_bytes.filter(|h| bytes > *h) {
                    add(s.line, Severity::Warning, "memory-clamped", format!("memory={} is more than the host has ({}); WSL lowers it to the host's memory without a warning.", s.value, keys::format_size(host)), Some("Leave Windows room: set memory to at most the host's memory minus 2–4 GB.".to_owned()));
                }
            }
            "wsl2.processors" if keys::parse_int(&s.value).is_some_and(|n| n <= 0) => {
                add(
                    s.line,
                    Severity::Info,
                    "processors-default",
                    format!("processors={} means all of the host's logical processors.", s.value),
                    None,
                );
            }
            "experimental.sparseVhd" if keys::parse_bool(&s.value) == Some(true) => {
                add(s.line, Severity::Warning, "sparse-vhd", "Current WSL forces sparse VHDs off, so sparseVhd=true has no effect.".to_owned(), Some("Remove the line; to give disk space back, compact the disk instead (`wsltune inspect` shows how much and how).".to_owned()));
            }
            _ => {}
        }
    }
    // A `;` after a value is part of it.
    for s in &cfg.settings {
        if s.value.contains(" ;") && s.valid {
            add(
                s.line,
                Severity::Warning,
                "semicolon-in-value",
                format!("'{}' keeps the text after ';': only '#' starts a comment.", s.value),
                Some("Replace ';' with '#'.".to_owned()),
            );
        }
    }
}

/// A backslash escape that WSL accepts but that a Windows path did not mean (`\t`, `\b`, `\n`).
fn has_single_backslash_escape(raw: &str) -> bool {
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some('t' | 'b' | 'n') = chars.next()
        {
            return true;
        }
    }
    false
}

fn octal_looking(value: &str) -> bool {
    let v = value.trim_start_matches(['+', '-']);
    v.len() > 1 && v.starts_with('0') && v.bytes().all(|b| b.is_ascii_digit())
}
