//! `wsltune report`: the window's history as one self-contained `report.html` (inline SVG charts,
//! no script, no network) and `summary.json` with every number shown, in `--out`.

use std::io::IsTerminal;

use anyhow::Context;
use serde::Serialize;

use crate::Outcome;
use crate::analyze::Analysis;
use crate::analyze::recommend::Recommendation;
use crate::cli::{GlobalArgs, ReportArgs};
use crate::report::texts as t;
use crate::report::{self, page};

#[derive(Serialize)]
struct Summary<'a> {
    generated: &'a str,
    history: String,
    #[serde(flatten)]
    analysis: &'a Analysis,
    recommendations: &'a [Recommendation],
    sufficient_data: bool,
    notes: &'a [String],
}

/// Runs `wsltune report`.
pub fn run(global: &GlobalArgs, args: &ReportArgs) -> anyhow::Result<Outcome> {
    let span = args.window.span();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(t::READING.get());
        bar
    });
    let e = super::evidence(global, span, |n| {
        if let Some(b) = &bar {
            b.set_message(t::READING_N.fill(&[("n", &n)]));
            b.tick();
        }
    })?;
    if let Some(why) = &e.empty {
        let said = super::history_texts::REPORT_EMPTY;
        anyhow::bail!(said.fill(&[("db", &e.db.display()), ("why", why)]));
    }
    if let Some(b) = &bar {
        b.set_message(t::DRAWING.get());
        b.tick();
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| t::CANNOT_CREATE.fill(&[("path", &args.out.display())]))?;
    let zone = crate::zone::Zone::local();
    let png_dir = args.png.then_some(args.out.as_path());
    let charts = report::draw(&e, &zone, png_dir)
        .map_err(|why| anyhow::anyhow!(t::DRAWING_FAILED.fill(&[("why", &why)])))?;
    let changes: Vec<_> =
        e.advice.recommendations.iter().filter_map(Recommendation::change).collect();
    let diff = e.wslconfig.as_ref().and_then(|t| t.preview(&changes));
    let now = crate::units::now_ms();
    let generated = crate::units::format_rfc3339(now);
    let html = page::html(&e, &charts, &zone, diff.as_deref(), &report::date_time(&zone, now));
    std::fs::create_dir_all(&args.out)
        .with_context(|| t::CANNOT_CREATE.fill(&[("path", &args.out.display())]))?;
    let html_path = args.out.join("report.html");
    std::fs::write(&html_path, html)
        .with_context(|| t::CANNOT_WRITE.fill(&[("path", &html_path.display())]))?;
    let summary = Summary {
        generated: &generated,
        history: e.db.display().to_string(),
        analysis: &e.analysis,
        recommendations: &e.advice.recommendations,
        sufficient_data: e.advice.sufficient_data,
        notes: &e.advice.notes,
    };
    let json_path = args.out.join("summary.json");
    let json = serde_json::to_string_pretty(&summary).context(t::ENCODING.get())?;
    std::fs::write(&json_path, json + "\n")
        .with_context(|| t::CANNOT_WRITE.fill(&[("path", &json_path.display())]))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{}", html_path.display()).context(t::PRINTING.get())?;
    Ok(Outcome::Success)
}
