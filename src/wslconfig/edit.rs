//! The lossless editor: a key WSL already reads gets a new value in the byte span of its first
//! occurrence (the key's spelling, spacing, inline comment and line ending stay); a missing key is
//! inserted at the end of the first valid section of its name, or a section is appended. Every
//! other byte stays. The result is re-read with WSL's rules and refused unless exactly the
//! intended values took effect and no new warning appeared (reference `wslconfig.md` §2.7).

use super::config::Config;
use super::keys::{self, Key};
use super::lexer::{Lexed, lex};
use super::texts as T;

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The value cannot be written so that WSL reads it back.
    #[error("{key}: {why}")]
    Value {
        /// The key.
        key: &'static str,
        /// Why.
        why: String,
    },
    /// The current entry spans several lines.
    #[error("{}", T::EDIT_CONTINUED.fill(&[("key", .key), ("line", .line)]))]
    Continued {
        /// The key.
        key: &'static str,
        /// Its line.
        line: u32,
    },
    /// The file ends with a backslash and no line break: a line added after it would be joined
    /// to it (a line continuation).
    #[error("{}", T::EDIT_TRAILING_BACKSLASH)]
    TrailingBackslash,
    /// Re-reading the edited text did not give what was intended.
    #[error("{}", T::EDIT_VERIFY.fill(&[("why", .0)]))]
    Verify(String),
}

/// One key to set: the value as WSL should read it (unescaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The key.
    pub key: &'static Key,
    /// The value.
    pub value: String,
}

/// Writes `value` so that WSL's lexer reads it back unchanged: backslashes and quotes escaped
/// (paths get `\\`), and quotes around it when it holds `#` or starts or ends with a blank.
pub fn quote(key: &'static str, value: &str) -> Result<String, EditError> {
    if value.contains('\r') {
        return Err(EditError::Value { key, why: T::EDIT_CARRIAGE_RETURN.to_string() });
    }
    if !value.is_ascii() {
        return Err(EditError::Value {
            key,
            why: format!(
                "'{value}' has non-ASCII characters, which WSL reads byte by byte and mangles; use an ASCII path (e.g. a short 8.3 name)"
            ),
        });
    }
    let needs_quotes =
        value.contains('#') || value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']);
    let mut out = String::with_capacity(value.len() + 2);
    if needs_quotes {
        out.push('"');
    }
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            c => out.push(c),
        }
    }
    if needs_quotes {
        out.push('"');
    }
    Ok(out)
}

/// Applies the changes to `text` with `eol` for new lines, and checks the result.
pub fn apply(text: &str, changes: &[Change], eol: &str) -> Result<String, EditError> {
    let mut out = text.to_owned();
    for change in changes {
        out = set_one(&out, change, eol)?;
    }
    verify(text, &out, changes)?;
    Ok(out)
}

fn set_one(text: &str, change: &Change, eol: &str) -> Result<String, EditError> {
    let key = change.key;
    let written = quote(key.name, &change.value)?;
    let lexed = lex(text);
    let cfg = Config::read(&lexed, "");
    if let Some(setting) = cfg.get(key.name) {
        let entry = lexed
            .entries
            .get(setting.entry)
            .ok_or_else(|| EditError::Verify(T::EDIT_ENTRY_LOST.to_string()))?;
        if entry.continued {
            return Err(EditError::Continued { key: key.name, line: entry.first_line });
        }
        if setting.value == change.value && setting.valid {
            return Ok(text.to_owned());
        }
        let span = entry.value_span.clone();
        let mut replacement = written;
        // An empty value right before a comment: keep a blank between them.
        if span.is_empty() && text.get(span.end..).is_some_and(|t| t.starts_with('#')) {
            replacement.push(' ');
        }
        let mut out = String::with_capacity(text.len() + replacement.len());
        out.push_str(text.get(..span.start).unwrap_or(""));
        out.push_str(&replacement);
        out.push_str(text.get(span.end..).unwrap_or(""));
        return Ok(out);
    }
    let line = format!("{}={written}", key.short());
    if text.ends_with('\\') {
        return Err(EditError::TrailingBackslash);
    }
    match insertion_point(text, &lexed, key.section()) {
        Some(at) => {
            // After the line's own terminator, so every existing line keeps its ending; at the
            // end of a file without a final newline, before the new line instead.
            let rest = text.get(at..).unwrap_or("");
            let terminator = if rest.starts_with("\r\n") {
                2
            } else {
                usize::from(rest.starts_with(['\n', '\r']))
            };
            let after = at + terminator;
            let mut out = String::with_capacity(text.len() + line.len() + 2);
            out.push_str(text.get(..after).unwrap_or(""));
            if terminator == 0 {
                out.push_str(eol);
                out.push_str(&line);
            } else {
                out.push_str(&line);
                out.push_str(eol);
            }
            out.push_str(text.get(after..).unwrap_or(""));
            Ok(out)
        }
        None => {
            let mut out = text.to_owned();
            if !out.is_empty() {
                if !out.ends_with(['\n', '\r']) {
                    out.push_str(eol);
                }
                if !ends_with_blank_line(&out) {
                    out.push_str(eol);
                }
            }
            out.push('[');
            out.push_str(key.section());
            out.push(']');
            out.push_str(eol);
            out.push_str(&line);
            out.push_str(eol);
            Ok(out)
        }
    }
}

fn ends_with_blank_line(text: &str) -> bool {
    let trimmed = text.strip_suffix("\r\n").or_else(|| text.strip_suffix('\n')).unwrap_or(text);
    trimmed.is_empty() || trimmed.ends_with(['\n', '\r'])
}

/// Where a new key of `section` goes: after the last key (or skipped) line of the first valid
/// header of that name, before the blank lines and comments that lead to the next header; or
/// after the header itself. `None` when there is no such header.
fn insertion_point(text: &str, lexed: &Lexed, section: &str) -> Option<usize> {
    let header = lexed.headers.iter().find(|h| h.valid && h.name.eq_ignore_ascii_case(section))?;
    // The section ends at the next line that starts (after blanks) with '['.
    let mut end = text.len();
    let mut pos = header.span.end;
    while pos < text.len() {
        let rest = text.get(pos..).unwrap_or("");
        let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = rest.get(..line_len).unwrap_or("");
        if pos > header.span.end && line.trim_start_matches([' ', '\t']).starts_with('[') {
            end = pos;
            break;
        }
        let terminator =
            if rest.get(line_len..).is_some_and(|t| t.starts_with("\r\n")) { 2 } else { 1 };
        pos += line_len + terminator;
    }
    let last_entry =
        lexed.entries.iter().map(|e| e.span.end).filter(|e| *e > header.span.end && *e <= end);
    let last_skipped =
        lexed.skipped.iter().map(|s| s.span.end).filter(|e| *e > header.span.end && *e <= end);
    Some(last_entry.chain(last_skipped).max().unwrap_or(header.span.end))
}

/// Re-reads the edited text: each change must be effective, every other setting unchanged, and
/// no warning new.
fn verify(before: &str, after: &str, changes: &[Change]) -> Result<(), EditError> {
    let old = Config::read(&lex(before), "");
    let new = Config::read(&lex(after), "");
    for c in changes {
        match new.get(c.key.name) {
            Some(s) if s.valid && s.value == c.value => {}
            Some(s) => {
                return Err(EditError::Verify(format!(
                    "{} would read as '{}', not '{}'",
                    c.key.name, s.value, c.value
                )));
            }
            None => {
                return Err(EditError::Verify(format!("{} would not be read at all", c.key.name)));
            }
        }
    }
    for s in &old.settings {
        if changes.iter().any(|c| std::ptr::eq(c.key, s.key)) {
            continue;
        }
        let kept = new.get(s.key.name).is_some_and(|n| n.value == s.value && n.valid == s.valid);
        if !kept {
            return Err(EditError::Verify(format!("{} would change too", s.key.name)));
        }
    }
    let known: Vec<(&str, Option<&str>)> =
        old.warnings.iter().map(|w| (w.code, w.name.as_deref())).collect();
    for w in &new.warnings {
        let changed_key = w
            .name
            .as_deref()
            .and_then(keys::find)
            .is_some_and(|k| changes.iter().any(|c| std::ptr::eq(c.key, k)));
        if !known.contains(&(w.code, w.name.as_deref())) && !changed_key {
            return Err(EditError::Verify(T::EDIT_NEWLY_WARN.fill(&[("warning", &w.text)])));
        }
        if changed_key && w.code != "duplicate-key" {
            return Err(EditError::Verify(T::EDIT_WARN.fill(&[("warning", &w.text)])));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(name: &str, value: &str) -> Change {
        Change { key: keys::find(name).unwrap(), value: value.to_owned() }
    }

    #[test]
    fn replaces_only_the_value_span() {
        let text = "# mine\r\n[WSL2]\r\nMemory = 4GB   # limit\r\nmemory=6GB\r\n";
        let out = apply(text, &[change("wsl2.memory", "8GB")], "\r\n").unwrap();
        assert_eq!(out, "# mine\r\n[WSL2]\r\nMemory = 8GB   # limit\r\nmemory=6GB\r\n");
        // Setting the value it already has changes nothing.
        assert_eq!(apply(&out, &[change("wsl2.memory", "8GB")], "\r\n").unwrap(), out);
    }

    #[test]
    fn inserts_at_the_end_of_the_first_section() {
        let text = "[wsl2]\nmemory=4GB\n\n# experimental things\n[experimental]\nsparseVhd=false\n[wsl2]\nswap=0\n";
        let out = apply(
            text,
            &[change("wsl2.processors", "4"), change("experimental.autoMemoryReclaim", "Gradual")],
            "\n",
        )
        .unwrap();
        assert_eq!(
            out,
            "[wsl2]\nmemory=4GB\nprocessors=4\n\n# experimental things\n[experimental]\nsparseVhd=false\nautoMemoryReclaim=Gradual\n[wsl2]\nswap=0\n"
        );
    }

    #[test]
    fn appends_a_section_and_quotes_what_needs_it() {
        let out = apply(
            "# only a comment",
            &[
                change("wsl2.swapFile", "C:\\temp\\swap.vhdx"),
                change("wsl2.kernelCommandLine", "a # b"),
            ],
            "\r\n",
        )
        .unwrap();
        assert_eq!(
            out,
            "# only a comment\r\n\r\n[wsl2]\r\nswapFile=C:\\\\temp\\\\swap.vhdx\r\nkernelCommandLine=\"a # b\"\r\n"
        );
        assert_eq!(
            apply("", &[change("wsl2.memory", "8GB")], "\r\n").unwrap(),
            "[wsl2]\r\nmemory=8GB\r\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_do_cleanly() {
        let text = "[wsl2]\nkernelCommandLine=a \\\n b\n";
        assert!(matches!(
            apply(text, &[change("wsl2.kernelCommandLine", "x")], "\n"),
            Err(EditError::Continued { .. })
        ));
        assert!(apply("", &[change("wsl2.swapFile", "C:\\Users\\José\\swap.vhdx")], "\n").is_err());
    }
}
