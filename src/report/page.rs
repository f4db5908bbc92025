//! The HTML page: one self-contained file (inline SVG and CSS, no script, no network), readable
//! in light and dark, printable. Everything from the environment is escaped.

use std::fmt::Write as _;

use super::now;
use crate::analyze::evidence::Evidence;
use crate::analyze::recommend::peak_sentence;
use crate::analyze::stats::Summary;
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
body { background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 980px; padding: 24px; overflow-wrap: break-word; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 1em; }
.muted { color: var(--muted); } .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin: 16px 0; }
.card { background: var(--card); border-radius: 8px; padding: 12px 14px; min-width: 0; } .card .v { font-size: 1.5em; font-weight: 600; } .card .k { color: var(--muted); font-size: .85em; }
.warn { background: var(--warn); border-left: 4px solid var(--warn-line); padding: 8px 12px; border-radius: 4px; }
figure { margin: 8px 0 16px; } figure svg { display: block; width: 100%; max-width: 100%; height: auto; color: var(--fg); } figcaption { color: var(--muted); font-size: .9em; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
pre { background: var(--card); padding: 12px; border-radius: 8px; overflow-x: auto; font-size: .85em; white-space: pre-wrap; } code { font-family: ui-monospace, Consolas, monospace; } p code, h3 code, .muted code { overflow-wrap: anywhere; } th, td:first-child code { white-space: nowrap; }
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
        || "—".to_owned(),
        |s| {
            format!(
                "p50 {} · p95 {} · p99 {} · max {}",
                fmt(s.p50),
                fmt(s.p95),
                fmt(s.p99),
                fmt(s.max)
            )
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
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>wsltune report</title><style>{STYLE}</style></head><body>"#
    );
    let _ = write!(
        out,
        r#"<h1>wsltune report</h1><p class="muted">{} to {} ({}) · {} over {} · from <code>{}</code> · generated {}</p>"#,
        escape(&zone.civil(first).date_time()),
        escape(&zone.civil(last).date_time()),
        escape(&zone.name(last)),
        crate::units::plural(a.window.samples as u64, "sample", "samples"),
        now::span_words(last - first),
        escape(&e.db.display().to_string()),
        escape(generated)
    );
    out.push_str(r#"<p class="muted">Sizes are binary: 1 GiB = 1024³ bytes. <code>.wslconfig</code> values keep WSL's spelling, where <code>8GB</code> means 8 GiB.</p>"#);
    out.push_str(r#"<div class="cards">"#);
    let m = &a.memory;
    card(&mut out, "VM memory", &gib(m.total_bytes), "what the VM has (MemTotal), last sample");
    card(
        &mut out,
        "Used, 99% of the time ≤",
        &gib(m.used_bytes.map(|s| s.p99)),
        &format!("peak {}", gib(m.used_bytes.map(|s| s.max))),
    );
    card(
        &mut out,
        "Page cache, median",
        &gib(m.cache_bytes.map(|s| s.p50)),
        &format!("while idle {}", gib(m.cache_while_idle_bytes)),
    );
    card(
        &mut out,
        "CPU busy, p95",
        &a.cpu.busy_cores.map_or("—".to_owned(), |c| format!("{:.1} cores", c.p95)),
        &a.cpu.processors.map_or(String::new(), |p| format!("of {p:.0} processors")),
    );
    card(
        &mut out,
        "Swap used, max",
        &gib(m.swap_used_max_bytes),
        &match m.swap_in_use_share {
            0.0 => "never in use (over 64 MiB)".to_owned(),
            s if s < 0.001 => "in use under 0.1% of the time".to_owned(),
            s => format!("in use {:.1}% of the time", s * 100.0),
        },
    );
    for d in &a.disks {
        let name = std::path::Path::new(&d.path)
            .file_name()
            .map_or(d.path.clone(), |n| n.to_string_lossy().into_owned());
        let growth = d
            .growth_bytes_per_day
            .map_or("growth unknown".to_owned(), |g| format!("trend {:+.2} GiB/day", g / GIB));
        card(&mut out, &name, &gib(d.last_file_length), &growth);
    }
    out.push_str("</div>");

    out.push_str("<h2>Recommendation</h2>");
    let vm = now::vm_at_end(s);
    let pending = now::pending(e);
    if !pending.is_empty() {
        let _ = write!(
            out,
            r#"<p class="warn">The VM does not have what <code>.wslconfig</code> sets: {}. WSL reads the file only when the VM starts: run <code>wsl --shutdown</code> (it stops every distro; start Docker Desktop again afterwards).</p>"#,
            escape(&pending.join("; "))
        );
    }
    if e.advice.recommendations.is_empty() {
        out.push_str("<p>No change recommended.</p>");
    } else {
        out.push_str(
            "<table><tr><th>setting</th><th>.wslconfig now</th><th>the VM has</th><th>recommended</th><th>why</th></tr>",
        );
        for r in &e.advice.recommendations {
            let _ = write!(
                out,
                r#"<tr><td><code>{}</code></td><td data-k=".wslconfig now">{}</td><td data-k="the VM has">{}</td><td data-k="recommended"><strong>{}</strong></td><td>{}</td></tr>"#,
                escape(r.key),
                escape(&r.current),
                escape(&now::vm_has(&vm, r.key)),
                escape(&r.value.written()),
                escape(&r.reason)
            );
        }
        out.push_str("</table>");
    }
    if let Some(p) = &a.docker.peak_containers {
        let _ = write!(out, "<p>{}</p>", escape(&peak_sentence(p, zone)));
    }
    for note in &e.advice.notes {
        let _ = write!(out, r#"<p class="muted">{}</p>"#, escape(note));
    }
    if let Some(diff) = diff {
        out.push_str("<p><code>wsltune apply</code> would make this change to <code>.wslconfig</code> (then <code>wsl --shutdown</code>):</p><pre><code>");
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
        r#"<h2>Memory</h2><figure>{}<figcaption>Used (what programs need), page cache and free memory, stacked; the thin line keeps every peak of used memory; the ring marks the sample the recommended limit rests on. Used: {}.{}</figcaption></figure>"#,
        charts.memory,
        escape(&percentiles(m.used_bytes, |v| gib(Some(v)))),
        escape(&gaps)
    );
    let _ = write!(
        out,
        r#"<figure>{}<figcaption>How often the VM used how much memory (cache excluded; samples on a log scale, so a single peak shows), with the VM's memory and the recommended limit. Memory pressure (PSI) above 10% in {:.1}% of samples; used above 90% of the VM's memory for {:.1} hours.</figcaption></figure>"#,
        charts.histogram,
        m.pressure_share * 100.0,
        m.hours_used_above_90_percent
    );
    if let (Some(svg), Some(b)) = (&charts.containers, &e.containers) {
        super::docker::containers_figure(&mut out, svg, b, &gaps);
    }
    let _ = write!(
        out,
        r#"<h2>CPU</h2><figure>{}<figcaption>Processors kept busy. {}.{}</figcaption></figure>"#,
        charts.cpu,
        escape(&percentiles(a.cpu.busy_cores, |v| format!("{v:.1}"))),
        escape(&gaps)
    );
    let _ = write!(
        out,
        r#"<h2>Swap</h2><figure>{}<figcaption>Swap in use and the swap size.{}</figcaption></figure>"#,
        charts.swap,
        escape(&gaps)
    );
    out.push_str("<h2>Disks</h2>");
    for (d, (_, svg)) in a.disks.iter().zip(&charts.disks) {
        super::disks::section(&mut out, d, svg, zone, last, &gaps);
    }
    if a.disks.is_empty() {
        out.push_str("<p>No disk was recorded in this window.</p>");
    }
    super::docker::disk_kinds(&mut out, &a.docker.disk_by_kind);
    out.push_str(r#"<p class="muted">Every number here is in <code>summary.json</code> beside this file. Made by wsltune.</p></body></html>"#);
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
