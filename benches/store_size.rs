//! Bytes per sample on disk after 100,000 samples (issue goal: ≤ 40), stored in batches of 100 as
//! `monitor` does, with one disk whose file grows by 1 MiB an hour; then the bytes a day of
//! samples 5 s apart takes with 50 running containers (Docker's disk usage changing every 10
//! minutes, as the deep inspection reads it).
//! Run: `cargo bench --bench store_size`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wsltune::docker::{DiskUsage, KindUsage};

#[path = "benchmarks/sample.rs"]
#[allow(dead_code)]
mod sample_bench;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("size.db");
    let started = std::time::Instant::now();
    {
        let mut store = wsltune::store::Store::open_writer(&path).unwrap();
        let mut session = wsltune::store::Session::new("size");
        let mut ts = 1_700_000_000_000i64;
        for batch in 0..1000u64 {
            let samples: Vec<_> = (0..100)
                .map(|i| {
                    ts += 5000;
                    sample_bench::synthetic(ts, batch * 100 + i)
                })
                .collect();
            store.append(&mut session, &samples).unwrap();
        }
    }
    let elapsed = started.elapsed();
    let mut bytes = std::fs::metadata(&path).unwrap().len();
    for extra in ["size.db-wal", "size.db-shm"] {
        bytes += std::fs::metadata(dir.path().join(extra)).map(|m| m.len()).unwrap_or(0);
    }
    println!(
        "100000 samples (5 s apart, one disk): {bytes} bytes = {:.1} bytes/sample; appended in {:.2} s ({:.1} µs/sample)",
        bytes as f64 / 100_000.0,
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / 100_000.0
    );
    for n in [10, 50] {
        with_containers(n);
    }
}

/// A day at 5 s with `n` containers.
fn with_containers(n: usize) {
    const DAY: u64 = 17_280;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docker.db");
    let started = std::time::Instant::now();
    {
        let mut store = wsltune::store::Store::open_writer(&path).unwrap();
        let mut session = wsltune::store::Session::new("size");
        let mut ts = 1_700_000_000_000i64;
        for batch in 0..DAY / 96 {
            let samples: Vec<_> = (0..96)
                .map(|i| {
                    ts += 5000;
                    let tick = batch * 96 + i;
                    let mut s = sample_bench::synthetic(ts, tick);
                    s.containers = Some(sample_bench::containers(n, tick));
                    let grown = (tick / 120) * (8 << 20);
                    let kind = |t: u64| KindUsage {
                        total_bytes: t + grown,
                        reclaimable_bytes: t / 3,
                        count: 40,
                        active: 12,
                    };
                    s.docker_disk_usage = Some(DiskUsage {
                        images: kind(12 << 30),
                        containers: kind(300 << 20),
                        volumes: kind(4 << 30),
                        build_cache: kind(6 << 30),
                    });
                    s
                })
                .collect();
            store.append(&mut session, &samples).unwrap();
        }
    }
    let elapsed = started.elapsed();
    let mut bytes = std::fs::metadata(&path).unwrap().len();
    for extra in ["docker.db-wal", "docker.db-shm"] {
        bytes += std::fs::metadata(dir.path().join(extra)).map(|m| m.len()).unwrap_or(0);
    }
    println!(
        "a day at 5 s ({DAY} samples) with {n} containers: {bytes} bytes = {:.1} MiB/day, {:.1} bytes per container reading; appended in {:.2} s",
        bytes as f64 / f64::from(1 << 20),
        bytes as f64 / (DAY as f64 * n as f64),
        elapsed.as_secs_f64()
    );
}
