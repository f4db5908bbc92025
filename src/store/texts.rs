//! What the history says to people, in English and Japanese: why a file cannot be used as the
//! history (`StoreError`), why a window holds nothing, the window asked for, and why a line of
//! an import file is refused. SQLite's and serde's own words are quoted as they say them, inside
//! ours. What machines read (CSV headers, JSON keys, the lock's note) does not change.
#![allow(missing_docs)] // Each text is named for what it says.

use crate::i18n::{Lang, current};

crate::texts! {
    // The history file (`StoreError`).
    MISSING: "there is no history at '{path}': record one with `wsltune monitor` (or pass --db)"
        / "'{path}' に履歴がありません。`wsltune monitor` で記録するか、`--db` で履歴のファイルを指定してください";
    NOT_A_FILE: "'{path}' is a folder, not a history file; pass --db with the file, e.g. '{example}'"
        / "'{path}' はフォルダーで、履歴のファイルではありません。`--db` でファイルを指定してください（例: '{example}'）";
    EMPTY: "'{path}' holds no history yet (it is empty); record into it with `wsltune monitor --db '{path}'`, or pass --db with the history you meant"
        / "'{path}' にはまだ履歴がありません（空のファイルです）。`wsltune monitor --db '{path}'` で記録するか、`--db` で目的の履歴を指定してください";
    UNREADABLE: "cannot read '{path}': {cause}; wsltune changed nothing. Give this user read access (or run as the file's owner)"
        / "'{path}' を読み取れません: {cause}。wsltune は何も変更していません。このユーザーに読み取りの権限を与えてください（またはファイルの所有者として実行してください）";
    NOT_WRITABLE: "cannot record into '{path}': {why}. Make it writable, or pass --db with a file in a writable folder (report, recommend and export can still read it)"
        / "'{path}' に記録できません: {why}。書き込めるようにするか、`--db` で書き込めるフォルダーのファイルを指定してください（`report`、`recommend`、`export` は今のままでも読み取れます）";
    CANNOT_READ_HERE: "cannot read '{path}' where it is: {why}. Copy the history and the files beside it named like it to a folder you can write, and pass --db with the copy"
        / "'{path}' をこの場所では読み取れません: {why}。履歴と、その隣にある同じ名前で始まるファイルを、書き込めるフォルダーにコピーし、`--db` でコピーを指定してください";
    CORRUPT: "'{path}' is a damaged SQLite database ({why}). Keep a copy: `sqlite3 '{path}' .recover | sqlite3 recovered.db` may save its samples"
        / "'{path}' は壊れた SQLite データベースです（{why}）。コピーを残しておいてください。`sqlite3 '{path}' .recover | sqlite3 recovered.db` でサンプルを救出できる場合があります";
    FOREIGN: "'{path}' is not a wsltune history ({why}); wsltune left it untouched: pass --db with your history, or a new file to start one"
        / "'{path}' は wsltune の履歴ではありません（{why}）。wsltune はこのファイルに触れていません。`--db` で履歴のファイルを指定するか、新しく始めるなら新しいファイル名を指定してください";
    TOO_NEW: "'{path}' was written by a newer wsltune (schema {found}, this one knows {known}); upgrade wsltune or pass --db with another file"
        / "'{path}' は新しい wsltune が書いた履歴です（スキーマ {found}。この wsltune が扱えるのは {known} まで）。wsltune を更新するか、`--db` で別のファイルを指定してください";
    LOCKED: "another wsltune monitor is already recording into '{path}'{holder}; stop it first, or record elsewhere with --db"
        / "別の `wsltune monitor` がすでに '{path}' に記録しています{holder}。先にそれを止めるか、`--db` で別の場所に記録してください";
    HOLDER: " (pid {pid}, since {since})" / "（プロセス ID {pid}、{since} から）";
    HOLDER_NOTE: " ({note})" / "（{note}）";
    SQLITE: "'{path}': {cause}" / "'{path}' を SQLite で扱えませんでした: {cause}";
    IO: "'{path}': {cause}" / "'{path}' を読み書きできませんでした: {cause}";
    // What was found, inside the messages above.
    WHY_TEXT_FILE: "a text file, not an SQLite database" / "テキスト ファイルで、SQLite データベースではありません";
    WHY_NOT_SQLITE: "not an SQLite database" / "SQLite データベースではありません";
    WHY_SHORT: "{bytes} bytes, shorter than one page" / "{bytes} バイトしかなく、1 ページに満たない長さです";
    WHY_OTHER_PROGRAM_ONE: "an SQLite database of another program, with {n} table"
        / "別のプログラムの SQLite データベースです（テーブル {n} 個）";
    WHY_OTHER_PROGRAM_MANY: "an SQLite database of another program, with {n} tables"
        / "別のプログラムの SQLite データベースです（テーブル {n} 個）";
    // The system's words end these (no parentheses around them: they may hold their own).
    WHY_FILE_READ_ONLY: "the file is read-only ({cause})" / "ファイルに書き込めません: {cause}";
    WHY_FOLDER_READ_ONLY: "its folder '{dir}' cannot be written ({cause})"
        / "フォルダー '{dir}' に書き込めません: {cause}";
    WHY_NEWEST_BESIDE: "its newest changes are in '{file}', which SQLite reads only with files it must create beside it"
        / "最新の変更が '{file}' にあり、SQLite がこれを読むには、隣にファイルを作成する必要があります";
    WHY_MUST_WRITE_BESIDE: "SQLite must write beside it ({cause})"
        / "SQLite がその隣にファイルを書き込む必要があります（{cause}）";
    LOCK_REPLACED: "'{lock}' keeps being replaced: another wsltune is starting and stopping on it"
        / "'{lock}' が何度も置き換えられています。別の wsltune が起動と停止を繰り返しています";
    EXPORT_WRITING: "writing the export" / "エクスポートを書き込めませんでした";

    // A window that holds nothing, and the window asked for (`Span::describe`).
    NO_SAMPLES_IN: "no samples {asked}; the history holds samples from {oldest} to {newest}: widen --since (counted back from the newest sample), or give --from {day}"
        / "{asked}のサンプルはありません。履歴にあるのは {oldest} から {newest} までのサンプルです。`--since` を広げる（最新のサンプルからさかのぼって数えます）か、`--from {day}` を指定してください";
    NO_SAMPLES_YET: "the history holds no samples yet: record some with `wsltune monitor`"
        / "履歴にはまだサンプルがありません。`wsltune monitor` で記録してください";
    FROM_TO: "from {from} to {to}" / "{from} から {to} まで";
    FROM: "from {from}" / "{from} 以降";
    UP_TO: "up to {to}" / "{to} まで";
    LAST: "the last {duration} of the history, counted back from its newest sample"
        / "最新のサンプルから {duration}さかのぼった範囲";
    EVERYTHING: "everything" / "履歴全体";
    EMPTY_WINDOW: "--from is after --to: the window is empty"
        / "`--from` が `--to` より後になっているため、期間が空です";
    FUTURE_ONE: "{n} sample dated more than a day after this machine's clock (a wrong clock, or an imported file) is left out of every window; `wsltune export` with no window shows it."
        / "このマシンの時計より 1 日以上先の日時のサンプルが {n} 件あり（時計の誤りか、インポートしたファイルによるもの）、どの期間にも含めていません。期間を指定しない `wsltune export` で確認できます。";
    FUTURE_MANY: "{n} samples dated more than a day after this machine's clock (a wrong clock, or an imported file) are left out of every window; `wsltune export` with no window shows them."
        / "このマシンの時計より 1 日以上先の日時のサンプルが {n} 件あり（時計の誤りか、インポートしたファイルによるもの）、どの期間にも含めていません。期間を指定しない `wsltune export` で確認できます。";
    SENTENCE_END: "." / "。";
}

/// A time in prose: RFC 3339 in English (`2026-11-25T05:00:00.000Z`, what `--from` takes), the
/// local wall clock in Japanese (`2026年11月25日 14:00`, `2026年11月25日 14:00:05`).
pub fn when(ts_ms: i64) -> String {
    match current() {
        Lang::En => crate::units::format_rfc3339(ts_ms),
        Lang::Ja => {
            let c = crate::zone::Zone::local().civil(ts_ms);
            // Seconds only where they are not zero: two samples in one minute stay apart.
            let seconds = match ts_ms.div_euclid(1000).rem_euclid(60) {
                0 => String::new(),
                s => format!(":{s:02}"),
            };
            format!("{}年{}月{}日 {}{seconds}", c.year, c.month, c.day, c.clock())
        }
    }
}

/// Who holds the writer's lock, from its note (`pid 42, since 2026-…Z`): ` (pid 42, since …)`,
/// `（プロセス ID 42、2026年12月1日 09:00 から）`; nothing for an empty note.
pub fn holder(note: &str) -> String {
    let note = note.trim();
    if note.is_empty() {
        return String::new();
    }
    let parsed = note
        .strip_prefix("pid ")
        .and_then(|rest| rest.split_once(", since "))
        .and_then(|(pid, since)| Some((pid, crate::units::parse_rfc3339(since).ok()?)));
    match parsed {
        Some((pid, since)) => HOLDER.fill(&[("pid", &pid), ("since", &when(since))]),
        None => HOLDER_NOTE.fill(&[("note", &note)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_note_is_said_as_it_was_in_english() {
        let note = "pid 42, since 2026-01-01T00:00:00.000Z";
        assert_eq!(holder(note), format!(" ({note})"));
        assert_eq!(holder("someone"), " (someone)");
        assert_eq!(holder(" "), "");
    }
}
