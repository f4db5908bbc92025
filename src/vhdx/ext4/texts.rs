//! What the ext4 reader says, in English and Japanese: why a filesystem inside a VHDX could not
//! be read, why its free space cannot be trusted for a compaction, and what to do. The callers
//! put `ext4: ` before each; ext4's own names (`needs_recovery`, META_BG, jbd2, inode) stay.
#![allow(missing_docs)] // Each text is named for the problem it says.

crate::texts! {
    // Reading the superblock and the group descriptors (mod.rs).
    NO_MAGIC: "no superblock magic" / "スーパーブロックのマジック番号がありません";
    BLOCK_SIZE: "the block size 1024 << {log} is larger than 64 KiB" / "ブロックサイズ 1024 << {log} が 64 KiB を超えています";
    CLUSTER_SIZE: "the cluster size 1024 << {log} does not fit the block size" / "クラスターサイズ 1024 << {log} がブロックサイズに合いません";
    FIRST_DATA_BLOCK: "{total} blocks with the first data block at {first}" / "ブロック数が {total} なのに、最初のデータブロックが {first} にあります";
    PER_GROUP: "{blocks} blocks and {clusters} clusters per group do not fit one bitmap block" / "グループあたり {blocks} ブロック・{clusters} クラスターでは、1 つのビットマップブロックに収まりません";
    OVERFLOW: "the block count overflows" / "ブロック数がオーバーフローしています";
    LARGER_THAN_DISK: "the filesystem ({bytes} bytes at offset {offset}) is larger than the disk ({size} bytes)" / "ファイルシステム（オフセット {offset} からの {bytes} バイト）がディスク（{size} バイト）より大きくなっています";
    DESC_SIZE: "the group descriptor size {size} is invalid" / "グループ記述子のサイズ {size} は無効です";
    DESC_FIT: "{n} group descriptors do not fit in the filesystem" / "{n} 個のグループ記述子がファイルシステムに収まりません";
    DESC_FILE: "{n} group descriptors ({bytes} bytes) are more than the file holds" / "{n} 個のグループ記述子（{bytes} バイト）はファイルの大きさを超えています";
    META_BG_WARNING: "ext4 uses META_BG: counts come from the superblock and the reclaim estimate is not computed" / "ext4 が META_BG を使っています。数値はスーパーブロックから取り、回収可能な容量は見積もっていません";
    TABLE_TOO_LARGE: "descriptor table too large" / "記述子テーブルが大きすぎます";
    FREE_OVER_TOTAL: "{free} free blocks out of {total}" / "空きブロック数 {free} が全ブロック数 {total} を超えています";
    COUNTS_LAG: "ext4: the group descriptors count {free} free blocks, the superblock {superblock} (it lags while mounted); using the descriptors"
        / "ext4: グループ記述子では空きブロックが {free} 個、スーパーブロックでは {superblock} 個です（マウント中はスーパーブロックの値が遅れます）。グループ記述子の値を使います";
    TOO_MANY_BLOCKS: "too many blocks" / "ブロックが多すぎます";
    BITMAP_PAST_END: "group {g}'s block bitmap is at block {block}, past the end" / "グループ {g} のブロックビットマップがブロック {block} にあり、終わりを越えています";

    // What a compaction refuses (usage.rs).
    BLOCK_BITMAP: "block bitmap" / "ブロックビットマップ";
    INODE_BITMAP: "inode bitmap" / "inode ビットマップ";
    INODE_TABLE: "inode table" / "inode テーブル";
    GROUP_PAST_END: "group {g}'s {what} (block {block}) lies past the end of the filesystem" / "グループ {g} の{what}（ブロック {block}）がファイルシステムの終わりより後ろにあります";
    BITMAP_CHECKSUM: "group {g}'s block bitmap fails its checksum; run `e2fsck -f` on the disk first" / "グループ {g} のブロックビットマップのチェックサムが一致しません。先にディスクに `e2fsck -f` を実行してください";
    /// What to do about a filesystem in use, inside the texts below.
    STOP: "quit Docker Desktop (or close the distro), run `wsl --shutdown`, and try again" / "Docker Desktop を終了し（またはディストリビューションを閉じ）、`wsl --shutdown` を実行してから、もう一度試してください";
    NEEDS_RECOVERY: "the filesystem is mounted, or was not unmounted cleanly (needs_recovery): its bitmaps may be stale; {stop}. If it stays so, mount it once (`wsl --mount --vhd`) so the journal is replayed"
        / "ファイルシステムがマウント中か、正しくアンマウントされていません（`needs_recovery`）。ビットマップが古い可能性があります。{stop}。それでも変わらない場合は、一度マウントして（`wsl --mount --vhd`）ジャーナルを再生させてください";
    NOT_CLEAN: "the filesystem is not marked clean (state 0x{state}); {stop}, or run `e2fsck -f` on it"
        / "ファイルシステムがクリーンな状態になっていません（状態 0x{state}）。{stop}。または、ファイルシステムに `e2fsck -f` を実行してください";
    ORPHANS: "the filesystem has an orphan list (files deleted while open, not yet freed); {stop}"
        / "ファイルシステムに孤立 inode のリスト（開いたまま削除され、まだ解放されていないファイル）があります。{stop}";
    MMP: "the filesystem uses multi-mount protection (MMP), which wsltune does not handle" / "ファイルシステムがマルチマウント保護（MMP）を使っていますが、wsltune はこれに対応していません";
    META_BG: "the filesystem uses META_BG descriptor placement, which wsltune does not handle yet" / "ファイルシステムが META_BG による記述子の配置を使っていますが、wsltune はまだこれに対応していません";
    JOURNAL_DEVICE: "this is an external journal device, not a filesystem" / "これはファイルシステムではなく、外部ジャーナル用のデバイスです";
    INCOMPAT: "the filesystem uses incompatible features wsltune does not know ({bits})" / "ファイルシステムが wsltune の知らない非互換機能（`incompat`）を使っています（{bits}）";
    RO_COMPAT: "the filesystem uses read-only-compatible features wsltune does not know ({bits})" / "ファイルシステムが wsltune の知らない読み取り専用互換機能（`ro_compat`）を使っています（{bits}）";
    SUPERBLOCK_CHECKSUM: "the superblock fails its checksum; run `e2fsck -f` on the disk first" / "スーパーブロックのチェックサムが一致しません。先にディスクに `e2fsck -f` を実行してください";
    DESC_CHECKSUM: "group {g}'s descriptor fails its checksum; run `e2fsck -f` on the disk first" / "グループ {g} の記述子のチェックサムが一致しません。先にディスクに `e2fsck -f` を実行してください";
    JOURNAL_ELSEWHERE: "the journal is on another device, which wsltune cannot check" / "ジャーナルが別のデバイスにあるため、wsltune では確認できません";
    JOURNAL_INODE: "the journal inode {inum} lies past the last group" / "ジャーナルの inode {inum} が最後のグループより後ろにあります";
    JOURNAL_FIRST_BLOCK: "the journal's first block could not be found" / "ジャーナルの最初のブロックが見つかりませんでした";
    JOURNAL_NO_SUPERBLOCK: "the journal has no jbd2 superblock" / "ジャーナルに jbd2 のスーパーブロックがありません";
    JOURNAL_PENDING: "the journal holds transactions not yet written to the filesystem (it needs recovery); mount the disk once (`wsl --mount --vhd`) or run `e2fsck` on it, then try again"
        / "ジャーナルに、まだファイルシステムへ書き込まれていないトランザクションがあります（復旧が必要です）。一度ディスクをマウントする（`wsl --mount --vhd`）か `e2fsck` を実行してから、もう一度試してください";
}
