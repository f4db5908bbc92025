//! The floor of sampling at 1 Hz, for `monitor_cost.py`: read `/proc/meminfo` and `/proc/stat` once a
//! second, N times, and print one line each — the least any recorder does (the issue's "minimal
//! Rust sampler"). Built by the script with `rustc -O`; not part of wsltune.
use std::io::{Read, Write};

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(60);
    let mut buf = String::with_capacity(16384);
    let out = std::io::stdout();
    let start = std::time::Instant::now();
    for i in 0..n {
        let target = start + std::time::Duration::from_secs(i);
        if let Some(d) = target.checked_duration_since(std::time::Instant::now()) {
            std::thread::sleep(d);
        }
        let mut field = |path: &str, line: usize, word: usize| -> u64 {
            buf.clear();
            if std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut buf)).is_err() {
                return 0;
            }
            buf.lines()
                .nth(line)
                .and_then(|l| l.split_whitespace().nth(word))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        let available = field("/proc/meminfo", 2, 1);
        let idle = field("/proc/stat", 0, 4);
        let _ = writeln!(out.lock(), "{available} {idle}");
    }
}
