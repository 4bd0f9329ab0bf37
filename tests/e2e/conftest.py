"""Fixtures of the mesher end-to-end tests.

* `postgres` (session): runs `scripts/pg start` (installs and starts the
  server if needed).
* `fresh_db`: a new, empty database for one test, owned by mesh_test and
  dropped afterwards. It is created as the `postgres` superuser (`runuser`
  or `sudo -u postgres`, as scripts/pg does); without superuser access the
  test falls back to the mesh_test database with mesher's objects dropped.
* `mesh_project`: a temporary Mesh project made of mesher's modules (copied
  from mesher/, without its main.mpl), programs/testkit.mpl and one test
  program of programs/ as main.mpl, built once.
* `run_mesh`: starts `meshpy run` as an e2e_support.MeshProcess (stdout line
  by line, stdin, killed with its process group after the test).
* `tcp_proxy`: an e2e_support.TcpProxy to PostgreSQL that the test can cut
  (listener closed, every connection reset) and restore.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from e2e_support import (DB_PREFIX, MESHPY, PROGRAMS, ROOT, TEST_USER, TICKER_WRAPPER, MeshProcess, TcpProxy,
                         copy_mesher_modules, drop_mesher_objects, psql_super, url_for)


@pytest.fixture(scope="session")
def postgres():
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "pg"), "start"],
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        pytest.fail(f"scripts/pg start failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return True


# --------------------------------------------------------------------------
# Databases


@pytest.fixture(scope="session")
def superuser(postgres):
    """True if databases can be created; drops those left by dead runs."""
    out = psql_super(f"SELECT datname FROM pg_database WHERE datname LIKE '{DB_PREFIX}%'")
    if out is None:
        return False
    for name in out.split():
        m = re.fullmatch(DB_PREFIX + r"(\d+)_\d+", name)
        if m and not Path(f"/proc/{m.group(1)}").exists():
            psql_super(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return True


_db_numbers = itertools.count(1)


@pytest.fixture
def fresh_db(superuser):
    """Name of an empty database owned by mesh_test."""
    if not superuser:
        drop_mesher_objects(url_for(TEST_USER))
        yield TEST_USER
        return
    name = f"{DB_PREFIX}{os.getpid()}_{next(_db_numbers)}"
    created = psql_super(f'CREATE DATABASE "{name}" OWNER {TEST_USER} TEMPLATE template0 '
                         f"ENCODING 'UTF8' LOCALE 'C.UTF-8'")
    assert created is not None, f"could not create database {name}"
    yield name
    psql_super(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --------------------------------------------------------------------------
# Mesh projects and processes


@pytest.fixture
def mesh_project(tmp_path):
    def make(program: str, ticker_wrapper: bool = False) -> Path:
        proj = tmp_path / "proj"
        copy_mesher_modules(proj)
        shutil.copyfile(PROGRAMS / "testkit.mpl", proj / "testkit.mpl")
        shutil.copyfile(PROGRAMS / f"{program}.mpl", proj / "main.mpl")
        if ticker_wrapper:
            with open(proj / "services" / "writer.mpl", "a", encoding="utf-8") as f:
                f.write(TICKER_WRAPPER)
        proc = subprocess.run(MESHPY + ["build", str(proj)], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"meshpy build failed:\n{proc.stdout}\n{proc.stderr}"
        return proj
    return make


@pytest.fixture
def run_mesh():
    started: list[MeshProcess] = []

    def start(project: Path, env: dict[str, str] | None = None) -> MeshProcess:
        p = MeshProcess(project, env)
        started.append(p)
        return p

    yield start
    for p in started:
        p.kill()


# --------------------------------------------------------------------------
# TCP proxy


@pytest.fixture
def tcp_proxy(postgres):
    p = TcpProxy()
    yield p
    p.close()
