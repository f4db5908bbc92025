//! Each chart drawn with plotters on any backend: the stacked memory areas, lines over time with
//! their limit marks, a disk's lines with its trend, and the histogram; with the time axis, the
//! legend and the data preparation (bucket means, downsampling) they share.

use plotters::prelude::*;

use super::{CACHE, Chart, FREE, GIB, LIMIT, Line, Mark, OTHER, Out, Result, USED, err};
use crate::analyze::series::{DiskSeries, Series};
use crate::analyze::stats::lttb;

/// A legend entry's sample: a short line in the series' style.
fn swatch(style: ShapeStyle) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new([(x, y), (x + 12, y)], style)
}

/// `MM-DD HH:MM` of a time in ms, for the x axis.
fn time_label(ms: &f64) -> String {
    let text = crate::units::format_rfc3339(*ms as i64);
    text.get(5..16).unwrap_or("").replace('T', " ")
}

/// Per-bucket means of columns over `buckets` equal time buckets: (time, values), skipping
/// empty buckets. Keeps stacked series aligned, which per-series downsampling would not.
fn bucket_means(ts: &[i64], columns: &[&[f64]], buckets: usize) -> Vec<(f64, Vec<f64>)> {
    let (Some(&first), Some(&last)) = (ts.first(), ts.last()) else { return Vec::new() };
    let width = ((last - first) as f64 / buckets as f64).max(1.0);
    let mut sums =
        vec![(0.0f64, vec![0.0f64; columns.len()], vec![0usize; columns.len()]); buckets + 1];
    for (i, t) in ts.iter().enumerate() {
        let b = (((t - first) as f64 / width) as usize).min(buckets);
        if let Some((tsum, vals, counts)) = sums.get_mut(b) {
            *tsum += *t as f64;
            for (k, col) in columns.iter().enumerate() {
                if let (Some(v), Some(sum), Some(count)) =
                    (col.get(i).filter(|v| v.is_finite()), vals.get_mut(k), counts.get_mut(k))
                {
                    *sum += v;
                    *count += 1;
                }
            }
        }
    }
    let mut n_in = vec![0usize; buckets + 1];
    for t in ts {
        let b = (((t - first) as f64 / width) as usize).min(buckets);
        if let Some(n) = n_in.get_mut(b) {
            *n += 1;
        }
    }
    sums.into_iter()
        .zip(n_in)
        .filter(|(_, n)| *n > 0)
        .map(|((tsum, vals, counts), n)| {
            let means = vals
                .iter()
                .zip(&counts)
                .map(|(s, c)| if *c > 0 { s / *c as f64 } else { f64::NAN })
                .collect();
            (tsum / n as f64, means)
        })
        .collect()
}

fn points(ts: &[i64], column: &[f64], scale: f64) -> Vec<(f64, f64)> {
    ts.iter()
        .zip(column)
        .filter(|(_, v)| v.is_finite())
        .map(|(t, v)| (*t as f64, v / scale))
        .collect()
}

fn x_range(ts: &[i64]) -> std::ops::Range<f64> {
    let a = ts.first().copied().unwrap_or(0) as f64;
    let b = ts.last().copied().unwrap_or(0) as f64;
    a..(if b > a { b } else { a + 60_000.0 })
}

pub(super) fn memory<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    s: &Series,
    marks: &[Mark],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let buckets = bucket_means(&s.ts_ms, &[&s.mem_used, &s.mem_cache, &s.mem_free], 600);
    let top = buckets
        .iter()
        .map(|(_, v)| v.iter().filter(|x| x.is_finite()).sum::<f64>() / GIB)
        .chain(marks.iter().map(|m| m.value))
        .fold(1.0f64, f64::max)
        * 1.3;
    {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(52)
            .build_cartesian_2d(x_range(&s.ts_ms), 0.0..top)
            .map_err(err)?;
        time_mesh(&mut chart, "GiB")?;
        let stack = |upto: usize| -> Vec<(f64, f64)> {
            buckets
                .iter()
                .map(|(t, v)| {
                    (
                        *t,
                        v.iter()
                            .take(upto)
                            .map(|x| if x.is_finite() { *x } else { 0.0 })
                            .sum::<f64>()
                            / GIB,
                    )
                })
                .collect()
        };
        for (upto, color, label) in [(3, FREE, "free"), (2, CACHE, "cache"), (1, USED, "used")] {
            chart
                .draw_series(AreaSeries::new(stack(upto), 0.0, color.mix(0.75)).border_style(color))
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
                });
        }
        let peaks = lttb(&points(&s.ts_ms, &s.mem_used, GIB), 800);
        chart
            .draw_series(LineSeries::new(peaks, USED.stroke_width(1)))
            .map_err(err)?
            .label("used (detail)")
            .legend(swatch(USED.into()));
        draw_marks(&mut chart, &s.ts_ms, marks)?;
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    }
    Ok(())
}

/// The plotting context of every chart here: f64 on both axes.
type Plot<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Grid, time labels on x, the unit on y.
fn time_mesh<'a, DB: DrawingBackend + 'a>(chart: &mut Plot<'a, DB>, unit: &str) -> Result<()>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_mesh()
        .light_line_style(BLACK.mix(0.06))
        .bold_line_style(BLACK.mix(0.12))
        .x_labels(6)
        .x_label_formatter(&time_label)
        .y_desc(unit)
        .draw()
        .map_err(err)
}

/// The legend box (transparent, so it works on light and dark pages).
fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Plot<'a, DB>,
    position: SeriesLabelPosition,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .border_style(BLACK.mix(0.3))
        .background_style(WHITE.mix(0.0))
        .position(position)
        .draw()
        .map_err(err)
}

fn draw_marks<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    ts: &[i64],
    marks: &[Mark],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let range = x_range(ts);
    for m in marks {
        let color = m.color;
        chart
            .draw_series(LineSeries::new(
                [(range.start, m.value), (range.end, m.value)],
                color.stroke_width(2),
            ))
            .map_err(err)?
            .label(m.label.clone())
            .legend(swatch(color.stroke_width(2)));
    }
    Ok(())
}

pub(super) fn lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    ts: &[i64],
    lines: &[Line<'_>],
    scale: f64,
    unit: &str,
    marks: &[Mark],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    // Each line downsampled to what the chart's width can show.
    let plotted: Vec<(&Line<'_>, Vec<(f64, f64)>)> =
        lines.iter().map(|l| (l, lttb(&points(ts, l.values, scale), 900))).collect();
    let top = plotted
        .iter()
        .flat_map(|(_, p)| p.iter().map(|q| q.1))
        .chain(marks.iter().map(|m| m.value))
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.35;
    {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(52)
            .build_cartesian_2d(x_range(ts), 0.0..top)
            .map_err(err)?;
        time_mesh(&mut chart, unit)?;
        // Trends first, so that the data is drawn over them.
        let (trends, data): (Vec<_>, Vec<_>) = plotted.into_iter().partition(|(l, _)| l.trend);
        for (line, p) in trends {
            chart
                .draw_series(DashedLineSeries::new(p, 6, 4, line.color.stroke_width(2)))
                .map_err(err)?
                .label(line.label)
                .legend(swatch(line.color.stroke_width(2)));
        }
        for (line, p) in data {
            chart
                .draw_series(LineSeries::new(p, line.color.stroke_width(2)))
                .map_err(err)?
                .label(line.label)
                .legend(swatch(line.color.stroke_width(2)));
        }
        draw_marks(&mut chart, ts, marks)?;
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    }
    Ok(())
}

/// Draws [`Chart::Disk`]: its lines, with the trend through the last file length.
pub(super) fn disk(
    out: Out<'_>,
    d: &DiskSeries,
    growth_per_day: Option<f64>,
    virtual_size: Option<f64>,
) -> Result<()> {
    let mut marks = Vec::new();
    if let Some(v) = virtual_size {
        marks.push(Mark { value: v / GIB, label: "virtual size".into(), color: LIMIT });
    }
    // The growth trend (Theil–Sen) through the last file length, across the window.
    let trend: Vec<f64> = match (growth_per_day, Series::last(&d.file_length), d.ts_ms.last()) {
        (Some(g), Some(last), Some(t_last)) => {
            d.ts_ms.iter().map(|t| last + g * (t - t_last) as f64 / 86_400_000.0).collect()
        }
        _ => Vec::new(),
    };
    let line = |label, values, color, trend| Line { label, values, color, trend };
    let mut lines = vec![
        line("file length", &d.file_length, USED, false),
        line("allocated", &d.allocated, CACHE, false),
        line("ext4 used", &d.fs_used, OTHER, false),
    ];
    if !trend.is_empty() {
        lines.push(line("growth trend", &trend, FREE, true));
    }
    Chart::Lines { ts: &d.ts_ms, lines: &lines, scale: GIB, unit: "GiB", marks: &marks }.draw(out)
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
    let max = counts.iter().copied().max().unwrap_or(1).max(1);
    {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(52)
            .build_cartesian_2d(0.0..top, 0.0..f64::from(max) * 1.1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(BLACK.mix(0.06))
            .bold_line_style(BLACK.mix(0.12))
            .x_desc("used memory, GiB")
            .y_desc("samples")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(counts.iter().enumerate().map(|(i, c)| {
                let x = i as f64 * 0.25;
                Rectangle::new([(x, 0.0), (x + 0.25, f64::from(*c))], USED.mix(0.8).filled())
            }))
            .map_err(err)?;
        for m in marks {
            let color = m.color;
            chart
                .draw_series(LineSeries::new(
                    [(m.value, 0.0), (m.value, f64::from(max) * 1.1)],
                    color.stroke_width(2),
                ))
                .map_err(err)?
                .label(m.label.clone())
                .legend(swatch(color.stroke_width(2)));
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    }
    Ok(())
}
