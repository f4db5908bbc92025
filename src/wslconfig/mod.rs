//! `.wslconfig` as WSL reads it, and edits that keep every other byte: the file's encoding
//! ([`Document`]), WSL's grammar ([`lexer`]), its key table ([`keys`]), what it applies and warns
//! about ([`config`]), our advice on top ([`lint`]), the file a command works on ([`target`]),
//! the lossless editor ([`edit`]) and the safe write with its backup ([`save`]).
//!
//! No INI crate is used: WSL's grammar is its own (`#` only, escapes, first key wins) and every
//! crate tested loses comments or changes meaning (reference `wslconfig.md`, part 2).

mod advice;
pub mod config;
pub mod edit;
pub mod keys;
pub mod lexer;
pub mod lint;
#[cfg(test)]
mod properties;
pub mod save;
pub mod target;
pub mod texts;

use std::path::{Path, PathBuf};

use self::config::Config;
use self::lexer::Lexed;
use self::lint::{Finding, Host};
pub use self::target::Target;

/// The largest `.wslconfig` wsltune reads: real ones are a few hundred bytes.
pub const MAX_BYTES: u64 = 1 << 20;

/// Why a `.wslconfig` cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum WslConfigError {
    /// Nobody knows where it is.
    #[error("{}", texts::UNLOCATED.fill(&[("why", .why)]))]
    Unlocated {
        /// Why not (from `locate`).
        why: String,
    },
    /// The path is a folder.
    #[error("{}", texts::FOLDER.fill(&[("path", &.0.display())]))]
    Folder(PathBuf),
    /// Larger than [`MAX_BYTES`].
    #[error("{}", texts::TOO_LARGE.fill(&[("path", &.path.display()), ("bytes", .bytes)]))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
    /// Not text WSL can read.
    #[error("{}", texts::ENCODING.fill(&[("path", &.path.display()), ("why", .why)]))]
    Encoding {
        /// The file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        why: String,
    },
    /// Reading or writing failed. The cause is printed here, not chained (`error: {:#}` would
    /// print it twice).
    #[error("{}", texts::CANNOT_READ.fill(&[("path", &.path.display()), ("cause", &crate::i18n::os::describe(.cause))]))]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// What the system said.
        cause: std::io::Error,
    },
}

/// How the file is encoded; edits are written back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (what WSL Settings writes).
    Utf8Bom,
    /// UTF-16 little-endian with a byte order mark (Notepad's "UTF-16 LE").
    Utf16Le,
}

/// A `.wslconfig` as text, with how to write it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The text without the byte order mark.
    pub text: String,
    /// Its encoding.
    pub encoding: Encoding,
}

impl Document {
    /// Decodes the bytes of a `.wslconfig` as WSL's C runtime would (`ccs=UTF-8`: the byte
    /// order mark decides). UTF-16 big-endian, UTF-16 without a mark and invalid UTF-8 are
    /// refused: WSL cannot read them reliably either, and an edit could only make it worse.
    pub fn decode(bytes: &[u8]) -> Result<Self, String> {
        if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            return utf8(rest).map(|text| Document { text, encoding: Encoding::Utf8Bom });
        }
        if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
            if rest.len() % 2 != 0 {
                return Err(texts::UTF16_ODD.to_string());
            }
            let units = rest
                .chunks_exact(2)
                .map(|p| <[u8; 2]>::try_from(p).map_or(0xFFFD, u16::from_le_bytes));
            let text: Result<String, _> = char::decode_utf16(units).collect();
            return text
                .map(|text| Document { text, encoding: Encoding::Utf16Le })
                .map_err(|_| texts::UTF16_INVALID.to_string());
        }
        if bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(texts::UTF16_BE.to_string());
        }
        if bytes.len() >= 2 && bytes.iter().skip(1).step_by(2).take(64).all(|b| *b == 0) {
            return Err(texts::UTF16_NO_BOM.to_string());
        }
        utf8(bytes).map(|text| Document { text, encoding: Encoding::Utf8 })
    }

    /// The bytes to write: the same encoding and byte order mark as read.
    pub fn encode(&self) -> Vec<u8> {
        match self.encoding {
            Encoding::Utf8 => self.text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], self.text.as_bytes()].concat(),
            Encoding::Utf16Le => {
                let mut out = vec![0xFF, 0xFE];
                out.extend(self.text.encode_utf16().flat_map(u16::to_le_bytes));
                out
            }
        }
    }

    /// The line ending for new lines: CRLF when the file has any (or is new: it is a Windows
    /// file, and WSL Settings writes CRLF), else LF.
    pub fn line_ending(&self) -> &'static str {
        if self.text.contains("\r\n") || !self.text.contains('\n') { "\r\n" } else { "\n" }
    }
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = bytes.get(..at).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) + 1;
        texts::NOT_UTF8.fill(&[("line", &line), ("at", &at)])
    })
}

/// A `.wslconfig`'s text as WSL reads it: its lines, and what WSL applies and warns about.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    /// The text.
    pub text: &'a str,
    /// Its lines, as WSL's lexer sees them.
    pub lexed: Lexed,
    /// What WSL applies, and the warnings it prints.
    pub config: Config,
}

impl<'a> Parsed<'a> {
    /// Reads `text`; WSL's warnings name the file as `file` (its Windows path, or `""`).
    pub fn new(text: &'a str, file: &str) -> Self {
        let lexed = lexer::lex(text);
        let config = Config::read(&lexed, file);
        Parsed { text, lexed, config }
    }

    /// Every warning WSL would print and what `lint` adds, for a host of this size.
    pub fn lint(&self, host: Host) -> Vec<Finding> {
        lint::lint(self.text, &self.lexed, &self.config, host)
    }
}

/// Reads a `.wslconfig`; `Ok(None)` when there is none (WSL then uses its defaults).
pub fn read(path: &Path) -> Result<Option<Document>, WslConfigError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(WslConfigError::Io {
                action: "read",
                path: path.to_owned(),
                cause: source,
            });
        }
    };
    if meta.is_dir() {
        return Err(WslConfigError::Folder(path.to_owned()));
    }
    if meta.len() > MAX_BYTES {
        return Err(WslConfigError::TooLarge { path: path.to_owned(), bytes: meta.len() });
    }
    let bytes = std::fs::read(path).map_err(|cause| WslConfigError::Io {
        action: "read",
        path: path.to_owned(),
        cause,
    })?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(WslConfigError::TooLarge { path: path.to_owned(), bytes: bytes.len() as u64 });
    }
    Document::decode(&bytes)
        .map(Some)
        .map_err(|why| WslConfigError::Encoding { path: path.to_owned(), why })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip() {
        for bytes in [
            b"[wsl2]\r\nmemory=4GB\r\n".to_vec(),
            [&[0xEF, 0xBB, 0xBF][..], "# Mémoire\n[wsl2]\n".as_bytes()].concat(),
            {
                let mut v = vec![0xFF, 0xFE];
                v.extend(
                    "[wsl2]\r\n# 记忆\r\nmemory=4GB".encode_utf16().flat_map(u16::to_le_bytes),
                );
                v
            },
            Vec::new(),
        ] {
            let doc = Document::decode(&bytes).unwrap();
            assert_eq!(doc.encode(), bytes);
        }
    }

    #[test]
    fn unreadable_encodings_are_refused_with_a_fix() {
        let be = Document::decode(&[0xFE, 0xFF, 0, b'[']).unwrap_err();
        assert!(be.contains("big-endian"), "{be}");
        let no_bom: Vec<u8> = "[wsl2]".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(Document::decode(&no_bom).unwrap_err().contains("without a byte order mark"));
        let latin1 = Document::decode(b"# M\xe9moire\n").unwrap_err();
        assert!(latin1.contains("line 1") && latin1.contains("UTF-8"), "{latin1}");
    }
}
