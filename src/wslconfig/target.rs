//! The `.wslconfig` a command works on: where `locate` found it (or `--wslconfig` put it), how
//! WSL names it in its messages, the file it leads to when it is a symbolic link, and its
//! contents; and the diff an edit of it would make.

use std::path::{Path, PathBuf};

use super::edit::{self, Change};
use super::{Document, Encoding, Parsed, WslConfigError};
use crate::locate::Locations;
use crate::locate::winpath::strip_verbatim;

/// The `.wslconfig` a command works on.
#[derive(Debug, Clone)]
pub struct Target {
    /// Where it is (or would be created).
    pub path: PathBuf,
    /// How WSL names it in its messages (the Windows path when known).
    pub shown: String,
    /// The file a symbolic link at `path` leads to (a dotfiles repository's copy, say), which
    /// is read and written in its place; `None` when `path` is not a link.
    pub link_target: Option<LinkTarget>,
    /// Its contents, or `None` when there is no file.
    pub document: Option<Document>,
}

/// The end of a symbolic link's chain.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// As the links lead there (relative targets joined to their links' folders).
    pub path: PathBuf,
    /// Tidied for people: its folder without links or `..`, the Windows path when known.
    pub shown: String,
}

impl Target {
    /// Reads the `.wslconfig` that `locate` found (locating may call into Windows: do it once).
    pub fn find(found: &Locations) -> Result<Self, WslConfigError> {
        let path =
            found.wslconfig.path.clone().ok_or_else(|| WslConfigError::Unlocated {
                why: found.wslconfig.found_by.clone(),
            })?;
        let shown = found.mounts.to_windows(&path).unwrap_or_else(|| path.display().to_string());
        // A link that cannot be followed is left to `read`, which names the failure.
        let link_target = super::save::resolve(&path).ok().filter(|f| *f != path).map(|file| {
            let tidy = tidy(&file);
            let shown =
                found.mounts.to_windows(&tidy).unwrap_or_else(|| tidy.display().to_string());
            LinkTarget { shown, path: file }
        });
        let document = super::read(&path)?;
        Ok(Target { path, shown, link_target, document })
    }

    /// The file that is read and written: `path`, or where its links lead.
    pub fn file(&self) -> &Path {
        self.link_target.as_ref().map_or(&self.path, |l| &l.path)
    }

    /// [`Target::file`] for people.
    pub fn file_shown(&self) -> &str {
        self.link_target.as_ref().map_or(&self.shown, |l| &l.shown)
    }

    /// The file written, and the link it is written through: `B (through the link A)`.
    pub fn destination(&self) -> String {
        match &self.link_target {
            Some(l) => {
                super::texts::THROUGH_LINK.fill(&[("file", &l.shown), ("link", &self.shown)])
            }
            None => self.shown.clone(),
        }
    }

    /// The text (empty when there is no file).
    pub fn text(&self) -> &str {
        self.document.as_ref().map_or("", |d| d.text.as_str())
    }

    /// The text as WSL reads it, its warnings naming the file as WSL does.
    pub fn parse(&self) -> Parsed<'_> {
        Parsed::new(self.text(), &self.shown)
    }

    /// The document an edit starts from: the file, or an empty UTF-8 one when there is none.
    pub fn before(&self) -> Document {
        self.document.clone().unwrap_or(Document { text: String::new(), encoding: Encoding::Utf8 })
    }

    /// The diff these changes would make, without writing anything; `None` when they change
    /// nothing or the file cannot be edited.
    pub fn preview(&self, changes: &[Change]) -> Option<String> {
        let before = self.before();
        let after = edit::apply(&before.text, changes, before.line_ending()).ok()?;
        (after != before.text).then(|| self.diff(&before.text, &after))
    }

    /// A unified diff from `before` to `after`, with line endings left out (they are kept in
    /// the file).
    pub fn diff(&self, before: &str, after: &str) -> String {
        let before = before.replace("\r\n", "\n");
        let after = after.replace("\r\n", "\n");
        let file = self.file_shown();
        let from = if self.document.is_some() { file } else { "/dev/null" };
        let mut text = similar::TextDiff::from_lines(&before, &after)
            .unified_diff()
            .context_radius(3)
            .header(from, &super::texts::DIFF_AFTER.fill(&[("file", &file)]))
            .to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }
}

/// `file` with its folder resolved (no links, no `..`) when that folder exists, for display.
pub fn tidy(file: &Path) -> PathBuf {
    let folder = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (std::fs::canonicalize(folder), file.file_name()) {
        (Ok(folder), Some(name)) => {
            let full = folder.join(name);
            // Canonical Windows paths start with `\\?\`, which nobody writes.
            full.to_str().map_or_else(|| full.clone(), |s| strip_verbatim(s).as_ref().into())
        }
        _ => file.to_owned(),
    }
}
