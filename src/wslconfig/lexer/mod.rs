//! WSL's `.wslconfig` grammar, character by character as `ParseConfigFile` reads it
//! (`src/shared/configfile/configfile.cpp` in microsoft/WSL; reference `wslconfig.md` §2.1):
//! `#` comments only, `[A-Za-z][A-Za-z0-9]*` sections and keys, `"` toggling quotes, the escapes
//! `\\ \" \b \n \t` and backslash-newline, trailing blanks trimmed, and bad lines skipped with a
//! warning. The same quirks are kept on purpose — a malformed header leaves the previous section's
//! name (or a truncated one) in front of later keys — because lint must say what WSL will do.
//!
//! Besides WSL's view, each key line keeps its byte spans so the editor can replace a value in
//! place. The text is read as the Windows C runtime presents it in text mode: CRLF is one `\n`.

use std::ops::Range;

/// A line WSL skips, with the warning it prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A line that starts with something other than a letter, `[` or `#` (e.g. `;`).
    InvalidKey,
    /// `[` not followed by a letter.
    InvalidSection,
    /// `Expected {what}`: `']'`, `'='`, `' ' or '\n'`, or `"`.
    Expected(&'static str),
    /// A backslash before anything but `\ " b n t` or a line end; `None` at the end of the file.
    InvalidEscape(Option<char>),
}

/// A skipped line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line, as WSL counts it.
    pub line: u32,
    /// Why.
    pub problem: Problem,
    /// Byte range of the line (without its terminator).
    pub span: Range<usize>,
}

/// A section header, valid or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// 1-based line.
    pub line: u32,
    /// The name as written (up to the first character that is not a letter or digit).
    pub name: String,
    /// Whether WSL accepted it (and so switched to this section).
    pub valid: bool,
    /// Byte range of the line (without its terminator).
    pub span: Range<usize>,
}

/// A `key = value` line WSL hands to its key table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line WSL reports (the last line of a continued value).
    pub line: u32,
    /// 1-based line the key is on.
    pub first_line: u32,
    /// `section.key` as WSL builds it, in the file's spelling (no section before any header).
    pub name: String,
    /// The key as written.
    pub key: String,
    /// The value after unquoting and unescaping, trailing blanks trimmed.
    pub value: String,
    /// Bytes of the value as written: from its first character to its last non-blank one
    /// (before an inline comment or the line end).
    pub value_span: Range<usize>,
    /// Bytes of the whole entry, from the line start to the end of its last line (without the
    /// terminator).
    pub span: Range<usize>,
    /// The value continues over several lines (backslash-newline): not edited in place.
    pub continued: bool,
    /// Index of the last valid header before it in [`Lexed::headers`], if any.
    pub header: Option<usize>,
}

/// Everything WSL sees in the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexed {
    /// Key lines in file order.
    pub entries: Vec<Entry>,
    /// Section headers in file order.
    pub headers: Vec<Header>,
    /// Lines WSL skips.
    pub skipped: Vec<Skipped>,
}

fn is_hspace(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t'))
}

fn is_alpha(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic())
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Characters with their byte ranges; CRLF is one `'\n'` (the C runtime's text mode).
struct Reader<'a> {
    text: &'a str,
    pos: usize,
    /// Start of the last character read.
    last: usize,
    eof: bool,
}

impl Reader<'_> {
    fn get(&mut self) -> Option<char> {
        self.last = self.pos;
        let rest = self.text.get(self.pos..).unwrap_or("");
        let mut chars = rest.chars();
        match chars.next() {
            None => {
                self.eof = true;
                None
            }
            Some('\r') if rest.starts_with("\r\n") => {
                self.pos += 2;
                Some('\n')
            }
            Some(c) => {
                self.pos += c.len_utf8();
                Some(c)
            }
        }
    }

    fn unget(&mut self, c: Option<char>) {
        if c.is_some() {
            self.pos = self.last;
        }
    }

    /// Byte offset where the line containing `at` starts.
    fn line_start(&self, at: usize) -> usize {
        self.text.get(..at).and_then(|t| t.rfind(['\n', '\r'])).map_or(0, |i| i + 1)
    }

    /// Byte offset of the end of the line containing `at` (before its terminator).
    fn line_end(&self, at: usize) -> usize {
        self.text.get(at..).and_then(|t| t.find(['\n', '\r'])).map_or(self.text.len(), |i| at + i)
    }
}

/// Reads `text` (already decoded, without a byte order mark) the way WSL does.
pub fn lex(text: &str) -> Lexed {
    let mut out = Lexed::default();
    let mut r = Reader { text, pos: 0, last: 0, eof: false };
    let mut line: u32 = 0;
    let mut trailing_comment = false;
    let mut section_len = 0usize;
    // WSL's key buffer: the section name, then `section.key`. It may hold NULs after a malformed
    // header (resized longer than its content), and only the part before a NUL is the C string.
    let mut key: Vec<u8> = Vec::new();
    let mut ch: Option<char> = Some('\0');
    let mut current_header: Option<usize> = None;

    'new_line: loop {
        if !trailing_comment {
            line += 1;
        }
        loop {
            if ch == Some('#') {
                loop {
                    ch = r.get();
                    if ch == Some('\r') {
                        ch = r.get();
                    }
                    if ch == Some('\n') {
                        line += 1;
                    }
                    if ch == Some('\n') || ch.is_none() {
                        break;
                    }
                }
                trailing_comment = false;
            }
            if r.eof {
                break 'new_line;
            }
            loop {
                ch = r.get();
                if !is_hspace(ch) {
                    break;
                }
            }
            let at = r.last;
            match ch {
                None | Some('#') => {}
                Some('\r') => {
                    let next = r.get();
                    if next == Some('\n') {
                        line += 1;
                    } else {
                        r.unget(next);
                    }
                }
                Some('\n') => line += 1,
                Some('[') => {
                    let start = r.line_start(at);
                    ch = r.get();
                    if !is_alpha(ch) {
                        skip(&mut r, &mut out, &mut ch, line, Problem::InvalidSection, start);
                        continue 'new_line;
                    }
                    key.clear();
                    let mut name = String::new();
                    while let Some(c) = ch.filter(|_| is_alnum(ch)) {
                        key.push(c as u8);
                        name.push(c);
                        ch = r.get();
                    }
                    let problem = if ch == Some(']') {
                        loop {
                            ch = r.get();
                            if !is_hspace(ch) {
                                break;
                            }
                        }
                        match ch {
                            None | Some('\n' | '\r') => None,
                            Some('#') => {
                                trailing_comment = true;
                                None
                            }
                            Some(_) => Some(Problem::Expected("' ' or '\\n'")),
                        }
                    } else {
                        Some(Problem::Expected("']'"))
                    };
                    let end = r.line_end(start);
                    out.headers.push(Header {
                        line,
                        name,
                        valid: problem.is_none(),
                        span: start..end,
                    });
                    if let Some(problem) = problem {
                        skip(&mut r, &mut out, &mut ch, line, problem, start);
                    } else {
                        section_len = key.len();
                        current_header = Some(out.headers.len() - 1);
                    }
                    continue 'new_line;
                }
                Some(c) if !c.is_ascii_alphabetic() => {
                    let start = r.line_start(at);
                    skip(&mut r, &mut out, &mut ch, line, Problem::InvalidKey, start);
                    continue 'new_line;
                }
                Some(_) => {
                    let start = r.line_start(at);
                    let first_line = line;
                    key.resize(section_len, 0);
                    if !key.is_empty() {
                        key.push(b'.');
                    }
                    let key_start = at;
                    while let Some(c) = ch.filter(|_| is_alnum(ch)) {
                        key.push(c as u8);
                        ch = r.get();
                    }
                    let key_text = text.get(key_start..r.last).unwrap_or("").to_owned();
                    while is_hspace(ch) {
                        ch = r.get();
                    }
                    if ch != Some('=') {
                        skip(&mut r, &mut out, &mut ch, line, Problem::Expected("'='"), start);
                        continue 'new_line;
                    }
                    loop {
                        ch = r.get();
                        if !is_hspace(ch) {
                            break;
                        }
                    }
                    let value_start = r.last;
                    let mut value_end = value_start;
                    let mut value = String::new();
                    let mut trimmed = 0usize;
                    let mut in_quote = false;
                    let mut continued = false;
                    while let Some(c) = ch.filter(|c| *c != '\n' && *c != '\r') {
                        match c {
                            '"' => in_quote = !in_quote,
                            '\\' => {
                                let c2 = r.get();
                                match c2 {
                                    Some(e @ ('\\' | '"')) => value.push(e),
                                    Some('b') => value.push('\u{8}'),
                                    Some('n') => value.push('\n'),
                                    Some('t') => value.push('\t'),
                                    Some('\n') => {
                                        line += 1;
                                        continued = true;
                                    }
                                    other => {
                                        let problem = Problem::InvalidEscape(other);
                                        skip(&mut r, &mut out, &mut ch, line, problem, start);
                                        continue 'new_line;
                                    }
                                }
                            }
                            '#' if !in_quote => {
                                trailing_comment = true;
                                break;
                            }
                            other => value.push(other),
                        }
                        if !is_hspace(Some(c)) {
                            trimmed = value.len();
                            value_end = r.pos;
                        }
                        ch = r.get();
                    }
                    if in_quote {
                        skip(&mut r, &mut out, &mut ch, line, Problem::Expected("\""), start);
                        continue 'new_line;
                    }
                    value.truncate(trimmed);
                    let name_len = key.iter().position(|b| *b == 0).unwrap_or(key.len());
                    let name =
                        String::from_utf8_lossy(key.get(..name_len).unwrap_or(&[])).into_owned();
                    out.entries.push(Entry {
                        line,
                        first_line,
                        name,
                        key: key_text,
                        value,
                        value_span: value_start..value_end.max(value_start),
                        span: start..r.line_end(value_end.max(value_start)),
                        continued,
                        header: current_header,
                    });
                    continue 'new_line;
                }
            }
        }
    }
    out
}

/// WSL's `InvalidLine`: note the problem, then skip to the end of the line.
fn skip(
    r: &mut Reader<'_>,
    out: &mut Lexed,
    ch: &mut Option<char>,
    line: u32,
    problem: Problem,
    start: usize,
) {
    while ch.is_some() && *ch != Some('\n') {
        *ch = r.get();
    }
    // The end of the line where skipping stopped (a continued value spans several).
    let end = if ch.is_some() { r.last } else { r.text.len() };
    out.skipped.push(Skipped { line, problem, span: start..end });
}

#[cfg(test)]
mod tests;
