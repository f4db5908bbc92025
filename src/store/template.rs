//! A new history written in one piece: the bytes of an empty history at the newest schema, as
//! SQLite builds them, kept in `empty-history.db` beside this file.

use std::path::{Path, PathBuf};

/// An empty history at the newest schema, in WAL mode: the very bytes SQLite writes when
/// `Store::prepare` builds a new file (a test compares them), written in one piece instead —
/// building the schema costs a millisecond of SQL parsing, a quarter of a short `monitor` run.
/// After a schema change, `WSLTUNE_WRITE_TEMPLATE=1 cargo test --lib template` rewrites it.
const TEMPLATE: &[u8] = include_bytes!("empty-history.db");

/// Creates a missing history from [`TEMPLATE`]: written beside it, then linked into place, so
/// that nobody sees a half-written file and an existing one is never replaced. On any failure
/// (a file system without hard links, say) nothing is left, and SQLite builds the file instead.
/// Returns whether the file was created here.
pub(super) fn create_missing(path: &Path) -> bool {
    if path.exists() {
        return false;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".new-{}", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let linked = std::fs::write(&temporary, TEMPLATE).is_ok()
        && std::fs::hard_link(&temporary, path).is_ok();
    let _ = std::fs::remove_file(&temporary);
    linked
}

#[cfg(test)]
mod tests {
    use rusqlite::{Connection, OpenFlags};

    use super::*;
    use crate::store::{Store, schema};

    /// What a schema is made of, as SQLite reports it: each table's columns (name, type, not
    /// null, default, key position), its indexes (with their columns) and whether it has rowids.
    fn shape(conn: &Connection) -> Vec<String> {
        let mut tables: Vec<(String, String)> = conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.sort();
        let mut out = Vec::new();
        for (table, sql) in tables {
            out.push(format!("table {table} without rowid: {}", sql.contains("WITHOUT ROWID")));
            let mut columns = conn.prepare(&format!("PRAGMA table_xinfo({table})")).unwrap();
            let rows = columns
                .query_map([], |r| {
                    Ok(format!(
                        "  column {} {} notnull={} default={:?} pk={}",
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, i64>(5)?
                    ))
                })
                .unwrap();
            out.extend(rows.map(Result::unwrap));
            let mut indexes = conn.prepare(&format!("PRAGMA index_list({table})")).unwrap();
            let names: Vec<(String, i64, String)> = indexes
                .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for (name, unique, origin) in names {
                let mut cols = conn.prepare(&format!("PRAGMA index_info('{name}')")).unwrap();
                let cols: Vec<String> = cols
                    .query_map([], |r| r.get::<_, Option<String>>(2))
                    .unwrap()
                    .map(|c| c.unwrap().unwrap_or_default())
                    .collect();
                out.push(format!("  index unique={unique} origin={origin} on {cols:?}"));
            }
        }
        out
    }

    /// Builds a new history the slow way, as SQLite does without the template, and returns its
    /// bytes with the WAL checkpointed into the file.
    fn built_by_sqlite(dir: &Path) -> Vec<u8> {
        let path = dir.join("built.db");
        {
            let store = Store::open(
                &path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
                false,
            )
            .unwrap();
            store.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
        }
        std::fs::read(&path).unwrap()
    }

    /// The template is what SQLite itself builds for a new history, byte for byte but for the two
    /// header fields that name the SQLite version that wrote it (offsets 92–99), and it opens as
    /// a sound, empty history at the newest schema.
    #[test]
    fn the_template_is_what_sqlite_builds() {
        let dir = tempfile::tempdir().unwrap();
        let built = built_by_sqlite(dir.path());
        if std::env::var_os("WSLTUNE_WRITE_TEMPLATE").is_some() {
            let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/empty-history.db");
            std::fs::write(target, &built).unwrap();
            return;
        }
        let strip = |bytes: &[u8]| {
            let mut b = bytes.to_vec();
            b.get_mut(92..100).unwrap().fill(0);
            b
        };
        assert!(
            strip(TEMPLATE) == strip(&built),
            "src/store/empty-history.db is stale: rewrite it with WSLTUNE_WRITE_TEMPLATE=1 cargo test --lib template"
        );
        let path = dir.path().join("from-template.db");
        let store = Store::open_writer(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), TEMPLATE, "created from the template");
        assert!(
            !dir.path()
                .read_dir()
                .unwrap()
                .any(|e| { e.unwrap().file_name().to_string_lossy().contains(".new-") })
        );
        assert_eq!(store.integrity_check().unwrap(), "ok");
        assert_eq!(store.count().unwrap(), 0);
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let version: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, schema::MIGRATIONS.len() as i64);
        let migrated = Connection::open(dir.path().join("migrated.db")).unwrap();
        for sql in schema::MIGRATIONS {
            migrated.execute_batch(sql).unwrap();
        }
        assert_eq!(shape(&store.conn), shape(&migrated));
    }

    /// Where the template cannot be linked into place, SQLite builds the history as before.
    #[test]
    fn without_the_template_sqlite_builds_the_history() {
        let dir = tempfile::tempdir().unwrap();
        // A folder in the way of the temporary copy (a folder cannot be written as a file).
        let path = dir.path().join("h.db");
        std::fs::create_dir(dir.path().join(format!("h.db.new-{}", std::process::id()))).unwrap();
        let store = Store::open_writer(&path).unwrap();
        assert_eq!(store.count().unwrap(), 0);
        let version: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, schema::MIGRATIONS.len() as i64);
        assert_ne!(std::fs::read(&path).unwrap(), TEMPLATE, "built by SQLite, in its WAL");
    }
}
