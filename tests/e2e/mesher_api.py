"""Helpers of the HTTP-level mesher tests (test_mesher_api.py): a database
of its own per server, the real `meshpy run mesher/` process configured by
environment variables, a small httpx client, and seeding rows with psycopg."""

from __future__ import annotations

import itertools
import json
import os
import secrets
import socket
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
import psycopg

from e2e_support import MESHER, MeshProcess, psql_super, url_for

_numbers = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database(tag: str) -> str:
    """A new empty database mesher_e2e_<tag>_<pid>_<n> owned by mesh_test."""
    name = f"mesher_e2e_{tag}_{os.getpid()}_{next(_numbers)}"
    out = psql_super(f'CREATE DATABASE "{name}" OWNER mesh_test TEMPLATE template0 '
                     f"ENCODING 'UTF8' LOCALE 'C.UTF-8'")
    assert out is not None, f"could not create database {name} (superuser access needed)"
    return name


def drop_database(name: str) -> None:
    psql_super(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Reply:
    status: int
    headers: dict
    text: str

    @property
    def json(self):
        return json.loads(self.text)


class Client:
    def __init__(self, base: str):
        self.base = base

    def request(self, method: str, path: str, body=None, headers=None, raw: str | None = None) -> Reply:
        data = None
        if raw is not None:
            data = raw.encode()
        elif body is not None:
            data = json.dumps(body).encode()
        # one connection per request, closed after it (as an SDK that does not
        # pool would): a test that restarts the server never meets a stale one
        try:
            r = httpx.request(method, self.base + path, content=data,
                              headers={"connection": "close", **(headers or {})}, timeout=30)
        except httpx.TransportError as e:  # refused, reset, timed out: callers catch OSError
            raise ConnectionError(f"{method} {path}: {e!r}") from e
        return Reply(r.status_code, {k.lower(): v for k, v in r.headers.items()}, r.text)

    def get(self, path, params=None, **kw) -> Reply:
        if params:
            path += "?" + urlencode(params)
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw) -> Reply:
        return self.request("POST", path, body=body, **kw)

    def ingest(self, key: str, event, header="x-sentry-auth") -> Reply:
        return self.post("/api/v1/events", event, headers={header: key})


@dataclass
class Project:
    id: str
    org_id: str
    key: str
    key_id: str
    slug: str


@dataclass
class Server:
    db: str
    process: MeshProcess
    http_port: int
    ws_port: int
    client: Client = field(init=False)

    def __post_init__(self):
        self.client = Client(f"http://127.0.0.1:{self.http_port}")

    @property
    def conninfo(self) -> str:
        return url_for(self.db)

    def sql(self, sql: str, params=()):
        with psycopg.connect(self.conninfo, autocommit=True) as c:
            cur = c.execute(sql, params)
            return cur.fetchall() if cur.description else None

    def new_project(self, slug: str | None = None, org_slug: str | None = None, **settings) -> Project:
        """An organization, a project in it and an active API key."""
        n = secrets.token_hex(4)
        org_slug = org_slug or f"org-{n}"
        slug = slug or f"proj-{n}"
        with psycopg.connect(self.conninfo, autocommit=True) as c:
            row = c.execute("SELECT id::text FROM organizations WHERE slug = %s", (org_slug,)).fetchone()
            org = row[0] if row else c.execute("INSERT INTO organizations (name, slug) VALUES (%s, %s) RETURNING id::text",
                                               (f"Org {org_slug}", org_slug)).fetchone()[0]
            pid = c.execute("INSERT INTO projects (org_id, name, slug) VALUES (%s, %s, %s) RETURNING id::text",
                            (org, f"Project {slug}", slug)).fetchone()[0]
            for col, value in settings.items():
                c.execute(f"UPDATE projects SET {col} = %s WHERE id = %s", (value, pid))
            key = "mshr_" + secrets.token_hex(24)
            key_id = c.execute("INSERT INTO api_keys (project_id, key_value, label) VALUES (%s, %s, 'test') "
                               "RETURNING id::text", (pid, key)).fetchone()[0]
        return Project(pid, org, key, key_id, slug)

    def new_user(self, email: str | None = None, name: str = "Ada") -> str:
        email = email or f"u-{secrets.token_hex(4)}@example.com"
        return self.sql("INSERT INTO users (email, password_hash, display_name) VALUES "
                        "(%s, crypt('pw', gen_salt('bf', 4)), %s) RETURNING id::text", (email, name))[0][0]

    def issues(self, project: Project, **params) -> list:
        r = self.client.get(f"/api/v1/projects/{project.id}/issues", params or None)
        assert r.status == 200, r.text
        return r.json["data"]

    def stored(self, project: Project) -> int:
        return self.sql("SELECT count(*) FROM events WHERE project_id = %s", (project.id,))[0][0]


def eventually(fn, timeout: float = 8.0, interval: float = 0.1):
    """Poll fn() until it returns a truthy value; that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last value {value!r})")
        time.sleep(interval)


def start_server(db: str, env: dict | None = None, wait: bool = True) -> Server:
    """mesher on database db; its spool is a file of its own (MESHER_SPOOL_PATH
    in env to reuse one, e.g. across a restart)."""
    http_port, ws_port = free_port(), free_port()
    full = {"DATABASE_URL": url_for(db), "MESHER_HTTP_PORT": str(http_port), "MESHER_WS_PORT": str(ws_port),
            "MESHER_FLUSH_INTERVAL_MS": "100",
            "MESHER_SPOOL_PATH": os.path.join(tempfile.mkdtemp(prefix="mesher_spool_"), "spool.db")}
    full.update(env or {})
    proc = MeshProcess(MESHER, full)
    server = Server(db, proc, http_port, ws_port)
    proc.expect(r"\[Mesher\] HTTP server starting on :\d+", timeout=90)
    eventually(lambda: _up(server), timeout=30)
    return server


def _up(server: Server) -> bool:
    try:
        return server.client.get("/healthz").status == 200
    except OSError:
        return False
