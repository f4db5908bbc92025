//! `wsltune lint` and `wsltune apply`: find the `.wslconfig`, read it as WSL does, show what WSL
//! will say and use, and write changes safely (diff, confirmation, backup, atomic rename).

mod apply;
mod lint;

pub use apply::apply;
pub(crate) use apply::preview;
pub use lint::lint;

use std::path::PathBuf;

use crate::cli::GlobalArgs;
use crate::locate::{self, Inputs};
use crate::wslconfig::{self, Document};

/// The `.wslconfig` a command works on.
pub(crate) struct Target {
    /// Where it is (or would be created).
    pub(crate) path: PathBuf,
    /// How WSL names it in its messages (the Windows path when known).
    pub(crate) shown: String,
    /// Its contents, or `None` when there is no file.
    pub(crate) document: Option<Document>,
}

impl Target {
    /// Locates and reads the `.wslconfig` (locating may call into Windows: do it once).
    pub(crate) fn find(global: &GlobalArgs) -> anyhow::Result<Self> {
        let inputs = Inputs::resolve(global)?;
        let found = locate::locate(&inputs);
        let path = found.wslconfig.path.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "the location of .wslconfig is not known ({}); pass --wslconfig PATH (e.g. /mnt/c/Users/<you>/.wslconfig)",
                found.wslconfig.found_by
            )
        })?;
        let shown = found.mounts.to_windows(&path).unwrap_or_else(|| path.display().to_string());
        let document = wslconfig::read(&path)?;
        Ok(Target { path, shown, document })
    }
}

/// The host's size where it is visible (natively on Windows), for the clamping checks.
fn host() -> wslconfig::lint::Host {
    let info = crate::sample::host::host_info();
    wslconfig::lint::Host {
        memory_bytes: info.map(|h| h.memory_bytes),
        processors: info.map(|h| h.logical_processors),
    }
}

/// How a file's lines end, for display.
fn line_endings(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    match (crlf, lf) {
        (0, 0) => "no line breaks",
        (_, 0) => "CRLF",
        (0, _) => "LF",
        _ => "mixed CRLF and LF",
    }
}

/// The encoding, for display.
fn encoding_name(encoding: wslconfig::Encoding) -> &'static str {
    match encoding {
        wslconfig::Encoding::Utf8 => "UTF-8",
        wslconfig::Encoding::Utf8Bom => "UTF-8 with BOM",
        wslconfig::Encoding::Utf16Le => "UTF-16 LE",
    }
}
