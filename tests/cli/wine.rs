//! `wsltune.exe compact` under Wine: the Windows build's own paths — share mode 0 for in place
//! (another program holding the file gets it refused), writers kept out while copying, and
//! `ReplaceFileW` for `--replace` — on the same aged disk the Linux tests use, checked by
//! qemu-img and e2fsprogs.
//!
//! Needs `wine64` (Debian's `wine64`), the MinGW compiler and the Windows build
//! (`cargo build --target x86_64-pc-windows-gnu`, which `.ci/run` makes). Rust's standard
//! library needs `ProcessPrng` from `bcryptprimitives.dll`, which Wine 8 lacks: a four-line
//! stand-in over `RtlGenRandom` is compiled next to the program.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::images::{Work, debugfs_w, have, noise, run};

pub(crate) const WINE: &str = "/usr/lib/wine/wine64";

/// One Wine test at a time: each starts a Wine server of its own, and several at once on a
/// loaded machine have lost theirs mid-run ("wine client error: recvmsg: Connection reset by
/// peer", seen once in a full CI run).
pub(crate) fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub(crate) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The Windows build (`wsltune.exe`, and `wsltunew.exe` when built) beside its stand-in DLL
/// and a holder program, in `dir`; `None` (a skip) when something is missing outside CI.
pub(crate) fn setup(dir: &Path) -> Option<PathBuf> {
    let exe = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/x86_64-pc-windows-gnu/debug/wsltune.exe");
    let ci = std::env::var("CI").as_deref() == Ok("true");
    for (what, ok) in [("wine64", Path::new(WINE).exists()), ("the Windows build", exe.exists())] {
        if !ok {
            assert!(!ci, "{what} is missing in CI");
            eprintln!("skipped: {what} is missing");
            return None;
        }
    }
    if !have("x86_64-w64-mingw32-gcc") {
        return None;
    }
    let copy = dir.join("wsltune.exe");
    std::fs::copy(&exe, &copy).unwrap();
    // The no-console helper, for `service install`.
    let helper = exe.with_file_name("wsltunew.exe");
    if helper.exists() {
        std::fs::copy(&helper, dir.join("wsltunew.exe")).unwrap();
    }
    let shim = dir.join("shim.c");
    std::fs::write(
        &shim,
        "#include <windows.h>\nBOOLEAN WINAPI SystemFunction036(PVOID, ULONG);\n__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE d, SIZE_T n) { return SystemFunction036(d, (ULONG)n); }\n",
    )
    .unwrap();
    let dll = dir.join("bcryptprimitives.dll");
    run(
        "x86_64-w64-mingw32-gcc",
        &["-shared", "-O2", "-o", s(&dll), s(&shim), "-ladvapi32", "-Wl,--kill-at"],
    );
    // Opens a file with share mode 0, says so in a marker file, and holds it for 20 seconds.
    let holder = dir.join("holder.c");
    std::fs::write(
        &holder,
        "#include <windows.h>\nint main(int c, char **v) { HANDLE h = CreateFileA(v[1], GENERIC_READ | GENERIC_WRITE, 0, 0, OPEN_EXISTING, 0, 0); if (h == INVALID_HANDLE_VALUE) return 1; CloseHandle(CreateFileA(v[2], GENERIC_WRITE, 0, 0, CREATE_ALWAYS, 0, 0)); Sleep(20000); return 0; }\n",
    )
    .unwrap();
    run("x86_64-w64-mingw32-gcc", &["-O2", "-o", s(&dir.join("holder.exe")), s(&holder)]);
    Some(copy)
}

pub(crate) fn wine(prefix: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(WINE);
    cmd.args(args).env("WINEPREFIX", prefix).env("WINEDEBUG", "-all");
    cmd
}

/// `path` as Wine names it from the Unix side (`Z:\tmp\...`), for programs that would read
/// a leading `/` as a switch.
pub(crate) fn z(path: &Path) -> String {
    format!("Z:{}", s(path).replace('/', "\\"))
}

/// Compiles a C program with MinGW into `dir/<name>.exe`.
pub(crate) fn mingw(dir: &Path, name: &str, source: &str) -> PathBuf {
    let c = dir.join(format!("{name}.c"));
    std::fs::write(&c, source).unwrap();
    let exe = dir.join(format!("{name}.exe"));
    run("x86_64-w64-mingw32-gcc", &["-O2", "-o", s(&exe), s(&c)]);
    exe
}

/// A started prefix; its Wine server is stopped when this goes (a failed test included), before
/// the folder is removed.
pub(crate) struct Prefix {
    pub(crate) path: PathBuf,
    /// The user's profile folder in it (`drive_c/users/<Unix user>`).
    pub(crate) profile: PathBuf,
}

impl Drop for Prefix {
    fn drop(&mut self) {
        stop(&self.path);
    }
}

/// Starts the prefix `path` (Wine's first start makes it: 10–20 s).
pub(crate) fn start(path: &Path) -> Prefix {
    let o = wine(path, &["cmd", "/c", "echo", "%USERPROFILE%"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let users = path.join("drive_c/users");
    let profile = std::fs::read_dir(&users)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().is_some_and(|n| n != "Public"))
        .expect("Wine made the user's profile");
    Prefix { path: path.to_path_buf(), profile }
}

/// Imports a `.reg` file's text into the prefix's registry (`regedit /S`), written as regedit
/// exports it: UTF-16LE with a BOM.
pub(crate) fn regedit(prefix: &Path, dir: &Path, text: &str) {
    let file = dir.join("import.reg");
    let bytes: Vec<u8> =
        [0xfeff].into_iter().chain(text.encode_utf16()).flat_map(u16::to_le_bytes).collect();
    std::fs::write(&file, bytes).unwrap();
    let o = wine(prefix, &["regedit", "/S", &z(&file)]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Stops the prefix's Wine server (before its folder goes).
pub(crate) fn stop(prefix: &Path) {
    let _ = Command::new("wineserver").arg("-k").env("WINEPREFIX", prefix).status();
}

fn compact(prefix: &Path, exe: &Path, args: &[&str]) -> Output {
    let mut all = vec![s(exe), "compact"];
    all.extend_from_slice(args);
    wine(prefix, &all).output().unwrap()
}

#[test]
fn the_windows_build_compacts_holds_and_swaps() {
    let _one = crate::wine::one_at_a_time();
    if !["qemu-img", "mkfs.ext4", "debugfs", "e2fsck"].iter().all(|t| have(t)) {
        return;
    }
    let w = Work::new();
    let Some(exe) = setup(&w.path("")) else { return };
    let prefix = w.path("prefix");
    let files = [("keep", noise(3 << 20, 51)), ("gone", noise(30 << 20, 52))];
    let raw = w.ext4("a.raw", "128M", &["-b", "4096"], &files);
    debugfs_w(&raw, "rm gone");
    let pristine = w.vhdx(&raw, "a.vhdx", "subformat=dynamic,block_size=1M");
    let check = |vhdx: &Path| {
        run("qemu-img", &["check", "-f", "vhdx", s(vhdx)]);
        let out = w.path("check.raw");
        let _ = std::fs::remove_file(&out);
        run("qemu-img", &["convert", "-f", "vhdx", "-O", "raw", s(vhdx), s(&out)]);
        run("e2fsck", &["-fn", s(&out)]);
        let got = Command::new("/usr/sbin/debugfs")
            .args(["-R", "cat keep", s(&out)])
            .output()
            .unwrap()
            .stdout;
        assert!(got == files[0].1, "the kept file is unchanged");
    };
    let len = |p: &Path| std::fs::metadata(p).unwrap().len();

    // The plan, then a copy swapped in with ReplaceFileW, the original kept.
    let disk = w.path("d.vhdx");
    std::fs::copy(&pristine, &disk).unwrap();
    let o = compact(&prefix, &exe, &[s(&disk)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("In place     possible"));
    let new = w.path("d.compact.vhdx");
    let o = compact(&prefix, &exe, &[s(&disk), "--to", s(&new), "--replace", "--yes"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read(w.path("d.vhdx.before-compact")).unwrap(),
        std::fs::read(&pristine).unwrap()
    );
    assert!(!new.exists());
    assert!(len(&disk) < len(&pristine));
    check(&disk);

    // In place.
    let inplace = w.path("i.vhdx");
    std::fs::copy(&pristine, &inplace).unwrap();
    let o = compact(&prefix, &exe, &[s(&inplace), "--in-place", "--yes"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(len(&inplace), len(&disk), "in place as small as the copy");
    check(&inplace);

    // A file another program holds (share mode 0) is refused, and left as it was.
    let held = w.path("h.vhdx");
    std::fs::copy(&pristine, &held).unwrap();
    let marker = w.path("held");
    let mut holder =
        wine(&prefix, &[s(&w.path("holder.exe")), s(&held), s(&marker)]).spawn().unwrap();
    for _ in 0..300 {
        if marker.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(marker.exists(), "the holder opened the file");
    let o = compact(&prefix, &exe, &[s(&held), "--in-place", "--yes"]);
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("in use") || stderr.contains("cannot open it"), "{stderr}");
    assert_eq!(std::fs::read(&held).unwrap(), std::fs::read(&pristine).unwrap());
    // Wine's server keeps the prefix until told to stop (before the folder goes).
    let _ = Command::new("wineserver").arg("-k").env("WINEPREFIX", &prefix).status();
}

/// The Windows build's report shows times in the zone Windows reports (`GetTimeZoneInformation`;
/// Wine follows the host's `TZ`): India, UTC+05:30 all year.
#[test]
fn the_windows_build_reports_in_the_systems_time_zone() {
    let _one = crate::wine::one_at_a_time();
    let w = Work::new();
    let Some(exe) = setup(&w.path("")) else { return };
    let dir = w.path("");
    crate::recommend::import(&dir, &crate::recommend::history(2));
    let out = dir.join("out");
    let o = wine(
        &w.path("prefix"),
        &[
            s(&exe),
            "--db",
            s(&dir.join("h.db")),
            "--wslconfig",
            s(&dir.join(".wslconfig")),
            "report",
            "--out",
            s(&out),
        ],
    )
    .env("TZ", "Asia/Kolkata")
    .output()
    .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // 2026-01-01T00:00Z, the history's first sample, is 05:30 there.
    assert!(html.contains("2026-01-01 05:30 to 2026-01-03 05:29 (UTC+05:30)"), "{html}");
    assert!(html.contains("time: UTC+05:30"));
}
