"""Benchmark of `meshpy build` on a generated ~800-line multi-module project.

    .venv/bin/python bench/build_bench.py               # best of 5
    .venv/bin/python bench/build_bench.py --runs 9      # more runs
    .venv/bin/python bench/build_bench.py --keep DIR    # also keep the project in DIR

Every figure is the wall time of a whole `meshpy build` process, interpreter
start-up included, best of --runs (the machine is shared and noisy; the best
run is the least disturbed one), with the best CPU time next to it (less
disturbed by a loaded machine):

* cold, parser cache cold: a fresh output folder, and a fresh TMPDIR, so the
  parser tables that meshpy caches in the temporary directory are rebuilt;
* cold: a fresh output folder, parser cache warm (the usual first build of a
  project on a machine that has run meshpy before);
* unchanged: the same output folder again; nothing changed, so the build is
  skipped after fingerprinting the sources.

The baseline, measured in the same run, is `python -c pass`: the ratios say
how many interpreter start-ups a build costs, and what an unchanged build
costs next to a cold one.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# One module of the generated project, about 100 lines. {k} numbers it;
# {imports} and {chain} link it to the module before it.
UNIT = '''\
## Generated module {k}: a record type, a status type, helpers, a service
## and an actor.
{imports}
pub struct Record{k} do
  id :: Int
  name :: String
  tags :: List<String>
  weight :: Float
end deriving(Eq, Display, Json)

pub type Status{k} do
  Pending{k}
  Active{k}(Int)
  Failed{k}(String, Int)
end deriving(Eq, Display)

pub fn make{k}(id :: Int, name :: String) -> Record{k} do
  Record{k} {{ id: id, name: name, tags: [name, "m{k}"], weight: Int.to_float(id) * 1.5 }}
end

pub fn status_of{k}(r :: Record{k}) -> Status{k} do
  if r.id == 0 do
    Pending{k}
  else if r.id % 7 == 0 do
    Failed{k}("multiple of seven", r.id)
  else
    Active{k}(r.id)
  end
end

pub fn describe{k}(s :: Status{k}) -> String do
  case s do
    Pending{k} -> "pending"
    Active{k}(n) when n > 100 -> "busy ${{n}}"
    Active{k}(n) -> "active ${{n}}"
    Failed{k}(why, code) -> "failed ${{code}}: ${{why}}"
  end
end

pub fn score{k}(xs :: List<Int>) -> Int do
  xs |> List.map(fn x -> x * {k1} end) |> List.filter(fn x -> x % 2 == 0 end) |> List.reduce(0, fn acc, x -> acc + x end)
end

fn sum_to{k}(n :: Int, acc :: Int) -> Int do
  if n == 0 do acc else sum_to{k}(n - 1, acc + n) end
end

pub fn parse{k}(text :: String) -> Int!String do
  case String.to_int(String.trim(text)) do
    Some(n) -> Ok(n)
    None -> Err("not a number: ${{text}}")
  end
end

pub fn total{k}(texts :: List<String>) -> Int!String do
  let first = parse{k}(List.head(texts))?
  let rest = for t in List.drop(texts, 1) when String.length(t) > 0 do String.length(t) end
  Ok(first + List.reduce(rest, 0, fn a, b -> a + b end) + sum_to{k}(10, 0))
end

service Store{k} do
  fn init(limit :: Int) -> Map<String, Int> do
    Map.put(Map.new(), "limit", limit)
  end

  call Put(key :: String, value :: Int) :: Int do |m|
    (Map.put(m, key, value), Map.size(m) + 1)
  end

  call Get(key :: String) :: Int do |m|
    (m, if Map.has_key(m, key) do Map.get(m, key) else 0 end)
  end

  cast Clear() do |_m|
    Map.new()
  end
end

fn finish{k}(total :: Int, me :: Pid) -> Pid do
  println("worker {k} total ${{total}}")
  me
end

actor worker{k}(total :: Int) do
  receive do
    0 -> finish{k}(total, self())
    n -> worker{k}(total + n)
  end
end

pub fn start_worker{k}() -> Int do
  let p = spawn(worker{k}, 0)
  send(p, {k1})
  send(p, 0)
  {k}
end

pub fn chain{k}(n :: Int) -> Int do
  {chain}
end
'''

MAIN = '''\
## Entry module of the generated project: uses every module.
{imports}

fn report(k :: Int, line :: String) do
  println("module ${{k}}: ${{line}}")
end

fn main() do
{body}
end
'''

MAIN_BODY = '''\
  let r{k} = make{k}({k1}4, "item{k}")
  report({k}, "${{r{k}}} ${{describe{k}(status_of{k}(r{k}))}} ${{score{k}([1, 2, 3, {k}])}} ${{chain{k}(3)}}")
  case total{k}(["{k}", "ab", "", "cde"]) do
    Ok(n) -> report({k}, "total ${{n}}")
    Err(e) -> report({k}, e)
  end
  let s{k} = Store{k}.start(10)
  Store{k}.put(s{k}, "a", {k})
  report({k}, "store ${{Store{k}.get(s{k}, "a")}} ${{Json.encode(r{k})}} ${{start_worker{k}()}}")
'''


def generate_project(directory: str, modules: int = 8) -> int:
    """Write the project; returns its number of lines."""
    os.makedirs(os.path.join(directory, "lib"), exist_ok=True)
    lines = 0
    for k in range(modules):
        if k == 0:
            imports, chain = "", "n + 1"
        else:
            imports = f"from Lib.Mod{k - 1} import score{k - 1}, chain{k - 1}\n"
            chain = f"chain{k - 1}(n) + score{k - 1}([n, n + 1])"
        text = UNIT.format(k=k, k1=k + 1, imports=imports, chain=chain)
        with open(os.path.join(directory, "lib", f"mod{k}.mpl"), "w", encoding="utf-8") as f:
            f.write(text)
        lines += text.count("\n")
    imports = "\n".join(
        f"from Lib.Mod{k} import make{k}, status_of{k}, describe{k}, score{k}, total{k}, chain{k}, "
        f"start_worker{k}, Store{k}"
        for k in range(modules))
    body = "\n".join(MAIN_BODY.format(k=k, k1=k + 1) for k in range(modules))
    text = MAIN.format(imports=imports, body=body.rstrip("\n"))
    with open(os.path.join(directory, "main.mpl"), "w", encoding="utf-8") as f:
        f.write(text)
    return lines + text.count("\n")


def meshpy_command() -> list:
    script = os.path.join(os.path.dirname(sys.executable), "meshpy")
    if os.path.exists(script):
        return [script]
    return [sys.executable, "-m", "meshpy"]


def timed(cmd, env=None) -> tuple[float, float]:
    """(wall time, CPU time) of the process running cmd."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with status {proc.returncode}:\n{proc.stderr[-3000:]}")
    return elapsed, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement; the best is reported")
    ap.add_argument("--modules", type=int, default=7, help="modules of ~100 lines besides main.mpl")
    ap.add_argument("--keep", metavar="DIR", help="write the generated project to DIR and keep it")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="meshpy_build_bench_")
    try:
        project = args.keep or os.path.join(work, "project")
        lines = generate_project(project, args.modules)
        meshpy = meshpy_command()
        env_with = lambda tmpdir: dict(os.environ, TMPDIR=tmpdir)  # noqa: E731

        # sanity: the project builds and runs
        out = os.path.join(work, "check_out")
        timed(meshpy + ["build", project, "-o", out])
        run = subprocess.run([sys.executable, out], capture_output=True, text=True, timeout=600)
        if run.returncode != 0 or "module 0:" not in run.stdout:
            raise SystemExit(f"the generated project does not run:\n{run.stdout}\n{run.stderr[-3000:]}")

        warm_tmp = os.path.join(work, "tmp_warm")
        os.makedirs(warm_tmp)
        timed(meshpy + ["build", project, "-o", os.path.join(work, "warmup")], env=env_with(warm_tmp))

        unchanged_out = os.path.join(work, "unchanged_out")
        timed(meshpy + ["build", project, "-o", unchanged_out], env=env_with(warm_tmp))

        startup, cold_parser, cold, unchanged = [], [], [], []
        for i in range(args.runs):
            startup.append(timed([sys.executable, "-c", "pass"]))

            fresh_tmp = os.path.join(work, f"tmp_cold_{i}")
            os.makedirs(fresh_tmp)
            cold_parser.append(timed(meshpy + ["build", project, "-o", os.path.join(work, f"cold_parser_{i}")],
                                     env=env_with(fresh_tmp)))

            cold.append(timed(meshpy + ["build", project, "-o", os.path.join(work, f"cold_{i}")],
                              env=env_with(warm_tmp)))

            unchanged.append(timed(meshpy + ["build", project, "-o", unchanged_out], env=env_with(warm_tmp)))

        base = min(startup)[0]
        rows = [
            ("python -c pass (baseline)", min(startup), min(c for _, c in startup)),
            ("meshpy build, cold, parser cache cold", min(cold_parser), min(c for _, c in cold_parser)),
            ("meshpy build, cold, parser cache warm", min(cold), min(c for _, c in cold)),
            ("meshpy build, unchanged (skipped)", min(unchanged), min(c for _, c in unchanged)),
        ]
        print(f"meshpy build of a generated project: {args.modules + 1} modules, {lines} lines; "
              f"best of {args.runs} runs; wall time incl. interpreter start-up")
        print(f"command: {' '.join(meshpy)} build DIR -o OUT")
        print()
        print(f"{'measurement':<40} {'wall s':>8} {'x startup':>10} {'CPU s':>8}")
        print(f"{'-' * 40} {'-' * 8} {'-' * 10} {'-' * 8}")
        for name, (t, _), cpu in rows:
            print(f"{name:<40} {t:>8.3f} {t / base:>10.1f} {cpu:>8.3f}")
        print()
        print(f"unchanged / cold (parser cache warm): {min(unchanged)[0] / min(cold)[0]:.2f}")
        print(f"cold with parser cache warm / cache cold: {min(cold)[0] / min(cold_parser)[0]:.2f}")
        print(f"(CPU time: user + system of the process, best run; load average: {os.getloadavg()[0]:.2f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
