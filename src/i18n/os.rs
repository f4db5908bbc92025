//! The operating system's own error messages in the chosen language.
//!
//! Rust prints an I/O error as the C library says it in the `C` locale ("No such file or
//! directory (os error 2)"), English whatever the user reads. In Japanese the common kinds are
//! said in Japanese, keeping the number (`(os error 2)`), which is what a search needs; kinds
//! not listed keep the system's words.
#![allow(missing_docs)] // Each text is named for the error kind it says.

use std::io::{self, ErrorKind};

use super::{Lang, Text, current};

crate::texts! {
    NOT_FOUND: "No such file or directory" / "ファイルまたはフォルダーがありません";
    PERMISSION_DENIED: "Permission denied" / "アクセスが拒否されました（権限がありません）";
    ALREADY_EXISTS: "File exists" / "同じ名前のファイルが既にあります";
    IS_A_DIRECTORY: "Is a directory" / "フォルダーです（ファイルではありません）";
    NOT_A_DIRECTORY: "Not a directory" / "フォルダーではありません";
    DIRECTORY_NOT_EMPTY: "Directory not empty" / "フォルダーが空ではありません";
    STORAGE_FULL: "No space left on device" / "ディスクの空き容量がありません";
    READ_ONLY: "Read-only file system" / "読み取り専用のファイルシステムです";
    BUSY: "Device or resource busy" / "使用中です（別のプログラムが開いています）";
    CROSSES_DEVICES: "Invalid cross-device link" / "別のファイルシステムへは移動できません";
    TOO_LARGE: "File too large" / "ファイルが大きすぎます";
    TIMED_OUT: "Connection timed out" / "時間内に応答がありませんでした";
    REFUSED: "Connection refused" / "接続が拒否されました";
    RESET: "Connection reset by peer" / "接続が相手側から切断されました";
    BROKEN_PIPE: "Broken pipe" / "パイプの相手側が閉じられました";
    UNEXPECTED_EOF: "unexpected end of file" / "ファイルが途中で終わっています";
    INTERRUPTED: "Interrupted system call" / "割り込みで中断されました";
    INVALID_DATA: "stream did not contain valid UTF-8" / "正しい UTF-8 ではありません";
    LOCKED: "The process cannot access the file because another process has locked a portion of the file" / "ファイルの一部が別のプロセスにロックされているため、アクセスできません";
    SHARING: "The process cannot access the file because it is being used by another process" / "別のプロセスが使用中のため、ファイルにアクセスできません";
}

/// The Japanese words for an error of this kind (and Windows code), if we have them.
fn text_of(kind: ErrorKind, code: Option<i32>) -> Option<Text> {
    // Windows' sharing and lock violations (32, 33) are the ones users of VHDX files meet.
    if cfg!(windows) {
        match code {
            Some(32) => return Some(SHARING),
            Some(33) => return Some(LOCKED),
            _ => {}
        }
    }
    Some(match kind {
        ErrorKind::NotFound => NOT_FOUND,
        ErrorKind::PermissionDenied => PERMISSION_DENIED,
        ErrorKind::AlreadyExists => ALREADY_EXISTS,
        ErrorKind::IsADirectory => IS_A_DIRECTORY,
        ErrorKind::NotADirectory => NOT_A_DIRECTORY,
        ErrorKind::DirectoryNotEmpty => DIRECTORY_NOT_EMPTY,
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => STORAGE_FULL,
        ErrorKind::ReadOnlyFilesystem => READ_ONLY,
        ErrorKind::ResourceBusy => BUSY,
        ErrorKind::CrossesDevices => CROSSES_DEVICES,
        ErrorKind::FileTooLarge => TOO_LARGE,
        ErrorKind::TimedOut => TIMED_OUT,
        ErrorKind::ConnectionRefused => REFUSED,
        ErrorKind::ConnectionReset => RESET,
        ErrorKind::BrokenPipe => BROKEN_PIPE,
        ErrorKind::UnexpectedEof => UNEXPECTED_EOF,
        ErrorKind::Interrupted => INTERRUPTED,
        ErrorKind::InvalidData => INVALID_DATA,
        _ => return None,
    })
}

/// An I/O error as the user should read it: the system's words in English; in Japanese, the
/// kind in Japanese and the system's number (`(os error 2)`), or the system's words when the
/// kind is not one we know.
pub fn describe(error: &io::Error) -> String {
    if current() == Lang::En {
        return error.to_string();
    }
    let code = error.raw_os_error();
    // An error made by a program (`io::Error::new`) carries its own words, not the system's.
    if code.is_none() && error.get_ref().is_some() {
        return error.to_string();
    }
    // Of the errors of invalid data, only std's own words for text that is not UTF-8 are ours.
    if error.kind() == ErrorKind::InvalidData && error.to_string() != INVALID_DATA.en {
        return error.to_string();
    }
    match text_of(error.kind(), code) {
        Some(text) => match code {
            Some(n) => format!("{} (os error {n})", text.ja),
            None => text.ja.to_owned(),
        },
        None => error.to_string(),
    }
}

/// An error's whole chain of causes on one line, as `{:#}` prints it ("doing X: because Y"),
/// with each I/O error said by [`describe`].
pub fn chain(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for (i, cause) in error.chain().enumerate() {
        if i > 0 {
            out.push_str(": ");
        }
        match cause.downcast_ref::<io::Error>() {
            Some(io) => out.push_str(&describe(io)),
            None => out.push_str(&cause.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_kinds_are_said_in_japanese_with_their_number() {
        let not_found = io::Error::from_raw_os_error(2);
        assert_eq!(text_of(not_found.kind(), Some(2)), Some(NOT_FOUND));
        let made = io::Error::other("a reason of our own");
        assert!(text_of(made.kind(), None).is_none());
        // In English (the default in tests), the system's words unchanged.
        assert_eq!(describe(&not_found), not_found.to_string());
        let err = anyhow::Error::new(io::Error::from_raw_os_error(13)).context("opening x");
        assert_eq!(chain(&err), format!("{err:#}"));
    }
}
