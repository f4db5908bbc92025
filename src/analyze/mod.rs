//! From history to facts: the window's statistics per metric ([`Analysis`], the numbers of
//! `summary.json`), the `.wslconfig` limits they support ([`recommend`], rules and sources in
//! `docs/recommendations.md`), and all of it gathered for a window ([`evidence`]).

pub mod containers;
pub mod evidence;
pub mod recommend;
pub mod series;
pub mod stats;

use serde::Serialize;

use self::series::Series;
use self::stats::{Summary, summarize};

const GIB: f64 = (1u64 << 30) as f64;
const DAY_MS: f64 = 86_400_000.0;

/// The window analysed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    /// First sample (RFC 3339), or null.
    pub from: Option<String>,
    /// Last sample (RFC 3339), or null.
    pub to: Option<String>,
    /// Samples in it.
    pub samples: usize,
    /// Hours from the first to the last sample.
    pub hours: f64,
}

/// Memory over the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Memory {
    /// The VM's memory (`MemTotal`) at the end of the window.
    pub total_bytes: Option<f64>,
    /// Used (without cache).
    pub used_bytes: Option<Summary>,
    /// Page cache.
    pub cache_bytes: Option<Summary>,
    /// Free.
    pub free_bytes: Option<Summary>,
    /// Hours with used memory above 90% of the VM's memory.
    pub hours_used_above_90_percent: f64,
    /// PSI memory `some avg10`, percent.
    pub pressure_percent: Option<Summary>,
    /// Share of samples with PSI memory above 10%.
    pub pressure_share: f64,
    /// Largest swap use.
    pub swap_used_max_bytes: Option<f64>,
    /// Share of samples with more than 64 MiB of swap in use.
    pub swap_in_use_share: f64,
    /// Idle stretches (CPU busy ≤ 5% for ≥ 10 minutes), minutes in total.
    pub idle_minutes: f64,
    /// Median cache at the end of idle stretches.
    pub cache_while_idle_bytes: Option<f64>,
    /// Share of samples where WSL's own reclaim trigger held (CPU busy ≤ 0.5% over 2 minutes).
    pub wsl_idle_trigger_share: f64,
}

/// CPU over the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cpu {
    /// The VM's logical processors (at the end of the window).
    pub processors: Option<f64>,
    /// Busy share of all processors (0..1).
    pub busy_ratio: Option<Summary>,
    /// Busy in logical processors.
    pub busy_cores: Option<Summary>,
}

/// One disk over the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disk {
    /// The file.
    pub path: String,
    /// Its role.
    pub role: Option<crate::locate::Role>,
    /// File length at the start and at the end.
    pub first_file_length: Option<f64>,
    /// File length at the end.
    pub last_file_length: Option<f64>,
    /// Growth of the file (Theil–Sen), bytes per day.
    pub growth_bytes_per_day: Option<f64>,
    /// Growth of what ext4 uses, bytes per day.
    pub fs_used_growth_bytes_per_day: Option<f64>,
    /// What ext4 uses at the end.
    pub fs_used_bytes: Option<f64>,
    /// What compaction would give back at the end.
    pub reclaimable_bytes: Option<f64>,
    /// The disk's virtual size (read from the file now, when it can be).
    pub virtual_size_bytes: Option<f64>,
    /// Days until the file reaches its virtual size at this growth.
    pub days_until_full: Option<f64>,
    /// Free space on the drive that holds the file (now, where visible: inside WSL the Windows
    /// drive under `/mnt/<drive>`).
    pub drive_free_bytes: Option<f64>,
    /// Days until that drive is full at this growth.
    pub days_until_drive_full: Option<f64>,
}

/// What is known about a disk file now, beside its history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiskNow {
    /// Its virtual size (read from the VHDX).
    pub virtual_size: Option<u64>,
    /// Free space on its drive.
    pub drive_free: Option<u64>,
}

/// Docker over the window, from the containers and disk usage `monitor` recorded (issue 19).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Docker {
    /// The containers at the sample with the most used memory, when Docker answered then.
    pub peak_containers: Option<containers::PeakContainers>,
    /// Docker's disk use by kind, from the first known usage of the window to the last (empty
    /// when none is known).
    pub disk_by_kind: Vec<containers::KindChange>,
}

/// Everything measured over the window (`summary.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The window.
    pub window: Window,
    /// Memory.
    pub memory: Memory,
    /// CPU.
    pub cpu: Cpu,
    /// Disks.
    pub disks: Vec<Disk>,
    /// Docker.
    pub docker: Docker,
}

fn finite(values: &[f64]) -> impl Iterator<Item = f64> + '_ {
    values.iter().copied().filter(|v| v.is_finite())
}

/// Analyses a window. `now` tells what is known of a disk file today, by path.
pub fn analyze(s: &Series, now: impl Fn(&str) -> DiskNow) -> Analysis {
    let interval_h = s.typical_interval_ms() / 3_600_000.0;
    let total = Series::last(&s.mem_total);
    let above_90 = s
        .mem_used
        .iter()
        .zip(&s.mem_total)
        .filter(|(u, t)| u.is_finite() && t.is_finite() && **u > 0.9 * **t)
        .count();
    let share = |pred: &dyn Fn(f64) -> bool, column: &[f64]| {
        let known = finite(column).count();
        if known == 0 {
            0.0
        } else {
            finite(column).filter(|v| pred(*v)).count() as f64 / known as f64
        }
    };
    let (idle_minutes, cache_while_idle) = idle_cache(s);
    let memory = Memory {
        total_bytes: total,
        used_bytes: summarize(finite(&s.mem_used)),
        cache_bytes: summarize(finite(&s.mem_cache)),
        free_bytes: summarize(finite(&s.mem_free)),
        hours_used_above_90_percent: above_90 as f64 * interval_h,
        pressure_percent: summarize(finite(&s.psi_memory)),
        pressure_share: share(&|v| v > 10.0, &s.psi_memory),
        swap_used_max_bytes: finite(&s.swap_used).reduce(f64::max),
        swap_in_use_share: share(&|v| v > 64.0 * 1024.0 * 1024.0, &s.swap_used),
        idle_minutes,
        cache_while_idle_bytes: cache_while_idle,
        wsl_idle_trigger_share: wsl_idle_share(s),
    };
    let cores: Vec<f64> = s
        .cpu_busy
        .iter()
        .zip(&s.cpu_count)
        .filter(|(b, c)| b.is_finite() && c.is_finite())
        .map(|(b, c)| b * c)
        .collect();
    let cpu = Cpu {
        processors: Series::last(&s.cpu_count),
        busy_ratio: summarize(finite(&s.cpu_busy)),
        busy_cores: summarize(cores),
    };
    let disks = s
        .disks
        .iter()
        .map(|(path, d)| {
            let per_day = |column: &[f64]| {
                let points: Vec<(f64, f64)> = d
                    .ts_ms
                    .iter()
                    .zip(column)
                    .filter(|(_, v)| v.is_finite())
                    .map(|(t, v)| (*t as f64 / DAY_MS, *v))
                    .collect();
                if points.len() < 2 { None } else { stats::theil_sen(&points, 400) }
            };
            let growth = per_day(&d.file_length);
            let last = Series::last(&d.file_length);
            let facts = now(path);
            let virtual_size = facts.virtual_size.map(|v| v as f64);
            let days_until_full = match (growth, last, virtual_size) {
                (Some(g), Some(l), Some(v)) if g > 0.0 && v > l => Some((v - l) / g),
                _ => None,
            };
            let drive_free = facts.drive_free.map(|v| v as f64);
            let days_until_drive_full = match (growth, drive_free) {
                (Some(g), Some(free)) if g > 0.0 => Some(free / g),
                _ => None,
            };
            Disk {
                path: path.clone(),
                role: d.role,
                first_file_length: finite(&d.file_length).next(),
                last_file_length: last,
                growth_bytes_per_day: growth,
                fs_used_growth_bytes_per_day: per_day(&d.fs_used),
                fs_used_bytes: Series::last(&d.fs_used),
                reclaimable_bytes: Series::last(&d.reclaimable),
                virtual_size_bytes: virtual_size,
                days_until_full,
                drive_free_bytes: drive_free,
                days_until_drive_full,
            }
        })
        .collect();
    Analysis {
        window: Window {
            from: s.ts_ms.first().map(|t| crate::units::format_rfc3339(*t)),
            to: s.ts_ms.last().map(|t| crate::units::format_rfc3339(*t)),
            samples: s.len(),
            hours: s.span_ms() as f64 / 3_600_000.0,
        },
        memory,
        cpu,
        disks,
        docker: Docker::default(),
    }
}

/// Idle stretches — CPU busy at most 5% for at least 10 minutes — in minutes, and the median
/// page cache at their ends.
fn idle_cache(s: &Series) -> (f64, Option<f64>) {
    const IDLE: f64 = 0.05;
    const MIN_MS: i64 = 10 * 60_000;
    let mut minutes = 0.0;
    let mut ends = Vec::new();
    let mut start: Option<usize> = None;
    let n = s.len();
    for i in 0..=n {
        let idle = i < n && s.cpu_busy.get(i).is_some_and(|b| b.is_finite() && *b <= IDLE);
        match (idle, start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                let b = i - 1;
                let (ta, tb) =
                    (s.ts_ms.get(a).copied().unwrap_or(0), s.ts_ms.get(b).copied().unwrap_or(0));
                if tb - ta >= MIN_MS {
                    minutes += (tb - ta) as f64 / 60_000.0;
                    if let Some(c) = s.mem_cache.get(b).filter(|c| c.is_finite()) {
                        ends.push(*c);
                    }
                }
                start = None;
            }
            _ => {}
        }
    }
    ends.sort_by(f64::total_cmp);
    (minutes, stats::quantile_sorted(&ends, 0.5))
}

/// Share of samples where the mean CPU busy over the previous two minutes is at most 0.5%:
/// when WSL's own reclaim could run (reference `wsl-and-docker-facts.md`).
fn wsl_idle_share(s: &Series) -> f64 {
    const WINDOW_MS: i64 = 120_000;
    let mut sum = 0.0;
    let mut count = 0usize;
    let mut lo = 0usize;
    let mut hits = 0usize;
    let mut judged = 0usize;
    for (i, (&t, &b)) in s.ts_ms.iter().zip(&s.cpu_busy).enumerate() {
        if b.is_finite() {
            sum += b;
            count += 1;
        }
        while s.ts_ms.get(lo).is_some_and(|t0| t - t0 > WINDOW_MS) && lo < i {
            if let Some(old) = s.cpu_busy.get(lo).filter(|v| v.is_finite()) {
                sum -= old;
                count -= 1;
            }
            lo += 1;
        }
        let spans = s.ts_ms.get(lo).is_some_and(|t0| t - t0 >= WINDOW_MS * 9 / 10);
        if spans && count > 0 {
            judged += 1;
            if sum / count as f64 <= 0.005 {
                hits += 1;
            }
        }
    }
    if judged == 0 { 0.0 } else { hits as f64 / judged as f64 }
}

/// Whole GiB, rounded up.
pub fn ceil_gib(bytes: f64) -> u64 {
    (bytes / GIB).ceil().max(0.0) as u64
}
