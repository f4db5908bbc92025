//! One function per chart, each drawing with plotters into an SVG string. Colours come from one
//! palette; black is rewritten to `currentColor`, so axes and labels follow the page's light or
//! dark theme.

use plotters::prelude::*;

use crate::analyze::series::{DiskSeries, Series};
use crate::analyze::stats::lttb;

const W: u32 = 900;
const H: u32 = 320;
const GIB: f64 = (1u64 << 30) as f64;

/// Used memory.
pub const USED: RGBColor = RGBColor(0x3b, 0x82, 0xf6);
/// Page cache.
pub const CACHE: RGBColor = RGBColor(0xf5, 0x9e, 0x0b);
/// Free memory.
pub const FREE: RGBColor = RGBColor(0x9c, 0xa3, 0xaf);
/// The current limit.
pub const LIMIT: RGBColor = RGBColor(0xdc, 0x26, 0x26);
/// The recommended limit.
pub const RECOMMENDED: RGBColor = RGBColor(0x16, 0xa3, 0x4a);
/// A second series.
pub const OTHER: RGBColor = RGBColor(0x8b, 0x5c, 0xf6);

/// A horizontal line with its legend.
pub struct Mark {
    /// Where (in the chart's unit).
    pub value: f64,
    /// Legend text.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
}

type Result<T> = std::result::Result<T, String>;

/// A labelled, coloured line of (time, value) points.
type Line<'a> = (&'a str, Vec<(f64, f64)>, RGBColor, bool);

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// `MM-DD HH:MM` of a time in ms, for the x axis.
fn time_label(ms: &f64) -> String {
    let text = crate::units::format_rfc3339(*ms as i64);
    text.get(5..16).unwrap_or("").replace('T', " ")
}

/// Black → `currentColor`, so the page's theme colours axes and text.
fn themed(svg: String) -> String {
    svg.replace("#000000", "currentColor").replace("fill=\"black\"", "fill=\"currentColor\"")
}

/// Where a chart goes: an SVG string (for the page) or a PNG file (`--png`).
pub enum Out<'a> {
    /// Inline SVG, appended to the string.
    Svg(&'a mut String),
    /// A PNG file of the same size.
    Png(&'a std::path::Path),
}

/// Runs a backend-generic drawing function on the chosen backend.
macro_rules! on {
    ($out:expr, |$root:ident| $body:expr) => {
        match $out {
            Out::Svg(text) => {
                let mut svg = String::new();
                {
                    let $root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
                    $body?;
                    $root.present().map_err(err)?;
                }
                text.push_str(&themed(svg));
                Ok(())
            }
            Out::Png(path) => {
                let $root = BitMapBackend::new(path, (W, H)).into_drawing_area();
                $root.fill(&WHITE).map_err(err)?;
                $body?;
                $root.present().map_err(err)?;
                Ok(())
            }
        }
    };
}

/// The font charts are drawn with: DejaVu Sans, embedded, cut to ASCII, Latin-1, punctuation,
/// arrows and a few maths signs (`assets/fonts/subset.sh`; chart text is ASCII).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-subset.ttf");

/// Registers the charts' font, once.
pub fn register_font() -> Result<()> {
    plotters::style::register_font("sans-serif", FontStyle::Normal, FONT)
        .map_err(|_| "the embedded font is invalid".to_owned())
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

/// Used, cache and free stacked (GiB), the peak of used per bucket, and limit lines.
pub fn memory(out: Out<'_>, s: &Series, marks: &[Mark]) -> Result<()> {
    on!(out, |root| draw_memory(&root, s, marks))
}

fn draw_memory<DB: DrawingBackend>(
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
            .legend(|(x, y)| PathElement::new([(x, y), (x + 12, y)], USED));
        draw_marks(&mut chart, &s.ts_ms, marks)?;
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    }
    Ok(())
}

/// The chart context of every chart here: f64 on both axes.
type Chart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Grid, time labels on x, the unit on y.
fn time_mesh<'a, DB: DrawingBackend + 'a>(chart: &mut Chart<'a, DB>, unit: &str) -> Result<()>
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
    chart: &mut Chart<'a, DB>,
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
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
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
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 12, y)], color.stroke_width(2)));
    }
    Ok(())
}

/// One or more lines over time with marks; `scale` divides the values.
/// A series flagged `true` is a trend: drawn dashed, under the others.
pub fn lines(
    out: Out<'_>,
    ts: &[i64],
    series: &[(&str, &[f64], RGBColor, bool)],
    scale: f64,
    unit: &str,
    marks: &[Mark],
) -> Result<()> {
    on!(out, |root| draw_lines(&root, ts, series, scale, unit, marks))
}

fn draw_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    ts: &[i64],
    series: &[(&str, &[f64], RGBColor, bool)],
    scale: f64,
    unit: &str,
    marks: &[Mark],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let data: Vec<Line<'_>> = series
        .iter()
        .map(|(label, col, color, dashed)| {
            (*label, lttb(&points(ts, col, scale), 900), *color, *dashed)
        })
        .collect();
    let top = data
        .iter()
        .flat_map(|(_, p, _, _)| p.iter().map(|q| q.1))
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
        let (trends, data): (Vec<Line<'_>>, Vec<Line<'_>>) = data.into_iter().partition(|l| l.3);
        for (label, p, color, _) in trends {
            chart
                .draw_series(DashedLineSeries::new(p, 6, 4, color.stroke_width(2)))
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 12, y)], color.stroke_width(2))
                });
        }
        for (label, p, color, _) in data {
            chart
                .draw_series(LineSeries::new(p, color.stroke_width(2)))
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 12, y)], color.stroke_width(2))
                });
        }
        draw_marks(&mut chart, ts, marks)?;
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    }
    Ok(())
}

/// A disk's file length, allocation and ext4 use (GiB), with the growth forecast dashed.
pub fn disk(
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
    let mut series: Vec<(&str, &[f64], RGBColor, bool)> = vec![
        ("file length", &d.file_length, USED, false),
        ("allocated", &d.allocated, CACHE, false),
        ("ext4 used", &d.fs_used, OTHER, false),
    ];
    if !trend.is_empty() {
        series.push(("growth trend", &trend, FREE, true));
    }
    lines(out, &d.ts_ms, &series, GIB, "GiB", &marks)
}

/// Histogram of used memory (GiB, 0.25 GiB bins), with the limit marks.
pub fn histogram(out: Out<'_>, s: &Series, marks: &[Mark]) -> Result<()> {
    on!(out, |root| draw_histogram(&root, s, marks))
}

fn draw_histogram<DB: DrawingBackend>(
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
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 12, y)], color.stroke_width(2))
                });
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ab_glyph::Font as _;

    #[test]
    fn the_embedded_font_draws_every_character_of_chart_text() {
        let font = ab_glyph::FontRef::try_from_slice(super::FONT).unwrap();
        let extra = ['×', '…', '–', '−', 'µ', '°', '≤', '→', '\u{a0}'];
        let missing: String =
            (' '..='~').chain(extra).filter(|&c| font.glyph_id(c).0 == 0).collect();
        assert_eq!(missing, "", "characters without a glyph in assets/fonts/DejaVuSans-subset.ttf");
    }
}
