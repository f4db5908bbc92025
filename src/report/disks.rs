//! A disk's section of the page: its chart, the change over the window beside the trend (so
//! the figure agrees with what is drawn), the projection to full, and compaction steps only
//! where there is something to give back.

use std::fmt::Write as _;

use super::now::{self, span_words};
use super::page::{escape, html_text};
use super::texts as t;
use crate::analyze::Disk;
use crate::units::format_bytes;
use crate::zone::Zone;

const GIB: f64 = (1u64 << 30) as f64;
const DAY_MS: f64 = 86_400_000.0;
/// Below this, compaction is not worth quitting Docker Desktop for.
const WORTH_COMPACTING: f64 = GIB / 2.0;

fn size(bytes: f64) -> String {
    format_bytes(bytes.max(0.0) as u64)
}

/// Appends the section of disk `d`, its chart `svg` drawn; `end_ms` is the window's last sample.
pub fn section(out: &mut String, d: &Disk, svg: &str, zone: &Zone, end_ms: i64, gaps: &str) {
    let mut text = String::new();
    if let (Some(a), Some(b)) = (d.first_file_length, d.last_file_length) {
        let change = format!("{}{:.2}", if b >= a { "+" } else { "−" }, (b - a).abs() / GIB);
        text.push_str(&t::DISK_WENT.fill(&[
            ("from", &size(a)),
            ("to", &size(b)),
            ("change", &change),
        ]));
    }
    match (d.growth_bytes_per_day, d.days_until_full, d.virtual_size_bytes) {
        (Some(g), Some(days), Some(v)) => {
            let when = now::date(&zone.civil(end_ms + (days * DAY_MS) as i64));
            text.push_str(&t::DISK_TREND_FULL.fill(&[
                ("rate", &format!("{:+.2}", g / GIB)),
                ("size", &size(v)),
                ("span", &span_words((days * DAY_MS) as i64)),
                ("date", &when),
            ]));
        }
        (Some(g), _, _) => {
            text.push_str(&t::DISK_TREND.fill(&[("rate", &format!("{:+.2}", g / GIB))]));
        }
        _ => text.push_str(t::DISK_NO_TREND.get()),
    }
    if let (Some(free), Some(days)) = (d.drive_free_bytes, d.days_until_drive_full) {
        let nearer = d.days_until_full.is_none_or(|v| days < v);
        text.push_str(&t::DRIVE_FREE.fill(&[
            ("free", &size(free)),
            ("days", &format!("{days:.0}")),
            ("nearer", &if nearer { t::DRIVE_NEARER.get() } else { "" }),
        ]));
    }
    text.push_str(gaps);
    let _ = write!(
        out,
        r#"<h3><code>{}</code></h3><figure>{svg}<figcaption>{}</figcaption></figure>"#,
        escape(&d.path),
        html_text(t::DISK_CAPTION, &[("text", &text.trim_start())])
    );
    match d.reclaimable_bytes {
        Some(r) if r >= WORTH_COMPACTING => {
            let _ = write!(
                out,
                "<p>{}</p>",
                html_text(t::COMPACT, &[("size", &size(r)), ("path", &d.path)])
            );
        }
        Some(r) => {
            let _ = write!(
                out,
                r#"<p class="muted">{}</p>"#,
                html_text(t::NOTHING_TO_COMPACT, &[("size", &size(r))])
            );
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disk(reclaimable: f64) -> Disk {
        Disk {
            path: "/mnt/c/d.vhdx".into(),
            role: None,
            first_file_length: Some(40.0 * GIB),
            last_file_length: Some(44.11 * GIB),
            growth_bytes_per_day: Some(0.59 * GIB),
            fs_used_growth_bytes_per_day: None,
            fs_used_bytes: Some(44.11 * GIB - reclaimable),
            reclaimable_bytes: Some(reclaimable),
            virtual_size_bytes: Some(1024.0 * GIB),
            days_until_full: Some(1660.0),
            drive_free_bytes: None,
            days_until_drive_full: None,
        }
    }

    /// Steps only where there is something to give back; the change over the window beside
    /// the trend.
    #[test]
    fn compaction_steps_only_for_a_disk_with_room_to_give_back() {
        let mut out = String::new();
        section(&mut out, &disk(11.0 * GIB), "", &Zone::utc(), 0, "");
        assert!(out.contains("wsltune compact"), "{out}");
        assert!(
            out.contains(
                "from 40 GiB to 44.11 GiB over the window (+4.11 GiB). Trend +0.59 GiB a day (dashed, and carried on past the end of the window)"
            ),
            "{out}"
        );
        assert!(
            out.contains("reaches its virtual size, 1 TiB, in 1660 days (around 1974-07-19)"),
            "{out}"
        );
        let mut out = String::new();
        section(&mut out, &disk(0.1 * GIB), "", &Zone::utc(), 0, "");
        assert!(!out.contains("wsltune compact"), "{out}");
        assert!(
            out.contains("Nothing worth compacting: the file holds only 102.40 MiB more"),
            "{out}"
        );
    }
}
