"""Ingestion throughput of the mesher service (`meshpy run mesher/`) over
real HTTP into a real PostgreSQL, next to plain-Python baselines in the
same run.

    .venv/bin/python bench/mesher_ingest_bench.py                 # defaults below
    .venv/bin/python bench/mesher_ingest_bench.py -n 1000 -c 4    # quicker

Measured (events/s = events stored in the events table per second, from
the first request until the last row is visible):

1. single  -- N events posted one per request to POST /api/v1/events by C
   concurrent clients (asyncio, one connection per request: the server
   answers with Connection: close).
2. bulk    -- the same N events posted 100 per request to
   POST /api/v1/events/bulk by C concurrent clients.
3. read    -- p50/p99 latency of GET /api/v1/projects/:id/issues?limit=25
   issued back to back by one client while (1) runs again.

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
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

import psycopg
from psycopg_pool import AsyncConnectionPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from e2e_support import MESHER, MeshProcess, psql_super, url_for  # noqa: E402
from mesher_api import free_port  # noqa: E402


def event(i: int) -> dict:
    return {"message": f"bench failure {i % 50}", "level": "error", "tags": {"environment": "bench"},
            "stacktrace": [{"filename": "app.py", "function_name": f"handler_{i % 50}", "lineno": i}]}


class Bench:
    def __init__(self, db: str, port: int):
        self.db, self.port = db, port
        self.conninfo = url_for(db)

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

    def stored(self, pid: str) -> int:
        return self.sql("SELECT count(*) FROM events WHERE project_id = %s", (pid,))[0][0]

    async def wait_stored(self, pid: str, n: int, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while await asyncio.to_thread(self.stored, pid) < n:
            if time.monotonic() > deadline:
                raise SystemExit(f"only {self.stored(pid)} of {n} events stored after {timeout}s")
            await asyncio.sleep(0.02)

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {len(body)}\r\n"
        for k, v in (headers or {}).items():
            head += f"{k}: {v}\r\n"
        writer.write(head.encode() + b"\r\n" + body)
        await writer.drain()
        data = await reader.read()
        writer.close()
        status = int(data.split(b" ", 2)[1])
        return status, data.split(b"\r\n\r\n", 1)[1]

    async def post_all(self, path: str, key: str, bodies: list[bytes], clients: int) -> None:
        queue = list(reversed(bodies))

        async def worker():
            while queue:
                body = queue.pop()
                status, text = await self.request("POST", path, body, {"x-sentry-auth": key})
                if status != 202:
                    raise SystemExit(f"{path}: {status} {text[:200]!r}")
        await asyncio.gather(*(worker() for _ in range(clients)))

    async def ingest_rate(self, path: str, bodies: list[bytes], n: int, clients: int) -> float:
        pid, key = self.new_project()
        t0 = time.perf_counter()
        await self.post_all(path, key, bodies, clients)
        await self.wait_stored(pid, n)
        return n / (time.perf_counter() - t0)

    async def read_latency(self, bodies: list[bytes], n: int, clients: int) -> tuple[float, float, float, int]:
        pid, key = self.new_project()
        done = False
        latencies = []

        async def reader():
            while not done:
                t = time.perf_counter()
                status, _ = await self.request("GET", f"/api/v1/projects/{pid}/issues?limit=25")
                assert status == 200
                latencies.append(time.perf_counter() - t)
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


async def run(args) -> None:
    db = f"mesher_bench_ingest_{os.getpid()}"
    if psql_super(f"CREATE DATABASE \"{db}\" OWNER mesh_test TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'") is None:
        raise SystemExit("needs the postgres superuser (runuser or sudo) to create the benchmark database")
    psql_super(f'ALTER DATABASE "{db}" SET synchronous_commit = off')
    http_port = free_port()
    proc = MeshProcess(MESHER, {"DATABASE_URL": url_for(db), "MESHER_HTTP_PORT": str(http_port),
                                "MESHER_WS_PORT": str(free_port()), "MESHER_RATE_LIMIT_MAX": "100000000"})
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
        print(f"mesher ingest bench: {args.n} events, {args.clients} concurrent clients, "
              f"PostgreSQL synchronous_commit=off, machine cores: {os.cpu_count()}")
        await bench.ingest_rate("/api/v1/events", singles[:100], 100, args.clients)  # warm-up
        rows = []
        rows.append(("mesher POST /api/v1/events (1 event/request)",
                     await bench.ingest_rate("/api/v1/events", singles, args.n, args.clients)))
        rows.append(("mesher POST /api/v1/events/bulk (100 events/request)",
                     await bench.ingest_rate("/api/v1/events/bulk", bulks, args.n, args.clients)))
        rows.append(("baseline psycopg-insert (1 INSERT/event)", await baseline(bench, events, args.clients, False)))
        rows.append(("baseline psycopg-pipeline (key, upsert, insert)", await baseline(bench, events, args.clients, True)))
        for name, rate in rows:
            print(f"  {name:<56} {rate:9.0f} events/s")
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
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
