//! The checks of `doctor`, one function per best practice (Docker's "WSL 2 best practices" and
//! the WSL pain points in the reference facts). Each returns findings; none reads the disk twice.

use std::path::{Path, PathBuf};

use super::texts::{self as t, counted};
use super::{EnvironmentReport, Finding, Severity};
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
            let distro = env.distro.as_deref().unwrap_or(t::DISTRO_UNKNOWN.get());
            out.push(finding(
                Severity::Error,
                "wsl1",
                t::WSL1.fill(&[
                    ("distro", &distro),
                    ("kernel", &env.kernel.as_deref().unwrap_or("?")),
                ]),
                t::WSL1_FIX.fill(&[("distro", &distro)]),
            ));
        }
        Kind::Linux => out.push(finding(
            Severity::Info,
            "not-wsl",
            t::NOT_WSL.fill(&[
                ("kernel", &env.kernel.as_deref().unwrap_or(t::UNKNOWN.get())),
                ("signals", &signals()),
            ]),
            t::NOT_WSL_FIX.get(),
        )),
        Kind::Wsl2 | Kind::Windows => {}
    }
}

/// What tells WSL apart (`locate::environment::SIGNALS_LOOKED_FOR`), in words.
fn signals() -> String {
    [t::SIGNAL_KERNEL, t::SIGNAL_VARIABLES, t::SIGNAL_INTEROP]
        .map(|s| s.get())
        .join(t::LIST_SEP.get())
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
            t::HOME_NOT_FOUND.fill(&[(
                "looked",
                &if looked.is_empty() {
                    t::LOOKED_NOWHERE.get().to_owned()
                } else {
                    let lang = crate::i18n::current();
                    let places: Vec<String> = looked.iter().map(|l| t::looked(l, lang)).collect();
                    places.join(t::LIST_SEP_SEMI.get())
                },
            )]),
            t::HOME_NOT_FOUND_FIX.get(),
        )),
        Profile::Ambiguous { candidates, .. } => out.push(finding(
            Severity::Warning,
            "windows-home-ambiguous",
            t::HOME_AMBIGUOUS.fill(&[(
                "candidates",
                &candidates
                    .iter()
                    .map(|c| c.display().to_string())
                    .collect::<Vec<_>>()
                    .join(t::LIST_SEP.get()),
            )]),
            t::HOME_AMBIGUOUS_FIX.get(),
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
            t::PROJECT_ON_WINDOWS.fill(&[("path", &path.display()), ("why", &why)]),
            t::PROJECT_ON_WINDOWS_FIX.get(),
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
        t::ENGINE_IN_DISTRO.fill(&[("evidence", &evidence.join(t::LIST_SEP.get()))]),
        t::ENGINE_IN_DISTRO_FIX.get(),
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
            t::WSLCONFIG_NOT_A_FILE.fill(&[("path", &path.display())]),
            t::WSLCONFIG_NOT_A_FILE_FIX.get(),
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
                t::WSLCONFIG_MISNAMED
                    .fill(&[("wrong", &folder.join(wrong).display()), ("path", &path.display())]),
                t::WSLCONFIG_MISNAMED_FIX.fill(&[("name", &wrong)]),
            ));
        }
    }
    let mut message = t::NO_WSLCONFIG.fill(&[("path", &path.display())]);
    if let Some(vm) = &facts.environment.vm {
        let mem = vm.memory_bytes.map_or("?".to_owned(), format_bytes);
        let cpus = vm.processors.map_or("?".to_owned(), |n| n.to_string());
        let swap = vm.swap_bytes.map_or("?".to_owned(), format_bytes);
        message = t::NO_WSLCONFIG_VM.fill(&[
            ("message", &message),
            ("memory", &mem),
            ("processors", &cpus),
            ("swap", &swap),
        ]);
    } else if let Some(host) = &facts.environment.host {
        let vm_memory = host.memory_bytes / 2;
        message = t::NO_WSLCONFIG_HOST.fill(&[
            ("message", &message),
            ("memory", &format_bytes(vm_memory)),
            ("processors", &host.logical_processors),
            ("swap", &format_bytes(crate::units::ceil_to_gib(vm_memory / 4))),
        ]);
    }
    out.push(finding(Severity::Info, "no-wslconfig", message, t::NO_WSLCONFIG_FIX.get()));
}

/// What `lint` finds, and settings the running VM does not have yet (the file changed after the
/// VM started: only a restart applies it).
fn wslconfig_contents(facts: &Facts<'_>, view: &super::WslConfigView, out: &mut Vec<Finding>) {
    use crate::wslconfig::lint::Severity as LintSeverity;
    if let Some(error) = &view.error {
        out.push(finding(
            Severity::Warning,
            "wslconfig-unreadable",
            t::WSLCONFIG_UNREADABLE.fill(&[("error", error)]),
            t::WSLCONFIG_UNREADABLE_FIX.get(),
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
        let at = first.line.map_or(String::new(), |l| t::AT_LINE.fill(&[("line", &l)]));
        out.push(finding(
            if view.findings.iter().any(|f| f.severity == LintSeverity::Error) {
                Severity::Error
            } else {
                Severity::Warning
            },
            "wslconfig-problems",
            t::WSLCONFIG_PROBLEMS.fill(&[
                ("wsl", &counted(wsl as u64, t::LINES_ONE, t::LINES)),
                ("ours", &counted(ours as u64, t::PROBLEMS_ONE, t::PROBLEMS)),
                ("at", &at),
                ("message", &first.message),
            ]),
            t::WSLCONFIG_PROBLEMS_FIX.get(),
        ));
    }
    let Some(vm) = &facts.environment.vm else { return };
    let pending = not_applied(&view.config, vm);
    if !pending.is_empty() {
        out.push(finding(
            Severity::Warning,
            "wslconfig-not-applied",
            t::NOT_APPLIED.fill(&[("pending", &pending.join(t::LIST_SEP_SEMI.get()))]),
            t::NOT_APPLIED_FIX.get(),
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
            pending.push(
                t::PENDING_MEMORY
                    .fill(&[("want", &keys::format_size(want)), ("have", &format_bytes(have))]),
            );
        }
    }
    if let (Some(want), Some(have)) = (
        config.valid_value("wsl2.processors").and_then(keys::parse_int).filter(|n| *n > 0),
        vm.processors,
    ) && usize::try_from(want).is_ok_and(|w| w != have)
    {
        pending.push(t::PENDING_PROCESSORS.fill(&[("want", &want), ("have", &have)]));
    }
    if let (Some(want), Some(have)) =
        (config.valid_value("wsl2.swap").and_then(keys::parse_size), vm.swap_bytes)
        && want.abs_diff(have) > want / 100 + (1 << 20)
    {
        pending.push(
            t::PENDING_SWAP
                .fill(&[("want", &keys::format_size(want)), ("have", &format_bytes(have))]),
        );
    }
    pending
}
