"""Every program in examples/ builds and runs with `meshpy run`, printing
exactly its expected_stdout and exiting with its expected_exit.

An example is a folder examples/<name>/ holding main.mpl (and any further
modules), plus:

    expected_stdout            exact standard output
    expected_exit              exit status, when it is not 0
    expected_stderr_contains   fragments that must appear in stderr, one per
                               line; without this file stderr must be empty

Each example is copied to a temporary folder first, so the test neither
depends on nor leaves behind a _build/ folder in the source tree.
"""

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(os.path.dirname(HERE), "examples")
NAMES = sorted(
    d for d in os.listdir(EXAMPLES)
    if os.path.isfile(os.path.join(EXAMPLES, d, "main.mpl"))
)

# Examples whose expected output (derived from docs/mesh-language.md) meshpy
# does not produce yet: name -> the bug, with its minimal reproduction under
# tests/regressions/. strict: once the bug is fixed the test passes, pytest
# reports XPASS as a failure, and the entry must be removed.
KNOWN_BUGS: dict[str, str] = {}


def _read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return f.read()


def _params():
    for name in NAMES:
        marks = []
        if name in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(reason=KNOWN_BUGS[name], strict=True))
        yield pytest.param(name, marks=marks, id=name)


def test_there_are_enough_examples():
    assert len(NAMES) >= 12, NAMES
    multi_module = [n for n in NAMES
                    if any(f.endswith(".mpl") and f != "main.mpl"
                           for _dir, _subdirs, files in os.walk(os.path.join(EXAMPLES, n))
                           for f in files)]
    assert len(multi_module) >= 2, multi_module
    for name in NAMES:
        assert os.path.isfile(os.path.join(EXAMPLES, name, "expected_stdout")), name


@pytest.mark.parametrize("name", list(_params()))
def test_example(name, tmp_path):
    src = os.path.join(EXAMPLES, name)
    project = tmp_path / name
    shutil.copytree(src, project, ignore=shutil.ignore_patterns("_build", "expected_*"))

    proc = subprocess.run(
        [sys.executable, "-m", "meshpy", "run", str(project)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
    )

    expected_stdout = _read(os.path.join(src, "expected_stdout"))
    expected_exit = int(_read(os.path.join(src, "expected_exit"), "0").strip())
    fragments = _read(os.path.join(src, "expected_stderr_contains"))

    assert proc.stdout == expected_stdout, f"stdout differs; stderr:\n{proc.stderr}"
    assert proc.returncode == expected_exit, proc.stderr
    if fragments is None:
        assert proc.stderr == ""
    else:
        for fragment in fragments.splitlines():
            if fragment.strip():
                assert fragment in proc.stderr
        assert "Traceback (most recent call last)" not in proc.stderr
