//! WSL distro disks: the `Lxss` registry entries (`BasePath` + `VhdFileName`), Store installs
//! under `%LOCALAPPDATA%\Packages\*\LocalState\ext4.vhdx`, and newer installs under
//! `%LOCALAPPDATA%\wsl\{GUID}\ext4.vhdx` (reference facts §3.1).

use std::path::Path;

use super::disk::{Candidate, Role};
use super::winpath::DriveMounts;

/// One registered distro: a subkey `{GUID}` of `HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LxssEntry {
    /// The subkey name, a GUID in braces.
    pub guid: String,
    /// `DistributionName`.
    pub name: Option<String>,
    /// `BasePath`, often with a `\\?\` prefix.
    pub base_path: Option<String>,
    /// `VhdFileName` (default `ext4.vhdx`, DistributionRegistration.h).
    pub vhd_file_name: Option<String>,
    /// `Version`: 1 for WSL 1 distros (no VHDX), 2 for WSL 2.
    pub version: Option<u32>,
}

/// The `Lxss` key: the registered distros and the key's own values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lxss {
    /// One entry per `{GUID}` subkey.
    pub entries: Vec<LxssEntry>,
    /// `DefaultDistribution`: the GUID of the default distro.
    pub default_distribution: Option<String>,
    /// `DefaultVersion`: the WSL version new distros get; absent means 2 (the service reads it
    /// with `LXSS_WSL_VERSION_2` as the default: `LxssUserSession.cpp`, `RegisterDistribution`).
    pub default_version: Option<u32>,
}

impl Lxss {
    /// The name of the default distro.
    pub fn default_name(&self) -> Option<&str> {
        let guid = self.default_distribution.as_deref()?;
        self.entries.iter().find(|e| e.guid.eq_ignore_ascii_case(guid))?.name.as_deref()
    }
}

/// Parses `reg.exe query …\Lxss /s`: the entries and the `Lxss` key's own values.
pub fn parse_lxss(text: &str) -> Lxss {
    let mut lxss = Lxss { entries: parse_reg_query(text), ..Lxss::default() };
    let mut in_root = false;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("HKEY_") {
            in_root = line.ends_with("\\Lxss");
            continue;
        }
        let Some((name, kind, value)) = split_value_line(line).filter(|_| in_root) else {
            continue;
        };
        match name.to_ascii_lowercase().as_str() {
            "defaultdistribution" => lxss.default_distribution = Some(value.to_owned()),
            "defaultversion" if kind == "REG_DWORD" => {
                lxss.default_version = u32::from_str_radix(value.trim_start_matches("0x"), 16).ok();
            }
            _ => {}
        }
    }
    lxss
}

/// Parses the text of `reg.exe query HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss /s`:
/// a key line, then indented `Name    REG_TYPE    value` lines.
pub fn parse_reg_query(text: &str) -> Vec<LxssEntry> {
    let mut entries: Vec<LxssEntry> = Vec::new();
    let mut current: Option<LxssEntry> = None;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with("HKEY_") {
            entries.extend(current.take());
            let last = line.rsplit('\\').next().unwrap_or("");
            if last.starts_with('{') && last.ends_with('}') {
                current = Some(LxssEntry { guid: last.to_owned(), ..LxssEntry::default() });
            }
            continue;
        }
        let Some(entry) = current.as_mut() else { continue };
        let Some((name, kind, value)) = split_value_line(line) else { continue };
        match name.to_ascii_lowercase().as_str() {
            "distributionname" => entry.name = Some(value.to_owned()),
            "basepath" => entry.base_path = Some(value.to_owned()),
            "vhdfilename" => entry.vhd_file_name = Some(value.to_owned()),
            "version" if kind == "REG_DWORD" => {
                entry.version = u32::from_str_radix(value.trim_start_matches("0x"), 16).ok();
            }
            _ => {}
        }
    }
    entries.extend(current);
    entries
}

/// Splits `    BasePath    REG_SZ    C:\a b\c` into name, type and value (values may hold spaces).
fn split_value_line(line: &str) -> Option<(&str, &str, &str)> {
    let trimmed = line.trim_start();
    let at = trimmed.find("    REG_")?;
    let name = trimmed.get(..at)?.trim();
    let rest = trimmed.get(at + 4..)?;
    let (kind, value) = match rest.find("    ") {
        Some(i) => (rest.get(..i)?, rest.get(i + 4..)?),
        None => (rest, ""),
    };
    Some((name, kind.trim(), value))
}

/// Where each registered WSL 2 distro keeps its disk. Docker's own distros get Docker roles.
pub fn registry_candidates(entries: &[LxssEntry], mounts: &DriveMounts) -> Vec<Candidate> {
    entries
        .iter()
        .filter(|e| e.version != Some(1))
        .filter_map(|e| {
            let base = mounts.to_local(e.base_path.as_deref()?)?;
            let file = e.vhd_file_name.as_deref().filter(|f| !f.is_empty()).unwrap_or("ext4.vhdx");
            let role = match e.name.as_deref() {
                Some(n) if n.eq_ignore_ascii_case("docker-desktop-data") => Role::DockerData,
                Some(n) if n.eq_ignore_ascii_case("docker-desktop") => Role::DockerDistro,
                _ => Role::Distro,
            };
            let label = e.name.clone().unwrap_or_else(|| e.guid.clone());
            Some(Candidate {
                path: base.join(file),
                role,
                name: Some(label.clone()),
                found_by: format!(
                    "registered distro '{label}' (Lxss registry: BasePath + VhdFileName)"
                ),
            })
        })
        .collect()
}

/// Distro disks found by scanning the profile's usual install folders.
pub fn scanned_candidates(profile: &Path) -> Vec<Candidate> {
    let local = profile.join("AppData").join("Local");
    let mut out = Vec::new();
    let scans = [
        (
            local.join("Packages"),
            &["LocalState", "ext4.vhdx"][..],
            "Store install under %LOCALAPPDATA%\\Packages",
        ),
        (local.join("wsl"), &["ext4.vhdx"][..], "install under %LOCALAPPDATA%\\wsl"),
    ];
    for (folder, tail, how) in scans {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let path = tail.iter().fold(folder.join(&name), |p, t| p.join(t));
            out.push(Candidate {
                path,
                role: Role::Distro,
                name: Some(name),
                found_by: how.to_owned(),
            });
        }
    }
    out
}

/// Reads the `Lxss` registry key directly (natively on Windows).
#[cfg(windows)]
pub fn read_registry() -> Lxss {
    use winreg::RegKey;
    use winreg::enums::HKEY_CURRENT_USER;
    let hkcu = RegKey::predef(HKEY_CURRENT_USER);
    let Ok(lxss) = hkcu.open_subkey(r"Software\Microsoft\Windows\CurrentVersion\Lxss") else {
        return Lxss::default();
    };
    let entries = lxss
        .enum_keys()
        .filter_map(Result::ok)
        .filter_map(|guid| {
            let key = lxss.open_subkey(&guid).ok()?;
            Some(LxssEntry {
                name: key.get_value("DistributionName").ok(),
                base_path: key.get_value("BasePath").ok(),
                vhd_file_name: key.get_value("VhdFileName").ok(),
                version: key.get_value::<u32, _>("Version").ok(),
                guid,
            })
        })
        .collect();
    Lxss {
        entries,
        default_distribution: lxss.get_value("DefaultDistribution").ok(),
        default_version: lxss.get_value::<u32, _>("DefaultVersion").ok(),
    }
}

/// Reads the `Lxss` registry key directly (natively on Windows); elsewhere there is none.
#[cfg(not(windows))]
pub fn read_registry() -> Lxss {
    Lxss::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REG: &str = "\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\r\n    DefaultDistribution    REG_SZ    {aaa}\r\n    DefaultVersion    REG_DWORD    0x2\r\n\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{aaa}\r\n    State    REG_DWORD    0x1\r\n    DistributionName    REG_SZ    Ubuntu-24.04\r\n    Version    REG_DWORD    0x2\r\n    BasePath    REG_SZ    C:\\Users\\Dev One\\AppData\\Local\\wsl\\{aaa}\r\n    VhdFileName    REG_SZ    ext4.vhdx\r\n\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{bbb}\r\n    DistributionName    REG_SZ    docker-desktop\r\n    BasePath    REG_SZ    \\\\?\\D:\\dd\\DockerDesktopWSL\\main\r\n\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{ccc}\r\n    DistributionName    REG_SZ    Legacy\r\n    Version    REG_DWORD    0x1\r\n    BasePath    REG_SZ    C:\\legacy\r\n";

    #[test]
    fn parses_reg_query_output() {
        let entries = parse_reg_query(REG);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].name.as_deref(), Some("Ubuntu-24.04"));
        assert_eq!(
            entries[0].base_path.as_deref(),
            Some(r"C:\Users\Dev One\AppData\Local\wsl\{aaa}")
        );
        assert_eq!(entries[0].version, Some(2));
        assert_eq!(entries[1].vhd_file_name, None);
        assert_eq!(entries[2].version, Some(1));
    }

    #[test]
    fn the_lxss_keys_own_values_name_the_default() {
        let lxss = parse_lxss(REG);
        assert_eq!(lxss.entries.len(), 3);
        assert_eq!(lxss.default_distribution.as_deref(), Some("{aaa}"));
        assert_eq!(lxss.default_name(), Some("Ubuntu-24.04"));
        assert_eq!(lxss.default_version, Some(2));
        let one =
            REG.replace("DefaultVersion    REG_DWORD    0x2", "DefaultVersion    REG_DWORD    0x1");
        assert_eq!(parse_lxss(&one).default_version, Some(1));
        // A subkey's values are not the key's own.
        let sub = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{a}\n    DefaultVersion    REG_DWORD    0x1\n";
        assert_eq!(parse_lxss(sub).default_version, None);
    }

    #[test]
    fn registry_entries_become_candidates_with_roles() {
        let mounts = DriveMounts::Automount { fs_root: "/".into(), automount: "/mnt/".into() };
        let c = registry_candidates(&parse_reg_query(REG), &mounts);
        assert_eq!(c.len(), 2, "the WSL 1 distro has no disk");
        assert_eq!(c[0].path, Path::new("/mnt/c/Users/Dev One/AppData/Local/wsl/{aaa}/ext4.vhdx"));
        assert_eq!(c[0].role, Role::Distro);
        assert_eq!(c[1].path, Path::new("/mnt/d/dd/DockerDesktopWSL/main/ext4.vhdx"));
        assert_eq!(c[1].role, Role::DockerDistro);
    }

    #[test]
    fn junk_is_ignored() {
        assert!(
            parse_reg_query("ERROR: The system was unable to find the specified registry key")
                .is_empty()
        );
        assert!(parse_reg_query("").is_empty());
        let odd = "HKEY_X\\{a}\n    REG_SZ\n    Name    REG_SZ\n";
        assert_eq!(
            parse_reg_query(odd),
            vec![LxssEntry { guid: "{a}".into(), ..LxssEntry::default() }]
        );
    }
}
