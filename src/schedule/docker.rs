//! Docker's containers, read on a thread of their own: a tick asks, samples the VM and the
//! disks meanwhile, then waits a short while for the answer. An engine slower than that hands
//! its answer to the next tick instead, so a slow or wedged engine never holds the ticks back
//! (each call gives up after `docker::TIMEOUT`). With many containers they are read every few
//! ticks, so that answering wsltune costs the engine under 1% of a processor ([`PER_CONTAINER`]);
//! the samples in between have no `containers`.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::Duration;

use crate::sample::ContainerSample;
use crate::sample::docker::DockerSampler;

/// How long the first tick waits: as long as one call may take (the engine's collector reads
/// every second, and a busy machine answers later still).
const FIRST_WAIT: Duration = crate::docker::TIMEOUT;

/// The engine spends about 3.5 ms of CPU on a stats call (`benches/docker_tick.py`: 175 ms per
/// reading of 53 containers, 26 ms of 13); a reading every `containers × 350 ms` at most keeps
/// that under 1% of a processor. 14 containers are read every 5 s tick, 50 every fourth.
const PER_CONTAINER: Duration = Duration::from_millis(350);

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
    /// The interval, and ticks to let pass before the next reading.
    interval: Duration,
    skip: u32,
    /// Containers running at the last reading that answered: a failed one keeps the pace.
    running: usize,
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
            interval,
            skip: 0,
            running: 0,
        })
    }

    /// Asks for a reading unless one is under way; returns the answer a previous tick gave up
    /// waiting for, if it came meanwhile.
    pub(super) fn ask(&mut self) -> Option<Reading> {
        let late = if self.busy {
            match self.answers.try_recv() {
                Ok(reading) => Some(self.got(reading)),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
            }
        } else {
            None
        };
        if self.skip > 0 {
            self.skip -= 1;
        } else if !self.busy && self.ask.send(()).is_ok() {
            self.busy = true;
        }
        late
    }

    /// Takes an answer: the next reading waits a tick per [`PER_CONTAINER`] × the containers
    /// beyond the interval.
    fn got(&mut self, reading: Reading) -> Reading {
        self.busy = false;
        self.answered = true;
        if let Ok(list) = &reading {
            self.running = list.len();
        }
        self.skip = every(self.running, self.interval) - 1;
        reading
    }

    /// This tick's answer, waiting at most half an interval (and a second); else `late`.
    pub(super) fn answer(&mut self, late: Option<Reading>) -> Option<Reading> {
        if !self.busy {
            return late;
        }
        let wait = if self.answered { self.wait } else { self.wait.max(FIRST_WAIT) };
        match self.answers.recv_timeout(wait) {
            Ok(reading) => Some(self.got(reading)),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => late,
        }
    }
}

/// Every how many ticks `running` containers are read, at `interval`.
fn every(running: usize, interval: Duration) -> u32 {
    let period = PER_CONTAINER.saturating_mul(u32::try_from(running).unwrap_or(u32::MAX));
    let ticks = period.as_nanos().div_ceil(interval.as_nanos().max(1)).max(1);
    u32::try_from(ticks).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_containers_are_read_every_few_ticks() {
        let s = Duration::from_secs;
        assert_eq!(every(0, s(5)), 1);
        assert_eq!(every(14, s(5)), 1, "4.9 s of engine budget fits a 5 s tick");
        assert_eq!(every(15, s(5)), 2);
        assert_eq!(every(50, s(5)), 4, "17.5 s: every fourth tick");
        assert_eq!(every(3, s(1)), 2);
        assert_eq!(every(2, Duration::from_millis(10)), 70);
    }
}
