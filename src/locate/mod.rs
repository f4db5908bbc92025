//! Where things are: the kind of system, the Windows profile, Docker Desktop's disks, the WSL
//! distro disks, `.wslconfig` and the history database — each result saying how it was found.
//!
//! Every location can be overridden from the command line (`--proc-root`, `--root`,
//! `--windows-home`, `--wslconfig`, `--db`); the tests drive exactly these with fixture trees.

pub mod desktop_settings;
pub mod disk;
pub mod distros;
pub mod docker;
pub mod environment;
pub mod history;
pub mod interop;
pub mod language;
pub mod profile;
pub mod texts;
pub mod windows_host;
pub mod winpath;
pub mod wsl_output;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use disk::{Disk, Role};
pub use environment::{Environment, Kind};
use interop::{FixtureWindows, Interop, NoInterop, WindowsSide};
pub use profile::Profile;
use winpath::DriveMounts;

/// A bad location given on the command line.
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    /// A flag names a folder that does not exist or is not a folder.
    #[error("{}", texts::NOT_A_FOLDER.fill(&[("flag", flag), ("path", &path.display())]))]
    NotAFolder {
        /// The flag, e.g. `--windows-home`.
        flag: &'static str,
        /// What was given.
        path: PathBuf,
    },
}

/// What the user named instead of letting wsltune look: the command line's global flags (or
/// their `WSLTUNE_*` variables). Every field left `None` is discovered.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// The VM's `/proc` (`--proc-root`).
    pub proc_root: Option<PathBuf>,
    /// The Linux filesystem root (`--root`).
    pub root: Option<PathBuf>,
    /// The Windows user profile folder (`--windows-home`).
    pub windows_home: Option<PathBuf>,
    /// The `.wslconfig` file (`--wslconfig`).
    pub wslconfig: Option<PathBuf>,
    /// The history database (`--db`).
    pub db: Option<PathBuf>,
    /// The Docker engine (`--docker-host`), over `DOCKER_HOST`.
    pub docker_host: Option<String>,
    /// Leave Docker alone (`--no-docker`).
    pub no_docker: bool,
}

/// The locations to use, after the overrides.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The VM's `/proc`.
    pub proc_root: PathBuf,
    /// Whether `--proc-root` was given.
    pub proc_root_given: bool,
    /// The Linux filesystem root.
    pub root: PathBuf,
    /// Whether `--root` was given.
    pub root_given: bool,
    /// `--windows-home`.
    pub windows_home: Option<PathBuf>,
    /// `--wslconfig`.
    pub wslconfig: Option<PathBuf>,
    /// `--db`.
    pub db: Option<PathBuf>,
    /// Where to ask Docker: `None` to leave it alone (`--no-docker`, or a fixture tree given
    /// with `--root`/`--proc-root` and no `--docker-host`); `Some(None)` for the default places;
    /// `Some(Some(host))` for `--docker-host` or `DOCKER_HOST`.
    pub docker: Option<Option<String>>,
}

impl Inputs {
    /// Applies the global overrides and checks that the folders they name exist.
    pub fn resolve(args: &Overrides) -> Result<Self, LocateError> {
        for (flag, dir) in [
            ("--proc-root", &args.proc_root),
            ("--root", &args.root),
            ("--windows-home", &args.windows_home),
        ] {
            if let Some(dir) = dir.as_ref().filter(|d| !d.is_dir()) {
                return Err(LocateError::NotAFolder { flag, path: dir.clone() });
            }
        }
        Ok(Inputs {
            proc_root: args.proc_root.clone().unwrap_or_else(|| PathBuf::from("/proc")),
            proc_root_given: args.proc_root.is_some(),
            root: args.root.clone().unwrap_or_else(|| PathBuf::from("/")),
            root_given: args.root.is_some(),
            windows_home: args.windows_home.clone(),
            wslconfig: args.wslconfig.clone(),
            db: args.db.clone(),
            docker: docker_setting(args, std::env::var("DOCKER_HOST").ok()),
        })
    }

    /// A path inside the Linux filesystem (`/etc/wsl.conf`), under `--root` when given.
    pub fn in_root(&self, absolute: &str) -> PathBuf {
        winpath::under_root(&self.root, Path::new(absolute))
    }

    /// A path inside the VM's `/proc` (`sys/kernel/osrelease`).
    pub fn in_proc(&self, relative: &str) -> PathBuf {
        self.proc_root.join(relative)
    }
}

/// A file wsltune reads or writes, and whether it is there yet.
#[derive(Debug, Clone, Serialize)]
pub struct FileLocation {
    /// The path; `null` when it could not be worked out.
    #[serde(serialize_with = "crate::fsinfo::json_path::option")]
    pub path: Option<PathBuf>,
    /// Whether a file exists there.
    pub exists: bool,
    /// How the path was chosen.
    pub found_by: String,
}

impl FileLocation {
    fn at(path: PathBuf, found_by: impl Into<String>) -> Self {
        FileLocation { exists: path.is_file(), path: Some(path), found_by: found_by.into() }
    }
}

/// Something that went wrong while looking, for `doctor` to report.
#[derive(Debug, Clone)]
pub struct Problem {
    /// A stable code, e.g. `docker-settings-unreadable`.
    pub code: &'static str,
    /// What is wrong, naming the file.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// Everything found.
#[derive(Debug, Clone)]
pub struct Locations {
    /// The kind of system.
    pub environment: Environment,
    /// How Windows drives appear here.
    pub mounts: DriveMounts,
    /// The Windows user profile.
    pub profile: Profile,
    /// Disks that exist, Docker's first, without duplicates.
    pub disks: Vec<Disk>,
    /// The folders where Docker's layout was looked for.
    pub docker_folders: Vec<PathBuf>,
    /// `.wslconfig`.
    pub wslconfig: FileLocation,
    /// The history database.
    pub database: FileLocation,
    /// Problems met while looking.
    pub problems: Vec<Problem>,
    /// Docker Desktop's WSL settings, when its settings file says anything about WSL.
    pub desktop_settings: Option<desktop_settings::DesktopSettings>,
    /// WSL's `Lxss` registry key (empty where it could not be read).
    pub lxss: distros::Lxss,
}

/// Looks for everything, asking Windows through interop only inside a real WSL distro (never
/// when `--root` or `--proc-root` point at a copy).
pub fn locate(inputs: &Inputs) -> Locations {
    let environment = detect_environment(inputs);
    let mounts = drive_mounts(inputs, environment.kind);
    let (windows, use_interop) = windows_side(inputs, environment.kind, &mounts);
    locate_with(inputs, environment, mounts, windows.as_ref(), use_interop)
}

/// How to ask Windows, and whether that is real interop: WSL interop inside a real WSL distro,
/// `wsl.exe` itself natively on Windows, the canned answers of a fixture tree given with
/// `--root`, else nothing.
pub fn windows_side(
    inputs: &Inputs,
    kind: Kind,
    mounts: &DriveMounts,
) -> (Box<dyn WindowsSide>, bool) {
    if inputs.root_given {
        return (Box::new(FixtureWindows::in_root(&inputs.root)), false);
    }
    if inputs.proc_root_given {
        return (Box::new(NoInterop), false);
    }
    match kind {
        Kind::Wsl1 | Kind::Wsl2 => (Box::new(Interop { c_drive: mounts.drive_dir('c') }), true),
        Kind::Windows => (Box::new(Interop { c_drive: None }), false),
        Kind::Linux => (Box::new(NoInterop), false),
    }
}

/// Reads the signals that decide the kind of system.
pub fn detect_environment(inputs: &Inputs) -> Environment {
    let read = |p: PathBuf| std::fs::read_to_string(p).ok();
    // Natively on Windows the default `/proc` is no folder of the VM's but `\proc` on the
    // current drive (under Wine, `Z:\proc`: the Linux host's): only a `--proc-root` is read.
    let has_proc = !cfg!(windows) || inputs.proc_root_given;
    let probe = environment::Probe {
        is_windows: cfg!(windows),
        osrelease: has_proc
            .then(|| read(inputs.in_proc("sys/kernel/osrelease")))
            .flatten()
            .map(|s| s.trim().to_owned()),
        distro_name: std::env::var("WSL_DISTRO_NAME").ok().filter(|v| !v.is_empty()),
        interop_var: std::env::var_os("WSL_INTEROP").is_some_and(|v| !v.is_empty()),
        binfmt_interop: has_proc && inputs.in_proc("sys/fs/binfmt_misc/WSLInterop").exists(),
    };
    let (kind, found_by) = environment::classify(&probe);
    let os = if kind == Kind::Windows {
        None
    } else {
        read(inputs.in_root("/etc/os-release"))
            .or_else(|| read(inputs.in_root("/usr/lib/os-release")))
            .and_then(|t| environment::pretty_name(&t))
    };
    Environment { kind, kernel: probe.osrelease, distro: probe.distro_name, os, found_by }
}

fn drive_mounts(inputs: &Inputs, kind: Kind) -> DriveMounts {
    if kind == Kind::Windows {
        return DriveMounts::Native;
    }
    let automount = std::fs::read_to_string(inputs.in_root("/etc/wsl.conf"))
        .ok()
        .and_then(|t| winpath::automount_root(&t))
        .unwrap_or_else(|| PathBuf::from("/mnt/"));
    DriveMounts::Automount { fs_root: inputs.root.clone(), automount }
}

/// [`locate`] with a given way to ask Windows (canned in tests).
pub fn locate_with(
    inputs: &Inputs,
    environment: Environment,
    mounts: DriveMounts,
    windows: &dyn WindowsSide,
    use_interop: bool,
) -> Locations {
    let profile = profile::find(
        &profile::Context {
            explicit: inputs.windows_home.as_deref(),
            userprofile_var: if mounts == DriveMounts::Native {
                std::env::var("USERPROFILE").ok()
            } else {
                None
            },
            use_interop,
            mounts: &mounts,
            linux_user: std::env::var("USER").ok(),
        },
        windows,
    );
    let mut problems = Vec::new();
    let mut candidates = Vec::new();
    let mut docker_folders = Vec::new();
    let desktop_settings = profile.path().and_then(desktop_settings::read);
    if let Some(home) = profile.path() {
        let custom = docker::read_custom_dirs(home, &mut problems);
        let docker = docker::candidates(home, &custom, &mounts);
        for c in &docker {
            let folder = c.path.parent().and_then(Path::parent).map(Path::to_path_buf);
            if let Some(folder) = folder.filter(|f| !docker_folders.contains(f)) {
                docker_folders.push(folder);
            }
        }
        candidates.extend(docker);
    }
    // Asked once; a fixture tree's canned answer (`FixtureWindows`) counts, NoInterop has none.
    let lxss = if mounts == DriveMounts::Native {
        distros::read_registry()
    } else {
        windows.lxss_query().map(|t| distros::parse_lxss(&t)).unwrap_or_default()
    };
    candidates.extend(distros::registry_candidates(&lxss.entries, &mounts));
    if let Some(home) = profile.path() {
        candidates.extend(distros::scanned_candidates(home));
    }
    let mut seen = HashSet::new();
    let disks = candidates
        .iter()
        .filter_map(disk::Candidate::measure)
        .filter(|d| seen.insert(crate::fsinfo::same_file_key(&d.path)))
        .collect();
    let wslconfig = match (&inputs.wslconfig, profile.path()) {
        (Some(path), _) => {
            FileLocation::at(path.clone(), "given with --wslconfig (or WSLTUNE_WSLCONFIG)")
        }
        (None, Some(home)) => FileLocation::at(home.join(".wslconfig"), "in the Windows profile"),
        (None, None) => FileLocation {
            path: None,
            exists: false,
            found_by: "the Windows profile was not found".to_owned(),
        },
    };
    Locations {
        environment,
        mounts,
        profile,
        disks,
        docker_folders,
        wslconfig,
        database: database_location(inputs.db.as_deref()),
        problems,
        desktop_settings,
        lxss,
    }
}

/// Where to ask Docker, from the flags and `DOCKER_HOST` (see [`Inputs::docker`]): a fixture
/// tree never reaches a real engine unless `--docker-host` says so.
fn docker_setting(args: &Overrides, env_host: Option<String>) -> Option<Option<String>> {
    let fixture = args.root.is_some() || args.proc_root.is_some();
    if args.no_docker || (fixture && args.docker_host.is_none()) {
        return None;
    }
    Some(args.docker_host.clone().or(env_host).filter(|h| !h.trim().is_empty()))
}

/// The history's path, or an error that says to pass `--db`.
pub fn database_path(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    // The one way it has no path: no home folder is known.
    database_location(explicit).path.ok_or_else(|| anyhow::anyhow!(texts::NO_PLACE_NO_HOME.get()))
}

/// The Windows profile folder alone (`--windows-home`, else interop inside WSL), without
/// looking for disks: `service` finds `wsltune.exe` under it.
pub fn locate_profile(inputs: &Inputs, kind: Kind) -> Option<PathBuf> {
    let mounts = drive_mounts(inputs, kind);
    let (windows, use_interop) = windows_side(inputs, kind, &mounts);
    let context = profile::Context {
        explicit: inputs.windows_home.as_deref(),
        userprofile_var: None,
        use_interop,
        mounts: &mounts,
        linux_user: std::env::var("USER").ok(),
    };
    profile::find(&context, windows.as_ref()).path().map(Path::to_path_buf)
}

/// Which history a reading command reads (see [`history::choose`]): looks for the Windows
/// task's history and `wsltune.exe` only when the Linux-side history is not there or `--db`
/// names a file on a Windows drive.
pub fn history_choice(inputs: &Inputs) -> anyhow::Result<history::HistoryChoice> {
    let environment = detect_environment(inputs);
    let mounts = drive_mounts(inputs, environment.kind);
    let linux_default = database_location(None).path;
    let on_drive = inputs.db.as_deref().is_some_and(|db| {
        mounts != DriveMounts::Native
            && mounts
                .to_windows(&std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf()))
                .is_some()
    });
    let look_at_windows = mounts != DriveMounts::Native
        && (on_drive
            || (inputs.db.is_none() && !linux_default.as_deref().is_some_and(Path::is_file)));
    let profile = if look_at_windows { locate_profile(inputs, environment.kind) } else { None };
    let facts = history::HistoryFacts {
        // Made absolute only to be named in Windows' form: other paths are shown as given.
        explicit: inputs.db.as_ref().map(|db| match on_drive {
            true => std::path::absolute(db).unwrap_or_else(|_| db.clone()),
            false => db.clone(),
        }),
        linux_default,
        windows_side: profile.as_deref().map(history::windows_side_db),
        windows_exe: profile.as_deref().and_then(|p| {
            history::find_windows_exe(std::env::var_os("PATH").as_deref(), Some(p), Path::is_file)
        }),
        mounts,
    };
    history::choose(&facts, Path::is_file)
        .ok_or_else(|| anyhow::anyhow!(texts::NO_PLACE_NO_HOME.get()))
}

/// The history database: `--db`, else `wsltune.db` in the platform's local data folder.
pub fn database_location(explicit: Option<&Path>) -> FileLocation {
    match explicit {
        Some(path) => FileLocation::at(path.to_path_buf(), "given with --db (or WSLTUNE_DB)"),
        None => match directories::BaseDirs::new() {
            Some(dirs) => FileLocation::at(
                dirs.data_local_dir().join("wsltune").join("wsltune.db"),
                "the default: the local data folder",
            ),
            None => FileLocation {
                path: None,
                exists: false,
                found_by: "no home folder is known; give --db PATH".to_owned(),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Canned Windows answers: a profile and a registry listing.
    struct Canned {
        profile: &'static str,
        registry: String,
    }

    impl WindowsSide for Canned {
        fn userprofile(&self) -> Option<String> {
            Some(self.profile.to_owned())
        }
        fn wslpath(&self, _: &str) -> Option<PathBuf> {
            None
        }
        fn lxss_query(&self) -> Option<String> {
            Some(self.registry.clone())
        }
    }

    fn touch(path: &Path, len: u64) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::File::create(path).unwrap().set_len(len).unwrap();
    }

    #[test]
    fn interop_and_registry_find_distros_anywhere_and_each_disk_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let profile = root.join("mnt/c/Users/Bob");
        touch(&profile.join("AppData/Local/Docker/wsl/main/ext4.vhdx"), 10);
        touch(&root.join("mnt/d/wsl/Arch/disk.vhdx"), 20);
        std::fs::create_dir_all(root.join("mnt/c/Users/Other/AppData")).unwrap();
        let key = r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Lxss";
        let registry = format!(
            "{key}\\{{1}}\n    DistributionName    REG_SZ    docker-desktop\n    BasePath    REG_SZ    \\\\?\\C:\\Users\\Bob\\AppData\\Local\\Docker\\wsl\\main\n\n{key}\\{{2}}\n    DistributionName    REG_SZ    Arch\n    BasePath    REG_SZ    D:\\wsl\\Arch\n    VhdFileName    REG_SZ    disk.vhdx\n"
        );
        let inputs = Inputs {
            proc_root: root.join("proc"),
            proc_root_given: true,
            root: root.to_path_buf(),
            root_given: true,
            windows_home: None,
            wslconfig: None,
            db: Some(root.join("h.db")),
            docker: None,
        };
        let environment = detect_environment(&inputs);
        let mounts =
            DriveMounts::Automount { fs_root: root.to_path_buf(), automount: "/mnt/".into() };
        let windows = Canned { profile: r"C:\Users\Bob", registry };
        let found = locate_with(&inputs, environment, mounts, &windows, true);
        assert_eq!(
            found.profile.path(),
            Some(profile.as_path()),
            "interop beats the ambiguous scan"
        );
        let disks: Vec<(&Path, Role, Option<&str>)> =
            found.disks.iter().map(|d| (d.path.as_path(), d.role, d.name.as_deref())).collect();
        assert_eq!(
            disks,
            [
                (
                    profile.join("AppData/Local/Docker/wsl/main/ext4.vhdx").as_path(),
                    Role::DockerDistro,
                    Some("docker-desktop")
                ),
                (root.join("mnt/d/wsl/Arch/disk.vhdx").as_path(), Role::Distro, Some("Arch")),
            ]
        );
        assert!(found.disks[1].found_by.contains("registered distro 'Arch'"));
        assert_eq!(found.database.path, Some(root.join("h.db")));
        assert!(!found.database.exists);
    }
}
