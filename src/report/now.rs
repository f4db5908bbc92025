//! The page's words for "now" and for time: what `.wslconfig` sets beside what the VM has (at
//! the window's last sample), the restart still pending where they differ (`doctor`'s rule,
//! [`crate::checklist::not_applied`]), and how long the gaps in the history are.

use super::texts as t;
use crate::analyze::evidence::Evidence;
use crate::analyze::series::{Gap, Series};
use crate::checklist::VmView;
use crate::i18n::{Lang, current};
use crate::units::format_bytes;
use crate::wslconfig::{Parsed, Target};
use crate::zone::Civil;

const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// `2026-12-01 14:05`; in Japanese `2026年12月1日 14:05`.
pub fn date_time(c: &Civil) -> String {
    match current() {
        Lang::En => c.date_time(),
        Lang::Ja => format!("{}年{}月{}日 {}", c.year, c.month, c.day, c.clock()),
    }
}

/// `2026-12-01`; in Japanese `2026年12月1日`.
pub fn date(c: &Civil) -> String {
    match current() {
        Lang::En => format!("{:04}-{:02}-{:02}", c.year, c.month, c.day),
        Lang::Ja => format!("{}年{}月{}日", c.year, c.month, c.day),
    }
}

/// `Tue 1 Dec`; in Japanese `12月1日(火)`.
pub fn day_label(c: &Civil) -> String {
    match current() {
        Lang::En => c.day_label(),
        Lang::Ja => format!(
            "{}月{}日({})",
            c.month,
            c.day,
            WEEKDAYS_JA.get(c.weekday as usize).copied().unwrap_or("")
        ),
    }
}

/// `1 Dec`, `1 Dec 2027` where `with_year`; in Japanese `12月1日`, `2027年12月1日`.
pub fn day_month(c: &Civil, with_year: bool) -> String {
    match current() {
        Lang::En => {
            let label = c.day_label();
            let day = label.split_once(' ').map_or(label.as_str(), |(_, d)| d);
            if with_year { format!("{day} {}", c.year) } else { day.to_owned() }
        }
        Lang::Ja if with_year => format!("{}年{}月{}日", c.year, c.month, c.day),
        Lang::Ja => format!("{}月{}日", c.month, c.day),
    }
}

/// The VM's size at the window's last sample.
pub fn vm_at_end(s: &Series) -> VmView {
    VmView {
        memory_bytes: Series::last(&s.mem_total).map(|v| v as u64),
        swap_bytes: Series::last(&s.swap_total).map(|v| v as u64),
        processors: Series::last(&s.cpu_count).map(|v| v as usize),
    }
}

/// What the VM has for a `.wslconfig` key, in binary units, or `—`.
pub fn vm_has(vm: &VmView, key: &str) -> String {
    match key {
        "wsl2.memory" => vm.memory_bytes.map(format_bytes),
        "wsl2.swap" => vm.swap_bytes.map(format_bytes),
        "wsl2.processors" => vm.processors.map(|n| n.to_string()),
        _ => None,
    }
    .unwrap_or_else(|| "—".to_owned())
}

/// What `.wslconfig` sets that the VM (at the last sample) does not have: `doctor`'s rule.
pub fn pending(e: &Evidence) -> Vec<String> {
    let text = e.wslconfig.as_ref().map_or("", Target::text);
    let parsed = Parsed::new(text, "");
    crate::checklist::not_applied(&parsed.config, &vm_at_end(&e.series))
}

/// `40 min`, `36 h`, `3.5 days`, `1660 days` (`40 分`, `36 時間`, `3.5 日`).
pub fn span_words(ms: i64) -> String {
    let minutes = ms as f64 / 60_000.0;
    let (text, n) = if minutes < 120.0 {
        (t::SPAN_MIN, format!("{minutes:.0}"))
    } else if minutes < 72.0 * 60.0 {
        (t::SPAN_H, format!("{:.0}", minutes / 60.0))
    } else if minutes < 10.0 * 1440.0 {
        (t::SPAN_DAYS, format!("{:.1}", minutes / 1440.0))
    } else {
        (t::SPAN_DAYS, format!("{:.0}", minutes / 1440.0))
    };
    text.fill(&[("n", &n)])
}

/// `2 gaps without samples, 36 h in all (shaded; nothing is drawn across them).`, or empty.
pub fn gap_note(gaps: &[Gap]) -> String {
    if gaps.is_empty() {
        return String::new();
    }
    let total: i64 = gaps.iter().map(|g| g.to_ms - g.from_ms).sum();
    let text = if gaps.len() == 1 { t::GAP } else { t::GAPS };
    text.fill(&[("n", &gaps.len()), ("span", &span_words(total))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_in_words() {
        let g = |a: i64, b: i64| Gap { from_ms: a * 3_600_000, to_ms: b * 3_600_000 };
        assert_eq!(gap_note(&[]), "");
        assert_eq!(
            gap_note(&[g(0, 30), g(40, 46)]),
            " 2 gaps without samples, 36 h in all (shaded; nothing is drawn across them)."
        );
        assert_eq!(span_words(45 * 60_000), "45 min");
        assert_eq!(span_words(84 * 3_600_000), "3.5 days");
    }
}
