"""The Mesh `Sqlite` module: embedded SQLite through Python's `sqlite3`
(language reference, section 14).

Value model (14.1, 14.5-14.8), shared with `Pool`/`Pg`:

* `Sqlite.open(path)`: `":memory:"` or a file path (created if missing);
  `Ok(conn)` or `Err(message)`;
* parameters are a list of str, bound as TEXT to `?` placeholders (column
  affinity converts them: `"42"` stored in an INTEGER column is the integer
  42, and `WHERE id = ?` compares as a number);
* each `query`/`execute` runs exactly one statement (a second statement in
  the same string is an `Err`);
* rows are dicts str -> str holding SQLite's own text form of each value
  (what `sqlite3_column_text` / `CAST(x AS TEXT)` give): integers in
  decimal, reals as SQLite prints them (`2.0`, `0.1`, `1.0e+20`), text as
  is, blobs decoded as UTF-8; NULL is "", and the later of two equally
  named columns wins; a statement without result rows gives `Ok([])`;
* `execute` returns the statement's change count (`sqlite3_changes`; 0
  for statements that change no rows: DDL, SELECT);
* errors are `Err(<SQLite's message>)` (`no such table: widgets`,
  `UNIQUE constraint failed: t.id`); a closed connection gives
  `Err("connection is closed")`. Nothing here panics.
* Transactions are explicit: the connection is in autocommit mode and
  `Sqlite.begin/commit/rollback` send `BEGIN`/`COMMIT`/`ROLLBACK`.

Every function is a **plain** (synchronous) function: SQLite works on a
local file or in memory and a statement typically takes microseconds, so
they run directly on the event loop thread (no thread hand-off per call).
A long query therefore pauses the other processes while it runs. The busy
timeout is short (100 ms): a lock held by another connection of the same
program cannot be released while the loop waits, so waiting longer would
only stall every process before failing with `database is locked`.
"""

import sqlite3

from .values import Err, Ok

__all__ = ["Sqlite", "SqliteConn"]

_BUSY_TIMEOUT = 0.1  # seconds

# One private in-memory connection to render REAL values as SQLite does.
_fmt = None


def _real_text(f):
    global _fmt
    if _fmt is None:
        _fmt = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    return _fmt.execute("SELECT CAST(? AS TEXT)", (f,)).fetchone()[0] or ""


def _text(v):
    c = v.__class__
    if c is str:
        return v
    if v is None:
        return ""
    if c is int:
        return str(v)
    if c is float:
        return _real_text(v)
    if c is bytes:
        return v.decode("utf-8", "replace")
    return str(v)


class SqliteConn:
    """A Mesh `SqliteConn`; `_conn` is None once closed."""

    __slots__ = ("_conn", "_id", "path")
    _count = 0

    def __init__(self, conn, path):
        SqliteConn._count += 1
        self._conn = conn
        self._id = SqliteConn._count
        self.path = path

    def _display(self):
        return f"#SqliteConn<{self._id}>"

    __repr__ = _display


_CLOSED = Err("connection is closed")


def _message(e):
    text = str(e).strip()
    return text.split("\n", 1)[0] if text else type(e).__name__


def _params(params):
    return tuple(params) if params else ()


class _SqliteModule:
    """Mesh `Sqlite`."""

    __slots__ = ()

    @staticmethod
    def open(path):
        try:
            conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT, isolation_level=None,
                                   check_same_thread=False)
        except Exception as e:  # sqlite3.Error, or e.g. an embedded NUL in the path
            return Err(_message(e))
        return Ok(SqliteConn(conn, path))

    @staticmethod
    def query(sc, sql, params):
        conn = sc._conn
        if conn is None:
            return _CLOSED
        try:
            cur = conn.execute(sql, _params(params))
            try:
                desc = cur.description
                if desc is None:
                    return Ok([])
                names = [d[0] for d in desc]
                rows = []
                for values in cur:
                    rows.append({k: _text(v) for k, v in zip(names, values)})
                return Ok(rows)
            finally:
                cur.close()
        except Exception as e:  # sqlite3.Error, or e.g. a string the encoding cannot hold
            return Err(_message(e))

    @staticmethod
    def execute(sc, sql, params):
        conn = sc._conn
        if conn is None:
            return _CLOSED
        try:
            cur = conn.execute(sql, _params(params))
            n = cur.rowcount
            cur.close()
        except Exception as e:
            return Err(_message(e))
        return Ok(n if n > 0 else 0)

    @staticmethod
    def begin(sc):
        return _simple(sc, "BEGIN")

    @staticmethod
    def commit(sc):
        return _simple(sc, "COMMIT")

    @staticmethod
    def rollback(sc):
        return _simple(sc, "ROLLBACK")

    @staticmethod
    def close(sc):
        conn = sc._conn
        if conn is not None:
            sc._conn = None
            try:
                conn.close()
            except Exception:
                pass
        return None


def _simple(sc, sql):
    conn = sc._conn
    if conn is None:
        return _CLOSED
    try:
        conn.execute(sql).close()
    except Exception as e:
        return Err(_message(e))
    return Ok(None)


Sqlite = _SqliteModule()
