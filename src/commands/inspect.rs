//! `wsltune inspect`: what is inside each VHDX — allocation, ext4 usage, and what compaction
//! would give back — read-only, without mounting the disk or stopping WSL; for people, a summary
//! per disk and, when space would come back, the exact steps to get it.

use std::io::{self, Write};

use anyhow::Context;
use serde::Serialize;

use crate::Outcome;
use crate::cli::{GlobalArgs, InspectArgs};
use crate::docker::Prune;
use crate::locate::{self, Inputs, Role};
use crate::units::format_bytes;
use crate::vhdx::{self, DiskType, Inspection};

use super::DiskTarget as Target;

/// Runs `wsltune inspect`.
pub fn run(global: &GlobalArgs, args: &InspectArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::resolve(&global.overrides())?;
    let found = locate::locate(&inputs);
    let targets = super::disk_targets(&found, &args.paths, |_| true);
    if targets.is_empty() {
        anyhow::bail!(
            "no disk to inspect: wsltune found no Docker or WSL disk here ({}); name the files: wsltune inspect PATH...",
            match found.profile.path() {
                Some(home) => format!("looked under the Windows profile {}", home.display()),
                None => "the Windows profile was not found; see `wsltune doctor`".to_owned(),
            }
        );
    }
    let mut results: Vec<(Target, Inspection)> = Vec::new();
    let mut failed = 0;
    for target in targets {
        match vhdx::inspect_path(&target.path) {
            Ok(inspection) => results.push((target, inspection)),
            Err(e) => {
                crate::term::say(&format!("error: {e}"));
                failed += 1;
            }
        }
    }
    // Asked only when a Docker data disk is among them, and only once.
    let prunes = results
        .iter()
        .any(|(t, _)| t.role == Role::DockerData)
        .then(|| super::docker_prunes(inputs.docker.as_ref()))
        .flatten();
    let prunes_for = |t: &Target| prunes.as_deref().filter(|_| t.role == Role::DockerData);
    let mut out = crate::term::stdout_for(args.json);
    if args.json {
        let objects: Vec<Shown> = results
            .iter()
            .map(|(t, inspection)| Shown { inspection, docker_prune: prunes_for(t) })
            .collect();
        match (args.paths.len(), objects.as_slice()) {
            (1, [one]) => serde_json::to_writer_pretty(&mut out, one),
            _ => serde_json::to_writer_pretty(&mut out, &objects),
        }
        .context("writing the result")?;
        std::io::Write::write_all(&mut out, b"\n").context("writing the result")?;
    } else {
        text(&mut out, &results, prunes_for).context("writing the result")?;
    }
    Ok(if failed > 0 { Outcome::UserError } else { Outcome::Success })
}

/// Writes the summaries, with what pruning frees on Docker's data disk (`prunes_for`).
fn text<'a>(
    out: &mut impl Write,
    results: &'a [(Target, Inspection)],
    prunes_for: impl Fn(&'a Target) -> Option<&'a [Prune]>,
) -> io::Result<()> {
    for (i, (target, inspection)) in results.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let prunes = prunes_for(target);
        summary(out, target, inspection, prunes)?;
        steps(out, target, inspection, prunes.is_some_and(|p| !p.is_empty()))?;
    }
    Ok(())
}

/// One disk in `--json`: the inspection, and on Docker's data disk what pruning would free
/// inside it (null elsewhere, and when no engine was asked or answered).
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    inspection: &'a Inspection,
    docker_prune: Option<&'a [Prune]>,
}

fn row(out: &mut impl Write, label: &str, value: &str) -> io::Result<()> {
    writeln!(out, "  {label:<14}{value}")
}

fn summary(
    out: &mut impl Write,
    target: &Target,
    i: &Inspection,
    prunes: Option<&[Prune]>,
) -> io::Result<()> {
    let role = match target.role {
        Role::Other => String::new(),
        role => format!(" ({})", role.label()),
    };
    writeln!(out, "{}{role}", i.path.display())?;
    let on_disk =
        i.size_on_disk.map_or(String::new(), |b| format!(", {} on disk", format_bytes(b)));
    row(out, "File", &format!("{}{on_disk}", format_bytes(i.file_length)))?;
    if let (Some(size), Some(kind), Some(block), Some(lss), Some(pss)) =
        (i.virtual_size, i.disk_type, i.block_size, i.logical_sector_size, i.physical_sector_size)
    {
        let kind = match kind {
            DiskType::Dynamic => "dynamic",
            DiskType::Fixed => "fixed",
            DiskType::Differencing => "differencing",
        };
        row(
            out,
            "Virtual disk",
            &format!(
                "{} {kind}, {} blocks, {lss}-byte logical / {pss}-byte physical sectors",
                format_bytes(size),
                format_bytes(u64::from(block))
            ),
        )?;
    }
    if let (Some(b), Some(allocated)) = (&i.blocks, i.allocated_bytes) {
        let mut parts = vec![format!("{} present", b.fully_present + b.partially_present)];
        for (n, what) in [(b.not_present + b.zero + b.undefined, "empty"), (b.unmapped, "trimmed")]
        {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        row(
            out,
            "Allocated",
            &format!("{} ({} of {} blocks)", format_bytes(allocated), parts.join(", "), b.total),
        )?;
    }
    if let Some(fs) = &i.filesystem {
        let place = match &i.partition {
            Some(p) if p.scheme != "none" => {
                format!("{} partition {}", p.scheme.to_uppercase(), p.number.unwrap_or(0))
            }
            _ => "whole disk".to_owned(),
        };
        row(
            out,
            "ext4",
            &format!(
                "{} used of {} ({} blocks, {place}, {})",
                format_bytes(fs.used_bytes),
                format_bytes(fs.blocks_total * fs.block_size),
                format_bytes(fs.block_size),
                if fs.clean { "clean" } else { "in use or not cleanly unmounted" }
            ),
        )?;
    }
    // What pruning frees inside the disk first, then what compaction gives back.
    if let Some(prunes) = prunes {
        super::write_prunes(out, prunes)?;
    }
    match i.reclaimable_bytes {
        Some(r) => row(
            out,
            "Reclaimable",
            &format!("{} (allocated blocks that hold no ext4 data)", format_bytes(r)),
        )?,
        None if i.allocated_bytes.is_some() => {
            row(out, "Reclaimable", "unknown (no readable ext4 filesystem)")?
        }
        None => {}
    }
    if let Some(log) = &i.log {
        let state = match (log.dirty, log.replayed) {
            (false, _) => "clean",
            (true, true) => "dirty (in use); replayed in memory, file untouched",
            (true, false) => "dirty (in use); could not be replayed, figures approximate",
        };
        row(out, "Log", state)?;
    }
    for w in &i.warnings {
        writeln!(out, "  note: {w}")?;
    }
    Ok(())
}

/// The steps to get the space back; `pruned` when the prune commands were listed above.
fn steps(out: &mut impl Write, target: &Target, i: &Inspection, pruned: bool) -> io::Result<()> {
    let Some(reclaimable) = i.reclaimable_bytes.filter(|r| *r > 0) else { return Ok(()) };
    let path = target.windows_path.clone().unwrap_or_else(|| i.path.display().to_string());
    let from_linux = cfg!(not(windows)) && target.windows_path.is_some();
    writeln!(out)?;
    writeln!(
        out,
        "  To get about {} back (no administrator rights needed):",
        format_bytes(reclaimable)
    )?;
    let docker = matches!(target.role, Role::DockerData);
    let mut n = 0;
    let mut step = |out: &mut dyn Write, text: String| -> io::Result<()> {
        n += 1;
        writeln!(out, "  {n}. {text}")
    };
    if docker && pruned {
        step(out, "Run those of the prune commands above whose removals you want (this frees space inside the disk only)".to_owned())?;
        step(out, "Quit Docker Desktop, then: `wsl --shutdown`".to_owned())?;
    } else if docker {
        step(out, "Remove what Docker no longer needs: `docker system prune` (add `-a` for unused images, `--volumes` for unused volumes). This frees space inside the disk only.".to_owned())?;
        step(out, "Quit Docker Desktop, then: `wsl --shutdown`".to_owned())?;
    } else {
        step(out, "Delete what you no longer need inside the distro".to_owned())?;
        step(out, "Close the distro (and Docker Desktop), then: `wsl --shutdown`".to_owned())?;
    }
    step(
        out,
        format!(
            "Compact it: `{}` (without the last options it shows the plan and changes nothing)",
            crate::vhdx::compact::command_for(&i.path, from_linux)
        ),
    )?;
    writeln!(
        out,
        "  Or, as administrator: trim the freed blocks (`wsl --mount --vhd \"{path}\"`, then `fstrim` on its mount point, `wsl --unmount`), then `Optimize-VHD -Path \"{path}\" -Mode Full` (Hyper-V module) or diskpart's `compact vdisk`."
    )
}
