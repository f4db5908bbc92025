//! Criterion benches: `cargo bench` (results and the machine in benches/README.md).

mod benchmarks;

criterion::criterion_main!(benchmarks::vhdx::benches);
