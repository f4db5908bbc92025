//! Each chart drawn with plotters on any backend: the stacked memory areas with the sample that
//! decided the limit, lines over time (with bands and trends) and their limit marks, and the
//! histogram; with the data preparation (bucket means, downsampling per run between gaps).

use plotters::prelude::*;

use super::axis::{Key, KeyStyle, Plot, draw_legend, legend_height, split_at_gaps, time_mesh};
use super::{CACHE, Decided, FREE, Frame, GIB, Line, Mark, Result, USED, err};
use crate::analyze::series::{Gap, Series};
use crate::analyze::stats::lttb;
use crate::report::texts as t;

/// Per-bucket means of columns over `buckets` equal time buckets: (time, values). A bucket
/// never holds samples from both sides of a gap, so stacked series stay aligned (which
/// per-series downsampling would not) and no mean lands inside a gap.
fn bucket_means(
    ts: &[i64],
    columns: &[&[f64]],
    buckets: usize,
    gaps: &[Gap],
) -> Vec<(f64, Vec<f64>)> {
    let (Some(&first), Some(&last)) = (ts.first(), ts.last()) else { return Vec::new() };
    let width = ((last - first) as f64 / buckets as f64).max(1.0);
    let mut out = Vec::new();
    let mut key = None;
    let mut run = 0;
    // (sum of times, count, per column (sum, count)).
    let mut acc = (0.0f64, 0usize, vec![(0.0f64, 0usize); columns.len()]);
    let flush = |acc: &mut (f64, usize, Vec<(f64, usize)>), out: &mut Vec<(f64, Vec<f64>)>| {
        if acc.1 > 0 {
            let means =
                acc.2.iter().map(|(s, c)| if *c > 0 { s / *c as f64 } else { f64::NAN }).collect();
            out.push((acc.0 / acc.1 as f64, means));
        }
        *acc = (0.0, 0, vec![(0.0, 0); acc.2.len()]);
    };
    for (i, &t) in ts.iter().enumerate() {
        let bucket = ((t - first) as f64 / width) as usize;
        // Gaps come in time order: count those passed so far.
        while gaps.get(run).is_some_and(|g| g.to_ms <= t) {
            run += 1;
        }
        if key != Some((run, bucket)) {
            flush(&mut acc, &mut out);
            key = Some((run, bucket));
        }
        acc.0 += t as f64;
        acc.1 += 1;
        for (col, slot) in columns.iter().zip(acc.2.iter_mut()) {
            if let Some(v) = col.get(i).filter(|v| v.is_finite()) {
                slot.0 += v;
                slot.1 += 1;
            }
        }
    }
    flush(&mut acc, &mut out);
    out
}

fn points(ts: &[i64], column: &[f64], scale: f64) -> Vec<(f64, f64)> {
    ts.iter()
        .zip(column)
        .filter(|(_, v)| v.is_finite())
        .map(|(t, v)| (*t as f64, v / scale))
        .collect()
}

/// Runs between gaps, each downsampled to its share of `budget` points.
fn runs(points: &[(f64, f64)], gaps: &[Gap], budget: usize) -> Vec<Vec<(f64, f64)>> {
    let total = points.len().max(1);
    split_at_gaps(points, gaps)
        .into_iter()
        .map(|r| {
            let share = (budget * r.len()).div_ceil(total).max(2);
            lttb(&r, share)
        })
        .collect()
}

/// A run of points between gaps: (time ms, value).
pub(super) type Run = Vec<(f64, f64)>;

/// One thing drawn on a chart over time, already cut at the gaps.
pub(super) enum Layer {
    /// A line (dashed for a trend: drawn first, under the data).
    Line { key: Key, runs: Vec<Vec<(f64, f64)>> },
    /// The area between two lines of equal times (upper, lower), per run.
    Band { key: Key, runs: Vec<(Run, Run)> },
    /// Text above a point (with a ring on it where `ring`), drawn last: where a projection
    /// meets its limit.
    Note { at: (f64, f64), text: String, ring: bool },
}

/// [`Line`]s as layers: each cut at the gaps and downsampled to what the width shows.
pub(super) fn line_layers(ts: &[i64], lines: &[Line<'_>], scale: f64, gaps: &[Gap]) -> Vec<Layer> {
    lines
        .iter()
        .map(|l| Layer::Line {
            key: Key::new(
                l.label,
                l.color,
                if l.trend { KeyStyle::Dashed } else { KeyStyle::Line },
            ),
            runs: runs(&points(ts, l.values, scale), gaps, 900),
        })
        .collect()
}

/// The plot below the legend, with the time axis's room for two lines of labels.
pub(super) fn plot<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    frame: &Frame,
    keys: &[Key],
    top: f64,
) -> Result<Plot<'a, DB>>
where
    DB::ErrorType: 'static,
{
    draw_legend(root, keys, &frame.zone_note())?;
    ChartBuilder::on(root)
        .margin(12)
        .margin_top(legend_height(root, keys, &frame.zone_note()) + 4)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(frame.x_range(), 0.0..top)
        .map_err(err)
}

fn mark_keys(marks: &[Mark]) -> impl Iterator<Item = Key> + '_ {
    marks.iter().map(|m| Key::new(m.label.clone(), m.color, KeyStyle::Line))
}

fn draw_marks<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    frame: &Frame,
    marks: &[Mark],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let range = frame.x_range();
    for m in marks {
        chart
            .draw_series(LineSeries::new(
                [(range.start, m.value), (range.end, m.value)],
                m.color.stroke_width(2),
            ))
            .map_err(err)?;
    }
    Ok(())
}

pub(super) fn memory<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    frame: &Frame,
    s: &Series,
    marks: &[Mark],
    decided: Option<&Decided>,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let buckets =
        bucket_means(&s.ts_ms, &[&s.mem_used, &s.mem_cache, &s.mem_free], 600, &frame.gaps);
    let top = buckets
        .iter()
        .map(|(_, v)| v.iter().filter(|x| x.is_finite()).sum::<f64>() / GIB)
        .chain(marks.iter().map(|m| m.value))
        .fold(1.0f64, f64::max)
        * 1.15;
    let mut keys = vec![
        Key::new(t::KEY_USED.get(), USED, KeyStyle::Area),
        Key::new(t::KEY_CACHE.get(), CACHE, KeyStyle::Area),
        Key::new(t::KEY_FREE.get(), FREE, KeyStyle::Area),
        Key::new(t::KEY_PEAKS.get(), USED, KeyStyle::Line),
    ];
    keys.extend(mark_keys(marks));
    let mut chart = plot(root, frame, &keys, top)?;
    time_mesh(root, &mut chart, frame, "GiB", top)?;
    let stack = |upto: usize| -> Vec<(f64, f64)> {
        buckets
            .iter()
            .map(|(t, v)| {
                let sum: f64 = v.iter().take(upto).filter(|x| x.is_finite()).sum();
                (*t, sum / GIB)
            })
            .collect()
    };
    // Free memory pale: it is room, not use, and a solid grey block glares on a dark page.
    for (upto, color, alpha) in [(3, FREE, 0.3), (2, CACHE, 0.75), (1, USED, 0.75)] {
        for run in split_at_gaps(&stack(upto), &frame.gaps) {
            chart
                .draw_series(AreaSeries::new(run, 0.0, color.mix(alpha)).border_style(color))
                .map_err(err)?;
        }
    }
    for run in runs(&points(&s.ts_ms, &s.mem_used, GIB), &frame.gaps, 800) {
        chart.draw_series(LineSeries::new(run, USED.stroke_width(1))).map_err(err)?;
    }
    draw_marks(&mut chart, frame, marks)?;
    if let Some(d) = decided {
        let at = (d.ts_ms as f64, d.bytes / GIB);
        chart.draw_series([Circle::new(at, 6, BLACK.stroke_width(2))]).map_err(err)?;
        let when = frame.zone.civil(d.ts_ms);
        let text = if d.what == "peak" { t::DECIDED_PEAK } else { t::DECIDED_P99 }.fill(&[
            ("size", &crate::units::format_bytes(d.bytes as u64)),
            ("when", &format!("{} {}", crate::report::now::day_label(&when), when.clock())),
        ]);
        let (px, py) = chart.backend_coord(&at);
        use plotters::style::text_anchor::{HPos, Pos, VPos};
        // Beside the ring, on the side with room for the text.
        let left = px - 10 - super::axis::text_w(root, &text) > 60;
        let x = if left { px - 10 } else { px + 10 };
        let font = ("sans-serif", super::axis::FONT_PX).into_font().color(&BLACK);
        root.draw(&Text::new(
            text,
            (x, py - 10),
            font.pos(Pos::new(if left { HPos::Right } else { HPos::Left }, VPos::Bottom)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// Lines and bands over time, trends first so the data is drawn over them, then the limits.
pub(super) fn layers<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    frame: &Frame,
    layers: &[Layer],
    unit: &str,
    marks: &[Mark],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let top = layers
        .iter()
        .flat_map(|l| match l {
            Layer::Line { runs, .. } => runs.iter().flatten().map(|p| p.1).max_by(f64::total_cmp),
            Layer::Band { runs, .. } => {
                runs.iter().flat_map(|r| &r.0).map(|p| p.1).max_by(f64::total_cmp)
            }
            Layer::Note { at, .. } => Some(at.1),
        })
        .chain(marks.iter().map(|m| m.value))
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.15;
    let mut keys: Vec<Key> = layers
        .iter()
        .filter_map(|l| match l {
            Layer::Line { key, .. } | Layer::Band { key, .. } => Some(key.clone()),
            Layer::Note { .. } => None,
        })
        .collect();
    keys.extend(mark_keys(marks));
    let mut chart = plot(root, frame, &keys, top)?;
    time_mesh(root, &mut chart, frame, unit, top)?;
    for l in layers {
        if let Layer::Band { key, runs } = l {
            for (upper, lower) in runs {
                let outline: Vec<(f64, f64)> =
                    upper.iter().chain(lower.iter().rev()).copied().collect();
                chart
                    .draw_series([Polygon::new(outline, key.color.mix(0.25).filled())])
                    .map_err(err)?;
            }
        }
    }
    let lines = layers.iter().filter_map(|l| match l {
        Layer::Line { key, runs } => Some((key, runs)),
        Layer::Band { .. } | Layer::Note { .. } => None,
    });
    let (trends, data): (Vec<_>, Vec<_>) = lines.partition(|(k, _)| k.style == KeyStyle::Dashed);
    for (key, runs) in trends {
        for run in runs {
            chart
                .draw_series(DashedLineSeries::new(run.clone(), 6, 4, key.color.stroke_width(2)))
                .map_err(err)?;
        }
    }
    for (key, runs) in data {
        for run in runs {
            chart
                .draw_series(LineSeries::new(run.clone(), key.color.stroke_width(2)))
                .map_err(err)?;
        }
    }
    draw_marks(&mut chart, frame, marks)?;
    for l in layers {
        if let Layer::Note { at, text, ring } = l {
            note(root, &mut chart, *at, text, *ring)?;
        }
    }
    Ok(())
}

/// `text` above the point `at`, on the side with room for it, with a ring on the point.
fn note<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    chart: &mut Plot<'_, DB>,
    at: (f64, f64),
    text: &str,
    ring: bool,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    if ring {
        chart.draw_series([Circle::new(at, 5, BLACK.stroke_width(2))]).map_err(err)?;
    }
    let (px, py) = chart.backend_coord(&at);
    let left = px - 8 - super::axis::text_w(root, text) > 60;
    let x = if left { px - 8 } else { px + 8 };
    let font = ("sans-serif", super::axis::FONT_PX).into_font().color(&BLACK);
    root.draw(&Text::new(
        text.to_owned(),
        (x, py - 8),
        font.pos(Pos::new(if left { HPos::Right } else { HPos::Left }, VPos::Bottom)),
    ))
    .map_err(err)
}

pub(super) fn histogram<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    s: &Series,
    marks: &[Mark],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let values: Vec<f64> = s.mem_used.iter().filter(|v| v.is_finite()).map(|v| v / GIB).collect();
    let top =
        values.iter().copied().chain(marks.iter().map(|m| m.value)).fold(1.0f64, f64::max) * 1.05;
    let bins = (top / 0.25).ceil() as usize + 1;
    let mut counts = vec![0u32; bins];
    for v in &values {
        if let Some(c) = counts.get_mut((v / 0.25) as usize) {
            *c += 1;
        }
    }
    let max = f64::from(counts.iter().copied().max().unwrap_or(1).max(1));
    let keys: Vec<Key> = std::iter::once(Key::new(t::KEY_SAMPLES_LOG.get(), USED, KeyStyle::Area))
        .chain(mark_keys(marks))
        .collect();
    let note = "";
    draw_legend(root, &keys, note)?;
    // A log scale: one sample at the peak is as visible as thousands at the median.
    let floor = 0.7;
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .margin_top(legend_height(root, &keys, note) + 4)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..top, (floor..max * 2.0).log_scale())
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(BLACK.mix(0.06))
        .bold_line_style(BLACK.mix(0.12))
        .x_desc(t::X_USED_MEMORY.get())
        .y_desc(t::Y_SAMPLES.get())
        .label_style(("sans-serif", super::axis::FONT_PX).into_font().color(&BLACK))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, c)| {
            let x = i as f64 * 0.25;
            Rectangle::new([(x, floor), (x + 0.25, f64::from(*c))], USED.mix(0.8).filled())
        }))
        .map_err(err)?;
    for m in marks {
        chart
            .draw_series(LineSeries::new(
                [(m.value, floor), (m.value, max * 2.0)],
                m.color.stroke_width(2),
            ))
            .map_err(err)?;
    }
    Ok(())
}
