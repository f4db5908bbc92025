//! `wsltune report` on a synthetic history imported as a user would: every chart is there, every
//! number of summary.json is what the history says, nothing from the environment reaches the
//! page unescaped, and headless Chromium renders it.

use crate::images::have;
use crate::recommend::{history_with_disk, import};
use crate::util::in_dir;

const HOSTILE: &str = "/mnt/c/<script>alert('x')</script>/\"docker\" & data.vhdx";

fn report(dir: &std::path::Path) -> (String, serde_json::Value) {
    let out = in_dir(dir).args(["report", "--out"]).arg(dir.join("out")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(printed.trim(), dir.join("out").join("report.html").display().to_string());
    let html = std::fs::read_to_string(dir.join("out/report.html")).unwrap();
    let summary =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/summary.json")).unwrap())
            .unwrap();
    (html, summary)
}

#[test]
fn the_report_shows_the_history_and_escapes_what_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &history_with_disk(3, HOSTILE));
    let (html, mut summary) = report(dir.path());
    // Five charts: memory, histogram, CPU, swap, one disk, each drawn wide and narrow (the
    // page's styles show one by the screen's width); no script, no external resource.
    assert_eq!(html.matches(r#"<div class="wide"><svg "#).count(), 5);
    assert_eq!(html.matches(r#"<div class="narrow"><svg "#).count(), 5);
    assert!(!html.contains("<script"), "a path reached the page unescaped");
    assert!(html.contains(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;/&quot;docker&quot; &amp; data.vhdx"
    ));
    assert!(
        !html.contains("http://")
            || html.matches("http://").count()
                == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(html.contains("Recommendation") && html.contains("<code>wsl2.memory</code>"));
    // summary.json: every number shown, as the rules predict (see recommend.rs).
    summary["generated"] = "…".into();
    summary["history"] = "…".into();
    insta::assert_json_snapshot!(summary);
}

#[test]
fn png_writes_every_chart_as_a_picture() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &crate::recommend::history(2));
    let out = in_dir(dir.path())
        .args(["report", "--png", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for name in ["memory.png", "memory-histogram.png", "cpu.png", "swap.png", "disk-1.png"] {
        let png = std::fs::read(dir.path().join("out").join(name)).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}");
        // IHDR: width and height, big-endian, at bytes 16..24.
        assert_eq!(&png[16..24], &[0, 0, 3, 132, 0, 0, 1, 64], "{name} is 900×320");
        assert!(png.len() > 20_000, "{name}: a chart, not a blank picture ({} bytes)", png.len());
    }
}

#[test]
fn chromium_renders_the_report() {
    if !have("chromium") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &crate::recommend::history(2));
    report(dir.path());
    let shot = dir.path().join("shot.png");
    let page = format!("file://{}", dir.path().join("out/report.html").display());
    let out = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1000,3000",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // A page of charts, not a blank one (a blank 1000×3000 page compresses to a few KiB).
    assert!(png.len() > 100_000, "{} bytes", png.len());
    // The DOM Chromium built holds every chart.
    let dom = std::process::Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(&page)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(dom.matches("<svg ").count(), 10, "{}", &dom[..dom.len().min(500)]);
}

/// Every `<svg>` of the page, in order.
fn svgs(html: &str) -> Vec<&str> {
    html.split("<svg ").skip(1).map(|s| s.split("</svg>").next().unwrap_or("")).collect()
}

/// The value of `attr="…"` in an element's text (from after its tag name to its `>`).
fn attr<'a>(element: &'a str, attr: &str) -> Option<&'a str> {
    let element = element.split('>').next()?;
    let start = element.find(&format!("{attr}=\""))?;
    if start > 0 && !element[..start].ends_with(' ') {
        return None;
    }
    element[start + attr.len() + 2..].split('"').next()
}

fn coords(points: &str) -> Vec<(f64, f64)> {
    points
        .split_whitespace()
        .filter_map(|p| p.split_once(','))
        .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
        .collect()
}

#[test]
fn nothing_is_drawn_across_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    // Three days of minutes with 30 hours missing (the machine was off): hours 20 to 50.
    let csv: String = crate::recommend::history(3)
        .lines()
        .enumerate()
        .filter(|(i, _)| *i == 0 || !(20 * 60..50 * 60).contains(&(i - 1)))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    import(dir.path(), &csv);
    let (html, _) = report(dir.path());
    assert!(html.contains("1 gap without samples, 30 h (shaded; nothing is drawn across it)."));
    // Every chart over time (all but the histogram), wide and narrow, shades the gap once; no
    // data line or area
    // has two neighbouring points on either side of it. Limit lines (red, green), the axes and
    // the grid (the theme's colour) span the chart.
    let charts = svgs(&html);
    assert_eq!(charts.len(), 10);
    for (i, svg) in
        charts.iter().enumerate().filter(|(_, svg)| !svg.contains("samples (log scale)"))
    {
        let bands: Vec<(f64, f64)> = svg
            .split("<rect ")
            .skip(1)
            .filter(|r| attr(r, "opacity") == Some("0.06"))
            .map(|r| {
                let x: f64 = attr(r, "x").unwrap().parse().unwrap();
                (x, x + attr(r, "width").unwrap().parse::<f64>().unwrap())
            })
            .collect();
        assert_eq!(bands.len(), 1, "chart {i}: one gap band");
        let (a, b) = bands[0];
        assert!(b - a > 50.0, "chart {i}: 30 of 72 hours is a wide band ({a}..{b})");
        let mut drawn = 0;
        for element in
            svg.split('<').filter(|e| e.starts_with("polyline") || e.starts_with("polygon"))
        {
            let color = attr(element, "stroke").or(attr(element, "fill")).unwrap_or("");
            if ["#DC2626", "#16A34A", "currentColor"].contains(&color) {
                continue;
            }
            let points = coords(attr(element, "points").unwrap_or(""));
            if element.starts_with("polygon") {
                let xs = points.iter().map(|p| p.0);
                let (lo, hi) = (xs.clone().fold(f64::MAX, f64::min), xs.fold(f64::MIN, f64::max));
                assert!(
                    hi <= a + 1.0 || lo >= b - 1.0,
                    "chart {i}: an area across the gap: {lo}..{hi}, gap {a}..{b}"
                );
            }
            for w in points.windows(2) {
                let (x0, x1) = (w[0].0.min(w[1].0), w[0].0.max(w[1].0));
                assert!(
                    !(x0 <= a + 1.0 && x1 >= b - 1.0),
                    "chart {i}: a line across the gap: {w:?}"
                );
            }
            drawn += 1;
        }
        assert!(drawn >= 2, "chart {i}: data on both sides");
    }
}

/// The page says what `.wslconfig` sets beside what the VM has, with the restart still due,
/// marks the sample the memory limit rests on, and names the time zone it shows times in.
#[test]
fn the_page_shows_the_wslconfig_beside_the_vm_and_the_deciding_sample() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), &crate::recommend::history(2));
    // The history's VM has 16 GiB and 8 processors.
    std::fs::write(dir.path().join(".wslconfig"), "[wsl2]\nmemory=8GB\nprocessors=4\n").unwrap();
    let out = in_dir(dir.path())
        .env("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
        .args(["report", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(
        html.contains("does not have what <code>.wslconfig</code> sets: memory 8GB (the VM has 16 GiB); processors 4 (the VM has 8)"),
        "{html}"
    );
    assert!(html.contains("run <code>wsl --shutdown</code>"));
    assert!(html.contains(r#"<td data-k="the VM has">16 GiB</td>"#));
    // 2026-01-01T00:00Z is 01:00 in Paris; the history's window and every axis say so.
    assert!(html.contains("2026-01-01 01:00 to 2026-01-03 00:59 (CET, UTC+01:00)"), "{html}");
    assert!(html.contains("time: CET, UTC+01:00"));
    // Used memory's p99 is 6 GiB, first reached at 10:00 UTC on the first day.
    assert!(html.contains("p99: 6 GiB, Thu 1 Jan 11:00"), "{html}");
    assert!(html.contains("WSL's spelling, where <code>8GB</code> means 8 GiB"));
    // Nothing to compact: the history has no ext4 figures, so no steps.
    assert!(!html.contains("wsltune compact"));
}

/// At 400 px the page needs no sideways scrolling: in headless Chromium, the report in a
/// 400 px frame (`srcdoc`, so the measuring script is the test's, not the page's) is no wider
/// than the frame. Without the narrow-screen styles the table alone makes it 800 px wide.
#[test]
fn the_page_fits_a_400_px_screen() {
    if !have("chromium") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    import(
        dir.path(),
        &history_with_disk(
            2,
            "/mnt/c/Users/someone/AppData/Local/Docker/wsl/disk/docker_data.vhdx",
        ),
    );
    let (html, _) = report(dir.path());
    let srcdoc = html.replace('&', "&amp;").replace('"', "&quot;");
    let wrapper = format!(
        r#"<!DOCTYPE html><html><head><title>x</title></head><body style="margin:0"><iframe id="f" style="border:0" width="400" height="800" srcdoc="{srcdoc}"></iframe><script>
window.addEventListener("load", () => {{ const d = document.getElementById("f").contentDocument.documentElement; document.title = "W" + d.scrollWidth + "/" + d.clientWidth; }});
</script></body></html>"#
    );
    let file = dir.path().join("frame.html");
    std::fs::write(&file, wrapper).unwrap();
    let dom = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1000,800",
            "--dump-dom",
        ])
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let title = dom.split("<title>W").nth(1).and_then(|t| t.split("</title>").next()).unwrap();
    let (scroll, client) = title.split_once('/').unwrap();
    let (scroll, client): (u32, u32) = (scroll.parse().unwrap(), client.parse().unwrap());
    assert!(client > 300 && client <= 400, "{title}");
    assert!(scroll <= client, "the page is {scroll} px wide in a {client} px frame");
}

/// The disk charts (wide and narrow) of a report on `csv`, times in UTC+6.
fn disk_charts(dir: &std::path::Path, csv: &str) -> Vec<String> {
    import(dir, csv);
    let out = in_dir(dir)
        .env("TZ", "XXX-06")
        .args(["report", "--out"])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(dir.join("out/report.html")).unwrap();
    svgs(&html).into_iter().filter(|s| s.contains("file length")).map(str::to_owned).collect()
}

/// The dashed trend's segments (grey, 2 px) right of the file length's last point: the
/// projection past the window's end.
fn projected_segments(svg: &str) -> usize {
    let lines: Vec<(&str, Vec<(f64, f64)>)> = svg
        .split('<')
        .filter(|e| e.starts_with("polyline") && attr(e, "stroke-width") == Some("2"))
        .map(|e| (attr(e, "stroke").unwrap_or(""), coords(attr(e, "points").unwrap_or(""))))
        .collect();
    let data_end = lines
        .iter()
        .filter(|(c, _)| *c == "#3B82F6")
        .flat_map(|(_, p)| p.iter().map(|p| p.0))
        .fold(f64::MIN, f64::max);
    assert!(data_end > 0.0, "the file length is drawn");
    lines.iter().filter(|(c, p)| *c == "#9CA3AF" && p.iter().any(|p| p.0 > data_end + 2.0)).count()
}

/// A disk growing 1 GiB a day from 20 GiB over three days, its virtual size known (a real
/// 24 GiB VHDX made by qemu-img): the trend is carried on, dashed, past the window's end to
/// where it meets the virtual size a day later, marked with the day (local time). The same
/// disk shrinking gets no projection.
#[test]
fn the_disk_chart_projects_a_growing_disk_to_full() {
    if !have("qemu-img") {
        return;
    }
    for growing in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let vhdx = dir.path().join("disk.vhdx");
        crate::images::run("qemu-img", &["create", "-f", "vhdx", vhdx.to_str().unwrap(), "24G"]);
        let mut csv = history_with_disk(3, vhdx.to_str().unwrap());
        if !growing {
            // From 23 GiB down to 20, 1 GiB a day: below its virtual size, but shrinking.
            csv = csv
                .lines()
                .map(|l| match l.rsplit_once(',') {
                    Some((head, v)) if v.parse::<u64>().is_ok() => {
                        let v: u64 = v.parse().unwrap();
                        format!("{head},{}\n", (43u64 << 30) - v)
                    }
                    _ => format!("{l}\n"),
                })
                .collect();
        }
        let charts = disk_charts(dir.path(), &csv);
        assert_eq!(charts.len(), 2, "one disk, wide and narrow");
        for svg in &charts {
            let projected = projected_segments(svg);
            if growing {
                assert!(projected >= 3, "a dashed projection past the data ({projected})");
                assert!(svg.contains("full about 5 Jan"), "{svg}");
                assert!(svg.contains("virtual size 24 GiB"));
                assert!(svg.contains("trend (Theil–Sen), projected"));
            } else {
                assert_eq!(projected, 0, "a shrinking disk is not projected");
                assert!(!svg.contains("full about") && !svg.contains("beyond the chart"));
            }
        }
    }
}
