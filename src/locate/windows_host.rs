//! The Windows side of Docker's guide: the Windows build, the WSL package's version and every
//! registered distro with its WSL version, state and the default (the guide's prerequisites and
//! its step 6). Each Windows program is asked at most once, through [`WindowsSide`].
//!
//! Natively on Windows the build comes from the registry (`HKLM\SOFTWARE\Microsoft\Windows
//! NT\CurrentVersion`, as WSL's own `GetWindowsVersion` reads it: `helpers.cpp`); inside WSL
//! from `wsl.exe --version`'s last line, else `cmd.exe /c ver`. Distros come from `wsl.exe -l -v`
//! (which only enumerates: it never starts the VM), else from the `Lxss` registry key.

use serde::Serialize;

use super::distros::Lxss;
use super::interop::WindowsSide;
use super::wsl_output::{self, BuildNumber, WslVersionAnswer};

/// The Windows build (the `windows` object of `doctor --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WindowsBuild {
    /// `CurrentBuild`, e.g. 19045.
    pub build: u32,
    /// The update revision (`UBR`), e.g. 3393.
    pub ubr: Option<u32>,
    /// The release (`DisplayVersion` natively, e.g. `22H2`; else named from the build).
    pub version: Option<String>,
    /// Where it was read.
    pub found_by: &'static str,
}

/// The WSL package (the `wsl` object of `doctor --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WslPackage {
    /// `2.1.5.0`; null for the inbox WSL or when it could not be asked.
    pub version: Option<String>,
    /// The inbox WSL of Windows (no `wsl --version`): older than any Store release.
    pub inbox: bool,
    /// `DefaultVersion` of the `Lxss` key (null when absent: 2).
    pub default_version: Option<u32>,
    /// Where the version was read.
    pub found_by: Option<&'static str>,
    /// The parsed version, for comparing.
    #[serde(skip)]
    pub parsed: Option<wsl_output::DottedVersion>,
}

/// One registered distro (an element of `distros` in `doctor --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisteredDistro {
    /// Its name.
    pub name: String,
    /// 1 or 2 (null when the registry has no `Version`).
    pub version: Option<u32>,
    /// `Running`, `Stopped`, ...; null when read from the registry.
    pub state: Option<String>,
    /// The default distro (what `wsl` with no `-d` starts).
    pub default: bool,
}

/// What was learnt about the Windows side.
#[derive(Debug, Clone, Default)]
pub struct HostFacts {
    /// The Windows build, when it could be read.
    pub windows: Option<WindowsBuild>,
    /// The WSL package, when anything was learnt.
    pub wsl: Option<WslPackage>,
    /// Every registered distro, the default first.
    pub distros: Vec<RegisteredDistro>,
    /// Where the distros were read (`wsl.exe -l -v` or the registry).
    pub distros_found_by: Option<&'static str>,
}

/// The release name of a build (Microsoft's release information), for when the registry's
/// `DisplayVersion` cannot be read.
pub fn release_name(build: u32) -> Option<&'static str> {
    Some(match build {
        19041 => "2004",
        19042 => "20H2",
        19043 => "21H1",
        19044 => "21H2",
        19045 => "22H2",
        22000 => "21H2",
        22621 => "22H2",
        22631 => "23H2",
        26100 => "24H2",
        26200 => "25H2",
        _ => return None,
    })
}

/// Asks `windows` (each program at most once) and the registry already read (`lxss`).
/// `native` is the build read natively from the registry (natively on Windows only).
pub fn gather(windows: &dyn WindowsSide, lxss: &Lxss, native: Option<WindowsBuild>) -> HostFacts {
    let answer = windows
        .wsl_version()
        .map(|b| wsl_output::decode(&b))
        .and_then(|t| wsl_output::parse_wsl_version(&t));
    let mut build = native;
    let mut package = None;
    match answer {
        Some(WslVersionAnswer::Versions(v)) => {
            package = Some((Some(v.wsl), false, "wsl.exe --version"));
            if build.is_none() {
                build = v.windows.map(|b| from_number(b, "wsl.exe --version"));
            }
        }
        Some(WslVersionAnswer::Inbox) => package = Some((None, true, "wsl.exe --version")),
        None => {
            let info = windows.wslinfo_version().map(|b| wsl_output::decode(&b));
            if let Some(v) = info.as_deref().and_then(wsl_output::parse_wslinfo_version) {
                package = Some((Some(v), false, "wslinfo --version"));
            }
        }
    }
    if build.is_none() {
        build = windows
            .windows_version()
            .and_then(|b| wsl_output::parse_ver(&wsl_output::decode(&b)))
            .map(|b| from_number(b, "cmd.exe /c ver"));
    }
    let wsl = match package {
        Some((parsed, inbox, found_by)) => Some(WslPackage {
            version: parsed.as_ref().map(ToString::to_string),
            inbox,
            default_version: lxss.default_version,
            found_by: Some(found_by),
            parsed,
        }),
        None if lxss.default_version.is_some() => Some(WslPackage {
            version: None,
            inbox: false,
            default_version: lxss.default_version,
            found_by: None,
            parsed: None,
        }),
        None => None,
    };
    let listed = windows
        .wsl_list_verbose()
        .map(|b| wsl_output::parse_list_verbose(&wsl_output::decode(&b)))
        .filter(|rows| !rows.is_empty());
    let (distros, distros_found_by) = match listed {
        Some(rows) => (
            rows.into_iter()
                .map(|r| RegisteredDistro {
                    name: r.name,
                    version: Some(r.version),
                    state: Some(r.state),
                    default: r.default,
                })
                .collect(),
            Some("wsl.exe -l -v"),
        ),
        None => from_registry(lxss),
    };
    HostFacts { windows: build, wsl, distros, distros_found_by }
}

fn from_number(b: BuildNumber, found_by: &'static str) -> WindowsBuild {
    WindowsBuild {
        build: b.build,
        ubr: b.ubr,
        version: release_name(b.build).map(str::to_owned),
        found_by,
    }
}

/// The distros as the `Lxss` key lists them, the default first (as `wsl -l -v` sorts them).
fn from_registry(lxss: &Lxss) -> (Vec<RegisteredDistro>, Option<&'static str>) {
    if lxss.entries.is_empty() {
        return (Vec::new(), None);
    }
    let default = lxss.default_distribution.as_deref().unwrap_or("");
    let mut out: Vec<RegisteredDistro> = lxss
        .entries
        .iter()
        .map(|e| RegisteredDistro {
            name: e.name.clone().unwrap_or_else(|| e.guid.clone()),
            version: e.version,
            state: None,
            default: e.guid.eq_ignore_ascii_case(default),
        })
        .collect();
    out.sort_by_key(|d| !d.default);
    (out, Some("the Lxss registry key"))
}

/// The build natively from the registry: `CurrentBuild` (or `CurrentBuildNumber`), `UBR` and
/// `DisplayVersion` (`ReleaseId` before 20H2).
#[cfg(windows)]
pub fn read_native() -> Option<WindowsBuild> {
    use winreg::RegKey;
    use winreg::enums::HKEY_LOCAL_MACHINE;
    let key = RegKey::predef(HKEY_LOCAL_MACHINE)
        .open_subkey(r"SOFTWARE\Microsoft\Windows NT\CurrentVersion")
        .ok()?;
    let text = |name: &str| key.get_value::<String, _>(name).ok();
    let build = text("CurrentBuild").or_else(|| text("CurrentBuildNumber"))?.trim().parse().ok()?;
    Some(WindowsBuild {
        build,
        ubr: key.get_value::<u32, _>("UBR").ok(),
        version: text("DisplayVersion")
            .or_else(|| text("ReleaseId"))
            .or_else(|| release_name(build).map(str::to_owned)),
        found_by: "the registry (CurrentBuild, UBR)",
    })
}

/// The build natively from the registry; elsewhere there is none.
#[cfg(not(windows))]
pub fn read_native() -> Option<WindowsBuild> {
    None
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::path::PathBuf;

    use super::*;
    use crate::locate::distros::parse_lxss;

    /// Canned answers that count how often each program is asked.
    #[derive(Default)]
    struct Canned {
        version: Option<&'static str>,
        list: Option<&'static str>,
        ver: Option<&'static str>,
        wslinfo: Option<&'static str>,
        asked: Cell<[u32; 4]>,
    }

    impl Canned {
        fn ask(&self, i: usize, answer: Option<&str>) -> Option<Vec<u8>> {
            let mut a = self.asked.get();
            if let Some(n) = a.get_mut(i) {
                *n += 1;
            }
            self.asked.set(a);
            // As wsl.exe writes it: UTF-16LE without a BOM.
            answer.map(|t| t.encode_utf16().flat_map(u16::to_le_bytes).collect())
        }
    }

    impl WindowsSide for Canned {
        fn userprofile(&self) -> Option<String> {
            None
        }
        fn wslpath(&self, _: &str) -> Option<PathBuf> {
            None
        }
        fn lxss_query(&self) -> Option<String> {
            None
        }
        fn wsl_version(&self) -> Option<Vec<u8>> {
            self.ask(0, self.version)
        }
        fn wsl_list_verbose(&self) -> Option<Vec<u8>> {
            self.ask(1, self.list)
        }
        fn windows_version(&self) -> Option<Vec<u8>> {
            self.ask(2, self.ver)
        }
        fn wslinfo_version(&self) -> Option<Vec<u8>> {
            self.ask(3, self.wslinfo)
        }
    }

    #[test]
    fn one_wsl_version_call_gives_both_versions_and_ver_is_not_asked() {
        let w = Canned {
            version: Some(
                "WSL version: 2.1.5.0\r\r\nKernel version: 5.15.146.1-2\r\r\nWindows version: 10.0.22631.3296\r\r\n",
            ),
            list: Some(
                "  NAME      STATE    VERSION\r\n* Ubuntu    Running  2\r\n  Old       Stopped  1\r\n",
            ),
            ..Canned::default()
        };
        let facts = gather(&w, &Lxss::default(), None);
        let b = facts.windows.unwrap();
        assert_eq!((b.build, b.ubr, b.version.as_deref()), (22631, Some(3296), Some("23H2")));
        assert_eq!(facts.wsl.unwrap().version.as_deref(), Some("2.1.5.0"));
        assert_eq!(facts.distros.len(), 2);
        assert_eq!(facts.distros[1].version, Some(1));
        assert_eq!(w.asked.get(), [1, 1, 0, 0]);
    }

    #[test]
    fn the_inbox_wsl_falls_back_to_ver_and_the_registry() {
        let reg = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\n    DefaultDistribution    REG_SZ    {b}\n    DefaultVersion    REG_DWORD    0x1\n\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{a}\n    DistributionName    REG_SZ    Legacy\n    Version    REG_DWORD    0x1\n\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{b}\n    DistributionName    REG_SZ    Ubuntu\n    Version    REG_DWORD    0x2\n";
        let w = Canned {
            version: Some(
                "Invalid command line option: --version\r\nUsage: wsl.exe [Argument]\r\n",
            ),
            ver: Some("\r\nMicrosoft Windows [Version 10.0.19041.1415]\r\n"),
            ..Canned::default()
        };
        let facts = gather(&w, &parse_lxss(reg), None);
        assert_eq!(facts.windows.as_ref().map(|b| b.build), Some(19041));
        let wsl = facts.wsl.unwrap();
        assert!(wsl.inbox && wsl.version.is_none());
        assert_eq!(wsl.default_version, Some(1));
        let names: Vec<_> =
            facts.distros.iter().map(|d| (d.name.as_str(), d.version, d.default)).collect();
        assert_eq!(names, [("Ubuntu", Some(2), true), ("Legacy", Some(1), false)]);
        assert_eq!(facts.distros_found_by, Some("the Lxss registry key"));
        assert_eq!(w.asked.get(), [1, 1, 1, 0]);
    }

    #[test]
    fn without_interop_wslinfo_names_the_package_and_nothing_else_is_guessed() {
        let w = Canned { wslinfo: Some("2.0.14\n"), ..Canned::default() };
        let facts = gather(&w, &Lxss::default(), None);
        assert_eq!(facts.wsl.unwrap().version.as_deref(), Some("2.0.14"));
        assert!(facts.windows.is_none() && facts.distros.is_empty());
        let none = gather(&crate::locate::interop::NoInterop, &Lxss::default(), None);
        assert!(none.windows.is_none() && none.wsl.is_none() && none.distros.is_empty());
    }

    #[test]
    fn a_native_build_wins_over_interop() {
        let native = WindowsBuild {
            build: 26100,
            ubr: Some(1),
            version: Some("24H2".into()),
            found_by: "registry",
        };
        let w = Canned {
            version: Some("WSL version: 2.4.4.0\nWindows version: 10.0.19045.1\n"),
            ..Canned::default()
        };
        assert_eq!(gather(&w, &Lxss::default(), Some(native.clone())).windows, Some(native));
    }
}
