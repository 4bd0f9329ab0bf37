"""Events in batches (issue 12): concurrent POST /api/v1/events requests
share one statement and one spool append (Services.Ingestor), concurrent
bulk requests likewise (Services.BulkIngestor), yet each request gets the
answer its own body deserves; API keys are answered from
the rate limiter's memory, and that memory never outlives a revocation by
more than its 10 s; sampling follows the project's current sample_rate.
Real `meshpy run mesher/` on a database of its own, HTTP only."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from mesher_api import create_database, drop_database, eventually, start_server


@pytest.fixture(scope="module")
def srv(postgres):
    db = create_database("batching")
    server = start_server(db)
    yield server
    server.process.kill()
    drop_database(db)


def post_all(srv, requests: list[tuple[str, dict | None, str | None]], path: str = "/api/v1/events") -> list:
    """Posts every (key, body, raw body) to `path` at the same moment from a
    thread each; the replies in request order."""
    replies: list = [None] * len(requests)
    start = threading.Barrier(len(requests))

    def one(i, key, event, raw):
        start.wait(timeout=60)
        replies[i] = srv.client.post(path, event, raw=raw, headers={"x-sentry-auth": key})
    threads = [threading.Thread(target=one, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return replies


def test_concurrent_events_each_get_their_own_answer(srv):
    a, b = srv.new_project(), srv.new_project()
    good = [(p.key, {"message": f"crash {i % 3}", "level": "error"}, None) for i in range(12) for p in (a, b)]
    bad_level = [(a.key, {"message": "bad level", "level": "critical"}, None) for _ in range(4)]
    no_message = [(b.key, {"level": "error"}, None) for _ in range(4)]
    not_json = [(a.key, None, "not json {") for _ in range(4)]
    requests = good + bad_level + no_message + not_json
    for rounds in range(3):
        replies = post_all(srv, requests)
        statuses = [r.status for r in replies]
        assert statuses == [202] * len(good) + [400] * 12, statuses
        assert {r.json["error"] for r in replies[len(good):len(good) + 4]} == {
            "invalid level: must be fatal, error, warning, info, or debug"}
        assert {r.json["error"] for r in replies[len(good) + 4:len(good) + 8]} == {"missing required field: message"}
        assert all("json" in r.json["error"].lower() for r in replies[len(good) + 8:])
    # Every valid event counted once in its own project's issue, and stored.
    for p in (a, b):
        counts = {i["title"]: i["event_count"] for i in srv.issues(p)}
        assert counts == {"crash 0": 12, "crash 1": 12, "crash 2": 12}
        eventually(lambda: srv.stored(p) == 36)


def test_concurrent_bulk_requests_each_get_their_own_answer(srv):
    """Bulk requests from three projects (one sampling everything away) hit
    the BulkIngestor together with broken ones: each valid request is
    accepted with its own count, each broken one gets its own 400, and the
    issues count every stored event once, however the requests were batched."""
    a, b = srv.new_project(), srv.new_project()
    muted = srv.new_project(sample_rate=0.0)
    good = [(p.key, [{"message": f"bulk {i % 3}", "level": "error"} for i in range(n)], None)
            for n in (1, 5, 10) for p in (a, b)] * 4
    sampled_away = [(muted.key, [{"message": "muted"}] * 7, None) for _ in range(3)]
    bad_level = [(a.key, [{"message": "ok"}, {"message": "bad", "level": "critical"}], None) for _ in range(3)]
    not_array = [(b.key, {"message": "an object, not a list"}, None) for _ in range(3)]
    not_json = [(a.key, None, "[{not json") for _ in range(3)]
    requests = good + sampled_away + bad_level + not_array + not_json
    replies = post_all(srv, requests, path="/api/v1/events/bulk")
    statuses = [r.status for r in replies]
    assert statuses == [202] * (len(good) + 3) + [400] * 9, statuses
    assert [r.json["accepted"] for r in replies[:len(good)]] == [len(body) for _, body, _ in good]
    assert {r.json["accepted"] for r in replies[len(good):len(good) + 3]} == {0}
    bad = replies[len(good) + 3:]
    assert all("invalid level" in r.json["error"] for r in bad[:3]), [r.text for r in bad[:3]]
    assert all(r.json["error"] for r in bad[3:])
    # per project: 4 rounds of 1 + 5 + 10 events spread over three titles
    expected = Counter()
    for n in (1, 5, 10):
        expected.update(f"bulk {i % 3}" for i in range(n))
    for p in (a, b):
        eventually(lambda: srv.stored(p) == 64)
        assert {i["title"]: i["event_count"] for i in srv.issues(p)} == {t: 4 * c for t, c in expected.items()}
    time.sleep(0.3)
    assert srv.stored(muted) == 0 and srv.stored(a) == 64 and srv.stored(b) == 64


def test_a_key_revoked_in_the_database_stops_working_within_ten_seconds(srv):
    p = srv.new_project()
    assert srv.client.ingest(p.key, {"message": "before"}).status == 202
    srv.sql("UPDATE api_keys SET revoked_at = now() WHERE id = %s", (p.key_id,))
    t = time.monotonic()
    eventually(lambda: srv.client.ingest(p.key, {"message": "after"}).status == 401, timeout=15)
    assert time.monotonic() - t < 12
    # An HTTP revocation of another key takes effect at once.
    q = srv.new_project()
    assert srv.client.ingest(q.key, {"message": "before"}).status == 202
    assert srv.client.post(f"/api/v1/api-keys/{q.key_id}/revoke").json["affected"] == 1
    assert srv.client.ingest(q.key, {"message": "after"}).status == 401


def test_sample_rate_changes_apply_to_the_next_event(srv):
    p = srv.new_project()
    c = srv.client
    settings = f"/api/v1/projects/{p.id}/settings"
    assert [c.ingest(p.key, {"message": "kept"}).status for _ in range(3)] == [202] * 3
    assert c.post(settings, {"sample_rate": 0}).status == 200
    assert [c.ingest(p.key, {"message": "dropped"}).status for _ in range(5)] == [202] * 5
    r = c.post("/api/v1/events/bulk", [{"message": "dropped too"}] * 5, headers={"x-sentry-auth": p.key})
    assert (r.status, r.json["accepted"]) == (202, 0)
    assert c.post(settings, {"sample_rate": 1}).status == 200
    assert c.ingest(p.key, {"message": "kept"}).status == 202
    eventually(lambda: srv.stored(p) == 4)
    time.sleep(0.3)
    assert srv.stored(p) == 4
    assert Counter((i["title"], i["event_count"]) for i in srv.issues(p)) == Counter({("kept", 4): 1})


def test_load_monitor_counts_every_ingestion_request(postgres):
    db = create_database("loadcount")
    server = start_server(db)
    try:
        p = server.new_project()
        c = server.client
        statuses = [c.ingest(p.key, {"message": "m"}).status for _ in range(4)]
        statuses += [c.post("/api/v1/events", {"message": "no key"}).status for _ in range(2)]
        statuses += [c.ingest("mshr_unknown", {"message": "m"}).status for _ in range(3)]
        statuses.append(c.post("/api/v1/events/bulk", [{"message": "b"}] * 3, headers={"x-sentry-auth": p.key}).status)
        assert statuses == [202] * 4 + [401] * 5 + [202]
        total = 0
        while total < 10:
            m = server.process.expect(r"\[Mesher\] Load monitor: (\d+) events/5s, 0 peers", timeout=15)
            total += int(m.group(1))
        assert total == 10
    finally:
        server.process.kill()
        drop_database(db)
