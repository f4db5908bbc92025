//! The background monitor's status for people (`service status`, and the end of `doctor`), in
//! English and Japanese.
#![allow(missing_docs)] // Each text is named for what it says.

crate::texts! {
    LABEL_SERVICE: "Service" / "サービス";
    LABEL_RUNNING: "Running" / "実行状態";
    LABEL_HISTORY: "History" / "履歴";
    LABEL_NEWEST: "Newest sample" / "最新の記録";
    LABEL_LOG: "Log" / "ログ";
    KIND_SYSTEMD: "systemd unit wsltune-monitor.service" / "systemd ユニット `wsltune-monitor.service`";
    KIND_TASK: "Windows task wsltune-monitor" / "Windows タスク `wsltune-monitor`";
    REGISTERED: "{kind}: registered ({by})" / "{kind}: 登録済み（{by}）";
    NOT_INSTALLED: "{kind}: not installed (wsltune service install)" / "{kind}: 未インストール（`wsltune service install`）";
    REGISTRATION_UNKNOWN: "{kind}: unknown ({by})" / "{kind}: 不明（{by}）";
    RUNNING: "running" / "実行中";
    NOT_RUNNING: "not running" / "停止中";
    NOT_KNOWN: "not known from here" / "ここからは分かりません";
    SINCE: "{running} since {since}" / "{running}（{since} から）";
    STATE: "{running} (state: {state})" / "{running}（状態: {state}）";
    HISTORY_NOT_CREATED: "{path} (not created yet)" / "{path}（まだ作成されていません）";
    UNKNOWN: "unknown" / "不明";
    AGO: "{time} ({age} ago)" / "{time}（{age} 前）";
}
