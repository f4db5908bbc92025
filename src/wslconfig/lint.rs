//! `lint`: every warning WSL would print, each with how to fix it, plus what WSL accepts
//! silently but gets wrong (mangled paths, octal numbers, clamped sizes, headers that shift keys,
//! `wsl.conf` sections, keys WSL forgot) — and the effective value of every key.

use std::collections::BTreeMap;

use serde::Serialize;

use super::config::{Config, WslWarning};
use super::keys::{self, KEYS, Key, Kind};
use super::lexer::Lexed;
use super::texts as T;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// WSL ignores or changes something the file says.
    Warning,
    /// WSL refuses to start the VM.
    Error,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// 1-based line, or none for the file as a whole.
    pub line: Option<u32>,
    /// How serious.
    pub severity: Severity,
    /// Stable code.
    pub code: &'static str,
    /// What is wrong (for WSL's own warnings, its exact words).
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Whether WSL itself prints this warning (else it is wsltune's advice).
    pub wsl_prints: bool,
}

/// A key's value as WSL will use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effective {
    /// The value as WSL understands it (numbers in decimal, sizes in WSL's units, enums in
    /// their canonical spelling), or WSL's default described in words.
    pub value: String,
    /// `file` or `default`.
    pub source: &'static str,
    /// The line it comes from (for a default: the line whose value WSL rejected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The value as written, when it reads differently (`010` for 8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
}

/// The host's size, when visible (natively on Windows), for the clamping checks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Host {
    /// Physical memory.
    pub memory_bytes: Option<u64>,
    /// Logical processors.
    pub processors: Option<usize>,
}

/// Lints lexed text (WSL's warnings come from `cfg`, which names the file).
pub fn lint(text: &str, lexed: &Lexed, cfg: &Config, host: Host) -> Vec<Finding> {
    let mut out: Vec<Finding> =
        cfg.warnings.iter().map(|w| from_wsl(w, text, lexed, cfg)).collect();
    super::advice::advice(text, lexed, cfg, host, &mut out);
    if let (Some(processors), Some(s)) = (host.processors, cfg.get("wsl2.processors"))
        && let Some(n) = keys::parse_int(&s.value).filter(|n| *n > 0)
        && n as usize > processors
    {
        out.push(Finding {
            line: Some(s.line),
            severity: Severity::Warning,
            code: "too-many-processors",
            message: format!("wsl2.processors cannot exceed the number of logical processors on the system ({n} > {processors})"),
            fix: Some(T::FIX_TOO_MANY_PROCESSORS.fill(&[("max", &processors)])),
            wsl_prints: true,
        });
    }
    out.sort_by_key(|f| (f.line.unwrap_or(0), std::cmp::Reverse(f.wsl_prints)));
    out
}

fn from_wsl(w: &WslWarning, text: &str, lexed: &Lexed, cfg: &Config) -> Finding {
    let name = w.name.as_deref().unwrap_or("");
    let line_text = lexed
        .skipped
        .iter()
        .find(|s| s.line == w.line)
        .and_then(|s| text.get(s.span.clone()))
        .unwrap_or("")
        .trim_start();
    let fix = match w.code {
        "unknown-key" => Some(unknown_key_fix(name)),
        "duplicate-key" => cfg.get(name).map(|first| {
            if first.valid {
                T::FIX_DUPLICATE_VALID.fill(&[("line", &first.line), ("value", &first.value)])
            } else {
                T::FIX_DUPLICATE_INVALID.fill(&[("line", &first.line)])
            }
        }),
        "invalid-key-name" if line_text.starts_with(';') => {
            Some(T::FIX_SEMICOLON_COMMENT.to_string())
        }
        "invalid-key-name" => Some(T::FIX_INVALID_KEY_NAME.to_string()),
        "invalid-section-name" => Some(T::FIX_INVALID_SECTION_NAME.to_string()),
        "expected" if w.text.starts_with("Expected ' ' or") => {
            Some(T::FIX_AFTER_HEADER.to_string())
        }
        "expected" if w.text.starts_with("Expected ']'") => Some(T::FIX_CLOSE_BRACKET.to_string()),
        "expected" if w.text.starts_with("Expected '='") => Some(T::FIX_EQUALS.to_string()),
        "expected" => Some(T::FIX_QUOTE.to_string()),
        "invalid-escape" => Some(T::FIX_ESCAPE.to_string()),
        "invalid-size" => {
            let value = cfg.get(name).map_or("", |s| s.value.as_str());
            let (value, semicolon) = match value.split_once(';') {
                Some((before, _)) => (before.trim(), T::SIZE_SEMICOLON.get()),
                None => (value, ""),
            };
            Some(
                semicolon.to_owned()
                    + &match lenient_size(value) {
                        Some(bytes) => {
                            T::FIX_SIZE_WRITE.fill(&[("size", &keys::format_size(bytes))])
                        }
                        None => T::FIX_SIZE_WHOLE.to_string(),
                    },
            )
        }
        "invalid-integer" => Some(T::FIX_INTEGER.to_string()),
        "invalid-boolean" => Some(T::FIX_BOOLEAN.to_string()),
        "invalid-value" => Some(T::FIX_VALUE.to_string()),
        "invalid-ip" => Some(T::FIX_IP.to_string()),
        "invalid-mac" => Some(T::FIX_MAC.to_string()),
        _ => None,
    };
    Finding {
        line: Some(w.line),
        severity: if w.fatal { Severity::Error } else { Severity::Warning },
        code: w.code,
        message: w.text.clone(),
        fix,
        wsl_prints: true,
    }
}

/// What WSL's tables say about a `section.key` it does not read: the facts behind both `lint`'s
/// fix for a line of the file and `apply`'s refusal of a `--set`, each phrased for its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// WSL read it once and no longer does, for this reason.
    Removed(crate::i18n::Text),
    /// A key of this name exists in another section (or the name has no section).
    Elsewhere(&'static Key),
    /// The section is one of `/etc/wsl.conf`'s.
    WslConfSection,
    /// `.wslconfig` has no such section; the nearest one in spelling.
    NoSection(Option<&'static str>),
    /// The section has no such key; the key nearest in spelling.
    NoKey(Option<&'static Key>),
}

impl Unknown {
    /// Looks `name` (`section.key`, or a bare key) up; the first fact that explains it wins.
    pub fn of(name: &str) -> Self {
        if let Some((_, why)) = keys::REMOVED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return Unknown::Removed(*why);
        }
        let (section, short) = name.split_once('.').unwrap_or(("", name));
        if let Some(k) = keys::by_short_name(short).next() {
            return Unknown::Elsewhere(k);
        }
        if keys::WSL_CONF_SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(section)) {
            return Unknown::WslConfSection;
        }
        if !section.is_empty() && !keys::SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(section)) {
            return Unknown::NoSection(nearest(section, keys::SECTIONS));
        }
        let names: Vec<&str> = KEYS.iter().map(|k| k.short()).collect();
        Unknown::NoKey(nearest(short, &names).and_then(|n| KEYS.iter().find(|k| k.short() == n)))
    }
}

/// What to do about a line whose key WSL does not know.
pub fn unknown_key_fix(name: &str) -> String {
    let (section, short) = name.split_once('.').unwrap_or(("", name));
    match Unknown::of(name) {
        Unknown::Removed(why) => T::UNKNOWN_REMOVED.fill(&[("why", &why)]),
        Unknown::Elsewhere(k) if section.is_empty() => {
            T::UNKNOWN_NEEDS_SECTION.fill(&[("section", &k.section()), ("name", &k.name)])
        }
        Unknown::Elsewhere(k) => {
            T::UNKNOWN_ELSEWHERE.fill(&[("short", &short), ("section", &k.section())])
        }
        Unknown::WslConfSection => T::UNKNOWN_WSL_CONF.fill(&[("section", &section)]),
        Unknown::NoSection(Some(near)) => {
            T::UNKNOWN_NO_SECTION_NEAR.fill(&[("section", &section), ("near", &near)])
        }
        Unknown::NoSection(None) => T::UNKNOWN_NO_SECTION.fill(&[("section", &section)]),
        Unknown::NoKey(Some(near)) => T::UNKNOWN_NO_KEY_NEAR.fill(&[("near", &near.short())]),
        Unknown::NoKey(None) => T::UNKNOWN_NO_KEY.to_string(),
    }
}

/// The closest name within two edits, ignoring case.
pub(super) fn nearest<'a>(word: &str, names: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    names
        .iter()
        .map(|n| (distance(&word, &n.to_ascii_lowercase()), *n))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let next = (prev + usize::from(ca != *cb)).min(above + 1).min(left + 1);
            prev = above;
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = next;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// A size as a person meant it (`4gb`, `4GiB`, `1.5GB`), for advice only.
pub fn lenient_size(value: &str) -> Option<u64> {
    let v = value.trim();
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    let number: f64 = number.parse().ok()?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return None,
    };
    let bytes = number * (1u64 << shift) as f64;
    (bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64).then_some(bytes.round() as u64)
}

/// Every key with the value WSL will use: from the file when set validly, else its default.
pub fn effective(cfg: &Config) -> BTreeMap<&'static str, Effective> {
    KEYS.iter()
        .map(|k| {
            let set = cfg.settings.iter().find(|s| std::ptr::eq(s.key, k));
            let e = match set {
                Some(s) if s.valid => {
                    let value = interpret(k.kind, &s.value);
                    let written = (value != s.value).then(|| s.value.clone());
                    Effective { value, source: "file", line: Some(s.line), written }
                }
                Some(s) => Effective {
                    value: k.default.to_owned(),
                    source: "default",
                    line: Some(s.line),
                    written: Some(s.value.clone()),
                },
                None => Effective {
                    value: k.default.to_owned(),
                    source: "default",
                    line: None,
                    written: None,
                },
            };
            (k.name, e)
        })
        .collect()
}

/// A valid value the way WSL understands it.
fn interpret(kind: Kind, value: &str) -> String {
    match kind {
        Kind::Size => keys::parse_size(value).map_or_else(|| value.to_owned(), keys::format_size),
        Kind::Int => keys::parse_int(value).map_or_else(|| value.to_owned(), |n| n.to_string()),
        Kind::Bool => keys::parse_bool(value).map_or_else(|| value.to_owned(), |b| b.to_string()),
        Kind::Enum(values) => {
            values.iter().find(|v| v.eq_ignore_ascii_case(value)).map_or(value, |v| *v).to_owned()
        }
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wslconfig::lexer::lex;

    fn codes(text: &str) -> Vec<(Option<u32>, &'static str)> {
        let lexed = lex(text);
        let cfg = Config::read(&lexed, "F");
        lint(text, &lexed, &cfg, Host::default()).into_iter().map(|f| (f.line, f.code)).collect()
    }

    #[test]
    fn advice_beyond_wsls_warnings() {
        assert_eq!(
            codes("[wsl2]\nswapFile=C:\\temp\\bzImage\n"),
            vec![(Some(2), "mangled-escape")]
        );
        assert_eq!(codes("[wsl2]\nprocessors=010\n"), vec![(Some(2), "octal-number")]);
        assert_eq!(codes("[wsl2]\nmemory=128MB\n"), vec![(Some(2), "memory-clamped")]);
        assert_eq!(codes("[experimental]\nsparseVhd=true\n"), vec![(Some(2), "sparse-vhd")]);
        assert_eq!(
            codes("[boot]\nsystemd=true\n"),
            vec![(Some(1), "wsl-conf-section"), (Some(2), "unknown-key")]
        );
        assert_eq!(
            codes("[ws12]\nmemory=4GB\n"),
            vec![(Some(1), "unknown-section"), (Some(2), "unknown-key")]
        );
        assert_eq!(
            codes("[wsl2]\nmemory=4GB\n[experimental] ; x\nautoMemoryReclaim=gradual\n"),
            vec![(Some(3), "expected"), (Some(3), "header-shifts-keys"), (Some(4), "unknown-key")]
        );
    }

    #[test]
    fn fixes_name_the_right_thing() {
        assert!(unknown_key_fix("wsl2.hostAddressLoopback").contains("[experimental]"));
        assert!(unknown_key_fix("memory").contains("[wsl2]"));
        assert!(unknown_key_fix("wsl2.pageReporting").contains("no longer"));
        assert!(unknown_key_fix("wsl2.memroy").contains("'memory'"));
        assert_eq!(lenient_size("4gb"), Some(4 << 30));
        assert_eq!(lenient_size("1.5GB"), Some(1536 << 20));
    }
}
