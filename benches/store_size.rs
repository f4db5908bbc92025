//! Bytes per sample on disk after 100,000 samples (issue goal: ≤ 40), stored in batches of 100 as
//! `monitor` does, with one disk whose file grows by 1 MiB an hour.
//! Run: `cargo bench --bench store_size`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

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
}
