//! Units, leaf of every layer: byte sizes for display (binary multiples, as WSL and Windows count
//! them), durations as people write them (`5s`, `7d`), the clock, and RFC 3339 times.
//!
//! WSL's own size spelling (`8GB` = 8 GiB) belongs to `wslconfig::keys`: it is shown only where a
//! `.wslconfig` value is.

pub mod texts;

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

/// A bad duration such as `5x`, `-1s`, or one longer than a century.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Not a number and a unit.
    #[error("{}", texts::DURATION_MALFORMED.fill(&[("text", .0)]))]
    Malformed(String),
    /// A duration, but longer than anything wsltune keeps or reads.
    #[error("{}", texts::DURATION_TOO_LONG.fill(&[("text", .0)]))]
    TooLong(String),
}

/// The longest duration [`parse_duration`] accepts: a century.
pub const LONGEST_DURATION_MS: u64 = 36_500 * 86_400_000;

/// Parses a duration: a whole number followed by `ms`, `s`, `m`, `h` or `d` (`5s`, `10m`, `7d`),
/// up to a century.
///
/// ```
/// use wsltune::units::{DurationError, parse_duration};
/// assert_eq!(parse_duration("7d").unwrap().as_secs(), 7 * 86_400);
/// assert!(matches!(parse_duration("99999999999999999999d"), Err(DurationError::TooLong(_))));
/// assert!(matches!(parse_duration("7 days"), Err(DurationError::Malformed(_))));
/// ```
pub fn parse_duration(text: &str) -> Result<std::time::Duration, DurationError> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let malformed = || DurationError::Malformed(text.to_owned());
    let ms_per = match unit.trim() {
        "ms" => 1,
        "s" => 1000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(malformed()),
    };
    if number.is_empty() {
        return Err(malformed());
    }
    // All digits: a number too large for u64 is a duration, only too long.
    let too_long = || DurationError::TooLong(text.to_owned());
    let n: u64 = number.parse().map_err(|_| too_long())?;
    n.checked_mul(ms_per)
        .filter(|&ms| ms <= LONGEST_DURATION_MS)
        .map(std::time::Duration::from_millis)
        .ok_or_else(too_long)
}

/// `n` and the noun in the form that agrees with it: `1 sample`, `2 samples`, `0 samples`,
/// with thousands separated (`1,204 samples`).
///
/// ```
/// use wsltune::units::plural;
/// assert_eq!(plural(1, "sample", "samples"), "1 sample");
/// assert_eq!(plural(12_345, "sample", "samples"), "12,345 samples");
/// ```
pub fn plural(n: u64, one: &str, many: &str) -> String {
    let mut out = thousands(n);
    out.push(' ');
    out.push_str(if n == 1 { one } else { many });
    out
}

/// `n` with its thousands separated, as [`plural`] writes it: `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 8);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats a duration the way `parse_duration` reads it (`5s`, `250ms`, `10m`).
pub fn format_duration(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] {
        if ms >= size && ms.is_multiple_of(size) {
            return format!("{}{unit}", ms / size);
        }
    }
    format!("{ms}ms")
}

/// A duration in prose, in the current language: as [`format_duration`] writes it in English
/// (`7d`), in words in Japanese (`7 日`, `5 分`).
pub fn spoken_duration(d: std::time::Duration) -> String {
    spoken_duration_in(d, crate::i18n::current())
}

/// [`spoken_duration`] in `lang` (the live view speaks the language it was given).
pub fn spoken_duration_in(d: std::time::Duration, lang: crate::i18n::Lang) -> String {
    let ms = d.as_millis();
    for (text, size) in [
        (texts::DAYS, 86_400_000),
        (texts::HOURS, 3_600_000),
        (texts::MINUTES, 60_000),
        (texts::SECONDS, 1000),
    ] {
        if ms >= size && ms.is_multiple_of(size) {
            return crate::i18n::fill(text.in_lang(lang), &[("n", &(ms / size))]);
        }
    }
    crate::i18n::fill(texts::MILLISECONDS.in_lang(lang), &[("n", &ms)])
}

/// Milliseconds since the Unix epoch, now: the clock every layer stamps with.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Formats milliseconds since the Unix epoch as RFC 3339 UTC with milliseconds:
/// `2026-11-21T20:52:02.123Z`.
pub fn format_rfc3339(ts_ms: i64) -> String {
    let mut out = String::with_capacity(24);
    push_rfc3339(&mut out, ts_ms);
    out
}

/// [`format_rfc3339`], appended to `out` without formatting machinery (it runs every tick of
/// `monitor --format lines`).
pub fn push_rfc3339(out: &mut String, ts_ms: i64) {
    let secs = ts_ms.div_euclid(1000);
    let ms = ts_ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let digits = |out: &mut String, v: i64, width: u32| {
        for p in (0..width).rev() {
            let digit = (v / 10i64.pow(p)).rem_euclid(10) as u8;
            out.push(char::from(b'0' + digit));
        }
    };
    if (0..=9999).contains(&y) {
        digits(out, y, 4);
    } else {
        use std::fmt::Write as _;
        let _ = write!(out, "{y:04}");
    }
    for (sep, v, width) in [
        ('-', m, 2),
        ('-', d, 2),
        ('T', tod / 3600, 2),
        (':', tod % 3600 / 60, 2),
        (':', tod % 60, 2),
        ('.', ms, 3),
    ] {
        out.push(sep);
        digits(out, v, width);
    }
    out.push('Z');
}

/// Appends `v` in decimal, as `Display` writes it, without formatting machinery.
pub fn push_u64(out: &mut String, v: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = v;
    loop {
        start -= 1;
        if let Some(slot) = digits.get_mut(start) {
            *slot = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || start == 0 {
            break;
        }
    }
    for d in digits.get(start..).unwrap_or_default() {
        out.push(char::from(*d));
    }
}

/// A time as a user types it on the command line: a date (`2026-11-25`, the start of that day
/// in UTC, or its last millisecond when `end_of_day`: `--to 2026-11-25` includes the 25th) or
/// an RFC 3339 time.
///
/// ```
/// use wsltune::units::{parse_rfc3339, parse_time};
/// let day = parse_rfc3339("2026-11-25T00:00:00Z").unwrap();
/// assert_eq!(parse_time("2026-11-25", false), Ok(day));
/// assert_eq!(parse_time("2026-11-25", true), Ok(day + 86_400_000 - 1));
/// assert_eq!(parse_time("2026-11-25T08:00:00+09:00", true), Ok(day - 3_600_000));
/// assert!(parse_time("2026-02-30", false).is_err());
/// ```
pub fn parse_time(text: &str, end_of_day: bool) -> Result<i64, TimeArgError> {
    let t = text.trim();
    let err = |_| TimeArgError(text.to_owned());
    if t.len() == 10 {
        let start = parse_rfc3339(&format!("{t}T00:00:00Z")).map_err(err)?;
        return Ok(if end_of_day { start + 86_400_000 - 1 } else { start });
    }
    parse_rfc3339(t).map_err(err)
}

/// A time on the command line that is neither a date nor RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", texts::TIME_ARG.fill(&[("text", .0)]))]
pub struct TimeArgError(pub String);

/// A timestamp that is not RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", texts::TIME_RFC3339.fill(&[("text", .0)]))]
pub struct TimeError(pub String);

/// Parses an RFC 3339 time (`2026-11-21T20:52:02.123Z`, `…+01:00`; a space may replace `T`) into
/// milliseconds since the Unix epoch; digits past milliseconds are dropped.
pub fn parse_rfc3339(text: &str) -> Result<i64, TimeError> {
    let err = || TimeError(text.to_owned());
    let t = text.trim().as_bytes();
    let num = |from: usize, len: usize| -> Result<i64, TimeError> {
        let digits = t.get(from..from + len).ok_or_else(err)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(err());
        }
        digits.iter().try_fold(0i64, |acc, d| Ok(acc * 10 + i64::from(d - b'0')))
    };
    let sep = |at: usize, allowed: &[u8]| t.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return Err(err());
    }
    let (y, mo, d, h, mi, s) =
        (num(0, 4)?, num(5, 2)?, num(8, 2)?, num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60 {
        return Err(err());
    }
    let mut at = 19;
    let mut ms = 0i64;
    if sep(at, b".") {
        at += 1;
        let start = at;
        while t.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return Err(err());
        }
        let frac = num(start, (at - start).min(3))?;
        ms = frac * 10i64.pow(3 - (at - start).min(3) as u32);
    }
    let offset_min = match t.get(at) {
        Some(b'Z' | b'z') if at + 1 == t.len() => 0,
        Some(sign @ (b'+' | b'-')) if at + 6 == t.len() && sep(at + 3, b":") => {
            let m = num(at + 1, 2)? * 60 + num(at + 4, 2)?;
            if *sign == b'+' { m } else { -m }
        }
        _ => return Err(err()),
    };
    let days = days_from_civil(y, mo, d);
    Ok(((days * 86_400 + h * 3600 + mi * 60 + s - offset_min * 60) * 1000) + ms)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5s"), Ok(std::time::Duration::from_secs(5)));
        assert_eq!(parse_duration("250ms"), Ok(std::time::Duration::from_millis(250)));
        assert_eq!(parse_duration("10m"), Ok(std::time::Duration::from_secs(600)));
        assert_eq!(parse_duration("7d"), Ok(std::time::Duration::from_secs(7 * 86_400)));
        for bad in ["", "s", "5", "5 x", "-1s", "1.5s", "99999999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_in_prose() {
        use std::time::Duration;
        for d in [7 * 86_400_000, 3_600_000, 600_000, 5000, 250, 90_000] {
            let d = Duration::from_millis(d);
            assert_eq!(spoken_duration(d), format_duration(d), "English is the command line's");
        }
    }

    #[test]
    fn rfc3339_known_values() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_rfc3339(1_795_380_722_123), "2026-11-22T20:52:02.123Z");
        assert_eq!(parse_rfc3339("2026-11-22T20:52:02.123Z"), Ok(1_795_380_722_123));
        assert_eq!(parse_rfc3339("2026-11-22T21:52:02.123456+01:00"), Ok(1_795_380_722_123));
        assert_eq!(parse_rfc3339("2024-02-29 00:00:00Z"), Ok(1_709_164_800_000));
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00Zjunk",
            "２026-01-01T00:00:00Z",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rfc3339_round_trips() {
        for ts in [-86_400_000i64, 0, 951_782_400_000, 1_700_000_000_001, 4_102_444_799_999] {
            assert_eq!(parse_rfc3339(&format_rfc3339(ts)), Ok(ts));
        }
        // Outside four-digit years, the year is written whole.
        assert_eq!(format_rfc3339(253_402_300_800_000), "10000-01-01T00:00:00.000Z");
        assert!(format_rfc3339(i64::MIN).ends_with('Z'));
        assert!(format_rfc3339(i64::MAX).ends_with('Z'));
    }

    #[test]
    fn integers_are_pushed_as_display_writes_them() {
        for v in [0u64, 7, 10, 99, 1234, 1 << 40, u64::MAX] {
            let mut out = String::from("x");
            push_u64(&mut out, v);
            assert_eq!(out, format!("x{v}"));
        }
    }
}
