//! Little-endian fields, GUIDs in Microsoft's mixed-endian order, and CRC-32C (reference/vhdx.md §1, §3).

/// A GUID as its 16 bytes on disk.
pub type Guid = [u8; 16];

/// Builds the on-disk bytes of a GUID written as `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`:
/// Data1 (u32), Data2 and Data3 (u16) little-endian, Data4 as is.
pub const fn guid(d1: u32, d2: u16, d3: u16, d4: [u8; 8]) -> Guid {
    let a = d1.to_le_bytes();
    let b = d2.to_le_bytes();
    let c = d3.to_le_bytes();
    [
        a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], d4[0], d4[1], d4[2], d4[3], d4[4], d4[5],
        d4[6], d4[7],
    ]
}

/// Formats on-disk GUID bytes the usual way.
pub fn guid_string(g: &Guid) -> String {
    let d1 = u32::from_le_bytes([g[0], g[1], g[2], g[3]]);
    let d2 = u16::from_le_bytes([g[4], g[5]]);
    let d3 = u16::from_le_bytes([g[6], g[7]]);
    format!(
        "{d1:08X}-{d2:04X}-{d3:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}",
        g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]
    )
}

/// Reads a little-endian u16 at `at`; zero past the end (callers size their buffers first).
pub fn u16_at(buf: &[u8], at: usize) -> u16 {
    let mut b = [0; 2];
    if let Some(s) = buf.get(at..at + 2) {
        b.copy_from_slice(s);
    }
    u16::from_le_bytes(b)
}

/// Reads a little-endian u32 at `at`; zero past the end.
pub fn u32_at(buf: &[u8], at: usize) -> u32 {
    let mut b = [0; 4];
    if let Some(s) = buf.get(at..at + 4) {
        b.copy_from_slice(s);
    }
    u32::from_le_bytes(b)
}

/// Reads a little-endian u64 at `at`; zero past the end.
pub fn u64_at(buf: &[u8], at: usize) -> u64 {
    let mut b = [0; 8];
    if let Some(s) = buf.get(at..at + 8) {
        b.copy_from_slice(s);
    }
    u64::from_le_bytes(b)
}

/// Reads a GUID at `at`; zeros past the end.
pub fn guid_at(buf: &[u8], at: usize) -> Guid {
    let mut g = [0; 16];
    if let Some(s) = buf.get(at..at + 16) {
        g.copy_from_slice(s);
    }
    g
}

/// CRC-32C of `data`, continuing from `crc` (0 to start): the standard CRC (initial value and
/// final XOR all ones), so `crc32c(0, b"123456789")` is 0xE3069283.
pub fn crc32c(crc: u32, data: &[u8]) -> u32 {
    crc32c::crc32c_append(crc, data)
}

/// CRC-32C of a structure whose checksum field (4 bytes at offset 4) counts as zero.
pub fn checksum_with_field_zeroed(structure: &[u8]) -> u32 {
    let crc = crc32c(0, structure.get(..4).unwrap_or(structure));
    let crc = crc32c(crc, &[0; 4]);
    crc32c(crc, structure.get(8..).unwrap_or(&[]))
}

/// True when the checksum stored at offset 4 matches the structure.
pub fn checksum_ok(structure: &[u8]) -> bool {
    structure.len() >= 8 && u32_at(structure, 4) == checksum_with_field_zeroed(structure)
}

/// Writes the correct checksum into a structure (used by tests and the fuzz target, never on a
/// user's file).
pub fn fix_checksum(structure: &mut [u8]) {
    let crc = checksum_with_field_zeroed(structure);
    if let Some(field) = structure.get_mut(4..8) {
        field.copy_from_slice(&crc.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_check_value() {
        assert_eq!(crc32c(0, b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(crc32c(0, b"1234"), b"56789"), 0xE306_9283);
    }

    #[test]
    fn guid_byte_order() {
        // BAT region GUID 2DC27766-F623-4200-9D64-115E9BFD4A08 as stored (reference §1).
        let g = guid(0x2DC2_7766, 0xF623, 0x4200, [0x9D, 0x64, 0x11, 0x5E, 0x9B, 0xFD, 0x4A, 0x08]);
        assert_eq!(
            g,
            [
                0x66, 0x77, 0xc2, 0x2d, 0x23, 0xf6, 0x00, 0x42, 0x9d, 0x64, 0x11, 0x5e, 0x9b, 0xfd,
                0x4a, 0x08
            ]
        );
        assert_eq!(guid_string(&g), "2DC27766-F623-4200-9D64-115E9BFD4A08");
    }

    #[test]
    fn fields_past_the_end_read_as_zero() {
        assert_eq!(u32_at(&[1, 2], 0), 0);
        assert_eq!(u16_at(&[1, 2], 0), 0x0201);
        assert_eq!(u64_at(&[], 5), 0);
    }

    #[test]
    fn checksum_roundtrip() {
        let mut s = vec![7u8; 64];
        assert!(!checksum_ok(&s));
        fix_checksum(&mut s);
        assert!(checksum_ok(&s));
    }
}
