//! The VM's own view from `/proc`: inside WSL 2, `/proc/meminfo` and `/proc/stat` describe the
//! whole utility VM that every distro (Docker's too) shares.

use serde::Serialize;

/// The fields of `/proc/meminfo` wsltune uses, in bytes; `None` when the line is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MemInfo {
    /// `MemTotal`: about the `memory=` limit of `.wslconfig`.
    pub total_bytes: Option<u64>,
    /// `MemFree`.
    pub free_bytes: Option<u64>,
    /// `MemAvailable`.
    pub available_bytes: Option<u64>,
    /// `Buffers`.
    pub buffers_bytes: Option<u64>,
    /// `Cached`.
    pub cached_bytes: Option<u64>,
    /// `SReclaimable`.
    pub sreclaimable_bytes: Option<u64>,
    /// `SwapTotal`: the `swap=` size.
    pub swap_total_bytes: Option<u64>,
    /// `SwapFree`.
    pub swap_free_bytes: Option<u64>,
}

/// Parses the text of `/proc/meminfo` (`Key:   123 kB` lines); junk lines are skipped.
pub fn parse_meminfo(text: &str) -> MemInfo {
    let mut info = MemInfo::default();
    for line in text.lines() {
        let Some((key, rest)) = line.split_once(':') else { continue };
        let mut words = rest.split_whitespace();
        let Some(number) = words.next().and_then(|n| n.parse::<u64>().ok()) else { continue };
        let bytes = match words.next() {
            Some("kB") => number.checked_mul(1024),
            None => Some(number),
            Some(_) => None,
        };
        let slot = match key.trim() {
            "MemTotal" => &mut info.total_bytes,
            "MemFree" => &mut info.free_bytes,
            "MemAvailable" => &mut info.available_bytes,
            "Buffers" => &mut info.buffers_bytes,
            "Cached" => &mut info.cached_bytes,
            "SReclaimable" => &mut info.sreclaimable_bytes,
            "SwapTotal" => &mut info.swap_total_bytes,
            "SwapFree" => &mut info.swap_free_bytes,
            _ => continue,
        };
        *slot = bytes;
    }
    info
}

/// Counts the processors in the text of `/proc/stat` (`cpu0`, `cpu1`, … lines).
pub fn count_cpus(stat: &str) -> usize {
    stat.lines()
        .filter(|l| {
            l.strip_prefix("cpu").and_then(|r| r.chars().next()).is_some_and(|c| c.is_ascii_digit())
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_meminfo() {
        let text = "MemTotal:       16303216 kB\nMemFree:         9436596 kB\nMemAvailable:   14102440 kB\nBuffers:           87652 kB\nCached:          4460028 kB\nSwapTotal:       4194304 kB\nSwapFree:        4194304 kB\nHugePages_Total:       0\n";
        let m = parse_meminfo(text);
        assert_eq!(m.total_bytes, Some(16_303_216 * 1024));
        assert_eq!(m.swap_total_bytes, Some(4 << 30));
        assert_eq!(m.sreclaimable_bytes, None);
    }

    #[test]
    fn survives_junk() {
        assert_eq!(parse_meminfo("MemTotal: lots kB\n:::\nMemFree 12 kB\n"), MemInfo::default());
        assert_eq!(parse_meminfo("MemTotal: 18446744073709551615 kB").total_bytes, None);
    }

    #[test]
    fn counts_cpus() {
        let stat = "cpu  1 2 3 4\ncpu0 1 2 3 4\ncpu1 1 2 3 4\nintr 5\nctxt 6\ncpufreq 1\n";
        assert_eq!(count_cpus(stat), 2);
        assert_eq!(count_cpus(""), 0);
    }
}
