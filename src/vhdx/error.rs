//! Why a file could not be read as a VHDX: [`VhdxError`], and [`InspectError`] naming the file.
//! Each message holds its cause and none is also a `source()`, so an error chain (main.rs prints
//! `{:#}`) says every cause once.

use std::path::{Path, PathBuf};

use super::texts as t;
use super::vhd;
use crate::units;

/// Why a file could not be read as a VHDX.
#[derive(Debug, thiserror::Error)]
pub enum VhdxError {
    /// Reading failed.
    #[error("{}", t::CANNOT_READ.fill(&[("error", &crate::i18n::os::describe(.0))]))]
    Io(std::io::Error),
    /// Not a VHDX at all.
    #[error("{}", t::NOT_VHDX.fill(&[("detail", .0)]))]
    NotVhdx(String),
    /// A VHD (v1) file: the message gives the commands that convert it.
    #[error("{}", vhd::describe(*.kind, .file.as_deref()))]
    Vhd {
        /// What its footer says, if it names a known type.
        kind: Option<vhd::Kind>,
        /// The file, for the commands (set by [`VhdxError::in_file`]; placeholders without).
        file: Option<PathBuf>,
    },
    /// A VHDX that ends before a structure it points to: cut short (reference/vhdx.md §1).
    #[error("{}", t::TRUNCATED.fill(&[
        ("len", .len),
        ("needed", .needed),
        ("more", &units::format_bytes(.needed.saturating_sub(*.len))),
        ("what", .what),
    ]))]
    Truncated {
        /// The file's length.
        len: u64,
        /// The length the structures need, at least.
        needed: u64,
        /// What lies beyond the end (`its BAT region (…)`).
        what: String,
    },
    /// A VHDX whose structures are damaged.
    #[error("{}", t::CORRUPT.fill(&[("detail", .0)]))]
    Corrupt(String),
    /// A VHDX using something this reader does not know.
    #[error("{}", t::UNSUPPORTED.fill(&[("detail", .0)]))]
    Unsupported(String),
    /// A VHDX that can be read but not compacted safely now (the reason says what to do).
    #[error("{}", t::REFUSED.fill(&[("detail", .0)]))]
    Refused(String),
}

impl From<std::io::Error> for VhdxError {
    fn from(e: std::io::Error) -> Self {
        VhdxError::Io(e)
    }
}

impl VhdxError {
    /// The error about `file`: a VHD's conversion commands name it.
    pub fn in_file(self, file: &Path) -> Self {
        match self {
            VhdxError::Vhd { kind, file: None } => {
                VhdxError::Vhd { kind, file: Some(file.to_path_buf()) }
            }
            other => other,
        }
    }
}

/// A VHDX that could not be inspected, naming the file.
#[derive(Debug, thiserror::Error)]
#[error("'{path}': {reason}")]
pub struct InspectError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub reason: VhdxError,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error chain (`{:#}`, as main.rs prints) says each cause once: the messages hold their
    /// causes, so none is also a `source()`.
    #[test]
    fn a_chain_says_the_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied here");
        let err = InspectError { path: "d.vhdx".into(), reason: VhdxError::from(io) };
        let text = format!("{:#}", anyhow::Error::new(err));
        assert_eq!(text, "'d.vhdx': cannot read it: denied here");
        let vhd = VhdxError::Vhd { kind: None, file: None }.in_file(Path::new("d.vhd"));
        let text = format!("{:#}", anyhow::Error::new(vhd));
        assert_eq!(text.matches("VHD (v1)").count(), 1, "{text}");
        assert!(text.contains("-Path d.vhd -DestinationPath d.vhdx`"), "{text}");
    }
}
