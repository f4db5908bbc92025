//! What WSL makes of the lexed lines: each key's first occurrence wins (even when its value is
//! invalid), later ones are duplicates, unknown names are ignored, and every value is checked by
//! its type — each step with the warning WSL prints (`Resources.resw`, reference §2.5).

use super::keys::{self, Key, Kind};
use super::lexer::{Lexed, Problem};

/// A warning WSL prints when the VM starts (`wsl: ` and this text), or an error that stops it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WslWarning {
    /// 1-based line.
    pub line: u32,
    /// Stable code (`unknown-key`, `invalid-size`, …).
    pub code: &'static str,
    /// WSL's words, with `{file}` standing for the file's path.
    pub text: String,
    /// The key name as written, when the warning is about a key.
    pub name: Option<String>,
    /// WSL refuses to start the VM (only a bad MAC address does).
    pub fatal: bool,
}

/// A key set in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The key.
    pub key: &'static Key,
    /// Index of the entry in [`Lexed::entries`].
    pub entry: usize,
    /// 1-based line.
    pub line: u32,
    /// The value as WSL read it.
    pub value: String,
    /// Whether WSL accepted the value; when not, the default applies.
    pub valid: bool,
}

/// The file as WSL applies it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Keys the file sets (first occurrences), in file order.
    pub settings: Vec<Setting>,
    /// What WSL prints, in file order.
    pub warnings: Vec<WslWarning>,
}

impl Config {
    /// Applies WSL's key table to the lexed file.
    pub fn read(lexed: &Lexed, file: &str) -> Self {
        let mut cfg = Config::default();
        // Skipped lines and entries interleave by line in WSL's output.
        let mut events: Vec<(u32, Option<usize>, Option<&Problem>)> = Vec::new();
        for s in &lexed.skipped {
            events.push((s.line, None, Some(&s.problem)));
        }
        for (i, e) in lexed.entries.iter().enumerate() {
            events.push((e.line, Some(i), None));
        }
        events.sort_by_key(|(line, _, _)| *line);
        for (line, entry, problem) in events {
            if let Some(problem) = problem {
                let (code, text) = match problem {
                    Problem::InvalidKey => {
                        ("invalid-key-name", format!("Invalid key name in {file}:{line}"))
                    }
                    Problem::InvalidSection => {
                        ("invalid-section-name", format!("Invalid section name in {file}:{line}"))
                    }
                    Problem::Expected(what) => {
                        ("expected", format!("Expected {what} in {file}:{line}"))
                    }
                    Problem::InvalidEscape(c) => (
                        "invalid-escape",
                        format!(
                            "Invalid escaped character: '{}' in {file}:{line}",
                            c.unwrap_or('\u{FFFF}')
                        ),
                    ),
                };
                cfg.warnings.push(WslWarning { line, code, text, name: None, fatal: false });
                continue;
            }
            let Some((index, e)) = entry.and_then(|i| lexed.entries.get(i).map(|e| (i, e))) else {
                continue;
            };
            let name = e.name.as_str();
            let Some(key) = keys::find(name) else {
                cfg.warnings.push(WslWarning {
                    line,
                    code: "unknown-key",
                    text: format!("Unknown key '{name}' in {file}:{line}"),
                    name: Some(name.to_owned()),
                    fatal: false,
                });
                continue;
            };
            if let Some(first) = cfg.settings.iter().find(|s| std::ptr::eq(s.key, key)) {
                let first_name =
                    lexed.entries.get(first.entry).map_or(key.name, |f| f.name.as_str());
                cfg.warnings.push(WslWarning {
                    line,
                    code: "duplicate-key",
                    text: format!(
                        "Duplicated config key '{name}' in {file}:{line} (Conflicting key: '{first_name}' in {file}:{})",
                        first.line
                    ),
                    name: Some(name.to_owned()),
                    fatal: false,
                });
                continue;
            }
            let problem = check_value(key, name, &e.value, file, line);
            let valid = problem.is_none();
            if let Some(w) = problem {
                cfg.warnings.push(w);
            }
            cfg.settings.push(Setting { key, entry: index, line, value: e.value.clone(), valid });
        }
        cfg
    }

    /// The setting of `key` (by its canonical name), if the file sets it.
    pub fn get(&self, name: &str) -> Option<&Setting> {
        let key = keys::find(name)?;
        self.settings.iter().find(|s| std::ptr::eq(s.key, key))
    }

    /// The value WSL uses for `name` when the file sets it validly.
    pub fn valid_value(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|s| s.valid).map(|s| s.value.as_str())
    }
}

/// WSL's warning for a value its type rejects.
fn check_value(key: &Key, name: &str, value: &str, file: &str, line: u32) -> Option<WslWarning> {
    let warn = |code: &'static str, text: String| {
        Some(WslWarning { line, code, text, name: Some(name.to_owned()), fatal: false })
    };
    match key.kind {
        Kind::Size if keys::parse_size(value).is_none() => warn(
            "invalid-size",
            format!(
                "Invalid memory string '{value}' for .wslconfig entry '{name}' in {file}:{line}"
            ),
        ),
        Kind::Int if keys::parse_int(value).is_none() => warn(
            "invalid-integer",
            format!("Invalid integer value '{value}' for key '{name}' in {file}:{line}"),
        ),
        Kind::Bool if keys::parse_bool(value).is_none() => warn(
            "invalid-boolean",
            format!("Invalid boolean value '{value}' for key '{name}' in {file}:{line}"),
        ),
        Kind::Enum(values) if !values.iter().any(|v| v.eq_ignore_ascii_case(value)) => warn(
            "invalid-value",
            format!(
                "Invalid value '{value}' for config key '{name}' in {file}:{line} (Valid values: {})",
                values.join(", ")
            ),
        ),
        Kind::Ipv4 if keys::parse_ipv4(value).is_none() => warn(
            "invalid-ip",
            format!("Invalid IP value '{value}' for key '{name}' in {file}:{line}"),
        ),
        Kind::Ports if keys::parse_ports(value).1 => warn(
            "invalid-integer",
            format!("Invalid integer value '{value}' for key '{name}' in {file}:{line}"),
        ),
        Kind::Mac if !keys::parse_mac(value) => Some(WslWarning {
            line,
            code: "invalid-mac",
            text: format!("Invalid mac address '{value}' for key '{name}' in {file}:{line}"),
            name: Some(name.to_owned()),
            fatal: true,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wslconfig::lexer::lex;

    fn texts(text: &str) -> Vec<String> {
        Config::read(&lex(text), "F").warnings.into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn first_occurrence_wins_even_when_invalid() {
        let cfg = Config::read(&lex("[wsl2]\nmemory=4gb\nmemory=4GB\n"), "F");
        let s = cfg.get("wsl2.memory").unwrap();
        assert_eq!((s.line, s.valid), (2, false));
        assert_eq!(
            texts("[wsl2]\nmemory=4gb\nmemory=4GB\n"),
            vec![
                "Invalid memory string '4gb' for .wslconfig entry 'wsl2.memory' in F:2",
                "Duplicated config key 'wsl2.memory' in F:3 (Conflicting key: 'wsl2.memory' in F:2)",
            ]
        );
    }

    #[test]
    fn aliases_conflict_and_unknown_keys_warn() {
        assert_eq!(
            texts(
                "[wsl2]\nnetworkingMode=mirrored\n[experimental]\nnetworkingMode=nat\nautoMemoryReclaim=sometimes\n[wsl2]\nhostAddressLoopback=true\n"
            ),
            vec![
                "Duplicated config key 'experimental.networkingMode' in F:4 (Conflicting key: 'wsl2.networkingMode' in F:2)",
                "Invalid value 'sometimes' for config key 'experimental.autoMemoryReclaim' in F:5 (Valid values: Disabled, DropCache, Gradual)",
                "Unknown key 'wsl2.hostAddressLoopback' in F:7",
            ]
        );
        assert_eq!(texts("memory=4GB\n"), vec!["Unknown key 'memory' in F:1"]);
        assert_eq!(texts("; c\n"), vec!["Invalid key name in F:1"]);
    }
}
