//! The history as files (what `export` writes and `import` reads): CSV in the long format
//! ([`csv_format`]) or JSON lines ([`jsonl`]), to move it between machines, back it up, and
//! merge it.

use std::io::Write;

use super::{Store, StoreError, csv_format, jsonl, line_texts, texts};
use crate::sample::Sample;

/// The file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated, one row per sample and disk or running container, with a header.
    Csv,
    /// One JSON object per sample, as `monitor --format jsonl` prints.
    Jsonl,
}

/// A bad line in an import file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", line_texts::LINE.fill(&[("line", .line), ("message", .message)]))]
pub struct ParseError {
    /// 1-based line number.
    pub line: u64,
    /// What is wrong, quoting the value.
    pub message: String,
}

impl ParseError {
    /// A new error.
    pub fn new(line: u64, message: String) -> Self {
        ParseError { line, message }
    }
}

/// A row's `ts`: RFC 3339, and not more than [`FUTURE_SLACK_MS`](super::FUTURE_SLACK_MS) past
/// `now_ms` — a sample from a wrong clock would otherwise become the newest of the history.
pub(super) fn parse_ts(text: &str, line: u64, now_ms: i64) -> Result<i64, ParseError> {
    let ts = crate::units::parse_rfc3339(text)
        .map_err(|e| ParseError::new(line, line_texts::TS.fill(&[("error", &e)])))?;
    if ts > now_ms.saturating_add(super::FUTURE_SLACK_MS) {
        let now = texts::when(now_ms);
        return Err(ParseError::new(
            line,
            line_texts::TS_FUTURE.fill(&[("ts", &text.trim()), ("now", &now)]),
        ));
    }
    Ok(ts)
}

/// Parses an export file.
pub fn parse(format: Format, input: impl std::io::BufRead) -> Result<Vec<Sample>, ParseError> {
    match format {
        Format::Csv => csv_format::parse(input),
        Format::Jsonl => jsonl::parse(input),
    }
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the history failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing the file failed (a closed pipe included: `main` ends quietly on that). The
    /// cause is chained, not printed here: `error: {:#}` prints it once.
    #[error("{}", texts::EXPORT_WRITING)]
    Write(#[source] std::io::Error),
}

/// The I/O error inside a csv error (a closed pipe stays one), or the csv error as one.
fn csv_io(e: csv::Error) -> std::io::Error {
    if !matches!(e.kind(), csv::ErrorKind::Io(_)) {
        return std::io::Error::other(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Writes samples of `[from, to]` in a format; returns how many.
pub fn write_range(
    store: &Store,
    format: Format,
    from: i64,
    to: i64,
    out: &mut impl Write,
) -> Result<u64, ExportError> {
    // serde_json's errors convert into the I/O error underneath (its `From`); csv's `From`
    // would wrap it as `Other`, losing a closed pipe's kind: `csv_io` unwraps it.
    let mut n = 0u64;
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            csv_format::write_header(&mut w).map_err(|e| ExportError::Write(csv_io(e)))?;
            store.for_each_sample(from, to, |s| -> Result<(), ExportError> {
                n += 1;
                csv_format::write_sample(&mut w, &s).map_err(|e| ExportError::Write(csv_io(e)))
            })?;
            w.flush().map_err(ExportError::Write)?;
        }
        Format::Jsonl => {
            store.for_each_sample(from, to, |s| -> Result<(), ExportError> {
                n += 1;
                serde_json::to_writer(&mut *out, &s).map_err(|e| ExportError::Write(e.into()))?;
                out.write_all(b"\n").map_err(ExportError::Write)
            })?;
        }
    }
    Ok(n)
}
