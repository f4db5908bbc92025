//! The report in Japanese (issue 21): `<html lang="ja">`, Japanese headings, captions, tables
//! and chart text with no English prose of the page's own, the same summary.json keys in both
//! languages, Japanese text in `--png` charts, and headless Chromium screenshots at 1000 and
//! 400 px, light and dark (kept in `reports/` as `issue21-*.png` when
//! `WSLTUNE_SCREENSHOTS_DIR` names a folder).

use std::path::Path;

use serde_json::{Value, json};

use crate::images::have;
use crate::report_docker::{history, import};
use crate::util::in_dir;

const GIB: u64 = 1 << 30;

/// The containers' history of issue 19 with a Docker data disk growing 6 GiB a day, ext4
/// using 11 GiB less than the file, and a `.wslconfig` the VM does not have yet.
fn setup(dir: &Path) {
    let (_, lines) = history();
    let mut text = String::new();
    for (i, mut line) in lines.into_iter().enumerate() {
        let file = 40 * GIB + i as u64 * 6 * GIB / 1440;
        line["disks"] = json!([{
            "path": "/mnt/c/Users/someone/AppData/Local/Docker/wsl/disk/docker_data.vhdx",
            "role": "docker-data",
            "file_length": file,
            "allocated_bytes": file,
            "fs_used_bytes": file - 11 * GIB,
            "reclaimable_bytes": 11 * GIB,
        }]);
        text.push_str(&line.to_string());
        text.push('\n');
    }
    import(dir, &text);
    std::fs::write(dir.join(".wslconfig"), "[wsl2]\nmemory=8GB\nprocessors=4\n").unwrap();
}

fn report(dir: &Path, lang: &str, out: &str, png: bool) -> (String, Value) {
    let mut cmd = in_dir(dir);
    cmd.env("TZ", "Asia/Tokyo").args(["--lang", lang, "report", "--out"]).arg(dir.join(out));
    if png {
        cmd.arg("--png");
    }
    let run = cmd.output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let html = std::fs::read_to_string(dir.join(out).join("report.html")).unwrap();
    let json = std::fs::read_to_string(dir.join(out).join("summary.json")).unwrap();
    (html, serde_json::from_str(&json).unwrap())
}

/// The text between each `open` and the `close` after it.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    html.split(open).skip(1).filter_map(|s| s.split(close).next()).collect()
}

/// Markup, `<code>` and entities out: what a reader reads.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<code>") {
        out.push_str(&rest[..i]);
        rest = rest[i..].split_once("</code>").map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in out.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                plain.push(' ');
            }
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain.replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", "\"")
}

/// What the page says, a line per run of text, for a snapshot: the generation time (after
/// `generated ` / `作成 `) masked; `<code>` (the history's folder among it) left out.
fn page_words(html: &str) -> String {
    let html = match (html.split_once("<style>"), html.split_once("</style>")) {
        (Some((head, _)), Some((_, tail))) => format!("{head}{tail}"),
        _ => html.to_owned(),
    };
    // A line for each block: a paragraph, heading, card, cell or caption.
    let mut html = html;
    for close in ["</p>", "</h1>", "</h2>", "</h3>", "</div>", "</th>", "</td>", "</figcaption>"] {
        html = html.replace(close, &format!("{close}\n"));
    }
    words(&html)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once("· generated ").or_else(|| l.split_once("· 作成 ")) {
            Some((head, _)) => format!("{head}· [GENERATED]"),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_japanese_report_speaks_japanese_with_the_same_summary() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let (ja, ja_summary) = report(dir.path(), "ja", "ja", true);
    let (en, en_summary) = report(dir.path(), "en", "en", false);
    // Both reports (and the Japanese PNGs) kept for a look, where a folder is named.
    if let Some(keep) = std::env::var_os("WSLTUNE_REPORT_JA_DIR") {
        for out in ["ja", "en"] {
            let to = Path::new(&keep).join(out);
            std::fs::create_dir_all(&to).unwrap();
            for f in std::fs::read_dir(dir.path().join(out)).unwrap() {
                let f = f.unwrap().path();
                std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
            }
        }
    }
    assert!(ja.contains(r#"<html lang="ja">"#) && en.contains(r#"<html lang="en">"#));
    // The page's text in both languages, as a reader reads it.
    insta::assert_snapshot!("report_text_en", page_words(&en));
    insta::assert_snapshot!("report_text_ja", page_words(&ja));
    for heading in ["<h1>wsltune レポート</h1>", "<h2>推奨設定</h2>", "<h2>メモリ</h2>"]
    {
        assert!(ja.contains(heading), "{heading}");
    }
    for heading in ["<h2>スワップ</h2>", "<h2>ディスク</h2>", "<h3>コンテナー別</h3>"]
    {
        assert!(ja.contains(heading), "{heading}");
    }
    assert!(ja.contains("<th>種類</th>") && ja.contains("<td>ビルドキャッシュ</td>"));
    assert!(ja.contains("圧縮すると約 <strong>"), "the compaction steps");
    assert!(ja.contains("2026年1月1日 09:00 〜 2026年1月3日 08:59（JST, UTC+09:00）"));
    assert!(ja.contains(">\n1月2日(金)\n</text>"), "the time axis's dates");
    assert!(ja.contains(">\n時刻: JST, UTC+09:00\n</text>"));
    // The page's own texts: headings, captions, table heads, cards, chart text and the
    // paragraphs of the disk and Docker sections (the recommendations' reasons are theirs).
    let mut own: Vec<&str> = between(&ja, "<text", "</text>")
        .iter()
        .filter_map(|t| t.split_once('>'))
        .map(|t| t.1)
        .collect();
    for (open, close) in [
        ("<h1>", "</h1>"),
        ("<h2>", "</h2>"),
        ("<h3>", "</h3>"),
        ("<th>", "</th>"),
        ("<figcaption>", "</figcaption>"),
        (r#"<div class="k">"#, "</div>"),
        (r#"<div class="v">"#, "</div>"),
    ] {
        own.extend(between(&ja, open, close));
    }
    // Muted paragraphs above the recommendation and below the memory chart (between them,
    // the recommendations' notes).
    let (top, _) = ja.split_once("<h2>推奨設定</h2>").unwrap();
    let (_, charts) = ja.split_once("<h2>メモリ</h2>").unwrap();
    own.extend(between(top, r#"<p class="muted">"#, "</p>"));
    own.extend(between(charts, r#"<p class="muted">"#, "</p>"));
    let disks = ja.split("<h2>ディスク</h2>").nth(1).unwrap();
    own.extend(between(disks, "<p>", "</p>"));
    // The restart still pending (what it lists is `doctor`'s).
    assert!(ja.contains("の設定が VM にまだ反映されていません: "));
    let english: Vec<(String, &str)> = own
        .iter()
        .filter_map(|t| crate::japanese::english_prose(&words(t)).map(|w| (w, *t)))
        .collect();
    assert!(english.is_empty(), "English prose in the Japanese page: {english:?}");
    assert!(own.len() > 100, "{} texts checked", own.len());
    // What machines read does not change: the same keys (and values, but for the time).
    let keys = |v: &Value| -> Vec<String> {
        fn walk(v: &Value, at: String, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => m.iter().for_each(|(k, v)| walk(v, format!("{at}.{k}"), out)),
                Value::Array(a) => {
                    a.iter().enumerate().for_each(|(i, v)| walk(v, format!("{at}[{i}]"), out))
                }
                _ => out.push(at),
            }
        }
        let mut out = Vec::new();
        walk(v, String::new(), &mut out);
        out
    };
    assert_eq!(keys(&ja_summary), keys(&en_summary));
    assert!(keys(&ja_summary).len() > 50);
    for key in ["sufficient_data", "docker", "memory", "disks"] {
        assert_eq!(ja_summary[key], en_summary[key], "{key}");
    }
    // `--png` charts in Japanese: drawn, with text (the embedded font has the glyphs).
    let png = std::fs::read(dir.path().join("ja/memory.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000);
}

/// The page's height at `width` px, as Chromium lays it out (read through a frame, since the
/// page holds no script).
fn page_height(dir: &Path, page: &Path, width: u32, dark: &[&str]) -> u32 {
    let html = std::fs::read_to_string(page).unwrap();
    let srcdoc = html.replace('&', "&amp;").replace('"', "&quot;");
    let wrapper = format!(
        r#"<!DOCTYPE html><html><head><title>x</title></head><body style="margin:0"><iframe id="f" style="border:0" width="{width}" height="600" srcdoc="{srcdoc}"></iframe><script>
window.addEventListener("load", () => {{ const d = document.getElementById("f").contentDocument; d.fonts.ready.then(() => {{ document.title = "H" + d.documentElement.scrollHeight; }}); }});
</script></body></html>"#
    );
    let file = dir.join(format!("frame-{width}.html"));
    std::fs::write(&file, wrapper).unwrap();
    let dom = std::process::Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,800"])
        .args(dark)
        // Scrollbars would narrow the frame, wrap more and measure a taller page.
        .arg("--hide-scrollbars")
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let title = dom.split("<title>H").nth(1).and_then(|t| t.split("</title>").next()).unwrap();
    title.parse().unwrap()
}

#[test]
fn chromium_renders_the_japanese_report_on_desktop_and_phone_in_light_and_dark() {
    if !have("chromium") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    report(dir.path(), "ja", "out", false);
    let page = dir.path().join("out/report.html");
    let keep = std::env::var_os("WSLTUNE_SCREENSHOTS_DIR").map(std::path::PathBuf::from);
    let dark_flags = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"];
    for (name, width) in [("desktop", 1000), ("phone", 400)] {
        for (theme, flags) in [("light", &[][..]), ("dark", &dark_flags[..])] {
            let height = page_height(dir.path(), &page, width, flags);
            let shot = dir.path().join(format!("issue21-ja-{name}-{theme}.png"));
            let out = std::process::Command::new("chromium")
                .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"])
                .args(flags)
                .arg(format!("--window-size={width},{height}"))
                .arg(format!("--screenshot={}", shot.display()))
                .arg(format!("file://{}", page.display()))
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let png = std::fs::read(&shot).unwrap();
            assert!(png.len() > 100_000, "{name} {theme}: {} bytes", png.len());
            if let Some(keep) = &keep {
                std::fs::copy(&shot, keep.join(shot.file_name().unwrap())).unwrap();
            }
        }
    }
}
