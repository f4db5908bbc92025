//! The background monitor for people, in English and Japanese: its status (`service status`,
//! and the end of `doctor`), and what `service install` and `service uninstall` explain, ask,
//! print and refuse. `service status --json` keeps its keys and values; the task's XML and the
//! systemd unit are files, not messages.
#![allow(missing_docs)] // Each text is named for what it says.

crate::texts! {
    // `service status`.
    LABEL_SERVICE: "Service" / "サービス";
    LABEL_RUNNING: "Running" / "実行状態";
    LABEL_HISTORY: "History" / "履歴";
    LABEL_NEWEST: "Newest sample" / "最新の記録";
    LABEL_LOG: "Log" / "ログ";
    KIND_SYSTEMD: "systemd unit wsltune-monitor.service" / "systemd ユニット `wsltune-monitor.service`";
    KIND_TASK: "Windows task wsltune-monitor" / "Windows タスク `wsltune-monitor`";
    REGISTERED: "{kind}: registered ({by})" / "{kind}: 登録済み（{by}）";
    NOT_INSTALLED: "{kind}: not installed (wsltune service install)" / "{kind}: 未インストール（`wsltune service install`）";
    REGISTRATION_UNKNOWN: "{kind}: unknown ({by})" / "{kind}: 不明（{by}）";
    RUNNING: "running" / "実行中";
    NOT_RUNNING: "not running" / "停止中";
    NOT_KNOWN: "not known from here" / "ここからは分かりません";
    SINCE: "{running} since {since}" / "{running}（{since} から）";
    STATE: "{running} (state: {state})" / "{running}（状態: {state}）";
    HISTORY_NOT_CREATED: "{path} (not created yet)" / "{path}（まだ作成されていません）";
    UNKNOWN: "unknown" / "不明";
    AGO: "{time} ({age} ago)" / "{time}（{age}前）";
    NOTHING_TO_ASK: "No background monitor can be asked about here."
        / "ここでは、バックグラウンドのモニターについて確認できるものがありません。";
    WRITING_STATUS: "writing the status" / "状態を書き出せませんでした";
    // How the registration was found out: `--json` keeps the English (`registered_by`), which
    // `status::registered_by_words` says in the language.
    BY_QUERY: "schtasks /Query" / "`schtasks /Query` で確認";
    BY_NO_SCHTASKS: "schtasks.exe could not be run" / "`schtasks.exe` を実行できませんでした";
    BY_QUERY_SILENT: "schtasks /Query said nothing" / "`schtasks /Query` の応答がありません";
    BY_TASK_FILE: "schtasks /Query said nothing; the task file {path}"
        / "`schtasks /Query` の応答がないため、タスクのファイル {path} で確認";
    BY_UNIT_FILE: "the unit file {path}" / "ユニット ファイル {path} で確認";
    BY_EXE: "wsltune.exe: {by}" / "`wsltune.exe` の回答: {by}";

    // `service install` and `uninstall` natively on Windows: the task.
    SYSTEMD_ON_WINDOWS: "--systemd is for inside WSL; on Windows, install the task: wsltune service install"
        / "`--systemd` は WSL の中で使うものです。Windows ではタスクをインストールしてください: `wsltune service install`";
    EXE_UNKNOWN: "cannot tell where wsltune.exe is" / "`wsltune.exe` の場所が分かりません";
    NO_USERNAME: "USERNAME is not set, so the task cannot name you; run this from your own session"
        / "`USERNAME` が設定されていないため、タスクの実行ユーザーを指定できません。ご自分のセッションから実行してください";
    XML_PLACEHOLDER: "<this XML, as UTF-16>" / "<この XML（UTF-16）>";
    WOULD_REGISTER: "Would register the Windows task '{name}' (at your logon, no window, no time limit):\n  {create}\n  {run}\nIts action: {helper} {arguments}\nThe history: {db}\nThe task's XML:\n"
        / "Windows タスク '{name}' を次のように登録します（ログオン時に起動、ウィンドウなし、時間制限なし。`--dry-run` のため実際には登録しません）:\n  {create}\n  {run}\nタスクの操作: {helper} {arguments}\n履歴: {db}\nタスクの XML:\n";
    NO_HELPER: "the no-console helper '{helper}' is not beside wsltune.exe; build both (cargo build --release --target x86_64-pc-windows-gnu builds wsltune.exe and wsltunew.exe) and copy them together (README, \"Getting the Windows build\")"
        / "コンソールを持たないヘルパー '{helper}' が `wsltune.exe` の隣にありません。両方をビルドし（`cargo build --release --target x86_64-pc-windows-gnu` で `wsltune.exe` と `wsltunew.exe` ができます）、一緒にコピーしてください（README.ja.md の「Windows 版のビルド」）";
    CANNOT_CREATE_FOLDER: "cannot create the history's folder '{path}'" / "履歴のフォルダー '{path}' を作成できません";
    WRITING_XML: "writing the task's XML" / "タスクの XML を書き込めませんでした";
    REGISTERING: "registering the task" / "タスクを登録できませんでした";
    REGISTERED_TASK: "Registered the Windows task '{name}': at each logon it runs {helper} without a window,\nrecording into {db} (log: {log}).\n{started}\nCheck it with `wsltune service status`; remove it with `wsltune service uninstall` (the history stays)."
        / "Windows タスク '{name}' を登録しました。ログオンのたびに {helper} をウィンドウなしで実行し、\n{db} に記録します（ログ: {log}）。\n{started}\n状態は `wsltune service status` で確認できます。削除するには `wsltune service uninstall` を実行してください（履歴は残ります）。";
    STARTED_NOW: "Started it now." / "今すぐ開始しました。";
    STARTS_AT_LOGON: "It starts at your next logon (starting it now failed: {error})."
        / "次のログオン時に開始します（今すぐの開始には失敗しました: {error}）。";
    REMOVING: "removing the task" / "タスクを削除できませんでした";
    REMOVED_TASK: "Removed the Windows task '{name}'. The history is kept."
        / "Windows タスク '{name}' を削除しました。履歴は残してあります。";
    SCHTASKS_CANNOT_RUN: "cannot run schtasks.exe (it is in C:\\Windows\\System32)"
        / "`schtasks.exe` を実行できません（C:\\Windows\\System32 にあるはずです）";
    SCHTASKS_FAILED: "schtasks.exe {args} failed: {said}" / "`schtasks.exe {args}` が失敗しました: {said}";
    TASK_DESCRIPTION: "wsltune monitor: records the WSL 2 VM's memory and CPU and Docker's disks into the history while you are logged on (wsltune service status; wsltune service uninstall removes it)."
        / "`wsltune monitor`: ログオン中、WSL 2 の VM のメモリと CPU、Docker のディスクを履歴に記録します（状態は `wsltune service status`、削除は `wsltune service uninstall`）。";

    // Inside WSL (and on Linux): the choice, and the systemd unit.
    CHOICES: "\
Two ways to keep `wsltune monitor` recording in the background:

  --windows  A Windows logon task runs wsltune.exe natively (recommended). It reads the VM
             only while the VM already runs and never keeps it awake; it needs no terminal
             and no systemd. Needs wsltune.exe (README, \"Getting the Windows build\").
             The history is then %LOCALAPPDATA%\\wsltune\\wsltune.db, which report,
             recommend and export here find and read through wsltune.exe.

  --systemd  A systemd unit in this distro. WSL stops the distro about 15 s after its last
             terminal closes (processes systemd starts do not count), so it records only
             while you have a WSL terminal open, unless .wslconfig has [general]
             instanceIdleTimeout=-1 — which keeps the distro, and with it the VM and its
             memory, running until `wsl --shutdown`. Needs systemd=true in /etc/wsl.conf
             and sudo.
" / "\
`wsltune monitor` をバックグラウンドで記録させ続ける方法は 2 つあります。

  `--windows`  Windows のログオン時に起動するタスクが `wsltune.exe` を
               Windows 上で直接実行します（推奨）。VM が動いている間だけ VM を
               読み取り、VM を起こしたままにすることはありません。端末も
               `systemd` も不要です。`wsltune.exe` が必要です（README.ja.md の
               「Windows 版のビルド」）。履歴は
               `%LOCALAPPDATA%\\wsltune\\wsltune.db` になり、ここで実行する
               `report`、`recommend`、`export` は `wsltune.exe` を通して
               それを読みます。

  `--systemd`  このディストリビューションの `systemd` ユニットです。WSL は最後の
               端末が閉じてから約 15 秒でディストリビューションを停止するため
               （`systemd` が起動したプロセスは数に入りません）、記録するのは
               WSL の端末を開いている間だけです。`.wslconfig` の `[general]` に
               `instanceIdleTimeout=-1` があれば別ですが、その場合は
               ディストリビューションも VM もそのメモリも、`wsl --shutdown`
               まで動き続けます。`/etc/wsl.conf` の `systemd=true` と `sudo` が
               必要です。
";
    CHOOSE_ONE: "choose one: wsltune service install --windows, or --systemd (add --dry-run to see what it would create)"
        / "どちらかを選んでください: `wsltune service install --windows` または `--systemd`（作成される内容を見るだけなら `--dry-run` を付けてください）";
    ASK_WHICH: "Install which? [w]indows / [s]ystemd / [n]either: "
        / "どちらをインストールしますか? `w`（`--windows`）/ `s`（`--systemd`）/ `n`（どちらもしない）: ";
    READING_ANSWER: "reading the answer" / "回答を読み取れませんでした";
    NOT_WSL: "this is not WSL: run `wsltune service install` in PowerShell on Windows"
        / "ここは WSL ではありません。Windows の PowerShell で `wsltune service install` を実行してください";
    NO_UNIT: "no systemd unit is installed here ({unit}); to remove the Windows task: wsltune service uninstall --windows"
        / "ここには `systemd` ユニットがインストールされていません（{unit}）。Windows タスクを削除するには: `wsltune service uninstall --windows`";
    REMOVED_UNIT: "Removed {unit}. The history is kept." / "{unit} を削除しました。履歴は残してあります。";
    NO_WINDOWS_EXE: "wsltune.exe was not found (looked on PATH and in {dir}); build and install it from this folder of the wsltune source with:\n  {command}\nthen run this again"
        / "`wsltune.exe` が見つかりません（`PATH` と {dir} を探しました）。wsltune のソースのこのフォルダーで次のコマンドを実行してビルドとインストールを行い:\n  {command}\nもう一度実行してください";
    CANNOT_RUN_EXE: "cannot run {exe} (is WSL interop on?)"
        / "{exe} を実行できません（WSL の相互運用が有効か確認してください）";
    WSLTUNE_UNKNOWN: "cannot tell where wsltune is" / "wsltune の場所が分かりません";
    USER_NOT_SET: "USER is not set" / "`USER` が設定されていません";
    WOULD_WRITE_UNIT: "Would write {unit}:\n\n{text}"
        / "{unit} に次の内容を書き込みます（`--dry-run` のため実際には書き込みません）:\n\n{text}";
    AND_RUN: "and run (with sudo):" / "続けて次のコマンドを実行します（`sudo` で）:";
    THE_UNIT_ABOVE: "<the unit above>" / "<上のユニット>";
    SYSTEMD_NOT_RUNNING: "systemd is not running in this distro: add [boot] systemd=true to /etc/wsl.conf, run `wsl.exe --shutdown` in PowerShell, open the distro again and run this again (or use --windows)"
        / "このディストリビューションでは `systemd` が動いていません。`/etc/wsl.conf` の `[boot]` に `systemd=true` を追加し、PowerShell で `wsl.exe --shutdown` を実行してから、ディストリビューションを開き直してもう一度実行してください（または `--windows` を使ってください）";
    INSTALLED_UNIT: "Installed and started {unit} (history: {db}).\nIt records while this distro runs: WSL stops the distro about 15 s after its last terminal closes, unless .wslconfig has [general] instanceIdleTimeout=-1 (which keeps the VM running too).\nCheck it with `wsltune service status` or `journalctl -u wsltune-monitor`."
        / "{unit} をインストールして開始しました（履歴: {db}）。\n記録するのはこのディストリビューションが動いている間です。WSL は最後の端末が閉じてから約 15 秒でディストリビューションを停止します（`.wslconfig` の `[general]` に `instanceIdleTimeout=-1` があれば停止しませんが、VM も動き続けます）。\n状態は `wsltune service status` か `journalctl -u wsltune-monitor` で確認できます。";
    CANNOT_RUN_COMMAND: "cannot run `{command}`" / "`{command}` を実行できません";
    COMMAND_FAILED: "`{command}` failed ({status})" / "`{command}` が失敗しました（{status}）";
}
