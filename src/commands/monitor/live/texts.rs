//! The live view's words, in English and Japanese: short, since each line holds figures and bars
//! in 60 columns. A row's label is padded to [`label_width`] columns.
#![allow(missing_docs)] // Each text is named for what it says; the English beside it is its doc.

use crate::i18n::Lang;

crate::texts! {
    // The head.
    EVERY: "every {interval}" / "{interval}ごと";
    STOPS: "Ctrl-C stops" / "Ctrl-C で終了";

    // Row labels.
    MEMORY: "Memory" / "メモリ";
    SWAP: "Swap" / "スワップ";
    STALLS: "Stalls" / "負荷";
    DISK: "Disk" / "ディスク";
    DISKS: "Disks" / "ディスク";

    // Memory, swap, CPU.
    USED: "used {size}" / "使用 {size}";
    CACHE: "cache {size}" / "キャッシュ {size}";
    FREE: "free {size}" / "空き {size}";
    OF: "of {size}" / "全体 {size}";
    USED_TREND: "used{last} (0 to {total})" / "使用量{last}（0〜{total}）";
    BUSY_TREND: "busy{last} (0–100%)" / "使用率{last}（0〜100%）";
    LAST: ", last {span}" / "・直近 {span}";
    SWAP_OFF: "off" / "オフ";
    SWAP_USE: "{used} of {total}" / "{used}（全体 {total}）";
    STALL_MEMORY: "memory {value}" / "メモリ {value}";
    LIST_SEP: ", " / "、";
    HOST_CPU: "{share} of the host's CPU" / "ホストの CPU の {share}";

    // Disks.
    NO_DISKS: "none found (add one with --vhdx PATH)" / "見つかりません（`--vhdx PATH` で追加できます）";
    DISK_GONE: "not there (see the warning)" / "ありません（警告を参照）";
    EXT4_USED: "ext4 {size}" / "ext4 使用 {size}";
    RECLAIMABLE: "reclaimable {size}" / "回収可能 {size}";

    // The foot.
    HISTORY: "History {path}" / "履歴 {path}";
    WRITTEN: "{samples} written" / "書き込み済み {samples}";
    TAKEN: "{n} taken this run (written every 10 s)" / "今回の取得 {n} 件（10 秒ごとに書き込み）";

    // Docker's block.
    DOCKER_SILENT: "not answering (containers not sampled)" / "応答なし（コンテナーは記録されていません）";
    DOCKER_NONE: "no container running" / "実行中のコンテナーはありません";
    DOCKER_RUNNING: "{n} running · memory {size}" / "実行中 {n} 個 · メモリ {size}";
    DOCKER_MORE: "+{n} more" / "ほか {n} 個";
}

/// Columns of the label before a row's figures: `Memory  `, `スワップ  `.
pub fn label_width(lang: Lang) -> usize {
    match lang {
        Lang::En => 8,
        Lang::Ja => 10,
    }
}

/// The names of the CPU and I/O stalls beside [`STALL_MEMORY`]: kernel names, not words.
pub fn stall_names(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::En => ("cpu", "io"),
        Lang::Ja => ("CPU", "I/O"),
    }
}
