//! The `lines` format: one line per sample, for logs and pipes, in the language chosen (it is
//! for people; scripts read `--format jsonl`).

use super::texts as t;
use crate::i18n::Lang;
use crate::sample::Sample;

/// One line per sample, for logs and pipes: memory in whole MiB and percentages with one
/// decimal, formatted with integer arithmetic — this runs every tick, and float formatting cost
/// more than reading /proc (benches/README.md).
pub fn line(s: &Sample) -> String {
    let mut text = String::with_capacity(160);
    write_line(&mut text, s);
    text
}

/// [`line`], appended to `text`, in the current language.
pub fn write_line(text: &mut String, s: &Sample) {
    write_line_in(text, s, crate::i18n::current());
}

/// A figure of a line: whole MiB, a percentage, or a count.
#[derive(Clone, Copy)]
enum Figure {
    Mib(Option<u64>),
    Pct(Option<f64>),
    Count(u64),
}

fn push_figure(t: &mut String, figure: Figure) {
    use crate::units::push_u64;
    match figure {
        Figure::Mib(Some(v)) => {
            // Whole MiB, halves up: (v + 2^19) >> 20 without the overflow.
            push_u64(t, (v >> 20) + u64::from(v & (1 << 19) != 0));
            t.push_str("MiB");
        }
        Figure::Pct(Some(v)) => {
            let tenths = (v * 10.0).round() as u64;
            push_u64(t, tenths / 10);
            t.push('.');
            push_u64(t, tenths % 10);
            t.push('%');
        }
        Figure::Count(n) => push_u64(t, n),
        Figure::Mib(None) | Figure::Pct(None) => t.push('?'),
    }
}

/// Appends `template` with its `{name}` placeholders replaced by their figures, without the
/// allocations of [`crate::i18n::fill`] (this runs every tick).
fn push_template(text: &mut String, template: &str, figures: &[(&str, Figure)]) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find('}') else { break };
        let name = after.get(..close).unwrap_or_default();
        match figures.iter().find(|(n, _)| *n == name) {
            Some((_, figure)) => push_figure(text, *figure),
            None => text.push('?'),
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    text.push_str(rest);
}

/// [`line`] in `lang`, appended to `text`.
pub fn write_line_in(text: &mut String, s: &Sample, lang: Lang) {
    use Figure::{Count, Mib, Pct};
    let push = |text: &mut String, t: crate::i18n::Text, figures: &[(&str, Figure)]| {
        push_template(text, t.in_lang(lang), figures);
    };
    crate::units::push_rfc3339(text, s.ts_ms);
    push(
        text,
        t::LINE_MEMORY,
        &[
            ("used", Mib(s.mem_used_bytes)),
            ("cache", Mib(s.mem_cache_bytes)),
            ("free", Mib(s.mem_free_bytes)),
            ("total", Mib(s.mem_total_bytes)),
        ],
    );
    push(
        text,
        t::LINE_SWAP,
        &[("used", Mib(s.swap_used_bytes)), ("total", Mib(s.swap_total_bytes))],
    );
    push(text, t::LINE_CPU, &[("busy", Pct(s.cpu_busy_ratio.map(|r| r * 100.0)))]);
    if s.pressure_memory_some_avg10.is_some() {
        push(text, t::LINE_STALL, &[("stall", Pct(s.pressure_memory_some_avg10))]);
    }
    if s.host_vm_process_bytes.is_some() {
        text.push_str(" | vmmem ");
        push_figure(text, Mib(s.host_vm_process_bytes));
    }
    for d in &s.disks {
        let path = std::path::Path::new(&d.path);
        let name = path.file_name().map_or(path.as_os_str(), |n| n).to_string_lossy();
        text.push_str(" | ");
        text.push_str(&name);
        if d.file_length.is_none() {
            text.push_str(t::LINE_GONE.in_lang(lang));
            continue;
        }
        text.push(' ');
        push_figure(text, Mib(d.file_length));
        if d.reclaimable_bytes.is_some() {
            push(text, t::LINE_RECLAIMABLE, &[("size", Mib(d.reclaimable_bytes))]);
        }
    }
    // Docker last, so the fields before it stay where scripts find them.
    if let Some(containers) = &s.containers {
        let memory = containers.iter().map(|c| c.mem_used_bytes).sum();
        push(
            text,
            t::LINE_DOCKER,
            &[("n", Count(containers.len() as u64)), ("memory", Mib(Some(memory)))],
        );
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

    /// In Japanese the words change and the figures stay: the same figures in the same order.
    #[test]
    fn lines_in_japanese_keep_the_figures() {
        let s = Sample {
            ts_ms: 0,
            mem_used_bytes: Some(3 << 30),
            mem_total_bytes: Some(16 << 30),
            cpu_busy_ratio: Some(0.1234),
            pressure_memory_some_avg10: Some(1.5),
            disks: vec![
                crate::sample::DiskSample {
                    path: "/d/ext4.vhdx".into(),
                    role: crate::locate::Role::Other,
                    file_length: Some(5 << 30),
                    size_on_disk: None,
                    allocated_bytes: None,
                    fs_used_bytes: None,
                    reclaimable_bytes: Some(1 << 30),
                },
                crate::sample::DiskSample {
                    path: "/d/gone.vhdx".into(),
                    role: crate::locate::Role::Other,
                    file_length: None,
                    size_on_disk: None,
                    allocated_bytes: None,
                    fs_used_bytes: None,
                    reclaimable_bytes: None,
                },
            ],
            containers: Some(vec![]),
            ..Sample::default()
        };
        let mut ja = String::new();
        write_line_in(&mut ja, &s, Lang::Ja);
        assert_eq!(
            ja,
            "1970-01-01T00:00:00.000Z メモリ 使用中 3072MiB キャッシュ ? 空き ? 全体 16384MiB | スワップ ? 全体 ? | CPU 使用率 12.3% | メモリ負荷 1.5% | ext4.vhdx 5120MiB（回収可能 1024MiB） | gone.vhdx なし | Docker コンテナー 0 個 0MiB"
        );
        let mut en = String::new();
        write_line_in(&mut en, &s, Lang::En);
        assert_eq!(en, line(&s), "the current language is English in unit tests");
        let figures = |l: &str| -> Vec<String> {
            l.split(|c: char| !(c.is_ascii_alphanumeric() || ".%?-:".contains(c)))
                .filter(|w| w.starts_with(|c: char| c.is_ascii_digit() || c == '?'))
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(figures(&ja), figures(&en));
    }
}
