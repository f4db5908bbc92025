//! The warnings the schedule raises while monitoring (a disk gone and back, Docker silent and
//! back, the history not written, a thread not started), in English and Japanese. The monitor
//! shows each once, in the live view or after `warning: `.
#![allow(missing_docs)] // Each text is named for what it says; the English beside it is its doc.

crate::texts! {
    NO_CTRL_C: "Ctrl-C cannot be caught ({error}): it will stop wsltune without the last flush"
        / "Ctrl-C を捕捉できません（{error}）。Ctrl-C で止めると、最後の書き込みをせずに wsltune が終了します";
    NO_METRICS_SERVER: "cannot start the /metrics server: {error}"
        / "/metrics のサーバーを起動できません: {error}";
    NO_SCHEDULER: "cannot start the scheduler: {error}" / "定期実行の仕組みを起動できません: {error}";
    NO_INSPECTION: "cannot start a disk inspection: {error}"
        / "ディスクの調査を開始できません: {error}";
    DISK_NOT_INSPECTED: "disk not inspected: {error}" / "ディスクを調べられませんでした: {error}";
    DISK_GONE: "{path} is not there (deleted, moved, or its drive is not mounted); its figures stay empty until it is back"
        / "{path} がありません（削除か移動されたか、ドライブがマウントされていません）。戻るまで、このディスクの値は空になります";
    DISK_BACK: "{path} is back" / "{path} が戻りました";
    DOCKER_DISK_UNREAD: "Docker's disk usage not read: {error}"
        / "Docker のディスク使用量を読み取れませんでした: {error}";
    DOCKER_SILENT: "{error}; containers are not sampled until it answers"
        / "{error}。Docker が応答するまで、コンテナーは記録されません";
    DOCKER_BACK: "Docker answers again; its containers are sampled"
        / "Docker が再び応答しています。コンテナーの記録を再開します";
    DROPPING: "the history cannot be written and too many samples wait: the oldest are dropped"
        / "履歴に書き込めず、書き込み待ちのサンプルが多すぎます。古いものから破棄します";
    LOST_ONE: "{n} sample could not be written to the history and is lost"
        / "サンプル {n} 件を履歴に書き込めず、失われました";
    LOST_MANY: "{n} samples could not be written to the history and are lost"
        / "サンプル {n} 件を履歴に書き込めず、失われました";
}

/// An error's message ready to be followed by a sentence: without the full stop a Japanese
/// message may end with (Docker's fixes do), which the text after it brings.
pub fn clause(error: &str) -> &str {
    error.trim_end_matches('。')
}
