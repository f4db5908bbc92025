//! Why a file could not be read as a VHDX, in English and Japanese (what `doctor`'s
//! `disk-not-inspected`, `inspect` and `compact` say). The details of a damaged VHDX
//! (`Truncated`, `Corrupt`, `Unsupported`, `Refused`) name its structures and stay English.
#![allow(missing_docs)] // Each text is named for the error it says.

crate::texts! {
    CANNOT_READ: "cannot read it: {error}" / "読み取れません: {error}";
    NOT_VHDX: "it is not a VHDX file: {detail}" / "VHDX ファイルではありません（{detail}）";
    TOO_SHORT: "the file is {len} bytes long; a VHDX file is at least 1 MiB (its header section)" / "ファイルの長さは {len} バイトですが、VHDX ファイルはヘッダー領域だけで 1 MiB 以上あります";
    NO_SIGNATURE: "it does not start with the signature 'vhdxfile'" / "先頭に署名 'vhdxfile' がありません";
    NOT_A_FILE: "it is not a regular file" / "通常のファイルではありません";
    CORRUPT: "the VHDX is corrupt: {detail}" / "VHDX が壊れています: {detail}";
    UNSUPPORTED: "the VHDX uses a feature wsltune does not know: {detail}" / "この VHDX は wsltune が対応していない機能を使っています: {detail}";
    REFUSED: "it cannot be compacted safely: {detail}" / "安全に圧縮できません: {detail}";
}
