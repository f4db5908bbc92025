//! Where the ext4 filesystem starts: the whole disk (Docker's data disk, which WSL mounts with
//! `wsl --mount --vhd` and no partition), or the first Linux partition of an MBR or GPT table.

use super::VhdxError;
use super::bytes::{Guid, guid, guid_at, u32_at, u64_at};
use super::ext4;
use super::virtual_disk::VirtualDisk;

/// GPT "Linux filesystem data": 0FC63DAF-8483-4772-8E79-3D69D8477DE4.
const LINUX_DATA: Guid =
    guid(0x0FC6_3DAF, 0x8483, 0x4772, [0x8E, 0x79, 0x3D, 0x69, 0xD8, 0x47, 0x7D, 0xE4]);

/// Where the filesystem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// ext4 on the whole disk.
    WholeDisk,
    /// The `n`th (1-based) partition of a partition table.
    Partition {
        /// `mbr` or `gpt`.
        scheme: &'static str,
        /// The partition number.
        number: u32,
        /// Its start in bytes.
        offset: u64,
    },
    /// A partition table without an ext4 Linux partition.
    NoLinuxPartition(&'static str),
    /// Neither ext4 nor a partition table (e.g. a never-formatted disk).
    Unknown,
}

/// Finds the filesystem's start on the disk.
pub fn find(disk: &VirtualDisk<'_>, sector: u64) -> Result<Layout, VhdxError> {
    if ext4::has_magic(disk, 0)? {
        return Ok(Layout::WholeDisk);
    }
    let mut mbr = [0u8; 512];
    if disk.size < 512 {
        return Ok(Layout::Unknown);
    }
    disk.read(&mut mbr, 0)?;
    if mbr.get(510..512) != Some([0x55, 0xAA].as_slice()) {
        return Ok(Layout::Unknown);
    }
    let entries: Vec<(u8, u64)> = (0..4)
        .map(|i| {
            (
                mbr.get(446 + i * 16 + 4).copied().unwrap_or(0),
                u64::from(u32_at(&mbr, 446 + i * 16 + 8)),
            )
        })
        .collect();
    if entries.iter().any(|(kind, _)| *kind == 0xEE) {
        return gpt(disk, sector);
    }
    for (i, (kind, start)) in entries.iter().enumerate() {
        let offset = start.saturating_mul(sector);
        if *kind == 0x83 && ext4::has_magic(disk, offset)? {
            return Ok(Layout::Partition { scheme: "mbr", number: i as u32 + 1, offset });
        }
    }
    Ok(Layout::NoLinuxPartition("mbr"))
}

fn gpt(disk: &VirtualDisk<'_>, sector: u64) -> Result<Layout, VhdxError> {
    let mut header = [0u8; 92];
    if disk.size < sector + 92 {
        return Ok(Layout::Unknown);
    }
    disk.read(&mut header, sector)?;
    if header.get(..8) != Some(b"EFI PART".as_slice()) {
        return Ok(Layout::NoLinuxPartition("gpt"));
    }
    let table = u64_at(&header, 72).saturating_mul(sector);
    let count = u64::from(u32_at(&header, 80)).min(1024);
    let size = u64::from(u32_at(&header, 84));
    if !(128..=4096).contains(&size) {
        return Ok(Layout::NoLinuxPartition("gpt"));
    }
    let mut entry = vec![0u8; size as usize];
    for i in 0..count {
        let at = table.saturating_add(i * size);
        if at.saturating_add(size) > disk.size {
            break;
        }
        disk.read(&mut entry, at)?;
        if guid_at(&entry, 0) != LINUX_DATA {
            continue;
        }
        let offset = u64_at(&entry, 32).saturating_mul(sector);
        if ext4::has_magic(disk, offset)? {
            return Ok(Layout::Partition { scheme: "gpt", number: i as u32 + 1, offset });
        }
    }
    Ok(Layout::NoLinuxPartition("gpt"))
}
