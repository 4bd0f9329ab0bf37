"""Soak benchmark of mesher's ingestion (issue 13).

1. Measures the sustainable ingestion rate R: closed loop, CLIENTS threads,
   MEASURE_S seconds, events answered 202 per second.
2. Offers 2 x R for SOAK_S seconds, open loop (requests are scheduled at a
   fixed pace whatever the answers; a pool of SENDERS threads sends them),
   sampling mesher's RSS every second.
3. Waits until the spool is empty and counts the stored rows by event id.

Prints the figures; exits 1 if an acknowledged event was lost or stored
twice, or if RSS grew by more than RSS_BOUND_MB. Needs PostgreSQL
(scripts/pg start) and superuser access through psql, as the e2e tests.

    .venv/bin/python bench/mesher_soak_bench.py [--soak 60] [--measure 10]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from mesher_api import create_database, drop_database, start_server  # noqa: E402

RSS_BOUND_MB = 150


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Sender:
    """Posts events over one keep-alive connection (asked for with
    `Connection: keep-alive`, as SDKs do; mesher closes a connection whose
    client did not ask)."""

    def __init__(self, port: int, key: str):
        self.port, self.key = port, key
        self.conn = None

    def post(self, eid: str) -> int:
        body = json.dumps({"event_id": eid, "message": f"soak {eid[:2]}", "level": "error"})
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request("POST", "/api/v1/events", body, {"x-sentry-auth": self.key,
                                                                    "content-type": "application/json",
                                                                    "connection": "keep-alive"})
                r = self.conn.getresponse()
                r.read()
                if r.getheader("connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
        return 0


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.acked: list[str] = []
        self.statuses: dict[int, int] = {}

    def add(self, eid: str, status: int) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 202:
                self.acked.append(eid)


def closed_loop(port: int, key: str, clients: int, seconds: float, tally: Tally) -> None:
    stop = time.monotonic() + seconds

    def run():
        s = Sender(port, key)
        while time.monotonic() < stop:
            eid = uuid.uuid4().hex
            tally.add(eid, s.post(eid))
    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def open_loop(port: int, key: str, rate: float, seconds: float, senders: int, tally: Tally,
              pid: int, rss: list) -> int:
    """Schedules rate requests/s for seconds; returns how many were scheduled."""
    work: queue.Queue = queue.Queue()

    def run():
        s = Sender(port, key)
        while True:
            eid = work.get()
            if eid is None:
                return
            tally.add(eid, s.post(eid))
    threads = [threading.Thread(target=run, daemon=True) for _ in range(senders)]
    for t in threads:
        t.start()
    start = time.monotonic()
    scheduled = 0
    next_sample = start
    while True:
        now = time.monotonic()
        if now - start >= seconds:
            break
        due = int((now - start) * rate)
        while scheduled < due:
            work.put(uuid.uuid4().hex)
            scheduled += 1
        if now >= next_sample:
            rss.append(rss_mb(pid))
            next_sample += 1.0
        time.sleep(0.002)
    for _ in threads:
        work.put(None)
    for t in threads:
        t.join(timeout=120)
    return scheduled


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--measure", type=float, default=10.0)
    ap.add_argument("--soak", type=float, default=60.0)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--senders", type=int, default=96)
    ap.add_argument("--max-inflight", type=int, default=32)
    ap.add_argument("--spool-max", type=int, default=5000)
    args = ap.parse_args()

    db = create_database("soak")
    server = start_server(db, {"MESH_HTTP_MAX_INFLIGHT": str(args.max_inflight),
                               "MESHER_SPOOL_MAX": str(args.spool_max),
                               "MESHER_RATE_LIMIT_MAX": "100000000"})
    try:
        project = server.new_project()
        pid = server.process.proc.pid
        port = server.http_port
        rss0 = rss_mb(pid)

        warm = Tally()
        closed_loop(port, project.key, args.clients, args.measure, warm)
        rate = len(warm.acked) / args.measure
        print(f"sustainable rate: {rate:.0f} events/s ({args.clients} closed-loop clients, {args.measure:g} s; "
              f"statuses {warm.statuses})")

        soak, rss = Tally(), []
        t = time.monotonic()
        scheduled = open_loop(port, project.key, 2 * rate, args.soak, args.senders, soak, pid, rss)
        took = time.monotonic() - t
        print(f"offered: {scheduled} requests in {args.soak:g} s = {scheduled / args.soak:.0f}/s (2 x sustainable); "
              f"all answered after {took:.1f} s")
        print(f"answers: {dict(sorted(soak.statuses.items()))}; accepted {len(soak.acked) / took:.0f}/s")
        print(f"mesher RSS: start {rss0:.0f} MB, during soak min {min(rss):.0f} / median "
              f"{statistics.median(rss):.0f} / max {max(rss):.0f} MB (bound: start + {RSS_BOUND_MB} MB)")

        deadline = time.monotonic() + 300
        while server.client.get("/healthz/ingest").json["spool"] > 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        acked = warm.acked + soak.acked
        rows = dict(server.sql("SELECT replace(id::text, '-', ''), count(*) FROM events GROUP BY id"))
        lost = [e for e in acked if e not in rows]
        twice = [e for e, n in rows.items() if n > 1]
        print(f"acknowledged {len(acked)}, stored {len(rows)}, lost {len(lost)}, stored twice {len(twice)}")
        ok = not lost and not twice and max(rss) <= rss0 + RSS_BOUND_MB and soak.statuses.get(503, 0) > 0
        print("result:", "OK" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        server.process.kill()
        drop_database(db)


if __name__ == "__main__":
    sys.exit(main())
