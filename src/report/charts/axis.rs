//! What every chart over time shares: time ticks on round local-time boundaries (hours, days,
//! weeks as the window needs) with dates and the zone named, the legend in a strip above the
//! plot (so no data or limit line crosses it), and the gaps: no line drawn across them, a pale
//! band where they are.

use plotters::prelude::*;

use super::{Frame, Result, err};
use crate::analyze::series::Gap;
use crate::report::now::day_label;
use crate::zone::Zone;

/// Height of the legend strip above each chart.
pub const LEGEND_H: u32 = 30;
/// Font size of chart text.
pub const FONT_PX: u32 = 16;

/// A tick on the time axis: where, and its label (a date on a second line where the day changes).
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// The instant (ms).
    pub ms: i64,
    /// First line: the time, or the date for day steps.
    pub label: String,
    /// Second line: the date, where a new day starts.
    pub date: Option<String>,
}

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
/// Candidate steps (seconds of wall clock): round minutes, hours, days and weeks.
const STEPS: [i64; 14] = [
    300,
    600,
    900,
    1800,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
    14 * DAY,
    28 * DAY,
];

/// Ticks at round wall-clock boundaries of `zone` from `from_ms` to `to_ms`, at most `most` of
/// them (more only for windows longer than 28 weeks): the shortest step of [`STEPS`] that fits.
/// Weeks start on Monday.
pub fn time_ticks(from_ms: i64, to_ms: i64, zone: &Zone, most: usize) -> Vec<Tick> {
    let span_s = (to_ms - from_ms).max(0) / 1000;
    let most = most.max(2) as i64;
    let step = STEPS.iter().copied().find(|s| span_s / s < most).unwrap_or(28 * DAY);
    // Weekly boundaries fall on Mondays: local day 4 (1970-01-05) was one.
    let phase = if step >= 7 * DAY { 4 * DAY } else { 0 };
    let start = zone.to_local_s(from_ms);
    let mut local = (start - phase).div_euclid(step) * step + phase;
    if local < start {
        local += step;
    }
    let mut ticks: Vec<Tick> = Vec::new();
    let mut last_day = None;
    while let ms = zone.from_local_s(local)
        && ms <= to_ms
    {
        let c = zone.civil(ms);
        let day = (c.year, c.month, c.day);
        if step >= DAY {
            ticks.push(Tick { ms, label: day_label(&c), date: None });
        } else {
            let new_day = last_day != Some(day);
            ticks.push(Tick { ms, label: c.clock(), date: new_day.then(|| day_label(&c)) });
        }
        last_day = Some(day);
        local += step;
        if ticks.len() > 400 {
            break;
        }
    }
    ticks
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStyle {
    /// A line.
    Line,
    /// A dashed line (a trend).
    Dashed,
    /// A filled area.
    Area,
}

/// A legend entry.
#[derive(Debug, Clone)]
pub struct Key {
    /// Text.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// Swatch.
    pub style: KeyStyle,
}

impl Key {
    /// A legend entry.
    pub fn new(label: impl Into<String>, color: RGBColor, style: KeyStyle) -> Self {
        Key { label: label.into(), color, style }
    }
}

/// Width of text in the chart font, pixels, as plotters lays it out.
pub(super) fn text_w<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    text: &str,
) -> i32 {
    let font: TextStyle<'_> = ("sans-serif", FONT_PX).into_font().into();
    let w = root.estimate_text_size(text, &font).map_or(text.len() as i32 * 8, |(w, _)| w as i32);
    // In Japanese text is measured with Noto Sans CJK JP, whose Latin letters are narrower than
    // those of the fonts the page draws them with (DejaVu Sans, Segoe UI, Meiryo): room for
    // them, two pixels each. Kana and kanji are a square em in every Japanese font.
    match crate::i18n::current() {
        crate::i18n::Lang::En => w,
        crate::i18n::Lang::Ja => w + text.chars().filter(char::is_ascii).count() as i32 * 2,
    }
}

/// Where each legend entry goes: (x, row), wrapping before `right`'s place on the first row.
fn legend_layout<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    keys: &[Key],
    right: &str,
) -> Vec<(i32, i32)> {
    let width = root.dim_in_pixel().0 as i32;
    let text_w = |t: &str| text_w(root, t);
    let mut x = 12;
    let mut row = 0;
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        let w = 21 + text_w(&k.label) + 18;
        let end = if row == 0 { width - text_w(right) - 24 } else { width - 12 };
        if x + w > end && x > 12 {
            row += 1;
            x = 12;
        }
        out.push((x, row));
        x += w;
    }
    out
}

/// Height of the legend above the plot, pixels.
pub fn legend_height<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    keys: &[Key],
    right: &str,
) -> u32 {
    let rows = legend_layout(root, keys, right).iter().map(|p| p.1).max().unwrap_or(0) + 1;
    rows as u32 * LEGEND_H
}

/// Draws the legend above the plot, left to right and wrapping, and `right` (the time zone)
/// at the first row's right end.
pub fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    keys: &[Key],
    right: &str,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let font = ("sans-serif", FONT_PX).into_font().color(&BLACK);
    let (w, _) = root.dim_in_pixel();
    for (k, (x, row)) in keys.iter().zip(legend_layout(root, keys, right)) {
        let y = (LEGEND_H / 2) as i32 + 2 + row * LEGEND_H as i32;
        let line =
            |a: i32, b: i32| PathElement::new([(x + a, y), (x + b, y)], k.color.stroke_width(3));
        match k.style {
            KeyStyle::Area => root
                .draw(&Rectangle::new([(x, y - 6), (x + 16, y + 6)], k.color.mix(0.75).filled())),
            KeyStyle::Line => root.draw(&line(0, 16)),
            KeyStyle::Dashed => root.draw(&line(0, 6)).and_then(|()| root.draw(&line(10, 16))),
        }
        .map_err(err)?;
        root.draw(&Text::new(
            k.label.clone(),
            (x + 21, y),
            font.pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(err)?;
    }
    root.draw(&Text::new(
        right.to_owned(),
        (w as i32 - 12, (LEGEND_H / 2) as i32 + 2),
        font.color(&BLACK.mix(0.7)).pos(Pos::new(HPos::Right, VPos::Center)),
    ))
    .map_err(err)?;
    Ok(())
}

/// The plotting context of every chart over time: f64 on both axes.
pub type Plot<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The y grid and labels from plotters, the time grid and labels from [`time_ticks`], drawn on
/// `root` (the whole chart, whose origin is the backend's), and the gaps as pale bands.
pub fn time_mesh<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    chart: &mut Plot<'_, DB>,
    frame: &Frame,
    unit: &str,
    top: f64,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .light_line_style(BLACK.mix(0.06))
        .bold_line_style(BLACK.mix(0.12))
        .y_desc(unit)
        .label_style(("sans-serif", FONT_PX).into_font().color(&BLACK))
        .draw()
        .map_err(err)?;
    for g in &frame.gaps {
        chart
            .draw_series([Rectangle::new(
                [(g.from_ms as f64, 0.0), (g.to_ms as f64, top)],
                BLACK.mix(0.06).filled(),
            )])
            .map_err(err)?;
    }
    let font = ("sans-serif", FONT_PX).into_font().color(&BLACK);
    let center = plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Top,
    );
    for t in
        time_ticks(frame.from_ms, frame.to_ms, &frame.zone, (frame.size.0 / 110).max(3) as usize)
    {
        let x = t.ms as f64;
        let grid = if t.date.is_some() { BLACK.mix(0.2) } else { BLACK.mix(0.1) };
        chart.draw_series(LineSeries::new([(x, 0.0), (x, top)], grid)).map_err(err)?;
        let (px, py) = chart.backend_coord(&(x, 0.0));
        root.draw(&Text::new(t.label, (px, py + 6), font.pos(center))).map_err(err)?;
        if let Some(date) = t.date {
            root.draw(&Text::new(date, (px, py + 8 + FONT_PX as i32), font.pos(center)))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Points cut where a gap lies between two neighbours: each run is drawn on its own, so nothing
/// is drawn across a gap.
pub fn split_at_gaps(points: &[(f64, f64)], gaps: &[Gap]) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for &p in points {
        if let Some(prev) = current.last()
            && gaps.iter().any(|g| prev.0 <= g.from_ms as f64 && p.0 >= g.to_ms as f64)
        {
            runs.push(std::mem::take(&mut current));
        }
        current.push(p);
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// A step line of values that hold until they change (a disk's figures), with the level broken
/// off at each gap's edges: (time, value) points for [`split_at_gaps`]. NaN values are skipped.
pub fn hold(ts: &[i64], values: &[f64], scale: f64, gaps: &[Gap]) -> Vec<(f64, f64)> {
    let known: Vec<(i64, f64)> = ts
        .iter()
        .zip(values)
        .filter(|(_, v)| v.is_finite())
        .map(|(t, v)| (*t, v / scale))
        .collect();
    let mut out = Vec::with_capacity(known.len() * 2);
    for (i, &(t, v)) in known.iter().enumerate() {
        out.push((t as f64, v));
        let Some(&(next, _)) = known.get(i + 1) else { break };
        for g in gaps.iter().filter(|g| g.from_ms >= t && g.to_ms <= next) {
            out.push((g.from_ms as f64, v));
            out.push((g.to_ms as f64, v));
        }
        out.push((next as f64, v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tick falls on a round boundary of the chosen step, in the zone's wall clock,
    /// across a daylight-saving change.
    #[test]
    fn ticks_fall_on_round_boundaries() {
        let paris = Zone::posix("CET-1CEST,M3.5.0,M10.5.0/3");
        // 2026-10-24T07:13:00Z, a day before the clocks go back.
        let from = 1_792_825_980_000i64;
        for (hours, zone) in [(20, &paris), (60, &paris), (24 * 9, &Zone::utc()), (24 * 60, &paris)]
        {
            let to = from + hours * 3_600_000;
            let ticks = time_ticks(from, to, zone, 8);
            assert!(ticks.len() >= 3 && ticks.len() <= 8, "{hours} h: {ticks:?}");
            let step =
                ticks.get(1).map_or(0, |t| zone.to_local_s(t.ms)) - zone.to_local_s(ticks[0].ms);
            for t in &ticks {
                assert!((from..=to).contains(&t.ms));
                let c = zone.civil(t.ms);
                assert_eq!(c.minute, 0, "{t:?}");
                if step >= DAY {
                    assert_eq!(c.hour, 0, "{t:?}");
                } else {
                    assert_eq!(c.hour % (step / HOUR), 0, "{t:?}");
                }
                if step >= 7 * DAY {
                    assert_eq!(c.weekday, 0, "{t:?}");
                }
            }
        }
        // Within an hour: round minutes.
        let minutes = time_ticks(from, from + 3_600_000, &paris, 8);
        let labels: Vec<&str> = minutes.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["09:20", "09:30", "09:40", "09:50", "10:00", "10:10"]);
        // Within a day: the first tick and each midnight carry the date.
        let ticks = time_ticks(from, from + 20 * 3_600_000, &paris, 8);
        assert_eq!(ticks[0].label, "12:00");
        assert_eq!(ticks[0].date.as_deref(), Some("Sat 24 Oct"));
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        // The clocks go back at 03:00 CEST: 03:00 CET is four hours after midnight.
        assert_eq!(labels, ["12:00", "15:00", "18:00", "21:00", "00:00", "03:00"]);
        assert_eq!(ticks[4].date.as_deref(), Some("Sun 25 Oct"));
        assert_eq!(ticks[5].ms - ticks[4].ms, 4 * 3_600_000);
        assert!(ticks[1].date.is_none());
    }

    fn gap(from_ms: i64, to_ms: i64) -> Gap {
        Gap { from_ms, to_ms }
    }

    /// No run of points spans a gap, and no point is lost.
    #[test]
    fn runs_never_span_a_gap() {
        let points: Vec<(f64, f64)> =
            [0, 10, 20, 100, 110, 300, 310].iter().map(|t| (f64::from(*t), 1.0)).collect();
        let gaps = [gap(20, 100), gap(110, 300)];
        let runs = split_at_gaps(&points, &gaps);
        assert_eq!(runs.len(), 3);
        assert_eq!(runs.iter().map(Vec::len).sum::<usize>(), points.len());
        for run in &runs {
            for w in run.windows(2) {
                assert!(
                    !gaps.iter().any(|g| w[0].0 <= g.from_ms as f64 && w[1].0 >= g.to_ms as f64)
                );
            }
        }
    }

    /// A held level stops at the gap's start and resumes at its end.
    #[test]
    fn held_levels_break_at_gaps() {
        let p = hold(&[0, 100, 200], &[1.0, 2.0, 2.0], 1.0, &[gap(40, 90)]);
        assert_eq!(
            p,
            vec![
                (0.0, 1.0),
                (40.0, 1.0),
                (90.0, 1.0),
                (100.0, 1.0),
                (100.0, 2.0),
                (200.0, 2.0),
                (200.0, 2.0)
            ]
        );
        let runs = split_at_gaps(&p, &[gap(40, 90)]);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].last(), Some(&(40.0, 1.0)));
    }
}
