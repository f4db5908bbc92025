#!/usr/bin/env python3
"""What sampling Docker adds to a monitor tick, with 0, 10 and 50 running containers.

Runs `wsltune monitor --interval 5s` (the default) against the test engine the integration tests
start (/tmp/wsltune-test-dockerd/docker.sock: run `cargo test --test cli docker_engine` once
first), with N idle busybox containers, and counts with `perf stat -e task-clock` over WINDOW
seconds (default 60): the CPU of wsltune (all its threads) per tick, and the CPU dockerd spends
meanwhile (the stats calls it answers; an idle engine's own housekeeping is measured with
`--no-docker` as the baseline); and the wall time of one reading as wsltune makes it (the list,
then every stats call at once), timed with curl.
Needs perf, docker, curl, and root.
Usage: benches/docker_tick.py   (env: WINDOW, COUNTS=0,10,50)
"""
import json
import os
import subprocess
import sys
import time

from recorders import setup

SOCKET = "/tmp/wsltune-test-dockerd/docker.sock"
HOST = f"unix://{SOCKET}"
window = int(os.environ.get("WINDOW", "60"))
counts = [int(n) for n in os.environ.get("COUNTS", "0,10,50").split(",")]
if not os.path.exists(SOCKET):
    sys.exit(f"no test engine at {SOCKET}: run `cargo test --test cli docker_engine` first")
root, wsltune, work, vhdx = setup()


def docker(*args):
    return subprocess.run(["docker", "-H", HOST, *args], capture_output=True, text=True, check=False).stdout


def dockerd_pid():
    with open("/tmp/wsltune-test-dockerd/dockerd.pid") as f:
        return int(f.read().strip())


def task_clock(pid, seconds):
    out = os.path.join(work, f"perf-{pid}-{time.time()}")
    subprocess.run(["perf", "stat", "-x,", "-e", "task-clock", "-p", str(pid), "-o", out, "--", "sleep", str(seconds)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        for line in f:
            if "task-clock" in line:
                return float(line.split(",")[0])
    return float("nan")


def measure(n, docker_on):
    ticks = window // 5 + 4
    args = [wsltune, "--db", os.path.join(work, f"h-{n}-{docker_on}.db"), "monitor", "--interval", "5s",
            "--count", str(ticks), "--format", "jsonl", "--vhdx", vhdx]
    args[1:1] = ["--docker-host", HOST] if docker_on else ["--no-docker"]
    out = open(os.path.join(work, f"out-{n}-{docker_on}.jsonl"), "w")
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL)
    time.sleep(6)  # start-up and the first tick's wait
    result = {}
    perf_d = subprocess.Popen(["perf", "stat", "-x,", "-e", "task-clock", "-p", str(dockerd_pid()), "-o",
                               os.path.join(work, f"d-{n}-{docker_on}"), "--", "sleep", str(window)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ours = task_clock(proc.pid, window)
    perf_d.wait()
    with open(os.path.join(work, f"d-{n}-{docker_on}")) as f:
        theirs = next(float(line.split(",")[0]) for line in f if "task-clock" in line)
    proc.kill()
    proc.wait()
    result["wsltune ms/tick"] = ours / (window / 5)
    result["dockerd ms/tick"] = theirs / (window / 5)
    with open(os.path.join(work, f"out-{n}-{docker_on}.jsonl")) as f:
        lines = f.readlines()
    samples = [json.loads(line) for line in lines]
    with_containers = [s for s in samples if "containers" in s]
    result["samples with containers"] = f"{len(with_containers)}/{len(samples)}"
    result["containers seen"] = max((len(s["containers"]) for s in with_containers), default=0)
    return result


def start(n):
    names = [f"wsltune-bench-{k}" for k in range(n)]
    for name in names:
        docker("run", "-d", "--name", name, "wsltune-test:busybox", "sleep", "100000")
    return names


def latency():
    """Wall time of one reading as wsltune makes it: the list, then every stats call at once."""
    t = time.monotonic()
    ids = docker("ps", "-q").split()
    procs = [subprocess.Popen(["curl", "-s", "--unix-socket", SOCKET, f"http://x/containers/{i}/stats?stream=false&one-shot=true",
                               "-o", "/dev/null"]) for i in ids]
    for p in procs:
        p.wait()
    return time.monotonic() - t


print(f"window {window} s at 5 s intervals; {os.cpu_count()} processors")
for n in counts:
    names = start(n)
    time.sleep(3)
    for docker_on in ([False, True] if n == 0 else [True]):
        r = measure(n, docker_on)
        label = f"{n:>3} containers, {'docker' if docker_on else 'no-docker'}"
        print(f"{label:<28} " + "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items()))
    if n:
        walls = sorted(latency() for _ in range(5))
        print(f"{'':<28} one reading (list + {n} stats calls at once), wall: median {walls[2]*1000:.0f} ms, max {walls[-1]*1000:.0f} ms")
    if names:
        docker("rm", "-f", *names)
