//! A disk's section of the page: its chart, the change over the window beside the trend (so
//! the figure agrees with what is drawn), the projection to full, and compaction steps only
//! where there is something to give back.

use std::fmt::Write as _;

use super::now::span_words;
use super::page::escape;
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
        let _ = write!(
            text,
            "The file went from {} to {} over the window ({}{:.2} GiB).",
            size(a),
            size(b),
            if b >= a { "+" } else { "−" },
            (b - a).abs() / GIB
        );
    }
    match (d.growth_bytes_per_day, d.days_until_full, d.virtual_size_bytes) {
        (Some(g), Some(days), Some(v)) => {
            let when = zone.civil(end_ms + (days * DAY_MS) as i64).date_time();
            let _ = write!(
                text,
                " Trend {:+.2} GiB a day (dashed, and carried on past the end of the window): at this pace it reaches its virtual size, {}, in {} (around {}).",
                g / GIB,
                size(v),
                span_words((days * DAY_MS) as i64),
                when.get(..10).unwrap_or(&when)
            );
        }
        (Some(g), _, _) => {
            let _ = write!(text, " Trend {:+.2} GiB a day (dashed).", g / GIB);
        }
        _ => text.push_str(" Too few points for a trend."),
    }
    if let (Some(free), Some(days)) = (d.drive_free_bytes, d.days_until_drive_full) {
        let nearer = d.days_until_full.is_none_or(|v| days < v);
        let _ = write!(
            text,
            " Its drive has {} free: full in about {days:.0} days{}.",
            size(free),
            if nearer { " (the dashed line's limit)" } else { "" }
        );
    }
    text.push_str(gaps);
    let _ = write!(
        out,
        r#"<h3><code>{}</code></h3><figure>{svg}<figcaption>File length (what Windows sees), allocated blocks and what ext4 really uses; the band between the file and ext4 is what compaction could give back. {}</figcaption></figure>"#,
        escape(&d.path),
        escape(&text)
    );
    match d.reclaimable_bytes {
        Some(r) if r >= WORTH_COMPACTING => {
            let _ = write!(
                out,
                "<p>Compaction would give back about <strong>{}</strong>. The file never shrinks on its own (WSL forces sparse VHDs off): quit Docker Desktop, run <code>wsl --shutdown</code>, then <code>wsltune compact \"{}\"</code> shows the plan and does it (no administrator rights; <code>wsltune inspect</code> also lists <code>Optimize-VHD</code> and <code>diskpart</code>).</p>",
                escape(&size(r)),
                escape(&d.path)
            );
        }
        Some(r) => {
            let _ = write!(
                out,
                r#"<p class="muted">Nothing worth compacting: the file holds only {} more than ext4 uses.</p>"#,
                escape(&size(r))
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
