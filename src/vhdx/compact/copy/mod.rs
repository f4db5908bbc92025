//! Copy mode: a new, compacted VHDX written from a [`Plan`], the source only ever read
//! (reference/vhdx-writing.md §1.9 "Copy-compact").
//!
//! The new file is written front to back with no holes (Hyper-V refuses sparse files, §6.3):
//! the header section with its headers left zero, the log (zeros), the BAT (zeros, filled in
//! later), the metadata and any other region copied byte for byte, then the kept payload blocks
//! packed in virtual order. A kept block that turns out to hold only zeros is not written: its
//! entry becomes ZERO. Then the BAT, a flush, and the two headers last, each flushed — until
//! they are written no reader opens the file, so a crash never leaves a file that looks whole.
//! Verified as it goes: the blocks are read back from the disk as they are flushed, against
//! checksums taken as the source was read (`payload.rs`), and at the end the new file's
//! structures, read afresh, must put each block where it was written.

mod payload;

use std::fs::File;
use std::path::{Path, PathBuf};

use super::Plan;
use super::format::{self, HeaderFields};
use super::texts as t;
use crate::vhdx::bat::state;
use crate::vhdx::blockset::BlockSet;
use crate::vhdx::bytes::u64_at;
use crate::vhdx::region::Region;
use crate::vhdx::source::{FileSource, ReadAt};
use crate::vhdx::{Image, MIB, VhdxError};

/// The largest read or write: a block of up to 256 MiB goes through in pieces, so memory stays
/// the same whatever the block size.
const CHUNK: usize = 4 << 20;

/// Why a copy failed; the partial output has been removed.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The output already exists.
    #[error("{}", t::EXISTS.fill(&[("path", &.0.display())]))]
    Exists(PathBuf),
    /// Reading the source failed (its text says why; not a `source`, so it prints once).
    #[error("{}", t::READING_SOURCE.fill(&[("error", .0)]))]
    Source(VhdxError),
    /// Writing the output failed.
    #[error("{}", t::WRITING.fill(&[("path", &.path.display())]))]
    Write {
        /// The output.
        path: PathBuf,
        /// What failed.
        #[source]
        source: std::io::Error,
    },
    /// The written file does not read back as planned.
    #[error("{}", t::NOT_AS_WRITTEN.fill(&[("path", &.path.display()), ("why", .why)]))]
    Verify {
        /// The output.
        path: PathBuf,
        /// What differed.
        why: String,
    },
    /// Someone wrote the source while it was being copied.
    #[error("{}", t::SOURCE_CHANGED)]
    SourceChanged,
}

impl From<VhdxError> for CopyError {
    fn from(e: VhdxError) -> Self {
        CopyError::Source(e)
    }
}

/// What the copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    /// The new file's length.
    pub file_length: u64,
    /// Bytes of payload blocks in the new file.
    pub allocated_bytes: u64,
    /// Payload blocks copied.
    pub blocks_kept: u64,
    /// Present blocks not copied because ext4 uses nothing in them.
    pub blocks_unused: u64,
    /// Kept blocks not copied because they hold only zeros (now ZERO entries).
    pub blocks_zero: u64,
    /// The new file read back (a fresh reader, after a flush, the page cache dropped) matches
    /// what was read from the source, block by block.
    pub verified: bool,
}

/// Where each structure goes in the new file.
struct Layout {
    log: Region,
    /// The source's regions with their new places, in the source's order.
    regions: Vec<([u8; 16], Region, Region, bool)>,
    bat: Region,
    payload: u64,
}

fn layout(image: &Image<'_>) -> Layout {
    let h = &image.header;
    let log_len = u64::from(h.log_length).max(MIB);
    // The log and the regions keep their order in the source, packed from 1 MiB.
    let mut items: Vec<(u64, Option<usize>)> = vec![(h.log_offset, None)];
    items.extend(image.regions.all.iter().enumerate().map(|(i, (_, r, _))| (r.offset, Some(i))));
    items.sort();
    let mut at = MIB;
    let mut log = Region { offset: at, length: log_len };
    let mut regions = Vec::new();
    let mut bat = Region { offset: 0, length: 0 };
    for (_, which) in items {
        match which.and_then(|i| image.regions.all.get(i)) {
            None => {
                log = Region { offset: at, length: log_len };
                at += log_len;
            }
            Some((guid, source, required)) => {
                let new = Region { offset: at, length: source.length };
                if *source == image.regions.bat {
                    bat = new;
                }
                regions.push((*guid, *source, new, *required));
                at += source.length;
            }
        }
    }
    Layout { log, regions, bat, payload: at }
}

/// Removes the output unless the copy completed.
struct Partial<'a> {
    path: &'a Path,
    done: bool,
}

impl Drop for Partial<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(self.path);
        }
    }
}

/// Writes the compacted copy of `image` (read from `source`, the file it was opened from) to
/// `out`, which must not exist. `progress` hears (bytes done, bytes to do) of payload.
pub fn copy(
    image: &Image<'_>,
    plan: &Plan,
    source: &Path,
    out: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Copied, CopyError> {
    let file = match create_new(out) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CopyError::Exists(out.to_path_buf()));
        }
        Err(source) => return Err(CopyError::Write { path: out.to_path_buf(), source }),
    };
    let mut partial = Partial { path: out, done: false };
    let written = write(image, plan, &file, out, progress)?;
    drop(file);
    // The blocks were read back as they were flushed; now the structures, read afresh, must
    // put each block where it was written.
    super::verify::check_layout_at(out, &image.meta, &written.placed)
        .map_err(|why| CopyError::Verify { path: out.to_path_buf(), why })?;
    // The source as it is now: the same header (sequence and FileWriteGuid) means no one
    // opened it for writing meanwhile (§1.3).
    let now = FileSource::open(source)
        .map_err(VhdxError::Io)
        .and_then(|src| crate::vhdx::header::read_current(&src, &mut Vec::new()))?;
    if now.sequence_number != image.header.sequence_number
        || now.file_write_guid != image.header.file_write_guid
    {
        return Err(CopyError::SourceChanged);
    }
    partial.done = true;
    Ok(Copied {
        file_length: written.length,
        allocated_bytes: written.placed.len() as u64 * plan.block_size,
        blocks_kept: written.placed.len() as u64,
        blocks_unused: plan.blocks_to_drop(),
        blocks_zero: written.zero.count(),
        verified: true,
    })
}

fn create_new(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // Readers only (FILE_SHARE_READ): the read-back opens it afresh while it is written.
        options.share_mode(0x1);
    }
    options.open(path)
}

/// What was written, for the verification.
struct Written {
    /// Each copied block, where it is in the new file and its CRC-32C, in virtual order.
    placed: Vec<(u64, u64, u32)>,
    /// Kept blocks found to hold only zeros.
    zero: BlockSet,
    length: u64,
}

fn write(
    image: &Image<'_>,
    plan: &Plan,
    file: &File,
    out: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Written, CopyError> {
    let io = |source: std::io::Error| CopyError::Write { path: out.to_path_buf(), source };
    let layout = layout(image);
    let mut w = Writer { file, at: 0 };
    // The header section: identifier, two empty header slots, two region tables.
    let mut section = vec![0u8; MIB as usize];
    let put = |buf: &mut Vec<u8>, at: u64, bytes: &[u8]| {
        if let Some(slot) = buf.get_mut(at as usize..at as usize + bytes.len()) {
            slot.copy_from_slice(bytes);
        }
    };
    put(&mut section, 0, &format::identifier(&format!("wsltune {}", env!("CARGO_PKG_VERSION"))));
    let table: Vec<_> = layout.regions.iter().map(|(g, _, new, req)| (*g, *new, *req)).collect();
    let table = format::region_table(&table);
    for at in format::TABLE_OFFSETS {
        put(&mut section, at, &table);
    }
    w.write(&section).map_err(io)?;
    // The log and the regions, in layout order.
    let mut items: Vec<(Region, Option<Region>)> = vec![(layout.log, None)];
    items.extend(layout.regions.iter().map(|(_, source, new, _)| (*new, Some(*source))));
    items.sort_by_key(|(new, _)| new.offset);
    let mut buf = vec![0u8; CHUNK];
    for (new, source) in items {
        let mut done = 0;
        while done < new.length {
            let n = (new.length - done).min(CHUNK as u64) as usize;
            let chunk = buf.get_mut(..n).unwrap_or_default();
            match source {
                Some(source) if new != layout.bat => {
                    image.view.read_exact_at(chunk, source.offset + done, t::REGION.get())?
                }
                _ => chunk.fill(0),
            }
            w.write(chunk).map_err(io)?;
            done += n as u64;
        }
    }
    // The payload.
    let Written { placed, zero, length } =
        payload::write_payload(image, plan, file, out, w.at, progress)?;
    w.at = length;
    // The BAT, from the source's entries.
    write_bat(image, plan, &layout, &zero, &mut w).map_err(|e| match e {
        BatError::Read(e) => CopyError::Source(e),
        BatError::Write(e) => io(e),
    })?;
    file.sync_all().map_err(io)?;
    // The headers last, each flushed: a new FileWriteGuid, and a new DataWriteGuid when a
    // block that held data now reads as zeros.
    let dropped_data = plan.blocks_to_drop() > 0;
    let mut fields = HeaderFields {
        sequence_number: image.header.sequence_number.wrapping_add(1),
        file_write_guid: format::random_guid(),
        data_write_guid: if dropped_data {
            format::random_guid()
        } else {
            image.header.data_write_guid
        },
        log_guid: [0; 16],
        log_length: layout.log.length as u32,
        log_offset: layout.log.offset,
    };
    for at in format::HEADER_OFFSETS {
        w.at = at;
        w.write(&format::header(&fields)).map_err(io)?;
        file.sync_data().map_err(io)?;
        fields.sequence_number = fields.sequence_number.wrapping_add(1);
    }
    sync_folder(out);
    Ok(Written { placed, zero, length })
}

enum BatError {
    Read(VhdxError),
    Write(std::io::Error),
}

/// Writes the new BAT over its placeholder: each source entry mapped to its new state —
/// FULLY_PRESENT at its packed offset, ZERO (kept as ZERO, or found to hold only zeros), or
/// NOT_PRESENT — offset 0 unless present, and sector-bitmap entries NOT_PRESENT (§1.7).
fn write_bat(
    image: &Image<'_>,
    plan: &Plan,
    layout: &Layout,
    zero: &BlockSet,
    w: &mut Writer<'_>,
) -> Result<(), BatError> {
    let geometry = image.bat.geometry;
    let per_chunk = geometry.chunk_ratio + 1;
    let bytes = geometry.entries * 8;
    let source = image.regions.bat.offset;
    let mut next = layout.payload;
    let mut buf = vec![0u8; 64 * 1024];
    let mut index = 0u64;
    w.at = layout.bat.offset;
    while index * 8 < bytes {
        let n = ((bytes - index * 8) as usize).min(buf.len());
        let step = buf.get_mut(..n).unwrap_or_default();
        image.view.read_exact_at(step, source + index * 8, "BAT").map_err(BatError::Read)?;
        for raw in step.chunks_exact_mut(8) {
            let (chunk, place) = (index / per_chunk, index % per_chunk);
            let block = chunk * geometry.chunk_ratio + place;
            let old = u64_at(raw, 0);
            let new = if place == geometry.chunk_ratio || block >= geometry.data_blocks {
                u64::from(state::NOT_PRESENT)
            } else if plan.keep.contains(block) && !zero.contains(block) {
                let at = next;
                next += plan.block_size;
                at | u64::from(state::FULLY_PRESENT)
            } else if (old & 7) as u8 == state::ZERO || zero.contains(block) {
                u64::from(state::ZERO)
            } else {
                u64::from(state::NOT_PRESENT)
            };
            raw.copy_from_slice(&new.to_le_bytes());
            index += 1;
        }
        w.write(step).map_err(BatError::Write)?;
    }
    Ok(())
}

/// Positioned writes that move on.
struct Writer<'a> {
    file: &'a File,
    at: u64,
}

impl Writer<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<()> {
        write_all_at(self.file, buf, self.at)?;
        self.at += buf.len() as u64;
        Ok(())
    }
}

#[cfg(unix)]
pub(super) fn write_all_at(file: &File, buf: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, at)
}

#[cfg(windows)]
pub(super) fn write_all_at(file: &File, mut buf: &[u8], mut at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_write(buf, at) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                buf = buf.get(n..).unwrap_or_default();
                at += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Makes the new name durable (Linux: fsync of the folder; elsewhere the rename is the
/// file system's business).
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) =
        path.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p })
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}
