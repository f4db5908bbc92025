//! The metadata region (reference/vhdx.md §5): block size, LeaveBlockAllocated, HasParent,
//! virtual size, sector sizes and, for differencing disks, the parent locator.

use super::bytes::{Guid, guid, guid_at, guid_string, u16_at, u32_at, u64_at};
use super::region::Region;
use super::source::ReadAt;
use super::texts as t;
use super::{MIB, VhdxError};
use crate::i18n::Text;

pub(crate) const FILE_PARAMETERS: Guid =
    guid(0xCAA1_6737, 0xFA36, 0x4D43, [0xB3, 0xB6, 0x33, 0xF0, 0xAA, 0x44, 0xE7, 0x6B]);
pub(crate) const VIRTUAL_DISK_SIZE: Guid =
    guid(0x2FA5_4224, 0xCD1B, 0x4876, [0xB2, 0x11, 0x5D, 0xBE, 0xD8, 0x3B, 0xF4, 0xB8]);
pub(crate) const PAGE_83_DATA: Guid =
    guid(0xBECA_12AB, 0xB2E6, 0x4523, [0x93, 0xEF, 0xC3, 0x09, 0xE0, 0x00, 0xC7, 0x46]);
pub(crate) const LOGICAL_SECTOR_SIZE: Guid =
    guid(0x8141_BF1D, 0xA96F, 0x4709, [0xBA, 0x47, 0xF2, 0x33, 0xA8, 0xFA, 0xAB, 0x5F]);
pub(crate) const PHYSICAL_SECTOR_SIZE: Guid =
    guid(0xCDA3_48C7, 0x445D, 0x4471, [0x9C, 0xC9, 0xE9, 0x88, 0x52, 0x51, 0xC5, 0x56]);
const PARENT_LOCATOR: Guid =
    guid(0xA8D3_5F2D, 0xB30B, 0x454D, [0xAB, 0xF7, 0xD3, 0xD8, 0x48, 0x34, 0xAB, 0x0C]);

/// The largest virtual size the format allows (64 TiB).
const MAX_VIRTUAL_SIZE: u64 = 64 << 40;
const TABLE_SIZE: u64 = 64 * 1024;

/// What the metadata says about the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// Payload block size, a power of two from 1 MiB to 256 MiB.
    pub block_size: u32,
    /// Fixed disk: blocks stay allocated.
    pub leave_block_allocated: bool,
    /// Differencing disk: unallocated blocks come from a parent.
    pub has_parent: bool,
    /// The disk's size as the guest sees it.
    pub virtual_size: u64,
    /// 512 or 4096.
    pub logical_sector_size: u32,
    /// 512 or 4096.
    pub physical_sector_size: u32,
    /// Key/value pairs of the parent locator (differencing disks).
    pub parent_locator: Vec<(String, String)>,
}

struct Item {
    offset: u64,
    length: u32,
}

/// Reads and checks the metadata region.
pub fn read(
    src: &dyn ReadAt,
    region: Region,
    warnings: &mut Vec<String>,
) -> Result<Metadata, VhdxError> {
    // The table's header, then only its entries (a few; the table's 64 KiB are mostly empty
    // and, on a disk that left the page cache, each 4 KiB read is a page to fill).
    let head = src.read_vec(region.offset, 32, t::METADATA_TABLE.get())?;
    if head.get(..8) != Some(b"metadata".as_slice()) {
        return Err(VhdxError::Corrupt(t::M_NO_SIGNATURE.get().to_owned()));
    }
    let count = u16_at(&head, 10);
    if count > 2047 {
        return Err(VhdxError::Corrupt(t::M_TOO_MANY.fill(&[("count", &count)])));
    }
    let entries =
        src.read_vec(region.offset + 32, u64::from(count) * 32, t::METADATA_TABLE.get())?;
    let known = [
        FILE_PARAMETERS,
        VIRTUAL_DISK_SIZE,
        PAGE_83_DATA,
        LOGICAL_SECTOR_SIZE,
        PHYSICAL_SECTOR_SIZE,
        PARENT_LOCATOR,
    ];
    let expected_len = [8u32, 8, 16, 4, 4, 0];
    let mut items: [Option<Item>; 6] = Default::default();
    for i in 0..usize::from(count) {
        let at = i * 32;
        let id = guid_at(&entries, at);
        let offset = u64::from(u32_at(&entries, at + 16));
        let length = u32_at(&entries, at + 20);
        let required = u32_at(&entries, at + 24) & 4 != 0;
        let Some(k) = known.iter().position(|g| *g == id) else {
            if required {
                return Err(VhdxError::Unsupported(
                    t::M_UNKNOWN_REQUIRED.fill(&[("guid", &guid_string(&id))]),
                ));
            }
            continue;
        };
        let name = ITEM_NAMES.get(k).copied().unwrap_or(t::M_ITEM);
        if u64::from(length) > MIB
            || (length != 0 && offset < TABLE_SIZE)
            || offset + u64::from(length) > region.length
        {
            return Err(VhdxError::Corrupt(t::M_OUTSIDE.fill(&[
                ("name", &name),
                ("length", &length),
                ("offset", &offset),
            ])));
        }
        let want = expected_len.get(k).copied().unwrap_or(0);
        if want != 0 && length != want {
            return Err(VhdxError::Corrupt(t::M_LENGTH.fill(&[
                ("name", &name),
                ("length", &length),
                ("want", &want),
            ])));
        }
        let slot =
            items.get_mut(k).ok_or_else(|| VhdxError::Corrupt(t::M_ITEM.get().to_owned()))?;
        if slot.is_some() {
            return Err(VhdxError::Corrupt(t::M_TWICE.fill(&[("name", &name)])));
        }
        *slot = Some(Item { offset, length });
    }
    let [fp, vs, p83, lss, pss, locator] = items;
    let read_item = |item: &Option<Item>, k: usize| -> Result<Vec<u8>, VhdxError> {
        let name = ITEM_NAMES.get(k).copied().unwrap_or(t::M_ITEM);
        let item = item
            .as_ref()
            .ok_or_else(|| VhdxError::Corrupt(t::M_MISSING.fill(&[("name", &name)])))?;
        src.read_vec(region.offset + item.offset, u64::from(item.length), name.get())
    };
    let fp = read_item(&fp, 0)?;
    let virtual_size = u64_at(&read_item(&vs, 1)?, 0);
    read_item(&p83, 2)?;
    let logical_sector_size = u32_at(&read_item(&lss, 3)?, 0);
    let physical_sector_size = u32_at(&read_item(&pss, 4)?, 0);

    let block_size = u32_at(&fp, 0);
    let flags = u32_at(&fp, 4);
    if !block_size.is_power_of_two() || !(1 << 20..=256 << 20).contains(&block_size) {
        return Err(VhdxError::Corrupt(t::M_BLOCK_SIZE.fill(&[("size", &block_size)])));
    }
    if flags & !3 != 0 {
        warnings.push(t::M_RESERVED_FLAGS.fill(&[("flags", &format!("{flags:08x}"))]));
    }
    for (text, size) in
        [(t::M_LOGICAL_SECTOR, logical_sector_size), (t::M_PHYSICAL_SECTOR, physical_sector_size)]
    {
        if size != 512 && size != 4096 {
            return Err(VhdxError::Corrupt(text.fill(&[("size", &size)])));
        }
    }
    if virtual_size == 0
        || !virtual_size.is_multiple_of(u64::from(logical_sector_size))
        || virtual_size > MAX_VIRTUAL_SIZE
    {
        return Err(VhdxError::Corrupt(
            t::M_VIRTUAL_SIZE.fill(&[("size", &virtual_size), ("sector", &logical_sector_size)]),
        ));
    }
    let has_parent = flags & 2 != 0;
    let parent_locator = match (&locator, has_parent) {
        (Some(_), true) => parse_locator(&read_item(&locator, 5)?),
        (None, true) => {
            return Err(VhdxError::Corrupt(t::M_NO_LOCATOR.get().to_owned()));
        }
        _ => Vec::new(),
    };
    Ok(Metadata {
        block_size,
        leave_block_allocated: flags & 1 != 0,
        has_parent,
        virtual_size,
        logical_sector_size,
        physical_sector_size,
        parent_locator,
    })
}

const ITEM_NAMES: [Text; 6] = [
    t::ITEM_FILE_PARAMETERS,
    t::ITEM_VIRTUAL_DISK_SIZE,
    t::ITEM_PAGE_83,
    t::ITEM_LOGICAL_SECTOR_SIZE,
    t::ITEM_PHYSICAL_SECTOR_SIZE,
    t::ITEM_PARENT_LOCATOR,
];

/// Parses the parent locator's UTF-16LE key/value pairs; entries that do not fit are skipped.
fn parse_locator(item: &[u8]) -> Vec<(String, String)> {
    let count = usize::from(u16_at(item, 18));
    let text = |offset: u32, len: u16| -> Option<String> {
        let start = usize::try_from(offset).ok()?;
        let bytes = item.get(start..start.checked_add(usize::from(len))?)?;
        let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16_at(c, 0)).collect();
        Some(String::from_utf16_lossy(&units))
    };
    (0..count.min(item.len() / 12))
        .filter_map(|i| {
            let at = 20 + i * 12;
            let key = text(u32_at(item, at), u16_at(item, at + 8))?;
            let value = text(u32_at(item, at + 4), u16_at(item, at + 10))?;
            Some((key, value))
        })
        .collect()
}
