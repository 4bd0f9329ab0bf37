"""Programs that once showed a compiler or runtime bug (tests/regressions/,
each with a NOTE.md saying what went wrong) must keep running right."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from waiting import readline

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "regressions")
BATCH = sorted(d for d in os.listdir(CASES) if os.path.exists(os.path.join(CASES, d, "expected_stdout")))


def _copy(name, tmp_path):
    work = tmp_path / name
    shutil.copytree(os.path.join(CASES, name), work, ignore=shutil.ignore_patterns("_build", "expected_*"))
    return work


@pytest.mark.parametrize("name", BATCH)
def test_regression(name, tmp_path):
    run = subprocess.run([sys.executable, "-m", "meshpy", "run", str(_copy(name, tmp_path))],
                         capture_output=True, text=True, timeout=120)
    with open(os.path.join(CASES, name, "expected_stdout"), encoding="utf-8") as f:
        assert run.stdout == f.read(), run.stderr
    assert run.returncode == 0, run.stderr


def test_read_line_lets_other_processes_run(tmp_path):
    """The ticker actor prints while main waits for its input line."""
    work = _copy("read_line_lets_others_run", tmp_path)
    subprocess.run([sys.executable, "-m", "meshpy", "build", str(work)], check=True, capture_output=True,
                   timeout=120)
    proc = subprocess.Popen([sys.executable, "-m", "meshpy", "run", str(work)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        lines = [readline(proc.stdout, 60, f"tick {i}") for i in (1, 2, 3)]  # before any input
        assert lines == ["tick 1\n", "tick 2\n", "tick 3\n"]
        time.sleep(0.05)
        rest = proc.communicate("hello\n", timeout=60)[0]
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert "read hello\n" in rest and "tick 5\n" in rest
    assert proc.returncode == 0
