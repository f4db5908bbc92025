//! The charts: each described once as a [`Chart`] and drawn with plotters into an SVG string
//! for the page or, with `--png`, a PNG file. Colours come from one palette; in SVG, black is
//! rewritten to `currentColor`, so axes and labels follow the page's light or dark theme.

mod axis;
mod containers;
mod disk;
mod draw;

pub use axis::{Tick, split_at_gaps, time_ticks};

use plotters::prelude::*;

use crate::analyze::containers::Binned;
use crate::analyze::series::{DiskSeries, Gap, Series};
use crate::zone::Zone;

/// The size of a chart on a wide screen and in PNG files.
pub const WIDE: (u32, u32) = (900, 320);
/// The size of a chart for screens narrower than 640 px: fewer pixels, so the same text is
/// larger once the chart is scaled to the screen's width.
pub const NARROW: (u32, u32) = (480, 340);
const GIB: f64 = (1u64 << 30) as f64;

/// Used memory.
pub const USED: RGBColor = RGBColor(0x3b, 0x82, 0xf6);
/// Page cache.
pub const CACHE: RGBColor = RGBColor(0xf5, 0x9e, 0x0b);
/// Free memory.
pub const FREE: RGBColor = RGBColor(0x9c, 0xa3, 0xaf);
/// The current limit.
pub const LIMIT: RGBColor = RGBColor(0xdc, 0x26, 0x26);
/// The recommended limit.
pub const RECOMMENDED: RGBColor = RGBColor(0x16, 0xa3, 0x4a);
/// A second series.
pub const OTHER: RGBColor = RGBColor(0x8b, 0x5c, 0xf6);

/// What every chart over time shares: the window, the zone its times are shown in, and the
/// gaps nothing is drawn across.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The zone of the time axis.
    pub zone: Zone,
    /// Stretches without samples.
    pub gaps: Vec<Gap>,
    /// The window's first sample (ms).
    pub from_ms: i64,
    /// The window's last sample (ms).
    pub to_ms: i64,
    /// Width and height, pixels ([`WIDE`] or [`NARROW`]).
    pub size: (u32, u32),
}

impl Frame {
    /// The x range (ms as f64), at least a minute wide.
    fn x_range(&self) -> std::ops::Range<f64> {
        let a = self.from_ms as f64;
        let b = self.to_ms as f64;
        a..(if b > a { b } else { a + 60_000.0 })
    }

    /// `time: CET, UTC+01:00`, for the legend strip.
    fn zone_note(&self) -> String {
        crate::report::texts::ZONE_NOTE.fill(&[("zone", &self.zone.name(self.to_ms))])
    }
}

/// The sample that decided the recommended memory limit: marked on the memory chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    /// When (ms).
    pub ts_ms: i64,
    /// Used memory then, bytes.
    pub bytes: f64,
    /// What it is (`p99`, `peak`).
    pub what: String,
}

/// A horizontal line with its legend.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Where (in the chart's unit).
    pub value: f64,
    /// Legend text.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The font built into the binary did not load.
    #[error("{}", crate::report::texts::FONT_INVALID)]
    Font,
    /// plotters failed (writing a PNG file, most likely).
    #[error("{0}")]
    Draw(String),
}

type Result<T> = std::result::Result<T, ChartError>;

fn err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// A line over time: its legend, one value per time (NaN where unknown), its colour, and
/// whether it is a trend (drawn dashed, under the others).
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Legend text.
    pub label: &'a str,
    /// One value per time.
    pub values: &'a [f64],
    /// Colour.
    pub color: RGBColor,
    /// A trend: dashed, under the data.
    pub trend: bool,
}

/// Black → `currentColor`, so the page's theme colours axes and text.
fn themed(svg: String) -> String {
    svg.replace("#000000", "currentColor").replace("fill=\"black\"", "fill=\"currentColor\"")
}

/// Where a chart goes: an SVG string (for the page) or a PNG file (`--png`).
pub enum Out<'a> {
    /// Inline SVG, appended to the string.
    Svg(&'a mut String),
    /// A PNG file of the same size.
    Png(&'a std::path::Path),
}

/// Runs a backend-generic drawing function on the chosen backend.
macro_rules! on {
    ($out:expr, $size:expr, |$root:ident| $body:expr) => {
        match $out {
            Out::Svg(text) => {
                let mut svg = String::new();
                {
                    let $root = SVGBackend::with_string(&mut svg, $size).into_drawing_area();
                    $body?;
                    $root.present().map_err(err)?;
                }
                text.push_str(&themed(svg));
                Ok(())
            }
            Out::Png(path) => {
                let $root = BitMapBackend::new(path, $size).into_drawing_area();
                $root.fill(&WHITE).map_err(err)?;
                $body?;
                $root.present().map_err(err)?;
                Ok(())
            }
        }
    };
}

/// The font charts are drawn with: DejaVu Sans, embedded, cut to ASCII, Latin-1, punctuation,
/// arrows and a few maths signs (`assets/fonts/subset.sh`; chart text is ASCII).
static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-subset.ttf");

/// The font charts are drawn with in Japanese: Noto Sans CJK JP, embedded, cut to what the
/// charts draw (DejaVu's ranges, kana, Japanese punctuation, fullwidth forms and the kanji of
/// the report's texts and dates: `assets/fonts/subset-ja.sh`, 128 KB against 19 MB). The SVG
/// charts of the page name `sans-serif` and take the page's font instead.
static FONT_JA: &[u8] = include_bytes!("../../../assets/fonts/NotoSansCJKjp-subset.otf");

/// Registers the charts' font for the current language (what `--png` draws with, and what
/// text is measured with for the page).
pub fn register_font() -> Result<()> {
    let font = match crate::i18n::current() {
        crate::i18n::Lang::En => FONT,
        crate::i18n::Lang::Ja => FONT_JA,
    };
    plotters::style::register_font("sans-serif", FontStyle::Normal, font)
        .map_err(|_| ChartError::Font)
}

/// A chart, described once and drawn to SVG, or to PNG with `--png`.
pub enum Chart<'a> {
    /// Used, cache and free stacked (GiB), the peak of used per bucket, limit lines, and the
    /// sample the recommendation rests on.
    Memory {
        /// The window.
        series: &'a Series,
        /// Limits.
        marks: &'a [Mark],
        /// The sample that decided the recommended limit.
        decided: Option<&'a Decided>,
    },
    /// Memory by container (GiB): the named containers and the rest stacked, the VM's used
    /// memory as a line.
    Containers {
        /// The containers' bins.
        binned: &'a Binned,
    },
    /// Histogram of used memory (GiB, 0.25 GiB bins, samples on a log scale so the tail shows),
    /// with the limit marks.
    Histogram {
        /// The window.
        series: &'a Series,
        /// Limits.
        marks: &'a [Mark],
    },
    /// Lines over time; `scale` divides the values into `unit`.
    Lines {
        /// Times (ms).
        ts: &'a [i64],
        /// The lines.
        lines: &'a [Line<'a>],
        /// Divides the values.
        scale: f64,
        /// The y axis's unit.
        unit: &'a str,
        /// Limits.
        marks: &'a [Mark],
    },
    /// A disk's file length, allocation and ext4 use (GiB), with its growth trend dashed and
    /// projected toward the nearer of its virtual size and its drive's free space.
    Disk {
        /// Its history.
        series: &'a DiskSeries,
        /// Growth of the file, bytes per day.
        growth_per_day: Option<f64>,
        /// Its virtual size, bytes.
        virtual_size: Option<f64>,
        /// Free space on its drive, bytes.
        drive_free: Option<f64>,
    },
}

impl Chart<'_> {
    /// Draws the chart.
    pub fn draw(&self, frame: &Frame, out: Out<'_>) -> Result<()> {
        match *self {
            Chart::Memory { series, marks, decided } => {
                on!(out, frame.size, |root| draw::memory(&root, frame, series, marks, decided))
            }
            Chart::Containers { binned } => {
                on!(out, frame.size, |root| containers::draw(&root, frame, binned))
            }
            Chart::Histogram { series, marks } => {
                on!(out, frame.size, |root| draw::histogram(&root, series, marks))
            }
            Chart::Lines { ts, lines, scale, unit, marks } => {
                let layers = draw::line_layers(ts, lines, scale, &frame.gaps);
                on!(out, frame.size, |root| draw::layers(&root, frame, &layers, unit, marks))
            }
            Chart::Disk { series, growth_per_day, virtual_size, drive_free } => {
                let limits = disk::Limits { virtual_size, drive_free };
                let d = disk::layers(series, growth_per_day, limits, frame);
                on!(out, frame.size, |root| draw::layers(
                    &root, &d.frame, &d.layers, "GiB", &d.marks
                ))
            }
        }
    }

    /// The chart as inline SVG.
    pub fn svg(&self, frame: &Frame) -> Result<String> {
        let mut text = String::new();
        self.draw(frame, Out::Svg(&mut text))?;
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use ab_glyph::Font as _;

    #[test]
    fn the_embedded_font_draws_every_character_of_chart_text() {
        let font = ab_glyph::FontRef::try_from_slice(super::FONT).unwrap();
        let extra = ['×', '…', '–', '−', 'µ', '°', '≤', '→', '\u{a0}'];
        let missing: String =
            (' '..='~').chain(extra).filter(|&c| font.glyph_id(c).0 == 0).collect();
        assert_eq!(missing, "", "characters without a glyph in assets/fonts/DejaVuSans-subset.ttf");
    }

    /// Every character of the report's Japanese texts and dates, and what the English font
    /// draws, has a glyph in the Japanese subset (else run `assets/fonts/subset-ja.sh`).
    #[test]
    fn the_japanese_font_draws_every_character_of_chart_text() {
        let font = ab_glyph::FontRef::try_from_slice(super::FONT_JA).unwrap();
        let extra = "×…–−µ°≤→\u{a0}年月日火水木金土";
        let texts = crate::report::texts::ALL.iter().flat_map(|t| t.ja.chars());
        let mut missing: Vec<char> = (' '..='~')
            .chain(extra.chars())
            .chain(texts)
            .filter(|&c| font.glyph_id(c).0 == 0)
            .collect();
        missing.dedup();
        assert!(missing.is_empty(), "no glyph in NotoSansCJKjp-subset.otf for {missing:?}");
    }
}
