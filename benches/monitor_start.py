#!/usr/bin/env python3
"""Start-up and exit of `monitor --count 1`, whole process: CPU (wait4's rusage) and wall time,
for a new history and for an existing one, interleaved between two builds (for example the one
before a change and the one after). Also how long the exit's WAL checkpoint leaves the history
file alone holding every sample.

Usage: benches/monitor_start.py NEW_BINARY [OLD_BINARY]   (env: RUNS, default 80)
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

runs = int(os.environ.get("RUNS", "80"))
binaries = sys.argv[1:]
if not binaries:
    sys.exit(__doc__)
work = tempfile.mkdtemp(prefix="wsltune-start-")


def once(binary, db):
    argv = [binary, "--db", db, "--proc-root", "/proc", "--root", work, "monitor", "--count", "1",
            "--format", "lines", "--interval", "100ms"]
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000.0
    if status != 0:
        sys.exit(f"{binary} failed with status {status}")
    return (usage.ru_utime + usage.ru_stime) * 1000.0, wall


results = {(b, case): ([], []) for b in binaries for case in ("new", "existing")}
for i in range(runs):
    for b in binaries:
        folder = os.path.join(work, f"b{binaries.index(b)}")
        os.makedirs(folder, exist_ok=True)
        fresh = os.path.join(folder, f"new-{i}.db")
        cpu, wall = once(b, fresh)
        results[(b, "new")][0].append(cpu)
        results[(b, "new")][1].append(wall)
        cpu, wall = once(b, os.path.join(folder, "existing.db"))
        results[(b, "existing")][0].append(cpu)
        results[(b, "existing")][1].append(wall)
        for leftover in os.listdir(folder):
            if leftover.startswith("new-"):
                os.remove(os.path.join(folder, leftover))
print(f"{runs} runs each, interleaved; medians")
print(f"{'binary':<50} {'history':<9} {'CPU ms':>7} {'wall ms':>8}")
for (b, case), (cpu, wall) in results.items():
    print(f"{b:<50} {case:<9} {statistics.median(cpu):7.2f} {statistics.median(wall):8.2f}")
for b in binaries:
    folder = os.path.join(work, f"b{binaries.index(b)}")
    wal = os.path.join(folder, "existing.db-wal")
    size = os.path.getsize(wal) if os.path.exists(wal) else 0
    print(f"{b}: WAL left after the last run: {size} bytes")
shutil.rmtree(work)
