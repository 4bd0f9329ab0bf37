"""Helpers of the mesher end-to-end tests (used by conftest.py and the
tests): paths, database access, temporary Mesh projects, a running
`meshpy run` with line-by-line stdout, and a TCP proxy to PostgreSQL that a
test can cut and restore."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
MESHER = ROOT / "mesher"
PROGRAMS = Path(__file__).resolve().parent / "programs"
MESHPY = [sys.executable, "-m", "meshpy"]
PG_HOST, PG_PORT = "localhost", 5432
TEST_USER = "mesh_test"
DB_PREFIX = "mesher_e2e_"

# Every relation mesher's create_schema makes (partitions go with events).
MESHER_TABLES = [
    "organizations", "users", "org_memberships", "sessions", "projects",
    "api_keys", "issues", "events", "alert_rules", "alerts", "_mesh_migrations",
]


def url_for(db: str, host: str = PG_HOST, port: int = PG_PORT, user: str = TEST_USER) -> str:
    return f"postgres://{user}:{user}@{host}:{port}/{db}"



# --------------------------------------------------------------------------
# Databases


def _superuser_cmd() -> list[str] | None:
    psql = shutil.which("psql") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))), None)
    if psql is None:
        return None
    base = [str(psql), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
            "-h", "/var/run/postgresql", "-p", str(PG_PORT), "-d", "postgres"]
    if os.geteuid() == 0 and shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"] + base
    if shutil.which("sudo"):
        return ["sudo", "-n", "-u", "postgres"] + base
    return None


def psql_super(sql: str) -> str | None:
    """Run SQL as the postgres superuser; None if that is not possible."""
    cmd = _superuser_cmd()
    if cmd is None:
        return None
    proc = subprocess.run(cmd + ["-c", sql], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        return None
    return proc.stdout


def drop_mesher_objects(conninfo: str) -> None:
    with psycopg.connect(conninfo, autocommit=True) as c:
        c.execute("DROP TABLE IF EXISTS " + ", ".join(MESHER_TABLES) + " CASCADE")
        # Qualified: on PostgreSQL 18 an unqualified name is the built-in.
        c.execute("DROP FUNCTION IF EXISTS public.uuidv7()")


def query(db: str, sql: str, params=()):
    """Rows of a query on a test database (psycopg, as mesh_test)."""
    with psycopg.connect(url_for(db), autocommit=True) as c:
        return c.execute(sql, params).fetchall()


# --------------------------------------------------------------------------
# Mesh projects and processes


# mesher's writer module now exports start_flush_ticker itself (main
# spawns the ticker), so the tests need no wrapper of their own.
TICKER_WRAPPER = ""


def copy_mesher_modules(dest: Path) -> None:
    """Every .mpl module of mesher/ except main.mpl (and build output)."""
    for src in sorted(MESHER.rglob("*.mpl")):
        rel = src.relative_to(MESHER)
        if rel == Path("main.mpl") or any(p.startswith((".", "_")) for p in rel.parts):
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)


class MeshProcess:
    """`meshpy run DIR` in its own process group, stdout read line by line."""

    def __init__(self, project: Path, env: dict[str, str] | None = None):
        full_env = dict(os.environ)
        full_env.update(env or {})
        full_env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            MESHPY + ["run", str(project)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=full_env, start_new_session=True,
        )
        self.lines: list[str] = []
        self._q: queue.Queue = queue.Queue()
        self._err: list[str] = []
        threading.Thread(target=self._read, args=(self.proc.stdout, self._q), daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    @staticmethod
    def _read(stream, q):
        for line in stream:
            q.put(line.rstrip("\n"))
        q.put(None)

    def _read_err(self):
        for line in self.proc.stderr:
            self._err.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self._err)

    def expect(self, pattern: str, timeout: float = 30.0) -> re.Match:
        """Read lines until one fully matches `pattern` (a regex)."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(self._explain(f"timed out after {timeout}s waiting for {pattern!r}"))
            try:
                line = self._q.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                self._q.put(None)
                raise AssertionError(self._explain(f"program ended before printing {pattern!r}"))
            self.lines.append(line)
            m = rx.fullmatch(line)
            if m:
                return m

    def rest(self, timeout: float = 30.0) -> list[str]:
        """Wait for the program to end; the lines not read yet."""
        out = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._q.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(self._explain(f"program still running after {timeout}s"))
            if line is None:
                break
            out.append(line)
            self.lines.append(line)
        self.proc.wait(timeout=10)
        return out

    def drain(self) -> list[str]:
        """Every line printed so far (reading what has not been read yet)."""
        while True:
            try:
                line = self._q.get_nowait()
            except queue.Empty:
                return self.lines
            if line is None:
                self._q.put(None)
                return self.lines
            self.lines.append(line)

    def send(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(timeout=10)

    def _explain(self, what: str) -> str:
        return f"{what}\n--- stdout so far:\n" + "\n".join(self.lines) + f"\n--- stderr:\n{self.stderr}"


# --------------------------------------------------------------------------
# TCP proxy


class TcpProxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL. `cut()` closes the listener
    (new connections are refused) and resets every open connection;
    `restore()` listens again on the same port."""

    def __init__(self, target=("127.0.0.1", PG_PORT)):
        self.target = target
        self._lock = threading.Lock()
        self._socks: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.port = 0
        self.accepted = 0
        self.blackholed = False
        self._listen()

    def _listen(self) -> None:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        for attempt in range(50):  # sockets of the cut connections may linger briefly
            try:
                s.bind(("127.0.0.1", self.port))
                break
            except OSError:
                if attempt == 49:
                    raise
                time.sleep(0.1)
        s.listen(64)
        self.port = s.getsockname()[1]
        self._listener = s
        threading.Thread(target=self._accept_loop, args=(s,), daemon=True).start()

    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.blackholed:
                # Accept, never connect upstream, never answer.
                with self._lock:
                    self._socks.add(client)
                threading.Thread(target=self._pump, args=(client, None), daemon=True).start()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    client.close()
                    upstream.close()
                    return
                self._socks.update((client, upstream))
                self.accepted += 1
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket | None) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if dst is not None and not self.blackholed:
                    dst.sendall(data)   # while blackholed, bytes vanish
        except OSError:
            pass
        for s in (src, dst):
            if s is None:
                continue
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def blackhole(self) -> None:
        """From now on nothing passes either way and nothing is refused:
        connections stay open and silent, new ones are accepted and never
        answered (a dead network path). restore() ends it, resetting every
        connection (their byte streams are broken)."""
        self.blackholed = True

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            socks, self._socks = self._socks, set()
        if listener is not None:
            try:
                # Wakes the thread blocked in accept(); a plain close would
                # leave the socket listening (and the port taken) until the
                # next connection attempt.
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        for s in socks:
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def restore(self) -> None:
        if self.blackholed:
            self.cut()
            self.blackholed = False
        with self._lock:
            if self._listener is not None:
                return
        self._listen()

    def close(self) -> None:
        self.cut()
