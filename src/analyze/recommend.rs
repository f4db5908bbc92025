//! The recommendation rules (`docs/recommendations.md` gives each rule's reasoning and sources):
//! `wsl2.memory`, `wsl2.processors`, `wsl2.swap` and `experimental.autoMemoryReclaim`, each with
//! the value as it would be written, what WSL uses now, why, and the numbers behind it.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::containers::{PeakContainers, TOP};
use super::{Analysis, Cpu, GIB, Memory, ceil_gib};
use crate::wslconfig::edit::Change;
use crate::wslconfig::keys;
use crate::zone::Zone;
use texts as T;

const MIB: f64 = (1u64 << 20) as f64;

/// Below this much history nothing is recommended.
pub const MIN_HOURS: f64 = 24.0;
/// Below this many samples nothing is recommended.
pub const MIN_SAMPLES: usize = 1_000;

/// A recommended value, typed for whoever reads it (the report's limit lines, `apply`'s
/// checks) and written in WSL's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A size in bytes (`8GB`; `0` turns swap off).
    Size(u64),
    /// A count (processors).
    Count(u64),
    /// A word from the key's choices (`Gradual`).
    Word(&'static str),
}

impl Value {
    /// As `.wslconfig` would say it.
    pub fn written(self) -> String {
        match self {
            Value::Size(bytes) => keys::format_size(bytes),
            Value::Count(n) => n.to_string(),
            Value::Word(w) => w.to_owned(),
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(&self.written())
    }
}

impl Serialize for Value {
    /// As written in `.wslconfig`, a string (the JSON contract).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.written())
    }
}

/// One recommended setting (the DESIGN.md contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// `section.key`.
    pub key: &'static str,
    /// The value; in JSON as it would be written.
    pub value: Value,
    /// What WSL uses now (from `.wslconfig`, or its default).
    pub current: String,
    /// Why, in one sentence.
    pub reason: String,
    /// The numbers behind it.
    pub evidence: BTreeMap<&'static str, serde_json::Value>,
}

impl Recommendation {
    /// The edit of `.wslconfig` that applies it.
    pub fn change(&self) -> Option<Change> {
        keys::find(self.key).map(|key| Change { key, value: self.value.written() })
    }
}

/// What `recommend` answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// The recommendations (empty without enough data).
    pub recommendations: Vec<Recommendation>,
    /// Whether the window has enough history (24 hours and 1,000 samples).
    pub sufficient_data: bool,
    /// Caveats: what could not be checked.
    pub notes: Vec<String>,
}

/// What WSL uses now, for `current`.
#[derive(Debug, Clone, Default)]
pub struct Current {
    /// `section.key` → the effective value in words (`8GB`, or `default: 50% of …`).
    pub values: BTreeMap<&'static str, String>,
    /// The host's memory, when visible (natively on Windows).
    pub host_memory_bytes: Option<u64>,
}

/// A measured amount for a reason or a note, in binary units: `6.0 GiB`, or whole MiB below a
/// GiB so that a small amount never reads as `0.0`. WSL's spelling (`8GB`) is only for values
/// as `.wslconfig` would hold them ([`Value::written`]).
fn amount(bytes: f64) -> String {
    if bytes.abs() < GIB {
        format!("{:.0} MiB", bytes / MIB)
    } else {
        format!("{:.1} GiB", bytes / GIB)
    }
}

/// A share of samples as a percentage that is never shown as `0.0%` or `100.0%` when it is not.
fn percent(share: f64) -> String {
    let p = share * 100.0;
    if share > 0.0 && p < 0.05 {
        "<0.1%".to_owned()
    } else if share < 1.0 && p >= 99.95 {
        ">99.9%".to_owned()
    } else {
        format!("{p:.1}%")
    }
}

/// Names the containers behind the VM's peak of used memory, in `zone`'s time: `At the peak
/// of used memory (Tue 1 Dec 14:05, 12.0 GiB) postgres used 4.1 GiB, elasticsearch 3.2 GiB and
/// 3 other containers 1.9 GiB.` The [`TOP`] largest are named, the others summed.
pub fn peak_sentence(p: &PeakContainers, zone: &Zone) -> String {
    let when = texts::day_and_time(&zone.civil(p.ts_ms));
    let mut parts: Vec<String> = p
        .containers
        .iter()
        .take(TOP)
        .enumerate()
        .map(|(i, c)| {
            let t = if i == 0 { T::PEAK_FIRST } else { T::PEAK_NEXT };
            t.fill(&[("name", &c.name), ("amount", &small(c.mem_used_bytes))])
        })
        .collect();
    let others = p.containers.get(TOP..).unwrap_or_default();
    if !others.is_empty() {
        let bytes: u64 = others.iter().map(|c| c.mem_used_bytes).sum();
        let n = crate::units::plural(others.len() as u64, "", "");
        let t = if others.len() == 1 { T::PEAK_OTHERS_ONE } else { T::PEAK_OTHERS_MANY };
        parts.push(t.fill(&[("n", &n.trim_end()), ("amount", &small(bytes))]));
    }
    let amount = amount(p.vm_used_bytes);
    let list = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => {
            T::LIST_LAST.fill(&[("rest", &rest.join(T::LIST_SEPARATOR.get())), ("last", last)])
        }
        None => return T::PEAK_NONE.fill(&[("when", &when), ("amount", &amount)]),
    };
    T::PEAK.fill(&[("when", &when), ("amount", &amount), ("list", &list)])
}

/// [`amount`], in KiB below a MiB: an idle container uses less, and `0 MiB` would say nothing.
fn small(bytes: u64) -> String {
    if bytes < 1 << 20 { crate::units::format_bytes(bytes) } else { amount(bytes as f64) }
}

/// Memory pressure (PSI above 10%) in this share of samples means the limit was too tight.
const PRESSURE_SHARE: f64 = 0.01;
/// Swap use above this counts as in use (as `Memory::swap_in_use_share` counts it).
const SWAP_IN_USE_BYTES: f64 = 64.0 * MIB;

/// Applies the rules to an analysis.
pub fn recommend(a: &Analysis, current: &Current) -> Advice {
    let mut notes = Vec::new();
    // A day of samples spans a day less one interval: 1% of slack.
    let sufficient = a.window.hours >= MIN_HOURS * 0.99 && a.window.samples >= MIN_SAMPLES;
    // An empty window is explained by the caller, which knows what the history holds.
    if !sufficient && a.window.samples > 0 {
        notes.push(T::NOT_ENOUGH.fill(&[
            ("samples", &texts::samples(a.window.samples as u64)),
            ("hours", &format!("{:.1}", a.window.hours)),
            ("min_samples", &MIN_SAMPLES),
            ("min_hours", &MIN_HOURS),
        ]));
    }
    if !sufficient {
        return Advice { recommendations: Vec::new(), sufficient_data: false, notes };
    }
    let now = |key: &'static str| {
        current.values.get(key).cloned().unwrap_or_else(|| "unknown".to_owned())
    };
    let mut out = Vec::new();
    let mut memory = memory(&a.memory, current.host_memory_bytes, now("wsl2.memory"), &mut notes);
    // Who held the memory at the peak: the containers behind the limit (issue 19).
    if let (Some(r), Some(p)) = (memory.as_mut(), &a.docker.peak_containers) {
        r.evidence.insert("peak_containers", json!(p.containers));
    }
    let recommended_memory = memory.as_ref().map(|r| r.value);
    out.extend(memory);
    match processors(&a.cpu, now("wsl2.processors")) {
        Some(r) => out.push(r),
        None => notes.push(T::NO_PROCESSOR_COUNT.to_string()),
    }
    out.extend(recommended_memory.and_then(|v| swap(&a.memory, v, now("wsl2.swap"))));
    out.extend(reclaim(&a.memory, now("experimental.autoMemoryReclaim"), &mut notes));
    for d in &a.disks {
        if let Some(r) = d.reclaimable_bytes.filter(|r| *r >= GIB) {
            notes.push(T::DISK_COMPACT.fill(&[("path", &d.path), ("amount", &amount(r))]));
        }
    }
    Advice { recommendations: out, sufficient_data: true, notes }
}

/// `wsl2.memory`: the 99th percentile of used memory plus headroom, or the peak when the VM was
/// under pressure or swapped; capped to leave Windows its share where the host is visible.
fn memory(
    m: &Memory,
    host: Option<u64>,
    current: String,
    notes: &mut Vec<String>,
) -> Option<Recommendation> {
    let used = m.used_bytes?;
    let pressure = m.pressure_share >= PRESSURE_SHARE;
    let swapped = m.swap_in_use_share > 0.0;
    let squeezed = pressure || swapped;
    let (base, headroom_share, base_name) =
        if squeezed { (used.max, 0.5, "max") } else { (used.p99, 0.25, "p99") };
    let headroom = (base * headroom_share).max(GIB);
    let wanted = ceil_gib(base + headroom).max(2) << 30;
    let mut evidence = BTreeMap::from([
        ("used_p50_bytes", json!(used.p50)),
        ("used_p99_bytes", json!(used.p99)),
        ("used_max_bytes", json!(used.max)),
        ("based_on", json!(base_name)),
        ("headroom_bytes", json!(headroom)),
        ("pressure_share", json!(m.pressure_share)),
        ("swap_in_use_share", json!(m.swap_in_use_share)),
        ("vm_memory_bytes", json!(m.total_bytes)),
        ("samples", json!(used.count)),
    ]);
    // What Windows keeps, and the most the VM may have, where the host is visible.
    let cap = host.map(|host| {
        let windows_keeps = (host / 4).max(4 << 30);
        evidence.insert("host_memory_bytes", json!(host as f64));
        evidence.insert("windows_keeps_bytes", json!(windows_keeps as f64));
        (host, windows_keeps, host.saturating_sub(windows_keeps) >> 30 << 30)
    });
    if cap.is_none() {
        notes.push(T::HOST_MEMORY_UNSEEN.to_string());
    }
    let written = keys::format_size;
    let (value, reason) = match cap {
        Some((host, windows_keeps, cap)) if wanted > cap && cap >= 2 << 30 => (
            cap,
            if squeezed { T::MEMORY_CAPPED_PEAK } else { T::MEMORY_CAPPED_P99 }.fill(&[
                ("wanted", &written(wanted)),
                ("keeps", &amount(windows_keeps as f64)),
                ("host", &amount(host as f64)),
                ("cap", &written(cap)),
            ]),
        ),
        _ if squeezed => {
            // Name only what held: pressure in under 1% of samples is not a reason.
            let t = match (pressure, swapped) {
                (true, true) => T::PRESSURE_AND_SWAP,
                (true, false) => T::PRESSURE_ONLY,
                _ => T::SWAP_ONLY,
            };
            let reason = t.fill(&[
                ("pressure", &percent(m.pressure_share)),
                ("swap", &percent(m.swap_in_use_share)),
                ("wanted", &written(wanted)),
                ("spare", &amount(wanted as f64 - used.max)),
                ("peak", &amount(used.max)),
            ]);
            (wanted, reason)
        }
        _ => (
            wanted,
            T::MEMORY_P99.fill(&[
                ("p99", &amount(used.p99)),
                ("wanted", &written(wanted)),
                ("spare", &amount(wanted as f64 - used.p99)),
            ]),
        ),
    };
    Some(Recommendation {
        key: "wsl2.memory",
        value: Value::Size(value),
        current,
        reason,
        evidence,
    })
}

/// `wsl2.processors`: the 95th percentile of busy processors plus 50%, at least two, at most
/// what the VM has.
fn processors(cpu: &Cpu, current: String) -> Option<Recommendation> {
    let cores = cpu.busy_cores?;
    let wanted = (cores.p95 * 1.5).ceil().max(0.0) as u64;
    let have = cpu.processors.map(|p| p as u64);
    let value = wanted.max(2).min(have.map_or(u64::MAX, |h| h.max(2)));
    let t = if value > wanted {
        T::PROCESSORS_LEAST
    } else if value < wanted {
        T::PROCESSORS_ALL
    } else {
        T::PROCESSORS_HEADROOM
    };
    let reason = t.fill(&[("busy", &format!("{:.1}", cores.p95)), ("value", &value)]);
    Some(Recommendation {
        key: "wsl2.processors",
        value: Value::Count(value),
        current,
        reason,
        evidence: BTreeMap::from([
            ("busy_cores_p50", json!(cores.p50)),
            ("busy_cores_p95", json!(cores.p95)),
            ("busy_cores_max", json!(cores.max)),
            ("vm_processors", json!(cpu.processors)),
        ]),
    })
}

/// `wsl2.swap`: the peak swap use plus 50% when it was in use; off when it was not and the
/// memory limit leaves 50% above the 99th percentile; otherwise nothing.
fn swap(m: &Memory, memory: Value, current: String) -> Option<Recommendation> {
    let (max_swap, used) = (m.swap_used_max_bytes?, m.used_bytes?);
    let Value::Size(memory_bytes) = memory else { return None };
    let evidence = BTreeMap::from([
        ("swap_used_max_bytes", json!(max_swap)),
        ("swap_in_use_share", json!(m.swap_in_use_share)),
        ("used_p99_bytes", json!(used.p99)),
        ("recommended_memory_bytes", json!(memory_bytes as f64)),
    ]);
    let (value, reason) = if max_swap > SWAP_IN_USE_BYTES {
        let value = ceil_gib((max_swap * 1.5).max(GIB)) << 30;
        let reason =
            T::SWAP_USED.fill(&[("max", &amount(max_swap)), ("value", &keys::format_size(value))]);
        (value, reason)
    } else if memory_bytes as f64 >= used.p99 * 1.5 {
        // Some swap below what counts as in use is still use: say how much.
        let t = if max_swap > 0.0 { T::SWAP_OFF_PEAKED } else { T::SWAP_OFF_NEVER };
        let reason =
            t.fill(&[("max", &amount(max_swap)), ("memory", &memory), ("p99", &amount(used.p99))]);
        (0, reason)
    } else {
        return None;
    };
    Some(Recommendation { key: "wsl2.swap", value: Value::Size(value), current, reason, evidence })
}

/// `experimental.autoMemoryReclaim`: `Gradual` when the VM keeps a large page cache while idle,
/// unless it is already so, or WSL's idle trigger never let any reclaim run.
fn reclaim(m: &Memory, mode: String, notes: &mut Vec<String>) -> Option<Recommendation> {
    let (cache, total) = (m.cache_while_idle_bytes?, m.total_bytes?);
    if cache <= GIB || cache <= total / 5.0 {
        return None;
    }
    // Every mode acts only once WSL's idle test holds (reference `wsl-and-docker-facts.md`):
    // where it never did, no mode would have changed what was recorded.
    if m.wsl_idle_trigger_share == 0.0 {
        notes.push(T::RECLAIM_NEVER_IDLE.fill(&[("cache", &amount(cache))]));
        return None;
    }
    if mode.eq_ignore_ascii_case("gradual") {
        notes.push(T::RECLAIM_ALREADY.fill(&[("cache", &amount(cache))]));
        return None;
    }
    Some(Recommendation {
        key: "experimental.autoMemoryReclaim",
        value: Value::Word("Gradual"),
        current: mode,
        reason: T::RECLAIM.fill(&[
            ("cache", &amount(cache)),
            ("share", &format!("{:.0}", cache / total * 100.0)),
        ]),
        evidence: BTreeMap::from([
            ("cache_while_idle_bytes", json!(cache)),
            ("idle_minutes", json!(m.idle_minutes)),
            ("wsl_idle_trigger_share", json!(m.wsl_idle_trigger_share)),
            ("vm_memory_bytes", json!(total)),
        ]),
    })
}

#[cfg(test)]
mod tests;
pub mod texts;
