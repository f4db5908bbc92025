//! Memory by container over time: the named containers and the rest stacked (GiB, each a mean
//! of its readings per bin) under the VM's used memory drawn as a line, on the memory chart's
//! time axis.

use plotters::prelude::*;

use super::axis::{Key, KeyStyle, split_at_gaps, time_mesh};
use super::draw::plot;
use super::{FREE, Frame, GIB, Result, USED, err};
use crate::analyze::containers::Binned;

/// The named containers' colours, largest peak first (none is the VM's blue); the rest is grey.
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0x14, 0xb8, 0xa6),
    RGBColor(0xf9, 0x73, 0x16),
    RGBColor(0xa8, 0x55, 0xf7),
    RGBColor(0xec, 0x48, 0x99),
    RGBColor(0x84, 0xcc, 0x16),
    RGBColor(0xea, 0xb3, 0x08),
];

/// A legend's name: at most 24 characters, cut with an ellipsis.
fn short(name: &str) -> String {
    if name.chars().count() <= 24 {
        name.to_owned()
    } else {
        name.chars().take(23).chain(['…']).collect()
    }
}

/// The legend: each named container, the rest, then the VM's used memory.
pub(super) fn keys(b: &Binned) -> Vec<Key> {
    let mut keys: Vec<Key> = b
        .names
        .iter()
        .zip(PALETTE.iter().cycle())
        .map(|(n, c)| Key::new(short(n), *c, KeyStyle::Area))
        .collect();
    if b.rest_count > 0 {
        let rest = crate::report::texts::count(
            b.rest_count as u64,
            crate::report::texts::KEY_OTHER,
            crate::report::texts::KEY_OTHERS,
        );
        keys.push(Key::new(rest, FREE, KeyStyle::Area));
    }
    keys.push(Key::new(crate::report::texts::KEY_VM_USED.get(), USED, KeyStyle::Line));
    keys
}

/// The layers as stacked sums: `stacks[k]` is layers `0..=k` summed per bin (GiB).
fn stacks(b: &Binned) -> Vec<Vec<(f64, f64)>> {
    let mut layers: Vec<&[f64]> = b.mem.iter().map(Vec::as_slice).collect();
    if b.rest_count > 0 {
        layers.push(&b.rest);
    }
    let mut sum = vec![0.0; b.ts_ms.len()];
    layers
        .iter()
        .map(|layer| {
            for (s, v) in sum.iter_mut().zip(layer.iter()) {
                *s += v;
            }
            b.ts_ms.iter().zip(&sum).map(|(t, s)| (*t, s / GIB)).collect()
        })
        .collect()
}

pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    frame: &Frame,
    b: &Binned,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let stacks = stacks(b);
    let top = stacks
        .last()
        .into_iter()
        .flatten()
        .map(|p| p.1)
        .chain(b.vm_used.iter().map(|p| p.1 / GIB))
        .fold(0.25f64, f64::max)
        * 1.15;
    let keys = keys(b);
    let mut chart = plot(root, frame, &keys, top)?;
    time_mesh(root, &mut chart, frame, "GiB", top)?;
    let colors = keys.iter().map(|k| k.color);
    // The tallest stack first, each smaller one drawn over it.
    for (stack, color) in stacks.iter().zip(colors).rev() {
        for run in split_at_gaps(stack, &frame.gaps) {
            chart
                .draw_series(AreaSeries::new(run, 0.0, color.mix(0.75)).border_style(color))
                .map_err(err)?;
        }
    }
    let vm: Vec<(f64, f64)> = b.vm_used.iter().map(|(t, v)| (*t, v / GIB)).collect();
    for run in split_at_gaps(&vm, &frame.gaps) {
        chart.draw_series(LineSeries::new(run, USED.stroke_width(2))).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacks_add_up_in_the_legend_s_order_and_long_names_are_cut() {
        let b = Binned {
            ts_ms: vec![0.0, 1.0],
            names: vec!["a".into(), "b".into()],
            mem: vec![vec![GIB, 2.0 * GIB], vec![GIB, 0.0]],
            rest: vec![0.5 * GIB, 0.5 * GIB],
            rest_count: 3,
            vm_used: Vec::new(),
        };
        let s = stacks(&b);
        assert_eq!(s[2], [(0.0, 2.5), (1.0, 2.5)]);
        assert_eq!(s[0], [(0.0, 1.0), (1.0, 2.0)]);
        let labels: Vec<_> = keys(&b).into_iter().map(|k| k.label).collect();
        assert_eq!(labels, ["a", "b", "3 others", "VM used"]);
        assert_eq!(short("a-very-long-compose-project-name-1"), "a-very-long-compose-pro…");
    }
}
