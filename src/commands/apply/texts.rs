//! What `apply` says — what it will write, its questions, what it wrote, and why it refuses —
//! in English and Japanese. Each text's English says what it is for.
#![allow(missing_docs)]

crate::texts! {
    NOTHING_RECOMMENDED: "The recommendation changes nothing: {path} already has the limits the history supports."
        / "推奨による変更はありません。{path} にはすでに履歴に見合った上限が設定されています。";
    PROCESSORS_OVER: "--processors {n} is more than this host's {max} logical processors; WSL would lower it with a warning"
        / "`--processors {n}` はこのホストの論理プロセッサ数（{max}）を超えています。WSL は警告を出して値を下げます";
    MEMORY_OVER: "--memory {value} is more than this host's memory ({host}); WSL would lower it"
        / "`--memory {value}` はこのホストのメモリ（{host}）を超えています。WSL は値を下げます";
    LINK_NO_FOLDER: "{path} is a symbolic link to {target}, whose folder does not exist ({dir}); fix the link or create the folder"
        / "{path} は {target} へのシンボリック リンクですが、そのフォルダー（{dir}）がありません。リンクを直すか、フォルダーを作成してください";
    NO_FOLDER: "the folder of {path} does not exist ({dir}); check --wslconfig"
        / "{path} のフォルダー（{dir}）がありません。`--wslconfig` を確認してください";
    CANNOT_EDIT: "cannot edit {path}" / "{path} を編集できません";
    ALREADY: "{path} already has these values; nothing to change."
        / "{path} にはすでにこれらの値が設定されています。変更はありません。";
    LINK_EDITED: "{path} is a symbolic link to {target}: that file is edited, and the link is kept."
        / "{path} は {target} へのシンボリック リンクです。リンク先のファイルを編集し、リンクはそのまま残します。";
    LINK_CREATED: "{path} is a symbolic link to {target}: that file is created, and the link is kept."
        / "{path} は {target} へのシンボリック リンクです。リンク先のファイルを作成し、リンクはそのまま残します。";
    DRY_RUN: "--dry-run: nothing written." / "`--dry-run`: 何も書き込んでいません。";
    NO_TERMINAL: "not asking without a terminal: pass --yes to write {path} (or --dry-run to only see the diff)"
        / "端末がないため確認できません。{path} に書き込むには `--yes` を指定してください（差分を見るだけなら `--dry-run`）";
    ASK: "Write this to {path}?" / "{path} にこの内容を書き込みますか?";
    NOTHING_WRITTEN: "Nothing written." / "何も書き込んでいません。";
    WROTE: "Wrote {file} (backup of the previous file: {backup})."
        / "{file} に書き込みました（以前のファイルのバックアップ: {backup}）。";
    WROTE_THROUGH_LINK: "Wrote {file} (through the link {link}, which is kept; backup of the previous file: {backup})."
        / "リンク {link} を通して {file} に書き込みました（リンクはそのまま残します。以前のファイルのバックアップ: {backup}）。";
    CREATED: "Created {file}." / "{file} を作成しました。";
    CREATED_THROUGH_LINK: "Created {file}, where the link {link} pointed to no file yet; the link is kept."
        / "リンク {link} の指す先にはまだファイルがなかったため、{file} を作成しました。リンクはそのまま残します。";
    NOTHING_TO_APPLY: "nothing to apply: {note} Or give values: --memory, --processors, --swap, --set SECTION.KEY=VALUE"
        / "適用するものがありません: {note} または値を指定してください: `--memory`、`--processors`、`--swap`、`--set SECTION.KEY=VALUE`";
    RECOMMENDATION_FROM: "The recommendation from {samples} over {hours} hours (`wsltune recommend` explains each):"
        / "{hours} 時間・{samples}のサンプルからの推奨値（各理由は `wsltune recommend` で確認できます）:";
    RESTART_WAIT: "WSL reads .wslconfig only when its VM starts. To apply it now, run `wsl --shutdown` in PowerShell or cmd (it stops every running distro; start Docker Desktop again afterwards), then start your distro. Waiting \"8 seconds\" is not enough: the VM stops only about {total} s after the last distro exits (15 s until the distro stops, then vmIdleTimeout {idle} s), and not while Docker Desktop keeps its distro running."
        / "WSL が `.wslconfig` を読むのは VM の起動時だけです。すぐに反映するには、PowerShell かコマンド プロンプトで `wsl --shutdown` を実行し（実行中のディストリビューションはすべて停止します。その後 Docker Desktop を起動し直してください）、ディストリビューションを起動してください。「8 秒」待つだけでは足りません。VM が止まるのは最後のディストリビューションが終了してから約 {total} 秒後（ディストリビューションの停止まで 15 秒、その後 `vmIdleTimeout` の {idle} 秒）で、Docker Desktop がディストリビューションを動かしている間は止まりません。";
    RESTART_NEVER: "WSL reads .wslconfig only when its VM starts. To apply it now, run `wsl --shutdown` in PowerShell or cmd (it stops every running distro; start Docker Desktop again afterwards), then start your distro. Waiting \"8 seconds\" is not enough: the VM stops never by itself (vmIdleTimeout is negative), and not while Docker Desktop keeps its distro running."
        / "WSL が `.wslconfig` を読むのは VM の起動時だけです。すぐに反映するには、PowerShell かコマンド プロンプトで `wsl --shutdown` を実行し（実行中のディストリビューションはすべて停止します。その後 Docker Desktop を起動し直してください）、ディストリビューションを起動してください。「8 秒」待つだけでは足りません。`vmIdleTimeout` が負の値なので、VM はひとりでには止まりません。";

    // Flags given wrong.
    TWICE: "{key} is given twice; give each key once"
        / "`{key}` が 2 回指定されています。各キーは 1 回だけ指定してください";
    MEMORY_BELOW: "--memory {size} is below WSL's minimum of 256MB (WSL would raise it silently)"
        / "`--memory {size}` は WSL の最小値 `256MB` を下回っています（WSL は警告なしに引き上げます）";
    SET_NO_EQUALS: "--set '{item}' has no '='; write SECTION.KEY=VALUE, e.g. experimental.autoMemoryReclaim=gradual"
        / "`--set '{item}'` に `=` がありません。`SECTION.KEY=VALUE` の形で指定してください（例: `experimental.autoMemoryReclaim=gradual`）";
    KEY_LIST: "`wsltune lint --json` lists every key WSL reads (under \"effective\")"
        / "WSL が読むキーはすべて `wsltune lint --json` の `effective` に一覧されます";
    KEY_REMOVED: "WSL no longer reads {name} ({why}); there is nothing to set"
        / "WSL は `{name}` をもう読みません（{why}）。設定するものはありません";
    KEY_NEEDS_SECTION: "a key needs its section: did you mean {name}?"
        / "キーにはセクションが必要です。`{name}` のことですか?";
    KEY_OTHER_SECTION: "WSL reads '{short}' in [{section}], not in [{given}]: did you mean {name}?"
        / "WSL は `{short}` を `[{given}]` ではなく `[{section}]` で読みます。`{name}` のことですか?";
    KEY_NO_SECTION_ELSEWHERE: ".wslconfig has no section [{given}]; '{short}' is in [{section}]: did you mean {name}?"
        / "`.wslconfig` に `[{given}]` セクションはありません。`{short}` は `[{section}]` にあります。`{name}` のことですか?";
    KEY_WSL_CONF: "[{section}] is a section of /etc/wsl.conf inside each distro, not of .wslconfig; set it there"
        / "`[{section}]` は `.wslconfig` ではなく、各ディストリビューション内の `/etc/wsl.conf` のセクションです。そちらで設定してください";
    KEY_NO_SECTION_NEAR: ".wslconfig has no section [{section}]; did you mean [{near}]? {list}"
        / "`.wslconfig` に `[{section}]` セクションはありません。`[{near}]` のことですか? {list}";
    KEY_NO_SECTION: ".wslconfig has no section [{section}], only [wsl2], [experimental] and [general]; {list}"
        / "`.wslconfig` に `[{section}]` セクションはありません（あるのは `[wsl2]`、`[experimental]`、`[general]` だけです）。{list}";
    KEY_NO_KEY_NEAR: "WSL has no key '{short}' in [{section}]; did you mean {name}? {list}"
        / "WSL の `[{section}]` に `{short}` というキーはありません。`{name}` のことですか? {list}";
    KEY_NO_KEY_NEAR_BARE: "WSL has no key '{short}', and a key needs its section (SECTION.KEY); did you mean {name}? {list}"
        / "WSL に `{short}` というキーはなく、キーにはセクションが必要です（`SECTION.KEY`）。`{name}` のことですか? {list}";
    KEY_NO_KEY: "WSL has no key '{short}' in [{section}]; {list}"
        / "WSL の `[{section}]` に `{short}` というキーはありません。{list}";
    KEY_NO_KEY_BARE: "WSL has no key '{short}', and a key needs its section (SECTION.KEY); {list}"
        / "WSL に `{short}` というキーはなく、キーにはセクションが必要です（`SECTION.KEY`）。{list}";
}
