"""End-to-end tests of mesher (mesher/) on a real PostgreSQL.

Each test builds a temporary Mesh project from mesher's modules plus a test
program of tests/e2e/programs/ (see conftest.py), runs it with `meshpy run`
against a fresh database, and asserts on its stdout and, with psycopg, on
the rows it left. The first two tests build and run mesher/ itself.
"""

from __future__ import annotations

import json
import hashlib
import re
import subprocess
import time

import psycopg

from e2e_support import MESHER, MESHPY, MESHER_TABLES, drop_mesher_objects, query, url_for
from mesher_api import free_port

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
MESHER_URL = "postgres://mesh:mesh@localhost:5432/mesher"

MESHER_INDEXES = {
    "idx_projects_org_id", "idx_api_keys_project_id", "idx_api_keys_active",
    "idx_org_memberships_org_id", "idx_sessions_user_id", "idx_sessions_expires_at",
    "idx_issues_project_status", "idx_issues_project_last_seen", "idx_issues_assigned_to",
    "idx_events_project_received", "idx_events_issue_received", "idx_events_fingerprint",
    "idx_events_level", "idx_events_tags", "idx_alert_rules_project_id",
    "idx_projects_slug", "idx_alerts_project_status", "idx_alerts_rule", "idx_alerts_triggered",
}

# Free ports, not the defaults 8080/8081 (a developer's mesher may hold them).
HTTP_PORT, WS_PORT = free_port(), free_port()

STARTUP_LINES = [
    "[Mesher] Connecting to PostgreSQL...",
    "[Mesher] Running in standalone mode (no distribution)",
    "[Mesher] Migrations applied",
    "[Mesher] Partitions created (7 days ahead)",
    "[Mesher] OrgService started",
    "[Mesher] ProjectService started",
    "[Mesher] UserService started",
    "[Mesher] StreamManager started",
    "[Mesher] StreamManager drain ticker started (250ms interval)",
    "[Mesher] RateLimiter started (60s window, 1000 max)",
    "[Mesher] EventProcessor started",
    "[Mesher] StorageWriter started (default project)",
    "[Mesher] Running in standalone mode (skipping global registration)",
    "[Mesher] PipelineRegistry started and registered",
    "[Mesher] Health checker started (10s interval)",
    "[Mesher] Spike checker started (5 min interval)",
    "[Mesher] Alert evaluator started (30s interval)",
    "[Mesher] Retention cleaner started (24h interval)",
    "[Mesher] Load monitor started (5s interval, threshold: 100 events)",
    "[Mesher] Foundation ready",
    f"[Mesher] WebSocket server starting on :{WS_PORT}",
    f"[Mesher] HTTP server starting on :{HTTP_PORT}",
]


def schema_state(conninfo: str):
    """(tables, idx_* indexes, events partitions with bounds, days wanted)."""
    with psycopg.connect(conninfo, autocommit=True) as c:
        tables = {r[0] for r in c.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind IN ('r', 'p') AND NOT relispartition")}
        indexes = {r[0] for r in c.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind IN ('i', 'I') AND relname LIKE 'idx%'")}
        partitions = dict(c.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public.events'::regclass"
        ).fetchall()) if "events" in tables else {}
        days = [r[0] for r in c.execute(
            "SELECT to_char(now() + (n || ' days')::interval, 'YYYYMMDD') FROM generate_series(0, 6) n")]
    return tables, indexes, partitions, days


def assert_schema(conninfo: str):
    tables, indexes, partitions, days = schema_state(conninfo)
    assert set(MESHER_TABLES) <= tables
    assert indexes == MESHER_INDEXES
    assert sorted(partitions) == [f"events_{d}" for d in days] + ["events_default"]
    assert partitions["events_default"] == "DEFAULT"
    for d in days:
        iso = f"{d[:4]}-{d[4:6]}-{d[6:]}"
        assert f"FROM ('{iso} 00:00:00" in partitions[f"events_{d}"]


# --------------------------------------------------------------------------
# mesher/ itself


def test_build_mesher_has_no_diagnostics():
    proc = subprocess.run(MESHPY + ["build", "-q", str(MESHER)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and proc.stdout == ""
    proc = subprocess.run(MESHPY + ["check", str(MESHER)], capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_run_mesher_creates_schema_and_partitions(postgres, run_mesh, tmp_path):
    # A fresh state of mesher's own database (Config's default URL, used
    # when DATABASE_URL and MESHER_DATABASE_URL are unset or empty). That
    # database is one per machine, so two suite runs at once take turns here.
    with _machine_lock("mesher-default-database"):
        _run_mesher_on_its_default_database(run_mesh, tmp_path)


def _machine_lock(name):
    """An exclusive lock shared by every test run on this machine (flock on
    a file in /tmp), for the few resources that are one per machine."""
    import contextlib
    import fcntl

    @contextlib.contextmanager
    def held():
        with open(f"/tmp/meshpy-test-{name}.lock", "w") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)
    return held()


def _run_mesher_on_its_default_database(run_mesh, tmp_path):
    drop_mesher_objects(MESHER_URL)
    for attempt in range(2):  # the second start finds everything in place
        p = run_mesh(MESHER, {"MESHER_HTTP_PORT": str(HTTP_PORT), "MESHER_WS_PORT": str(WS_PORT),
                             "DATABASE_URL": "", "MESHER_DATABASE_URL": "",
                                 "MESHER_SPOOL_PATH": str(tmp_path / "spool.db")})
        for line in STARTUP_LINES:
            p.expect(re.escape(line), timeout=60)
        assert p.lines == STARTUP_LINES, p.lines
        time.sleep(0.2)
        assert p.proc.poll() is None, "mesher must keep running (HTTP.serve)"
        p.kill()
        assert_schema(MESHER_URL)
    with psycopg.connect(MESHER_URL, autocommit=True) as c:
        # Every DEFAULT uuidv7() works, and gives a version 7 UUID.
        org_id = c.execute("INSERT INTO organizations (name, slug) VALUES ('Probe', 'e2e-probe-' || "
                           "md5(random()::text)) RETURNING id::text").fetchone()[0]
        assert re.fullmatch(UUID, org_id)
        c.execute("DELETE FROM organizations WHERE id = %s::uuid", (org_id,))


# --------------------------------------------------------------------------
# Schema details, on a fresh database


def test_schema_is_idempotent_and_uuidv7_is_real(fresh_db, mesh_project, run_mesh):
    proj = mesh_project("schema_twice")
    p = run_mesh(proj, {"MESHER_DB_URL": url_for(fresh_db)})
    assert p.rest(timeout=60) == [
        "create_schema 1: Ok", "partitions 1: Ok",
        "create_schema 2: Ok", "partitions 2: Ok",
    ], p.stderr
    assert_schema(url_for(fresh_db))
    # public.uuidv7 exists on this server (no built-in before PostgreSQL 18).
    rows = query(fresh_db, "SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                           "WHERE p.proname = 'uuidv7' AND p.pronargs = 0")
    version = query(fresh_db, "SELECT current_setting('server_version_num')::int")[0][0]
    assert [r[0] for r in rows] == (["pg_catalog"] if version >= 180000 else ["public"])
    # RFC 9562 layout: version 7, variant 10, 48-bit ms timestamp = now,
    # all distinct; the time part never decreases in creation order.
    ids = [r[0] for r in query(fresh_db, "SELECT uuidv7()::text FROM generate_series(1, 2000) ORDER BY 1")]
    assert all(re.fullmatch(UUID, u) for u in ids) and len(set(ids)) == 2000
    seq = query(fresh_db, "SELECT array_agg(u ORDER BY n)::text[] FROM "
                          "(SELECT n, uuidv7() AS u FROM generate_series(1, 2000) n) s")[0][0]
    assert [u[:18] for u in seq] == sorted(u[:18] for u in seq)
    ms, now_ms = query(fresh_db, "SELECT ('x' || translate(left(uuidv7()::text, 13), '-', ''))::bit(48)::bigint, "
                                 "(extract(epoch FROM clock_timestamp()) * 1000)::bigint")[0]
    assert abs(now_ms - ms) < 5000


def test_builtin_functions_win_over_public_ones(fresh_db):
    """Why a public.uuidv7 is harmless on PostgreSQL 18: pg_catalog is
    searched before the search_path, for calls and for column defaults. Shown
    here with gen_random_uuid, a built-in on every supported version."""
    with psycopg.connect(url_for(fresh_db), autocommit=True) as c:
        c.execute("CREATE FUNCTION public.gen_random_uuid() RETURNS uuid LANGUAGE sql "
                  "AS $$ SELECT '00000000-0000-0000-0000-000000000000'::uuid $$")
        c.execute("CREATE TABLE probe (id uuid DEFAULT gen_random_uuid(), n int)")
        c.execute("INSERT INTO probe (n) VALUES (1)")
        assert c.execute("SELECT gen_random_uuid()::text").fetchone()[0] != "00000000-0000-0000-0000-000000000000"
        assert c.execute("SELECT id::text FROM probe").fetchone()[0] != "00000000-0000-0000-0000-000000000000"
        assert c.execute("SELECT to_regprocedure('gen_random_uuid()') = "
                         "'pg_catalog.gen_random_uuid()'::regprocedure").fetchone()[0] is True


def test_types_and_their_derivations(mesh_project, run_mesh):
    proj = mesh_project("types_roundtrip")
    p = run_mesh(proj)
    out = p.rest(timeout=60)
    assert p.proc.returncode == 0, p.stderr
    encoded = json.loads(out[0])
    assert encoded["stacktrace"] == [{"filename": "a.py", "function_name": "f", "lineno": 3, "colno": 1,
                                      "context_line": "x", "in_app": False}]
    assert encoded["exception"] == {"type_name": "KeyError", "value": "k", "module_name": "app"}
    assert (encoded["extra"], encoded["sdk_version"], encoded["tags"]) == (None, None, {"env": "prod"})
    assert out[1:] == [
        "payload boom fatal 1 frames, first f:3 KeyError(k) sdk",
        "payload bare info no frames no exception none",
        "payload error missing field: message",
        "key mshr_ab revoked=none",
        "key mshr_cd revoked=2026-01-01 00:00:00+00",
        "issue T count+1=42",
        "issue error cannot parse '' as Int",
        "rule spike enabled=true",
        '{"condition_type":"threshold","threshold":10,"window_minutes":5}',
        '[{"fields":[],"tag":"Fatal"},{"fields":[],"tag":"Error"},{"fields":[],"tag":"Warning"},'
        '{"fields":[],"tag":"Info"},{"fields":[],"tag":"Debug"}]',
        '[{"fields":[],"tag":"Unresolved"},{"fields":[],"tag":"Resolved"},{"fields":[],"tag":"Archived"}]',
        '{"created_at":"t","id":"o","name":"Acme","slug":"acme"}',
        '{"created_at":"c","expires_at":"e","token":"tok","user_id":"u"}',
    ]


# --------------------------------------------------------------------------
# Services


def test_every_service_call(fresh_db, mesh_project, run_mesh):
    proj = mesh_project("services")
    p = run_mesh(proj, {"MESHER_DB_URL": url_for(fresh_db)})
    out = p.rest(timeout=60)
    assert p.proc.returncode == 0, p.stderr
    text = "\n".join(out)
    assert out[-1] == "run: Ok", text

    def one(pattern):
        """The match of the one output line that fully matches `pattern`."""
        found = [m for m in (re.fullmatch(pattern, x) for x in out) if m]
        assert len(found) == 1, (pattern, text)
        return found[0]

    def has(exact):
        assert out.count(exact) == 1, (exact, text)

    # Organisations: create, get, list.
    acme = one(rf"org created ({UUID})").group(1)
    has("org get Acme Corp acme same_id=true")
    has("org list acme,globex")
    has("org get unknown: Err(not found)")
    # Projects: create, get, list by organisation.
    backend, frontend, other = one(rf"projects created ({UUID}) ({UUID}) ({UUID})").groups()
    has("project get Backend platform=python org_ok=true")
    has("project get Frontend platform=[]")
    has("projects of acme Backend,Frontend")
    has("projects of globex Other")
    # API keys: create, look up the project, revoke, the lookup fails.
    key = one(r"api key (mshr_[0-9a-f]{48})").group(1)
    has("project by key Backend id_ok=true")
    assert out.index("key ci active") < out.index("revoked 1") < out.index("key ci revoked"), text
    has("project by revoked key: Err(not found)")
    has("revoked again 0")
    # Users: register, login, validate, logout, wrong password.
    ada = one(rf"registered ({UUID})").group(1)
    has("user ada@example.com Ada Lovelace")
    has('register duplicate email: Err(duplicate key value violates unique constraint "users_email_key")')
    token = one(r"login token ([0-9a-f]{64})").group(1)
    has("session valid user_ok=true")
    has("login wrong password: Err(invalid credentials)")
    has("login unknown email: Err(invalid credentials)")
    has("logout 1")
    has("session after logout: Err(invalid or expired session)")
    # Memberships: add, get members.
    m1, m2 = one(rf"members added ({UUID}) ({UUID})").groups()
    has("members owner,member")
    has('add member twice: Err(duplicate key value violates unique constraint "org_memberships_user_id_org_id_key")')

    # The database afterwards.
    assert query(fresh_db, "SELECT id::text, name, slug FROM organizations ORDER BY slug") == [
        (acme, "Acme Corp", "acme"), (query(fresh_db, "SELECT id::text FROM organizations WHERE slug = 'globex'")[0][0],
                                      "Globex", "globex")]
    assert query(fresh_db, "SELECT id::text, org_id::text, name, platform FROM projects ORDER BY name") == [
        (backend, acme, "Backend", "python"), (frontend, acme, "Frontend", None),
        (other, query(fresh_db, "SELECT id::text FROM organizations WHERE slug = 'globex'")[0][0], "Other", "go")]
    # Keys are stored as their SHA-256 digest (issue 13), with a display prefix.
    assert query(fresh_db, "SELECT project_id::text, key_value, key_prefix, label, revoked_at IS NOT NULL "
                           "FROM api_keys") == [
        (backend, "sha256:" + hashlib.sha256(key.encode()).hexdigest(), key[:13], "ci", True)]
    # Passwords: `pre:` + bcrypt (cost 12) of the base64 SHA-256 of the password.
    pre = "encode(sha256(convert_to(%s, 'UTF8')), 'base64')"
    users = query(fresh_db, "SELECT id::text, email, display_name, substr(password_hash, 5), "
                            f"substr(password_hash, 5) = crypt({pre}, substr(password_hash, 5)), "
                            f"substr(password_hash, 5) = crypt({pre}, substr(password_hash, 5)) "
                            "FROM users ORDER BY email", ("correct horse battery", "wrong password"))
    assert [(u[0], u[1], u[2]) for u in users][0] == (ada, "ada@example.com", "Ada Lovelace")
    assert [u[1] for u in users] == ["ada@example.com", "bob@example.com"]
    for u in users:
        assert re.fullmatch(r"\$2[aby]\$12\$[./A-Za-z0-9]{53}", u[3]), u[3]  # bcrypt, cost 12
    assert users[0][4] is True and users[0][5] is False
    assert query(fresh_db, "SELECT count(*) FROM sessions WHERE token = %s", (token,)) == [(0,)]
    assert query(fresh_db, "SELECT count(*) FROM sessions") == [(0,)]
    assert query(fresh_db, "SELECT m.id::text, u.email, m.org_id::text, m.role FROM org_memberships m "
                           "JOIN users u ON u.id = m.user_id ORDER BY u.email") == [
        (m1, "ada@example.com", acme, "owner"), (m2, "bob@example.com", acme, "member")]


# --------------------------------------------------------------------------
# StorageWriter


def event_rows(db, project_id):
    return query(db, "SELECT message, level, fingerprint, exception->>'type_name', "
                     "jsonb_array_length(stacktrace), tags->>'env', sdk_name, user_context "
                     "FROM events WHERE project_id = %s::uuid "
                     "ORDER BY substring(message FROM '[0-9]+')::int", (project_id,))


def test_writer_size_flushes_and_explicit_flush(fresh_db, mesh_project, run_mesh):
    proj = mesh_project("writer_batches")
    p = run_mesh(proj, {"MESHER_DB_URL": url_for(fresh_db)})
    project_id = p.expect(rf"project ({UUID})").group(1)
    assert p.rest(timeout=60) == [
        "stored 120",
        "after size flushes: 100",
        "still buffered after 300 ms: 100",
        "after explicit flush: 120",
        "after empty flush: 120",
        "run: Ok",
    ], p.stderr
    rows = event_rows(fresh_db, project_id)
    assert len(rows) == 120
    assert sorted(r[0] for r in rows) == sorted(f"event {i}" for i in range(120))
    assert rows[0] == ("event 0", "error", "fp-0", "ValueError", 1, "test", "mesh-e2e", None)
    assert query(fresh_db, "SELECT count(*) FROM events") == [(120,)]


def test_writer_flush_ticker(fresh_db, mesh_project, run_mesh):
    proj = mesh_project("writer_ticker", ticker_wrapper=True)
    p = run_mesh(proj, {"MESHER_DB_URL": url_for(fresh_db)})
    p.expect("stored 120")
    p.expect("after size flushes: 100")
    p.expect("ticker started")
    p.expect("after ticker flush: 120")
    p.expect("run: Ok")
    time.sleep(0.3)  # more ticks: empty buffer, nothing written twice
    assert p.proc.poll() is None, "the ticker keeps the program alive"
    p.kill()
    assert query(fresh_db, "SELECT count(*), count(DISTINCT message) FROM events") == [(120, 120)]


def test_writer_outage_keeps_the_batch_in_the_spool_and_writes_it_later(fresh_db, mesh_project, run_mesh, tcp_proxy):
    proj = mesh_project("writer_outage")
    p = run_mesh(proj, {"MESHER_DB_URL": url_for(fresh_db, host="127.0.0.1", port=tcp_proxy.port)})
    p.expect(rf"project ({UUID})")
    p.expect("phase 1 stored: 5")
    p.expect("ready for cut")
    tcp_proxy.cut()
    cut_at = time.monotonic()
    p.send("cut")
    p.expect("got cut, storing 7 events")
    p.expect(r"\[StorageWriter\] Database unavailable \(.*\); 7 events stay in the spool", timeout=60)
    gave_up_at = time.monotonic()
    # Five attempts with backoff pauses of at least 100+200+400+800 ms.
    assert gave_up_at - cut_at >= 1.5
    assert query(fresh_db, "SELECT count(*) FROM events") == [(5,)]
    tcp_proxy.restore()
    p.expect("database back: true", timeout=60)
    p.expect("after recovery: 15", timeout=30)
    p.expect("run: Ok")
    messages = [r[0] for r in query(fresh_db, "SELECT message FROM events")]
    assert sorted(messages) == sorted(f"event {i}" for i in range(15))


# --------------------------------------------------------------------------
# Bad input


def test_bad_input_comes_back_as_err_and_loses_nothing(fresh_db, mesh_project, run_mesh):
    proj = mesh_project("bad_input")
    p = run_mesh(proj, {"MESHER_DB_URL": url_for(fresh_db)})
    out = p.rest(timeout=60)
    assert p.proc.returncode == 0, p.stderr
    partition = "events_" + query(fresh_db, "SELECT to_char(now(), 'YYYYMMDD')")[0][0]
    assert out == [
        "good event 1: Ok",
        "malformed json: Err(invalid input syntax for type json)",
        f'unknown level: Err(new row for relation "{partition}" violates check constraint "events_level_check")',
        f'unknown project: Err(insert or update on table "{partition}" violates foreign key constraint '
        '"events_project_id_fkey")',
        "unknown api key: Err(not found)",
        'malformed key id: Err(invalid input syntax for type uuid: "not-a-uuid")',
        'duplicate slug: Err(duplicate key value violates unique constraint "organizations_slug_key")',
        "good event 2: Ok",
        "good org: Ok",
        "key still works: Ok",
        "run: Ok",
    ], "\n".join(out) + p.stderr
    assert query(fresh_db, "SELECT message FROM events ORDER BY id") == [("event 1",), ("event 3",)]
    assert query(fresh_db, "SELECT name, slug FROM organizations ORDER BY slug") == [
        ("Org acme", "acme"), ("Initech", "initech")]
    assert query(fresh_db, "SELECT count(*) FROM api_keys WHERE revoked_at IS NULL") == [(1,)]
