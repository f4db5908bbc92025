//! `wsltune compact --in-place`: whether it can run here (and how many blocks it would move),
//! then the run — a log left by a stopped run replayed first, the kept blocks read (blocks of
//! zeros dropped too, checksums taken), the file held exclusively while it is written, and
//! everything read back on a second handle as it becomes final.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::bail;

use super::texts as t;
use super::{Report, Target, bar, confirm, plain};
use crate::cli::CompactArgs;
use crate::units::format_bytes;
use crate::vhdx::compact::in_place::{self, write};
use crate::vhdx::compact::io::{FileDisk, Reading, in_place_blocker};
use crate::vhdx::compact::{Figures, Plan, verify};
use crate::vhdx::source::FileSource;
use crate::vhdx::{Image, VhdxError};

/// What a plan says of in-place mode.
#[derive(Debug, Clone, Default)]
pub struct Estimate {
    /// Why it cannot run here, if it cannot.
    pub blocker: Option<String>,
    /// Blocks it would move (before blocks of zeros are found).
    pub moves: u64,
}

/// In-place mode's prospects for the file `src` holds, from its structures alone.
pub fn estimate(path: &Path, src: &FileSource, image: &Image<'_>, plan: &Plan) -> Estimate {
    let blocker = in_place_blocker(path);
    if image.is_dirty() {
        // The moves are known once the log is replayed, which only the run does.
        return Estimate { blocker, moves: 0 };
    }
    match in_place::prepare_planned(src, image, plan.clone(), false, &mut |_, _| {}) {
        Ok(p) => Estimate { blocker, moves: p.moves() },
        Err(VhdxError::Refused(why)) => Estimate { blocker: blocker.or(Some(why)), moves: 0 },
        Err(_) => Estimate { blocker, moves: 0 },
    }
}

/// Compacts `target` in place; `report` is its plan.
pub fn run(
    target: &Target,
    args: &CompactArgs,
    place: Estimate,
    mut report: Report,
    out: &mut impl Write,
) -> anyhow::Result<Report> {
    let path = &target.path;
    if let Some(why) = place.blocker {
        bail!(t::CANNOT_IN_PLACE.fill(&[("why", &why)]));
    }
    let question = t::ASK_IN_PLACE.fill(&[("path", &path.display())]);
    let mut confirmed = false;
    let started = Instant::now();
    // A log (left by a stopped run, or by Windows) is replayed to disk first, holding the file;
    // a clean file is not opened for writing until there is something to write.
    let dirty = Image::open(&FileSource::open(path)?).map_err(plain)?.is_dirty();
    if dirty {
        if !confirm(args, &question, out)? {
            return Ok(report);
        }
        confirmed = true;
        let mut disk = FileDisk::hold(path)?;
        write::recover(&mut disk).map_err(plain)?;
        if !args.json {
            writeln!(out, "  {}", t::REPLAYED_LOG)?;
        }
    }
    let prepared = {
        let src = FileSource::open(path)?;
        let scan = bar(args, t::READING, 0);
        let p = in_place::prepare(&src, true, &mut |done, total| {
            if let Some(b) = &scan {
                b.set_length(total);
                b.set_position(done);
            }
        });
        if let Some(b) = &scan {
            b.finish_and_clear();
        }
        p.map_err(plain)?
    };
    let bs = prepared.geometry.block_size;
    let kept = prepared.sums.len() as u64;
    report.mode = "in-place";
    if prepared.nothing_to_do() {
        report.after = report.before;
        report.reclaimed_bytes = 0;
        report.blocks_dropped = 0;
        report.blocks_moved = 0;
        report.seconds = started.elapsed().as_secs_f64();
        if !args.json {
            writeln!(out, "  {}", t::ALREADY_COMPACT)?;
        }
        return Ok(report);
    }
    if !confirmed && !confirm(args, &question, out)? {
        return Ok(report);
    }
    // Read back on a second handle while the moves are written: the blocks that stay where they
    // are (never written) first, then each batch of moved blocks once it is applied and flushed;
    // at the end the structures, parsed afresh, must put every block where it is.
    let placed = prepared.placed_after();
    let (moved, unmoved): (Vec<_>, Vec<_>) = placed.iter().partition(|p| p.3);
    let strip = |v: Vec<&(u64, u64, u32, bool)>| -> Vec<(u64, u64, u32)> {
        v.into_iter().map(|&(b, at, sum, _)| (b, at, sum)).collect()
    };
    let (moved, unmoved) = (strip(moved), strip(unmoved));
    let placed: Vec<(u64, u64, u32)> =
        placed.into_iter().map(|(b, at, sum, _)| (b, at, sum)).collect();
    let done = {
        let mut disk = FileDisk::hold(path)?;
        let reader = disk.reader()?;
        let moving = bar(args, t::MOVING, prepared.moves() * bs);
        // Moved blocks go to the reading thread as each batch is applied and flushed.
        let (to_reader, applied) = std::sync::mpsc::channel::<Vec<(u64, u64, u32)>>();
        let sums: std::collections::HashMap<u64, u32> =
            moved.iter().map(|&(b, _, sum)| (b, sum)).collect();
        let (done, early) = std::thread::scope(|scope| {
            let early = scope.spawn(|| {
                for &(_, at, _) in &unmoved {
                    reader.drop_cached(at, bs);
                }
                verify::check_blocks(&reader, bs, &unmoved)?;
                for batch in applied {
                    for &(_, at, _) in &batch {
                        reader.drop_cached(at, bs);
                    }
                    verify::check_blocks(&reader, bs, &batch)?;
                }
                Ok::<(), String>(())
            });
            let done = write::run_observed(
                &mut disk,
                &prepared,
                &mut |d, _| {
                    if let Some(b) = &moving {
                        b.set_position(d);
                    }
                },
                &mut |batch| {
                    let blocks = batch
                        .iter()
                        .filter_map(|m| sums.get(&m.block).map(|s| (m.block, m.to, *s)))
                        .collect();
                    let _ = to_reader.send(blocks);
                },
            );
            drop(to_reader);
            let stopped = || crate::vhdx::compact::texts::CHECKING_THREAD_STOPPED.get().to_owned();
            (done, early.join().unwrap_or_else(|_| Err(stopped())))
        });
        if let Some(b) = &moving {
            b.finish_and_clear();
        }
        let done = done.map_err(plain)?;
        disk.drop_cache();
        let checked =
            early.and_then(|()| verify::check_layout(&Reading(&disk), &prepared.meta, &placed));
        checked.map_err(|why| anyhow::anyhow!(t::NOT_AS_PLANNED.fill(&[("why", &why)])))?;
        done
    };
    let seconds = started.elapsed().as_secs_f64();
    report.after = Figures { file_length: done.final_length, allocated_bytes: kept * bs };
    report.reclaimed_bytes = report.before.file_length.saturating_sub(done.final_length);
    report.blocks_dropped = prepared.plan.blocks_to_drop() + prepared.zero.count();
    report.blocks_moved = done.blocks_moved;
    report.verified = true;
    report.seconds = seconds;
    if !args.json {
        writeln!(out)?;
        writeln!(out, "{}", t::COMPACTED.fill(&[("path", &path.display())]))?;
        let gave = t::GAVE_BACK.fill(&[
            ("before", &format_bytes(report.before.file_length)),
            ("after", &format_bytes(done.final_length)),
            ("back", &format_bytes(report.reclaimed_bytes)),
            ("secs", &format!("{seconds:.1}")),
        ]);
        writeln!(out, "  {gave}")?;
        let blocks = t::IN_PLACE_BLOCKS.fill(&[
            ("dropped", &report.blocks_dropped),
            ("unused", &prepared.plan.blocks_to_drop()),
            ("zeros", &prepared.zero.count()),
            ("moved", &done.blocks_moved),
        ]);
        writeln!(out, "  {blocks}")?;
    }
    Ok(report)
}
