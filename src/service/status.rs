//! What `service status` and `doctor` say of the background monitor: registered or not, running
//! or not and since when, where the history is and how old its newest sample is.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::store::Store;

/// The background monitor as `service status --json` and `doctor --json` (`service`) show it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ServiceStatus {
    /// `windows-task` or `systemd`.
    pub kind: &'static str,
    /// Whether the task or unit is registered; `null` when that could not be asked.
    pub registered: Option<bool>,
    /// How that was found out (`schtasks /Query`, the unit file).
    pub registered_by: String,
    /// The state as Task Scheduler (in the system's language) or `systemctl is-active` says it.
    pub state: Option<String>,
    /// Whether a monitor records into the history now (it holds the history's lock); `null`
    /// where that cannot be seen from here.
    pub running: Option<bool>,
    /// Since when it records (RFC 3339): the monitor's own note, else the newest session's start.
    pub since: Option<String>,
    /// The history the task or unit records into.
    #[serde(serialize_with = "crate::fsinfo::json_path::option")]
    pub history: Option<PathBuf>,
    /// Whether that file exists.
    pub history_exists: bool,
    /// The newest sample's time (RFC 3339).
    pub newest_sample: Option<String>,
    /// The newest sample's age in seconds at the time of asking.
    pub newest_sample_age_s: Option<i64>,
    /// The monitor's log (the Windows task's; the journal holds the unit's).
    #[serde(serialize_with = "crate::fsinfo::json_path::option")]
    pub log: Option<PathBuf>,
}

/// What the history itself says: filled into a status (`running` only when `lock_visible`).
pub fn fill_from_history(status: &mut ServiceStatus, db: &Path, lock_visible: bool, now_ms: i64) {
    status.history = Some(db.to_path_buf());
    status.history_exists = db.is_file();
    let note = lock_visible.then(|| crate::store::writer_note(db));
    if let Some(note) = &note {
        status.running = Some(note.is_some());
        status.since = note.as_deref().and_then(since_in_note).map(str::to_owned);
    }
    if !status.history_exists || !lock_visible {
        // Across /mnt/c the file is not read (see `locate::history`).
        return;
    }
    let Ok(store) = Store::open_existing(db, false) else { return };
    if let Ok(extent) = store.extent(now_ms)
        && let Some(newest) = extent.newest_ms
    {
        status.newest_sample = Some(crate::units::format_rfc3339(newest));
        status.newest_sample_age_s = Some((now_ms - newest).max(0) / 1000);
    }
    if status.running == Some(true)
        && status.since.is_none()
        && let Ok(Some(started)) = store.newest_session_ms()
    {
        status.since = Some(crate::units::format_rfc3339(started));
    }
}

/// The time in a writer's lock note (`pid 42, since 2026-01-01T00:00:00Z`).
pub fn since_in_note(note: &str) -> Option<&str> {
    note.split_once("since ").map(|(_, t)| t.trim()).filter(|t| !t.is_empty())
}

/// Lines for people (`service status`, `doctor`).
pub fn describe(status: &ServiceStatus) -> Vec<(&'static str, String)> {
    use super::texts as t;
    let kind = match status.kind {
        "systemd" => t::KIND_SYSTEMD,
        _ => t::KIND_TASK,
    }
    .get();
    let by = &registered_by_words(&status.registered_by);
    let registered = match status.registered {
        Some(true) => t::REGISTERED.fill(&[("kind", &kind), ("by", by)]),
        Some(false) => t::NOT_INSTALLED.fill(&[("kind", &kind)]),
        None => t::REGISTRATION_UNKNOWN.fill(&[("kind", &kind), ("by", by)]),
    };
    let mut running = match status.running {
        Some(true) => t::RUNNING,
        Some(false) => t::NOT_RUNNING,
        None => t::NOT_KNOWN,
    }
    .get()
    .to_owned();
    if let Some(since) = &status.since {
        running = t::SINCE.fill(&[("running", &running), ("since", &time_words(since))]);
    }
    if let Some(state) = &status.state {
        running = t::STATE.fill(&[("running", &running), ("state", state)]);
    }
    let history = match &status.history {
        Some(p) if status.history_exists => p.display().to_string(),
        Some(p) => t::HISTORY_NOT_CREATED.fill(&[("path", &p.display())]),
        None => t::UNKNOWN.get().to_owned(),
    };
    let mut lines = vec![(t::LABEL_SERVICE.get(), registered), (t::LABEL_RUNNING.get(), running)];
    lines.push((t::LABEL_HISTORY.get(), history));
    if let (Some(time), Some(age)) = (&status.newest_sample, status.newest_sample_age_s) {
        // In its two largest units, rounded down: `1d 23h`, `1m 30s`, not `170000s` (one unit
        // alone said a stale history a day younger than it is).
        let age = two_units(age.max(0) as u64);
        let time = time_words(time);
        lines.push((t::LABEL_NEWEST.get(), t::AGO.fill(&[("time", &time), ("age", &age)])));
    }
    if let Some(log) = &status.log {
        lines.push((t::LABEL_LOG.get(), log.display().to_string()));
    }
    lines
}

/// `seconds` in its two largest units: `1d 23h`, `5m`, `45s` (`1 日 23 時間` in Japanese).
fn two_units(seconds: u64) -> String {
    use std::time::Duration;
    const UNITS: [u64; 4] = [86_400, 3_600, 60, 1];
    let i = UNITS.iter().position(|u| seconds >= *u).unwrap_or(3);
    let unit = UNITS.get(i).copied().unwrap_or(1);
    let first = seconds / unit * unit;
    let spoken = |s: u64| match s {
        0 => crate::units::texts::SECONDS.fill(&[("n", &0)]),
        s => crate::units::spoken_duration(Duration::from_secs(s)),
    };
    match UNITS.get(i + 1).map(|u| (seconds - first) / u * u) {
        Some(rest) if rest > 0 => format!("{} {}", spoken(first), spoken(rest)),
        _ => spoken(first),
    }
}

/// A time of the status (RFC 3339, as `--json` keeps it) as people read it: unchanged in
/// English, `2026年12月1日 09:00` (the local clock) in Japanese.
fn time_words(rfc3339: &str) -> String {
    match crate::units::parse_rfc3339(rfc3339) {
        Ok(ts) => crate::store::texts::when(ts),
        Err(_) => rfc3339.to_owned(),
    }
}

/// How the registration was found out (`registered_by`, English in `--json`, and so from
/// `wsltune.exe` too), in the current language.
pub fn registered_by_words(by: &str) -> String {
    registered_by_in(by, crate::i18n::current())
}

/// [`registered_by_words`] in `lang`: each form `service` writes, read back.
fn registered_by_in(by: &str, lang: crate::i18n::Lang) -> String {
    use super::texts as t;
    use crate::i18n::fill;
    if lang == crate::i18n::Lang::En {
        return by.to_owned();
    }
    let (exe_prefix, _) = t::BY_EXE.en.split_once("{by}").unwrap_or_default();
    if let Some(inner) = by.strip_prefix(exe_prefix) {
        return fill(t::BY_EXE.in_lang(lang), &[("by", &registered_by_in(inner, lang))]);
    }
    for plain in [t::BY_QUERY, t::BY_NO_SCHTASKS, t::BY_QUERY_SILENT] {
        if by == plain.en {
            return plain.in_lang(lang).to_owned();
        }
    }
    for with_path in [t::BY_TASK_FILE, t::BY_UNIT_FILE] {
        let (prefix, _) = with_path.en.split_once("{path}").unwrap_or_default();
        if let Some(path) = by.strip_prefix(prefix) {
            return fill(with_path.in_lang(lang), &[("path", &path)]);
        }
    }
    by.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_in_its_two_largest_units() {
        assert_eq!(two_units(0), "0s");
        assert_eq!(two_units(45), "45s");
        assert_eq!(two_units(90), "1m 30s");
        assert_eq!(two_units(47 * 3600 + 59), "1d 23h");
        assert_eq!(two_units(86_400), "1d");
        assert_eq!(two_units(334 * 86_400 + 5), "334d");
    }

    #[test]
    fn the_lock_note_says_since_when() {
        assert_eq!(
            since_in_note("pid 42, since 2026-01-01T00:00:00Z"),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(since_in_note(""), None);
    }

    #[test]
    fn a_missing_history_is_said_and_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("h.db");
        let mut status = ServiceStatus { kind: "systemd", ..Default::default() };
        fill_from_history(&mut status, &db, true, 0);
        assert_eq!((status.history_exists, status.running), (false, Some(false)));
        assert!(!db.exists() && !crate::store::lock_path(&db).exists());
        let lines = describe(&status);
        assert!(lines.iter().any(|(_, l)| l.contains("not created yet")), "{lines:?}");
    }

    #[test]
    fn how_it_was_found_out_is_read_back_from_english() {
        let exe = "wsltune.exe: schtasks /Query said nothing; the task file C:\\T\\x";
        for by in [exe, "schtasks /Query", "the unit file /u", "something else"] {
            assert_eq!(registered_by_words(by), by, "English as it is");
        }
        use crate::i18n::Lang::Ja;
        assert_eq!(
            registered_by_in(exe, Ja),
            "`wsltune.exe` の回答: `schtasks /Query` の応答がないため、タスクのファイル C:\\T\\x で確認"
        );
        assert_eq!(registered_by_in("schtasks /Query", Ja), "`schtasks /Query` で確認");
        assert_eq!(registered_by_in("the unit file /u", Ja), "ユニット ファイル /u で確認");
        assert_eq!(registered_by_in("something else", Ja), "something else");
    }
}
