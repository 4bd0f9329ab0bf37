"""Whole-program benchmarks: each Mesh program run by meshpy against its
plain-Python baseline, both measured in this run.

The programs are the ten shared workloads (bench/programs/, baselines in
bench/programs/python-baselines/) and two of our own for issue 4
(bench/mesh/<name>/main.mpl with baseline.py beside it): actor_ping_pong
(two actors vs two asyncio tasks on asyncio.Queue) and service_calls
(200,000 calls vs a bare future-based request/reply).

    .venv/bin/python bench/programs_bench.py              # all ten (needs scripts/pg for pg_*)
    .venv/bin/python bench/programs_bench.py ping_pong svc_calls --runs 5

Each program is built once (not timed), then run as a whole process, like
the baseline: wall time is the median of --runs runs, peak RSS from
getrusage. "net" subtracts the start-up of the empty program (meshpy) or of
the empty baseline (Python). The ratio is meshpy net / Python net: below 1
means meshpy is faster than the hand-written Python. Every Mesh program is
also run on uvloop (`meshpy run --loop uvloop`, interleaved with the other
runs): the "uvloop net" column and "uv/asyncio" (uvloop net / asyncio net;
below 1 means uvloop is faster) compare the two event loops in the same run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
BASELINES = os.path.join(PROGRAMS, "python-baselines")
ROOT = os.path.dirname(HERE)
OURS = os.path.join(HERE, "mesh")
ALL = ["empty", "cpu_fib", "tail_loop", "list_pipeline", "string_build", "svc_calls", "svc_casts",
       "ping_pong", "spawn_100k", "pg_query", "pg_insert", "actor_ping_pong", "service_calls"]
# Figures recorded for the reference compiler (bench/programs/README.md), net seconds.
REFERENCE_NET = {"cpu_fib": 0.009, "tail_loop": 0.169, "list_pipeline": 0.019, "string_build": 0.070,
                 "svc_calls": 0.678, "svc_casts": 0.254, "ping_pong": 0.082, "spawn_100k": 4.439,
                 "pg_query": 3.764, "pg_insert": 7.548}


def measure(cmd, cwd=None):
    """(wall seconds, peak RSS MiB, stdout) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return wall, max(after, before) / 1024, proc.stdout.strip()


def peak_rss(cmd):
    """Peak RSS of one run, measured through /usr/bin/time when available."""
    if os.path.exists("/usr/bin/time"):
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, timeout=600)
        try:
            return int(proc.stderr.strip().splitlines()[-1]) / 1024
        except (ValueError, IndexError):
            return float("nan")
    return float("nan")


def bench(name, runs):
    prog = os.path.join(PROGRAMS, name)
    baseline = os.path.join(BASELINES, f"{name}.py")
    if not os.path.isdir(prog):
        prog = os.path.join(OURS, name)
        baseline = os.path.join(prog, "baseline.py")
    subprocess.run([sys.executable, "-m", "meshpy", "build", prog], check=True, capture_output=True)
    mesh_cmd = [sys.executable, "-m", "meshpy", "run", prog]
    uv_cmd = [sys.executable, "-m", "meshpy", "run", "--loop", "uvloop", prog]
    py_cmd = [sys.executable, baseline]
    mesh, uv, py = [], [], []
    out_m = out_u = out_p = ""
    for _ in range(runs):  # interleaved, so every side sees the same machine
        w, _, out_m = measure(mesh_cmd)
        mesh.append(w)
        w, _, out_u = measure(uv_cmd)
        uv.append(w)
        w, _, out_p = measure(py_cmd)
        py.append(w)
    return {
        "mesh": statistics.median(mesh), "uv": statistics.median(uv), "py": statistics.median(py),
        "mesh_rss": peak_rss(mesh_cmd) if name in ("spawn_100k", "empty") else None,
        "py_rss": peak_rss(py_cmd) if name in ("spawn_100k", "empty") else None,
        "same_output": out_m == out_p == out_u, "out": out_m,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("programs", nargs="*", help="subset of: " + ", ".join(ALL))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    names = args.programs or ALL
    if any(n.startswith("pg_") for n in names):
        subprocess.run([os.path.join(ROOT, "scripts", "pg"), "start"], check=True, capture_output=True)
    base = bench("empty", args.runs)
    print(f"start-up: meshpy {base['mesh'] * 1000:.0f} ms (uvloop {base['uv'] * 1000:.0f} ms), "
          f"python {base['py'] * 1000:.0f} ms (empty program, median of {args.runs})")
    print(f"{'program':<14} {'meshpy net':>11} {'uvloop net':>11} {'python net':>11} {'ratio':>7} "
          f"{'uv/asyncio':>11} {'reference':>10}  output")
    for name in names:
        if name == "empty":
            continue
        r = bench(name, args.runs)
        m = max(r["mesh"] - base["mesh"], 1e-3)
        u = max(r["uv"] - base["uv"], 1e-3)
        p = max(r["py"] - base["py"], 1e-3)
        ref = REFERENCE_NET.get(name)
        note = "" if r["same_output"] else "  (OUTPUT DIFFERS FROM BASELINE)"
        rss = f"  peak RSS {r['mesh_rss']:.0f} MiB vs {r['py_rss']:.0f} MiB" if r["mesh_rss"] else ""
        print(f"{name:<14} {m:>10.3f}s {u:>10.3f}s {p:>10.3f}s {m / p:>7.2f} {u / m:>11.2f} "
              f"{ref if ref else '':>9}s  {r['out']}{note}{rss}")


if __name__ == "__main__":
    main()
