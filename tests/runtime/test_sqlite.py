"""Mesh `Sqlite` (meshpy/runtime/sqlite.py; language reference 14) on
Python's sqlite3: rows as text, NULL as "", change counts, transactions,
errors as Err values. The functions are plain (synchronous)."""

import asyncio

import pytest

from meshpy.check import stdlib as S
from meshpy.runtime import prelude
from meshpy.runtime.display import display
from meshpy.runtime.sqlite import Sqlite, SqliteConn
from meshpy.runtime.values import Err, Ok


def ok(r):
    assert r.__class__ is Ok, r
    return r.value


@pytest.fixture
def db():
    c = ok(Sqlite.open(":memory:"))
    yield c
    Sqlite.close(c)


def test_exports_and_signatures():
    assert prelude.Sqlite.open is Sqlite.open  # loaded on first use
    for (module, name), sig in S.SIGNATURES.items():
        if module == "Sqlite":
            assert not sig.ref.is_async, name
            f = getattr(Sqlite, sig.ref.py_name)
            assert callable(f) and not asyncio.iscoroutinefunction(f)
    assert S.lookup_global("sqlite_query").ref.module == "Sqlite"
    assert S.METHOD_MODULES["SqliteConn"] == "Sqlite"


def test_open_gives_a_connection(db):
    assert isinstance(db, SqliteConn)
    assert re_display(display(db))


def re_display(text):
    import re
    return re.fullmatch(r"#SqliteConn<\d+>", text)


def test_execute_returns_change_counts(db):
    assert Sqlite.execute(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)", []) == Ok(0)
    assert Sqlite.execute(db, "INSERT INTO t (name) VALUES (?)", ["a"]) == Ok(1)
    assert Sqlite.execute(db, "INSERT INTO t (name) VALUES (?), (?), (?)", ["b", "c", "d"]) == Ok(3)
    assert Sqlite.execute(db, "UPDATE t SET name = name || ? WHERE id > ?", ["!", "1"]) == Ok(3)
    assert Sqlite.execute(db, "DELETE FROM t WHERE name = ?", ["zzz"]) == Ok(0)
    # DDL after DML reports 0, not the previous statement's count
    assert Sqlite.execute(db, "CREATE INDEX t_name ON t (name)", []) == Ok(0)
    assert Sqlite.execute(db, "SELECT * FROM t", []) == Ok(0)
    assert Sqlite.execute(db, "DELETE FROM t", []) == Ok(4)


def test_rows_are_maps_of_text(db):
    ok(Sqlite.execute(db, "CREATE TABLE v (i INTEGER, r REAL, t TEXT, b BLOB, n TEXT)", []))
    ok(Sqlite.execute(db, "INSERT INTO v VALUES (?, ?, ?, ?, NULL)", ["-42", "1.5", "héllo", "x"]))
    ok(Sqlite.execute(db, "INSERT INTO v VALUES (9223372036854775807, 2.0, '', X'6869', NULL)", []))
    ok(Sqlite.execute(db, "INSERT INTO v VALUES (0, 0.1, 'x', NULL, 'y')", []))
    rows = ok(Sqlite.query(db, "SELECT i, r, t, b, n FROM v ORDER BY rowid", []))
    assert rows == [
        {"i": "-42", "r": "1.5", "t": "héllo", "b": "x", "n": ""},
        {"i": "9223372036854775807", "r": "2.0", "t": "", "b": "hi", "n": ""},
        {"i": "0", "r": "0.1", "t": "x", "b": "", "n": "y"},
    ]
    # values are SQLite's own text forms (CAST(x AS TEXT))
    rows = ok(Sqlite.query(db, "SELECT 1e20 AS big, 1.5e-7 AS small, 1/2 AS idiv, 1.0/4 AS fdiv, "
                               "NULL AS empty, 'a' || 'b' AS cat", []))
    assert rows == [{"big": "1.0e+20", "small": "1.5e-07", "idiv": "0", "fdiv": "0.25",
                     "empty": "", "cat": "ab"}]


def test_column_names_and_duplicates(db):
    rows = ok(Sqlite.query(db, "SELECT 1 AS a, 2 AS a, 3, 'x' AS \"b c\"", []))
    assert rows == [{"a": "2", "3": "3", "b c": "x"}]


def test_parameters_are_text_with_column_affinity(db):
    ok(Sqlite.execute(db, "CREATE TABLE n (k INTEGER, v TEXT)", []))
    ok(Sqlite.execute(db, "INSERT INTO n VALUES (?, ?)", ["10", "010"]))
    ok(Sqlite.execute(db, "INSERT INTO n VALUES (?, ?)", ["9", "9"]))
    assert ok(Sqlite.query(db, "SELECT typeof(k) AS tk, typeof(v) AS tv FROM n WHERE k = ?", ["10"])) == [
        {"tk": "integer", "tv": "text"}]
    # numeric comparison against the INTEGER column, so 9 < 10
    assert ok(Sqlite.query(db, "SELECT v FROM n WHERE k < ? ORDER BY k", ["10"])) == [{"v": "9"}]
    assert ok(Sqlite.query(db, "SELECT v FROM n WHERE v = ?", ["010"])) == [{"v": "010"}]
    # a bare parameter stays text
    assert ok(Sqlite.query(db, "SELECT ? AS p, typeof(?) AS t", ["5", "5"])) == [{"p": "5", "t": "text"}]


def test_statements_without_rows_give_empty_lists(db):
    assert Sqlite.query(db, "CREATE TABLE e (x)", []) == Ok([])
    assert Sqlite.query(db, "SELECT x FROM e", []) == Ok([])
    assert Sqlite.query(db, "INSERT INTO e VALUES (?)", ["1"]) == Ok([])
    assert ok(Sqlite.query(db, "SELECT x FROM e", [])) == [{"x": "1"}]


def test_errors_are_err_values(db):
    assert Sqlite.query(db, "SELECT * FROM widgets", []) == Err("no such table: widgets")
    assert Sqlite.execute(db, "SELEC 1", []) == Err('near "SELEC": syntax error')
    ok(Sqlite.execute(db, "CREATE TABLE u (k TEXT UNIQUE NOT NULL)", []))
    ok(Sqlite.execute(db, "INSERT INTO u VALUES (?)", ["a"]))
    assert Sqlite.execute(db, "INSERT INTO u VALUES (?)", ["a"]) == Err("UNIQUE constraint failed: u.k")
    r = Sqlite.execute(db, "INSERT INTO u VALUES (?)", [])
    assert r.__class__ is Err and "bindings" in r.value
    r = Sqlite.execute(db, "INSERT INTO u VALUES ('b'); INSERT INTO u VALUES ('c')", [])
    assert r.__class__ is Err and "one statement" in r.value
    assert ok(Sqlite.query(db, "SELECT k FROM u ORDER BY k", [])) == [{"k": "a"}]
    assert Sqlite.commit(db) == Err("cannot commit - no transaction is active")


def test_transactions(db):
    ok(Sqlite.execute(db, "CREATE TABLE a (x INTEGER)", []))
    assert Sqlite.begin(db) == Ok(None)
    ok(Sqlite.execute(db, "INSERT INTO a VALUES (1)", []))
    assert Sqlite.rollback(db) == Ok(None)
    assert ok(Sqlite.query(db, "SELECT COUNT(*) AS n FROM a", [])) == [{"n": "0"}]
    assert Sqlite.begin(db) == Ok(None)
    assert Sqlite.begin(db).__class__ is Err  # nested BEGIN
    ok(Sqlite.execute(db, "INSERT INTO a VALUES (2)", []))
    assert Sqlite.commit(db) == Ok(None)
    assert ok(Sqlite.query(db, "SELECT x FROM a", [])) == [{"x": "2"}]


def test_autocommit_without_begin(tmp_path):
    path = str(tmp_path / "auto.db")
    c1 = ok(Sqlite.open(path))
    ok(Sqlite.execute(c1, "CREATE TABLE k (x)", []))
    ok(Sqlite.execute(c1, "INSERT INTO k VALUES (?)", ["v"]))
    # visible to another connection at once: nothing was left uncommitted
    c2 = ok(Sqlite.open(path))
    assert ok(Sqlite.query(c2, "SELECT x FROM k", [])) == [{"x": "v"}]
    Sqlite.close(c1)
    Sqlite.close(c2)


def test_file_database_persists(tmp_path):
    path = str(tmp_path / "data.db")
    c = ok(Sqlite.open(path))
    ok(Sqlite.execute(c, "CREATE TABLE p (name TEXT)", []))
    ok(Sqlite.execute(c, "INSERT INTO p VALUES (?)", ["kept"]))
    assert Sqlite.close(c) is None
    c = ok(Sqlite.open(path))
    assert ok(Sqlite.query(c, "SELECT name FROM p", [])) == [{"name": "kept"}]
    Sqlite.close(c)


def test_open_failure(tmp_path):
    assert Sqlite.open(str(tmp_path / "no" / "such" / "dir.db")) == Err("unable to open database file")


def test_closed_connection(db):
    assert Sqlite.close(db) is None
    assert Sqlite.close(db) is None
    for f in (lambda: Sqlite.query(db, "SELECT 1", []), lambda: Sqlite.execute(db, "SELECT 1", []),
              lambda: Sqlite.begin(db), lambda: Sqlite.commit(db), lambda: Sqlite.rollback(db)):
        assert f() == Err("connection is closed")


def test_locked_database_fails_quickly(tmp_path):
    import time
    path = str(tmp_path / "lock.db")
    c1 = ok(Sqlite.open(path))
    c2 = ok(Sqlite.open(path))
    ok(Sqlite.execute(c1, "CREATE TABLE l (x)", []))
    ok(Sqlite.begin(c1))
    ok(Sqlite.execute(c1, "INSERT INTO l VALUES (1)", []))
    t = time.monotonic()
    assert Sqlite.execute(c2, "INSERT INTO l VALUES (2)", []) == Err("database is locked")
    assert time.monotonic() - t < 2
    ok(Sqlite.commit(c1))
    assert Sqlite.execute(c2, "INSERT INTO l VALUES (2)", []) == Ok(1)
    Sqlite.close(c1)
    Sqlite.close(c2)
