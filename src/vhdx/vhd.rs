//! Recognising a VHD (v1) file, the VHDX's predecessor, so that it is named as one, with the
//! commands that convert it, instead of being called "not a VHDX". Virtual Hard Disk Image Format
//! Specification (Microsoft, 2006), "Hard Disk Footer Format": every VHD ends with a 512-byte
//! footer (511 bytes in files made before Virtual PC 2004) starting with the cookie `conectix`,
//! and a dynamic or differencing VHD also keeps a copy of it at offset 0.

use std::path::{Path, PathBuf};

use super::source::ReadAt;
use super::texts as t;

const COOKIE: &[u8; 8] = b"conectix";

/// What the footer's Disk Type field (big-endian, at offset 60) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 2: the whole disk stored in order, the footer after it.
    Fixed,
    /// 3: blocks allocated as written.
    Dynamic,
    /// 4: unwritten blocks come from a parent disk.
    Differencing,
}

/// The VHD kind, when `src` is a VHD: `Some(None)` for a VHD whose footer names no known type.
/// Reads at most three 512-byte sectors; a read that fails counts as "no footer there".
pub fn detect(src: &dyn ReadAt) -> Option<Option<Kind>> {
    let len = src.len();
    [Some(0), len.checked_sub(512), len.checked_sub(511)].into_iter().flatten().find_map(|at| {
        let mut footer = [0u8; 64];
        let n = footer.len().min(usize::try_from(len - at).unwrap_or(0));
        let head = footer.get_mut(..n)?;
        src.read_at_unchecked(head, at).ok()?;
        let disk_type = footer.get(60..64).and_then(|b| <[u8; 4]>::try_from(b).ok());
        footer.starts_with(COOKIE).then(|| match disk_type.map(u32::from_be_bytes) {
            Some(2) => Some(Kind::Fixed),
            Some(3) => Some(Kind::Dynamic),
            Some(4) => Some(Kind::Differencing),
            _ => None,
        })
    })
}

/// The message: what the file is, and the two ways to convert it to a new VHDX file (Convert-VHD
/// takes the format from the extension and, by default, the type from the source: a fixed VHD
/// would stay fixed, which cannot be compacted, hence `-VHDType Dynamic` for one).
pub fn describe(kind: Option<Kind>, file: Option<&Path>) -> String {
    let (from, to) = match file {
        Some(file) => (file.to_path_buf(), destination(file)),
        None => (PathBuf::from("FILE.vhd"), PathBuf::from("FILE.vhdx")),
    };
    let mut convert = format!(
        "Convert-VHD -Path {} -DestinationPath {}",
        powershell_quoted(&from),
        powershell_quoted(&to)
    );
    if kind == Some(Kind::Fixed) {
        convert.push_str(" -VHDType Dynamic");
    }
    let qemu = format!("qemu-img convert -f vpc -O vhdx {} {}", sh_quoted(&from), sh_quoted(&to));
    let kind = match kind {
        Some(Kind::Fixed) => t::VHD_FIXED.get(),
        Some(Kind::Dynamic) => t::VHD_DYNAMIC.get(),
        Some(Kind::Differencing) => t::VHD_DIFFERENCING.get(),
        None => "",
    };
    t::VHD.fill(&[("kind", &kind), ("convert", &convert), ("qemu", &qemu)])
}

/// `x.vhd` → `x.vhdx`; any other name (a VHD named `.vhdx`) → `<stem>-converted.vhdx`, never the
/// source itself.
fn destination(file: &Path) -> PathBuf {
    let is_vhd = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("vhd"));
    if is_vhd {
        return file.with_extension("vhdx");
    }
    let stem = file.file_stem().map_or_else(|| "disk".into(), |s| s.to_string_lossy());
    file.with_file_name(format!("{stem}-converted.vhdx"))
}

/// Characters that need no quoting in either shell.
fn plain(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._-/\\:".contains(c))
}

/// A path as a PowerShell argument: single quotes (a quote inside doubled) when needed.
fn powershell_quoted(path: &Path) -> String {
    let s = path.to_string_lossy();
    if plain(&s) { s.into_owned() } else { format!("'{}'", s.replace('\'', "''")) }
}

/// A path as a POSIX shell argument: single quotes (a quote inside as `'\''`) when needed.
fn sh_quoted(path: &Path) -> String {
    let s = path.to_string_lossy();
    if plain(&s) { s.into_owned() } else { format!("'{}'", s.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn footer(disk_type: u32) -> Vec<u8> {
        let mut f = vec![0u8; 512];
        f[..8].copy_from_slice(COOKIE);
        f[60..64].copy_from_slice(&disk_type.to_be_bytes());
        f
    }

    #[test]
    fn the_footer_is_found_at_the_end_at_511_bytes_and_at_the_start() {
        // Fixed: data, then the footer.
        let mut fixed = vec![0u8; 4096];
        fixed.extend(footer(2));
        assert_eq!(detect(&fixed.as_slice()), Some(Some(Kind::Fixed)));
        // An old 511-byte footer.
        let mut old = vec![0u8; 4096];
        old.extend(&footer(2)[..511]);
        assert_eq!(detect(&old.as_slice()), Some(Some(Kind::Fixed)));
        // A dynamic VHD cut short still has its copy at offset 0.
        let mut dynamic = footer(3);
        dynamic.extend(b"cxsparse");
        assert_eq!(detect(&dynamic.as_slice()), Some(Some(Kind::Dynamic)));
        assert_eq!(detect(&footer(9).as_slice()), Some(None));
        // Not a VHD: no cookie, or too short to hold one.
        assert_eq!(detect(&vec![0u8; 4096].as_slice()), None);
        assert_eq!(detect(&b"conect".as_slice()), None);
        assert_eq!(detect(&b"".as_slice()), None);
    }

    #[test]
    fn the_commands_name_a_new_file_quoted_for_each_shell() {
        let text = describe(Some(Kind::Dynamic), Some(Path::new("/d/my disk's.vhd")));
        assert!(
            text.contains(
                r"`Convert-VHD -Path '/d/my disk''s.vhd' -DestinationPath '/d/my disk''s.vhdx'`"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r"`qemu-img convert -f vpc -O vhdx '/d/my disk'\''s.vhd' '/d/my disk'\''s.vhdx'`"
            ),
            "{text}"
        );
        let text = describe(Some(Kind::Fixed), Some(Path::new(r"C:\d\docker_data.vhdx")));
        assert!(
            text.contains(r"-Path C:\d\docker_data.vhdx -DestinationPath C:\d\docker_data-converted.vhdx -VHDType Dynamic`"),
            "{text}"
        );
        assert!(describe(None, None).starts_with("it is a VHD (v1) disk, not a VHDX"));
    }
}
