//! What 50 containers cost the report (issue 19): a week of samples 5 s apart (120,960) with
//! 50 running containers (6 million container readings), stored through the store's API as
//! `monitor` stores them, then read, analysed, drawn and laid out as `report` does; once with
//! every row raw and once with a day raw and the rest in minutes (`monitor --keep-raw 1d`). Prints
//! the time of each step, the page's size and the containers chart's share of it, beside the
//! same week without containers.
//! Run: `cargo bench --bench report_containers`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use wsltune::analyze::evidence::Evidence;
use wsltune::store::span::Span;
use wsltune::store::{Session, Store};

#[path = "benchmarks/sample.rs"]
#[allow(dead_code)]
mod sample_bench;

const WEEK: u64 = 7 * 17_280;

fn build(path: &std::path::Path, containers: usize) -> Duration {
    let started = Instant::now();
    let mut store = Store::open_writer(path).unwrap();
    let mut session = Session::new("bench");
    let mut ts = 1_700_000_000_000i64;
    for batch in 0..WEEK / 96 {
        let samples: Vec<_> = (0..96)
            .map(|i| {
                ts += 5000;
                let tick = batch * 96 + i;
                let mut s = sample_bench::synthetic(ts, tick);
                if containers > 0 {
                    s.containers = Some(sample_bench::containers(containers, tick));
                }
                s
            })
            .collect();
        store.append(&mut session, &samples).unwrap();
    }
    started.elapsed()
}

fn report(path: &std::path::Path, label: &str) {
    let store = Store::open_existing(path, false).unwrap();
    let started = Instant::now();
    let e = Evidence::gather(&store, Span::last(Duration::from_secs(7 * 86_400)), |_| {}, || None)
        .unwrap();
    let read = started.elapsed();
    // The floor: the container rows read out of SQLite and summed, nothing else.
    let started = Instant::now();
    let mut sum = 0u64;
    store
        .for_each_container_memory::<wsltune::store::StoreError>(0, i64::MAX, false, |_, _, m| {
            sum = sum.wrapping_add(m);
            Ok(())
        })
        .unwrap();
    let floor = started.elapsed();
    let started = Instant::now();
    let s = &e.series;
    let (from, to) = (s.ts_ms.first().copied().unwrap_or(0), s.ts_ms.last().copied().unwrap_or(0));
    wsltune::analyze::containers::Containers::load(&store, from, to, s, 600).unwrap();
    let containers = started.elapsed();
    let zone = wsltune::zone::Zone::utc();
    let started = Instant::now();
    let charts = wsltune::report::draw(&e, &zone, None).unwrap();
    let drawn = started.elapsed();
    let html = wsltune::report::page::html(&e, &charts, &zone, None, "now");
    let chart = charts.containers.as_ref().map_or(0, String::len);
    println!(
        "{label}: {} samples; read + analyse {:.2} s (of it the containers {:.2} s; their rows alone {:.2} s, checksum {}), draw {:.2} s; page {:.0} KiB, of it the containers chart (both sizes) {:.0} KiB",
        e.series.len(),
        read.as_secs_f64(),
        containers.as_secs_f64(),
        floor.as_secs_f64(),
        sum % 1000,
        drawn.as_secs_f64(),
        html.len() as f64 / 1024.0,
        chart as f64 / 1024.0
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.db");
    build(&plain, 0);
    report(&plain, "a week at 5 s, no containers");
    let path = dir.path().join("docker.db");
    let took = build(&path, 50);
    println!("a week at 5 s with 50 containers stored in {:.1} s", took.as_secs_f64());
    report(&path, "the same with 50 containers, all raw");
    {
        let mut store = Store::open_writer(&path).unwrap();
        let last = 1_700_000_000_000i64 + WEEK as i64 * 5000;
        let keep = wsltune::store::retention::Retention {
            raw: Duration::from_secs(86_400),
            rollups: Duration::from_secs(365 * 86_400),
        };
        store.apply_retention(last, keep).unwrap();
    }
    report(&path, "the same with a day raw, the rest in minutes");
}
