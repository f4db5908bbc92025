//! Why a duration or a time given on the command line (or in an imported file) cannot be read,
//! in English and Japanese. The accepted spellings stay as they are typed, in backticks.
#![allow(missing_docs)] // Each text is named for the error it says.

crate::texts! {
    DURATION_MALFORMED: "'{text}' is not a duration: write a whole number and a unit, e.g. 500ms, 5s, 10m, 2h, 7d"
        / "'{text}' は期間として読めません。整数と単位で書いてください（例: `500ms`、`5s`、`10m`、`2h`、`7d`）";
    DURATION_TOO_LONG: "'{text}' is too long: durations go up to 36500d (a century)"
        / "'{text}' は長すぎます。期間は `36500d`（100 年）までです";
    TIME_ARG: "'{text}' is not a time: write a date (2026-11-25) or an RFC 3339 time (2026-11-25T08:00:00Z, 2026-11-25T08:00:00+09:00)"
        / "'{text}' は日時として読めません。日付（`2026-11-25`）か RFC 3339 の日時（`2026-11-25T08:00:00Z`、`2026-11-25T08:00:00+09:00`）で書いてください";
    TIME_RFC3339: "'{text}' is not an RFC 3339 time such as 2026-11-21T20:52:02Z"
        / "'{text}' は RFC 3339 の日時（例: `2026-11-21T20:52:02Z`）ではありません";
    // A span of time in Japanese prose (`7 日`, `5 分`): the English is the command line's `7d`.
    DAYS: "{n}d" / "{n} 日";
    HOURS: "{n}h" / "{n} 時間";
    MINUTES: "{n}m" / "{n} 分";
    SECONDS: "{n}s" / "{n} 秒";
    MILLISECONDS: "{n}ms" / "{n} ミリ秒";
}
