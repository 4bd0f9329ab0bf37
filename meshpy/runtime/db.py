"""The Mesh `Pool` and `Pg` modules: PostgreSQL through psycopg 3's asyncio
API and psycopg_pool (language reference, section 14).

Value model (14.1, 14.5-14.8):

* parameters are a list of str, each sent as text with an unspecified type
  (oid 0) so the server infers it (`$1::uuid`, `$1 || ' days'`, `$1 + 1`);
  `$1 ... $n` placeholders reach the server unchanged (a raw cursor);
* every call runs exactly one statement with the extended query protocol (a
  string holding two statements is rejected by the server), in autocommit
  mode: no transaction is left open unless the program sent `BEGIN`;
* rows are dicts str -> str holding PostgreSQL's own text output of each
  value (`t`/`f`, `2026-03-01 09:15:02.123456+00`, jsonb text ...), with
  NULL as "" and the later of two equally named columns winning;
* `execute` returns the number at the end of the command tag (0 if none);
* failures are `Err(message)`: for a statement the server rejected, five
  tab-separated fields `SQLSTATE, constraint, table, column, message`
  (supplement, section 6); otherwise the plain message, or
  `connection failed: ...`, `pool open: ...`, `pool connect: ...`,
  `pool checkout timeout`, `pool is closed`. Nothing here panics.

Timeouts (`Pool.open_with(url, min, max, checkout_ms, options)`; plain
`Pool.open` uses the defaults in POOL_DEFAULTS): a connection attempt gives
up after `connect_timeout_ms`; the server cancels a statement after
`statement_timeout_ms` (`SET statement_timeout`, SQLSTATE 57014); if no
answer arrives at all within that time plus `answer_grace_ms` (a dead or
blackholed link) the runtime cuts the connection's socket and the call is
`Err("statement timeout: no answer from the server within N ms")`; TCP
keepalives (`keepalive_idle_s`) and `TCP_USER_TIMEOUT` detect a dead link
on idle connections too. A checkout waits at most the pool's checkout
timeout. The pool replaces cut connections, so calls recover by themselves
when the server answers again.

Every function is `async` (docs/runtime-contract.md, section 7) and never
blocks the event loop. psycopg is imported on first use only, so programs
that do not touch the database start without it.
"""

import os as _os
import socket as _socket

from .values import Ok, Err

__all__ = ["Pool", "Pg", "PoolHandle", "PgConn"]


# Filled in by _load() on the first use of Pool/Pg.
_loaded = False
_Error = None          # psycopg.Error
_PoolTimeout = None    # psycopg_pool.PoolTimeout
_PoolClosed = None     # psycopg_pool.PoolClosed
_AsyncConnectionPool = None
_ConnBase = None       # our AsyncConnection subclass
_CONNECT_KWARGS = None
_select = None         # select.select
_TUPLES_OK = 2         # psycopg.pq.ExecStatus.TUPLES_OK
_IDLE = 0              # psycopg.pq.TransactionStatus.IDLE

# Prepared statements: like the plain-psycopg baselines, a statement is
# prepared on a connection after it ran there PREPARE_THRESHOLD times (it
# saves the server's parse and plan work: about a quarter of a short query's
# cost). A prepared statement whose result columns changed (`SELECT *` after
# ALTER TABLE) fails with "cached plan must not change result type"; outside
# a transaction that statement never ran, so the connection's prepared
# statements are dropped and it is run again unprepared (see _run). None
# disables preparing.
PREPARE_THRESHOLD = 5

# Pool timeouts, in milliseconds unless the name says otherwise; every key
# can be given in the options map of Pool.open_with (unknown keys are an Err).
POOL_DEFAULTS = {
    "connect_timeout_ms": 5000,
    "statement_timeout_ms": 30000,
    "answer_grace_ms": 2000,
    "keepalive_idle_s": 10,
    "keepalive_interval_s": 5,
    "keepalive_count": 3,
}


def _text_rows(cursor):
    """psycopg row factory: one dict per row, column name -> text, NULL -> ""."""
    desc = cursor.description
    if desc is None:
        return _no_row
    names = [c.name for c in desc]

    def make_row(values):
        row = dict(zip(names, values))
        if None in values:
            for k, v in row.items():
                if v is None:
                    row[k] = ""
        return row

    return make_row


def _no_row(values):
    return {}


def _load():
    """Import psycopg and build the adaptation context (first use only)."""
    global _loaded, _Error, _PoolTimeout, _PoolClosed, _AsyncConnectionPool
    global _ConnBase, _CONNECT_KWARGS, _TUPLES_OK, _IDLE, _select
    if _loaded:
        return
    import logging
    import select

    import psycopg
    import psycopg_pool
    from psycopg import pq
    from psycopg.adapt import AdaptersMap
    from psycopg.types.string import StrDumperUnknown, TextLoader

    # psycopg_pool logs connection failures and rollbacks of returned
    # connections as warnings; without a handler Python would print them on
    # stderr. Errors reach the program as Err values instead.
    logging.getLogger("psycopg").addHandler(logging.NullHandler())

    # An adaptation context with nothing but: str parameters dumped as text of
    # unknown type, and every result column (whatever its oid: the oid-0
    # loader is psycopg's fallback) loaded as the text the server sent.
    adapters = AdaptersMap()
    adapters.register_dumper(str, StrDumperUnknown)
    adapters.register_loader(0, TextLoader)

    class MeshCursor(psycopg.AsyncRawCursor):
        __slots__ = ()

        def _execute_send(self, query, *, force_extended=False, binary=None):
            # Always the extended protocol, also without parameters (psycopg
            # would use the simple protocol, which runs `a; b` as two
            # statements and returns only the last result).
            super()._execute_send(query, force_extended=True, binary=binary)

    class MeshConnection(psycopg.AsyncConnection):
        """A connection with its one reusable cursor in `_mesh_cur`; the
        subclass made for each pool records connection attempts."""

        _mesh_pool_state = None

        @classmethod
        async def connect(cls, conninfo="", **kwargs):
            state = cls._mesh_pool_state
            try:
                conn = await super().connect(conninfo, **kwargs)
            except Exception as e:
                if state is not None:
                    state.failed(e)
                raise
            if conn.pgconn.parameter_status(b"client_encoding") == b"SQL_ASCII":
                # psycopg would encode str as ASCII and return bytes; Mesh
                # strings are UTF-8 (the server converts nothing for SQL_ASCII).
                try:
                    await conn.execute("SET client_encoding TO 'UTF8'")
                except Exception as e:
                    await conn.close()
                    if state is not None:
                        state.failed(e)
                    raise
            conn._mesh_cur = conn.cursor()
            if state is not None:
                state.connected()
            return conn

    _Error = psycopg.Error
    _PoolTimeout = psycopg_pool.PoolTimeout
    _PoolClosed = psycopg_pool.PoolClosed
    _AsyncConnectionPool = psycopg_pool.AsyncConnectionPool
    _ConnBase = MeshConnection
    _select = select.select
    _TUPLES_OK = pq.ExecStatus.TUPLES_OK
    _IDLE = pq.TransactionStatus.IDLE
    _CONNECT_KWARGS = {
        "autocommit": True,
        "prepare_threshold": PREPARE_THRESHOLD,
        "context": adapters,
        "cursor_factory": MeshCursor,
        "row_factory": _text_rows,
    }
    _loaded = True


# --------------------------------------------------------------------------
# Error messages


def _message(e):
    """The Mesh error text of a psycopg exception: the server's primary
    message, else the first line of psycopg's own message."""
    diag = getattr(e, "diag", None)
    if diag is not None:
        try:
            m = diag.message_primary
        except Exception:
            m = None
        if m:
            return m
    text = str(e).strip()
    if text.startswith("connection failed:") or "failed to resolve host" in text:
        return _connect_message(e)
    return text.split("\n", 1)[0] or type(e).__name__


def _statement_message(e):
    """The Mesh error text of a failed statement (supplement, section 6):
    `SQLSTATE\tconstraint\ttable\tcolumn\tmessage` for an error the server
    reported, missing fields empty; other failures (a lost connection, a
    string the encoding cannot hold) keep their plain message."""
    sqlstate = getattr(e, "sqlstate", None)
    if not sqlstate:
        return _message(e)
    diag = e.diag
    fields = (sqlstate, diag.constraint_name, diag.table_name, diag.column_name, _message(e))
    return "\t".join(f or "" for f in fields)


def _connect_message(e):
    """`connection failed: <reason>` for a failed connection attempt.

    libpq says `connection failed: connection to server at "127.0.0.1",
    port 1 failed: Connection refused` plus hint lines; keep the reason.
    With several addresses psycopg lists every attempt; the last one wins.
    """
    diag = getattr(e, "diag", None)
    prim = getattr(diag, "message_primary", None) if diag is not None else None
    if prim:
        return "connection failed: " + prim
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    reason = ""
    for ln in lines:
        if "failed:" in ln or "failed to resolve" in ln:
            reason = ln
    if not reason:
        reason = lines[0] if lines else type(e).__name__
    if reason.startswith("- "):
        reason = reason[2:]
    # `connection failed: connection to server at ..., port N failed: X`
    cut = reason.rfind(" failed: ")
    if cut >= 0 and not reason.startswith("failed to resolve"):
        reason = reason[cut + len(" failed: "):]
    if reason.startswith("connection failed: "):
        reason = reason[len("connection failed: "):]
    if reason.startswith("FATAL:"):
        reason = reason[len("FATAL:"):].strip()
    return "connection failed: " + reason


# --------------------------------------------------------------------------
# Values


class _Handle:
    """An opaque database value, numbered for display (`#PoolHandle<1>`)."""

    __slots__ = ("_id",)
    _count = 0

    def __init__(self):
        cls = type(self)
        cls._count += 1
        self._id = cls._count

    def _display(self):
        return f"#{type(self).__name__}<{self._id}>"

    def __repr__(self):
        return self._display()


class PoolHandle(_Handle):
    """A Mesh `PoolHandle`: a psycopg_pool.AsyncConnectionPool."""

    __slots__ = ("_pool", "_state", "_answer_ms")
    _count = 0

    def __init__(self, pool, state, answer_ms=None):
        super().__init__()
        self._pool = pool
        self._state = state
        self._answer_ms = answer_ms   # None: no client-side answer deadline


class PgConn(_Handle):
    """A Mesh `PgConn`: one connection, standalone (`Pg.connect`) or
    checked out of a pool (`_pool` set). `_conn` is None once closed or
    checked in."""

    __slots__ = ("_conn", "_pool")
    _count = 0

    def __init__(self, conn, pool):
        super().__init__()
        self._conn = conn
        self._pool = pool


class _PoolState:
    """What the connections of one pool report: used to fail `Pool.open`
    at the first failed connection and to explain checkout failures."""

    __slots__ = ("need", "ok", "waiter", "last_error", "last_failed")

    def __init__(self, need, waiter):
        self.need = need
        self.ok = 0
        self.waiter = waiter
        self.last_error = None
        self.last_failed = False

    def connected(self):
        self.ok += 1
        self.last_failed = False
        w = self.waiter
        if w is not None and self.ok >= self.need and not w.done():
            w.set_result(None)

    def failed(self, e):
        self.last_error = e
        self.last_failed = True
        w = self.waiter
        if w is not None and not w.done():
            w.set_result(e)


_CLOSED = Err("connection is closed")


# --------------------------------------------------------------------------
# Shared statement helpers (connection -> value; exceptions propagate)


async def _run(conn, sql, params):
    """Execute one statement on the connection's cursor; return the cursor."""
    cur = conn._mesh_cur
    try:
        await cur.execute(sql, params)
    except _Error as e:
        if not _stale_plan(conn, e):
            raise
        await cur.execute(sql, params)
    return cur


def _stale_plan(conn, e):
    """True (after forgetting the connection's prepared statements) if `e`
    is a prepared statement gone stale and the statement can simply be rerun."""
    if e.sqlstate != "0A000" or conn.pgconn.transaction_status != _IDLE:
        return False
    if "cached plan must not change result type" not in (e.diag.message_primary or ""):
        return False
    prepared = getattr(conn, "_prepared", None)
    if prepared is None:
        return False
    prepared.clear()  # DEALLOCATE ALL follows the next statement
    return True


async def _rows(conn, sql, params):
    cur = await _run(conn, sql, params)
    if cur.pgresult.status != _TUPLES_OK:
        return []
    return await cur.fetchall()


async def _count(conn, sql, params):
    cur = await _run(conn, sql, params)
    tag = cur.pgresult.command_status
    if tag:
        last = tag.rpartition(b" ")[2]
        if last.isdigit():
            return int(last)
    return 0


async def _simple(conn, sql):
    """Run a parameterless command (BEGIN/COMMIT/ROLLBACK): Ok(()) or Err."""
    try:
        await conn._mesh_cur.execute(sql, ())
    except Exception as e:  # psycopg.Error, or e.g. a str the encoding cannot hold
        return Err(_message(e))
    return Ok(None)


async def _rollback_quietly(conn):
    try:
        await conn._mesh_cur.execute("ROLLBACK", ())
    except Exception:
        pass


async def _map_rows(rows, from_row):
    out = []
    for row in rows:
        r = from_row(row)
        if r.__class__ is not Ok and r.__class__ is not Err and hasattr(r, "__await__"):
            r = await r
        out.append(r)
    return out


# --------------------------------------------------------------------------
# Pool


def _checkout_error(handle, e):
    if isinstance(e, _PoolClosed):
        return Err("pool is closed")
    if isinstance(e, _PoolTimeout):
        st = handle._state
        if st.last_failed and st.last_error is not None:
            return Err("pool connect: " + _message(st.last_error))
        return Err("pool checkout timeout")
    return Err("pool connect: " + _message(e))


def _pool_options(options):
    """POOL_DEFAULTS overridden by the options map: (dict, None) or (None, error)."""
    opts = dict(POOL_DEFAULTS)
    for k, v in (options or {}).items():
        if k not in opts:
            return None, f"pool open: unknown option {k!r} (known: {', '.join(POOL_DEFAULTS)})"
        if v.__class__ is not int or v < 0:
            return None, f"pool open: option {k} must be a non-negative Int"
        opts[k] = v
    return opts, None


def _url_options(url):
    """The `options` the connection URL already carries (e.g. a search_path),
    which a keyword argument would otherwise replace."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        return conninfo_to_dict(url).get("options") or ""
    except Exception:  # a bad URL fails at connect time with its own message
        return ""


def _connect_kwargs(opts, url):
    kwargs = dict(_CONNECT_KWARGS)
    kwargs["connect_timeout"] = max(2, (opts["connect_timeout_ms"] + 999) // 1000)
    if opts["statement_timeout_ms"]:
        own = f"-c statement_timeout={opts['statement_timeout_ms']}"
        kwargs["options"] = f"{_url_options(url)} {own}".strip()
        kwargs["tcp_user_timeout"] = opts["statement_timeout_ms"] + opts["answer_grace_ms"]
    if opts["keepalive_idle_s"]:
        kwargs.update(keepalives=1, keepalives_idle=opts["keepalive_idle_s"],
                      keepalives_interval=max(1, opts["keepalive_interval_s"]),
                      keepalives_count=max(1, opts["keepalive_count"]))
    return kwargs


async def _pool_open(url, min_, max_, timeout_ms, options=None):
    if not _loaded:
        _load()
    import asyncio

    opts, problem = _pool_options(options)
    if problem is not None:
        return Err(problem)
    min_size = min_ if min_ > 0 else 0
    max_size = max(max_, min_size, 1)
    timeout = max(timeout_ms, 100) / 1000.0
    waiter = asyncio.get_running_loop().create_future() if min_size > 0 else None
    state = _PoolState(min_size, waiter)
    conn_class = type("MeshPoolConnection", (_ConnBase,), {"_mesh_pool_state": state})
    kwargs = _connect_kwargs(opts, url)
    try:
        pool = _AsyncConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            timeout=timeout,
            open=False,
            kwargs=kwargs,
            connection_class=conn_class,
        )
        await pool.open(wait=False)
    except Exception as e:
        return Err("pool open: " + _message(e))
    if waiter is not None:
        try:
            failure = await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except asyncio.TimeoutError:
            failure = f"timed out after {int(timeout * 1000)} ms opening {min_size} connections"
        if failure is not None:
            await _close_pool(pool)
            return Err("pool open: " + (failure if isinstance(failure, str) else _message(failure)))
        state.waiter = None
    answer_ms = opts["statement_timeout_ms"] + opts["answer_grace_ms"] if opts["statement_timeout_ms"] else None
    return Ok(PoolHandle(pool, state, answer_ms))


# --------------------------------------------------------------------------
# The answer deadline: a statement that gets no answer at all (a blackholed
# link) is ended by shutting the connection's socket down. libpq then sees
# the connection closed and psycopg raises at once; the connection is broken
# and the pool replaces it. (Cancelling the awaiting task instead would make
# psycopg send a cancel request over the same dead network and wait for it.)


def _arm_deadline(conn, answer_ms):
    if answer_ms is None:
        return None
    import asyncio
    conn._mesh_timed_out = False
    return asyncio.get_running_loop().call_later(answer_ms / 1000.0, _cut, conn)


def _cut(conn):
    conn._mesh_timed_out = True
    try:
        s = _socket.socket(fileno=_os.dup(conn.pgconn.socket))
        try:
            s.shutdown(_socket.SHUT_RDWR)
        finally:
            s.close()
    except Exception:
        pass


def _failure(conn, e, answer_ms):
    if getattr(conn, "_mesh_timed_out", False):
        return Err(f"statement timeout: no answer from the server within {answer_ms} ms")
    return Err(_statement_message(e))


async def _close_pool(pool):
    try:
        await pool.close(timeout=1.0)
    except Exception:
        pass


def _dead(conn):
    """True if an idle connection was closed by the server (restart,
    pg_terminate_backend, idle timeout). The server then has sent an error
    and closed the socket, so the socket is readable: one select() with no
    wait tells, instead of a `SELECT 1` round trip."""
    pgconn = conn.pgconn
    try:
        if pgconn.status != 0:  # CONNECTION_OK
            return True
        sock = (pgconn.socket,)
        # A terminated backend sends its error, then EOF: read until the
        # socket is quiet (a stray notice is merely buffered by libpq).
        for _ in range(4):
            if not _select(sock, (), (), 0)[0]:
                return False
            pgconn.consume_input()  # raises at EOF
            if pgconn.status != 0:
                return True
    except Exception:
        return True
    return True


async def _getconn(handle):
    """Check out a live connection; dead idle ones are discarded (their
    pool replaces them)."""
    pool = handle._pool
    for _ in range(pool.max_size + 1):
        conn = await pool.getconn()
        if not _dead(conn):
            return conn
        try:
            await conn.close()
        except Exception:
            pass
        await pool.putconn(conn)
    return await pool.getconn()


async def _pool_run(handle, run, sql, params):
    pool = handle._pool
    try:
        conn = await _getconn(handle)
    except Exception as e:
        return _checkout_error(handle, e)
    timer = _arm_deadline(conn, handle._answer_ms)
    try:
        return Ok(await run(conn, sql, params))
    except Exception as e:  # psycopg.Error, or e.g. a str the encoding cannot hold
        return _failure(conn, e, handle._answer_ms)
    finally:
        if timer is not None:
            timer.cancel()
        await pool.putconn(conn)


async def _pool_query(handle, sql, params):
    return await _pool_run(handle, _rows, sql, params)


async def _pool_execute(handle, sql, params):
    return await _pool_run(handle, _count, sql, params)


async def _pool_query_as(handle, sql, params, from_row):
    r = await _pool_query(handle, sql, params)
    if r.__class__ is Err:
        return r
    return Ok(await _map_rows(r.value, from_row))


async def _pool_checkout(handle):
    try:
        conn = await _getconn(handle)
    except Exception as e:
        return _checkout_error(handle, e)
    return Ok(PgConn(conn, handle))


async def _pool_checkin(handle, pgconn):
    conn = pgconn._conn
    if conn is None or pgconn._pool is not handle:
        return None
    pgconn._conn = None
    try:
        # A migration's pool (meshpy/migrate.py) lends the connection of the
        # migration's own transaction: that one is not ours to roll back.
        if (not conn.closed and conn.pgconn.transaction_status != _IDLE
                and not getattr(handle._pool, "keeps_transaction", False)):
            await _rollback_quietly(conn)
        await handle._pool.putconn(conn)
    except Exception:
        try:
            await conn.close()
        except Exception:
            pass
    return None


async def _pool_close(handle):
    await _close_pool(handle._pool)
    return None


class _PoolModule:
    """Mesh `Pool`."""

    __slots__ = ()
    open = staticmethod(_pool_open)
    open_with = staticmethod(_pool_open)
    query = staticmethod(_pool_query)
    execute = staticmethod(_pool_execute)
    query_as = staticmethod(_pool_query_as)
    query_as_async = query_as  # the compiler's name when from_row blocks (it is awaited either way)
    checkout = staticmethod(_pool_checkout)
    checkin = staticmethod(_pool_checkin)
    close = staticmethod(_pool_close)


# --------------------------------------------------------------------------
# Pg


async def _pg_connect(url):
    if not _loaded:
        _load()
    try:
        conn = await _ConnBase.connect(url, **_CONNECT_KWARGS)
    except _Error as e:
        return Err(_connect_message(e))
    except Exception as e:  # e.g. a malformed URL
        return Err("connection failed: " + (str(e).strip().split("\n", 1)[0] or type(e).__name__))
    return Ok(PgConn(conn, None))


async def _pg_run(pgconn, run, sql, params):
    conn = pgconn._conn
    if conn is None:
        return _CLOSED
    answer_ms = pgconn._pool._answer_ms if pgconn._pool is not None else None
    timer = _arm_deadline(conn, answer_ms)
    try:
        return Ok(await run(conn, sql, params))
    except Exception as e:  # psycopg.Error, or e.g. a str the encoding cannot hold
        return _failure(conn, e, answer_ms)
    finally:
        if timer is not None:
            timer.cancel()


async def _pg_query(pgconn, sql, params):
    return await _pg_run(pgconn, _rows, sql, params)


async def _pg_execute(pgconn, sql, params):
    return await _pg_run(pgconn, _count, sql, params)


async def _pg_query_as(pgconn, sql, params, from_row):
    r = await _pg_query(pgconn, sql, params)
    if r.__class__ is Err:
        return r
    return Ok(await _map_rows(r.value, from_row))


async def _pg_begin(pgconn):
    conn = pgconn._conn
    return _CLOSED if conn is None else await _simple(conn, "BEGIN")


async def _pg_commit(pgconn):
    conn = pgconn._conn
    return _CLOSED if conn is None else await _simple(conn, "COMMIT")


async def _pg_rollback(pgconn):
    conn = pgconn._conn
    return _CLOSED if conn is None else await _simple(conn, "ROLLBACK")


async def _pg_transaction(pgconn, f):
    """BEGIN; f(conn); COMMIT if it returned Ok, else ROLLBACK and return its
    Err. A failing COMMIT rolls back and gives Err("COMMIT: ..."); a panic
    (any exception) in f rolls back and gives
    Err("transaction aborted: panic in callback")."""
    conn = pgconn._conn
    if conn is None:
        return _CLOSED
    r = await _simple(conn, "BEGIN")
    if r.__class__ is Err:
        return r
    try:
        result = f(pgconn)
        if result.__class__ is not Ok and result.__class__ is not Err and hasattr(result, "__await__"):
            result = await result
    except Exception:
        await _rollback_quietly(conn)
        return Err("transaction aborted: panic in callback")
    if result.__class__ is Err:
        await _rollback_quietly(conn)
        return result
    try:
        await conn._mesh_cur.execute("COMMIT", ())
    except Exception as e:
        await _rollback_quietly(conn)
        return Err("COMMIT: " + _message(e))
    return Ok(None)


async def _pg_close(pgconn):
    conn = pgconn._conn
    if conn is None:
        return None
    pgconn._conn = None
    try:
        await conn.close()
    except Exception:
        pass
    if pgconn._pool is not None:
        # A checked-out connection: let its pool forget it (it discards
        # closed connections and opens new ones as needed).
        try:
            await pgconn._pool._pool.putconn(conn)
        except Exception:
            pass
    return None


class _PgModule:
    """Mesh `Pg`."""

    __slots__ = ()
    connect = staticmethod(_pg_connect)
    query = staticmethod(_pg_query)
    execute = staticmethod(_pg_execute)
    query_as = staticmethod(_pg_query_as)
    query_as_async = query_as
    begin = staticmethod(_pg_begin)
    commit = staticmethod(_pg_commit)
    rollback = staticmethod(_pg_rollback)
    transaction = staticmethod(_pg_transaction)
    transaction_async = transaction  # the compiler's name when f blocks (it is awaited either way)
    close = staticmethod(_pg_close)


Pool = _PoolModule()
Pg = _PgModule()
