"""`meshpy migrate` end to end: the real CLI in a subprocess against the real
PostgreSQL. Each test gets a schema of its own (DATABASE_URL sets the
search_path), so `_mesh_migrations` and the tables the migrations create
never meet those of other tests."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = "postgres://mesh_test:mesh_test@localhost:5432/mesh_test"


@pytest.fixture(scope="module", autouse=True)
def postgres():
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "pg"), "start"], capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"scripts/pg start failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)


@pytest.fixture
def schema():
    name = "mig_" + uuid.uuid4().hex[:10]
    with psycopg.connect(BASE, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {name}")
    yield name
    with psycopg.connect(BASE, autocommit=True) as c:
        c.execute(f"DROP SCHEMA {name} CASCADE")


def url(schema):
    return f"{BASE}?options=-csearch_path%3D{schema}"


def migrate(args, cwd, schema=None):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if schema:
        env["DATABASE_URL"] = url(schema)
    p = subprocess.run([sys.executable, "-m", "meshpy", "migrate", *args], cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def query(schema, sql):
    with psycopg.connect(url(schema), autocommit=True) as c:
        return c.execute(sql).fetchall()


def tables(schema):
    return sorted(r[0] for r in query(schema, f"SELECT tablename FROM pg_tables WHERE schemaname = '{schema}'"))


def write(project, name, text):
    path = project / "migrations" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


CREATE_AUTHORS = """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "authors", ["id:BIGSERIAL:PRIMARY KEY", "name:TEXT:NOT NULL"])?
  Migration.create_index(pool, "authors", ["name"], "unique: true")
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_table(pool, "authors")
end
"""

ADD_BIO = """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.add_column(pool, "authors", "bio:TEXT")?
  Pool.execute(pool, "INSERT INTO authors (name, bio) VALUES ($1, $2)", ["Ann", "hello"])
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_column(pool, "authors", "bio")
end
"""


def test_up_status_down(tmp_path, schema):
    write(tmp_path, "20260101000000_create_authors.mpl", CREATE_AUTHORS)
    write(tmp_path, "20260102000000_add_bio.mpl", ADD_BIO)
    write(tmp_path, "notes.mpl", "# not a migration: no version prefix\n")

    assert migrate(["status"], tmp_path, schema) == (0, "", (
        "Migration Status:\n  [ ] 20260101000000_create_authors\n  [ ] 20260102000000_add_bio\n"
        "0 applied, 2 pending\n"))
    assert migrate(["up", str(tmp_path)], "/", schema) == (0, "", (
        "Running 2 pending migration(s):\n"
        "  Applying: 20260101000000_create_authors\n  Applied:  20260101000000_create_authors\n"
        "  Applying: 20260102000000_add_bio\n  Applied:  20260102000000_add_bio\n"
        "Applied 2 migration(s)\n"))
    assert query(schema, "SELECT name, bio FROM authors") == [("Ann", "hello")]
    assert query(schema, "SELECT version, name FROM _mesh_migrations ORDER BY version") == [
        (20260101000000, "create_authors"), (20260102000000, "add_bio")]
    assert migrate([], tmp_path, schema) == (0, "", "No pending migrations\n")

    assert migrate(["down"], tmp_path, schema) == (0, "", (
        "Rolling back: 20260102000000_add_bio\nRolled back: 20260102000000_add_bio\n"))
    assert [r[0] for r in query(schema, "SELECT column_name FROM information_schema.columns WHERE "
                                        f"table_schema = '{schema}' AND table_name = 'authors' "
                                        "ORDER BY ordinal_position")] == ["id", "name"]
    code, _, err = migrate(["status", "."], tmp_path, schema)
    assert (code, err) == (0, "Migration Status:\n  [x] 20260101000000_create_authors\n"
                              "  [ ] 20260102000000_add_bio\n1 applied, 1 pending\n")
    assert migrate(["down"], tmp_path, schema)[0] == 0
    assert tables(schema) == ["_mesh_migrations"]
    assert migrate(["down"], tmp_path, schema) == (0, "", "No migrations to roll back\n")


def test_a_failing_migration_leaves_the_database_unchanged(tmp_path, schema):
    write(tmp_path, "20260101000000_create_authors.mpl", CREATE_AUTHORS)
    write(tmp_path, "20260201000000_half_done.mpl", """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "books", ["id:BIGINT"])?
  Pool.execute(pool, "INSERT INTO books VALUES (1)", [])?

  Pool.execute(pool, "INSERT INTO no_such_table VALUES (1)", [])
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
""")
    write(tmp_path, "20260301000000_never_reached.mpl", CREATE_AUTHORS.replace("authors", "later"))
    code, out, err = migrate(["up"], tmp_path, schema)
    assert code == 1 and out == ""
    assert err == (
        "Running 3 pending migration(s):\n"
        "  Applying: 20260101000000_create_authors\n  Applied:  20260101000000_create_authors\n"
        "  Applying: 20260201000000_half_done\n"
        "error: Migration 20260201000000_half_done failed: "
        '42P01\t\t\t\trelation "no_such_table" does not exist\n'
        "  at migrations/20260201000000_half_done.mpl:5\n"
        "  (rolled back: the database is as it was before this migration)\n")
    # the first migration stays applied; nothing of the second one is left
    assert tables(schema) == ["_mesh_migrations", "authors"]
    assert query(schema, "SELECT version FROM _mesh_migrations") == [(20260101000000,)]


def test_a_panic_in_a_migration_is_rolled_back_with_its_line(tmp_path, schema):
    write(tmp_path, "20260101000000_panics.mpl", """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "ghosts", ["id:BIGINT"])?
  let ids = [1, 2]
  Ok(List.get(ids, 7))
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
""")
    code, _, err = migrate(["up"], tmp_path, schema)
    assert code == 1
    assert "error: Migration 20260101000000_panics failed: panic: List.get: index 7 out of bounds" in err
    assert "  at migrations/20260101000000_panics.mpl:4\n" in err
    assert tables(schema) == ["_mesh_migrations"]


def test_a_compile_error_is_a_normal_diagnostic(tmp_path, schema):
    write(tmp_path, "20251231000000_fine.mpl", CREATE_AUTHORS)
    write(tmp_path, "20260101000000_typo.mpl", """\
pub fn up(pool :: PoolHandle) -> Int!String do
  let n :: Int = "seven"
  Ok(n)
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
""")
    code, _, err = migrate(["up"], tmp_path, schema)
    assert code == 1
    assert "migrations/20260101000000_typo.mpl:2:18: error[E0001]: type mismatch: expected Int, found String" in err
    assert err.endswith("error: Migration 20260101000000_typo does not compile "
                        "(migrations/20260101000000_typo.mpl)\n")
    # every pending migration is compiled before any is applied
    assert "Applying" not in err
    assert tables(schema) == ["_mesh_migrations"]


def test_generate_writes_a_stub_that_applies(tmp_path, schema):
    code, _, err = migrate(["generate", "add_widgets", str(tmp_path)], "/", None)
    assert code == 0
    files = os.listdir(tmp_path / "migrations")
    assert len(files) == 1 and files[0].endswith("_add_widgets.mpl") and len(files[0].split("_")[0]) == 14
    assert err == f"Created migration: migrations/{files[0]}\n"
    assert migrate(["up"], tmp_path, schema)[0] == 0
    assert query(schema, "SELECT name FROM _mesh_migrations") == [("add_widgets",)]


def test_usage_errors(tmp_path, schema):
    assert migrate(["status"], tmp_path, None) == (
        1, "", "error: meshpy migrate: DATABASE_URL environment variable is required\n")
    assert migrate(["generate", "Bad-Name"], tmp_path) == (
        1, "", "error: Migration name must contain only lowercase letters, digits, and underscores\n")
    assert migrate(["generate"], tmp_path) == (1, "", "error: Migration name cannot be empty\n")
    assert migrate(["up"], tmp_path, schema) == (0, "", "No migration files found in migrations/\n")
    write(tmp_path, "20260101000000_a.mpl", CREATE_AUTHORS)
    with psycopg.connect(url(schema), autocommit=True) as c:
        c.execute("CREATE TABLE IF NOT EXISTS _mesh_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
                  "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        c.execute("INSERT INTO _mesh_migrations (version, name) VALUES (20250101000000, 'gone')")
    assert migrate(["down"], tmp_path, schema) == (
        1, "", "error: Migration file for version 20250101000000 not found in migrations/\n")
    env = {**os.environ, "DATABASE_URL": "postgres://mesh_test:mesh_test@127.0.0.1:1/mesh_test"}
    p = subprocess.run([sys.executable, "-m", "meshpy", "migrate", "status"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=60)
    assert (p.returncode, p.stderr) == (1, "error: connection failed: Connection refused\n")


def test_transactions_inside_a_migration_are_savepoints(tmp_path, schema):
    write(tmp_path, "20260101000000_nested.mpl", """\
fn add(conn :: PgConn, n :: String) -> Int!String do
  Pg.execute(conn, "INSERT INTO nums VALUES ($1)", [n])
end

fn keep(conn :: PgConn) -> Int!String do
  add(conn, "1")
end

fn undo(conn :: PgConn) -> Int!String do
  add(conn, "2")?
  Err("not this one")
end

pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "nums", ["n:BIGINT"])?
  Repo.transaction(pool, keep)?
  let undone = Repo.transaction(pool, undo)
  let conn = Pool.checkout(pool)?
  add(conn, "3")?
  Pool.checkin(pool, conn)
  case undone do
    Ok(_) -> Err("expected the inner rollback")
    Err(_) -> Ok(0)
  end
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_table(pool, "nums")
end
""")
    write(tmp_path, "20260102000000_fails_after.mpl", """\
fn add(conn :: PgConn) -> Int!String do
  Pg.execute(conn, "INSERT INTO nums VALUES (4)", [])
end

pub fn up(pool :: PoolHandle) -> Int!String do
  Repo.transaction(pool, add)?
  Pool.execute(pool, "INSERT INTO nums VALUES ('not a number')", [])
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
""")
    code, _, err = migrate(["up"], tmp_path, schema)
    assert code == 1, err
    assert "  Applied:  20260101000000_nested\n" in err
    assert "error: Migration 20260102000000_fails_after failed: 22P02" in err
    assert "  at migrations/20260102000000_fails_after.mpl:7\n" in err
    # the inner Err rolled back its savepoint only; the committed inner
    # transaction of the failed migration went with the migration
    assert query(schema, "SELECT n FROM nums ORDER BY n") == [(1,), (3,)]
    assert query(schema, "SELECT name FROM _mesh_migrations") == [("nested",)]


def test_a_migration_may_import_the_projects_modules(tmp_path, schema):
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "tables.mpl").write_text(
        'pub fn widgets() -> String do\n  "widgets"\nend\n')
    write(tmp_path, "20260101000000_widgets.mpl", """\
from Schema.Tables import widgets

pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, widgets(), ["id:BIGINT"])
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_table(pool, widgets())
end
""")
    assert migrate(["up"], tmp_path, schema)[0] == 0
    assert tables(schema) == ["_mesh_migrations", "widgets"]
