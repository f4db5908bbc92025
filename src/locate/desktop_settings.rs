//! What Docker Desktop's settings say about WSL: whether its WSL 2 engine is on and which
//! distros it integrates with. Read from `%APPDATA%\Docker\settings-store.json` (4.35+) or
//! `settings.json`, keys matched without regard to case (`WslEngineEnabled` and
//! `wslEngineEnabled` both occur), at the top level or one level down. Read only, as hints:
//! Docker Desktop owns the file.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// The WSL settings of Docker Desktop, from the newest settings file that holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DesktopSettings {
    /// The file read.
    #[serde(serialize_with = "crate::fsinfo::json_path::one")]
    pub file: PathBuf,
    /// `WslEngineEnabled`: the WSL 2 based engine.
    pub wsl_engine: Option<bool>,
    /// `IntegratedWslDistros`: the distros Docker is integrated with, besides the default one.
    pub integrated_distros: Option<Vec<String>>,
    /// `EnableIntegrationWithDefaultWslDistro`.
    pub default_distro_integrated: Option<bool>,
}

impl DesktopSettings {
    /// Whether Docker is integrated with `distro` by name (the default distro aside).
    pub fn integrates(&self, distro: &str) -> Option<bool> {
        self.integrated_distros
            .as_ref()
            .map(|list| list.iter().any(|d| d.eq_ignore_ascii_case(distro)))
    }
}

/// The value of `key` in a settings object, case-insensitively, at the top level or one level
/// down.
fn value<'a>(json: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    let top = json.as_object()?;
    let find = |map: &'a serde_json::Map<String, serde_json::Value>| {
        map.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v)
    };
    find(top).or_else(|| top.values().filter_map(|v| v.as_object()).find_map(find))
}

/// Parses a settings file's text; `None` when it is not JSON or holds none of the keys.
pub fn parse(file: &Path, text: &str) -> Option<DesktopSettings> {
    let json: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    let settings = DesktopSettings {
        file: file.to_path_buf(),
        wsl_engine: value(&json, "WslEngineEnabled").and_then(serde_json::Value::as_bool),
        integrated_distros: value(&json, "IntegratedWslDistros").and_then(|v| {
            v.as_array().map(|a| a.iter().filter_map(|d| d.as_str().map(str::to_owned)).collect())
        }),
        default_distro_integrated: value(&json, "EnableIntegrationWithDefaultWslDistro")
            .and_then(serde_json::Value::as_bool),
    };
    let any = settings.wsl_engine.is_some()
        || settings.integrated_distros.is_some()
        || settings.default_distro_integrated.is_some();
    any.then_some(settings)
}

/// Docker Desktop's WSL settings in the Windows profile `profile`, newest file first; `None`
/// when neither file exists or says anything about WSL (problems reading them are reported by
/// `docker::read_custom_dirs`, which reads the same files).
pub fn read(profile: &Path) -> Option<DesktopSettings> {
    super::docker::settings_files(profile).into_iter().find_map(|(file, _)| {
        let bytes = std::fs::read(&file).ok()?;
        parse(&file, &String::from_utf8_lossy(&bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_and_one_level_down() {
        // settings-store.json (4.35+): PascalCase at the top level.
        let store = r#"{"WslEngineEnabled":true,"IntegratedWslDistros":["Ubuntu-24.04"],"EnableIntegrationWithDefaultWslDistro":false}"#;
        let s = parse(Path::new("store"), store).unwrap();
        assert_eq!(s.wsl_engine, Some(true));
        assert_eq!(s.integrates("ubuntu-24.04"), Some(true));
        assert_eq!(s.integrates("Debian"), Some(false));
        assert_eq!(s.default_distro_integrated, Some(false));
        // settings.json (≤ 4.34): camelCase, as Docker Desktop 3.5's logs show it.
        let old = r#"{"wslEngineEnabled":false,"integratedWslDistros":[],"enableIntegrationWithDefaultWslDistro":true}"#;
        let s = parse(Path::new("old"), old).unwrap();
        assert_eq!((s.wsl_engine, s.integrates("Ubuntu")), (Some(false), Some(false)));
        // Nested one level; no WSL keys at all; not JSON.
        assert_eq!(
            parse(Path::new("n"), r#"{"wsl":{"WSLENGINEENABLED":false}}"#).unwrap().wsl_engine,
            Some(false)
        );
        assert!(parse(Path::new("x"), r#"{"AutoStart":true}"#).is_none());
        assert!(parse(Path::new("x"), "not json").is_none());
    }
}
