//! The file identifier and the two headers (reference/vhdx.md §2–3): signature, CRC-32C over
//! 4 KiB, version, the current one by sequence number, and the log's place.

use super::bytes::{Guid, checksum_ok, guid_at, u16_at, u32_at, u64_at};
use super::source::ReadAt;
use super::texts as t;
use super::{MIB, VhdxError, vhd};

/// Where the two header copies are.
pub(crate) const HEADER_OFFSETS: [u64; 2] = [64 * 1024, 128 * 1024];
/// A header's size; it sits at the start of a 64 KiB slot.
pub(crate) const HEADER_SIZE: usize = 4096;

/// The fields of the current header that matter to a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Higher is newer.
    pub sequence_number: u64,
    /// Changes on every open for writing: with the sequence number, tells whether anyone wrote
    /// the file between two reads.
    pub file_write_guid: Guid,
    /// Changes before any guest-visible change: a cheap change detector.
    pub data_write_guid: Guid,
    /// Zero: no log to replay.
    pub log_guid: Guid,
    /// Log length, a multiple of 1 MiB.
    pub log_length: u32,
    /// Log offset, a multiple of 1 MiB, at least 1 MiB.
    pub log_offset: u64,
    /// Which copy is current: 1 or 2.
    pub copy: u8,
}

/// Reads the creator string of the file identifier, after checking its signature. A file
/// without it is named for what it is when it can be told: a VHD (v1), or a VHDX cut short.
pub fn read_identifier(src: &dyn ReadAt) -> Result<String, VhdxError> {
    let mut id = [0u8; 520];
    let head = usize::try_from(src.len()).map_or(id.len(), |len| len.min(id.len()));
    let signed = match id.get_mut(..head) {
        Some(buf) if head >= 8 => {
            src.read_at_unchecked(buf, 0)?;
            id.starts_with(b"vhdxfile")
        }
        _ => false,
    };
    if !signed && let Some(kind) = vhd::detect(src) {
        return Err(VhdxError::Vhd { kind, file: None });
    }
    if src.len() < MIB {
        if signed {
            return Err(VhdxError::Truncated {
                len: src.len(),
                needed: MIB,
                what: t::HEADER_SECTION.get().to_owned(),
            });
        }
        return Err(VhdxError::NotVhdx(super::texts::TOO_SHORT.fill(&[("len", &src.len())])));
    }
    if !signed {
        return Err(VhdxError::NotVhdx(super::texts::NO_SIGNATURE.get().to_owned()));
    }
    let units: Vec<u16> = id
        .get(8..)
        .unwrap_or(&[])
        .chunks_exact(2)
        .map(|c| u16_at(c, 0))
        .take_while(|u| *u != 0)
        .collect();
    Ok(String::from_utf16_lossy(&units))
}

/// Why one header copy is not usable.
fn parse(buf: &[u8], copy: u8) -> Result<Header, String> {
    if buf.get(..4) != Some(b"head".as_slice()) {
        return Err(t::H_NO_SIGNATURE.fill(&[("copy", &copy)]));
    }
    if !checksum_ok(buf) {
        return Err(t::H_CHECKSUM.fill(&[("copy", &copy)]));
    }
    let version = u16_at(buf, 66);
    if version != 1 {
        return Err(t::H_VERSION.fill(&[("copy", &copy), ("version", &version)]));
    }
    Ok(Header {
        sequence_number: u64_at(buf, 8),
        file_write_guid: guid_at(buf, 16),
        data_write_guid: guid_at(buf, 32),
        log_guid: guid_at(buf, 48),
        log_length: u32_at(buf, 68),
        log_offset: u64_at(buf, 72),
        copy,
    })
}

/// Reads both headers and returns the current one, with warnings about the other.
///
/// Rules of qemu's `vhdx_parse_header` (which follow the specification): a valid header has the
/// signature, a matching checksum and version 1; with two valid headers the higher sequence
/// number wins, and equal numbers are accepted only when the headers are byte-identical.
pub fn read_current(src: &dyn ReadAt, warnings: &mut Vec<String>) -> Result<Header, VhdxError> {
    let mut raw = [[0u8; HEADER_SIZE]; 2];
    for (buf, offset) in raw.iter_mut().zip(HEADER_OFFSETS) {
        src.read_exact_at(buf, offset, t::HEADER.get())?;
    }
    let parsed = [parse(&raw[0], 1), parse(&raw[1], 2)];
    let header = match parsed {
        [Ok(a), Ok(b)] => {
            if a.sequence_number == b.sequence_number && raw[0] != raw[1] {
                return Err(VhdxError::Corrupt(t::H_SAME_SEQUENCE.get().to_owned()));
            }
            if b.sequence_number > a.sequence_number { b } else { a }
        }
        [Ok(h), Err(why)] | [Err(why), Ok(h)] => {
            warnings.push(t::H_USING.fill(&[("why", &why), ("copy", &h.copy)]));
            h
        }
        [Err(a), Err(b)] => {
            return Err(VhdxError::Corrupt(t::H_NONE_VALID.fill(&[("a", &a), ("b", &b)])));
        }
    };
    let current = if header.copy == 1 { &raw[0] } else { &raw[1] };
    let log_version = u16_at(current, 64);
    if log_version != 0 {
        return Err(VhdxError::Corrupt(t::H_LOG_VERSION.fill(&[("version", &log_version)])));
    }
    if header.log_length != 0 {
        if u64::from(header.log_length) % MIB != 0 {
            return Err(VhdxError::Corrupt(
                t::H_LOG_LENGTH.fill(&[("length", &header.log_length)]),
            ));
        }
        if header.log_offset < MIB || header.log_offset % MIB != 0 {
            return Err(VhdxError::Corrupt(
                t::H_LOG_OFFSET.fill(&[("offset", &header.log_offset)]),
            ));
        }
        if header
            .log_offset
            .checked_add(u64::from(header.log_length))
            .is_none_or(|end| end > src.len())
        {
            // The header passed its checksum: the log is where it says, the file is short.
            return Err(VhdxError::Truncated {
                len: src.len(),
                needed: header.log_offset.saturating_add(u64::from(header.log_length)),
                what: t::ITS_AT.fill(&[
                    ("what", &t::LOG),
                    ("len", &header.log_length),
                    ("offset", &header.log_offset),
                ]),
            });
        }
    }
    Ok(header)
}
