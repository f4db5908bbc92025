//! One procfs sample (issue: parse meminfo + stat ≤ 20 µs), and one batch append to the store.

use criterion::{Criterion, criterion_group};
use wsltune::sample::procfs::{ProcSampler, parse_cpu_line, parse_meminfo};
use wsltune::sample::{DiskSample, Sample};
use wsltune::store::Store;

const MEMINFO: &str = include_str!("../../tests/fixtures/proc/loaded/meminfo");

fn benches_sample(c: &mut Criterion) {
    // The real files of this machine, read once: parsing only.
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_else(|_| MEMINFO.to_owned());
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    c.bench_function("parse meminfo + stat", |b| {
        b.iter(|| {
            (
                parse_meminfo(std::hint::black_box(&meminfo)),
                parse_cpu_line(std::hint::black_box(&stat)),
            )
        });
    });
    // The whole sampler on the real /proc: open, read and parse meminfo, stat and three PSI files.
    // Each call 2 s after the last, so that the pressure files are read every time.
    let mut sampler = ProcSampler::new("/proc".into());
    let mut at = std::time::Instant::now();
    c.bench_function("procfs sample (5 files from /proc)", |b| {
        b.iter(|| {
            at += wsltune::sample::procfs::PRESSURE_PERIOD;
            let mut s = Sample::default();
            sampler.sample(&mut s, at);
            s
        });
    });
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_writer(&dir.path().join("b.db")).unwrap();
    let mut session = wsltune::store::Session::new("bench");
    let mut ts = 1_700_000_000_000i64;
    c.bench_function("store append: one batch of 100 samples", |b| {
        b.iter(|| {
            let batch: Vec<Sample> = (0..100)
                .map(|i| {
                    ts += 5000;
                    synthetic(ts, i)
                })
                .collect();
            store.append(&mut session, &batch).unwrap()
        });
    });
}

/// A realistic sample: a 16 GiB VM with moving figures and one disk.
pub fn synthetic(ts_ms: i64, i: u64) -> Sample {
    let wobble = (i * 7919) % 4096;
    Sample {
        ts_ms,
        mem_total_bytes: Some(16_303_216 * 1024),
        mem_used_bytes: Some((3_000_000 + wobble * 37) * 1024),
        mem_cache_bytes: Some((6_000_000 + wobble * 11) * 1024),
        mem_free_bytes: Some((5_000_000 - wobble * 29) * 1024),
        mem_available_bytes: Some((11_000_000 - wobble * 17) * 1024),
        swap_total_bytes: Some(4 << 30),
        swap_used_bytes: Some(0),
        cpu_busy_ratio: Some((wobble % 3000) as f64 / 10_000.0),
        cpu_count: Some(8),
        pressure_memory_some_avg10: Some(0.0),
        pressure_cpu_some_avg10: Some(if wobble.is_multiple_of(5) { 1.25 } else { 0.0 }),
        pressure_io_some_avg10: Some(0.0),
        host_vm_process_bytes: None,
        host_vm_process_cpu_ratio: None,
        disks: vec![DiskSample {
            path: "/mnt/c/Users/me/AppData/Local/Docker/wsl/disk/docker_data.vhdx".into(),
            role: wsltune::locate::Role::DockerData,
            file_length: Some((60 << 30) + (ts_ms as u64 / 3_600_000) * (1 << 20)),
            size_on_disk: Some((60 << 30) + (ts_ms as u64 / 3_600_000) * (1 << 20)),
            allocated_bytes: None,
            fs_used_bytes: None,
            reclaimable_bytes: None,
        }],
        containers: None,
        docker_disk_usage: None,
        docker_up: None,
    }
}

#[allow(dead_code)] // Used by `store_size` only.
/// `n` running containers with moving memory (whole pages, as cgroups count) and CPU, as the
/// Docker sampler reads them at tick `i`.
pub fn containers(n: usize, i: u64) -> Vec<wsltune::sample::ContainerSample> {
    (0..n)
        .map(|k| {
            let wobble = (i * 7919 + k as u64 * 104_729) % 4096;
            wsltune::sample::ContainerSample {
                id: format!("{:012x}", 0x5eed_0000_0000u64 + k as u64),
                name: format!("service-{k}"),
                mem_used_bytes: (20_000 + k as u64 * 3_000 + wobble) * 4096,
                mem_limit_bytes: 16_303_216 * 1024,
                cpu_cores: Some((wobble % 500) as f64 / 1000.0),
            }
        })
        .collect()
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = benches_sample
}
