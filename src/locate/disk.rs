//! A virtual disk file found on this machine: its role, how it was found, its file length and
//! its size on disk (they differ for sparse files, microsoft/WSL#4699).

use std::path::{Path, PathBuf};

use serde::Serialize;

/// What a disk is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Docker's images, containers and volumes (`docker_data.vhdx`, or the old
    /// `docker-desktop-data` distro's `ext4.vhdx`).
    DockerData,
    /// The `docker-desktop` distro that runs the engine.
    DockerDistro,
    /// A WSL distro's disk.
    Distro,
    /// Any other disk named with `--vhdx`.
    Other,
}

impl Role {
    /// The name used in JSON, CSV and the history: `docker-data`, `docker-distro`, `distro`,
    /// `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::DockerData => "docker-data",
            Role::DockerDistro => "docker-distro",
            Role::Distro => "distro",
            Role::Other => "other",
        }
    }

    /// Reads a name written by [`Role::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        [Role::DockerData, Role::DockerDistro, Role::Distro, Role::Other]
            .into_iter()
            .find(|r| r.as_str() == name)
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Role::DockerData => "Docker data",
            Role::DockerDistro => "Docker distro",
            Role::Distro => "WSL distro",
            Role::Other => "disk",
        }
    }
}

/// A disk file that exists, with its sizes.
#[derive(Debug, Clone, Serialize)]
pub struct Disk {
    /// The file, as seen from here.
    pub path: PathBuf,
    /// What it is for.
    pub role: Role,
    /// The distro or layout it belongs to, when known (`Ubuntu`, `docker-desktop`).
    pub name: Option<String>,
    /// The file's length in bytes (what Explorer shows as Size).
    pub file_length: u64,
    /// The bytes the file really occupies (Size on disk); `null` when the system does not say.
    pub size_on_disk: Option<u64>,
    /// How wsltune found it.
    pub found_by: String,
}

/// A place where a disk may be.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where to look.
    pub path: PathBuf,
    /// Its role if it is there.
    pub role: Role,
    /// Distro or layout name.
    pub name: Option<String>,
    /// How this place was derived.
    pub found_by: String,
}

impl Candidate {
    /// Measures the file when it exists and is a regular file.
    pub fn measure(&self) -> Option<Disk> {
        let meta = std::fs::metadata(&self.path).ok().filter(std::fs::Metadata::is_file)?;
        Some(Disk {
            path: self.path.clone(),
            role: self.role,
            name: self.name.clone(),
            file_length: meta.len(),
            size_on_disk: size_on_disk(&self.path, &meta),
            found_by: self.found_by.clone(),
        })
    }
}

/// The bytes a file occupies on disk: allocated blocks on Unix (`st_blocks` × 512), the
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
    use super::*;

    #[test]
    fn measures_sparse_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sparse.vhdx");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(1 << 30).unwrap();
        let cand = Candidate {
            path: path.clone(),
            role: Role::Other,
            name: None,
            found_by: "test".into(),
        };
        let disk = cand.measure().unwrap();
        assert_eq!(disk.file_length, 1 << 30);
        assert!(disk.size_on_disk.unwrap() < 1 << 20, "a hole occupies (almost) nothing");
        let missing = Candidate { path: dir.path().join("none"), ..cand.clone() };
        assert!(missing.measure().is_none());
        let folder = Candidate { path: dir.path().to_path_buf(), ..cand };
        assert!(folder.measure().is_none());
    }

    #[test]
    fn compares_paths_like_windows() {
        assert_eq!(
            same_file_key(Path::new("/mnt/c/Users/A/Docker")),
            same_file_key(Path::new("/mnt/c/users/a/docker"))
        );
    }
}
