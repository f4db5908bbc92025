//! The analysis of a month of 5-second samples (518,400) held in memory: statistics and the
//! recommendation, and the charts of the report (SVG). The whole processes, with reading the
//! history, are timed by `benches/report_cost.py`.

use criterion::{Criterion, criterion_group};
use wsltune::analyze::recommend::{Current, recommend};
use wsltune::analyze::series::Series;
use wsltune::analyze::{DiskNow, analyze, stats};
use wsltune::report::charts::{self, Out};

fn month() -> Series {
    let mut s = Series::default();
    let gib = (1u64 << 30) as f64;
    for i in 0..518_400u64 {
        let wobble = ((i * 7919) % 4096) as f64;
        s.ts_ms.push(1_759_276_800_000 + i as i64 * 5000);
        s.mem_total.push(16.0 * gib);
        s.mem_used.push(4.0 * gib + wobble * 262_144.0);
        s.mem_cache.push(5.0 * gib);
        s.mem_free.push(7.0 * gib - wobble * 262_144.0);
        s.swap_total.push(4.0 * gib);
        s.swap_used.push(0.0);
        s.cpu_busy.push(((i * 31) % 100) as f64 / 1000.0);
        s.cpu_count.push(8.0);
        s.psi_memory.push(0.0);
        s.host_vm.push(f64::NAN);
    }
    s
}

fn benches_analysis(c: &mut Criterion) {
    let s = month();
    let mut group = c.benchmark_group("a month of 5 s samples");
    group.sample_size(10);
    group.bench_function("analyze + recommend", |b| {
        b.iter(|| recommend(&analyze(&s, |_| DiskNow::default()), &Current::default()));
    });
    let used: Vec<f64> = s.mem_used.clone();
    group.bench_function("percentiles of one metric", |b| {
        b.iter(|| stats::summarize(used.iter().copied()))
    });
    let points: Vec<(f64, f64)> = s.ts_ms.iter().zip(&used).map(|(t, v)| (*t as f64, *v)).collect();
    group.bench_function("LTTB to 900 points", |b| b.iter(|| stats::lttb(&points, 900)));
    charts::register_font().unwrap();
    let frame = charts::Frame {
        zone: wsltune::zone::Zone::utc(),
        gaps: s.gaps(),
        from_ms: s.ts_ms.first().copied().unwrap_or(0),
        to_ms: s.ts_ms.last().copied().unwrap_or(0),
        size: charts::WIDE,
    };
    group.bench_function("memory chart (SVG)", |b| {
        b.iter(|| {
            let mut svg = String::new();
            let chart = charts::Chart::Memory { series: &s, marks: &[], decided: None };
            chart.draw(&frame, Out::Svg(&mut svg)).unwrap();
            svg
        });
    });
    group.finish();
}

criterion_group!(benches, benches_analysis);
