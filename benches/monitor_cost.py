#!/usr/bin/env python3
"""Cost of sampling, whole process: wsltune monitor against sysstat's sadc and vmstat.

Each recorder samples every second for DURATION seconds (default 60), in ROUNDS interleaved
rounds (default 3); CPU time (user + system) comes from wait4's rusage (microsecond resolution),
as does how much each run read from disk (its binary and libraries, when they had left the page
cache); peak RSS from GNU time. Prints CPU milliseconds per sample and peak RSS per recorder, and the
history's size per sample. A sample is a line of output that starts with a number (wsltune's `lines`, vmstat's without its
headers): `monitor --duration 60s` takes 61, one at the start and one at each second up to
the 60th, where `vmstat 1 60` and `sadc 1 60` take 60.
The floor is benches/floor_sampler.rs: only /proc/meminfo and /proc/stat, once a second.
Usage: benches/monitor_cost.py [VHDX]   (env: DURATION, ROUNDS)
"""
import os
import subprocess
import sys

from recorders import setup

duration = int(os.environ.get("DURATION", "60"))
rounds = int(os.environ.get("ROUNDS", "3"))
root, wsltune, work, vhdx = setup()


def measure(argv):
    """CPU from wait4 (it includes the children `time` waited for), peak RSS from GNU time's %M:
    a child forked from Python would report Python's own RSS as its peak. Returns the lines
    printed too."""
    report = os.path.join(work, "time.out")
    output = os.path.join(work, "stdout")
    with open(os.devnull, "wb") as null, open(output, "wb") as out:
        proc = subprocess.Popen(["/usr/bin/time", "-o", report, "-f", "%M"] + argv, stdout=out, stderr=null)
        _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"{argv[0]} failed with status {status}")
    with open(report) as f:
        rss_kib = int(f.read().split()[-1])
    with open(output, "rb") as f:
        lines = sum(1 for line in f if line.lstrip()[:1].isdigit())
    return (usage.ru_utime + usage.ru_stime) * 1000.0, rss_kib / 1024.0, lines, usage.ru_inblock * 512 / 2**20


# The floor: a minimal sampler that only reads meminfo and stat (benches/floor_sampler.rs).
floor = os.path.join(work, "floor_sampler")
subprocess.run(["rustc", "-O", "-o", floor, os.path.join(root, "benches", "floor_sampler.rs")], check=True)

recorders = {
    "wsltune monitor": lambda r: [wsltune, "--db", os.path.join(work, f"h{r}.db"), "monitor", "--interval", "1s",
                                  "--duration", f"{duration}s", "--format", "lines", "--vhdx", vhdx],
    "sadc 1 N": lambda r: ["/usr/lib/sysstat/sadc", "1", str(duration), os.path.join(work, f"sa{r}")],
    "vmstat 1 N": lambda r: ["vmstat", "1", str(duration)],
    "floor (meminfo+stat)": lambda r: [floor, str(duration)],
}
# How many samples a run printed: its lines that start with a number (wsltune's timestamps, vmstat's
# figures without the headers it repeats); sadc writes its records to a file, one per interval.
samples_of = {
    "wsltune monitor": lambda lines: lines,
    "sadc 1 N": lambda lines: duration,
    "vmstat 1 N": lambda lines: lines,
    "floor (meminfo+stat)": lambda lines: lines,
}
results = {name: [] for name in recorders}
for r in range(rounds):
    for name, argv in recorders.items():
        results[name].append(measure(argv(r)))
print(f"{rounds} rounds of {duration} s at 1 Hz")
print(f"{'recorder':<22}{'samples':<9}{'CPU ms/sample (each round)':<40}{'mean':<8}{'peak RSS MiB':<14}{'read from disk MiB (each round)'}")
means = {}
for name, runs in results.items():
    per = [cpu / samples_of[name](lines) for cpu, _, lines, _ in runs]
    means[name] = sum(per) / len(per)
    counts = sorted({samples_of[name](lines) for _, _, lines, _ in runs})
    print(f"{name:<22}{'/'.join(map(str, counts)):<9}{' '.join(f'{p:.3f}' for p in per):<40}"
          f"{means[name]:<8.3f}{max(rss for _, rss, _, _ in runs):<14.1f}{' '.join(f'{r[3]:.1f}' for r in runs)}")
w, sadc, vmstat = means["wsltune monitor"], means["sadc 1 N"], means["vmstat 1 N"]
print(f"wsltune / sadc {w / sadc:.2f} (goal <= 0.3), wsltune / vmstat {w / vmstat:.2f} (goal <= 1.2)")
size = sum(os.path.getsize(p) for p in (os.path.join(work, "h0.db"), os.path.join(work, "h0.db-wal")) if os.path.exists(p))
print(f"history after {duration} samples: {size} bytes with its WAL (page-granular; the store_size bench measures 100,000)")
