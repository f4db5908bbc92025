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
pub(super) mod texts;

use super::inspect::texts::{NOTE, WRITING_RESULT, column, pad};
use crate::commands::texts::ERROR_PREFIX;
use texts as t;

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
        crate::usage_error!("{}", t::TO_ONE_PATH);
    }
    if args.to.is_some() && args.all {
        crate::usage_error!("{}", t::TO_NOT_ALL);
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
            let _ = writeln!(crate::term::KeepGoing::new(std::io::stdout().lock()));
        }
        let prunes = prunes.as_deref().filter(|_| target.role == Role::DockerData);
        match one(target, args, &found, prunes) {
            Ok(Some(report)) => reports.push(report),
            Ok(None) => {}
            Err(e) => {
                let why = crate::i18n::os::chain(&e);
                crate::term::say(&format!("{ERROR_PREFIX}'{}': {why}", target.path.display()));
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
        .context(WRITING_RESULT.get())?;
        writeln!(out).context(WRITING_RESULT.get())?;
    }
    Ok(if failed > 0 { Outcome::UserError } else { Outcome::Success })
}

fn targets(found: &Locations, args: &CompactArgs) -> anyhow::Result<Vec<Target>> {
    let disks =
        super::disk_targets(found, &args.paths, |role| args.all || role == Role::DockerData);
    if disks.is_empty() {
        let what = if args.all { t::ANY_DISK } else { t::DOCKER_DISK };
        bail!(t::NOT_FOUND.fill(&[("what", &what), ("looked", &super::inspect::looked(found))]));
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
        anyhow::anyhow!(t::CANNOT_OPEN.fill(&[("error", &crate::i18n::os::describe(&e))]))
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
    // A reader that goes away (`| head`) does not stop the work: its output is dropped.
    let mut out = crate::term::KeepGoing::new(crate::term::stdout_for(args.json));
    if plan.fixed {
        report.after = report.before;
        report.reclaimed_bytes = 0;
        report.blocks_dropped = 0;
        if !args.json {
            writeln!(out, "{shown}\n  {}", t::FIXED)?;
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
        bail!(crate::vhdx::compact::texts::EXISTS.fill(&[("path", &to.display())]));
    }
    if args.replace && image.is_dirty() {
        bail!(t::DIRTY_REPLACE.get());
    }
    let backup = swap::backup_name(path);
    if args.replace && backup.exists() {
        bail!(t::BACKUP_TAKEN.fill(&[("path", &backup.display())]));
    }
    if let Some(why) = blocker {
        bail!(t::CANNOT_WRITE_COPY.fill(&[("why", &why)]));
    }
    let ask = if args.replace { t::ASK_COPY_SWAP } else { t::ASK_COPY };
    let question = ask.fill(&[("path", &to.display())]);
    if !confirm(args, &question, &mut out)? {
        return Ok(None);
    }
    let bar = bar(args, t::COPYING, plan.keep.count() * plan.block_size);
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
        writeln!(out, "{}", t::WROTE.fill(&[("path", &to.display())]))?;
        let gave = t::GAVE_BACK_RATE.fill(&[
            ("before", &format_bytes(plan.file_length)),
            ("after", &format_bytes(copied.file_length)),
            ("back", &format_bytes(report.reclaimed_bytes)),
            ("secs", &format!("{seconds:.1}")),
            ("rate", &format!("{rate:.0}")),
        ]);
        writeln!(out, "  {gave}")?;
        let blocks = if copied.blocks_kept == 1 { t::COPIED_ONE } else { t::COPIED };
        let blocks = blocks.fill(&[
            ("copied", &crate::units::thousands(copied.blocks_kept)),
            ("dropped", &crate::units::thousands(report.blocks_dropped)),
            ("unused", &crate::units::thousands(copied.blocks_unused)),
            ("zeros", &crate::units::thousands(copied.blocks_zero)),
        ]);
        writeln!(out, "  {blocks}")?;
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
        bail!(t::NO_TERMINAL.fill(&[("question", &question)]));
    }
    out.flush()?;
    let yes = super::ask(question)?;
    if !yes {
        writeln!(out, "{}", t::NOTHING_WRITTEN)?;
    }
    Ok(yes)
}

/// A progress bar on a terminal (not with --json): `what`, bytes done of a total.
fn bar(args: &CompactArgs, what: crate::i18n::Text, total: u64) -> Option<indicatif::ProgressBar> {
    (!args.json && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(total);
        // The bar takes what the terminal's width leaves, so the line never wraps.
        let what = pad(what.get(), column(&[t::COPYING, t::READING, t::MOVING], 10) - 2);
        let template = format!(
            "  {what} {{wide_bar}} {{binary_bytes}}/{{binary_total_bytes}} {{binary_bytes_per_sec}} {} {{eta}}",
            t::ETA
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
    super::inspect::named(target)
}

/// Why a copy cannot be written next to `output` (its folder's free space), if it cannot.
fn copy_blocker(plan: &Plan, output: &Path) -> Option<String> {
    let need = plan.after_at_most().file_length;
    let folder = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Some(t::FOLDER_MISSING.fill(&[("folder", &folder.display())]));
    }
    let free = free_space(output)?;
    (free < need).then(|| {
        t::NO_SPACE.fill(&[
            ("need", &format_bytes(need)),
            ("folder", &folder.display()),
            ("free", &format_bytes(free)),
            ("more", &format_bytes(need - free)),
        ])
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
    let width = column(&[t::NOW, t::AFTER, t::GIVES_BACK, t::COPY, t::IN_PLACE], 13);
    let row = |out: &mut dyn Write, label: crate::i18n::Text, value: String| {
        writeln!(out, "  {}{value}", pad(label.get(), width))
    };
    let now = t::NOW_VALUE.fill(&[
        ("file", &format_bytes(plan.file_length)),
        ("allocated", &format_bytes(plan.allocated_bytes)),
        ("present", &plan.present),
        ("block", &format_bytes(bs)),
    ]);
    row(out, t::NOW, now)?;
    if let Some(prunes) = prunes {
        super::write_prunes(out, prunes)?;
    }
    let after_value = t::AFTER_VALUE.fill(&[
        ("file", &format_bytes(after.file_length)),
        ("keep", &plan.keep.count()),
        ("drop", &plan.blocks_to_drop()),
    ]);
    row(out, t::AFTER, after_value)?;
    let gives = match plan.reclaim_at_least() {
        0 => t::NOTHING_CERTAIN.get().to_owned(),
        n => t::AT_LEAST.fill(&[("bytes", &format_bytes(n))]),
    };
    row(out, t::GIVES_BACK, gives)?;
    let not_possible = |why: &str| t::NOT_POSSIBLE.fill(&[("why", &why)]);
    let copy = match blocker {
        None => t::COPY_POSSIBLE.fill(&[("bytes", &format_bytes(after.allocated_bytes))]),
        Some(why) => not_possible(why),
    };
    row(out, t::COPY, copy)?;
    let in_place = match &place.blocker {
        None => t::IN_PLACE_POSSIBLE.fill(&[("n", &place.moves)]),
        Some(why) => not_possible(why),
    };
    row(out, t::IN_PLACE, in_place)?;
    for note in &plan.notes {
        writeln!(out, "  {NOTE}{note}")?;
    }
    if args.to.is_none() && !args.in_place && plan.reclaim_at_least() > 0 {
        writeln!(out)?;
        writeln!(out, "  {}", t::TO_GIVE_BACK)?;
        let name =
            target.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = name.strip_suffix(".vhdx").unwrap_or(&name);
        let new = target.path.with_file_name(format!("{stem}.compact.vhdx"));
        if place.blocker.is_none() {
            writeln!(out, "    wsltune compact \"{}\" --in-place", target.path.display())?;
            writeln!(out, "  {}", t::OR_KEEPING)?;
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
        let exe = profile.map_or("%LOCALAPPDATA%\\wsltune\\bin\\wsltune.exe".to_owned(), |p| {
            installed_windows_exe(p).display().to_string()
        });
        bail!(t::FROM_HERE.fill(&[("why", &why), ("path", &windows_path), ("exe", &exe)]));
    };
    let handing = t::HANDING_OVER.fill(&[("why", &why), ("exe", &exe.display())]);
    writeln!(out, "  {handing}")?;
    out.flush()?;
    // The language chosen here, not Windows' own, is the one the user reads.
    let mut forwarded =
        vec!["--lang", crate::i18n::current().tag(), "compact", "--in-place", windows_path];
    if args.yes {
        forwarded.push("--yes");
    }
    if args.json {
        forwarded.push("--json");
    }
    let status = std::process::Command::new(&exe)
        .args(&forwarded)
        .status()
        .with_context(|| t::CANNOT_RUN.fill(&[("exe", &exe.display())]))?;
    if !status.success() {
        let status = crate::commands::history_texts::exit_status(status);
        bail!(t::DID_NOT_FINISH.fill(&[("path", &windows_path), ("status", &status)]));
    }
    Ok(())
}
