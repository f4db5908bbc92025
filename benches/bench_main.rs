//! Criterion benches: `cargo bench` (results and the machine in benches/README.md).

// Bench set-up may panic: a panic stops a broken bench.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod benchmarks;

criterion::criterion_main!(
    benchmarks::vhdx::benches,
    benchmarks::sample::benches,
    benchmarks::analysis::benches
);
