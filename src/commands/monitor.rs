//! `wsltune monitor`: sample the VM and the disks until stopped, keep the history in the store,
//! and show each sample as a live view, lines, or JSON lines.

mod lines;
mod live;

pub use lines::{line, write_line};

use std::io::{IsTerminal, Write};
use std::time::Duration;

use crate::Outcome;
use crate::cli::{ColorChoice, GlobalArgs, MonitorArgs, MonitorFormat};
use crate::fsinfo::same_file_key;
use crate::locate::{self, Inputs, Role};
use crate::sample::Sample;
use crate::sample::disk::DiskTarget;
use crate::sample::vm_proc::VmProc;
use crate::schedule::{self, Consumer, Plan, Stop};
use crate::store::retention::Retention;
use crate::store::{Session, Store};

/// Runs `wsltune monitor`.
pub fn run(global: &GlobalArgs, args: &MonitorArgs) -> anyhow::Result<Outcome> {
    if args.keep_rollups < args.keep_raw {
        crate::usage_error!(
            "--keep-rollups {} is shorter than --keep-raw {}: rollups are made from raw samples as they age out; keep rollups at least as long",
            crate::units::format_duration(args.keep_rollups),
            crate::units::format_duration(args.keep_raw)
        );
    }
    let inputs = Inputs::resolve(&global.overrides())?;
    if inputs.proc_root_given && !inputs.proc_root.join("meminfo").is_file() {
        crate::usage_error!(
            "--proc-root '{}' has no meminfo: give a folder holding /proc's files (meminfo, stat, pressure/), or leave --proc-root out to read /proc",
            inputs.proc_root.display()
        );
    }
    let found = locate::locate(&inputs);
    let mut targets: Vec<DiskTarget> =
        found.disks.iter().map(|d| DiskTarget { path: d.path.clone(), role: d.role }).collect();
    for path in &args.vhdx {
        if !path.is_file() {
            crate::usage_error!(
                "--vhdx '{}' is not a file; give the path of a .vhdx file",
                path.display()
            );
        }
        let key = same_file_key(path);
        if !targets.iter().any(|t| same_file_key(&t.path) == key) {
            targets.push(DiskTarget { path: path.clone(), role: Role::Other });
        }
    }
    let db = found.database.path.clone().ok_or_else(|| {
        anyhow::anyhow!(
            "no place for the history is known ({}); pass --db PATH",
            found.database.found_by
        )
    })?;
    // Bound before the history is opened: a busy port is an error before anything starts.
    let exporter = crate::metrics::Exporter::new(inputs.docker.is_some());
    let server = match args.listen {
        Some(addr) => {
            let listener = std::net::TcpListener::bind(addr).map_err(|e| {
                anyhow::anyhow!("cannot listen on {addr} for --listen: {e}; choose another port")
            })?;
            let bound = listener.local_addr().unwrap_or(addr);
            say(if bound.ip().is_loopback() {
                format!("wsltune: serving /metrics at http://{bound}/metrics (this machine only)")
            } else {
                format!(
                    "wsltune: serving /metrics at http://{bound}/metrics — reachable from other machines, as --listen asked"
                )
            });
            Some(crate::metrics::server::Server { listener, exporter: exporter.clone() })
        }
        None => None,
    };
    let mut store = Store::open_writer(&db)?;
    let keep = Retention { raw: args.keep_raw, rollups: args.keep_rollups };
    let now = crate::units::now_ms();
    confirm_retention(&mut store, now, keep, args.yes)?;
    store.apply_retention(now, keep)?;
    let next_retention_ms = crate::units::now_ms() + RETENTION_EVERY_MS;
    let session = Session::new("monitor");
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        MonitorFormat::Live
    } else {
        MonitorFormat::Lines
    });
    // Only the live view shows the history's size: counting scans the whole table.
    let stored = if format == MonitorFormat::Live { store.count()? } else { 0 };
    let plan = Plan {
        interval: args.interval,
        count: args.count,
        duration: args.duration,
        inspect_every: args.inspect_every,
        flush_every: Duration::from_secs(10),
        flush_samples: 100,
        redraw_on_resize: format == MonitorFormat::Live,
        docker: inputs.docker.clone(),
    };
    if format != MonitorFormat::Jsonl {
        say(format!(
            "wsltune: sampling every {} into {} ({} disk{}); Ctrl-C stops",
            crate::units::format_duration(args.interval),
            db.display(),
            targets.len(),
            if targets.len() == 1 { "" } else { "s" }
        ));
    }
    let mut consumer = Monitor {
        store,
        session,
        format,
        out: std::io::stdout(),
        flush_failing: false,
        stored,
        written: 0,
        keep,
        next_retention_ms,
        live: live::Live::new(
            db.display().to_string(),
            args.interval,
            disk_labels(&found, &targets),
            match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            },
            inputs.docker.is_some(),
        ),
        taken: 0,
        text: String::with_capacity(256),
        exporter: server.is_some().then(|| exporter.clone()),
    };
    let stop = schedule::run(&plan, vm_proc(&inputs), targets, &mut consumer, server);
    if format == MonitorFormat::Live {
        consumer.live.finish(&mut consumer.out);
        for w in std::mem::take(&mut consumer.live.seen) {
            say(format!("warning: {w}"));
        }
    }
    if format != MonitorFormat::Jsonl {
        let why = match stop {
            Stop::Done => "done",
            Stop::Signal => "stopped",
            Stop::Consumer => "output closed",
        };
        say(format!(
            "wsltune: {why}; {} written to {}",
            crate::units::plural(consumer.written, "sample", "samples"),
            consumer.store.path().display()
        ));
    }
    // A failure that later writes recovered from is not one; unwritten samples at the end are.
    Ok(if consumer.flush_failing { Outcome::UserError } else { Outcome::Success })
}

/// Where the VM's `/proc` is read: `/proc` (or `--proc-root`); natively on Windows a running
/// distro's share, only while the VM runs (`sample::vm_proc`).
fn vm_proc(inputs: &Inputs) -> VmProc {
    #[cfg(windows)]
    if !inputs.proc_root_given {
        use crate::locate::interop::{Interop, WindowsSide};
        return VmProc::share(Box::new(|| {
            let out = Interop { c_drive: None }.wsl_list_running()?;
            Some(crate::sample::vm_proc::parse_running(&crate::locate::wsl_output::decode(&out)))
        }));
    }
    VmProc::fixed(inputs.proc_root.clone())
}

/// Records the retention this run keeps, after asking (or `--yes`) when it is shorter than the
/// last run's and would roll up or delete what that one kept.
fn confirm_retention(
    store: &mut Store,
    now_ms: i64,
    keep: Retention,
    yes: bool,
) -> anyhow::Result<()> {
    let recorded = store.recorded_retention()?;
    let before = recorded.unwrap_or_default();
    let (raw, rollups) = store.shortening(now_ms, before, keep)?;
    if raw > 0 || rollups > 0 {
        use crate::units::{format_duration, plural};
        let mut what = Vec::new();
        if raw > 0 {
            what.push(format!(
                "roll {} older than {} into one-minute rollups (--keep-raw was {})",
                plural(raw, "raw sample", "raw samples"),
                format_duration(keep.raw),
                format_duration(before.raw)
            ));
        }
        if rollups > 0 {
            what.push(format!(
                "delete {} older than {} (--keep-rollups was {})",
                plural(rollups, "one-minute rollup", "one-minute rollups"),
                format_duration(keep.rollups),
                format_duration(before.rollups)
            ));
        }
        let what = what.join(" and ");
        if !yes {
            if !std::io::stdin().is_terminal() {
                anyhow::bail!(
                    "this retention would {what} in {}; nothing was changed. Pass --yes to do it, or keep the longer retention",
                    store.path().display()
                );
            }
            if !super::ask(&format!("This retention will {what}. Go on?"))? {
                anyhow::bail!("nothing was changed: the history keeps its samples");
            }
        }
    }
    if recorded != Some(keep) {
        store.record_retention(keep)?;
    }
    Ok(())
}

/// Each watched disk's label for the live view: its role and file name, and the distro it
/// belongs to when `locate` knows it (two distros' `ext4.vhdx` told apart).
fn disk_labels(found: &locate::Locations, targets: &[DiskTarget]) -> Vec<(String, String)> {
    targets
        .iter()
        .map(|t| {
            let file = t
                .path
                .file_name()
                .map_or_else(|| t.path.display().to_string(), |n| n.to_string_lossy().into_owned());
            let name = found
                .disks
                .iter()
                .find(|d| same_file_key(&d.path) == same_file_key(&t.path))
                .and_then(|d| d.name.clone());
            let label = match name {
                Some(name) => format!("{} {name} · {file}", t.role.label()),
                None => format!("{} · {file}", t.role.label()),
            };
            (t.path.to_string_lossy().into_owned(), label)
        })
        .collect()
}

/// The live view's terminal: (columns, lines), 80 × 24 where unknown.
fn live_size() -> (usize, usize) {
    (crate::term::stdout_width().unwrap_or(80), crate::term::stdout_height().unwrap_or(24))
}

/// Every message of `monitor`, through [`crate::term::say`] (one write, fitted to the terminal).
fn say(line: String) {
    crate::term::say(&line);
}

/// How often a long run applies retention again (it is applied at start too): a monitor that
/// runs for months still rolls up its old samples.
const RETENTION_EVERY_MS: i64 = 3_600_000;

struct Monitor {
    /// Counts and the latest sample for `/metrics`, with `--listen`.
    exporter: Option<crate::metrics::Exporter>,
    store: Store,
    session: Session,
    format: MonitorFormat,
    out: std::io::Stdout,
    flush_failing: bool,
    /// Samples in the history (counted at start for the live view only).
    stored: u64,
    /// Samples this run wrote.
    written: u64,
    /// What to keep, and when to apply it next (after a flush).
    keep: Retention,
    next_retention_ms: i64,
    live: live::Live,
    taken: u64,
    /// The `lines` output's buffer, reused from tick to tick.
    text: String,
}

impl Consumer for Monitor {
    fn sample(&mut self, sample: &Sample) -> bool {
        self.taken += 1;
        if let Some(e) = &self.exporter {
            e.record(sample);
        }
        let mut out = self.out.lock();
        let written = match self.format {
            MonitorFormat::Jsonl => serde_json::to_writer(&mut out, sample)
                .map_err(std::io::Error::other)
                .and_then(|()| out.write_all(b"\n")),
            MonitorFormat::Lines => {
                self.text.clear();
                write_line(&mut self.text, sample);
                self.text.push('\n');
                out.write_all(self.text.as_bytes())
            }
            MonitorFormat::Live => {
                self.live.draw(&mut out, sample, self.stored, self.taken, live_size())
            }
            MonitorFormat::Quiet => Ok(()),
        };
        written.and_then(|()| out.flush()).is_ok()
    }

    fn flush(&mut self, batch: &[Sample]) -> Result<(), String> {
        match self.store.append(&mut self.session, batch) {
            Ok(added) => {
                self.stored += added as u64;
                self.written += added as u64;
                if self.flush_failing {
                    say(format!(
                        "wsltune: the history is written again ({} kept meanwhile)",
                        crate::units::plural(batch.len() as u64, "sample", "samples")
                    ));
                    self.flush_failing = false;
                }
                let now = crate::units::now_ms();
                if now >= self.next_retention_ms {
                    self.next_retention_ms = now + RETENTION_EVERY_MS;
                    match self.store.apply_retention(now, self.keep) {
                        // Samples rolled up leave the raw table (the live view's count).
                        Ok((rolled, _)) => self.stored = self.stored.saturating_sub(rolled as u64),
                        Err(e) => self.warn("store", &format!("retention not applied: {e}")),
                    }
                }
                Ok(())
            }
            Err(e) => {
                if let Some(x) = &self.exporter {
                    x.error("store");
                }
                if !self.flush_failing {
                    say(format!(
                        "error: cannot write the history: {e}; the samples stay in memory and wsltune tries again"
                    ));
                    self.flush_failing = true;
                }
                Err(e.to_string())
            }
        }
    }

    fn redraw(&mut self) {
        if self.format == MonitorFormat::Live {
            let mut out = self.out.lock();
            let _ = self.live.redraw(&mut out, live_size()).and_then(|()| out.flush());
        }
    }

    fn warn(&mut self, source: &'static str, message: &str) {
        if let Some(e) = &self.exporter {
            e.error(source);
        }
        // The live view shows it in its frame (stderr would be drawn over), and says it again
        // when it gives the screen back.
        if self.format == MonitorFormat::Live && self.live.is_drawn() {
            self.live.warn(message);
        } else {
            say(format!("warning: {message}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long run applies retention after a flush once an hour: samples older than
    /// `--keep-raw` are rolled into minutes without a restart.
    #[test]
    fn a_long_run_applies_retention_hourly() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_writer(&dir.path().join("h.db")).unwrap();
        let now = crate::units::now_ms();
        // Two samples in one minute, 40 days ago.
        let old = (now - 40 * 86_400_000) / 60_000 * 60_000;
        let sample =
            |t: i64| Sample { ts_ms: t, mem_used_bytes: Some(1 << 30), ..Sample::default() };
        store.append(&mut Session::new("earlier"), &[sample(old), sample(old + 1000)]).unwrap();
        let mut monitor = Monitor {
            exporter: None,
            store,
            session: Session::new("monitor"),
            format: MonitorFormat::Lines,
            out: std::io::stdout(),
            flush_failing: false,
            stored: 2,
            written: 0,
            keep: Retention::default(),
            next_retention_ms: now + RETENTION_EVERY_MS,
            live: live::Live::new(String::new(), Duration::from_secs(1), Vec::new(), false, false),
            taken: 0,
            text: String::new(),
        };
        monitor.flush(&[sample(now)]).unwrap();
        assert_eq!((monitor.store.count().unwrap(), monitor.store.rollup_count().unwrap()), (3, 0));
        // An hour later:
        monitor.next_retention_ms = crate::units::now_ms();
        monitor.flush(&[sample(now + 1000)]).unwrap();
        assert_eq!((monitor.store.count().unwrap(), monitor.store.rollup_count().unwrap()), (2, 1));
        assert_eq!((monitor.stored, monitor.written), (2, 2));
        assert!(monitor.next_retention_ms >= now + RETENTION_EVERY_MS);
    }
}
