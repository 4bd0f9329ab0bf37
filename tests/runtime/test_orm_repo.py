"""`Repo` and `Migration` (meshpy/runtime/repo.py) against the real
PostgreSQL: each test asserts the rows it gets back, what is in the table
afterwards, and the exact SQL and parameters sent (`repo.TRACE`). Tables are
unique per test (`orm_<hex>_…`) and dropped afterwards."""

import asyncio
import subprocess
import uuid
from pathlib import Path

import pytest

from meshpy.runtime import repo as repo_mod
from meshpy.runtime.changeset import Changeset
from meshpy.runtime.db import Pg, Pool
from meshpy.runtime.orm import Query
from meshpy.runtime.panic import MeshPanic
from meshpy.runtime.repo import Migration, Repo
from meshpy.runtime.values import Err, Ok

ROOT = Path(__file__).resolve().parents[2]
URL = "postgres://mesh_test:mesh_test@localhost:5432/mesh_test"


@pytest.fixture(scope="module", autouse=True)
def postgres():
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "pg"), "start"], capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"scripts/pg start failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)


@pytest.fixture
def prefix():
    """A unique table-name prefix; every table starting with it is dropped after the test."""
    p = "orm_" + uuid.uuid4().hex[:10]
    yield p

    async def drop():
        c = (await Pg.connect(URL)).value
        rows = (await Pg.query(c, "SELECT tablename FROM pg_tables WHERE tablename LIKE $1", [p + "%"])).value
        for r in rows:
            await Pg.execute(c, f'DROP TABLE IF EXISTS "{r["tablename"]}" CASCADE', [])
        await Pg.close(c)

    asyncio.run(drop())


@pytest.fixture
def trace():
    repo_mod.TRACE = []
    yield repo_mod.TRACE
    repo_mod.TRACE = None


def run(fn):
    async def main():
        pool = (await Pool.open(URL, 1, 2, 5000)).value
        try:
            return await fn(pool)
        finally:
            await Pool.close(pool)

    return asyncio.run(main())


async def users_table(pool, t):
    r = await Migration.create_table(pool, t, [
        "id:BIGSERIAL:PRIMARY KEY", "name:TEXT:NOT NULL", "email:TEXT:UNIQUE", "age:BIGINT"])
    assert r == Ok(0), r


def test_insert_get_update_delete(prefix, trace):
    t = prefix + "_users"

    async def body(pool):
        await users_table(pool, t)
        trace.clear()
        return [
            await Repo.insert(pool, t, {"name": "Ann", "email": "ann@x"}),
            await Repo.get(pool, t, "1"),
            await Repo.get_by(pool, t, "email", "ann@x"),
            await Repo.update(pool, t, "1", {"name": "Anna", "age": "31"}),
            await Repo.get(pool, t, "99"),
            await Repo.update(pool, t, "99", {"name": "x"}),
            await Repo.insert(pool, t, {}),
            await Repo.delete(pool, t, "1"),
            await Repo.delete(pool, t, "1"),
            await Repo.query_raw(pool, f'SELECT count(*) AS n FROM "{t}"', []),
        ]

    out = run(body)
    assert out[0] == Ok({"id": "1", "name": "Ann", "email": "ann@x", "age": ""})
    assert out[1] == out[0] and out[2] == out[0]
    assert out[3] == Ok({"id": "1", "name": "Anna", "email": "ann@x", "age": "31"})
    assert out[4] == Err("not found")
    assert out[5] == Err("update: no row returned (id not found)")
    assert out[6] == Err("insert: no fields provided")
    assert out[7] == out[3]
    assert out[8] == Err("delete: no row returned (id not found)")
    assert out[9] == Ok([{"n": "0"}])
    assert trace == [
        (f'INSERT INTO "{t}" ("name", "email") VALUES ($1, $2) RETURNING *', ["Ann", "ann@x"]),
        (f'SELECT * FROM "{t}" WHERE "id" = $1 LIMIT 1', ["1"]),
        (f'SELECT * FROM "{t}" WHERE "email" = $1 LIMIT 1', ["ann@x"]),
        (f'UPDATE "{t}" SET "name" = $1, "age" = $2 WHERE "id" = $3 RETURNING *', ["Anna", "31", "1"]),
        (f'SELECT * FROM "{t}" WHERE "id" = $1 LIMIT 1', ["99"]),
        (f'UPDATE "{t}" SET "name" = $1 WHERE "id" = $2 RETURNING *', ["x", "99"]),
        (f'DELETE FROM "{t}" WHERE "id" = $1 RETURNING *', ["1"]),
        (f'DELETE FROM "{t}" WHERE "id" = $1 RETURNING *', ["1"]),
        (f'SELECT count(*) AS n FROM "{t}"', []),
    ]


def test_queries_all_one_count_exists_and_where_writes(prefix, trace):
    t = prefix + "_people"

    async def body(pool):
        await users_table(pool, t)
        for name, age in [("Bo", "20"), ("Cy", "35"), ("Di", "41"), ("Ed", "35")]:
            await Repo.insert(pool, t, {"name": name, "age": age})
        trace.clear()
        adults = Query.where_op(Query.from_(t), "age", "gte", "30")
        by_name = Query.order_by(Query.select(adults, ["name"]), "name", "desc")
        grouped = Query.having(Query.group_by(Query.select_raw(Query.from_(t), ["age", "count(*) AS n"]), "age"),
                               "count(*) >", "1")
        return [
            await Repo.all(pool, by_name),
            await Repo.one(pool, by_name),
            await Repo.count(pool, adults),
            await Repo.exists(pool, Query.where(Query.from_(t), "name", "Zed")),
            await Repo.all(pool, grouped),
            await Repo.update_where(pool, t, {"age": "36"}, Query.where(Query.from_(t), "name", "Cy")),
            await Repo.delete_where(pool, t, Query.where_in(Query.from_(t), "name", ["Bo", "Ed"])),
            await Repo.delete_where(pool, t, Query.from_(t)),
            await Repo.one(pool, Query.where(Query.from_(t), "name", "Zed")),
            await Repo.all(pool, Query.order_by(Query.select(Query.from_(t), ["name", "age"]), "id", "asc")),
        ]

    out = run(body)
    assert out[0] == Ok([{"name": "Ed"}, {"name": "Di"}, {"name": "Cy"}])
    assert out[1] == Ok({"name": "Ed"})
    assert out[2] == Ok(3)
    assert out[3] == Ok(False)
    assert out[4] == Ok([{"age": "35", "n": "2"}])
    assert out[5].value["age"] == "36"
    assert out[6] == Ok(2)
    assert out[7] == Err("delete_where: no WHERE conditions")
    assert out[8] == Err("not found")
    assert out[9] == Ok([{"name": "Cy", "age": "36"}, {"name": "Di", "age": "41"}])
    q = f'"{t}"'
    assert [sql for sql, _ in trace] == [
        f'SELECT "name" FROM {q} WHERE "age" >= $1 ORDER BY "name" DESC',
        f'SELECT "name" FROM {q} WHERE "age" >= $1 ORDER BY "name" DESC LIMIT 1',
        f'SELECT COUNT(*) FROM {q} WHERE "age" >= $1',
        f'SELECT EXISTS(SELECT 1 FROM {q} WHERE "name" = $1 LIMIT 1)',
        f'SELECT age, count(*) AS n FROM {q} GROUP BY "age" HAVING count(*) > $1',
        f'UPDATE {q} SET "age" = $1 WHERE "name" = $2 RETURNING *',
        f'DELETE FROM {q} WHERE "name" IN ($1, $2)',
        f'SELECT * FROM {q} WHERE "name" = $1 LIMIT 1',
        f'SELECT "name", "age" FROM {q} ORDER BY "id" ASC',
    ]
    assert trace[5][1] == ["36", "Cy"] and trace[6][1] == ["Bo", "Ed"]


def test_changesets_insert_update_and_database_errors(prefix, trace):
    t = prefix + "_members"

    async def body(pool):
        await users_table(pool, t)
        good = Changeset.validate_required(
            Changeset.cast({}, {"name": "Fay", "email": "fay@x", "admin": "t"}, ["name", "email"]), ["name"])
        invalid = Changeset.validate_required(Changeset.cast({}, {"name": ""}, ["name"]), ["name"])
        dup = Changeset.cast({}, {"name": "Other", "email": "fay@x"}, ["name", "email"])
        null = Changeset.cast({}, {"email": "n@x"}, ["email"])
        bad_type = Changeset.cast({}, {"name": "T", "age": "old"}, ["name", "age"])
        out = [await Repo.insert_changeset(pool, t, good)]
        trace.clear()
        out += [
            await Repo.insert_changeset(pool, t, invalid),
            await Repo.insert_changeset(pool, t, Changeset.cast({}, {}, [])),
            await Repo.insert_changeset(pool, t, dup),
            await Repo.insert_changeset(pool, t, null),
            await Repo.insert_changeset(pool, t, bad_type),
            await Repo.update_changeset(pool, t, "1", Changeset.cast({}, {"age": "50"}, ["age"])),
            await Repo.update_changeset(pool, t, "77", Changeset.cast({}, {"age": "50"}, ["age"])),
            await Repo.query_raw(pool, f'SELECT name, age FROM "{t}"', []),
        ]
        return out

    out = run(body)
    assert out[0] == Ok({"id": "1", "name": "Fay", "email": "fay@x", "age": ""})
    assert out[1].__class__ is Err and Changeset.errors(out[1].value) == {"name": "can't be blank"}
    assert out[2].__class__ is Err and Changeset.errors(out[2].value) == {}
    assert Changeset.errors(out[3].value) == {"email": "has already been taken"}
    assert Changeset.errors(out[4].value) == {"name": "can't be blank"}
    assert Changeset.errors(out[5].value) == {"_base": "database error"}
    assert out[6] == Ok({"id": "1", "name": "Fay", "email": "fay@x", "age": "50"})
    assert Changeset.errors(out[7].value) == {"_base": "update_changeset: no row returned (id not found)"}
    assert out[8] == Ok([{"name": "Fay", "age": "50"}])
    # the invalid and the empty changeset never reached the database
    assert trace[0] == (f'INSERT INTO "{t}" ("name", "email") VALUES ($1, $2) RETURNING *', ["Other", "fay@x"])
    assert len(trace) == 6


def test_transaction_commits_rolls_back_and_survives_a_panic(prefix):
    t = prefix + "_ledger"

    async def body(pool):
        await Migration.create_table(pool, t, ["id:BIGINT:PRIMARY KEY"])
        await Migration.create_table(pool, t + "_d", ["id:BIGINT:UNIQUE DEFERRABLE INITIALLY DEFERRED"])

        async def insert(conn, n):
            return await Pg.execute(conn, f'INSERT INTO "{t}" (id) VALUES ($1)', [n])

        async def ok(conn):
            await insert(conn, "1")
            return await insert(conn, "2")

        async def fails(conn):
            await insert(conn, "3")
            return Err("changed my mind")

        async def panics(conn):
            await insert(conn, "4")
            raise MeshPanic("boom")

        async def bad_commit(conn):
            # a deferred unique constraint: the duplicate fails at COMMIT
            await Pg.execute(conn, f'INSERT INTO "{t}_d" (id) VALUES (5)', [])
            return await Pg.execute(conn, f'INSERT INTO "{t}_d" (id) VALUES (5)', [])

        return [
            await Repo.transaction(pool, ok),
            await Repo.transaction(pool, fails),
            await Repo.transaction(pool, panics),
            await Repo.transaction(pool, bad_commit),
            await Repo.query_raw(pool, f'SELECT id FROM "{t}" ORDER BY id', []),
            await Repo.query_raw(pool, f'SELECT id FROM "{t}_d"', []),
        ]

    out = run(body)
    assert out[0] == Ok(1)
    assert out[1] == Err("changed my mind")
    assert out[2] == Err("transaction aborted: panic in callback")
    assert out[3] == Err("transaction: COMMIT failed")
    assert out[4] == Ok([{"id": "1"}, {"id": "2"}])
    assert out[5] == Ok([])


def test_preload_has_many_belongs_to_has_one_and_nested(prefix, trace):
    authors, posts, comments, bios = (prefix + s for s in ("_a", "_p", "_c", "_b"))
    meta_author = [f"has_many:posts:Post:author_id:{posts}", f"has_one:bio:Bio:author_id:{bios}"]
    meta_post = [f"belongs_to:author:Author:author_id:{authors}", f"has_many:comments:Comment:post_id:{comments}"]

    async def body(pool):
        await Migration.create_table(pool, authors, ["id:BIGINT:PRIMARY KEY", "name:TEXT"])
        await Migration.create_table(pool, posts, ["id:BIGINT:PRIMARY KEY", "author_id:BIGINT", "title:TEXT"])
        await Migration.create_table(pool, comments, ["id:BIGINT:PRIMARY KEY", "post_id:BIGINT", "body:TEXT"])
        await Migration.create_table(pool, bios, ["id:BIGINT:PRIMARY KEY", "author_id:BIGINT", "text:TEXT"])
        for sql in [f"INSERT INTO {authors} VALUES (1, 'Ann'), (2, 'Bo')",
                    f"INSERT INTO {posts} VALUES (10, 1, 'p10'), (11, 1, 'p11'), (12, 9, 'orphan')",
                    f"INSERT INTO {comments} VALUES (100, 10, 'c1'), (101, 10, 'c2')",
                    f"INSERT INTO {bios} VALUES (7, 2, 'bio of Bo')"]:
            assert (await Repo.execute_raw(pool, sql, [])).__class__ is Ok
        rows = (await Repo.all(pool, Query.order_by(Query.from_(authors), "id", "asc"))).value
        post_rows = (await Repo.all(pool, Query.order_by(Query.from_(posts), "id", "asc"))).value
        trace.clear()
        return [
            await Repo.preload(pool, rows, ["posts.comments", "bio", "posts"], meta_author + meta_post),
            await Repo.preload(pool, post_rows, ["author"], meta_post),
            await Repo.preload(pool, rows, ["friends"], meta_author),
            await Repo.preload(pool, rows, ["posts..x"], meta_author),
            await Repo.preload(pool, rows, ["bio.x"], meta_author + ["has_one:x:X:bio_id:nowhere"]),
            await Repo.preload(pool, [], ["anything"], []),
        ]

    out = run(body)
    ann, bo = out[0].value
    assert [p["title"] for p in ann["posts"]] == ["p10", "p11"]
    assert [c["body"] for c in ann["posts"][0]["comments"]] == ["c1", "c2"]
    assert ann["posts"][1]["comments"] == [] and bo["posts"] == []
    assert ann["bio"] == "" and bo["bio"]["text"] == "bio of Bo"
    assert [p["author"] for p in out[1].value] == [
        {"id": "1", "name": "Ann"}, {"id": "1", "name": "Ann"}, ""]
    assert out[2] == Err("Repo.preload: unknown association 'friends' -- check that the relationship "
                         "metadata includes this association")
    assert out[3] == Err("Repo.preload: invalid nested association path 'posts..x'")
    assert out[4] == Err("Repo.preload: unknown parent association 'bio' in nested path")
    assert out[5] == Ok([])
    assert trace[:3] == [
        (f'SELECT * FROM "{bios}" WHERE "author_id" IN ($1, $2)', ["1", "2"]),
        (f'SELECT * FROM "{posts}" WHERE "author_id" IN ($1, $2)', ["1", "2"]),
        (f'SELECT * FROM "{comments}" WHERE "post_id" IN ($1, $2)', ["10", "11"]),
    ]
    assert trace[3] == (f'SELECT * FROM "{authors}" WHERE "id" IN ($1, $2)', ["1", "9"])


def test_migration_functions_change_the_schema(prefix, trace):
    t = prefix + "_m"

    async def columns(pool):
        r = await Repo.query_raw(pool, "SELECT column_name FROM information_schema.columns "
                                       "WHERE table_name = $1 ORDER BY ordinal_position", [t])
        return [row["column_name"] for row in r.value]

    async def indexes(pool):
        r = await Repo.query_raw(pool, "SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY 1", [t])
        return [row["indexname"] for row in r.value]

    async def body(pool):
        out = [await Migration.create_table(pool, t, ["id:BIGSERIAL:PRIMARY KEY", "a:TEXT"])]
        out.append(await Migration.add_column(pool, t, "b:TEXT:NOT NULL DEFAULT 'x'"))
        out.append(await Migration.rename_column(pool, t, "a", "alpha"))
        out.append(await Migration.create_index(pool, t, ["alpha", "b"], "unique:true"))
        out.append(await columns(pool))
        out.append(await indexes(pool))
        out.append(await Migration.drop_index(pool, t, ["alpha", "b"]))
        out.append(await Migration.drop_column(pool, t, "b"))
        out.append(await columns(pool))
        out.append(await Migration.execute(pool, f'COMMENT ON TABLE "{t}" IS \'hi\''))
        out.append(await Migration.rename_column(pool, t, "nope", "x"))
        out.append(await Migration.drop_table(pool, t))
        out.append(await columns(pool))
        return out

    out = run(body)
    assert out[:4] == [Ok(0)] * 4
    assert out[4] == ["id", "alpha", "b"]
    assert out[5] == [f"idx_{t}_alpha_b", f"{t}_pkey"]
    assert out[8] == ["id", "alpha"]
    assert out[10] == Err('42703\t\t\t\tcolumn "nope" does not exist')
    assert out[12] == []
    ddl = [sql for sql, _ in trace if not sql.startswith("SELECT")]
    assert ddl == [
        f'CREATE TABLE IF NOT EXISTS "{t}" ("id" BIGSERIAL PRIMARY KEY, "a" TEXT)',
        f'ALTER TABLE "{t}" ADD COLUMN IF NOT EXISTS "b" TEXT NOT NULL DEFAULT \'x\'',
        f'ALTER TABLE "{t}" RENAME COLUMN "a" TO "alpha"',
        f'CREATE UNIQUE INDEX IF NOT EXISTS "idx_{t}_alpha_b" ON "{t}" ("alpha", "b")',
        f'DROP INDEX IF EXISTS "idx_{t}_alpha_b"',
        f'ALTER TABLE "{t}" DROP COLUMN IF EXISTS "b"',
        f'COMMENT ON TABLE "{t}" IS \'hi\'',
        f'ALTER TABLE "{t}" RENAME COLUMN "nope" TO "x"',
        f'DROP TABLE IF EXISTS "{t}"',
    ]


def test_repo_calls_inside_a_transaction_use_its_connection(prefix, trace):
    """As in Ecto: Repo calls on the same pool made by the process running
    Repo.transaction belong to the transaction; a nested transaction is a
    savepoint."""
    t = prefix + "_tx"

    async def body(pool):
        await Migration.create_table(pool, t, ["id:BIGINT:PRIMARY KEY", "name:TEXT"])

        async def inner_fails(conn):
            await Repo.insert(pool, t, {"id": "3", "name": "inner"})
            return Err("inner gives up")

        async def outer(conn):
            await Repo.insert(pool, t, {"id": "1", "name": "a"})
            seen = await Repo.count(pool, Query.from_(t))        # sees its own uncommitted row
            nested = await Repo.transaction(pool, inner_fails)   # a savepoint: only its row goes
            await Repo.insert(pool, t, {"id": "2", "name": "b"})
            return Ok((seen, nested))

        async def outer_fails(conn):
            await Repo.insert(pool, t, {"id": "9", "name": "z"})
            return Err("all of it goes")

        async def outside_view(conn):
            await Repo.insert(pool, t, {"id": "5", "name": "hidden"})
            other = await Pool.query(pool, f'SELECT count(*) AS n FROM "{t}" WHERE id = 5', [])
            return Ok(other)

        return [
            await Repo.transaction(pool, outer),
            await Repo.transaction(pool, outer_fails),
            await Repo.transaction(pool, outside_view),
            await Repo.query_raw(pool, f'SELECT id, name FROM "{t}" ORDER BY id', []),
        ]

    out = run(body)
    assert out[0] == Ok((Ok(1), Err("inner gives up")))
    assert out[1] == Err("all of it goes")
    assert out[2] == Ok(Ok([{"n": "0"}]))   # Pool.query uses another connection: not yet committed
    assert out[3] == Ok([{"id": "1", "name": "a"}, {"id": "2", "name": "b"}, {"id": "5", "name": "hidden"}])
