//! Windows' display language, for the choice of wsltune's own (`i18n::choose`): the user's
//! preferred UI language (`HKCU\Control Panel\Desktop` `PreferredUILanguages`, set when the user
//! picked one), else the user's locale (`HKCU\Control Panel\International` `LocaleName`, set on
//! every install: `ja-JP` on a Japanese one). Natively from the registry; inside WSL through
//! `reg.exe`, whose answer is kept a month in the cache folder (a Windows process costs tens of
//! milliseconds, and the choice is made at every start).

use std::path::{Path, PathBuf};
#[cfg(not(windows))]
use std::time::{Duration, SystemTime};

/// How long the answer asked through interop is kept.
#[cfg(not(windows))]
const KEEP: Duration = Duration::from_secs(30 * 86_400);

/// The first tag of a `reg.exe query` answer's value line (`Name  REG_SZ  ja-JP`, or
/// `REG_MULTI_SZ  ja-JP\0en-US`).
pub fn parse_reg_value(text: &str, name: &str) -> Option<String> {
    let line = text.lines().find(|l| l.trim_start().starts_with(name))?;
    let value = line.split_whitespace().nth(2)?;
    let first = value.split("\\0").next()?.trim();
    (!first.is_empty()).then(|| first.to_owned())
}

/// Windows' display language as a tag (`ja-JP`), where Windows can be asked: natively, or
/// inside WSL with interop (`in_wsl`); `cache` is the folder for the answer asked through
/// interop.
pub fn windows_language(in_wsl: bool, cache: Option<&Path>) -> Option<String> {
    #[cfg(windows)]
    {
        let _ = (in_wsl, cache);
        native()
    }
    #[cfg(not(windows))]
    {
        if !in_wsl {
            return None;
        }
        let file = cache.map(|c| c.join("windows-language"));
        if let Some(kept) = file.as_deref().and_then(kept) {
            return Some(kept);
        }
        let asked = through_interop()?;
        if let Some(file) = file {
            let _ = file.parent().map(std::fs::create_dir_all);
            let _ = std::fs::write(&file, format!("{asked}\n"));
        }
        Some(asked)
    }
}

/// The answer kept in `file`, when younger than [`KEEP`].
#[cfg(not(windows))]
fn kept(file: &Path) -> Option<String> {
    let age = SystemTime::now().duration_since(std::fs::metadata(file).ok()?.modified().ok()?);
    if age.ok()? > KEEP {
        return None;
    }
    let text = std::fs::read_to_string(file).ok()?;
    let tag = text.trim();
    (!tag.is_empty()).then(|| tag.to_owned())
}

#[cfg(not(windows))]
fn through_interop() -> Option<String> {
    let c = PathBuf::from("/mnt/c");
    let interop = super::interop::Interop { c_drive: c.is_dir().then_some(c) };
    let query = |key: &str, name: &str| {
        let text = interop.reg_query(key, name)?;
        parse_reg_value(&text, name)
    };
    query(r"HKCU\Control Panel\Desktop", "PreferredUILanguages")
        .or_else(|| query(r"HKCU\Control Panel\International", "LocaleName"))
}

#[cfg(windows)]
fn native() -> Option<String> {
    use winreg::RegKey;
    use winreg::enums::HKEY_CURRENT_USER;
    let hkcu = RegKey::predef(HKEY_CURRENT_USER);
    let preferred = hkcu
        .open_subkey(r"Control Panel\Desktop")
        .and_then(|k| k.get_value::<Vec<String>, _>("PreferredUILanguages"))
        .ok()
        .and_then(|v| v.into_iter().find(|t| !t.is_empty()));
    preferred.or_else(|| {
        hkcu.open_subkey(r"Control Panel\International")
            .and_then(|k| k.get_value::<String, _>("LocaleName"))
            .ok()
            .filter(|t| !t.is_empty())
    })
}

/// The cache folder: `$XDG_CACHE_HOME/wsltune`, else `~/.cache/wsltune`.
pub fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|c| c.join("wsltune"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reg_exe_answers() {
        let multi = "\r\nHKEY_CURRENT_USER\\Control Panel\\Desktop\r\n    PreferredUILanguages    REG_MULTI_SZ    ja-JP\\0en-US\r\n\r\n";
        assert_eq!(parse_reg_value(multi, "PreferredUILanguages").as_deref(), Some("ja-JP"));
        let single =
            "HKEY_CURRENT_USER\\Control Panel\\International\n    LocaleName    REG_SZ    en-GB\n";
        assert_eq!(parse_reg_value(single, "LocaleName").as_deref(), Some("en-GB"));
        assert_eq!(parse_reg_value("ERROR: not found", "LocaleName"), None);
    }

    #[test]
    fn an_answer_is_kept_a_month() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("windows-language");
        assert_eq!(kept(&file), None);
        std::fs::write(&file, "ja-JP\n").unwrap();
        assert_eq!(kept(&file).as_deref(), Some("ja-JP"));
        let old = SystemTime::now() - KEEP - Duration::from_secs(60);
        std::fs::File::options().write(true).open(&file).unwrap().set_modified(old).unwrap();
        assert_eq!(kept(&file), None);
    }
}
