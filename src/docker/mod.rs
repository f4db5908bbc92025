//! What Docker knows, from its Engine API: a small blocking client of its own ([`http`]) on the
//! local socket or named pipe, with short timeouts, and the answers wsltune reads — the
//! engine's version, its cgroup version and Docker's disk usage by kind, in both shapes
//! `/system/df` has had (before and from API 1.52).
//!
//! Why not bollard: its releases do not send the API version (so `/system/df` comes back in the
//! engine's newest shape, which bollard 0.21 cannot read from an older engine, and the other way
//! round), it needs tokio's reactor where wsltune samples without one, and it brings hyper's
//! client for six `GET`s (docs/architecture.md, "The Docker engine client").

pub mod desktop;
pub mod endpoint;
pub mod http;
pub mod model;
pub mod prune;
pub mod stats;
pub mod texts;

use std::time::Duration;

pub use desktop::DesktopVersion;
pub use endpoint::Endpoint;
pub use model::{Container, DiskUsage, KindUsage, Mount, Platform, Version};
pub use prune::Prune;
pub use stats::ContainerStats;

/// How long a call may take: Docker answers a local `GET` in milliseconds; a wedged engine must
/// not hang a command.
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// How long `/system/df` may take: it sizes every layer and volume, which takes seconds on a
/// big engine (still bounded: a wedged engine must not hold a command or a monitor's deep
/// inspection forever).
pub const DF_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the engine could not be asked; each has its own fix ([`DockerError::fix`]), and the
/// message says both.
#[derive(Debug)]
pub enum DockerError {
    /// No socket or pipe where the engine would be.
    NotThere(String),
    /// The socket exists but nothing listens.
    NotRunning(String),
    /// This user may not use the socket.
    Denied(String),
    /// The engine did not answer in time.
    Timeout {
        /// Where.
        endpoint: String,
        /// How long it was given, in seconds.
        secs: u64,
    },
    /// An endpoint wsltune does not read (`tcp://`, `ssh://`).
    Unsupported(String),
    /// The engine answered with an error, or with something that is not what was asked.
    Answer {
        /// Where.
        endpoint: String,
        /// What was asked.
        path: String,
        /// What came back.
        why: String,
    },
}

impl DockerError {
    /// What went wrong, without the fix.
    pub fn problem(&self) -> String {
        match self {
            DockerError::NotThere(at) => texts::NOT_THERE.fill(&[("at", at)]),
            DockerError::NotRunning(at) => texts::NOT_RUNNING.fill(&[("at", at)]),
            DockerError::Denied(at) => texts::DENIED.fill(&[("at", at)]),
            DockerError::Timeout { endpoint, secs } => {
                texts::TIMEOUT.fill(&[("endpoint", endpoint), ("secs", secs)])
            }
            DockerError::Unsupported(host) => texts::UNSUPPORTED.fill(&[("host", host)]),
            DockerError::Answer { endpoint, path, why } => {
                texts::ANSWER.fill(&[("endpoint", endpoint), ("path", path), ("why", why)])
            }
        }
    }

    /// What to do about it, as a sentence.
    pub fn fix(&self) -> &'static str {
        match self {
            DockerError::NotThere(_) => texts::NOT_THERE_FIX,
            DockerError::NotRunning(_) => texts::NOT_RUNNING_FIX,
            DockerError::Denied(_) => texts::DENIED_FIX,
            DockerError::Timeout { .. } => texts::TIMEOUT_FIX,
            DockerError::Unsupported(_) => texts::UNSUPPORTED_FIX,
            DockerError::Answer { .. } => texts::ANSWER_FIX,
        }
        .get()
    }
}

impl std::fmt::Display for DockerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fix = self.fix();
        // In English the fix goes on after a colon: its first letter lower case, its full stop
        // dropped. Japanese has no case, and `Docker Desktop` keeps its capital.
        if crate::i18n::current() != crate::i18n::Lang::En {
            return write!(f, "{}: {fix}", self.problem());
        }
        let mut first = fix.chars();
        let lower: String =
            first.next().map(|c| c.to_lowercase().chain(first).collect()).unwrap_or_default();
        write!(f, "{}: {}", self.problem(), lower.trim_end_matches('.'))
    }
}

impl std::error::Error for DockerError {}

/// The engine `docker_host` names (`--docker-host`, `DOCKER_HOST`), or the first of the
/// default places that answers, with its version; when none answers, why the first did not.
pub fn find(docker_host: Option<&str>) -> Result<(Engine, Version), DockerError> {
    let mut first_error = None;
    for endpoint in endpoint::candidates(docker_host, cfg!(windows)) {
        let engine = Engine::new(endpoint);
        match engine.version() {
            Ok(version) => return Ok((engine, version)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| DockerError::NotThere("no endpoint".to_owned())))
}

/// A local Docker engine to ask.
#[derive(Debug, Clone)]
pub struct Engine {
    endpoint: Endpoint,
}

impl Engine {
    /// The engine at `endpoint`.
    pub fn new(endpoint: Endpoint) -> Self {
        Engine { endpoint }
    }

    /// Where it is.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// `GET path`, decoded from JSON.
    pub fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, DockerError> {
        self.get_within(path, TIMEOUT)
    }

    /// `GET path`, decoded from JSON, given `timeout` to answer.
    fn get_within<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        timeout: Duration,
    ) -> Result<T, DockerError> {
        let shown = self.endpoint.to_string();
        let answer = |why: String| DockerError::Answer {
            endpoint: shown.clone(),
            path: path.to_owned(),
            why,
        };
        let body = self.endpoint.request(path, timeout).map_err(|e| match e {
            http::HttpError::Io(e) => self.endpoint.io_error(e, timeout),
            other => answer(other.to_string()),
        })?;
        serde_json::from_slice(&body).map_err(|e| answer(format!("JSON wsltune cannot read ({e})")))
    }

    /// The engine's version and API version.
    pub fn version(&self) -> Result<Version, DockerError> {
        self.get("/version")
    }

    /// The cgroup version the engine runs its containers under (`"1"` or `"2"`), if it says.
    pub fn cgroup_version(&self) -> Result<Option<String>, DockerError> {
        Ok(self.get::<model::Info>("/info")?.cgroup_version)
    }

    /// The running containers, with their mounts.
    pub fn containers(&self) -> Result<Vec<Container>, DockerError> {
        let raw: Vec<model::RawContainer> = self.get("/containers/json")?;
        Ok(raw.into_iter().map(model::RawContainer::into_container).collect())
    }

    /// One reading of a container's memory and CPU counters (`stream=false&one-shot=true`: the
    /// engine answers at once, without waiting a second for a previous sample).
    pub fn stats(&self, id: &str) -> Result<ContainerStats, DockerError> {
        let id: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
        let raw: stats::RawStats =
            self.get(&format!("/containers/{id}/stats?stream=false&one-shot=true"))?;
        Ok(raw.reading())
    }

    /// Docker's disk usage by kind (`/system/df`, either shape).
    /// It walks every layer and volume on an older engine: it is given [`DF_TIMEOUT`].
    pub fn disk_usage(&self) -> Result<DiskUsage, DockerError> {
        let raw: model::RawDiskUsage = self.get_within("/system/df", DF_TIMEOUT)?;
        Ok(raw.normalize())
    }
}
