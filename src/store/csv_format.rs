//! The CSV long format: one row per sample and disk, then one per sample and running container
//! (a sample with neither has one row with empty disk and container columns; empty means
//! unknown). The header is the contract of DESIGN.md, with the pressure and Docker columns added
//! at the end: `containers_running` (empty when Docker did not answer) and Docker's disk usage
//! belong to the sample and repeat on each of its rows.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use super::line_texts as t;
use super::transfer::ParseError;
use crate::docker::{DiskUsage, KindUsage};
use crate::locate::Role;
use crate::sample::{ContainerSample, DiskSample, Sample};
use crate::units::format_rfc3339;

/// The columns, in order.
pub const HEADER: [&str; 44] = [
    "ts",
    "mem_total_bytes",
    "mem_used_bytes",
    "mem_cache_bytes",
    "mem_free_bytes",
    "mem_available_bytes",
    "swap_total_bytes",
    "swap_used_bytes",
    "cpu_busy_ratio",
    "host_vm_process_bytes",
    "disk_path",
    "disk_role",
    "disk_file_length",
    "disk_size_on_disk",
    "disk_allocated_bytes",
    "disk_fs_used_bytes",
    "disk_reclaimable_bytes",
    "pressure_memory_some_avg10",
    "pressure_cpu_some_avg10",
    "pressure_io_some_avg10",
    "host_vm_process_cpu_ratio",
    "cpu_count",
    "containers_running",
    "container_id",
    "container_name",
    "container_mem_used_bytes",
    "container_mem_limit_bytes",
    "container_cpu_cores",
    "docker_images_total_bytes",
    "docker_images_reclaimable_bytes",
    "docker_images_count",
    "docker_images_active",
    "docker_containers_total_bytes",
    "docker_containers_reclaimable_bytes",
    "docker_containers_count",
    "docker_containers_active",
    "docker_volumes_total_bytes",
    "docker_volumes_reclaimable_bytes",
    "docker_volumes_count",
    "docker_volumes_active",
    "docker_build_cache_total_bytes",
    "docker_build_cache_reclaimable_bytes",
    "docker_build_cache_count",
    "docker_build_cache_active",
];

/// Where the container columns start in [`HEADER`].
const CONTAINER: usize = 23;
/// Where Docker's disk usage columns start.
const DOCKER_DISK: usize = 28;

/// Docker's disk usage as its sixteen columns (empty when unknown).
fn docker_disk_fields(usage: Option<&DiskUsage>) -> [String; 16] {
    let mut out: [String; 16] = Default::default();
    if let Some(u) = usage {
        let values = [u.images, u.containers, u.volumes, u.build_cache]
            .into_iter()
            .flat_map(|k| [k.total_bytes, k.reclaimable_bytes, k.count, k.active]);
        for (slot, v) in out.iter_mut().zip(values) {
            *slot = v.to_string();
        }
    }
    out
}

/// Whether `line` looks like this format's header: its first field is one of [`HEADER`]'s
/// columns and a comma follows (a cheap look at the first line, to name a file given with the
/// wrong `--format`).
pub fn looks_like_header(line: &str) -> bool {
    let line = line.trim_start_matches('\u{feff}');
    line.split_once(',').is_some_and(|(first, _)| HEADER.contains(&first.trim().trim_matches('"')))
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// Writes the header.
pub fn write_header(out: &mut csv::Writer<impl Write>) -> csv::Result<()> {
    out.write_record(HEADER)
}

/// Writes one sample's rows.
pub fn write_sample(out: &mut csv::Writer<impl Write>, s: &Sample) -> csv::Result<()> {
    let head = [
        format_rfc3339(s.ts_ms),
        num(s.mem_total_bytes),
        num(s.mem_used_bytes),
        num(s.mem_cache_bytes),
        num(s.mem_free_bytes),
        num(s.mem_available_bytes),
        num(s.swap_total_bytes),
        num(s.swap_used_bytes),
        num(s.cpu_busy_ratio),
        num(s.host_vm_process_bytes),
    ];
    let tail = [
        num(s.pressure_memory_some_avg10),
        num(s.pressure_cpu_some_avg10),
        num(s.pressure_io_some_avg10),
        num(s.host_vm_process_cpu_ratio),
        num(s.cpu_count),
        num(s.containers.as_ref().map(Vec::len)),
    ];
    let docker = docker_disk_fields(s.docker_disk_usage.as_ref());
    let no_disk: [String; 7] = Default::default();
    let no_container: [String; 5] = Default::default();
    let containers = s.containers.as_deref().unwrap_or_default();
    if s.disks.is_empty() && containers.is_empty() {
        return out.write_record(
            head.iter().chain(&no_disk).chain(&tail).chain(&no_container).chain(&docker),
        );
    }
    for d in &s.disks {
        let disk = [
            d.path.clone(),
            d.role.as_str().to_owned(),
            num(d.file_length),
            num(d.size_on_disk),
            num(d.allocated_bytes),
            num(d.fs_used_bytes),
            num(d.reclaimable_bytes),
        ];
        out.write_record(
            head.iter().chain(&disk).chain(&tail).chain(&no_container).chain(&docker),
        )?;
    }
    for c in containers {
        let container = [
            c.id.clone(),
            c.name.clone(),
            c.mem_used_bytes.to_string(),
            c.mem_limit_bytes.to_string(),
            num(c.cpu_cores),
        ];
        out.write_record(
            head.iter().chain(&no_disk).chain(&tail).chain(&container).chain(&docker),
        )?;
    }
    Ok(())
}

/// Reads a whole CSV file into samples, in time order; the first bad row is an error naming its
/// line.
pub fn parse(input: impl Read) -> Result<Vec<Sample>, ParseError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| ParseError::new(1, t::CSV_HEADER.fill(&[("error", &e)])))?
        .clone();
    let first = header.get(0).unwrap_or("").trim_start_matches('\u{feff}').trim_start();
    if super::jsonl::looks_like_json(first) {
        // The header record's own position says line 1 even after blank lines; the reader is
        // now at the start of the line after it.
        let line = reader.position().line().saturating_sub(1).max(1);
        return Err(ParseError::new(line, t::CSV_LOOKS_JSONL.get().to_owned()));
    }
    let mut index = [None; HEADER.len()];
    for (i, name) in header.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}');
        let unknown = || {
            let columns = HEADER.join(",");
            ParseError::new(
                1,
                t::CSV_UNKNOWN_COLUMN.fill(&[("name", &name), ("columns", &columns)]),
            )
        };
        let k = HEADER.iter().position(|h| *h == name).ok_or_else(unknown)?;
        let slot = index.get_mut(k).ok_or_else(unknown)?;
        if slot.is_some() {
            return Err(ParseError::new(1, t::CSV_COLUMN_TWICE.fill(&[("name", &name)])));
        }
        *slot = Some(i);
    }
    if index[0].is_none() {
        return Err(ParseError::new(1, t::CSV_NO_TS.get().to_owned()));
    }
    let mut samples: BTreeMap<i64, (u64, Sample)> = BTreeMap::new();
    // Per sample, the `containers_running` its rows give: checked against its container rows.
    let mut running: BTreeMap<i64, u64> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            ParseError::new(line, t::CSV_ROW.fill(&[("error", &e)]))
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let field = |k: usize| -> &str {
            index.get(k).copied().flatten().and_then(|i| record.get(i)).unwrap_or("").trim()
        };
        // A bad value: `text` names its column and quotes it, with `extra` placeholders.
        let bad_with =
            |k: usize, text: crate::i18n::Text, extra: (&str, &dyn std::fmt::Display)| {
                let column = HEADER.get(k).copied().unwrap_or("?");
                let said = text.fill(&[("column", &column), ("value", &field(k)), extra]);
                ParseError::new(line, said)
            };
        let bad = |k: usize, text: crate::i18n::Text| bad_with(k, text, ("", &""));
        let int = |k: usize| -> Result<Option<u64>, ParseError> {
            let v = field(k);
            if v.is_empty() {
                Ok(None)
            } else {
                v.parse().map(Some).map_err(|_| bad(k, t::CSV_NOT_BYTES))
            }
        };
        let real = |k: usize, max: f64| -> Result<Option<f64>, ParseError> {
            let v = field(k);
            if v.is_empty() {
                return Ok(None);
            }
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..=max).contains(&x) => Ok(Some(x)),
                _ => Err(bad_with(k, t::CSV_NOT_NUMBER, ("max", &max))),
            }
        };
        let ts_ms = super::transfer::parse_ts(field(0), line, crate::units::now_ms())?;
        let sample = Sample {
            ts_ms,
            mem_total_bytes: int(1)?,
            mem_used_bytes: int(2)?,
            mem_cache_bytes: int(3)?,
            mem_free_bytes: int(4)?,
            mem_available_bytes: int(5)?,
            swap_total_bytes: int(6)?,
            swap_used_bytes: int(7)?,
            cpu_busy_ratio: real(8, 1.0)?,
            host_vm_process_bytes: int(9)?,
            pressure_memory_some_avg10: real(17, 100.0)?,
            pressure_cpu_some_avg10: real(18, 100.0)?,
            pressure_io_some_avg10: real(19, 100.0)?,
            host_vm_process_cpu_ratio: real(20, 1.0)?,
            cpu_count: int(21)?
                .map(|n| u32::try_from(n).map_err(|_| bad(21, t::CSV_TOO_LARGE)))
                .transpose()?,
            disks: Vec::new(),
            containers: int(22)?.map(|_| Vec::new()),
            docker_up: None,
            docker_disk_usage: {
                let v = (DOCKER_DISK..DOCKER_DISK + 16).map(int).collect::<Result<Vec<_>, _>>()?;
                if v.iter().all(Option::is_none) {
                    None
                } else if let Some(k) = v.iter().position(Option::is_none) {
                    return Err(bad(DOCKER_DISK + k, t::CSV_DOCKER_PARTLY));
                } else {
                    let v: Vec<u64> = v.into_iter().flatten().collect();
                    let kind = |i: usize| {
                        let at = |j: usize| v.get(i * 4 + j).copied().unwrap_or(0);
                        KindUsage {
                            total_bytes: at(0),
                            reclaimable_bytes: at(1),
                            count: at(2),
                            active: at(3),
                        }
                    };
                    Some(DiskUsage {
                        images: kind(0),
                        containers: kind(1),
                        volumes: kind(2),
                        build_cache: kind(3),
                    })
                }
            },
        };
        let id = field(CONTAINER);
        let container = if id.is_empty() {
            if (CONTAINER + 1..CONTAINER + 5).any(|k| !field(k).is_empty()) {
                return Err(ParseError::new(line, t::CSV_CONTAINER_WITHOUT_ID.get().to_owned()));
            }
            None
        } else {
            let need = |k: usize| int(k)?.ok_or_else(|| bad(k, t::CSV_NEEDS_MEMORY));
            Some(ContainerSample {
                id: id.to_owned(),
                name: field(CONTAINER + 1).to_owned(),
                mem_used_bytes: need(CONTAINER + 2)?,
                mem_limit_bytes: need(CONTAINER + 3)?,
                cpu_cores: real(CONTAINER + 4, 4096.0)?,
            })
        };
        let path = field(10);
        let disk = if path.is_empty() {
            if (11..=16).any(|k| !field(k).is_empty()) {
                return Err(ParseError::new(line, t::CSV_DISK_WITHOUT_PATH.get().to_owned()));
            }
            None
        } else {
            let role = Role::parse(field(11)).ok_or_else(|| bad(11, t::CSV_ROLE))?;
            Some(DiskSample {
                path: path.to_owned(),
                role,
                file_length: int(12)?,
                size_on_disk: int(13)?,
                allocated_bytes: int(14)?,
                fs_used_bytes: int(15)?,
                reclaimable_bytes: int(16)?,
            })
        };
        let count = int(22)?;
        if let Some(n) = count {
            match running.insert(ts_ms, n) {
                Some(before) if before != n => {
                    return Err(bad_with(22, t::CSV_RUNNING_DIFFERS, ("before", &before)));
                }
                _ => {}
            }
        }
        if container.is_some() && sample.containers.is_none() {
            return Err(bad(22, t::CSV_RUNNING_MISSING));
        }
        match samples.get_mut(&ts_ms) {
            None => {
                let mut sample = sample;
                sample.disks.extend(disk);
                if let Some(list) = &mut sample.containers {
                    list.extend(container);
                }
                samples.insert(ts_ms, (line, sample));
            }
            Some((first, existing)) => {
                let mut same = existing.clone();
                same.disks.clear();
                if let Some(list) = &mut same.containers {
                    list.clear();
                }
                if same != sample {
                    return Err(ParseError::new(
                        line,
                        t::SAME_TS_DIFFERS.fill(&[("ts", &field(0)), ("first", first)]),
                    ));
                }
                if disk.is_none() && container.is_none() {
                    return Err(ParseError::new(
                        line,
                        t::CSV_REPEATED.fill(&[("ts", &field(0)), ("first", first)]),
                    ));
                }
                if let (Some(c), Some(list)) = (container, &mut existing.containers) {
                    if list.iter().any(|x| x.id == c.id) {
                        return Err(ParseError::new(
                            line,
                            t::CSV_CONTAINER_TWICE.fill(&[("id", &c.id), ("ts", &field(0))]),
                        ));
                    }
                    list.push(c);
                }
                let Some(disk) = disk else { continue };
                if existing.disks.iter().any(|d| d.path == disk.path) {
                    return Err(ParseError::new(
                        line,
                        t::CSV_DISK_TWICE.fill(&[("path", &disk.path), ("ts", &field(0))]),
                    ));
                }
                existing.disks.push(disk);
            }
        }
    }
    for (ts, (line, s)) in &mut samples {
        if let Some(list) = &mut s.containers {
            let said = running.get(ts).copied().unwrap_or(0);
            if said != list.len() as u64 {
                let text = if list.len() == 1 { t::CSV_RUNNING_ONE } else { t::CSV_RUNNING_MANY };
                return Err(ParseError::new(
                    *line,
                    text.fill(&[
                        ("said", &said),
                        ("ts", &format_rfc3339(*ts)),
                        ("n", &crate::units::thousands(list.len() as u64)),
                    ]),
                ));
            }
            list.sort_by(super::docker::order);
        }
    }
    Ok(samples.into_values().map(|(_, s)| s).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_recognised_cheaply() {
        assert!(looks_like_header("ts,mem_total_bytes"));
        assert!(looks_like_header("\u{feff}\"ts\",x"));
        assert!(looks_like_header("disk_path,ts"), "columns in any order");
        assert!(!looks_like_header("ts"), "no comma");
        assert!(!looks_like_header("time,value"), "not our columns");
        assert!(!looks_like_header("{\"ts\":\"2026-01-01T00:00:00Z\",\"cpu_count\":2}"));
    }

    #[test]
    fn json_lines_are_named_as_such() {
        let text = "{\"ts\":\"2026-01-01T00:00:00Z\",\"cpu_count\":2}\n";
        let e = parse(text.as_bytes()).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.starts_with("it looks like JSON lines, not CSV"), "{e}");
        assert!(e.message.ends_with("import it with --format jsonl"), "{e}");
    }

    /// A sample with disks, containers and Docker's disk usage comes back from its rows, and a
    /// file whose `containers_running` disagrees with its container rows is refused.
    #[test]
    fn containers_round_trip_and_their_count_is_checked() {
        let kind =
            |t: u64| KindUsage { total_bytes: t, reclaimable_bytes: t / 2, count: 2, active: 1 };
        let container = |id: &str, mem: u64| ContainerSample {
            id: id.to_owned(),
            name: format!("n{id}"),
            mem_used_bytes: mem,
            mem_limit_bytes: 1 << 30,
            cpu_cores: Some(0.1234),
        };
        let sample = Sample {
            ts_ms: 1_700_000_000_000,
            mem_used_bytes: Some(1 << 30),
            disks: vec![DiskSample {
                path: "/d.vhdx".to_owned(),
                role: Role::DockerData,
                file_length: Some(1 << 30),
                size_on_disk: None,
                allocated_bytes: None,
                fs_used_bytes: None,
                reclaimable_bytes: None,
            }],
            containers: Some(vec![container("b", 5 << 20), container("a", 3 << 20)]),
            docker_disk_usage: Some(DiskUsage {
                images: kind(9 << 20),
                containers: kind(1),
                volumes: kind(0),
                build_cache: kind(7),
            }),
            ..Sample::default()
        };
        let empty =
            Sample { ts_ms: sample.ts_ms + 5000, containers: Some(vec![]), ..Sample::default() };
        let mut out = csv::Writer::from_writer(Vec::new());
        write_header(&mut out).unwrap();
        write_sample(&mut out, &sample).unwrap();
        write_sample(&mut out, &empty).unwrap();
        let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().count(), 1 + 3 + 1, "a disk row, two container rows, one row");
        assert_eq!(parse(text.as_bytes()).unwrap(), [sample, empty]);
        // One container row dropped: the count says two.
        let short: Vec<&str> = text.lines().filter(|l| !l.contains(",a,na,")).collect();
        let e = parse(short.join("\n").as_bytes()).unwrap_err();
        assert!(e.message.starts_with("containers_running says 2, but the sample at"), "{e}");
        assert!(e.message.ends_with("has 1 container row"), "{e}");
    }
}
