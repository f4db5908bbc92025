#!/usr/bin/env python3
"""CPU per tick once running, without start-up and exit: wsltune monitor against sadc and vmstat.

`monitor_cost.py` measures whole processes, as the goal is stated; this one separates the two
parts of that cost. K copies of each recorder (default 3) run at 1 Hz side by side; after they
have started, `perf stat -e task-clock` attaches to each for WINDOW seconds (default 40) and
counts the CPU time its process spends, divided by the ticks in the window.
Needs `perf` (linux-perf) and root or kernel.perf_event_paranoid <= 0.
Usage: benches/monitor_tick.py [VHDX]   (env: K, WINDOW)
"""
import os
import shutil
import statistics
import subprocess
import sys

from recorders import setup
import time

k_copies = int(os.environ.get("K", "3"))
window = int(os.environ.get("WINDOW", "40"))
if shutil.which("perf") is None:
    sys.exit("perf is not installed (apt-get install linux-perf)")
root, wsltune, work, vhdx = setup()
ticks = window + 10
recorders = {
    "wsltune monitor": lambda k: [wsltune, "--db", os.path.join(work, f"h{k}.db"), "monitor", "--interval", "1s",
                                  "--count", str(ticks), "--format", "lines", "--vhdx", vhdx],
    "sadc 1 N": lambda k: ["/usr/lib/sysstat/sadc", "1", str(ticks), os.path.join(work, f"sa{k}")],
    "vmstat 1 N": lambda k: ["vmstat", "1", str(ticks)],
}
running = []
for k in range(k_copies):
    for name, argv in recorders.items():
        running.append((name, subprocess.Popen(argv(k), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        time.sleep(0.05)  # not all on the same instant
time.sleep(3)
counters = []
for name, proc in running:
    out = os.path.join(work, f"perf-{proc.pid}")
    argv = ["perf", "stat", "-x,", "-e", "task-clock", "-p", str(proc.pid), "-o", out, "--", "sleep", str(window)]
    counters.append((name, out, subprocess.Popen(argv)))
per_tick = {name: [] for name in recorders}
for name, out, perf in counters:
    perf.wait()
    with open(out) as f:
        for line in f:
            if "task-clock" in line:
                per_tick[name].append(float(line.split(",")[0]) / window)
for _, proc in running:
    proc.wait()
print(f"{k_copies} copies each, {window} ticks at 1 Hz counted after start-up")
for name, values in per_tick.items():
    print(f"{name:<18}{' '.join(f'{v:.3f}' for v in values):<30} mean {statistics.mean(values):.3f} ms per tick")
