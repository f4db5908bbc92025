//! The live view's Docker block: a line of totals, then the running containers largest memory
//! first (name, memory as `docker stats` shows it, CPU as `docker stats` shows it: 100 % is one
//! processor), as many as the lines left on the terminal allow, the rest summed as `+N more`.

use crate::sample::ContainerSample;
use crate::term::display_width;
use crate::units::format_bytes;

use super::LABEL;

/// The memory column: `1023.99 MiB`.
const MEMORY: usize = 11;
/// The CPU column: `1600.0%`.
const CPU: usize = 7;
/// The widest name column, so that the figures stay near the names on a wide terminal.
const NAME_MAX: usize = 40;

/// The block's lines in at most `rows` lines (at least one) of `width` columns: `None` is an
/// engine that did not answer.
pub(super) fn block(
    containers: Option<&[ContainerSample]>,
    width: usize,
    rows: usize,
) -> Vec<String> {
    let Some(list) = containers else {
        return vec![format!("{:<LABEL$}not answering (containers not sampled)", "Docker")];
    };
    if list.is_empty() {
        return vec![format!("{:<LABEL$}no container running", "Docker")];
    }
    let memory: u64 = list.iter().map(|c| c.mem_used_bytes).sum();
    let mut head =
        format!("{:<LABEL$}{} running · memory {}", "Docker", list.len(), format_bytes(memory));
    if let Some(cpu) = cpu_sum(list) {
        let more = format!(" · CPU {}", percent(cpu));
        if display_width(&head) + display_width(&more) <= width {
            head.push_str(&more);
        }
    }
    let mut lines = vec![head];
    let rows = rows.max(1);
    let name_w = width.saturating_sub(LABEL + 2 + MEMORY + 2 + CPU).clamp(4, NAME_MAX);
    let row = |name: &str, memory: u64, cpu: Option<f64>| {
        format!(
            "{:<LABEL$}{:<name_w$}  {:>MEMORY$}  {:>CPU$}",
            "",
            fit(name, name_w),
            format_bytes(memory),
            cpu.map_or("-".to_owned(), percent)
        )
        .trim_end()
        .to_owned()
    };
    if list.len() < rows {
        lines.extend(list.iter().map(|c| row(&c.name, c.mem_used_bytes, c.cpu_cores)));
    } else if rows >= 2 {
        // The last line sums what does not fit.
        let (shown, rest) = list.split_at(rows - 2);
        lines.extend(shown.iter().map(|c| row(&c.name, c.mem_used_bytes, c.cpu_cores)));
        lines.push(row(
            &format!("+{} more", rest.len()),
            rest.iter().map(|c| c.mem_used_bytes).sum(),
            cpu_sum(rest),
        ));
    }
    lines
}

/// The CPU of `list` summed, or `None` while none is known (the first reading).
fn cpu_sum(list: &[ContainerSample]) -> Option<f64> {
    list.iter().filter_map(|c| c.cpu_cores).reduce(|a, b| a + b)
}

/// Processors busy as `docker stats` shows them: `100.0%` is one.
fn percent(cores: f64) -> String {
    format!("{:.1}%", cores * 100.0)
}

/// `name` in `w` columns: cut with `…` when longer (Docker names are ASCII).
fn fit(name: &str, w: usize) -> String {
    if name.chars().count() <= w {
        return name.to_owned();
    }
    let mut cut: String = name.chars().take(w.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
