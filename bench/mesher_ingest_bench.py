"""Ingestion throughput of the mesher service (`meshpy run mesher/`) over
real HTTP into a real PostgreSQL, next to plain-Python baselines in the
same run.

    .venv/bin/python bench/mesher_ingest_bench.py                 # defaults below
    .venv/bin/python bench/mesher_ingest_bench.py -n 1000 -c 4    # quicker

Measured (events/s = events stored in the events table per second, from
the first request until the last row is visible):

1. single  -- N events posted one per request to POST /api/v1/events by C
   concurrent clients. Each client is an asyncio task holding one
   keep-alive connection (`Connection: keep-alive`, as real SDKs do) and
   sending its next request when the previous answer arrived; answers are
   read by Content-Length, nothing else is parsed (a lean client, so that
   the client does not starve the server of the 2 cores).
2. bulk    -- the same N events, --bulk-factor times over (default 5, so
   that the run lasts long enough to measure), posted 100 per request to
   POST /api/v1/events/bulk by C concurrent clients.
3. read    -- p50/p99 latency of GET /api/v1/projects/:id/issues?limit=25
   issued back to back by one client (its own keep-alive connection)
   while (1) runs again.

For (1) and (2) it also prints the time until every request was answered
and until every row was stored, and the CPU time per event of mesher, of
the PostgreSQL backends serving the benchmark's database, and of this
client (the machine's other load does not count there): on a shared
machine the events/s follow whatever share of the cores the run gets,
the CPU per event does not. A 503 (spool full: the writer behind) is
retried after 50 ms and counted.

Baselines, on the same database and the same event JSON:

* psycopg-insert: C asyncio workers with an AsyncConnectionPool insert the
  events one INSERT each (the minimum work of storing an event).
* psycopg-pipeline: the same workers run, per event, the statements mesher
  runs (API-key lookup, issue upsert, event insert) -- mesher's work
  without HTTP, actors or the Mesh runtime.

The database is created as the postgres superuser and dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg_pool import AsyncConnectionPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import e2e_support  # noqa: E402
from e2e_support import MESHER, MeshProcess, psql_super, url_for  # noqa: E402
from mesher_api import free_port  # noqa: E402


def event(i: int) -> dict:
    return {"message": f"bench failure {i % 50}", "level": "error", "tags": {"environment": "bench"},
            "stacktrace": [{"filename": "app.py", "function_name": f"handler_{i % 50}", "lineno": i}]}


class Conn:
    """One keep-alive HTTP/1.1 connection: a request is written in one
    piece; the answer is read up to its headers, then exactly its
    Content-Length bytes. A server that answers `Connection: close` gets a
    new connection for the next request."""

    def __init__(self, port: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.port, self.reader, self.writer = port, reader, writer

    @classmethod
    async def open(cls, port: int) -> "Conn":
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(port, reader, writer)

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
        head = [f"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nContent-Length: {len(body)}\r\n"]
        for k, v in (headers or {}).items():
            head.append(f"{k}: {v}\r\n")
        head.append("\r\n")
        self.writer.write("".join(head).encode() + body)
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, close = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and "close" in value.lower():
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        return status, data

    def close(self) -> None:
        self.writer.close()


class Bench:
    def __init__(self, db: str, port: int):
        self.db, self.port = db, port
        self.conninfo = url_for(db)
        self.timings: list[tuple[float, float]] = []  # (all answered, all stored) seconds per ingest_rate
        self.retries = 0  # requests answered 503 (spool full) and sent again

    def sql(self, q, params=()):
        with psycopg.connect(self.conninfo, autocommit=True) as c:
            cur = c.execute(q, params)
            return cur.fetchall() if cur.description else None

    def new_project(self) -> tuple[str, str]:
        n = secrets.token_hex(4)
        org = self.sql("INSERT INTO organizations (name, slug) VALUES (%s, %s) RETURNING id::text", (n, "o" + n))[0][0]
        pid = self.sql("INSERT INTO projects (org_id, name, slug) VALUES (%s, %s, %s) RETURNING id::text",
                       (org, n, "p" + n))[0][0]
        key = "mshr_" + secrets.token_hex(24)
        self.sql("INSERT INTO api_keys (project_id, key_value) VALUES (%s, %s)", (pid, key))
        return pid, key

    def backends(self) -> list[int]:
        return [r[0] for r in self.sql("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                       "AND pid <> pg_backend_pid()")]

    def stored(self, pid: str) -> int:
        return self.sql("SELECT count(*) FROM events WHERE project_id = %s", (pid,))[0][0]

    async def wait_stored(self, pid: str, n: int, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while await asyncio.to_thread(self.stored, pid) < n:
            if time.monotonic() > deadline:
                raise SystemExit(f"only {self.stored(pid)} of {n} events stored after {timeout}s")
            await asyncio.sleep(0.02)

    async def connect(self) -> "Conn":
        return await Conn.open(self.port)

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
        conn = await self.connect()
        try:
            return await conn.request(method, path, body, headers)
        finally:
            conn.close()

    async def post_all(self, path: str, key: str, bodies: list[bytes], clients: int) -> None:
        queue = list(reversed(bodies))
        headers = {"x-sentry-auth": key, "content-type": "application/json"}

        async def worker():
            conn = await self.connect()
            try:
                while queue:
                    body = queue.pop()
                    status, text = await conn.request("POST", path, body, headers)
                    while status == 503:  # backpressure: retry shortly, as an SDK would
                        self.retries += 1
                        await asyncio.sleep(0.05)
                        status, text = await conn.request("POST", path, body, headers)
                    if status != 202:
                        raise SystemExit(f"{path}: {status} {text[:200]!r}")
            finally:
                conn.close()
        await asyncio.gather(*(worker() for _ in range(clients)))

    async def ingest_rate(self, path: str, bodies: list[bytes], n: int, clients: int) -> float:
        pid, key = self.new_project()
        t0 = time.perf_counter()
        await self.post_all(path, key, bodies, clients)
        t1 = time.perf_counter()
        await self.wait_stored(pid, n)
        t2 = time.perf_counter()
        self.timings.append((t1 - t0, t2 - t0))
        return n / (t2 - t0)

    async def read_latency(self, bodies: list[bytes], n: int, clients: int) -> tuple[float, float, float, int]:
        pid, key = self.new_project()
        done = False
        latencies = []

        async def reader():
            conn = await self.connect()
            while not done:
                t = time.perf_counter()
                status, _ = await conn.request("GET", f"/api/v1/projects/{pid}/issues?limit=25")
                assert status == 200
                latencies.append(time.perf_counter() - t)
            conn.close()
        task = asyncio.create_task(reader())
        t0 = time.perf_counter()
        await self.post_all("/api/v1/events", key, bodies, clients)
        await self.wait_stored(pid, n)
        rate = n / (time.perf_counter() - t0)
        done = True
        await task
        q = statistics.quantiles(latencies, n=100)
        return q[49] * 1000, q[98] * 1000, rate, len(latencies)


UPSERT = ("INSERT INTO issues (project_id, fingerprint, title, level, event_count) VALUES ($1::uuid, $2, $3, 'error', 1) "
          "ON CONFLICT (project_id, fingerprint) DO UPDATE SET event_count = issues.event_count + 1, last_seen = now() "
          "RETURNING id::text")
INSERT = ("INSERT INTO events (project_id, issue_id, level, message, fingerprint, tags, stacktrace) "
          "SELECT $1::uuid, NULLIF($2, '')::uuid, j->>'level', j->>'message', $3, j->'tags', j->'stacktrace' "
          "FROM (SELECT $4::jsonb AS j) AS e")


async def baseline(bench: Bench, events: list[dict], clients: int, pipeline: bool) -> float:
    pid, key = bench.new_project()
    texts = [json.dumps(e) for e in events]
    queue = list(reversed(range(len(events))))
    async with AsyncConnectionPool(bench.conninfo, min_size=2, max_size=10, open=False,
                                   kwargs={"autocommit": True}) as pool:
        await pool.open(wait=True)

        async def worker():
            while queue:
                i = queue.pop()
                e = events[i]
                issue = ""
                async with pool.connection() as conn:
                    cur = psycopg.AsyncRawCursor(conn)
                    if pipeline:
                        await cur.execute("SELECT project_id::text FROM api_keys WHERE key_value = $1 AND revoked_at IS NULL", [key])
                        await cur.fetchall()
                        fp = f"app.py|{e['stacktrace'][0]['function_name']}:{e['message']}"
                        await cur.execute(UPSERT, [pid, fp, e["message"]])
                        issue = (await cur.fetchone())[0]
                    await cur.execute(INSERT, [pid, issue, "fp", texts[i]])
        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return len(events) / (time.perf_counter() - t0)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (0 for one that is gone)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / tick


def cpu_by_pid(pids: list[int]) -> dict[int, float]:
    return {pid: cpu_seconds([pid]) for pid in pids}


@contextlib.contextmanager
def cpu_split(bench: "Bench", pid: int, events: int, out: list):
    """Appends the CPU microseconds per event spent by mesher, by the
    PostgreSQL backends serving the benchmark's database (a backend that
    connected meanwhile counts from zero; the server's shared background
    processes and other databases' backends are left out) and by this
    client while the block runs."""
    pg0 = cpu_by_pid(bench.backends())
    m0, c0 = cpu_seconds([pid]), time.process_time()
    yield
    m1, c1 = cpu_seconds([pid]), time.process_time()
    pg1 = cpu_by_pid(bench.backends())
    pg = sum(t - pg0.get(p, 0.0) for p, t in pg1.items())
    out.append(tuple(round(x * 1e6 / events) for x in (m1 - m0, pg, c1 - c0)))


@contextlib.contextmanager
def profiled(prefix: str | None, pid: int, name: str):
    """py-spy (when asked for) sampling process pid while the block runs."""
    if not prefix:
        yield
        return
    exe = Path(sys.executable).parent / "py-spy"
    spy = subprocess.Popen([str(exe) if exe.exists() else "py-spy", "record", "--format", "raw", "--rate", "200", "--nonblocking",
                            "-o", f"{prefix}-{name}.txt", "-p", str(pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=60)


async def run(args) -> None:
    db = f"mesher_bench_ingest_{os.getpid()}"
    if psql_super(f"CREATE DATABASE \"{db}\" OWNER mesh_test TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'") is None:
        raise SystemExit("needs the postgres superuser (runuser or sudo) to create the benchmark database")
    if args.synchronous_commit != "on":  # PostgreSQL's default is on: a commit is on disk when it returns
        psql_super(f'ALTER DATABASE "{db}" SET synchronous_commit = {args.synchronous_commit}')
    http_port = free_port()
    if args.loop != "asyncio":  # `meshpy run --loop L mesher/`
        e2e_support.MESHPY[:] = [sys.executable, "-c", "import runpy, sys; sys.argv = ['meshpy', 'run', '--loop', "
                                 f"{args.loop!r}] + sys.argv[2:]; runpy.run_module('meshpy', run_name='__main__')"]
    proc = MeshProcess(MESHER, {"DATABASE_URL": url_for(db), "MESHER_HTTP_PORT": str(http_port),
                                "MESHER_WS_PORT": str(free_port()), "MESHER_RATE_LIMIT_MAX": "100000000",
                                "MESHER_SPOOL_MAX": str(args.spool_max)})
    try:
        proc.expect(r"\[Mesher\] HTTP server starting on :\d+", timeout=120)
        bench = Bench(db, http_port)
        for _ in range(100):
            try:
                if (await bench.request("GET", "/healthz"))[0] == 200:
                    break
            except OSError:
                await asyncio.sleep(0.1)
        events = [event(i) for i in range(args.n)]
        singles = [json.dumps(e).encode() for e in events]
        bulks = [json.dumps(events[i:i + 100]).encode() for i in range(0, args.n, 100)]
        bulk_bodies = bulks * args.bulk_factor
        print(f"mesher ingest bench: {args.n} events, {args.clients} concurrent clients, mesher on {args.loop}, "
              f"PostgreSQL synchronous_commit={args.synchronous_commit}, machine cores: {os.cpu_count()}")
        await bench.ingest_rate("/api/v1/events", singles[:100], 100, args.clients)  # warm-up
        rows = []
        cpu: list = []
        pid = proc.proc.pid
        with profiled(args.profile, pid, "single"), cpu_split(bench, pid, args.n, cpu):
            rows.append(("mesher POST /api/v1/events (1 event/request)",
                         await bench.ingest_rate("/api/v1/events", singles, args.n, args.clients)))
        with profiled(args.profile, pid, "bulk"), cpu_split(bench, pid, args.n * args.bulk_factor, cpu):
            rows.append(("mesher POST /api/v1/events/bulk (100 events/request)",
                         await bench.ingest_rate("/api/v1/events/bulk", bulk_bodies, args.n * args.bulk_factor,
                                                 args.clients)))
        rows.append(("baseline psycopg-insert (1 INSERT/event)", await baseline(bench, events, args.clients, False)))
        rows.append(("baseline psycopg-pipeline (key, upsert, insert)", await baseline(bench, events, args.clients, True)))
        for i, (name, rate) in enumerate(rows):
            split = ""
            if i < len(cpu):
                answered, stored = bench.timings[i + 1]
                split = (" (answered in %.2f s, stored in %.2f s; CPU µs/event: mesher %d, postgres %d, client %d)"
                         % ((answered, stored) + cpu[i]))
            print(f"  {name:<56} {rate:9.0f} events/s{split}")
        if bench.retries:
            print(f"  ({bench.retries} requests were answered 503 (spool full) and sent again)")
        p50, p99, rate, count = await bench.read_latency(singles, args.n, args.clients)
        print(f"  GET /api/v1/projects/:id/issues during single-event ingestion ({rate:.0f} events/s): "
              f"p50 {p50:.1f} ms, p99 {p99:.1f} ms over {count} requests")
    finally:
        proc.kill()
        psql_super(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=3000, help="events per measurement (default 3000)")
    ap.add_argument("-c", "--clients", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("--spool-max", type=int, default=100000,
                    help="MESHER_SPOOL_MAX (default 100000: the writer may fall behind the bulk run for a "
                         "while; past it mesher answers 503 and the client retries after 50 ms)")
    ap.add_argument("--bulk-factor", type=int, default=5,
                    help="the bulk run posts N x this many events (default 5: a run long enough to measure)")
    ap.add_argument("--synchronous-commit", default="on", choices=("on", "off"),
                    help="synchronous_commit of the bench database (default on, PostgreSQL's default: a row "
                         "counted as stored is on disk; off trades that for speed, for both mesher and baselines)")
    ap.add_argument("--loop", default="asyncio", choices=("asyncio", "uvloop"),
                    help="event loop mesher runs on (meshpy run --loop; default asyncio)")
    ap.add_argument("--profile", metavar="PREFIX",
                    help="sample mesher with py-spy during the single and bulk runs (PREFIX-single.txt, "
                         "PREFIX-bulk.txt: collapsed stacks; needs `pip install py-spy`)")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
