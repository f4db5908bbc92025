//! Writing a `.wslconfig` without losing a byte of it: refuse when the file changed since it was
//! read or is read-only, keep a byte-identical backup, then write through a temporary file in
//! the same folder, flush it and rename it over the file. A symbolic link (a `.wslconfig` kept in
//! a dotfiles repository) is followed to its target, which is written; the link stays as it is.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::texts as T;

/// Why nothing was written; the file is as it was in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Its bytes are no longer what was read.
    #[error("{}", T::SAVE_CHANGED.fill(&[("path", &.0.display())]))]
    Changed(PathBuf),
    /// It was there and cannot be read again.
    #[error("{}", T::SAVE_UNREADABLE.fill(&[("path", &.path.display()), ("error", .error)]))]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The cause, in the message.
        error: std::io::Error,
    },
    /// It was not there and now is.
    #[error("{}", T::SAVE_APPEARED.fill(&[("path", &.0.display())]))]
    Appeared(PathBuf),
    /// Its read-only attribute is set.
    #[error("{}", T::SAVE_READ_ONLY.fill(&[("path", &.0.display())]))]
    ReadOnly(PathBuf),
    /// The backup could not be made.
    #[error("{}", backup_text(.action).fill(&[("path", &.path.display())]))]
    Backup {
        /// `creating` or `writing`.
        action: &'static str,
        /// The backup file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A hundred backups of this second already exist.
    #[error("{}", T::SAVE_TOO_MANY_BACKUPS.fill(&[("name", .name), ("stamp", .stamp), ("dir", &.dir.display())]))]
    TooManyBackups {
        /// The file's name.
        name: String,
        /// The time in the backups' names.
        stamp: String,
        /// Their folder.
        dir: PathBuf,
    },
    /// A symbolic link on the way to the file cannot be followed.
    #[error("{}", T::SAVE_LINK.fill(&[("path", &.path.display()), ("cause", .cause)]))]
    Link {
        /// The link.
        path: PathBuf,
        /// The cause, in the message.
        cause: std::io::Error,
    },
    /// Writing the temporary file or renaming it failed.
    #[error("{}", T::SAVE_WRITE.fill(&[("path", &.path.display())]))]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// What [`save`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The file written: `path`, or the end of its chain of symbolic links.
    pub file: PathBuf,
    /// The copy of the previous bytes, beside `file`; `None` when the file was created.
    pub backup: Option<PathBuf>,
}

/// The most links followed before giving up (Linux's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// The file that reading or writing `path` reaches: `path` itself, or, when it is a symbolic link,
/// the end of its chain, each relative target taken from the folder of the link that names it.
/// The end need not exist (a dangling link): writing creates it there, and the link stays.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut file = path.to_owned();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&file) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&file)?;
                // Joining an absolute target replaces the folder (on Windows, a rooted one keeps
                // only the drive, as the link itself would). `..` is kept, not folded: the
                // system resolves it after any linked folder, and so must we.
                file = file.parent().unwrap_or(Path::new("")).join(target);
            }
            Ok(_) => return Ok(file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(file),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!("more than {MAX_LINKS} links in a row, or a loop")))
}

/// Writes `new` over `path` — or, when `path` is a symbolic link, over the file the link leads
/// to, keeping the link — through a temporary file in that file's folder and a rename, after a
/// byte-identical backup of `old` beside it (`None`: there was no file, and there must still be
/// none).
pub fn save(path: &Path, old: Option<&[u8]>, new: &[u8]) -> Result<Saved, SaveError> {
    let file = resolve(path).map_err(|cause| SaveError::Link { path: path.to_owned(), cause })?;
    let path = file.as_path();
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name =
        path.file_name().map_or_else(|| ".wslconfig".into(), |n| n.to_string_lossy().into_owned());
    let now = std::fs::read(path);
    match (old, now) {
        (Some(old), Ok(now)) if now != old => return Err(SaveError::Changed(path.to_owned())),
        (Some(_), Err(error)) => {
            return Err(SaveError::Unreadable { path: path.to_owned(), error });
        }
        (None, Ok(_)) => return Err(SaveError::Appeared(path.to_owned())),
        _ => {}
    }
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    if permissions.as_ref().is_some_and(std::fs::Permissions::readonly) {
        return Err(SaveError::ReadOnly(path.to_owned()));
    }
    let backup = match old {
        Some(old) => Some(backup(dir, &name, old)?),
        None => None,
    };
    let temp = dir.join(format!(".{name}.wsltune-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        f.write_all(new)?;
        f.sync_all()?;
        drop(f);
        if let Some(p) = &permissions {
            std::fs::set_permissions(&temp, p.clone())?;
        }
        std::fs::rename(&temp, path)
    })();
    if let Err(source) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(SaveError::Write { path: path.to_owned(), source });
    }
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(Saved { file, backup })
}

/// Copies the old bytes to `<name>.wsltune-<UTC time>.bak`, never over an existing file.
fn backup(dir: &Path, name: &str, old: &[u8]) -> Result<PathBuf, SaveError> {
    let stamp: String = crate::units::format_rfc3339(crate::units::now_ms())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(15)
        .collect();
    for n in 0..100 {
        let suffix = if n == 0 { String::new() } else { format!("-{n}") };
        let path = dir.join(format!("{name}.wsltune-{stamp}Z{suffix}.bak"));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                return match f.write_all(old).and_then(|()| f.sync_all()) {
                    Ok(()) => Ok(path),
                    Err(source) => Err(SaveError::Backup { action: "writing", path, source }),
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(SaveError::Backup { action: "creating", path, source }),
        }
    }
    Err(SaveError::TooManyBackups { name: name.to_owned(), stamp, dir: dir.to_owned() })
}

/// What a failed backup says, by what was being done (`creating` or `writing`).
fn backup_text(action: &str) -> crate::i18n::Text {
    if action == "creating" { T::SAVE_BACKUP_CREATING } else { T::SAVE_BACKUP_WRITING }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_followed_to_the_end_of_their_chain() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("a/b/file"), b"x").unwrap();
        // Relative to the link's folder, then absolute, then relative again.
        symlink("../link2", d.join("a/b/link1")).unwrap();
        symlink(d.join("a/link3"), d.join("a/link2")).unwrap();
        symlink("b/file", d.join("a/link3")).unwrap();
        let end = resolve(&d.join("a/b/link1")).unwrap();
        assert_eq!(end.canonicalize().unwrap(), d.join("a/b/file").canonicalize().unwrap());
        assert_eq!(end.file_name().unwrap(), "file");
        // Not a link: itself; a dangling link: where the file would be.
        assert_eq!(resolve(&d.join("a/b/file")).unwrap(), d.join("a/b/file"));
        symlink("b/none", d.join("a/dangling")).unwrap();
        assert_eq!(resolve(&d.join("a/dangling")).unwrap(), d.join("a/b/none"));
        // A loop is an error, not a hang.
        symlink("loop2", d.join("loop1")).unwrap();
        symlink("loop1", d.join("loop2")).unwrap();
        assert!(resolve(&d.join("loop1")).is_err());
    }
}
