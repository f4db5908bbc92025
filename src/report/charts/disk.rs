//! A disk's chart: the file length (what Windows sees), allocation and ext4's use as held
//! levels, the reclaimable band between the file and ext4, and the growth trend through the
//! data (Theil–Sen slope, median intercept).

use super::axis::{Key, KeyStyle, hold, split_at_gaps};
use super::draw::Layer;
use super::{CACHE, FREE, Frame, GIB, LIMIT, Mark, OTHER, USED};
use crate::analyze::series::DiskSeries;
use crate::analyze::stats::quantile_sorted;

const DAY_MS: f64 = 86_400_000.0;

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

/// The disk's layers and limit marks, cut at the frame's gaps.
pub(super) fn layers(
    d: &DiskSeries,
    growth_per_day: Option<f64>,
    virtual_size: Option<f64>,
    frame: &Frame,
) -> (Vec<Layer>, Vec<Mark>) {
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
            key: Key::new("reclaimable (file − ext4 used)", USED, KeyStyle::Area),
            runs: file.iter().cloned().zip(fs.iter().cloned()).collect(),
        });
    }
    if let (Some(g), Some((b, slope))) =
        (growth_per_day, growth_per_day.and_then(|g| trend_line(&d.ts_ms, &d.file_length, g)))
        && let Some(&t0) = d.ts_ms.first()
    {
        let _ = g;
        // Drawn where there is data: from each run's first sample to its last.
        let mut times = vec![frame.from_ms.max(t0), frame.to_ms];
        times.extend(gaps.iter().flat_map(|g| [g.from_ms, g.to_ms]));
        times.sort_unstable();
        let line: Vec<(f64, f64)> = times
            .iter()
            .map(|t| (*t as f64, (b + slope * (t - t0) as f64 / DAY_MS) / GIB))
            .collect();
        layers.push(Layer::Line {
            key: Key::new("trend (Theil–Sen)", FREE, KeyStyle::Dashed),
            runs: split_at_gaps(&line, gaps),
        });
    }
    let line = |label: &str, runs, color| Layer::Line {
        key: Key::new(label, color, KeyStyle::Line),
        runs,
    };
    layers.push(line("file length", file, USED));
    layers.push(line("allocated", held(&d.allocated), CACHE));
    layers.push(line("ext4 used", fs, OTHER));
    let marks = virtual_size
        .map(|v| Mark { value: v / GIB, label: "virtual size".into(), color: LIMIT })
        .into_iter()
        .collect();
    (layers, marks)
}

#[cfg(test)]
mod tests {
    use super::trend_line;

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
