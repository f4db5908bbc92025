//! The terminal, leaf of every layer that prints for people: its width, the display width of
//! text (a double-width character counts two, an escape sequence nothing), prose wrapped at
//! spaces with a hanging indent — and between characters where a language writes no spaces —,
//! and long paths shortened in the middle.
//!
//! Output that is not a terminal (a pipe, a file) gets the full text, unwrapped: scripts and
//! `grep` see whole lines. `WSLTUNE_WIDTH` sets a width anyway (for `| less`, and for tests).

use std::io::{self, IsTerminal, Write};

use unicode_width::UnicodeWidthChar;

/// The narrowest width wrapped to: below it, lines are left as they are.
const MIN_WIDTH: usize = 20;

/// The width to fit standard output to, or `None` to leave lines whole.
pub fn stdout_width() -> Option<usize> {
    width_for(io::stdout().is_terminal())
}

/// The width to fit standard error to, or `None`.
pub fn stderr_width() -> Option<usize> {
    width_for(io::stderr().is_terminal())
}

/// Lines on the terminal standard output is, or `None` when it is not one. The terminal's own
/// answer comes first: `LINES` is read only where it gives none (a shell's `LINES` is not
/// updated for a child when the window is resized).
pub fn stdout_height() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size()
        .map(|(_, h)| usize::from(h.0))
        .or_else(|| std::env::var("LINES").ok().and_then(|h| h.trim().parse::<usize>().ok()))
        .filter(|h| *h > 0)
}

fn width_for(terminal: bool) -> Option<usize> {
    let forced = std::env::var("WSLTUNE_WIDTH").ok().and_then(|w| w.trim().parse::<usize>().ok());
    if let Some(w) = forced {
        return (w >= MIN_WIDTH).then_some(w);
    }
    if !terminal {
        return None;
    }
    let columns = std::env::var("COLUMNS").ok().and_then(|w| w.trim().parse::<usize>().ok());
    let width = columns.or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)));
    width.filter(|w| *w >= MIN_WIDTH)
}

/// Columns `text` takes on a terminal: double-width characters count two, combining marks and
/// ANSI escape sequences (colours) nothing.
///
/// ```
/// use wsltune::term::display_width;
/// assert_eq!(display_width("memory"), 6);
/// assert_eq!(display_width("メモリ"), 6);
/// assert_eq!(display_width("\x1b[31mred\x1b[0m"), 3);
/// ```
pub fn display_width(text: &str) -> usize {
    let mut width = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        width += c.width().unwrap_or(0);
    }
    width
}

/// Whether a line may break after `c` and before `next` without a space: between two
/// double-width characters (Japanese and Chinese have no spaces between words), but never before
/// closing punctuation such as `。` or `、`, a small kana or the long-vowel mark (`ョ`, `ー`),
/// nor after opening brackets (Japanese line-breaking rules, kinsoku).
fn breakable(c: char, next: char) -> bool {
    let wide = |c: char| c.width() == Some(2);
    if no_line_start(next) || "（「『【〔".contains(c) {
        return false;
    }
    // Between two double-width characters; after closing punctuation whatever follows; and
    // between Japanese and `code` (a backtick next to a double-width character opens or closes
    // it), never inside the code.
    (wide(c) && wide(next))
        || "、。，）」』】〕".contains(c)
        || (wide(c) && next == '`')
        || (c == '`' && wide(next))
}

/// Characters a line may not start with (kinsoku): closing punctuation, small kana and the
/// long-vowel mark.
fn no_line_start(c: char) -> bool {
    "、。，．・：；？！）」』】〕ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ".contains(c)
}

/// Splits `text` into pieces that may not be broken: words with their trailing spaces, and
/// single double-width characters.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev = ' ';
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let next = chars.peek().map(|&(j, n)| (j, n));
        let end = next.map_or(text.len(), |(j, _)| j);
        // A figure stays with its unit: `2 MiB`, `4.0 GiB`, and with a Japanese counter after
        // it: `2 個`, `8 件`.
        let unit =
            |n: char| prev.is_ascii_digit() && ("BKMGTP".contains(n) || n.width() == Some(2));
        let cut = match next {
            None => true,
            Some((_, n)) => (c == ' ' && n != ' ' && !unit(n)) || breakable(c, n),
        };
        if cut {
            out.push(text.get(start..end).unwrap_or_default());
            start = end;
        }
        prev = c;
    }
    out
}

/// How far continuation lines of `line` are indented: under the text after a leading label
/// (`note: `, `fix: `, `error: `, `- `), else two columns past the line's own indent.
pub fn hanging_indent(line: &str) -> usize {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let rest = line.get(lead..).unwrap_or_default();
    // Columns, not bytes: a label in Japanese takes two columns a character.
    let columns = |bytes: usize| display_width(rest.get(..bytes).unwrap_or_default());
    // Labels in columns (`Environment   WSL 2`, `  info    [code] …`, `  2  warning  wsl: …`):
    // under the text after the last column that starts within 20 columns.
    let mut value = None;
    let mut from = 0;
    while let Some(gap) = rest.get(from..).and_then(|r| r.find("  ")).map(|g| g + from) {
        let after = rest.get(gap..).unwrap_or_default();
        let start = gap + (after.len() - after.trim_start_matches(' ').len());
        if gap == 0 || columns(start) > 20 || start >= rest.len() {
            break;
        }
        value = Some(start);
        from = start;
    }
    if let Some(value) = value {
        return lead + columns(value);
    }
    if let Some(bullet) = ["- ", "* ", "• "].iter().find(|b| rest.starts_with(**b)) {
        return lead + display_width(bullet);
    }
    if let Some(colon) = rest.find(": ") {
        let label = rest.get(..colon).unwrap_or_default();
        if !label.is_empty()
            && display_width(label) <= 16
            && label.chars().all(|c| c.is_alphanumeric() || c == '-' || c == ' ')
            && !label.contains("  ")
        {
            return lead + columns(colon) + 2;
        }
    }
    lead + 2
}

/// `line` wrapped to `width` columns: breaks at spaces (and between double-width characters),
/// continuation lines indented by `indent`; a piece wider than a line is cut where it must be.
/// A line that fits is returned as it is.
///
/// ```
/// use wsltune::term::wrap;
/// assert_eq!(wrap("note: one two three four", 20, 6), ["note: one two three", "      four"]);
/// assert_eq!(wrap("短い", 20, 2), ["短い"]);
/// ```
pub fn wrap(line: &str, width: usize, indent: usize) -> Vec<String> {
    if display_width(line) <= width || width < MIN_WIDTH {
        return vec![line.to_owned()];
    }
    let indent = indent.min(width / 2);
    let pad = " ".repeat(indent);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    for piece in pieces(line) {
        let w = display_width(piece);
        let trimmed = display_width(piece.trim_end_matches(' '));
        // A piece wider than any line starts where the line is, and is cut below.
        let too_wide = indent + trimmed > width;
        if !too_wide && used + trimmed > width && !current.trim().is_empty() {
            out.push(current.trim_end_matches(' ').to_owned());
            current = pad.clone();
            used = indent;
        }
        if used + trimmed > width {
            // A piece wider than a whole line (a long path): cut it after a path separator
            // where one falls in the line, else where the line ends.
            let mut last_sep: Option<(usize, usize)> = None; // (byte in current, columns)
            for c in piece.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && used > indent {
                    // A character no line may start with takes the one before it along
                    // (and that one's own, if it may not start a line either).
                    let carry_from = current
                        .char_indices()
                        .rev()
                        .find(|&(_, p)| !no_line_start(p))
                        .map(|(at, _)| at)
                        .filter(|&at| at > indent);
                    if no_line_start(c)
                        && let Some(at) = carry_from
                    {
                        let carried = current.split_off(at);
                        out.push(current.trim_end_matches(' ').to_owned());
                        current = pad.clone();
                        current.push_str(&carried);
                        used = indent + display_width(&carried);
                        last_sep = None;
                        current.push(c);
                        used += cw;
                        continue;
                    }
                    match last_sep.filter(|&(_, cols)| cols > indent + (width - indent) / 3) {
                        Some((at, cols)) => {
                            let rest = current.split_off(at);
                            let done = std::mem::replace(&mut current, pad.clone());
                            out.push(done.trim_end_matches(' ').to_owned());
                            current.push_str(&rest);
                            used = indent + (used - cols);
                        }
                        None => {
                            // A space the cut falls after ends the line: not counted, not kept.
                            let done = std::mem::replace(&mut current, pad.clone());
                            out.push(done.trim_end_matches(' ').to_owned());
                            used = indent;
                        }
                    }
                    last_sep = None;
                }
                current.push(c);
                used += cw;
                if c == '/' || c == '\\' {
                    last_sep = Some((current.len(), used));
                }
            }
            continue;
        }
        current.push_str(piece);
        used += w;
    }
    let last = current.trim_end_matches(' ');
    if !last.trim().is_empty() {
        out.push(last.to_owned());
    }
    out
}

/// `path` shortened to at most `width` columns by replacing its middle folders with `…`,
/// keeping its start and its file name: `/mnt/c/Users/…/docker_data.vhdx`. A path that fits is
/// returned as it is.
///
/// ```
/// use wsltune::term::shorten_path;
/// let p = "/mnt/c/Users/alice/AppData/Local/Docker/wsl/disk/docker_data.vhdx";
/// assert_eq!(shorten_path(p, 38), "/mnt/c/Users/…/disk/docker_data.vhdx");
/// assert_eq!(shorten_path("/short.vhdx", 40), "/short.vhdx");
/// ```
pub fn shorten_path(path: &str, width: usize) -> String {
    if display_width(path) <= width {
        return path.to_owned();
    }
    let sep = if path.contains('\\') && !path.contains('/') { '\\' } else { '/' };
    let parts: Vec<&str> = path.split(sep).collect();
    let Some((name, folders)) = parts.split_last() else { return path.to_owned() };
    // Keep folders from the front and the back, alternately, while they fit.
    let sep_s = sep.to_string();
    let fits = |front: &[&str], back: &[&str]| {
        let text = [front.join(&sep_s), "…".to_owned(), back.join(&sep_s), (*name).to_owned()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(&sep_s);
        (display_width(&text) <= width).then_some(text)
    };
    // The start that says where the file is (`/mnt/c/Users`, `C:\Users`) first, then folders
    // from the back (nearest the file), then more from the front.
    let start = if folders.first() == Some(&"") { 4 } else { 2 }.min(folders.len());
    let mut best = None;
    for f in (1..=start).rev() {
        if let Some(text) = fits(folders.get(..f).unwrap_or_default(), &[]) {
            best = Some(text);
            break;
        }
    }
    let (mut front, mut back) = (start, 0);
    let mut growing_back = true;
    while front + back < folders.len() {
        let (f, b) = if growing_back { (front, back + 1) } else { (front + 1, back) };
        let back_part = folders.get(folders.len() - b..).unwrap_or_default();
        match fits(folders.get(..f).unwrap_or_default(), back_part) {
            Some(text) if best.is_some() => {
                best = Some(text);
                (front, back) = (f, b);
            }
            _ if growing_back => growing_back = false,
            _ => break,
        }
    }
    best.unwrap_or_else(|| format!("…{sep}{name}"))
}

/// Writes `line` to standard error in one write, fitted to a terminal's width (hanging under a
/// leading label such as `wsltune: ` or `warning: `): the messages of every command. One write,
/// because `eprintln!` writes each piece of its format on its own (stderr is unbuffered) and a
/// line could interleave with another writer's.
pub fn say(line: &str) {
    let mut text = match stderr_width() {
        Some(width) => wrap(line, width, hanging_indent(line).min(10)).join("\n"),
        None => line.to_owned(),
    };
    text.push('\n');
    let _ = io::stderr().write_all(text.as_bytes());
}

/// Standard output for a command's report: fitted to the terminal for people, whole for JSON.
pub fn stdout_for(json: bool) -> Fit<io::StdoutLock<'static>> {
    Fit::new(io::stdout().lock(), if json { None } else { stdout_width() })
}

/// A writer that fits each line written through it to a width (see [`wrap`] and
/// [`hanging_indent`]); with no width it passes everything through. Lines are wrapped when they
/// end, so output is buffered until a newline (and on flush).
pub struct Fit<W: Write> {
    inner: W,
    width: Option<usize>,
    pending: Vec<u8>,
}

impl<W: Write> Fit<W> {
    /// Fits `inner` to `width`.
    pub fn new(inner: W, width: Option<usize>) -> Self {
        Fit { inner, width, pending: Vec::new() }
    }

    fn emit(&mut self, line: &[u8], newline: bool) -> io::Result<()> {
        match (self.width, std::str::from_utf8(line)) {
            (Some(width), Ok(text)) => {
                let pieces = wrap(text, width, hanging_indent(text));
                let last = pieces.len().saturating_sub(1);
                for (i, piece) in pieces.iter().enumerate() {
                    self.inner.write_all(piece.as_bytes())?;
                    if i < last || newline {
                        self.inner.write_all(b"\n")?;
                    }
                }
                Ok(())
            }
            _ => {
                self.inner.write_all(line)?;
                if newline { self.inner.write_all(b"\n") } else { Ok(()) }
            }
        }
    }
}

impl<W: Write> Write for Fit<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.width.is_none() {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        while let Some(at) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=at).collect();
            self.emit(line.get(..at).unwrap_or_default(), true)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.emit(&line, false)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Fit<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let line = "  warning [docker-old-data-disk] Both Docker's current data disk (docker_data.vhdx) and the old docker-desktop-data disk /mnt/c/Users/bob/AppData/Local/Docker/wsl/data/ext4.vhdx (4.89 KiB) exist.";
        for width in [40, 60, 80, 120] {
            let lines = wrap(line, width, hanging_indent(line));
            assert!(lines.iter().all(|l| display_width(l) <= width), "{width}: {lines:#?}");
            let joined: String = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
            let words: Vec<&str> = line.split_whitespace().collect();
            let rejoined = joined.split_whitespace().collect::<Vec<_>>().concat();
            assert_eq!(rejoined, words.concat(), "{width}: nothing lost");
            assert!(lines.iter().skip(1).all(|l| l.starts_with("    ")), "{lines:#?}");
        }
    }

    #[test]
    fn japanese_breaks_between_characters_but_not_before_a_full_stop() {
        let line = "メモリの上限を設定すると、ドッカーのコンテナが使えるメモリが減ります。";
        let lines = wrap(line, 20, 0);
        assert!(lines.iter().all(|l| display_width(l) <= 20), "{lines:#?}");
        assert!(
            lines.iter().skip(1).all(|l| !l.starts_with('。') && !l.starts_with('、')),
            "{lines:#?}"
        );
        assert_eq!(lines.concat(), line);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation_at_any_width() {
        let lines = [
            "  対処: `8GB` と書いてください（単位は大文字と小文字を区別します: `B`、`K`、`KB`、`M`、`MB`、`G`、`GB`、`T`、`TB`。小数と `GiB` は使えません）。",
            "  対処: Windows のパスではバックスラッシュをすべて二重にしてください（例: `C:\\\\Users\\\\me\\\\kernel`）。そうしないと WSL は行全体を無視します。",
        ];
        for line in lines {
            for (width, indent) in (24..90).flat_map(|w| [(w, 2), (w, 8), (w, 20)]) {
                let wrapped = wrap(line, width, indent);
                for l in &wrapped[1..] {
                    let first = l.trim_start().chars().next().unwrap();
                    assert!(!no_line_start(first), "{width}: {wrapped:#?}");
                }
                let words = |s: &str| s.split_whitespace().collect::<String>();
                assert_eq!(words(&wrapped.concat()), words(line), "{width}");
            }
        }
    }

    #[test]
    fn a_figure_stays_with_its_japanese_counter() {
        let line =
            "警告: ディスク 2 個のうち 1 個を読めませんでした。履歴には 8 件を書き込みました。";
        for width in 16..50 {
            for l in wrap(line, width, 4) {
                assert!(!l.ends_with(|c: char| c.is_ascii_digit()), "{width}: {l:?}");
            }
        }
    }

    #[test]
    fn a_figure_stays_with_its_unit() {
        let line = "note: the disk holds 12.5 GiB of which 4 MiB are free and 2 KiB are used by x";
        for width in 20..40 {
            for l in wrap(line, width, 6) {
                assert!(!l.ends_with(|c: char| c.is_ascii_digit()), "{width}: {l:?}");
            }
        }
    }

    #[test]
    fn labels_hang() {
        assert_eq!(hanging_indent("note: x"), 6);
        assert_eq!(hanging_indent("        fix: x"), 13);
        assert_eq!(hanging_indent("  - item"), 4);
        assert_eq!(hanging_indent("a sentence that runs on: then a colon"), 2);
        assert_eq!(hanging_indent("Environment   WSL 2"), 14);
        assert_eq!(hanging_indent("  info    [code] text"), 10);
        assert_eq!(hanging_indent("    2  warning  wsl: Invalid"), 16);
        // Japanese labels count in columns.
        assert_eq!(hanging_indent("環境          WSL 2"), 14);
        assert_eq!(hanging_indent("  警告     [code] text"), 11);
        assert_eq!(hanging_indent("           対処: x"), 17);
    }

    #[test]
    fn fit_passes_through_without_a_width_and_wraps_with_one() {
        let mut out = Vec::new();
        {
            let mut fit = Fit::new(&mut out, None);
            writeln!(fit, "{}", "word ".repeat(40)).unwrap();
        }
        assert_eq!(out.len(), 201);
        let mut out = Vec::new();
        {
            let mut fit = Fit::new(&mut out, Some(30));
            write!(fit, "{}", "word ".repeat(40).trim_end()).unwrap();
            writeln!(fit, " end").unwrap();
            write!(fit, "unfinished").unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|l| display_width(l) <= 30), "{text}");
        assert!(text.ends_with("end\nunfinished"), "{text}");
    }

    #[test]
    fn a_long_path_breaks_after_a_separator() {
        let line = "  info    [x] /work/main/tests/fixtures/doctor/wsl2-new-layout/root/mnt/c/Users/bob/AppData/Local/Docker/wsl/disk/docker_data.vhdx could not be read";
        let lines = wrap(line, 60, hanging_indent(line));
        assert!(lines.iter().all(|l| display_width(l) <= 60), "{lines:#?}");
        // Joined back — with nothing after a line that ends in a separator, a space after any
        // other — the line is whole: every break inside the path came after a '/'.
        let mut joined = String::new();
        for l in &lines {
            if !joined.is_empty() && !joined.ends_with('/') {
                joined.push(' ');
            }
            joined.push_str(if joined.is_empty() { l } else { l.trim_start() });
        }
        assert_eq!(joined, line, "{lines:#?}");
    }

    #[test]
    fn paths_are_shortened_in_the_middle() {
        let p = "/mnt/c/Users/alice/AppData/Local/Docker/wsl/disk/docker_data.vhdx";
        for width in [20, 30, 40, 50, 60] {
            let s = shorten_path(p, width);
            assert!(display_width(&s) <= width || s == "…/docker_data.vhdx", "{width}: {s}");
            assert!(s.ends_with("docker_data.vhdx"), "{s}");
        }
        assert_eq!(shorten_path(p, 80), p);
        assert_eq!(
            shorten_path(r"C:\Users\alice\AppData\Local\Docker\wsl\disk\docker_data.vhdx", 34),
            r"C:\Users\…\disk\docker_data.vhdx"
        );
    }
}
