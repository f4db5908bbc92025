//! The page's words for "now" and for time: what `.wslconfig` sets beside what the VM has (at
//! the window's last sample), the restart still pending where they differ (`doctor`'s rule,
//! [`crate::checklist::not_applied`]), and how long the gaps in the history are.

use crate::analyze::evidence::Evidence;
use crate::analyze::series::{Gap, Series};
use crate::checklist::VmView;
use crate::units::format_bytes;
use crate::wslconfig::{Parsed, Target};

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

/// `40 min`, `36 h`, `3.5 days`, `1660 days`.
pub fn span_words(ms: i64) -> String {
    let minutes = ms as f64 / 60_000.0;
    if minutes < 120.0 {
        format!("{minutes:.0} min")
    } else if minutes < 72.0 * 60.0 {
        format!("{:.0} h", minutes / 60.0)
    } else if minutes < 10.0 * 1440.0 {
        format!("{:.1} days", minutes / 1440.0)
    } else {
        format!("{:.0} days", minutes / 1440.0)
    }
}

/// `2 gaps without samples, 36 h in all (shaded; nothing is drawn across them).`, or empty.
pub fn gap_note(gaps: &[Gap]) -> String {
    if gaps.is_empty() {
        return String::new();
    }
    let total: i64 = gaps.iter().map(|g| g.to_ms - g.from_ms).sum();
    let what = crate::units::plural(gaps.len() as u64, "gap", "gaps");
    let all = if gaps.len() == 1 { "" } else { " in all" };
    format!(
        " {what} without samples, {}{all} (shaded; nothing is drawn across {}).",
        span_words(total),
        if gaps.len() == 1 { "it" } else { "them" }
    )
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
