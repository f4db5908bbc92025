//! The schedule: a timer that ticks the samplers, hands each sample and each batch to its
//! consumer (the monitor, which stores and shows them), runs deep disk inspections on a thread of
//! their own, and stops on Ctrl-C, SIGTERM, `--count` or `--duration`. On Linux it is a
//! blocking `timerfd` and no async runtime ([`linux`]); elsewhere tokio. The `/metrics` server
//! runs on a thread of its own.

mod docker;
#[cfg(target_os = "linux")]
mod linux;
pub mod texts;
mod timer;

use std::time::{Duration, Instant};

use crate::docker::DiskUsage;
use crate::metrics::server::Server;
use crate::sample::Sample;
use crate::sample::disk::{Deep, DiskTarget, inspect_all, stat_all};
use crate::sample::docker::DockerSampler;
use crate::sample::host::HostSampler;
use crate::sample::vm_proc::VmProc;
use crate::units::now_ms;

/// What the schedule needs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Time between samples.
    pub interval: Duration,
    /// Stop after this many samples.
    pub count: Option<u64>,
    /// Stop after this long.
    pub duration: Option<Duration>,
    /// Time between deep disk inspections.
    pub inspect_every: Duration,
    /// Flush after this long…
    pub flush_every: Duration,
    /// …or this many samples.
    pub flush_samples: usize,
    /// Wake the consumer's [`Consumer::redraw`] when the terminal is resized (the live view).
    pub redraw_on_resize: bool,
    /// Where to ask Docker (as `locate::Inputs::docker`): `None` leaves it alone.
    pub docker: Option<Option<String>>,
}

/// Why the schedule stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// `--count` or `--duration` reached.
    Done,
    /// Ctrl-C or SIGTERM.
    Signal,
    /// The consumer asked to stop (e.g. its output was closed).
    Consumer,
}

/// What the schedule hands its consumer.
pub trait Consumer {
    /// A new sample. Return false to stop.
    fn sample(&mut self, sample: &Sample) -> bool;
    /// A batch to store; on `Err` the schedule keeps the samples and tries again next flush.
    fn flush(&mut self, batch: &[Sample]) -> Result<(), String>;
    /// A warning to show once, with where it came from (`procfs`, `host`, `disk`, `docker`,
    /// `store`).
    fn warn(&mut self, source: &'static str, message: &str);
    /// The terminal was resized (with [`Plan::redraw_on_resize`]): show the last sample again.
    fn redraw(&mut self) {}
}

/// A deep inspection running on its own thread: per disk, the figures and an error; and
/// Docker's disk usage (`None` when Docker is left alone).
type DeepTask = std::thread::JoinHandle<(Vec<(Deep, Option<String>)>, DockerDisk)>;

/// Docker's disk usage, or why it could not be read; `None` when Docker is left alone.
type DockerDisk = Option<Result<DiskUsage, String>>;

/// Keeps at most this many unflushed samples when the store keeps failing (a day at 1 Hz).
const MAX_PENDING: usize = 86_400;

/// Samples until a stop condition, handing each sample and each batch to `consumer`.
///
/// On Linux the loop blocks on a periodic `timerfd` and needs no async runtime: each tick is one
/// `read` that wakes the process once (benches/README.md); elsewhere the same ticks run in
/// tokio's reactor. A `/metrics` server answers on a thread of its own, with its own runtime, so
/// a tick that waits (for Docker's answer, up to a second) never delays a scrape.
pub fn run(
    plan: &Plan,
    proc: VmProc,
    disks: Vec<DiskTarget>,
    consumer: &mut dyn Consumer,
    server: Option<Server>,
) -> Stop {
    let runtime = || tokio::runtime::Builder::new_current_thread().enable_all().build();
    if let Some(server) = server {
        let started = runtime().and_then(|rt| {
            std::thread::Builder::new()
                .name("wsltune-metrics".into())
                .spawn(move || rt.block_on(server.serve()))
        });
        if let Err(e) = started {
            let error = crate::i18n::os::describe(&e);
            consumer.warn("store", &texts::NO_METRICS_SERVER.fill(&[("error", &error)]));
            return Stop::Consumer;
        }
    }
    let state = Loop::new(plan, proc, disks);
    #[cfg(target_os = "linux")]
    if let Ok(timer) = linux::Timer::new(plan.interval) {
        return linux::run(state, &timer, consumer, plan.redraw_on_resize);
    }
    let runtime = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            let error = crate::i18n::os::describe(&e);
            consumer.warn("store", &texts::NO_SCHEDULER.fill(&[("error", &error)]));
            return Stop::Consumer;
        }
    };
    runtime.block_on(run_async(plan.interval, state, consumer))
}

async fn run_async(interval: Duration, mut state: Loop<'_>, consumer: &mut dyn Consumer) -> Stop {
    let mut ticker = timer::Ticker::new(interval);
    let signal = stop_signal();
    tokio::pin!(signal);
    let deadline = state.deadline();
    // `--duration` ends the wait even within an interval.
    let end = tokio::time::sleep_until(
        deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(100 * 365 * 86_400)).into(),
    );
    tokio::pin!(end);
    let mut resize = Resize::new(state.plan.redraw_on_resize);
    let stop = loop {
        tokio::select! {
            // In order: no random draw per tick; a stop signal still ends the next wait.
            biased;
            _ = ticker.tick() => {}
            _ = &mut signal => break Stop::Signal,
            _ = &mut end, if deadline.is_some() => break Stop::Done,
            () = resize.next() => {
                consumer.redraw();
                continue;
            }
        }
        if let Some(stop) = state.tick(consumer) {
            break stop;
        }
    };
    state.finish(consumer);
    stop
}

/// What the loop keeps from tick to tick; [`Loop::tick`] is one tick's work, whatever woke it.
struct Loop<'a> {
    plan: &'a Plan,
    proc: VmProc,
    disks: Vec<DiskTarget>,
    started: Instant,
    host: HostSampler,
    host_noted: bool,
    /// The last deep inspection's figures, per disk.
    deep: Vec<Deep>,
    deep_task: Option<DeepTask>,
    next_deep: Instant,
    deep_warned: Vec<bool>,
    /// Docker's containers, read on their own thread.
    docker: Option<docker::Worker>,
    /// Whether the engine answered last time (`None` before the first answer): each change is
    /// said once.
    docker_answered: Option<bool>,
    /// Docker's disk usage from the last deep inspection, and whether its failure was said.
    docker_disk: Option<DiskUsage>,
    docker_disk_warned: bool,
    /// Per disk: whether its file was there at the last tick (`None` before the first).
    present: Vec<Option<bool>>,
    pending: std::collections::VecDeque<Sample>,
    last_flush: Instant,
    last_tick: Option<Instant>,
    taken: u64,
    dropped: usize,
}

impl<'a> Loop<'a> {
    fn new(plan: &'a Plan, proc: VmProc, disks: Vec<DiskTarget>) -> Self {
        let now = Instant::now();
        Loop {
            plan,
            proc,
            deep: vec![Deep::default(); disks.len()],
            deep_warned: vec![false; disks.len()],
            present: vec![None; disks.len()],
            docker: plan.docker.clone().and_then(|host| docker::Worker::start(host, plan.interval)),
            docker_answered: None,
            docker_disk: None,
            docker_disk_warned: false,
            disks,
            started: now,
            host: HostSampler::default(),
            host_noted: false,
            deep_task: None,
            next_deep: now,
            pending: std::collections::VecDeque::new(),
            last_flush: now,
            last_tick: None,
            taken: 0,
            dropped: 0,
        }
    }

    /// One tick: collect a finished deep inspection and start the next when due (never
    /// waiting for one), sample, hand the sample over, flush when due. `Some` says to stop.
    fn tick(&mut self, consumer: &mut dyn Consumer) -> Option<Stop> {
        let now = Instant::now();
        // After a stall (a slow flush), the missed tick is taken at once and the next grid tick
        // may follow within a millisecond; samples are keyed by their millisecond, so a tick
        // closer than half an interval to the last one is skipped like the missed ones.
        if self.last_tick.is_some_and(|t| now.saturating_duration_since(t) < self.plan.interval / 2)
        {
            return None;
        }
        self.last_tick = Some(now);
        if self.deep_task.as_ref().is_some_and(std::thread::JoinHandle::is_finished)
            && let Some(Ok((results, docker_disk))) =
                self.deep_task.take().map(std::thread::JoinHandle::join)
        {
            match docker_disk {
                Some(Ok(usage)) => {
                    self.docker_disk = Some(usage);
                    self.docker_disk_warned = false;
                }
                Some(Err(e)) => {
                    self.docker_disk = None;
                    // An engine that does not answer at all is said by the containers' reading.
                    if !self.docker_disk_warned && self.docker_answered == Some(true) {
                        let message = texts::DOCKER_DISK_UNREAD.fill(&[("error", &e)]);
                        consumer.warn("docker", &message);
                        self.docker_disk_warned = true;
                    }
                }
                None => {}
            }
            for (i, (figures, error)) in results.into_iter().enumerate() {
                // A disk that is gone is said once by the tick that finds it gone.
                let gone = self.present.get(i) == Some(&Some(false));
                if let Some(e) = error
                    && !gone
                    && let Some(warned @ false) = self.deep_warned.get_mut(i)
                {
                    consumer.warn("disk", &texts::DISK_NOT_INSPECTED.fill(&[("error", &e)]));
                    *warned = true;
                }
                if let Some(slot) = self.deep.get_mut(i) {
                    *slot = figures;
                }
            }
        }
        if self.deep_task.is_none()
            && (!self.disks.is_empty() || self.plan.docker.is_some())
            && now >= self.next_deep
        {
            let targets = self.disks.clone();
            let host = self.plan.docker.clone();
            let spawned =
                std::thread::Builder::new().name("wsltune-inspect".into()).spawn(move || {
                    let disks = inspect_all(&targets);
                    let docker =
                        host.map(|h| DockerSampler::new(h).disk_usage().map_err(|e| e.to_string()));
                    (disks, docker)
                });
            match spawned {
                Ok(task) => self.deep_task = Some(task),
                Err(e) => {
                    let error = crate::i18n::os::describe(&e);
                    consumer.warn("disk", &texts::NO_INSPECTION.fill(&[("error", &error)]));
                }
            }
            self.next_deep = now + self.plan.inspect_every;
        }
        let late = self.docker.as_mut().and_then(docker::Worker::ask);
        let mut sample = Sample { ts_ms: now_ms(), ..Sample::default() };
        // The VM's process first: natively on Windows the VM's /proc is read only while it runs.
        let host = self.host.vm_process();
        self.proc.sample(&mut sample, now, cfg!(windows).then_some(host.is_some()));
        for w in self.proc.warnings.drain(..) {
            consumer.warn("procfs", &w);
        }
        if let Some((bytes, cpu)) = host {
            sample.host_vm_process_bytes = Some(bytes);
            sample.host_vm_process_cpu_ratio = cpu;
        }
        if let (Some(note), false) = (self.host.note, self.host_noted) {
            consumer.warn("host", note);
            self.host_noted = true;
        }
        sample.disks = stat_all(&self.disks, &self.deep);
        for (d, was) in sample.disks.iter().zip(self.present.iter_mut()) {
            let now_present = d.file_length.is_some();
            match (*was, now_present) {
                (Some(true) | None, false) => {
                    consumer.warn("disk", &texts::DISK_GONE.fill(&[("path", &d.path)]));
                }
                (Some(false), true) => {
                    consumer.warn("disk", &texts::DISK_BACK.fill(&[("path", &d.path)]));
                }
                _ => {}
            }
            *was = Some(now_present);
        }
        if let Some(worker) = &mut self.docker {
            match worker.answer(late) {
                Some(Ok(containers)) => {
                    if self.docker_answered == Some(false) {
                        consumer.warn("docker", texts::DOCKER_BACK.get());
                    }
                    self.docker_answered = Some(true);
                    sample.containers = Some(containers);
                }
                Some(Err(e)) => {
                    // What it said of its disk usage is not known to hold any more.
                    self.docker_disk = None;
                    if self.docker_answered != Some(false) {
                        let error = e.to_string();
                        let error = texts::clause(&error);
                        consumer.warn("docker", &texts::DOCKER_SILENT.fill(&[("error", &error)]));
                    }
                    self.docker_answered = Some(false);
                }
                None => {}
            }
        }
        sample.docker_disk_usage = self.docker_disk;
        if self.docker.is_some() {
            sample.docker_up = Some(self.docker_answered == Some(true));
        }
        self.taken += 1;
        let keep_going = consumer.sample(&sample);
        self.pending.push_back(sample);
        if self.pending.len() > MAX_PENDING {
            self.pending.pop_front();
            self.dropped += 1;
            if self.dropped == 1 {
                consumer.warn("store", texts::DROPPING.get());
            }
        }
        if self.pending.len() >= self.plan.flush_samples
            || now.saturating_duration_since(self.last_flush) >= self.plan.flush_every
        {
            if consumer.flush(self.pending.make_contiguous()).is_ok() {
                self.pending.clear();
            }
            self.last_flush = Instant::now();
        }
        if !keep_going {
            return Some(Stop::Consumer);
        }
        if self.plan.count.is_some_and(|n| self.taken >= n)
            || self.plan.duration.is_some_and(|d| now.saturating_duration_since(self.started) >= d)
        {
            return Some(Stop::Done);
        }
        None
    }

    /// When `--duration` ends the run.
    fn deadline(&self) -> Option<Instant> {
        self.plan.duration.and_then(|d| self.started.checked_add(d))
    }

    /// After the last tick: flush what waits, or say what is lost.
    fn finish(&mut self, consumer: &mut dyn Consumer) {
        if !self.pending.is_empty() && consumer.flush(self.pending.make_contiguous()).is_ok() {
            self.pending.clear();
        }
        if !self.pending.is_empty() {
            let n = self.pending.len() as u64;
            let lost = if n == 1 { texts::LOST_ONE } else { texts::LOST_MANY };
            let count = crate::units::plural(n, "", "");
            consumer.warn("store", &lost.fill(&[("n", &count.trim_end())]));
        }
    }
}

/// Resolves on Ctrl-C, or SIGTERM on Unix.
/// SIGWINCH in tokio's reactor, where it exists and is wanted; otherwise never.
struct Resize {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl Resize {
    fn new(wanted: bool) -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Resize { signal: wanted.then(|| signal(SignalKind::window_change()).ok()).flatten() }
        }
        #[cfg(not(unix))]
        {
            let _ = wanted;
            Resize {}
        }
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        if let Some(signal) = &mut self.signal
            && signal.recv().await.is_some()
        {
            return;
        }
        std::future::pending::<()>().await;
    }
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
