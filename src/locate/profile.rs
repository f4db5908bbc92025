//! The Windows user profile folder (`%USERPROFILE%`), where `.wslconfig` and Docker's data live.
//!
//! Order: `--windows-home`; on Windows `USERPROFILE`; inside WSL, interop (`cmd.exe /c echo
//! %USERPROFILE%`, then `wslpath`); else the single real profile under `<automount>/c/Users`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::interop::WindowsSide;
use super::winpath::DriveMounts;

/// The outcome of looking for the profile.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Profile {
    /// Found, and how.
    Found {
        /// The folder, as seen from here.
        #[serde(serialize_with = "crate::fsinfo::json_path::one")]
        path: PathBuf,
        /// How it was found.
        found_by: String,
    },
    /// Several profiles could be the user's; wsltune does not guess.
    Ambiguous {
        /// The folders that could be it.
        #[serde(serialize_with = "crate::fsinfo::json_path::list")]
        candidates: Vec<PathBuf>,
        /// Where wsltune looked.
        looked: Vec<String>,
    },
    /// Not found.
    NotFound {
        /// Where wsltune looked.
        looked: Vec<String>,
    },
}

impl Profile {
    /// The folder, when found.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Profile::Found { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// Folders under `C:\Users` that are not a person's profile.
const SYSTEM_PROFILES: &[&str] = &[
    "public",
    "default",
    "default user",
    "all users",
    "defaultuser0",
    "defaultuser100000",
    "wdagutilityaccount",
    "desktop.ini",
];

/// What is known when looking for the profile.
pub struct Context<'a> {
    /// Given with `--windows-home` / `WSLTUNE_WINDOWS_HOME`.
    pub explicit: Option<&'a Path>,
    /// `USERPROFILE`, read only when running natively on Windows.
    pub userprofile_var: Option<String>,
    /// Whether to ask Windows through interop.
    pub use_interop: bool,
    /// How drives are mounted.
    pub mounts: &'a DriveMounts,
    /// The Linux user name (`USER`), used to choose among several profiles.
    pub linux_user: Option<String>,
}

/// Finds the profile.
pub fn find(ctx: &Context<'_>, windows: &dyn WindowsSide) -> Profile {
    if let Some(path) = ctx.explicit {
        return Profile::Found {
            path: path.to_path_buf(),
            found_by: "given with --windows-home (or WSLTUNE_WINDOWS_HOME)".to_owned(),
        };
    }
    let mut looked = Vec::new();
    if let DriveMounts::Native = ctx.mounts {
        match &ctx.userprofile_var {
            Some(value) if !value.is_empty() => {
                return Profile::Found {
                    path: PathBuf::from(value),
                    found_by: "the USERPROFILE variable".to_owned(),
                };
            }
            _ => looked.push("the USERPROFILE variable (not set)".to_owned()),
        }
        return Profile::NotFound { looked };
    }
    if ctx.use_interop {
        match windows.userprofile() {
            Some(windows_path) => {
                let local =
                    windows.wslpath(&windows_path).or_else(|| ctx.mounts.to_local(&windows_path));
                match local {
                    Some(path) if path.is_dir() => {
                        return Profile::Found {
                            path,
                            found_by: format!(
                                "WSL interop: cmd.exe says %USERPROFILE% is '{windows_path}'"
                            ),
                        };
                    }
                    _ => looked.push(format!(
                        "WSL interop: %USERPROFILE% is '{windows_path}', which is not a folder here"
                    )),
                }
            }
            None => {
                looked.push("WSL interop (cmd.exe /c echo %USERPROFILE%): no answer".to_owned())
            }
        }
    }
    let Some(users) = ctx.mounts.drive_dir('c').map(|c| c.join("Users")) else {
        return Profile::NotFound { looked };
    };
    looked.push(format!("the profiles in {}", users.display()));
    let Ok(entries) = std::fs::read_dir(&users) else {
        if let Some(last) = looked.last_mut() {
            last.push_str(" (no such folder)");
        }
        return Profile::NotFound { looked };
    };
    let folders: Vec<Candidate> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| Candidate {
            name: e.file_name().to_string_lossy().into_owned(),
            has_appdata: e.path().join("AppData").is_dir(),
        })
        .collect();
    match pick(&folders, ctx.linux_user.as_deref()) {
        Pick::One(name, why) => Profile::Found { path: users.join(name), found_by: why },
        Pick::None => Profile::NotFound { looked },
        Pick::Several(names) => Profile::Ambiguous {
            candidates: names.into_iter().map(|n| users.join(n)).collect(),
            looked,
        },
    }
}

/// A folder under `C:\Users`.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The folder name.
    pub name: String,
    /// Whether it has an `AppData` folder, as every profile that has been logged into does.
    pub has_appdata: bool,
}

/// The choice among the folders of `C:\Users`.
#[derive(Debug, PartialEq, Eq)]
pub enum Pick {
    /// One profile, and why.
    One(String, String),
    /// No profile.
    None,
    /// Several, none preferred.
    Several(Vec<String>),
}

/// Chooses the user's profile: the only real one; else the only one with `AppData`; else the one
/// named like the Linux user.
pub fn pick(folders: &[Candidate], linux_user: Option<&str>) -> Pick {
    let real: Vec<&Candidate> = folders
        .iter()
        .filter(|c| !SYSTEM_PROFILES.contains(&c.name.to_ascii_lowercase().as_str()))
        .collect();
    match real.as_slice() {
        [] => return Pick::None,
        [only] => return Pick::One(only.name.clone(), "the only user profile in C:\\Users".into()),
        _ => {}
    }
    let used: Vec<&&Candidate> = real.iter().filter(|c| c.has_appdata).collect();
    if let [only] = used.as_slice() {
        return Pick::One(
            only.name.clone(),
            "the only profile in C:\\Users with an AppData folder".into(),
        );
    }
    if let Some(user) = linux_user {
        let pool: Vec<&Candidate> =
            if used.is_empty() { real.clone() } else { used.iter().map(|c| **c).collect() };
        let same: Vec<&&Candidate> =
            pool.iter().filter(|c| c.name.eq_ignore_ascii_case(user)).collect();
        if let [only] = same.as_slice() {
            return Pick::One(
                only.name.clone(),
                format!("the profile in C:\\Users named like the Linux user '{user}'"),
            );
        }
    }
    let mut names: Vec<String> = real.iter().map(|c| c.name.clone()).collect();
    names.sort();
    Pick::Several(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: &str, has_appdata: bool) -> Candidate {
        Candidate { name: name.into(), has_appdata }
    }

    #[test]
    fn single_real_profile_wins() {
        let folders =
            [c("Public", false), c("Default", true), c("alice", true), c("desktop.ini", false)];
        assert!(matches!(pick(&folders, None), Pick::One(n, _) if n == "alice"));
    }

    #[test]
    fn appdata_then_user_name_break_ties() {
        let folders = [c("alice", true), c("old", false)];
        assert!(matches!(pick(&folders, None), Pick::One(n, _) if n == "alice"));
        let folders = [c("Alice", true), c("bob", true)];
        assert!(matches!(pick(&folders, Some("alice")), Pick::One(n, _) if n == "Alice"));
        assert_eq!(
            pick(&folders, Some("carol")),
            Pick::Several(vec!["Alice".into(), "bob".into()])
        );
        assert_eq!(pick(&folders, None), Pick::Several(vec!["Alice".into(), "bob".into()]));
    }

    #[test]
    fn only_system_folders_is_none() {
        assert_eq!(pick(&[c("Public", true), c("Default User", false)], None), Pick::None);
        assert_eq!(pick(&[], Some("x")), Pick::None);
    }

    struct Canned(Option<&'static str>);
    impl WindowsSide for Canned {
        fn userprofile(&self) -> Option<String> {
            self.0.map(str::to_owned)
        }
        fn wslpath(&self, _: &str) -> Option<PathBuf> {
            None
        }
        fn lxss_query(&self) -> Option<String> {
            None
        }
    }

    #[test]
    fn interop_answer_is_converted_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("mnt/c/Users/Dev One")).unwrap();
        let mounts =
            DriveMounts::Automount { fs_root: dir.path().into(), automount: "/mnt/".into() };
        let ctx = Context {
            explicit: None,
            userprofile_var: None,
            use_interop: true,
            mounts: &mounts,
            linux_user: None,
        };
        let found = find(&ctx, &Canned(Some(r"C:\Users\Dev One")));
        assert_eq!(found.path(), Some(dir.path().join("mnt/c/Users/Dev One").as_path()));
        // An answer that is not a folder falls back to the scan, and says so.
        let found = find(&ctx, &Canned(Some(r"C:\Users\ghost")));
        assert!(
            matches!(&found, Profile::Found { found_by, .. } if found_by.contains("only user profile"))
        );
        let ctx = Context { use_interop: false, ..ctx };
        std::fs::create_dir_all(dir.path().join("mnt/c/Users/second/AppData")).unwrap();
        std::fs::create_dir_all(dir.path().join("mnt/c/Users/Dev One/AppData")).unwrap();
        assert!(
            matches!(find(&ctx, &Canned(None)), Profile::Ambiguous { candidates, .. } if candidates.len() == 2)
        );
    }

    #[test]
    fn native_uses_userprofile() {
        let ctx = Context {
            explicit: None,
            userprofile_var: Some(r"C:\Users\x".into()),
            use_interop: false,
            mounts: &DriveMounts::Native,
            linux_user: None,
        };
        assert_eq!(find(&ctx, &Canned(None)).path(), Some(Path::new(r"C:\Users\x")));
        let ctx = Context { userprofile_var: None, ..ctx };
        assert!(matches!(find(&ctx, &Canned(None)), Profile::NotFound { .. }));
    }
}
