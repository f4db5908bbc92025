//! Prose wrapped to a width: at spaces with a hanging indent, between characters where a language
//! writes no spaces, by the Japanese line-breaking rules (kinsoku), and a long path after a separator.

use unicode_width::UnicodeWidthChar;

use super::{MIN_WIDTH, display_width};

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
}
