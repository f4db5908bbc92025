//! Which stretch of the history a command reads: `--since` back from an anchor (the newest
//! sample, so that an imported history works), or `--from`/`--to`.

use std::time::Duration;

use super::texts;

/// A window that holds no time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", texts::EMPTY_WINDOW)]
pub struct EmptyWindow;

/// A stretch of time in words: `from … to …`, `from …`, `up to …`, `everything`; each time as
/// [`texts::when`] says it.
pub fn between(from_ms: Option<i64>, to_ms: Option<i64>) -> String {
    use texts::when;
    match (from_ms, to_ms) {
        (Some(f), Some(t)) => texts::FROM_TO.fill(&[("from", &when(f)), ("to", &when(t))]),
        (Some(f), None) => texts::FROM.fill(&[("from", &when(f))]),
        (None, Some(t)) => texts::UP_TO.fill(&[("to", &when(t))]),
        (None, None) => texts::EVERYTHING.get().to_owned(),
    }
}

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

    /// What was asked for, in words, in the current language: `the last 7d of the history,
    /// counted back from its newest sample`, `from 2026-11-25T00:00:00.000Z`, `everything`
    /// (`最新のサンプルから 7 日さかのぼった範囲`, `2026年11月25日 09:00 以降`, `履歴全体`).
    pub fn describe(&self) -> String {
        match self.since {
            Some(d) => texts::LAST.fill(&[("duration", &crate::units::spoken_duration(d))]),
            None => between(self.from, self.to),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_in_words() {
        let day = crate::units::parse_rfc3339("2026-11-25T00:00:00Z").unwrap();
        assert_eq!(
            Span::last(Duration::from_secs(7 * 86_400)).describe(),
            "the last 7d of the history, counted back from its newest sample"
        );
        assert_eq!(
            Span { from: Some(day), ..Span::default() }.describe(),
            "from 2026-11-25T00:00:00.000Z"
        );
        assert_eq!(
            Span { to: Some(day), ..Span::default() }.describe(),
            "up to 2026-11-25T00:00:00.000Z"
        );
        assert_eq!(Span::default().describe(), "everything");
        assert_eq!(
            Span { from: Some(day + 1), to: Some(day), since: None }.resolve(0, 0),
            Err(EmptyWindow)
        );
    }
}
