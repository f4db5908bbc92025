//! The VM's own view from `/proc`: inside WSL 2, `/proc/meminfo`, `/proc/stat` and
//! `/proc/pressure/*` describe the whole utility VM that every distro (Docker's too) shares.

use std::path::PathBuf;

use serde::Serialize;

use super::Sample;

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
    let mut found = 0;
    for line in text.lines() {
        // The eight keys come early in the file; the rest need not be read.
        if found == 8 {
            break;
        }
        let Some((key, rest)) = line.split_once(':') else { continue };
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
        let mut words = rest.split_whitespace();
        let Some(number) = words.next().and_then(|n| n.parse::<u64>().ok()) else { continue };
        *slot = match words.next() {
            Some("kB") => number.checked_mul(1024),
            None => Some(number),
            Some(_) => None,
        };
        found += 1;
    }
    info
}

/// Counts the processors in the text of `/proc/stat` (`cpu0`, `cpu1`, … lines).
pub fn count_cpus(stat: &str) -> usize {
    // The `cpuN` lines follow the `cpu` line; the count stops at the first other line.
    stat.lines()
        .skip_while(|l| l.starts_with("cpu "))
        .take_while(|l| l.starts_with("cpu"))
        .filter(|l| {
            l.strip_prefix("cpu").and_then(|r| r.chars().next()).is_some_and(|c| c.is_ascii_digit())
        })
        .count()
}

/// Aggregate CPU time from the `cpu` line of `/proc/stat`, in clock ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuTimes {
    /// idle + iowait.
    pub idle: u64,
    /// user + nice + system + idle + iowait + irq + softirq + steal (guest time is already in
    /// user and nice).
    pub total: u64,
}

/// Reads the aggregate `cpu` line.
pub fn parse_cpu_line(stat: &str) -> Option<CpuTimes> {
    let line = stat.lines().find(|l| l.starts_with("cpu ") || l.starts_with("cpu\t"))?;
    // Up to eight fields, in place (this runs every tick).
    let mut fields = [0u64; 8];
    let mut count = 0;
    for (slot, word) in fields.iter_mut().zip(line.split_ascii_whitespace().skip(1)) {
        *slot = word.parse().ok()?;
        count += 1;
    }
    if count < 4 {
        return None;
    }
    let total = fields.iter().try_fold(0u64, |a, b| a.checked_add(*b))?;
    Some(CpuTimes { idle: fields[3].checked_add(fields[4])?, total })
}

/// 1 − Δidle/Δtotal between two readings; `None` when no time passed or the counters went back
/// (a VM restart).
pub fn busy_ratio(before: CpuTimes, after: CpuTimes) -> Option<f64> {
    let total = after.total.checked_sub(before.total).filter(|t| *t > 0)?;
    let idle = after.idle.checked_sub(before.idle)?;
    // Four decimals: what the history keeps, so that live output and exports agree.
    Some(((1.0 - idle as f64 / total as f64).clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0)
}

/// `some avg10=…` of a `/proc/pressure/*` file.
pub fn parse_pressure_some_avg10(text: &str) -> Option<f64> {
    let line = text.lines().find(|l| l.starts_with("some "))?;
    let value = line.split_whitespace().find_map(|w| w.strip_prefix("avg10="))?;
    value.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0)
}

/// Reads a whole file from its start with positional reads straight into `buf`, and returns how
/// many bytes it holds: no seek, and none of the size and position queries `read_to_string` makes
/// (useless on procfs, whose files report size 0). `buf` keeps its length between calls, so its
/// room is zeroed once, not at every read.
fn read_whole(file: &std::fs::File, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    const ROOM: usize = 16 * 1024;
    let mut filled = 0;
    loop {
        if buf.len() < filled + ROOM {
            buf.resize(filled + ROOM, 0);
        }
        let room = buf.get_mut(filled..).unwrap_or_default();
        let want = room.len();
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(file, room, filled as u64)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(file, room, filled as u64)?;
        filled += n;
        // A short read is the end: procfs (seq_file) fills the buffer while records remain, and
        // so do regular files. This saves the empty read that would confirm it.
        if n < want {
            return Ok(filled);
        }
    }
}

/// Reads `/proc` each tick into a [`Sample`], reusing one text buffer; warns once per file that
/// cannot be read.
#[derive(Debug)]
pub struct ProcSampler {
    /// Per [`ProcFile`]: its path, and the open file (`None` until it opens).
    paths: [PathBuf; ProcFile::COUNT],
    files: [Option<std::fs::File>; ProcFile::COUNT],
    /// Whether the files may stay open between ticks: only on procfs, which regenerates a file
    /// at each read; a copy of `/proc` is opened afresh each time, in case it was replaced.
    keep_open: bool,
    buf: Vec<u8>,
    /// How much of `buf` the last read filled.
    len: usize,
    previous_cpu: Option<CpuTimes>,
    /// The last pressure readings and when they were taken (see [`PRESSURE_PERIOD`]).
    pressure: Option<(std::time::Instant, [Option<f64>; 3])>,
    /// Per [`ProcFile`]: whether its failure was reported.
    warned: [bool; ProcFile::COUNT],
    /// Warnings not yet shown; the caller drains them.
    pub warnings: Vec<String>,
}

/// The kernel recomputes the pressure averages at most every 2 s (`PSI_FREQ`, updated when a
/// `/proc/pressure` file is read once the period is over): a reading within 2 s of the last one
/// repeats it, so ticks closer than that reuse the last reading instead of reading the files.
pub const PRESSURE_PERIOD: std::time::Duration = std::time::Duration::from_secs(2);

/// The files a tick reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProcFile {
    Meminfo,
    Stat,
    PressureMemory,
    PressureCpu,
    PressureIo,
}

impl ProcFile {
    const COUNT: usize = 5;
    const ALL: [ProcFile; ProcFile::COUNT] = [
        ProcFile::Meminfo,
        ProcFile::Stat,
        ProcFile::PressureMemory,
        ProcFile::PressureCpu,
        ProcFile::PressureIo,
    ];

    /// Its path under `/proc`.
    fn name(self) -> &'static str {
        match self {
            ProcFile::Meminfo => "meminfo",
            ProcFile::Stat => "stat",
            ProcFile::PressureMemory => "pressure/memory",
            ProcFile::PressureCpu => "pressure/cpu",
            ProcFile::PressureIo => "pressure/io",
        }
    }

    /// What stays empty when it cannot be read.
    fn figures(self) -> crate::i18n::Text {
        use super::texts::{MEMINFO_FIGURES, PRESSURE_FIGURES, STAT_FIGURES};
        match self {
            ProcFile::Meminfo => MEMINFO_FIGURES,
            ProcFile::Stat => STAT_FIGURES,
            _ => PRESSURE_FIGURES,
        }
    }
}

impl ProcSampler {
    /// A sampler of the `/proc` at `root`.
    pub fn new(root: PathBuf) -> Self {
        let paths = ProcFile::ALL.map(|f| root.join(f.name()));
        ProcSampler {
            paths,
            files: Default::default(),
            keep_open: crate::fsinfo::is_procfs(&root),
            buf: Vec::new(),
            len: 0,
            previous_cpu: None,
            pressure: None,
            warned: [false; ProcFile::COUNT],
            warnings: Vec::new(),
        }
    }

    /// Reads `file` into the buffer. On procfs the files stay open between ticks and are read
    /// again from the start (procfs regenerates them); a file that cannot be opened is tried
    /// again each tick. With the reused buffer, a tick allocates nothing but the sample.
    fn read(&mut self, file: ProcFile) -> bool {
        self.len = 0;
        let at = file as usize;
        let (Some(path), Some(slot)) = (self.paths.get(at), self.files.get_mut(at)) else {
            return false;
        };
        if slot.is_none() {
            *slot = std::fs::File::open(path).ok();
        }
        let result = match slot.as_ref() {
            Some(file) => read_whole(file, &mut self.buf),
            None => std::fs::File::open(path).map(|_| 0),
        };
        if result.is_err() || !self.keep_open {
            // Reopen next time: the file may have been replaced.
            *slot = None;
        }
        match result {
            Ok(len) => {
                self.len = len;
                true
            }
            Err(e) => {
                if let Some(warned @ false) = self.warned.get_mut(at) {
                    *warned = true;
                    self.warnings.push(super::texts::PROC_UNREADABLE.fill(&[
                        ("path", &path.display()),
                        ("error", &crate::i18n::os::describe(&e)),
                        ("figures", &file.figures()),
                    ]));
                }
                false
            }
        }
    }

    /// The last file read, as text (procfs writes ASCII).
    fn text(&self) -> &str {
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }

    /// Fills the VM fields of `sample`, taken at `now`.
    pub fn sample(&mut self, sample: &mut Sample, now: std::time::Instant) {
        if self.read(ProcFile::Meminfo) {
            let m = parse_meminfo(self.text());
            sample.mem_total_bytes = m.total_bytes;
            sample.mem_free_bytes = m.free_bytes;
            sample.mem_available_bytes = m.available_bytes;
            sample.mem_used_bytes =
                m.total_bytes.zip(m.available_bytes).and_then(|(t, a)| t.checked_sub(a));
            sample.mem_cache_bytes = match (m.buffers_bytes, m.cached_bytes, m.sreclaimable_bytes) {
                (Some(b), Some(c), Some(s)) => b.checked_add(c).and_then(|x| x.checked_add(s)),
                _ => None,
            };
            sample.swap_total_bytes = m.swap_total_bytes;
            sample.swap_used_bytes =
                m.swap_total_bytes.zip(m.swap_free_bytes).and_then(|(t, f)| t.checked_sub(f));
        }
        if self.read(ProcFile::Stat) {
            let now = parse_cpu_line(self.text());
            sample.cpu_busy_ratio = self.previous_cpu.zip(now).and_then(|(a, b)| busy_ratio(a, b));
            self.previous_cpu = now;
            sample.cpu_count = u32::try_from(count_cpus(self.text())).ok().filter(|n| *n > 0);
        }
        let pressure = match self.pressure {
            Some((at, values)) if now.saturating_duration_since(at) < PRESSURE_PERIOD => values,
            _ => {
                let mut values = [None; 3];
                let files = [ProcFile::PressureMemory, ProcFile::PressureCpu, ProcFile::PressureIo];
                for (file, slot) in files.into_iter().zip(values.iter_mut()) {
                    if self.read(file) {
                        *slot = parse_pressure_some_avg10(self.text());
                    }
                }
                self.pressure = Some((now, values));
                values
            }
        };
        [
            sample.pressure_memory_some_avg10,
            sample.pressure_cpu_some_avg10,
            sample.pressure_io_some_avg10,
        ] = pressure;
    }
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
    fn a_missing_file_is_said_once_in_good_english() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("meminfo"), "MemTotal: 1024 kB\n").unwrap();
        let mut sampler = ProcSampler::new(dir.path().to_path_buf());
        let now = std::time::Instant::now();
        for _ in 0..3 {
            sampler.sample(&mut Sample::default(), now);
        }
        let warnings = sampler.warnings.join("\n");
        assert_eq!(
            sampler.warnings.len(),
            4,
            "stat and three pressure files, once each: {warnings}"
        );
        assert!(warnings.contains("; the CPU figure stays empty"), "{warnings}");
        assert!(warnings.contains("; this pressure figure stays empty"), "{warnings}");
        assert!(!warnings.contains("figure stay "), "{warnings}");
    }

    #[test]
    fn survives_junk() {
        assert_eq!(parse_meminfo("MemTotal: lots kB\n:::\nMemFree 12 kB\n"), MemInfo::default());
        assert_eq!(parse_meminfo("MemTotal: 18446744073709551615 kB").total_bytes, None);
        assert_eq!(parse_cpu_line("cpu  1 2\n"), None);
        assert_eq!(parse_cpu_line("cpu0 1 2 3 4\n"), None);
        assert_eq!(parse_pressure_some_avg10("full avg10=1.00\n"), None);
        assert_eq!(parse_pressure_some_avg10("some avg10=nan avg60=0\n"), None);
    }

    #[test]
    fn counts_cpus() {
        let stat = "cpu  1 2 3 4\ncpu0 1 2 3 4\ncpu1 1 2 3 4\nintr 5\nctxt 6\ncpufreq 1\n";
        assert_eq!(count_cpus(stat), 2);
        assert_eq!(count_cpus(""), 0);
    }

    #[test]
    fn cpu_busy_is_one_minus_idle_share() {
        let a = parse_cpu_line("cpu  100 0 100 700 100 0 0 0 0 0\n").unwrap();
        assert_eq!(a, CpuTimes { idle: 800, total: 1000 });
        let b = parse_cpu_line("cpu  400 0 100 900 100 0 0 0 5 5\n").unwrap();
        assert_eq!(busy_ratio(a, b), Some(0.6)); // 500 ticks, 200 idle
        assert_eq!(busy_ratio(a, a), None);
        assert_eq!(busy_ratio(b, a), None);
    }

    /// Pressure files are read again once the kernel's 2-second period is over, not before.
    #[test]
    fn pressure_is_read_once_per_kernel_period() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pressure")).unwrap();
        let write = |v: &str| {
            for f in ["memory", "cpu", "io"] {
                let text = format!("some avg10={v} avg60=0.00 avg300=0.00 total=1\n");
                std::fs::write(dir.path().join("pressure").join(f), text).unwrap();
            }
        };
        let mut sampler = ProcSampler::new(dir.path().to_path_buf());
        let start = std::time::Instant::now();
        let mut seen = Vec::new();
        for (offset_ms, value) in [(0, "1.00"), (1000, "2.00"), (1999, "3.00"), (2000, "4.00")] {
            write(value);
            let mut s = Sample::default();
            sampler.sample(&mut s, start + std::time::Duration::from_millis(offset_ms));
            assert_eq!(s.pressure_cpu_some_avg10, s.pressure_io_some_avg10);
            seen.push(s.pressure_memory_some_avg10);
        }
        assert_eq!(seen, [Some(1.0), Some(1.0), Some(1.0), Some(4.0)]);
    }

    #[test]
    fn pressure_avg10() {
        let text = "some avg10=1.52 avg60=0.80 avg300=0.10 total=12345\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
        assert_eq!(parse_pressure_some_avg10(text), Some(1.52));
    }
}
