//! The disks' part of the checklist: each disk found, with what reading it showed — a file that
//! cannot be read, Docker's old layout left behind, and the bloat that only compaction gives
//! back.

use super::checks::{Facts, finding};
use super::texts::{self as t, role_label};
use super::{Finding, Severity};
use crate::locate::docker::is_double_nested;
use crate::locate::{Disk, Role};
use crate::units::{GIB, format_bytes};
use crate::vhdx::Inspection;

/// Every disk found, with what reading it showed.
pub(super) fn check(facts: &Facts<'_>, out: &mut Vec<Finding>) {
    for (disk, inspection) in facts.found.disks.iter().zip(facts.inspections) {
        out.push(disk_finding(disk));
        match inspection {
            Ok(i) => bloat(disk, i, out),
            Err(e) => out.push(finding(
                Severity::Info,
                "disk-not-inspected",
                t::NOT_INSPECTED.fill(&[("path", &disk.path.display()), ("reason", &e.reason)]),
                t::NOT_INSPECTED_FIX.get(),
            )),
        }
        if matches!(disk.role, Role::DockerData | Role::DockerDistro)
            && is_double_nested(&disk.path)
        {
            out.push(finding(
                Severity::Warning,
                "docker-disk-nested",
                t::DISK_NESTED.fill(&[("path", &disk.path.display())]),
                t::DISK_NESTED_FIX.get(),
            ));
        }
    }
    let data: Vec<&Disk> =
        facts.found.disks.iter().filter(|d| d.role == Role::DockerData).collect();
    let is_new =
        |d: &&&Disk| d.path.file_name().is_some_and(|n| n.eq_ignore_ascii_case("docker_data.vhdx"));
    let new = data.iter().find(is_new);
    let old: Vec<&&Disk> = data.iter().filter(|d| !is_new(d)).collect();
    match (new, old.as_slice()) {
        (Some(_), [stale, ..]) => out.push(finding(
            Severity::Warning,
            "docker-old-data-disk",
            t::OLD_DATA_DISK.fill(&[
                ("path", &stale.path.display()),
                ("size", &format_bytes(stale.file_length)),
            ]),
            t::OLD_DATA_DISK_FIX.get(),
        )),
        (None, [_, ..]) => out.push(finding(
            Severity::Info,
            "docker-legacy-layout",
            t::LEGACY_LAYOUT.get().to_owned(),
            t::LEGACY_LAYOUT_FIX.get(),
        )),
        _ => {}
    }
    let any_docker =
        facts.found.disks.iter().any(|d| matches!(d.role, Role::DockerData | Role::DockerDistro));
    if facts.found.profile.path().is_some() && !any_docker {
        out.push(finding(
            Severity::Info,
            "docker-disk-not-found",
            t::DISK_NOT_FOUND.fill(&[(
                "folders",
                &facts
                    .found
                    .docker_folders
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(t::LIST_SEP.get()),
            )]),
            t::DISK_NOT_FOUND_FIX.get(),
        ));
    }
}

/// A disk whose file holds much more than its filesystem uses (the growth that never shrinks,
/// microsoft/WSL#4699, docker/for-win#244): at least 1 GiB and a fifth of the file would come
/// back by trimming and compacting.
fn bloat(disk: &Disk, i: &Inspection, out: &mut Vec<Finding>) {
    let (Some(reclaimable), Some(fs)) = (i.reclaimable_bytes, &i.filesystem) else { return };
    if reclaimable < GIB || reclaimable.saturating_mul(5) < disk.file_length {
        return;
    }
    out.push(finding(
        Severity::Warning,
        "disk-bloat",
        t::BLOAT.fill(&[
            ("role", &role_label(disk.role)),
            ("path", &disk.path.display()),
            ("size", &format_bytes(disk.file_length)),
            ("used", &format_bytes(fs.used_bytes)),
            ("reclaimable", &format_bytes(reclaimable)),
        ]),
        t::BLOAT_FIX.fill(&[("path", &disk.path.display())]),
    ));
}

/// The codes of the one-per-disk findings.
pub const DISK_CODES: &[&str] = &["docker-data-disk", "docker-distro-disk", "distro-disk"];

fn disk_finding(disk: &Disk) -> Finding {
    let code = match disk.role {
        Role::DockerData => "docker-data-disk",
        Role::DockerDistro => "docker-distro-disk",
        Role::Distro | Role::Other => "distro-disk",
    };
    let name = disk.name.as_deref().map_or(String::new(), |n| format!(" '{n}'"));
    let role = role_label(disk.role);
    let path = disk.path.display();
    let size = format_bytes(disk.file_length);
    let message = match disk.size_on_disk {
        Some(b) => t::DISK.fill(&[
            ("role", &role),
            ("name", &name),
            ("path", &path),
            ("size", &size),
            ("on_disk", &format_bytes(b)),
        ]),
        None => t::DISK_NO_ON_DISK.fill(&[
            ("role", &role),
            ("name", &name),
            ("path", &path),
            ("size", &size),
        ]),
    };
    let fix = match disk.role {
        Role::DockerData => t::DISK_DOCKER_DATA_FIX,
        Role::DockerDistro => t::DISK_DOCKER_DISTRO_FIX,
        Role::Distro | Role::Other => t::DISK_DISTRO_FIX,
    };
    finding(Severity::Info, code, message, fix.get())
}
