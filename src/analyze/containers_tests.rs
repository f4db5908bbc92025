//! The containers' bins against a plain model, the choice of the named few, who held the
//! memory at the peak (rollups and raw rows alike) and Docker's disk change by kind.

use super::*;
use crate::docker::KindUsage;
use crate::sample::{ContainerSample, Sample};
use crate::store::Session;

const MIB: u64 = 1 << 20;

/// A plain model of the bins: for each key, each container's summed memory over the distinct
/// reading times.
fn model(points: &[((usize, usize), i64, &str, u64)]) -> Vec<(f64, HashMap<String, f64>)> {
    let mut keys: Vec<(usize, usize)> = points.iter().map(|p| p.0).collect();
    keys.dedup();
    keys.iter()
        .map(|k| {
            let mine: Vec<_> = points.iter().filter(|p| p.0 == *k).collect();
            let mut times: Vec<i64> = mine.iter().map(|p| p.1).collect();
            times.dedup();
            let mut sums = HashMap::new();
            for p in &mine {
                *sums.entry(p.2.to_owned()).or_insert(0.0) += p.3 as f64 / times.len() as f64;
            }
            (times.iter().sum::<i64>() as f64 / times.len() as f64, sums)
        })
        .collect()
}

/// Eight containers over three bins: the five with the highest peak are named (a short spike
/// beats a steady container with a higher mean, so a peak the limit must hold is never in the
/// rest), the other three summed; every bin's mean agrees with the model.
#[test]
fn bins_are_means_per_reading_and_the_top_five_are_chosen_by_peak() {
    let names = ["a", "b", "c", "d", "e", "f", "g", "spike"];
    let mut points = Vec::new();
    for t in 0..30i64 {
        let key = (0, (t / 10) as usize);
        for (i, name) in names.iter().enumerate() {
            // A container missing from some readings (stopped, or started later) counts 0.
            if *name == "g" && t % 3 == 0 {
                continue;
            }
            let mem = match *name {
                "spike" if t == 17 => 900 * MIB,
                "spike" => MIB,
                _ => (100 + 10 * i as u64) * MIB + t as u64,
            };
            points.push((key, t * 1000, *name, mem));
        }
    }
    let mut folder = Folder::default();
    for p in &points {
        folder.add(p.0, p.1, p.2, p.3);
    }
    let b = folder.finish(Vec::new()).unwrap();
    assert_eq!(b.names, ["spike", "g", "f", "e", "d"]);
    assert_eq!(b.rest_count, 3);
    let want = model(&points);
    assert_eq!(b.ts_ms.len(), want.len());
    for (bin, (t, sums)) in want.iter().enumerate() {
        assert_eq!(b.ts_ms[bin], *t);
        for (n, name) in b.names.iter().enumerate() {
            assert!((b.mem[n][bin] - sums[name]).abs() < 1e-6, "{name} in bin {bin}");
        }
        let rest: f64 = ["a", "b", "c"].iter().map(|n| sums[*n]).sum();
        assert!((b.rest[bin] - rest).abs() < 1e-6);
    }
    // Six containers: the sixth is named rather than called "the rest".
    let mut six = Folder::default();
    for (i, name) in names.iter().take(6).enumerate() {
        six.add((0, 0), 0, name, i as u64);
    }
    let six = six.finish(Vec::new()).unwrap();
    assert_eq!((six.names.len(), six.rest_count), (6, 0));
    assert!(Folder::default().finish(Vec::new()).is_none());
}

/// Bins never span a gap: a run after a gap starts a new bin even in the same bucket.
#[test]
fn a_bin_never_spans_a_gap() {
    let gaps = [Gap { from_ms: 1_000, to_ms: 5_000 }];
    let mut binner = Binner::new(0, 10_000, 1, &gaps);
    assert_eq!(binner.key(0), (0, 0));
    assert_eq!(binner.key(1_000), (0, 0));
    assert_eq!(binner.key(5_000), (1, 0));
}

fn usage(images: u64, cache: u64) -> DiskUsage {
    let kind =
        |t: u64, r: u64| KindUsage { total_bytes: t, reclaimable_bytes: r, count: 1, active: 0 };
    DiskUsage {
        images: kind(images, 0),
        containers: kind(10, 0),
        volumes: kind(5 << 30, 0),
        build_cache: kind(cache, cache),
    }
}

/// Two hours every 30 s (the first hour rolled into minutes), two containers and a third
/// started later: the peak's containers come from the rollups or the raw rows alike, the
/// chart's bins cover both, and Docker's disk change runs from the first usage to the last.
#[test]
fn the_peak_and_the_disk_change_come_from_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_writer(&dir.path().join("h.db")).unwrap();
    let t0 = 1_767_225_600_000i64;
    let container = |name: &str, mem: u64| ContainerSample {
        id: format!("id-{name}"),
        name: name.to_owned(),
        mem_used_bytes: mem,
        mem_limit_bytes: 8 << 30,
        cpu_cores: None,
    };
    let samples: Vec<Sample> = (0..240)
        .map(|i| {
            let mut containers =
                vec![container("db", 400 * MIB + i as u64), container("web", 50 * MIB)];
            if i >= 200 {
                containers.push(container("late", 700 * MIB));
            }
            Sample {
                ts_ms: t0 + i * 30_000,
                mem_used_bytes: Some(if i == 230 { 6 << 30 } else { 2 << 30 }),
                containers: Some(containers),
                docker_disk_usage: Some(usage(1 << 30, if i < 100 { 0 } else { 14 << 30 })),
                ..Sample::default()
            }
        })
        .collect();
    store.append(&mut Session::new("test"), &samples).unwrap();
    let keep = crate::store::retention::Retention {
        raw: std::time::Duration::from_secs(3600),
        rollups: std::time::Duration::from_secs(86_400),
    };
    store.apply_retention(t0 + 2 * 3_600_000, keep).unwrap();
    let s = Series::load(&store, 0, i64::MAX, |_| {}).unwrap();
    let c = Containers::load(&store, 0, i64::MAX, &s, 600).unwrap();
    let peak = c.peak.unwrap();
    assert_eq!(peak.ts_ms, t0 + 230 * 30_000);
    let names: Vec<_> =
        peak.containers.iter().map(|c| (c.name.as_str(), c.mem_used_bytes)).collect();
    assert_eq!(names, [("late", 700 * MIB), ("db", 400 * MIB + 230), ("web", 50 * MIB)]);
    let b = c.binned.unwrap();
    assert_eq!(b.names, ["late", "db", "web"]);
    assert!(b.ts_ms.first().is_some_and(|t| *t < (t0 + 3_600_000) as f64), "rollups are read");
    assert_eq!(b.vm_used.len(), b.ts_ms.len(), "one VM bin per containers' bin here");
    let cache = c.disk.iter().find(|k| k.kind == "build-cache").unwrap();
    assert_eq!((cache.start_bytes, cache.end_bytes, cache.change_bytes), (0, 14 << 30, 14 << 30));
    assert_eq!(cache.prune_command, Some("docker builder prune -a"));
    let images = c.disk.iter().find(|k| k.kind == "images").unwrap();
    assert_eq!((images.change_bytes, images.prune_command), (0, None));
    // Move the peak to a sample where Docker did not answer: no containers are named.
    let mut store2 = Store::open_writer(&dir.path().join("h2.db")).unwrap();
    let mut quiet = samples.clone();
    quiet[230].containers = None;
    store2.append(&mut Session::new("test"), &quiet).unwrap();
    let s2 = Series::load(&store2, 0, i64::MAX, |_| {}).unwrap();
    let c2 = Containers::load(&store2, 0, i64::MAX, &s2, 600).unwrap();
    assert_eq!(c2.peak, None);
    assert!(c2.binned.is_some());
}

/// No container row and no disk usage: nothing at all.
#[test]
fn a_history_without_docker_has_no_containers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_writer(&dir.path().join("h.db")).unwrap();
    let samples: Vec<Sample> = (0..10)
        .map(|i| Sample { ts_ms: i * 5_000, mem_used_bytes: Some(1 << 30), ..Sample::default() })
        .collect();
    store.append(&mut Session::new("test"), &samples).unwrap();
    let s = Series::load(&store, 0, i64::MAX, |_| {}).unwrap();
    assert_eq!(Containers::load(&store, 0, i64::MAX, &s, 600).unwrap(), Containers::default());
    // An empty, open-ended window (`report --to` before the history) is no overflow.
    let none = Series::default();
    assert_eq!(Containers::load(&store, i64::MIN, 0, &none, 600).unwrap(), Containers::default());
}
