//! `wsltune recommend`: read a window of history, analyse it, and show the `.wslconfig` limits it
//! supports next to what WSL uses now; `apply` without values writes them.

use std::io::Write;

use anyhow::Context;
use serde::Serialize;

use crate::Outcome;
use crate::analyze::Window;
use crate::analyze::containers::ContainerMemory;
use crate::analyze::recommend::texts as T;
use crate::analyze::recommend::{Recommendation, peak_sentence};
use crate::cli::{GlobalArgs, RecommendArgs};
use crate::wslconfig::texts::current_in_words;

#[derive(Serialize)]
struct Output<'a> {
    recommendations: &'a [Recommendation],
    window: &'a Window,
    sufficient_data: bool,
    notes: &'a [String],
    /// Every container running at the sample with the most used memory, most memory first
    /// (null when Docker did not answer then, or nothing was recorded).
    peak_containers: Option<&'a [ContainerMemory]>,
    /// When that sample was taken (RFC 3339).
    peak_containers_at: Option<&'a str>,
    /// The sentence naming them, in local time (the text output says it).
    #[serde(skip)]
    peak_sentence: Option<String>,
    /// The window asked for, in words (the text output says it; JSON has `window`).
    #[serde(skip)]
    asked: String,
}

/// Runs `wsltune recommend`.
pub fn run(global: &GlobalArgs, args: &RecommendArgs) -> anyhow::Result<Outcome> {
    let e = super::evidence(global, args.window.span(), |_| {})?;
    let peak = e.analysis.docker.peak_containers.as_ref();
    let out = Output {
        recommendations: &e.advice.recommendations,
        window: &e.analysis.window,
        sufficient_data: e.advice.sufficient_data,
        notes: &e.advice.notes,
        peak_containers: peak.map(|p| p.containers.as_slice()),
        peak_containers_at: peak.map(|p| p.at.as_str()),
        peak_sentence: peak.map(|p| peak_sentence(p, &crate::zone::Zone::local())),
        asked: args.window.span().describe(),
    };
    let mut stdout = crate::term::stdout_for(args.json);
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &out)
            .context(super::texts::WRITING_OUTPUT.get())?;
        writeln!(stdout).context(super::texts::WRITING_OUTPUT.get())?;
    } else {
        render(&mut stdout, &out, crate::term::stdout_width())
            .context(super::texts::WRITING_OUTPUT.get())?;
    }
    stdout.flush().context(super::texts::WRITING_OUTPUT.get())?;
    Ok(Outcome::Success)
}

/// The text: the window, the table (with each reason under its row when the table would not
/// fit `width`), the notes.
fn render(out: &mut impl Write, o: &Output<'_>, width: Option<usize>) -> std::io::Result<()> {
    use crate::term::display_width;
    // The times as the language writes them (RFC 3339 in English, `2026年1月1日 09:00`).
    let when = |t: &String| {
        crate::units::parse_rfc3339(t).map_or_else(|_| t.clone(), crate::store::texts::when)
    };
    match (&o.window.from, &o.window.to) {
        (Some(from), Some(to)) => writeln!(
            out,
            "{}",
            T::HISTORY.fill(&[
                ("from", &when(from)),
                ("to", &when(to)),
                ("samples", &T::samples(o.window.samples as u64)),
                ("hours", &format!("{:.1}", o.window.hours)),
                ("asked", &o.asked),
            ])
        )?,
        _ => writeln!(out, "{}", T::HISTORY_NONE.fill(&[("asked", &o.asked)]))?,
    }
    writeln!(out)?;
    if !o.recommendations.is_empty() {
        let (setting, current, recommended) =
            (T::COLUMN_SETTING.get(), T::COLUMN_CURRENT.get(), T::COLUMN_RECOMMENDED.get());
        let now: Vec<String> =
            o.recommendations.iter().map(|r| current_in_words(&r.current)).collect();
        let key_w = o
            .recommendations
            .iter()
            .map(|r| r.key.len())
            .max()
            .unwrap_or(0)
            .max(display_width(setting));
        let cur_w =
            now.iter().map(|c| display_width(c)).max().unwrap_or(0).max(display_width(current));
        let val_w = o
            .recommendations
            .iter()
            .map(|r| r.value.written().len())
            .max()
            .unwrap_or(0)
            .max(display_width(recommended));
        let widest = o
            .recommendations
            .iter()
            .map(|r| key_w + cur_w + val_w + 6 + display_width(&r.reason))
            .max()
            .unwrap_or(0);
        let pad = |text: &str, w: usize| {
            format!("{text}{}", " ".repeat(w.saturating_sub(display_width(text))))
        };
        if width.is_none_or(|w| widest <= w) {
            writeln!(
                out,
                "{}  {}  {}  {}",
                pad(setting, key_w),
                pad(current, cur_w),
                pad(recommended, val_w),
                T::COLUMN_WHY
            )?;
            for (r, now) in o.recommendations.iter().zip(&now) {
                writeln!(
                    out,
                    "{}  {}  {}  {}",
                    pad(r.key, key_w),
                    pad(now, cur_w),
                    pad(&r.value.to_string(), val_w),
                    r.reason
                )?;
            }
        } else {
            // Too wide for the terminal: each setting on its own lines, what WSL uses now and
            // the reason under it (wrapped by the caller).
            for (i, (r, now)) in o.recommendations.iter().zip(&now).enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "{} = {}", r.key, r.value)?;
                writeln!(out, "  {}: {now}", T::NOW)?;
                writeln!(out, "  {}: {}", T::WHY, r.reason)?;
            }
        }
        writeln!(out)?;
        writeln!(out, "{}", T::APPLY_HINT)?;
        if !o.notes.is_empty() || o.peak_sentence.is_some() {
            writeln!(out)?;
        }
    }
    if let Some(sentence) = &o.peak_sentence {
        writeln!(out, "{sentence}")?;
        if !o.notes.is_empty() {
            writeln!(out)?;
        }
    }
    for note in o.notes {
        writeln!(out, "{}", T::NOTE.fill(&[("note", note)]))?;
    }
    Ok(())
}
