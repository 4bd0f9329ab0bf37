"""`meshpy migrate up|down|status|generate` (supplement, section 8.3).

Migrations are the files `DIR/migrations/<version>_<name>.mpl` (version: an
integer, conventionally UTC `YYYYMMDDHHMMSS`), each defining
`pub fn up(pool :: PoolHandle) -> Int!String` and `down`. The database is
the one named by `DATABASE_URL` (required); applied versions are recorded in
the table `_mesh_migrations`.

Unlike the reference, each migration runs in its own transaction, together
with its row in `_mesh_migrations`: a migration that returns `Err` or panics
is rolled back, so it leaves the database as it was, and the report names
the file and the line of the statement (or panic) that failed. PostgreSQL's
DDL is transactional, so this covers CREATE/ALTER/DROP too (but not
statements that refuse to run in a transaction, e.g. CREATE INDEX
CONCURRENTLY).

Every pending migration is compiled before the first one runs (a compile
error is reported as usual and nothing is applied). Each file is compiled on
its own, with a generated entry module and the project modules it imports,
then its `up`/`down` is called with a `PoolHandle` whose every checkout is
the migration's one connection. All messages go to stderr.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sys
import tempfile

from .diagnostics import display_path

TRACKING_DDL = ("CREATE TABLE IF NOT EXISTS _mesh_migrations (version BIGINT PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
ACTIONS = ("up", "down", "status", "generate")
UNIT_MODULE = "MigrationUnit"   # the module name the file is compiled under
_FILE = re.compile(r"([0-9]+)_(.*)\.mpl\Z")

TEMPLATE = """\
# Migration: {name}
# Created by `meshpy migrate generate` at {stamp} UTC.
# `meshpy migrate up` runs up/down in a transaction of their own.

pub fn up(pool :: PoolHandle) -> Int!String do
  # Migration.create_table(pool, "things", ["id:BIGSERIAL:PRIMARY KEY", "name:TEXT:NOT NULL"])?
  Ok(0)
end

pub fn down(pool :: PoolHandle) -> Int!String do
  # Migration.drop_table(pool, "things")?
  Ok(0)
end
"""


class MigrateError(Exception):
    """Printed as `error: <message>`; exit status 1."""


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list) -> int:
    """`meshpy migrate [up|down|status|generate NAME] [DIR]`."""
    try:
        action, name, directory = _parse(argv)
        if action == "generate":
            return generate(name, directory)
        url = os.environ.get("DATABASE_URL", "")
        if not url:
            raise MigrateError("meshpy migrate: DATABASE_URL environment variable is required")
        return _run(action, url, directory)
    except MigrateError as e:
        say(f"error: {e}")
        return 1


def _parse(argv):
    args = list(argv)
    action = args.pop(0) if args and args[0] in ACTIONS else "up"
    name = None
    if action == "generate":
        if not args:
            raise MigrateError("Migration name cannot be empty")
        name = args.pop(0)
    if len(args) > 1:
        raise MigrateError(f"unexpected arguments: {' '.join(args[1:])} "
                           f"(usage: meshpy migrate [up|down|status|generate NAME] [DIR])")
    return action, name, args[0] if args else "."


# --------------------------------------------------------------------------
# Files


class MigrationFile:
    __slots__ = ("version", "name", "path")

    def __init__(self, version, name, path):
        self.version = version
        self.name = name
        self.path = path

    @property
    def label(self):
        return f"{self.version}_{self.name}"


def migration_files(directory: str) -> list:
    """The migrations of DIR/migrations, by version (non-numbered files ignored)."""
    folder = os.path.join(directory, "migrations")
    found = []
    if os.path.isdir(folder):
        for entry in os.listdir(folder):
            m = _FILE.match(entry)
            if m:
                found.append(MigrationFile(int(m.group(1)), m.group(2), os.path.join(folder, entry)))
    return sorted(found, key=lambda f: f.version)


def generate(name, directory) -> int:
    if not name:
        raise MigrateError("Migration name cannot be empty")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise MigrateError("Migration name must contain only lowercase letters, digits, and underscores")
    now = datetime.datetime.now(datetime.timezone.utc)
    folder = os.path.join(directory, "migrations")
    os.makedirs(folder, exist_ok=True)
    file = f"{now:%Y%m%d%H%M%S}_{name}.mpl"
    path = os.path.join(folder, file)
    if os.path.exists(path):
        raise MigrateError(f"migrations/{file} already exists")
    with open(path, "w", encoding="utf-8") as f:
        f.write(TEMPLATE.format(name=name, stamp=f"{now:%Y-%m-%d %H:%M:%S}"))
    say(f"Created migration: migrations/{file}")
    return 0


# --------------------------------------------------------------------------
# Compiling one migration file


def load_migration(mfile: MigrationFile, build_dir: str, project_dir: str):
    """Compile the file under module UNIT_MODULE; return the loaded module,
    or raise MigrateError after printing its diagnostics."""
    from .check import check_project
    from .driver import report_project
    from .project import ENTRY_MODULE, Project, _add_file, _finish

    os.makedirs(build_dir, exist_ok=True)
    entry = os.path.join(build_dir, "entry.mpl")
    with open(entry, "w", encoding="utf-8") as f:
        f.write("fn main() do\nend\n")
    project = Project(root=os.path.dirname(mfile.path), entry_path=entry)
    _add_file(project, entry, ENTRY_MODULE)
    _add_file(project, os.path.abspath(mfile.path), UNIT_MODULE)
    _add_imported_modules(project, project_dir)
    _finish(project)
    if project.ok:
        check_project(project)
    if not project.ok:
        report_project(project)
        raise MigrateError(f"Migration {mfile.label} does not compile ({display_path(mfile.path)})")
    from .build import write_output
    from .loader import load_program
    from .lower import lower_program

    out = os.path.join(build_dir, "out")
    write_output(project, lower_program(project.program), out)
    load_program(out)
    module = _unit_module(out)
    for fn in ("up", "down"):
        if not callable(getattr(module, fn, None)):
            raise MigrateError(f"Migration {mfile.label} has no `pub fn {fn}(pool :: PoolHandle) -> Int!String` "
                               f"({display_path(mfile.path)})")
    return module


def _add_imported_modules(project, project_dir):
    """Add the project modules the migration imports (transitively), found
    under the project directory like any module."""
    from .project import _imports_after_adding, imports_of
    from .sources import follow_imports

    imported = [dep for module in list(project.modules.values()) for dep, _span in imports_of(module)]
    follow_imports(imported, project_dir, lambda path, name: _imports_after_adding(project, path, name),
                   seen=set(project.modules))


def _unit_module(out):
    import json

    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    py = next(m["py_module"] for m in manifest["modules"] if m["name"] == UNIT_MODULE)
    return sys.modules[py]


# --------------------------------------------------------------------------
# Running


class _OneConnection:
    """Stands for a psycopg pool: every checkout is the migration's
    connection, which stays in its transaction until the runner ends it."""

    max_size = 1
    keeps_transaction = True   # Pool.checkin must not roll it back

    def __init__(self, conn):
        self.conn = conn

    async def getconn(self):
        return self.conn

    async def putconn(self, conn):
        return None

    async def close(self, timeout=None):
        return None


class _LocatingCursor:
    """The connection's cursor, noting the .mpl line of a failed statement."""

    def __init__(self, cursor, failures):
        self._cursor = cursor
        self._failures = failures

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    async def execute(self, sql, params):
        try:
            return await self._cursor.execute(sql, params)
        except Exception:
            self._failures.append(_mesh_caller())
            raise


def _mesh_caller():
    """(file, line) of the innermost Mesh frame on the stack, or None."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename.endswith(".mpl"):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back
    return None


def _panic_location(exc):
    where = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".mpl"):
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


class Runner:
    """One command against the database (inside run_program)."""

    def __init__(self, url, directory):
        self.url = url
        self.directory = directory
        self.conn = None
        self.failures = []

    async def connect(self):
        from .runtime import db

        db._load()
        try:
            self.conn = await db._ConnBase.connect(self.url, **db._CONNECT_KWARGS)
        except Exception as e:
            raise MigrateError(db._connect_message(e))
        self.conn._mesh_cur = _LocatingCursor(self.conn._mesh_cur, self.failures)
        await self.sql(TRACKING_DDL)

    async def close(self):
        if self.conn is not None:
            await self.conn.close()

    async def sql(self, text, params=()):
        from .runtime import db

        try:
            return await db._rows(self.conn, text, list(params))
        except Exception as e:
            raise MigrateError(db._statement_message(e))

    async def applied(self) -> dict:
        rows = await self.sql("SELECT version, name FROM _mesh_migrations ORDER BY version")
        return {int(r["version"]): r["name"] for r in rows}

    async def in_transaction(self, mfile, module, fn_name, record):
        """BEGIN; fn(pool); the tracking-table change `record` (sql, params);
        COMMIT — or ROLLBACK and a MigrateError naming the file and line."""
        from .runtime.db import PoolHandle, _PoolState
        from .runtime.report import panic_message
        from .runtime.values import Err

        pool = PoolHandle(_OneConnection(self.conn), _PoolState(0, None))
        self.failures.clear()
        await self.sql("BEGIN")
        try:
            result = getattr(module, fn_name)(pool)
            if hasattr(result, "__await__"):
                result = await result
        except Exception as e:
            await self.sql("ROLLBACK")
            raise MigrateError(self._failed(mfile, "panic: " + panic_message(e), _panic_location(e)))
        if result.__class__ is Err:
            await self.sql("ROLLBACK")
            where = next((w for w in reversed(self.failures) if w), None)
            raise MigrateError(self._failed(mfile, str(result.value), where))
        await self.sql(*record)
        await self.sql("COMMIT")

    def _failed(self, mfile, message, where):
        place = f"{display_path(where[0])}:{where[1]}" if where else display_path(mfile.path)
        return (f"Migration {mfile.label} failed: {message}\n  at {place}\n"
                f"  (rolled back: the database is as it was before this migration)")


async def _up(runner, files, build_dir):
    if not files:
        say("No migration files found in migrations/")
        return
    done = await runner.applied()
    pending = [f for f in files if f.version not in done]
    if not pending:
        say("No pending migrations")
        return
    # Compile every pending migration first: one that does not compile
    # stops the command before anything is applied.
    modules = [load_migration(f, os.path.join(build_dir, str(i)), runner.directory) for i, f in enumerate(pending)]
    say(f"Running {len(pending)} pending migration(s):")
    for f, module in zip(pending, modules):
        say(f"  Applying: {f.label}")
        record = ("INSERT INTO _mesh_migrations (version, name) VALUES ($1, $2)", [str(f.version), f.name])
        await runner.in_transaction(f, module, "up", record)
        say(f"  Applied:  {f.label}")
    say(f"Applied {len(pending)} migration(s)")


async def _down(runner, files, build_dir):
    done = await runner.applied()
    if not done:
        say("No migrations to roll back")
        return
    version = max(done)
    mfile = next((f for f in files if f.version == version), None)
    if mfile is None:
        raise MigrateError(f"Migration file for version {version} not found in migrations/")
    module = load_migration(mfile, build_dir, runner.directory)
    say(f"Rolling back: {mfile.label}")
    record = ("DELETE FROM _mesh_migrations WHERE version = $1", [str(mfile.version)])
    await runner.in_transaction(mfile, module, "down", record)
    say(f"Rolled back: {mfile.label}")


async def _status(runner, files, build_dir):
    done = await runner.applied()
    say("Migration Status:")
    for f in files:
        say(f"  [{'x' if f.version in done else ' '}] {f.label}")
    applied = sum(1 for f in files if f.version in done)
    say(f"{applied} applied, {len(files) - applied} pending")


def _run(action, url, directory) -> int:
    from .runtime.program import run_program

    files = migration_files(directory)
    runner = Runner(url, directory)
    step = {"up": _up, "down": _down, "status": _status}[action]
    outcome = {}
    build_dir = tempfile.mkdtemp(prefix="meshpy-migrate-")

    async def command():
        try:
            await runner.connect()
            await step(runner, files, build_dir)
        except MigrateError as e:
            outcome["error"] = str(e)
        finally:
            await runner.close()

    try:
        status = run_program(command)
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)
    if "error" in outcome:
        say(f"error: {outcome['error']}")
        return 1
    return status
