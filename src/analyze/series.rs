//! The history of a window as columns (one `f64` per sample, NaN where unknown): what the
//! statistics, the recommendation and the charts read. Disks get their own columns, one row per
//! sample where the disk was present.

use std::collections::BTreeMap;

use crate::locate::Role;
use crate::sample::Sample;
use crate::store::{Store, StoreError};

/// One disk's figures over time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiskSeries {
    /// Its role.
    pub role: Option<Role>,
    /// Times (ms).
    pub ts_ms: Vec<i64>,
    /// File length.
    pub file_length: Vec<f64>,
    /// Allocated payload bytes (deep inspection).
    pub allocated: Vec<f64>,
    /// What ext4 uses (deep inspection).
    pub fs_used: Vec<f64>,
    /// What compaction would give back (deep inspection).
    pub reclaimable: Vec<f64>,
}

/// Samples of a window as columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Times (ms since the epoch), increasing.
    pub ts_ms: Vec<i64>,
    /// `MemTotal`.
    pub mem_total: Vec<f64>,
    /// `MemTotal − MemAvailable`.
    pub mem_used: Vec<f64>,
    /// Buffers + Cached + SReclaimable.
    pub mem_cache: Vec<f64>,
    /// `MemFree`.
    pub mem_free: Vec<f64>,
    /// `SwapTotal`.
    pub swap_total: Vec<f64>,
    /// `SwapTotal − SwapFree`.
    pub swap_used: Vec<f64>,
    /// CPU busy (0..1).
    pub cpu_busy: Vec<f64>,
    /// The VM's logical processors.
    pub cpu_count: Vec<f64>,
    /// PSI memory `some avg10` (percent).
    pub psi_memory: Vec<f64>,
    /// The Windows VM process's working set.
    pub host_vm: Vec<f64>,
    /// Disks by path.
    pub disks: BTreeMap<String, DiskSeries>,
}

fn f(v: Option<u64>) -> f64 {
    v.map_or(f64::NAN, |x| x as f64)
}

impl Series {
    /// Appends one sample (samples must come in time order).
    pub fn push(&mut self, s: &Sample) {
        self.ts_ms.push(s.ts_ms);
        self.mem_total.push(f(s.mem_total_bytes));
        self.mem_used.push(f(s.mem_used_bytes));
        self.mem_cache.push(f(s.mem_cache_bytes));
        self.mem_free.push(f(s.mem_free_bytes));
        self.swap_total.push(f(s.swap_total_bytes));
        self.swap_used.push(f(s.swap_used_bytes));
        self.cpu_busy.push(s.cpu_busy_ratio.unwrap_or(f64::NAN));
        self.cpu_count.push(s.cpu_count.map_or(f64::NAN, f64::from));
        self.psi_memory.push(s.pressure_memory_some_avg10.unwrap_or(f64::NAN));
        self.host_vm.push(f(s.host_vm_process_bytes));
        for d in &s.disks {
            let series = self.disks.entry(d.path.clone()).or_default();
            series.role = Some(d.role);
            series.ts_ms.push(s.ts_ms);
            series.file_length.push(f(d.file_length));
            series.allocated.push(f(d.allocated_bytes));
            series.fs_used.push(f(d.fs_used_bytes));
            series.reclaimable.push(f(d.reclaimable_bytes));
        }
    }

    /// Reads the samples from `from_ms` to `to_ms` (inclusive), calling `progress` with the
    /// count every 65,536 samples.
    pub fn load(
        store: &Store,
        from_ms: i64,
        to_ms: i64,
        mut progress: impl FnMut(u64),
    ) -> Result<Self, StoreError> {
        let mut series = Series::default();
        let mut n = 0u64;
        store.for_each_sample(from_ms, to_ms, |s| -> Result<(), StoreError> {
            series.push(&s);
            n += 1;
            if n.is_multiple_of(65_536) {
                progress(n);
            }
            Ok(())
        })?;
        Ok(series)
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.ts_ms.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.ts_ms.is_empty()
    }

    /// Milliseconds from the first to the last sample.
    pub fn span_ms(&self) -> i64 {
        match (self.ts_ms.first(), self.ts_ms.last()) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        }
    }

    /// The last known value of a column.
    pub fn last(column: &[f64]) -> Option<f64> {
        column.iter().rev().copied().find(|v| v.is_finite())
    }

    /// The median interval between samples (ms), for time-above-threshold sums.
    pub fn typical_interval_ms(&self) -> f64 {
        let mut gaps: Vec<f64> = self
            .ts_ms
            .iter()
            .zip(self.ts_ms.iter().skip(1))
            .map(|(a, b)| (b - a) as f64)
            .filter(|g| *g > 0.0)
            .collect();
        gaps.sort_by(f64::total_cmp);
        super::stats::quantile_sorted(&gaps, 0.5).unwrap_or(0.0)
    }
}
