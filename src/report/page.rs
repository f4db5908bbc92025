//! The HTML page: one self-contained file (inline SVG and CSS, no script, no network), readable
//! in light and dark, printable. Everything from the environment is escaped.

use std::fmt::Write as _;

use super::now;
use super::texts::{self as t, count};
use crate::analyze::evidence::Evidence;
use crate::analyze::recommend::peak_sentence;
use crate::analyze::stats::Summary;
use crate::i18n::Text;
use crate::units::format_bytes;
use crate::zone::Zone;

const GIB: f64 = (1u64 << 30) as f64;

/// Escapes text for HTML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `code` in backticks as `<code>`, in text already escaped; text with an odd number of
/// backticks is left as it is.
pub fn code(text: &str) -> String {
    if text.matches('`').count() % 2 == 1 {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Prose from elsewhere (a recommendation's reason, a note) for the page: escaped, `code` in
/// backticks as `<code>`.
pub fn prose(text: &str) -> String {
    code(&escape(text))
}

/// A text of ours in the current language as HTML: the template is trusted (its backticks
/// become `<code>`), the values are escaped.
pub fn html_text(text: Text, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let values: Vec<(&str, String)> =
        args.iter().map(|(name, value)| (*name, escape(&value.to_string()))).collect();
    let refs: Vec<(&str, &dyn std::fmt::Display)> =
        values.iter().map(|(name, value)| (*name, value as &dyn std::fmt::Display)).collect();
    crate::i18n::fill(&code(text.get()), &refs)
}

/// The charts, already drawn.
pub struct Charts {
    /// Memory stacked.
    pub memory: String,
    /// Memory by container, when the window holds container rows.
    pub containers: Option<String>,
    /// Histogram of used memory.
    pub histogram: String,
    /// CPU.
    pub cpu: String,
    /// Swap.
    pub swap: String,
    /// Disks: (path, svg).
    pub disks: Vec<(String, String)>,
}

const STYLE: &str = r#"
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2937; --muted: #6b7280; --card: #f3f4f6; --line: #e5e7eb; --accent: #2563eb; --warn: #fef3c7; --warn-line: #d97706; }
@media (prefers-color-scheme: dark) { :root { --bg: #111827; --fg: #e5e7eb; --muted: #9ca3af; --card: #1a2332; --line: #374151; --accent: #60a5fa; --warn: #2a2410; --warn-line: #b45309; } }
* { box-sizing: border-box; }
body { background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Meiryo", "Noto Sans CJK JP", "Noto Sans JP", sans-serif; margin: 0 auto; max-width: 980px; padding: 24px; overflow-wrap: break-word; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 1em; }
.muted { color: var(--muted); } .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin: 16px 0; }
.card { background: var(--card); border-radius: 8px; padding: 12px 14px; min-width: 0; } .card .v { font-size: 1.5em; font-weight: 600; } .card .k { color: var(--muted); font-size: .85em; }
.warn { background: var(--warn); border-left: 4px solid var(--warn-line); padding: 8px 12px; border-radius: 4px; }
figure { margin: 8px 0 16px; } figure svg { display: block; width: 100%; max-width: 100%; height: auto; color: var(--fg); } figure svg text { font-family: inherit; } figcaption { color: var(--muted); font-size: .9em; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
pre { background: var(--card); padding: 12px; border-radius: 8px; overflow-x: auto; font-size: .85em; white-space: pre-wrap; } code { font-family: ui-monospace, Consolas, "Noto Sans Mono CJK JP", monospace; } p code, h3 code, .muted code { overflow-wrap: anywhere; } th, td:first-child code { white-space: nowrap; }
.add { color: #16a34a; } .del { color: #dc2626; }
@media (prefers-color-scheme: dark) { .add { color: #4ade80; } .del { color: #f87171; } }
.narrow { display: none; }
@media (max-width: 640px) {
  .wide { display: none; } .narrow { display: block; }
  body { padding: 12px; font-size: 14px; }
  table, tbody, tr, td { display: block; width: 100%; } tr:first-child { display: none; }
  tr { border-bottom: 1px solid var(--line); padding: 6px 0; } td { border: 0; padding: 2px 0; }
  td[data-k]::before { content: attr(data-k) ": "; color: var(--muted); }
}
@media print { .wide { display: block; } .narrow { display: none; } body { max-width: none; padding: 0; } h2 { break-after: avoid; } figure, table, pre { break-inside: avoid; } }
"#;

fn gib(bytes: Option<f64>) -> String {
    bytes.map_or_else(|| "—".to_owned(), |b| format_bytes(b.max(0.0) as u64))
}

fn card(out: &mut String, key: &str, value: &str, note: &str) {
    let _ = write!(
        out,
        r#"<div class="card"><div class="k">{}</div><div class="v">{}</div><div class="k">{}</div></div>"#,
        escape(key),
        escape(value),
        escape(note)
    );
}

fn percentiles(s: Option<Summary>, fmt: impl Fn(f64) -> String) -> String {
    s.map_or_else(
        || t::PERCENTILES_NONE.get().to_owned(),
        |s| {
            t::PERCENTILES.fill(&[
                ("p50", &fmt(s.p50)),
                ("p95", &fmt(s.p95)),
                ("p99", &fmt(s.p99)),
                ("max", &fmt(s.max)),
            ])
        },
    )
}

/// The whole page.
pub fn html(
    e: &Evidence,
    charts: &Charts,
    zone: &Zone,
    diff: Option<&str>,
    generated: &str,
) -> String {
    let a = &e.analysis;
    let s = &e.series;
    let first = s.ts_ms.first().copied().unwrap_or(0);
    let last = s.ts_ms.last().copied().unwrap_or(0);
    let gaps = now::gap_note(&s.gaps());
    let mut out = String::with_capacity(256 * 1024);
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>{STYLE}</style></head><body>"#,
        crate::i18n::current().tag(),
        t::TITLE
    );
    let _ = write!(
        out,
        r#"<h1>{}</h1><p class="muted">{}</p>"#,
        t::TITLE,
        html_text(
            t::WINDOW,
            &[
                ("from", &now::date_time(&zone.civil(first))),
                ("to", &now::date_time(&zone.civil(last))),
                ("zone", &zone.name(last)),
                ("samples", &count(a.window.samples as u64, t::SAMPLE, t::SAMPLES)),
                ("span", &now::span_words(last - first)),
                ("db", &e.db.display()),
                ("generated", &generated),
            ]
        )
    );
    let _ = write!(out, r#"<p class="muted">{}</p>"#, html_text(t::UNITS, &[]));
    out.push_str(r#"<div class="cards">"#);
    let m = &a.memory;
    card(&mut out, t::CARD_MEMORY.get(), &gib(m.total_bytes), t::CARD_MEMORY_NOTE.get());
    card(
        &mut out,
        t::CARD_USED.get(),
        &gib(m.used_bytes.map(|s| s.p99)),
        &t::CARD_PEAK.fill(&[("size", &gib(m.used_bytes.map(|s| s.max)))]),
    );
    card(
        &mut out,
        t::CARD_CACHE.get(),
        &gib(m.cache_bytes.map(|s| s.p50)),
        &t::CARD_CACHE_IDLE.fill(&[("size", &gib(m.cache_while_idle_bytes))]),
    );
    card(
        &mut out,
        t::CARD_CPU.get(),
        &a.cpu
            .busy_cores
            .map_or("—".to_owned(), |c| t::CARD_CORES.fill(&[("n", &format!("{:.1}", c.p95))])),
        &a.cpu
            .processors
            .map_or(String::new(), |p| t::CARD_OF_PROCESSORS.fill(&[("n", &format!("{p:.0}"))])),
    );
    card(
        &mut out,
        t::CARD_SWAP.get(),
        &gib(m.swap_used_max_bytes),
        &match m.swap_in_use_share {
            0.0 => t::SWAP_NEVER.get().to_owned(),
            s if s < 0.001 => t::SWAP_RARE.get().to_owned(),
            s => t::SWAP_SHARE.fill(&[("share", &format!("{:.1}", s * 100.0))]),
        },
    );
    for d in &a.disks {
        let name = std::path::Path::new(&d.path)
            .file_name()
            .map_or(d.path.clone(), |n| n.to_string_lossy().into_owned());
        let growth = d.growth_bytes_per_day.map_or(t::DISK_GROWTH_UNKNOWN.get().to_owned(), |g| {
            t::DISK_TREND_CARD.fill(&[("rate", &format!("{:+.2}", g / GIB))])
        });
        card(&mut out, &name, &gib(d.last_file_length), &growth);
    }
    out.push_str("</div>");

    let _ = write!(out, "<h2>{}</h2>", t::H_RECOMMENDATION);
    let vm = now::vm_at_end(s);
    let pending = now::pending(e);
    if !pending.is_empty() {
        let what = pending.join(if crate::i18n::current() == crate::i18n::Lang::Ja {
            "、"
        } else {
            "; "
        });
        let _ = write!(out, r#"<p class="warn">{}</p>"#, html_text(t::PENDING, &[("what", &what)]));
    }
    if e.advice.recommendations.is_empty() {
        let _ = write!(out, "<p>{}</p>", t::NO_CHANGE);
    } else {
        let _ = write!(
            out,
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t::TH_SETTING,
            t::TH_NOW,
            t::TH_VM_HAS,
            t::TH_RECOMMENDED,
            t::TH_WHY
        );
        for r in &e.advice.recommendations {
            let _ = write!(
                out,
                r#"<tr><td><code>{}</code></td><td data-k="{}">{}</td><td data-k="{}">{}</td><td data-k="{}"><strong>{}</strong></td><td>{}</td></tr>"#,
                escape(r.key),
                t::TH_NOW,
                escape(&r.current),
                t::TH_VM_HAS,
                escape(&now::vm_has(&vm, r.key)),
                t::TH_RECOMMENDED,
                escape(&r.value.written()),
                prose(&r.reason)
            );
        }
        out.push_str("</table>");
    }
    if let Some(p) = &a.docker.peak_containers {
        let _ = write!(out, "<p>{}</p>", prose(&peak_sentence(p, zone)));
    }
    for note in &e.advice.notes {
        let _ = write!(out, r#"<p class="muted">{}</p>"#, prose(note));
    }
    if let Some(diff) = diff {
        let _ = write!(out, "<p>{}</p><pre><code>", html_text(t::APPLY_DIFF, &[]));
        for line in diff.lines() {
            let class = if line.starts_with('+') && !line.starts_with("+++") {
                "add"
            } else if line.starts_with('-') && !line.starts_with("---") {
                "del"
            } else {
                ""
            };
            let _ = writeln!(out, r#"<span class="{class}">{}</span>"#, escape(line));
        }
        out.push_str("</code></pre>");
    }

    let _ = write!(
        out,
        r#"<h2>{}</h2><figure>{}<figcaption>{}</figcaption></figure>"#,
        t::H_MEMORY,
        charts.memory,
        html_text(
            t::MEMORY_CAPTION,
            &[("percentiles", &percentiles(m.used_bytes, |v| gib(Some(v)))), ("gaps", &gaps)]
        )
    );
    let _ = write!(
        out,
        r#"<figure>{}<figcaption>{}</figcaption></figure>"#,
        charts.histogram,
        html_text(
            t::HISTOGRAM_CAPTION,
            &[
                ("pressure", &format!("{:.1}", m.pressure_share * 100.0)),
                ("hours", &format!("{:.1}", m.hours_used_above_90_percent)),
            ]
        )
    );
    if let (Some(svg), Some(b)) = (&charts.containers, &e.containers) {
        super::docker::containers_figure(&mut out, svg, b, &gaps);
    }
    let _ = write!(
        out,
        r#"<h2>{}</h2><figure>{}<figcaption>{}</figcaption></figure>"#,
        t::H_CPU,
        charts.cpu,
        html_text(
            t::CPU_CAPTION,
            &[
                ("percentiles", &percentiles(a.cpu.busy_cores, |v| format!("{v:.1}"))),
                ("gaps", &gaps)
            ]
        )
    );
    let _ = write!(
        out,
        r#"<h2>{}</h2><figure>{}<figcaption>{}</figcaption></figure>"#,
        t::H_SWAP,
        charts.swap,
        html_text(t::SWAP_CAPTION, &[("gaps", &gaps)])
    );
    let _ = write!(out, "<h2>{}</h2>", t::H_DISKS);
    for (d, (_, svg)) in a.disks.iter().zip(&charts.disks) {
        super::disks::section(&mut out, d, svg, zone, last, &gaps);
    }
    if a.disks.is_empty() {
        let _ = write!(out, "<p>{}</p>", t::NO_DISK);
    }
    super::docker::disk_kinds(&mut out, &a.docker.disk_by_kind);
    let _ = write!(out, r#"<p class="muted">{}</p></body></html>"#, html_text(t::FOOTER, &[]));
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
