"""End-to-end tests of the mesher service over HTTP (contract
/work/shared/mesher-service.md, section 7). Each server is the real
`meshpy run mesher/` process on a database of its own (created and dropped
here as the superuser), configured through environment variables; the tests
talk to it only over HTTP and read or seed rows with psycopg."""

from __future__ import annotations

import re
import time

import psycopg
import pytest

from e2e_support import MESHER, MeshProcess, url_for
from mesher_api import Project, create_database, drop_database, eventually, start_server

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def srv(postgres):
    db = create_database("api")
    server = start_server(db, {"MESHER_ALERT_INTERVAL_S": "1"})
    yield server
    server.process.kill()
    drop_database(db)


@pytest.fixture
def proj(srv):
    return srv.new_project()


def ev(message="Boom", level="error", **extra):
    return {"message": message, "level": level, **extra}


# --------------------------------------------------------------------------
# Startup and configuration


STARTUP_ORDER = [
    "[Mesher] Connecting to PostgreSQL...",
    "[Mesher] Running in standalone mode (no distribution)",
    "[Mesher] Partitions created (7 days ahead)",
    "[Mesher] OrgService started",
    "[Mesher] ProjectService started",
    "[Mesher] UserService started",
    "[Mesher] StreamManager started",
    "[Mesher] RateLimiter started (60s window, 1000 max)",
    "[Mesher] EventProcessor started",
    "[Mesher] StorageWriter started (default project)",
    "[Mesher] PipelineRegistry started and registered",
    "[Mesher] Foundation ready",
]


def test_startup_lines_ports_and_partitions(srv):
    lines = srv.process.lines
    idx = [lines.index(x) for x in STARTUP_ORDER]
    assert idx == sorted(idx), lines
    assert lines.index("[Mesher] Migrations applied") < lines.index("[Mesher] Partitions created (7 days ahead)")
    ws = lines.index(f"[Mesher] WebSocket server starting on :{srv.ws_port}")
    http = lines.index(f"[Mesher] HTTP server starting on :{srv.http_port}")
    assert idx[-1] < ws < http
    days = [r[0] for r in srv.sql("SELECT to_char(now() + (n || ' days')::interval, 'YYYYMMDD') "
                                  "FROM generate_series(0, 6) n")]
    parts = {r[0] for r in srv.sql("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                                   "WHERE i.inhparent = 'events'::regclass")}
    assert {f"events_{d}" for d in days} | {"events_default"} <= parts
    assert srv.sql("SELECT version, name FROM _mesh_migrations") == [(20260216120000, "create_initial_schema")]


def test_periodic_log_lines(srv):
    srv.process.expect(r"\[Mesher\] Load monitor: \d+ events/5s, 0 peers", timeout=15)
    srv.process.expect(re.escape("[Mesher] Health check: all services responsive"), timeout=15)


def test_unreachable_database_exits_quietly(postgres):
    p = MeshProcess(MESHER, {"DATABASE_URL": "postgres://mesh:mesh@127.0.0.1:1/nothing"})
    try:
        assert p.rest(timeout=90) [-1:] == ["[Mesher] Failed to connect to PostgreSQL"]
        assert p.proc.returncode == 0
    finally:
        p.kill()


def test_unknown_route_and_content_type(srv):
    r = srv.client.get("/api/v1/nothing/here")
    assert r.status == 404
    r = srv.client.get("/healthz")
    assert (r.status, r.json) == (200, {"status": "ok"})
    assert r.headers["content-type"] == "application/json; charset=utf-8"


# --------------------------------------------------------------------------
# Ingestion: authentication and validation


def test_ingestion_auth(srv, proj):
    c = srv.client
    r = c.post("/api/v1/events", ev())
    assert (r.status, r.json) == (401, {"error": "unauthorized"})
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert c.ingest("mshr_doesnotexist", ev()).status == 401
    for header, value in [("x-sentry-auth", proj.key), ("authorization", proj.key),
                          ("authorization", f"Bearer {proj.key}"),
                          ("x-sentry-auth", f"Sentry sentry_version=7, sentry_key={proj.key}"),
                          ("X-Sentry-Auth", proj.key)]:
        r = c.post("/api/v1/events", ev(), headers={header: value})
        assert (r.status, r.json) == (202, {"status": "accepted"}), (header, value, r.text)
    r = c.post(f"/api/v1/api-keys/{proj.key_id}/revoke")
    assert r.json == {"status": "ok", "affected": 1}
    assert c.ingest(proj.key, ev()).status == 401
    assert c.post(f"/api/v1/api-keys/{proj.key_id}/revoke").json["affected"] == 0
    [issue] = srv.issues(proj)
    assert issue["event_count"] == 5


def test_ingestion_validation(srv, proj):
    c = srv.client
    cases = [
        (ev(message=None), "missing required field: message"),
        ({"level": "error"}, "missing required field: message"),
        (ev(level="critical"), "invalid level: must be fatal, error, warning, info, or debug"),
        ([ev()], "event must be a JSON object"),
    ]
    for body, message in cases:
        r = c.ingest(proj.key, body)
        assert (r.status, r.json) == (400, {"error": message}), body
    r = c.post("/api/v1/events", raw="not json {", headers={"x-sentry-auth": proj.key})
    assert r.status == 400 and "error" in r.json
    big = '{"message":"' + "x" * (1048577 - 14) + '"}'
    assert len(big) == 1048577
    r = c.post("/api/v1/events", raw=big, headers={"x-sentry-auth": proj.key})
    assert (r.status, r.json) == (400, {"error": "payload too large"})
    # A missing level is an error-level event (what Sentry does).
    assert c.ingest(proj.key, {"message": "no level"}).status == 202
    assert [(i["title"], i["level"]) for i in srv.issues(proj)] == [("no level", "error")]


# --------------------------------------------------------------------------
# Grouping


def test_same_payload_groups_into_one_issue(srv, proj):
    c = srv.client
    assert c.ingest(proj.key, ev()).status == 202
    [first] = srv.issues(proj)
    assert {k: first[k] for k in ("title", "level", "status", "event_count", "assigned_to")} == {
        "title": "Boom", "level": "error", "status": "unresolved", "event_count": 1, "assigned_to": ""}
    assert re.fullmatch(UUID, first["id"])
    time.sleep(0.01)
    assert c.ingest(proj.key, ev(level="warning")).status == 202
    [second] = srv.issues(proj)
    assert second["id"] == first["id"] and second["event_count"] == 2
    assert second["first_seen"] == first["first_seen"] and second["last_seen"] > first["last_seen"]
    assert second["level"] == "error"  # the first event wins


def frames(*functions, line=1):
    return [{"filename": "app.py", "function_name": f, "lineno": line + i, "colno": line} for i, f in enumerate(functions)]


def test_fingerprint_rules(srv, proj):
    c = srv.client
    # Stack traces: line/column numbers do not matter, functions do.
    c.ingest(proj.key, ev("Crash 0xFF", stacktrace=frames("main", "run", line=1)))
    c.ingest(proj.key, ev("crash ff", stacktrace=frames("main", "run", line=50)))
    c.ingest(proj.key, ev("Crash 0xFF", stacktrace=frames("main", "other")))
    # Custom fingerprint: one issue, titled by its first message.
    c.ingest(proj.key, ev("first title", fingerprint="custom-1"))
    c.ingest(proj.key, ev("second title", fingerprint="custom-1"))
    # Exception: the message does not matter.
    c.ingest(proj.key, ev("E", exception={"type_name": "TypeError", "value": "bad"}))
    c.ingest(proj.key, ev("other", exception={"type_name": "TypeError", "value": "bad"}))
    rows = srv.sql("SELECT fingerprint, title, event_count FROM issues WHERE project_id = %s ORDER BY fingerprint",
                   (proj.id,))
    assert rows == [
        ("TypeError:bad", "E", 2),
        ("app.py|main;app.py|other:crash ff", "Crash 0xFF", 1),
        ("app.py|main;app.py|run:crash ff", "Crash 0xFF", 2),
        ("custom-1", "first title", 2),
    ]


# --------------------------------------------------------------------------
# Events: storage, detail, search


def test_events_are_stored_with_detail_and_navigation(srv, proj):
    c = srv.client
    c.ingest(proj.key, ev("Detail one", tags={"environment": "production"}, sdk_name="mesh-py",
                          stacktrace=frames("f"), exception={"type_name": "KeyError", "value": "k"},
                          fingerprint="detail"))
    c.ingest(proj.key, ev("Detail one", fingerprint="detail"))
    [issue] = srv.issues(proj)
    page = eventually(lambda: (lambda d: d if len(d["data"]) == 2 else None)(
        c.get(f"/api/v1/issues/{issue['id']}/events").json))
    assert page["has_more"] is False
    newer, older = page["data"]
    assert (newer["level"], newer["message"]) == ("error", "Detail one")
    assert newer["received_at"] >= older["received_at"]
    d1 = c.get(f"/api/v1/events/{older['id']}").json
    e = d1["event"]
    assert (e["project_id"], e["issue_id"], e["tags"], e["sdk_name"], e["sdk_version"]) == (
        proj.id, issue["id"], {"environment": "production"}, "mesh-py", "")
    assert e["exception"] == {"type_name": "KeyError", "value": "k"} and e["stacktrace"][0]["function_name"] == "f"
    assert d1["navigation"] == {"prev_id": None, "next_id": newer["id"]}
    d2 = c.get(f"/api/v1/events/{newer['id']}").json
    assert d2["event"]["exception"] is None and d2["event"]["stacktrace"] == [] and d2["event"]["tags"] == {}
    assert d2["navigation"] == {"prev_id": older["id"], "next_id": None}
    assert c.get(f"/api/v1/events/{UNKNOWN}").json == {"error": "event not found"}
    assert c.get(f"/api/v1/events/{UNKNOWN}").status == 404
    assert c.get("/api/v1/events/not-a-uuid").status == 400
    timeline = c.get(f"/api/v1/issues/{issue['id']}/timeline", {"limit": 1}).json
    assert [t["id"] for t in timeline] == [newer["id"]]


def test_search_and_tags(srv, proj):
    c = srv.client
    c.ingest(proj.key, ev("Database Booms loudly", tags={"environment": "production"}))
    c.ingest(proj.key, ev("quiet failure", tags={"environment": "staging"}))
    eventually(lambda: srv.stored(proj) == 2)
    found = c.get(f"/api/v1/projects/{proj.id}/events/search", {"q": "boom"}).json
    assert [f["message"] for f in found] == ["Database Booms loudly"]
    assert c.get(f"/api/v1/projects/{proj.id}/events/search").json == {"error": "missing search query"}
    tagged = c.get(f"/api/v1/projects/{proj.id}/events/tags", {"key": "environment", "value": "production"}).json
    assert [(t["message"], t["tags"]) for t in tagged] == [("Database Booms loudly", {"environment": "production"})]
    r = c.get(f"/api/v1/projects/{proj.id}/events/tags", {"key": "environment"})
    assert (r.status, r.json) == (400, {"error": "missing key or value parameter"})
    # A quote in a tag value is data, not SQL or JSON syntax.
    c.ingest(proj.key, ev("quoted", tags={"environment": 'pro"d\\'}))
    eventually(lambda: srv.stored(proj) == 3)
    tagged = c.get(f"/api/v1/projects/{proj.id}/events/tags", {"key": "environment", "value": 'pro"d\\'}).json
    assert [t["message"] for t in tagged] == ["quoted"]


# --------------------------------------------------------------------------
# Issue states


def one_issue(srv, proj):
    [issue] = srv.issues(proj)
    return issue


def test_issue_state_changes(srv, proj):
    c = srv.client
    c.ingest(proj.key, ev())
    iid = one_issue(srv, proj)["id"]
    assert c.post(f"/api/v1/issues/{iid}/resolve").json == {"status": "ok", "affected": 1}
    assert c.post(f"/api/v1/issues/{iid}/resolve").json == {"status": "ok", "affected": 0}
    assert [i["id"] for i in srv.issues(proj, status="resolved")] == [iid]
    assert srv.issues(proj, status="unresolved") == []
    # Regression: a new event reopens a resolved issue.
    c.ingest(proj.key, ev())
    assert (one_issue(srv, proj)["status"], one_issue(srv, proj)["event_count"]) == ("unresolved", 2)
    # Archived issues stay archived but count.
    assert c.post(f"/api/v1/issues/{iid}/archive").json["affected"] == 1
    c.ingest(proj.key, ev())
    assert (one_issue(srv, proj)["status"], one_issue(srv, proj)["event_count"]) == ("archived", 3)
    assert [i["id"] for i in srv.issues(proj, status="archived")] == [iid]
    assert c.post(f"/api/v1/issues/{iid}/unresolve").json["affected"] == 1
    assert one_issue(srv, proj)["status"] == "unresolved"
    # Discarded: accepted but dropped.
    eventually(lambda: srv.stored(proj) == 3)
    assert c.post(f"/api/v1/issues/{iid}/discard").json["affected"] == 1
    assert c.ingest(proj.key, ev()).status == 202
    time.sleep(0.5)
    assert (one_issue(srv, proj)["status"], one_issue(srv, proj)["event_count"]) == ("discarded", 3)
    assert srv.stored(proj) == 3
    # Delete: the issue and its events go; the next event makes a new issue.
    assert c.post(f"/api/v1/issues/{iid}/delete").json == {"status": "ok", "affected": 1}
    assert srv.issues(proj) == [] and srv.stored(proj) == 0
    assert c.get(f"/api/v1/issues/{iid}/events").json["data"] == []
    c.ingest(proj.key, ev())
    fresh = one_issue(srv, proj)
    assert fresh["id"] != iid and fresh["event_count"] == 1
    # Unknown ids change nothing; malformed ones are 400.
    for action in ("resolve", "archive", "unresolve", "discard", "delete"):
        assert c.post(f"/api/v1/issues/{UNKNOWN}/{action}").json == {"status": "ok", "affected": 0}
        assert c.post(f"/api/v1/issues/nope/{action}").status == 400


def test_assign(srv, proj):
    c = srv.client
    user = srv.new_user()
    c.ingest(proj.key, ev("a"))
    c.ingest(proj.key, ev("b"))
    a = next(i for i in srv.issues(proj) if i["title"] == "a")
    assert c.post(f"/api/v1/issues/{a['id']}/assign", {"user_id": user}).json == {"status": "ok"}
    assert [(i["title"], i["assigned_to"]) for i in srv.issues(proj, assigned_to=user)] == [("a", user)]
    assert c.post(f"/api/v1/issues/{a['id']}/assign", {"user_id": ""}).status == 200
    assert all(i["assigned_to"] == "" for i in srv.issues(proj))
    assert c.post(f"/api/v1/issues/{a['id']}/assign", {"user_id": UNKNOWN}).status == 404


def test_filters_and_pagination(srv, proj):
    c = srv.client
    for i, level in enumerate(["error", "warning", "error"]):
        c.ingest(proj.key, ev(f"issue {i}", level))
        time.sleep(0.01)
    assert [i["title"] for i in srv.issues(proj, level="warning")] == ["issue 1"]
    page1 = c.get(f"/api/v1/projects/{proj.id}/issues", {"limit": 2}).json
    assert [i["title"] for i in page1["data"]] == ["issue 2", "issue 1"]
    assert page1["has_more"] is True
    assert (page1["next_cursor"], page1["next_cursor_id"]) == (page1["data"][-1]["last_seen"], page1["data"][-1]["id"])
    page2 = c.get(f"/api/v1/projects/{proj.id}/issues",
                  {"limit": 2, "cursor": page1["next_cursor"], "cursor_id": page1["next_cursor_id"]}).json
    assert [i["title"] for i in page2["data"]] == ["issue 0"] and page2 == {"data": page2["data"], "has_more": False}
    # The slug lists the same issues as the UUID.
    by_slug = c.get(f"/api/v1/projects/{proj.slug}/issues").json
    assert by_slug == c.get(f"/api/v1/projects/{proj.id}/issues").json
    assert c.get("/api/v1/projects/no-such-slug/issues").status == 404
    assert c.get(f"/api/v1/projects/{proj.id}/issues", {"cursor": page1["next_cursor"]}).status == 400


def test_limit_out_of_range_is_25(srv, proj):
    srv.sql("INSERT INTO issues (project_id, fingerprint, title, level, event_count, last_seen) "
            "SELECT %s, 'fp' || n, 'bulk ' || n, 'info', 1, now() - n * interval '1 second' "
            "FROM generate_series(1, 30) n", (proj.id,))
    for limit in ("0", "abc", "101", "-3"):
        page = srv.client.get(f"/api/v1/projects/{proj.id}/issues", {"limit": limit}).json
        assert len(page["data"]) == 25 and page["has_more"] is True, limit
    assert len(srv.client.get(f"/api/v1/projects/{proj.id}/issues", {"limit": "100"}).json["data"]) == 30


# --------------------------------------------------------------------------
# Bulk ingestion and sampling


def test_bulk(srv, proj):
    c = srv.client
    r = c.post("/api/v1/events/bulk", [ev("b1"), ev("b2", "info"), ev("b1")], headers={"x-sentry-auth": proj.key})
    assert r.status == 202 and r.json["status"] == "accepted"
    eventually(lambda: srv.stored(proj) == 3)
    assert sorted((i["title"], i["event_count"]) for i in srv.issues(proj)) == [("b1", 2), ("b2", 1)]
    assert c.post("/api/v1/events/bulk", [ev()]).status == 401
    r = c.post("/api/v1/events/bulk", [ev()] * 101, headers={"x-sentry-auth": proj.key})
    assert (r.status, r.json) == (400, {"error": "too many events in bulk request (max 100)"})
    r = c.post("/api/v1/events/bulk", [ev("ok"), ev("bad", "critical")], headers={"x-sentry-auth": proj.key})
    assert r.status == 400 and "invalid level" in r.json["error"]
    r = c.post("/api/v1/events/bulk", ev(), headers={"x-sentry-auth": proj.key})
    assert r.status == 400
    big = "[" + " " * 5242880 + "]"
    r = c.post("/api/v1/events/bulk", raw=big, headers={"x-sentry-auth": proj.key})
    assert (r.status, r.json) == (400, {"error": "payload too large"})
    time.sleep(0.3)
    assert srv.stored(proj) == 3 and len(srv.issues(proj)) == 2


def test_sample_rate_zero_drops_everything(srv):
    proj = srv.new_project(sample_rate=0.0)
    c = srv.client
    assert c.post("/api/v1/events/bulk", [ev()], headers={"x-sentry-auth": proj.key}).status == 202
    assert c.ingest(proj.key, ev()).status == 202
    time.sleep(0.4)
    assert srv.issues(proj) == [] and srv.stored(proj) == 0


# --------------------------------------------------------------------------
# Dashboard figures against rows inserted directly


def test_dashboard_figures(srv, proj):
    c = srv.client
    base = f"/api/v1/projects/{proj.id}/dashboard"
    assert c.get(base + "/health").json == {"unresolved_count": 0, "events_24h": 0, "new_today": 0}
    ids = {}
    for title, status, count, first in [("hot", "unresolved", 7, "1 hour"), ("warm", "unresolved", 3, "3 days"),
                                        ("done", "resolved", 50, "2 hours"), ("parked", "archived", 1, "5 days")]:
        ids[title] = srv.sql("INSERT INTO issues (project_id, fingerprint, title, level, status, event_count, "
                             "first_seen) VALUES (%s, %s, %s, 'error', %s, %s, now() - %s::interval) RETURNING id::text",
                             (proj.id, title, title, status, count, first))[0][0]
    rows = [("hot", "error", "production", "10 minutes")] * 3 + [("hot", "warning", "production", "2 hours")] * 2 \
        + [("warm", "info", "staging", "3 hours")] + [("warm", "error", None, "5 minutes")] \
        + [("warm", "error", "production", "30 hours")] * 4
    for issue, level, env, age in rows:
        tags = '{}' if env is None else '{"environment": "%s"}' % env
        srv.sql("INSERT INTO events (project_id, issue_id, level, message, fingerprint, tags, received_at) "
                "VALUES (%s, %s, %s, 'm', 'fp', %s::jsonb, now() - %s::interval)", (proj.id, ids[issue], level, tags, age))
    assert c.get(base + "/health").json == {"unresolved_count": 2, "events_24h": 7, "new_today": 2}
    volume = c.get(base + "/volume").json
    assert all(isinstance(v["count"], int) and v["bucket"] for v in volume)
    assert sum(v["count"] for v in volume) == 7 and len(volume) >= 2
    assert [v["bucket"] for v in volume] == sorted(v["bucket"] for v in volume)
    assert sum(v["count"] for v in c.get(base + "/volume", {"bucket": "day"}).json) == 7
    assert c.get(base + "/volume", {"bucket": "fortnight"}).status == 400
    assert c.get(base + "/levels").json == [{"level": "error", "count": 4}, {"level": "warning", "count": 2},
                                            {"level": "info", "count": 1}]
    top = c.get(base + "/top-issues", {"limit": 1}).json
    assert [(t["title"], t["event_count"], t["status"]) for t in top] == [("hot", 7, "unresolved")]
    assert [t["title"] for t in c.get(base + "/top-issues").json] == ["hot", "warm"]
    assert c.get(base + "/tags", {"key": "environment"}).json == [{"value": "production", "count": 5},
                                                                  {"value": "staging", "count": 1}]
    assert c.get(base + "/tags").json == {"error": "missing key parameter"}
    storage = c.get(f"/api/v1/projects/{proj.id}/storage").json
    assert storage == {"event_count": 11, "estimated_bytes": 11 * 1024}
    assert c.get(f"/api/v1/projects/{UNKNOWN}/dashboard/health").json == {
        "unresolved_count": 0, "events_24h": 0, "new_today": 0}


# --------------------------------------------------------------------------
# Team and API keys


def test_members(srv, proj):
    c = srv.client
    owner = srv.new_user(name="Ada Lovelace")
    mid = srv.sql("INSERT INTO org_memberships (user_id, org_id, role) VALUES (%s, %s, 'owner') RETURNING id::text",
                  (owner, proj.org_id))[0][0]
    org_slug = srv.sql("SELECT slug FROM organizations WHERE id = %s", (proj.org_id,))[0][0]
    members = c.get(f"/api/v1/orgs/{proj.org_id}/members").json
    assert [(m["id"], m["user_id"], m["display_name"], m["role"]) for m in members] == [(mid, owner, "Ada Lovelace", "owner")]
    assert members[0]["email"].endswith("@example.com")
    assert c.get(f"/api/v1/orgs/{org_slug}/members").json == members
    r = c.post(f"/api/v1/orgs/{proj.org_id}/members", {})
    assert (r.status, r.json) == (400, {"error": "user_id is required"})
    bob = srv.new_user(name="Bob")
    r = c.post(f"/api/v1/orgs/{org_slug}/members", {"user_id": bob})
    assert r.status == 201 and re.fullmatch(UUID, r.json["id"])
    bob_mid = r.json["id"]
    assert c.post(f"/api/v1/orgs/{proj.org_id}/members", {"user_id": bob}).status == 409
    assert c.post(f"/api/v1/orgs/{proj.org_id}/members", {"user_id": srv.new_user(), "role": "boss"}).status == 400
    roles = {m["user_id"]: m["role"] for m in c.get(f"/api/v1/orgs/{proj.org_id}/members").json}
    assert roles == {owner: "owner", bob: "member"}
    base = f"/api/v1/orgs/{proj.org_id}/members/{bob_mid}"
    assert c.post(base + "/role", {"role": "admin"}).json == {"status": "ok", "affected": 1}
    assert c.post(base + "/role", {"role": "superuser"}).json == {"status": "ok", "affected": 0}
    other_org = srv.new_project().org_id  # a membership is only reachable through its organization
    assert c.post(f"/api/v1/orgs/{other_org}/members/{bob_mid}/remove").json["affected"] == 0
    roles = {m["user_id"]: m["role"] for m in c.get(f"/api/v1/orgs/{proj.org_id}/members").json}
    assert roles == {owner: "owner", bob: "admin"}
    assert c.post(base + "/remove").json == {"status": "ok", "affected": 1}
    assert c.post(base + "/remove").json == {"status": "ok", "affected": 0}
    assert [m["user_id"] for m in c.get(f"/api/v1/orgs/{proj.org_id}/members").json] == [owner]
    assert c.get("/api/v1/orgs/no-such-org/members").status == 404


def test_api_key_lifecycle(srv, proj):
    c = srv.client
    r = c.post(f"/api/v1/projects/{proj.id}/api-keys", {"label": "ci"})
    assert r.status == 201 and re.fullmatch(r"mshr_[0-9a-f]{48}", r.json["key_value"])
    key = r.json["key_value"]
    assert c.ingest(key, ev()).status == 202
    r2 = c.post(f"/api/v1/projects/{proj.slug}/api-keys")
    assert r2.status == 201
    keys = c.get(f"/api/v1/projects/{proj.id}/api-keys").json
    # Keys are stored as digests: a list shows only their first 13 characters.
    by_id = {k["id"]: k for k in keys}
    assert by_id[r.json["id"]]["label"] == "ci" and by_id[r.json["id"]]["revoked_at"] is None
    assert by_id[r.json["id"]]["key_value"] == key[:13] + "..."
    assert by_id[r2.json["id"]]["label"] == "default"
    assert len(keys) == 3 and all(k["project_id"] == proj.id for k in keys)
    kid = r.json["id"]
    assert c.post(f"/api/v1/api-keys/{kid}/revoke").json == {"status": "ok", "affected": 1}
    revoked = {k["id"]: k for k in c.get(f"/api/v1/projects/{proj.id}/api-keys").json}[kid]
    assert revoked["revoked_at"] is not None
    assert c.ingest(key, ev()).status == 401
    assert c.ingest(r2.json["key_value"], ev()).status == 202


# --------------------------------------------------------------------------
# Alerts


def rule(srv, proj, body):
    r = srv.client.post(f"/api/v1/projects/{proj.id}/alert-rules", body)
    assert r.status == 201, r.text
    return r.json["id"]


def alerts(srv, proj, **params):
    r = srv.client.get(f"/api/v1/projects/{proj.id}/alerts", params or None)
    assert r.status == 200, r.text
    return r.json


def test_new_issue_alert_cooldown_toggle_ack_resolve(srv, proj):
    c = srv.client
    rid = rule(srv, proj, {"name": "n", "condition": {"condition_type": "new_issue"}, "cooldown_minutes": 60})
    [listed] = c.get(f"/api/v1/projects/{proj.id}/alert-rules").json
    assert (listed["id"], listed["enabled"], listed["action"], listed["last_fired_at"], listed["cooldown_minutes"]) == (
        rid, True, {"type": "websocket"}, None, 60)
    c.ingest(proj.key, ev("new one"))
    issue = one_issue(srv, proj)
    [alert] = alerts(srv, proj)
    assert (alert["status"], alert["rule_name"], alert["message"], alert["condition_snapshot"]) == (
        "active", "n", f"new_issue detected for issue {issue['id']}", {"condition_type": "new_issue", "rule_name": "n"})
    assert c.get(f"/api/v1/projects/{proj.id}/alert-rules").json[0]["last_fired_at"] is not None
    c.ingest(proj.key, ev("another new one"))  # within the cooldown
    c.ingest(proj.key, ev("new one"))          # not new
    assert len(alerts(srv, proj)) == 1
    # Disabled rules do not fire even after the cooldown.
    assert c.post(f"/api/v1/alert-rules/{rid}/toggle", {"enabled": False}).json == {"status": "ok", "affected": 1}
    assert c.get(f"/api/v1/projects/{proj.id}/alert-rules").json[0]["enabled"] is False
    srv.sql("UPDATE alert_rules SET last_fired_at = now() - interval '2 hours' WHERE id = %s", (rid,))
    c.ingest(proj.key, ev("third new one"))
    assert len(alerts(srv, proj)) == 1
    assert c.post(f"/api/v1/alert-rules/{rid}/toggle").json["affected"] == 1  # missing → enabled
    c.ingest(proj.key, ev("fourth new one"))
    assert len(alerts(srv, proj)) == 2
    aid = alert["id"]
    assert c.post(f"/api/v1/alerts/{aid}/acknowledge").json == {"status": "ok", "affected": 1}
    assert c.post(f"/api/v1/alerts/{aid}/acknowledge").json["affected"] == 0
    acked = {a["id"]: a for a in alerts(srv, proj)}[aid]
    assert acked["status"] == "acknowledged" and acked["acknowledged_at"] is not None
    assert c.post(f"/api/v1/alerts/{aid}/resolve").json["affected"] == 1
    assert c.post(f"/api/v1/alerts/{aid}/resolve").json["affected"] == 0
    [resolved] = alerts(srv, proj, status="resolved")
    assert resolved["id"] == aid and resolved["resolved_at"] is not None
    assert [a["status"] for a in alerts(srv, proj, status="active")] == ["active"]
    assert c.post(f"/api/v1/alert-rules/{rid}/delete").json == {"status": "ok", "affected": 1}
    assert alerts(srv, proj) == [] and c.get(f"/api/v1/projects/{proj.id}/alert-rules").json == []
    assert c.post(f"/api/v1/alert-rules/{rid}/delete").json["affected"] == 0


def test_threshold_and_regression_alerts(srv, proj):
    c = srv.client
    rule(srv, proj, {"name": "busy", "condition": {"condition_type": "threshold", "threshold": 2, "window_minutes": 5}})
    rule(srv, proj, {"name": "back", "condition": {"condition_type": "regression"}})
    for _ in range(2):
        c.ingest(proj.key, ev("t"))
    eventually(lambda: srv.stored(proj) == 2)
    time.sleep(2.5)  # the evaluator runs every second here: 2 events are not > 2
    assert alerts(srv, proj) == []
    c.ingest(proj.key, ev("t"))
    found = eventually(lambda: alerts(srv, proj), timeout=10)
    assert [(a["rule_name"], a["message"]) for a in found] == [("busy", "Event count exceeded 2 in 5 minutes")]
    assert found[0]["condition_snapshot"] == {"condition_type": "threshold", "rule_name": "busy"}
    srv.process.expect(r"\[Mesher\] Alert evaluator: checked rules, 1 fired", timeout=10)
    # Regression: resolved → unresolved by a new event.
    iid = one_issue(srv, proj)["id"]
    c.post(f"/api/v1/issues/{iid}/resolve")
    c.ingest(proj.key, ev("t"))
    msgs = sorted(a["message"] for a in alerts(srv, proj))
    assert msgs == ["Event count exceeded 2 in 5 minutes", f"regression detected for issue {iid}"]


def test_alert_rule_validation(srv, proj):
    c = srv.client
    url = f"/api/v1/projects/{proj.id}/alert-rules"
    for body in [{"condition": {"condition_type": "sometimes"}},
                 {"condition": {"condition_type": "threshold"}},
                 {"condition": {"condition_type": "threshold", "threshold": 0, "window_minutes": 5}},
                 {"condition": {"condition_type": "new_issue"}, "cooldown_minutes": "soon"},
                 {"condition": {"condition_type": "new_issue"}, "cooldown_minutes": -1}]:
        r = c.post(url, body)
        assert r.status == 400 and "error" in r.json, body
    assert c.post(url, raw="{not json").status == 400
    rid = rule(srv, proj, {"condition": {"condition_type": "new_issue"}, "enabled": False, "name": 'quote " name'})
    [r] = c.get(url).json
    assert (r["id"], r["name"], r["enabled"], r["cooldown_minutes"]) == (rid, 'quote " name', False, 60)


# --------------------------------------------------------------------------
# Settings


def test_settings(srv, proj):
    c = srv.client
    url = f"/api/v1/projects/{proj.slug}/settings"
    assert c.get(url).json == {"retention_days": 90, "sample_rate": 1}
    assert c.post(url, {"retention_days": 30}).json == {"status": "ok", "affected": 1}
    assert c.get(url).json == {"retention_days": 30, "sample_rate": 1}
    assert c.post(url, {"sample_rate": 0.5}).json["affected"] == 1
    assert c.get(url).json == {"retention_days": 30, "sample_rate": 0.5}
    for bad in [{"retention_days": 0}, {"retention_days": 5000}, {"retention_days": "x"}, {"sample_rate": 1.5},
                {"sample_rate": -0.1}]:
        r = c.post(url, bad)
        assert r.status == 400 and "error" in r.json, bad
    assert c.get(url).json == {"retention_days": 30, "sample_rate": 0.5}
    r = c.get(f"/api/v1/projects/{UNKNOWN}/settings")
    assert (r.status, r.json) == (404, {"error": "project not found"})
    assert c.post(f"/api/v1/projects/{UNKNOWN}/settings", {"retention_days": 3}).json["affected"] == 0
    assert c.get("/api/v1/projects/x23456789012345678901234567890123456/settings").status == 400


# --------------------------------------------------------------------------
# Servers of their own: rate limits + admin token, retention


@pytest.fixture
def own_server(postgres):
    made = []

    def start(tag, env):
        db = create_database(tag)
        server = start_server(db, env)
        made.append(server)
        return server

    yield start
    for server in made:
        server.process.kill()
        drop_database(server.db)


def test_rate_limit_window_and_admin_token(own_server):
    srv = own_server("rate", {"MESHER_RATE_LIMIT_MAX": "3", "MESHER_RATE_LIMIT_WINDOW_S": "2",
                              "MESHER_ADMIN_TOKEN": "s3cret"})
    assert "[Mesher] RateLimiter started (2s window, 3 max)" in srv.process.lines
    a, b = srv.new_project(), srv.new_project()
    c = srv.client
    time.sleep(0.2)
    statuses = [c.ingest(a.key, ev()).status for _ in range(4)]
    if statuses != [202, 202, 202, 429]:  # a window boundary fell inside the burst; retry once
        time.sleep(0.1)
        statuses = [c.ingest(a.key, ev()).status for _ in range(4)]
    assert statuses[-1] == 429 and statuses.count(429) == 1, statuses
    refused = c.ingest(a.key, ev())
    assert refused.json == {"error": "rate limited"} and refused.headers["retry-after"] in ("1", "2")
    assert c.ingest(b.key, ev()).status == 202
    time.sleep(2.2)
    assert c.ingest(a.key, ev()).status == 202
    # The admin token guards the management API, not ingestion or /healthz.
    assert c.get(f"/api/v1/projects/{a.id}/issues").status == 401
    assert c.get(f"/api/v1/projects/{a.id}/issues", headers={"authorization": "Bearer wrong"}).status == 401
    r = c.get(f"/api/v1/projects/{a.id}/issues", headers={"authorization": "Bearer s3cret"})
    assert r.status == 200 and r.json["data"][0]["event_count"] >= 4
    assert c.get("/healthz").status == 200
    # Streams want the token too: as a Bearer header or ?token= for browsers.
    from websockets.exceptions import ConnectionClosed
    with pytest.raises(ConnectionClosed) as info:
        with ws_connect(srv, f"/stream/projects/{a.id}") as ws:
            ws.recv(timeout=5)
    assert info.value.rcvd.code == 1008
    with ws_connect(srv, f"/stream/projects/{a.id}?token=s3cret") as ws1, \
            ws_connect(srv, f"/stream/projects/{a.id}", {"authorization": "Bearer s3cret"}) as ws2:
        time.sleep(0.2)
        assert c.ingest(a.key, ev("seen")).status == 202
        for ws in (ws1, ws2):
            assert recv_json(ws)["data"]["message"] == "seen"


def test_spike_checker_reopens_busy_archived_issues(own_server):
    srv = own_server("spike", {"MESHER_SPIKE_INTERVAL_S": "2"})
    proj = srv.new_project()
    ids = {}
    for title, recent in (("busy", 11), ("calm", 10)):
        ids[title] = srv.sql("INSERT INTO issues (project_id, fingerprint, title, level, status, event_count) "
                             "VALUES (%s, %s, %s, 'error', 'archived', %s) RETURNING id::text",
                             (proj.id, title, title, recent))[0][0]
        srv.sql("INSERT INTO events (project_id, issue_id, level, message, fingerprint, received_at) "
                "SELECT %s, %s, 'error', 'm', %s, now() - n * interval '1 minute' FROM generate_series(1, %s) n",
                (proj.id, ids[title], title, recent))
    with ws_connect(srv, f"/stream/projects/{proj.id}") as ws:
        srv.process.expect(re.escape("[Mesher] Spike checker: escalated 1 archived issues"), timeout=15)
        assert recv_json(ws) == {"type": "issue", "action": "unresolved", "issue_id": ids["busy"]}
    status = dict(srv.sql("SELECT title, status FROM issues WHERE project_id = %s", (proj.id,)))
    assert status == {"busy": "unresolved", "calm": "archived"}


def test_retention_deletes_exactly_the_expired(own_server):
    srv = own_server("retention", {"MESHER_RETENTION_INTERVAL_S": "3"})
    short, long_ = srv.new_project(retention_days=30), srv.new_project(retention_days=120)
    old_day = srv.sql("SELECT to_char(current_date - 400, 'YYYYMMDD')")[0][0]
    recent_day = srv.sql("SELECT to_char(current_date - 100, 'YYYYMMDD')")[0][0]
    for day in (old_day, recent_day):
        srv.sql(f"CREATE TABLE events_{day} PARTITION OF events FOR VALUES FROM ('{day}'::date) TO ('{day}'::date + 1)")
    for p in (short, long_):
        for age in ("1 day", "29 days", "31 days", "119 days", "121 days"):
            srv.sql("INSERT INTO events (project_id, level, message, fingerprint, received_at) "
                    "VALUES (%s, 'error', %s, 'fp', now() - %s::interval)", (p.id, age, age))
        srv.sql("INSERT INTO events (project_id, level, message, fingerprint, received_at) "
                "VALUES (%s, 'error', 'day -100', 'fp', %s::date + interval '12 hours')", (p.id, recent_day))
    # Short project: 31, 119, 121 days and day -100; long project: 121 days.
    srv.process.expect(r"\[Mesher\] Retention cleanup: deleted [1-9]\d* expired events", timeout=20)
    srv.process.expect(r"\[Mesher\] Retention cleanup: deleted 0 expired events", timeout=20)
    counts = [int(m.group(1)) for m in (re.fullmatch(r"\[Mesher\] Retention cleanup: deleted (\d+) expired events", x)
                                        for x in srv.process.lines) if m]
    assert sum(counts) == 5, counts
    # The 400-day partition is past every project's retention; the 100-day one is not (120 > 100).
    assert f"[Mesher] Dropped expired partition: events_{old_day}" in srv.process.lines
    left = srv.sql("SELECT project_id::text, message FROM events ORDER BY 1, 2")
    assert sorted(left) == sorted([(short.id, "1 day"), (short.id, "29 days"),
                                   (long_.id, "1 day"), (long_.id, "29 days"), (long_.id, "31 days"),
                                   (long_.id, "119 days"), (long_.id, "day -100")])
    tables = {r[0] for r in srv.sql("SELECT relname FROM pg_class WHERE relname LIKE 'events_%%'")}
    assert f"events_{old_day}" not in tables and f"events_{recent_day}" in tables


# --------------------------------------------------------------------------
# WebSocket stream and ingestion


def ws_connect(srv, path, headers=None):
    from websockets.sync.client import connect
    return connect(f"ws://127.0.0.1:{srv.ws_port}{path}", additional_headers=headers or {}, open_timeout=10)


def recv_json(ws, timeout=5.0):
    import json
    return json.loads(ws.recv(timeout=timeout))


def assert_silent(ws, wait=0.5):
    with pytest.raises(TimeoutError):
        ws.recv(timeout=wait)


def test_stream_delivers_to_subscribed_project_only(srv):
    a, b = srv.new_project(), srv.new_project()
    with ws_connect(srv, f"/stream/projects/{a.id}") as wa, ws_connect(srv, f"/ws/stream/projects/{a.slug}") as wslug, \
            ws_connect(srv, f"/stream/projects/{b.id}") as wb:
        time.sleep(0.2)
        payload = ev("streamed", tags={"environment": "production"})
        assert srv.client.ingest(a.key, payload).status == 202
        issue = one_issue(srv, a)
        for ws in (wa, wslug):
            m1 = recv_json(ws)
            assert (m1["type"], m1["issue_id"], m1["data"]) == ("event", issue["id"], payload)
            assert recv_json(ws) == {"type": "issue_count", "project_id": a.id, "count": 1}
        assert srv.client.post(f"/api/v1/issues/{issue['id']}/resolve").json["affected"] == 1
        for ws in (wa, wslug):
            assert recv_json(ws) == {"type": "issue", "action": "resolved", "issue_id": issue["id"]}
        assert_silent(wb)


def test_stream_filters(srv, proj):
    with ws_connect(srv, f"/stream/projects/{proj.id}") as ws:
        ws.send('{"type":"subscribe","filters":{"level":"error"}}')
        assert recv_json(ws) == {"type": "filters_updated"}
        srv.client.ingest(proj.key, ev("w", "warning"))
        assert recv_json(ws)["type"] == "issue_count"  # the event itself is filtered out
        srv.client.ingest(proj.key, ev("e", "error"))
        m = recv_json(ws)
        assert (m["type"], m["data"]["message"]) == ("event", "e")
        assert recv_json(ws) == {"type": "issue_count", "project_id": proj.id, "count": 2}
        ws.send("not json")
        assert recv_json(ws) == {"type": "error", "message": "invalid subscribe message"}
        ws.send('{"type":"subscribe","filters":{"environment":"staging"}}')
        assert recv_json(ws) == {"type": "filters_updated"}
        srv.client.ingest(proj.key, ev("p", tags={"environment": "production"}))
        srv.client.ingest(proj.key, ev("s", "warning", tags={"environment": "staging"}))
        got = [recv_json(ws) for _ in range(3)]
        assert [(m["type"], m.get("data", {}).get("message")) for m in got] == [
            ("issue_count", None), ("event", "s"), ("issue_count", None)]


def test_stream_alert_and_unknown_project(srv, proj):
    from websockets.exceptions import InvalidStatus, ConnectionClosed
    rule(srv, proj, {"name": "ws rule", "condition": {"condition_type": "new_issue"}})
    with ws_connect(srv, f"/stream/projects/{proj.id}") as ws:
        time.sleep(0.2)
        srv.client.ingest(proj.key, ev("alerting"))
        got = [recv_json(ws) for _ in range(3)]
        [alert] = [m for m in got if m["type"] == "alert"]
        assert (alert["rule_name"], alert["condition"]) == ("ws rule", "new_issue")
        assert alert["message"] == f"new_issue detected for issue {one_issue(srv, proj)['id']}"
    for path in ("/stream/projects/no-such-slug", "/ingest"):
        with pytest.raises((InvalidStatus, ConnectionClosed)) as info:
            with ws_connect(srv, path) as ws:
                ws.recv(timeout=5)
        if isinstance(info.value, ConnectionClosed):
            assert info.value.rcvd.code == 1008
    srv.process.expect(r"\[WS\] Connection closed: \d+", timeout=10)


def test_ws_ingestion(srv, proj):
    from websockets.exceptions import ConnectionClosed
    with pytest.raises(ConnectionClosed) as info:
        with ws_connect(srv, "/ingest", {"x-sentry-auth": "mshr_nope"}) as ws:
            ws.recv(timeout=5)
    assert info.value.rcvd.code == 1008
    with ws_connect(srv, "/ingest", {"x-sentry-auth": proj.key}) as ws:
        ws.send('{"message":"over ws","level":"info"}')
        assert recv_json(ws) == {"status": "accepted"}
        ws.send('{"level":"info"}')
        assert recv_json(ws) == {"error": "missing required field: message"}
    [issue] = srv.issues(proj)
    assert (issue["title"], issue["level"]) == ("over ws", "info")
    eventually(lambda: srv.stored(proj) == 1)


def test_create_org_and_project_then_ingest(srv):
    c = srv.client
    r = c.post("/api/v1/orgs", {"name": "Acme", "slug": "acme-e2e"})
    assert r.status == 201 and r.json["slug"] == "acme-e2e"
    org_id = r.json["id"]
    assert c.post("/api/v1/orgs", {"name": "Acme", "slug": "acme-e2e"}).status == 409
    assert c.post("/api/v1/orgs", {"name": "No slug"}).status == 400
    r = c.post("/api/v1/orgs/acme-e2e/projects", {"name": "Web", "slug": "web-e2e", "platform": "python"})
    assert r.status == 201 and r.json["slug"] == "web-e2e"
    assert srv.sql("SELECT org_id::text, platform FROM projects WHERE id = %s", (r.json["id"],)) == [(org_id, "python")]
    assert c.post("/api/v1/orgs/acme-e2e/projects", {"name": "Bad", "slug": "Has Spaces"}).status == 400
    assert c.post("/api/v1/orgs/nope-org/projects", {"name": "x", "slug": "x"}).status == 404
    key = c.post("/api/v1/projects/web-e2e/api-keys", {"label": "sdk"}).json["key_value"]
    assert c.ingest(key, ev("via created project")).status == 202
    assert [i["title"] for i in c.get("/api/v1/projects/web-e2e/issues").json["data"]] == ["via created project"]


FOUNDATION_DDL = [  # the tables as the foundation mesher created them
    "CREATE TABLE organizations (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), name TEXT NOT NULL, "
    "slug TEXT NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    "CREATE TABLE users (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), email TEXT NOT NULL UNIQUE, "
    "password_hash TEXT NOT NULL, display_name TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    "CREATE TABLE projects (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), org_id UUID NOT NULL REFERENCES "
    "organizations (id) ON DELETE CASCADE, name TEXT NOT NULL, platform TEXT, created_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    "CREATE TABLE issues (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), project_id UUID NOT NULL REFERENCES projects (id) "
    "ON DELETE CASCADE, fingerprint TEXT NOT NULL, title TEXT NOT NULL, level TEXT NOT NULL, status TEXT NOT NULL DEFAULT "
    "'unresolved' CHECK (status IN ('unresolved', 'resolved', 'archived')), event_count INTEGER NOT NULL DEFAULT 0, "
    "first_seen TIMESTAMPTZ NOT NULL DEFAULT now(), last_seen TIMESTAMPTZ NOT NULL DEFAULT now(), assigned_to UUID "
    "REFERENCES users (id) ON DELETE SET NULL, UNIQUE (project_id, fingerprint))",
    "CREATE TABLE alert_rules (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), project_id UUID NOT NULL REFERENCES "
    "projects (id) ON DELETE CASCADE, name TEXT NOT NULL, condition_json JSONB NOT NULL DEFAULT '{}', action_json JSONB "
    "NOT NULL DEFAULT '{}', enabled BOOLEAN NOT NULL DEFAULT true, created_at TIMESTAMPTZ NOT NULL DEFAULT now())",
]


def test_foundation_database_is_upgraded(postgres):
    db = create_database("upgrade")
    try:
        with psycopg.connect(url_for(db), autocommit=True) as c:
            for ddl in FOUNDATION_DDL:
                c.execute(ddl)
            org = c.execute("INSERT INTO organizations (name, slug) VALUES ('Old', 'old') RETURNING id").fetchone()[0]
            c.execute("INSERT INTO projects (org_id, name) VALUES (%s, 'Legacy')", (org,))
        srv = start_server(db)
        try:
            pid = srv.sql("SELECT id::text FROM projects WHERE name = 'Legacy'")[0][0]
            assert srv.client.get(f"/api/v1/projects/{pid}/settings").json == {"retention_days": 90, "sample_rate": 1}
            key = srv.client.post(f"/api/v1/projects/{pid}/api-keys").json["key_value"]
            assert srv.client.ingest(key, ev("upgraded")).status == 202
            iid = srv.client.get(f"/api/v1/projects/{pid}/issues").json["data"][0]["id"]
            assert srv.client.post(f"/api/v1/issues/{iid}/discard").json["affected"] == 1
            rid = rule(srv, Project(pid, "", key, "", ""), {"condition": {"condition_type": "new_issue"}})
            assert srv.sql("SELECT cooldown_minutes FROM alert_rules WHERE id = %s", (rid,)) == [(60,)]
        finally:
            srv.process.kill()
    finally:
        drop_database(db)


def test_hashed_api_keys(own_server):
    srv = own_server("hash", {"MESHER_HASH_API_KEYS": "1", "MESHER_ADMIN_TOKEN": "t"})
    proj = srv.new_project()  # its seeded key is plaintext: both forms authenticate
    auth = {"authorization": "Bearer t"}
    c = srv.client
    r = c.request("POST", f"/api/v1/projects/{proj.id}/api-keys", {"label": "ci"}, headers=auth)
    key = r.json["key_value"]
    assert r.status == 201 and re.fullmatch(r"mshr_[0-9a-f]{48}", key)
    stored = srv.sql("SELECT key_value FROM api_keys WHERE id = %s", (r.json["id"],))[0][0]
    assert stored == "sha256:" + __import__("hashlib").sha256(key.encode()).hexdigest()
    listed = {k["id"]: k["key_value"] for k in c.get(f"/api/v1/projects/{proj.id}/api-keys", headers=auth).json}
    assert listed == {r.json["id"]: key[:13] + "...", proj.key_id: proj.key}
    assert c.ingest(key, ev()).status == 202 and c.ingest(proj.key, ev()).status == 202
    assert c.post(f"/api/v1/api-keys/{r.json['id']}/revoke", headers=auth).json["affected"] == 1
    assert c.ingest(key, ev()).status == 401
