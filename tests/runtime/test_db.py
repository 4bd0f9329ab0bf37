"""Mesh `Pool` and `Pg` (meshpy/runtime/db.py) against a real PostgreSQL.

The session fixture runs `scripts/pg start`, which installs and starts the
server if needed; the tests use the mesh_test database, each with tables of
its own (unique names, dropped afterwards). No mocks.
"""

import asyncio
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from meshpy.runtime.db import Pg, PgConn, Pool, PoolHandle
from meshpy.runtime.panic import MeshPanic
from meshpy.runtime.values import Err, Ok

ROOT = Path(__file__).resolve().parents[2]
URL = "postgres://mesh_test:mesh_test@localhost:5432/mesh_test"


@pytest.fixture(scope="session", autouse=True)
def postgres():
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "pg"), "start"],
        capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0:
        pytest.fail(f"scripts/pg start failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return URL


@pytest.fixture
def table():
    """A unique table name, dropped after the test."""
    name = "t_" + uuid.uuid4().hex[:12]
    yield name

    async def drop():
        c = (await Pg.connect(URL)).value
        await Pg.execute(c, f"DROP TABLE IF EXISTS {name}", [])
        await Pg.close(c)

    asyncio.run(drop())


def run(coro):
    return asyncio.run(coro)


async def open_pool(min_=1, max_=4, timeout_ms=5000):
    r = await Pool.open(URL, min_, max_, timeout_ms)
    assert r.__class__ is Ok, r
    assert isinstance(r.value, PoolHandle)
    return r.value


async def connect():
    r = await Pg.connect(URL)
    assert r.__class__ is Ok, r
    assert isinstance(r.value, PgConn)
    return r.value


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --------------------------------------------------------------------------
# Rows and text forms


def test_query_returns_text_of_every_type():
    async def main():
        pool = await open_pool()
        r = await Pool.query(pool, """
            SELECT 42 AS i, -7::bigint AS big, true AS yes, false AS no,
                   'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid AS u,
                   '{"b": 1, "a": [1, 2]}'::jsonb AS j, '{"b": 1}'::json AS js,
                   1.50::numeric AS num, 2.5::float8 AS f, ARRAY[1, 2] AS arr,
                   interval '1 day' AS iv, '2026-03-01'::date AS d,
                   '\\x0102'::bytea AS bin, NULL::int AS nothing, '' AS empty,
                   'héllo ✓' AS uni""", [])
        await Pool.close(pool)
        return r

    r = run(main())
    assert r.__class__ is Ok
    assert r.value == [{
        "i": "42", "big": "-7", "yes": "t", "no": "f",
        "u": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        "j": '{"a": [1, 2], "b": 1}', "js": '{"b": 1}',
        "num": "1.50", "f": "2.5", "arr": "{1,2}", "iv": "1 day", "d": "2026-03-01",
        "bin": "\\x0102", "nothing": "", "empty": "", "uni": "héllo ✓",
    }]


def test_timestamptz_is_the_server_text():
    async def main():
        c = await connect()
        r = await Pg.query(c, "SELECT x AS raw, x::text AS txt, now() AS now, now()::text AS now_txt "
                              "FROM (SELECT '2026-03-01 09:15:02.123456+00'::timestamptz AS x) s", [])
        await Pg.close(c)
        return r

    row = run(main()).value[0]
    assert row["raw"] == row["txt"]
    assert row["now"] == row["now_txt"]
    assert re.fullmatch(r"2026-03-01 \d\d:15:02\.123456[+-]\d\d(:\d\d)?", row["raw"]), row


def test_user_defined_types_are_text(table):
    async def main():
        c = await connect()
        assert await Pg.execute(c, f"CREATE TYPE {table}_mood AS ENUM ('sad', 'happy')", []) == Ok(0)
        try:
            return await Pg.query(c, f"SELECT 'happy'::{table}_mood AS m, ROW(1, 'x') AS rec", [])
        finally:
            await Pg.execute(c, f"DROP TYPE {table}_mood", [])
            await Pg.close(c)

    assert run(main()) == Ok([{"m": "happy", "rec": "(1,x)"}])


def test_column_names_as_reported_and_duplicates_later_wins():
    async def main():
        pool = await open_pool()
        a = await Pool.query(pool, "SELECT 1 AS a, 2 AS a", [])
        b = await Pool.query(pool, "SELECT 1, 'x'", [])
        c = await Pool.query(pool, "SELECT 5::text, 6 AS \"Mixed Case\"", [])
        await Pool.close(pool)
        return a, b, c

    a, b, c = run(main())
    assert a == Ok([{"a": "2"}])
    assert b == Ok([{"?column?": "x"}])
    assert c == Ok([{"text": "5", "Mixed Case": "6"}])


def test_rows_in_order_and_empty_results(table):
    async def main():
        pool = await open_pool()
        ddl = await Pool.query(pool, f"CREATE TABLE {table} (id int PRIMARY KEY, name text)", [])
        empty = await Pool.query(pool, f"SELECT * FROM {table}", [])
        await Pool.execute(pool, f"INSERT INTO {table} VALUES (2, 'b'), (1, NULL), (3, 'c')", [])
        rows = await Pool.query(pool, f"SELECT id, name FROM {table} ORDER BY id DESC", [])
        await Pool.close(pool)
        return ddl, empty, rows

    ddl, empty, rows = run(main())
    assert ddl == Ok([])
    assert empty == Ok([])
    assert rows == Ok([{"id": "3", "name": "c"}, {"id": "2", "name": "b"}, {"id": "1", "name": ""}])


# --------------------------------------------------------------------------
# Parameters


def test_parameters_are_untyped_text():
    async def main():
        pool = await open_pool()
        out = [
            await Pool.query(pool, "SELECT $1::int + 1 AS n", ["41"]),
            await Pool.query(pool, "SELECT $1 + 1 AS n", ["41"]),
            await Pool.query(pool, "SELECT $1::uuid AS u", ["A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"]),
            await Pool.query(pool, "SELECT $1 || ' days' AS s, ($1 || ' days')::interval AS iv", ["3"]),
            await Pool.query(pool, "SELECT to_char(now() + ($1 || ' days')::interval, 'YYYYMMDD') = "
                                   "to_char(now() + interval '2 days', 'YYYYMMDD') AS same", ["2"]),
            await Pool.query(pool, "SELECT $1 = '' AS blank, $1 IS NULL AS null", [""]),
            await Pool.query(pool, "SELECT $1::jsonb -> 'k' AS k", ['{"k": [true]}']),
            await Pool.query(pool, "SELECT $2 || $1 AS s", ["b", "a"]),
            await Pool.query(pool, "SELECT $1::int AS n", ["not a number"]),
            await Pool.query(pool, "SELECT 'keep $1 and ? and %s' AS s", []),
        ]
        await Pool.close(pool)
        return out

    out = run(main())
    assert out[0] == Ok([{"n": "42"}])
    assert out[1] == Ok([{"n": "42"}])
    assert out[2] == Ok([{"u": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}])
    assert out[3] == Ok([{"s": "3 days", "iv": "3 days"}])
    assert out[4] == Ok([{"same": "t"}])
    assert out[5] == Ok([{"blank": "t", "null": "f"}])
    assert out[6] == Ok([{"k": "[true]"}])
    assert out[7] == Ok([{"s": "ab"}])
    assert out[8] == Err('invalid input syntax for type integer: "not a number"')
    assert out[9] == Ok([{"s": "keep $1 and ? and %s"}])


def test_one_statement_per_call():
    async def main():
        pool = await open_pool()
        r = await Pool.query(pool, "SELECT 1; SELECT 2", [])
        e = await Pool.execute(pool, "SELECT 1; SELECT 2", [])
        await Pool.close(pool)
        return r, e

    r, e = run(main())
    assert r == Err("cannot insert multiple commands into a prepared statement")
    assert e == r


# --------------------------------------------------------------------------
# Affected rows


def test_execute_returns_affected_rows(table):
    async def main():
        pool = await open_pool()
        out = [
            await Pool.execute(pool, f"CREATE TABLE {table} (id int PRIMARY KEY, v text)", []),
            await Pool.execute(pool, f"CREATE INDEX {table}_v ON {table} (v)", []),
            await Pool.execute(pool, f"INSERT INTO {table} VALUES ($1::int, $2)", ["1", "a"]),
            await Pool.execute(pool, f"INSERT INTO {table} SELECT g, 'b' FROM generate_series(2, 4) g", []),
            await Pool.execute(pool, f"UPDATE {table} SET v = 'c' WHERE v = $1", ["b"]),
            await Pool.execute(pool, f"DELETE FROM {table} WHERE id > 100", []),
            await Pool.execute(pool, f"SELECT * FROM {table}", []),
            await Pool.execute(pool, f"DELETE FROM {table} WHERE id <= $1::int", ["2"]),
            await Pool.execute(pool, "CREATE EXTENSION IF NOT EXISTS pgcrypto", []),
        ]
        await Pool.close(pool)
        return out

    assert run(main()) == [Ok(0), Ok(0), Ok(1), Ok(3), Ok(3), Ok(0), Ok(4), Ok(2), Ok(0)]


# --------------------------------------------------------------------------
# Errors


def test_server_errors_are_the_primary_message(table):
    async def main():
        pool = await open_pool()
        out = [
            await Pool.query(pool, "SELECT * FROM widgets_that_do_not_exist", []),
            await Pool.execute(pool, f"CREATE TABLE {table} (code text UNIQUE)", []),
            await Pool.execute(pool, f"INSERT INTO {table} VALUES ($1)", ["x"]),
            await Pool.execute(pool, f"INSERT INTO {table} VALUES ($1)", ["x"]),
            await Pool.query(pool, "SELEC 1", []),
            await Pool.query(pool, "SELECT 1/0", []),
            # the pool's connections are fine after errors
            await Pool.query(pool, "SELECT 'still fine' AS s", []),
        ]
        await Pool.close(pool)
        return out

    out = run(main())
    assert out[0] == Err('relation "widgets_that_do_not_exist" does not exist')
    assert out[1] == Ok(0)
    assert out[2] == Ok(1)
    assert out[3] == Err(f'duplicate key value violates unique constraint "{table}_code_key"')
    assert out[4] == Err('syntax error at or near "SELEC"')
    assert out[5] == Err("division by zero")
    assert out[6] == Ok([{"s": "still fine"}])


def test_bad_input_is_an_err_not_a_panic():
    async def main():
        c = await connect()
        out = [
            await Pg.query(c, "SELECT $1 AS s", ["a\x00b"]),
            await Pg.query(c, "SELECT $1 AS s", []),
            await Pg.query(c, "SELECT $1 AS s", ["1", "2"]),
            await Pg.query(c, "", []),
            await Pg.query(c, "SELECT 'after' AS s", []),
        ]
        await Pg.close(c)
        return out

    out = run(main())
    assert out[0] == Err("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    assert out[1] == Err('bind message supplies 0 parameters, but prepared statement "" requires 1')
    assert out[2].__class__ is Err
    assert out[3] == Ok([])
    assert out[4] == Ok([{"s": "after"}])


def test_connection_failure_is_a_quick_err():
    port = closed_port()

    async def main():
        t0 = time.monotonic()
        a = await Pg.connect(f"postgres://mesh_test:mesh_test@127.0.0.1:{port}/mesh_test")
        b = await Pool.open(f"postgres://mesh_test:mesh_test@127.0.0.1:{port}/mesh_test", 2, 10, 5000)
        return a, b, time.monotonic() - t0

    a, b, elapsed = run(main())
    assert a.__class__ is Err and a.value.startswith("connection failed: "), a
    assert "refused" in a.value.lower()
    assert b.__class__ is Err and b.value.startswith("pool open: connection failed: "), b
    assert elapsed < 2.0


def test_bad_password_is_an_err():
    async def main():
        return (await Pg.connect("postgres://mesh_test:wrong@localhost:5432/mesh_test"),
                await Pool.open("postgres://mesh_test:wrong@localhost:5432/mesh_test", 1, 2, 5000))

    a, b = run(main())
    assert a == Err('connection failed: password authentication failed for user "mesh_test"')
    assert b == Err('pool open: connection failed: password authentication failed for user "mesh_test"')


def test_pool_with_min_zero_reports_connect_errors_on_checkout():
    port = closed_port()

    async def main():
        r = await Pool.open(f"postgres://x:y@127.0.0.1:{port}/db", 0, 2, 300)
        assert r.__class__ is Ok
        q = await Pool.query(r.value, "SELECT 1", [])
        await Pool.close(r.value)
        return q

    q = run(main())
    assert q.__class__ is Err and q.value.startswith("pool connect: connection failed: "), q


# --------------------------------------------------------------------------
# Pool behaviour


def test_pool_arguments_are_clamped():
    async def main():
        pool = await open_pool(-3, 0, 0)
        p = pool._pool
        sizes = (p.min_size, p.max_size, p.timeout)
        r = await Pool.query(pool, "SELECT 1 AS one", [])
        await Pool.close(pool)
        pool2 = await open_pool(3, 1, 5000)
        sizes2 = (pool2._pool.min_size, pool2._pool.max_size)
        await Pool.close(pool2)
        return sizes, r, sizes2

    sizes, r, sizes2 = run(main())
    assert sizes == (0, 1, 0.1)
    assert r == Ok([{"one": "1"}])
    assert sizes2 == (3, 3)


def test_pool_max_one_makes_users_wait_then_time_out():
    async def main():
        pool = await open_pool(1, 1, 300)
        slow = asyncio.create_task(Pool.query(pool, "SELECT pg_sleep(2)::text AS s", []))
        await asyncio.sleep(0.1)
        t0 = time.monotonic()
        waited = await Pool.query(pool, "SELECT 1 AS one", [])
        timed = time.monotonic() - t0
        gave_up_first = not slow.done()  # the 300 ms checkout timeout, not the connection's return
        await slow
        # With a long enough timeout both users get the one connection in turn.
        pool2 = await open_pool(1, 1, 5000)
        both = await asyncio.gather(Pool.query(pool2, "SELECT pg_sleep(0.2)::text AS s, 1 AS n", []),
                                    Pool.query(pool2, "SELECT 2 AS n", []))
        await Pool.close(pool)
        await Pool.close(pool2)
        return waited, timed, gave_up_first, slow.result(), both

    waited, timed, gave_up_first, slow, both = run(main())
    assert waited == Err("pool checkout timeout")
    assert timed >= 0.25 and gave_up_first
    assert slow == Ok([{"s": ""}])
    assert both == [Ok([{"s": "", "n": "1"}]), Ok([{"n": "2"}])]


def test_pool_discards_connections_the_server_closed():
    async def main():
        pool = await open_pool(2, 2, 5000)
        pids = await asyncio.gather(*[Pool.query(pool, "SELECT pg_backend_pid()::text AS pid, "
                                                       "pg_sleep(0.05)::text AS s", []) for _ in range(2)])
        pids = [r.value[0]["pid"] for r in pids]
        assert len(set(pids)) == 2
        admin = await connect()
        # mesh_test may signal its own backends (same role)
        killed = await Pg.query(admin, "SELECT pg_terminate_backend(pid)::text AS k FROM unnest($1::int[]) pid",
                                ["{" + ",".join(pids) + "}"])
        await Pg.close(admin)
        await asyncio.sleep(0.3)
        after = [await Pool.query(pool, "SELECT 'alive' AS s", []) for _ in range(3)]
        await Pool.close(pool)
        return killed, after

    killed, after = run(main())
    assert killed == Ok([{"k": "true"}, {"k": "true"}])
    assert after == [Ok([{"s": "alive"}])] * 3


def test_pool_is_shared_by_many_tasks():
    async def main():
        pool = await open_pool(2, 3, 5000)
        results = await asyncio.gather(*[Pool.query(pool, "SELECT $1::int * 2 AS d", [str(i)]) for i in range(50)])
        await Pool.close(pool)
        return results

    assert run(main()) == [Ok([{"d": str(i * 2)}]) for i in range(50)]


def test_pool_close_then_use():
    async def main():
        pool = await open_pool(2, 4, 5000)
        before = await Pool.query(pool, "SELECT 1 AS one", [])
        closed = await Pool.close(pool)
        again = await Pool.close(pool)
        return before, closed, again, [
            await Pool.query(pool, "SELECT 1", []),
            await Pool.execute(pool, "SELECT 1", []),
            await Pool.checkout(pool),
            await Pool.query_as(pool, "SELECT 1", [], lambda row: Ok(row)),
        ]

    before, closed, again, after = run(main())
    assert before == Ok([{"one": "1"}])
    assert closed is None and again is None
    assert after == [Err("pool is closed")] * 4


def test_checkout_checkin_rolls_back_open_transaction(table):
    async def main():
        pool = await open_pool(1, 1, 2000)
        await Pool.execute(pool, f"CREATE TABLE {table} (id int)", [])
        c = (await Pool.checkout(pool)).value
        assert await Pg.begin(c) == Ok(None)
        assert await Pg.execute(c, f"INSERT INTO {table} VALUES (1)", []) == Ok(1)
        assert await Pg.query(c, f"SELECT count(*) AS n FROM {table}", []) == Ok([{"n": "1"}])
        assert await Pool.checkin(pool, c) is None
        after = await Pool.query(pool, f"SELECT count(*) AS n FROM {table}", [])
        # a connection checked in with a failed transaction is usable again
        c = (await Pool.checkout(pool)).value
        await Pg.begin(c)
        failed = await Pg.query(c, "SELECT * FROM no_such_table_here", [])
        aborted = await Pg.query(c, "SELECT 1", [])
        await Pool.checkin(pool, c)
        fine = await Pool.query(pool, "SELECT 1 AS one", [])
        # a statement that leaves a transaction open through the pool
        # (the pool rolls it back at check-in: the next INSERT autocommits)
        await Pool.execute(pool, "BEGIN", [])
        await Pool.execute(pool, f"INSERT INTO {table} VALUES (7)", [])
        other = await connect()
        idle = await Pg.query(other, f"SELECT count(*) AS n FROM {table}", [])
        await Pg.close(other)
        await Pool.close(pool)
        return after, failed, aborted, fine, idle

    after, failed, aborted, fine, idle = run(main())
    assert after == Ok([{"n": "0"}])
    assert failed == Err('relation "no_such_table_here" does not exist')
    assert aborted == Err("current transaction is aborted, commands ignored until end of transaction block")
    assert fine == Ok([{"one": "1"}])
    assert idle == Ok([{"n": "1"}])


def test_query_as_maps_every_row():
    def from_row(row):
        n = int(row["n"])
        return Ok(n * 10) if n % 2 else Err(f"even {n}")

    async def afrom_row(row):
        await asyncio.sleep(0)
        return Ok(row["n"])

    async def main():
        pool = await open_pool()
        c = await connect()
        out = [
            await Pool.query_as(pool, "SELECT generate_series(1, 4) AS n", [], from_row),
            await Pool.query_as(pool, "SELECT * FROM missing_table_qa", [], from_row),
            await Pg.query_as(c, "SELECT generate_series(1, $1::int) AS n", ["2"], afrom_row),
        ]
        await Pool.close(pool)
        await Pg.close(c)
        return out

    a, b, c = run(main())
    assert a == Ok([Ok(10), Err("even 2"), Ok(30), Err("even 4")])
    assert b == Err('relation "missing_table_qa" does not exist')
    assert c == Ok([Ok("1"), Ok("2")])


# --------------------------------------------------------------------------
# Pg: single connections and transactions


def test_pg_autocommit_and_explicit_transactions(table):
    async def main():
        a = await connect()
        b = await connect()
        count = f"SELECT count(*) AS n FROM {table}"
        out = [await Pg.execute(a, f"CREATE TABLE {table} (id int)", [])]
        await Pg.execute(a, f"INSERT INTO {table} VALUES (1)", [])
        out.append(await Pg.query(b, count, []))          # autocommit: visible at once
        out.append(await Pg.begin(a))
        await Pg.execute(a, f"INSERT INTO {table} VALUES (2)", [])
        out.append(await Pg.query(b, count, []))          # not yet committed
        out.append(await Pg.commit(a))
        out.append(await Pg.query(b, count, []))
        await Pg.begin(a)
        await Pg.execute(a, f"INSERT INTO {table} VALUES (3)", [])
        out.append(await Pg.rollback(a))
        out.append(await Pg.query(b, count, []))
        out.append(await Pg.close(a))
        out.append(await Pg.query(a, "SELECT 1", []))
        await Pg.close(b)
        return out

    assert run(main()) == [
        Ok(0), Ok([{"n": "1"}]), Ok(None), Ok([{"n": "1"}]), Ok(None), Ok([{"n": "2"}]),
        Ok(None), Ok([{"n": "2"}]), None, Err("connection is closed"),
    ]


def test_pg_transaction(table):
    async def main():
        c = await connect()
        other = await connect()
        count = f"SELECT count(*) AS n FROM {table}"
        await Pg.execute(c, f"CREATE TABLE {table} (id int UNIQUE DEFERRABLE INITIALLY DEFERRED)", [])

        def commit_it(conn):
            r = Pg.execute(conn, f"INSERT INTO {table} VALUES (1)", [])
            return r  # a coroutine: f may be async or return an awaitable

        async def fail_it(conn):
            await Pg.execute(conn, f"INSERT INTO {table} VALUES (2)", [])
            return Err("changed my mind")

        async def panic_it(conn):
            await Pg.execute(conn, f"INSERT INTO {table} VALUES (3)", [])
            raise MeshPanic("boom")

        def plain_ok(conn):
            return Ok(None)

        async def bad_commit(conn):
            await Pg.execute(conn, f"INSERT INTO {table} VALUES (5)", [])
            await Pg.execute(conn, f"INSERT INTO {table} VALUES (5)", [])
            return Ok(None)

        out = [
            await Pg.transaction(c, commit_it),
            await Pg.query(other, count, []),
            await Pg.transaction(c, fail_it),
            await Pg.query(other, count, []),
            await Pg.transaction(c, panic_it),
            await Pg.query(other, count, []),
            await Pg.transaction(c, plain_ok),
            await Pg.transaction(c, bad_commit),
            await Pg.query(other, count, []),
            await Pg.query(c, "SELECT 'usable' AS s", []),
        ]
        await Pg.close(c)
        await Pg.close(other)
        return out

    out = run(main())
    assert out[0] == Ok(None)
    assert out[1] == Ok([{"n": "1"}])
    assert out[2] == Err("changed my mind")
    assert out[3] == Ok([{"n": "1"}])
    assert out[4] == Err("transaction aborted: panic in callback")
    assert out[5] == Ok([{"n": "1"}])
    assert out[6] == Ok(None)
    assert out[7] == Err(f'COMMIT: duplicate key value violates unique constraint "{table}_id_key"')
    assert out[8] == Ok([{"n": "1"}])
    assert out[9] == Ok([{"s": "usable"}])


def test_prepared_statement_survives_table_change(table):
    # psycopg prepares a statement run often enough; `SELECT *` must still
    # work after the table gained a column.
    async def main():
        pool = await open_pool(1, 1, 5000)
        await Pool.execute(pool, f"CREATE TABLE {table} (a int)", [])
        await Pool.execute(pool, f"INSERT INTO {table} VALUES (1)", [])
        for _ in range(10):
            before = await Pool.query(pool, f"SELECT * FROM {table}", [])
        await Pool.execute(pool, f"ALTER TABLE {table} ADD COLUMN b text DEFAULT 'x'", [])
        after = [await Pool.query(pool, f"SELECT * FROM {table}", []) for _ in range(10)]
        c = await connect()
        await Pg.execute(c, f"ALTER TABLE {table} ADD COLUMN c text DEFAULT 'y'", [])
        await Pg.close(c)
        last = await Pool.query(pool, f"SELECT * FROM {table}", [])
        await Pool.close(pool)
        return before, after, last

    before, after, last = run(main())
    assert before == Ok([{"a": "1"}])
    assert after == [Ok([{"a": "1", "b": "x"}])] * 10
    assert last == Ok([{"a": "1", "b": "x", "c": "y"}])


# --------------------------------------------------------------------------
# Concurrency and start-up


def test_slow_query_does_not_block_other_tasks():
    async def main():
        pool = await open_pool(2, 2, 5000)
        ticks = 0
        stop = False

        async def ticker():
            nonlocal ticks
            while not stop:
                await asyncio.sleep(0.01)
                ticks += 1

        t = asyncio.create_task(ticker())
        t0 = time.monotonic()
        slow = await Pool.query(pool, "SELECT pg_sleep(1)::text AS s", [])
        ticks_during = ticks
        # two slow queries on two connections run side by side: one after the
        # other they would take 4 s or more
        t1 = time.monotonic()
        both = await asyncio.gather(Pool.query(pool, "SELECT pg_sleep(2)::text AS s", []),
                                    Pool.query(pool, "SELECT pg_sleep(2)::text AS s", []))
        parallel = time.monotonic() - t1
        stop = True
        await t
        await Pool.close(pool)
        return slow, ticks_during, t1 - t0, both, parallel

    slow, ticks, elapsed, both, parallel = run(main())
    assert slow == Ok([{"s": ""}])
    assert elapsed >= 0.99
    assert ticks >= 3, ticks  # a blocked loop would not tick at all during the query
    assert both == [Ok([{"s": ""}])] * 2
    assert 1.99 <= parallel < 3.5


def test_psycopg_is_imported_lazily():
    code = ("import sys, asyncio; import meshpy.runtime.db as db; "
            "print('psycopg' in sys.modules, 'psycopg_pool' in sys.modules); "
            f"r = asyncio.run(db.Pg.connect('{URL}')); "
            "print('psycopg' in sys.modules, r.__class__.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["False False", "True Ok"]
    assert out.stderr == ""
