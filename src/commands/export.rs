//! `wsltune export`: write the recorded history as CSV (one row per sample and disk or container) or JSON
//! lines, to standard output or a file.

use std::io::{BufWriter, Write};

use anyhow::Context;

use super::history_texts as t;
use crate::Outcome;
use crate::cli::{ExportArgs, GlobalArgs};
use crate::store::span::Span;
use crate::store::transfer::write_range;

/// Runs `wsltune export`.
pub fn run(global: &GlobalArgs, args: &ExportArgs) -> anyhow::Result<Outcome> {
    let history = super::open_history(global)?;
    let (store, db) = (&history.store, &history.shown);
    let span = Span { since: args.since, from: args.from, to: args.to };
    let extent = store.extent(crate::units::now_ms())?;
    // A window: from (the newest sample minus --since, or --from) to --to or a day past the
    // clock; an empty one is said on stderr.
    // With no window at all, everything: the samples dated in the future too.
    let (from, to) = if span == Span::default() {
        (i64::MIN, i64::MAX)
    } else {
        let now = crate::units::now_ms();
        span.resolve(extent.anchor_ms(now), extent.latest_ms(now))?
    };
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| t::CANNOT_CREATE.fill(&[("path", &path.display())]))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    let written = write_range(store, args.format.into(), from, to, &mut out)?;
    out.flush().context(crate::store::texts::EXPORT_WRITING.get())?;
    if written == 0 {
        crate::term::say(&format!("wsltune: {}", extent.why_empty(from, to)));
    } else if let Some(path) = &args.output {
        let text = if written == 1 { t::EXPORTED_ONE } else { t::EXPORTED_MANY };
        let n = crate::units::thousands(written);
        let said = text.fill(&[("n", &n), ("db", &db.display()), ("path", &path.display())]);
        crate::term::say(&format!("wsltune: {said}"));
    }
    Ok(Outcome::Success)
}
