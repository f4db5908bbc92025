//! The live view's Docker block: a line of totals, then the running containers largest memory
//! first (name, memory as `docker stats` shows it, CPU as `docker stats` shows it: 100 % is one
//! processor), as many as the lines left on the terminal allow, the rest summed as `+N more`.

use super::layout::{fit, pad};
use super::texts as t;
use crate::i18n::{Lang, fill};
use crate::sample::ContainerSample;
use crate::term::display_width;
use crate::units::format_bytes;

/// The memory column: `1023.99 MiB`.
const MEMORY: usize = 11;
/// The CPU column: `1600.0%`.
const CPU: usize = 7;
/// The widest name column, so that the figures stay near the names on a wide terminal.
const NAME_MAX: usize = 40;

/// The block's lines in at most `rows` lines (at least one) of `width` columns, in `lang`:
/// `None` is an engine that did not answer.
pub(super) fn block(
    containers: Option<&[ContainerSample]>,
    width: usize,
    rows: usize,
    lang: Lang,
) -> Vec<String> {
    let label = t::label_width(lang);
    let docker = pad("Docker", label);
    let Some(list) = containers else {
        return vec![format!("{docker}{}", t::DOCKER_SILENT.in_lang(lang))];
    };
    if list.is_empty() {
        return vec![format!("{docker}{}", t::DOCKER_NONE.in_lang(lang))];
    }
    let memory: u64 = list.iter().map(|c| c.mem_used_bytes).sum();
    let running = fill(
        t::DOCKER_RUNNING.in_lang(lang),
        &[("n", &list.len()), ("size", &format_bytes(memory))],
    );
    let mut head = format!("{docker}{running}");
    if let Some(cpu) = cpu_sum(list) {
        let more = format!(" · CPU {}", percent(cpu));
        if display_width(&head) + display_width(&more) <= width {
            head.push_str(&more);
        }
    }
    let mut lines = vec![head];
    let rows = rows.max(1);
    let name_w = width.saturating_sub(label + 2 + MEMORY + 2 + CPU).clamp(4, NAME_MAX);
    let row = |name: &str, memory: u64, cpu: Option<f64>| {
        format!(
            "{}{}  {:>MEMORY$}  {:>CPU$}",
            " ".repeat(label),
            pad(&fit(name, name_w), name_w),
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
            &fill(t::DOCKER_MORE.in_lang(lang), &[("n", &rest.len())]),
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
