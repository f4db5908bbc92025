//! The texts of `doctor`'s report for people: labels, table headers, the summary line and the
//! severities, in English and Japanese.
#![allow(missing_docs)] // Each text is named for what it says; a fix is `<FINDING>_FIX`.

use crate::i18n::{Lang, Text, fill};

/// How the profile or a file was found, or why it was not (`locate`'s `found_by`, in English in
/// the JSON), for people in `lang`; a reason it does not know, as it is.
pub fn found_by(english: &str, lang: Lang) -> String {
    let one_value = |text: Text, name: &str| {
        let (head, tail) = text.en.split_once(&format!("{{{name}}}"))?;
        let value = english.strip_prefix(head)?.strip_suffix(tail)?;
        Some(fill(text.in_lang(lang), &[(name, &value)]))
    };
    [BY_FLAG, BY_VARIABLE, BY_ONLY_ONE, BY_APPDATA, BY_NO_PROFILE, BY_NO_HOME]
        .into_iter()
        .find(|t| t.en == english)
        .map(|t| t.in_lang(lang).to_owned())
        .or_else(|| one_value(BY_INTEROP, "path"))
        .or_else(|| one_value(BY_USER_NAME, "user"))
        .unwrap_or_else(|| english.to_owned())
}

crate::texts! {
    PROJECT_NOT_A_FOLDER: "--project '{path}' is not a folder; give the folder of your project" / "`--project` に指定した '{path}' はフォルダーではありません。プロジェクトのフォルダーを指定してください";

    ENVIRONMENT: "Environment" / "環境";
    VM_NOW: "VM now" / "現在の VM";
    HOST: "Host" / "ホスト";
    WINDOWS_HOME: "Windows home" / "プロファイル";
    HISTORY_DB: "History DB" / "履歴 DB";
    PROJECT: "Project" / "プロジェクト";
    LANGUAGE: "Language" / "言語";
    /// `{name}`: ENGLISH or JAPANESE; `{how}`: one of the LANG_BY_ texts.
    LANGUAGE_VALUE: "{name} ({how})" / "{name}（{how}）";
    ENGLISH: "English" / "英語";
    JAPANESE: "Japanese" / "日本語";
    LANG_BY_FLAG: "chosen with --lang" / "`--lang` で指定";
    LANG_BY_ENV: "from WSLTUNE_LANG" / "`WSLTUNE_LANG` から";
    LANG_BY_LOCALE: "from the locale, {var}={value}" / "ロケール `{var}={value}` から";
    LANG_BY_WINDOWS: "from Windows' display language" / "Windows の表示言語から";
    LANG_BY_DEFAULT: "nothing chose one; --lang ja or WSLTUNE_LANG=ja gives Japanese" / "指定がないため英語です。`--lang ja` か `WSLTUNE_LANG=ja` で日本語になります";
    DISTROS: "Distros" / "ディストロ";

    KIND_LINUX: "Linux (not WSL)" / "Linux（WSL ではない）";
    ENV_DETAILS: "{what} ({details})" / "{what}（{details}）";
    DETAIL_DISTRO: "distro '{distro}'" / "ディストリビューション '{distro}'";
    DETAIL_KERNEL: "kernel {kernel}" / "カーネル {kernel}";
    VM_VALUE: "{memory} memory, {processors}, {swap} swap" / "メモリ {memory}、{processors}、スワップ {swap}";
    PROCESSOR: "{n} processor" / "プロセッサ {n} 個";
    PROCESSORS: "{n} processors" / "プロセッサ {n} 個";
    HOST_VALUE: "{memory} memory, {processors} logical processors" / "メモリ {memory}、論理プロセッサ {processors} 個";
    HOME_FOUND: "{path} ({found_by})" / "{path}（{found_by}）";
    HOME_AMBIGUOUS: "ambiguous: {n} candidates" / "特定できません（候補 {n} 件）";
    HOME_NOT_FOUND: "not found" / "見つかりません";
    BY_FLAG: "given with --windows-home (or WSLTUNE_WINDOWS_HOME)" / "`--windows-home`（または `WSLTUNE_WINDOWS_HOME`）で指定";
    BY_VARIABLE: "the USERPROFILE variable" / "環境変数 `USERPROFILE`";
    BY_INTEROP: "WSL interop: cmd.exe says %USERPROFILE% is '{path}'" / "WSL の相互運用: `cmd.exe` によると `%USERPROFILE%` は '{path}'";
    BY_ONLY_ONE: "the only user profile in C:\\Users" / "`C:\\Users` にある唯一のユーザープロファイル";
    BY_APPDATA: "the only profile in C:\\Users with an AppData folder" / "`C:\\Users` で唯一 `AppData` フォルダーがあるプロファイル";
    BY_USER_NAME: "the profile in C:\\Users named like the Linux user '{user}'" / "`C:\\Users` で Linux のユーザー '{user}' と同じ名前のプロファイル";
    BY_NO_PROFILE: "the Windows profile was not found" / "Windows のプロファイルが見つかりません";
    BY_NO_HOME: "no home folder is known; give --db PATH" / "ホームフォルダーが不明です。`--db PATH` を指定してください";
    FILE_MISSING: "{path} (missing)" / "{path}（ありません）";
    DB_NOT_CREATED: "{path} (not created yet)" / "{path}（まだ作成されていません）";
    FILE_UNKNOWN: "unknown ({found_by})" / "不明（{found_by}）";

    WINDOWS_VALUE: "Windows {product}, build {build}" / "Windows {product}、ビルド {build}";
    RELEASE: "{what} ({version})" / "{what}（{version}）";
    WSL_INBOX: "the inbox WSL (no `wsl --version`)" / "Windows に組み込まれた旧来の WSL（`wsl --version` なし）";
    WSL_VERSION_UNKNOWN: "version not known" / "バージョン不明";
    WSL_DEFAULT_VERSION: "{what}, new distros get WSL {version}" / "{what}、新しいディストリビューションは WSL {version}";

    DISKS: "Disks" / "ディスク";
    DISKS_NONE: "Disks: none found" / "ディスク: 見つかりません";
    COL_ROLE: "ROLE" / "役割";
    COL_NAME: "NAME" / "名前";
    COL_SIZE: "SIZE" / "サイズ";
    COL_ON_DISK: "ON DISK" / "ディスク上";
    COL_RECLAIMABLE: "RECLAIMABLE" / "回収可能";
    COL_PATH: "PATH" / "パス";
    DISK_SIZES: "{size}, {on_disk} on disk, {reclaimable} reclaimable" / "{size}、ディスク上 {on_disk}、回収可能 {reclaimable}";

    DOCKER_NOT_ASKED: "not asked (--no-docker, or a tree given with --root/--proc-root)" / "問い合わせていません（`--no-docker`、または `--root`/`--proc-root` でツリーを指定）";
    DOCKER_NO_ENGINE: "no engine answered (see the findings)" / "応答したエンジンはありません（検出事項を参照）";
    DOCKER_DESKTOP_ENGINE: "Docker Desktop {desktop}, engine {engine}" / "Docker Desktop {desktop}、エンジン {engine}";
    CONTAINER_RUNNING: "{n} container running" / "実行中のコンテナー {n} 個";
    CONTAINERS_RUNNING: "{n} containers running" / "実行中のコンテナー {n} 個";
    DOCKER_VALUE: "{what} ({details}) at {endpoint}" / "{what}（{details}、接続先 {endpoint}）";
    DOCKER_VALUE_NO_ENDPOINT: "{what} ({details})" / "{what}（{details}）";
    COL_KIND: "KIND" / "種類";
    COL_COUNT: "COUNT" / "数";
    COL_ACTIVE: "ACTIVE" / "使用中";
    KIND_IMAGES: "images" / "イメージ";
    KIND_CONTAINERS: "containers" / "コンテナー";
    KIND_VOLUMES: "volumes" / "ボリューム";
    KIND_BUILD_CACHE: "build cache" / "ビルドキャッシュ";
    DOCKER_HOLDS: "Docker holds {inside} of the data disk's {file} file; the other {rest} only compaction gives back (`wsltune compact`), after pruning what Docker can reclaim." / "データディスクのファイル {file} のうち、Docker が保持しているのは {inside} です。残りの {rest} は、Docker で回収できるものを削除した後、圧縮（`wsltune compact`）でしか取り戻せません。";

    FINDINGS: "Findings: {errors}, {warnings}, {notes}" / "検出事項: {errors}、{warnings}、{notes}";
    ERROR_ONE: "{n} error" / "エラー {n} 件";
    ERRORS: "{n} errors" / "エラー {n} 件";
    WARNING_ONE: "{n} warning" / "警告 {n} 件";
    WARNINGS: "{n} warnings" / "警告 {n} 件";
    NOTE_ONE: "{n} note" / "情報 {n} 件";
    NOTES: "{n} notes" / "情報 {n} 件";
    TAG_ERROR: "error" / "エラー";
    TAG_WARNING: "warning" / "警告";
    TAG_INFO: "info" / "情報";
    FIX: "fix:" / "対処:";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::profile::{Candidate, Pick, pick};

    #[test]
    fn every_way_the_profile_is_found_is_said_in_japanese() {
        let folder = |name: &str, has_appdata| Candidate { name: name.into(), has_appdata };
        let mut reasons = vec![
            "given with --windows-home (or WSLTUNE_WINDOWS_HOME)".to_owned(),
            "the USERPROFILE variable".to_owned(),
            "WSL interop: cmd.exe says %USERPROFILE% is 'C:\\Users\\bob'".to_owned(),
        ];
        for (folders, user) in [
            (vec![folder("bob", true)], None),
            (vec![folder("bob", true), folder("old", false)], None),
            (vec![folder("bob", true), folder("ann", true)], Some("bob")),
        ] {
            let Pick::One(_, why) = pick(&folders, user) else { panic!("{folders:?}") };
            reasons.push(why);
        }
        for english in &reasons {
            assert_eq!(&found_by(english, Lang::En), english);
            let ja = found_by(english, Lang::Ja);
            assert!(
                ja.contains("プロファイル")
                    || ja.contains("指定")
                    || ja.contains("環境変数")
                    || ja.contains("相互運用"),
                "{english} -> {ja}"
            );
        }
        assert!(
            found_by("the profile in C:\\Users named like the Linux user 'bob'", Lang::Ja)
                .contains("'bob'")
        );
        assert_eq!(found_by("something new", Lang::Ja), "something new");
        let no_profile = found_by("the Windows profile was not found", Lang::Ja);
        assert_eq!(no_profile, "Windows のプロファイルが見つかりません");
    }
}
