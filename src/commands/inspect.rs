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
use crate::checklist::texts::{LIST_SEP, role_label};
use crate::commands::texts::ERROR_PREFIX;

pub(super) mod texts;
use texts as t;

/// Runs `wsltune inspect`.
pub fn run(global: &GlobalArgs, args: &InspectArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::resolve(&global.overrides())?;
    let found = locate::locate(&inputs);
    let targets = super::disk_targets(&found, &args.paths, |_| true);
    if targets.is_empty() {
        anyhow::bail!(t::NO_DISK.fill(&[("looked", &looked(&found))]));
    }
    let mut results: Vec<(Target, Inspection)> = Vec::new();
    let mut failed = 0;
    for target in targets {
        match vhdx::inspect_path(&target.path) {
            Ok(inspection) => results.push((target, inspection)),
            Err(e) => {
                crate::term::say(&format!("{ERROR_PREFIX}{e}"));
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
        .context(t::WRITING_RESULT.get())?;
        std::io::Write::write_all(&mut out, b"\n").context(t::WRITING_RESULT.get())?;
    } else {
        text(&mut out, &results, prunes_for).context(t::WRITING_RESULT.get())?;
    }
    Ok(if failed > 0 { Outcome::UserError } else { Outcome::Success })
}

/// Where disks were looked for, for a message saying none was found (`inspect`, `compact`).
pub(super) fn looked(found: &locate::Locations) -> String {
    match found.profile.path() {
        Some(home) => t::LOOKED_UNDER.fill(&[("home", &home.display())]),
        None => t::NO_PROFILE.get().to_owned(),
    }
}

/// A disk's path and, when it is a known one, what it is: `… (Docker data)`.
pub(super) fn named(target: &Target) -> String {
    match target.role {
        Role::Other => target.path.display().to_string(),
        role => t::NAMED.fill(&[("path", &target.path.display()), ("role", &role_label(role))]),
    }
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

/// The summary's labels (and `ext4`, the same in every language), whose widest sets the column
/// of the values.
const LABELS: [crate::i18n::Text; 5] =
    [t::FILE, t::VIRTUAL_DISK, t::ALLOCATED, t::RECLAIMABLE, t::LOG];

fn row(out: &mut impl Write, label: &str, value: &str) -> io::Result<()> {
    writeln!(out, "  {}{value}", t::pad(label, t::column(&LABELS, 14)))
}

fn summary(
    out: &mut impl Write,
    target: &Target,
    i: &Inspection,
    prunes: Option<&[Prune]>,
) -> io::Result<()> {
    writeln!(out, "{}", named(target))?;
    let length = format_bytes(i.file_length);
    let file = match i.size_on_disk {
        Some(b) => t::FILE_ON_DISK.fill(&[("length", &length), ("on_disk", &format_bytes(b))]),
        None => length,
    };
    row(out, t::FILE.get(), &file)?;
    if let (Some(size), Some(kind), Some(block), Some(lss), Some(pss)) =
        (i.virtual_size, i.disk_type, i.block_size, i.logical_sector_size, i.physical_sector_size)
    {
        let kind = match kind {
            DiskType::Dynamic => t::DYNAMIC,
            DiskType::Fixed => t::FIXED,
            DiskType::Differencing => t::DIFFERENCING,
        };
        let virtual_disk = t::VIRTUAL.fill(&[
            ("size", &format_bytes(size)),
            ("kind", &kind),
            ("block", &format_bytes(u64::from(block))),
            ("logical", &lss),
            ("physical", &pss),
        ]);
        row(out, t::VIRTUAL_DISK.get(), &virtual_disk)?;
    }
    if let (Some(b), Some(allocated)) = (&i.blocks, i.allocated_bytes) {
        let mut parts = vec![t::PRESENT.fill(&[("n", &(b.fully_present + b.partially_present))])];
        for (n, what) in
            [(b.not_present + b.zero + b.undefined, t::EMPTY), (b.unmapped, t::TRIMMED)]
        {
            if n > 0 {
                parts.push(what.fill(&[("n", &n)]));
            }
        }
        let blocks = t::BLOCKS.fill(&[
            ("bytes", &format_bytes(allocated)),
            ("parts", &parts.join(LIST_SEP.get())),
            ("total", &b.total),
        ]);
        row(out, t::ALLOCATED.get(), &blocks)?;
    }
    if let Some(fs) = &i.filesystem {
        let place = match &i.partition {
            Some(p) if p.scheme != "none" => t::PARTITION
                .fill(&[("scheme", &p.scheme.to_uppercase()), ("n", &p.number.unwrap_or(0))]),
            _ => t::WHOLE_DISK.get().to_owned(),
        };
        let ext4 = t::EXT4.fill(&[
            ("used", &format_bytes(fs.used_bytes)),
            ("total", &format_bytes(fs.blocks_total * fs.block_size)),
            ("block", &format_bytes(fs.block_size)),
            ("place", &place),
            ("state", if fs.clean { &t::CLEAN } else { &t::NOT_CLEAN }),
        ]);
        row(out, "ext4", &ext4)?;
    }
    // What pruning frees inside the disk first, then what compaction gives back.
    if let Some(prunes) = prunes {
        super::write_prunes(out, prunes)?;
    }
    match i.reclaimable_bytes {
        Some(r) => {
            let bytes = format_bytes(r);
            row(out, t::RECLAIMABLE.get(), &t::RECLAIMABLE_BYTES.fill(&[("bytes", &bytes)]))?
        }
        None if i.allocated_bytes.is_some() => {
            row(out, t::RECLAIMABLE.get(), t::RECLAIMABLE_UNKNOWN.get())?
        }
        None => {}
    }
    if let Some(log) = &i.log {
        let state = match (log.dirty, log.replayed) {
            (false, _) => t::LOG_CLEAN,
            (true, true) => t::LOG_REPLAYED,
            (true, false) => t::LOG_NOT_REPLAYED,
        };
        row(out, t::LOG.get(), state.get())?;
    }
    for w in &i.warnings {
        writeln!(out, "  {}{w}", t::NOTE)?;
    }
    Ok(())
}

/// The steps to get the space back; `pruned` when the prune commands were listed above.
fn steps(out: &mut impl Write, target: &Target, i: &Inspection, pruned: bool) -> io::Result<()> {
    let Some(reclaimable) = i.reclaimable_bytes.filter(|r| *r > 0) else { return Ok(()) };
    let path = target.windows_path.clone().unwrap_or_else(|| i.path.display().to_string());
    let from_linux = cfg!(not(windows)) && target.windows_path.is_some();
    writeln!(out)?;
    writeln!(out, "  {}", t::TO_GET_BACK.fill(&[("bytes", &format_bytes(reclaimable))]))?;
    let docker = matches!(target.role, Role::DockerData);
    let mut n = 0;
    let mut step = |out: &mut dyn Write, text: &str| -> io::Result<()> {
        n += 1;
        writeln!(out, "  {n}. {text}")
    };
    let (first, second) = match (docker, pruned) {
        (true, true) => (t::RUN_PRUNES, t::QUIT_DOCKER),
        (true, false) => (t::DOCKER_PRUNE, t::QUIT_DOCKER),
        (false, _) => (t::DELETE_IN_DISTRO, t::CLOSE_DISTRO),
    };
    step(out, first.get())?;
    step(out, second.get())?;
    let command = crate::vhdx::compact::command_for(&i.path, from_linux);
    step(out, &t::COMPACT_IT.fill(&[("command", &command)]))?;
    writeln!(out, "  {}", t::AS_ADMIN.fill(&[("path", &path)]))
}
