//! What `export`, `import` and the commands that read the history say around it (the shared
//! helpers of `commands/mod.rs`, `report`'s empty window), in English and Japanese. The
//! history's own errors are `store::texts`.
#![allow(missing_docs)] // Each text is named for what it says.

use crate::i18n::{Lang, current};

crate::texts! {
    // export
    CANNOT_CREATE: "cannot create '{path}'" / "'{path}' を作成できません";
    EXPORTED_ONE: "{n} sample from {db} written to {path}" / "{db} のサンプル {n} 件を {path} に書き出しました";
    EXPORTED_MANY: "{n} samples from {db} written to {path}" / "{db} のサンプル {n} 件を {path} に書き出しました";

    // import
    CANNOT_OPEN: "cannot open '{path}'" / "'{path}' を開けません";
    REFUSED: "'{path}', {error}; nothing was imported" / "'{path}' の {error}。何もインポートしていません";
    NOTHING_NEW_ONE: "nothing to import: all {n} sample from '{path}' are already in {db}; the history was not changed"
        / "インポートするものはありません。'{path}' のサンプル {n} 件はすべて {db} にあります。履歴は変更していません";
    NOTHING_NEW_MANY: "nothing to import: all {n} samples from '{path}' are already in {db}; the history was not changed"
        / "インポートするものはありません。'{path}' のサンプル {n} 件はすべて {db} にあります。履歴は変更していません";
    IMPORTED_ONE: "imported {n} new sample from '{path}' into {db} ({already} already there)"
        / "'{path}' から {db} に新しいサンプルを {n} 件インポートしました（{already} 件はすでにありました）";
    IMPORTED_MANY: "imported {n} new samples from '{path}' into {db} ({already} already there)"
        / "'{path}' から {db} に新しいサンプルを {n} 件インポートしました（{already} 件はすでにありました）";
    BACKUP_KEPT: "; the history before the import is kept at {backup}"
        / "。インポート前の履歴は {backup} に残してあります";

    // The shared helpers: a question, and the Windows task's history read through wsltune.exe.
    READING_ANSWER: "reading the answer: {error}" / "回答を読み取れません: {error}";
    CANNOT_RUN: "cannot run `{command}` (is WSL interop on?)"
        / "`{command}` を実行できません（WSL の相互運用が有効か確認してください）";
    NO_OUTPUT_PIPE: "no output pipe" / "出力のパイプがありません";
    NO_ERROR_PIPE: "no error pipe" / "エラー出力のパイプがありません";
    WAITING: "waiting for `{command}`" / "`{command}` の終了を待てませんでした";
    FAILED: "`{command}` failed ({status}): {said}" / "`{command}` が失敗しました（{status}）: {said}";
    READING_OUTPUT: "reading what `{command}` wrote: {error}"
        / "`{command}` の出力を読み取れません: {error}";
    EXIT_CODE: "exit status: {code}" / "終了コード {code}";
    KILLED: "{status}" / "シグナルで終了（{status}）";

    // report
    REPORT_EMPTY: "{db}: {why}" / "履歴 {db}: {why}";
}

/// How a program ended, for people: `exit status: 1` (as Rust says it), `終了コード 1`.
pub fn exit_status(status: std::process::ExitStatus) -> String {
    match (current(), status.code()) {
        (Lang::En, _) => status.to_string(),
        (Lang::Ja, Some(code)) => EXIT_CODE.fill(&[("code", &code)]),
        (Lang::Ja, None) => KILLED.fill(&[("status", &status)]),
    }
}
