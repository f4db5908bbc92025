//! The disks' part of the checklist: each disk found, with what reading it showed — a file that
//! cannot be read, Docker's old layout left behind, and the bloat that only compaction gives
//! back.

use super::checks::{Facts, finding};
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
                format!("{} could not be read as a VHDX: {}", disk.path.display(), e.reason),
                "Run `wsltune inspect` on it after `wsl --shutdown`; if it still fails, the file is not a VHDX WSL can use.",
            )),
        }
        if matches!(disk.role, Role::DockerData | Role::DockerDistro)
            && is_double_nested(&disk.path)
        {
            out.push(finding(
                Severity::Warning,
                "docker-disk-nested",
                format!("Docker's disk {} lies in a doubly nested DockerDesktopWSL folder (docker/for-win#13384).", disk.path.display()),
                "It works, but Docker may look for it one level up after an update; move it with Docker Desktop (Settings > Resources > Advanced > Disk image location) rather than by hand.",
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
            format!(
                "Both Docker's current data disk (docker_data.vhdx) and the old docker-desktop-data disk {} ({}) exist. Docker Desktop 4.30+ migrates to the first; the old one may be left over.",
                stale.path.display(),
                format_bytes(stale.file_length)
            ),
            "Check with `wsl -l -v` in PowerShell: if no 'docker-desktop-data' distro is listed, the old disk is unused; back it up or delete it to get its space back.",
        )),
        (None, [_, ..]) => out.push(finding(
            Severity::Info,
            "docker-legacy-layout",
            "Docker Desktop uses the old layout (the docker-desktop-data distro, Docker Desktop 4.29 and older).".to_owned(),
            "Updating Docker Desktop migrates the data to docker_data.vhdx (4.30+; existing installs were migrated from 4.36).",
        )),
        _ => {}
    }
    let any_docker =
        facts.found.disks.iter().any(|d| matches!(d.role, Role::DockerData | Role::DockerDistro));
    if facts.found.profile.path().is_some() && !any_docker {
        out.push(finding(
            Severity::Info,
            "docker-disk-not-found",
            format!(
                "No Docker Desktop WSL 2 disk was found. Looked in: {}.",
                facts.found.docker_folders.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
            ),
            "If Docker Desktop is installed, see where it keeps its disks: Settings > Resources > Advanced > Disk image location.",
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
        format!(
            "{} {} is {} but its ext4 filesystem uses {}: compacting it would give about {} back.",
            disk.role.label(),
            disk.path.display(),
            format_bytes(disk.file_length),
            format_bytes(fs.used_bytes),
            format_bytes(reclaimable)
        ),
        format!(
            "Quit Docker Desktop and run `wsl --shutdown`, then `wsltune compact \"{}\"`: it shows what would come back and how (no administrator rights, no fstrim); `wsltune inspect` also lists the administrator alternative (Optimize-VHD or diskpart).",
            disk.path.display()
        ),
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
    let on_disk =
        disk.size_on_disk.map_or(String::new(), |b| format!(", {} on disk", format_bytes(b)));
    let name = disk.name.as_deref().map_or(String::new(), |n| format!(" '{n}'"));
    finding(
        Severity::Info,
        code,
        format!(
            "{}{name}: {} ({}{on_disk}).",
            disk.role.label(),
            disk.path.display(),
            format_bytes(disk.file_length)
        ),
        match disk.role {
            Role::DockerData => {
                "Deleting images does not shrink this file: prune inside Docker (`docker system prune`), run `wsl --shutdown`, then compact it (Optimize-VHD, or diskpart's `compact vdisk`)."
            }
            Role::DockerDistro => {
                "Docker Desktop manages this disk; it stays small and needs nothing."
            }
            Role::Distro | Role::Other => {
                "This file grows but never shrinks: after deleting files, run `sudo fstrim -av` in the distro and `wsl --shutdown`, then compact it (Optimize-VHD, or diskpart's `compact vdisk`)."
            }
        },
    )
}
