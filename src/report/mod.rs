//! The report: the window's evidence drawn as charts (plotters: inline SVG for the page, PNG
//! files on request) and laid out as one self-contained HTML page.

pub mod charts;
pub mod page;

use self::charts::{Mark, USED};
use crate::analyze::evidence::Evidence;
use crate::analyze::recommend::Value;
use crate::analyze::series::Series;

const GIB: f64 = (1u64 << 30) as f64;

/// Draws every chart as SVG for the page, and as PNG files into `png_dir` when given.
pub fn draw(e: &Evidence, png_dir: Option<&std::path::Path>) -> Result<page::Charts, String> {
    charts::register_font()?;
    let s = &e.series;
    let rec = |key: &str| e.advice.recommendations.iter().find(|r| r.key == key);
    let mut memory_marks = Vec::new();
    if let Some(total) = Series::last(&s.mem_total) {
        memory_marks.push(Mark {
            value: total / GIB,
            label: "VM memory now".into(),
            color: charts::LIMIT,
        });
    }
    if let Some(Value::Size(bytes)) = rec("wsl2.memory").map(|r| r.value) {
        memory_marks.push(Mark {
            value: bytes as f64 / GIB,
            label: "recommended".into(),
            color: charts::RECOMMENDED,
        });
    }
    let mut cpu_marks = Vec::new();
    if let Some(n) = Series::last(&s.cpu_count) {
        cpu_marks.push(Mark { value: n, label: "processors now".into(), color: charts::LIMIT });
    }
    if let Some(Value::Count(n)) = rec("wsl2.processors").map(|r| r.value) {
        cpu_marks.push(Mark {
            value: n as f64,
            label: "recommended".into(),
            color: charts::RECOMMENDED,
        });
    }
    let cores: Vec<f64> = s.cpu_busy.iter().zip(&s.cpu_count).map(|(b, c)| b * c).collect();
    let busy = if cores.iter().any(|v| v.is_finite()) { cores } else { s.cpu_busy.clone() };
    let mut swap_marks = Vec::new();
    if let Some(t) = Series::last(&s.swap_total) {
        swap_marks.push(Mark { value: t / GIB, label: "swap size".into(), color: charts::LIMIT });
    }
    let svg = |f: &dyn Fn(charts::Out<'_>) -> Result<(), String>| -> Result<String, String> {
        let mut text = String::new();
        f(charts::Out::Svg(&mut text))?;
        Ok(text)
    };
    let disk_charts = |out_for: &dyn Fn(usize) -> Option<std::path::PathBuf>| -> Result<Vec<(String, String)>, String> {
        e.analysis
            .disks
            .iter()
            .enumerate()
            .filter_map(|(i, d)| s.disks.get(&d.path).map(|series| (i, d, series)))
            .map(|(i, d, series)| {
                if let Some(path) = out_for(i) {
                    charts::disk(charts::Out::Png(&path), series, d.growth_bytes_per_day, d.virtual_size_bytes)?;
                }
                let text = svg(&|o| charts::disk(o, series, d.growth_bytes_per_day, d.virtual_size_bytes))?;
                Ok((d.path.clone(), text))
            })
            .collect()
    };
    let drawn = page::Charts {
        memory: svg(&|o| charts::memory(o, s, &memory_marks))?,
        histogram: svg(&|o| charts::histogram(o, s, &memory_marks))?,
        cpu: svg(&|o| {
            charts::lines(
                o,
                &s.ts_ms,
                &[("busy processors", &busy, USED, false)],
                1.0,
                "processors",
                &cpu_marks,
            )
        })?,
        swap: svg(&|o| {
            charts::lines(
                o,
                &s.ts_ms,
                &[("swap used", &s.swap_used, charts::CACHE, false)],
                GIB,
                "GiB",
                &swap_marks,
            )
        })?,
        disks: disk_charts(&|i| png_dir.map(|dir| dir.join(format!("disk-{}.png", i + 1))))?,
    };
    if let Some(dir) = png_dir {
        charts::memory(charts::Out::Png(&dir.join("memory.png")), s, &memory_marks)?;
        charts::histogram(charts::Out::Png(&dir.join("memory-histogram.png")), s, &memory_marks)?;
        charts::lines(
            charts::Out::Png(&dir.join("cpu.png")),
            &s.ts_ms,
            &[("busy processors", &busy, USED, false)],
            1.0,
            "processors",
            &cpu_marks,
        )?;
        charts::lines(
            charts::Out::Png(&dir.join("swap.png")),
            &s.ts_ms,
            &[("swap used", &s.swap_used, charts::CACHE, false)],
            GIB,
            "GiB",
            &swap_marks,
        )?;
    }
    Ok(drawn)
}
