//! `wsltune inspect`: what is inside each VHDX — allocation, ext4 usage, and what compaction
//! would give back — read-only, without mounting the disk or stopping WSL.

mod render;

use std::path::PathBuf;

use anyhow::Context;

use crate::Outcome;
use crate::cli::{GlobalArgs, InspectArgs};
use crate::locate::{self, Inputs, Role};
use crate::vhdx::{self, Inspection};

/// One file to inspect, with what wsltune knows about it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The file.
    pub path: PathBuf,
    /// Its role, when `locate` found it.
    pub role: Role,
    /// Its Windows path, for the commands the user runs in PowerShell.
    pub windows_path: Option<String>,
}

/// Runs `wsltune inspect`.
pub fn run(global: &GlobalArgs, args: &InspectArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::resolve(global)?;
    let found = locate::locate(&inputs);
    let targets: Vec<Target> = if args.paths.is_empty() {
        found
            .disks
            .iter()
            .map(|d| Target {
                path: d.path.clone(),
                role: d.role,
                windows_path: found.mounts.to_windows(&d.path),
            })
            .collect()
    } else {
        args.paths
            .iter()
            .map(|p| {
                let known = found.disks.iter().find(|d| {
                    crate::fsinfo::same_file_key(&d.path) == crate::fsinfo::same_file_key(p)
                });
                let absolute = std::path::absolute(p).unwrap_or_else(|_| p.clone());
                Target {
                    path: p.clone(),
                    role: known.map_or(Role::Other, |d| d.role),
                    windows_path: found.mounts.to_windows(&absolute),
                }
            })
            .collect()
    };
    if targets.is_empty() {
        anyhow::bail!(
            "no disk to inspect: wsltune found no Docker or WSL disk here ({}); name the files: wsltune inspect PATH...",
            match found.profile.path() {
                Some(home) => format!("looked under the Windows profile {}", home.display()),
                None => "the Windows profile was not found; see `wsltune doctor`".to_owned(),
            }
        );
    }
    let mut results: Vec<(Target, Inspection)> = Vec::new();
    let mut failed = 0;
    for target in targets {
        match vhdx::inspect_path(&target.path) {
            Ok(inspection) => results.push((target, inspection)),
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let objects: Vec<&Inspection> = results.iter().map(|(_, i)| i).collect();
        match (args.paths.len(), objects.as_slice()) {
            (1, [one]) => serde_json::to_writer_pretty(&mut out, one),
            _ => serde_json::to_writer_pretty(&mut out, &objects),
        }
        .context("writing the result")?;
        std::io::Write::write_all(&mut out, b"\n").context("writing the result")?;
    } else {
        render::text(&mut out, &results).context("writing the result")?;
    }
    Ok(if failed > 0 { Outcome::UserError } else { Outcome::Success })
}
