//! Docker's containers, read on a thread of their own: a tick asks, samples the VM and the
//! disks meanwhile, then waits a short while for the answer. An engine slower than that hands
//! its answer to the next tick instead, so a slow or wedged engine never holds the ticks back
//! (each call gives up after `docker::TIMEOUT`).

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::Duration;

use crate::sample::ContainerSample;
use crate::sample::docker::DockerSampler;

/// How long the first tick waits: as long as one call may take (the engine's collector reads
/// every second, and a busy machine answers later still).
const FIRST_WAIT: Duration = crate::docker::TIMEOUT;

/// One answer: the containers, or why the engine could not be asked.
pub(super) type Reading = Result<Vec<ContainerSample>, String>;

/// The thread that asks the engine, and what the loop knows of it.
pub(super) struct Worker {
    ask: Sender<()>,
    answers: Receiver<Reading>,
    /// Asked and not answered yet.
    busy: bool,
    /// How long a tick waits for its answer.
    wait: Duration,
    /// Whether an answer came yet: the first tick waits for a whole collection of the engine's
    /// (a second), so that even `--count 1` shows the containers.
    answered: bool,
}

impl Worker {
    /// Starts the thread for the engine `host` names (`None`: the default places); `None` when
    /// no thread can be started.
    pub(super) fn start(host: Option<String>, interval: Duration) -> Option<Self> {
        let (ask, asked) = channel::<()>();
        let (answer, answers) = channel::<Reading>();
        std::thread::Builder::new()
            .name("wsltune-docker".into())
            .spawn(move || {
                let mut sampler = DockerSampler::new(host);
                while asked.recv().is_ok() {
                    let reading = sampler.containers().map_err(|e| e.to_string());
                    if answer.send(reading).is_err() {
                        break;
                    }
                }
            })
            .ok()?;
        Some(Worker {
            ask,
            answers,
            busy: false,
            wait: (interval / 2).min(Duration::from_secs(1)),
            answered: false,
        })
    }

    /// Asks for a reading unless one is under way; returns the answer a previous tick gave up
    /// waiting for, if it came meanwhile.
    pub(super) fn ask(&mut self) -> Option<Reading> {
        let late = if self.busy {
            match self.answers.try_recv() {
                Ok(reading) => {
                    self.busy = false;
                    Some(reading)
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
            }
        } else {
            None
        };
        if !self.busy && self.ask.send(()).is_ok() {
            self.busy = true;
        }
        late
    }

    /// This tick's answer, waiting at most half an interval (and a second); else `late`.
    pub(super) fn answer(&mut self, late: Option<Reading>) -> Option<Reading> {
        if !self.busy {
            return late;
        }
        let wait = if self.answered { self.wait } else { self.wait.max(FIRST_WAIT) };
        match self.answers.recv_timeout(wait) {
            Ok(reading) => {
                self.busy = false;
                self.answered = true;
                Some(reading)
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => late,
        }
    }
}
