//! `wsltune import`: merge a CSV or JSON-lines file written by `export` into the history, after
//! a backup of the history as it was; a bad row stops it before anything is stored.

use std::path::Path;

use anyhow::Context;

use crate::Outcome;
use crate::cli::{GlobalArgs, ImportArgs};
use crate::locate;
use crate::store::transfer::parse;
use crate::store::{Session, Store};
use crate::units::plural;

/// Runs `wsltune import`.
pub fn run(global: &GlobalArgs, args: &ImportArgs) -> anyhow::Result<Outcome> {
    let db = locate::database_path(global.db.as_deref())?;
    let name = args.file.display().to_string();
    let format = args.format.into();
    let samples = if args.file == Path::new("-") {
        parse(format, std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(&args.file).with_context(|| format!("cannot open '{name}'"))?;
        parse(format, std::io::BufReader::new(file))
    }
    .map_err(|e| anyhow::anyhow!("'{name}', {e}; nothing was imported"))?;
    let existed = db.is_file();
    let mut store = Store::open_for_import(&db)?;
    let new = store.count_new(&samples)?;
    if new == 0 {
        crate::term::say(&format!(
            "wsltune: nothing to import: all {} from '{name}' are already in {}; the history was not changed",
            plural(samples.len() as u64, "sample", "samples"),
            db.display()
        ));
        return Ok(Outcome::Success);
    }
    // A backup only when something will change, and only of a history that holds something.
    let backup = if existed && store.count()? > 0 { Some(store.backup()?) } else { None };
    let mut session = Session::new(&format!("import {name}"));
    let added = store.append(&mut session, &samples)?;
    crate::term::say(&format!(
        "wsltune: imported {} from '{name}' into {} ({} already there){}",
        plural(added as u64, "new sample", "new samples"),
        db.display(),
        samples.len() - added,
        backup.map_or(String::new(), |b| format!(
            "; the history before the import is kept at {}",
            b.display()
        ))
    ));
    Ok(Outcome::Success)
}
