//! JSON lines: one sample per line, as `monitor --format jsonl` prints them. Unknown fields are
//! ignored (fields are added over time); known ones are checked.

use std::io::BufRead;

use serde::Deserialize;

use super::line_texts as t;
use super::transfer::ParseError;
use crate::docker::DiskUsage;
use crate::locate::Role;
use crate::sample::{ContainerSample, DiskSample, Sample};

#[derive(Deserialize)]
struct RawSample {
    ts: String,
    mem_total_bytes: Option<u64>,
    mem_used_bytes: Option<u64>,
    mem_cache_bytes: Option<u64>,
    mem_free_bytes: Option<u64>,
    mem_available_bytes: Option<u64>,
    swap_total_bytes: Option<u64>,
    swap_used_bytes: Option<u64>,
    cpu_busy_ratio: Option<f64>,
    pressure_memory_some_avg10: Option<f64>,
    pressure_cpu_some_avg10: Option<f64>,
    pressure_io_some_avg10: Option<f64>,
    host_vm_process_bytes: Option<u64>,
    host_vm_process_cpu_ratio: Option<f64>,
    cpu_count: Option<u32>,
    #[serde(default)]
    disks: Vec<RawDisk>,
    containers: Option<Vec<RawContainer>>,
    docker_disk_usage: Option<DiskUsage>,
}

#[derive(Deserialize)]
struct RawContainer {
    id: String,
    #[serde(default)]
    name: String,
    mem_used_bytes: u64,
    mem_limit_bytes: u64,
    cpu_cores: Option<f64>,
}

#[derive(Deserialize)]
struct RawDisk {
    path: String,
    role: String,
    file_length: Option<u64>,
    size_on_disk: Option<u64>,
    allocated_bytes: Option<u64>,
    fs_used_bytes: Option<u64>,
    reclaimable_bytes: Option<u64>,
}

fn check(value: Option<f64>, max: f64, name: &str, line: u64) -> Result<Option<f64>, ParseError> {
    match value {
        Some(v) if !(v.is_finite() && (0.0..=max).contains(&v)) => {
            let said = t::JSONL_NOT_NUMBER.fill(&[("name", &name), ("value", &v), ("max", &max)]);
            Err(ParseError::new(line, said))
        }
        other => Ok(other),
    }
}

/// Whether `line` (trimmed) looks like a JSON line: every sample is an object.
pub fn looks_like_json(line: &str) -> bool {
    line.starts_with('{')
}

/// Reads a whole JSON-lines file into samples, in time order; the first bad line is an error. A
/// CSV export (its header first) is named as one.
pub fn parse(input: impl BufRead) -> Result<Vec<Sample>, ParseError> {
    let mut samples: std::collections::BTreeMap<i64, (u64, Sample)> = Default::default();
    let mut first = true;
    for (i, line) in input.lines().enumerate() {
        let n = i as u64 + 1;
        let line = line.map_err(|e| {
            let error = crate::i18n::os::describe(&e);
            ParseError::new(n, t::JSONL_UNREADABLE.fill(&[("error", &error)]))
        })?;
        let text = line.trim().trim_start_matches('\u{feff}');
        if text.is_empty() {
            continue;
        }
        if std::mem::take(&mut first)
            && !looks_like_json(text)
            && super::csv_format::looks_like_header(text)
        {
            let column = text.split(',').next().unwrap_or("").trim_matches('"');
            return Err(ParseError::new(n, t::JSONL_LOOKS_CSV.fill(&[("column", &column)])));
        }
        let raw: RawSample = serde_json::from_str(text)
            .map_err(|e| ParseError::new(n, t::JSONL_NOT_SAMPLE.fill(&[("error", &e)])))?;
        let ts_ms = super::transfer::parse_ts(&raw.ts, n, crate::units::now_ms())?;
        let mut disks = Vec::with_capacity(raw.disks.len());
        for d in raw.disks {
            let role = Role::parse(&d.role)
                .ok_or_else(|| ParseError::new(n, t::JSONL_ROLE.fill(&[("role", &d.role)])))?;
            if d.path.is_empty() || disks.iter().any(|x: &DiskSample| x.path == d.path) {
                return Err(ParseError::new(n, t::JSONL_DISK_PATH.fill(&[("path", &d.path)])));
            }
            disks.push(DiskSample {
                path: d.path,
                role,
                file_length: d.file_length,
                size_on_disk: d.size_on_disk,
                allocated_bytes: d.allocated_bytes,
                fs_used_bytes: d.fs_used_bytes,
                reclaimable_bytes: d.reclaimable_bytes,
            });
        }
        let containers = match raw.containers {
            None => None,
            Some(list) => {
                let mut out: Vec<ContainerSample> = Vec::with_capacity(list.len());
                for c in list {
                    if c.id.is_empty() || out.iter().any(|x| x.id == c.id) {
                        let said = t::JSONL_CONTAINER_ID.fill(&[("id", &c.id)]);
                        return Err(ParseError::new(n, said));
                    }
                    out.push(ContainerSample {
                        cpu_cores: check(c.cpu_cores, 4096.0, "cpu_cores", n)?,
                        id: c.id,
                        name: c.name,
                        mem_used_bytes: c.mem_used_bytes,
                        mem_limit_bytes: c.mem_limit_bytes,
                    });
                }
                out.sort_by(super::docker::order);
                Some(out)
            }
        };
        let sample = Sample {
            ts_ms,
            mem_total_bytes: raw.mem_total_bytes,
            mem_used_bytes: raw.mem_used_bytes,
            mem_cache_bytes: raw.mem_cache_bytes,
            mem_free_bytes: raw.mem_free_bytes,
            mem_available_bytes: raw.mem_available_bytes,
            swap_total_bytes: raw.swap_total_bytes,
            swap_used_bytes: raw.swap_used_bytes,
            cpu_busy_ratio: check(raw.cpu_busy_ratio, 1.0, "cpu_busy_ratio", n)?,
            cpu_count: raw.cpu_count,
            pressure_memory_some_avg10: check(
                raw.pressure_memory_some_avg10,
                100.0,
                "pressure_memory_some_avg10",
                n,
            )?,
            pressure_cpu_some_avg10: check(
                raw.pressure_cpu_some_avg10,
                100.0,
                "pressure_cpu_some_avg10",
                n,
            )?,
            pressure_io_some_avg10: check(
                raw.pressure_io_some_avg10,
                100.0,
                "pressure_io_some_avg10",
                n,
            )?,
            host_vm_process_bytes: raw.host_vm_process_bytes,
            host_vm_process_cpu_ratio: check(
                raw.host_vm_process_cpu_ratio,
                1.0,
                "host_vm_process_cpu_ratio",
                n,
            )?,
            disks,
            containers,
            docker_disk_usage: raw.docker_disk_usage,
            docker_up: None,
        };
        if let Some((first, existing)) = samples.get(&ts_ms) {
            if *existing != sample {
                return Err(ParseError::new(
                    n,
                    t::SAME_TS_DIFFERS.fill(&[("ts", &raw.ts), ("first", first)]),
                ));
            }
            continue;
        }
        samples.insert(ts_ms, (n, sample));
    }
    Ok(samples.into_values().map(|(_, s)| s).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_export_is_named_as_such() {
        let text = "\n\u{feff}ts,mem_total_bytes\n2026-01-01T00:00:00Z,1\n";
        let e = parse(text.as_bytes()).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(
            e.message,
            "it looks like CSV, not JSON lines (a CSV header starting 'ts,'): import it with --format csv"
        );
        // A line that is neither stays a JSON error.
        let e = parse("hello\n".as_bytes()).unwrap_err();
        assert!(e.message.starts_with("not a sample: "), "{e}");
    }
}
