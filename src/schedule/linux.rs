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
/// The eventfd the SIGWINCH handler writes to (the live view redraws); -1 when none.
static RESIZE_FD: AtomicI32 = AtomicI32::new(-1);

/// What ended a wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Woke {
    /// The timer expired (or a stop signal poked it): a tick.
    Tick,
    /// `--duration` ran out first.
    Deadline,
    /// The terminal was resized.
    Resize,
}

/// A blocking periodic timer whose first expiry is now.
pub(super) struct Timer(OwnedFd);

impl Timer {
    pub(super) fn new(period: Duration) -> std::io::Result<Self> {
        periodic_timerfd(period, false).map(Timer)
    }

    /// Waits for the next expiry; expiries missed meanwhile are taken as one (the missed
    /// ticks are skipped). Returns early when a stop signal pokes the timer; with `deadline`
    /// (`--duration`) when it comes first; with a resize eventfd when the terminal is resized.
    #[allow(unsafe_code)]
    fn wait(&self, deadline: Option<Instant>) -> Woke {
        let resize = RESIZE_FD.load(Ordering::SeqCst);
        if deadline.is_some() || resize >= 0 {
            loop {
                let ms = match deadline {
                    Some(deadline) => {
                        let left = deadline.saturating_duration_since(Instant::now());
                        if left.is_zero() {
                            return Woke::Deadline;
                        }
                        // Rounded up, so that a wait never ends just before the deadline.
                        i32::try_from(left.as_nanos().div_ceil(1_000_000)).unwrap_or(i32::MAX)
                    }
                    None => -1,
                };
                let mut fds = [
                    libc::pollfd { fd: self.0.as_raw_fd(), events: libc::POLLIN, revents: 0 },
                    libc::pollfd { fd: resize, events: libc::POLLIN, revents: 0 },
                ];
                let count = if resize >= 0 { 2 } else { 1 };
                // SAFETY: `fds` holds `count` valid pollfds; the descriptors are the timer's and
                // the resize eventfd, open for the whole call (closed only after `run`).
                let ready = unsafe { libc::poll(fds.as_mut_ptr(), count, ms) };
                if STOPPED.load(Ordering::SeqCst) {
                    break;
                }
                if ready > 0 {
                    let ticked = fds[0].revents & libc::POLLIN != 0;
                    if count == 2 && fds[1].revents & libc::POLLIN != 0 {
                        let mut counter = [0u8; 8];
                        // SAFETY: reads 8 bytes into an 8-byte buffer from the open eventfd.
                        unsafe { libc::read(resize, counter.as_mut_ptr().cast(), 8) };
                        if !ticked {
                            return Woke::Resize;
                        }
                    }
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
                _ => return Woke::Tick,
            }
        }
    }
}

/// Runs `state` on `timer` until a stop condition.
pub(super) fn run(
    mut state: Loop<'_>,
    timer: &Timer,
    consumer: &mut dyn Consumer,
    watch_resize: bool,
) -> Stop {
    let handlers = Handlers::install(timer, watch_resize);
    if let Err(e) = &handlers {
        consumer.warn(
            "store",
            &super::texts::NO_CTRL_C.fill(&[("error", &crate::i18n::os::describe(e))]),
        );
    }
    let deadline = state.deadline();
    let stop = loop {
        let woke = timer.wait(deadline);
        if STOPPED.load(Ordering::SeqCst) {
            break Stop::Signal;
        }
        match woke {
            Woke::Deadline => break Stop::Done,
            Woke::Resize => {
                consumer.redraw();
                continue;
            }
            Woke::Tick => {}
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

/// The installed SIGINT and SIGTERM handlers (and SIGWINCH's, for the live view); dropping
/// restores the previous ones.
struct Handlers {
    previous: Vec<(libc::c_int, libc::sigaction)>,
    /// The eventfd SIGWINCH's handler writes to.
    resize: Option<OwnedFd>,
}

#[allow(unsafe_code)]
extern "C" fn on_resize(_: libc::c_int) {
    // Only async-signal-safe work: one write to the eventfd.
    let fd = RESIZE_FD.load(Ordering::SeqCst);
    if fd >= 0 {
        let one: u64 = 1;
        // SAFETY: writes 8 bytes from a u64 to the eventfd published by `install`.
        unsafe { libc::write(fd, (&raw const one).cast(), 8) };
    }
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
    fn install(timer: &Timer, watch_resize: bool) -> std::io::Result<Self> {
        use std::os::fd::FromRawFd;
        STOPPED.store(false, Ordering::SeqCst);
        TIMER_FD.store(timer.0.as_fd().as_raw_fd(), Ordering::SeqCst);
        let mut handlers = Handlers { previous: Vec::new(), resize: None };
        let mut signals = vec![(libc::SIGINT, on_signal as *const () as libc::sighandler_t)];
        signals.push((libc::SIGTERM, on_signal as *const () as libc::sighandler_t));
        if watch_resize {
            // SAFETY: eventfd takes no pointers; a non-negative result is a new descriptor
            // that `OwnedFd` then owns.
            let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
            if fd >= 0 {
                // SAFETY: `fd` was just opened and is owned by nothing else.
                handlers.resize = Some(unsafe { OwnedFd::from_raw_fd(fd) });
                RESIZE_FD.store(fd, Ordering::SeqCst);
                signals.push((libc::SIGWINCH, on_resize as *const () as libc::sighandler_t));
            }
        }
        for (signal, handler) in signals {
            // SAFETY: `sigaction` is plain data, valid when zeroed; the handler only does
            // async-signal-safe work; `old` receives the previous action for `drop`.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = handler;
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
        RESIZE_FD.store(-1, Ordering::SeqCst);
    }
}
