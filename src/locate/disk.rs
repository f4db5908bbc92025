//! A virtual disk file found on this machine: its role, how it was found, its file length and
//! its size on disk (they differ for sparse files, microsoft/WSL#4699).

use std::path::PathBuf;

use serde::Serialize;

use crate::fsinfo::size_on_disk;

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
}

/// A disk file that exists, with its sizes.
#[derive(Debug, Clone, Serialize)]
pub struct Disk {
    /// The file, as seen from here.
    #[serde(serialize_with = "crate::fsinfo::json_path::one")]
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

#[cfg(test)]
mod tests {
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
}
