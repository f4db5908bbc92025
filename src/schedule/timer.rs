//! The timers of the schedule. On Linux, one periodic `timerfd` whose first expiry is now: read
//! blocking by the runtime-free loop ([`linux`](super::linux)), or in tokio's reactor
//! ([`Ticker`]) when that loop cannot be set up; elsewhere a tokio `interval`.

use std::time::Duration;

use tokio::time::MissedTickBehavior;

/// A `timerfd` that expires now and then every `period` (`nonblocking` for tokio's reactor).
#[cfg(target_os = "linux")]
pub(super) fn periodic_timerfd(
    period: Duration,
    nonblocking: bool,
) -> std::io::Result<rustix::fd::OwnedFd> {
    use rustix::time::{Itimerspec, TimerfdClockId, TimerfdFlags, TimerfdTimerFlags};
    let flags = if nonblocking {
        TimerfdFlags::NONBLOCK | TimerfdFlags::CLOEXEC
    } else {
        TimerfdFlags::CLOEXEC
    };
    let fd = rustix::time::timerfd_create(TimerfdClockId::Monotonic, flags)?;
    rustix::time::timerfd_settime(
        &fd,
        TimerfdTimerFlags::empty(),
        &Itimerspec { it_interval: timespec(period), it_value: timespec(Duration::from_nanos(1)) },
    )?;
    Ok(fd)
}

/// A duration as the kernel's timespec.
#[cfg(target_os = "linux")]
pub(super) fn timespec(d: Duration) -> rustix::time::Timespec {
    rustix::time::Timespec {
        tv_sec: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(d.subsec_nanos()),
    }
}

/// A non-blocking periodic timer registered with tokio's reactor.
#[cfg(target_os = "linux")]
fn registered(period: Duration) -> std::io::Result<tokio::io::unix::AsyncFd<rustix::fd::OwnedFd>> {
    let fd = periodic_timerfd(period, true)?;
    // `with_interest` is deprecated because a caller could close a borrowed descriptor while
    // it is registered; here the AsyncFd owns the OwnedFd, so it stays open until deregistered.
    #[allow(deprecated)]
    tokio::io::unix::AsyncFd::with_interest(fd, tokio::io::Interest::READABLE)
}

/// The tick: a tokio `interval` that skips missed ticks, or on Linux a periodic `timerfd` in
/// tokio's reactor with the same schedule (ticks on the grid from the start; missed ones are
/// skipped) and one wake-up per tick instead of three — the timer wheel wakes at the start of
/// the coarse slot holding the deadline, then at the deadline, and re-arming wakes it once more.
pub(super) enum Ticker {
    Interval(tokio::time::Interval),
    #[cfg(target_os = "linux")]
    Timerfd(tokio::io::unix::AsyncFd<rustix::fd::OwnedFd>, Duration),
}

impl Ticker {
    pub(super) fn new(period: Duration) -> Self {
        #[cfg(target_os = "linux")]
        if let Ok(fd) = registered(period) {
            return Ticker::Timerfd(fd, period);
        }
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(MissedTickBehavior::Skip);
        Ticker::Interval(interval)
    }

    pub(super) async fn tick(&mut self) {
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
                    Ok(_) => {
                        // One read takes every expiration: the timer cannot be readable again
                        // before its next expiry, so skip the read that would only say so.
                        ready.clear_ready();
                        return;
                    }
                    Err(_would_block) => continue,
                }
            },
        }
    }
}
