//! `wsltune recommend`: read a window of history, analyse it, and show the `.wslconfig` limits it
//! supports next to what WSL uses now; `apply` without values writes them.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;

use crate::Outcome;
use crate::analyze::recommend::{self, Advice, Current};
use crate::analyze::series::Series;
use crate::analyze::{self, Analysis, Window};
use crate::cli::{GlobalArgs, RecommendArgs};
use crate::locate;
use crate::store::Store;
use crate::wslconfig::{config::Config, lexer::lex, lint};

/// The window to read: `--since` counts back from the newest sample (not from now, so that an
/// imported history works), `--from`/`--to` are absolute.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    /// Back from the newest sample.
    pub since: Option<std::time::Duration>,
    /// From (ms).
    pub from: Option<i64>,
    /// To (ms).
    pub to: Option<i64>,
}

impl Span {
    /// The window in ms, `--since` counted back from `anchor_ms`; an error when it is empty.
    pub fn resolve(&self, anchor_ms: i64) -> anyhow::Result<(i64, i64)> {
        let from = match (self.since, self.from) {
            (Some(d), _) => {
                anchor_ms.saturating_sub(i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            }
            (None, Some(t)) => t,
            (None, None) => i64::MIN,
        };
        let to = self.to.unwrap_or(i64::MAX);
        if from > to {
            anyhow::bail!("--from is after --to: the window is empty");
        }
        Ok((from, to))
    }
}

impl From<&crate::cli::WindowArgs> for Span {
    /// `--since` has a default; an explicit `--from` or `--to` replaces it.
    fn from(w: &crate::cli::WindowArgs) -> Self {
        let since = if w.from.is_some() || w.to.is_some() { None } else { w.since };
        Span { since, from: w.from, to: w.to }
    }
}

/// Everything `recommend` (and `apply`, and `report`) works from.
pub struct Evidence {
    /// The history file.
    pub db: PathBuf,
    /// The samples.
    pub series: Series,
    /// What they show.
    pub analysis: Analysis,
    /// The `.wslconfig` the current values were read from, for the diff `apply` would make.
    pub(crate) wslconfig: Option<crate::configure::Target>,
    /// The recommendation.
    pub advice: Advice,
}

/// Reads the window, analyses it and applies the rules.
pub fn gather(
    global: &GlobalArgs,
    span: Span,
    progress: impl FnMut(u64),
) -> anyhow::Result<Evidence> {
    let db = locate::database_path(global.db.as_deref())?;
    let store = Store::open_existing(&db, false)?;
    let (from, to) = span.resolve(store.newest_ms()?.unwrap_or(0))?;
    let series = Series::load(&store, from, to, progress)?;
    let analysis = analyze::analyze(&series, |path| {
        let path = std::path::Path::new(path);
        analyze::DiskNow {
            virtual_size: crate::vhdx::inspect_path(path).ok().and_then(|i| i.virtual_size),
            drive_free: path.exists().then(|| crate::fsinfo::free_space(path)).flatten(),
        }
    });
    let wslconfig = crate::configure::Target::find(global).ok();
    let advice = recommend::recommend(&analysis, &current(wslconfig.as_ref()));
    Ok(Evidence { db, series, analysis, wslconfig, advice })
}

/// What WSL uses now: the effective `.wslconfig` values, defaults in words.
fn current(wslconfig: Option<&crate::configure::Target>) -> Current {
    let host = crate::sample::host::host_info();
    let text = wslconfig.and_then(|t| t.document.as_ref()).map_or("", |d| d.text.as_str());
    let cfg = Config::read(&lex(text), "");
    let values = lint::effective(&cfg)
        .into_iter()
        .map(|(k, e)| {
            (k, if e.source == "file" { e.value } else { format!("default: {}", e.value) })
        })
        .collect();
    Current { values, host_memory_bytes: host.map(|h| h.memory_bytes) }
}

#[derive(Serialize)]
struct Output<'a> {
    recommendations: &'a [recommend::Recommendation],
    window: &'a Window,
    sufficient_data: bool,
    notes: &'a [String],
}

/// Runs `wsltune recommend`.
pub fn run(global: &GlobalArgs, args: &RecommendArgs) -> anyhow::Result<Outcome> {
    let e = gather(global, Span::from(&args.window), |_| {})?;
    let out = Output {
        recommendations: &e.advice.recommendations,
        window: &e.analysis.window,
        sufficient_data: e.advice.sufficient_data,
        notes: &e.advice.notes,
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &out).context("writing JSON")?;
        writeln!(stdout).context("writing JSON")?;
    } else {
        render(&mut stdout, &out).context("writing the table")?;
    }
    Ok(Outcome::Success)
}

fn render(out: &mut impl Write, o: &Output<'_>) -> std::io::Result<()> {
    match (&o.window.from, &o.window.to) {
        (Some(from), Some(to)) => writeln!(
            out,
            "History: {from} to {to} ({} samples over {:.1} hours)",
            o.window.samples, o.window.hours
        )?,
        _ => writeln!(out, "History: no samples in this window")?,
    }
    writeln!(out)?;
    if !o.recommendations.is_empty() {
        let key_w = o.recommendations.iter().map(|r| r.key.len()).max().unwrap_or(0).max(7);
        let cur_w =
            o.recommendations.iter().map(|r| r.current.chars().count()).max().unwrap_or(0).max(7);
        let val_w = o.recommendations.iter().map(|r| r.value.len()).max().unwrap_or(0).max(11);
        writeln!(
            out,
            "{:<key_w$}  {:<cur_w$}  {:<val_w$}  why",
            "setting", "current", "recommended"
        )?;
        for r in o.recommendations {
            writeln!(
                out,
                "{:<key_w$}  {:<cur_w$}  {:<val_w$}  {}",
                r.key, r.current, r.value, r.reason
            )?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "`wsltune apply` writes these to .wslconfig (it shows the diff and asks first); `--json` gives the evidence behind each."
        )?;
    }
    for note in o.notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(())
}
