//! The only async code: a tokio interval that ticks the samplers, flushes batches to the store,
//! runs deep disk inspections on a blocking thread, and stops on Ctrl-C, SIGTERM, `--count` or
//! `--duration`.

use std::time::{Duration, Instant};

use tokio::time::MissedTickBehavior;

use super::disk::{Deep, DiskTarget, inspect_all, stat_all};
use super::host::HostSampler;
use super::procfs::ProcSampler;
use super::{Sample, now_ms};

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
    /// A warning to show once, with where it came from (`procfs`, `host`, `disk`, `store`).
    fn warn(&mut self, source: &'static str, message: &str);
}

/// A deep inspection running on a blocking thread: per disk, the figures and an error.
type DeepTask = tokio::task::JoinHandle<Vec<(Deep, Option<String>)>>;

/// Keeps at most this many unflushed samples when the store keeps failing (a day at 1 Hz).
const MAX_PENDING: usize = 86_400;

/// Samples until a stop condition, handing each sample and each batch to `consumer`.
pub fn run(
    plan: &Plan,
    proc: ProcSampler,
    disks: Vec<DiskTarget>,
    consumer: &mut dyn Consumer,
    server: Option<crate::metrics::server::Server>,
) -> Stop {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            consumer.warn("store", &format!("cannot start the scheduler: {e}"));
            return Stop::Consumer;
        }
    };
    runtime.block_on(async move {
        if let Some(server) = server {
            tokio::spawn(server.serve());
        }
        run_async(plan, proc, disks, consumer).await
    })
}

async fn run_async(
    plan: &Plan,
    mut proc: ProcSampler,
    disks: Vec<DiskTarget>,
    consumer: &mut dyn Consumer,
) -> Stop {
    let started = Instant::now();
    let mut ticker = Ticker::new(plan.interval);
    let mut host = HostSampler::default();
    let mut host_noted = false;
    let mut deep: Vec<Deep> = vec![Deep::default(); disks.len()];
    let mut deep_task: Option<DeepTask> = None;
    let mut next_deep = Instant::now();
    let mut deep_warned = vec![false; disks.len()];
    let mut pending: std::collections::VecDeque<Sample> = std::collections::VecDeque::new();
    let mut last_flush = Instant::now();
    let mut taken = 0u64;
    let mut dropped = 0usize;
    let signal = stop_signal();
    tokio::pin!(signal);
    let mut last_tick: Option<Instant> = None;
    let stop = loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = &mut signal => break Stop::Signal,
        }
        // After a stall (a slow flush), the missed tick is taken at once and the next grid tick
        // may follow within a millisecond; samples are keyed by their millisecond, so a tick
        // closer than half an interval to the last one is skipped like the missed ones.
        if last_tick.is_some_and(|t| t.elapsed() < plan.interval / 2) {
            continue;
        }
        last_tick = Some(Instant::now());
        // Deep inspection: collect a finished one, start the next when due, never wait.
        if deep_task.as_ref().is_some_and(tokio::task::JoinHandle::is_finished) {
            let finished = match deep_task.take() {
                Some(task) => task.await.ok(),
                None => None,
            };
            if let Some(results) = finished {
                for (i, (figures, error)) in results.into_iter().enumerate() {
                    if let Some(e) = error
                        && let Some(warned @ false) = deep_warned.get_mut(i)
                    {
                        consumer.warn("disk", &format!("disk not inspected: {e}"));
                        *warned = true;
                    }
                    if let Some(slot) = deep.get_mut(i) {
                        *slot = figures;
                    }
                }
            }
        }
        if deep_task.is_none() && !disks.is_empty() && Instant::now() >= next_deep {
            let targets = disks.clone();
            deep_task = Some(tokio::task::spawn_blocking(move || inspect_all(&targets)));
            next_deep = Instant::now() + plan.inspect_every;
        }
        let mut sample = Sample { ts_ms: now_ms(), ..Sample::default() };
        proc.sample(&mut sample);
        for w in proc.warnings.drain(..) {
            consumer.warn("procfs", &w);
        }
        if cfg!(windows) {
            let (h, reading) = tokio::task::spawn_blocking(move || {
                let v = host.vm_process();
                (host, v)
            })
            .await
            .unwrap_or_else(|_| (HostSampler::default(), None));
            host = h;
            sample.host_vm_process_bytes = reading.map(|(bytes, _)| bytes);
            sample.host_vm_process_cpu_ratio = reading.and_then(|(_, cpu)| cpu);
            if let (Some(note), false) = (host.note, host_noted) {
                consumer.warn("host", note);
                host_noted = true;
            }
        }
        sample.disks = stat_all(&disks, &deep);
        taken += 1;
        let keep_going = consumer.sample(&sample);
        pending.push_back(sample);
        if pending.len() > MAX_PENDING {
            pending.pop_front();
            dropped += 1;
            if dropped == 1 {
                consumer.warn("store", "the history cannot be written and too many samples wait: the oldest are dropped");
            }
        }
        if pending.len() >= plan.flush_samples || last_flush.elapsed() >= plan.flush_every {
            if consumer.flush(pending.make_contiguous()).is_ok() {
                pending.clear();
            }
            last_flush = Instant::now();
        }
        if !keep_going {
            break Stop::Consumer;
        }
        if plan.count.is_some_and(|n| taken >= n)
            || plan.duration.is_some_and(|d| started.elapsed() >= d)
        {
            break Stop::Done;
        }
    };
    if !pending.is_empty() && consumer.flush(pending.make_contiguous()).is_ok() {
        pending.clear();
    }
    if !pending.is_empty() {
        consumer.warn(
            "store",
            &format!("{} samples could not be written to the history and are lost", pending.len()),
        );
    }
    stop
}

/// The tick: a tokio `interval` that skips missed ticks, or on Linux a periodic `timerfd` in
/// tokio's reactor with the same schedule (ticks on the grid from the start; missed ones are
/// skipped) and one wake-up per tick instead of three — the timer wheel wakes at the start of
/// the coarse slot holding the deadline, then at the deadline, and re-arming wakes it once more.
enum Ticker {
    Interval(tokio::time::Interval),
    #[cfg(target_os = "linux")]
    Timerfd(tokio::io::unix::AsyncFd<rustix::fd::OwnedFd>, Duration),
}

impl Ticker {
    fn new(period: Duration) -> Self {
        #[cfg(target_os = "linux")]
        if let Ok(fd) = timerfd(period) {
            return Ticker::Timerfd(fd, period);
        }
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(MissedTickBehavior::Skip);
        Ticker::Interval(interval)
    }

    async fn tick(&mut self) {
        match self {
            Ticker::Interval(interval) => {
                interval.tick().await;
            }
            #[cfg(target_os = "linux")]
            Ticker::Timerfd(fd, period) => loop {
                let Ok(mut ready) = fd.readable().await else {
                    // The reactor failed: wait one period instead, never spin.
                    tokio::time::sleep(*period).await;
                    return;
                };
                let mut expirations = [0u8; 8];
                match ready.try_io(|f| Ok(rustix::io::read(f.get_ref(), &mut expirations)?)) {
                    Ok(_) => return,
                    Err(_would_block) => continue,
                }
            },
        }
    }
}

/// A non-blocking periodic timer whose first expiry is now, registered with tokio's reactor.
#[cfg(target_os = "linux")]
fn timerfd(period: Duration) -> std::io::Result<tokio::io::unix::AsyncFd<rustix::fd::OwnedFd>> {
    use rustix::time::{Itimerspec, TimerfdClockId, TimerfdFlags, TimerfdTimerFlags};
    let spec = |d: Duration| rustix::time::Timespec {
        tv_sec: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(d.subsec_nanos()),
    };
    let fd = rustix::time::timerfd_create(
        TimerfdClockId::Monotonic,
        TimerfdFlags::NONBLOCK | TimerfdFlags::CLOEXEC,
    )?;
    let first = Duration::from_nanos(1);
    rustix::time::timerfd_settime(
        &fd,
        TimerfdTimerFlags::empty(),
        &Itimerspec { it_interval: spec(period), it_value: spec(first) },
    )?;
    // `with_interest` is deprecated because a caller could close a borrowed descriptor while
    // it is registered; here the AsyncFd owns the OwnedFd, so it stays open until deregistered.
    #[allow(deprecated)]
    tokio::io::unix::AsyncFd::with_interest(fd, tokio::io::Interest::READABLE)
}

/// Resolves on Ctrl-C, or SIGTERM on Unix.
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
