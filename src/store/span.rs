//! Which stretch of the history a command reads: `--since` back from an anchor (the newest
//! sample, so that an imported history works), or `--from`/`--to`.

use std::time::Duration;

/// A window that holds no time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("--from is after --to: the window is empty")]
pub struct EmptyWindow;

/// The window to read, as given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    /// Back from the anchor.
    pub since: Option<Duration>,
    /// From (ms since the epoch).
    pub from: Option<i64>,
    /// To (ms since the epoch).
    pub to: Option<i64>,
}

impl Span {
    /// The last `since` before the anchor.
    pub fn last(since: Duration) -> Self {
        Span { since: Some(since), from: None, to: None }
    }

    /// What was asked for, in words: `the last 7d of the history, counted back from its newest
    /// sample`, `from 2026-11-25T00:00:00.000Z`, `everything`.
    pub fn describe(&self) -> String {
        use crate::units::{format_duration, format_rfc3339};
        match (self.since, self.from, self.to) {
            (Some(d), _, _) => format!(
                "the last {} of the history, counted back from its newest sample",
                format_duration(d)
            ),
            (None, Some(f), Some(t)) => {
                format!("from {} to {}", format_rfc3339(f), format_rfc3339(t))
            }
            (None, Some(f), None) => format!("from {}", format_rfc3339(f)),
            (None, None, Some(t)) => format!("up to {}", format_rfc3339(t)),
            (None, None, None) => "everything".to_owned(),
        }
    }

    /// The window in ms, `since` counted back from `anchor_ms` (the newest sample, see
    /// `Extent::anchor_ms`); without `--to` it ends at `latest_ms` (a day past the clock), so
    /// samples dated further (a wrong clock) stay out.
    pub fn resolve(&self, anchor_ms: i64, latest_ms: i64) -> Result<(i64, i64), EmptyWindow> {
        let from = match (self.since, self.from) {
            (Some(d), _) => {
                anchor_ms.saturating_sub(i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            }
            (None, Some(t)) => t,
            (None, None) => i64::MIN,
        };
        let to = self.to.unwrap_or(latest_ms.max(anchor_ms));
        if from > to {
            return Err(EmptyWindow);
        }
        Ok((from, to))
    }
}
