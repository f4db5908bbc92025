//! wsltune's advice on top of WSL's own warnings: what WSL accepts silently but gets wrong —
//! headers that shift the keys below, `wsl.conf` sections, unknown sections, single backslashes
//! WSL reads as control characters, octal numbers, clamped sizes, `sparseVhd=true`, non-ASCII
//! values, `;` inside values.

use super::config::Config;
use super::keys::{self, Kind};
use super::lexer::Lexed;
use super::lint::{Finding, Host, Severity, nearest};
use super::texts as T;

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
                let message = match (prefix.is_empty(), keys_below == 1) {
                    (true, true) => T::SHIFT_ONE_NO_SECTION.to_string(),
                    (true, false) => T::SHIFT_MANY_NO_SECTION.fill(&[("count", &keys_below)]),
                    (false, true) => T::SHIFT_ONE.fill(&[("prefix", &prefix)]),
                    (false, false) => {
                        T::SHIFT_MANY.fill(&[("count", &keys_below), ("prefix", &prefix)])
                    }
                };
                let name = if h.name.is_empty() { "wsl2" } else { &h.name };
                add(
                    h.line,
                    Severity::Warning,
                    "header-shifts-keys",
                    message,
                    Some(T::FIX_HEADER.fill(&[("name", &name)])),
                );
            }
            continue;
        }
        if keys::WSL_CONF_SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(&h.name)) {
            add(
                h.line,
                Severity::Warning,
                "wsl-conf-section",
                T::WSL_CONF_SECTION.fill(&[("section", &h.name)]),
                Some(T::FIX_WSL_CONF_SECTION.fill(&[("section", &h.name)])),
            );
        } else if !keys::SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(&h.name)) {
            let near = nearest(&h.name, keys::SECTIONS);
            add(
                h.line,
                Severity::Warning,
                "unknown-section",
                T::UNKNOWN_SECTION.fill(&[("section", &h.name)]),
                Some(match near {
                    Some(n) => T::FIX_SECTION_NEAR.fill(&[("near", &n)]),
                    None => T::FIX_SECTION_LIST.to_string(),
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
                T::MANGLED_ESCAPE
                    .fill(&[("key", &s.key.name), ("value", &format!("{:?}", s.value))]),
                Some(
                    T::FIX_MANGLED_ESCAPE
                        .fill(&[("line", &format!("{}={}", entry.key, raw.replace('\\', "\\\\")))]),
                ),
            );
        }
        if !s.value.is_ascii() {
            add(
                s.line,
                Severity::Warning,
                "non-ascii-value",
                T::NON_ASCII.fill(&[("key", &s.key.name)]),
                Some(T::FIX_NON_ASCII.to_string()),
            );
        }
        if s.valid && s.key.kind == Kind::Int && octal_looking(&s.value) {
            let n = keys::parse_int(&s.value).unwrap_or(0);
            add(
                s.line,
                Severity::Warning,
                "octal-number",
                T::OCTAL.fill(&[("value", &s.value), ("key", &s.key.name), ("n", &n)]),
                Some(
                    T::FIX_OCTAL.fill(&[("n", &n), ("stripped", &s.value.trim_start_matches('0'))]),
                ),
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
                        T::MEMORY_DEFAULT.to_string(),
                        None,
                    );
                } else if bytes < 256 << 20 {
                    add(
                        s.line,
                        Severity::Warning,
                        "memory-clamped",
                        T::MEMORY_MINIMUM.fill(&[("value", &s.value)]),
                        Some(T::FIX_MEMORY_MINIMUM.to_string()),
                    );
                } else if let Some(host) = host.memory_bytes.filter(|h| bytes > *h) {
                    let message = T::MEMORY_OVER_HOST
                        .fill(&[("value", &s.value), ("host", &keys::format_size(host))]);
                    let fix = Some(T::FIX_MEMORY_OVER_HOST.to_string());
                    add(s.line, Severity::Warning, "memory-clamped", message, fix);
                }
            }
            "wsl2.processors" if keys::parse_int(&s.value).is_some_and(|n| n <= 0) => {
                add(
                    s.line,
                    Severity::Info,
                    "processors-default",
                    T::PROCESSORS_DEFAULT.fill(&[("value", &s.value)]),
                    None,
                );
            }
            "experimental.sparseVhd" if keys::parse_bool(&s.value) == Some(true) => {
                let fix = Some(T::FIX_SPARSE_VHD.to_string());
                add(s.line, Severity::Warning, "sparse-vhd", T::SPARSE_VHD.to_string(), fix);
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
                T::SEMICOLON_IN_VALUE.fill(&[("value", &s.value)]),
                Some(T::FIX_SEMICOLON.to_string()),
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
