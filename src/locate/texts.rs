//! What `locate` reports as a problem (the `docker-settings-unreadable` finding of `doctor`), in
//! English and Japanese.
#![allow(missing_docs)] // Each text is named for the problem it says; a fix is `<PROBLEM>_FIX`.

crate::texts! {
    SETTINGS_UNREADABLE: "Docker's settings file {file} cannot be read: {error}" / "Docker の設定ファイル {file} を読み取れません: {error}";
    SETTINGS_UNREADABLE_FIX: "check the file's permissions; wsltune only reads it" / "ファイルのアクセス権を確認してください（wsltune は読み取るだけです）。";
    SETTINGS_NOT_JSON: "Docker's settings file {file} is not valid JSON ({error}); a custom disk image location in it was not read" / "Docker の設定ファイル {file} が正しい JSON ではありません（{error}）。そこに指定されたディスクイメージの場所は読み取っていません。";
    SETTINGS_NOT_JSON_FIX: "let Docker Desktop rewrite it (change and save any setting), or fix the JSON by hand" / "Docker Desktop に書き直させる（何か設定を変えて保存する）か、JSON を手で直してください。";
}
