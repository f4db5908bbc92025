//! The checks of `doctor`, one function per best practice (Docker's "WSL 2 best practices" and
//! the WSL pain points in the reference facts). Each returns findings; none reads the disk twice.

use std::path::{Path, PathBuf};

use super::{EnvironmentReport, Finding, Severity};
use crate::locate::environment::SIGNALS_LOOKED_FOR;
use crate::locate::winpath::DriveMounts;
use crate::locate::{Inputs, Kind, Locations, Profile};
use crate::units::format_bytes;
use crate::vhdx::{InspectError, Inspection};

/// What the checks look at.
pub struct Facts<'a> {
    /// The resolved locations.
    pub inputs: &'a Inputs,
    /// What `locate` found.
    pub found: &'a Locations,
    /// The environment with VM and host sizes.
    pub environment: &'a EnvironmentReport,
    /// The project folder to check, if any.
    pub project: Option<&'a Path>,
    /// What reading each disk of `found.disks` gave.
    pub inspections: &'a [Result<Inspection, InspectError>],
    /// `.wslconfig` as WSL reads it, when it exists.
    pub wslconfig: Option<&'a super::WslConfigView>,
}

/// Runs every check.
pub fn all(facts: &Facts<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    environment(facts, &mut out);
    profile(facts, &mut out);
    project(facts, &mut out);
    engine(facts, &mut out);
    wslconfig(facts, &mut out);
    super::disks::check(facts, &mut out);
    for p in &facts.found.problems {
        out.push(finding(Severity::Warning, p.code, p.message.clone(), p.fix.clone()));
    }
    out
}

pub(super) fn finding(
    severity: Severity,
    code: &'static str,
    message: String,
    fix: impl Into<String>,
) -> Finding {
    Finding { severity, code, message, fix: fix.into() }
}

fn environment(facts: &Facts<'_>, out: &mut Vec<Finding>) {
    let env = &facts.environment.environment;
    match env.kind {
        Kind::Wsl1 => {
            let distro = env.distro.as_deref().unwrap_or("<distro>");
            out.push(finding(
                Severity::Error,
                "wsl1",
                format!(
                    "This distro ('{distro}') runs under WSL 1 (kernel '{}'): Docker Desktop needs WSL 2, and WSL 1 has no VM for wsltune to measure.",
                    env.kernel.as_deref().unwrap_or("?")
                ),
                format!("In PowerShell: `wsl --set-version {distro} 2` (and `wsl --set-default-version 2` for new distros), then enable WSL integration for it in Docker Desktop (Settings > Resources > WSL integration)."),
            ));
        }
        Kind::Linux => out.push(finding(
            Severity::Info,
            "not-wsl",
            format!(
                "This is not WSL: plain Linux (kernel '{}'). wsltune looked for {}.",
                env.kernel.as_deref().unwrap_or("unknown"),
                SIGNALS_LOOKED_FOR.join(", ")
            ),
            "Run wsltune inside a WSL 2 distro or on Windows; to examine a copy of a Windows profile here, pass --windows-home DIR.",
        )),
        Kind::Wsl2 | Kind::Windows => {}
    }
}

fn profile(facts: &Facts<'_>, out: &mut Vec<Finding>) {
    let severity = if facts.environment.environment.kind == Kind::Linux {
        Severity::Info
    } else {
        Severity::Warning
    };
    match &facts.found.profile {
        Profile::Found { .. } => {}
        Profile::NotFound { looked } => out.push(finding(
            severity,
            "windows-home-not-found",
            format!(
                "The Windows user profile was not found, so Docker's disks and .wslconfig were not looked for. Looked at: {}.",
                if looked.is_empty() { "nothing (no Windows drives here)".to_owned() } else { looked.join("; ") }
            ),
            "Pass --windows-home with your profile folder as seen from here, e.g. --windows-home /mnt/c/Users/<you>.",
        )),
        Profile::Ambiguous { candidates, .. } => out.push(finding(
            Severity::Warning,
            "windows-home-ambiguous",
            format!(
                "Several Windows profiles could be yours: {}; wsltune does not guess.",
                candidates.iter().map(|c| c.display().to_string()).collect::<Vec<_>>().join(", ")
            ),
            "Pass --windows-home with the right one (or set WSLTUNE_WINDOWS_HOME).",
        )),
    }
}

fn project(facts: &Facts<'_>, out: &mut Vec<Finding>) {
    let env = facts.environment.environment.kind;
    let (Some(dir), true) = (facts.project, env.is_wsl()) else { return };
    let DriveMounts::Automount { automount, .. } = &facts.found.mounts else { return };
    let Some(path) = distro_path(dir, facts.inputs) else { return };
    let mounts = std::fs::read_to_string(facts.inputs.in_proc("mounts"))
        .map(|t| super::project::parse_mounts(&t))
        .unwrap_or_default();
    if let Some(why) = super::project::on_windows_drive(&path, &mounts, automount) {
        out.push(finding(
            Severity::Warning,
            "project-on-windows-drive",
            format!(
                "The project folder {} is on a Windows drive ({why}). Containers that bind-mount it read files much more slowly, and changes there raise no inotify events inside containers (no hot reload).",
                path.display()
            ),
            "Keep projects in the distro's own filesystem (e.g. ~/src) and open them from there (`code .`, \\\\wsl$ in Explorer), as Docker's WSL 2 best practices advise.",
        ));
    }
}

/// The project folder as the distro sees it: absolute, and without the `--root` prefix.
fn distro_path(dir: &Path, inputs: &Inputs) -> Option<PathBuf> {
    let dir = std::fs::canonicalize(dir).ok()?;
    if !inputs.root_given {
        return Some(dir);
    }
    let root = std::fs::canonicalize(&inputs.root).ok()?;
    let inside = dir.strip_prefix(&root).ok()?;
    Some(Path::new("/").join(inside))
}

fn engine(facts: &Facts<'_>, out: &mut Vec<Finding>) {
    let env = &facts.environment.environment;
    let in_docker_distro = env.distro.as_deref().is_some_and(|d| d.starts_with("docker-desktop"));
    if !env.kind.is_wsl() || in_docker_distro {
        return;
    }
    let evidence = super::distro_engine::evidence(&facts.inputs.root);
    if evidence.is_empty() {
        return;
    }
    out.push(finding(
        Severity::Warning,
        "docker-engine-in-distro",
        format!(
            "A Docker Engine is installed inside this distro beside Docker Desktop: {}. Two engines compete for /var/run/docker.sock, and `docker` may talk to the wrong one.",
            evidence.join(", ")
        ),
        "Remove the distro's engine (Debian/Ubuntu: `sudo apt-get purge docker-ce docker.io containerd.io`; `sudo systemctl disable --now docker.service`) and use Docker Desktop's WSL integration instead.",
    ));
}

fn wslconfig(facts: &Facts<'_>, out: &mut Vec<Finding>) {
    let location = &facts.found.wslconfig;
    let Some(path) = &location.path else { return };
    if location.exists {
        if let Some(view) = facts.wslconfig {
            wslconfig_contents(facts, view, out);
        }
        return;
    }
    if path.exists() {
        out.push(finding(
            Severity::Error,
            "wslconfig-not-a-file",
            format!("{} exists but is not a file, so WSL ignores it.", path.display()),
            "Remove or rename that folder and write .wslconfig as a plain text file.",
        ));
        return;
    }
    // Common misnamings (microsoft/WSL#6890, #10985): WSL reads only `.wslconfig`.
    let folder = path.parent().unwrap_or(Path::new("."));
    for wrong in [
        ".wslconfig.txt",
        ".wslconf",
        "wslconfig",
        "wslconfig.txt",
        ".wslconfig.ini",
        ".wsl.config",
    ] {
        if folder.join(wrong).is_file() {
            out.push(finding(
                Severity::Warning,
                "wslconfig-misnamed",
                format!("{} exists, but WSL reads only {}; the settings in it are ignored.", folder.join(wrong).display(), path.display()),
                format!("Rename it to .wslconfig (in PowerShell: `Rename-Item $env:USERPROFILE\\{wrong} .wslconfig`), then `wsl --shutdown`."),
            ));
        }
    }
    let mut message = format!(
        "No .wslconfig at {}: WSL uses its defaults — memory: half of the host's memory; processors: all of the host's logical processors; swap: a quarter of the VM's memory, rounded up to a whole GB.",
        path.display()
    );
    if let Some(vm) = &facts.environment.vm {
        let mem = vm.memory_bytes.map_or("?".to_owned(), format_bytes);
        let cpus = vm.processors.map_or("?".to_owned(), |n| n.to_string());
        let swap = vm.swap_bytes.map_or("?".to_owned(), format_bytes);
        message.push_str(&format!(
            " The VM has {mem} of memory, {cpus} processors and {swap} of swap now."
        ));
    } else if let Some(host) = &facts.environment.host {
        let vm_memory = host.memory_bytes / 2;
        message.push_str(&format!(
            " On this host that is {} of memory, {} processors and {} of swap.",
            format_bytes(vm_memory),
            host.logical_processors,
            format_bytes(crate::units::ceil_to_gib(vm_memory / 4)),
        ));
    }
    out.push(finding(
        Severity::Info,
        "no-wslconfig",
        message,
        "The defaults are a fair start. To set limits, create the file with a [wsl2] section (e.g. `memory=8GB`), then run `wsl --shutdown` so the VM restarts with them.",
    ));
}

/// What `lint` finds, and settings the running VM does not have yet (the file changed after the
/// VM started: only a restart applies it).
fn wslconfig_contents(facts: &Facts<'_>, view: &super::WslConfigView, out: &mut Vec<Finding>) {
    use crate::wslconfig::lint::Severity as LintSeverity;
    if let Some(error) = &view.error {
        out.push(finding(
            Severity::Warning,
            "wslconfig-unreadable",
            format!("{error}."),
            "Save .wslconfig as UTF-8 (Notepad: Save as, Encoding UTF-8), then run `wsltune lint`.",
        ));
        return;
    }
    let wsl = view.findings.iter().filter(|f| f.wsl_prints).count();
    let ours = view
        .findings
        .iter()
        .filter(|f| !f.wsl_prints && f.severity >= LintSeverity::Warning)
        .count();
    if let Some(first) = view.findings.iter().find(|f| f.severity >= LintSeverity::Warning) {
        let line = first.line.map_or(String::new(), |l| format!("line {l}: "));
        out.push(finding(
            if view.findings.iter().any(|f| f.severity == LintSeverity::Error) { Severity::Error } else { Severity::Warning },
            "wslconfig-problems",
            format!(
                ".wslconfig has {} WSL warns about at every VM start and {} WSL applies silently; the first, {line}{}",
                crate::units::plural(wsl as u64, "line", "lines"),
                crate::units::plural(ours as u64, "problem", "problems"),
                first.message
            ),
            "Run `wsltune lint` for every line and its fix.",
        ));
    }
    let Some(vm) = &facts.environment.vm else { return };
    let pending = not_applied(&view.config, vm);
    if !pending.is_empty() {
        out.push(finding(
            Severity::Warning,
            "wslconfig-not-applied",
            format!("The running VM does not have what .wslconfig says: {}. WSL reads the file only when the VM starts.", pending.join("; ")),
            "Run `wsl --shutdown` in PowerShell (it stops every distro; start Docker Desktop again afterwards), then start your distro.",
        ));
    }
}

/// What `.wslconfig` sets that the running VM does not have, one entry per key in WSL's
/// spelling beside the VM's size (`memory 8GB (the VM has 15.59 GiB)`): WSL reads the file only
/// when the VM starts, so these wait for `wsl --shutdown`. `doctor` and `report` both say it.
pub fn not_applied(config: &crate::wslconfig::config::Config, vm: &super::VmView) -> Vec<String> {
    use crate::wslconfig::keys;
    let mut pending = Vec::new();
    if let (Some(want), Some(have)) = (
        config.valid_value("wsl2.memory").and_then(keys::parse_size).filter(|b| *b >= 256 << 20),
        vm.memory_bytes,
    ) {
        // MemTotal is a little under the configured size (the kernel keeps some).
        if have > want || have < want / 10 * 9 {
            pending.push(format!(
                "memory {} (the VM has {})",
                keys::format_size(want),
                format_bytes(have)
            ));
        }
    }
    if let (Some(want), Some(have)) = (
        config.valid_value("wsl2.processors").and_then(keys::parse_int).filter(|n| *n > 0),
        vm.processors,
    ) && usize::try_from(want).is_ok_and(|w| w != have)
    {
        pending.push(format!("processors {want} (the VM has {have})"));
    }
    if let (Some(want), Some(have)) =
        (config.valid_value("wsl2.swap").and_then(keys::parse_size), vm.swap_bytes)
        && want.abs_diff(have) > want / 100 + (1 << 20)
    {
        pending.push(format!(
            "swap {} (the VM has {})",
            keys::format_size(want),
            format_bytes(have)
        ));
    }
    pending
}
