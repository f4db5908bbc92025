//! `compact --to NEW --replace`: swapping the verified copy into the original's place, or,
//! where that cannot be done safely from here (a Windows drive seen from Linux), the two
//! renames to run in PowerShell; and finishing a swap an earlier run left half done.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::texts as t;
use super::{Report, Target, plain};
use crate::cli::CompactArgs;
use crate::locate::Locations;
use crate::vhdx::Image;
use crate::vhdx::compact::swap;
use crate::vhdx::source::FileSource;

/// Swaps the copy in, or says why it cannot here and how to do it by hand.
pub(super) fn swap_or_say(
    path: &Path,
    to: &Path,
    target: &Target,
    found: &Locations,
    args: &CompactArgs,
    out: &mut impl Write,
) -> anyhow::Result<Option<PathBuf>> {
    if cfg!(not(windows)) && target.windows_path.is_some() {
        if !args.json {
            writeln!(out, "  {}", t::NOT_SWAPPED)?;
            say_how_to_swap(out, target, found, to)?;
        }
        return Ok(None);
    }
    let backup = swap::replace(path, to)?;
    if !args.json {
        let paths: [(&str, &dyn std::fmt::Display); 2] =
            [("path", &path.display()), ("backup", &backup.display())];
        writeln!(out, "  {}", t::SWAPPED.fill(&paths))?;
        writeln!(out, "  {}", t::START_THEN_REMOVE.fill(&paths))?;
    }
    Ok(Some(backup))
}

pub(super) fn say_how_to_swap(
    out: &mut impl Write,
    target: &Target,
    found: &Locations,
    to: &Path,
) -> std::io::Result<()> {
    let new_abs = std::path::absolute(to).unwrap_or_else(|_| to.to_path_buf());
    let name =
        target.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match (&target.windows_path, found.mounts.to_windows(&new_abs)) {
        (Some(orig), Some(new)) => {
            writeln!(out, "  {}", t::TO_USE_POWERSHELL)?;
            writeln!(out, "    Rename-Item \"{orig}\" \"{name}.before-compact\"")?;
            writeln!(out, "    Rename-Item \"{new}\" \"{name}\"")?;
        }
        _ => {
            writeln!(out, "  {}", t::TO_USE)?;
            writeln!(
                out,
                "    mv \"{}\" \"{}.before-compact\" && mv \"{}\" \"{}\"",
                target.path.display(),
                target.path.display(),
                to.display(),
                target.path.display()
            )?;
        }
    }
    writeln!(out, "  {}", t::OR_REPLACE)
}

/// An earlier `--replace` stopped between its two steps: the copy was verified before the
/// first, so the swap is finished after checking that the copy still opens as the same disk.
pub(super) fn finish_swap(
    virtual_size: u64,
    path: &Path,
    to: &Path,
    mut report: Report,
    args: &CompactArgs,
    out: &mut impl Write,
) -> anyhow::Result<Report> {
    {
        let src =
            FileSource::open(to).with_context(|| t::OPENING.fill(&[("path", &to.display())]))?;
        if Image::open(&src).map_err(plain)?.virtual_size() != virtual_size {
            bail!(t::NOT_A_COPY.fill(&[("path", &to.display())]));
        }
    }
    let backup = swap::replace(path, to)?;
    if !args.json {
        let paths: [(&str, &dyn std::fmt::Display); 2] =
            [("path", &path.display()), ("backup", &backup.display())];
        writeln!(out, "{}", t::FINISHED_SWAP.fill(&paths))?;
    }
    report.mode = "copy";
    report.output = Some(to.to_path_buf());
    report.backup = Some(backup);
    report.verified = true;
    Ok(report)
}
