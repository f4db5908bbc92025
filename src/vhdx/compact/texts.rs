//! What the compactor says, in English and Japanese: why a disk cannot be compacted safely (and
//! what to do), the notes of a plan, and why a copy, an in-place run or a swap stopped.
#![allow(missing_docs)] // Each text is named for the refusal or the failure it says.

crate::texts! {
    // The plan (mod.rs).
    DIFFERENCING: "it is a differencing disk: its blocks depend on a parent disk, which wsltune does not open"
        / "差分ディスクです。ブロックの中身が親ディスクに依存していますが、wsltune は親ディスクを開きません";
    LOG_NOT_REPLAYABLE: "its log holds changes wsltune cannot replay; open the disk once with Windows (attach it, or start WSL) so the log is applied, then try again"
        / "ログに wsltune では再生できない変更があります。一度 Windows でディスクを開いて（アタッチするか WSL を起動して）ログを適用させてから、もう一度試してください";
    DUPLICATES: "{n} BAT entries point at a file block another entry uses; wsltune writes only files it fully understands"
        / "BAT エントリ {n} 個が、別のエントリが使っているファイル内のブロックを指しています。wsltune は完全に理解できるファイルにしか書き込みません";
    RESERVED_BITS: "{n} BAT entries have reserved bits set; wsltune writes only files it fully understands"
        / "BAT エントリ {n} 個で予約済みのビットが立っています。wsltune は完全に理解できるファイルにしか書き込みません";
    LEGACY_UNMAPPED: "{n} BAT entries are in state 5 (a draft of the format); wsltune writes only files it fully understands"
        / "BAT エントリ {n} 個が状態 5（フォーマットの草案にあった状態）です。wsltune は完全に理解できるファイルにしか書き込みません";
    STRAY_BITMAPS: "{n} BAT entries mark sector bitmaps present in a disk without a parent; wsltune writes only files it fully understands"
        / "親のないディスクなのに、BAT エントリ {n} 個がセクタービットマップを存在するとしています。wsltune は完全に理解できるファイルにしか書き込みません";
    REGION_NOT_WHOLE: "a region of {len} bytes at offset {offset} is not whole mebibytes inside the file"
        / "オフセット {offset} にある {len} バイトの領域が、ファイル内で MiB 単位にそろっていません";
    NO_EXT4_PARTITION: "the {scheme} partition table has no ext4 partition: only blocks holding nothing but zeros can go"
        / "{scheme} パーティションテーブルに ext4 パーティションがありません。削除できるのはゼロだけのブロックに限られます";
    NO_EXT4: "no ext4 filesystem was found: only blocks holding nothing but zeros can go"
        / "ext4 ファイルシステムが見つかりませんでした。削除できるのはゼロだけのブロックに限られます";
    EXT4_UNREADABLE: "its ext4 filesystem could not be read ({why}); run `e2fsck -f` on it"
        / "ext4 ファイルシステムを読み取れませんでした（{why}）。`e2fsck -f` を実行してください";

    // In place (in_place/).
    REPLAY_FIRST: "its log must be replayed first" / "先にログを再生する必要があります";
    LENGTH_NOT_MIB: "the file's length ({len} bytes) is not a whole number of MiB; use --to to write a compacted copy"
        / "ファイルの長さ（{len} バイト）が MiB 単位ではありません。`--to` で圧縮したコピーを書き出してください";
    SHORT_BLOCK: "payload block {block} ends past the end of the file (an old qemu wrote it short); use --to to write a compacted copy"
        / "ペイロードブロック {block} がファイルの終わりを越えています（古い qemu が短く書き込んだものです）。`--to` で圧縮したコピーを書き出してください";
    LOG_NEEDS_LONGER: "its log cannot be replayed (it expects a longer file); open the disk once with Windows so the log is applied"
        / "ログを再生できません（ログはもっと長いファイルを前提としています）。一度 Windows でディスクを開いて、ログを適用させてください";
    LOG_WRITE_LENGTH: "a replayed log write has the wrong length" / "再生したログの書き込みの長さが正しくありません";
    CHANGED_SINCE_READ: "the file changed since it was read (something opened it for writing); run again"
        / "読み取った後にファイルが変更されました（何かが書き込み用に開きました）。もう一度実行してください";
    CHANGED_WHILE_READ: "the file changed while it was being read (another program had it open); run again"
        / "読み取り中にファイルが変更されました（別のプログラムが開いていました）。もう一度実行してください";
    NOT_WHERE_PLANNED: "payload block {block} is not where the plan found it" / "ペイロードブロック {block} が、計画を立てたときの位置にありません";

    // Holding the file (io.rs): `kind` is one of the file systems below.
    IN_USE: "the file is in use (Docker Desktop, WSL or another program has it open): quit Docker Desktop, run `wsl --shutdown`, and try again"
        / "ファイルが使用中です（Docker Desktop、WSL、または別のプログラムが開いています）。Docker Desktop を終了し、`wsl --shutdown` を実行してから、もう一度試してください";
    NOT_LOCAL: "the file is on a {kind} file system, where wsltune cannot hold it exclusively or know that a flush reached the disk: run the Windows build (wsltune.exe compact --in-place), or use --to to write a compacted copy"
        / "ファイルが {kind} のファイルシステム上にあるため、wsltune はファイルを排他的に開くことも、フラッシュがディスクに届いたことを確かめることもできません。Windows 版を実行する（`wsltune.exe compact --in-place`）か、`--to` で圧縮したコピーを書き出してください";
    CANNOT_OPEN_FOR_WRITING: "cannot open it for writing: {error}" / "書き込み用に開けません: {error}";
    FS_9P: "9p (a Windows drive under /mnt)" / "9p（`/mnt` 以下の Windows ドライブ）";
    FS_FUSE: "FUSE or virtiofs (a Windows drive under /mnt?)" / "FUSE か `virtiofs`（`/mnt` 以下の Windows ドライブ?）";
    FS_UNKNOWN: "unknown" / "種類不明";
    FS_NON_LOCAL: "non-local (0x{magic})" / "ローカルではない種類（0x{magic}）";

    // A copy (copy/).
    EXISTS: "'{path}' already exists; wsltune never overwrites a file: choose another name, or remove it first"
        / "'{path}' は既にあります。wsltune は既存のファイルを上書きしません。別の名前にするか、先に削除してください";
    READING_SOURCE: "reading the source: {error}" / "元のファイルを読み取れませんでした: {error}";
    WRITING: "writing '{path}'" / "'{path}' に書き込めませんでした";
    NOT_AS_WRITTEN: "the new file '{path}' does not read back as written ({why}); it was removed and the source is unchanged"
        / "新しいファイル '{path}' を読み返すと、書き込んだ内容と違います（{why}）。新しいファイルは削除しました。元のファイルは変更していません";
    SOURCE_CHANGED: "the source changed while it was being copied (Docker Desktop or WSL opened it for writing); the copy was removed. Quit Docker Desktop, run `wsl --shutdown`, and try again"
        / "コピー中に元のファイルが変更されました（Docker Desktop か WSL が書き込み用に開きました）。コピーは削除しました。Docker Desktop を終了し、`wsl --shutdown` を実行してから、もう一度試してください";
    REGION: "region" / "領域";
    WRITING_THREAD_STOPPED: "the writing thread stopped" / "書き込みのスレッドが止まりました";
    CHECKING_THREAD_STOPPED: "the checking thread stopped" / "確認のスレッドが止まりました";

    // Reading back (verify.rs, copy/payload.rs).
    BLOCK_DIFFERS: "payload block {block} differs from the source" / "ペイロードブロック {block} が元のファイルと異なります";
    METADATA_DIFFERS: "its metadata differs from the source's" / "メタデータが元のファイルと異なります";
    LOG_NOT_EMPTY: "its log is not empty" / "ログが空ではありません";
    BLOCK_MOVED: "payload block {block} is not where it was written" / "ペイロードブロック {block} が、書き込んだ位置にありません";
    BLOCK_MISSING: "payload block {block} is missing" / "ペイロードブロック {block} がありません";

    // The swap (swap.rs).
    BACKUP_EXISTS: "'{path}' already exists (kept by an earlier compaction?); remove or rename it, then run again"
        / "'{path}' は既にあります（以前の圧縮で残したものですか?）。削除するか名前を変えてから、もう一度実行してください";
    SWAP_FAILED: "swapping '{new}' into place failed" / "'{new}' を元のファイルと入れ替えられませんでした";
    SAME_FILE: "the copy and the original are the same file" / "コピーと元のファイルが同じファイルです";
}
