"""Credential rules of mesher (issue 13): bcrypt cost 12 with the 72-byte
limit handled by a SHA-256 pre-hash, normalised emails, length limits,
session tokens and API keys stored as digests and shown once, login taking
the same time for unknown and known emails, secrets only from the
environment, and no SQL built from strings in mesher's sources or the
runtime (beyond an audited list of fixed fragments)."""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

import pytest

from e2e_support import MESHER, ROOT, url_for
from mesher_api import create_database, drop_database, start_server


# --------------------------------------------------------------------------
# Passwords, emails, sessions (through UserService)


@pytest.fixture
def credentials(fresh_db, mesh_project, run_mesh):
    proj = mesh_project("credentials")
    p = run_mesh(proj, {"MESHER_DB_URL": url_for(fresh_db)})
    p.expect("ready for probes", timeout=120)
    yield p
    p.send("quit")


def test_password_email_and_session_rules(credentials):
    out = credentials.lines
    expected = [
        "short password: Err(password too short (min 8 characters))",
        "long password: Err(password too long (max 1024 characters))",
        'long display name: Err(new row for relation "users" violates check constraint "users_display_name_len")',
        'long email: Err(new row for relation "users" violates check constraint "users_email_len")',
        "stored email ada@example.com",          # trimmed, lower-cased
        "hash prefix pre:$2a$12$",               # bcrypt cost 12 over the pre-hash
        "login other case: Ok",
        "login long: Ok",
        "login long, other tail: Err(invalid credentials)",   # bytes past 72 count
        "token length 64",
        "sessions holding the token 0",          # only the digest is stored
        "sessions holding its digest 1",
        "session valid: Ok",
        "logout: Ok",
        "session after logout: Err(invalid or expired session)",
        "checks: Ok",
    ]
    assert out[:len(expected)] == expected, "\n".join(out)


def _probe(p, what: str) -> float:
    t = time.monotonic()
    p.send(what)
    p.expect("done", timeout=30)
    return time.monotonic() - t


def test_login_takes_as_long_for_an_unknown_email(credentials):
    p = credentials
    _probe(p, "known")
    _probe(p, "unknown")
    known, unknown = [], []
    for _ in range(5):
        known.append(_probe(p, "known"))
        unknown.append(_probe(p, "unknown"))
    k, u = statistics.median(known), statistics.median(unknown)
    # bcrypt at cost 12 takes tens of milliseconds at least, for both
    assert k > 0.03 and u > 0.03, (known, unknown)
    assert 0.6 < u / k < 1.6, (known, unknown)


# --------------------------------------------------------------------------
# API keys over HTTP


@pytest.fixture(scope="module")
def srv(postgres):
    db = create_database("sec")
    server = start_server(db)
    yield server
    server.process.kill()
    drop_database(db)


def test_api_keys_are_stored_as_digests_and_shown_once(srv):
    project = srv.new_project()
    c = srv.client
    r = c.post(f"/api/v1/projects/{project.id}/api-keys", {"label": "ci"})
    assert r.status == 201, r.text
    key = r.json["key_value"]
    assert re.fullmatch(r"mshr_[0-9a-f]{48}", key)
    [(stored, prefix)] = srv.sql("SELECT key_value, key_prefix FROM api_keys WHERE id = %s", (r.json["id"],))
    assert stored.startswith("sha256:") and key not in stored and prefix == key[:13]
    listed = {k["id"]: k for k in c.get(f"/api/v1/projects/{project.id}/api-keys").json}
    assert listed[r.json["id"]]["key_value"] == key[:13] + "..."
    assert key not in c.get(f"/api/v1/projects/{project.id}/api-keys").text
    assert c.ingest(key, {"message": "with a hashed key"}).status == 202


def test_text_fields_have_length_limits(srv):
    project = srv.new_project()
    c = srv.client
    r = c.post(f"/api/v1/projects/{project.id}/api-keys", {"label": "x" * 201})
    assert r.status == 400 and "api_keys_label_len" in r.text, r.text
    r = c.ingest(project.key, {"message": "m" * 10001})
    assert r.status == 400 and r.json == {"error": "message too long (max 10000 characters)"}
    r = c.ingest(project.key, {"message": "ok", "fingerprint": "f" * 501})
    assert r.status == 400 and r.json == {"error": "fingerprint too long (max 500 characters)"}
    # A deep stack trace still groups: its long fingerprint is kept as a digest.
    frames = [{"filename": f"f{i}.py" * 5, "function_name": "g" * 20} for i in range(60)]
    assert c.ingest(project.key, {"message": "deep", "stacktrace": frames}).status == 202
    [(fp,)] = srv.sql("SELECT fingerprint FROM issues WHERE project_id = %s AND title = 'deep'", (project.id,))
    assert fp.startswith("md5:") and len(fp) == 36


# --------------------------------------------------------------------------
# Secrets and SQL in the sources


def test_database_url_and_secrets_come_from_the_environment_and_are_not_logged(srv):
    config = (MESHER / "config.mpl").read_text()
    assert 'Env.get(name)' in config
    # No URL with a password other than upstream's documented local default.
    urls = re.findall(r"postgres(?:ql)?://[^\"\s]+", "".join(p.read_text() for p in MESHER.rglob("*.mpl")))
    assert set(urls) <= {"postgres://mesh:mesh@localhost:5432/mesher"}, urls
    out = "\n".join(srv.process.drain()) + srv.process.stderr
    assert "mesh_test:mesh_test" not in out and srv.db not in out


# SQL text may only be built from fixed fragments. Each entry is (file, the
# name concatenated into SQL) with why it is safe; anything else that joins
# a SQL string with `<>` fails the test.
MESH_ALLOWED = {
    ("storage/schema.mpl", "name"): "partition name from pg_class (events_ + 8 digits)",
    ("storage/schema.mpl", "date_str"): "to_char(now() + n days, 'YYYYMMDD')",
    ("storage/schema.mpl", "limits"): "fixed list of (table, column, limit)",
    ("storage/spool.mpl", "mode"): "NORMAL or FULL, chosen in code",
    ("api/helpers.mpl", "table"): "'projects' or 'organizations', fixed by the callers",
    ("storage/queries.mpl", "prehash_sql"): "SQL fragment over a placeholder",
    ("storage/queries.mpl", "token_digest_sql"): "SQL fragment over a placeholder",
    ("storage/queries.mpl", "hash"): "fixed SQL fragment",
    ("storage/queries.mpl", "given"): "fixed SQL fragment",
    ("storage/queries.mpl", "dummy"): "fixed bcrypt salt literal",
    ("storage/queries.mpl", "checked"): "fixed SQL fragment",
    ("api/events.mpl", "op"): "neighbour() is called with '>' or '<' only",
    ("api/events.mpl", "dir"): "neighbour() is called with 'ASC' or 'DESC' only",
    ("api/issues.mpl", "row_json"): "paginated_sql() gets fixed fragments from its callers",
    ("api/issues.mpl", "ts"): "paginated_sql() gets a fixed column name",
    ("api/issues.mpl", "limit_param"): "paginated_sql() gets a placeholder ($n)",
    ("api/issues.mpl", "page"): "paginated_sql() gets a fixed CTE",
}
SQL_WORD = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|FROM|VALUES|CASE|WHEN|COALESCE|WITH|DROP|CREATE)\b")
CONCAT = re.compile(r'<>\s*([a-z_][a-z0-9_]*)(\(|\b)')


def _fragment_builders(text: str) -> set[str]:
    """Functions of a module that return SQL fragments (name ends in _sql
    or _json, or neighbour); their own lines are checked like any other."""
    return set(re.findall(r"fn ([a-z_0-9]+_(?:sql|json)|neighbour)\(", text))


def test_mesher_sql_is_parameterised():
    problems = []
    for path in sorted(MESHER.rglob("*.mpl")):
        rel = path.relative_to(MESHER).as_posix()
        if rel.startswith("_build"):
            continue
        text = path.read_text()
        builders = _fragment_builders(text) | {"validation_sql", "fingerprint_sql", "event_id_sql",
                                               "process_sql", "process_batch_sql"}
        # Locals whose value starts with a literal are fragments: whatever
        # they join is on their own line, which this loop checks too.
        lets = set(re.findall(r'let ([a-z_][a-z0-9_]*) = "', text))
        for n, line in enumerate(text.splitlines(), 1):
            if not SQL_WORD.search(line) or "<>" not in line or line.lstrip().startswith("#"):
                continue
            for m in CONCAT.finditer(line):
                name = m.group(1)
                if name in builders or (rel, name) in MESH_ALLOWED:
                    continue
                if name in lets:
                    continue
                if name in ("j", "p", "t"):
                    continue  # parameters of the _sql/_json builders: a column or alias name
                problems.append(f"{rel}:{n}: `{name}` spliced into SQL")
    assert not problems, "\n".join(problems)


RUNTIME_SQL_FILES = {
    "orm.py": "the ORM quotes identifiers (quote_ident) and binds every value",
    "repo.py": "Repo builds statements from schema identifiers, values are bound",
    "changeset.py": "no SQL text, validation only",
}


def test_runtime_builds_no_sql_from_values():
    runtime = ROOT / "meshpy" / "runtime"
    spliced = re.compile(r'f"[^"]*\b(SELECT|INSERT|UPDATE|DELETE|WHERE|FROM)\b[^"]*\{')
    found = []
    for path in sorted(runtime.rglob("*.py")):
        if path.name in RUNTIME_SQL_FILES:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if spliced.search(line) or re.search(r'"\s*(SELECT|INSERT|UPDATE|DELETE)\b[^"]*"\s*(\+|%)', line):
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
