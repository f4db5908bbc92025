//! Why a flag's value cannot be used (the checks of `cli.rs`, which clap calls), and the frame
//! around such a message in Japanese, in English and Japanese. clap's own usage errors (an
//! unknown flag, a missing value) and `--help` stay English.
#![allow(missing_docs)] // Each text is named for what it says.

crate::texts! {
    LISTEN: "'{value}' is not an address to listen on; write a port (9464) or HOST:PORT (127.0.0.1:9464, 0.0.0.0:9464, [::1]:9464)"
        / "'{value}' は待ち受けるアドレスとして読めません。ポート番号（`9464`）か `HOST:PORT`（`127.0.0.1:9464`、`0.0.0.0:9464`、`[::1]:9464`）で書いてください";
    SIZE: "'{value}' is not a size; write a number with a unit such as 8GB, 512MB or 1.5GB"
        / "'{value}' はサイズとして読めません。`8GB`、`512MB`、`1.5GB` のように数値と単位で書いてください";
    TOO_SHORT: "'{value}' is too short: at least {min} ({why})"
        / "'{value}' は短すぎます。`{min}` 以上にしてください（{why}）";
    WHY_INTERVAL: "a sample takes a few milliseconds" / "1 回のサンプリングに数ミリ秒かかるため";
    WHY_DURATION: "to record anything" / "何かを記録するため";
    WHY_INSPECT_EVERY: "an inspection reads the disks' metadata" / "1 回の検査でディスクのメタデータを読むため";
    WHY_KEEP_RAW: "recommend reads a day of raw samples; older ones are rolled up, not lost"
        / "`recommend` は 1 日分の生のサンプルを読むため。それより古いサンプルは失われず、1 分ごとに集約されます";
    WHY_KEEP_ROLLUPS: "the report's and recommend's default window is 7d"
        / "`report` と `recommend` の既定の期間が `7d` のため";
    // clap's frame for a value our checks refuse, said in Japanese (English keeps clap's own).
    INVALID_VALUE: "invalid value '{value}' for '{arg}': {why}" / "`{arg}` の値 '{value}' は使えません: {why}";
    MORE_HELP: "For more information, try '--help'." / "詳しくは `--help` をご覧ください（ヘルプは英語です）。";
}
