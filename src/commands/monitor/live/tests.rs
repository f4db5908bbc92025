//! The live view's frames: widths, fixed scales, colour, redraws.

use super::*;

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
        );
        let mut out = Vec::new();
        view.draw(&mut out, &sample, 10, 2, width).unwrap();
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
        assert!(text.contains("(0 to 16 GiB)") && text.contains("(0–100%)"), "{text}");
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
    let mut view = Live::new(String::new(), Duration::from_secs(5), vec![], false);
    let mut out = Vec::new();
    view.draw(&mut out, &sample, 1, 1, 120).unwrap();
    let wide = String::from_utf8(out).unwrap();
    assert!(wide.lines().any(|l| display_width(l) > 70), "{wide}");
    let mut out = Vec::new();
    view.redraw(&mut out, 60).unwrap();
    let narrow = String::from_utf8(out).unwrap();
    assert!(narrow.lines().all(|l| display_width(l) <= 60), "{narrow}");
    assert!(narrow.contains("used 3 GiB"), "{narrow}");
}

#[test]
fn colour_only_when_asked() {
    let mut out = Vec::new();
    let sample =
        Sample { mem_total_bytes: Some(100), mem_used_bytes: Some(95), ..Sample::default() };
    Live::new(String::new(), Duration::from_secs(1), vec![], false)
        .draw(&mut out, &sample, 0, 0, 80)
        .unwrap();
    assert!(!String::from_utf8_lossy(&out).contains("\x1b[1;31m"));
    let mut out = Vec::new();
    Live::new(String::new(), Duration::from_secs(1), vec![], true)
        .draw(&mut out, &sample, 0, 0, 80)
        .unwrap();
    assert!(String::from_utf8_lossy(&out).contains("\x1b[1;31m"), "memory at 95% is an alarm");
}
