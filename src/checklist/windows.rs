//! The guide's prerequisites and its step 6, from the Windows side: the Windows build, the WSL
//! package's version, and every registered distro's WSL version and the default.
//!
//! Floors: the guide (the seed) asks for Windows 10 2004 (build 19041), the WSL 2 baseline
//! (MicrosoftDocs/WSL#752); current Docker Desktop asks for Windows 10 22H2 (19045) or Windows
//! 11 23H2 (22631) and WSL 2.1.5 or later (docker/docs `windows-install.md`,
//! `features/wsl/_index.md`). Windows 11 starts at build 22000, so a build from 22000 to 22630
//! is a Windows 11 older than 23H2, and one from 19045 to 21999 is Windows 10 22H2 (or an
//! Insider build between them).

use super::checks::finding;
use super::host_texts as t;
use super::{Finding, Severity};
use crate::locate::windows_host::{HostFacts, RegisteredDistro};
use crate::locate::{Environment, Kind};

/// Below this the guide's prerequisite (Windows 10 2004) is not met: an error.
pub const GUIDE_FLOOR_BUILD: u32 = 19041;
/// Windows 10 22H2: what Docker Desktop asks for on Windows 10.
pub const DOCKER_WINDOWS_10_BUILD: u32 = 19045;
/// The first Windows 11 build (21H2).
pub const WINDOWS_11_FIRST_BUILD: u32 = 22000;
/// Windows 11 23H2: what Docker Desktop asks for on Windows 11.
pub const DOCKER_WINDOWS_11_BUILD: u32 = 22631;
/// The WSL package Docker Desktop asks for.
pub const DOCKER_WSL_FLOOR: [u32; 3] = [2, 1, 5];

/// The names of Docker Desktop's own distros, which are not for working in.
pub const DOCKER_DISTROS: [&str; 2] = ["docker-desktop", "docker-desktop-data"];

/// Runs the checks on what the Windows side said.
pub fn check(facts: &HostFacts, env: &Environment, out: &mut Vec<Finding>) {
    windows_build(facts, out);
    wsl_package(facts, out);
    distros(facts, env, out);
}

fn windows_build(facts: &HostFacts, out: &mut Vec<Finding>) {
    let Some(w) = &facts.windows else { return };
    let shown = match w.ubr {
        Some(ubr) => format!("{}.{ubr}", w.build),
        None => w.build.to_string(),
    };
    if w.build < GUIDE_FLOOR_BUILD {
        out.push(finding(
            Severity::Error,
            "windows-too-old",
            t::WINDOWS_TOO_OLD.fill(&[("build", &shown), ("source", &t::source(w.found_by))]),
            t::WINDOWS_TOO_OLD_FIX.get(),
        ));
        return;
    }
    let (windows_11, floor, name) = if w.build >= WINDOWS_11_FIRST_BUILD {
        (true, DOCKER_WINDOWS_11_BUILD, t::WINDOWS_11_FLOOR.get())
    } else {
        (false, DOCKER_WINDOWS_10_BUILD, t::WINDOWS_10_FLOOR.get())
    };
    if w.build < floor {
        let release =
            w.version.as_deref().map_or(String::new(), |v| t::RELEASE.fill(&[("version", &v)]));
        out.push(finding(
            Severity::Warning,
            "windows-old",
            t::WINDOWS_OLD.fill(&[
                ("product", &if windows_11 { "11" } else { "10" }),
                ("build", &shown),
                ("release", &release),
                ("name", &name),
            ]),
            t::WINDOWS_OLD_FIX.fill(&[("name", &name)]),
        ));
    }
}

fn wsl_package(facts: &HostFacts, out: &mut Vec<Finding>) {
    let Some(wsl) = &facts.wsl else { return };
    let floor = DOCKER_WSL_FLOOR.map(|n| n.to_string()).join(".");
    if wsl.inbox {
        out.push(finding(
            Severity::Warning,
            "wsl-too-old",
            t::WSL_INBOX.fill(&[("floor", &floor)]),
            t::WSL_INBOX_FIX.get(),
        ));
    } else if let Some(v) = wsl.parsed.as_ref().filter(|v| v.is_older_than(&DOCKER_WSL_FLOOR)) {
        out.push(finding(
            Severity::Warning,
            "wsl-too-old",
            t::WSL_OLD.fill(&[
                ("version", v),
                ("source", &t::source(wsl.found_by.unwrap_or("?"))),
                ("floor", &floor),
            ]),
            t::WSL_OLD_FIX.get(),
        ));
    }
    if wsl.default_version == Some(1) {
        out.push(finding(
            Severity::Warning,
            "default-version-wsl1",
            t::DEFAULT_VERSION_1.get().to_owned(),
            t::DEFAULT_VERSION_1_FIX.get(),
        ));
    }
}

fn distros(facts: &HostFacts, env: &Environment, out: &mut Vec<Finding>) {
    for d in facts.distros.iter().filter(|d| d.version == Some(1)) {
        // This distro under WSL 1 is already an error (`wsl1`).
        if env.kind == Kind::Wsl1 && env.distro.as_deref() == Some(d.name.as_str()) {
            continue;
        }
        out.push(finding(
            Severity::Warning,
            "distro-wsl1",
            t::DISTRO_WSL1.fill(&[
                ("distro", &d.name),
                ("source", &t::source(facts.distros_found_by.unwrap_or("?"))),
            ]),
            t::DISTRO_WSL1_FIX.fill(&[("distro", &d.name)]),
        ));
    }
    let Some(default) = facts.distros.iter().find(|d| d.default) else { return };
    if DOCKER_DISTROS.iter().any(|n| n.eq_ignore_ascii_case(&default.name)) {
        // This distro if it is one of the user's, else their first WSL 2 distro.
        let mine = |d: &&RegisteredDistro| {
            d.version != Some(1) && !DOCKER_DISTROS.iter().any(|n| n.eq_ignore_ascii_case(&d.name))
        };
        let other = facts
            .distros
            .iter()
            .filter(mine)
            .find(|d| env.distro.as_deref() == Some(d.name.as_str()))
            .or_else(|| facts.distros.iter().find(mine));
        out.push(finding(
            Severity::Info,
            "default-distro-docker",
            t::DEFAULT_DISTRO_DOCKER.fill(&[("distro", &default.name)]),
            t::DEFAULT_DISTRO_DOCKER_FIX
                .fill(&[("distro", &other.map_or(t::YOUR_DISTRO.get(), |d| d.name.as_str()))]),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::windows_host::{WindowsBuild, WslPackage};
    use crate::locate::wsl_output::DottedVersion;

    fn env(kind: Kind, distro: Option<&str>) -> Environment {
        Environment {
            kind,
            kernel: None,
            distro: distro.map(Into::into),
            os: None,
            found_by: vec![],
        }
    }

    fn codes_for(build: u32) -> Vec<(&'static str, Severity)> {
        let facts = HostFacts {
            windows: Some(WindowsBuild { build, ubr: Some(1), version: None, found_by: "test" }),
            ..HostFacts::default()
        };
        let mut out = Vec::new();
        check(&facts, &env(Kind::Wsl2, None), &mut out);
        out.iter().map(|f| (f.code, f.severity)).collect()
    }

    #[test]
    fn windows_builds_against_the_guide_and_docker() {
        assert_eq!(codes_for(18363), [("windows-too-old", Severity::Error)]);
        assert_eq!(codes_for(19041), [("windows-old", Severity::Warning)]);
        assert_eq!(codes_for(19044), [("windows-old", Severity::Warning)]);
        assert!(codes_for(19045).is_empty());
        assert_eq!(codes_for(22000), [("windows-old", Severity::Warning)], "Windows 11 21H2");
        assert_eq!(codes_for(22621), [("windows-old", Severity::Warning)], "Windows 11 22H2");
        assert!(codes_for(22631).is_empty());
        assert!(codes_for(26100).is_empty());
    }

    fn package(version: Option<&str>, inbox: bool, default_version: Option<u32>) -> Vec<Finding> {
        let parsed = version.and_then(DottedVersion::parse);
        let facts = HostFacts {
            wsl: Some(WslPackage {
                version: version.map(Into::into),
                inbox,
                default_version,
                found_by: Some("t"),
                parsed,
            }),
            ..HostFacts::default()
        };
        let mut out = Vec::new();
        check(&facts, &env(Kind::Wsl2, None), &mut out);
        out
    }

    #[test]
    fn the_wsl_package_and_the_default_version() {
        let old = package(Some("1.2.5.0"), false, None);
        assert_eq!(old.len(), 1);
        assert!(old[0].message.contains("1.2.5.0") && old[0].message.contains("2.1.5"));
        assert!(package(Some("2.1.5.0"), false, None).is_empty());
        let inbox = package(None, true, None);
        assert!(inbox[0].code == "wsl-too-old" && inbox[0].fix.contains("wsl --update"));
        let one = package(Some("2.3.26.0"), false, Some(1));
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].code, "default-version-wsl1");
        assert!(one[0].fix.contains("wsl --set-default-version 2"));
        assert!(package(Some("2.3.26.0"), false, Some(2)).is_empty());
    }

    fn distro(name: &str, version: u32, default: bool) -> RegisteredDistro {
        RegisteredDistro { name: name.into(), version: Some(version), state: None, default }
    }

    #[test]
    fn wsl1_distros_are_named_once_and_dockers_distro_as_default_is_noted() {
        let facts = HostFacts {
            distros: vec![
                distro("docker-desktop", 2, true),
                distro("Legacy", 1, false),
                distro("Ubuntu", 2, false),
            ],
            distros_found_by: Some("wsl.exe -l -v"),
            ..HostFacts::default()
        };
        let mut out = Vec::new();
        check(&facts, &env(Kind::Wsl2, Some("Ubuntu")), &mut out);
        let codes: Vec<_> = out.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["distro-wsl1", "default-distro-docker"]);
        assert!(out[0].fix.contains("wsl --set-version Legacy 2"));
        assert!(out[1].fix.contains("wsl --set-default Ubuntu"), "{}", out[1].fix);
        // Inside the WSL 1 distro itself, `wsl1` already says it.
        let mut out = Vec::new();
        check(&facts, &env(Kind::Wsl1, Some("Legacy")), &mut out);
        assert_eq!(out.iter().map(|f| f.code).collect::<Vec<_>>(), ["default-distro-docker"]);
    }
}
