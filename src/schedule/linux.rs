//! The runtime-free loop of Linux: a blocking periodic `timerfd`, and SIGINT/SIGTERM handlers
//! that set a flag and make the timer expire at once, so a signal ends the wait without a race.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

use rustix::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use rustix::time::{Itimerspec, TimerfdTimerFlags};

use super::timer::{periodic_timerfd, timespec};
use super::{Consumer, Loop, Stop};

/// Set by the signal handler.
static STOPPED: AtomicBool = AtomicBool::new(false);
/// The timer the signal handler pokes; -1 when none.
static TIMER_FD: AtomicI32 = AtomicI32::new(-1);

/// A blocking periodic timer whose first expiry is now.
pub(super) struct Timer(OwnedFd);

impl Timer {
    pub(super) fn new(period: Duration) -> std::io::Result<Self> {
        periodic_timerfd(period, false).map(Timer)
    }

    /// Waits for the next expiry; expiries missed meanwhile are taken as one (the
    /// missed ticks are skipped). Returns early when a stop signal pokes the timer, and false
    /// when `deadline` (`--duration`) comes before the expiry.
    #[allow(unsafe_code)]
    fn wait(&self, deadline: Option<Instant>) -> bool {
        if let Some(deadline) = deadline {
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return false;
                }
                let mut fds =
                    [libc::pollfd { fd: self.0.as_raw_fd(), events: libc::POLLIN, revents: 0 }];
                // Rounded up, so that a wait never ends just before the deadline and spins.
                let ms = i32::try_from(left.as_nanos().div_ceil(1_000_000)).unwrap_or(i32::MAX);
                // SAFETY: `fds` is one valid pollfd for the length given; the descriptor is the
                // timer's, open for the whole call.
                let ready = unsafe { libc::poll(fds.as_mut_ptr(), 1, ms) };
                if ready > 0 || STOPPED.load(Ordering::SeqCst) {
                    break;
                }
                // ready == 0: the time ran out (checked at the top); < 0: EINTR, again.
                if ready < 0
                    && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
                {
                    break;
                }
            }
        }
        let mut expirations = [0u8; 8];
        loop {
            match rustix::io::read(&self.0, &mut expirations) {
                Err(rustix::io::Errno::INTR) if !STOPPED.load(Ordering::SeqCst) => continue,
                // Any other failure: a tick now rather than a spin or a hang.
                _ => return true,
            }
        }
    }
}

/// Runs `state` on `timer` until a stop condition.
pub(super) fn run(mut state: Loop<'_>, timer: &Timer, consumer: &mut dyn Consumer) -> Stop {
    let handlers = Handlers::install(timer);
    if let Err(e) = &handlers {
        consumer.warn(
            "store",
            &format!("Ctrl-C cannot be caught ({e}): it will stop wsltune without the last flush"),
        );
    }
    let deadline = state.deadline();
    let stop = loop {
        let ticked = timer.wait(deadline);
        if STOPPED.load(Ordering::SeqCst) {
            break Stop::Signal;
        }
        if !ticked {
            break Stop::Done;
        }
        if let Some(stop) = state.tick(consumer) {
            break stop;
        }
    };
    // The usual Ctrl-C again, for the last flush.
    drop(handlers);
    state.finish(consumer);
    stop
}

/// The installed SIGINT and SIGTERM handlers; dropping restores the previous ones.
struct Handlers {
    previous: Vec<(libc::c_int, libc::sigaction)>,
}

#[allow(unsafe_code)]
extern "C" fn on_signal(_: libc::c_int) {
    // Only async-signal-safe work: an atomic store and one system call.
    STOPPED.store(true, Ordering::SeqCst);
    let fd = TIMER_FD.load(Ordering::SeqCst);
    if fd >= 0 {
        // SAFETY: `fd` is the timer's descriptor, published by `install` and withdrawn by
        // `drop` before the timer can be closed, so it is open for the whole borrow.
        let timer = unsafe { BorrowedFd::borrow_raw(fd) };
        let now = Itimerspec {
            it_interval: timespec(Duration::ZERO),
            it_value: timespec(Duration::from_nanos(1)),
        };
        let _ = rustix::time::timerfd_settime(timer, TimerfdTimerFlags::empty(), &now);
    }
}

impl Handlers {
    #[allow(unsafe_code)]
    fn install(timer: &Timer) -> std::io::Result<Self> {
        STOPPED.store(false, Ordering::SeqCst);
        TIMER_FD.store(timer.0.as_fd().as_raw_fd(), Ordering::SeqCst);
        let mut handlers = Handlers { previous: Vec::new() };
        for signal in [libc::SIGINT, libc::SIGTERM] {
            // SAFETY: `sigaction` is plain data, valid when zeroed; the handler only does
            // async-signal-safe work; `old` receives the previous action for `drop`.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
                action.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut action.sa_mask);
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, &action, &mut old) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                handlers.previous.push((signal, old));
            }
        }
        Ok(handlers)
    }
}

impl Drop for Handlers {
    #[allow(unsafe_code)]
    fn drop(&mut self) {
        for (signal, old) in &self.previous {
            // SAFETY: restores an action `sigaction` itself returned.
            unsafe {
                libc::sigaction(*signal, old, std::ptr::null_mut());
            }
        }
        TIMER_FD.store(-1, Ordering::SeqCst);
    }
}
