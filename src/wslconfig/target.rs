//! The `.wslconfig` a command works on: where `locate` found it (or `--wslconfig` put it), how
//! WSL names it in its messages, and its contents; and the diff an edit of it would make.

use std::path::PathBuf;

use super::edit::{self, Change};
use super::{Document, Encoding, Parsed, WslConfigError};
use crate::locate::Locations;

/// The `.wslconfig` a command works on.
#[derive(Debug, Clone)]
pub struct Target {
    /// Where it is (or would be created).
    pub path: PathBuf,
    /// How WSL names it in its messages (the Windows path when known).
    pub shown: String,
    /// Its contents, or `None` when there is no file.
    pub document: Option<Document>,
}

impl Target {
    /// Reads the `.wslconfig` that `locate` found (locating may call into Windows: do it once).
    pub fn find(found: &Locations) -> Result<Self, WslConfigError> {
        let path =
            found.wslconfig.path.clone().ok_or_else(|| WslConfigError::Unlocated {
                why: found.wslconfig.found_by.clone(),
            })?;
        let shown = found.mounts.to_windows(&path).unwrap_or_else(|| path.display().to_string());
        let document = super::read(&path)?;
        Ok(Target { path, shown, document })
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
        let from =
            if self.document.is_some() { self.shown.clone() } else { "/dev/null".to_owned() };
        let mut text = similar::TextDiff::from_lines(&before, &after)
            .unified_diff()
            .context_radius(3)
            .header(&from, &format!("{} (after wsltune apply)", self.shown))
            .to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }
}
