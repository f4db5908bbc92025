//! `wsltune monitor`: sample the VM and the disks until stopped, keep the history in the store,
//! and show each sample as a live view, lines, or JSON lines.

mod lines;
pub(super) mod live;
pub mod texts;

pub use lines::{line, write_line, write_line_in};

use std::io::{IsTerminal, Write};
use std::time::Duration;

use self::texts as t;
use crate::Outcome;
use crate::cli::{ColorChoice, GlobalArgs, MonitorArgs, MonitorFormat};
use crate::fsinfo::same_file_key;
use crate::i18n::Lang;
use crate::locate::{self, Inputs, Role};
use crate::sample::Sample;
use crate::sample::disk::DiskTarget;
use crate::sample::vm_proc::VmProc;
use crate::schedule::{self, Consumer, Plan, Stop};
use crate::store::retention::Retention;
use crate::store::{Session, Store};

/// Runs `wsltune monitor`.
pub fn run(global: &GlobalArgs, args: &MonitorArgs) -> anyhow::Result<Outcome> {
    let lang = crate::i18n::current();
    if args.keep_rollups < args.keep_raw {
        crate::usage_error!(
            "{}",
            t::KEEP_ROLLUPS_SHORTER.fill(&[
                ("rollups", &crate::units::format_duration(args.keep_rollups)),
                ("raw", &crate::units::format_duration(args.keep_raw)),
            ])
        );
    }
    let inputs = Inputs::resolve(&global.overrides())?;
    if inputs.proc_root_given && !inputs.proc_root.join("meminfo").is_file() {
        crate::usage_error!("{}", t::NO_MEMINFO.fill(&[("path", &inputs.proc_root.display())]));
    }
    let found = locate::locate(&inputs);
    let mut targets: Vec<DiskTarget> =
        found.disks.iter().map(|d| DiskTarget { path: d.path.clone(), role: d.role }).collect();
    for path in &args.vhdx {
        if !path.is_file() {
            crate::usage_error!("{}", t::VHDX_NOT_A_FILE.fill(&[("path", &path.display())]));
        }
        let key = same_file_key(path);
        if !targets.iter().any(|t| same_file_key(&t.path) == key) {
            targets.push(DiskTarget { path: path.clone(), role: Role::Other });
        }
    }
    // Where none is known, `locate` says why, as every command that reads the history does.
    let db = match found.database.path.clone() {
        Some(db) => db,
        None => locate::database_path(inputs.db.as_deref())?,
    };
    // Bound before the history is opened: a busy port is an error before anything starts.
    let exporter = crate::metrics::Exporter::new(inputs.docker.is_some());
    let server = match args.listen {
        Some(addr) => {
            let listener = std::net::TcpListener::bind(addr).map_err(|e| {
                let error = crate::i18n::os::describe(&e);
                anyhow::anyhow!("{}", t::CANNOT_LISTEN.fill(&[("addr", &addr), ("error", &error)]))
            })?;
            let bound = listener.local_addr().unwrap_or(addr);
            let serving = if bound.ip().is_loopback() { t::SERVING_LOCAL } else { t::SERVING_OPEN };
            say(format!("wsltune: {}", serving.fill(&[("bound", &bound)])));
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
        let disks = t::counted(targets.len() as u64, t::DISK_ONE, t::DISK_MANY, lang);
        let sampling = t::SAMPLING.fill(&[
            ("interval", &crate::units::spoken_duration_in(args.interval, lang)),
            ("db", &db.display()),
            ("disks", &disks),
        ]);
        say(format!("wsltune: {sampling}"));
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
            lang,
        ),
        taken: 0,
        text: String::with_capacity(256),
        exporter: server.is_some().then(|| exporter.clone()),
    };
    let stop = schedule::run(&plan, vm_proc(&inputs), targets, &mut consumer, server);
    if format == MonitorFormat::Live {
        consumer.live.finish(&mut consumer.out);
        for w in std::mem::take(&mut consumer.live.seen) {
            say(format!("{}{w}", super::texts::WARNING_PREFIX));
        }
    }
    if format != MonitorFormat::Jsonl {
        let why = match stop {
            Stop::Done => t::END_DONE,
            Stop::Signal => t::END_STOPPED,
            Stop::Consumer => t::END_OUTPUT_CLOSED,
        };
        let samples = t::counted(consumer.written, t::SAMPLE_ONE, t::SAMPLE_MANY, lang);
        let end = t::END.fill(&[
            ("why", &why),
            ("samples", &samples),
            ("db", &consumer.store.path().display()),
        ]);
        say(format!("wsltune: {end}"));
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
        let what = retention_change(raw, rollups, before, keep, crate::i18n::current());
        if !yes {
            if !std::io::stdin().is_terminal() {
                let db = store.path().display();
                anyhow::bail!("{}", t::RETENTION_REFUSED.fill(&[("what", &what), ("db", &db)]));
            }
            if !super::ask(&t::RETENTION_ASK.fill(&[("what", &what)]))? {
                anyhow::bail!("{}", t::RETENTION_DECLINED.get());
            }
        }
    }
    if recorded != Some(keep) {
        store.record_retention(keep)?;
    }
    Ok(())
}

/// What a shorter retention would do to `raw` samples and `rollups`, in words: `roll 3 raw
/// samples older than 7d into one-minute rollups (--keep-raw was 30d)`.
fn retention_change(
    raw: u64,
    rollups: u64,
    before: Retention,
    keep: Retention,
    lang: Lang,
) -> String {
    use crate::units::plural;
    let d = |d| crate::units::format_duration(d);
    let change = |n: u64, (one, many): (crate::i18n::Text, crate::i18n::Text), keep, before| {
        let text = if n == 1 { one } else { many };
        let n = plural(n, "", "");
        let args: [(&str, &dyn std::fmt::Display); 3] = [
            ("n", &n.trim_end()),
            ("keep", &crate::units::spoken_duration_in(keep, lang)),
            ("before", &d(before)),
        ];
        crate::i18n::fill(text.in_lang(lang), &args)
    };
    let roll =
        (raw > 0).then(|| change(raw, (t::ROLL_RAW_ONE, t::ROLL_RAW_MANY), keep.raw, before.raw));
    let delete = (rollups > 0).then(|| {
        let texts = (t::DELETE_ROLLUPS_ONE, t::DELETE_ROLLUPS_MANY);
        change(rollups, texts, keep.rollups, before.rollups)
    });
    match (roll, delete) {
        (Some(first), Some(second)) => crate::i18n::fill(
            t::RETENTION_AND.in_lang(lang),
            &[("first", &first), ("second", &second)],
        ),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => String::new(),
    }
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
            // A disk of no known role is its row's label (`Disk`) and its name alone.
            let role = match t.role {
                Role::Other => None,
                role => Some(crate::checklist::texts::role_label(role)),
            };
            let label = match (role, name) {
                (Some(role), Some(name)) => format!("{role} {name} · {file}"),
                (Some(role), None) => format!("{role} · {file}"),
                (None, Some(name)) => format!("{name} · {file}"),
                (None, None) => file,
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
                    let lang = crate::i18n::current();
                    let samples =
                        t::counted(batch.len() as u64, t::SAMPLE_ONE, t::SAMPLE_MANY, lang);
                    say(format!("wsltune: {}", t::WRITTEN_AGAIN.fill(&[("samples", &samples)])));
                    self.flush_failing = false;
                }
                let now = crate::units::now_ms();
                if now >= self.next_retention_ms {
                    self.next_retention_ms = now + RETENTION_EVERY_MS;
                    match self.store.apply_retention(now, self.keep) {
                        // Samples rolled up leave the raw table (the live view's count).
                        Ok((rolled, _)) => self.stored = self.stored.saturating_sub(rolled as u64),
                        Err(e) => {
                            let message = t::RETENTION_NOT_APPLIED.fill(&[("error", &e)]);
                            self.warn("store", &message);
                        }
                    }
                }
                Ok(())
            }
            Err(e) => {
                if let Some(x) = &self.exporter {
                    x.error("store");
                }
                if !self.flush_failing {
                    let prefix = super::texts::ERROR_PREFIX;
                    say(format!("{prefix}{}", t::CANNOT_WRITE.fill(&[("error", &e)])));
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
            say(format!("{}{message}", super::texts::WARNING_PREFIX));
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
            live: live::Live::new(
                String::new(),
                Duration::from_secs(1),
                Vec::new(),
                false,
                false,
                Lang::En,
            ),
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

    /// What a shorter retention would do, in both languages: counted, with the new retention
    /// in words in Japanese and the old one as the flag took it.
    #[test]
    fn a_shorter_retention_is_said_in_both_languages() {
        let day = Duration::from_secs(86_400);
        let before = Retention { raw: day * 30, rollups: day * 365 };
        let keep = Retention { raw: day * 7, rollups: day * 90 };
        assert_eq!(
            retention_change(1, 1234, before, keep, Lang::En),
            "roll 1 raw sample older than 7d into one-minute rollups (--keep-raw was 30d) and delete 1,234 one-minute rollups older than 90d (--keep-rollups was 365d)"
        );
        assert_eq!(
            retention_change(0, 1234, before, keep, Lang::Ja),
            "90 日より古い 1 分ごとの集約 1,234 件を削除します（これまでの `--keep-rollups` は 365d）"
        );
        assert_eq!(
            retention_change(2, 1, before, keep, Lang::Ja),
            "7 日より古い生のサンプル 2 件を 1 分ごとの集約にまとめます（これまでの `--keep-raw` は 30d）。また、90 日より古い 1 分ごとの集約 1 件を削除します（これまでの `--keep-rollups` は 365d）"
        );
    }
}
