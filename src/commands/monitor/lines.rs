//! The `lines` format: one line per sample, for logs and pipes.

use crate::sample::Sample;

/// One line per sample, for logs and pipes: memory in whole MiB and percentages with one
/// decimal, formatted with integer arithmetic — this runs every tick, and float formatting cost
/// more than reading /proc (benches/README.md).
pub fn line(s: &Sample) -> String {
    let mut text = String::with_capacity(160);
    write_line(&mut text, s);
    text
}

/// [`line`], appended to `text`.
pub fn write_line(text: &mut String, s: &Sample) {
    use crate::units::push_u64;
    let mib = |t: &mut String, v: Option<u64>| match v {
        Some(v) => {
            // Whole MiB, halves up: (v + 2^19) >> 20 without the overflow.
            push_u64(t, (v >> 20) + u64::from(v & (1 << 19) != 0));
            t.push_str("MiB");
        }
        None => t.push('?'),
    };
    let pct = |t: &mut String, v: Option<f64>| match v {
        Some(v) => {
            let tenths = (v * 10.0).round() as u64;
            push_u64(t, tenths / 10);
            t.push('.');
            push_u64(t, tenths % 10);
            t.push('%');
        }
        None => t.push('?'),
    };
    crate::units::push_rfc3339(text, s.ts_ms);
    for (label, value) in [
        (" mem used ", s.mem_used_bytes),
        (" cache ", s.mem_cache_bytes),
        (" free ", s.mem_free_bytes),
        (" of ", s.mem_total_bytes),
    ] {
        text.push_str(label);
        mib(text, value);
    }
    text.push_str(" | swap ");
    mib(text, s.swap_used_bytes);
    text.push_str(" of ");
    mib(text, s.swap_total_bytes);
    text.push_str(" | cpu ");
    pct(text, s.cpu_busy_ratio.map(|r| r * 100.0));
    if s.pressure_memory_some_avg10.is_some() {
        text.push_str(" | mem stall ");
        pct(text, s.pressure_memory_some_avg10);
    }
    if s.host_vm_process_bytes.is_some() {
        text.push_str(" | vmmem ");
        mib(text, s.host_vm_process_bytes);
    }
    for d in &s.disks {
        let path = std::path::Path::new(&d.path);
        let name = path.file_name().map_or(path.as_os_str(), |n| n).to_string_lossy();
        text.push_str(" | ");
        text.push_str(&name);
        if d.file_length.is_none() {
            text.push_str(" gone");
            continue;
        }
        text.push(' ');
        mib(text, d.file_length);
        if d.reclaimable_bytes.is_some() {
            text.push_str(" (");
            mib(text, d.reclaimable_bytes);
            text.push_str(" reclaimable)");
        }
    }
    // Docker last, so the fields before it stay where scripts find them.
    if let Some(containers) = &s.containers {
        text.push_str(" | docker ");
        push_u64(text, containers.len() as u64);
        text.push_str(" ctr ");
        mib(text, Some(containers.iter().map(|c| c.mem_used_bytes).sum()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_compact_and_exact() {
        let s = Sample {
            ts_ms: 0,
            mem_used_bytes: Some(3 << 30),
            mem_total_bytes: Some(16 << 30),
            cpu_busy_ratio: Some(0.1234),
            pressure_memory_some_avg10: Some(1.5),
            ..Sample::default()
        };
        assert_eq!(
            line(&s),
            "1970-01-01T00:00:00.000Z mem used 3072MiB cache ? free ? of 16384MiB | swap ? of ? | cpu 12.3% | mem stall 1.5%"
        );
        let s = Sample {
            ts_ms: 1_795_380_722_123,
            mem_used_bytes: Some((1 << 20) + (1 << 19)),
            mem_cache_bytes: Some((1 << 20) + (1 << 19) - 1),
            mem_free_bytes: Some(u64::MAX),
            mem_total_bytes: Some(0),
            cpu_busy_ratio: Some(1.0),
            disks: vec![crate::sample::DiskSample {
                path: "/d/ext4.vhdx".into(),
                role: crate::locate::Role::Other,
                file_length: Some(5 << 30),
                size_on_disk: None,
                allocated_bytes: None,
                fs_used_bytes: None,
                reclaimable_bytes: Some(0),
            }],
            ..Sample::default()
        };
        assert_eq!(
            line(&s),
            "2026-11-22T20:52:02.123Z mem used 2MiB cache 1MiB free 17592186044416MiB of 0MiB | swap ? of ? | cpu 100.0% | ext4.vhdx 5120MiB (0MiB reclaimable)"
        );
    }

    /// Docker's part comes last and only when the sample has Docker's reading: the fields
    /// before it are the same with or without it.
    #[test]
    fn docker_is_appended_when_it_answered() {
        let c = |name: &str, used: u64| crate::sample::ContainerSample {
            id: name.to_owned(),
            name: name.to_owned(),
            mem_used_bytes: used,
            mem_limit_bytes: 1 << 33,
            cpu_cores: Some(0.5),
        };
        let base = Sample { ts_ms: 0, mem_used_bytes: Some(3 << 30), ..Sample::default() };
        let without = line(&base);
        assert!(!without.contains("docker"), "{without}");
        let with = line(&Sample {
            containers: Some(vec![c("a", 3 << 30), c("b", 100 << 20)]),
            ..base.clone()
        });
        assert_eq!(with, format!("{without} | docker 2 ctr 3172MiB"));
        let none = line(&Sample { containers: Some(vec![]), ..base });
        assert_eq!(none, format!("{without} | docker 0 ctr 0MiB"));
    }
}
