//! The region table at 192 KiB (copy at 256 KiB): where the BAT and the metadata are
//! (reference/vhdx.md §4).

use super::bytes::{Guid, checksum_ok, guid, guid_at, u32_at, u64_at};
use super::source::ReadAt;
use super::texts as t;
use super::{MIB, VhdxError};

/// The BAT region: 2DC27766-F623-4200-9D64-115E9BFD4A08.
pub const BAT_GUID: Guid =
    guid(0x2DC2_7766, 0xF623, 0x4200, [0x9D, 0x64, 0x11, 0x5E, 0x9B, 0xFD, 0x4A, 0x08]);
/// The metadata region: 8B7CA206-4790-4B9A-B8FE-575F050F886E.
pub const METADATA_GUID: Guid =
    guid(0x8B7C_A206, 0x4790, 0x4B9A, [0xB8, 0xFE, 0x57, 0x5F, 0x05, 0x0F, 0x88, 0x6E]);

const TABLE_OFFSETS: [u64; 2] = [192 * 1024, 256 * 1024];
const TABLE_SIZE: u64 = 64 * 1024;
const MAX_ENTRIES: u32 = 2047;

/// A region of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Offset in the file.
    pub offset: u64,
    /// Length in bytes.
    pub length: u64,
}

impl Region {
    /// The end offset (exclusive).
    pub fn end(&self) -> u64 {
        self.offset.saturating_add(self.length)
    }

    /// True when the two regions share a byte.
    pub fn overlaps(&self, other: &Region) -> bool {
        self.offset < other.end() && other.offset < self.end()
    }
}

/// The two regions every VHDX has, and every entry of the table in its order (a writer keeps
/// optional regions it does not know, reference/vhdx-writing.md §1.1).
#[derive(Debug, Clone)]
pub struct Regions {
    /// The block allocation table.
    pub bat: Region,
    /// The metadata region.
    pub metadata: Region,
    /// Every entry: its GUID, where it is, and whether it is required.
    pub all: Vec<(Guid, Region, bool)>,
}

fn parse(buf: &[u8], copy: u8, file_len: u64) -> Result<Regions, VhdxError> {
    let corrupt =
        |why: String| VhdxError::Corrupt(t::R_IN_TABLE.fill(&[("copy", &copy), ("why", &why)]));
    if buf.get(..4) != Some(b"regi".as_slice()) {
        return Err(corrupt(t::R_NO_SIGNATURE.get().to_owned()));
    }
    if !checksum_ok(buf) {
        return Err(corrupt(t::R_CHECKSUM.get().to_owned()));
    }
    let count = u32_at(buf, 8);
    if count > MAX_ENTRIES {
        return Err(corrupt(t::R_TOO_MANY.fill(&[("count", &count)])));
    }
    let (mut bat, mut metadata) = (None, None);
    let mut all = Vec::new();
    let mut beyond = Vec::new();
    for i in 0..count as usize {
        let at = 16 + i * 32;
        let id = guid_at(buf, at);
        let region =
            Region { offset: u64_at(buf, at + 16), length: u64::from(u32_at(buf, at + 24)) };
        let required = u32_at(buf, at + 28) & 1 == 1;
        if !all.iter().any(|(g, _, _)| *g == id) {
            all.push((id, region, required));
        }
        let slot = match id {
            BAT_GUID => &mut bat,
            METADATA_GUID => &mut metadata,
            _ if required => {
                return Err(VhdxError::Unsupported(
                    t::R_UNKNOWN_REQUIRED
                        .fill(&[("copy", &copy), ("guid", &super::bytes::guid_string(&id))]),
                ));
            }
            _ => continue,
        };
        if slot.is_some() {
            return Err(corrupt(t::R_TWICE.fill(&[("guid", &super::bytes::guid_string(&id))])));
        }
        let name = if id == BAT_GUID { t::BAT_REGION } else { t::METADATA_REGION };
        if region.offset < MIB
            || !region.offset.is_multiple_of(MIB)
            || region.length == 0
            || !region.length.is_multiple_of(MIB)
        {
            return Err(corrupt(t::R_BAD_PLACE.fill(&[
                ("region", &name),
                ("len", &region.length),
                ("offset", &region.offset),
            ])));
        }
        if region.end() > file_len {
            beyond.push((name, region));
        }
        *slot = Some(region);
    }
    // The table passed its checksum: regions past the end mean the file is short. Every one is
    // named, the furthest end being the length the file needs at least.
    if let Some(needed) = beyond.iter().map(|(_, r)| r.end()).max() {
        let what = beyond
            .iter()
            .map(|(name, r)| {
                t::ITS_AT.fill(&[("what", name), ("len", &r.length), ("offset", &r.offset)])
            })
            .reduce(|a, b| t::AND.fill(&[("a", &a), ("b", &b)]))
            .unwrap_or_default();
        return Err(VhdxError::Truncated { len: file_len, needed, what });
    }
    match (bat, metadata) {
        (Some(bat), Some(metadata)) => Ok(Regions { bat, metadata, all }),
        (None, _) => Err(corrupt(t::R_NO_BAT.get().to_owned())),
        (_, None) => Err(corrupt(t::R_NO_METADATA.get().to_owned())),
    }
}

/// Reads the region table, falling back to the copy at 256 KiB (with a warning) when the first
/// is damaged; neither qemu nor libvhdi does, but the copy exists for that purpose.
pub fn read(src: &dyn ReadAt, warnings: &mut Vec<String>) -> Result<Regions, VhdxError> {
    let first = src
        .read_vec(TABLE_OFFSETS[0], TABLE_SIZE, t::REGION_TABLE.get())
        .and_then(|b| parse(&b, 1, src.len()));
    match first {
        Ok(regions) => Ok(regions),
        Err(VhdxError::Corrupt(why)) => {
            let second = src.read_vec(TABLE_OFFSETS[1], TABLE_SIZE, t::REGION_TABLE_COPY.get())?;
            let regions = parse(&second, 2, src.len()).map_err(|e| match e {
                VhdxError::Corrupt(also) => {
                    VhdxError::Corrupt(t::R_BOTH.fill(&[("why", &why), ("also", &also)]))
                }
                other => other,
            })?;
            warnings.push(t::R_USED_COPY.fill(&[("why", &why)]));
            Ok(regions)
        }
        Err(other) => Err(other),
    }
}
