//! The rules against their own evidence (issue 18): every reason agrees with the numbers it
//! cites, at each rule's boundaries, in binary units, short enough for a table column.

use std::collections::BTreeMap;

use super::{Advice, Current, Recommendation, Value, recommend};
use crate::analyze::stats::Summary;
use crate::analyze::{Analysis, Cpu, Memory, Window};

const GIB: f64 = (1u64 << 30) as f64;
const MIB: f64 = (1u64 << 20) as f64;

fn summary(p50: f64, p95: f64, p99: f64, max: f64) -> Summary {
    Summary { count: 2880, min: 0.0, p50, p95, p99, max, mean: p50 }
}

/// Two days of a 16 GiB, 8-processor VM that used 6 GiB at its 99th percentile, never swapped,
/// kept 4 processors busy at its 95th, and held 6 GiB of cache while idle, with WSL's own idle
/// test holding in a fifth of the samples.
fn analysis() -> Analysis {
    Analysis {
        window: Window { from: None, to: None, samples: 2880, hours: 48.0 },
        memory: Memory {
            total_bytes: Some(16.0 * GIB),
            used_bytes: Some(summary(4.0 * GIB, 6.0 * GIB, 6.0 * GIB, 6.0 * GIB)),
            cache_bytes: None,
            free_bytes: None,
            hours_used_above_90_percent: 0.0,
            pressure_percent: None,
            pressure_share: 0.0,
            swap_used_max_bytes: Some(0.0),
            swap_in_use_share: 0.0,
            idle_minutes: 600.0,
            cache_while_idle_bytes: Some(6.0 * GIB),
            wsl_idle_trigger_share: 0.2,
        },
        cpu: Cpu {
            processors: Some(8.0),
            busy_ratio: None,
            busy_cores: Some(summary(1.0, 4.0, 5.0, 6.0)),
        },
        disks: Vec::new(),
        docker: crate::analyze::Docker::default(),
    }
}

fn current(reclaim: &str, host_gib: Option<u64>) -> Current {
    Current {
        values: BTreeMap::from([
            ("wsl2.memory", "default: 50% of the host's memory".to_owned()),
            ("wsl2.processors", "default: all logical processors of the host".to_owned()),
            ("wsl2.swap", "default: 25% of the VM's memory".to_owned()),
            ("experimental.autoMemoryReclaim", reclaim.to_owned()),
        ]),
        host_memory_bytes: host_gib.map(|g| g << 30),
    }
}

fn find<'a>(advice: &'a Advice, key: &str) -> Option<&'a Recommendation> {
    advice.recommendations.iter().find(|r| r.key == key)
}

fn bytes(v: Value) -> f64 {
    match v {
        Value::Size(b) => b as f64,
        _ => f64::NAN,
    }
}

/// The numbers written before `unit` in `text` ("6.0 GiB" → 6.0), with a `<` prefix kept as a
/// flag.
fn numbers_before(text: &str, unit: &str) -> Vec<(f64, bool)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| w[1].trim_end_matches(|c: char| !c.is_alphanumeric()) == unit)
        .filter_map(|w| {
            let n = w[0].trim_start_matches(|c: char| !c.is_ascii_digit() && c != '<');
            let below = n.starts_with('<');
            n.trim_start_matches('<').parse().ok().map(|v| (v, below))
        })
        .collect()
}

/// Percentages written as `12.5%` (or `<0.1%`), and what follows them.
fn percents(text: &str) -> Vec<(f64, bool, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let w = w.trim_start_matches('(');
            let n = w.trim_end_matches(|c: char| c != '%').strip_suffix('%')?;
            let below = n.starts_with('<');
            let v = n.trim_start_matches('<').parse().ok()?;
            let rest = words.get(i + 1..).unwrap_or(&[]).join(" ");
            Some((v, below, rest))
        })
        .collect()
}

/// Whether a shown amount (one decimal of GiB, or whole MiB) is `bytes` as rounded for display.
fn shows(shown: f64, unit: &str, bytes: f64) -> bool {
    match unit {
        "GiB" => (shown - bytes / GIB).abs() <= 0.05 + 1e-9,
        _ => (shown - bytes / MIB).abs() <= 0.5 + 1e-9,
    }
}

/// What in `r` contradicts the analysis it came from; empty when nothing does.
fn contradictions(r: &Recommendation, a: &Analysis) -> Vec<String> {
    let mut found = Vec::new();
    let m = &a.memory;
    let reason = r.reason.as_str();
    let mut say = |what: &str| found.push(format!("{}: {what}: {reason:?}", r.key));
    if reason.chars().count() > 110 {
        say("longer than 110 characters");
    }
    // A share cited as a reason is never shown as nothing.
    for (v, below, _) in percents(reason) {
        if v == 0.0 && !below {
            say("cites 0.0% as a reason");
        }
    }
    // Measured amounts in binary units; WSL's `8GB` only for `.wslconfig` values.
    if reason.contains(" GB") || reason.contains(" MB") {
        say("a measured amount in GB (WSL's spelling) rather than GiB");
    }
    // Every amount shown is one of the evidence's byte counts, or the value less one of them.
    let known: Vec<f64> = r
        .evidence
        .iter()
        .filter(|(k, _)| k.ends_with("_bytes"))
        .filter_map(|(_, v)| v.as_f64())
        .collect();
    let value = bytes(r.value);
    for unit in ["GiB", "MiB"] {
        for (shown, _) in numbers_before(reason, unit) {
            let matches = known.iter().any(|k| shows(shown, unit, *k))
                || (value.is_finite() && known.iter().any(|k| shows(shown, unit, value - k)));
            if !matches {
                say(&format!("{shown} {unit} is not in the evidence"));
            }
        }
    }
    // Every "x% of samples" is one of the shares counted, as displayed.
    for (v, below, rest) in percents(reason) {
        if rest.starts_with("of samples") || rest.starts_with("of the samples") {
            let agrees = |share: f64| {
                if below {
                    share > 0.0 && share * 100.0 < v
                } else {
                    (share * 100.0 - v).abs() <= 0.05
                }
            };
            if ![m.pressure_share, m.swap_in_use_share, m.wsl_idle_trigger_share]
                .into_iter()
                .any(agrees)
            {
                say(&format!("{v}% of samples is no share the analysis counted"));
            }
        }
    }
    let lower = reason.to_lowercase();
    match r.key {
        "wsl2.memory" => {
            if (lower.contains("short of memory") || lower.contains("pressure"))
                && m.pressure_share < 0.01
            {
                say("pressure cited, but it was above 10% in under 1% of samples");
            }
            if lower.contains("swap") && m.swap_in_use_share == 0.0 {
                say("swap cited, but it was never in use");
            }
            let on_peak = r.evidence.get("based_on") == Some(&serde_json::json!("max"));
            if on_peak != lower.contains("peak") {
                say("the reason and `based_on` disagree about the peak");
            }
        }
        "wsl2.processors" => {
            let (Value::Count(n), Some(cores)) = (r.value, a.cpu.busy_cores) else {
                say("no count or no busy cores");
                return found;
            };
            if lower.contains("leaves 50%") && n as f64 != (cores.p95 * 1.5).ceil() {
                say("claims 50% headroom, but the value is not the 95th percentile × 1.5");
            }
            if lower.contains("all it has") && Some(n as f64) != a.cpu.processors {
                say("says all it has, but that is not the VM's processor count");
            }
        }
        "wsl2.swap" => {
            let max = m.swap_used_max_bytes.unwrap_or(f64::NAN);
            if lower.contains("never used") && max != 0.0 {
                say("says swap was never used, but some was");
            }
            if value > 0.0 && value < 1.5 * max {
                say("keeps less than 50% above the swap used");
            }
        }
        "experimental.autoMemoryReclaim" => {
            if m.wsl_idle_trigger_share == 0.0 {
                say("recommends a reclaim mode that WSL's idle trigger never let run");
            }
            if lower.contains("never") {
                say("says something never happened beside the change it recommends");
            }
        }
        _ => {}
    }
    found
}

fn all_contradictions(advice: &Advice, a: &Analysis) -> Vec<String> {
    let mut found: Vec<String> =
        advice.recommendations.iter().flat_map(|r| contradictions(r, a)).collect();
    for note in &advice.notes {
        if note.contains(" GB") {
            found.push(format!("note in GB rather than GiB: {note:?}"));
        }
    }
    found
}

#[test]
fn gradual_is_not_recommended_when_wsls_idle_trigger_never_held() {
    let mut a = analysis();
    a.memory.wsl_idle_trigger_share = 0.0;
    let advice = recommend(&a, &current("default: DropCache", None));
    assert_eq!(find(&advice, "experimental.autoMemoryReclaim"), None, "{advice:#?}");
    // The cache is still explained: the memory limit is what bounds it.
    assert!(
        advice.notes.iter().any(|n| n.contains("6.0 GiB") && n.contains("memory limit")),
        "{:#?}",
        advice.notes
    );
    // When the trigger did hold, Gradual is recommended and the reason says why, not "never".
    a.memory.wsl_idle_trigger_share = 1e-4;
    let advice = recommend(&a, &current("default: DropCache", None));
    let r = find(&advice, "experimental.autoMemoryReclaim").expect("Gradual");
    assert_eq!(r.value, Value::Word("Gradual"));
    assert_eq!(contradictions(r, &a), Vec::<String>::new());
}

#[test]
fn swap_without_pressure_is_not_called_short_of_memory() {
    let mut a = analysis();
    a.memory.swap_used_max_bytes = Some(2.0 * GIB);
    a.memory.swap_in_use_share = 0.003;
    a.memory.used_bytes = Some(summary(4.0 * GIB, 6.0 * GIB, 6.0 * GIB, 7.0 * GIB));
    let advice = recommend(&a, &current("default: DropCache", None));
    let r = find(&advice, "wsl2.memory").expect("memory");
    // The peak rule applies (swap was in use), and the reason says so, not "short of memory".
    assert_eq!(r.evidence["based_on"], "max");
    assert!(!r.reason.contains("short of memory"), "{}", r.reason);
    assert!(!r.reason.contains("pressure"), "{}", r.reason);
    assert!(r.reason.to_lowercase().contains("swap"), "{}", r.reason);
    assert_eq!(contradictions(r, &a), Vec::<String>::new());
}

#[test]
fn a_rare_share_is_not_shown_as_none() {
    // One sample in 100,000 with swap in use, one in 50 under pressure.
    let mut a = analysis();
    a.memory.swap_used_max_bytes = Some(100.0 * MIB);
    a.memory.swap_in_use_share = 1e-5;
    a.memory.pressure_share = 0.02;
    let advice = recommend(&a, &current("default: DropCache", None));
    let r = find(&advice, "wsl2.memory").expect("memory");
    assert!(!r.reason.contains("0.0%"), "{}", r.reason);
    assert_eq!(contradictions(r, &a), Vec::<String>::new());
}

#[test]
fn measured_amounts_are_in_gib() {
    let mut a = analysis();
    a.memory.swap_used_max_bytes = Some(1.5 * GIB);
    a.memory.swap_in_use_share = 0.01;
    let advice = recommend(&a, &current("default: DropCache", Some(16)));
    for r in &advice.recommendations {
        assert!(!r.reason.contains(" GB"), "{}", r.reason);
    }
    let memory = find(&advice, "wsl2.memory").expect("memory");
    assert!(memory.reason.contains("6.0 GiB"), "{}", memory.reason);
    let swap = find(&advice, "wsl2.swap").expect("swap");
    assert!(swap.reason.contains("1.5 GiB"), "{}", swap.reason);
    for note in &advice.notes {
        assert!(!note.contains(" GB"), "{note}");
    }
}

#[test]
fn processors_at_the_floor_or_the_cap_claim_no_50_percent_headroom() {
    let mut a = analysis();
    // 0.3 × 1.5 rounds up to 1: two is the floor, not 50% headroom.
    a.cpu.busy_cores = Some(summary(0.1, 0.3, 0.4, 0.5));
    let advice = recommend(&a, &current("default: DropCache", None));
    let r = find(&advice, "wsl2.processors").expect("processors");
    assert_eq!(r.value, Value::Count(2));
    assert!(!r.reason.contains("50%"), "{}", r.reason);
    // 7 × 1.5 = 10.5, but the VM has 8: capped, with 14% to spare.
    a.cpu.busy_cores = Some(summary(4.0, 7.0, 7.5, 8.0));
    let advice = recommend(&a, &current("default: DropCache", None));
    let r = find(&advice, "wsl2.processors").expect("processors");
    assert_eq!(r.value, Value::Count(8));
    assert!(!r.reason.contains("leaves 50%"), "{}", r.reason);
    assert_eq!(contradictions(r, &a), Vec::<String>::new());
}

#[test]
fn swap_off_does_not_say_never_used_after_some_use() {
    let mut a = analysis();
    // 40 MiB of swap at most: under the 64 MiB that counts as in use; 2 GiB at the 99th
    // percentile gives 3GB, 50% above it: swap off.
    a.memory.swap_used_max_bytes = Some(40.0 * MIB);
    a.memory.used_bytes = Some(summary(1.0 * GIB, 2.0 * GIB, 2.0 * GIB, 2.0 * GIB));
    let advice = recommend(&a, &current("default: DropCache", None));
    let r = find(&advice, "wsl2.swap").expect("swap");
    assert_eq!(r.value, Value::Size(0));
    assert!(!r.reason.contains("never used"), "{}", r.reason);
    assert_eq!(contradictions(r, &a), Vec::<String>::new());
}

#[test]
fn a_capped_memory_limit_claims_no_headroom_it_lacks() {
    let mut a = analysis();
    // 14 GiB at the 99th percentile on a 16 GiB host: Windows keeps 4, the cap is 12GB, below
    // what the VM used.
    a.memory.used_bytes = Some(summary(8.0 * GIB, 14.0 * GIB, 14.0 * GIB, 14.5 * GIB));
    let advice = recommend(&a, &current("default: DropCache", Some(16)));
    let r = find(&advice, "wsl2.memory").expect("memory");
    assert_eq!(r.value, Value::Size(12 << 30));
    assert!(!r.reason.contains("headroom"), "{}", r.reason);
    assert!(r.reason.contains("12GB"), "{}", r.reason);
    assert_eq!(contradictions(r, &a), Vec::<String>::new());
}

#[test]
fn reasons_fit_a_table_column() {
    let mut a = analysis();
    a.memory.wsl_idle_trigger_share = 0.0;
    a.memory.pressure_share = 0.125;
    a.memory.swap_used_max_bytes = Some(3.0 * GIB);
    a.memory.swap_in_use_share = 0.0625;
    let advice = recommend(&a, &current("default: DropCache", Some(64)));
    for r in &advice.recommendations {
        assert!(r.reason.chars().count() <= 110, "{} characters: {}", r.reason.len(), r.reason);
    }
}

/// Every rule at and around its boundaries: no reason contradicts the numbers behind it. The
/// memory and swap cases are crossed in full; processors and the page cache, whose rules read
/// other numbers, take turns through their cases, twelve beside each memory case.
#[test]
fn no_reason_contradicts_its_evidence() {
    let used = [(0.5, 0.8), (2.0, 2.5), (6.0, 6.0), (6.0, 9.0), (14.0, 15.0)];
    let swap =
        [(0.0, 0.0), (40.0 * MIB, 0.0), (64.0 * MIB, 0.0), (65.0 * MIB, 1e-5), (3.0 * GIB, 0.05)];
    let pressure = [0.0, 0.0099, 0.01, 0.3];
    let hosts = [None, Some(5), Some(16), Some(64)];
    let cpus = [
        (Some(8.0), 0.0),
        (Some(8.0), 0.3),
        (Some(8.0), 4.0),
        (Some(8.0), 7.9),
        (Some(1.0), 0.3),
        (None, 3.0),
    ];
    // Around 1 GiB and a fifth of the 16 GiB VM (3.2 GiB).
    let caches = [0.9 * GIB, 3.2 * GIB, 3.3 * GIB, 6.0 * GIB];
    let triggers = [0.0, 1e-5, 0.2];
    let modes = ["default: DropCache", "Disabled", "gradual"];
    let (mut checked, mut turn) = (0, 0);
    let mut found = Vec::new();
    for (p99, max) in used {
        for (swap_max, swap_share) in swap {
            for pressure_share in pressure {
                for host in hosts {
                    for _ in 0..12 {
                        turn += 1;
                        let (processors, p95) = cpus[turn % cpus.len()];
                        let cache = caches[turn % caches.len()];
                        let trigger = triggers[turn / caches.len() % triggers.len()];
                        let mode = modes[turn / caches.len() / triggers.len() % modes.len()];
                        let mut a = analysis();
                        a.memory.used_bytes =
                            Some(summary(p99 * GIB / 2.0, p99 * GIB, p99 * GIB, max * GIB));
                        a.memory.swap_used_max_bytes = Some(swap_max);
                        a.memory.swap_in_use_share = swap_share;
                        a.memory.pressure_share = pressure_share;
                        a.memory.cache_while_idle_bytes = Some(cache);
                        a.memory.wsl_idle_trigger_share = trigger;
                        a.cpu.processors = processors;
                        a.cpu.busy_cores = Some(summary(p95 / 2.0, p95, p95, p95));
                        let advice = recommend(&a, &current(mode, host));
                        checked += advice.recommendations.len();
                        found.extend(all_contradictions(&advice, &a));
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    assert!(checked > 10_000, "{checked}");
    assert!(
        found.is_empty(),
        "{} contradictions, e.g.:\n{}",
        found.len(),
        found.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The containers at the peak: the five largest named in the VM's local time, the others
/// summed; one container reads as a sentence too.
#[test]
fn the_peak_names_its_containers() {
    use crate::analyze::containers::{ContainerMemory, PeakContainers};
    let c = |name: &str, mib: u64| ContainerMemory { name: name.into(), mem_used_bytes: mib << 20 };
    let mut p = PeakContainers {
        at: String::new(),
        // Tuesday 1 December 2026, 14:05 UTC.
        ts_ms: 1_796_133_900_000,
        vm_used_bytes: 12.0 * GIB,
        containers: vec![
            c("postgres", 4198),
            c("elasticsearch", 3277),
            c("redis", 300),
            c("web", 200),
            c("worker", 100),
            c("a", 1024),
            c("b", 922),
        ],
    };
    p.containers.sort_by_key(|c| std::cmp::Reverse(c.mem_used_bytes));
    let zone = crate::zone::Zone::utc();
    assert_eq!(
        super::peak_sentence(&p, &zone),
        "At the peak of used memory (Tue 1 Dec 14:05, 12.0 GiB) postgres used 4.1 GiB, elasticsearch 3.2 GiB, a 1.0 GiB, b 922 MiB, redis 300 MiB and 2 other containers 300 MiB."
    );
    p.containers.truncate(1);
    p.containers.push(ContainerMemory { name: "idle".into(), mem_used_bytes: 499_712 });
    assert_eq!(
        super::peak_sentence(&p, &crate::zone::Zone::fixed(3600)),
        "At the peak of used memory (Tue 1 Dec 15:05, 12.0 GiB) postgres used 4.1 GiB and idle 488 KiB."
    );
}
