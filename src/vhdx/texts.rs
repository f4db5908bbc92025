//! What the VHDX reader says, in English and Japanese: why a file could not be read as a VHDX
//! (what `doctor`'s `disk-not-inspected`, `inspect` and `compact` say), the details of a damaged
//! VHDX (`Truncated`, `Corrupt`, `Unsupported`), the names of its structures those details use,
//! and the warnings of an inspection. Structure names are the specification's terms in
//! Japanese (BAT 領域, メタデータ領域, ログ); signatures (`'head'`, `'regi'`) and field values
//! (`PARTIALLY_PRESENT`, `HasParent`) stay as they are written in the file.
#![allow(missing_docs)] // Each text is named for the error or the structure it says.

crate::texts! {
    CANNOT_READ: "cannot read it: {error}" / "読み取れません: {error}";
    NOT_VHDX: "it is not a VHDX file: {detail}" / "VHDX ファイルではありません（{detail}）";
    TOO_SHORT: "the file is {len} bytes long; a VHDX file is at least 1 MiB (its header section)" / "ファイルの長さは {len} バイトですが、VHDX ファイルはヘッダー領域だけで 1 MiB 以上あります";
    NO_SIGNATURE: "it does not start with the signature 'vhdxfile'" / "先頭に署名 'vhdxfile' がありません";
    NOT_A_FILE: "it is not a regular file" / "通常のファイルではありません";
    CORRUPT: "the VHDX is corrupt: {detail}" / "VHDX が壊れています: {detail}";
    UNSUPPORTED: "the VHDX uses a feature wsltune does not know: {detail}" / "この VHDX は wsltune が対応していない機能を使っています: {detail}";
    REFUSED: "it cannot be compacted safely: {detail}" / "安全に圧縮できません: {detail}";
    /// `what`: the structures beyond the end ([`ITS_AT`], joined by [`AND`]).
    TRUNCATED: "the VHDX is truncated at {len} bytes: it should be at least {needed} bytes ({more} more) to hold {what}. The rest of the file is missing, as when a copy stops part way: use a complete copy"
        / "VHDX が {len} バイトで途切れています。{what}を収めるには少なくとも {needed} バイト（あと {more}）必要です。コピーが途中で止まったときのように、ファイルの後ろの部分がありません。完全なコピーを使ってください";

    // A VHD (v1): `kind` is one of the VHD_* below (with its space in English), or empty.
    VHD: "it is a VHD (v1) {kind}disk, not a VHDX: wsltune reads VHDX only. Convert it to a new VHDX file, in PowerShell (Hyper-V module) `{convert}` or with `{qemu}`, and give wsltune the new file"
        / "VHDX ではなく VHD (v1) の{kind}ディスクです。wsltune が読めるのは VHDX だけです。新しい VHDX ファイルに変換してください。PowerShell の Hyper-V モジュールなら `{convert}`、または `{qemu}` で変換できます。変換した新しいファイルを wsltune に指定してください";
    VHD_FIXED: "fixed " / "固定サイズの";
    VHD_DYNAMIC: "dynamic " / "容量可変の";
    VHD_DIFFERENCING: "differencing " / "差分";

    // Where a structure is: `what` is one of the names below.
    /// A structure and where it is, after a word that names it ("to hold its BAT region (…)").
    ITS_AT: "its {what} ({len} bytes at offset {offset})" / "{what}（オフセット {offset} からの {len} バイト）";
    THE_AT: "the {what} ({len} bytes at offset {offset})" / "{what}（オフセット {offset} からの {len} バイト）";
    AT: "{what} ({len} bytes at offset {offset})" / "{what}（オフセット {offset} からの {len} バイト）";
    /// Two structures beyond the end.
    AND: "{a} and {b}" / "{a}と{b}";
    HEADER_SECTION: "its header section (the first MiB)" / "ヘッダー領域（先頭の 1 MiB）";
    HEADER: "header" / "ヘッダー";
    REGION_TABLE: "region table" / "領域テーブル";
    REGION_TABLE_COPY: "region table copy" / "領域テーブルのコピー";
    BAT_REGION: "BAT region" / "BAT 領域";
    METADATA_REGION: "metadata region" / "メタデータ領域";
    METADATA_TABLE: "metadata table" / "メタデータテーブル";
    LOG: "log" / "ログ";
    PAYLOAD_BLOCK: "payload block" / "ペイロードブロック";
    SECTOR_BITMAP: "sector bitmap" / "セクタービットマップ";

    // The file as a whole.
    OPEN_FAILED: "the file could not be opened for reading ({error}); only its size is known. On Windows, Docker Desktop or WSL may hold it locked: stop Docker Desktop and run `wsl --shutdown`, then try again"
        / "ファイルを読み取り用に開けませんでした（{error}）。わかるのはサイズだけです。Windows では Docker Desktop か WSL がファイルをロックしている可能性があります。Docker Desktop を終了して `wsl --shutdown` を実行してから、もう一度試してください";
    OVERLAPS: "the {a} overlaps the {b}" / "{a}が{b}と重なっています";
    PARENT_NEEDED: "reading a differencing disk needs its parent" / "差分ディスクを読み取るには親ディスクが必要です";
    W_DIFFERENCING: "a differencing disk: the filesystem and the reclaim estimate need the parent disk, which wsltune does not open"
        / "差分ディスクです。ファイルシステムと回収可能な容量の見積もりには親ディスクが必要ですが、wsltune は親ディスクを開きません";
    W_NO_LINUX_PARTITION: "the {scheme} partition table has no ext4 Linux partition" / "{scheme} パーティションテーブルに ext4 の Linux パーティションがありません";
    W_NOTHING_FOUND: "no ext4 filesystem or partition table was found on the disk" / "ディスクに ext4 ファイルシステムもパーティションテーブルも見つかりませんでした";
    W_NO_DATA: "the disk holds no data yet (no filesystem)" / "ディスクにはまだデータがありません（ファイルシステムなし）";
    W_FIXED: "a fixed disk cannot be compacted (Optimize-VHD skips fixed disks): nothing is reclaimable"
        / "固定サイズのディスクは圧縮できません（`Optimize-VHD` も固定サイズのディスクは対象外です）。回収できる容量はありません";
    W_NOT_CLEAN: "the filesystem is mounted or was not unmounted cleanly: its counts may lag the running system"
        / "ファイルシステムがマウント中か、正しくアンマウントされていません。数値が実行中のシステムより古い可能性があります";
    W_FS_UNREADABLE: "the filesystem could not be read: {why}" / "ファイルシステムを読み取れませんでした: {why}";

    // Reading (source.rs).
    TOO_LARGE: "the {what} is too large" / "{what}が大きすぎます";
    PAST_ANY_FILE: "the {what} ({len} bytes at offset {offset}) ends past the end of any file" / "{what}（オフセット {offset} からの {len} バイト）が、ファイルとしてありうる長さを超えています";
    SHRANK: "the file ended inside the {what} ({len} bytes at offset {offset}), though it was {file_len} bytes long when opened: it shrank while being read (is another program writing it?)"
        / "{what}（オフセット {offset} からの {len} バイト）の途中でファイルが終わっています。開いたときは {file_len} バイトあったので、読み取り中に短くなりました（別のプログラムが書き込んでいませんか?）";

    // The headers (header.rs).
    H_NO_SIGNATURE: "header {copy} has no 'head' signature" / "ヘッダー {copy} に署名 'head' がありません";
    H_CHECKSUM: "header {copy} fails its CRC-32C checksum" / "ヘッダー {copy} の CRC-32C チェックサムが一致しません";
    H_VERSION: "header {copy} has version {version}, not 1" / "ヘッダー {copy} のバージョンが 1 ではなく {version} です";
    H_SAME_SEQUENCE: "both headers have the same sequence number but different contents" / "2 つのヘッダーのシーケンス番号が同じなのに、内容が異なります";
    H_USING: "{why}; using header {copy}" / "{why}。ヘッダー {copy} を使います";
    H_NONE_VALID: "no valid header: {a}, and {b}" / "有効なヘッダーがありません: {a}。また、{b}";
    H_LOG_VERSION: "the current header has log version {version}, not 0" / "現在のヘッダーのログバージョンが 0 ではなく {version} です";
    H_LOG_LENGTH: "the log length {length} is not a multiple of 1 MiB" / "ログの長さ {length} が 1 MiB の倍数ではありません";
    H_LOG_OFFSET: "the log offset {offset} is not a multiple of 1 MiB past the header section" / "ログのオフセット {offset} が、ヘッダー領域より後ろの 1 MiB の倍数ではありません";

    // The region table (region.rs).
    R_IN_TABLE: "region table {copy}: {why}" / "領域テーブル {copy}: {why}";
    R_NO_SIGNATURE: "no 'regi' signature" / "署名 'regi' がありません";
    R_CHECKSUM: "fails its CRC-32C checksum" / "CRC-32C チェックサムが一致しません";
    R_TOO_MANY: "{count} entries, more than the 2047 allowed" / "エントリが {count} 個あり、上限の 2047 個を超えています";
    R_UNKNOWN_REQUIRED: "region table {copy} requires an unknown region {guid}" / "領域テーブル {copy} が未知の領域 {guid} を必須としています";
    R_TWICE: "the region {guid} appears twice" / "領域 {guid} が 2 回出てきます";
    R_BAD_PLACE: "the {region} ({len} bytes at offset {offset}) is not a non-empty multiple of 1 MiB at a 1 MiB boundary past the header section"
        / "{region}（オフセット {offset} からの {len} バイト）が、ヘッダー領域より後ろの 1 MiB 境界から始まる、空でない 1 MiB の倍数になっていません";
    R_NO_BAT: "no BAT region" / "BAT 領域がありません";
    R_NO_METADATA: "no metadata region" / "メタデータ領域がありません";
    R_BOTH: "{why}; and {also}" / "{why}。さらに、{also}";
    R_USED_COPY: "{why}; used the copy at 256 KiB" / "{why}。256 KiB の位置にあるコピーを使いました";

    // The metadata (metadata.rs); the item names are the specification's.
    M_NO_SIGNATURE: "the metadata table has no 'metadata' signature" / "メタデータテーブルに署名 'metadata' がありません";
    M_TOO_MANY: "the metadata table has {count} entries, more than the 2047 allowed" / "メタデータテーブルのエントリが {count} 個あり、上限の 2047 個を超えています";
    M_UNKNOWN_REQUIRED: "the metadata requires an unknown item {guid}" / "メタデータが未知の項目 {guid} を必須としています";
    M_OUTSIDE: "the metadata item '{name}' ({length} bytes at offset {offset}) lies outside the metadata region" / "メタデータ項目「{name}」（オフセット {offset} からの {length} バイト）がメタデータ領域の外にあります";
    M_LENGTH: "the metadata item '{name}' is {length} bytes, not {want}" / "メタデータ項目「{name}」が {want} バイトではなく {length} バイトです";
    M_ITEM: "metadata item" / "メタデータ項目";
    M_TWICE: "the metadata item '{name}' appears twice" / "メタデータ項目「{name}」が 2 回出てきます";
    M_MISSING: "the required metadata item '{name}' is missing" / "必須のメタデータ項目「{name}」がありません";
    M_BLOCK_SIZE: "the block size {size} is not a power of two from 1 MiB to 256 MiB" / "ブロックサイズ {size} が、1 MiB から 256 MiB までの 2 のべき乗ではありません";
    M_RESERVED_FLAGS: "reserved file-parameter flags are set (0x{flags})" / "ファイルパラメーターの予約済みフラグが立っています（0x{flags}）";
    M_LOGICAL_SECTOR: "the logical sector size is {size}, not 512 or 4096" / "論理セクターサイズが 512 でも 4096 でもなく {size} です";
    M_PHYSICAL_SECTOR: "the physical sector size is {size}, not 512 or 4096" / "物理セクターサイズが 512 でも 4096 でもなく {size} です";
    M_VIRTUAL_SIZE: "the virtual size {size} is not a positive multiple of the {sector}-byte sector up to 64 TiB" / "仮想サイズ {size} が、64 TiB 以下で {sector} バイトのセクターの正の倍数になっていません";
    M_NO_LOCATOR: "a differencing disk (HasParent) without a parent locator" / "親ロケーターのない差分ディスク（`HasParent`）です";
    ITEM_FILE_PARAMETERS: "file parameters" / "ファイルパラメーター";
    ITEM_VIRTUAL_DISK_SIZE: "virtual disk size" / "仮想ディスクサイズ";
    ITEM_PAGE_83: "page 83 data" / "Page 83 データ";
    ITEM_LOGICAL_SECTOR_SIZE: "logical sector size" / "論理セクターサイズ";
    ITEM_PHYSICAL_SECTOR_SIZE: "physical sector size" / "物理セクターサイズ";
    ITEM_PARENT_LOCATOR: "parent locator" / "親ロケーター";

    // The log (log.rs).
    L_TOO_MANY: "the log holds too many overlapping entry headers to search; it was not replayed and the figures are approximate"
        / "ログに重なり合うエントリヘッダーが多すぎて探しきれません。ログは再生しておらず、数値は概算です";
    L_CANNOT_REPLAY: "the log is dirty but cannot be replayed: it expects the file to be at least {expects} bytes (it is {len}); figures come from the unreplayed BAT and are approximate"
        / "ログに未適用の変更がありますが、再生できません。ログはファイルが {expects} バイト以上あることを前提にしています（実際は {len} バイト）。数値はログを再生していない BAT によるもので、概算です";
    L_REPLAYED_ONE: "the log holds 1 unreplayed entry (the disk is in use or was not closed cleanly); wsltune replayed them in memory, the file is untouched"
        / "ログに未適用のエントリが 1 個あります（ディスクが使用中か、正しく閉じられていません）。wsltune はメモリ上で再生しました。ファイルは変更していません";
    L_REPLAYED: "the log holds {entries} unreplayed entries (the disk is in use or was not closed cleanly); wsltune replayed them in memory, the file is untouched"
        / "ログに未適用のエントリが {entries} 個あります（ディスクが使用中か、正しく閉じられていません）。wsltune はメモリ上で再生しました。ファイルは変更していません";
    L_DATA_OUTSIDE: "a log entry's data sector lies outside the entry" / "ログエントリのデータセクターがエントリの外にあります";

    // The BAT (bat/).
    B_TOO_SMALL: "the BAT region ({len} bytes) is too small for the {entries} entries a {size}-byte disk with {block}-byte blocks needs"
        / "BAT 領域（{len} バイト）が小さすぎます。{block} バイトのブロックを使う {size} バイトのディスクには {entries} 個のエントリが必要です";
    B_MORE_ONE: "{first} and 1 more block the BAT says is present" / "{first}と、BAT で存在するとされているほかのブロック 1 個";
    B_MORE: "{first} and {n} more blocks the BAT says are present" / "{first}と、BAT で存在するとされているほかのブロック {n} 個";
    B_BITMAP_STATE: "BAT entry {index} (a sector bitmap) has the invalid state {state}" / "BAT エントリ {index}（セクタービットマップ）の状態 {state} は無効です";
    B_PARTIAL: "BAT entry {index} is PARTIALLY_PRESENT in a disk without a parent" / "親のないディスクなのに、BAT エントリ {index} が `PARTIALLY_PRESENT` です";
    B_STATE: "BAT entry {index} has the invalid state {state}" / "BAT エントリ {index} の状態 {state} は無効です";
    B_IN_HEADER: "BAT entry {index}: the {what} at offset {offset} lies in the header section" / "BAT エントリ {index}: オフセット {offset} の{what}がヘッダー領域の中にあります";
    B_PAST_END: "BAT entry {index}: the {what} at offset {offset} ends past the end of the file ({file_len} bytes)" / "BAT エントリ {index}: オフセット {offset} の{what}がファイルの終わり（{file_len} バイト）を越えています";
    B_PAST_REACH: "BAT entry {index}: the {what} at offset {offset} ends past the end of the file ({file_len} bytes), further than a VHDX of this disk's size reaches"
        / "BAT エントリ {index}: オフセット {offset} の{what}がファイルの終わり（{file_len} バイト）を越え、このサイズのディスクの VHDX が届く範囲よりも先にあります";
    B_OVERLAPS: "BAT entry {index}: the {what} at offset {offset} overlaps the {name}" / "BAT エントリ {index}: オフセット {offset} の{what}が{name}と重なっています";
    B_PAYLOAD_N: "payload block {block}" / "ペイロードブロック {block}";
    B_BITMAP_OF: "the sector bitmap of BAT entry {index}" / "BAT エントリ {index} のセクタービットマップ";
    B_STRAY: "{n} sector-bitmap entries are marked present in a disk without a parent" / "親のないディスクなのに、セクタービットマップのエントリ {n} 個が存在するとされています";
    B_RESERVED: "{n} BAT entries have reserved bits set" / "BAT エントリ {n} 個で予約済みのビットが立っています";
    B_DUPLICATES: "{n} BAT entries point at a block another entry uses; each counted once" / "BAT エントリ {n} 個が、別のエントリが使っているブロックを指しています。それぞれ 1 回だけ数えました";
    B_ENTRY: "BAT entry" / "BAT エントリ";

    // The guest's view (virtual_disk.rs).
    V_PAST: "a read at virtual offset {offset} goes past the virtual size {size}" / "仮想オフセット {offset} からの読み取りが仮想サイズ {size} を越えています";
    V_TOO_LARGE: "read too large" / "読み取りが大きすぎます";
}
