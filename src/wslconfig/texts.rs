//! What `lint` says about `.wslconfig` (its fixes for WSL's own warnings, and its advice), and
//! what the editor says when a change cannot be made, in English and Japanese. WSL's own
//! warnings are quoted as WSL prints them and are not here. Each text's English says what it is for.
#![allow(missing_docs)]

crate::texts! {
    // Fixes for WSL's own warnings.
    FIX_TOO_MANY_PROCESSORS: "Set processors={max} or less." / "`processors={max}` 以下にしてください。";
    FIX_DUPLICATE_VALID: "WSL uses the first one, on line {line} ('{value}'); delete the line you do not want."
        / "WSL は最初に書かれた {line} 行目の値（`{value}`）を使います。不要な行を削除してください。";
    FIX_DUPLICATE_INVALID: "WSL uses the first one, on line {line} (an invalid value, so the default); delete the line you do not want."
        / "WSL は最初に書かれた {line} 行目を使いますが、その値は無効なので既定値になります。不要な行を削除してください。";
    FIX_SEMICOLON_COMMENT: "WSL comments start with '#'; ';' is not a comment. Replace ';' with '#'."
        / "WSL のコメントは `#` で始まります。`;` はコメントになりません。`;` を `#` に置き換えてください。";
    FIX_INVALID_KEY_NAME: "A line must be a [section], a key=value with a key of letters and digits, or a # comment."
        / "各行は `[section]`、`key=value`（キーは英数字）、`#` で始まるコメントのいずれかにしてください。";
    FIX_INVALID_SECTION_NAME: "Write the section name right after '[', letters and digits only, e.g. [wsl2]."
        / "セクション名は `[` の直後に英数字だけで書いてください（例: `[wsl2]`）。";
    FIX_AFTER_HEADER: "Only a '#' comment may follow a section header: replace ';' or other text after ']' with '# …'."
        / "セクション ヘッダーの後に書けるのは `#` のコメントだけです。`]` の後の `;` などは `# …` に置き換えてください。";
    FIX_CLOSE_BRACKET: "Section names are letters and digits with no spaces inside the brackets, e.g. [wsl2]."
        / "セクション名は英数字だけで、角かっこの内側に空白を入れないでください（例: `[wsl2]`）。";
    FIX_EQUALS: "Write key=value (a dotted section.key or ':' is not accepted)."
        / "`key=value` の形で書いてください（`section.key` のようなドット区切りや `:` は使えません）。";
    FIX_QUOTE: "Close the quote, or escape a literal quote as \\\"."
        / "引用符を閉じるか、文字としての引用符は `\\\"` とエスケープしてください。";
    FIX_ESCAPE: "Double every backslash in Windows paths, e.g. C:\\\\Users\\\\me\\\\kernel; WSL drops the whole line otherwise."
        / "Windows のパスではバックスラッシュをすべて二重にしてください（例: `C:\\\\Users\\\\me\\\\kernel`）。そうしないと WSL は行全体を無視します。";
    SIZE_SEMICOLON: "';' does not start a comment (only '#' does), so it is part of the value. "
        / "`;` はコメントの始まりではない（コメントを始めるのは `#` だけ）ため、値の一部になります。";
    FIX_SIZE_WRITE: "Write {size} (units are case-sensitive: B, K, KB, M, MB, G, GB, T, TB; no decimals, no GiB)."
        / "`{size}` と書いてください（単位は大文字と小文字を区別します: `B`、`K`、`KB`、`M`、`MB`、`G`、`GB`、`T`、`TB`。小数と `GiB` は使えません）。";
    FIX_SIZE_WHOLE: "Write a whole number with B, K, KB, M, MB, G, GB, T or TB, e.g. 8GB."
        / "整数に `B`、`K`、`KB`、`M`、`MB`、`G`、`GB`、`T`、`TB` のいずれかを付けて書いてください（例: `8GB`）。";
    FIX_INTEGER: "Write a whole number in decimal, e.g. 4." / "10 進数の整数で書いてください（例: `4`）。";
    FIX_BOOLEAN: "Write true or false." / "`true` か `false` を書いてください。";
    FIX_VALUE: "Use one of the valid values listed." / "示された有効な値（Valid values）のいずれかを使ってください。";
    FIX_IP: "Write a dotted IPv4 address; until then WSL turns DNS tunneling off."
        / "ドット区切りの IPv4 アドレスを書いてください。それまで WSL は DNS トンネリングを無効にします。";
    FIX_MAC: "Write six hex pairs, e.g. 00:15:5d:01:02:03, or remove the line: WSL will not start the VM."
        / "16 進数 2 桁を 6 組書く（例: `00:15:5d:01:02:03`）か、この行を削除してください。このままでは WSL は VM を起動しません。";

    // Keys WSL does not read.
    UNKNOWN_REMOVED: "WSL no longer reads it ({why}); remove the line."
        / "WSL はこのキーをもう読みません（{why}）。この行を削除してください。";
    UNKNOWN_NEEDS_SECTION: "Keys need a section: put it under [{section}] (it is {name})."
        / "キーにはセクションが必要です。`[{section}]` の下に置いてください（`{name}` です）。";
    UNKNOWN_ELSEWHERE: "'{short}' belongs under [{section}]: move the line there."
        / "`{short}` は `[{section}]` のキーです。この行をそちらへ移してください。";
    UNKNOWN_WSL_CONF: "[{section}] is a section of /etc/wsl.conf inside each distro, not of .wslconfig: move it there."
        / "`[{section}]` は `.wslconfig` ではなく、各ディストリビューション内の `/etc/wsl.conf` のセクションです。そちらへ移してください。";
    UNKNOWN_NO_SECTION_NEAR: "There is no section [{section}]; did you mean [{near}]?"
        / "`[{section}]` というセクションはありません。`[{near}]` のことですか?";
    UNKNOWN_NO_SECTION: "There is no section [{section}]; .wslconfig has [wsl2], [experimental] and [general]."
        / "`[{section}]` というセクションはありません。`.wslconfig` のセクションは `[wsl2]`、`[experimental]`、`[general]` です。";
    UNKNOWN_NO_KEY_NEAR: "Check the spelling: did you mean '{near}'?"
        / "つづりを確認してください。`{near}` のことですか?";
    UNKNOWN_NO_KEY: "Remove the line, or check the key against WSL's documentation."
        / "この行を削除するか、WSL のドキュメントでキーを確認してください。";
    REMOVED_PAGE_REPORTING: "deprecated; absent from every open-source WSL"
        / "非推奨になり、オープンソースの WSL にはありません";
    REMOVED_DNS_CACHE: "removed from the docs in 2024" / "2024 年にドキュメントから削除されました";

    // wsltune's advice.
    SHIFT_ONE_NO_SECTION: "WSL does not accept this header, so the key below it is read as keys without a section, which WSL ignores."
        / "WSL はこのヘッダーを受け付けないため、その下のキーはセクションのないキーとして読まれ、無視されます。";
    SHIFT_MANY_NO_SECTION: "WSL does not accept this header, so the {count} keys below it are read as keys without a section, which WSL ignores."
        / "WSL はこのヘッダーを受け付けないため、その下の {count} 個のキーはセクションのないキーとして読まれ、無視されます。";
    SHIFT_ONE: "WSL does not accept this header, so the key below it is read as [{prefix}] keys."
        / "WSL はこのヘッダーを受け付けないため、その下のキーは `[{prefix}]` のキーとして読まれます。";
    SHIFT_MANY: "WSL does not accept this header, so the {count} keys below it are read as [{prefix}] keys."
        / "WSL はこのヘッダーを受け付けないため、その下の {count} 個のキーは `[{prefix}]` のキーとして読まれます。";
    FIX_HEADER: "Fix the header (e.g. [{name}])." / "ヘッダーを直してください（例: `[{name}]`）。";
    WSL_CONF_SECTION: "[{section}] is a section of /etc/wsl.conf (inside each distro); .wslconfig ignores it."
        / "`[{section}]` は（各ディストリビューション内の）`/etc/wsl.conf` のセクションです。`.wslconfig` では無視されます。";
    FIX_WSL_CONF_SECTION: "Move the [{section}] section to /etc/wsl.conf in the distro, then `wsl --shutdown`."
        / "`[{section}]` セクションをディストリビューションの `/etc/wsl.conf` に移し、`wsl --shutdown` を実行してください。";
    UNKNOWN_SECTION: "There is no section [{section}]: WSL ignores every key under it."
        / "`[{section}]` というセクションはありません。WSL はその下のキーをすべて無視します。";
    FIX_SECTION_NEAR: "Did you mean [{near}]?" / "`[{near}]` のことですか?";
    FIX_SECTION_LIST: "Use [wsl2], [experimental] or [general]."
        / "`[wsl2]`、`[experimental]`、`[general]` のいずれかを使ってください。";
    MANGLED_ESCAPE: "WSL reads '\\t', '\\b' and '\\n' here as control characters, silently: {key} becomes {value}."
        / "WSL はここの `\\t`、`\\b`、`\\n` を警告なしに制御文字として読みます。`{key}` は {value} になります。";
    FIX_MANGLED_ESCAPE: "Double every backslash: {line}" / "バックスラッシュをすべて二重にしてください: `{line}`";
    NON_ASCII: "The value of {key} has non-ASCII characters; WSL reads values byte by byte and may mangle them."
        / "`{key}` の値に ASCII 以外の文字があります。WSL は値をバイト単位で読むため、文字化けすることがあります。";
    FIX_NON_ASCII: "Use a path or value with ASCII characters only (e.g. a short 8.3 path)."
        / "ASCII 文字だけのパスや値を使ってください（例: 8.3 形式の短いパス）。";
    OCTAL: "WSL reads '{value}' as an octal number: {key} = {n}."
        / "WSL は `{value}` を 8 進数として読みます: `{key}` = {n}。";
    FIX_OCTAL: "Write {n} if that is what you meant, or {stripped} without the leading zero."
        / "その値のつもりなら `{n}` と書き、そうでなければ先頭の 0 を除いて `{stripped}` と書いてください。";
    MEMORY_DEFAULT: "memory=0 means WSL's default: half of the host's memory."
        / "`memory=0` は WSL の既定値、つまりホストのメモリの半分を意味します。";
    MEMORY_MINIMUM: "WSL raises memory={value} to its minimum, 256MB, without a warning."
        / "WSL は `memory={value}` を警告なしに最小値の `256MB` まで引き上げます。";
    FIX_MEMORY_MINIMUM: "Set at least 256MB; a VM running Docker needs a few GB."
        / "`256MB` 以上にしてください。Docker を動かす VM には数 GB 必要です。";
    MEMORY_OVER_HOST: "memory={value} is more than the host has ({host}); WSL lowers it to the host's memory without a warning."
        / "`memory={value}` はホストのメモリ（{host}）より多いため、WSL は警告なしにホストのメモリまで下げます。";
    FIX_MEMORY_OVER_HOST: "Leave Windows room: set memory to at most the host's memory minus 2–4 GB."
        / "Windows の分を残すため、`memory` はホストのメモリから 2～4 GB 引いた値以下にしてください。";
    PROCESSORS_DEFAULT: "processors={value} means all of the host's logical processors."
        / "`processors={value}` はホストのすべての論理プロセッサを意味します。";
    SPARSE_VHD: "Current WSL forces sparse VHDs off, so sparseVhd=true has no effect."
        / "現在の WSL はスパース VHD を強制的に無効にするため、`sparseVhd=true` は効果がありません。";
    FIX_SPARSE_VHD: "Remove the line; to give disk space back, compact the disk instead (`wsltune inspect` shows how much and how)."
        / "この行を削除してください。ディスク領域を取り戻すには、代わりにディスクを圧縮します（どれだけ、どうやって圧縮するかは `wsltune inspect` が示します）。";
    SEMICOLON_IN_VALUE: "'{value}' keeps the text after ';': only '#' starts a comment."
        / "`{value}` には `;` の後の文字列も含まれます。コメントを始めるのは `#` だけです。";
    FIX_SEMICOLON: "Replace ';' with '#'." / "`;` を `#` に置き換えてください。";

    // WSL's defaults in words (JSON keeps the English; the text shows these).
    DEFAULT_HALF_MEMORY: "50% of the host's memory" / "ホストのメモリの 50%";
    DEFAULT_ALL_PROCESSORS: "all logical processors of the host" / "ホストのすべての論理プロセッサ";
    DEFAULT_SWAP: "25% of the VM's memory, rounded up to a whole GB"
        / "VM のメモリの 25%、GB 単位に切り上げ";
    DEFAULT_SWAP_SHORT: "25% of the VM's memory" / "VM のメモリの 25%";
    DEFAULT_INBOX_KERNEL: "the inbox kernel" / "標準のカーネル";
    DEFAULT_INBOX_MODULES: "the inbox modules" / "標準のモジュール";
    DEFAULT_INBOX_SYSTEM_DISTRO: "the inbox system distro" / "標準のシステム ディストリビューション";
    DEFAULT_EMPTY: "(empty)" / "（空）";
    DEFAULT_NONE: "(none)" / "（なし）";
    DEFAULT_RANDOM_MAC: "(random when bridged)" / "（ブリッジ時はランダム）";
    DEFAULT_NESTED: "true on Windows 11 (x64)" / "Windows 11 (x64) では true";
    DEFAULT_COMPUTED: "computed" / "自動計算";
    /// What WSL uses now when it is its default (`recommend`'s current column).
    CURRENT_DEFAULT: "default: {value}" / "既定値（{value}）";

    // The editor (`apply`).
    EDIT_CONTINUED: "{key} on line {line} continues over several lines (backslash at the end); edit it by hand or join its lines first"
        / "{line} 行目の `{key}` は複数行にわたっています（行末がバックスラッシュ）。手で編集するか、先に行をつなげてください";
    EDIT_TRAILING_BACKSLASH: "the last line ends with a backslash and no line break, so WSL would join it with a new line; remove the backslash or end the line first"
        / "最後の行が改行なしのバックスラッシュで終わっているため、WSL は新しい行とつなげてしまいます。バックスラッシュを削除するか、先に改行してください";
    EDIT_VERIFY: "the edit would not work as intended ({why}); nothing was written"
        / "この編集は意図どおりに働きません（{why}）。何も書き込んでいません";
    EDIT_CARRIAGE_RETURN: "a value cannot contain a carriage return" / "値に復帰文字（CR）は含められません";
    EDIT_ENTRY_LOST: "entry lost" / "項目が失われました";
    EDIT_NEWLY_WARN: "WSL would newly warn: {warning}" / "WSL が新たに警告します: {warning}";
    EDIT_WARN: "WSL would warn: {warning}" / "WSL が警告します: {warning}";

    // Reading and writing the file.
    DIFF_AFTER: "{file} (after wsltune apply)" / "{file}（`wsltune apply` の適用後）";
    THROUGH_LINK: "{file} (through the link {link})" / "{file}（リンク {link} 経由）";
    UNLOCATED: "the location of .wslconfig is not known ({why}); pass --wslconfig PATH (e.g. /mnt/c/Users/<you>/.wslconfig)"
        / "`.wslconfig` の場所がわかりません（{why}）。`--wslconfig PATH` で指定してください（例: `/mnt/c/Users/<you>/.wslconfig`）";
    FOLDER: "'{path}' is a folder, not a file; .wslconfig must be a plain text file"
        / "`{path}` はファイルではなくフォルダーです。`.wslconfig` は普通のテキスト ファイルでなければなりません";
    TOO_LARGE: "'{path}' is {bytes} bytes; a .wslconfig is a few hundred bytes, so this is not one (wsltune reads at most 1 MiB)"
        / "`{path}` は {bytes} バイトあります。`.wslconfig` は数百バイトなので、これは違います（wsltune が読むのは 1 MiB まで）";
    CANNOT_READ: "cannot read '{path}': {cause}" / "`{path}` を読めません: {cause}";
    UTF16_ODD: "is UTF-16 with an odd number of bytes (cut off?); save it again as UTF-8"
        / "UTF-16 ですがバイト数が奇数です（途中で切れている?）。UTF-8 で保存し直してください";
    UTF16_INVALID: "is UTF-16 with an invalid character; save it again as UTF-8"
        / "UTF-16 ですが無効な文字があります。UTF-8 で保存し直してください";
    UTF16_BE: "is UTF-16 big-endian, which WSL does not read; save it as UTF-8 (Notepad: Save as, Encoding UTF-8)"
        / "WSL が読めない UTF-16 ビッグ エンディアンです。UTF-8 で保存してください（メモ帳: [名前を付けて保存]、エンコード UTF-8）";
    UTF16_NO_BOM: "looks like UTF-16 without a byte order mark, which WSL reads as garbage; save it as UTF-8"
        / "バイト順マークのない UTF-16 のようで、WSL には意味のない文字列として読まれます。UTF-8 で保存してください";
    NOT_UTF8: "is not valid UTF-8 (line {line}, byte {at}); it was probably saved in a legacy code page: save it as UTF-8"
        / "有効な UTF-8 ではありません（{line} 行目、{at} バイト目）。古いコード ページで保存されたようです。UTF-8 で保存してください";
    ENCODING: "'{path}' {why}" / "`{path}` は{why}";
    SAVE_CHANGED: "{path} changed while wsltune was working; run the command again"
        / "wsltune の処理中に {path} が変更されました。もう一度コマンドを実行してください";
    SAVE_UNREADABLE: "{path} cannot be read again ({error}); nothing written"
        / "{path} をもう一度読めません（{error}）。何も書き込んでいません";
    SAVE_APPEARED: "{path} appeared while wsltune was working; run the command again"
        / "wsltune の処理中に {path} が作成されました。もう一度コマンドを実行してください";
    SAVE_READ_ONLY: "{path} is read-only; clear its read-only attribute (or chmod u+w) to let wsltune edit it"
        / "{path} は読み取り専用です。wsltune が編集できるよう、読み取り専用属性を外してください（または `chmod u+w`）";
    SAVE_BACKUP_CREATING: "creating the backup {path} (the file is unchanged)"
        / "バックアップ {path} を作成できません（ファイルは変更していません）";
    SAVE_BACKUP_WRITING: "writing the backup {path} (the file is unchanged)"
        / "バックアップ {path} を書き込めません（ファイルは変更していません）";
    SAVE_TOO_MANY_BACKUPS: "too many backups named {name}.wsltune-{stamp}Z-*.bak in {dir}"
        / "{dir} に `{name}.wsltune-{stamp}Z-*.bak` という名前のバックアップが多すぎます";
    SAVE_LINK: "cannot follow the symbolic link {path} ({cause}); nothing written"
        / "シンボリック リンク {path} をたどれません（{cause}）。何も書き込んでいません";
    SAVE_WRITE: "writing {path} (the file is unchanged)"
        / "{path} を書き込めません（ファイルは変更していません）";

    // `apply --set`: a value WSL's parser would not accept.
    NOT_SIZE: "'{value}' is not a size; write e.g. 8GB or 512MB"
        / "`{value}` はサイズではありません。`8GB` や `512MB` のように書いてください";
    NOT_WHOLE: "'{value}' is not a whole number" / "`{value}` は整数ではありません";
    NOT_BOOL: "'{value}' is not true or false" / "`{value}` は `true` でも `false` でもありません";
    NOT_ONE_OF: "'{value}' is not one of {values}" / "`{value}` は {values} のいずれでもありません";
    NOT_IPV4: "'{value}' is not a dotted IPv4 address"
        / "`{value}` はドット区切りの IPv4 アドレスではありません";
    NOT_PORTS: "'{value}' is not a comma-separated list of ports 1-65535"
        / "`{value}` は 1～65535 のポート番号をコンマで区切ったリストではありません";
    NOT_MAC: "'{value}' is not a MAC address like 00:15:5d:01:02:03"
        / "`{value}` は `00:15:5d:01:02:03` のような MAC アドレスではありません";
}

/// WSL's default for a key, as [`super::keys::KEYS`] describes it in English, in the current
/// language (values such as `60000` or `Nat` are the same in both).
pub fn default_in_words(english: &str) -> &str {
    ALL.iter()
        .filter(|t| t.key.starts_with("DEFAULT_"))
        .find(|t| t.en == english)
        .map_or(english, |t| t.get())
}

/// What WSL uses now as `recommend` and `apply` keep it (`8GB`, or `default: 50% of …`), in the
/// current language.
pub fn current_in_words(current: &str) -> String {
    match current.strip_prefix("default: ") {
        Some(value) => CURRENT_DEFAULT.fill(&[("value", &default_in_words(value))]),
        None => current.to_owned(),
    }
}
