#!/usr/bin/env python3
"""Whole-process cost of `wsltune report` and `wsltune recommend` (wall time and peak RSS from
GNU time): over 30 days of 5-second samples (518,400 samples, one disk growing 1 MiB an hour)
and over a year of one-minute rollups (raw samples older than a day rolled up by `monitor
--keep-raw 1d`). Histories are imported through `wsltune import`, as a user would.
Usage: benches/report_cost.py   (env: ROUNDS, default 3)
"""
import datetime
import os
import subprocess
import tempfile

GIB = 1 << 30
rounds = int(os.environ.get("ROUNDS", "3"))
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["cargo", "build", "--release", "-q"], cwd=root, check=True)
wsltune = os.path.join(root, "target", "release", "wsltune")
work = tempfile.mkdtemp()
HEADER = "ts,mem_total_bytes,mem_used_bytes,mem_cache_bytes,mem_free_bytes,mem_available_bytes,swap_total_bytes,swap_used_bytes,cpu_busy_ratio,cpu_count,disk_path,disk_role,disk_file_length\n"


def history(name, start, step_s, count, disk_step):
    path = os.path.join(work, name + ".csv")
    with open(path, "w") as f:
        f.write(HEADER)
        for i in range(count):
            t = start + datetime.timedelta(seconds=step_s * i)
            used = 4 * GIB + (i * 7919 % 4096) * 262144
            cache, total = 5 * GIB, 16 * GIB
            busy = ((i * 31) % 100) / 1000.0
            disk = 20 * GIB + (i // disk_step) * (1 << 20)
            f.write(f"{t.strftime('%Y-%m-%dT%H:%M:%S.000Z')},{total},{used},{cache},{total - used - cache},"
                    f"{total - used},{4 * GIB},0,{busy},8,/mnt/c/docker_data.vhdx,docker-data,{disk}\n")
    db = os.path.join(work, name + ".db")
    subprocess.run([wsltune, "--db", db, "import", "--format", "csv", path], check=True, capture_output=True)
    return db


def measure(argv):
    report = os.path.join(work, "time.out")
    subprocess.run(["/usr/bin/time", "-o", report, "-f", "%e %M"] + argv, check=True, capture_output=True)
    wall, rss = open(report).read().split()[-2:]
    return float(wall), int(rss) / 1024


now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
month = history("month", datetime.datetime(2026, 10, 1, tzinfo=datetime.timezone.utc), 5, 30 * 24 * 720, 720)
year = history("year", now - datetime.timedelta(days=365), 60, 365 * 24 * 60, 60)
subprocess.run([wsltune, "--db", year, "--proc-root", "/proc", "monitor", "--count", "1", "--keep-raw", "1d",
                "--format", "lines"], check=True, capture_output=True)
common = ["--root", work, "--wslconfig", os.path.join(work, ".wslconfig")]
cases = {
    "report, 30 days of 5 s samples": [wsltune, "--db", month] + common + ["report", "--since", "30d", "--out", os.path.join(work, "m")],
    "recommend, 30 days of 5 s samples": [wsltune, "--db", month] + common + ["recommend", "--since", "30d"],
    "report, a year of 1-minute rollups": [wsltune, "--db", year] + common + ["report", "--since", "365d", "--out", os.path.join(work, "y")],
}
print(f"{'case':<38}{'wall s (each round)':<26}{'peak RSS MiB'}")
for name, argv in cases.items():
    runs = [measure(argv) for _ in range(rounds)]
    print(f"{name:<38}{' '.join(f'{w:.2f}' for w, _ in runs):<26}{max(r for _, r in runs):.0f}")
