//! The terminal, leaf of every layer that prints for people: its width, the display width of
//! text (a double-width character counts two, an escape sequence nothing), prose wrapped at
//! spaces with a hanging indent — and between characters where a language writes no spaces —,
//! and long paths shortened in the middle.
//!
//! Output that is not a terminal (a pipe, a file) gets the full text, unwrapped: scripts and
//! `grep` see whole lines. `WSLTUNE_WIDTH` sets a width anyway (for `| less`, and for tests).

use std::io::{self, IsTerminal, Write};

use unicode_width::UnicodeWidthChar;

mod wrap;
pub use wrap::{hanging_indent, wrap};

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

/// A writer for a command whose job is a change, not its output (`compact`): once the reader has
/// gone away (`| head`), what is written is dropped and the work goes on, so a closed pipe never
/// leaves a change half made.
pub struct KeepGoing<W: Write> {
    inner: W,
    gone: bool,
}

impl<W: Write> KeepGoing<W> {
    /// Writes to `inner` until its reader goes away.
    pub fn new(inner: W) -> Self {
        KeepGoing { inner, gone: false }
    }
}

impl<W: Write> Write for KeepGoing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.gone {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.gone {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            other => other,
        }
    }
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
