//! The texts of the checklist's own checks (`checks`, `disks`, `project`, `distro_engine`), in
//! English and Japanese, with the Japanese terms of Docker's WSL 2 guide.
#![allow(missing_docs)] // Each text is named for what it says; a fix is `<FINDING>_FIX`.

use crate::i18n::{Lang, Text, fill};
use crate::locate::Role;

/// `n` with the noun `one` (for 1) or `many`, each holding `{n}`.
pub fn counted(n: u64, one: Text, many: Text) -> String {
    let text = if n == 1 { one } else { many };
    text.fill(&[("n", &n)])
}

/// A disk's role for people.
pub fn role_label(role: Role) -> &'static str {
    role_label_in(role, crate::i18n::current())
}

/// A disk's role for people, in `lang`.
pub fn role_label_in(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::DockerData => ROLE_DOCKER_DATA,
        Role::DockerDistro => ROLE_DOCKER_DISTRO,
        Role::Distro => ROLE_DISTRO,
        Role::Other => ROLE_OTHER,
    }
    .in_lang(lang)
}

/// Where `locate` looked for the profile (its English words), in `lang`; a place it does not
/// know, as it is.
pub fn looked(english: &str, lang: Lang) -> String {
    let (english, missing) = match english.strip_suffix(" (no such folder)") {
        Some(place) => (place, true),
        None => (english, false),
    };
    let with_value = |text: Text, name: &str| {
        let (head, tail) = text.en.split_once(&format!("{{{name}}}"))?;
        let value = english.strip_prefix(head)?.strip_suffix(tail)?;
        Some(fill(text.in_lang(lang), &[(name, &value)]))
    };
    let place = [LOOKED_VARIABLE, LOOKED_INTEROP_SILENT]
        .into_iter()
        .find(|t| t.en == english)
        .map(|t| t.in_lang(lang).to_owned())
        .or_else(|| with_value(LOOKED_INTEROP_NOT_A_FOLDER, "path"))
        .or_else(|| with_value(LOOKED_PROFILES, "folder"));
    match place {
        Some(place) if missing => fill(NO_SUCH_FOLDER.in_lang(lang), &[("place", &place)]),
        Some(place) => place,
        None if missing => format!("{english} (no such folder)"),
        None => english.to_owned(),
    }
}

crate::texts! {
    /// Between the items of a list.
    LIST_SEP: ", " / "、";
    /// Between the entries of a longer list.
    LIST_SEP_SEMI: "; " / "、";
    /// A value that could not be read.
    UNKNOWN: "unknown" / "不明";

    ROLE_DOCKER_DATA: "Docker data" / "Docker データ";
    ROLE_DOCKER_DISTRO: "Docker distro" / "Docker ディストリビューション";
    ROLE_DISTRO: "WSL distro" / "WSL ディストリビューション";
    ROLE_OTHER: "disk" / "ディスク";

    WSL1: "This distro ('{distro}') runs under WSL 1 (kernel '{kernel}'): Docker Desktop needs WSL 2, and WSL 1 has no VM for wsltune to measure." / "このディストリビューション（'{distro}'）は WSL 1 で動作しています（カーネル '{kernel}'）。Docker Desktop には WSL 2 が必要です。また WSL 1 には wsltune が測定できる VM がありません。";
    WSL1_FIX: "In PowerShell: `wsl --set-version {distro} 2` (and `wsl --set-default-version 2` for new distros), then enable WSL integration for it in Docker Desktop (Settings > Resources > WSL integration)." / "PowerShell で `wsl --set-version {distro} 2` を実行し（新しいディストリビューション用に `wsl --set-default-version 2` も）、Docker Desktop の 設定 (Settings) → リソース (Resources) → WSL 統合 (WSL integration) でこのディストリビューションの統合を有効にしてください。";
    NOT_WSL: "This is not WSL: plain Linux (kernel '{kernel}'). wsltune looked for {signals}." / "ここは WSL ではなく通常の Linux です（カーネル '{kernel}'）。wsltune は次のものを探しました: {signals}。";
    NOT_WSL_FIX: "Run wsltune inside a WSL 2 distro or on Windows; to examine a copy of a Windows profile here, pass --windows-home DIR." / "wsltune は WSL 2 のディストリビューション内か Windows 上で実行してください。ここで Windows プロファイルのコピーを調べるには `--windows-home DIR` を指定してください。";
    SIGNAL_KERNEL: "a kernel release containing 'microsoft' (/proc/sys/kernel/osrelease)" / "'microsoft' を含むカーネルリリース（`/proc/sys/kernel/osrelease`）";
    SIGNAL_VARIABLES: "the WSL_DISTRO_NAME and WSL_INTEROP variables" / "環境変数 `WSL_DISTRO_NAME` と `WSL_INTEROP`";
    SIGNAL_INTEROP: "/proc/sys/fs/binfmt_misc/WSLInterop" / "`/proc/sys/fs/binfmt_misc/WSLInterop` ファイル";

    HOME_NOT_FOUND: "The Windows user profile was not found, so Docker's disks and .wslconfig were not looked for. Looked at: {looked}." / "Windows のユーザープロファイルが見つからないため、Docker のディスクと `.wslconfig` は探していません。調べた場所: {looked}。";
    LOOKED_VARIABLE: "the USERPROFILE variable (not set)" / "環境変数 `USERPROFILE`（未設定）";
    LOOKED_INTEROP_NOT_A_FOLDER: "WSL interop: %USERPROFILE% is '{path}', which is not a folder here" / "WSL の相互運用: `%USERPROFILE%` は '{path}' ですが、ここではフォルダーではありません";
    LOOKED_INTEROP_SILENT: "WSL interop (cmd.exe /c echo %USERPROFILE%): no answer" / "WSL の相互運用（`cmd.exe /c echo %USERPROFILE%`）: 応答なし";
    LOOKED_PROFILES: "the profiles in {folder}" / "{folder} 内のプロファイル";
    NO_SUCH_FOLDER: "{place} (no such folder)" / "{place}（フォルダーがありません）";
    DISTRO_UNKNOWN: "<distro>" / "<ディストリビューション名>";
    LOOKED_NOWHERE: "nothing (no Windows drives here)" / "なし（ここには Windows のドライブがありません）";
    HOME_NOT_FOUND_FIX: "Pass --windows-home with your profile folder as seen from here, e.g. --windows-home /mnt/c/Users/<you>." / "ここから見たプロファイルのフォルダーを `--windows-home` で指定してください（例: `--windows-home /mnt/c/Users/<ユーザー名>`）。";
    HOME_AMBIGUOUS: "Several Windows profiles could be yours: {candidates}; wsltune does not guess." / "あなたのものと思われる Windows プロファイルが複数あります: {candidates}。wsltune は推測では選びません。";
    HOME_AMBIGUOUS_FIX: "Pass --windows-home with the right one (or set WSLTUNE_WINDOWS_HOME)." / "正しいものを `--windows-home` で指定してください（または環境変数 `WSLTUNE_WINDOWS_HOME` を設定してください）。";

    PROJECT_ON_WINDOWS: "The project folder {path} is on a Windows drive ({why}). Containers that bind-mount it read files much more slowly, and changes there raise no inotify events inside containers (no hot reload)." / "プロジェクトフォルダー {path} は Windows のドライブ上にあります（{why}）。これをバインドマウントするコンテナーはファイルの読み込みがかなり遅くなり、そこでの変更はコンテナー内で inotify イベントを発生させません（ホットリロードが効きません）。";
    PROJECT_ON_WINDOWS_FIX: "Keep projects in the distro's own filesystem (e.g. ~/src) and open them from there (`code .`, \\\\wsl$ in Explorer), as Docker's WSL 2 best practices advise." / "Docker の WSL 2 ベストプラクティスにあるとおり、プロジェクトはディストリビューション自身のファイルシステム（例: `~/src`）に置き、そこから開いてください（`code .`、エクスプローラーでは `\\\\wsl$`）。";
    MOUNTED_FROM_WINDOWS: "{target} is mounted from Windows ('{source}', {fstype})" / "{target} は Windows からマウントされています（'{source}'、{fstype}）";
    AUTOMOUNT_FOLDER: "{folder} is the automount folder of drive {drive}:" / "{folder} はドライブ {drive}: の自動マウント先です";

    ENGINE_IN_DISTRO: "A Docker Engine is installed inside this distro beside Docker Desktop: {evidence}. Two engines compete for /var/run/docker.sock, and `docker` may talk to the wrong one." / "Docker Desktop とは別に、このディストリビューション内に Docker Engine がインストールされています: {evidence}。2 つのエンジンが `/var/run/docker.sock` を取り合い、`docker` が別のほうのエンジンにつながることがあります。";
    ENGINE_IN_DISTRO_FIX: "Remove the distro's engine (Debian/Ubuntu: `sudo apt-get purge docker-ce docker.io containerd.io`; `sudo systemctl disable --now docker.service`) and use Docker Desktop's WSL integration instead." / "ディストリビューションのエンジンを削除し（Debian/Ubuntu: `sudo apt-get purge docker-ce docker.io containerd.io`、`sudo systemctl disable --now docker.service`）、代わりに Docker Desktop の WSL 統合を使ってください。";
    EVIDENCE_BINARY: "the binary {path}" / "実行ファイル {path}";
    EVIDENCE_PACKAGE: "the package '{package}'" / "パッケージ '{package}'";
    EVIDENCE_SERVICE: "the service {path}" / "サービス {path}";
    EVIDENCE_SNAP: "the snap 'docker'" / "snap パッケージ 'docker'";

    WSLCONFIG_NOT_A_FILE: "{path} exists but is not a file, so WSL ignores it." / "{path} は存在しますがファイルではないため、WSL はこれを無視します。";
    WSLCONFIG_NOT_A_FILE_FIX: "Remove or rename that folder and write .wslconfig as a plain text file." / "そのフォルダーを削除するか名前を変え、`.wslconfig` を通常のテキストファイルとして作成してください。";
    WSLCONFIG_MISNAMED: "{wrong} exists, but WSL reads only {path}; the settings in it are ignored." / "{wrong} がありますが、WSL が読むのは {path} だけなので、その中の設定は無視されます。";
    WSLCONFIG_MISNAMED_FIX: "Rename it to .wslconfig (in PowerShell: `Rename-Item $env:USERPROFILE\\{name} .wslconfig`), then `wsl --shutdown`." / "名前を `.wslconfig` に変え（PowerShell で `Rename-Item $env:USERPROFILE\\{name} .wslconfig`）、`wsl --shutdown` を実行してください。";
    NO_WSLCONFIG: "No .wslconfig at {path}: WSL uses its defaults — memory: half of the host's memory; processors: all of the host's logical processors; swap: a quarter of the VM's memory, rounded up to a whole GB." / "{path} がないため、WSL は既定値を使います — メモリ: ホストのメモリの半分、プロセッサ: ホストのすべての論理プロセッサ、スワップ: VM のメモリの 4 分の 1（GB 単位に切り上げ）。";
    NO_WSLCONFIG_VM: "{message} The VM has {memory} of memory, {processors} processors and {swap} of swap now." / "{message}現在の VM はメモリ {memory}、プロセッサ {processors} 個、スワップ {swap} です。";
    NO_WSLCONFIG_HOST: "{message} On this host that is {memory} of memory, {processors} processors and {swap} of swap." / "{message}このホストでは、メモリ {memory}、プロセッサ {processors} 個、スワップ {swap} になります。";
    NO_WSLCONFIG_FIX: "The defaults are a fair start. To set limits, create the file with a [wsl2] section (e.g. `memory=8GB`), then run `wsl --shutdown` so the VM restarts with them." / "最初は既定値で十分です。上限を設定するには、`[wsl2]` セクションを含むファイルを作成し（例: `memory=8GB`）、`wsl --shutdown` を実行して VM をその設定で起動し直してください。";
    WSLCONFIG_UNREADABLE: "{error}." / "`.wslconfig` を読み取れませんでした: {error}";
    WSLCONFIG_UNREADABLE_FIX: "Save .wslconfig as UTF-8 (Notepad: Save as, Encoding UTF-8), then run `wsltune lint`." / "`.wslconfig` を UTF-8 で保存し（メモ帳: 名前を付けて保存 → エンコード UTF-8）、`wsltune lint` を実行してください。";
    WSLCONFIG_PROBLEMS: ".wslconfig has {wsl} WSL warns about at every VM start and {ours} WSL applies silently; the first, {at}{message}" / "`.wslconfig` には、VM の起動のたびに WSL が警告する行が {wsl}、WSL が黙って適用してしまう問題が {ours} あります。最初のもの: {at}{message}";
    LINES_ONE: "{n} line" / "{n} 行";
    LINES: "{n} lines" / "{n} 行";
    PROBLEMS_ONE: "{n} problem" / "{n} 件";
    PROBLEMS: "{n} problems" / "{n} 件";
    AT_LINE: "line {line}: " / "{line} 行目: ";
    WSLCONFIG_PROBLEMS_FIX: "Run `wsltune lint` for every line and its fix." / "すべての行と修正方法は `wsltune lint` で確認してください。";
    NOT_APPLIED: "The running VM does not have what .wslconfig says: {pending}. WSL reads the file only when the VM starts." / "実行中の VM には `.wslconfig` の設定が反映されていません: {pending}。WSL がこのファイルを読むのは VM の起動時だけです。";
    NOT_APPLIED_FIX: "Run `wsl --shutdown` in PowerShell (it stops every distro; start Docker Desktop again afterwards), then start your distro." / "PowerShell で `wsl --shutdown` を実行してから（すべてのディストリビューションが停止するので、その後 Docker Desktop を起動し直してください）、ディストリビューションを起動してください。";
    PENDING_MEMORY: "memory {want} (the VM has {have})" / "メモリ {want}（VM は {have}）";
    PENDING_PROCESSORS: "processors {want} (the VM has {have})" / "プロセッサ {want}（VM は {have}）";
    PENDING_SWAP: "swap {want} (the VM has {have})" / "スワップ {want}（VM は {have}）";

    DISK: "{role}{name}: {path} ({size}, {on_disk} on disk)." / "{role}{name}: {path}（{size}、ディスク上 {on_disk}）。";
    DISK_NO_ON_DISK: "{role}{name}: {path} ({size})." / "{role}{name}: {path}（{size}）。";
    DISK_DOCKER_DATA_FIX: "Deleting images does not shrink this file: prune inside Docker (`docker system prune`), run `wsl --shutdown`, then compact it (Optimize-VHD, or diskpart's `compact vdisk`)." / "イメージを削除してもこのファイルは小さくなりません。Docker 内で不要なデータを削除し（`docker system prune`）、`wsl --shutdown` を実行してから、ファイルを圧縮してください（Optimize-VHD、または diskpart の `compact vdisk`）。";
    DISK_DOCKER_DISTRO_FIX: "Docker Desktop manages this disk; it stays small and needs nothing." / "このディスクは Docker Desktop が管理しています。小さいままなので、何もする必要はありません。";
    DISK_DISTRO_FIX: "This file grows but never shrinks: after deleting files, run `sudo fstrim -av` in the distro and `wsl --shutdown`, then compact it (Optimize-VHD, or diskpart's `compact vdisk`)." / "このファイルは大きくなっても小さくはなりません。ファイルを削除した後、ディストリビューション内で `sudo fstrim -av` を、続けて `wsl --shutdown` を実行してから、ファイルを圧縮してください（Optimize-VHD、または diskpart の `compact vdisk`）。";
    NOT_INSPECTED: "{path} could not be read as a VHDX: {reason}" / "{path} を VHDX として読み取れませんでした。理由: {reason}";
    NOT_INSPECTED_FIX: "Run `wsltune inspect` on it after `wsl --shutdown`; if it still fails, the file is not a VHDX WSL can use." / "`wsl --shutdown` の後で、このファイルに `wsltune inspect` を実行してください。それでも失敗する場合、このファイルは WSL が使える VHDX ではありません。";
    DISK_NESTED: "Docker's disk {path} lies in a doubly nested DockerDesktopWSL folder (docker/for-win#13384)." / "Docker のディスク {path} は、二重に入れ子になった `DockerDesktopWSL` フォルダーの中にあります（`docker/for-win#13384`）。";
    DISK_NESTED_FIX: "It works, but Docker may look for it one level up after an update; move it with Docker Desktop (Settings > Resources > Advanced > Disk image location) rather than by hand." / "このままでも動作しますが、更新後に Docker が 1 つ上の階層を探すことがあります。手作業ではなく Docker Desktop で移動してください（設定 (Settings) → リソース (Resources) → 詳細 (Advanced) → ディスクイメージの場所）。";
    OLD_DATA_DISK: "Both Docker's current data disk (docker_data.vhdx) and the old docker-desktop-data disk {path} ({size}) exist. Docker Desktop 4.30+ migrates to the first; the old one may be left over." / "Docker の現在のデータディスク（`docker_data.vhdx`）と、古い `docker-desktop-data` のディスク {path}（{size}）の両方があります。Docker Desktop 4.30 以降は前者に移行するので、古いほうは使われないまま残っている可能性があります。";
    OLD_DATA_DISK_FIX: "Check with `wsl -l -v` in PowerShell: if no 'docker-desktop-data' distro is listed, the old disk is unused; back it up or delete it to get its space back." / "PowerShell で `wsl -l -v` を実行して確認してください。`docker-desktop-data` ディストリビューションが表示されなければ古いディスクは使われていないので、バックアップするか削除して容量を取り戻せます。";
    LEGACY_LAYOUT: "Docker Desktop uses the old layout (the docker-desktop-data distro, Docker Desktop 4.29 and older)." / "Docker Desktop は古い構成（`docker-desktop-data` ディストリビューション。Docker Desktop 4.29 以前）を使っています。";
    LEGACY_LAYOUT_FIX: "Updating Docker Desktop migrates the data to docker_data.vhdx (4.30+; existing installs were migrated from 4.36)." / "Docker Desktop を更新すると、データは `docker_data.vhdx` に移行されます（4.30 以降。既存のインストールは 4.36 から移行されました）。";
    DISK_NOT_FOUND: "No Docker Desktop WSL 2 disk was found. Looked in: {folders}." / "Docker Desktop の WSL 2 ディスクは見つかりませんでした。探した場所: {folders}。";
    DISK_NOT_FOUND_FIX: "If Docker Desktop is installed, see where it keeps its disks: Settings > Resources > Advanced > Disk image location." / "Docker Desktop がインストールされている場合は、ディスクの保存場所を確認してください: 設定 (Settings) → リソース (Resources) → 詳細 (Advanced) → ディスクイメージの場所。";
    BLOAT: "{role} {path} is {size} but its ext4 filesystem uses {used}: compacting it would give about {reclaimable} back." / "{role} {path} のファイルは {size} ありますが、中の ext4 ファイルシステムが使っているのは {used} です。圧縮すると約 {reclaimable} を取り戻せます。";
    BLOAT_FIX: "Quit Docker Desktop and run `wsl --shutdown`, then `wsltune compact \"{path}\"`: it shows what would come back and how (no administrator rights, no fstrim); `wsltune inspect` also lists the administrator alternative (Optimize-VHD or diskpart)." / "Docker Desktop を終了して `wsl --shutdown` を実行し、続けて `wsltune compact \"{path}\"` を実行してください。取り戻せる容量と方法が表示されます（管理者権限も fstrim も不要です）。管理者権限で行う別の方法（Optimize-VHD または diskpart）は `wsltune inspect` にも表示されます。";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `not-wsl` names, in words, the signals `locate` looks for.
    #[test]
    fn the_signals_named_are_the_ones_looked_for() {
        let english = [SIGNAL_KERNEL, SIGNAL_VARIABLES, SIGNAL_INTEROP].map(|t| t.en);
        assert_eq!(english, crate::locate::environment::SIGNALS_LOOKED_FOR);
    }

    #[test]
    fn where_the_profile_was_looked_for_is_said_in_japanese() {
        for english in [
            "the USERPROFILE variable (not set)",
            "WSL interop: %USERPROFILE% is 'C:\\Users\\bob', which is not a folder here",
            "WSL interop (cmd.exe /c echo %USERPROFILE%): no answer",
            "the profiles in /mnt/c/Users",
            "the profiles in /mnt/c/Users (no such folder)",
        ] {
            assert_eq!(looked(english, Lang::En), english);
            let ja = looked(english, Lang::Ja);
            assert!(ja.chars().any(|c| c > '\u{3000}'), "{english} -> {ja}");
        }
        assert_eq!(
            looked("the profiles in /mnt/c/Users (no such folder)", Lang::Ja),
            "/mnt/c/Users 内のプロファイル（フォルダーがありません）"
        );
        assert_eq!(looked("elsewhere (no such folder)", Lang::Ja), "elsewhere (no such folder)");
    }
}
