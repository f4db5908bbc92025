//! The local time zone, leaf of every layer that shows a time to people: the UTC offset at an
//! instant (daylight saving included) and the zone's name, for the report's time axes and
//! heading. Stored and exported times stay UTC.
//!
//! The zone is read as the C library reads it (`TZ`, else `/etc/localtime`), with `tz-rs` (no
//! dependencies) parsing the zone files and POSIX rules. Inside WSL, `/etc/localtime` follows
//! Windows' zone. Natively on Windows, `GetTimeZoneInformation` gives the offset in force now,
//! used for the whole window (a window across a daylight-saving change is an hour off on one
//! side of it). Where none can be read (a container without zoneinfo) it is UTC, and the axes
//! say so.

use tz::TimeZone;

/// A time zone: local or UTC, or a fixed offset in tests.
#[derive(Debug, Clone)]
pub struct Zone {
    tz: Option<TimeZone>,
}

/// A local calendar time: what a clock on the wall shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Year.
    pub year: i64,
    /// Month, 1–12.
    pub month: i64,
    /// Day of the month, 1–31.
    pub day: i64,
    /// Hour, 0–23.
    pub hour: i64,
    /// Minute, 0–59.
    pub minute: i64,
    /// Day of the week, 0 = Monday.
    pub weekday: i64,
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Civil {
    /// `Tue 1 Dec`.
    pub fn day_label(&self) -> String {
        let weekday = WEEKDAYS.get(self.weekday as usize).copied().unwrap_or("");
        let month = MONTHS.get((self.month - 1) as usize).copied().unwrap_or("");
        format!("{weekday} {} {month}", self.day)
    }

    /// `14:05`.
    pub fn clock(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// `2026-12-01 14:05`.
    pub fn date_time(&self) -> String {
        format!("{:04}-{:02}-{:02} {}", self.year, self.month, self.day, self.clock())
    }
}

impl Zone {
    /// UTC.
    pub fn utc() -> Self {
        Zone { tz: None }
    }

    /// The user's zone (`TZ`, else `/etc/localtime`; natively on Windows the system's zone),
    /// UTC where none can be read.
    pub fn local() -> Self {
        Zone { tz: local_zone() }
    }

    /// A fixed offset from UTC, in seconds (tests).
    pub fn fixed(offset_s: i32) -> Self {
        Zone { tz: TimeZone::fixed(offset_s).ok() }
    }

    /// A POSIX `TZ` string such as `CET-1CEST,M3.5.0,M10.5.0/3` (tests).
    pub fn posix(tz: &str) -> Self {
        Zone { tz: TimeZone::from_posix_tz(tz).ok() }
    }

    /// Seconds east of UTC at `ts_ms`.
    pub fn offset_s(&self, ts_ms: i64) -> i32 {
        self.tz
            .as_ref()
            .and_then(|tz| tz.find_local_time_type(ts_ms.div_euclid(1000)).ok())
            .map_or(0, |t| t.ut_offset())
    }

    /// The zone's name at `ts_ms` with its offset: `CET, UTC+01:00`, or `UTC`.
    pub fn name(&self, ts_ms: i64) -> String {
        let offset = self.offset_s(ts_ms);
        let abbr = self
            .tz
            .as_ref()
            .and_then(|tz| tz.find_local_time_type(ts_ms.div_euclid(1000)).ok())
            .map_or("", |t| t.time_zone_designation());
        let hm = format!(
            "UTC{}{:02}:{:02}",
            if offset < 0 { '-' } else { '+' },
            offset.unsigned_abs() / 3600,
            offset.unsigned_abs() % 3600 / 60
        );
        match abbr {
            _ if offset == 0 && (abbr.is_empty() || abbr == "UTC") => "UTC".to_owned(),
            "" => hm,
            a if a.starts_with(['+', '-']) => hm,
            a => format!("{a}, {hm}"),
        }
    }

    /// The zone's short name at `ts_ms`: `JST`, `CET`, `UTC`, or the offset (`UTC+05:30`)
    /// where the zone has no name of letters.
    pub fn short_name(&self, ts_ms: i64) -> String {
        let name = self.name(ts_ms);
        match name.split_once(", ") {
            Some((abbr, _)) => abbr.to_owned(),
            None => name,
        }
    }

    /// The wall-clock time at `ts_ms`.
    pub fn civil(&self, ts_ms: i64) -> Civil {
        let local_s = ts_ms.div_euclid(1000) + i64::from(self.offset_s(ts_ms));
        let days = local_s.div_euclid(86_400);
        let tod = local_s.rem_euclid(86_400);
        let (year, month, day) = crate::units::civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: tod / 3600,
            minute: tod % 3600 / 60,
            // 1970-01-01 was a Thursday.
            weekday: (days + 3).rem_euclid(7),
        }
    }

    /// Milliseconds since the epoch as local seconds since the epoch (the wall clock read as if
    /// it were UTC): round boundaries are multiples there.
    pub fn to_local_s(&self, ts_ms: i64) -> i64 {
        ts_ms.div_euclid(1000) + i64::from(self.offset_s(ts_ms))
    }

    /// The instant (ms) a wall-clock time (local seconds) names; across a daylight-saving
    /// change, the offset of the hour before it.
    pub fn from_local_s(&self, local_s: i64) -> i64 {
        let guess = local_s * 1000;
        let first = guess - i64::from(self.offset_s(guess)) * 1000;
        local_s * 1000 - i64::from(self.offset_s(first)) * 1000
    }
}

/// The offset in force now, east of UTC in seconds, from `GetTimeZoneInformation`'s biases
/// (minutes west of UTC) and its answer (2: daylight time is in force, 1: standard time, 0: the
/// zone has no daylight time).
#[cfg_attr(not(windows), allow(dead_code))]
fn offset_from_biases(bias: i32, standard: i32, daylight: i32, answer: u32) -> i32 {
    let extra = match answer {
        2 => daylight,
        1 => standard,
        _ => 0,
    };
    -(bias + extra) * 60
}

/// `TZ` first, as for the C library (tz-rs's `local()` reads only `/etc/localtime`).
#[cfg(not(windows))]
fn local_zone() -> Option<TimeZone> {
    let from_env = std::env::var("TZ")
        .ok()
        .filter(|tz| !tz.is_empty())
        .and_then(|tz| TimeZone::from_posix_tz(&tz).ok());
    from_env.or_else(|| TimeZone::local().ok())
}

/// Windows' zone as a fixed offset: tz-rs reads no zone natively on Windows, and Windows
/// programs follow the system's zone, not `TZ`.
#[cfg(windows)]
#[allow(unsafe_code)]
fn local_zone() -> Option<TimeZone> {
    use windows_sys::Win32::System::Time::{
        GetTimeZoneInformation, TIME_ZONE_ID_INVALID, TIME_ZONE_INFORMATION,
    };
    let mut info = TIME_ZONE_INFORMATION::default();
    // SAFETY: `info` is a valid TIME_ZONE_INFORMATION for the call to fill.
    let answer = unsafe { GetTimeZoneInformation(&mut info) };
    if answer == TIME_ZONE_ID_INVALID {
        return None;
    }
    let offset = offset_from_biases(info.Bias, info.StandardBias, info.DaylightBias, answer);
    TimeZone::fixed(offset).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_clocks() {
        // 2026-12-01T14:05:00Z
        let t = 1_796_133_900_000;
        assert_eq!(Zone::utc().name(t), "UTC");
        assert_eq!(Zone::utc().civil(t).date_time(), "2026-12-01 14:05");
        assert_eq!(Zone::utc().civil(t).day_label(), "Tue 1 Dec");
        let paris = Zone::posix("CET-1CEST,M3.5.0,M10.5.0/3");
        assert_eq!(paris.name(t), "CET, UTC+01:00");
        assert_eq!(paris.civil(t).clock(), "15:05");
        // Summer time.
        assert_eq!(paris.offset_s(t - 150 * 86_400_000), 7200);
        assert_eq!(Zone::fixed(-5 * 3600 - 1800).name(t), "UTC-05:30");
        assert_eq!(paris.from_local_s(paris.to_local_s(t)), t);
    }

    /// Windows counts minutes west of UTC, the daylight bias added while it is in force.
    #[test]
    fn windows_biases_become_offsets() {
        // W. Europe Standard Time: Bias −60, DaylightBias −60.
        assert_eq!(offset_from_biases(-60, 0, -60, 1), 3600);
        assert_eq!(offset_from_biases(-60, 0, -60, 2), 7200);
        // Pacific: Bias 480; India: Bias −330 without daylight time.
        assert_eq!(offset_from_biases(480, 0, -60, 2), -7 * 3600);
        assert_eq!(offset_from_biases(-330, 0, 0, 0), 19_800);
    }
}
