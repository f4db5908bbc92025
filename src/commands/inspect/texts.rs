//! What `inspect` says, in English and Japanese: the summary of each disk (its labels padded by
//! display width), the steps that get the space back, and why there was nothing to inspect.
//! `compact` shares the labels' helpers and the notes' label.
#![allow(missing_docs)] // Each text is named for the line or the value it says.

crate::texts! {
    NO_DISK: "no disk to inspect: wsltune found no Docker or WSL disk here ({looked}); name the files: wsltune inspect PATH..."
        / "調べるディスクがありません。ここでは Docker や WSL のディスクが見つかりませんでした（{looked}）。ファイルを指定してください: `wsltune inspect PATH...`";
    /// Where disks were looked for (inside NO_DISK and compact's NOT_FOUND).
    LOOKED_UNDER: "looked under the Windows profile {home}" / "Windows のプロファイル {home} の下を探しました";
    NO_PROFILE: "the Windows profile was not found; see `wsltune doctor`" / "Windows のプロファイルが見つかりません。`wsltune doctor` を参照してください";
    WRITING_RESULT: "writing the result" / "結果を書き出せませんでした";
    /// Before each note under a summary.
    NOTE: "note: " / "注: ";
    /// The disk's name and what it is (a role from checklist::texts).
    NAMED: "{path} ({role})" / "{path}（{role}）";

    // The summary's labels.
    FILE: "File" / "ファイル";
    VIRTUAL_DISK: "Virtual disk" / "仮想ディスク";
    ALLOCATED: "Allocated" / "割り当て済み";
    RECLAIMABLE: "Reclaimable" / "回収可能";
    LOG: "Log" / "ログ";

    // Their values.
    FILE_ON_DISK: "{length}, {on_disk} on disk" / "{length}（ディスク上の使用量 {on_disk}）";
    VIRTUAL: "{size} {kind}, {block} blocks, {logical}-byte logical / {physical}-byte physical sectors"
        / "{size}、{kind}、ブロック {block}、セクター 論理 {logical} バイト / 物理 {physical} バイト";
    DYNAMIC: "dynamic" / "容量可変";
    FIXED: "fixed" / "固定サイズ";
    DIFFERENCING: "differencing" / "差分";
    BLOCKS: "{bytes} ({parts} of {total} blocks)" / "{bytes}（全 {total} ブロック中、{parts}）";
    PRESENT: "{n} present" / "データあり {n}";
    EMPTY: "{n} empty" / "空 {n}";
    TRIMMED: "{n} trimmed" / "トリム済み {n}";
    EXT4: "{used} used of {total} ({block} blocks, {place}, {state})" / "{total} 中 {used} を使用（ブロック {block}、{place}、{state}）";
    PARTITION: "{scheme} partition {n}" / "{scheme} パーティション {n}";
    WHOLE_DISK: "whole disk" / "ディスク全体";
    CLEAN: "clean" / "クリーン";
    NOT_CLEAN: "in use or not cleanly unmounted" / "使用中か、正しくアンマウントされていません";
    RECLAIMABLE_BYTES: "{bytes} (allocated blocks that hold no ext4 data)" / "{bytes}（ext4 のデータがない割り当て済みブロック）";
    RECLAIMABLE_UNKNOWN: "unknown (no readable ext4 filesystem)" / "不明（読み取れる ext4 ファイルシステムがありません）";
    LOG_CLEAN: "clean" / "クリーン";
    LOG_REPLAYED: "dirty (in use); replayed in memory, file untouched" / "未適用の変更あり（使用中）。メモリ上で再生済みで、ファイルは変更していません";
    LOG_NOT_REPLAYED: "dirty (in use); could not be replayed, figures approximate" / "未適用の変更あり（使用中）。再生できないため、数値は概算です";

    // The steps.
    TO_GET_BACK: "To get about {bytes} back (no administrator rights needed):" / "約 {bytes} を取り戻すには（管理者権限は不要です）:";
    RUN_PRUNES: "Run those of the prune commands above whose removals you want (this frees space inside the disk only)"
        / "上のコマンドのうち、削除してよいものを実行します（空くのはディスク内の容量だけです）";
    QUIT_DOCKER: "Quit Docker Desktop, then: `wsl --shutdown`" / "Docker Desktop を終了してから: `wsl --shutdown`";
    DOCKER_PRUNE: "Remove what Docker no longer needs: `docker system prune` (add `-a` for unused images, `--volumes` for unused volumes). This frees space inside the disk only."
        / "Docker で不要になったものを削除します: `docker system prune`（使われていないイメージも消すには `-a`、使われていないボリュームも消すには `--volumes` を追加）。空くのはディスク内の容量だけです。";
    DELETE_IN_DISTRO: "Delete what you no longer need inside the distro" / "ディストリビューション内の不要なファイルを削除します";
    CLOSE_DISTRO: "Close the distro (and Docker Desktop), then: `wsl --shutdown`" / "ディストリビューション（と Docker Desktop）を閉じてから: `wsl --shutdown`";
    COMPACT_IT: "Compact it: `{command}` (without the last options it shows the plan and changes nothing)"
        / "圧縮します: `{command}`（最後のオプションを付けずに実行すると、計画を表示するだけで何も変更しません）";
    AS_ADMIN: "Or, as administrator: trim the freed blocks (`wsl --mount --vhd \"{path}\"`, then `fstrim` on its mount point, `wsl --unmount`), then `Optimize-VHD -Path \"{path}\" -Mode Full` (Hyper-V module) or diskpart's `compact vdisk`."
        / "または管理者として: 解放されたブロックをトリムし（`wsl --mount --vhd \"{path}\"` の後、そのマウントポイントで `fstrim`、`wsl --unmount`）、`Optimize-VHD -Path \"{path}\" -Mode Full`（Hyper-V モジュール）か、`diskpart` の `compact vdisk` を実行します。";
}

/// `label` padded with spaces to `width` columns on a terminal (a Japanese character takes two).
pub fn pad(label: &str, width: usize) -> String {
    let w = crate::term::display_width(label);
    format!("{label}{}", " ".repeat(width.saturating_sub(w)))
}

/// The column values start at: the widest of `labels` in the current language and two spaces,
/// and never less than `least` (the English layout's column).
pub fn column(labels: &[crate::i18n::Text], least: usize) -> usize {
    labels.iter().map(|l| crate::term::display_width(l.get()) + 2).fold(least, usize::max)
}
