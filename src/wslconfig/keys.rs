//! The keys WSL knows (`WslCoreConfig.h`/`.cpp` in microsoft/WSL, reference `wslconfig.md` §2.4),
//! their types and defaults, and the value parsers with WSL's exact rules (§2.3).

/// How WSL parses a key's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `ParseMemorySize`: digits, then exactly one of `B K KB M MB G GB T TB` or nothing.
    Size,
    /// `strtol(value, &end, 0)` into an `int`: decimal, `0x` hex, and a leading `0` is octal.
    Int,
    /// `true`/`false` (any case), `1`/`0`.
    Bool,
    /// One of these, compared without case.
    Enum(&'static [&'static str]),
    /// A Windows path (backslashes must be doubled in the file).
    Path,
    /// Any text.
    Text,
    /// A dotted IPv4 address.
    Ipv4,
    /// Comma-separated ports 1–65535.
    Ports,
    /// A MAC address (a bad one stops the VM from starting).
    Mac,
}

/// One key of WSL's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// `section.key` in WSL's spelling.
    pub name: &'static str,
    /// Another accepted name (the four `[wsl2]` keys also read under `[experimental]`).
    pub alias: Option<&'static str>,
    /// How the value is parsed.
    pub kind: Kind,
    /// What applies when the key is absent.
    pub default: &'static str,
    /// Documented on learn.microsoft.com (the others exist only in WSL's source).
    pub documented: bool,
}

/// `autoMemoryReclaim` values, in the order WSL lists them (its map sorts without case).
pub const RECLAIM_MODES: &[&str] = &["Disabled", "DropCache", "Gradual"];
/// `networkingMode` values (WSL 2.9; `VirtioProxy` is the old name of `Consomme`).
pub const NETWORKING_MODES: &[&str] =
    &["Bridged", "Consomme", "Mirrored", "Nat", "None", "VirtioProxy"];

const fn key(name: &'static str, kind: Kind, default: &'static str, documented: bool) -> Key {
    Key { name, alias: None, kind, default, documented }
}

const fn both(name: &'static str, alias: &'static str, kind: Kind, default: &'static str) -> Key {
    Key { name, alias: Some(alias), kind, default, documented: true }
}

/// Every key WSL 2.9 reads from `.wslconfig`.
pub static KEYS: &[Key] = &[
    key("wsl2.memory", Kind::Size, "50% of the host's memory", true),
    key("wsl2.processors", Kind::Int, "all logical processors of the host", true),
    key("wsl2.swap", Kind::Size, "25% of the VM's memory, rounded up to a whole GB", true),
    key("wsl2.swapFile", Kind::Path, "%Temp%\\swap.vhdx", true),
    key("wsl2.localhostForwarding", Kind::Bool, "true", true),
    key("wsl2.kernel", Kind::Path, "the inbox kernel", true),
    key("wsl2.kernelCommandLine", Kind::Text, "(empty)", true),
    key("wsl2.kernelModules", Kind::Path, "the inbox modules", true),
    key("wsl2.safeMode", Kind::Bool, "false", true),
    key("wsl2.nestedVirtualization", Kind::Bool, "true on Windows 11 (x64)", true),
    key("wsl2.vmIdleTimeout", Kind::Int, "60000", true),
    key("wsl2.guiApplications", Kind::Bool, "true", true),
    key("wsl2.debugConsole", Kind::Bool, "false", true),
    key("wsl2.dnsProxy", Kind::Bool, "true", true),
    key("wsl2.defaultVhdSize", Kind::Size, "1TB", true),
    key("wsl2.maxCrashDumpCount", Kind::Int, "10", true),
    key("wsl2.crashDumpFolder", Kind::Path, "%Temp%\\wsl-crashes", false),
    key("wsl2.earlyBootLogging", Kind::Bool, "false", false),
    key("wsl2.virtio9p", Kind::Bool, "false", false),
    key("wsl2.virtiofs", Kind::Bool, "false", false),
    key("wsl2.kernelDebugPort", Kind::Int, "0", false),
    key("wsl2.gpuSupport", Kind::Bool, "true", false),
    key("wsl2.systemDistro", Kind::Path, "the inbox system distro", false),
    key("wsl2.telemetry", Kind::Bool, "true", false),
    key("wsl2.debugConsoleLogFile", Kind::Path, "(none)", false),
    key("wsl2.kernelBootTimeout", Kind::Int, "90000", false),
    key("wsl2.distributionStartTimeout", Kind::Int, "60000", false),
    key("wsl2.virtio", Kind::Bool, "true", false),
    key("wsl2.hostFileSystemAccess", Kind::Bool, "true", false),
    key("wsl2.mountDeviceTimeout", Kind::Int, "5000", false),
    key("wsl2.hardwarePerformanceCounters", Kind::Bool, "true", false),
    key("wsl2.vmSwitch", Kind::Text, "(none)", false),
    key("wsl2.macAddress", Kind::Mac, "(random when bridged)", false),
    key("wsl2.dhcp", Kind::Bool, "true", false),
    key("wsl2.dhcpTimeout", Kind::Int, "5000", false),
    key("wsl2.ipv6", Kind::Bool, "false", false),
    key("wsl2.loadKernelModules", Kind::Text, "(none)", false),
    key("wsl2.loadDefaultKernelModules", Kind::Bool, "true", false),
    key("wsl2.isolateDistroCgroup", Kind::Bool, "true", false),
    both("wsl2.networkingMode", "experimental.networkingMode", Kind::Enum(NETWORKING_MODES), "Nat"),
    both("wsl2.dnsTunneling", "experimental.dnsTunneling", Kind::Bool, "true"),
    both("wsl2.firewall", "experimental.firewall", Kind::Bool, "true"),
    both("wsl2.autoProxy", "experimental.autoProxy", Kind::Bool, "true"),
    key("experimental.autoMemoryReclaim", Kind::Enum(RECLAIM_MODES), "DropCache", true),
    key("experimental.sparseVhd", Kind::Bool, "false", true),
    key("experimental.bestEffortDnsParsing", Kind::Bool, "false", true),
    key("experimental.dnsTunnelingIpAddress", Kind::Ipv4, "10.255.255.254", true),
    key("experimental.initialAutoProxyTimeout", Kind::Int, "1000", true),
    key("experimental.ignoredPorts", Kind::Ports, "(none)", true),
    key("experimental.hostAddressLoopback", Kind::Bool, "false", true),
    key("experimental.setVersionDebug", Kind::Bool, "false", false),
    key("experimental.swiotlb", Kind::Size, "computed", false),
    key("experimental.virtioFsAggregateShares", Kind::Bool, "true", false),
    key("general.distributionInstallPath", Kind::Path, "%LocalAppData%\\wsl", false),
    key("general.instanceIdleTimeout", Kind::Int, "15000", false),
];

/// Keys that WSL once read and no longer knows, with why.
pub const REMOVED: &[(&str, crate::i18n::Text)] = &[
    ("wsl2.pageReporting", super::texts::REMOVED_PAGE_REPORTING),
    ("experimental.useWindowsDnsCache", super::texts::REMOVED_DNS_CACHE),
];

/// Sections of `/etc/wsl.conf` (inside each distro), which `.wslconfig` does not read.
pub const WSL_CONF_SECTIONS: &[&str] =
    &["boot", "automount", "network", "interop", "user", "gpu", "time"];

/// Sections `.wslconfig` has.
pub const SECTIONS: &[&str] = &["wsl2", "experimental", "general"];

impl Key {
    /// Whether `name` (`section.key`, any case) is this key or its alias.
    pub fn matches(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self.alias.is_some_and(|a| a.eq_ignore_ascii_case(name))
    }

    /// The section to write it under.
    pub fn section(&self) -> &'static str {
        self.name.split_once('.').map_or("", |(s, _)| s)
    }

    /// The key name without its section.
    pub fn short(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(_, k)| k)
    }
}

/// The key WSL matches for `name` (`section.key`, any case).
pub fn find(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.matches(name))
}

/// Keys whose short name matches `short` (any case), for "wrong section" advice.
pub fn by_short_name(short: &str) -> impl Iterator<Item = &'static Key> + '_ {
    KEYS.iter().filter(move |k| {
        k.short().eq_ignore_ascii_case(short)
            || k.alias.is_some_and(|a| {
                a.split_once('.').is_some_and(|(_, s)| s.eq_ignore_ascii_case(short))
            })
    })
}

/// `ParseMemorySize`: `strtoull(value, 10)` then a suffix that is exactly one of `B K KB M MB
/// G GB T TB` (binary multiples) or nothing (bytes). `None` when WSL rejects it.
pub fn parse_size(value: &str) -> Option<u64> {
    // strtoull skips leading blanks and takes a sign; WSL has trimmed the value already.
    let body = value.trim_start_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
    let (negative, body) = match body.as_bytes().first() {
        Some(b'-') => (true, body.get(1..).unwrap_or("")),
        Some(b'+') => (false, body.get(1..).unwrap_or("")),
        _ => (false, body),
    };
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let (number, suffix) = body.split_at(digits);
    // strtoull saturates on overflow, and negates in unsigned arithmetic.
    let mut n = number.parse::<u64>().unwrap_or(u64::MAX);
    if negative {
        n = n.wrapping_neg();
    }
    let shift = match suffix {
        "" | "B" => 0,
        "K" | "KB" => 10,
        "M" | "MB" => 20,
        "G" | "GB" => 30,
        "T" | "TB" => 40,
        _ => return None,
    };
    Some(n.wrapping_shl(shift))
}

/// `strtol(value, &end, 0)` that must consume the whole value and fit an `int`.
pub fn parse_int(value: &str) -> Option<i32> {
    let body = value.trim_start_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
    let (negative, body) = match body.as_bytes().first() {
        Some(b'-') => (true, body.get(1..).unwrap_or("")),
        Some(b'+') => (false, body.get(1..).unwrap_or("")),
        _ => (false, body),
    };
    let (radix, digits) =
        if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, hex)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, body.get(1..).unwrap_or(""))
        } else {
            (10, body)
        };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i64::from_str_radix(digits, radix).ok()?;
    let n = if negative { -magnitude } else { magnitude };
    i32::try_from(n).ok()
}

/// `ParseBool`: `true`/`false` in any case, `1`/`0`.
pub fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") || value == "1" {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") || value == "0" {
        Some(false)
    } else {
        None
    }
}

/// `inet_pton(AF_INET)`: four decimal parts 0–255, no leading zeros beyond one digit.
pub fn parse_ipv4(value: &str) -> Option<[u8; 4]> {
    let parts: Vec<&str> = value.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut out = [0u8; 4];
    for (slot, part) in out.iter_mut().zip(parts) {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if part.len() > 1 && part.starts_with('0') {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    Some(out)
}

/// `ignoredPorts`: each comma-separated item through `std::stoi` (leading digits, optional
/// blanks and sign), kept when 1–65535. Returns the kept ports and whether any item was bad.
pub fn parse_ports(value: &str) -> (Vec<u16>, bool) {
    let mut ports = Vec::new();
    let mut bad = false;
    for item in value.split(',') {
        let body = item.trim_start();
        let (negative, body) = match body.as_bytes().first() {
            Some(b'-') => (true, body.get(1..).unwrap_or("")),
            Some(b'+') => (false, body.get(1..).unwrap_or("")),
            _ => (false, body),
        };
        let digits: String = body.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse::<i64>() {
            Ok(n) if !negative && (1..=65_535).contains(&n) => ports.push(n as u16),
            _ => bad = true,
        }
    }
    (ports, bad)
}

/// `ParseMacAddress`: six hex pairs separated by `:` or `-`.
pub fn parse_mac(value: &str) -> bool {
    let parts: Vec<&str> = value.split([':', '-']).collect();
    parts.len() == 6
        && parts.iter().all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Formats bytes the way a person would write a size WSL accepts: whole `GB`, else whole `MB`,
/// else bytes.
pub fn format_size(bytes: u64) -> String {
    const MB: u64 = 1 << 20;
    const GB: u64 = 1 << 30;
    if bytes != 0 && bytes.is_multiple_of(GB) {
        format!("{}GB", bytes / GB)
    } else if bytes != 0 && bytes.is_multiple_of(MB) {
        format!("{}MB", bytes / MB)
    } else {
        bytes.to_string()
    }
}

/// A value as WSL's parser for the key accepts it, in its canonical spelling.
pub fn normalize(key: &Key, value: &str) -> Result<String, String> {
    use super::texts as T;
    let not = |t: crate::i18n::Text| t.fill(&[("value", &value)]);
    match key.kind {
        Kind::Size => {
            super::lint::lenient_size(value).map(format_size).ok_or_else(|| not(T::NOT_SIZE))
        }
        Kind::Int => value.parse::<i32>().map(|n| n.to_string()).map_err(|_| not(T::NOT_WHOLE)),
        Kind::Bool => match value.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok("true".to_owned()),
            "false" | "0" | "no" | "off" => Ok("false".to_owned()),
            _ => Err(not(T::NOT_BOOL)),
        },
        Kind::Enum(values) => values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(value))
            .map(|v| (*v).to_owned())
            .ok_or_else(|| {
                T::NOT_ONE_OF.fill(&[("value", &value), ("values", &values.join(", "))])
            }),
        Kind::Ipv4 => parse_ipv4(value).map(|_| value.to_owned()).ok_or_else(|| not(T::NOT_IPV4)),
        Kind::Ports => match parse_ports(value) {
            (ports, false) => Ok(ports.iter().map(u16::to_string).collect::<Vec<_>>().join(",")),
            _ => Err(not(T::NOT_PORTS)),
        },
        Kind::Mac if parse_mac(value) => Ok(value.to_owned()),
        Kind::Mac => Err(not(T::NOT_MAC)),
        Kind::Path | Kind::Text => Ok(value.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_normalized_to_wsls_spelling() {
        let k = |n| find(n).unwrap();
        assert_eq!(normalize(k("wsl2.memory"), "8gb").unwrap(), "8GB");
        assert_eq!(normalize(k("experimental.autoMemoryReclaim"), "gradual").unwrap(), "Gradual");
        assert_eq!(normalize(k("wsl2.localhostForwarding"), "yes").unwrap(), "true");
        assert!(normalize(k("wsl2.processors"), "010x").is_err());
    }

    #[test]
    fn sizes_are_exact() {
        assert_eq!(parse_size("1K"), Some(1024));
        assert_eq!(parse_size("44GB"), Some(44 << 30));
        assert_eq!(parse_size("2T"), Some(2 << 40));
        assert_eq!(parse_size("0"), Some(0));
        assert_eq!(parse_size("4294967296"), Some(4 << 30));
        for bad in ["4gb", "4Gb", "4GiB", "1.5GB", "1 B", "", "GB", "0x10"] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }

    #[test]
    fn integers_follow_strtol_base_0() {
        assert_eq!(parse_int("8"), Some(8));
        assert_eq!(parse_int("010"), Some(8));
        assert_eq!(parse_int("0x10"), Some(16));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("0"), Some(0));
        for bad in ["", "08", "4 ", "four", "99999999999", "0x"] {
            assert_eq!(parse_int(bad), None, "{bad}");
        }
    }

    #[test]
    fn booleans_ports_addresses() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("yes"), None);
        assert_eq!(parse_ports("3000,9000, 9090"), (vec![3000, 9000, 9090], false));
        assert_eq!(parse_ports("3000,x,70000"), (vec![3000], true));
        assert_eq!(parse_ipv4("10.255.255.254"), Some([10, 255, 255, 254]));
        assert_eq!(parse_ipv4("10.0.0"), None);
        assert!(parse_mac("00:15:5d:01:02:03"));
        assert!(!parse_mac("00:15:5d:01:02"));
    }

    #[test]
    fn the_table_finds_aliases_without_case() {
        assert_eq!(find("WSL2.Memory").map(|k| k.name), Some("wsl2.memory"));
        assert_eq!(
            find("experimental.networkingmode").map(|k| k.name),
            Some("wsl2.networkingMode")
        );
        assert_eq!(find("wsl2.autoMemoryReclaim"), None);
        assert_eq!(
            by_short_name("hostaddressloopback").next().map(|k| k.name),
            Some("experimental.hostAddressLoopback")
        );
        assert_eq!(format_size(8 << 30), "8GB");
        assert_eq!(format_size(1536 << 20), "1536MB");
    }
}
