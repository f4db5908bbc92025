//! `wsltune compact`: the plan for each disk (what would come back, which modes work here and,
//! where one does not, why and what to do), or a verified compacted copy, swapped into place
//! with `--replace`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use serde::Serialize;

use crate::Outcome;
use crate::cli::{CompactArgs, GlobalArgs};
use crate::docker::Prune;
use crate::fsinfo::free_space;
use crate::locate::{self, Inputs, Locations, Role};
use crate::units::format_bytes;
use crate::vhdx::compact::{self, Figures, Plan, swap};
use crate::vhdx::source::FileSource;
use crate::vhdx::{Image, VhdxError};

mod in_place;
mod replace;

use replace::{finish_swap, say_how_to_swap, swap_or_say};

/// One disk's outcome (the `--json` contract in docs/cli.md).
#[derive(Debug, Serialize)]
struct Report {
    #[serde(serialize_with = "crate::fsinfo::json_path::one")]
    path: PathBuf,
    /// `plan` or `copy`.
    mode: &'static str,
    #[serde(serialize_with = "crate::fsinfo::json_path::option")]
    output: Option<PathBuf>,
    before: Figures,
    /// In a plan: at most this (blocks found to hold only zeros while copying also go).
    after: Figures,
    /// In a plan: at least this.
    reclaimed_bytes: u64,
    blocks_dropped: u64,
    blocks_moved: u64,
    verified: bool,
    seconds: f64,
    /// Where the original is kept after `--replace`.
    #[serde(serialize_with = "crate::fsinfo::json_path::option")]
    backup: Option<PathBuf>,
    /// Whether copy mode can run here, and if not why.
    copy_possible: bool,
    copy_blocker: Option<String>,
    /// Whether in-place mode can run here, and if not why.
    in_place_possible: bool,
    in_place_blocker: Option<String>,
    notes: Vec<String>,
    /// On Docker's data disk, what pruning would free inside it first (null elsewhere, and when
    /// no engine was asked or answered).
    docker_prune: Option<Vec<Prune>>,
}

use super::DiskTarget as Target;

/// Runs `wsltune compact`.
pub fn run(global: &GlobalArgs, args: &CompactArgs) -> anyhow::Result<Outcome> {
    if args.to.is_some() && args.paths.len() > 1 {
        crate::usage_error!(
            "--to writes one copy: name one PATH (or none, for Docker's data disk)"
        );
    }
    if args.to.is_some() && args.all {
        crate::usage_error!("--to writes one copy: it cannot be used with --all");
    }
    let inputs = Inputs::resolve(&global.overrides())?;
    let found = locate::locate(&inputs);
    let targets = targets(&found, args)?;
    // Asked only when Docker's data disk is among them, and only once.
    let prunes = targets
        .iter()
        .any(|t| t.role == Role::DockerData)
        .then(|| super::docker_prunes(inputs.docker.as_ref()))
        .flatten();
    let mut reports = Vec::new();
    let mut failed = 0;
    for (i, target) in targets.iter().enumerate() {
        if i > 0 && !args.json {
            writeln!(std::io::stdout().lock()).context("writing the result")?;
        }
        let prunes = prunes.as_deref().filter(|_| target.role == Role::DockerData);
        match one(target, args, &found, prunes) {
            Ok(Some(report)) => reports.push(report),
            Ok(None) => {}
            Err(e) => {
                crate::term::say(&format!("error: '{}': {e:#}", target.path.display()));
                failed += 1;
            }
        }
    }
    if args.json {
        let mut out = std::io::stdout().lock();
        match reports.as_slice() {
            [one] if targets.len() == 1 => serde_json::to_writer_pretty(&mut out, one),
            all => serde_json::to_writer_pretty(&mut out, all),
        }
        .context("writing the result")?;
        writeln!(out).context("writing the result")?;
    }
    Ok(if failed > 0 { Outcome::UserError } else { Outcome::Success })
}

fn targets(found: &Locations, args: &CompactArgs) -> anyhow::Result<Vec<Target>> {
    let disks =
        super::disk_targets(found, &args.paths, |role| args.all || role == Role::DockerData);
    if disks.is_empty() {
        bail!(
            "wsltune found no {} here ({}); name the file: wsltune compact PATH",
            if args.all { "Docker or WSL disk" } else { "Docker data disk (docker_data.vhdx)" },
            match found.profile.path() {
                Some(home) => format!("looked under the Windows profile {}", home.display()),
                None => "the Windows profile was not found; see `wsltune doctor`".to_owned(),
            }
        );
    }
    Ok(disks)
}

/// Plans one disk and, with `--to`, compacts it.
fn one(
    target: &Target,
    args: &CompactArgs,
    found: &Locations,
    prunes: Option<&[Prune]>,
) -> anyhow::Result<Option<Report>> {
    let path = &target.path;
    // Copy mode keeps writers out while it reads (Windows); a plan reads beside them.
    let opened = if args.to.is_some() {
        FileSource::open_denying_writers(path)
    } else {
        FileSource::open(path)
    };
    let src = opened.map_err(|e| {
        anyhow::anyhow!("cannot open it for reading ({e}); if Docker Desktop or WSL is running, quit Docker Desktop and run `wsl --shutdown`, then try again")
    })?;
    let image = Image::open(&src).map_err(|e| plain(e.in_file(path)))?;
    let plan = compact::plan(&image).map_err(plain)?;
    let shown = shown(target);
    let output_dir = args.to.as_deref().unwrap_or(path);
    let blocker = copy_blocker(&plan, output_dir);
    let place = in_place::estimate(path, &src, &image, &plan);
    let mut report = Report {
        path: path.clone(),
        mode: "plan",
        output: None,
        before: Figures { file_length: plan.file_length, allocated_bytes: plan.allocated_bytes },
        after: plan.after_at_most(),
        reclaimed_bytes: plan.reclaim_at_least(),
        blocks_dropped: plan.blocks_to_drop(),
        blocks_moved: 0,
        verified: false,
        seconds: 0.0,
        backup: None,
        copy_possible: blocker.is_none() && !plan.fixed,
        copy_blocker: blocker.clone(),
        in_place_possible: place.blocker.is_none() && !plan.fixed,
        in_place_blocker: place.blocker.clone(),
        notes: plan.notes.clone(),
        docker_prune: prunes.map(<[Prune]>::to_vec),
    };
    report.blocks_moved = place.moves;
    let mut out = crate::term::stdout_for(args.json);
    if plan.fixed {
        report.after = report.before;
        report.reclaimed_bytes = 0;
        report.blocks_dropped = 0;
        if !args.json {
            writeln!(
                out,
                "{shown}\n  a fixed disk: every block stays allocated by design, nothing to give back"
            )?;
        }
        return Ok(Some(report));
    }
    if !args.json {
        print_plan(&mut out, &plan, blocker.as_deref(), &place, target, prunes, args)?;
    }
    if args.in_place {
        drop(image);
        drop(src);
        if let (Some(why), Some(windows)) = (&place.blocker, &target.windows_path)
            && found.mounts != crate::locate::winpath::DriveMounts::Native
        {
            return in_place_on_windows(found, windows, why, args, &mut out).map(|()| None);
        }
        return in_place::run(target, args, place, report, &mut out).map(Some);
    }
    let Some(to) = &args.to else { return Ok(Some(report)) };
    report.blocks_moved = 0;
    if to.exists() {
        if args.replace && swap::interrupted(path) {
            let virtual_size = image.virtual_size();
            drop(image);
            drop(src);
            return finish_swap(virtual_size, path, to, report, args, &mut out).map(Some);
        }
        bail!(
            "'{}' already exists; wsltune never overwrites a file: choose another name, or remove it first",
            to.display()
        );
    }
    if args.replace && image.is_dirty() {
        bail!(
            "its log holds changes not yet applied: something has the disk open for writing, or did not close it cleanly. Quit Docker Desktop, run `wsl --shutdown`, and try again (without --replace a copy can still be written)"
        );
    }
    let backup = swap::backup_name(path);
    if args.replace && backup.exists() {
        bail!(
            "'{}' already exists (kept by an earlier compaction?): remove or rename it before --replace keeps the original under that name",
            backup.display()
        );
    }
    if let Some(why) = blocker {
        bail!("cannot write the copy: {why}");
    }
    let question = format!(
        "Write a compacted copy to {}{}?",
        to.display(),
        if args.replace { " and swap it into place" } else { "" }
    );
    if !confirm(args, &question, &mut out)? {
        return Ok(None);
    }
    let bar = bar(args, "copying", plan.keep.count() * plan.block_size);
    let started = Instant::now();
    let copied = compact::copy(&image, &plan, path, to, &mut |done, _| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let copied = copied?;
    // The original is closed before the swap: on Windows the handle that keeps writers out
    // would keep ReplaceFileW out too (a sharing violation, seen under Wine).
    drop(image);
    drop(src);
    let seconds = started.elapsed().as_secs_f64();
    report.mode = "copy";
    report.output = Some(to.clone());
    report.after =
        Figures { file_length: copied.file_length, allocated_bytes: copied.allocated_bytes };
    report.reclaimed_bytes = plan.file_length.saturating_sub(copied.file_length);
    report.blocks_dropped = copied.blocks_unused + copied.blocks_zero;
    report.blocks_moved = copied.blocks_kept;
    report.verified = copied.verified;
    report.seconds = seconds;
    if !args.json {
        let rate = (copied.blocks_kept * plan.block_size) as f64 / seconds.max(1e-3) / 1e6;
        writeln!(out)?;
        writeln!(
            out,
            "Wrote {} and verified it, block by block, against the original.",
            to.display()
        )?;
        writeln!(
            out,
            "  {} → {}: {} given back in {seconds:.1} s ({rate:.0} MB/s)",
            format_bytes(plan.file_length),
            format_bytes(copied.file_length),
            format_bytes(report.reclaimed_bytes),
        )?;
        writeln!(
            out,
            "  {} copied, {} dropped ({} unused by ext4, {} only zeros)",
            crate::units::plural(copied.blocks_kept, "block", "blocks"),
            report.blocks_dropped,
            copied.blocks_unused,
            copied.blocks_zero
        )?;
    }
    if args.replace {
        report.backup = swap_or_say(path, to, target, found, args, &mut out)?;
    } else if !args.json {
        say_how_to_swap(&mut out, target, found, to)?;
    }
    Ok(Some(report))
}

/// Asks `question` unless `--yes`; refuses without a terminal. False (and says so) when the
/// answer is no.
fn confirm(args: &CompactArgs, question: &str, out: &mut impl Write) -> anyhow::Result<bool> {
    if args.yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        bail!("not asking without a terminal: pass --yes to write ({question})");
    }
    out.flush()?;
    let yes = super::ask(question)?;
    if !yes {
        writeln!(out, "Nothing written.")?;
    }
    Ok(yes)
}

/// A progress bar on a terminal (not with --json): `what`, bytes done of a total.
fn bar(args: &CompactArgs, what: &str, total: u64) -> Option<indicatif::ProgressBar> {
    (!args.json && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(total);
        // The bar takes what the terminal's width leaves, so the line never wraps.
        let template = format!(
            "  {what:<8} {{wide_bar}} {{binary_bytes}}/{{binary_total_bytes}} {{binary_bytes_per_sec}} ETA {{eta}}"
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        bar
    })
}

/// The reader's error without the "it": the caller names the file.
fn plain(e: VhdxError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn shown(target: &Target) -> String {
    match target.role {
        Role::Other => target.path.display().to_string(),
        role => format!("{} ({})", target.path.display(), role.label()),
    }
}

/// Why a copy cannot be written next to `output` (its folder's free space), if it cannot.
fn copy_blocker(plan: &Plan, output: &Path) -> Option<String> {
    let need = plan.after_at_most().file_length;
    let folder = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Some(format!("the folder {} does not exist", folder.display()));
    }
    let free = free_space(output)?;
    (free < need).then(|| {
        format!(
            "it needs {} free in {}, which has {}: free {} there, or pass --to with a folder on another drive",
            format_bytes(need),
            folder.display(),
            format_bytes(free),
            format_bytes(need - free)
        )
    })
}

/// The plan for `target`: what pruning would free inside it first (Docker's data disk, when the
/// engine answered), then what compaction gives back and which modes can do it here.
fn print_plan(
    out: &mut impl Write,
    plan: &Plan,
    blocker: Option<&str>,
    place: &in_place::Estimate,
    target: &Target,
    prunes: Option<&[Prune]>,
    args: &CompactArgs,
) -> std::io::Result<()> {
    let bs = plan.block_size;
    let after = plan.after_at_most();
    writeln!(out, "{}", shown(target))?;
    let row =
        |out: &mut dyn Write, label: &str, value: String| writeln!(out, "  {label:<13}{value}");
    row(
        out,
        "Now",
        format!(
            "{} file, {} in {} blocks of {}",
            format_bytes(plan.file_length),
            format_bytes(plan.allocated_bytes),
            plan.present,
            format_bytes(bs)
        ),
    )?;
    if let Some(prunes) = prunes {
        super::write_prunes(out, prunes)?;
    }
    row(
        out,
        "After",
        format!(
            "at most {}: keeps {} blocks, drops {} unused",
            format_bytes(after.file_length),
            plan.keep.count(),
            plan.blocks_to_drop()
        ),
    )?;
    row(
        out,
        "Gives back",
        match plan.reclaim_at_least() {
            0 => "nothing for certain (blocks holding only zeros go too, once read)".to_owned(),
            n => format!("at least {} (more if blocks hold only zeros)", format_bytes(n)),
        },
    )?;
    match blocker {
        None => row(
            out,
            "Copy (--to)",
            format!("possible: writes {}", format_bytes(after.allocated_bytes)),
        )?,
        Some(why) => row(out, "Copy (--to)", format!("not possible here: {why}"))?,
    }
    match &place.blocker {
        None => row(
            out,
            "In place",
            format!("possible: moves {} blocks, needs no free space", place.moves),
        )?,
        Some(why) => row(out, "In place", format!("not possible here: {why}"))?,
    }
    for note in &plan.notes {
        writeln!(out, "  note: {note}")?;
    }
    if args.to.is_none() && !args.in_place && plan.reclaim_at_least() > 0 {
        writeln!(out)?;
        writeln!(out, "  To give it back: quit Docker Desktop, run `wsl --shutdown`, then")?;
        let name =
            target.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = name.strip_suffix(".vhdx").unwrap_or(&name);
        let new = target.path.with_file_name(format!("{stem}.compact.vhdx"));
        if place.blocker.is_none() {
            writeln!(out, "    wsltune compact \"{}\" --in-place", target.path.display())?;
            writeln!(out, "  or, keeping the original until the copy is verified and swapped:")?;
        }
        writeln!(
            out,
            "    wsltune compact \"{}\" --to \"{}\" --replace",
            target.path.display(),
            new.display()
        )?;
    }
    Ok(())
}

/// `--in-place` on a Windows drive seen from WSL, where the file cannot be held exclusively nor
/// flushed for certain (`vhdx/compact/io.rs`): handed to `wsltune.exe`, which opens it with
/// share mode 0, through interop with this terminal; or, without it, said exactly how.
fn in_place_on_windows(
    found: &Locations,
    windows_path: &str,
    why: &str,
    args: &CompactArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    use crate::locate::history::{find_windows_exe, installed_windows_exe};
    let profile = found.profile.path();
    let exe =
        find_windows_exe(std::env::var_os("PATH").as_deref(), profile, std::path::Path::is_file);
    let Some(exe) = exe else {
        bail!(
            "cannot compact it in place from here ({why}); the Windows build can: in PowerShell run `wsltune.exe compact --in-place '{windows_path}'`, or install wsltune.exe as {} (README, \"Getting the Windows build\") and run this again, and wsltune hands it over",
            profile.map_or("%LOCALAPPDATA%\\wsltune\\bin\\wsltune.exe".to_owned(), |p| {
                installed_windows_exe(p).display().to_string()
            })
        );
    };
    writeln!(
        out,
        "  In place from WSL is not safe here ({why}); handing it to {}:",
        exe.display()
    )?;
    out.flush()?;
    let mut forwarded = vec!["compact", "--in-place", windows_path];
    if args.yes {
        forwarded.push("--yes");
    }
    if args.json {
        forwarded.push("--json");
    }
    let status = std::process::Command::new(&exe)
        .args(&forwarded)
        .status()
        .with_context(|| format!("cannot run {} (is WSL interop on?)", exe.display()))?;
    if !status.success() {
        bail!("wsltune.exe compact --in-place '{windows_path}' did not finish ({status})");
    }
    Ok(())
}
