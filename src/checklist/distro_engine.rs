//! Is a Docker Engine installed inside this distro, beside Docker Desktop?
//!
//! Docker's WSL 2 guide asks to remove distro-installed Docker Engine and CLI before using Docker
//! Desktop: two daemons fight over `/var/run/docker.sock` and the `docker` context. Docker
//! Desktop's own integration only links client tools into `/mnt/wsl/docker-desktop/…`; a
//! `dockerd` or `containerd` binary, a distro package or an enabled service is an engine of the
//! distro's own.

use std::path::Path;

use super::texts::{EVIDENCE_BINARY, EVIDENCE_PACKAGE, EVIDENCE_SERVICE, EVIDENCE_SNAP};

/// Engine binaries a distro package or a manual install puts on the system.
const BINARIES: &[&str] = &[
    "/usr/bin/dockerd",
    "/usr/sbin/dockerd",
    "/usr/local/bin/dockerd",
    "/usr/bin/containerd",
    "/usr/local/bin/containerd",
];

/// dpkg packages that install an engine (Docker's repository, Debian/Ubuntu, Moby).
const PACKAGES: &[&str] =
    &["docker-ce", "docker.io", "docker-engine", "containerd.io", "containerd", "moby-engine"];

/// systemd and SysV units that start an engine at boot.
const SERVICES: &[&str] = &[
    "/etc/systemd/system/multi-user.target.wants/docker.service",
    "/etc/systemd/system/multi-user.target.wants/containerd.service",
    "/etc/systemd/system/sockets.target.wants/docker.socket",
    "/etc/init.d/docker",
];

/// The evidence of a distro-installed engine under `root`, in words; empty when none.
pub fn evidence(root: &Path) -> Vec<String> {
    let at = |absolute: &str| crate::locate::winpath::under_root(root, Path::new(absolute));
    let mut found = Vec::new();
    for bin in BINARIES {
        let path = at(bin);
        if path.symlink_metadata().is_err() {
            continue;
        }
        let target = std::fs::read_link(&path).ok();
        if target.as_deref().is_some_and(|t| t.to_string_lossy().contains("docker-desktop")) {
            continue; // Docker Desktop's integration, not an engine of the distro's own.
        }
        found.push(EVIDENCE_BINARY.fill(&[("path", bin)]));
    }
    for package in PACKAGES {
        if at(&format!("/var/lib/dpkg/info/{package}.list")).is_file()
            || at(&format!("/var/lib/dpkg/info/{package}:amd64.list")).is_file()
        {
            found.push(EVIDENCE_PACKAGE.fill(&[("package", package)]));
        }
    }
    for service in SERVICES {
        if at(service).symlink_metadata().is_ok() {
            found.push(EVIDENCE_SERVICE.fill(&[("path", service)]));
        }
    }
    if at("/snap/docker").is_dir() {
        found.push(EVIDENCE_SNAP.get().to_owned());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desktop_integration_links_are_not_an_engine() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("usr/bin")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(
            "/mnt/wsl/docker-desktop/cli-tools/usr/bin/dockerd",
            dir.path().join("usr/bin/dockerd"),
        )
        .unwrap();
        assert!(evidence(dir.path()).is_empty());
        std::fs::write(dir.path().join("usr/bin/containerd"), b"").unwrap();
        std::fs::create_dir_all(dir.path().join("var/lib/dpkg/info")).unwrap();
        std::fs::write(dir.path().join("var/lib/dpkg/info/docker-ce.list"), b"").unwrap();
        let found = evidence(dir.path());
        assert_eq!(found, ["the binary /usr/bin/containerd", "the package 'docker-ce'"]);
    }
}
