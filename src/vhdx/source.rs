//! Positioned, bounds-checked reads from a VHDX file (or an in-memory image), never writes.

use std::fs::File;
use std::io;
use std::path::Path;

use super::VhdxError;
use super::texts as t;

/// Something that can be read at an offset: the file, an image in memory, or the file seen
/// through the replayed log.
pub trait ReadAt {
    /// The length in bytes.
    fn len(&self) -> u64;
    /// Fills `buf` from `offset`; the caller has checked the range lies within [`ReadAt::len`].
    fn read_at_unchecked(&self, buf: &mut [u8], offset: u64) -> io::Result<()>;

    /// Says that `len` bytes at `offset` will be read soon, so that a file out of the page cache
    /// is read in one request instead of one per call. Only a hint: nothing happens where there
    /// is no file or no such call.
    fn will_need(&self, _offset: u64, _len: u64) {}

    /// True when there is nothing to read.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Fills `buf` from `offset`, refusing any range that ends past the end: the file is
    /// truncated, since `what` is where a structure says it is.
    fn read_exact_at(&self, buf: &mut [u8], offset: u64, what: &str) -> Result<(), VhdxError> {
        let len = buf.len() as u64;
        check_within(self.len(), offset, len, what)?;
        self.read_at_unchecked(buf, offset).map_err(|e| shrank(e, self.len(), offset, len, what))
    }

    /// Reads `len` bytes at `offset` into a new buffer; `len` must already be bounded by the
    /// file length (checked here before allocating).
    fn read_vec(&self, offset: u64, len: u64, what: &str) -> Result<Vec<u8>, VhdxError> {
        check_within(self.len(), offset, len, what)?;
        let size = usize::try_from(len)
            .map_err(|_| VhdxError::Corrupt(t::TOO_LARGE.fill(&[("what", &what)])))?;
        let mut buf = vec![0; size];
        self.read_at_unchecked(&mut buf, offset)
            .map_err(|e| shrank(e, self.len(), offset, len, what))?;
        Ok(buf)
    }
}

/// A range past the end of a file `file_len` bytes long: [`VhdxError::Truncated`] (the callers
/// read structures where checked ones place them), or corrupt past any file's end.
fn check_within(file_len: u64, offset: u64, len: u64, what: &str) -> Result<(), VhdxError> {
    match offset.checked_add(len) {
        Some(end) if end <= file_len => Ok(()),
        Some(end) => Err(VhdxError::Truncated {
            len: file_len,
            needed: end,
            what: t::THE_AT.fill(&[("what", &what), ("len", &len), ("offset", &offset)]),
        }),
        None => Err(VhdxError::Corrupt(t::PAST_ANY_FILE.fill(&[
            ("what", &what),
            ("len", &len),
            ("offset", &offset),
        ]))),
    }
}

/// A read error; the end of the file met inside its length means the file shrank after it was
/// opened, and says so.
fn shrank(e: io::Error, file_len: u64, offset: u64, len: u64, what: &str) -> VhdxError {
    if e.kind() != io::ErrorKind::UnexpectedEof {
        return VhdxError::Io(e);
    }
    VhdxError::Io(io::Error::new(
        io::ErrorKind::UnexpectedEof,
        t::SHRANK.fill(&[
            ("what", &what),
            ("len", &len),
            ("offset", &offset),
            ("file_len", &file_len),
        ]),
    ))
}

impl ReadAt for &[u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
    fn read_at_unchecked(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        let start = usize::try_from(offset).map_err(|_| io::ErrorKind::UnexpectedEof)?;
        let src = self.get(start..start + buf.len()).ok_or(io::ErrorKind::UnexpectedEof)?;
        buf.copy_from_slice(src);
        Ok(())
    }
}

/// A VHDX file opened read-only.
#[derive(Debug)]
pub struct FileSource {
    file: File,
    len: u64,
}

impl FileSource {
    /// Opens the file read-only. On Windows it shares reading, writing and deletion, because
    /// Docker Desktop and WSL keep the disk open while they run.
    pub fn open(path: &Path) -> io::Result<Self> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(windows)]
        {
            use std::os::windows::fs::OpenOptionsExt;
            // FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE
            options.share_mode(0x1 | 0x2 | 0x4);
        }
        let file = options.open(path)?;
        let len = file.metadata()?.len();
        // The reads are few and scattered (headers, the BAT, ext4's metadata): readahead would
        // read megabytes around them into the page cache, the cost of a cold inspection.
        #[cfg(target_os = "linux")]
        let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::Random);
        Ok(FileSource { file, len })
    }

    /// Opens the file read-only and, on Windows, keeps anyone else from writing it while it
    /// is open (FILE_SHARE_READ only): the open fails while Docker Desktop, WSL or a VM has
    /// the disk open for writing, and no one can open it for writing until this is closed
    /// (reference/vhdx-writing.md §1.9, copy-compact). Elsewhere as [`FileSource::open`].
    pub fn open_denying_writers(path: &Path) -> io::Result<Self> {
        #[cfg(windows)]
        {
            use std::os::windows::fs::OpenOptionsExt;
            let file = std::fs::OpenOptions::new().read(true).share_mode(0x1).open(path)?;
            let len = file.metadata()?.len();
            Ok(FileSource { file, len })
        }
        #[cfg(not(windows))]
        FileSource::open(path)
    }

    /// A reader of an already open file (a second handle to a file held elsewhere).
    pub fn from_file(file: File) -> io::Result<Self> {
        let len = file.metadata()?.len();
        Ok(FileSource { file, len })
    }

    /// Drops `len` bytes at `at` (0: to the end) from the page cache, so that they are read
    /// from the disk next (Linux; clean pages only).
    pub fn drop_cached(&self, at: u64, len: u64) {
        drop_cached(&self.file, at, len);
    }
}

/// Says that `len` bytes at `at` of `file` (0: to the end) will be read soon: Linux's
/// `POSIX_FADV_WILLNEED`, a hint; nothing elsewhere.
pub fn will_need(file: &File, at: u64, len: u64) {
    #[cfg(target_os = "linux")]
    let _ =
        rustix::fs::fadvise(file, at, std::num::NonZeroU64::new(len), rustix::fs::Advice::WillNeed);
    #[cfg(not(target_os = "linux"))]
    let _ = (file, at, len);
}

/// Drops `len` bytes at `at` of `file` (0: to the end) from the page cache: Linux's
/// `POSIX_FADV_DONTNEED`, which drops clean pages only, so a writer flushes first. Nothing
/// elsewhere.
pub fn drop_cached(file: &File, at: u64, len: u64) {
    #[cfg(target_os = "linux")]
    let _ =
        rustix::fs::fadvise(file, at, std::num::NonZeroU64::new(len), rustix::fs::Advice::DontNeed);
    #[cfg(not(target_os = "linux"))]
    let _ = (file, at, len);
}

impl ReadAt for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    /// `POSIX_FADV_WILLNEED` on Linux: the BAT of a 64 GiB disk with 1 MiB blocks (512 KiB) is
    /// then one read from the disk instead of eight, 0.9 → 0.5 ms of CPU (benches/README.md).
    fn will_need(&self, offset: u64, len: u64) {
        will_need(&self.file, offset, len);
    }

    fn read_at_unchecked(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        read_exact_at(&self.file, buf, offset)
    }
}

/// Fills `buf` from `offset` of `file` (positioned: the file's cursor is not used).
#[cfg(unix)]
pub fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Fills `buf` from `offset` of `file` (positioned: the file's cursor is not used).
#[cfg(windows)]
pub fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = buf.get_mut(n..).ok_or(io::ErrorKind::InvalidData)?;
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
