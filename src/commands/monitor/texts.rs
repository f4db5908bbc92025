//! What `monitor` says on standard error (`wsltune: sampling every …`, its refusals, its
//! question before a shorter retention, its end) and the words of the `lines` format, in English
//! and Japanese. The live view's are in `live::texts`; the warnings raised while sampling, in
//! `schedule::texts` and `sample::texts`.
#![allow(missing_docs)] // Each text is named for what it says; the English beside it is its doc.

use crate::i18n::{Lang, Text, fill};

crate::texts! {
    // Refusals before anything starts.
    KEEP_ROLLUPS_SHORTER: "--keep-rollups {rollups} is shorter than --keep-raw {raw}: rollups are made from raw samples as they age out; keep rollups at least as long"
        / "`--keep-rollups {rollups}` が `--keep-raw {raw}` より短くなっています。1 分ごとの集約は保持期間を過ぎた生のサンプルから作るため、`--keep-rollups` は `--keep-raw` 以上にしてください";
    NO_MEMINFO: "--proc-root '{path}' has no meminfo: give a folder holding /proc's files (meminfo, stat, pressure/), or leave --proc-root out to read /proc"
        / "`--proc-root` の '{path}' に `meminfo` がありません。`/proc` のファイル（`meminfo`、`stat`、`pressure/`）があるフォルダーを指定するか、`--proc-root` を省いて `/proc` を読ませてください";
    VHDX_NOT_A_FILE: "--vhdx '{path}' is not a file; give the path of a .vhdx file"
        / "`--vhdx` の '{path}' はファイルではありません。.vhdx ファイルのパスを指定してください";
    CANNOT_LISTEN: "cannot listen on {addr} for --listen: {error}; choose another port"
        / "`--listen` の {addr} で待ち受けできません: {error}。別のポートを指定してください";

    // Start and end.
    // After `wsltune: `.
    SERVING_LOCAL: "serving /metrics at http://{bound}/metrics (this machine only)"
        / "http://{bound}/metrics でメトリクスを公開しています（このマシンからのみアクセスできます）";
    SERVING_OPEN: "serving /metrics at http://{bound}/metrics — reachable from other machines, as --listen asked"
        / "http://{bound}/metrics でメトリクスを公開しています。`--listen` の指定どおり、ほかのマシンからもアクセスできます";
    SAMPLING: "sampling every {interval} into {db} ({disks}); Ctrl-C stops"
        / "{interval}ごとに記録し、{db} に保存します（{disks}）。Ctrl-C で終了します";
    DISK_ONE: "{n} disk" / "ディスク {n} 個";
    DISK_MANY: "{n} disks" / "ディスク {n} 個";
    SAMPLE_ONE: "{n} sample" / "{n} 件";
    SAMPLE_MANY: "{n} samples" / "{n} 件";
    END: "{why}; {samples} written to {db}"
        / "{why}。{db} にサンプルを {samples}書き込みました";
    END_DONE: "done" / "完了しました";
    END_STOPPED: "stopped" / "停止しました";
    END_OUTPUT_CLOSED: "output closed" / "出力先が閉じられました";

    // A shorter retention than the last run's.
    ROLL_RAW_ONE: "roll {n} raw sample older than {keep} into one-minute rollups (--keep-raw was {before})"
        / "{keep}より古い生のサンプル {n} 件を 1 分ごとの集約にまとめます（これまでの `--keep-raw` は {before}）";
    ROLL_RAW_MANY: "roll {n} raw samples older than {keep} into one-minute rollups (--keep-raw was {before})"
        / "{keep}より古い生のサンプル {n} 件を 1 分ごとの集約にまとめます（これまでの `--keep-raw` は {before}）";
    DELETE_ROLLUPS_ONE: "delete {n} one-minute rollup older than {keep} (--keep-rollups was {before})"
        / "{keep}より古い 1 分ごとの集約 {n} 件を削除します（これまでの `--keep-rollups` は {before}）";
    DELETE_ROLLUPS_MANY: "delete {n} one-minute rollups older than {keep} (--keep-rollups was {before})"
        / "{keep}より古い 1 分ごとの集約 {n} 件を削除します（これまでの `--keep-rollups` は {before}）";
    RETENTION_AND: "{first} and {second}" / "{first}。また、{second}";
    RETENTION_REFUSED: "this retention would {what} in {db}; nothing was changed. Pass --yes to do it, or keep the longer retention"
        / "この保持期間では {db} について次のことが起きます: {what}。何も変更していません。実行するには `--yes` を指定してください。または、これまでの長い保持期間のままにしてください";
    RETENTION_ASK: "This retention will {what}. Go on?"
        / "この保持期間では次のことが起きます: {what}。続けますか?";
    RETENTION_DECLINED: "nothing was changed: the history keeps its samples"
        / "何も変更していません。履歴のサンプルはそのまま残ります";

    // While running.
    WRITTEN_AGAIN: "the history is written again ({samples} kept meanwhile)"
        / "履歴への書き込みが再開しました（その間にサンプル {samples}を保持していました）";
    RETENTION_NOT_APPLIED: "retention not applied: {error}" / "保持期間を適用できませんでした: {error}";
    CANNOT_WRITE: "cannot write the history: {error}; the samples stay in memory and wsltune tries again"
        / "履歴に書き込めません: {error}。サンプルはメモリに保持し、wsltune が書き込みを再試行します";

    // The `lines` format: one line per sample, after its time. `{…}` are figures.
    LINE_MEMORY: " mem used {used} cache {cache} free {free} of {total}"
        / " メモリ 使用中 {used} キャッシュ {cache} 空き {free} 全体 {total}";
    LINE_SWAP: " | swap {used} of {total}" / " | スワップ {used} 全体 {total}";
    LINE_CPU: " | cpu {busy}" / " | CPU 使用率 {busy}";
    LINE_STALL: " | mem stall {stall}" / " | メモリ負荷 {stall}";
    LINE_GONE: " gone" / " なし";
    LINE_RECLAIMABLE: " ({size} reclaimable)" / "（回収可能 {size}）";
    LINE_DOCKER: " | docker {n} ctr {memory}" / " | Docker コンテナー {n} 個 {memory}";
}

/// `n` counted with `one` (for 1) or `many`, each holding `{n}`, in `lang`: `1,234 samples`,
/// `1,234 件`.
pub fn counted(n: u64, one: Text, many: Text, lang: Lang) -> String {
    let number = crate::units::plural(n, "", "");
    let text = if n == 1 { one } else { many };
    fill(text.in_lang(lang), &[("n", &number.trim_end())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_counts_in_both_languages() {
        let d = std::time::Duration::from_millis;
        assert_eq!(crate::units::spoken_duration_in(d(5000), Lang::En), "5s");
        assert_eq!(crate::units::spoken_duration_in(d(5000), Lang::Ja), "5 秒");
        assert_eq!(crate::units::spoken_duration_in(d(90_000), Lang::Ja), "90 秒");
        assert_eq!(crate::units::spoken_duration_in(d(7_200_000), Lang::Ja), "2 時間");
        assert_eq!(crate::units::spoken_duration_in(d(30 * 86_400_000), Lang::Ja), "30 日");
        assert_eq!(crate::units::spoken_duration_in(d(250), Lang::Ja), "250 ミリ秒");
        assert_eq!(counted(1, SAMPLE_ONE, SAMPLE_MANY, Lang::En), "1 sample");
        assert_eq!(counted(1234, SAMPLE_ONE, SAMPLE_MANY, Lang::En), "1,234 samples");
        assert_eq!(counted(1234, SAMPLE_ONE, SAMPLE_MANY, Lang::Ja), "1,234 件");
    }
}
