//! `wsltune export` and `wsltune import`: the history as CSV (long format) or JSON lines, moved
//! between machines, backed up, and merged.

pub mod csv_format;
pub mod jsonl;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::Outcome;
use crate::cli::{ExportArgs, GlobalArgs, ImportArgs, TransferFormat};
use crate::locate;
use crate::sample::Sample;
use crate::store::{Store, StoreError};

/// A bad line in an import file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
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

/// Parses an export file.
pub fn parse(
    format: TransferFormat,
    input: impl std::io::BufRead,
) -> Result<Vec<Sample>, ParseError> {
    match format {
        TransferFormat::Csv => csv_format::parse(input),
        TransferFormat::Jsonl => jsonl::parse(input),
    }
}

fn db_path(global: &GlobalArgs) -> anyhow::Result<PathBuf> {
    locate::database_path(global.db.as_deref())
}

/// Runs `wsltune export`.
pub fn export(global: &GlobalArgs, args: &ExportArgs) -> anyhow::Result<Outcome> {
    let db = db_path(global)?;
    let store = Store::open_existing(&db, false)?;
    let now = crate::units::now_ms();
    let span = crate::advice::Span { since: args.since, from: args.from, to: args.to };
    let (from, to) = span.resolve(now)?;
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create '{}'", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    let written = write_range(&store, args.format, from, to, &mut out)?;
    out.flush().context("writing the export")?;
    if let Some(path) = &args.output {
        eprintln!("wsltune: {written} samples from {} written to {}", db.display(), path.display());
    }
    Ok(Outcome::Success)
}

/// A write failure while exporting.
#[derive(Debug, thiserror::Error)]
enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the export: {0}")]
    Write(String),
}

/// Writes samples of `[from, to]` in a format; returns how many.
pub fn write_range(
    store: &Store,
    format: TransferFormat,
    from: i64,
    to: i64,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    let mut n = 0u64;
    match format {
        TransferFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            csv_format::write_header(&mut w).context("writing the export")?;
            store.for_each_sample(from, to, |s| -> Result<(), ExportError> {
                n += 1;
                csv_format::write_sample(&mut w, &s).map_err(|e| ExportError::Write(e.to_string()))
            })?;
            w.flush().context("writing the export")?;
        }
        TransferFormat::Jsonl => {
            store.for_each_sample(from, to, |s| -> Result<(), ExportError> {
                n += 1;
                serde_json::to_writer(&mut *out, &s)
                    .map_err(|e| ExportError::Write(e.to_string()))?;
                out.write_all(b"\n").map_err(|e| ExportError::Write(e.to_string()))
            })?;
        }
    }
    Ok(n)
}

/// Runs `wsltune import`.
pub fn import(global: &GlobalArgs, args: &ImportArgs) -> anyhow::Result<Outcome> {
    let db = db_path(global)?;
    let name = args.file.display().to_string();
    let samples = if args.file == Path::new("-") {
        parse(args.format, std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(&args.file).with_context(|| format!("cannot open '{name}'"))?;
        parse(args.format, std::io::BufReader::new(file))
    }
    .map_err(|e| anyhow::anyhow!("'{name}', {e}; nothing was imported"))?;
    let existed = db.is_file();
    let mut store = Store::open_for_import(&db)?;
    let before = store.count()?;
    let backup = if existed && before > 0 { Some(store.backup()?) } else { None };
    let mut session = crate::store::Session::new(&format!("import {name}"));
    let added = store.append(&mut session, &samples)?;
    eprintln!(
        "wsltune: imported {added} new samples from '{name}' into {} ({} already there){}",
        db.display(),
        samples.len() - added,
        backup.map_or(String::new(), |b| format!(
            "; the history before the import is kept at {}",
            b.display()
        ))
    );
    Ok(Outcome::Success)
}
