//! The integration tests: the real `wsltune` binary run on fixture trees.

// Test code may panic: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

// Unix paths, /proc and qemu-img.
#[cfg(unix)]
mod command_line;
mod compact;
mod compact_kill;
mod compact_refusals;
mod completions;
mod dirty_log;
// A real dockerd: Linux only.
#[cfg(target_os = "linux")]
mod docker_engine;
#[cfg(target_os = "linux")]
mod docker_monitor;
#[cfg(target_os = "linux")]
mod docker_prune;
// Unix sockets and setpriv.
#[cfg(unix)]
mod docker_unreachable;
mod doctor;
mod doctor_findings;
mod doctor_lang;
// copy_tree is in command_line (Unix only).
#[cfg(unix)]
mod doctor_windows;
mod history;
// The history, export and import in Japanese (issue 21).
mod history_ja;
// File modes and setpriv: Unix only.
#[cfg(unix)]
mod history_safety;
mod images;
mod inspect;
mod japanese;
mod layout;
mod malformed;
mod monitor;
// monitor in Japanese and English (issue 21).
mod monitor_lang;
mod not_vhdx;
mod prometheus;
mod recommend;
mod report;
mod report_docker;
mod report_ja;
// Shell-script stand-ins for wsltune.exe.
#[cfg(unix)]
mod service;
// service in Japanese (issue 21).
#[cfg(unix)]
mod service_ja;
mod util;
// Unix paths and qemu-img.
#[cfg(unix)]
mod widths;
// lint and recommend in Japanese and English (issue 21).
mod languages_lint_recommend;
// inspect and compact in Japanese and English (issue 21); qemu-img and mkfs.ext4 when present.
mod languages_inspect_compact;
mod wine;
mod wine_doctor;
mod wine_language;
// Symlinks for Wine's UNC folders.
#[cfg(unix)]
mod wine_monitor;
mod wine_service;
mod wslconfig;
