//! Docker's parts of the page: memory by container beside the VM's, who held the memory at its
//! peak, and the data disk's growth split into Docker's kinds with what frees each.

use std::fmt::Write as _;

use super::page::{escape, html_text};
use super::texts::{self as t, count};
use crate::analyze::containers::{Binned, KindChange};
use crate::units::format_bytes;

/// The caption of the containers' chart.
pub fn containers_figure(out: &mut String, svg: &str, b: &Binned, gaps: &str) {
    let rest = if b.rest_count > 0 {
        t::REST.fill(&[("others", &count(b.rest_count as u64, t::CONTAINER, t::CONTAINERS))])
    } else {
        String::new()
    };
    let _ = write!(
        out,
        r#"<h3>{}</h3><figure>{svg}<figcaption>{}</figcaption></figure>"#,
        t::H_BY_CONTAINER,
        html_text(
            t::CONTAINERS_CAPTION,
            &[
                ("containers", &count(b.names.len() as u64, t::CONTAINER, t::CONTAINERS)),
                ("rest", &rest),
                ("gaps", &gaps),
            ]
        )
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

/// The name a user reads: `build cache` (`ビルドキャッシュ`).
fn kind_name(kind: &str) -> String {
    match kind {
        "images" => t::KIND_IMAGES.get().to_owned(),
        "containers" => t::KIND_CONTAINERS.get().to_owned(),
        "volumes" => t::KIND_VOLUMES.get().to_owned(),
        "build-cache" => t::KIND_BUILD_CACHE.get().to_owned(),
        other => other.replace('-', " "),
    }
}

/// The table of Docker's kinds over the window, and the advice for the one that grew most and
/// can be reclaimed (the command from `docker::prune`, then compaction for Windows).
pub fn disk_kinds(out: &mut String, kinds: &[KindChange]) {
    if kinds.is_empty() {
        return;
    }
    let _ = write!(
        out,
        r#"<h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"#,
        t::H_KINDS,
        t::TH_KIND,
        t::TH_START,
        t::TH_END,
        t::TH_CHANGE,
        t::TH_RECLAIMABLE,
        t::TH_FREES
    );
    for k in kinds {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td data-k="{}">{}</td><td data-k="{}">{}</td><td data-k="{}"><strong>{}</strong></td><td data-k="{}">{}</td><td data-k="{}">{}</td></tr>"#,
            escape(&kind_name(k.kind)),
            t::TH_START,
            escape(&format_bytes(k.start_bytes)),
            t::TH_END,
            escape(&format_bytes(k.end_bytes)),
            t::TH_CHANGE,
            escape(&signed(k.change_bytes)),
            t::TH_RECLAIMABLE,
            escape(&format_bytes(k.reclaimable_bytes)),
            t::TH_FREES,
            k.prune_command.map_or_else(
                || format!(r#"<span class="muted">{}</span>"#, t::NOTHING_TO_RECLAIM),
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
            "<p>{}</p>",
            html_text(
                t::KIND_GREW,
                &[
                    ("kind", &kind_name(k.kind)),
                    ("size", &format_bytes(k.change_bytes.unsigned_abs())),
                    ("command", &k.prune_command.unwrap_or_default()),
                    ("reclaimable", &format_bytes(k.reclaimable_bytes)),
                ]
            )
        );
    }
    let _ = write!(out, r#"<p class="muted">{}</p>"#, html_text(t::KINDS_NOTE, &[]));
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
