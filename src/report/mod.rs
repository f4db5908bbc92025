//! The report: the window's evidence drawn as charts (plotters: inline SVG for the page, PNG
//! files on request) and laid out as one self-contained HTML page.

pub mod charts;
mod disks;
mod docker;
mod now;
pub mod page;
pub mod texts;

use std::path::Path;

use self::charts::{Chart, ChartError, Decided, Frame, Line, Mark, Out, USED};
use self::texts as t;
use crate::analyze::evidence::Evidence;
use crate::analyze::recommend::Value;
use crate::analyze::series::Series;
use crate::units::format_bytes;
use crate::zone::Zone;

const GIB: f64 = (1u64 << 30) as f64;

/// The sample the recommended memory limit rests on: the peak where the recommendation says it
/// used the peak (`based_on: max`), else the sample nearest above the 99th percentile.
pub fn decided(e: &Evidence) -> Option<Decided> {
    let s = &e.series;
    let used = e.analysis.memory.used_bytes?;
    let based_on = e
        .advice
        .recommendations
        .iter()
        .find(|r| r.key == "wsl2.memory")
        .and_then(|r| r.evidence.get("based_on"))
        .and_then(|v| v.as_str().map(str::to_owned));
    let (what, target) = match based_on.as_deref() {
        Some("max") => ("peak", used.max),
        _ => ("p99", used.p99),
    };
    let (t, v) = s
        .ts_ms
        .iter()
        .zip(&s.mem_used)
        .filter(|(_, v)| v.is_finite() && **v >= target)
        .min_by(|a, b| a.1.total_cmp(b.1))?;
    Some(Decided { ts_ms: *t, bytes: *v, what: what.to_owned() })
}

/// `ts_ms` in `zone` as the page prints times: `2026-12-01 14:05`, `2026年12月1日 14:05`.
pub fn date_time(zone: &Zone, ts_ms: i64) -> String {
    now::date_time(&zone.civil(ts_ms))
}

/// Draws every chart as SVG for the page, and as PNG files into `png_dir` when given; times
/// in `zone`.
pub fn draw(e: &Evidence, zone: &Zone, png_dir: Option<&Path>) -> Result<page::Charts, ChartError> {
    charts::register_font()?;
    let s = &e.series;
    let frame = Frame {
        zone: zone.clone(),
        gaps: s.gaps(),
        from_ms: s.ts_ms.first().copied().unwrap_or(0),
        to_ms: s.ts_ms.last().copied().unwrap_or(0),
        size: charts::WIDE,
    };
    let narrow = Frame { size: charts::NARROW, ..frame.clone() };
    let decided = decided(e);
    let rec = |key: &str| e.advice.recommendations.iter().find(|r| r.key == key);
    let mut memory_marks = Vec::new();
    if let Some(total) = Series::last(&s.mem_total) {
        memory_marks.push(Mark {
            value: total / GIB,
            label: t::MARK_VM_MEMORY.fill(&[("size", &format_bytes(total as u64))]),
            color: charts::LIMIT,
        });
    }
    if let Some(Value::Size(bytes)) = rec("wsl2.memory").map(|r| r.value) {
        memory_marks.push(Mark {
            value: bytes as f64 / GIB,
            label: t::MARK_RECOMMENDED_MEMORY
                .fill(&[("size", &format_bytes(bytes)), ("value", &Value::Size(bytes))]),
            color: charts::RECOMMENDED,
        });
    }
    // The histogram marks where the deciding sample falls, too: its tail is what it rests on.
    let mut histogram_marks: Vec<Mark> = decided
        .iter()
        .map(|d| Mark {
            value: d.bytes / GIB,
            label: if d.what == "peak" { t::MARK_PEAK } else { t::MARK_P99 }
                .fill(&[("size", &format_bytes(d.bytes as u64))]),
            color: charts::OTHER,
        })
        .collect();
    histogram_marks.extend(memory_marks.iter().cloned());
    let mut cpu_marks = Vec::new();
    if let Some(n) = Series::last(&s.cpu_count) {
        cpu_marks.push(Mark {
            value: n,
            label: t::MARK_VM_PROCESSORS.fill(&[("n", &format!("{n:.0}"))]),
            color: charts::LIMIT,
        });
    }
    if let Some(Value::Count(n)) = rec("wsl2.processors").map(|r| r.value) {
        cpu_marks.push(Mark {
            value: n as f64,
            label: t::MARK_RECOMMENDED_PROCESSORS.fill(&[("n", &n)]),
            color: charts::RECOMMENDED,
        });
    }
    let cores: Vec<f64> = s.cpu_busy.iter().zip(&s.cpu_count).map(|(b, c)| b * c).collect();
    let busy = if cores.iter().any(|v| v.is_finite()) { cores } else { s.cpu_busy.clone() };
    let mut swap_marks = Vec::new();
    if let Some(total) = Series::last(&s.swap_total) {
        swap_marks.push(Mark {
            value: total / GIB,
            label: t::MARK_SWAP_SIZE.fill(&[("size", &format_bytes(total as u64))]),
            color: charts::LIMIT,
        });
    }
    let cpu_lines = [Line { label: t::LINE_BUSY.get(), values: &busy, color: USED, trend: false }];
    let swap_lines = [Line {
        label: t::LINE_SWAP_USED.get(),
        values: &s.swap_used,
        color: charts::CACHE,
        trend: false,
    }];
    let cpu = Chart::Lines {
        ts: &s.ts_ms,
        lines: &cpu_lines,
        scale: 1.0,
        unit: t::UNIT_PROCESSORS.get(),
        marks: &cpu_marks,
    };
    let swap = Chart::Lines {
        ts: &s.ts_ms,
        lines: &swap_lines,
        scale: GIB,
        unit: "GiB",
        marks: &swap_marks,
    };
    // Each chart drawn to the page, and to `png_dir` as `<name>.png`.
    let render = |chart: &Chart<'_>, name: &str| -> Result<String, ChartError> {
        if let Some(dir) = png_dir {
            chart.draw(&frame, Out::Png(&dir.join(format!("{name}.png"))))?;
        }
        // Both sizes; the page's styles show one by the screen's width.
        Ok(format!(
            r#"<div class="wide">{}</div><div class="narrow">{}</div>"#,
            chart.svg(&frame)?,
            chart.svg(&narrow)?
        ))
    };
    let mut disks = Vec::new();
    // Numbered by the disk's place in the analysis (`disk-1.png`, ...).
    for (i, d) in e.analysis.disks.iter().enumerate() {
        let Some(series) = s.disks.get(&d.path) else { continue };
        let chart = Chart::Disk {
            series,
            growth_per_day: d.growth_bytes_per_day,
            virtual_size: d.virtual_size_bytes,
            drive_free: d.drive_free_bytes,
        };
        disks.push((d.path.clone(), render(&chart, &format!("disk-{}", i + 1))?));
    }
    Ok(page::Charts {
        memory: render(
            &Chart::Memory { series: s, marks: &memory_marks, decided: decided.as_ref() },
            "memory",
        )?,
        containers: e
            .containers
            .as_ref()
            .map(|binned| render(&Chart::Containers { binned }, "memory-containers"))
            .transpose()?,
        histogram: render(
            &Chart::Histogram { series: s, marks: &histogram_marks },
            "memory-histogram",
        )?,
        cpu: render(&cpu, "cpu")?,
        swap: render(&swap, "swap")?,
        disks,
    })
}
