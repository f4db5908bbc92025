//! How values are stored compactly (the goal: at most 40 bytes per sample on disk).
//!
//! `/proc/meminfo` counts in KiB, so memory figures are stored in KiB: SQLite then needs 3–4
//! bytes per value instead of 6. A value that is not a whole number of KiB (from an import) is
//! stored as its negated byte count, so nothing is ever rounded. Ratios are stored as integers:
//! CPU busy in 1/10,000, pressure averages in 1/100 (the kernel prints two decimals).

/// Encodes a byte count.
pub fn bytes_to_db(bytes: u64) -> i64 {
    if bytes.is_multiple_of(1024) {
        i64::try_from(bytes / 1024).unwrap_or(i64::MAX)
    } else {
        -i64::try_from(bytes).unwrap_or(i64::MAX)
    }
}

/// Decodes a byte count.
pub fn bytes_from_db(value: i64) -> u64 {
    if value >= 0 { (value as u64).saturating_mul(1024) } else { value.unsigned_abs() }
}

/// Encodes a byte count that may be unknown (NULL).
pub fn maybe_bytes_to_db(bytes: Option<u64>) -> Option<i64> {
    bytes.map(bytes_to_db)
}

/// Decodes a byte count that may be unknown (NULL).
pub fn maybe_bytes_from_db(value: Option<i64>) -> Option<u64> {
    value.map(bytes_from_db)
}

/// Encodes a CPU busy ratio (0..1) in 1/10,000.
pub fn ratio_to_db(ratio: f64) -> i64 {
    (ratio.clamp(0.0, 1.0) * 10_000.0).round() as i64
}

/// Decodes a CPU busy ratio.
pub fn ratio_from_db(value: i64) -> f64 {
    value as f64 / 10_000.0
}

/// Encodes a pressure average (percent, two decimals) in 1/100.
pub fn pressure_to_db(value: f64) -> i64 {
    (value.clamp(0.0, 100.0) * 100.0).round() as i64
}

/// Decodes a pressure average.
pub fn pressure_from_db(value: i64) -> f64 {
    value as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_exactly() {
        for b in [0, 1, 1023, 1024, 4096, 16_303_216 * 1024, u64::from(u32::MAX) * 1024 + 7] {
            assert_eq!(bytes_from_db(bytes_to_db(b)), b, "{b}");
        }
        assert_eq!(bytes_to_db(8 << 30), 8 << 20, "KiB when whole");
    }

    #[test]
    fn ratios_keep_four_decimals() {
        assert_eq!(ratio_from_db(ratio_to_db(0.1234)), 0.1234);
        assert_eq!(ratio_to_db(1.7), 10_000);
        assert_eq!(pressure_from_db(pressure_to_db(1.52)), 1.52);
    }
}
