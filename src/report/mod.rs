//! `wsltune report`: the window's history as one self-contained `report.html` (inline SVG charts
//! drawn with plotters) and `summary.json` with every number shown.

pub mod charts;
pub mod page;

use std::io::IsTerminal;

use anyhow::Context;
use serde::Serialize;

use self::charts::{Mark, USED};
use crate::Outcome;
use crate::advice::{self, Evidence, Span};
use crate::analyze::series::Series;
use crate::cli::{GlobalArgs, ReportArgs};

const GIB: f64 = (1u64 << 30) as f64;

#[derive(Serialize)]
struct Summary<'a> {
    generated: &'a str,
    history: String,
    #[serde(flatten)]
    analysis: &'a crate::analyze::Analysis,
    recommendations: &'a [crate::analyze::recommend::Recommendation],
    sufficient_data: bool,
    notes: &'a [String],
}

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
    if let Some(bytes) =
        rec("wsl2.memory").and_then(|r| crate::wslconfig::keys::parse_size(&r.value))
    {
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
    if let Some(n) = rec("wsl2.processors").and_then(|r| r.value.parse::<f64>().ok()) {
        cpu_marks.push(Mark { value: n, label: "recommended".into(), color: charts::RECOMMENDED });
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

/// Runs `wsltune report`.
pub fn run(global: &GlobalArgs, args: &ReportArgs) -> anyhow::Result<Outcome> {
    let span = Span::from(&args.window);
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message("reading the history");
        bar
    });
    let e = advice::gather(global, span, |n| {
        if let Some(b) = &bar {
            b.set_message(format!("reading the history: {n} samples"));
            b.tick();
        }
    })?;
    if e.series.is_empty() {
        anyhow::bail!(
            "{} has no samples in this window; widen it (--since 30d) or record some with `wsltune monitor`",
            e.db.display()
        );
    }
    if let Some(b) = &bar {
        b.set_message("drawing the charts");
        b.tick();
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the folder '{}'", args.out.display()))?;
    let png_dir = args.png.then_some(args.out.as_path());
    let charts =
        draw(&e, png_dir).map_err(|why| anyhow::anyhow!("drawing a chart failed: {why}"))?;
    let diff =
        e.wslconfig.as_ref().and_then(|t| crate::configure::preview(t, &e.advice.recommendations));
    let generated = crate::units::format_rfc3339(crate::units::now_ms());
    let html = page::html(&e, &charts, diff.as_deref(), &generated);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the folder '{}'", args.out.display()))?;
    let html_path = args.out.join("report.html");
    std::fs::write(&html_path, html)
        .with_context(|| format!("cannot write '{}'", html_path.display()))?;
    let summary = Summary {
        generated: &generated,
        history: e.db.display().to_string(),
        analysis: &e.analysis,
        recommendations: &e.advice.recommendations,
        sufficient_data: e.advice.sufficient_data,
        notes: &e.advice.notes,
    };
    let json_path = args.out.join("summary.json");
    let json = serde_json::to_string_pretty(&summary).context("encoding summary.json")?;
    std::fs::write(&json_path, json + "\n")
        .with_context(|| format!("cannot write '{}'", json_path.display()))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    println!("{}", html_path.display());
    Ok(Outcome::Success)
}
