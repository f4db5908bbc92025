//! What `wsl.exe`, `wslinfo` and `cmd.exe /c ver` print, decoded and parsed without I/O.
//!
//! `wsl.exe` writes UTF-16LE without a BOM unless `WSL_UTF8=1` reaches it (through interop only
//! when `WSLENV` lists it): `WslClient.cpp` sets `_O_U16TEXT`, and messages that end in `\r\n`
//! come out as `\r\r\n` (reference docker-and-windows.md §5). Labels are localized, so values
//! are found by position and shape, never by label.

/// Text from a Windows program's bytes: UTF-16LE when NUL bytes show it (with or without a
/// BOM), else UTF-8 (lossy; a UTF-8 BOM dropped); every `\r` removed.
pub fn decode(bytes: &[u8]) -> String {
    let text = if looks_utf16le(bytes) {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes(p.try_into().unwrap_or([0, 0])))
            .collect();
        let units = units.strip_prefix(&[0xFEFF]).unwrap_or(&units);
        String::from_utf16_lossy(units)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        String::from_utf8_lossy(bytes).into_owned()
    };
    text.replace('\r', "")
}

/// UTF-16LE text of mostly ASCII has a NUL in most odd bytes; UTF-8 text has no NUL at all.
/// A BOM (`FF FE`) settles it for text with no ASCII (all-CJK names).
fn looks_utf16le(bytes: &[u8]) -> bool {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return false;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return true;
    }
    let odd_nuls = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    odd_nuls * 4 >= bytes.len() / 2
}

/// A dotted version, compared part by part (`2.1.5.0` < `2.10.0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DottedVersion(pub Vec<u32>);

impl DottedVersion {
    /// `2.1.5.0` → [2, 1, 5, 0]; `None` unless every part is a number (at least two parts).
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Option<Vec<u32>> = text.trim().split('.').map(|p| p.parse().ok()).collect();
        parts.filter(|p| p.len() >= 2).map(DottedVersion)
    }

    /// True when older than `floor` (missing parts count as 0).
    pub fn is_older_than(&self, floor: &[u32]) -> bool {
        let len = self.0.len().max(floor.len());
        let at = |v: &[u32], i: usize| v.get(i).copied().unwrap_or(0);
        (0..len).map(|i| at(&self.0, i).cmp(&at(floor, i))).find(|o| o.is_ne())
            == Some(std::cmp::Ordering::Less)
    }
}

impl std::fmt::Display for DottedVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// A Windows build as `10.0.<build>.<ubr>` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildNumber {
    /// `CurrentBuild`, e.g. 19045.
    pub build: u32,
    /// The update revision (`UBR`), e.g. 3393.
    pub ubr: Option<u32>,
}

/// `10.0.19045.3393` → build 19045, UBR 3393 (major 10 only: every Windows with WSL 2).
pub fn parse_windows_dotted(text: &str) -> Option<BuildNumber> {
    let v = DottedVersion::parse(text)?;
    match v.0.as_slice() {
        [10, 0, build, rest @ ..] if rest.len() <= 1 => {
            Some(BuildNumber { build: *build, ubr: rest.first().copied() })
        }
        _ => None,
    }
}

/// What `wsl.exe --version` says: the first line is the WSL package's version and the last the
/// Windows version (the template `MessagePackageVersions`, in every language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageVersions {
    /// `WSL version: 2.1.5.0`.
    pub wsl: DottedVersion,
    /// `Windows version: 10.0.19045.3393`.
    pub windows: Option<BuildNumber>,
}

/// The answer of `wsl.exe --version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WslVersionAnswer {
    /// The Store WSL: its versions.
    Versions(PackageVersions),
    /// The inbox WSL: no `--version` option, so it printed its usage (and exited non-zero).
    Inbox,
}

/// Parses `wsl.exe --version` (decoded): each line `label: value`, the value the line's last
/// word; `None` for empty output.
pub fn parse_wsl_version(text: &str) -> Option<WslVersionAnswer> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return None;
    }
    fn value(line: &str) -> &str {
        line.split_whitespace().last().unwrap_or("")
    }
    let wsl = lines.first().map(|l| value(l)).and_then(DottedVersion::parse);
    let Some(wsl) = wsl.filter(|_| lines.first().is_some_and(|l| l.contains(':'))) else {
        return Some(WslVersionAnswer::Inbox);
    };
    let windows = lines.last().map(|l| value(l)).and_then(parse_windows_dotted);
    Some(WslVersionAnswer::Versions(PackageVersions { wsl, windows }))
}

/// `wslinfo --version` inside a distro prints the package version alone (`2.1.5`).
pub fn parse_wslinfo_version(text: &str) -> Option<DottedVersion> {
    DottedVersion::parse(text.lines().find(|l| !l.trim().is_empty())?)
}

/// `cmd.exe /c ver`: `Microsoft Windows [Version 10.0.19045.3393]`, the word localized
/// (`[versão …]`, `[版本 …]`): the last word inside the brackets.
pub fn parse_ver(text: &str) -> Option<BuildNumber> {
    let inside = text.split_once('[')?.1.split_once(']')?.0;
    parse_windows_dotted(inside.split_whitespace().last()?)
}

/// One row of `wsl.exe -l -v`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedDistro {
    /// The distro's name.
    pub name: String,
    /// `Running`, `Stopped`, `Installing`, ... (English in every language: `wsl.h`).
    pub state: String,
    /// 1 or 2.
    pub version: u32,
    /// Marked with `*`.
    pub default: bool,
}

/// Parses `wsl.exe -l -v` (decoded): a header line, then `"%s %-Ns%-16s%s"` rows — `*` or a
/// space, the name, the state, the version (`ListDistributionsHelper`). Columns are taken by
/// position: the first line is the header whatever its words, and each row splits from the
/// right (version, state), the rest being the name. Rows that do not fit are left out.
pub fn parse_list_verbose(text: &str) -> Vec<ListedDistro> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .skip(1)
        .filter_map(|line| {
            let (default, rest) = match line.strip_prefix('*') {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            let rest = rest.trim_end();
            let (rest, version) = rest.rsplit_once(char::is_whitespace)?;
            let version: u32 = version.parse().ok().filter(|v| (1..=2).contains(v))?;
            let (name, state) = rest.trim_end().rsplit_once(char::is_whitespace)?;
            let name = name.trim();
            (!name.is_empty() && !state.is_empty()).then(|| ListedDistro {
                name: name.to_owned(),
                state: state.to_owned(),
                version,
                default,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    /// `wsl.exe --version` inside WSL, as pasted in dorssel/usbipd-win#727 (WSL 1.2.5.0).
    const USBIPD_727: &str = "WSL version: 1.2.5.0\nKernel version: 5.15.90.1\nWSLg version: 1.0.51\nMSRDC version: 1.2.3770\nDirect3D version: 1.608.2-61064218\nDXCore version: 10.0.25131.1002-220531-1700.rs-onecore-base2-hyp\nWindows version: 10.0.19045.3393\n";

    /// `wsl -l -v` from microsoft/WSL#9882 (three distros, the default first).
    const WSL_9882: &str = "  NAME            STATE           VERSION\n* Ubuntu-18.04    Stopped         2\n  FCL             Stopped         2\n  Ubuntu          Stopped         2\n";

    #[test]
    fn utf16_without_a_bom_and_utf8_are_told_apart() {
        // The start of tailscale/tailscale#3170's capture: `\r\0\r\0\n\0C\0o\0`.
        let captured = utf16("\r\r\nCopyright (c) Microsoft Corporation.\r\r\n");
        assert!(captured.starts_with(b"\r\0\r\0\n\0C\0o\0"));
        assert_eq!(decode(&captured), "\nCopyright (c) Microsoft Corporation.\n");
        assert_eq!(decode(USBIPD_727.as_bytes()), USBIPD_727, "WSL_UTF8=1: UTF-8 as is");
        let crlf = utf16(&USBIPD_727.replace('\n', "\r\r\n"));
        assert_eq!(decode(&crlf), USBIPD_727);
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(utf16("山田"));
        assert_eq!(decode(&bom), "山田", "CJK only: the BOM decides");
        assert_eq!(decode(b"\xEF\xBB\xBFok"), "ok");
        assert_eq!(decode(b""), "");
        assert_eq!(decode(b"odd"), "odd");
    }

    #[test]
    fn a_non_ascii_distro_name_survives_utf16() {
        // Constructed: the format of `ListDistributionsHelper` with a name in Japanese.
        let text =
            "  NAME            STATE           VERSION\r\n* 山田-Ubuntu      Running         2\r\n";
        let rows = parse_list_verbose(&decode(&utf16(text)));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name, "山田-Ubuntu");
        assert_eq!(rows[0].state, "Running");
        assert!(rows[0].default);
    }

    #[test]
    fn wsl_version_by_position_in_english_german_and_japanese() {
        let expected = WslVersionAnswer::Versions(PackageVersions {
            wsl: DottedVersion(vec![1, 2, 5, 0]),
            windows: Some(BuildNumber { build: 19045, ubr: Some(3393) }),
        });
        assert_eq!(parse_wsl_version(USBIPD_727), Some(expected.clone()));
        assert_eq!(
            parse_wsl_version(&decode(&utf16(&USBIPD_727.replace('\n', "\r\r\n")))),
            Some(expected)
        );
        // Labels as in rancher-desktop#5551 (German) and WSL's ja-JP Resources.resw
        // (reference §5); the values are microsoft/WSL#9882's.
        for (wsl, windows) in
            [("WSL-Version:", "Windows-Version:"), ("WSL バージョン:", "Windows バージョン:")]
        {
            let text = format!(
                "{wsl} 1.1.6.0\nKernelversion: 5.15.90.1\nWSLg: 1.0.50\n{windows} 10.0.19045.2728\n"
            );
            let Some(WslVersionAnswer::Versions(v)) = parse_wsl_version(&text) else {
                panic!("{text}")
            };
            assert_eq!(v.wsl.to_string(), "1.1.6.0");
            assert_eq!(v.windows, Some(BuildNumber { build: 19045, ubr: Some(2728) }));
        }
    }

    #[test]
    fn the_inbox_wsl_prints_usage_instead() {
        // microsoft/WSL#4258 (zh-CN inbox wsl.exe, build 18362): an invalid option, then usage.
        let usage = "命令行选项无效: -v\n版权所有 (c) Microsoft Corporation。保留所有权利。\n\n用法: wsl.exe [参数] [选项...] [CommandLine]\n";
        assert_eq!(parse_wsl_version(usage), Some(WslVersionAnswer::Inbox));
        let en = "Invalid command line option: --version\nCopyright (c) Microsoft Corporation. All rights reserved.\n\nUsage: wsl.exe [Argument] [Options...] [CommandLine]\n";
        assert_eq!(parse_wsl_version(en), Some(WslVersionAnswer::Inbox));
        assert_eq!(parse_wsl_version("\n\n"), None);
    }

    #[test]
    fn versions_compare_part_by_part() {
        let v = |s| DottedVersion::parse(s).unwrap();
        assert!(v("1.2.5.0").is_older_than(&[2, 1, 5]));
        assert!(v("2.1.4.0").is_older_than(&[2, 1, 5]));
        assert!(!v("2.1.5.0").is_older_than(&[2, 1, 5]));
        assert!(!v("2.10.0").is_older_than(&[2, 1, 5]));
        assert_eq!(DottedVersion::parse("2"), None);
        assert_eq!(DottedVersion::parse("2.x"), None);
        assert_eq!(parse_wslinfo_version("2.1.5\n"), Some(v("2.1.5")));
    }

    #[test]
    fn ver_in_three_languages() {
        // microsoft/WSL#2125, #5891 (Portuguese), #4258 (Chinese).
        let b = |build, ubr| Some(BuildNumber { build, ubr: Some(ubr) });
        assert_eq!(parse_ver("\nMicrosoft Windows [Version 10.0.16193.1001]\n"), b(16193, 1001));
        assert_eq!(parse_ver("Microsoft Windows [versão 10.0.18363.1016]"), b(18363, 1016));
        assert_eq!(parse_ver("Microsoft Windows [版本 10.0.18362.207]"), b(18362, 207));
        assert_eq!(parse_ver("Microsoft Windows"), None);
        assert_eq!(
            parse_ver("[Version 6.1.7601]"),
            None,
            "Windows 7 (Wine's default) has no WSL 2"
        );
    }

    #[test]
    fn list_verbose_rows_by_position() {
        let rows = parse_list_verbose(WSL_9882);
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.state.as_str(), r.version, r.default))
            .collect();
        assert_eq!(
            got,
            [
                ("Ubuntu-18.04", "Stopped", 2, true),
                ("FCL", "Stopped", 2, false),
                ("Ubuntu", "Stopped", 2, false)
            ]
        );
        // LpCodes/Moving-WSL-Distribution-to-Another-Drive#2: Docker's distro as the default.
        let dd = "  NAME                   STATE           VERSION\n* docker-desktop         Running         2\n  docker-desktop-data    Stopped         2\n  Ubuntu                 Stopped         2\n";
        let rows = parse_list_verbose(dd);
        assert_eq!(rows.len(), 3);
        assert!(rows[0].default && rows[0].name == "docker-desktop" && rows[0].state == "Running");
        // Constructed: `-l -v`'s header is not localized (NAME, STATE and VERSION are literals in
        // WSL's wsl.h; a Japanese user saw it in English, wezterm#1462), but a header in other
        // words would still be skipped by position. A WSL 1 row is kept.
        let odd = "  名前  状態  バージョン\n  Legacy    Stopped    1\n  Broken row\n";
        let rows = parse_list_verbose(odd);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].name.as_str(), rows[0].version), ("Legacy", 1));
        assert!(
            parse_list_verbose("Windows Subsystem for Linux has no installed distributions.\n")
                .is_empty()
        );
    }
}
