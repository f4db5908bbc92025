//! Docker's own view, for `doctor`: the engine's version, cgroup version and disk usage by kind,
//! the running containers, and the guide's checks on them (a bind mount from a Windows drive is
//! slow and raises no file events in the container).

use serde::Serialize;

use super::checks::finding;
use super::host_texts as t;
use super::{Finding, Severity};
use crate::docker::{self, Container, DesktopVersion, DiskUsage};
use crate::locate::Kind;

/// What the engine said (the `docker` object of `doctor --json`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DockerReport {
    /// Whether the engine answered.
    pub reachable: bool,
    /// Where it was asked (`unix:///var/run/docker.sock`).
    pub endpoint: Option<String>,
    /// Its version.
    pub server_version: Option<String>,
    /// Its newest API version.
    pub api_version: Option<String>,
    /// The Docker Desktop release that runs it (`4.37.1`); null for a plain engine.
    pub desktop_version: Option<DesktopVersion>,
    /// `1` or `2`.
    pub cgroup_version: Option<String>,
    /// Docker's disk usage by kind.
    pub disk_usage: Option<DiskUsage>,
    /// The running containers.
    pub containers: Vec<Container>,
    /// Why it could not be asked (or a call failed), with the fix.
    pub error: Option<String>,
    /// Why it could not be asked, and that failure's own fix (for the finding).
    #[serde(skip)]
    pub unreachable: Option<(String, &'static str)>,
}

/// Asks the engine `docker` names (see `locate::Inputs::docker`); `None` when Docker is left
/// alone. Never fails: what goes wrong is in `error`.
pub fn gather(docker: Option<&Option<String>>) -> Option<DockerReport> {
    let host = docker?;
    let (engine, version) = match docker::find(host.as_deref()) {
        Ok(found) => found,
        Err(e) => {
            let endpoint = docker::endpoint::candidates(host.as_deref(), cfg!(windows))
                .first()
                .map(ToString::to_string);
            return Some(DockerReport {
                endpoint,
                error: Some(e.to_string()),
                unreachable: Some((e.problem(), e.fix())),
                ..DockerReport::default()
            });
        }
    };
    let mut report = DockerReport {
        reachable: true,
        endpoint: Some(engine.endpoint().to_string()),
        desktop_version: version.desktop(),
        server_version: Some(version.server_version.clone()),
        api_version: Some(version.api_version.clone()),
        ..DockerReport::default()
    };
    let mut errors = Vec::new();
    match engine.cgroup_version() {
        Ok(v) => report.cgroup_version = v,
        Err(e) => errors.push(e.to_string()),
    }
    match engine.disk_usage() {
        Ok(u) => report.disk_usage = Some(u),
        Err(e) => errors.push(e.to_string()),
    }
    match engine.containers() {
        Ok(c) => report.containers = c,
        Err(e) => errors.push(e.to_string()),
    }
    report.error = (!errors.is_empty()).then(|| errors.join("; "));
    Some(report)
}

/// The Windows drive a bind mount's host side is on: `/mnt/c/…` (a WSL distro),
/// `/run/desktop/mnt/host/c/…` (Docker Desktop's VM), `C:\…` or `C:/…`.
///
/// ```
/// use wsltune::checklist::docker::windows_drive;
/// assert_eq!(windows_drive("/mnt/c/Users/me/app"), Some('c'));
/// assert_eq!(windows_drive("/run/desktop/mnt/host/d/src"), Some('d'));
/// assert_eq!(windows_drive(r"C:\Users\me"), Some('c'));
/// assert_eq!(windows_drive("/mnt/wsl/docker-desktop"), None);
/// assert_eq!(windows_drive("/home/me/app"), None);
/// ```
pub fn windows_drive(source: &str) -> Option<char> {
    let letter = |rest: &str| {
        let mut chars = rest.chars();
        let d = chars.next().filter(char::is_ascii_alphabetic)?;
        matches!(chars.next(), None | Some('/')).then(|| d.to_ascii_lowercase())
    };
    if let Some(rest) = source.strip_prefix("/run/desktop/mnt/host/") {
        return letter(rest);
    }
    if let Some(rest) = source.strip_prefix("/mnt/") {
        return letter(rest);
    }
    let bytes = source.as_bytes();
    match (bytes.first(), bytes.get(1), bytes.get(2)) {
        (Some(d), Some(b':'), Some(b'\\' | b'/')) if d.is_ascii_alphabetic() => {
            Some(char::from(*d).to_ascii_lowercase())
        }
        _ => None,
    }
}

/// The guide's checks on what the engine said.
pub fn check(report: Option<&DockerReport>, kind: Kind, out: &mut Vec<Finding>) {
    let Some(report) = report else { return };
    if !report.reachable {
        // Inside WSL 2 Docker Desktop is expected; on plain Linux or Windows it may not be there.
        let severity = if kind == Kind::Wsl2 { Severity::Warning } else { Severity::Info };
        let (problem, fix) = report.unreachable.clone().unwrap_or_else(|| {
            (
                report.error.clone().unwrap_or_else(|| t::NO_ANSWER.get().to_owned()),
                docker::DockerError::NotThere(String::new()).fix(),
            )
        });
        out.push(finding(
            severity,
            "docker-unreachable",
            t::UNREACHABLE.fill(&[("problem", &problem)]),
            fix,
        ));
        return;
    }
    if let Some(found) = report.desktop_version {
        desktop_floor(found, out);
    }
    for c in &report.containers {
        for m in c.mounts.iter().filter(|m| m.kind == "bind") {
            if let Some(drive) = windows_drive(&m.source) {
                out.push(finding(
                    Severity::Warning,
                    "container-mount-on-windows-drive",
                    t::MOUNT_ON_WINDOWS.fill(&[
                        ("name", &c.name),
                        ("image", &c.image),
                        ("source", &m.source),
                        ("drive", &drive.to_ascii_uppercase()),
                        ("destination", &m.destination),
                    ]),
                    t::MOUNT_ON_WINDOWS_FIX.get(),
                ));
            }
        }
    }
}

/// A Docker Desktop older than [`docker::desktop::FLOOR`]: a warning naming both, with the way
/// to update.
pub fn desktop_floor(found: DesktopVersion, out: &mut Vec<Finding>) {
    let floor = docker::desktop::FLOOR;
    if !found.is_older_than(&floor) {
        return;
    }
    out.push(finding(
        Severity::Warning,
        "docker-desktop-old",
        t::DESKTOP_OLD.fill(&[("found", &found), ("floor", &floor)]),
        t::DESKTOP_OLD_FIX.get(),
    ));
}

/// What Docker Desktop's settings say about WSL (step 7 of the guide): its WSL 2 engine off, or
/// this distro not integrated. `default_distro` is WSL's default distro where it is known (step
/// 6's listing): integration with the default distro reaches this one only if it is that one.
pub fn check_settings(
    found: &crate::locate::Locations,
    default_distro: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let Some(s) = &found.desktop_settings else { return };
    let file = s.file.display();
    if s.wsl_engine == Some(false) {
        out.push(finding(
            Severity::Warning,
            "docker-wsl-engine-off",
            t::WSL_ENGINE_OFF.fill(&[("file", &file)]),
            t::WSL_ENGINE_OFF_FIX.get(),
        ));
        return;
    }
    let env = &found.environment;
    let (Kind::Wsl2, Some(distro)) = (env.kind, env.distro.as_deref()) else { return };
    if s.integrates(distro) != Some(false) {
        return;
    }
    let default_on = s.default_distro_integrated == Some(true);
    let is_default = default_distro.map(|d| d.eq_ignore_ascii_case(distro));
    if default_on && is_default == Some(true) {
        return;
    }
    out.push(finding(
        if default_on && is_default.is_none() { Severity::Info } else { Severity::Warning },
        "docker-distro-not-integrated",
        if let (true, Some(default)) = (default_on, default_distro) {
            t::NOT_INTEGRATED_ELSEWHERE.fill(&[
                ("file", &file),
                ("distro", &distro),
                ("default", &default),
            ])
        } else if default_on {
            t::NOT_INTEGRATED_UNLESS_DEFAULT.fill(&[("file", &file), ("distro", &distro)])
        } else {
            t::NOT_INTEGRATED.fill(&[("file", &file), ("distro", &distro)])
        },
        t::NOT_INTEGRATED_FIX.fill(&[("distro", &distro)]),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(found: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        desktop_floor(DesktopVersion::parse(found).unwrap(), &mut out);
        out
    }

    #[test]
    fn a_docker_desktop_below_the_floor_is_named_with_the_floor_and_the_fix() {
        let old = codes("Docker Desktop 4.25.2 (129061)");
        assert_eq!(old.len(), 1);
        assert_eq!(old[0].code, "docker-desktop-old");
        assert_eq!(old[0].severity, Severity::Warning);
        assert!(old[0].message.contains("4.25.2") && old[0].message.contains("4.36.0"));
        assert!(old[0].fix.contains("Software updates"), "{}", old[0].fix);
        assert!(codes("Docker Desktop 4.36.0 (175267)").is_empty());
        assert!(codes("Docker Desktop 4.71.0 (225177)").is_empty());
    }
}
