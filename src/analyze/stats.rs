//! Statistics over a series: percentiles, a robust trend (Theil–Sen), and downsampling that
//! keeps extremes (largest-triangle-three-buckets) for charts.

use serde::Serialize;

/// Percentiles and extremes of one metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Values counted.
    pub count: usize,
    /// Smallest.
    pub min: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Largest.
    pub max: f64,
    /// Mean.
    pub mean: f64,
}

/// The `q`-quantile (0..=1) of sorted values, by the nearest-rank method: always a value that
/// was observed, so `min ≤ p50 ≤ p95 ≤ p99 ≤ max` holds exactly.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.saturating_sub(1).min(sorted.len() - 1)).copied()
}

/// Summarises the finite values; `None` when there are none. Percentiles by nearest rank, found
/// by selection rather than a full sort (a month of 5 s samples is half a million values).
pub fn summarize(values: impl IntoIterator<Item = f64>) -> Option<Summary> {
    let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    let n = v.len();
    let (min, max, sum) =
        v.iter().fold((f64::INFINITY, f64::NEG_INFINITY, 0.0), |(lo, hi, s), x| {
            (lo.min(*x), hi.max(*x), s + x)
        });
    let mut q = |p: f64| {
        let k = ((p * n as f64).ceil() as usize).saturating_sub(1).min(n - 1);
        *v.select_nth_unstable_by(k, f64::total_cmp).1
    };
    let (p50, p95, p99) = (q(0.5), q(0.95), q(0.99));
    Some(Summary { count: n, min, p50, p95, p99, max, mean: sum / n as f64 })
}

/// Theil–Sen slope: the median of the slopes between all pairs of points. Robust to outliers
/// (a disk compacted once, a spike). Over more than `limit` points it first takes the median of
/// `limit` equal-count buckets (time and value), which keeps it O(limit²).
pub fn theil_sen(points: &[(f64, f64)], limit: usize) -> Option<f64> {
    let reduced: Vec<(f64, f64)> = if points.len() > limit && limit >= 2 {
        points
            .chunks(points.len().div_ceil(limit))
            .filter_map(|chunk| {
                let mut xs: Vec<f64> = chunk.iter().map(|p| p.0).collect();
                let mut ys: Vec<f64> = chunk.iter().map(|p| p.1).collect();
                xs.sort_by(f64::total_cmp);
                ys.sort_by(f64::total_cmp);
                Some((quantile_sorted(&xs, 0.5)?, quantile_sorted(&ys, 0.5)?))
            })
            .collect()
    } else {
        points.to_vec()
    };
    let mut slopes = Vec::with_capacity(reduced.len() * reduced.len().saturating_sub(1) / 2);
    for (i, a) in reduced.iter().enumerate() {
        for b in reduced.iter().skip(i + 1) {
            let dx = b.0 - a.0;
            if dx != 0.0 {
                slopes.push((b.1 - a.1) / dx);
            }
        }
    }
    if slopes.is_empty() {
        return None;
    }
    slopes.sort_by(f64::total_cmp);
    quantile_sorted(&slopes, 0.5)
}

/// Largest-triangle-three-buckets downsampling to at most `threshold` points: keeps the first
/// and last point and, per bucket, the point that makes the largest triangle with its neighbours
/// — so peaks and troughs survive. The bucket of the global maximum and minimum keeps them too.
pub fn lttb(points: &[(f64, f64)], threshold: usize) -> Vec<(f64, f64)> {
    let n = points.len();
    if threshold >= n || threshold < 3 {
        return points.to_vec();
    }
    let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(threshold + 2);
    out.push(first);
    let every = (n - 2) as f64 / (threshold - 2) as f64;
    let mut a = first;
    for i in 0..threshold - 2 {
        let start = (i as f64 * every) as usize + 1;
        let end = (((i + 1) as f64 * every) as usize + 1).min(n - 1);
        let next_end = (((i + 2) as f64 * every) as usize + 1).min(n);
        let next = points.get(end..next_end.max(end + 1).min(n)).unwrap_or(&[]);
        let (avg_x, avg_y) = if next.is_empty() {
            (last.0, last.1)
        } else {
            let k = next.len() as f64;
            (next.iter().map(|p| p.0).sum::<f64>() / k, next.iter().map(|p| p.1).sum::<f64>() / k)
        };
        let bucket = points.get(start..end.max(start + 1).min(n - 1)).unwrap_or(&[]);
        let best = bucket.iter().copied().max_by(|p, q| {
            let area =
                |c: &(f64, f64)| ((a.0 - avg_x) * (c.1 - a.1) - (a.0 - c.0) * (avg_y - a.1)).abs();
            area(p).total_cmp(&area(q))
        });
        if let Some(b) = best {
            out.push(b);
            a = b;
        }
    }
    out.push(last);
    // The extremes matter most on a memory chart: make sure they are drawn.
    for extreme in [
        points.iter().copied().max_by(|p, q| p.1.total_cmp(&q.1)),
        points.iter().copied().min_by(|p, q| p.1.total_cmp(&q.1)),
    ]
    .into_iter()
    .flatten()
    {
        if !out.contains(&extreme) {
            let at = out.partition_point(|p| p.0 < extreme.0);
            out.insert(at, extreme);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nearest_rank_percentiles() {
        let s = summarize((1..=100).map(f64::from)).unwrap();
        assert_eq!((s.min, s.p50, s.p95, s.p99, s.max), (1.0, 50.0, 95.0, 99.0, 100.0));
        assert_eq!(summarize([f64::NAN]), None);
    }

    #[test]
    fn theil_sen_ignores_outliers() {
        let mut points: Vec<(f64, f64)> =
            (0..50).map(|i| (f64::from(i), 2.0 * f64::from(i) + 1.0)).collect();
        points[10].1 = 1e9;
        points[20].1 = -1e9;
        assert_eq!(theil_sen(&points, 1000), Some(2.0));
        let many: Vec<(f64, f64)> =
            (0..100_000).map(|i| (f64::from(i), 3.0 * f64::from(i))).collect();
        let slope = theil_sen(&many, 500).unwrap();
        assert!((slope - 3.0).abs() < 1e-9, "{slope}");
    }

    proptest! {
        #[test]
        fn percentiles_are_ordered(values in prop::collection::vec(-1e12f64..1e12, 1..500)) {
            let s = summarize(values.iter().copied()).unwrap();
            prop_assert!(s.min <= s.p50 && s.p50 <= s.p95 && s.p95 <= s.p99 && s.p99 <= s.max);
            prop_assert!(s.min <= s.mean && s.mean <= s.max);
        }

        #[test]
        fn lttb_keeps_first_last_and_extremes(values in prop::collection::vec(-1e6f64..1e6, 3..2000), threshold in 3usize..300) {
            let points: Vec<(f64, f64)> = values.iter().enumerate().map(|(i, v)| (i as f64, *v)).collect();
            let out = lttb(&points, threshold);
            prop_assert_eq!(out.first(), points.first());
            prop_assert_eq!(out.last(), points.last());
            prop_assert!(out.len() <= threshold.max(points.len().min(threshold)) + 2);
            let max = values.iter().copied().fold(f64::MIN, f64::max);
            let min = values.iter().copied().fold(f64::MAX, f64::min);
            prop_assert!(out.iter().any(|p| p.1 == max));
            prop_assert!(out.iter().any(|p| p.1 == min));
            prop_assert!(out.windows(2).all(|w| w[0].0 <= w[1].0));
        }
    }
}
