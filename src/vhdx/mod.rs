//! A VHDX reader: headers, region table, metadata, BAT, log, and the ext4 filesystem inside —
//! what `wsltune inspect` reports. The facts behind every check are in `reference/vhdx.md`
//! (sections cited in each module). Reading never writes; [`compact`] is the one writer
//! (`reference/vhdx-writing.md`).

mod bat;
pub mod blockset;
pub mod bytes;
pub mod compact;
mod error;
pub mod ext4;
mod header;
pub(crate) mod log;
pub(crate) mod metadata;
mod partition;
mod region;
pub mod source;
pub mod texts;
pub mod vhd;
mod virtual_disk;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use bat::BlockCounts;
pub use error::{InspectError, VhdxError};
pub use ext4::Filesystem;
use region::Region;
use source::{FileSource, ReadAt};

/// One mebibyte: the VHDX alignment unit.
pub const MIB: u64 = 1 << 20;

/// The kind of disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiskType {
    /// Blocks are allocated as they are written.
    Dynamic,
    /// Every block allocated up front (LeaveBlockAllocated).
    Fixed,
    /// Unwritten blocks come from a parent disk.
    Differencing,
}

/// The log's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LogInfo {
    /// The log holds a valid sequence of entries not yet applied: the disk is attached (Docker or
    /// WSL running) or was not closed cleanly.
    pub dirty: bool,
    /// The entries were replayed in memory, so the figures are as Windows would see them.
    pub replayed: bool,
}

/// Where the filesystem was found on the virtual disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartitionInfo {
    /// `none` (whole disk), `mbr` or `gpt`.
    pub scheme: &'static str,
    /// Partition number (1-based), or null for a whole-disk filesystem.
    pub number: Option<u32>,
    /// Start on the virtual disk in bytes.
    pub offset: u64,
}

/// What `wsltune inspect` reports for one file (the `--json` contract in docs/cli.md).
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// The file.
    #[serde(serialize_with = "crate::fsinfo::json_path::one")]
    pub path: PathBuf,
    /// Its length.
    pub file_length: u64,
    /// Bytes it occupies on the host's disk.
    pub size_on_disk: Option<u64>,
    /// The disk's size as the guest sees it.
    pub virtual_size: Option<u64>,
    /// Payload block size.
    pub block_size: Option<u32>,
    /// 512 or 4096.
    pub logical_sector_size: Option<u32>,
    /// 512 or 4096.
    pub physical_sector_size: Option<u32>,
    /// `dynamic`, `fixed` or `differencing`.
    pub disk_type: Option<DiskType>,
    /// Payload blocks by state.
    pub blocks: Option<BlockCounts>,
    /// Bytes of payload blocks present in the file, each file block once.
    pub allocated_bytes: Option<u64>,
    /// The log's state.
    pub log: Option<LogInfo>,
    /// Where the filesystem starts.
    pub partition: Option<PartitionInfo>,
    /// The ext4 filesystem, when one was found.
    pub filesystem: Option<Filesystem>,
    /// Allocated payload bytes with no used ext4 block inside: what fstrim plus compaction
    /// would give back at least. Null without a readable filesystem.
    pub reclaimable_bytes: Option<u64>,
    /// The parent locator of a differencing disk (`parent_linkage`, `relative_path`, …).
    pub parent: Option<Vec<(String, String)>>,
    /// The program that created the file (diagnostic only).
    pub creator: Option<String>,
    /// Changes before any guest-visible write: equal values mean unchanged content.
    pub data_write_guid: Option<String>,
    /// Things a user should know: damaged copies, lagging counts, what could not be computed.
    pub warnings: Vec<String>,
}

/// Inspects a file. A file that cannot be opened (locked, no permission) but whose length is
/// known gives a partial answer saying why the rest is missing; a damaged or foreign file is an
/// error naming it.
pub fn inspect_path(path: &Path) -> Result<Inspection, InspectError> {
    let err =
        |reason: VhdxError| InspectError { path: path.to_path_buf(), reason: reason.in_file(path) };
    let meta = std::fs::metadata(path).map_err(|e| err(VhdxError::Io(e)))?;
    if !meta.is_file() {
        return Err(err(VhdxError::NotVhdx(texts::NOT_A_FILE.get().to_owned())));
    }
    let size_on_disk = crate::fsinfo::size_on_disk(path, &meta);
    let mut inspection = match FileSource::open(path) {
        Ok(src) => inspect(&src).map_err(err)?,
        Err(e) => {
            let mut partial = Inspection::empty(meta.len());
            partial
                .warnings
                .push(texts::OPEN_FAILED.fill(&[("error", &crate::i18n::os::describe(&e))]));
            partial
        }
    };
    inspection.path = path.to_path_buf();
    inspection.size_on_disk = size_on_disk;
    Ok(inspection)
}

impl Inspection {
    fn empty(file_length: u64) -> Self {
        Inspection {
            path: PathBuf::new(),
            file_length,
            size_on_disk: None,
            virtual_size: None,
            block_size: None,
            logical_sector_size: None,
            physical_sector_size: None,
            disk_type: None,
            blocks: None,
            allocated_bytes: None,
            log: None,
            partition: None,
            filesystem: None,
            reclaimable_bytes: None,
            parent: None,
            creator: None,
            data_write_guid: None,
            warnings: Vec::new(),
        }
    }
}

/// The file as read: the file itself, or the file with its log replayed in memory.
enum View<'a> {
    Plain(&'a dyn ReadAt),
    Replayed(log::Replayed<'a>),
}

impl ReadAt for View<'_> {
    fn len(&self) -> u64 {
        match self {
            View::Plain(src) => src.len(),
            View::Replayed(r) => r.len(),
        }
    }
    fn will_need(&self, offset: u64, len: u64) {
        match self {
            View::Plain(src) => src.will_need(offset, len),
            View::Replayed(r) => r.will_need(offset, len),
        }
    }
    fn read_at_unchecked(&self, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
        match self {
            View::Plain(src) => src.read_at_unchecked(buf, offset),
            View::Replayed(r) => r.read_at_unchecked(buf, offset),
        }
    }
}

/// A VHDX opened and checked: its structures, and the guest's view of its content.
pub struct Image<'a> {
    view: View<'a>,
    meta: metadata::Metadata,
    bat: bat::Bat,
    header: header::Header,
    regions: region::Regions,
    creator: String,
    dirty: bool,
    /// What a user should know about the structures.
    pub warnings: Vec<String>,
}

impl<'a> Image<'a> {
    /// Reads and checks every structure: identifier, headers, log, region table, metadata, BAT.
    pub fn open(src: &'a dyn ReadAt) -> Result<Self, VhdxError> {
        let mut warnings = Vec::new();
        let creator = header::read_identifier(src)?;
        let header = header::read_current(src, &mut warnings)?;
        let log_state = log::read(src, &header, &mut warnings)?;
        let dirty = log_state.dirty;
        let view = match log_state.overlay {
            Some(patches) => View::Replayed(log::Replayed { base: src, patches }),
            None => View::Plain(src),
        };
        let regions = region::read(&view, &mut warnings)?;
        let log_region = Region { offset: header.log_offset, length: u64::from(header.log_length) };
        let mut reserved = vec![
            (regions.bat, texts::BAT_REGION.get()),
            (regions.metadata, texts::METADATA_REGION.get()),
        ];
        if log_region.length > 0 {
            reserved.push((log_region, texts::LOG.get()));
        }
        for (i, (a, name_a)) in reserved.iter().enumerate() {
            if let Some((_, name_b)) = reserved.iter().skip(i + 1).find(|(b, _)| a.overlaps(b)) {
                return Err(VhdxError::Corrupt(
                    texts::OVERLAPS.fill(&[("a", name_a), ("b", name_b)]),
                ));
            }
        }
        let meta = metadata::read(&view, regions.metadata, &mut warnings)?;
        let bat = bat::read(&view, &meta, regions.bat, &reserved, &mut warnings)?;
        Ok(Image { view, meta, bat, header, regions, creator, dirty, warnings })
    }

    /// Whether the log holds changes not yet applied to the file (replayed in memory here).
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The disk's size as the guest sees it.
    pub fn virtual_size(&self) -> u64 {
        self.meta.virtual_size
    }

    /// The kind of disk.
    pub fn disk_type(&self) -> DiskType {
        if self.meta.has_parent {
            DiskType::Differencing
        } else if self.meta.leave_block_allocated {
            DiskType::Fixed
        } else {
            DiskType::Dynamic
        }
    }

    /// Reads the guest's view at `offset`: present blocks from the file, others as zeros.
    /// Differencing disks cannot be read without their parent.
    pub fn read_virtual(&self, buf: &mut [u8], offset: u64) -> Result<(), VhdxError> {
        if self.meta.has_parent {
            return Err(VhdxError::Unsupported(texts::PARENT_NEEDED.get().to_owned()));
        }
        self.disk().read(buf, offset)
    }

    fn disk(&self) -> virtual_disk::VirtualDisk<'_> {
        virtual_disk::VirtualDisk { src: &self.view, bat: &self.bat, size: self.meta.virtual_size }
    }
}

/// Inspects a VHDX image from any source (a file, or bytes in memory for tests and fuzzing).
pub fn inspect(src: &dyn ReadAt) -> Result<Inspection, VhdxError> {
    let image = Image::open(src)?;
    let mut warnings = image.warnings.clone();
    let (meta, bat) = (&image.meta, &image.bat);
    let mut out = Inspection::empty(src.len());
    out.virtual_size = Some(meta.virtual_size);
    out.block_size = Some(meta.block_size);
    out.logical_sector_size = Some(meta.logical_sector_size);
    out.physical_sector_size = Some(meta.physical_sector_size);
    out.disk_type = Some(image.disk_type());
    out.blocks = Some(bat.counts);
    out.allocated_bytes = Some(bat.allocated_bytes);
    out.log =
        Some(LogInfo { dirty: image.dirty, replayed: matches!(image.view, View::Replayed(_)) });
    out.creator = Some(image.creator.clone());
    out.data_write_guid = Some(bytes::guid_string(&image.header.data_write_guid));
    if meta.has_parent {
        out.parent = Some(meta.parent_locator.clone());
        warnings.push(texts::W_DIFFERENCING.get().to_owned());
        out.warnings = warnings;
        return Ok(out);
    }
    let disk = image.disk();
    let layout = partition::find(&disk, u64::from(meta.logical_sector_size))?;
    let offset = match layout {
        partition::Layout::WholeDisk => {
            out.partition = Some(PartitionInfo { scheme: "none", number: None, offset: 0 });
            Some(0)
        }
        partition::Layout::Partition { scheme, number, offset } => {
            out.partition = Some(PartitionInfo { scheme, number: Some(number), offset });
            Some(offset)
        }
        partition::Layout::NoLinuxPartition(scheme) => {
            warnings.push(texts::W_NO_LINUX_PARTITION.fill(&[("scheme", &scheme)]));
            None
        }
        partition::Layout::Unknown => {
            if bat.counts.fully_present > 0 {
                warnings.push(texts::W_NOTHING_FOUND.get().to_owned());
            } else {
                warnings.push(texts::W_NO_DATA.get().to_owned());
            }
            None
        }
    };
    if let Some(offset) = offset {
        match ext4::read(&disk, offset, &mut warnings) {
            Ok(ext) => {
                if meta.leave_block_allocated {
                    warnings.push(texts::W_FIXED.get().to_owned());
                    out.reclaimable_bytes = Some(0);
                } else {
                    out.reclaimable_bytes = ext4::reclaimable(&ext, &disk, bat)?;
                }
                if !ext.fs.clean {
                    warnings.push(texts::W_NOT_CLEAN.get().to_owned());
                }
                out.filesystem = Some(ext.fs);
            }
            Err(VhdxError::Corrupt(why)) => {
                warnings.push(texts::W_FS_UNREADABLE.fill(&[("why", &why)]))
            }
            Err(other) => return Err(other),
        }
    }
    out.warnings = warnings;
    Ok(out)
}
