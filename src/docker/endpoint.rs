//! Where the engine is, as the Docker CLI would look: `DOCKER_HOST` (`unix://`, `npipe://`),
//! else `/var/run/docker.sock` on Linux (inside a WSL distro with Docker Desktop's integration
//! on, its proxy serves that socket), else Docker Desktop's pipes on Windows.

use std::io::ErrorKind;
use std::path::PathBuf;
use std::time::Duration;

use super::{DockerError, http};

/// A local engine's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A Unix socket.
    Unix(PathBuf),
    /// A Windows named pipe (`\\.\pipe\docker_engine`).
    Pipe(String),
    /// What `DOCKER_HOST` names that wsltune does not read (`tcp://…`).
    Unsupported(String),
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Endpoint::Unix(p) => write!(f, "unix://{}", p.display()),
            Endpoint::Pipe(p) => write!(f, "npipe://{}", p.replace('\\', "/")),
            Endpoint::Unsupported(s) => f.write_str(s),
        }
    }
}

/// Where to look, in order: `docker_host` (the value of `DOCKER_HOST` or `--docker-host`) alone
/// when given; otherwise the platform's defaults.
///
/// ```
/// use wsltune::docker::endpoint::{Endpoint, candidates};
/// assert_eq!(candidates(None, false), [Endpoint::Unix("/var/run/docker.sock".into())]);
/// assert_eq!(
///     candidates(Some("npipe:////./pipe/docker_engine"), true),
///     [Endpoint::Pipe(r"\\.\pipe\docker_engine".into())]
/// );
/// ```
pub fn candidates(docker_host: Option<&str>, windows: bool) -> Vec<Endpoint> {
    match docker_host.map(str::trim).filter(|h| !h.is_empty()) {
        Some(host) => vec![parse(host)],
        None if windows => vec![
            Endpoint::Pipe(r"\\.\pipe\dockerDesktopLinuxEngine".to_owned()),
            Endpoint::Pipe(r"\\.\pipe\docker_engine".to_owned()),
        ],
        None => vec![Endpoint::Unix(PathBuf::from("/var/run/docker.sock"))],
    }
}

/// One `DOCKER_HOST` value.
fn parse(host: &str) -> Endpoint {
    if let Some(path) = host.strip_prefix("unix://") {
        return Endpoint::Unix(PathBuf::from(path));
    }
    if let Some(pipe) = host.strip_prefix("npipe://") {
        // `npipe:////./pipe/name` and `npipe://./pipe/name` both name `\\.\pipe\name`.
        let name =
            pipe.trim_start_matches('/').trim_start_matches("./").trim_start_matches("pipe/");
        return Endpoint::Pipe(format!(r"\\.\pipe\{name}"));
    }
    Endpoint::Unsupported(host.to_owned())
}

impl Endpoint {
    /// Connects, sends `GET path`, and returns the body; each read and write may take
    /// `timeout`.
    pub(super) fn request(
        &self,
        path: &str,
        timeout: Duration,
    ) -> Result<Vec<u8>, http::HttpError> {
        match self {
            #[cfg(unix)]
            Endpoint::Unix(socket) => {
                let mut stream = std::os::unix::net::UnixStream::connect(socket)?;
                stream.set_read_timeout(Some(timeout))?;
                stream.set_write_timeout(Some(timeout))?;
                http::get(&mut stream, path)
            }
            // A synchronous pipe has no timeouts: the call runs on a thread of its own, and one
            // that does not end in time is left to end when the engine answers or goes.
            #[cfg(windows)]
            Endpoint::Pipe(name) => {
                let (name, path) = (name.clone(), path.to_owned());
                let (done, result) = std::sync::mpsc::channel();
                std::thread::Builder::new().name("wsltune-pipe".into()).spawn(move || {
                    let answer = std::fs::OpenOptions::new()
                        .read(true)
                        .write(true)
                        .open(&name)
                        .map_err(http::HttpError::Io)
                        .and_then(|mut pipe| http::get(&mut pipe, &path));
                    let _ = done.send(answer);
                })?;
                result.recv_timeout(timeout).unwrap_or_else(|_| {
                    Err(http::HttpError::Io(std::io::Error::new(
                        ErrorKind::TimedOut,
                        "no answer in time",
                    )))
                })
            }
            other => Err(http::HttpError::Io(std::io::Error::new(
                ErrorKind::Unsupported,
                format!("{other} cannot be reached from this platform"),
            ))),
        }
    }

    /// What a failure to reach the engine means for the user.
    pub(super) fn io_error(&self, e: std::io::Error, timeout: Duration) -> DockerError {
        let shown = self.to_string();
        if let Endpoint::Unsupported(host) = self {
            return DockerError::Unsupported(host.clone());
        }
        match e.kind() {
            ErrorKind::NotFound => DockerError::NotThere(shown),
            ErrorKind::ConnectionRefused => DockerError::NotRunning(shown),
            ErrorKind::PermissionDenied => DockerError::Denied(shown),
            ErrorKind::WouldBlock | ErrorKind::TimedOut => {
                DockerError::Timeout { endpoint: shown, secs: timeout.as_secs() }
            }
            _ => DockerError::Answer {
                endpoint: shown,
                path: String::new(),
                why: format!("a broken connection ({e})"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::TIMEOUT;

    #[test]
    fn docker_host_wins_and_is_read_as_the_cli_reads_it() {
        assert_eq!(
            candidates(Some("unix:///run/user/1000/docker.sock"), false),
            [Endpoint::Unix("/run/user/1000/docker.sock".into())]
        );
        assert_eq!(
            candidates(Some("npipe://./pipe/dockerDesktopLinuxEngine"), true),
            [Endpoint::Pipe(r"\\.\pipe\dockerDesktopLinuxEngine".into())]
        );
        assert_eq!(
            candidates(Some("tcp://127.0.0.1:2375"), false),
            [Endpoint::Unsupported("tcp://127.0.0.1:2375".into())]
        );
        assert_eq!(candidates(Some("  "), true).len(), 2, "an empty DOCKER_HOST is unset");
        assert_eq!(
            candidates(None, true)[0].to_string(),
            "npipe:////./pipe/dockerDesktopLinuxEngine"
        );
    }

    #[cfg(unix)]
    #[test]
    fn failures_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Endpoint::Unix(dir.path().join("none.sock"));
        let e = missing.request("/version", TIMEOUT).unwrap_err();
        let http::HttpError::Io(io) = e else { panic!("{e:?}") };
        assert!(matches!(missing.io_error(io, TIMEOUT), DockerError::NotThere(_)));
        // A socket nobody listens on any more.
        let path = dir.path().join("dead.sock");
        drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
        let dead = Endpoint::Unix(path);
        let http::HttpError::Io(io) = dead.request("/version", TIMEOUT).unwrap_err() else {
            panic!()
        };
        assert!(matches!(dead.io_error(io, TIMEOUT), DockerError::NotRunning(_)));
        // A listener that never answers: a timeout, not a hang.
        let path = dir.path().join("mute.sock");
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        let mute = Endpoint::Unix(path);
        let http::HttpError::Io(io) = mute.request("/version", TIMEOUT).unwrap_err() else {
            panic!()
        };
        assert!(matches!(mute.io_error(io, TIMEOUT), DockerError::Timeout { .. }));
    }
}
