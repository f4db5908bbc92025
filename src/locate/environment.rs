//! Where wsltune runs: WSL 2, WSL 1, Windows, or plain Linux, and the evidence for it.
//!
//! WSL 2 kernels report `…-microsoft-standard-WSL2` (early ones `…-microsoft-standard`), WSL 1
//! reports `…-Microsoft`; custom WSL 2 kernels can report anything, so the variables WSL's init
//! sets (`WSL_DISTRO_NAME`, `WSL_INTEROP`) and the `WSLInterop` binfmt entry count too
//! (microsoft/WSL#423, #4555; sindresorhus/is-wsl#13).

use serde::Serialize;

/// The kind of system wsltune runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Inside a WSL 2 distro: `/proc` is the whole utility VM.
    Wsl2,
    /// Inside a WSL 1 distro: no VM, no VHDX for this distro; Docker Desktop needs WSL 2.
    Wsl1,
    /// Natively on Windows.
    Windows,
    /// Plain Linux, not WSL.
    Linux,
}

impl Kind {
    /// True inside WSL (1 or 2), where Windows drives are mounted and interop may work.
    pub fn is_wsl(self) -> bool {
        matches!(self, Kind::Wsl1 | Kind::Wsl2)
    }

    /// A short name for people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Wsl2 => "WSL 2",
            Kind::Wsl1 => "WSL 1",
            Kind::Windows => "Windows",
            Kind::Linux => "Linux (not WSL)",
        }
    }
}

/// What was read to decide the kind; a plain struct so that the decision is tested without a VM.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// Built for Windows (`cfg!(windows)`).
    pub is_windows: bool,
    /// The kernel release, from `<proc>/sys/kernel/osrelease`.
    pub osrelease: Option<String>,
    /// `WSL_DISTRO_NAME`, set by WSL's init in every distro.
    pub distro_name: Option<String>,
    /// `WSL_INTEROP` is set (WSL 2's interop socket).
    pub interop_var: bool,
    /// `<proc>/sys/fs/binfmt_misc/WSLInterop` exists.
    pub binfmt_interop: bool,
}

/// The result: the kind and the evidence, in words.
#[derive(Debug, Clone, Serialize)]
pub struct Environment {
    /// `wsl2`, `wsl1`, `windows` or `linux`.
    pub kind: Kind,
    /// The kernel release (`uname -r`), when read.
    pub kernel: Option<String>,
    /// The WSL distro name (`WSL_DISTRO_NAME`), inside WSL.
    pub distro: Option<String>,
    /// The Linux distribution (`PRETTY_NAME` of `/etc/os-release`), when known.
    pub os: Option<String>,
    /// Why wsltune decided so.
    pub found_by: Vec<String>,
}

/// The signals wsltune looks for, in words, for a user told "this is not WSL".
pub const SIGNALS_LOOKED_FOR: &[&str] = &[
    "a kernel release containing 'microsoft' (/proc/sys/kernel/osrelease)",
    "the WSL_DISTRO_NAME and WSL_INTEROP variables",
    "/proc/sys/fs/binfmt_misc/WSLInterop",
];

/// Decides the kind from the probe, with the evidence.
pub fn classify(probe: &Probe) -> (Kind, Vec<String>) {
    if probe.is_windows {
        return (Kind::Windows, vec!["built for and running on Windows".to_owned()]);
    }
    let mut evidence = Vec::new();
    let release = probe.osrelease.as_deref().unwrap_or("").trim();
    let lower = release.to_ascii_lowercase();
    if lower.contains("microsoft-standard") || lower.contains("wsl2") {
        evidence.push(format!("kernel release '{release}' is a WSL 2 kernel"));
        push_wsl_vars(probe, &mut evidence);
        return (Kind::Wsl2, evidence);
    }
    if lower.contains("microsoft") {
        // WSL 1 has no Linux kernel: it reports Windows' build, e.g. 4.4.0-19041-Microsoft.
        evidence.push(format!("kernel release '{release}' is WSL 1's emulated kernel"));
        push_wsl_vars(probe, &mut evidence);
        return (Kind::Wsl1, evidence);
    }
    push_wsl_vars(probe, &mut evidence);
    if !evidence.is_empty() {
        // WSL 1 always reports the Microsoft release, so WSL signals with another kernel mean a
        // custom WSL 2 kernel (microsoft/WSL#4555).
        evidence.insert(0, format!("custom kernel '{release}' with WSL's signals"));
        return (Kind::Wsl2, evidence);
    }
    (Kind::Linux, vec![format!("kernel release '{release}' and no WSL signals")])
}

fn push_wsl_vars(probe: &Probe, evidence: &mut Vec<String>) {
    if let Some(name) = &probe.distro_name {
        evidence.push(format!("WSL_DISTRO_NAME is '{name}'"));
    }
    if probe.interop_var {
        evidence.push("WSL_INTEROP is set".to_owned());
    }
    if probe.binfmt_interop {
        evidence.push("binfmt_misc has WSLInterop".to_owned());
    }
}

/// Reads `PRETTY_NAME` from the text of an os-release file.
pub fn pretty_name(os_release: &str) -> Option<String> {
    os_release.lines().find_map(|line| {
        let value = line.trim().strip_prefix("PRETTY_NAME=")?;
        Some(value.trim().trim_matches('"').trim_matches('\'').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(release: &str) -> Probe {
        Probe { osrelease: Some(release.to_owned()), ..Probe::default() }
    }

    #[test]
    fn wsl2_kernels() {
        assert_eq!(classify(&probe("5.15.167.4-microsoft-standard-WSL2\n")).0, Kind::Wsl2);
        assert_eq!(classify(&probe("4.19.128-microsoft-standard")).0, Kind::Wsl2);
    }

    #[test]
    fn wsl1_kernel() {
        let (kind, evidence) = classify(&probe("4.4.0-19041-Microsoft"));
        assert_eq!(kind, Kind::Wsl1);
        assert!(evidence[0].contains("WSL 1"));
    }

    #[test]
    fn custom_kernel_with_wsl_signals_is_wsl2() {
        let mut p = probe("6.6.0-my-kernel");
        p.distro_name = Some("Ubuntu".into());
        let (kind, evidence) = classify(&p);
        assert_eq!(kind, Kind::Wsl2);
        assert!(evidence.iter().any(|e| e.contains("'Ubuntu'")));
        let mut p = probe("6.6.0-my-kernel");
        p.binfmt_interop = true;
        assert_eq!(classify(&p).0, Kind::Wsl2);
    }

    #[test]
    fn plain_linux_and_windows() {
        assert_eq!(classify(&probe("6.1.0-18-amd64")).0, Kind::Linux);
        assert_eq!(classify(&Probe::default()).0, Kind::Linux);
        let p = Probe { is_windows: true, ..Probe::default() };
        assert_eq!(classify(&p).0, Kind::Windows);
    }

    #[test]
    fn reads_pretty_name() {
        let text = "NAME=\"Ubuntu\"\nPRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nID=ubuntu\n";
        assert_eq!(pretty_name(text).as_deref(), Some("Ubuntu 24.04.1 LTS"));
        assert_eq!(pretty_name("ID=x"), None);
    }
}
