"""Benchmark of `meshpy check` and a cold `meshpy build` on a generated
~4,000-line project that uses the ORM (Query, Repo, Changeset, Orm,
Migration) and the HTTP modules (and `Ws` when the checker knows it).

    .venv/bin/python bench/check_orm_bench.py              # best of 5
    .venv/bin/python bench/check_orm_bench.py --write DIR  # keep the project in DIR

Every figure is the wall time of a whole process, interpreter start-up
included, best of --repeat (the machine is shared and noisy). Goal: both
under 0.5 s. Next to it, the CPU time (user + system) of that process, best
of the same runs: on a loaded machine the wall time mostly measures the
wait for a core, the CPU time much less so. The baselines, measured in the
same run:

* `python -c pass`: one interpreter start-up;
* `python -c compile(...)`: plain Python compiling the Python that meshpy
  emits for the same project (source to bytecode, no import of meshpy) —
  what the equivalent hand-written Python program would cost to compile.

Nothing is asserted: the script prints the figures and the ratios.
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
sys.path.insert(0, ROOT)

GOAL_S = 0.5

# One unit, about 100 lines; {n} makes names unique, {prev} is the unit before.
UNIT = '''\
pub struct Account{n} do
  id :: Int
  email :: String
  name :: String
  plan :: String
end deriving(Eq, Json)

pub fn account_changeset{n}(data :: Map<String, String>, params :: Map<String, String>) -> Changeset do
  Changeset.cast_with_types(data, params, [:email, :name, :plan, :age], ["email:TEXT", "name:TEXT", "age:BIGINT"])
    |> Changeset.validate_required([:email, :name])
    |> Changeset.validate_length(:name, 2, 80)
    |> Changeset.validate_format(:email, "@")
    |> Changeset.validate_inclusion(:plan, ["free", "pro", "team"])
    |> Changeset.validate_number(:age, 12, -1, -1, 130)
end

fn active{n}(q :: Query) -> Query do
  q
    |> Query.where_null(:deleted_at)
    |> Query.where_op(:plan, :neq, "banned")
end

pub fn recent{n}(limit :: Int) -> Query do
  Query.from("accounts_{n}")
    |> active{n}()
    |> Query.order_by(:inserted_at, :desc)
    |> Query.limit(limit)
end

pub fn list{n}(pool :: PoolHandle, limit :: Int) -> List<Map<String, String>>!String do
  let rows = Repo.all(pool, recent{n}(limit))?
  let total = Repo.count(pool, Query.from("accounts_{n}") |> active{n}())?
  let seen = Repo.exists(pool, Query.from("accounts_{n}") |> Query.where_in(:plan, ["pro", "team"]))?
  if seen and total > 0 do
    Repo.preload(pool, rows, ["projects"], ["has_many:projects:Project:account_{n}_id:projects"])
  else
    Ok(rows)
  end
end

pub fn create{n}(pool :: PoolHandle, params :: Map<String, String>) -> String do
  case Repo.insert_changeset(pool, "accounts_{n}", account_changeset{n}(%{{}}, params)) do
    Ok(row) -> Json.encode(row)
    Err(cs) -> Json.encode(Changeset.errors(cs))
  end
end

pub fn rename{n}(pool :: PoolHandle, id :: String, name :: String) -> Int!String do
  let row = Repo.get(pool, "accounts_{n}", id)?
  let updated = Repo.update(pool, "accounts_{n}", Map.get(row, "id"), %{{"name" => name}})?
  let _moved = Repo.update_where(pool, "accounts_{n}", %{{"plan" => "pro"}}, Query.from("accounts_{n}") |> Query.where_op(:id, :eq, id))?
  let gone = Repo.delete_where(pool, "accounts_{n}", Query.from("accounts_{n}") |> Query.where_not_null(:deleted_at))?
  Ok(gone + String.length(Map.get(updated, "name")) + {prev}(1))
end

pub fn sql{n}() -> String do
  Orm.build_select("accounts_{n}", ["id", "email"], ["plan =", "deleted_at IS NULL"], ["id desc"], 50, 0)
end

pub fn migrate{n}(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "accounts_{n}", ["id:BIGSERIAL:PRIMARY KEY", "email:TEXT:NOT NULL", "name:TEXT", "plan:TEXT"])?
  Migration.create_index(pool, "accounts_{n}", ["email"], "unique: true")
end

fn status_of{n}(text :: String) -> Int do
  if String.contains(text, "errors") do 422 else 201 end
end

pub fn handle_create{n}(req :: Request) -> Response do
  let params = %{{"email" => Json.get(Request.body(req), "email"), "name" => Json.get_nested(Request.body(req), "profile", "name")}}
  let cs = account_changeset{n}(%{{}}, params)
  if Changeset.valid(cs) do
    HTTP.response_with_headers(202, Json.encode(Changeset.changes(cs)), %{{"Location" => "/accounts_{n}/new"}})
  else
    HTTP.response(status_of{n}("errors"), Json.encode(Changeset.errors(cs)))
  end
end

pub fn handle_show{n}(req :: Request) -> Response do
  case Request.param(req, "id") do
    Some(id) -> HTTP.response(200, "{{\\"id\\": \\"${{id}}\\", \\"sql\\": \\"${{sql{n}()}}\\"}}")
    None -> HTTP.response_with_headers(429, "{{}}", %{{"Retry-After" => "1"}})
  end
end

pub fn routes{n}(r :: Router) -> Router do
  r
    |> HTTP.on_post("/accounts_{n}", handle_create{n})
    |> HTTP.on_get("/accounts_{n}/:id", handle_show{n})
end

pub fn chain{n}(x :: Int) -> Int do
  x + String.length(sql{n}())
end

'''

WS_UNIT = '''\
pub fn ws_connect{n}(conn :: Int, path :: String, headers :: Map<String, String>) -> Int do
  Ws.join(conn, "room_{n}")
  conn
end

pub fn ws_message{n}(conn :: Int, text :: String) do
  Ws.broadcast("room_{n}", text)
  Ws.send(conn, Json.get(text, "echo"))
end

'''

BASE = "pub fn seed(x :: Int) -> Int = x + 1\n\n"


def ws_known() -> bool:
    from meshpy.check import stdlib

    return stdlib.lookup("Ws", "broadcast") is not None and stdlib.lookup("Ws", "send") is not None


def generate_project(directory: str, min_lines: int, units_per_module: int = 4) -> tuple[int, int]:
    os.makedirs(os.path.join(directory, "app"), exist_ok=True)
    with open(os.path.join(directory, "app", "base.mpl"), "w") as f:
        f.write(BASE)
    lines, n, m = BASE.count("\n"), 0, 0
    prev_fn, prev_module = "seed", "App.Base"
    route_imports, calls = [], []
    with_ws = ws_known()
    while lines < min_lines:
        module = f"App.M{m:02d}"
        parts = [f"from {prev_module} import {prev_fn}\n\n"]
        for _ in range(units_per_module):
            parts.append(UNIT.format(n=n, prev=prev_fn))
            if with_ws:
                parts.append(WS_UNIT.format(n=n))
            prev_fn = f"chain{n}"
            route_imports.append((module, f"routes{n}"))
            calls.append(f"    |> routes{n}()\n")
            n += 1
        text = "".join(parts)
        with open(os.path.join(directory, "app", f"m{m:02d}.mpl"), "w") as f:
            f.write(text)
        lines += text.count("\n")
        prev_module = module
        m += 1
    by_module: dict = {}
    for module, name in route_imports:
        by_module.setdefault(module, []).append(name)
    imports = "".join(f"from {mod} import {', '.join(names)}\n" for mod, names in by_module.items())
    main = f"{imports}\nfn main() do\n  let router = HTTP.router()\n{''.join(calls)}  println(\"routes ready\")\nend\n"
    with open(os.path.join(directory, "main.mpl"), "w") as f:
        f.write(main)
    return lines + main.count("\n"), m + 2


def best_of(repeat: int, fn) -> tuple[float, float]:
    """(best wall time, best CPU time) of the child processes fn runs."""
    best = best_cpu = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return best, best_cpu


def _load() -> str:
    """The load average, to judge the wall times by."""
    try:
        return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def run(args, env, check=True):
    p = subprocess.run([sys.executable] + args, capture_output=True, text=True, env=env)
    if check and p.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return p


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=4_000, help="minimum size of the generated project")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (best is kept)")
    ap.add_argument("--write", metavar="DIR", help="keep the generated project in DIR")
    args = ap.parse_args()

    directory = args.write or tempfile.mkdtemp(prefix="meshpy-orm-bench-")
    scratch = tempfile.mkdtemp(prefix="meshpy-orm-bench-out-")
    pycache = os.path.join(scratch, "pycache")
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONPYCACHEPREFIX=pycache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        lines, modules = generate_project(directory, args.lines)
        # warm the bytecode cache of meshpy itself and the parser table cache; must check clean
        p = run(["-m", "meshpy", "check", directory], env)
        if p.stderr.strip():
            raise SystemExit(f"the generated project must check without diagnostics:\n{p.stderr[:3000]}")
        run(["-m", "meshpy", "build", directory, "-o", os.path.join(scratch, "warm")], env)

        startup = best_of(args.repeat, lambda: run(["-c", "pass"], env))
        check = best_of(args.repeat, lambda: run(["-m", "meshpy", "check", directory], env))
        counter = iter(range(10**6))
        cold = best_of(args.repeat, lambda: run(
            ["-m", "meshpy", "build", directory, "-o", os.path.join(scratch, f"cold{next(counter)}")], env))
        emitted = [os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(scratch, "warm", "meshprog"))
                   for f in fs if f.endswith(".py")]
        py_lines = sum(open(f, encoding="utf-8").read().count("\n") for f in emitted)
        compile_py = ("import sys\nfor p in sys.argv[1:]:\n"
                      "    compile(open(p, encoding='utf-8').read(), p, 'exec')\n")
        plain = best_of(args.repeat, lambda: run(["-c", compile_py] + emitted, env))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if not args.write:
            shutil.rmtree(directory, ignore_errors=True)

    size = f"{lines:,} Mesh lines, {modules} modules{' (with Ws)' if ws_known() else ''}"
    (check, check_cpu), (cold, cold_cpu), (plain, plain_cpu), (startup, startup_cpu) = check, cold, plain, startup
    rows = [
        ("measurement", "size", "wall time", "CPU time", "vs python -c pass", "goal"),
        ("meshpy check", size, f"{check:.3f} s", f"{check_cpu:.3f} s", f"{check / startup:.1f}x", f"< {GOAL_S} s"),
        ("meshpy build (cold output)", size, f"{cold:.3f} s", f"{cold_cpu:.3f} s", f"{cold / startup:.1f}x",
         f"< {GOAL_S} s"),
        ("python compile() of the emitted Python", f"{py_lines:,} Python lines, {len(emitted)} files",
         f"{plain:.3f} s", f"{plain_cpu:.3f} s", f"{plain / startup:.1f}x", "-"),
        ("python -c pass", "-", f"{startup:.3f} s", f"{startup_cpu:.3f} s", "1.0x", "-"),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"uptime: {_load()}")
    print(f"check: {check / GOAL_S:.2f}x the budget; cold build: {cold / GOAL_S:.2f}x the budget; "
          f"cold build = {cold / plain:.1f}x plain Python compiling the same program")
    return 0


if __name__ == "__main__":
    sys.exit(main())
