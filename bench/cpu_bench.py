"""CPU-bound Mesh programs under meshpy against the same algorithm written in
plain Python, both run as whole processes in the same run.

    .venv/bin/python bench/cpu_bench.py                  # best of 5
    .venv/bin/python bench/cpu_bench.py --runs 9
    .venv/bin/python bench/cpu_bench.py cpu_fib tail_loop

Workloads, from bench/programs/ and bench/programs/python-baselines/:

* cpu_fib: naive recursive fib(30) (1,664,079 calls);
* list_pipeline: build 0..999,999 with `for`, then List.map, List.filter and
  List.reduce;
* string_build: 200,000 pieces built by concatenation and interpolation,
  then String.join;
* tail_loop: a self-tail-recursive countdown from 10,000,000 summing the
  counter, against a Python `while` loop (the shared program counts from
  100,000,000; this benchmark rewrites both sides to 10,000,000).

Each Mesh program is built once first (not timed) and then run with
`meshpy run DIR`, which finds the build up to date and runs it. Times are
wall times of whole processes, best of --runs, taken alternately for the
two sides. "net" subtracts start-up: for meshpy the run of the empty Mesh
program (bench/programs/empty), for Python `python -c pass`. The ratio is
meshpy net / Python net (goal: within 2x). Both sides must print the same
line, which is checked.

Each workload also runs built with `meshpy build --native` (typed islands
compiled by mypyc, issue 14; a fresh native cache, so the build time shown
includes mypyc) in a copy of its own; "native x" is python net / native
net: how many times faster than plain Python (goal: 10x for Int/Float code,
1.5x for list code).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
BASELINES = os.path.join(PROGRAMS, "python-baselines")
WORKLOADS = ["cpu_fib", "list_pipeline", "string_build", "tail_loop"]
GOAL = 2.0

# The shared tail_loop counts from 100,000,000; this benchmark uses 10,000,000.
REWRITES = {
    "tail_loop": {"main.mpl": [("100000000", "10000000")],
                  "baseline": [("100_000_000", "10_000_000"), ("100000000", "10000000")]},
}


def meshpy_command() -> list:
    script = os.path.join(os.path.dirname(sys.executable), "meshpy")
    if os.path.exists(script):
        return [script]
    return [sys.executable, "-m", "meshpy"]


def rewrite(text: str, rules) -> str:
    for old, new in rules:
        text = text.replace(old, new)
    return text


def prepare(name: str, work: str):
    """Copy the Mesh program and its baseline into `work`, applying the
    rewrites; returns (project dir, baseline path)."""
    project = os.path.join(work, name)
    shutil.copytree(os.path.join(PROGRAMS, name), project, ignore=shutil.ignore_patterns("_build"))
    rules = REWRITES.get(name, {})
    main = os.path.join(project, "main.mpl")
    with open(main, encoding="utf-8") as f:
        text = f.read()
    with open(main, "w", encoding="utf-8") as f:
        f.write(rewrite(text, rules.get("main.mpl", [])))
    baseline = os.path.join(work, f"{name}.py")
    if name == "empty":
        return project, None
    with open(os.path.join(BASELINES, f"{name}.py"), encoding="utf-8") as f:
        text = f.read()
    with open(baseline, "w", encoding="utf-8") as f:
        f.write(rewrite(text, rules.get("baseline", [])))
    return project, baseline


def run(cmd) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=900)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with status {proc.returncode}:\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workloads", nargs="*", metavar="WORKLOAD",
                    help=f"which workloads (default: all of {', '.join(WORKLOADS)})")
    ap.add_argument("--runs", type=int, default=5, help="runs per program; the best is reported")
    args = ap.parse_args()
    args.workloads = args.workloads or WORKLOADS
    for name in args.workloads:
        if name not in WORKLOADS:
            ap.error(f"unknown workload {name!r}; choose from {', '.join(WORKLOADS)}")
    meshpy = meshpy_command()

    work = tempfile.mkdtemp(prefix="meshpy_cpu_bench_")
    env_cache = os.environ.get("MESHPY_NATIVE_CACHE")
    try:
        empty, _ = prepare("empty", work)
        programs = {name: prepare(name, work) for name in args.workloads}
        for project, _baseline in [(empty, None), *programs.values()]:
            run(meshpy + ["build", project])  # build once, not timed
        natives = {name: prepare(name, os.path.join(work, "native"))[0] for name in args.workloads}
        native_build = {}
        os.environ["MESHPY_NATIVE_CACHE"] = os.path.join(work, "native-cache")
        for name, project in natives.items():
            native_build[name] = run(meshpy + ["build", "--native", project])[0]
        native = {name: [] for name in args.workloads}

        mesh_empty, py_empty = [], []
        mesh = {name: [] for name in args.workloads}
        py = {name: [] for name in args.workloads}
        for _ in range(args.runs):
            mesh_empty.append(run(meshpy + ["run", empty])[0])
            py_empty.append(run([sys.executable, "-c", "pass"])[0])
            for name, (project, baseline) in programs.items():
                t_mesh, out_mesh = run(meshpy + ["run", project])
                t_py, out_py = run([sys.executable, baseline])
                if out_mesh != out_py:
                    raise SystemExit(f"{name}: outputs differ\n  meshpy: {out_mesh}\n  python: {out_py}")
                mesh[name].append(t_mesh)
                py[name].append(t_py)
                t_native, out_native = run(meshpy + ["run", "--native", natives[name]])
                if out_native != out_py:
                    raise SystemExit(f"{name}: native output differs\n  native: {out_native}\n  python: {out_py}")
                native[name].append(t_native)

        start_mesh, start_py = min(mesh_empty), min(py_empty)
        print(f"CPU-bound programs, meshpy vs plain Python {sys.version.split()[0]}; "
              f"best of {args.runs} runs, wall seconds")
        print(f"start-up subtracted: meshpy run of the empty program {start_mesh:.3f} s, "
              f"python -c pass {start_py:.3f} s")
        print(f"commands: {' '.join(meshpy)} run DIR  /  {os.path.basename(sys.executable)} BASELINE.py")
        print()
        header = (f"{'workload':<15} {'meshpy':>8} {'python':>8} {'meshpy net':>11} {'python net':>11} "
                  f"{'ratio':>7} {'native net':>11} {'native x':>9} {'native build':>13}")
        print(header)
        print(" ".join("-" * width for width in (15, 8, 8, 11, 11, 7, 11, 9, 13)))
        worst = 0.0
        for name in args.workloads:
            m, p = min(mesh[name]), min(py[name])
            m_net, p_net = max(m - start_mesh, 1e-6), max(p - start_py, 1e-6)
            ratio = m_net / p_net
            worst = max(worst, ratio)
            n_net = max(min(native[name]) - start_mesh, 1e-6)
            print(f"{name:<15} {m:>8.3f} {p:>8.3f} {m_net:>11.3f} {p_net:>11.3f} {ratio:>7.2f} "
                  f"{n_net:>11.3f} {p_net / n_net:>9.1f} {native_build[name]:>12.2f}s")
        print()
        verdict = "within" if worst <= GOAL else "NOT within"
        print(f"ratio = meshpy net / python net; worst {worst:.2f}, {verdict} the {GOAL:g}x goal")
        print("native x = python net / native net (meshpy run --native; goal 10x Int/Float, 1.5x lists)")
    finally:
        if env_cache is None:
            os.environ.pop("MESHPY_NATIVE_CACHE", None)
        else:
            os.environ["MESHPY_NATIVE_CACHE"] = env_cache
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
