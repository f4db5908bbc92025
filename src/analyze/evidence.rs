//! Everything `recommend`, `apply` and `report` work from: a window of the history as series,
//! what they show, what WSL uses now, and the recommendation.

use std::path::{Path, PathBuf};

use super::containers::{Binned, Containers};
use super::recommend::{self, Advice, Current};
use super::series::Series;
use super::{Analysis, DiskNow};
use crate::store::span::{EmptyWindow, Span};
use crate::store::{Store, StoreError};
use crate::wslconfig::{Parsed, Target, lint};

/// Bins of the containers' chart: as many as the memory chart's buckets (its 900 px width
/// shows no more).
pub const CHART_BINS: usize = 600;

/// Why no evidence could be gathered.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// The history could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The window holds no time.
    #[error(transparent)]
    Window(#[from] EmptyWindow),
}

/// A window of history, what it shows and the recommendation it supports.
pub struct Evidence {
    /// The history file.
    pub db: PathBuf,
    /// The samples.
    pub series: Series,
    /// Containers' memory binned for the chart (`None` without container rows).
    pub containers: Option<Binned>,
    /// What they show.
    pub analysis: Analysis,
    /// The `.wslconfig` the current values were read from, for the diff `apply` would make.
    pub wslconfig: Option<Target>,
    /// The recommendation.
    pub advice: Advice,
    /// Why the window holds no samples and what would select some, when it holds none.
    pub empty: Option<String>,
}

impl Evidence {
    /// Reads the window (`--since` counted back from the newest sample), analyses it and
    /// applies the rules against the `.wslconfig` that `wslconfig` finds (WSL's defaults when
    /// it finds none), calling `progress` as samples are read. Finding the file may ask Windows:
    /// it is done last, once the history has been read.
    pub fn gather(
        store: &Store,
        span: Span,
        progress: impl FnMut(u64),
        wslconfig: impl FnOnce() -> Option<Target>,
    ) -> Result<Self, EvidenceError> {
        let now = crate::units::now_ms();
        let extent = store.extent(now)?;
        let (from, to) = span.resolve(extent.anchor_ms(now), extent.latest_ms(now))?;
        let series = Series::load(store, from, to, progress)?;
        let mut analysis = super::analyze(&series, |path| disk_now(Path::new(path)));
        let docker = Containers::load(store, from, to, &series, CHART_BINS)?;
        analysis.docker = super::Docker { peak_containers: docker.peak, disk_by_kind: docker.disk };
        let wslconfig = wslconfig();
        let mut advice = recommend::recommend(&analysis, &current(wslconfig.as_ref()));
        if series.is_empty() {
            let end = crate::store::texts::SENTENCE_END;
            advice.notes.insert(0, format!("{}{end}", extent.why_empty(from, to)));
        }
        advice.notes.extend(extent.future_note());
        let empty = series.is_empty().then(|| extent.why_empty(from, to));
        Ok(Evidence {
            db: store.path().to_path_buf(),
            series,
            containers: docker.binned,
            analysis,
            wslconfig,
            advice,
            empty,
        })
    }
}

/// What is known of a disk file today: its virtual size and its drive's free space.
fn disk_now(path: &Path) -> DiskNow {
    DiskNow {
        virtual_size: crate::vhdx::inspect_path(path).ok().and_then(|i| i.virtual_size),
        drive_free: path.exists().then(|| crate::fsinfo::free_space(path)).flatten(),
    }
}

/// What WSL uses now: the effective `.wslconfig` values, defaults in words.
fn current(wslconfig: Option<&Target>) -> Current {
    let host = crate::sample::host::host_info();
    let parsed = Parsed::new(wslconfig.map_or("", Target::text), "");
    let values = lint::effective(&parsed.config)
        .into_iter()
        .map(|(k, e)| {
            (k, if e.source == "file" { e.value } else { format!("default: {}", e.value) })
        })
        .collect();
    Current { values, host_memory_bytes: host.map(|h| h.memory_bytes) }
}
