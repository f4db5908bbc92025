//! The file an in-place compaction writes, behind [`Disk`]: the real file, held exclusively, or
//! (in the crash tests) a model of what a crash would keep of each write.
//!
//! Exclusive means no one else can open the file while wsltune holds it: share mode 0 on
//! Windows (the test WSL itself uses, reference/vhdx-writing.md §4, §6.1), an OFD lock on
//! Linux (the lock qemu takes, so a VM using the disk makes it fail) — and on Linux only on a
//! local file system, where a flush is known to reach the disk. Through `/mnt/<drive>` (9p or
//! virtiofs) neither holds: Windows programs ignore the lock and a flush may stop at the
//! server.

use std::fs::File;
use std::io;
use std::path::Path;

use crate::vhdx::source::ReadAt;

/// A file that can be read, written, flushed to stable storage and shortened.
pub trait Disk {
    /// The length in bytes.
    fn len(&self) -> u64;
    /// True for an empty file.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Fills `buf` from `at`.
    fn read_at(&self, buf: &mut [u8], at: u64) -> io::Result<()>;
    /// Writes `buf` at `at`.
    fn write_at(&mut self, buf: &[u8], at: u64) -> io::Result<()>;
    /// Says that `len` bytes at `at` will be read soon (a hint; nothing by default).
    fn will_need(&self, _at: u64, _len: u64) {}
    /// Makes every write so far durable (fdatasync, FlushFileBuffers).
    fn flush(&mut self) -> io::Result<()>;
    /// Shortens (or lengthens) the file, durably.
    fn set_len(&mut self, len: u64) -> io::Result<()>;
}

/// A [`Disk`] seen through [`ReadAt`], for the reader.
pub struct Reading<'a, D: Disk + ?Sized>(pub &'a D);

impl<D: Disk + ?Sized> ReadAt for Reading<'_, D> {
    fn len(&self) -> u64 {
        self.0.len()
    }
    fn read_at_unchecked(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        self.0.read_at(buf, offset)
    }
}

/// Why the file cannot be held for an in-place compaction.
#[derive(Debug, thiserror::Error)]
pub enum HoldError {
    /// Someone else has it open (Docker Desktop, WSL, a VM, a backup program).
    #[error("{}", super::texts::IN_USE)]
    InUse,
    /// The file system cannot promise exclusivity or durable flushes.
    #[error("{}", super::texts::NOT_LOCAL.fill(&[("kind", .0)]))]
    NotLocal(String),
    /// Opening failed (the error's text says why; not a `source`, so it prints once).
    #[error(
        "{}",
        super::texts::CANNOT_OPEN_FOR_WRITING.fill(&[("error", &crate::i18n::os::describe(.0))])
    )]
    Io(io::Error),
}

impl From<io::Error> for HoldError {
    fn from(e: io::Error) -> Self {
        HoldError::Io(e)
    }
}

/// The real file, opened for reading and writing and held exclusively until dropped.
#[derive(Debug)]
pub struct FileDisk {
    file: File,
    len: u64,
    kill: Kill,
}

/// The kill test's hook (tests/cli/compact_kill.rs): with `WSLTUNE_TEST_KILL_AFTER_IO=N` the
/// process aborts at its Nth write, flush or truncation of the file, as a kill would stop it;
/// when it gets through, it says how many it made. Unset, it costs a branch per write.
#[derive(Debug, Default)]
struct Kill {
    after: Option<u64>,
    done: u64,
}

impl Kill {
    fn from_env() -> Self {
        let after = std::env::var("WSLTUNE_TEST_KILL_AFTER_IO").ok().and_then(|v| v.parse().ok());
        Kill { after, done: 0 }
    }

    fn step(&mut self) {
        self.done += 1;
        if self.after == Some(self.done) {
            std::process::abort();
        }
    }
}

impl Drop for FileDisk {
    fn drop(&mut self) {
        if self.kill.after.is_some() {
            eprintln!("wsltune-test-io={}", self.kill.done);
        }
    }
}

impl FileDisk {
    /// Opens and holds `path`, or says why not.
    pub fn hold(path: &Path) -> Result<Self, HoldError> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true);
        #[cfg(windows)]
        {
            use std::os::windows::fs::OpenOptionsExt;
            options.share_mode(0);
        }
        let file = match options.open(path) {
            // ERROR_SHARING_VIOLATION
            #[cfg(windows)]
            Err(e) if e.raw_os_error() == Some(32) => return Err(HoldError::InUse),
            other => other?,
        };
        #[cfg(target_os = "linux")]
        {
            if let Some(kind) = not_local(&file) {
                return Err(HoldError::NotLocal(kind));
            }
            use rustix::fs::{FlockOperation, fcntl_lock};
            fcntl_lock(&file, FlockOperation::NonBlockingLockExclusive)
                .map_err(|_| HoldError::InUse)?;
        }
        let len = file.metadata()?.len();
        Ok(FileDisk { file, len, kill: Kill::from_env() })
    }
}

/// Why `path` could not be compacted in place here, if a look at its file system tells: on
/// Linux, a file system not known to be local; elsewhere only opening the file tells.
pub fn in_place_blocker(path: &Path) -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        let st = rustix::fs::statfs(path).ok()?;
        #[allow(clippy::unnecessary_cast)]
        let magic = st.f_type as u64;
        kind_if_not_local(magic).map(|kind| HoldError::NotLocal(kind).to_string())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        None
    }
}

impl FileDisk {
    /// A second handle to the held file, for reading beside the writes (no one else can open
    /// it while it is held).
    pub fn reader(&self) -> io::Result<crate::vhdx::source::FileSource> {
        crate::vhdx::source::FileSource::from_file(self.file.try_clone()?)
    }

    /// Drops the file's pages from the page cache (Linux), so that what is read next comes
    /// from the disk (after a flush).
    pub fn drop_cache(&self) {
        crate::vhdx::source::drop_cached(&self.file, 0, 0);
    }
}

/// The file system's name when it is not one known to be local (Linux `statfs` magic).
#[cfg(target_os = "linux")]
fn not_local(file: &File) -> Option<String> {
    let Ok(st) = rustix::fs::fstatfs(file) else {
        return Some(super::texts::FS_UNKNOWN.get().to_owned());
    };
    #[allow(clippy::unnecessary_cast)]
    let magic = st.f_type as u64;
    kind_if_not_local(magic)
}

#[cfg(target_os = "linux")]
fn kind_if_not_local(magic: u64) -> Option<String> {
    let local = [
        0xEF53,      // ext2/3/4
        0x5846_5342, // xfs
        0x9123_683E, // btrfs
        0xF2F5_2010, // f2fs
        0x2FC1_2FC1, // zfs
        0xCA45_1A4E, // bcachefs
        0x0102_1994, // tmpfs
        0x794C_7630, // overlayfs
    ];
    if local.contains(&magic) {
        return None;
    }
    Some(match magic {
        0x0102_1997 => super::texts::FS_9P.get().to_owned(),
        0x6573_5546 => super::texts::FS_FUSE.get().to_owned(),
        0x6969 => "NFS".to_owned(),
        0xFF53_4D42 | 0xFE53_4D42 | 0x517B => "SMB".to_owned(),
        other => super::texts::FS_NON_LOCAL.fill(&[("magic", &format!("{other:x}"))]),
    })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn only_local_file_systems_are_held() {
        assert_eq!(super::kind_if_not_local(0xEF53), None);
        assert_eq!(super::kind_if_not_local(0x5846_5342), None);
        for windows_drive in [0x0102_1997, 0x6573_5546] {
            assert!(super::kind_if_not_local(windows_drive).is_some_and(|k| k.contains("/mnt")));
        }
        assert!(super::kind_if_not_local(0x1234).is_some());
    }
}

impl Disk for FileDisk {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, buf: &mut [u8], at: u64) -> io::Result<()> {
        crate::vhdx::source::read_exact_at(&self.file, buf, at)
    }

    fn will_need(&self, at: u64, len: u64) {
        crate::vhdx::source::will_need(&self.file, at, len);
    }

    fn write_at(&mut self, buf: &[u8], at: u64) -> io::Result<()> {
        self.kill.step();
        super::copy::write_all_at(&self.file, buf, at)?;
        self.len = self.len.max(at + buf.len() as u64);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.kill.step();
        self.file.sync_data()
    }

    fn set_len(&mut self, len: u64) -> io::Result<()> {
        self.kill.step();
        self.file.set_len(len)?;
        self.len = len;
        self.file.sync_all()
    }
}
