//! Which Docker Desktop runs the engine, from the `Platform.Name` of its `/version` answer
//! ("Docker Desktop 4.37.1 (178610)"; a plain engine such as Debian's `docker.io` has none or
//! another name), and the oldest release wsltune takes as current enough.

use std::fmt;

/// A Docker Desktop release: `4.37.1`, with its build number when the name carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DesktopVersion {
    /// 4.
    pub major: u32,
    /// 37.
    pub minor: u32,
    /// 1.
    pub patch: u32,
    /// The build in parentheses (178610), which orders nothing: the first three numbers do.
    pub build: Option<u64>,
}

/// The oldest Docker Desktop `doctor` takes as current enough: 4.36.0 (2024-11-18), the release
/// that moved every existing WSL 2 install to one distro with Docker's data in its own
/// `docker_data.vhdx` (fresh installs since 4.30); from 4.35 its settings are in
/// `settings-store.json`. Older ones keep the `docker-desktop-data` distro wsltune only half
/// handles, and are long past Docker's six-month download window. The sources are in
/// docs/architecture.md ("Docker Desktop's version").
pub const FLOOR: DesktopVersion = DesktopVersion { major: 4, minor: 36, patch: 0, build: None };

impl DesktopVersion {
    /// The version in a `Platform.Name`: `Docker Desktop 4.37.1 (178610)` → 4.37.1 build
    /// 178610; `None` for any other platform (`Docker Engine - Community`, an empty name).
    ///
    /// ```
    /// use wsltune::docker::DesktopVersion;
    /// let v = DesktopVersion::parse("Docker Desktop 4.37.1 (178610)").unwrap();
    /// assert_eq!((v.major, v.minor, v.patch, v.build), (4, 37, 1, Some(178610)));
    /// assert_eq!(DesktopVersion::parse("Docker Engine - Community"), None);
    /// ```
    pub fn parse(platform_name: &str) -> Option<Self> {
        let rest = platform_name.trim().strip_prefix("Docker Desktop")?;
        let mut words = rest.split_whitespace();
        let mut numbers = words.next()?.split('.').map(|n| n.parse::<u32>().ok());
        let major = numbers.next()??;
        let minor = numbers.next().unwrap_or(Some(0))?;
        let patch = numbers.next().unwrap_or(Some(0))?;
        if numbers.next().is_some() {
            return None;
        }
        let build =
            words.next().and_then(|b| b.strip_prefix('(')?.strip_suffix(')')?.parse::<u64>().ok());
        Some(DesktopVersion { major, minor, patch, build })
    }

    /// Whether this release is older than `floor` (the build is not compared).
    pub fn is_older_than(&self, floor: &DesktopVersion) -> bool {
        (self.major, self.minor, self.patch) < (floor.major, floor.minor, floor.patch)
    }
}

/// `4.37.1`: the number users see in Docker Desktop's About box and release notes.
impl fmt::Display for DesktopVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// As its [`Display`](fmt::Display) (`"4.37.1"`): the `desktop_version` of `doctor --json`.
impl serde::Serialize for DesktopVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(name: &str) -> DesktopVersion {
        DesktopVersion::parse(name).unwrap_or_else(|| panic!("{name}"))
    }

    /// Names as real engines sent them, each with where it was published.
    #[test]
    fn real_platform_names_are_read() {
        for (name, expected) in [
            // `curl --unix-socket ~/.docker/run/docker.sock http://localhost/version` on a Mac
            // (rednafi.com, "Tinkering with Unix domain sockets"): Engine 20.10.23, API 1.41.
            ("Docker Desktop 4.17.0 (99724)", (4, 17, 0, Some(99724))),
            // `docker version` on Windows, "Server: Docker Desktop 4.25.2 (129061)" with an
            // engine that calls itself `master` (docker/cli #4672).
            ("Docker Desktop 4.25.2 (129061)", (4, 25, 2, Some(129_061))),
            // `docker version` on Windows, Engine 28.3.0, API 1.51 (moby/moby #50431).
            ("Docker Desktop 4.43.0 (198134)", (4, 43, 0, Some(198_134))),
            // `docker version` on Windows, Engine 29.4.1, API 1.54 (docker/desktop-feedback
            // #351, a WSL 2 startup report).
            ("Docker Desktop 4.71.0 (225177)", (4, 71, 0, Some(225_177))),
            // (`docker version` prints the engine's `Platform.Name` after "Server: "; tools
            // read the same text with `--format '{{.Server.Platform.Name}}'`.)
        ] {
            let got = v(name);
            assert_eq!((got.major, got.minor, got.patch, got.build), expected, "{name}");
        }
    }

    #[test]
    fn other_platforms_and_odd_names_are_not_docker_desktop() {
        for name in [
            "",
            "Docker Engine - Community",
            "Podman Engine",
            "Docker Desktop",
            "Docker Desktop x.y",
            "Docker Desktop 4.37.1.2",
            "Docker Desktop -4.1",
        ] {
            assert_eq!(DesktopVersion::parse(name), None, "{name:?}");
        }
        // Without a build (as some tools' stubs write it), or with fewer numbers.
        assert_eq!(v("Docker Desktop 4.41.0").build, None);
        assert_eq!(v("Docker Desktop 4.41").to_string(), "4.41.0");
        assert_eq!(v("Docker Desktop 4.41.0 (beta)").build, None);
    }

    #[test]
    fn the_floor_is_compared_by_number_not_by_text() {
        assert!(v("Docker Desktop 4.5.1 (74721)").is_older_than(&FLOOR));
        assert!(v("Docker Desktop 4.35.9 (1)").is_older_than(&FLOOR));
        assert!(!v("Docker Desktop 4.36.0 (175267)").is_older_than(&FLOOR));
        assert!(!v("Docker Desktop 4.100.0").is_older_than(&FLOOR), "4.100 is newer than 4.36");
        assert!(!v("Docker Desktop 5.0.0").is_older_than(&FLOOR));
        assert!(v("Docker Desktop 3.99.99").is_older_than(&FLOOR));
        assert_eq!(FLOOR.to_string(), "4.36.0");
    }
}
