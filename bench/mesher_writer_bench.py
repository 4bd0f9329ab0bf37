"""Events per second through mesher's StorageWriter into a real PostgreSQL,
against a hand-written psycopg loop doing the same inserts, in one run.

    .venv/bin/python bench/mesher_writer_bench.py              # 5,000 events, 3 rounds
    .venv/bin/python bench/mesher_writer_bench.py -n 1000 -r 1 # quicker

Mesh side: a Mesh program built from mesher's modules (mesher/ without its
main.mpl) plus the program below. It creates the schema and a project,
builds the N event JSON texts, prints `ready` and waits for a line on stdin;
then it casts Store for every event and a final Flush to a StorageWriter
(batches of 50, each written as ONE multi-row INSERT since the writer
became transactional -- so the baseline below, one INSERT per event, now
measures the per-row client loop the writer replaced) and polls the
events table every 10 ms until it holds N rows, and prints `done`. The time
is measured from writing the line to reading `done`, so start-up, schema
and JSON construction are excluded.

Baseline: psycopg 3 async, an AsyncConnectionPool (2 to 10 connections, as
Pool.open(url, 2, 10, 5000)), autocommit, a raw cursor so that the very same
SQL text with $1/$2 placeholders (read from mesher/storage/writer.mpl) is
sent; one pool checkout per insert, as Pool.execute does; the same JSON
texts, awaited one after the other.

Rounds alternate (baseline, Mesh, baseline, Mesh, ...) into separate
projects; the best rate of each side is reported with the ratio
Mesh / baseline (goal >= 0.7).

The database is a fresh one (created as the postgres superuser, dropped at
the end) when that is possible, else mesh_test with mesher's objects dropped.
In the fresh database synchronous_commit is off (for both sides alike):
each insert is its own transaction, and with a commit that waits for the
WAL flush, the machine's fsync latency (noisy on a shared disk) would
dominate both rates and hide the client-side cost being compared. Pass
--durable to keep the server's setting.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg_pool import AsyncConnectionPool

ROOT = Path(__file__).resolve().parents[1]
MESHER = ROOT / "mesher"
MESHPY = [sys.executable, "-m", "meshpy"]
DB_NAME = f"mesher_bench_{os.getpid()}"

MESH_PROGRAM = r'''
# Benchmark driver: N events through StorageWriter (see the Python header).

from Storage.Schema import create_schema, create_partitions_ahead
from Storage.Queries import insert_org, insert_project
from Services.Writer import StorageWriter

fn env_or(name :: String, default :: String) -> String do
  let v = Env.get(name)
  case v do
    Some(s) -> s
    None -> default
  end
end

fn env_int(name :: String) -> Int do
  let n = String.to_int(env_or(name, "0"))
  case n do
    Some(v) -> v
    None -> 0
  end
end

fn build_events(template :: String, i :: Int, n :: Int, acc :: List<String>) -> List<String> do
  if i < n do
    build_events(template, i + 1, n, List.append(acc, String.replace(template, "@N@", String.from(i))))
  else
    acc
  end
end

fn store_all(writer, events :: List<String>, i :: Int, n :: Int) -> Int do
  if i < n do
    StorageWriter.store(writer, List.get(events, i))
    store_all(writer, events, i + 1, n)
  else
    n
  end
end

fn count_events(pool :: PoolHandle, project_id :: String) -> Int do
  let r = Pool.query(pool, "SELECT count(*)::text AS n FROM events WHERE project_id = $1::uuid", [project_id])
  case r do
    Ok(rows) -> to_int(Map.get(List.head(rows), "n"))
    Err(_) -> -1
  end
end

fn to_int(s :: String) -> Int do
  let n = String.to_int(s)
  case n do
    Some(v) -> v
    None -> -1
  end
end

fn wait_for_count(pool :: PoolHandle, project_id :: String, expected :: Int) -> Int do
  let n = count_events(pool, project_id)
  if n >= expected do
    n
  else
    Timer.sleep(10)
    wait_for_count(pool, project_id, expected)
  end
end

fn bench(pool :: PoolHandle) -> Int!String do
  create_schema(pool)?
  create_partitions_ahead(pool, 7)?
  let slug = env_or("BENCH_SLUG", "bench")
  let org_id = insert_org(pool, "Bench " <> slug, slug)?
  let project_id = insert_project(pool, org_id, "Bench", "python")?
  let n = env_int("BENCH_N")
  let events = build_events(env_or("BENCH_EVENT", "{}"), 0, n, List.new())
  let writer = StorageWriter.start(pool, project_id)
  println("ready " <> project_id)
  let _ = IO.read_line()?
  store_all(writer, events, 0, n)
  StorageWriter.flush(writer)
  let stored = wait_for_count(pool, project_id, n)
  println("done " <> String.from(stored))
  Ok(stored)
end

fn report(r) do
  case r do
    Ok(_) -> println("ok")
    Err(e) -> println("error " <> e)
  end
end

fn main() do
  let opened = Pool.open(env_or("MESHER_DB_URL", "postgres://mesh:mesh@localhost:5432/mesher"), 2, 10, 5000)
  case opened do
    Ok(pool) -> report(bench(pool))
    Err(e) -> println("pool error " <> e)
  end
end
'''

# One event as an SDK would send it; @N@ is replaced by the event number.
EVENT_TEMPLATE = json.dumps({
    "message": "bench event @N@",
    "level": "error",
    "fingerprint": "bench-fp",
    "exception": {"type_name": "ValueError", "value": "bad value @N@", "module_name": "app"},
    "stacktrace": [{"filename": "app.py", "function_name": "handler", "lineno": 42, "colno": 4,
                    "context_line": "raise ValueError()", "in_app": True}],
    "breadcrumbs": [{"timestamp": "2026-01-01T00:00:00Z", "category": "http",
                     "message": "GET /items", "level": "info"}],
    "tags": {"env": "bench", "release": "1.0.0"},
    "extra": None,
    "user_context": None,
    "sdk_name": "mesh-bench",
    "sdk_version": "0.1.0",
}, separators=(",", ":"))


def insert_sql() -> str:
    """The INSERT statement of mesher's insert_event, verbatim."""
    src = (MESHER / "storage" / "writer.mpl").read_text(encoding="utf-8")
    m = re.search(r'Pool\.execute\(pool, "([^"]*)"', src)
    if not m:
        sys.exit("cannot find the INSERT of insert_event in mesher/storage/writer.mpl")
    return m.group(1)


# --------------------------------------------------------------------------
# Database


def psql_super(sql: str) -> bool:
    psql = shutil.which("psql") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))), None)
    if psql is None:
        return False
    base = [str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "/var/run/postgresql", "-d", "postgres", "-c", sql]
    if os.geteuid() == 0 and shutil.which("runuser"):
        cmd = ["runuser", "-u", "postgres", "--"] + base
    elif shutil.which("sudo"):
        cmd = ["sudo", "-n", "-u", "postgres"] + base
    else:
        return False
    return subprocess.run(cmd, capture_output=True, text=True).returncode == 0


def prepare_database(durable: bool) -> tuple[str, bool]:
    """(conninfo, created) of an empty database for the benchmark."""
    if psql_super(f"CREATE DATABASE {DB_NAME} OWNER mesh_test TEMPLATE template0"):
        if not durable:
            psql_super(f"ALTER DATABASE {DB_NAME} SET synchronous_commit = off")
        return f"postgres://mesh_test:mesh_test@localhost:5432/{DB_NAME}", True
    url = "postgres://mesh_test:mesh_test@localhost:5432/mesh_test"
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("DROP TABLE IF EXISTS organizations, users, org_memberships, sessions, projects, "
                  "api_keys, issues, events, alert_rules CASCADE")
    return url, False


# --------------------------------------------------------------------------
# The two sides


def build_mesh_program(workdir: Path) -> Path:
    proj = workdir / "writer_bench"
    for src in sorted(MESHER.rglob("*.mpl")):
        rel = src.relative_to(MESHER)
        if rel == Path("main.mpl") or any(p.startswith((".", "_")) for p in rel.parts):
            continue
        (proj / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, proj / rel)
    (proj / "main.mpl").write_text(MESH_PROGRAM, encoding="utf-8")
    proc = subprocess.run(MESHPY + ["build", str(proj)], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"meshpy build failed:\n{proc.stderr}")
    return proj


def run_mesh_round(proj: Path, url: str, n: int, slug: str) -> float:
    env = dict(os.environ, MESHER_DB_URL=url, BENCH_N=str(n), BENCH_EVENT=EVENT_TEMPLATE, BENCH_SLUG=slug)
    p = subprocess.Popen(MESHPY + ["run", str(proj)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = p.stdout.readline().strip()
        if not line.startswith("ready "):
            sys.exit(f"Mesh program: expected 'ready', got {line!r}\n{p.stderr.read()}")
        t0 = time.perf_counter()
        p.stdin.write("go\n")
        p.stdin.flush()
        line = p.stdout.readline().strip()
        elapsed = time.perf_counter() - t0
        if line != f"done {n}":
            sys.exit(f"Mesh program: expected 'done {n}', got {line!r}\n{p.stderr.read()}")
        p.stdin.close()
        p.wait(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    return elapsed


async def baseline_round(url: str, sql: str, n: int, slug: str) -> float:
    with psycopg.connect(url, autocommit=True) as c:
        org = c.execute("INSERT INTO organizations (name, slug) VALUES (%s, %s) RETURNING id::text",
                        ("Bench " + slug, slug)).fetchone()[0]
        project_id = c.execute("INSERT INTO projects (org_id, name, platform) VALUES (%s, 'Bench', 'python') "
                               "RETURNING id::text", (org,)).fetchone()[0]
    events = [EVENT_TEMPLATE.replace("@N@", str(i)) for i in range(n)]
    pool = AsyncConnectionPool(url, min_size=2, max_size=10, timeout=5.0, open=False,
                               kwargs={"autocommit": True, "cursor_factory": psycopg.AsyncRawCursor})
    await pool.open(wait=True)
    try:
        t0 = time.perf_counter()
        for ev in events:
            async with pool.connection() as conn:
                await conn.execute(sql, (project_id, ev))
        elapsed = time.perf_counter() - t0
    finally:
        await pool.close()
    with psycopg.connect(url, autocommit=True) as c:
        stored = c.execute("SELECT count(*) FROM events WHERE project_id = %s::uuid", (project_id,)).fetchone()[0]
    if stored != n:
        sys.exit(f"baseline stored {stored} events, expected {n}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--events", type=int, default=5000, help="events per round (default 5000)")
    ap.add_argument("-r", "--rounds", type=int, default=3, help="rounds of each side (default 3)")
    ap.add_argument("--durable", action="store_true",
                    help="keep synchronous_commit as configured (default: off in the bench database)")
    args = ap.parse_args()

    subprocess.run(["bash", str(ROOT / "scripts" / "pg"), "start"], check=True, capture_output=True)
    url, created = prepare_database(args.durable)
    with psycopg.connect(url, autocommit=True) as c:
        sync = c.execute("SHOW synchronous_commit").fetchone()[0]
    sql = insert_sql()
    workdir = Path(tempfile.mkdtemp(prefix="mesher_bench_"))
    try:
        proj = build_mesh_program(workdir)
        # Schema and partitions (and a warm-up of both sides, not measured).
        run_mesh_round(proj, url, 200, "warmup-mesh")
        asyncio.run(baseline_round(url, sql, 200, "warmup-base"))
        mesh_times, base_times = [], []
        for r in range(args.rounds):
            base_times.append(asyncio.run(baseline_round(url, sql, args.events, f"base-{r}")))
            mesh_times.append(run_mesh_round(proj, url, args.events, f"mesh-{r}"))
            print(f"round {r + 1}: psycopg {args.events / base_times[-1]:8.0f} events/s   "
                  f"StorageWriter {args.events / mesh_times[-1]:8.0f} events/s", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if created:
            psql_super(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    mesh_rate = args.events / min(mesh_times)
    base_rate = args.events / min(base_times)
    print(f"events per round: {args.events}, rounds: {args.rounds} (best of each), synchronous_commit={sync}")
    print(f"psycopg AsyncConnectionPool loop: {base_rate:8.0f} events/s")
    print(f"mesher StorageWriter (meshpy):    {mesh_rate:8.0f} events/s")
    print(f"ratio StorageWriter / psycopg:    {mesh_rate / base_rate:.2f}  (goal >= 0.70)")


if __name__ == "__main__":
    main()
