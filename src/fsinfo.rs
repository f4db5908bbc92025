//! File-system facts that several layers need, leaf of every layer: the bytes a file occupies
//! on its drive (sparse files differ from their length, microsoft/WSL#4699), the free space on
//! that drive, and one key for paths that name the same file on a case-insensitive drive.

use std::path::Path;

/// Free space for an unprivileged user on the drive holding `path` (its folder): where a
/// growing disk file would run out. `statvfs` inside WSL (for `/mnt/c/...` that is the Windows
/// drive), `GetDiskFreeSpaceExW` on Windows; `None` when it cannot be read.
#[cfg(target_os = "linux")]
pub fn free_space(path: &Path) -> Option<u64> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let st = rustix::fs::statvfs(folder).ok()?;
    st.f_bavail.checked_mul(st.f_frsize)
}

/// Free space on the drive holding `path`.
#[cfg(windows)]
#[allow(unsafe_code)]
pub fn free_space(path: &Path) -> Option<u64> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let wide: Vec<u16> = folder.as_os_str().encode_wide().chain(std::iter::once(0)).collect();
    let mut available: u64 = 0;
    // SAFETY: `wide` is a NUL-terminated UTF-16 string that outlives the call; `available` is a
    // valid u64 to write; the other two outputs may be null.
    let ok = unsafe {
        GetDiskFreeSpaceExW(
            wide.as_ptr(),
            &mut available,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    (ok != 0).then_some(available)
}

/// Free space on the drive holding `path`: not known on this platform.
#[cfg(not(any(target_os = "linux", windows)))]
pub fn free_space(_path: &Path) -> Option<u64> {
    None
}

/// Paths in JSON: always a string, so `--json` stays valid JSON whatever the file names. A path
/// that is not valid UTF-8 (possible on Linux) is written lossily, each bad byte as U+FFFD, and
/// [`lossy_paths_written`] tells `main` to say so on stderr. Use with
/// `#[serde(serialize_with = "crate::fsinfo::json_path::one")]` (or `option`, `list`).
pub mod json_path {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};

    use serde::Serializer;

    static LOSSY: AtomicBool = AtomicBool::new(false);

    fn text(path: &Path) -> std::borrow::Cow<'_, str> {
        let text = path.to_string_lossy();
        if matches!(text, std::borrow::Cow::Owned(_)) {
            LOSSY.store(true, Ordering::Relaxed);
        }
        text
    }

    /// One path.
    pub fn one<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text(path))
    }

    /// A path or null.
    #[allow(clippy::ref_option)]
    pub fn option<S: Serializer>(path: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
        match path {
            Some(p) => s.serialize_str(&text(p)),
            None => s.serialize_none(),
        }
    }

    /// A list of paths.
    pub fn list<S: Serializer>(paths: &[PathBuf], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(paths.iter().map(|p| text(p).into_owned()))
    }

    /// Whether a path was written lossily since the process started.
    pub fn lossy_paths_written() -> bool {
        LOSSY.load(Ordering::Relaxed)
    }
}

/// Whether `path` is on procfs, whose files are regenerated at each read of an open handle; a
/// copy of `/proc` (a fixture, a snapshot whose files are replaced) is not.
pub fn is_procfs(path: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        const PROC_SUPER_MAGIC: u64 = 0x9fa0;
        #[allow(clippy::unnecessary_cast)]
        rustix::fs::statfs(path).is_ok_and(|st| st.f_type as u64 == PROC_SUPER_MAGIC)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        false
    }
}

/// The bytes a file occupies on disk: allocated blocks on Unix (`st_blocks` × 512), the
/// compressed-or-sparse size on Windows (`GetCompressedFileSizeW`).
#[cfg(unix)]
pub fn size_on_disk(_path: &Path, meta: &std::fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.blocks().saturating_mul(512))
}

/// The bytes a file occupies on disk: allocated blocks on Unix (`st_blocks` × 512), the
/// compressed-or-sparse size on Windows (`GetCompressedFileSizeW`).
#[cfg(windows)]
#[allow(unsafe_code)]
pub fn size_on_disk(path: &Path, _meta: &std::fs::Metadata) -> Option<u64> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Foundation::{GetLastError, NO_ERROR};
    use windows_sys::Win32::Storage::FileSystem::{GetCompressedFileSizeW, INVALID_FILE_SIZE};
    let wide: Vec<u16> = path.as_os_str().encode_wide().chain(std::iter::once(0)).collect();
    let mut high: u32 = 0;
    // SAFETY: `wide` is a NUL-terminated UTF-16 string that outlives the call, and `high` is a
    // valid place for the high 32 bits.
    let low = unsafe { GetCompressedFileSizeW(wide.as_ptr(), &mut high) };
    // SAFETY: reads the calling thread's last-error value; no pointers involved.
    if low == INVALID_FILE_SIZE && unsafe { GetLastError() } != NO_ERROR {
        return None;
    }
    Some((u64::from(high) << 32) | u64::from(low))
}

/// The bytes a file occupies on disk, where the platform does not say.
#[cfg(not(any(unix, windows)))]
pub fn size_on_disk(_path: &Path, _meta: &std::fs::Metadata) -> Option<u64> {
    None
}

/// A key to compare paths found in several ways: Windows file systems ignore case (and so does
/// drvfs under /mnt/c), so `…\Docker\wsl\Main` and `…\docker\wsl\main` are one file.
pub fn same_file_key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `df` is the oracle: the same free space on the drive of a file (within what the machine
    /// writes between the two readings).
    #[cfg(target_os = "linux")]
    #[test]
    fn free_space_matches_df() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("disk.vhdx");
        let ours = free_space(&file).unwrap();
        let out = std::process::Command::new("df")
            .args(["--output=avail", "-B1"])
            .arg(dir.path())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let df: u64 = text.lines().nth(1).unwrap().trim().parse().unwrap();
        assert!(ours.abs_diff(df) < 64 << 20, "ours {ours}, df {df}");
    }

    #[test]
    fn compares_paths_like_windows() {
        assert_eq!(
            same_file_key(Path::new("/mnt/c/Users/A/Docker")),
            same_file_key(Path::new("/mnt/c/users/a/docker"))
        );
    }
}
