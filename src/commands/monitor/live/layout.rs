//! The live view's layout: rows of a label and parts wrapped at part boundaries, bars and
//! sparklines, padded and cut by display width (a Japanese character takes two columns).

use std::collections::VecDeque;
use std::time::Duration;

use crate::term::display_width;

/// How many values a sparkline keeps.
pub(super) const HISTORY: usize = 60;
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// `text` padded with spaces to `width` columns (as it is when wider).
pub(super) fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(display_width(text))));
    out
}

/// `text` in at most `width` columns: cut with `…` when wider, never inside a character.
pub(super) fn fit(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Appends `label` (padded to `indent`) and `parts` joined by `sep`, wrapped at part
/// boundaries to `width`, continuation lines indented by `indent`: a figure is never split.
pub(super) fn line(
    screen: &mut String,
    label: &str,
    parts: &[String],
    sep: &str,
    width: usize,
    indent: usize,
) {
    let mut current = pad(label, indent);
    let mut used = display_width(&current);
    let mut first = true;
    // A part wider than a whole line (a long disk label in Japanese) is wrapped at its spaces
    // (between characters in Japanese) into parts that fit; parts that fit are left whole.
    let room = width.saturating_sub(indent).max(1);
    let parts = parts.iter().flat_map(|part| {
        if display_width(part) > room && !part.contains('\x1b') {
            crate::term::wrap(part, room, 0).into_iter().map(|p| fit(&p, room)).collect()
        } else {
            vec![part.clone()]
        }
    });
    for part in parts {
        let part = &part;
        let w = display_width(part);
        if !first && used + display_width(sep) + w > width {
            screen.push_str(current.trim_end());
            screen.push('\n');
            current = " ".repeat(indent);
            used = indent;
            first = true;
        }
        if !first {
            current.push_str(sep);
            used += display_width(sep);
        }
        current.push_str(part);
        used += w;
        first = false;
    }
    screen.push_str(current.trim_end());
    screen.push('\n');
}

/// How long `n` samples span, for the sparklines' captions (`, last 5m`), or `None` yet.
pub(super) fn minutes(interval: Duration, n: usize) -> Option<Duration> {
    (n > 0).then(|| Duration::from_millis(interval.as_millis().max(1) as u64 * n as u64))
}

/// Adds `value` to a sparkline's values, keeping the last [`HISTORY`].
pub(super) fn push(history: &mut VecDeque<f64>, value: Option<f64>) {
    if let Some(v) = value {
        history.push_back(v);
        if history.len() > HISTORY {
            history.pop_front();
        }
    }
}

/// A bar of `width` cells: each part fills its share with its glyph, the rest is light shade.
pub(super) fn bar(parts: &[(f64, char)], width: usize) -> String {
    let mut out = String::new();
    let mut filled = 0usize;
    for (share, glyph) in parts {
        let cells = ((share.clamp(0.0, 1.0) * width as f64).round() as usize).min(width - filled);
        out.extend(std::iter::repeat_n(*glyph, cells));
        filled += cells;
    }
    out.extend(std::iter::repeat_n('░', width - filled));
    out
}

/// The last `width` values as a sparkline on the fixed scale 0–1 (a share of the VM's memory, of
/// the CPU): the same height means the same amount from frame to frame.
pub(super) fn sparkline(values: &VecDeque<f64>, width: usize) -> String {
    let skip = values.len().saturating_sub(width);
    values
        .iter()
        .skip(skip)
        .map(|v| SPARKS.get((v.clamp(0.0, 1.0) * 7.0).round() as usize).copied().unwrap_or('▁'))
        .collect()
}
