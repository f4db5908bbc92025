//! The recommendation rules (`docs/recommendations.md` gives each rule's reasoning and sources):
//! `wsl2.memory`, `wsl2.processors`, `wsl2.swap` and `experimental.autoMemoryReclaim`, each with
//! the value as it would be written, what WSL uses now, why, and the numbers behind it.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::{Analysis, GIB, ceil_gib};
use crate::wslconfig::edit::Change;
use crate::wslconfig::keys;

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

fn round_gb(bytes: f64) -> f64 {
    (bytes / GIB * 10.0).round() / 10.0
}

/// Applies the rules to an analysis.
pub fn recommend(a: &Analysis, current: &Current) -> Advice {
    let mut notes = Vec::new();
    // A day of samples spans a day less one interval: 1% of slack.
    let sufficient = a.window.hours >= MIN_HOURS * 0.99 && a.window.samples >= MIN_SAMPLES;
    // An empty window is explained by the caller, which knows what the history holds.
    if !sufficient && a.window.samples > 0 {
        notes.push(format!(
            "Not enough history: {} over {:.1} hours; recommendations need at least {MIN_SAMPLES} samples over {MIN_HOURS} hours. Leave `wsltune monitor` running through a day of normal work.",
            crate::units::plural(a.window.samples as u64, "sample", "samples"),
            a.window.hours
        ));
    }
    if !sufficient {
        return Advice { recommendations: Vec::new(), sufficient_data: false, notes };
    }
    let now = |key: &'static str| {
        current.values.get(key).cloned().unwrap_or_else(|| "unknown".to_owned())
    };
    let mut out = Vec::new();
    let m = &a.memory;

    // Memory.
    let mut recommended_memory = None;
    if let Some(used) = m.used_bytes {
        let squeezed = m.pressure_share >= 0.01 || m.swap_in_use_share > 0.0;
        let (base, headroom_share, base_name) =
            if squeezed { (used.max, 0.5, "max") } else { (used.p99, 0.25, "p99") };
        let headroom = (base * headroom_share).max(GIB);
        let mut value = ceil_gib(base + headroom).max(2);
        let mut reason = if squeezed {
            format!(
                "The VM was short of memory (pressure in {:.1}% of samples, swap in use in {:.1}%): the peak of {:.1} GB used plus 50% headroom.",
                m.pressure_share * 100.0,
                m.swap_in_use_share * 100.0,
                round_gb(used.max)
            )
        } else {
            format!(
                "99% of the time the VM used at most {:.1} GB (cache excluded); {} leaves {:.1} GB of headroom.",
                round_gb(used.p99),
                keys::format_size(value << 30),
                round_gb((value << 30) as f64 - used.p99)
            )
        };
        match current.host_memory_bytes {
            Some(host) => {
                let windows_needs = (host / 4).max(4 << 30);
                let cap = host.saturating_sub(windows_needs) >> 30;
                if value > cap && cap >= 2 {
                    value = cap;
                    reason.push_str(&format!(
                        " Capped at {}: Windows keeps {} of the host's {}.",
                        keys::format_size(cap << 30),
                        keys::format_size(windows_needs),
                        keys::format_size(host)
                    ));
                }
            }
            None => notes.push(
                "The host's memory is visible only natively on Windows, not here: check that the memory limit leaves Windows at least 4 GB."
                    .to_owned(),
            ),
        }
        recommended_memory = Some((value << 30) as f64);
        out.push(Recommendation {
            key: "wsl2.memory",
            value: Value::Size(value << 30),
            current: now("wsl2.memory"),
            reason,
            evidence: BTreeMap::from([
                ("used_p50_bytes", json!(used.p50)),
                ("used_p99_bytes", json!(used.p99)),
                ("used_max_bytes", json!(used.max)),
                ("based_on", json!(base_name)),
                ("headroom_bytes", json!(headroom)),
                ("pressure_share", json!(m.pressure_share)),
                ("swap_in_use_share", json!(m.swap_in_use_share)),
                ("vm_memory_bytes", json!(m.total_bytes)),
                ("samples", json!(used.count)),
            ]),
        });
    }

    // Processors.
    if let Some(cores) = a.cpu.busy_cores {
        let have = a.cpu.processors.unwrap_or(f64::INFINITY);
        let value = ((cores.p95 * 1.5).ceil().max(2.0)).min(have.max(2.0)) as u64;
        out.push(Recommendation {
            key: "wsl2.processors",
            value: Value::Count(value),
            current: now("wsl2.processors"),
            reason: format!(
                "95% of the time the VM kept at most {:.1} processors busy; {value} leaves 50% headroom for bursts{}.",
                cores.p95,
                if value as f64 >= have { " (all it has now)" } else { "" }
            ),
            evidence: BTreeMap::from([
                ("busy_cores_p50", json!(cores.p50)),
                ("busy_cores_p95", json!(cores.p95)),
                ("busy_cores_max", json!(cores.max)),
                ("vm_processors", json!(a.cpu.processors)),
            ]),
        });
    } else {
        notes.push("This history has no processor count (monitor records it from wsltune 0.1's lint release on): processors are not recommended.".to_owned());
    }

    // Swap.
    if let (Some(max_swap), Some(used), Some(memory)) =
        (m.swap_used_max_bytes, m.used_bytes, recommended_memory)
    {
        let evidence = BTreeMap::from([
            ("swap_used_max_bytes", json!(max_swap)),
            ("swap_in_use_share", json!(m.swap_in_use_share)),
            ("used_p99_bytes", json!(used.p99)),
            ("recommended_memory_bytes", json!(memory)),
        ]);
        if max_swap > 64.0 * 1024.0 * 1024.0 {
            out.push(Recommendation {
                key: "wsl2.swap",
                value: Value::Size(ceil_gib((max_swap * 1.5).max(GIB)) << 30),
                current: now("wsl2.swap"),
                reason: format!(
                    "The VM used up to {:.1} GB of swap; this keeps 50% more.",
                    round_gb(max_swap)
                ),
                evidence,
            });
        } else if memory >= used.p99 * 1.5 {
            out.push(Recommendation {
                key: "wsl2.swap",
                value: Value::Size(0),
                current: now("wsl2.swap"),
                reason: "Swap was never used and the memory limit leaves at least 50% above what the VM used 99% of the time; swap in WSL is a VHD in %TEMP% that never shrinks.".to_owned(),
                evidence,
            });
        }
    }

    // Page cache while idle.
    if let (Some(cache), Some(total)) = (m.cache_while_idle_bytes, m.total_bytes)
        && cache > GIB
        && cache > total / 5.0
    {
        let mode = now("experimental.autoMemoryReclaim");
        let already_gradual = mode.eq_ignore_ascii_case("gradual");
        let trigger = if m.wsl_idle_trigger_share == 0.0 {
            " WSL's reclaim runs only when the VM is idle by its own test (≤0.5% busy for 2 minutes), which never held here: the memory limit is what bounds the cache."
        } else {
            ""
        };
        if already_gradual {
            notes.push(format!(
                "autoMemoryReclaim is already Gradual, yet the VM held {:.1} GB of page cache while idle: the memory limit is what bounds it.",
                round_gb(cache)
            ));
        } else {
            out.push(Recommendation {
            key: "experimental.autoMemoryReclaim",
            value: Value::Word("Gradual"),
            current: mode,
            reason: format!(
                "While idle the VM still held {:.1} GB of page cache ({:.0}% of its memory), which vmmemWSL keeps from Windows.{trigger}",
                round_gb(cache),
                cache / total * 100.0
            ),
            evidence: BTreeMap::from([
                ("cache_while_idle_bytes", json!(cache)),
                ("idle_minutes", json!(m.idle_minutes)),
                ("wsl_idle_trigger_share", json!(m.wsl_idle_trigger_share)),
                ("vm_memory_bytes", json!(total)),
            ]),
        });
        }
    }
    for d in &a.disks {
        if let Some(r) = d.reclaimable_bytes.filter(|r| *r >= GIB) {
            notes.push(format!(
                "{}: compaction would give back about {:.1} GB (sparseVhd is forced off by current WSL; `wsltune inspect` shows the steps).",
                d.path,
                round_gb(r)
            ));
        }
    }
    Advice { recommendations: out, sufficient_data: true, notes }
}
