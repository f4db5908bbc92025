//! Units: byte sizes for display (binary multiples, as WSL and Windows count them).
//!
//! WSL's `.wslconfig` size grammar (`8GB` = 8 GiB) and durations (`5s`, `7d`) join this module as
//! the commands that read them land.

use humansize::{BINARY, format_size};

/// One gibibyte, the unit WSL means by `GB`.
pub const GIB: u64 = 1 << 30;

/// Formats a byte count for people, in binary multiples.
///
/// ```
/// use wsltune::units::format_bytes;
/// assert_eq!(format_bytes(512), "512 B");
/// assert_eq!(format_bytes(3 << 29), "1.50 GiB");
/// ```
pub fn format_bytes(bytes: u64) -> String {
    format_size(bytes, BINARY.decimal_places(2).decimal_zeroes(0))
}

/// Rounds a byte count up to whole gibibytes, as WSL does for its default swap size
/// (`ceil_to_GB(memory / 4)`, WslCoreConfig.cpp).
///
/// ```
/// use wsltune::units::{GIB, ceil_to_gib};
/// // A VM with 7.67 GiB of memory gets ceil(7.67 / 4) = 2 GiB of swap by default.
/// assert_eq!(ceil_to_gib(8_040_724 * 1024 / 4), 2 * GIB);
/// ```
pub fn ceil_to_gib(bytes: u64) -> u64 {
    bytes.div_ceil(GIB).saturating_mul(GIB)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_binary_multiples() {
        assert_eq!(format_bytes(512), "512 B");
        assert_eq!(format_bytes(3 * GIB / 2), "1.50 GiB");
        assert_eq!(format_bytes(8 * GIB), "8 GiB");
    }

    #[test]
    fn rounds_up_to_whole_gib() {
        assert_eq!(ceil_to_gib(0), 0);
        assert_eq!(ceil_to_gib(1), GIB);
        assert_eq!(ceil_to_gib(4 * GIB), 4 * GIB);
        assert_eq!(ceil_to_gib(4 * GIB + 1), 5 * GIB);
    }
}
