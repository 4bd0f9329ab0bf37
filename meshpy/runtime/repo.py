"""The Mesh `Repo` and `Migration` modules (supplement, sections 6 to 8).

Every function runs on the `PoolHandle` of `Pool.open`, through the same
helpers as `Pool.query`/`Pool.execute` (meshpy/runtime/db.py): one
statement, parameters always bound as text (`$n`), never spliced into the
SQL; rows are dicts str -> str with NULL as "".

`TRACE`, when set to a list, receives `(sql, params)` for every statement
Repo and Migration send (the tests assert the exact SQL with it).
"""

from __future__ import annotations

import asyncio
import contextvars

from . import db
from .orm import build_delete, build_insert, build_update, quote, render_count, render_exists
from .orm import render_select, render_where, _Numberer
from .values import Err, Ok

__all__ = ["Repo", "Migration"]

TRACE = None

# The transaction the current Mesh process has open with Repo.transaction:
# (pool, connection, task). As in Ecto, Repo calls on that pool made by the same
# process while the transaction runs go to its connection. A context
# variable is per asyncio task, i.e. per Mesh process.
_IN_TX = contextvars.ContextVar("mesh_repo_transaction", default=None)


def _tx_conn(pool):
    tx = _IN_TX.get()
    if tx is None or tx[0] is not pool or tx[2] is not asyncio.current_task():
        return None  # (a process spawned meanwhile inherits the variable, not the transaction)
    return tx[1]


async def _query(pool, sql, params):
    if TRACE is not None:
        TRACE.append((sql, list(params)))
    conn = _tx_conn(pool)
    if conn is None:
        return await db._pool_query(pool, sql, params)
    try:
        return Ok(await db._rows(conn, sql, params))
    except Exception as e:  # psycopg.Error, or e.g. a str the encoding cannot hold
        return Err(db._statement_message(e))


async def _execute(pool, sql, params):
    if TRACE is not None:
        TRACE.append((sql, list(params)))
    conn = _tx_conn(pool)
    if conn is None:
        return await db._pool_execute(pool, sql, params)
    try:
        return Ok(await db._count(conn, sql, params))
    except Exception as e:
        return Err(db._statement_message(e))


async def _first(pool, sql, params, missing):
    """Ok(first row), Err(missing) when there is none, or the query's Err."""
    r = await _query(pool, sql, params)
    if r.__class__ is Err:
        return r
    return Ok(r.value[0]) if r.value else Err(missing)


# --------------------------------------------------------------------------
# Reading


async def repo_all(pool, q):
    return await _query(pool, *render_select(q))


async def repo_one(pool, q):
    return await _first(pool, *render_select(q, limit=1), "not found")


async def repo_get(pool, table, id_):
    sql = f"SELECT * FROM {quote(table)} WHERE \"id\" = $1 LIMIT 1"
    return await _first(pool, sql, [id_], "not found")


async def repo_get_by(pool, table, field, value):
    sql = f"SELECT * FROM {quote(table)} WHERE {quote(field)} = $1 LIMIT 1"
    return await _first(pool, sql, [value], "not found")


async def repo_count(pool, q):
    r = await _first(pool, *render_count(q), "count returned no rows")
    if r.__class__ is Err:
        return r
    text = r.value.get("count", "").strip()
    return Ok(int(text) if text.lstrip("-").isdigit() else 0)


async def repo_exists(pool, q):
    r = await _first(pool, *render_exists(q), "exists returned no rows")
    if r.__class__ is Err:
        return r
    return Ok(r.value.get("exists", "") in ("t", "true", "1"))


# --------------------------------------------------------------------------
# Writing


async def repo_insert(pool, table, fields, who="insert"):
    if not fields:
        return Err(f"{who}: no fields provided")
    sql = build_insert(table, list(fields), ["*"])
    return await _first(pool, sql, list(fields.values()), f"{who}: no row returned")


async def repo_update(pool, table, id_, fields, who="update"):
    if not fields:
        return Err(f"{who}: no fields provided")
    sql = build_update(table, list(fields), ["id"], ["*"])
    return await _first(pool, sql, [*fields.values(), id_], f"{who}: no row returned (id not found)")


async def repo_delete(pool, table, id_):
    sql = build_delete(table, ["id"], ["*"])
    return await _first(pool, sql, [id_], "delete: no row returned (id not found)")


async def repo_update_where(pool, table, fields, q):
    if not fields:
        return Err("update_where: no fields provided")
    if not q.wheres:
        return Err("update_where: no WHERE conditions")
    sets = ", ".join(f"{quote(c)} = ${i}" for i, c in enumerate(fields, 1))
    where = render_where(q, _Numberer(len(fields) + 1))
    sql = f"UPDATE {quote(table)} SET {sets}{where} RETURNING *"
    return await _first(pool, sql, [*fields.values(), *q.where_params], "update_where: no rows matched")


async def repo_delete_where(pool, table, q):
    if not q.wheres:
        return Err("delete_where: no WHERE conditions")
    sql = f"DELETE FROM {quote(table)}{render_where(q, _Numberer())}"
    return await _execute(pool, sql, list(q.where_params))


async def repo_query_raw(pool, sql, params):
    return await _query(pool, sql, params)


async def repo_execute_raw(pool, sql, params):
    return await _execute(pool, sql, params)


# --------------------------------------------------------------------------
# Changesets (7.2)


_CONSTRAINT_SUFFIXES = ("_fkey", "_pkey", "_check", "_key")


def _constraint_field(table, constraint):
    """`users_email_key` on table `users` -> `email`; otherwise `_base`."""
    prefix = table + "_"
    if constraint.startswith(prefix):
        rest = constraint[len(prefix):]
        for suffix in _CONSTRAINT_SUFFIXES:
            if rest.endswith(suffix) and len(rest) > len(suffix):
                return rest[: -len(suffix)]
    return "_base"


def _db_error_on(cs, table, message):
    """Put a database error (section 6 format) on the changeset."""
    fields = message.split("\t")
    if len(fields) != 5:
        return cs.with_error("_base", "database error")
    sqlstate, constraint, _table, column, _text = fields
    if sqlstate == "23505":
        return cs.with_error(_constraint_field(table, constraint), "has already been taken")
    if sqlstate == "23503":
        return cs.with_error(_constraint_field(table, constraint), "does not exist")
    if sqlstate == "23502":
        return cs.with_error(column or "_base", "can't be blank")
    return cs.with_error("_base", "database error")


async def _apply_changeset(cs, table, write, missing):
    if cs.errors or not cs.changes:
        return Err(cs)
    r = await write()
    if r.__class__ is Ok:
        return r
    if r.value == missing:
        # The reference returns this one as a string; the Result's error
        # type is Changeset, so the text goes on `_base`.
        return Err(cs.with_error("_base", missing))
    return Err(_db_error_on(cs, table, r.value))


async def repo_insert_changeset(pool, table, cs):
    return await _apply_changeset(
        cs, table, lambda: repo_insert(pool, table, cs.changes, "insert_changeset"),
        "insert_changeset: no row returned")


async def repo_update_changeset(pool, table, id_, cs):
    return await _apply_changeset(
        cs, table, lambda: repo_update(pool, table, id_, cs.changes, "update_changeset"),
        "update_changeset: no row returned (id not found)")


# --------------------------------------------------------------------------
# Transactions


async def _call(f, arg):
    r = f(arg)
    if r.__class__ is not Ok and r.__class__ is not Err and hasattr(r, "__await__"):
        r = await r
    return r


_TX = ("BEGIN", "COMMIT", "ROLLBACK")
_NESTED_TX = ("SAVEPOINT mesh_repo_tx", "RELEASE SAVEPOINT mesh_repo_tx", "ROLLBACK TO SAVEPOINT mesh_repo_tx")


async def repo_transaction(pool, f):
    """BEGIN; f(conn); COMMIT on Ok, ROLLBACK on Err or panic. The
    connection is checked out for the whole call and always checked in.
    Nested in another Repo.transaction of the same process on the same pool,
    or on a connection already in a transaction (inside a migration), the
    same happens with a savepoint, so the outer transaction stays whole."""
    outer = _tx_conn(pool)
    if outer is not None:
        return await _run_transaction(pool, f, db.PgConn(outer, None), _NESTED_TX)
    c = await db._pool_checkout(pool)
    if c.__class__ is Err:
        return c
    pgconn = c.value
    conn = pgconn._conn
    try:
        statements = _TX if conn.pgconn.transaction_status == db._IDLE else _NESTED_TX
        return await _run_transaction(pool, f, pgconn, statements)
    finally:
        pgconn._conn = conn  # f may not close or check in what it was lent
        await db._pool_checkin(pool, pgconn)


async def _run_transaction(pool, f, pgconn, statements):
    begin, commit, rollback = statements
    conn = pgconn._conn
    begun = await db._simple(conn, begin)
    if begun.__class__ is Err:
        return begun
    token = _IN_TX.set((pool, conn, asyncio.current_task()))
    try:
        result = await _call(f, pgconn)
    except Exception:
        await db._simple(conn, rollback)
        return Err("transaction aborted: panic in callback")
    finally:
        _IN_TX.reset(token)
    if result.__class__ is not Ok:
        await db._simple(conn, rollback)
        return result
    if (await db._simple(conn, commit)).__class__ is Err:
        await db._simple(conn, rollback)
        return Err("transaction: COMMIT failed")
    return result


# --------------------------------------------------------------------------
# Preload


def _parse_meta(meta):
    table = {}
    for entry in meta:
        parts = entry.split(":")
        if len(parts) >= 5:
            kind, assoc, _target, fk, target_table = parts[:5]
            table.setdefault(assoc, (kind, fk, target_table))
    return table


def _unknown(name):
    return Err(f"Repo.preload: unknown association '{name}' -- check that the relationship "
               f"metadata includes this association")


async def _preload_direct(pool, rows, name, meta):
    """rows with `name` filled in: a list (has_many) or a row/"" (has_one, belongs_to)."""
    if name not in meta:
        return _unknown(name)
    kind, fk, target = meta[name]
    if kind not in ("has_many", "has_one", "belongs_to"):
        return Err(f"Repo.preload: unknown relationship kind '{kind}'")
    own_key, their_key = ("id", fk) if kind != "belongs_to" else (fk, "id")
    keys = list(dict.fromkeys(r.get(own_key, "") for r in rows if r.get(own_key, "")))
    groups = {}
    if keys:
        marks = ", ".join(f"${i}" for i in range(1, len(keys) + 1))
        r = await _query(pool, f"SELECT * FROM {quote(target)} WHERE {quote(their_key)} IN ({marks})", keys)
        if r.__class__ is Err:
            return r
        for row in r.value:
            groups.setdefault(row.get(their_key, ""), []).append(row)
    out = []
    for row in rows:
        found = groups.get(row.get(own_key, ""), []) if row.get(own_key, "") else []
        value = found if kind == "has_many" else (found[0] if found else "")
        out.append({**row, name: value})
    return Ok(out)


async def _preload_path(pool, rows, parts, meta, path):
    if len(parts) == 1:
        return await _preload_direct(pool, rows, parts[0], meta)
    head = parts[0]
    if head not in meta or any(head not in row for row in rows):
        return Err(f"Repo.preload: unknown parent association '{head}' in nested path")
    children = []
    for row in rows:
        v = row[head]
        children.extend(v if isinstance(v, list) else [v] if isinstance(v, dict) else [])
    if not children:
        return Ok(rows)
    r = await _preload_path(pool, children, parts[1:], meta, path)
    if r.__class__ is Err:
        return r
    loaded = iter(r.value)
    out = []
    for row in rows:
        v = row[head]
        if isinstance(v, list):
            v = [next(loaded) for _ in v]
        elif isinstance(v, dict):
            v = next(loaded)
        out.append({**row, head: v})
    return Ok(out)


async def repo_preload(pool, rows, assocs, meta):
    if not rows:
        return Ok(rows)
    table = _parse_meta(meta)
    rows = list(rows)
    for path in sorted(assocs, key=lambda a: a.count(".")):
        parts = path.split(".")
        if any(not p for p in parts):
            return Err(f"Repo.preload: invalid nested association path '{path}'")
        r = await _preload_path(pool, rows, parts, table, path)
        if r.__class__ is Err:
            return r
        rows = r.value
    return Ok(rows)


class _RepoModule:
    """Mesh `Repo`."""

    __slots__ = ()
    all = staticmethod(repo_all)
    one = staticmethod(repo_one)
    get = staticmethod(repo_get)
    get_by = staticmethod(repo_get_by)
    count = staticmethod(repo_count)
    exists = staticmethod(repo_exists)
    insert = staticmethod(lambda pool, table, fields: repo_insert(pool, table, fields))
    update = staticmethod(lambda pool, table, id_, fields: repo_update(pool, table, id_, fields))
    delete = staticmethod(repo_delete)
    update_where = staticmethod(repo_update_where)
    delete_where = staticmethod(repo_delete_where)
    query_raw = staticmethod(repo_query_raw)
    execute_raw = staticmethod(repo_execute_raw)
    insert_changeset = staticmethod(repo_insert_changeset)
    update_changeset = staticmethod(repo_update_changeset)
    transaction = staticmethod(repo_transaction)
    transaction_async = transaction  # what the compiler calls when f blocks; f's awaitable is awaited
    preload = staticmethod(repo_preload)


Repo = _RepoModule()


# --------------------------------------------------------------------------
# Migration (8.1)


def _column_def(definition):
    """`name:TYPE[:CONSTRAINTS]` -> `"name" TYPE[ CONSTRAINTS]`; no `:`: verbatim."""
    parts = definition.split(":", 2)
    if len(parts) == 1:
        return definition
    sql = f"{quote(parts[0])} {parts[1]}"
    return sql + (" " + parts[2] if len(parts) == 3 else "")


def _index_name(table, columns):
    return quote("idx_" + table + "_" + "_".join(columns))


def create_table_sql(table, columns):
    return f"CREATE TABLE IF NOT EXISTS {quote(table)} ({', '.join(_column_def(c) for c in columns)})"


def add_column_sql(table, column):
    if ":" not in column:
        return f"ALTER TABLE {quote(table)} ADD COLUMN {column}"
    return f"ALTER TABLE {quote(table)} ADD COLUMN IF NOT EXISTS {_column_def(column)}"


def create_index_sql(table, columns, options):
    unique = "UNIQUE " if "unique:true" in options.replace("unique: true", "unique:true") else ""
    sql = f"CREATE {unique}INDEX IF NOT EXISTS {_index_name(table, columns)} ON {quote(table)} " \
          f"({', '.join(quote(c) for c in columns)})"
    where, found, cond = options.partition("where:")
    if found and cond.strip():
        sql += " WHERE " + cond.strip()
    return sql


async def _ddl(pool, sql):
    return await _execute(pool, sql, [])


class _MigrationModule:
    """Mesh `Migration`: each function runs one DDL statement."""

    __slots__ = ()
    create_table = staticmethod(lambda pool, t, cols: _ddl(pool, create_table_sql(t, cols)))
    drop_table = staticmethod(lambda pool, t: _ddl(pool, f"DROP TABLE IF EXISTS {quote(t)}"))
    add_column = staticmethod(lambda pool, t, col: _ddl(pool, add_column_sql(t, col)))
    drop_column = staticmethod(
        lambda pool, t, c: _ddl(pool, f"ALTER TABLE {quote(t)} DROP COLUMN IF EXISTS {quote(c)}"))
    rename_column = staticmethod(
        lambda pool, t, old, new: _ddl(pool, f"ALTER TABLE {quote(t)} RENAME COLUMN {quote(old)} TO {quote(new)}"))
    create_index = staticmethod(lambda pool, t, cols, opts: _ddl(pool, create_index_sql(t, cols, opts)))
    drop_index = staticmethod(lambda pool, t, cols: _ddl(pool, f"DROP INDEX IF EXISTS {_index_name(t, cols)}"))
    execute = staticmethod(lambda pool, sql: _ddl(pool, sql))


Migration = _MigrationModule()
