//! What `compact` says, in English and Japanese: the plan (its labels padded by display width),
//! the question before writing, the progress bars' words, what was done, how to swap a copy in
//! by hand, and every refusal. The compactor's own reasons are in `vhdx::compact::texts`.
#![allow(missing_docs)] // Each text is named for the line, the value or the refusal it says.

crate::texts! {
    // Refusals before anything is read.
    TO_ONE_PATH: "--to writes one copy: name one PATH (or none, for Docker's data disk)"
        / "`--to` で書き出すコピーは 1 つです。PATH を 1 つだけ指定してください（Docker のデータディスクなら指定は不要です）";
    TO_NOT_ALL: "--to writes one copy: it cannot be used with --all" / "`--to` で書き出すコピーは 1 つです。`--all` とは一緒に使えません";
    /// `what`: ANY_DISK or DOCKER_DISK; `looked`: inspect's LOOKED_UNDER or NO_PROFILE.
    NOT_FOUND: "wsltune found no {what} here ({looked}); name the file: wsltune compact PATH"
        / "ここでは{what}が見つかりませんでした（{looked}）。ファイルを指定してください: `wsltune compact PATH`";
    ANY_DISK: "Docker or WSL disk" / "Docker や WSL のディスク";
    DOCKER_DISK: "Docker data disk (docker_data.vhdx)" / "Docker のデータディスク（`docker_data.vhdx`）";
    CANNOT_OPEN: "cannot open it for reading ({error}); if Docker Desktop or WSL is running, quit Docker Desktop and run `wsl --shutdown`, then try again"
        / "読み取り用に開けません（{error}）。Docker Desktop か WSL が動いている場合は、Docker Desktop を終了して `wsl --shutdown` を実行してから、もう一度試してください";

    // The plan's labels and values.
    NOW: "Now" / "現在";
    AFTER: "After" / "圧縮後";
    GIVES_BACK: "Gives back" / "回収量";
    COPY: "Copy (--to)" / "コピー (--to)";
    IN_PLACE: "In place" / "その場で";
    NOW_VALUE: "{file} file, {allocated} in {present} blocks of {block}"
        / "ファイル {file}、データは {block} のブロック {present} 個で {allocated}";
    AFTER_VALUE: "at most {file}: keeps {keep} blocks, drops {drop} unused"
        / "最大 {file}（ブロック {keep} 個を残し、使われていない {drop} 個を削除）";
    NOTHING_CERTAIN: "nothing for certain (blocks holding only zeros go too, once read)"
        / "確実に取り戻せる容量はありません（ゼロだけのブロックは、読み取った時点で削除されます）";
    AT_LEAST: "at least {bytes} (more if blocks hold only zeros)" / "{bytes} 以上（ゼロだけのブロックがあればさらに増えます）";
    COPY_POSSIBLE: "possible: writes {bytes}" / "可能（{bytes} を書き出します）";
    IN_PLACE_POSSIBLE: "possible: moves {n} blocks, needs no free space" / "可能（ブロック {n} 個を移動、空き容量は不要）";
    NOT_POSSIBLE: "not possible here: {why}" / "ここではできません: {why}";
    FIXED: "a fixed disk: every block stays allocated by design, nothing to give back"
        / "固定サイズのディスクです。すべてのブロックが割り当てられたままになる仕様なので、取り戻せる容量はありません";
    TO_GIVE_BACK: "To give it back: quit Docker Desktop, run `wsl --shutdown`, then"
        / "取り戻すには、Docker Desktop を終了し、`wsl --shutdown` を実行してから:";
    OR_KEEPING: "or, keeping the original until the copy is verified and swapped:"
        / "または、コピーを照合して入れ替えるまで元のファイルを残すなら:";
    FOLDER_MISSING: "the folder {folder} does not exist" / "フォルダー {folder} がありません";
    NO_SPACE: "it needs {need} free in {folder}, which has {free}: free {more} there, or pass --to with a folder on another drive"
        / "{folder} に {need} の空きが必要ですが、{free} しかありません。そこで {more} 空けるか、`--to` で別のドライブのフォルダーを指定してください";

    // Writing a copy.
    DIRTY_REPLACE: "its log holds changes not yet applied: something has the disk open for writing, or did not close it cleanly. Quit Docker Desktop, run `wsl --shutdown`, and try again (without --replace a copy can still be written)"
        / "ログにまだ適用されていない変更があります。何かがディスクを書き込み用に開いているか、正しく閉じませんでした。Docker Desktop を終了し、`wsl --shutdown` を実行してから、もう一度試してください（`--replace` なしならコピーは書き出せます）";
    BACKUP_TAKEN: "'{path}' already exists (kept by an earlier compaction?): remove or rename it before --replace keeps the original under that name"
        / "'{path}' は既にあります（以前の圧縮で残したものですか?）。`--replace` は元のファイルをこの名前で残すので、先に削除するか名前を変えてください";
    CANNOT_WRITE_COPY: "cannot write the copy: {why}" / "コピーを書き出せません: {why}";
    ASK_COPY: "Write a compacted copy to {path}?" / "圧縮したコピーを {path} に書き出しますか?";
    ASK_COPY_SWAP: "Write a compacted copy to {path} and swap it into place?" / "圧縮したコピーを {path} に書き出し、元のファイルと入れ替えますか?";
    NO_TERMINAL: "not asking without a terminal: pass --yes to write ({question})" / "端末がないため確認できません。書き出すには `--yes` を指定してください（{question}）";
    NOTHING_WRITTEN: "Nothing written." / "何も書き込んでいません。";
    COPYING: "copying" / "コピー中";
    READING: "reading" / "読み取り中";
    MOVING: "moving" / "移動中";
    /// Before the time left on a progress bar.
    ETA: "ETA" / "残り";
    WROTE: "Wrote {path} and verified it, block by block, against the original." / "{path} を書き出し、元のファイルとブロックごとに照合しました。";
    GAVE_BACK_RATE: "{before} → {after}: {back} given back in {secs} s ({rate} MB/s)" / "{before} → {after}: {secs} 秒で {back} を取り戻しました（{rate} MB/s）";
    COPIED_ONE: "1 block copied, {dropped} dropped ({unused} unused by ext4, {zeros} only zeros)"
        / "ブロック 1 個をコピー、{dropped} 個を削除（ext4 が使っていないもの {unused} 個、ゼロだけのもの {zeros} 個）";
    COPIED: "{copied} blocks copied, {dropped} dropped ({unused} unused by ext4, {zeros} only zeros)"
        / "ブロック {copied} 個をコピー、{dropped} 個を削除（ext4 が使っていないもの {unused} 個、ゼロだけのもの {zeros} 個）";

    // In place.
    CANNOT_IN_PLACE: "cannot compact it in place: {why}" / "その場で圧縮できません: {why}";
    ASK_IN_PLACE: "Compact {path} in place?" / "{path} をその場で圧縮しますか?";
    REPLAYED_LOG: "Replayed the log left in the file (a stopped compaction, or Windows)." / "ファイルに残っていたログを再生しました（中断した圧縮か、Windows が残したものです）。";
    ALREADY_COMPACT: "Already compact: nothing to give back; the file was not written." / "既に圧縮されています。取り戻せる容量はなく、ファイルには書き込んでいません。";
    NOT_AS_PLANNED: "the compacted file does not read back as planned ({why}); it is a valid VHDX, but check it (`qemu-img check`) before use"
        / "圧縮したファイルを読み返すと、計画どおりになっていません（{why}）。VHDX としては正しいファイルですが、使う前に確認してください（`qemu-img check`）";
    COMPACTED: "Compacted {path} in place and verified it, block by block." / "{path} をその場で圧縮し、ブロックごとに照合しました。";
    GAVE_BACK: "{before} → {after}: {back} given back in {secs} s" / "{before} → {after}: {secs} 秒で {back} を取り戻しました";
    IN_PLACE_BLOCKS: "{dropped} blocks dropped ({unused} unused by ext4, {zeros} only zeros), {moved} moved"
        / "ブロック {dropped} 個を削除（ext4 が使っていないもの {unused} 個、ゼロだけのもの {zeros} 個）、{moved} 個を移動";
    FROM_HERE: "cannot compact it in place from here ({why}); the Windows build can: in PowerShell run `wsltune.exe compact --in-place '{path}'`, or install wsltune.exe as {exe} (README, \"Getting the Windows build\") and run this again, and wsltune hands it over"
        / "ここからはその場で圧縮できません（{why}）。Windows 版ならできます。PowerShell で `wsltune.exe compact --in-place '{path}'` を実行するか、`wsltune.exe` を {exe} に置いて（README.ja.md の「Windows 版のビルド」）もう一度実行すると、wsltune が Windows 版に引き渡します";
    HANDING_OVER: "In place from WSL is not safe here ({why}); handing it to {exe}:" / "ここでは WSL からその場で圧縮するのは安全ではありません（{why}）。{exe} に引き渡します:";
    CANNOT_RUN: "cannot run {exe} (is WSL interop on?)" / "{exe} を実行できません（WSL の相互運用は有効ですか?）";
    DID_NOT_FINISH: "wsltune.exe compact --in-place '{path}' did not finish ({status})" / "`wsltune.exe compact --in-place '{path}'` が完了しませんでした（{status}）";

    // Swapping a copy in.
    NOT_SWAPPED: "Not swapped: the files are on a Windows drive, where a swap from Linux cannot keep the file's owner and permissions (Docker Desktop needs them)."
        / "入れ替えていません。ファイルが Windows のドライブにあり、Linux から入れ替えるとファイルの所有者とアクセス権を保てないためです（Docker Desktop にはそれが必要です）。";
    SWAPPED: "Swapped: {path} is now the compacted disk; the original is kept as {backup}." / "入れ替えました。{path} が圧縮したディスクになり、元のファイルは {backup} として残しています。";
    START_THEN_REMOVE: "Start Docker Desktop (or the distro); once it works, remove {backup} to free its space."
        / "Docker Desktop（またはディストリビューション）を起動し、正常に動いたら {backup} を削除して容量を空けてください。";
    TO_USE_POWERSHELL: "To use it (with Docker Desktop and WSL stopped), in PowerShell:" / "使うには、Docker Desktop と WSL を止めた状態で、PowerShell で次を実行します:";
    TO_USE: "To use it (with nothing using the disk):" / "使うには、ディスクを何も使っていない状態で、次を実行します:";
    OR_REPLACE: "or run this again with --replace. Once Docker Desktop or WSL starts fine,\n  remove the .before-compact file."
        / "または、`--replace` を付けてもう一度実行してください。Docker Desktop か WSL が正常に起動したら、`.before-compact` のファイルを削除してください。";
    OPENING: "opening {path}" / "{path} を開けませんでした";
    NOT_A_COPY: "'{path}' is not a copy of this disk; remove it and run again" / "'{path}' はこのディスクのコピーではありません。削除してからもう一度実行してください";
    FINISHED_SWAP: "Finished an interrupted swap: {path} is the compacted disk; the original is kept as {backup}."
        / "中断していた入れ替えを完了しました。{path} が圧縮したディスクになり、元のファイルは {backup} として残しています。";
}
