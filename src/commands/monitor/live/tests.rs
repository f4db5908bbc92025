//! The live view's frames: widths, fixed scales, colour, redraws.

use super::*;
use crate::term::display_width;

#[test]
fn bars_and_sparklines_on_a_fixed_scale() {
    assert_eq!(bar(&[(0.5, '█'), (0.25, '▓')], 32).chars().filter(|c| *c == '█').count(), 16);
    assert_eq!(bar(&[(2.0, '█')], 32).chars().count(), 32);
    let v: VecDeque<f64> = [0.0, 0.5, 1.0, 0.5].into_iter().collect();
    assert_eq!(sparkline(&v, 60), "▁▅█▅");
    assert_eq!(sparkline(&v, 2), "█▅");
    // Not its own min and max: a flat 50 % is drawn at half height.
    let flat: VecDeque<f64> = [0.5, 0.5].into_iter().collect();
    assert_eq!(sparkline(&flat, 60), "▅▅");
}

/// At every width from 60 columns, no line is wider than the terminal and no figure is
/// split across lines.
#[test]
fn frames_fit_their_width_without_splitting_figures() {
    let sample = Sample {
        ts_ms: 1_767_225_600_000,
        mem_total_bytes: Some(16 << 30),
        mem_used_bytes: Some(15 << 30),
        mem_cache_bytes: Some(1 << 29),
        mem_free_bytes: Some(1 << 28),
        swap_total_bytes: Some(0),
        cpu_busy_ratio: Some(0.123),
        disks: vec![crate::sample::DiskSample {
            path: "/mnt/c/d/docker_data.vhdx".to_owned(),
            role: crate::locate::Role::DockerData,
            file_length: Some(123_456_789_012),
            size_on_disk: None,
            allocated_bytes: None,
            fs_used_bytes: Some(98_765_432_109),
            reclaimable_bytes: Some(24_691_356_903),
        }],
        ..Sample::default()
    };
    for width in [60, 61, 72, 80, 100, 120] {
        let mut view = Live::new(
            "/home/someone/.local/share/wsltune/wsltune.db".to_owned(),
            Duration::from_secs(5),
            vec![(
                "/mnt/c/d/docker_data.vhdx".to_owned(),
                "Docker data · docker_data.vhdx".to_owned(),
            )],
            false,
            false,
            Lang::En,
        );
        let mut out = Vec::new();
        view.draw(&mut out, &sample, 10, 2, (width, 50)).unwrap();
        let text = String::from_utf8(out).unwrap();
        let text = text.rsplit("\x1b[2J").next().unwrap();
        for l in text.lines() {
            assert!(display_width(l) <= width, "{width}: {l:?}");
            assert!(
                !l.trim_end().ends_with(|c: char| c.is_ascii_digit() || c == '.'),
                "{width}: a figure split: {l:?}"
            );
        }
        assert!(text.contains("Swap    off"), "{text}");
        assert!(text.contains("Docker data · docker_data.vhdx"), "{text}");
        assert!(text.contains("used, last 5s (0 to 16 GiB)"), "{text}");
        assert!(text.contains("busy, last 5s (0–100%)"), "{text}");
    }
}

/// A resize draws the last sample again for the new width.
#[test]
fn a_redraw_fits_the_new_width() {
    let sample = Sample {
        mem_total_bytes: Some(16 << 30),
        mem_used_bytes: Some(3 << 30),
        mem_cache_bytes: Some(5 << 30),
        mem_free_bytes: Some(8 << 30),
        ..Sample::default()
    };
    let mut view = Live::new(String::new(), Duration::from_secs(5), vec![], false, false, Lang::En);
    let mut out = Vec::new();
    view.draw(&mut out, &sample, 1, 1, (120, 50)).unwrap();
    let wide = String::from_utf8(out).unwrap();
    assert!(wide.lines().any(|l| display_width(l) > 70), "{wide}");
    let mut out = Vec::new();
    view.redraw(&mut out, (60, 50)).unwrap();
    let narrow = String::from_utf8(out).unwrap();
    assert!(narrow.lines().all(|l| display_width(l) <= 60), "{narrow}");
    assert!(narrow.contains("used 3 GiB"), "{narrow}");
}

#[test]
fn colour_only_when_asked() {
    let mut out = Vec::new();
    let sample =
        Sample { mem_total_bytes: Some(100), mem_used_bytes: Some(95), ..Sample::default() };
    Live::new(String::new(), Duration::from_secs(1), vec![], false, false, Lang::En)
        .draw(&mut out, &sample, 0, 0, (80, 24))
        .unwrap();
    assert!(!String::from_utf8_lossy(&out).contains("\x1b[1;31m"));
    let mut out = Vec::new();
    Live::new(String::new(), Duration::from_secs(1), vec![], true, false, Lang::En)
        .draw(&mut out, &sample, 0, 0, (80, 24))
        .unwrap();
    assert!(String::from_utf8_lossy(&out).contains("\x1b[1;31m"), "memory at 95% is an alarm");
}

fn running(n: usize) -> Vec<crate::sample::ContainerSample> {
    (0..n)
        .map(|i| crate::sample::ContainerSample {
            id: format!("{i:012}"),
            name: if i == 0 {
                "a-container-name-far-longer-than-any-column-allows-it".to_owned()
            } else {
                format!("svc-{i}")
            },
            mem_used_bytes: (100 - i as u64) << 20,
            mem_limit_bytes: 16 << 30,
            cpu_cores: Some(0.25),
        })
        .collect()
}

/// The frame after its last clear, as lines.
fn frame_of(view: &mut Live, s: &Sample, size: (usize, usize)) -> Vec<String> {
    let mut out = Vec::new();
    view.draw(&mut out, s, 1, 1, size).unwrap();
    let text = String::from_utf8(out).unwrap();
    text.rsplit("\x1b[2J").next().unwrap().lines().map(str::to_owned).collect()
}

/// Containers fill the lines the terminal has left and no more: the rest is one `+N more`
/// line with their memory summed; every line fits 60, 80 and 120 columns, and the frame
/// leaves the terminal's last line empty.
#[test]
fn containers_fit_the_terminal_and_the_rest_is_summed() {
    let sample = Sample {
        mem_total_bytes: Some(16 << 30),
        mem_used_bytes: Some(3 << 30),
        containers: Some(running(30)),
        ..Sample::default()
    };
    for width in [60, 80, 120] {
        for height in [24, 30, 60] {
            let mut view =
                Live::new(String::new(), Duration::from_secs(1), vec![], false, true, Lang::En);
            let lines = frame_of(&mut view, &sample, (width, height));
            assert!(lines.len() < height, "{width}×{height}: {} lines\n{lines:#?}", lines.len());
            for l in &lines {
                assert!(display_width(l) <= width, "{width}: {l:?}");
            }
            let head = lines.iter().find(|l| l.starts_with("Docker  ")).unwrap();
            let total: u64 = running(30).iter().map(|c| c.mem_used_bytes).sum();
            let want = format!("Docker  30 running · memory {} · CPU 750.0%", format_bytes(total));
            assert_eq!(head, &want);
            let shown = lines.iter().filter(|l| l.trim_start().starts_with("svc-")).count();
            let more = lines.iter().find(|l| l.trim_start().starts_with('+'));
            if height == 60 {
                assert!(more.is_none() && shown == 29, "{width}×{height}: {lines:#?}");
            } else {
                // Those shown, the long first name cut, and the rest summed.
                let more = more.unwrap_or_else(|| panic!("{width}×{height}: {lines:#?}"));
                let rest = 30 - 1 - shown;
                assert!(more.contains(&format!("+{rest} more")), "{more}");
                let sum: u64 = running(30).iter().skip(1 + shown).map(|c| c.mem_used_bytes).sum();
                assert!(more.contains(&format_bytes(sum)), "{more} vs {}", format_bytes(sum));
                assert!(
                    more.trim_end().ends_with(&format!("{:.1}%", rest as f64 * 25.0)),
                    "{more}"
                );
                assert_eq!(lines.len(), height - 1, "{width}×{height}: the room is used");
            }
            let cut = lines.iter().find(|l| l.contains("a-container-name-far")).unwrap();
            assert!(cut.contains("… ") && !cut.contains("allows"), "{cut}");
        }
    }
    // Even a terminal too short for the rest keeps the totals line.
    let mut view = Live::new(String::new(), Duration::from_secs(1), vec![], false, true, Lang::En);
    let lines = frame_of(&mut view, &sample, (80, 5));
    assert!(lines.iter().any(|l| l.starts_with("Docker  30 running")), "{lines:#?}");
}

/// An engine that does not answer is said in one line, after two ticks of grace for a late
/// answer; with Docker off there is no Docker block at all.
#[test]
fn docker_not_answering_and_docker_off() {
    let silent = Sample { mem_total_bytes: Some(16 << 30), ..Sample::default() };
    let answered = Sample { containers: Some(running(2)), ..silent.clone() };
    let docker_lines = |lines: Vec<String>| -> Vec<String> {
        lines.into_iter().filter(|l| l.starts_with("Docker")).collect()
    };
    let mut view = Live::new(String::new(), Duration::from_secs(1), vec![], false, true, Lang::En);
    assert_eq!(
        docker_lines(frame_of(&mut view, &silent, (60, 40))),
        ["Docker  not answering (containers not sampled)"]
    );
    let mut view = Live::new(String::new(), Duration::from_secs(1), vec![], false, true, Lang::En);
    frame_of(&mut view, &answered, (60, 40));
    for _ in 0..DOCKER_GRACE {
        let late = frame_of(&mut view, &silent, (60, 40));
        assert!(late.iter().any(|l| l.trim_start().starts_with("svc-1")), "{late:#?}");
    }
    let gone = docker_lines(frame_of(&mut view, &silent, (60, 40)));
    assert_eq!(gone, ["Docker  not answering (containers not sampled)"]);
    // Ticks between two readings of many containers: the engine answers, the last list stands.
    frame_of(&mut view, &answered, (60, 40));
    let between = Sample { docker_up: Some(true), ..silent.clone() };
    for _ in 0..=DOCKER_GRACE + 3 {
        let lines = frame_of(&mut view, &between, (60, 40));
        assert!(lines.iter().any(|l| l.trim_start().starts_with("svc-1")), "{lines:#?}");
    }
    let none = Sample { containers: Some(vec![]), ..silent.clone() };
    assert_eq!(
        docker_lines(frame_of(&mut view, &none, (60, 40))),
        ["Docker  no container running"]
    );
    let mut off = Live::new(String::new(), Duration::from_secs(1), vec![], false, false, Lang::En);
    let lines = frame_of(&mut off, &silent, (60, 40));
    assert!(lines.iter().all(|l| !l.contains("Docker")), "{lines:#?}");
}
