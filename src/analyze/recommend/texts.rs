//! What `recommend` says — each recommendation's reason, the notes, the sentence naming the
//! containers at the peak, and the text output around them — in English and Japanese.
//! Each text's English says what it is for.
#![allow(missing_docs)]

use crate::i18n::{Lang, current};

crate::texts! {
    // Counts.
    SAMPLES_ONE: "{n} sample" / "{n} 件";
    SAMPLES_MANY: "{n} samples" / "{n} 件";

    // The notes.
    NOT_ENOUGH: "Not enough history: {samples} over {hours} hours; recommendations need at least {min_samples} samples over {min_hours} hours. Leave `wsltune monitor` running through a day of normal work."
        / "履歴が足りません（{hours} 時間で {samples}のサンプル）。推奨には {min_hours} 時間以上で {min_samples} 件以上のサンプルが必要です。普段の作業の 1 日を通して `wsltune monitor` を動かし続けてください。";
    NO_PROCESSOR_COUNT: "This history has no processor count (monitor records it from wsltune 0.1's lint release on): processors are not recommended."
        / "この履歴にはプロセッサ数の記録がありません（`monitor` が記録するのは `wsltune` 0.1 の `lint` リリース以降です）。そのため `processors` は推奨しません。";
    DISK_COMPACT: "{path}: compaction would give back about {amount} (sparseVhd is forced off by current WSL; `wsltune inspect` shows the steps)."
        / "{path}: 圧縮すると約 {amount} を取り戻せます（現在の WSL では `sparseVhd` が強制的に無効です。手順は `wsltune inspect` が示します）。";
    HOST_MEMORY_UNSEEN: "The host's memory is visible only natively on Windows, not here: check that the memory limit leaves Windows at least 4 GiB."
        / "ホストのメモリは Windows 上で直接実行したときにしか見えません。メモリの上限が Windows に 4 GiB 以上残すことを確かめてください。";
    RECLAIM_NEVER_IDLE: "The VM held {cache} of page cache while idle, but WSL's own idle test (≤0.5% busy over 2 minutes) never held, so autoMemoryReclaim cannot act: the memory limit is what bounds the cache."
        / "VM はアイドル時に {cache} のページキャッシュを保持していましたが、WSL 自身のアイドル判定（2 分間で使用率 0.5% 以下）が一度も成り立たなかったため、`autoMemoryReclaim` は働けません。キャッシュを抑えるのはメモリの上限です。";
    RECLAIM_ALREADY: "autoMemoryReclaim is already Gradual, yet the VM held {cache} of page cache while idle: the memory limit is what bounds it."
        / "`autoMemoryReclaim` はすでに `Gradual` ですが、VM はアイドル時に {cache} のページキャッシュを保持していました。これを抑えるのはメモリの上限です。";

    // The reasons.
    MEMORY_CAPPED_PEAK: "{wanted} would cover the peak, but Windows keeps {keeps} of the host's {host}: capped at {cap}."
        / "{wanted} ならピークをまかなえますが、ホストの {host} のうち {keeps} は Windows 用に残すため、{cap} に抑えます。";
    MEMORY_CAPPED_P99: "{wanted} would cover the 99th percentile, but Windows keeps {keeps} of the host's {host}: capped at {cap}."
        / "{wanted} なら 99 パーセンタイルをまかなえますが、ホストの {host} のうち {keeps} は Windows 用に残すため、{cap} に抑えます。";
    PRESSURE_AND_SWAP: "Memory pressure in {pressure} and swap in {swap} of samples: {wanted} leaves {spare} above the {peak} peak."
        / "サンプルの {pressure} でメモリ不足、{swap} でスワップの使用がありました。{wanted} ならピークの {peak} より {spare} 多く確保できます。";
    PRESSURE_ONLY: "Memory pressure in {pressure} of samples: {wanted} leaves {spare} above the {peak} peak."
        / "サンプルの {pressure} でメモリ不足がありました。{wanted} ならピークの {peak} より {spare} 多く確保できます。";
    SWAP_ONLY: "Swap in use in {swap} of samples: {wanted} leaves {spare} above the {peak} peak."
        / "サンプルの {swap} でスワップを使っていました。{wanted} ならピークの {peak} より {spare} 多く確保できます。";
    MEMORY_P99: "99% of the time the VM used at most {p99} (cache excluded); {wanted} leaves {spare} of headroom."
        / "VM の使用メモリは 99% の時間で {p99} 以下でした（キャッシュを除く）。{wanted} なら {spare} の余裕があります。";
    PROCESSORS_LEAST: "95% of the time the VM kept at most {busy} processors busy; 2 is the least that keeps Docker responsive."
        / "VM で使われていたプロセッサは 95% の時間で {busy} 個以下でした。Docker の応答性を保つには最低 2 個必要です。";
    PROCESSORS_ALL: "95% of the time the VM kept at most {busy} processors busy; {value} is all it has (under 50% headroom)."
        / "VM で使われていたプロセッサは 95% の時間で {busy} 個以下でした。{value} 個が VM のすべてです（余裕は 50% 未満）。";
    PROCESSORS_HEADROOM: "95% of the time the VM kept at most {busy} processors busy; {value} leaves 50% headroom for bursts."
        / "VM で使われていたプロセッサは 95% の時間で {busy} 個以下でした。{value} 個なら急な負荷に 50% の余裕があります。";
    SWAP_USED: "The VM used up to {max} of swap; {value} leaves at least 50% more."
        / "VM はスワップを最大 {max} 使いました。{value} なら少なくとも 50% の余裕があります。";
    SWAP_OFF_PEAKED: "Swap use peaked at {max}; {memory} of memory is 50% or more above the {p99} used 99% of the time."
        / "スワップの使用量は最大 {max} でした。メモリ {memory} は、99% の時間の使用量 {p99} より 50% 以上多くなっています。";
    SWAP_OFF_NEVER: "Swap was never used; {memory} of memory is 50% or more above the {p99} used 99% of the time."
        / "スワップは一度も使われませんでした。メモリ {memory} は、99% の時間の使用量 {p99} より 50% 以上多くなっています。";
    RECLAIM: "While idle the VM still held {cache} of page cache ({share}% of its memory), which vmmemWSL keeps from Windows."
        / "アイドル時も VM は {cache} のページキャッシュ（メモリの {share}%）を保持しており、その分を `vmmemWSL` が Windows から取り上げています。";

    // The containers at the peak.
    PEAK: "At the peak of used memory ({when}, {amount}) {list}."
        / "使用メモリのピーク時（{when}、{amount}）には、{list} を使っていました。";
    PEAK_NONE: "At the peak of used memory ({when}, {amount}) no container was running."
        / "使用メモリのピーク時（{when}、{amount}）には、実行中のコンテナーはありませんでした。";
    PEAK_FIRST: "{name} used {amount}" / "{name} が {amount}";
    PEAK_NEXT: "{name} {amount}" / "{name} が {amount}";
    PEAK_OTHERS_ONE: "{n} other container {amount}" / "ほかのコンテナー {n} 個が計 {amount}";
    PEAK_OTHERS_MANY: "{n} other containers {amount}" / "ほかのコンテナー {n} 個が計 {amount}";
    LIST_SEPARATOR: ", " / "、";
    LIST_LAST: "{rest} and {last}" / "{rest}、{last}";

    // The text output.
    HISTORY: "History: {from} to {to} ({samples} over {hours} hours): {asked}"
        / "履歴: {from} ～ {to}（{hours} 時間で {samples}のサンプル）: {asked}";
    HISTORY_NONE: "History: no samples ({asked}; the note below says why)"
        / "履歴: サンプルなし（{asked}。理由は下の注を参照）";
    COLUMN_SETTING: "setting" / "設定";
    COLUMN_CURRENT: "current" / "現在";
    COLUMN_RECOMMENDED: "recommended" / "推奨";
    COLUMN_WHY: "why" / "理由";
    NOW: "now" / "現在";
    WHY: "why" / "理由";
    APPLY_HINT: "`wsltune apply` writes these to .wslconfig (it shows the diff and asks first); `--json` gives the evidence behind each."
        / "`wsltune apply` でこれらを `.wslconfig` に書き込めます（先に差分を表示して確認します）。各値の根拠は `--json` で確認できます。";
    NOTE: "note: {note}" / "注: {note}";
}

/// `1,234 samples` (`1,234 件` in Japanese, where the sentence names the samples).
pub fn samples(n: u64) -> String {
    let number = crate::units::plural(n, "", "");
    let t = if n == 1 { SAMPLES_ONE } else { SAMPLES_MANY };
    t.fill(&[("n", &number.trim_end())])
}

/// A day with its time: `Tue 1 Dec 14:05`, `12月1日(火) 14:05`.
pub fn day_and_time(when: &crate::zone::Civil) -> String {
    match current() {
        Lang::En => format!("{} {}", when.day_label(), when.clock()),
        Lang::Ja => {
            let weekday = ["月", "火", "水", "木", "金", "土", "日"]
                .get(when.weekday as usize)
                .copied()
                .unwrap_or("");
            format!("{}月{}日({weekday}) {}", when.month, when.day, when.clock())
        }
    }
}
