//! Docker's view: every running container's memory and CPU as `docker stats` shows them (one
//! one-shot stats call per container; CPU from this sampler's previous reading), and Docker's
//! disk usage by kind.
//!
//! The engine answers a stats call when its collector next reads the cgroups, once a second
//! (measured: 0 to 1 s per call), so one call after another would take up to a second per
//! container; the calls are made at once instead, and all are answered by the same
//! collection. The engine is looked for again after it was unreachable, so a monitor
//! started before Docker Desktop picks it up when it comes.

use std::collections::HashMap;

use serde::Serialize;

use crate::docker::{self, ContainerStats, DiskUsage, DockerError, Engine};

/// One running container at one tick.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContainerSample {
    /// Its id (12 characters, as `docker ps` shows).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Memory used: usage minus inactive file pages (`docker stats`'s MEM USAGE).
    pub mem_used_bytes: u64,
    /// Its memory limit (the VM's memory when it has none).
    pub mem_limit_bytes: u64,
    /// Processors busy on average since this container's previous reading; null at the first.
    pub cpu_cores: Option<f64>,
}

/// Asks one engine, keeping each container's previous counters for its CPU.
#[derive(Debug)]
pub struct DockerSampler {
    /// `--docker-host`/`DOCKER_HOST`, or `None` for the default places.
    host: Option<String>,
    engine: Option<Engine>,
    before: HashMap<String, ContainerStats>,
}

impl DockerSampler {
    /// A sampler for the engine `host` names (or the default places).
    pub fn new(host: Option<String>) -> Self {
        DockerSampler { host, engine: None, before: HashMap::new() }
    }

    /// The engine, found on first use and again after it failed.
    fn engine(&mut self) -> Result<Engine, DockerError> {
        if let Some(engine) = &self.engine {
            return Ok(engine.clone());
        }
        let (engine, _) = docker::find(self.host.as_deref())?;
        self.engine = Some(engine.clone());
        Ok(engine)
    }

    /// Forgets the engine after a failure, so that the next call looks for it again.
    fn failed<T>(&mut self, result: Result<T, DockerError>) -> Result<T, DockerError> {
        if result.is_err() {
            self.engine = None;
            self.before.clear();
        }
        result
    }

    /// Every running container's reading, sorted by memory used (largest first). A container
    /// that stops between the list and its stats is left out (its stats read all zeros, or the
    /// call fails and a second list no longer has it); any other failed stats call fails the
    /// whole reading — a list short of a container would read as less memory used — and keeps
    /// the previous counters for CPU.
    pub fn containers(&mut self) -> Result<Vec<ContainerSample>, DockerError> {
        let listed = self.engine().and_then(|e| e.containers().map(|list| (e, list)));
        let (engine, listed) = self.failed(listed)?;
        let mut answers = Vec::with_capacity(listed.len());
        for chunk in listed.chunks(AT_ONCE) {
            std::thread::scope(|scope| {
                let calls: Vec<_> = chunk
                    .iter()
                    .map(|c| {
                        let engine = &engine;
                        std::thread::Builder::new()
                            .stack_size(64 * 1024)
                            .spawn_scoped(scope, move || engine.stats(&c.id))
                    })
                    .collect();
                for call in calls {
                    answers.push(match call {
                        Ok(thread) => thread.join().unwrap_or_else(|_| {
                            Err(DockerError::Answer {
                                endpoint: engine.endpoint().to_string(),
                                path: "/containers/…/stats".to_owned(),
                                why: super::texts::DOCKER_READING_FAILED.get().to_owned(),
                            })
                        }),
                        Err(e) => Err(DockerError::Answer {
                            endpoint: engine.endpoint().to_string(),
                            path: "/containers/…/stats".to_owned(),
                            why: super::texts::DOCKER_NO_THREAD
                                .fill(&[("error", &crate::i18n::os::describe(&e))]),
                        }),
                    });
                }
            });
        }
        // A call that failed for a container that is no longer listed is one that stopped or
        // was removed meanwhile (the engine answers 404, or 409/500 while it is being removed).
        let still = if answers.iter().any(Result::is_err) {
            Some(engine.containers()?.into_iter().map(|c| c.id).collect::<Vec<_>>())
        } else {
            None
        };
        let mut now = HashMap::with_capacity(listed.len());
        let mut out = Vec::with_capacity(listed.len());
        for (c, stats) in listed.into_iter().zip(answers) {
            let stats = match stats {
                Ok(stats) => stats,
                Err(_) if still.as_ref().is_some_and(|ids| !ids.contains(&c.id)) => continue,
                Err(DockerError::Answer { why, .. }) if why.starts_with("HTTP 404") => continue,
                Err(e) => return Err(e),
            };
            // A container that is not running (any more) reads all zeros.
            if stats.mem_limit_bytes == 0 && stats.cpu_total_ns == 0 {
                continue;
            }
            out.push(ContainerSample {
                cpu_cores: self.before.get(&c.id).and_then(|b| stats.cpu_cores(b)).map(round4),
                id: c.id.clone(),
                name: c.name,
                mem_used_bytes: stats.mem_used_bytes,
                mem_limit_bytes: stats.mem_limit_bytes,
            });
            now.insert(c.id, stats);
        }
        self.before = now;
        out.sort_by(order);
        Ok(out)
    }

    /// Docker's disk usage by kind (slow on an engine with many images: run it with the deep
    /// disk inspection, not every tick).
    /// The engine runs one at a time and refuses a second meanwhile ("a disk usage operation is
    /// already running": another monitor, `doctor`, `docker system df`): tried again twice,
    /// two seconds apart.
    pub fn disk_usage(&mut self) -> Result<DiskUsage, DockerError> {
        for _ in 0..2 {
            match self.engine().and_then(|e| e.disk_usage()) {
                Err(DockerError::Answer { why, .. }) if why.contains("already running") => {
                    std::thread::sleep(std::time::Duration::from_secs(2));
                }
                other => return self.failed(other),
            }
        }
        let usage = self.engine().and_then(|e| e.disk_usage());
        self.failed(usage)
    }
}

/// The order containers are listed in: most memory first, then by name.
pub fn order(a: &ContainerSample, b: &ContainerSample) -> std::cmp::Ordering {
    b.mem_used_bytes.cmp(&a.mem_used_bytes).then_with(|| a.name.cmp(&b.name))
}

/// At most this many stats calls at once (each is a connection and a thread).
const AT_ONCE: usize = 64;

/// Four decimals: a thousandth of a processor is below what two readings seconds apart resolve.
fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}
