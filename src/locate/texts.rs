//! What `locate` reports as a problem (the `docker-settings-unreadable` finding of `doctor`), in
//! English and Japanese.
#![allow(missing_docs)] // Each text is named for the problem it says; a fix is `<PROBLEM>_FIX`.

crate::texts! {
    SETTINGS_UNREADABLE: "Docker's settings file {file} cannot be read: {error}" / "Docker の設定ファイル {file} を読み取れません: {error}";
    SETTINGS_UNREADABLE_FIX: "check the file's permissions; wsltune only reads it" / "ファイルのアクセス権を確認してください（wsltune は読み取るだけです）。";
    SETTINGS_NOT_JSON: "Docker's settings file {file} is not valid JSON ({error}); a custom disk image location in it was not read" / "Docker の設定ファイル {file} が正しい JSON ではありません（{error}）。そこに指定されたディスクイメージの場所は読み取っていません。";
    SETTINGS_NOT_JSON_FIX: "let Docker Desktop rewrite it (change and save any setting), or fix the JSON by hand" / "Docker Desktop に書き直させる（何か設定を変えて保存する）か、JSON を手で直してください。";
    NOT_A_FOLDER: "{flag} '{path}' is not a folder; give an existing folder" / "{flag} に指定された '{path}' はフォルダーではありません。存在するフォルダーを指定してください";
    NO_PLACE_NO_HOME: "no place for the history is known (no home folder); pass --db PATH" / "履歴を置く場所がわかりません（ホームフォルダーがありません）。`--db PATH` で指定してください";
    NEEDS_WINDOWS_BUILD: "the history '{path}' ({windows}) is on the Windows drive, where SQLite cannot safely read it from WSL while the Windows task writes it; install wsltune.exe (README, \"Getting the Windows build\") so wsltune can ask it, or stop the task (`schtasks.exe /End /TN wsltune-monitor`), copy the file (`cp '{path}' ~/wsltune-copy.db`) and pass --db ~/wsltune-copy.db"
        / "履歴 '{path}'（{windows}）は Windows のドライブにあります。Windows のタスクが書き込んでいる間、WSL から SQLite で安全に読むことはできません。`wsltune.exe` を入れて（README.ja.md の「Windows 版のビルド」）wsltune から問い合わせられるようにするか、タスクを止め（`schtasks.exe /End /TN wsltune-monitor`）、ファイルをコピーして（`cp '{path}' ~/wsltune-copy.db`）`--db ~/wsltune-copy.db` を指定してください";
}
