"""Conformance-style programs for the library half of the supplement
(`mesh-language-head.md` sections 4-9: Orm, Query, Repo, Changeset,
Migration, Process/Global/Node, Json.get): one folder per feature under
tests/head_lib/, each with `main.mpl` and either `expected_stdout` or
`expected_errors` (the diagnostics `meshpy check` must report, one per line:
`E0001 main.mpl:4:18 words that the message contains`, and nothing else).

Every program runs with `meshpy run` against the real PostgreSQL: it finds
the database in DATABASE_URL, whose search_path is a schema made for that
run and dropped afterwards, so its tables never meet anyone else's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "head_lib"
BASE = "postgres://mesh_test:mesh_test@localhost:5432/mesh_test"
PROGRAMS = sorted(p.name for p in HERE.iterdir() if (p / "main.mpl").is_file())


@pytest.fixture(scope="module", autouse=True)
def postgres():
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "pg"), "start"], capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"scripts/pg start failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)


@pytest.fixture
def database_url():
    schema = "hl_" + uuid.uuid4().hex[:10]
    with psycopg.connect(BASE, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")
    yield f"{BASE}?options=-csearch_path%3D{schema}"
    with psycopg.connect(BASE, autocommit=True) as c:
        c.execute(f"DROP SCHEMA {schema} CASCADE")


def test_every_program_has_its_expectation():
    assert PROGRAMS
    for name in PROGRAMS:
        has = [(HERE / name / f).is_file() for f in ("expected_stdout", "expected_errors")]
        assert sum(has) == 1, name


def expected_errors(path):
    out = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            code, where, words = (line.split(None, 2) + [""])[:3]
            file, row, col = where.rsplit(":", 2)
            out[(code, file, int(row), int(col))] = words
    return out


def check_errors(work, expected):
    from meshpy.driver import analyse

    project = analyse(str(work))
    found = {(d.code, os.path.relpath(d.span.file, work), d.span.line, d.span.col): d.message
             for d in project.diagnostics}
    assert set(found) == set(expected), found
    for key, words in expected.items():
        assert words in found[key], (key, found[key])


@pytest.mark.parametrize("name", PROGRAMS)
def test_head_lib_program(name, tmp_path, database_url):
    work = tmp_path / name
    shutil.copytree(HERE / name, work, ignore=shutil.ignore_patterns("expected_*", "_build"))
    if (HERE / name / "expected_errors").is_file():
        return check_errors(work, expected_errors(HERE / name / "expected_errors"))
    env = {**os.environ, "DATABASE_URL": database_url}
    run = subprocess.run([sys.executable, "-m", "meshpy", "run", str(work)], capture_output=True, text=True,
                         timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout == (HERE / name / "expected_stdout").read_text(), run.stderr
