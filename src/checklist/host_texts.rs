//! The texts of the checks on Docker's engine and settings (`docker`) and on the Windows side
//! (`windows`), in English and Japanese. Setting paths name Docker Desktop's and Windows'
//! Japanese menus, with Docker Desktop's English names beside them.
#![allow(missing_docs)] // Each text is named for what it says; a fix is `<FINDING>_FIX`.

use crate::i18n::{Lang, current};

/// Where a Windows fact came from (`locate::windows_host`'s `found_by`: a command, or a registry
/// key in English words), for people: a command as it is (in backticks in Japanese), a key in
/// the current language.
pub fn source(found_by: &str) -> String {
    let said = [SOURCE_LXSS, SOURCE_BUILD].into_iter().find(|t| t.en == found_by);
    match (said, current()) {
        (Some(text), _) => text.get().to_owned(),
        (None, Lang::En) => found_by.to_owned(),
        (None, Lang::Ja) => format!("`{found_by}`"),
    }
}

crate::texts! {
    SOURCE_LXSS: "the Lxss registry key" / "レジストリキー `Lxss`";
    SOURCE_BUILD: "the registry (CurrentBuild, UBR)" / "レジストリ（`CurrentBuild`、`UBR`）";
    UNREACHABLE: "Docker's engine could not be asked: {problem}." / "Docker のエンジンに問い合わせできませんでした: {problem}。";
    NO_ANSWER: "no answer" / "応答がありません";
    MOUNT_ON_WINDOWS: "Container '{name}' ({image}) bind-mounts {source} from the Windows drive {drive}: at {destination}: file access across the drive boundary is slow, and changes made in Windows raise no file events in the container." / "コンテナー '{name}'（{image}）は、Windows のドライブ {drive}: 上の {source} を {destination} にバインドマウントしています。ドライブの境界をまたぐファイルアクセスは遅く、Windows 側での変更はコンテナー内でファイルイベントを発生させません。";
    MOUNT_ON_WINDOWS_FIX: "Keep the project in the distro's own filesystem (e.g. ~/src, opened in Windows as \\\\wsl$\\<distro>\\home\\…) and bind-mount it from there (Docker's WSL 2 best practices)." / "プロジェクトはディストリビューション自身のファイルシステム（例: `~/src`。Windows からは `\\\\wsl$\\<ディストリビューション名>\\home\\…` で開けます）に置き、そこからバインドマウントしてください（Docker の WSL 2 ベストプラクティス）。";
    DESKTOP_OLD: "Docker Desktop {found} runs the engine; wsltune expects {floor} or later (from 4.36 every WSL 2 install keeps Docker's data in docker_data.vhdx, and older releases are no longer offered for download)." / "エンジンを動かしている Docker Desktop は {found} ですが、wsltune は {floor} 以降を前提としています（4.36 以降、WSL 2 のすべてのインストールで Docker のデータは `docker_data.vhdx` に置かれ、それより古いリリースはダウンロードできなくなっています）。";
    DESKTOP_OLD_FIX: "Update Docker Desktop: Settings → Software updates → Check for updates (or download the installer from docs.docker.com/desktop/release-notes), then run `wsltune doctor` again." / "Docker Desktop を更新してください: 設定 (Settings) → ソフトウェアの更新 (Software updates) →「更新を確認」（または `docs.docker.com/desktop/release-notes` からインストーラーをダウンロード）。その後 `wsltune doctor` をもう一度実行してください。";
    WSL_ENGINE_OFF: "Docker Desktop's settings ({file}) have its WSL 2 based engine off: Docker runs in a Hyper-V VM of its own, beside WSL's." / "Docker Desktop の設定（{file}）で WSL 2 ベースのエンジンがオフになっています。Docker は WSL の VM とは別に、専用の Hyper-V VM で動作しています。";
    WSL_ENGINE_OFF_FIX: "In Docker Desktop, Settings → General → turn on \"Use the WSL 2 based engine\", then Apply & restart." / "Docker Desktop の 設定 (Settings) → 全般 (General) で「WSL 2 ベースのエンジンを使用」をオンにし、「適用して再起動」(Apply & restart) をクリックしてください。";
    NOT_INTEGRATED_ELSEWHERE: "Docker Desktop's settings ({file}) do not list '{distro}' in IntegratedWslDistros, and integration with the default WSL distro reaches '{default}' (the default, in `wsl -l -v`), not '{distro}'. `docker` does not work here." / "Docker Desktop の設定（{file}）の `IntegratedWslDistros` に '{distro}' がありません。既定の WSL ディストリビューションとの統合が及ぶのは '{distro}' ではなく '{default}'（`wsl -l -v` での既定）です。ここでは `docker` が動作しません。";
    NOT_INTEGRATED_UNLESS_DEFAULT: "Docker Desktop's settings ({file}) do not list '{distro}' in IntegratedWslDistros: Docker is available here only if '{distro}' is your default WSL distro (`wsl -l -v` marks it with *)." / "Docker Desktop の設定（{file}）の `IntegratedWslDistros` に '{distro}' がありません。ここで Docker を使えるのは、'{distro}' が既定の WSL ディストリビューションである場合だけです（`wsl -l -v` で * が付いているもの）。";
    NOT_INTEGRATED: "Docker Desktop's settings ({file}) do not integrate '{distro}': it is not in IntegratedWslDistros, and integration with the default WSL distro is off. `docker` does not work here." / "Docker Desktop の設定（{file}）では '{distro}' が統合されていません。`IntegratedWslDistros` に含まれておらず、既定の WSL ディストリビューションとの統合もオフです。ここでは `docker` が動作しません。";
    NOT_INTEGRATED_FIX: "In Docker Desktop, Settings → Resources → WSL integration → turn on '{distro}' (or make it the default WSL distro: `wsl --set-default {distro}` in PowerShell), then Apply & restart." / "Docker Desktop の 設定 (Settings) → リソース (Resources) → WSL 統合 (WSL integration) で '{distro}' をオンにし（または PowerShell で `wsl --set-default {distro}` を実行して既定の WSL ディストリビューションにし）、「適用して再起動」(Apply & restart) をクリックしてください。";

    WINDOWS_TOO_OLD: "Windows build {build} (from {source}) is older than Windows 10 version 2004 (build 19041), the guide's prerequisite for Docker Desktop's WSL 2 backend." / "Windows のビルド {build}（{source} より）は、ガイドが Docker Desktop の WSL 2 バックエンドの前提条件とする Windows 10 バージョン 2004（ビルド 19041）より古いです。";
    WINDOWS_TOO_OLD_FIX: "Update Windows (Settings → Windows Update) to Windows 10 22H2 or Windows 11 23H2 or later, what current Docker Desktop requires." / "現在の Docker Desktop が必要とする Windows 10 22H2 または Windows 11 23H2 以降に、Windows を更新してください（設定 → Windows Update）。";
    WINDOWS_10_FLOOR: "Windows 10 22H2 (build 19045)" / "Windows 10 22H2（ビルド 19045）";
    WINDOWS_11_FLOOR: "Windows 11 23H2 (build 22631)" / "Windows 11 23H2（ビルド 22631）";
    RELEASE: " ({version})" / "（{version}）";
    WINDOWS_OLD: "Windows {product} build {build}{release} is older than {name}, what current Docker Desktop requires (its installation page); the guide's WSL 2 prerequisite is met." / "Windows {product} ビルド {build}{release} は、現在の Docker Desktop が必要とする {name} より古いです（Docker Desktop のインストールページより）。ガイドの WSL 2 の前提条件は満たしています。";
    WINDOWS_OLD_FIX: "Update Windows to {name} or later (Settings → Windows Update)." / "Windows を {name} 以降に更新してください（設定 → Windows Update）。";
    WSL_INBOX: "WSL is the inbox version that comes with Windows: `wsl --version` prints its usage instead of a version. Docker Desktop requires the WSL package {floor} or later." / "WSL が Windows に組み込まれた旧来の版です（`wsl --version` がバージョンではなく使い方を表示します）。Docker Desktop には WSL パッケージ {floor} 以降が必要です。";
    WSL_INBOX_FIX: "In PowerShell: `wsl --update` (it installs the WSL package from the Microsoft Store), then `wsl --shutdown`." / "PowerShell で `wsl --update` を実行し（Microsoft Store から WSL パッケージがインストールされます）、続けて `wsl --shutdown` を実行してください。";
    WSL_OLD: "WSL {version} (from {source}) is older than {floor}, what Docker Desktop requires." / "WSL {version}（{source} より）は、Docker Desktop が必要とする {floor} より古いです。";
    WSL_OLD_FIX: "In PowerShell: `wsl --update`, then `wsl --shutdown` so that the VM starts with the new version." / "PowerShell で `wsl --update` を実行し、続けて `wsl --shutdown` を実行して、VM を新しいバージョンで起動し直してください。";
    DEFAULT_VERSION_1: "WSL's default version is 1 (`DefaultVersion` in the Lxss registry key): distros installed from now on run under WSL 1, which Docker Desktop cannot integrate with." / "WSL の既定のバージョンが 1 です（`Lxss` レジストリキーの `DefaultVersion`）。今後インストールするディストリビューションは WSL 1 で動作し、Docker Desktop と統合できません。";
    DEFAULT_VERSION_1_FIX: "In PowerShell: `wsl --set-default-version 2` (step 6 of Docker's WSL 2 guide)." / "PowerShell で `wsl --set-default-version 2` を実行してください（Docker の WSL 2 ガイドの手順 6）。";
    DISTRO_WSL1: "The distro '{distro}' runs under WSL 1 (from {source}): Docker Desktop works only with WSL 2 distros." / "ディストリビューション '{distro}' は WSL 1 で動作しています（{source} より）。Docker Desktop が使えるのは WSL 2 のディストリビューションだけです。";
    DISTRO_WSL1_FIX: "In PowerShell: `wsl --set-version {distro} 2` (step 6 of Docker's WSL 2 guide; it converts the distro, which takes a while)." / "PowerShell で `wsl --set-version {distro} 2` を実行してください（Docker の WSL 2 ガイドの手順 6。ディストリビューションの変換にはしばらく時間がかかります）。";
    DEFAULT_DISTRO_DOCKER: "The default WSL distro is Docker Desktop's own '{distro}': `wsl` with no -d, and tools that use the default (VS Code), open Docker's internal distro, and Docker's \"integration with my default WSL distro\" (step 7 of the guide) applies to it instead of a distro of yours (microsoft/WSL#8727, #5923)." / "既定の WSL ディストリビューションが Docker Desktop 自身の '{distro}' になっています。`-d` なしの `wsl` や、既定を使うツール（VS Code）は Docker の内部用ディストリビューションを開き、Docker の「既定の WSL ディストリビューションとの統合」（ガイドの手順 7）も、あなたのディストリビューションではなくこれに適用されます（microsoft/WSL#8727、#5923）。";
    DEFAULT_DISTRO_DOCKER_FIX: "In PowerShell: `wsl --set-default {distro}`." / "PowerShell で `wsl --set-default {distro}` を実行してください。";
    YOUR_DISTRO: "<your distro>" / "<ディストリビューション名>";
}
