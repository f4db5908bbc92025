//! `wsltune import`: merge a CSV or JSON-lines file written by `export` into the history, after
//! a backup of the history as it was; a bad row stops it before anything is stored.

use std::path::Path;

use anyhow::Context;

use super::history_texts as t;
use crate::Outcome;
use crate::cli::{GlobalArgs, ImportArgs};
use crate::locate;
use crate::store::transfer::parse;
use crate::store::{Session, Store};
use crate::units::thousands;

/// Runs `wsltune import`.
pub fn run(global: &GlobalArgs, args: &ImportArgs) -> anyhow::Result<Outcome> {
    let db = locate::database_path(global.db.as_deref())?;
    let name = args.file.display().to_string();
    let format = args.format.into();
    let samples = if args.file == Path::new("-") {
        parse(format, std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(&args.file)
            .with_context(|| t::CANNOT_OPEN.fill(&[("path", &name)]))?;
        parse(format, std::io::BufReader::new(file))
    }
    .map_err(|e| anyhow::anyhow!(t::REFUSED.fill(&[("path", &name), ("error", &e)])))?;
    let existed = db.is_file();
    let mut store = Store::open_for_import(&db)?;
    let new = store.count_new(&samples)?;
    if new == 0 {
        let text = if samples.len() == 1 { t::NOTHING_NEW_ONE } else { t::NOTHING_NEW_MANY };
        let n = thousands(samples.len() as u64);
        let said = text.fill(&[("n", &n), ("path", &name), ("db", &db.display())]);
        crate::term::say(&format!("wsltune: {said}"));
        return Ok(Outcome::Success);
    }
    // A backup only when something will change, and only of a history that holds something.
    let backup = if existed && store.count()? > 0 { Some(store.backup()?) } else { None };
    let mut session = Session::new(&format!("import {name}"));
    let added = store.append(&mut session, &samples)?;
    let text = if added == 1 { t::IMPORTED_ONE } else { t::IMPORTED_MANY };
    let mut said = text.fill(&[
        ("n", &thousands(added as u64)),
        ("path", &name),
        ("db", &db.display()),
        ("already", &thousands((samples.len() - added) as u64)),
    ]);
    if let Some(b) = backup {
        said.push_str(&t::BACKUP_KEPT.fill(&[("backup", &b.display())]));
    }
    crate::term::say(&format!("wsltune: {said}"));
    Ok(Outcome::Success)
}
