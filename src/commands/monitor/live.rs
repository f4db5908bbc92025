//! The live view on a terminal: current values with bars, short sparklines of the last minutes,
//! the disks, and where the history goes.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::time::Duration;

use crate::sample::Sample;
use crate::units::format_bytes;

const WIDTH: usize = 32;
const HISTORY: usize = 60;
const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The view's state: recent values for the sparklines.
pub struct Live {
    db: String,
    interval: Duration,
    used: VecDeque<f64>,
    cpu: VecDeque<f64>,
}

impl Live {
    /// A new view.
    pub fn new(db: String, interval: Duration) -> Self {
        Live { db, interval, used: VecDeque::new(), cpu: VecDeque::new() }
    }

    /// Redraws the screen for a new sample.
    pub fn draw(
        &mut self,
        out: &mut impl Write,
        s: &Sample,
        stored: u64,
        taken: u64,
    ) -> io::Result<()> {
        push(&mut self.used, s.mem_used_bytes.map(|v| v as f64));
        push(&mut self.cpu, s.cpu_busy_ratio);
        let b = |v: Option<u64>| v.map_or("?".to_owned(), format_bytes);
        let mut screen = String::new();
        screen.push_str("\x1b[H\x1b[J");
        screen.push_str(&format!(
            "wsltune monitor · every {} · {} · Ctrl-C stops\n\n",
            crate::units::format_duration(self.interval),
            crate::units::format_rfc3339(s.ts_ms)
        ));
        let total = s.mem_total_bytes.unwrap_or(0).max(1) as f64;
        let part = |v: Option<u64>| v.map_or(0.0, |v| v as f64 / total);
        let (used, cache) = (part(s.mem_used_bytes), part(s.mem_cache_bytes));
        screen.push_str(&format!(
            "Memory  {}  used {}  cache {}  free {}  of {}\n",
            bar(&[(used, '█'), (cache, '▓')]),
            b(s.mem_used_bytes),
            b(s.mem_cache_bytes),
            b(s.mem_free_bytes),
            b(s.mem_total_bytes)
        ));
        screen.push_str(&format!(
            "        used, last {} samples: {}\n",
            self.used.len(),
            sparkline(&self.used)
        ));
        let swap_total = s.swap_total_bytes.unwrap_or(0).max(1) as f64;
        let swap = s.swap_used_bytes.map_or(0.0, |v| v as f64 / swap_total);
        screen.push_str(&format!(
            "Swap    {}  {} of {}\n",
            bar(&[(swap, '█')]),
            b(s.swap_used_bytes),
            b(s.swap_total_bytes)
        ));
        let cpu = s.cpu_busy_ratio.unwrap_or(0.0);
        screen.push_str(&format!(
            "CPU     {}  {}  {}\n",
            bar(&[(cpu, '█')]),
            s.cpu_busy_ratio.map_or("?".to_owned(), |r| format!("{:5.1}%", r * 100.0)),
            sparkline(&self.cpu)
        ));
        let p = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.2}%"));
        screen.push_str(&format!(
            "Stalls  memory {}  cpu {}  io {}   (PSI some avg10)\n",
            p(s.pressure_memory_some_avg10),
            p(s.pressure_cpu_some_avg10),
            p(s.pressure_io_some_avg10)
        ));
        if let Some(h) = s.host_vm_process_bytes {
            let cpu = s
                .host_vm_process_cpu_ratio
                .map_or(String::new(), |r| format!(", {:.1}% of the host's CPU", r * 100.0));
            screen.push_str(&format!("vmmem   {}{cpu}\n", format_bytes(h)));
        }
        screen.push('\n');
        if s.disks.is_empty() {
            screen.push_str("Disks   none found (add one with --vhdx PATH)\n");
        }
        for d in &s.disks {
            if d.file_length.is_none() {
                screen.push_str(&format!(
                    "Disk    {:<18} not there (see the warning)\n",
                    d.file_name()
                ));
                continue;
            }
            screen.push_str(&format!("Disk    {:<18} {:>11}", d.file_name(), b(d.file_length)));
            if let Some(u) = d.fs_used_bytes {
                screen.push_str(&format!("  ext4 {}", format_bytes(u)));
            }
            if let Some(r) = d.reclaimable_bytes {
                screen.push_str(&format!("  reclaimable {}", format_bytes(r)));
            }
            screen.push('\n');
        }
        screen.push_str(&format!(
            "\nHistory {} · {stored} samples written · {taken} taken this run (written every 10 s)\n",
            self.db
        ));
        out.write_all(screen.as_bytes())
    }

    /// Leaves the last screen in place and moves below it.
    pub fn finish(&self, out: &mut impl Write) {
        let _ = out.write_all(b"\n");
        let _ = out.flush();
    }
}

fn push(history: &mut VecDeque<f64>, value: Option<f64>) {
    if let Some(v) = value {
        history.push_back(v);
        if history.len() > HISTORY {
            history.pop_front();
        }
    }
}

/// A bar of `WIDTH` cells: each part fills its share with its glyph, the rest is light shade.
fn bar(parts: &[(f64, char)]) -> String {
    let mut out = String::new();
    let mut filled = 0usize;
    for (share, glyph) in parts {
        let cells = ((share.clamp(0.0, 1.0) * WIDTH as f64).round() as usize).min(WIDTH - filled);
        out.extend(std::iter::repeat_n(*glyph, cells));
        filled += cells;
    }
    out.extend(std::iter::repeat_n('░', WIDTH - filled));
    out
}

/// A sparkline of recent values, scaled to their own range.
fn sparkline(values: &VecDeque<f64>) -> String {
    let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    values
        .iter()
        .map(|v| {
            let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
            SPARKS.get((t * 7.0).round() as usize).copied().unwrap_or('▁')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_sparklines() {
        assert_eq!(bar(&[(0.5, '█'), (0.25, '▓')]).chars().filter(|c| *c == '█').count(), 16);
        assert_eq!(bar(&[(2.0, '█')]).chars().count(), WIDTH);
        let v: VecDeque<f64> = [1.0, 2.0, 3.0].into_iter().collect();
        assert_eq!(sparkline(&v), "▁▅█");
    }
}
