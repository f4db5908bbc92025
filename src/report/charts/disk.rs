//! A disk's chart: the file length (what Windows sees), allocation and ext4's use as held
//! levels, the reclaimable band between the file and ext4, and the growth trend through the
//! data (Theil–Sen slope, median intercept), carried dashed past the window's end toward the
//! nearer limit (the virtual size, or the drive's free space) with the day it is reached.

use super::axis::{Key, KeyStyle, hold, split_at_gaps};
use super::draw::Layer;
use super::{CACHE, FREE, Frame, GIB, LIMIT, Mark, OTHER, USED};
use crate::analyze::series::DiskSeries;
use crate::analyze::stats::quantile_sorted;
use crate::report::now::span_words;
use crate::report::texts as t;
use crate::units::format_bytes;
use crate::zone::Zone;
use plotters::style::RGBColor;

const DAY_MS: f64 = 86_400_000.0;
/// The drive's limit: darker than the virtual size's red, so the two read apart.
const DRIVE: RGBColor = RGBColor(0x9a, 0x34, 0x12);

/// The trend `value(t) = intercept + slope·(t − t0)`, GiB: the given slope (Theil–Sen, per
/// day) with the median of the residuals as intercept, so the line passes through the data
/// rather than through one point of it.
pub fn trend_line(ts: &[i64], values: &[f64], slope_per_day: f64) -> Option<(f64, f64)> {
    let t0 = *ts.first()?;
    let mut residuals: Vec<f64> = ts
        .iter()
        .zip(values)
        .filter(|(_, v)| v.is_finite())
        .map(|(t, v)| v - slope_per_day * (t - t0) as f64 / DAY_MS)
        .collect();
    residuals.sort_by(f64::total_cmp);
    quantile_sorted(&residuals, 0.5).map(|b| (b, slope_per_day))
}

/// The limits a growing file runs into, bytes: its virtual size, and the free space left on
/// its drive.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Limits {
    /// The disk's virtual size.
    pub virtual_size: Option<f64>,
    /// Free space on its drive (now).
    pub drive_free: Option<f64>,
}

/// Which limit a projection runs into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The disk's virtual size.
    VirtualSize,
    /// The drive's free space.
    Drive,
}

/// The trend carried past the window's end, from the file's last length at the growth's pace,
/// to the nearest limit, or to the chart's edge when that limit is further away than the
/// window is long.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// The limit it runs into.
    pub limit: Limit,
    /// The file's length when the limit is reached, bytes.
    pub level: f64,
    /// Where the dashed line starts: the window's end and the file's last length (ms, bytes).
    pub from: (i64, f64),
    /// Where it ends: on the limit, or at the chart's edge (ms, bytes).
    pub to: (i64, f64),
    /// When the limit is reached (ms), as `days_until_full` and `days_until_drive_full` say.
    pub full_ms: i64,
    /// The chart's right edge (ms): at most a window's length past the window's end.
    pub edge_ms: i64,
}

impl Projection {
    /// True when the line reaches its limit within the chart.
    pub fn on_chart(&self) -> bool {
        self.full_ms <= self.edge_ms
    }

    /// `full about 12 Mar` where it meets the limit, `full in 41 days, beyond the chart`
    /// where it does not; `drive full …` for the drive; the year where it is not the
    /// window's.
    pub fn note(&self, zone: &Zone) -> String {
        let (about, beyond) = match self.limit {
            Limit::VirtualSize => (t::FULL_ABOUT, t::FULL_BEYOND),
            Limit::Drive => (t::DRIVE_FULL_ABOUT, t::DRIVE_FULL_BEYOND),
        };
        if self.on_chart() {
            let c = zone.civil(self.full_ms);
            let other_year = c.year != zone.civil(self.from.0).year;
            about.fill(&[("day", &crate::report::now::day_month(&c, other_year))])
        } else {
            beyond.fill(&[("span", &span_words(self.full_ms - self.from.0))])
        }
    }
}

/// The projection of a file of `last` bytes at the window's end growing `slope_per_day` bytes
/// a day toward the nearer of its `limits`, within the window `from_ms..to_ms`: none when it
/// does not grow or no limit lies ahead.
pub fn projection(
    last: f64,
    slope_per_day: f64,
    limits: Limits,
    (from_ms, to_ms): (i64, i64),
) -> Option<Projection> {
    if !(slope_per_day > 0.0 && last.is_finite() && to_ms > from_ms) {
        return None;
    }
    let ahead = [
        (Limit::VirtualSize, limits.virtual_size),
        (Limit::Drive, limits.drive_free.map(|free| last + free)),
    ];
    let (limit, level) = ahead
        .into_iter()
        .filter_map(|(limit, level)| Some((limit, level?)))
        .filter(|(_, level)| level.is_finite() && *level > last)
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    let at = |t: i64| last + slope_per_day * (t - to_ms) as f64 / DAY_MS;
    let full_ms = to_ms.saturating_add(((level - last) / slope_per_day * DAY_MS).min(1e17) as i64);
    let span = to_ms - from_ms;
    // A twentieth of the chart beyond the meeting point, so the mark stands clear of the edge.
    let edge_ms = full_ms.saturating_add((full_ms - from_ms) / 20).min(to_ms + span);
    let end = if full_ms <= edge_ms { (full_ms, level) } else { (edge_ms, at(edge_ms)) };
    Some(Projection { limit, level, from: (to_ms, last), to: end, full_ms, edge_ms })
}

/// A disk chart's content: its layers, limit marks, and its frame (widened for a projection).
pub(super) struct Drawn {
    pub layers: Vec<Layer>,
    pub marks: Vec<Mark>,
    pub frame: Frame,
}

/// The disk's layers and limit marks, cut at the frame's gaps, with the trend projected toward
/// its nearer limit.
pub(super) fn layers(
    d: &DiskSeries,
    growth_per_day: Option<f64>,
    limits: Limits,
    frame: &Frame,
) -> Drawn {
    let gaps = &frame.gaps;
    let held = |values: &[f64]| split_at_gaps(&hold(&d.ts_ms, values, GIB, gaps), gaps);
    let mut layers = Vec::new();
    // The band where file and ext4 are both known at every point of a run.
    let file = held(&d.file_length);
    let fs = held(&d.fs_used);
    if !fs.is_empty()
        && file.len() == fs.len()
        && file.iter().zip(&fs).all(|(a, b)| a.len() == b.len())
    {
        layers.push(Layer::Band {
            key: Key::new(t::KEY_RECLAIMABLE.get(), USED, KeyStyle::Area),
            runs: file.iter().cloned().zip(fs.iter().cloned()).collect(),
        });
    }
    let mut wide = frame.clone();
    let mut marks: Vec<Mark> = limits
        .virtual_size
        .map(|v| Mark {
            value: v / GIB,
            label: t::MARK_VIRTUAL_SIZE.fill(&[("size", &format_bytes(v as u64))]),
            color: LIMIT,
        })
        .into_iter()
        .collect();
    let mut note = None;
    if let Some((b, slope)) = growth_per_day.and_then(|g| trend_line(&d.ts_ms, &d.file_length, g))
        && let Some(&t0) = d.ts_ms.first()
    {
        // Drawn where there is data: from each run's first sample to its last.
        let mut times = vec![frame.from_ms.max(t0), frame.to_ms];
        times.extend(gaps.iter().flat_map(|g| [g.from_ms, g.to_ms]));
        times.sort_unstable();
        let line: Vec<(f64, f64)> = times
            .iter()
            .map(|t| (*t as f64, (b + slope * (t - t0) as f64 / DAY_MS) / GIB))
            .collect();
        let mut runs = split_at_gaps(&line, gaps);
        let last = d.file_length.iter().rev().find(|v| v.is_finite()).copied();
        let p = last.and_then(|l| projection(l, slope, limits, (frame.from_ms, frame.to_ms)));
        let mut label = t::KEY_TREND.get();
        if let Some(p) = p {
            label = t::KEY_TREND_PROJECTED.get();
            let point = |(t, v): (i64, f64)| (t as f64, v / GIB);
            runs.push(vec![point(p.from), point(p.to)]);
            if p.limit == Limit::Drive {
                marks.push(Mark {
                    value: p.level / GIB,
                    label: t::MARK_DRIVE_FULL
                        .fill(&[("free", &format_bytes(limits.drive_free.unwrap_or(0.0) as u64))]),
                    color: DRIVE,
                });
            }
            wide.to_ms = p.edge_ms;
            note = Some(Layer::Note {
                at: point(p.to),
                text: p.note(&frame.zone),
                ring: p.on_chart(),
            });
        }
        layers.push(Layer::Line { key: Key::new(label, FREE, KeyStyle::Dashed), runs });
    }
    let line = |label: &str, runs, color| Layer::Line {
        key: Key::new(label, color, KeyStyle::Line),
        runs,
    };
    layers.push(line(t::KEY_FILE.get(), file, USED));
    layers.push(line(t::KEY_ALLOCATED.get(), held(&d.allocated), CACHE));
    layers.push(line(t::KEY_EXT4.get(), fs, OTHER));
    layers.extend(note);
    Drawn { layers, marks, frame: wide }
}

#[cfg(test)]
mod tests {
    use super::{Limit, Limits, projection, trend_line};
    use crate::zone::Zone;

    const GIB: f64 = (1u64 << 30) as f64;
    const DAY: i64 = 86_400_000;
    /// 2026-01-01T00:00Z.
    const START: i64 = 1_767_225_600_000;

    fn limits(virtual_gib: Option<f64>, free_gib: Option<f64>) -> Limits {
        Limits { virtual_size: virtual_gib.map(|v| v * GIB), drive_free: free_gib.map(|f| f * GIB) }
    }

    /// A file of 23 GiB after a three-day window, growing 1 GiB a day: a 24 GiB disk is full a
    /// day after the window's end, and the dashed line ends there, on the limit, with the chart
    /// a twentieth wider; a 64 GiB one is full in 41 days, so the line stops at the chart's
    /// edge, a window's length on, at 26 GiB.
    #[test]
    fn the_projection_meets_the_limit_or_stops_a_window_on() {
        let window = (START, START + 3 * DAY);
        let p = projection(23.0 * GIB, GIB, limits(Some(24.0), None), window).unwrap();
        assert_eq!(p.limit, Limit::VirtualSize);
        assert_eq!(p.from, (START + 3 * DAY, 23.0 * GIB));
        assert_eq!(p.to, (START + 4 * DAY, 24.0 * GIB));
        assert_eq!(p.full_ms, START + 4 * DAY);
        assert_eq!(p.edge_ms, START + 4 * DAY + 4 * DAY / 20);
        assert!(p.on_chart());
        assert_eq!(p.note(&Zone::utc()), "full about 5 Jan");
        // Six hours east, the same instant is still 5 Jan; eighteen west, 4 Jan.
        assert_eq!(p.note(&Zone::fixed(6 * 3600)), "full about 5 Jan");
        assert_eq!(p.note(&Zone::fixed(-1)), "full about 4 Jan");

        let p = projection(23.0 * GIB, GIB, limits(Some(64.0), None), window).unwrap();
        assert_eq!(p.full_ms, START + 44 * DAY);
        assert_eq!(p.edge_ms, START + 6 * DAY);
        assert_eq!(p.to, (START + 6 * DAY, 26.0 * GIB));
        assert!(!p.on_chart());
        assert_eq!(p.note(&Zone::utc()), "full in 41 days, beyond the chart");
    }

    /// The nearer limit wins: half a GiB free on the drive is reached before the virtual
    /// size, half a day on; a date in another year says the year.
    #[test]
    fn the_projection_runs_to_the_nearer_limit() {
        let window = (START, START + 3 * DAY);
        let p = projection(23.0 * GIB, GIB, limits(Some(64.0), Some(0.5)), window).unwrap();
        assert_eq!((p.limit, p.level), (Limit::Drive, 23.5 * GIB));
        assert_eq!(p.to, (START + 3 * DAY + DAY / 2, 23.5 * GIB));
        assert_eq!(p.note(&Zone::utc()), "drive full about 4 Jan");
        let p =
            projection(23.0 * GIB, GIB, limits(None, Some(2.0)), (START - 3 * DAY, START - DAY))
                .unwrap();
        assert_eq!(p.note(&Zone::utc()), "drive full about 2 Jan 2026");
    }

    /// None for a disk that does not grow, one without a limit, or one past its limit.
    #[test]
    fn no_projection_without_growth_or_a_limit_ahead() {
        let window = (START, START + 3 * DAY);
        let known = limits(Some(64.0), Some(100.0));
        assert_eq!(projection(23.0 * GIB, 0.0, known, window), None);
        assert_eq!(projection(23.0 * GIB, -GIB, known, window), None);
        assert_eq!(projection(23.0 * GIB, GIB, limits(None, None), window), None);
        assert_eq!(projection(23.0 * GIB, GIB, limits(Some(20.0), None), window), None);
    }

    /// Data growing 1 GiB a day from 10 GiB, with one outlier: the line passes through it.
    #[test]
    fn the_trend_passes_through_the_data() {
        let ts: Vec<i64> = (0..10).map(|d| d * 86_400_000).collect();
        let mut v: Vec<f64> = (0..10).map(|d| 10.0 + f64::from(d)).collect();
        v[9] = 30.0;
        let (b, slope) = trend_line(&ts, &v, 1.0).unwrap();
        assert_eq!((b, slope), (10.0, 1.0));
    }
}
