"""Fault suite of mesher's ingestion (issue 13): every event mesher answered
202 must end up in PostgreSQL exactly once, whatever happens to the process
or to the database link. Each test runs the real `meshpy run mesher/` on a
database of its own, posts events with known `event_id`s over HTTP from
several client threads while the fault happens, then (after a restart when
the process is gone) waits until the spool is empty and counts rows by id.

The database link goes through a TCP proxy of the test (e2e_support.TcpProxy)
that can cut every connection or blackhole them; the real PostgreSQL server
is never restarted (other test runs share it)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import tempfile
import threading
import time
import uuid

import pytest

from e2e_support import TcpProxy, url_for
from mesher_api import Client, create_database, drop_database, eventually, start_server


# --------------------------------------------------------------------------
# Harness


class Ingest:
    """Client threads posting events with known ids until stopped; which
    ids were acknowledged (202) and which were sent at all."""

    def __init__(self, base: str, key: str, threads: int = 4, pause: float = 0.0):
        self.client = Client(base)
        self.key = key
        self.pause = pause
        self.acked: list[str] = []
        self.sent: list[str] = []
        self.statuses: dict[int, int] = {}
        self.errors = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def start(self) -> "Ingest":
        for t in self._threads:
            t.start()
        return self

    def _run(self, worker: int) -> None:
        n = 0
        while not self._stop.is_set():
            eid = uuid.uuid4().hex
            n += 1
            with self._lock:
                self.sent.append(eid)
            try:
                r = self.client.ingest(self.key, {"event_id": eid, "message": f"fault {worker}-{n % 7}",
                                                  "level": "error", "tags": {"worker": str(worker)}})
                status = r.status
            except OSError:
                status = 0
            with self._lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == 202:
                    self.acked.append(eid)
            if status != 202:
                time.sleep(0.05)   # refused or overloaded: do not spin
            elif self.pause:
                time.sleep(self.pause)

    def wait_acked(self, n: int, timeout: float = 60) -> None:
        eventually(lambda: len(self.acked) >= n, timeout=timeout)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=60)


class Mesher:
    """A mesher server that can be stopped and started again on the same
    database and spool (and, optionally, through a TCP proxy)."""

    def __init__(self, db: str, proxy: TcpProxy | None = None, env: dict | None = None):
        self.db = db
        self.spool = os.path.join(tempfile.mkdtemp(prefix="mesher_fault_"), "spool.db")
        self.env = {"MESHER_SPOOL_PATH": self.spool, "MESH_SHUTDOWN_TIMEOUT_MS": "20000", **(env or {})}
        if proxy is not None:
            self.env["DATABASE_URL"] = url_for(db, host="127.0.0.1", port=proxy.port)
        self.server = None

    def start(self):
        self.server = start_server(self.db, self.env)
        return self.server

    @property
    def proc(self):
        return self.server.process.proc

    def signal(self, sig: int) -> None:
        os.kill(self.proc.pid, sig)

    def wait_exit(self, timeout: float = 60) -> int:
        self.server.process.rest(timeout=timeout)
        return self.proc.returncode

    def drained(self) -> dict:
        r = self.server.client.get("/healthz/ingest")
        assert r.status == 200, r.text
        return r.json

    def wait_drained(self, timeout: float = 90) -> dict:
        return eventually(lambda: (lambda h: h if h["spool"] == 0 else None)(self.drained()), timeout=timeout)

    def kill(self) -> None:
        if self.server is not None:
            self.server.process.kill()

    def stdout(self) -> str:
        time.sleep(0.2)   # let the reader thread catch up
        return "\n".join(self.server.process.drain())


def stored_ids(db: str) -> dict[str, int]:
    from e2e_support import query
    return {eid.replace("-", ""): n for eid, n in query(db, "SELECT id::text, count(*) FROM events GROUP BY id")}


def assert_exactly_once(db: str, ingest: Ingest) -> dict[str, int]:
    """Every acknowledged id stored once; nothing stored that was not sent;
    no id twice."""
    stored = stored_ids(db)
    missing = [e for e in ingest.acked if e not in stored]
    assert not missing, f"{len(missing)} acknowledged events lost (of {len(ingest.acked)}), e.g. {missing[:3]}"
    twice = {e: n for e, n in stored.items() if n != 1}
    assert not twice, f"stored more than once: {list(twice.items())[:3]}"
    sent = set(ingest.sent)
    assert set(stored) <= sent, "rows that no client sent"
    return stored


@pytest.fixture
def db(postgres):
    name = create_database("fault")
    yield name
    drop_database(name)


@pytest.fixture
def proxy(postgres):
    p = TcpProxy()
    yield p
    p.close()


@pytest.fixture
def running():
    started: list[Mesher] = []

    def make(*args, **kw) -> Mesher:
        m = Mesher(*args, **kw)
        started.append(m)
        return m
    yield make
    for m in started:
        m.kill()


# --------------------------------------------------------------------------
# Process faults


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_mid_ingest_exits_0_and_stores_every_acknowledged_event(db, running, sig):
    m = running(db)
    srv = m.start()
    project = srv.new_project()
    ingest = Ingest(srv.client.base, project.key).start()
    ingest.wait_acked(300)
    m.signal(sig)
    status = m.wait_exit(timeout=60)
    ingest.stop()
    out = m.stdout()
    assert status == 0, srv.process.stderr
    assert "shutting down" in srv.process.stderr and "shutdown complete" in srv.process.stderr
    assert "[StorageWriter] Shutdown: 0 events left in the spool" in out
    # The writer flushed before exiting: nothing waits in the spool.
    with sqlite3.connect(m.spool) as c:
        assert c.execute("SELECT count(*) FROM spool").fetchone() == (0,)
    stored = assert_exactly_once(db, ingest)
    assert len(stored) >= 300


def test_second_signal_exits_at_once(db, running):
    # A blackholed database keeps the writer's terminate work from finishing.
    m = running(db, env={"MESH_SHUTDOWN_TIMEOUT_MS": "60000"})
    srv = m.start()
    srv.new_project()
    m.signal(signal.SIGTERM)
    m.signal(signal.SIGTERM)
    t = time.monotonic()
    status = m.wait_exit(timeout=30)
    assert time.monotonic() - t < 10
    assert status in (0, 143)


def test_sigkill_mid_ingest_then_restart_replays_the_spool(db, running):
    m = running(db, env={"MESHER_FLUSH_INTERVAL_MS": "2000"})
    srv = m.start()
    project = srv.new_project()
    ingest = Ingest(srv.client.base, project.key).start()
    ingest.wait_acked(400)
    m.signal(signal.SIGKILL)
    m.wait_exit(timeout=30)
    ingest.stop()
    with sqlite3.connect(m.spool) as c:
        left = c.execute("SELECT count(*) FROM spool").fetchone()[0]
    srv = m.start()
    assert f"spool.db: {left} events to replay" in srv.process.stderr, srv.process.stderr
    m.wait_drained()
    assert_exactly_once(db, ingest)


def test_writer_crash_is_restarted_and_stores_nothing_twice(db, running):
    # The writer panics after every 3rd committed batch, before it removes
    # the batch from the spool: the restarted writer inserts it again.
    m = running(db, env={"MESHER_FAULT_WRITER_PANIC_EVERY": "3"})
    srv = m.start()
    project = srv.new_project()
    ingest = Ingest(srv.client.base, project.key, pause=0.01).start()
    ingest.wait_acked(300)
    ingest.stop()
    m.wait_drained(timeout=120)
    assert_exactly_once(db, ingest)
    err = srv.process.stderr
    assert "restarting child writer" in err, err
    assert "Fault injection: crashing after batch 3" in m.stdout()


# --------------------------------------------------------------------------
# Database faults (through the proxy)


def test_database_restart_loses_and_duplicates_nothing(db, proxy, running):
    m = running(db, proxy)
    srv = m.start()
    project = srv.new_project()
    ingest = Ingest(srv.client.base, project.key).start()
    ingest.wait_acked(200)
    before = proxy.accepted
    proxy.cut()          # every connection reset, new ones refused: a restart
    time.sleep(3)
    proxy.restore()
    n = len(ingest.acked)
    ingest.wait_acked(n + 200, timeout=90)
    ingest.stop()
    m.wait_drained()
    assert_exactly_once(db, ingest)
    # The pool really lost its connections and made new ones. (Requests
    # during the 3 s wait for a connection, up to the 5 s checkout timeout,
    # so they may all succeed; a longer outage gives 503s, see the blackhole.)
    assert proxy.accepted > before


def test_blackholed_database_for_60s(db, proxy, running):
    m = running(db, proxy, env={"MESHER_DB_STATEMENT_TIMEOUT_MS": "3000"})
    srv = m.start()
    project = srv.new_project()
    ingest = Ingest(srv.client.base, project.key, threads=2, pause=0.02).start()
    ingest.wait_acked(200)
    proxy.blackhole()
    started = time.monotonic()
    # A request while nothing answers fails (503) within the timeouts.
    t = time.monotonic()
    r = srv.client.ingest(project.key, {"message": "during blackhole"})
    assert r.status == 503 and r.headers.get("retry-after") == "1", r
    assert time.monotonic() - t < 12
    time.sleep(max(0.0, 60 - (time.monotonic() - started)))
    proxy.restore()
    n = len(ingest.acked)
    ingest.wait_acked(n + 100, timeout=120)
    ingest.stop()
    m.wait_drained(timeout=120)
    assert_exactly_once(db, ingest)
    assert ingest.statuses.get(503, 0) > 0, ingest.statuses


# --------------------------------------------------------------------------
# Poison


def _entry(event_id: str, project_id: str, t: str, level: str = "error") -> str:
    return json.dumps({"id": event_id, "p": project_id, "i": "", "f": "", "t": t,
                       "e": {"message": f"spooled {event_id[:8]}", "level": level}})


def test_poison_events_in_several_positions_are_rejected_alone(db, running):
    # Events that passed validation but that PostgreSQL refuses for good
    # (an unknown project, a level the CHECK refuses, a malformed time), in
    # the spool at positions 0, 4 and 9 of one batch: only they are
    # rejected, logged and counted; the other events are stored once.
    m = running(db)
    srv = m.start()
    project = srv.new_project()
    srv.process.kill()
    good = [str(uuid.uuid4()) for _ in range(7)]
    poison = {0: (str(uuid.uuid4()), "00000000-0000-4000-8000-000000000000", "2026-01-01 00:00:00+00", "error"),
              4: (str(uuid.uuid4()), project.id, "2026-01-01 00:00:00+00", "catastrophic"),
              9: (str(uuid.uuid4()), project.id, "not a time", "error")}
    entries, g = [], iter(good)
    for pos in range(10):
        if pos in poison:
            eid, pid, t, level = poison[pos]
            entries.append(_entry(eid, pid, t, level))
        else:
            entries.append(_entry(next(g), project.id, "2026-01-01 00:00:00+00"))
    with sqlite3.connect(m.spool) as c:
        c.executemany("INSERT INTO spool (entry) VALUES (?)", [(e,) for e in entries])
    srv = m.start()
    health = m.wait_drained()
    assert health["rejected"] == 3
    stored = stored_ids(db)
    assert sorted(stored) == sorted(e.replace("-", "") for e in good)
    assert set(stored.values()) == {1}
    out = m.stdout()
    for eid, *_ in poison.values():
        assert f"[StorageWriter] Rejected event {eid}" in out, out
    with sqlite3.connect(m.spool) as c:
        reasons = dict(c.execute("SELECT json_extract(entry, '$.id'), reason FROM spool_rejected"))
    assert "foreign key" in reasons[poison[0][0]]
    assert "check constraint" in reasons[poison[4][0]]
    assert "invalid input syntax" in reasons[poison[9][0]]


# --------------------------------------------------------------------------
# Backpressure


def test_full_spool_answers_503_at_once_then_accepts_again(db, proxy, running):
    m = running(db, proxy, env={"MESHER_SPOOL_MAX": "50"})
    srv = m.start()
    project = srv.new_project()
    assert srv.client.ingest(project.key, {"message": "before"}).status == 202
    m.wait_drained()
    # The database stops answering and 60 acknowledged events wait in the
    # spool (as after a long outage): past MESHER_SPOOL_MAX ingestion
    # refuses at once, without touching the database.
    proxy.blackhole()
    waiting = [str(uuid.uuid4()) for _ in range(60)]
    with sqlite3.connect(m.spool) as c:
        c.executemany("INSERT INTO spool (entry) VALUES (?)",
                      [(_entry(e, project.id, "2026-01-01 00:00:00+00"),) for e in waiting])
    t = time.monotonic()
    r = srv.client.ingest(project.key, {"message": "too much"})
    assert r.status == 503 and r.headers.get("retry-after") == "1", r
    assert time.monotonic() - t < 1.0
    proxy.restore()
    m.wait_drained(timeout=60)
    assert srv.client.ingest(project.key, {"message": "after"}).status == 202
    stored = stored_ids(db)
    assert all(stored.get(e.replace("-", "")) == 1 for e in waiting)
