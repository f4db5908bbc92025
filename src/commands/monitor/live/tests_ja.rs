//! The live view in Japanese (issue 21): at 60, 80 and 120 columns every line fits, labels and
//! columns line up by display width (a Japanese character takes two columns), nothing is cut
//! inside a character or a figure, and no English is left but names, units and codes. The
//! language is passed to the view, not set for the process: tests run in parallel.

use super::*;
use crate::sample::{ContainerSample, DiskSample};
use crate::term::display_width;

const DB: &str = "/home/someone/.local/share/wsltune/wsltune.db";

fn disk(path: &str, role: crate::locate::Role, length: Option<u64>) -> DiskSample {
    DiskSample {
        path: path.to_owned(),
        role,
        file_length: length,
        size_on_disk: None,
        allocated_bytes: None,
        fs_used_bytes: length.map(|l| l / 3),
        reclaimable_bytes: length.map(|l| l / 2),
    }
}

fn containers() -> Vec<ContainerSample> {
    (0..30)
        .map(|i| ContainerSample {
            id: format!("{i:012}"),
            name: if i == 0 {
                "a-container-name-far-longer-than-any-column-allows-it".to_owned()
            } else {
                format!("svc-{i}")
            },
            mem_used_bytes: (900 - 25 * i as u64) << 20,
            mem_limit_bytes: 16 << 30,
            cpu_cores: Some(0.25),
        })
        .collect()
}

/// Everything the view can show at once: swap in use, the VM process, three disks (one with
/// the longest Japanese role, one gone), a warning, Docker's containers.
fn busy_view_in(lang: Lang) -> (Live, Sample) {
    use crate::locate::Role;
    let role = |r: Role| crate::checklist::texts::role_label_in(r, lang);
    let labels = [
        ("/mnt/c/d/docker_data.vhdx", format!("{} · docker_data.vhdx", role(Role::DockerData))),
        ("/mnt/c/d/ext4.vhdx", format!("{} docker-desktop · ext4.vhdx", role(Role::DockerDistro))),
        ("/mnt/c/u/ext4.vhdx", format!("{} Ubuntu-24.04 · ext4.vhdx", role(Role::Distro))),
    ];
    let mut view = Live::new(
        DB.to_owned(),
        Duration::from_secs(5),
        labels.iter().map(|(p, l)| ((*p).to_owned(), l.clone())).collect(),
        false,
        true,
        lang,
    );
    let gone = crate::i18n::fill(
        crate::schedule::texts::DISK_GONE.in_lang(lang),
        &[("path", &"/mnt/c/u/ext4.vhdx")],
    );
    view.warn(&gone);
    let sample = Sample {
        ts_ms: 1_767_225_600_000,
        mem_total_bytes: Some(16 << 30),
        mem_used_bytes: Some(13 << 30),
        mem_cache_bytes: Some(2 << 30),
        mem_free_bytes: Some(1 << 29),
        swap_total_bytes: Some(4 << 30),
        swap_used_bytes: Some(300 << 20),
        cpu_busy_ratio: Some(0.4567),
        pressure_memory_some_avg10: Some(1.5),
        pressure_cpu_some_avg10: Some(12.25),
        pressure_io_some_avg10: Some(0.0),
        host_vm_process_bytes: Some(15 << 30),
        host_vm_process_cpu_ratio: Some(0.123),
        disks: vec![
            disk(labels[0].0, Role::DockerData, Some(123_456_789_012)),
            disk(labels[1].0, Role::DockerDistro, Some(1_234_567_890)),
            disk(labels[2].0, Role::Distro, None),
        ],
        containers: Some(containers()),
        ..Sample::default()
    };
    (view, sample)
}

fn busy_view() -> (Live, Sample) {
    busy_view_in(Lang::Ja)
}

/// The frame after its last clear.
fn frame(view: &mut Live, s: &Sample, size: (usize, usize)) -> String {
    let mut out = Vec::new();
    view.draw(&mut out, s, 1234, 2, size).unwrap();
    let text = String::from_utf8(out).unwrap();
    text.rsplit("\x1b[2J").next().unwrap().to_owned()
}

/// Two English words in a row (three letters or more, lower case): English prose left in a
/// Japanese frame. Tokens are what spaces, Japanese and punctuation separate; a token with a
/// digit, a dot, a slash, a hyphen or an underscore is a name or a code (`ext4.vhdx`,
/// `svc-1`, a path), not a word.
fn english_prose(line: &str) -> Option<String> {
    let mut plain = line.to_owned();
    for name in ["wsltune monitor", "(PSI some avg10)"] {
        plain = plain.replace(name, " ");
    }
    let tokens: Vec<&str> = plain
        .split(|c: char| !c.is_ascii() || c.is_ascii_whitespace() || "()·,:;!".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let english = |w: &&str| w.len() > 2 && w.chars().all(|c| c.is_ascii_lowercase());
    tokens.windows(2).find(|w| w.iter().all(english)).map(|w| w.join(" "))
}

#[test]
fn the_japanese_frame_fits_60_80_and_120_columns() {
    for width in [60, 80, 120] {
        for height in [24, 40, 50] {
            let (mut view, sample) = busy_view();
            let text = frame(&mut view, &sample, (width, height));
            let lines: Vec<&str> = text.lines().collect();
            // The frame leaves the last line empty, but for Docker's totals, kept even when the
            // rest takes the whole terminal (as in English).
            let docker_rows = lines
                .iter()
                .skip_while(|l| !l.starts_with("Docker"))
                .skip(1)
                .take_while(|l| !l.is_empty())
                .count();
            assert!(
                lines.len() < height || docker_rows == 0,
                "{width}×{height}: {} lines\n{text}",
                lines.len()
            );
            if height == 50 {
                assert!(docker_rows > 0, "{width}×{height}: no room for containers\n{text}");
            }
            for l in &lines {
                assert!(display_width(l) <= width, "{width}: {l:?} is {}", display_width(l));
                assert!(
                    !l.trim_end().ends_with(|c: char| c.is_ascii_digit() || c == '.'),
                    "{width}: a figure split: {l:?}"
                );
                assert_eq!(english_prose(l), None, "{width}: English in {l:?}");
            }
            for english in [
                "Memory",
                "Swap",
                "Stalls",
                "Disk",
                "History",
                "used ",
                "cache ",
                "free ",
                " of ",
                "every",
                "stops",
                "last",
                "busy",
                "written",
                "taken",
                "running",
                "more",
                "reclaimable",
                "not there",
            ] {
                assert!(!text.contains(english), "{width}: {english:?} in\n{text}");
            }
            // Every row's figures start after the label column, 10 columns wide.
            for label in ["メモリ", "スワップ", "CPU", "負荷", "vmmem", "ディスク", "Docker"]
            {
                let row = lines.iter().find(|l| l.starts_with(label));
                let row = row.unwrap_or_else(|| panic!("{width}: no {label} row\n{text}"));
                let rest = row.strip_prefix(label).unwrap();
                let pad = 10 - display_width(label);
                assert!(
                    rest.starts_with(&" ".repeat(pad)) && !rest[pad..].starts_with(' '),
                    "{width}: {row:?}"
                );
            }
            assert!(text.contains("使用 13 GiB"), "{text}");
            assert!(text.contains("キャッシュ 2 GiB"), "{text}");
            assert!(text.contains("空き 512 MiB"), "{text}");
            assert!(text.contains("全体 16 GiB"), "{text}");
            assert!(text.contains("使用量・直近 5 秒（0〜16 GiB）"), "{text}");
            assert!(text.contains("使用率・直近 5 秒（0〜100%）"), "{text}");
            assert!(text.contains("5 秒ごと"), "{text}");
            assert!(text.contains("ありません（警告を参照）"), "{text}");
            assert!(text.contains("書き込み済み 1,234 件"), "{text}");
            // The long Japanese disk label is wrapped, whole, under the label column.
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                words.contains("ディスク Docker ディストリビューション docker-desktop · ext4.vhdx"),
                "{width}: {text}"
            );
        }
    }
}

/// The containers' figures stay in their columns when a row's name is Japanese (`ほか 3 個`).
#[test]
fn the_japanese_docker_block_keeps_its_columns() {
    for width in [60, 80, 120] {
        let (mut view, sample) = busy_view();
        let text = frame(&mut view, &sample, (width, 40));
        let rows: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("Docker"))
            .skip(1)
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(rows.len() >= 2, "{width}: {text}");
        let more = rows.last().unwrap();
        assert!(more.trim_start().starts_with("ほか "), "{width}: {more:?}\n{text}");
        let widths: Vec<usize> = rows.iter().map(|r| display_width(r)).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{width}: {widths:?}\n{text}");
        let head = text.lines().find(|l| l.starts_with("Docker")).unwrap();
        assert!(head.starts_with("Docker    実行中 30 個 · メモリ "), "{head:?}");
    }
}

#[test]
fn docker_silent_and_none_in_japanese() {
    let silent = Sample { mem_total_bytes: Some(16 << 30), ..Sample::default() };
    let docker_line = |view: &mut Live, s: &Sample| -> String {
        frame(view, s, (60, 40)).lines().find(|l| l.starts_with("Docker")).unwrap().to_owned()
    };
    let mut view = Live::new(String::new(), Duration::from_secs(1), vec![], false, true, Lang::Ja);
    assert_eq!(
        docker_line(&mut view, &silent),
        "Docker    応答なし（コンテナーは記録されていません）"
    );
    let none = Sample { containers: Some(vec![]), ..silent };
    assert_eq!(docker_line(&mut view, &none), "Docker    実行中のコンテナーはありません");
    let text = frame(&mut view, &none, (60, 40));
    assert!(text.contains("ディスク  見つかりません（`--vhdx PATH` で追加できます）"), "{text}");
    assert!(text.contains("スワップ"), "{text}");
}

/// What the view looks like, at each width (reviewed by eye, kept by `insta`).
#[test]
fn the_japanese_frames_as_they_look() {
    for width in [60, 80, 120] {
        let (mut view, sample) = busy_view();
        let text = frame(&mut view, &sample, (width, 40));
        insta::assert_snapshot!(format!("live_ja_{width}"), text);
    }
}

/// Japanese takes about the room English does: a line or three more at each width (two
/// columns a character, a wider label column), never a screenful.
#[test]
fn japanese_takes_about_the_lines_english_does() {
    for width in [60, 80, 120] {
        let lines = |lang| {
            let (mut view, sample) = busy_view_in(lang);
            frame(&mut view, &sample, (width, 60)).lines().count()
        };
        let (en, ja) = (lines(Lang::En), lines(Lang::Ja));
        assert!(ja <= en + 3, "{width}: {ja} lines in Japanese, {en} in English");
    }
}

/// Warnings, two or three lines each in Japanese, get the lines the terminal has left, newest
/// first: the frame never scrolls its head away, and the newest is shown, cut if it must be.
#[test]
fn warnings_take_the_lines_left() {
    for (width, height) in [(60, 34), (80, 30), (120, 26)] {
        let (mut view, sample) = busy_view();
        for i in 1..=3 {
            let path = format!("/mnt/c/{i}/ext4.vhdx");
            view.warn(&crate::i18n::fill(crate::schedule::texts::DISK_GONE.ja, &[("path", &path)]));
        }
        let text = frame(&mut view, &sample, (width, height));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() < height, "{width}×{height}: {} lines\n{text}", lines.len());
        assert!(lines[0].starts_with("wsltune monitor"), "{text}");
        assert!(text.contains("! /mnt/c/3/ext4.vhdx"), "{width}×{height}: the newest\n{text}");
        assert!(!text.contains("! /mnt/c/u/ext4.vhdx"), "{width}×{height}: the oldest\n{text}");
        for l in &lines {
            assert!(display_width(l) <= width, "{width}: {l:?}");
        }
    }
    // A terminal with room for one line of warning shows the newest, cut.
    let quiet = |warn: bool| {
        let mut view =
            Live::new(DB.to_owned(), Duration::from_secs(5), vec![], false, false, Lang::Ja);
        if warn {
            view.warn(&"ディスクの値は空になります。".repeat(8));
        }
        view
    };
    let sample = Sample { containers: None, ..busy_view().1 };
    let fixed = frame(&mut quiet(false), &sample, (80, 60)).lines().count();
    let text = frame(&mut quiet(true), &sample, (80, fixed + 2));
    let warning: Vec<&str> = text.lines().filter(|l| l.starts_with("! ")).collect();
    assert_eq!(warning.len(), 1, "{text}");
    assert!(warning[0].ends_with('…') && display_width(warning[0]) <= 80, "{text}");
    assert_eq!(text.lines().count(), fixed + 1, "{text}");
}
