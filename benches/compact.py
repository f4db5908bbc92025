#!/usr/bin/env python3
"""Times `wsltune compact` as whole processes against the physical limit and the alternatives.

An aged ext4 disk (files written, some deleted: their blocks stay full of data, free in the
bitmaps) is made with mkfs.ext4 -G 4096 (as WSL formats) and qemu-img (1 MiB blocks, as WSL
makes them). Each round, with the files' pages dropped from the cache first (cold reads):

- `cp` of a file as large as the compacted result, then `sync` of the copy: the physical limit
  (read once and write once what stays);
- `wsltune compact SRC --to NEW --yes` (it flushes the copy and reads it back to verify);
- `wsltune compact COPY --in-place --yes` on a fresh copy of the source;
- `qemu-img convert` to VHDX (keeps every allocated block), then `sync`;
- `zerofree` on the raw image, then `qemu-img convert` to VHDX, then `sync` (the usual recipe).

Prints a Markdown table of medians and the peak memory of each wsltune run. Usage:
    cargo build --release && python3 benches/compact.py [--size 8G] [--keep-mib 1536]
        [--gone-mib 2048] [--rounds 3] [--dir /var/tmp]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WSLTUNE = os.path.join(ROOT, "target", "release", "wsltune")


def sh(*args, **kw):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def cold(*paths):
    """Writes back everything dirty (so no earlier step's writeback runs during the next), then
    drops the files' pages from the page cache."""
    os.sync()
    for p in paths:
        if os.path.exists(p):
            fd = os.open(p, os.O_RDONLY)
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)


def timed(*args):
    """Seconds and peak RSS (KiB, from GNU time) of one child process."""
    start = time.perf_counter()
    out = subprocess.run(("/usr/bin/time", "-f", "rss=%M") + args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(out.stderr.rsplit("rss=", 1)[1].split()[0]), None


def noise_file(path, mib, seed):
    with open("/dev/urandom", "rb") as src, open(path, "wb") as out:
        for _ in range(mib):
            out.write(src.read(1 << 20))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="8G")
    ap.add_argument("--keep-mib", type=int, default=1536)
    ap.add_argument("--gone-mib", type=int, default=2048)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir", default="/var/tmp")
    ap.add_argument("--quick", action="store_true", help="only cp, --to and --in-place")
    a = ap.parse_args()
    if not os.path.exists(WSLTUNE):
        sys.exit("build first: cargo build --release")
    work = tempfile.mkdtemp(prefix="compact-bench-", dir=a.dir)
    try:
        p = lambda name: os.path.join(work, name)
        raw = p("disk.raw")
        sh("truncate", "-s", a.size, raw)
        sh("/usr/sbin/mkfs.ext4", "-q", "-F", "-G", "4096", raw)
        for name, mib in [("keep", a.keep_mib // 2), ("gone", a.gone_mib), ("keep2", a.keep_mib - a.keep_mib // 2)]:
            noise_file(p(name), mib, 0)
            sh("/usr/sbin/debugfs", "-w", "-R", f"write {p(name)} {name}", raw)
            os.remove(p(name))
        sh("/usr/sbin/debugfs", "-w", "-R", "rm gone", raw)
        src = p("src.vhdx")
        sh("qemu-img", "convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, src)
        results = {k: [] for k in ["cp", "to", "in-place", "qemu-img convert", "zerofree + convert"]}
        rss = {"to": [], "in-place": []}
        result = p("out.vhdx")
        for r in range(a.rounds):
            for f in [result, p("cp.vhdx"), p("ip.vhdx"), p("q.vhdx"), p("z.vhdx"), p("z.raw")]:
                if os.path.exists(f):
                    os.remove(f)
            cold(src)
            s, peak, _ = timed(WSLTUNE, "compact", src, "--to", result, "--yes")
            results["to"].append(s)
            rss["to"].append(peak)
            cold(result)
            start = time.perf_counter()
            sh("cp", "--reflink=never", "--sparse=never", result, p("cp.vhdx"))
            sh("sync", p("cp.vhdx"))
            results["cp"].append(time.perf_counter() - start)
            shutil.copyfile(src, p("ip.vhdx"))
            cold(p("ip.vhdx"))
            s, peak, _ = timed(WSLTUNE, "compact", p("ip.vhdx"), "--in-place", "--yes")
            results["in-place"].append(s)
            rss["in-place"].append(peak)
            if a.quick:
                print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in results.items() if v), file=sys.stderr)
                continue
            cold(src)
            start = time.perf_counter()
            sh("qemu-img", "convert", "-f", "vhdx", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", src, p("q.vhdx"))
            sh("sync", p("q.vhdx"))
            results["qemu-img convert"].append(time.perf_counter() - start)
            sh("cp", "--sparse=always", raw, p("z.raw"))
            cold(p("z.raw"))
            start = time.perf_counter()
            sh("/usr/sbin/zerofree", p("z.raw"))
            sh("qemu-img", "convert", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", p("z.raw"), p("z.vhdx"))
            sh("sync", p("z.vhdx"))
            results["zerofree + convert"].append(time.perf_counter() - start)
            print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in results.items()), file=sys.stderr)
        size = lambda f: os.path.getsize(f) / 2**30 if os.path.exists(f) else float("nan")
        print(f"source {size(src):.2f} GiB, compacted {size(result):.2f} GiB (qemu-img convert {size(p('q.vhdx')):.2f} GiB, zerofree + convert {size(p('z.vhdx')):.2f} GiB)\n")
        # The disk of a VM is noisy (other guests, writeback): the fastest round of each is the
        # steadiest estimate of what the work costs; the median is shown beside it.
        print("| what | fastest of %d (s) | × cp | median (s) | × cp |" % a.rounds)
        print("|---|---|---|---|---|")
        cp_min, cp_med = min(results["cp"]), statistics.median(results["cp"])
        for k, v in results.items():
            if not v:
                continue
            m = statistics.median(v)
            print(f"| {k} | {min(v):.2f} | {min(v) / cp_min:.2f} | {m:.2f} ({min(v):.2f}–{max(v):.2f}) | {m / cp_med:.2f} |")
        print(f"\npeak RSS: --to {max(rss['to']) / 1024:.1f} MiB, --in-place {max(rss['in-place']) / 1024:.1f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
