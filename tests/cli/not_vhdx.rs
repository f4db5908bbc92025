//! Files that are not a whole VHDX, named for what they are through the binary (`inspect`,
//! `compact`, monitor's `--vhdx`): a VHD (v1) made by qemu-img, with the conversion to run, and a
//! VHDX made by qemu-img then cut short at several points, with its length and the length it
//! needs. One `error:` line each, its cause said once.

use std::path::Path;

use crate::images::{Work, have, noise, run};
use crate::monitor::monitor;
use crate::util::wsltune;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `wsltune inspect PATH` and `wsltune compact PATH` (a plan, nothing written): each must fail
/// with exit 1 and one stderr line; the two lines.
fn both_fail(path: &Path) -> [String; 2] {
    let home = tempfile::tempdir().unwrap();
    ["inspect", "compact"].map(|command| {
        let out = wsltune(home.path()).arg(command).arg(path).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}: {stderr}");
        assert!(out.stdout.is_empty(), "{command}: {}", String::from_utf8_lossy(&out.stdout));
        assert_eq!(stderr.lines().count(), 1, "{command}: one line: {stderr}");
        assert!(!stderr.contains("not a VHDX file"), "{command}: {stderr}");
        stderr.trim_end().to_owned()
    })
}

/// A VHD (v1) of either kind is called one, with the conversion to a VHDX beside it; the qemu-img
/// command given, run, makes a file that inspects.
#[test]
fn a_vhd_is_named_with_the_commands_that_convert_it() {
    if !have("qemu-img") {
        return;
    }
    let w = Work::new();
    for kind in ["dynamic", "fixed"] {
        let vhd = w.path(&format!("{kind}.vhd"));
        let vhdx = w.path(&format!("{kind}.vhdx"));
        run(
            "qemu-img",
            &["create", "-f", "vpc", "-o", &format!("subformat={kind}"), s(&vhd), "64M"],
        );
        for line in both_fail(&vhd) {
            let said = format!("error: '{}': it is a VHD (v1) {kind} disk, not a VHDX", s(&vhd));
            assert!(line.starts_with(&said), "{line}");
            assert_eq!(line.matches("VHD (v1)").count(), 1, "said once: {line}");
            let dynamic = if kind == "fixed" { " -VHDType Dynamic" } else { "" };
            let convert =
                format!("`Convert-VHD -Path {} -DestinationPath {}{dynamic}`", s(&vhd), s(&vhdx));
            assert!(line.contains(&convert), "{line}");
            let qemu = format!("`qemu-img convert -f vpc -O vhdx {} {}`", s(&vhd), s(&vhdx));
            assert!(line.contains(&qemu), "{line}");
        }
        run("qemu-img", &["convert", "-f", "vpc", "-O", "vhdx", s(&vhd), s(&vhdx)]);
        let home = tempfile::tempdir().unwrap();
        let out = wsltune(home.path()).arg("inspect").arg(&vhdx).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    // monitor's --vhdx reads through the same reader: its warning says the same (20 ticks of
    // 50 ms leave the inspection thread time to finish and be reported).
    let home = tempfile::tempdir().unwrap();
    let vhd = w.path("dynamic.vhd");
    let (code, _, stderr) = monitor(
        home.path(),
        "idle",
        &home.path().join("h.db"),
        &["--count", "20", "--vhdx", s(&vhd)],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("it is a VHD (v1) dynamic disk, not a VHDX"), "{stderr}");
}

/// A 64 MiB VHDX with 1 MiB blocks and data in blocks 0, 5 and 63, cut at `len` bytes: qemu
/// lays it out log at 1 MiB, BAT at 2 MiB, metadata at 3 MiB, blocks 0, 5 and 63 at 8, 9 and 10
/// MiB (reference/vhdx.md §1), 11 MiB in all.
#[test]
fn a_vhdx_cut_short_says_where_and_what_lies_beyond() {
    if !have("qemu-img") {
        return;
    }
    const MIB: u64 = 1 << 20;
    let w = Work::new();
    let raw = w.path("d.raw");
    let mut content = vec![0u8; 64 << 20];
    for block in [0, 5, 63] {
        content[block << 20..(block << 20) + 4096].copy_from_slice(&noise(4096, block as u64));
    }
    std::fs::write(&raw, &content).unwrap();
    let whole = std::fs::read(w.vhdx(&raw, "d.vhdx", "block_size=1M")).unwrap();
    assert_eq!(whole.len() as u64, 11 * MIB, "qemu's layout changed: update the cut points");
    let cases: [(u64, u64, &str); 7] = [
        // Inside the header section.
        (100 * 1024, MIB, "its header section (the first MiB)"),
        // Inside the log.
        (MIB + 512 * 1024, 2 * MIB, "its log (1048576 bytes at offset 1048576)"),
        // Inside the BAT region: the metadata region is past the end too.
        (
            2 * MIB + 4096,
            4 * MIB,
            "its BAT region (1048576 bytes at offset 2097152) and its metadata region (1048576 bytes at offset 3145728)",
        ),
        // Inside the metadata region.
        (3 * MIB + 300 * 1024, 4 * MIB, "its metadata region (1048576 bytes at offset 3145728)"),
        // Past the structures, before the payload blocks the BAT says are present.
        (
            8 * MIB,
            11 * MIB,
            "payload block 0 (1048576 bytes at offset 8388608) and 2 more blocks the BAT says are present",
        ),
        (
            9 * MIB,
            11 * MIB,
            "payload block 5 (1048576 bytes at offset 9437184) and 1 more block the BAT says is present",
        ),
        // Inside the last block.
        (11 * MIB - 4096, 11 * MIB, "payload block 63 (1048576 bytes at offset 10485760)."),
    ];
    for (len, needed, what) in cases {
        let cut = w.path(&format!("cut-{len}.vhdx"));
        std::fs::write(&cut, &whole[..len as usize]).unwrap();
        for line in both_fail(&cut) {
            let said = format!(
                "error: '{}': the VHDX is truncated at {len} bytes: it should be at least {needed} bytes (",
                s(&cut)
            );
            assert!(line.starts_with(&said), "cut at {len}: {line}");
            assert!(line.contains(&format!("more) to hold {what}")), "cut at {len}: {line}");
            assert_eq!(line.matches("truncated").count(), 1, "said once: {line}");
        }
    }
}
