//! Docker's containers over a window: their memory binned to a chart's width (the few with the
//! highest peak by name, the others summed as "the rest"), who held the memory at the VM's
//! peak of used memory, and how Docker's disk usage changed by kind (issue 19).
//!
//! Containers are read as the samples are (`Series::load`): one-minute rollups before the
//! oldest raw sample, raw rows from there, through the store's lean read (time, container row id,
//! memory). Readings are folded into bins as they stream out of SQLite, so a week of 5 s samples
//! with 50 containers (6 million rows) never sits in memory.

use std::collections::HashMap;

use serde::Serialize;

use super::series::{Gap, Series};
use crate::docker::{DiskUsage, prune};
use crate::store::{Store, StoreError};

/// How many containers the chart names; the others are summed as one band.
pub const TOP: usize = 5;

/// A container's memory at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContainerMemory {
    /// The container's name.
    pub name: String,
    /// Memory used, as `docker stats` shows it (a minute's peak in a rollup).
    pub mem_used_bytes: u64,
}

/// The containers at the sample where the VM used the most memory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeakContainers {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// When (ms), for the texts in local time.
    #[serde(skip)]
    pub ts_ms: i64,
    /// The VM's used memory then.
    pub vm_used_bytes: f64,
    /// Every container running then, most memory first.
    pub containers: Vec<ContainerMemory>,
}

/// How one of Docker's kinds of disk use changed over the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindChange {
    /// `images`, `containers`, `volumes` or `build-cache` (as `docker::prune` names them).
    pub kind: &'static str,
    /// Its size at the start of the window.
    pub start_bytes: u64,
    /// Its size at the end.
    pub end_bytes: u64,
    /// End minus start.
    pub change_bytes: i64,
    /// What the engine could reclaim of it at the end.
    pub reclaimable_bytes: u64,
    /// The command that frees it (`docker::prune`), when there is something to reclaim.
    pub prune_command: Option<&'static str>,
}

/// Containers' memory in the chart's time bins. A bin never spans a gap of the samples.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Binned {
    /// Each bin's mean time (ms), for the containers' areas.
    pub ts_ms: Vec<f64>,
    /// The named containers, highest peak first.
    pub names: Vec<String>,
    /// Per named container, per bin: its mean memory (bytes) over the bin's readings.
    pub mem: Vec<Vec<f64>>,
    /// Per bin: the other containers' memory, summed.
    pub rest: Vec<f64>,
    /// How many containers the rest holds.
    pub rest_count: usize,
    /// The VM's used memory in the same bins: (mean time, mean bytes).
    pub vm_used: Vec<(f64, f64)>,
}

/// What the history says of Docker over a window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Containers {
    /// Memory by container for the chart; `None` when the window holds no container row.
    pub binned: Option<Binned>,
    /// The containers at the VM's peak of used memory, when Docker answered at that sample.
    pub peak: Option<PeakContainers>,
    /// Docker's disk use by kind, from the first to the last known usage (empty when unknown).
    pub disk: Vec<KindChange>,
}

/// Which bin a time falls in: its run between gaps and its equal-width bucket. Times must come
/// in order.
struct Binner<'a> {
    first: i64,
    width: f64,
    gaps: &'a [Gap],
    run: usize,
}

impl<'a> Binner<'a> {
    fn new(from_ms: i64, to_ms: i64, bins: usize, gaps: &'a [Gap]) -> Self {
        let width = (to_ms.saturating_sub(from_ms) as f64 / bins.max(1) as f64).max(1.0);
        Binner { first: from_ms, width, gaps, run: 0 }
    }

    fn key(&mut self, t: i64) -> (usize, usize) {
        while self.gaps.get(self.run).is_some_and(|g| g.to_ms <= t) {
            self.run += 1;
        }
        (self.run, ((t - self.first).max(0) as f64 / self.width) as usize)
    }
}

/// One bin being filled: its key, the distinct reading times, and each container's sum.
struct Bin {
    key: (usize, usize),
    t_sum: f64,
    times: usize,
    last_t: i64,
    sums: Vec<f64>,
}

/// Folds container points into bins and keeps each container's peak.
#[derive(Default)]
pub struct Folder {
    index: HashMap<String, usize>,
    names: Vec<String>,
    peaks: Vec<u64>,
    bins: Vec<Bin>,
    /// Index by the store's container row id (small integers): no hash per reading.
    by_id: Vec<Option<usize>>,
}

impl Folder {
    /// A container's index by name, added on first sight.
    fn index_of(&mut self, name: &str) -> usize {
        if let Some(i) = self.index.get(name) {
            return *i;
        }
        self.index.insert(name.to_owned(), self.names.len());
        self.names.push(name.to_owned());
        self.peaks.push(0);
        self.names.len() - 1
    }

    /// A container's index by its row id in the store (`names` gives its name): containers of
    /// the same name are one, as a user sees a recreated container.
    fn index_of_id(&mut self, id: i64, names: &HashMap<i64, (String, String)>) -> usize {
        let slot = usize::try_from(id).ok().filter(|u| *u < 1 << 20);
        if let Some(i) = slot.and_then(|u| self.by_id.get(u).copied().flatten()) {
            return i;
        }
        let i = self.index_of(names.get(&id).map_or("?", |(_, name)| name.as_str()));
        if let Some(u) = slot {
            if self.by_id.len() <= u {
                self.by_id.resize(u + 1, None);
            }
            if let Some(s) = self.by_id.get_mut(u) {
                *s = Some(i);
            }
        }
        i
    }

    /// Adds a reading by name (in time order) to the bin `key`.
    #[cfg(test)]
    fn add(&mut self, key: (usize, usize), ts_ms: i64, name: &str, mem: u64) {
        let i = self.index_of(name);
        self.fold(key, ts_ms, i, mem);
    }

    /// Adds container `i`'s reading (in time order) to the bin `key`.
    fn fold(&mut self, key: (usize, usize), ts_ms: i64, i: usize, mem: u64) {
        if let Some(p) = self.peaks.get_mut(i) {
            *p = (*p).max(mem);
        }
        if self.bins.last().is_none_or(|b| b.key != key) {
            self.bins.push(Bin { key, t_sum: 0.0, times: 0, last_t: i64::MIN, sums: Vec::new() });
        }
        let Some(bin) = self.bins.last_mut() else { return };
        if bin.last_t != ts_ms {
            bin.last_t = ts_ms;
            bin.times += 1;
            bin.t_sum += ts_ms as f64;
        }
        if bin.sums.len() <= i {
            bin.sums.resize(i + 1, 0.0);
        }
        if let Some(s) = bin.sums.get_mut(i) {
            *s += mem as f64;
        }
    }

    /// The containers by peak (highest first, then by name): the first [`TOP`] are named, the
    /// others summed (all are named when only one would be left over).
    fn finish(self, vm_used: Vec<(f64, f64)>) -> Option<Binned> {
        if self.bins.is_empty() {
            return None;
        }
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_by(|&a, &b| {
            self.peaks
                .get(b)
                .cmp(&self.peaks.get(a))
                .then_with(|| self.names.get(a).cmp(&self.names.get(b)))
        });
        let named = if order.len() <= TOP + 1 { order.len() } else { TOP };
        let (top, rest) = order.split_at(named);
        let mean = |bin: &Bin, i: usize| bin.sums.get(i).copied().unwrap_or(0.0) / bin.times as f64;
        Some(Binned {
            ts_ms: self.bins.iter().map(|b| b.t_sum / b.times as f64).collect(),
            names: top.iter().filter_map(|&i| self.names.get(i).cloned()).collect(),
            mem: top.iter().map(|&i| self.bins.iter().map(|b| mean(b, i)).collect()).collect(),
            rest: self.bins.iter().map(|b| rest.iter().map(|&i| mean(b, i)).sum()).collect(),
            rest_count: rest.len(),
            vm_used,
        })
    }
}

/// The VM's used memory, mean per bin.
fn vm_bins(s: &Series, mut binner: Binner<'_>) -> Vec<(f64, f64)> {
    let mut out: Vec<((usize, usize), f64, f64, usize)> = Vec::new();
    for (&t, &v) in s.ts_ms.iter().zip(&s.mem_used) {
        if !v.is_finite() {
            continue;
        }
        let key = binner.key(t);
        match out.last_mut() {
            Some(last) if last.0 == key => {
                last.1 += t as f64;
                last.2 += v;
                last.3 += 1;
            }
            _ => out.push((key, t as f64, v, 1)),
        }
    }
    out.into_iter().map(|(_, t, v, n)| (t / n as f64, v / n as f64)).collect()
}

/// The sample with the most used memory (the first of equals).
fn peak_sample(s: &Series) -> Option<(i64, f64)> {
    s.ts_ms.iter().zip(&s.mem_used).filter(|(_, v)| v.is_finite()).fold(
        None,
        |best: Option<(i64, f64)>, (&t, &v)| match best {
            Some((_, b)) if b >= v => best,
            _ => Some((t, v)),
        },
    )
}

/// Docker's kinds from the first known usage to the last, each with its prune command.
pub fn disk_change(first: &DiskUsage, last: &DiskUsage) -> Vec<KindChange> {
    let prunes = prune::suggestions(last);
    let kinds = [
        ("images", first.images, last.images),
        ("containers", first.containers, last.containers),
        ("volumes", first.volumes, last.volumes),
        ("build-cache", first.build_cache, last.build_cache),
    ];
    kinds
        .into_iter()
        .map(|(kind, a, b)| KindChange {
            kind,
            start_bytes: a.total_bytes,
            end_bytes: b.total_bytes,
            change_bytes: i64::try_from(b.total_bytes).unwrap_or(i64::MAX)
                - i64::try_from(a.total_bytes).unwrap_or(i64::MAX),
            reclaimable_bytes: b.reclaimable_bytes,
            prune_command: prunes.iter().find(|p| p.kind == kind).map(|p| p.command),
        })
        .collect()
}

impl Containers {
    /// Reads the containers of the window `from_ms..=to_ms` whose samples `s` holds, binned
    /// into about `bins` bins across the samples' span.
    pub fn load(
        store: &Store,
        from_ms: i64,
        to_ms: i64,
        s: &Series,
        bins: usize,
    ) -> Result<Self, StoreError> {
        // No sample, nothing to chart or name (and the window may be open-ended).
        let (Some(&first), Some(&last)) = (s.ts_ms.first(), s.ts_ms.last()) else {
            return Ok(Containers::default());
        };
        let gaps = s.gaps();
        let peak_at = peak_sample(s);
        let names = store.container_names()?;
        let mut folder = Folder::default();
        let mut at_peak = Vec::new();
        let mut binner = Binner::new(first, last, bins, &gaps);
        let mut add = |ts_ms: i64, id: i64, mem: u64| -> Result<(), StoreError> {
            let i = folder.index_of_id(id, &names);
            folder.fold(binner.key(ts_ms), ts_ms, i, mem);
            if peak_at.is_some_and(|(t, _)| t == ts_ms) {
                let name = names.get(&id).map_or("?", |(_, name)| name.as_str());
                at_peak.push(ContainerMemory { name: name.to_owned(), mem_used_bytes: mem });
            }
            Ok(())
        };
        // As `Series::load`: rollups before the oldest raw sample, raw rows from there.
        let raw_from = store.oldest_ms_between(from_ms, to_ms)?.unwrap_or(to_ms.saturating_add(1));
        let end = to_ms.saturating_add(1);
        store.for_each_container_memory(from_ms, raw_from.min(end), true, &mut add)?;
        store.for_each_container_memory(from_ms, end, false, &mut add)?;
        at_peak.sort_by(|a, b| b.mem_used_bytes.cmp(&a.mem_used_bytes).then(a.name.cmp(&b.name)));
        let peak = peak_at.filter(|_| !at_peak.is_empty()).map(|(t, v)| PeakContainers {
            at: crate::units::format_rfc3339(t),
            ts_ms: t,
            vm_used_bytes: v,
            containers: at_peak,
        });
        let binned = folder.finish(vm_bins(s, Binner::new(first, last, bins, &gaps)));
        let changes = store.docker_disk_changes(from_ms, to_ms)?;
        let mut known = changes.iter().filter_map(|(_, u)| u.as_ref());
        let disk = match (known.next(), known.next_back()) {
            (Some(a), Some(b)) => disk_change(a, b),
            (Some(a), None) => disk_change(a, a),
            _ => Vec::new(),
        };
        Ok(Containers { binned, peak, disk })
    }
}

#[cfg(test)]
#[path = "containers_tests.rs"]
mod tests;
