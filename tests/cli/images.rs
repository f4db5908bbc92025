//! Disk images made at test time with the independent tools (qemu-img, mkfs.ext4, debugfs,
//! dumpe2fs, zerofree, libvhdi), and the oracles read from them.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::wsltune;

/// True when `tool` is on PATH. Outside CI a missing tool skips the test (returns false); in CI
/// (`CI=true`) it fails it, because a missing oracle must not pass silently.
pub fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
        || Path::new("/usr/sbin").join(tool).exists();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the oracle '{tool}' is missing in CI"
        );
        eprintln!("skipped: '{tool}' is not installed");
    }
    found
}

/// Runs a command and returns its stdout, failing the test when it fails.
pub fn run(program: &str, args: &[&str]) -> String {
    let program = if Path::new("/usr/sbin").join(program).exists() && !program.contains('/') {
        format!("/usr/sbin/{program}")
    } else {
        program.to_owned()
    };
    let out =
        Command::new(&program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Deterministic bytes that contain no zero run (xorshift).
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x as u8) | 1
        })
        .collect()
}

/// A folder for one test's images.
pub struct Work {
    dir: tempfile::TempDir,
}

impl Work {
    /// A new empty folder.
    pub fn new() -> Self {
        Work { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A path in the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A raw image of `size` formatted with `mkfs.ext4 <options>`, holding `files`.
    pub fn ext4(
        &self,
        name: &str,
        size: &str,
        options: &[&str],
        files: &[(&str, Vec<u8>)],
    ) -> PathBuf {
        let raw = self.path(name);
        run("truncate", &["-s", size, raw.to_str().unwrap()]);
        let mut args = vec!["-q", "-F"];
        args.extend_from_slice(options);
        args.push(raw.to_str().unwrap());
        run("mkfs.ext4", &args);
        for (file, content) in files {
            let src = self.path(&format!("{file}.src"));
            std::fs::write(&src, content).unwrap();
            debugfs_w(&raw, &format!("write {} {file}", src.display()));
        }
        raw
    }

    /// Converts a raw image to VHDX with qemu-img (`-o` options).
    pub fn vhdx(&self, raw: &Path, name: &str, options: &str) -> PathBuf {
        let out = self.path(name);
        run(
            "qemu-img",
            &[
                "convert",
                "-f",
                "raw",
                "-O",
                "vhdx",
                "-o",
                options,
                raw.to_str().unwrap(),
                out.to_str().unwrap(),
            ],
        );
        out
    }
}

/// The whole virtual disk as wsltune's reader sees it.
pub fn read_virtual(vhdx: &Path) -> Vec<u8> {
    let src = wsltune::vhdx::source::FileSource::open(vhdx).unwrap();
    let image = wsltune::vhdx::Image::open(&src).unwrap();
    let mut buf = vec![0u8; image.virtual_size() as usize];
    image.read_virtual(&mut buf, 0).unwrap();
    buf
}

/// Runs a debugfs write request on an image.
pub fn debugfs_w(raw: &Path, request: &str) {
    run("debugfs", &["-w", "-R", request, raw.to_str().unwrap()]);
}

/// Oracle: how many `chunk`-byte chunks of a raw image hold a non-zero byte (what qemu-img
/// convert allocates). Holes come from `qemu-img map` (SEEK_DATA), so a 256 GiB sparse image is
/// read only where it has data.
pub fn nonzero_chunks(raw: &Path, chunk: u64) -> u64 {
    use std::io::{Read, Seek, SeekFrom};
    let map: Value = serde_json::from_str(&run(
        "qemu-img",
        &["map", "--output=json", "-f", "raw", raw.to_str().unwrap()],
    ))
    .unwrap();
    let mut candidates = std::collections::BTreeSet::new();
    for extent in map.as_array().unwrap().iter().filter(|e| e["data"] == true) {
        let (start, len) = (extent["start"].as_u64().unwrap(), extent["length"].as_u64().unwrap());
        candidates.extend(start / chunk..(start + len).div_ceil(chunk));
    }
    let mut f = std::fs::File::open(raw).unwrap();
    let size = f.metadata().unwrap().len();
    let mut buf = vec![0u8; chunk as usize];
    candidates
        .into_iter()
        .filter(|c| {
            let len = chunk.min(size - c * chunk) as usize;
            f.seek(SeekFrom::Start(c * chunk)).unwrap();
            f.read_exact(&mut buf[..len]).unwrap();
            buf[..len].iter().any(|b| *b != 0)
        })
        .count() as u64
}

/// Oracle: `qemu-img info` as JSON.
pub fn qemu_info(vhdx: &Path) -> Value {
    serde_json::from_str(&run(
        "qemu-img",
        &["info", "-f", "vhdx", "--output=json", vhdx.to_str().unwrap()],
    ))
    .unwrap()
}

/// Oracle: (block count, free blocks, block size) from `dumpe2fs -h`.
pub fn dumpe2fs(raw: &Path) -> (u64, u64, u64) {
    let text = run("dumpe2fs", &["-h", raw.to_str().unwrap()]);
    let field = |name: &str| -> u64 {
        text.lines()
            .find_map(|l| {
                l.strip_prefix(name).map(|v| v.trim_start_matches(':').trim().parse().unwrap())
            })
            .unwrap_or_else(|| panic!("dumpe2fs has no {name}"))
    };
    (field("Block count"), field("Free blocks"), field("Block size"))
}

/// `wsltune inspect --json PATH` through the binary: exit code, JSON (or null) and stderr.
pub fn inspect(vhdx: &Path) -> (i32, Value, String) {
    let home = tempfile::tempdir().unwrap();
    let out = wsltune(home.path()).args(["inspect", "--json"]).arg(vhdx).output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `inspect` that must succeed.
pub fn inspect_ok(vhdx: &Path) -> Value {
    let (code, json, stderr) = inspect(vhdx);
    assert_eq!(code, 0, "inspect failed: {stderr}");
    json
}

/// The bytes of `raw` from `offset` on, as a new file beside it (a partition, for e2fsprogs).
pub fn extract(raw: &Path, offset: u64) -> PathBuf {
    use std::io::{Read, Seek, SeekFrom};
    let out = raw.with_extension(format!("at{offset}"));
    let mut f = std::fs::File::open(raw).unwrap();
    f.seek(SeekFrom::Start(offset)).unwrap();
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).unwrap();
    std::fs::write(&out, bytes).unwrap();
    out
}

/// [`dumpe2fs`] of the filesystem that starts `offset` bytes into `raw`.
pub fn dumpe2fs_at(raw: &Path, offset: u64) -> (u64, u64, u64) {
    if offset == 0 { dumpe2fs(raw) } else { dumpe2fs(&extract(raw, offset)) }
}
