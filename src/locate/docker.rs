//! Docker Desktop's WSL 2 disks across versions and custom locations (reference facts §3.1).
//!
//! | Docker Desktop | data disk (`docker-data`) | engine distro (`docker-distro`) |
//! |---|---|---|
//! | ≤ 4.29 | `wsl\data\ext4.vhdx` | `wsl\distro\ext4.vhdx` |
//! | 4.30+ | `wsl\disk\docker_data.vhdx` | `wsl\main\ext4.vhdx` |
//!
//! under `%LOCALAPPDATA%\Docker`, or under a custom "Disk image location" kept in
//! `%APPDATA%\Docker\settings-store.json` (`CustomWslDistroDir`, 4.35+) or `settings.json`
//! (`customWslDistroDir`), to which Docker appends `DockerDesktopWSL` (docker/for-win#13408) —
//! sometimes twice (docker/for-win#13384).

use std::path::{Path, PathBuf};

use super::Problem;
use super::disk::{Candidate, Role};
use super::winpath::DriveMounts;

/// The folder Docker appends to a custom disk image location.
pub const CUSTOM_SUFFIX: &str = "DockerDesktopWSL";

/// The layouts inside a Docker `wsl` folder: sub-path, role, the WSL distro the disk belongs
/// to (none for the 4.30+ data disk, which Docker attaches with `wsl --mount`), and which
/// versions use it.
const LAYOUT: &[(&str, &str, Role, Option<&str>, &str)] = &[
    ("disk", "docker_data.vhdx", Role::DockerData, None, "Docker Desktop 4.30+ data disk"),
    (
        "main",
        "ext4.vhdx",
        Role::DockerDistro,
        Some("docker-desktop"),
        "Docker Desktop 4.30+ engine distro",
    ),
    (
        "data",
        "ext4.vhdx",
        Role::DockerData,
        Some("docker-desktop-data"),
        "Docker Desktop 4.29 and older data distro",
    ),
    (
        "distro",
        "ext4.vhdx",
        Role::DockerDistro,
        Some("docker-desktop"),
        "Docker Desktop 4.29 and older engine distro",
    ),
];

/// A Docker settings file and the custom folder it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomDir {
    /// The settings file.
    pub file: PathBuf,
    /// The key, as spelled in the file.
    pub key: String,
    /// The Windows path it holds.
    pub value: String,
}

/// The settings files, newest first, with the key each one uses.
pub fn settings_files(profile: &Path) -> [(PathBuf, &'static str); 2] {
    let roaming = profile.join("AppData").join("Roaming").join("Docker");
    [
        (roaming.join("settings-store.json"), "CustomWslDistroDir"),
        (roaming.join("settings.json"), "customWslDistroDir"),
    ]
}

/// Finds the custom-location key in a settings file's text: at the top level or one level down
/// (older files nest settings per platform), matched without regard to case. An empty value
/// means the default location.
pub fn custom_dir_value(text: &str, key: &str) -> Result<Option<String>, serde_json::Error> {
    let json: serde_json::Value = serde_json::from_str(text)?;
    let Some(top) = json.as_object() else { return Ok(None) };
    let find = |map: &serde_json::Map<String, serde_json::Value>| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.as_str())
            .map(str::to_owned)
    };
    let value = find(top).or_else(|| top.values().filter_map(|v| v.as_object()).find_map(find));
    Ok(value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()))
}

/// The folders where Docker may have put its `wsl` layout for a custom location: the location
/// with `DockerDesktopWSL` appended once (what Docker does), twice (the nesting bug), and as given
/// (hand-edited settings). Each with a note saying which.
pub fn custom_bases(local: &Path) -> Vec<(PathBuf, &'static str)> {
    let ends_with_suffix =
        local.file_name().is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case(CUSTOM_SUFFIX));
    if ends_with_suffix {
        vec![
            (local.to_path_buf(), ""),
            (local.join(CUSTOM_SUFFIX), " (nested twice, docker/for-win#13384)"),
        ]
    } else {
        vec![
            (local.join(CUSTOM_SUFFIX), ""),
            (
                local.join(CUSTOM_SUFFIX).join(CUSTOM_SUFFIX),
                " (nested twice, docker/for-win#13384)",
            ),
            (local.to_path_buf(), " (without the DockerDesktopWSL suffix)"),
        ]
    }
}

/// Every place a Docker disk may be: the default `%LOCALAPPDATA%\Docker\wsl` layout, then each
/// custom location.
pub fn candidates(profile: &Path, custom: &[CustomDir], mounts: &DriveMounts) -> Vec<Candidate> {
    let default_base = profile.join("AppData").join("Local").join("Docker").join("wsl");
    let mut out = layout(&default_base, "default location %LOCALAPPDATA%\\Docker\\wsl", "");
    for dir in custom {
        let Some(local) = mounts.to_local(&dir.value) else { continue };
        let source = format!("{} '{}' in {}", dir.key, dir.value, dir.file.display());
        for (base, note) in custom_bases(&local) {
            out.extend(layout(&base, &source, note));
        }
    }
    out
}

fn layout(base: &Path, source: &str, note: &str) -> Vec<Candidate> {
    LAYOUT
        .iter()
        .map(|(folder, file, role, name, what)| Candidate {
            path: base.join(folder).join(file),
            role: *role,
            name: name.map(str::to_owned),
            found_by: format!("{what}, {source}{note}"),
        })
        .collect()
}

/// True when a found Docker disk lies in a doubly nested custom folder.
pub fn is_double_nested(path: &Path) -> bool {
    let mut previous_was_suffix = false;
    for part in path.components() {
        let is_suffix = part.as_os_str().to_string_lossy().eq_ignore_ascii_case(CUSTOM_SUFFIX);
        if is_suffix && previous_was_suffix {
            return true;
        }
        previous_was_suffix = is_suffix;
    }
    false
}

/// The custom disk folders named by Docker's settings files, newest file first.
pub fn read_custom_dirs(profile: &Path, problems: &mut Vec<Problem>) -> Vec<CustomDir> {
    let mut out = Vec::new();
    for (file, key) in settings_files(profile) {
        let text = match std::fs::read(&file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                problems.push(Problem {
                    code: "docker-settings-unreadable",
                    message: super::texts::SETTINGS_UNREADABLE
                        .fill(&[("file", &file.display()), ("error", &e)]),
                    fix: super::texts::SETTINGS_UNREADABLE_FIX.get().to_owned(),
                });
                continue;
            }
        };
        match custom_dir_value(text.trim_start_matches('\u{feff}'), key) {
            Ok(Some(value)) => out.push(CustomDir { file, key: key.to_owned(), value }),
            Ok(None) => {}
            Err(e) => problems.push(Problem {
                code: "docker-settings-unreadable",
                message: super::texts::SETTINGS_NOT_JSON
                    .fill(&[("file", &file.display()), ("error", &e)]),
                fix: super::texts::SETTINGS_NOT_JSON_FIX.get().to_owned(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_settings_spellings() {
        let store = r#"{"AutoStart":true,"CustomWslDistroDir":"D:\\Docker\\DockerDesktopWSL"}"#;
        assert_eq!(
            custom_dir_value(store, "CustomWslDistroDir").unwrap().as_deref(),
            Some(r"D:\Docker\DockerDesktopWSL")
        );
        let old = r#"{"customWslDistroDir": "F:\\someFolder1\\newFolder", "memoryMiB": 2048}"#;
        assert_eq!(
            custom_dir_value(old, "customWslDistroDir").unwrap().as_deref(),
            Some(r"F:\someFolder1\newFolder")
        );
        let nested = r#"{"platformSpecificContent":{"customWslDistroDir":"E:\\d"}}"#;
        assert_eq!(
            custom_dir_value(nested, "customWslDistroDir").unwrap().as_deref(),
            Some(r"E:\d")
        );
        assert_eq!(
            custom_dir_value(r#"{"CustomWslDistroDir":""}"#, "CustomWslDistroDir").unwrap(),
            None
        );
        assert_eq!(custom_dir_value("[]", "x").unwrap(), None);
        assert!(custom_dir_value("{not json", "x").is_err());
    }

    #[test]
    fn custom_location_gets_the_suffix_once_twice_or_as_given() {
        let bases: Vec<PathBuf> =
            custom_bases(Path::new("/mnt/f/dd")).into_iter().map(|b| b.0).collect();
        assert_eq!(
            bases,
            [
                PathBuf::from("/mnt/f/dd/DockerDesktopWSL"),
                PathBuf::from("/mnt/f/dd/DockerDesktopWSL/DockerDesktopWSL"),
                PathBuf::from("/mnt/f/dd"),
            ]
        );
        let bases: Vec<PathBuf> = custom_bases(Path::new("/mnt/f/dd/dockerdesktopwsl"))
            .into_iter()
            .map(|b| b.0)
            .collect();
        assert_eq!(
            bases,
            [
                PathBuf::from("/mnt/f/dd/dockerdesktopwsl"),
                PathBuf::from("/mnt/f/dd/dockerdesktopwsl/DockerDesktopWSL")
            ]
        );
    }

    #[test]
    fn detects_double_nesting() {
        assert!(is_double_nested(Path::new(
            "/mnt/d/x/DockerDesktopWSL/DockerDesktopWSL/disk/docker_data.vhdx"
        )));
        assert!(!is_double_nested(Path::new("/mnt/d/x/DockerDesktopWSL/disk/docker_data.vhdx")));
        assert!(!is_double_nested(Path::new("/mnt/d/DockerDesktopWSL/x/DockerDesktopWSL/disk")));
    }

    #[test]
    fn candidates_cover_default_and_custom_layouts() {
        let mounts = DriveMounts::Automount { fs_root: "/".into(), automount: "/mnt/".into() };
        let custom = [CustomDir {
            file: "/s.json".into(),
            key: "CustomWslDistroDir".into(),
            value: r"D:\dd".into(),
        }];
        let all = candidates(Path::new("/mnt/c/Users/a"), &custom, &mounts);
        assert_eq!(all.len(), 4 + 3 * 4);
        assert_eq!(
            all[0].path,
            Path::new("/mnt/c/Users/a/AppData/Local/Docker/wsl/disk/docker_data.vhdx")
        );
        assert_eq!(all[0].role, Role::DockerData);
        assert!(
            all.iter().any(|c| c.path == Path::new("/mnt/d/dd/DockerDesktopWSL/main/ext4.vhdx")
                && c.role == Role::DockerDistro)
        );
        assert!(all[4].found_by.contains(r"'D:\dd' in /s.json"));
    }
}
