//! Docker's parts of the page: memory by container beside the VM's, who held the memory at its
//! peak, and the data disk's growth split into Docker's kinds with what frees each.

use std::fmt::Write as _;

use super::page::escape;
use crate::analyze::containers::{Binned, KindChange};
use crate::units::format_bytes;

/// The caption of the containers' chart.
pub fn containers_figure(out: &mut String, svg: &str, b: &Binned, gaps: &str) {
    let rest = if b.rest_count > 0 {
        format!(
            ", the other {} summed",
            crate::units::plural(b.rest_count as u64, "container", "containers")
        )
    } else {
        String::new()
    };
    let _ = write!(
        out,
        r#"<h3>By container</h3><figure>{svg}<figcaption>Memory of the {} with the highest peak{rest}, stacked, as <code>docker stats</code> counts it (each a mean of its readings over the chart's step), against the VM's used memory (the line, cache excluded, same step). What the line holds above the stack is the VM's own and Docker's engine.{}</figcaption></figure>"#,
        crate::units::plural(b.names.len() as u64, "container", "containers"),
        escape(gaps)
    );
}

/// `+14.00 GiB`, `−1.20 GiB`, `0 B`.
fn signed(bytes: i64) -> String {
    let sign = match bytes.signum() {
        1 => "+",
        -1 => "−",
        _ => "",
    };
    format!("{sign}{}", format_bytes(bytes.unsigned_abs()))
}

/// The name a user reads: `build cache`.
fn kind_name(kind: &str) -> String {
    kind.replace('-', " ")
}

/// The table of Docker's kinds over the window, and the advice for the one that grew most and
/// can be reclaimed (the command from `docker::prune`, then compaction for Windows).
pub fn disk_kinds(out: &mut String, kinds: &[KindChange]) {
    if kinds.is_empty() {
        return;
    }
    out.push_str(r#"<h3>Inside the data disk: Docker's use by kind</h3><table><tr><th>kind</th><th>start</th><th>end</th><th>change</th><th>reclaimable now</th><th>frees it</th></tr>"#);
    for k in kinds {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td data-k="start">{}</td><td data-k="end">{}</td><td data-k="change"><strong>{}</strong></td><td data-k="reclaimable now">{}</td><td data-k="frees it">{}</td></tr>"#,
            escape(&kind_name(k.kind)),
            escape(&format_bytes(k.start_bytes)),
            escape(&format_bytes(k.end_bytes)),
            escape(&signed(k.change_bytes)),
            escape(&format_bytes(k.reclaimable_bytes)),
            k.prune_command.map_or_else(
                || r#"<span class="muted">nothing to reclaim</span>"#.to_owned(),
                |c| format!("<code>{}</code>", escape(c))
            )
        );
    }
    out.push_str("</table>");
    let grew = kinds
        .iter()
        .filter(|k| k.change_bytes > 0 && k.prune_command.is_some())
        .max_by_key(|k| k.change_bytes);
    if let Some(k) = grew {
        let _ = write!(
            out,
            "<p>{} grew {} over the window: <code>{}</code> frees {}, then <code>wsltune compact</code> gives the space back to Windows (the file never shrinks on its own).</p>",
            escape(&kind_name(k.kind)),
            escape(&format_bytes(k.change_bytes.unsigned_abs())),
            escape(k.prune_command.unwrap_or_default()),
            escape(&format_bytes(k.reclaimable_bytes))
        );
    }
    out.push_str(r#"<p class="muted">As Docker's engine counts them (<code>docker system df</code>), at the first and the last reading of the window; wsltune suggests the prune commands and never runs them.</p>"#);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_that_grew_most_gets_its_command_and_compaction() {
        let kind = |kind, start: u64, end: u64, prune| KindChange {
            kind,
            start_bytes: start,
            end_bytes: end,
            change_bytes: end as i64 - start as i64,
            reclaimable_bytes: end / 2,
            prune_command: prune,
        };
        let mut out = String::new();
        disk_kinds(
            &mut out,
            &[
                kind("images", 4 << 30, 3 << 30, Some("docker image prune -a")),
                kind("build-cache", 2 << 30, 16 << 30, Some("docker builder prune -a")),
            ],
        );
        assert!(out.contains("<td>build cache</td>"), "{out}");
        assert!(out.contains("<strong>−1 GiB</strong>"), "{out}");
        assert!(
            out.contains("build cache grew 14 GiB over the window: <code>docker builder prune -a</code> frees 8 GiB, then <code>wsltune compact</code>"),
            "{out}"
        );
        let mut none = String::new();
        disk_kinds(&mut none, &[]);
        assert_eq!(none, "");
    }
}
