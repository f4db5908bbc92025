//! ext4's checksums as the kernel and e2fsprogs compute them: CRC-32C without the final
//! inversion, seeded from the filesystem UUID (metadata_csum), and the older CRC-16 of
//! group descriptors (gdt_csum), byte by byte from a table (a few KiB of metadata per group).

/// CRC-16 (reflected 0xA001, ext2fs_crc16) table.
const CRC16: [u16; 256] = table16(0xA001);

// `i < 256` indexes a 256-entry table.
#[allow(clippy::indexing_slicing)]
const fn table16(poly: u16) -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u16;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { (c >> 1) ^ poly } else { c >> 1 };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

/// The kernel's `crc32c_le(crc, data)`: the register in, the register out (no inversions;
/// the standard CRC inverts both).
pub fn crc32c(crc: u32, data: &[u8]) -> u32 {
    !crate::vhdx::bytes::crc32c(!crc, data)
}

/// e2fsprogs' `ext2fs_crc16(crc, data)`.
pub fn crc16(mut crc: u16, data: &[u8]) -> u16 {
    for b in data {
        let i = ((crc ^ u16::from(*b)) & 0xFF) as usize;
        crc = CRC16.get(i).copied().unwrap_or(0) ^ (crc >> 8);
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_values() {
        // The catalogue's check values (CRC-32C: init and final XOR all ones; CRC-16/MODBUS:
        // init 0xFFFF, no final XOR).
        assert_eq!(!crc32c(!0, b"123456789"), 0xE306_9283);
        assert_eq!(crc16(0xFFFF, b"123456789"), 0x4B37);
    }
}
