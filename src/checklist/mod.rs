//! Docker's WSL 2 guide as a checklist (what `wsltune doctor` runs): what wsltune found on this
//! machine — the environment, the VM's size, the disks with what reading them showed,
//! `.wslconfig` as WSL reads it — and what in the set-up goes against the guide's best
//! practices, each finding with a code, a severity and a fix. [`Report`] is the `--json` contract.

mod checks;
pub mod host_texts;
pub mod texts;
pub use checks::not_applied;
mod disks;
pub mod docker;
pub use disks::DISK_CODES;
pub mod distro_engine;
pub mod project;
pub mod windows;

use std::path::PathBuf;

use serde::Serialize;

use crate::locate::windows_host::{self, HostFacts, RegisteredDistro, WindowsBuild, WslPackage};
use crate::locate::{self, Disk, Environment, FileLocation, Inputs, Profile};
use crate::sample::host::{self, HostInfo};
use crate::sample::procfs;
use crate::vhdx;
use crate::wslconfig::{Target, lint};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: Docker Desktop cannot work well this way (exit status 1).
    Error,
    /// Should be fixed.
    Warning,
    /// Worth knowing.
    Info,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// A stable code, e.g. `wsl1` or `project-on-windows-drive`.
    pub code: &'static str,
    /// What wsltune saw, naming the file or value.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

/// A disk with the figures from reading it (null where it could not be read).
#[derive(Debug, Clone, Serialize)]
pub struct DiskReport {
    /// Where it is and how big the file is.
    #[serde(flatten)]
    pub disk: Disk,
    /// Bytes of payload blocks present in the VHDX.
    pub allocated_bytes: Option<u64>,
    /// What the ext4 filesystem inside uses.
    pub fs_used_bytes: Option<u64>,
    /// What trimming and compacting would give back at least.
    pub reclaimable_bytes: Option<u64>,
}

/// The VM's current size, read from its `/proc`.
#[derive(Debug, Clone, Serialize)]
pub struct VmView {
    /// `MemTotal`: the memory the VM has now.
    pub memory_bytes: Option<u64>,
    /// `SwapTotal`.
    pub swap_bytes: Option<u64>,
    /// Processors listed in `/proc/stat`.
    pub processors: Option<usize>,
}

/// The environment with the VM's and the host's sizes.
#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentReport {
    /// Kind, kernel, distro and evidence.
    #[serde(flatten)]
    pub environment: Environment,
    /// The utility VM as its `/proc` shows it (WSL 2 only).
    pub vm: Option<VmView>,
    /// The Windows host (natively on Windows only; inside WSL it is not visible).
    pub host: Option<HostInfo>,
}

/// `.wslconfig`: where it is and a summary of `wsltune lint`.
#[derive(Debug, Clone, Serialize)]
pub struct WslConfigReport {
    /// Where, whether it exists, how it was found.
    #[serde(flatten)]
    pub location: FileLocation,
    /// What `lint` finds (when the file exists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lint: Option<LintSummary>,
}

/// The counts of `wsltune lint`.
#[derive(Debug, Clone, Serialize)]
pub struct LintSummary {
    /// Warnings WSL prints at every VM start.
    pub wsl_warnings: usize,
    /// Further problems WSL does not mention (silent mangling, clamping, ...).
    pub problems: usize,
    /// The finding codes, in line order.
    pub codes: Vec<&'static str>,
    /// Why the file could not be read, if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `.wslconfig` as read for the checks.
#[derive(Debug, Clone, Default)]
pub struct WslConfigView {
    /// What lint finds.
    pub findings: Vec<lint::Finding>,
    /// What WSL applies.
    pub config: crate::wslconfig::config::Config,
    /// Why it could not be read.
    pub error: Option<String>,
}

fn read_wslconfig(found: &locate::Locations) -> Option<WslConfigView> {
    if !found.wslconfig.exists {
        return None;
    }
    Some(match Target::find(found) {
        Ok(target) => {
            let parsed = target.parse();
            let findings = parsed.lint(lint::Host::default());
            WslConfigView { findings, config: parsed.config, error: None }
        }
        Err(e) => WslConfigView { error: Some(e.to_string()), ..WslConfigView::default() },
    })
}

/// The whole answer of `doctor` (the `--json` contract).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Where wsltune runs.
    pub environment: EnvironmentReport,
    /// The Windows user profile folder.
    pub windows_home: Profile,
    /// Disks found: Docker's, then distros', with what inspecting them showed.
    pub disks: Vec<DiskReport>,
    /// The folders where Docker Desktop's disks were looked for.
    #[serde(serialize_with = "crate::fsinfo::json_path::list")]
    pub docker_folders: Vec<PathBuf>,
    /// `.wslconfig`, with what `lint` says about it.
    pub wslconfig: WslConfigReport,
    /// The history database.
    pub database: FileLocation,
    /// The project folder checked for Windows-drive mounts, as given or the current folder.
    #[serde(serialize_with = "crate::fsinfo::json_path::option")]
    pub project: Option<PathBuf>,
    /// What Docker's engine said; null with `--no-docker` (or a fixture tree).
    pub docker: Option<docker::DockerReport>,
    /// The Windows build; null where it could not be read.
    pub windows: Option<WindowsBuild>,
    /// The WSL package's version; null where it could not be asked.
    pub wsl: Option<WslPackage>,
    /// Every registered WSL distro, the default first (empty where they could not be listed).
    pub distros: Vec<RegisteredDistro>,
    /// Findings, errors first.
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Gathers everything and applies the checks.
pub fn build(inputs: &Inputs, project: Option<PathBuf>) -> Report {
    let found = locate::locate(inputs);
    let vm = match found.environment.kind {
        locate::Kind::Wsl2 => Some(read_vm(&inputs.proc_root)),
        locate::Kind::Windows if !inputs.root_given && !inputs.proc_root_given => {
            running_vm_proc(inputs, &found).map(|root| read_vm(&root))
        }
        _ => None,
    };
    let environment =
        EnvironmentReport { environment: found.environment.clone(), vm, host: host::host_info() };
    // Reading a disk's BAT and ext4 bitmaps takes milliseconds to a second over /mnt/c; the
    // figures show bloat, the main complaint about Docker's data disk.
    let inspections: Vec<_> = found.disks.iter().map(|d| vhdx::inspect_path(&d.path)).collect();
    let wslconfig = read_wslconfig(&found);
    let mut findings = checks::all(&checks::Facts {
        inputs,
        found: &found,
        environment: &environment,
        project: project.as_deref(),
        inspections: &inspections,
        wslconfig: wslconfig.as_ref(),
    });
    let host = gather_host(inputs, &found);
    windows::check(&host, &found.environment, &mut findings);
    let docker = docker::gather(inputs.docker.as_ref());
    docker::check(docker.as_ref(), found.environment.kind, &mut findings);
    let default_distro = host.distros.iter().find(|d| d.default).map(|d| d.name.as_str());
    docker::check_settings(&found, default_distro, &mut findings);
    findings.sort_by_key(|f| f.severity);
    Report {
        environment,
        windows_home: found.profile,
        disks: found
            .disks
            .into_iter()
            .zip(&inspections)
            .map(|(disk, inspection)| {
                let ok = inspection.as_ref().ok();
                DiskReport {
                    disk,
                    allocated_bytes: ok.and_then(|i| i.allocated_bytes),
                    fs_used_bytes: ok.and_then(|i| i.filesystem.as_ref()).map(|f| f.used_bytes),
                    reclaimable_bytes: ok.and_then(|i| i.reclaimable_bytes),
                }
            })
            .collect(),
        docker_folders: found.docker_folders,
        wslconfig: WslConfigReport {
            location: found.wslconfig,
            lint: wslconfig.map(|w| LintSummary {
                wsl_warnings: w.findings.iter().filter(|f| f.wsl_prints).count(),
                problems: w
                    .findings
                    .iter()
                    .filter(|f| !f.wsl_prints && f.severity >= lint::Severity::Warning)
                    .count(),
                codes: w.findings.iter().map(|f| f.code).collect(),
                error: w.error,
            }),
        },
        database: found.database,
        project,
        docker,
        windows: host.windows,
        wsl: host.wsl,
        distros: host.distros,
        findings,
    }
}

/// Asks the Windows side (each program once; never on a fixture tree's real Windows).
fn gather_host(inputs: &Inputs, found: &locate::Locations) -> HostFacts {
    let kind = found.environment.kind;
    let (side, _) = locate::windows_side(inputs, kind, &found.mounts);
    let native = (kind == locate::Kind::Windows && !inputs.root_given)
        .then(windows_host::read_native)
        .flatten();
    windows_host::gather(side.as_ref(), &found.lxss, native)
}

/// Natively on Windows: the `/proc` of a running distro, only while the VM runs (opening a
/// stopped distro's share would start it: `sample::vm_proc`).
fn running_vm_proc(inputs: &Inputs, found: &locate::Locations) -> Option<std::path::PathBuf> {
    use crate::sample::vm_proc::{parse_running, pick, share_path};
    crate::sample::host::HostSampler::default().vm_process()?;
    let (side, _) = locate::windows_side(inputs, found.environment.kind, &found.mounts);
    let running = parse_running(&locate::wsl_output::decode(&side.wsl_list_running()?));
    pick(&running, None).map(|d| share_path(&d))
}

fn read_vm(proc_root: &std::path::Path) -> VmView {
    let meminfo =
        std::fs::read_to_string(proc_root.join("meminfo")).ok().map(|t| procfs::parse_meminfo(&t));
    let processors = std::fs::read_to_string(proc_root.join("stat"))
        .ok()
        .map(|t| procfs::count_cpus(&t))
        .filter(|n| *n > 0);
    VmView {
        memory_bytes: meminfo.and_then(|m| m.total_bytes),
        swap_bytes: meminfo.and_then(|m| m.swap_total_bytes),
        processors,
    }
}
