//! The live view on a terminal: drawn on the alternate screen (the scrollback keeps what was
//! there before, not a frame per tick) and given back on exit and on Ctrl-C; each frame is laid
//! out for the terminal's width at that moment (a resize draws the last one again), never
//! breaking inside a figure. Current values with bars, sparklines on a stated scale (memory
//! 0 to the VM's size, CPU 0–100 %), each disk by role and name, colour for levels that need
//! attention (`--color`, `NO_COLOR`); Docker's running containers in the lines the terminal has
//! left ([`containers`]).

use std::collections::VecDeque;
use std::io::{self, Write};
use std::time::Duration;

mod containers;
mod layout;
pub mod texts;

use self::layout::{HISTORY, bar, line, minutes, push, sparkline};
use self::texts as t;
use crate::i18n::{Lang, Text, fill};
use crate::sample::{ContainerSample, Sample};
use crate::units::format_bytes;

/// Ticks without Docker's answer that still show its last one: an engine a little slow for one
/// tick (its answer goes to the next) does not make the block flicker.
const DOCKER_GRACE: u32 = 2;

/// A level that deserves the eye.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Normal,
    Notice,
    Alarm,
}

/// A disk the view shows: its path, its label (`Docker data · docker_data.vhdx`), and when this
/// run first saw it with what length (for its growth).
type WatchedDisk = (String, String, Option<(i64, u64)>);

/// The view's state: recent values for the sparklines, labels of the disks, warnings to show.
pub struct Live {
    db: String,
    interval: Duration,
    color: bool,
    used: VecDeque<f64>,
    cpu: VecDeque<f64>,
    disks: Vec<WatchedDisk>,
    warnings: VecDeque<String>,
    /// Every warning shown (up to 20), said again on stderr once the screen is given back.
    pub seen: Vec<String>,
    /// The last frame's sample and counts, drawn again after a resize.
    last: Option<(Sample, u64, u64)>,
    entered: bool,
    /// Whether monitor asks Docker: then an engine that does not answer is said.
    docker: bool,
    /// Docker's last answer, and the ticks since.
    containers: Option<Vec<ContainerSample>>,
    docker_missed: u32,
    /// The language it speaks (the one chosen, or a test's).
    lang: Lang,
    /// The label column: `Memory  `, `スワップ  `.
    label: usize,
    /// The clock's zone: the user's (UTC in unit tests, so frames do not depend on the machine).
    zone: crate::zone::Zone,
}

impl Live {
    /// A new view in `lang`; `disks` are (path, label) of the watched disks; `docker` says
    /// whether monitor asks Docker.
    pub fn new(
        db: String,
        interval: Duration,
        disks: Vec<(String, String)>,
        color: bool,
        docker: bool,
        lang: Lang,
    ) -> Self {
        Live {
            db,
            interval,
            color,
            used: VecDeque::new(),
            cpu: VecDeque::new(),
            disks: disks.into_iter().map(|(p, l)| (p, l, None)).collect(),
            warnings: VecDeque::new(),
            seen: Vec::new(),
            last: None,
            entered: false,
            docker,
            containers: None,
            docker_missed: 0,
            lang,
            label: t::label_width(lang),
            zone: if cfg!(test) { crate::zone::Zone::utc() } else { crate::zone::Zone::local() },
        }
    }

    /// `text` in the view's language.
    fn say(&self, text: Text) -> &'static str {
        text.in_lang(self.lang)
    }

    /// `text` in the view's language, its placeholders filled.
    fn fill(&self, text: Text, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(text.in_lang(self.lang), args)
    }

    /// A warning to show in the view (the last three are kept).
    pub fn warn(&mut self, message: &str) {
        self.warnings.push_back(message.to_owned());
        if self.warnings.len() > 3 {
            self.warnings.pop_front();
        }
        if self.seen.len() < 20 {
            self.seen.push(message.to_owned());
        }
    }

    fn paint(&self, text: &str, level: Level) -> String {
        match (self.color, level) {
            (false, _) | (_, Level::Normal) => text.to_owned(),
            (true, Level::Notice) => format!("\x1b[33m{text}\x1b[0m"),
            (true, Level::Alarm) => format!("\x1b[1;31m{text}\x1b[0m"),
        }
    }

    /// Redraws the screen for a new sample, laid out for `width` columns and `height` lines.
    pub fn draw(
        &mut self,
        out: &mut impl Write,
        s: &Sample,
        stored: u64,
        taken: u64,
        (width, height): (usize, usize),
    ) -> io::Result<()> {
        let total = s.mem_total_bytes.filter(|t| *t > 0);
        push(&mut self.used, s.mem_used_bytes.zip(total).map(|(u, t)| u as f64 / t as f64));
        push(&mut self.cpu, s.cpu_busy_ratio);
        match (&s.containers, s.docker_up) {
            (Some(c), _) => {
                self.containers = Some(c.clone());
                self.docker_missed = 0;
            }
            // Not read at this tick (many containers are read every few): the last reading stands.
            (None, Some(true)) => {}
            (None, _) => self.docker_missed = self.docker_missed.saturating_add(1),
        }
        self.last = Some((s.clone(), stored, taken));
        self.frame(out, s, stored, taken, (width, height))
    }

    /// Draws the last frame again, for a new size (the terminal was resized).
    pub fn redraw(&mut self, out: &mut impl Write, size: (usize, usize)) -> io::Result<()> {
        match self.last.take() {
            Some((s, stored, taken)) => {
                let drawn = self.frame(out, &s, stored, taken, size);
                self.last = Some((s, stored, taken));
                drawn
            }
            None => Ok(()),
        }
    }

    fn frame(
        &mut self,
        out: &mut impl Write,
        s: &Sample,
        stored: u64,
        taken: u64,
        (width, height): (usize, usize),
    ) -> io::Result<()> {
        let width = width.max(40);
        let total = s.mem_total_bytes.filter(|t| *t > 0);
        let b = |v: Option<u64>| v.map_or("?".to_owned(), format_bytes);
        let mut screen = String::new();
        if !self.entered {
            // The alternate screen, the cursor hidden.
            screen.push_str("\x1b[?1049h\x1b[?25l");
            self.entered = true;
        }
        screen.push_str("\x1b[H\x1b[2J");
        let interval = crate::units::spoken_duration_in(self.interval, self.lang);
        let head = [
            "wsltune monitor".to_owned(),
            self.fill(t::EVERY, &[("interval", &interval)]),
            {
                let c = self.zone.civil(s.ts_ms);
                let seconds = s.ts_ms.div_euclid(1000).rem_euclid(60);
                format!("{}:{seconds:02} {}", c.clock(), self.zone.short_name(s.ts_ms))
            },
            self.say(t::STOPS).to_owned(),
        ];
        line(&mut screen, "", &head, " · ", width, 0);
        screen.push('\n');
        let label = self.label;
        let bar_w = (width - label).clamp(10, 40) - 2;
        // Memory.
        let part = |v: Option<u64>| v.zip(total).map_or(0.0, |(v, t)| v as f64 / t as f64);
        let used_share = part(s.mem_used_bytes);
        let level = match used_share {
            x if x >= 0.9 => Level::Alarm,
            x if x >= 0.75 => Level::Notice,
            _ => Level::Normal,
        };
        let memory_bar = bar(&[(used_share, '█'), (part(s.mem_cache_bytes), '▓')], bar_w);
        let size = |text: Text, v: Option<u64>| self.fill(text, &[("size", &b(v))]);
        line(
            &mut screen,
            self.say(t::MEMORY),
            &[
                self.paint(&memory_bar, level),
                self.paint(&size(t::USED, s.mem_used_bytes), level),
                size(t::CACHE, s.mem_cache_bytes),
                size(t::FREE, s.mem_free_bytes),
                size(t::OF, s.mem_total_bytes),
            ],
            "  ",
            width,
            label,
        );
        let spark_w = (width - label).saturating_sub(22).min(HISTORY);
        let last = |n: usize| match minutes(self.interval, n) {
            Some(span) => {
                let span = crate::units::spoken_duration_in(span, self.lang);
                self.fill(t::LAST, &[("span", &span)])
            }
            None => String::new(),
        };
        let used_last = last(self.used.len().min(spark_w));
        line(
            &mut screen,
            "",
            &[
                sparkline(&self.used, spark_w),
                self.fill(t::USED_TREND, &[("last", &used_last), ("total", &b(total))]),
            ],
            "  ",
            width,
            label,
        );
        // Swap.
        let swap = self.say(t::SWAP);
        match s.swap_total_bytes {
            Some(0) => {
                line(&mut screen, swap, &[self.say(t::SWAP_OFF).to_owned()], "  ", width, label)
            }
            swap_total => {
                let used = s.swap_used_bytes.unwrap_or(0);
                let share = swap_total.map_or(0.0, |t| used as f64 / t.max(1) as f64);
                let level = if used > 64 << 20 { Level::Notice } else { Level::Normal };
                let use_ = self.fill(
                    t::SWAP_USE,
                    &[("used", &b(s.swap_used_bytes)), ("total", &b(swap_total))],
                );
                line(
                    &mut screen,
                    swap,
                    &[self.paint(&bar(&[(share, '█')], bar_w), level), self.paint(&use_, level)],
                    "  ",
                    width,
                    label,
                );
            }
        }
        // CPU.
        let cpu = s.cpu_busy_ratio.unwrap_or(0.0);
        line(
            &mut screen,
            "CPU",
            &[
                bar(&[(cpu, '█')], bar_w),
                s.cpu_busy_ratio.map_or("?".to_owned(), |r| format!("{:.1}%", r * 100.0)),
            ],
            "  ",
            width,
            label,
        );
        let cpu_last = last(self.cpu.len().min(spark_w));
        // Before a second reading there is no sparkline yet: its caption stands alone.
        let spark = sparkline(&self.cpu, spark_w);
        let caption = self.fill(t::BUSY_TREND, &[("last", &cpu_last)]);
        let parts = if spark.is_empty() { vec![caption] } else { vec![spark, caption] };
        line(&mut screen, "", &parts, "  ", width, label);
        let p = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.2}%"));
        let (cpu_name, io_name) = t::stall_names(self.lang);
        line(
            &mut screen,
            self.say(t::STALLS),
            &[
                self.fill(t::STALL_MEMORY, &[("value", &p(s.pressure_memory_some_avg10))]),
                format!("{cpu_name} {}", p(s.pressure_cpu_some_avg10)),
                format!("{io_name} {}", p(s.pressure_io_some_avg10)),
                // The kernel's names for the figure.
                "(PSI some avg10)".to_owned(),
            ],
            "  ",
            width,
            label,
        );
        if let Some(h) = s.host_vm_process_bytes {
            let mut parts = vec![format_bytes(h)];
            if let Some(r) = s.host_vm_process_cpu_ratio {
                let share = format!("{:.1}%", r * 100.0);
                parts.push(self.fill(t::HOST_CPU, &[("share", &share)]));
            }
            let sep = t::LIST_SEP.in_lang(self.lang);
            line(&mut screen, "vmmem", &parts, sep, width, label);
        }
        screen.push('\n');
        self.draw_disks(&mut screen, s, width);
        screen.push('\n');
        let mut tail = String::new();
        let db = crate::term::shorten_path(&self.db, width.saturating_sub(12));
        let samples = super::texts::counted(
            stored,
            super::texts::SAMPLE_ONE,
            super::texts::SAMPLE_MANY,
            self.lang,
        );
        let history = [
            self.fill(t::HISTORY, &[("path", &db)]),
            self.fill(t::WRITTEN, &[("samples", &samples)]),
            self.fill(t::TAKEN, &[("n", &crate::units::plural(taken, "", "").trim_end())]),
        ];
        line(&mut tail, "", &history, " · ", width, 2);
        let shown =
            if self.docker_missed <= DOCKER_GRACE { self.containers.as_deref() } else { None };
        let docker = self.docker || shown.is_some();
        // Warnings get the lines left below the rest (Docker's totals and the blank line after
        // them counted), newest first and whole, the oldest dropped: each is said again when
        // the screen is given back. The last line of the terminal stays empty, or the final
        // line feed would scroll the head away.
        let fixed =
            screen.matches('\n').count() + tail.matches('\n').count() + if docker { 2 } else { 0 };
        let mut room = height.saturating_sub(fixed + 1);
        let mut warnings: Vec<Vec<String>> = Vec::new();
        for w in self.warnings.iter().rev() {
            let mut lines = crate::term::wrap(&format!("! {w}"), width, 2);
            if lines.len() > room {
                // The newest is shown, cut, rather than none.
                if warnings.is_empty() && room > 0 {
                    lines.truncate(room);
                    if let Some(last) = lines.last_mut() {
                        *last = layout::fit(&format!("{last}…"), width);
                    }
                    warnings.push(lines);
                }
                break;
            }
            room -= lines.len();
            warnings.push(lines);
        }
        for l in warnings.iter().rev().flatten() {
            tail.push_str(&self.paint(l, Level::Notice));
            tail.push('\n');
        }
        // Docker's block gets the lines left, after a blank one.
        if docker {
            let used = screen.matches('\n').count() + tail.matches('\n').count() + 1;
            let rows = height.saturating_sub(used + 1);
            for l in containers::block(shown, width, rows, self.lang) {
                screen.push_str(&l);
                screen.push('\n');
            }
            screen.push('\n');
        }
        screen.push_str(&tail);
        out.write_all(screen.as_bytes())
    }

    fn draw_disks(&mut self, screen: &mut String, s: &Sample, width: usize) {
        let label = self.label;
        if s.disks.is_empty() {
            let none = self.say(t::NO_DISKS).to_owned();
            line(screen, self.say(t::DISKS), &[none], "  ", width, label);
            return;
        }
        let disk = self.say(t::DISK);
        let lang = self.lang;
        for d in &s.disks {
            let slot = self.disks.iter_mut().find(|(p, _, _)| *p == d.path);
            let name = slot.as_ref().map_or_else(|| d.file_name(), |(_, l, _)| l.clone());
            let Some(len) = d.file_length else {
                let gone = self.paint(t::DISK_GONE.in_lang(lang), Level::Notice);
                line(screen, disk, &[name, gone], "  ", width, label);
                continue;
            };
            // Growth since this run first saw it, per hour: fast growth is marked.
            let mut growth = None;
            if let Some((_, _, first)) = slot {
                let (t0, l0) = *first.get_or_insert((s.ts_ms, len));
                let hours = (s.ts_ms - t0) as f64 / 3_600_000.0;
                if hours >= 0.05 && len > l0 {
                    growth = Some((len - l0) as f64 / hours);
                }
            }
            let mut parts = vec![name, format_bytes(len)];
            let size = |text: Text, v: u64| fill(text.in_lang(lang), &[("size", &format_bytes(v))]);
            if let Some(u) = d.fs_used_bytes {
                parts.push(size(t::EXT4_USED, u));
            }
            if let Some(r) = d.reclaimable_bytes {
                parts.push(size(t::RECLAIMABLE, r));
            }
            if let Some(g) = growth {
                let level = if g > (1u64 << 30) as f64 { Level::Alarm } else { Level::Notice };
                parts.push(self.paint(&format!("+{}/h", format_bytes(g as u64)), level));
            }
            line(screen, disk, &parts, "  ", width, label);
        }
    }

    /// Whether the view is on the screen (its warnings go into it).
    pub fn is_drawn(&self) -> bool {
        self.entered
    }

    /// Gives the screen back: the alternate screen left, the cursor shown.
    pub fn finish(&mut self, out: &mut impl Write) {
        if self.entered {
            let _ = out.write_all(b"\x1b[?25h\x1b[?1049l");
            self.entered = false;
        }
        let _ = out.flush();
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_ja;
