"""The test suite's own safety net, tested: a hung program fails its test
within the timeout (tests/timeouts/dropped_reply, a service whose reply
never comes), `--update-goldens` refuses to overwrite uncommitted
expectations, a missing shared/ fails the conformance test, and the fuzz
runner is reproducible and names its seed.

The first three run pytest on small test files written for the occasion, in
a subprocess, with the repository's own pytest configuration."""

import ast
import os
import shutil
import subprocess
import sys
import time

import pytest

from mutations import run_mutants

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DROPPED_REPLY = os.path.join(HERE, "timeouts", "dropped_reply")


def pytest_in(folder, *args, timeout=300):
    """Run pytest on `folder` with the repository's configuration."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([HERE, ROOT]), COLUMNS="500")  # untruncated summary
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-c", os.path.join(ROOT, "pyproject.toml"), "--rootdir", str(folder), *args],
                          cwd=folder, capture_output=True, text=True, timeout=timeout, env=env)
    return proc, time.monotonic() - start


def processes_running(fragment: str) -> list[str]:
    """Command lines of live processes that mention `fragment`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if fragment in cmdline and int(pid) != os.getpid():
            found.append(f"{pid}: {cmdline}")
    return found


# ------------------------------------------------------------------ timeouts


def test_the_suite_has_a_per_test_timeout(request):
    seconds = float(request.config.getini("timeout"))
    assert 60 <= seconds <= 600, seconds
    assert request.config.getini("timeout_method") == "signal"  # fails the test only, not the run


def unbounded_waits(source: str) -> list[tuple[int, str]]:
    """Calls in `source` that can block forever: subprocess calls without
    timeout=, a blocking (not awaited) wait()/communicate() without one, and
    reads of a child's stdout/stderr pipe (use waiting.readline)."""
    found = []
    awaited = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Await):
            awaited.add(id(node.value))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, receiver = node.func.attr, ast.unparse(node.func.value)
        has_timeout = any(k.arg == "timeout" for k in node.keywords)
        if receiver == "subprocess" and name in ("run", "call", "check_call", "check_output"):
            bad = not has_timeout
        elif name in ("wait", "communicate"):
            bad = not has_timeout and not node.args and id(node) not in awaited
        else:
            bad = name in ("read", "readline", "readlines") and receiver.endswith((".stdout", ".stderr"))
        if bad:
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_every_wait_in_the_tests_is_bounded():
    offenders = []
    for dirpath, dirnames, filenames in os.walk(HERE):
        dirnames[:] = [d for d in dirnames if not d.startswith((".", "_"))]
        for name in filenames:
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    offenders += [f"{os.path.relpath(path, ROOT)}:{line}: {call}"
                                  for line, call in unbounded_waits(f.read())]
    assert not offenders, "calls that can wait forever (give them a timeout):\n" + "\n".join(offenders)


def test_the_unbounded_wait_finder():
    source = (
        "subprocess.run(cmd)\n"
        "subprocess.run(cmd, timeout=5)\n"
        "p.wait()\n"
        "p.wait(timeout=5)\n"
        "async def f():\n    await event.wait()\n"
        "p.communicate()\n"
        "p.stdout.readline()\n"
        "readline(p.stdout, 5)\n"
        "self.proc.stderr.read()\n"
    )
    assert [line for line, _call in unbounded_waits(source)] == [1, 3, 7, 8, 10]


HUNG_TESTS = '''
import subprocess
import sys

import pytest

from meshpy.runtime.actors import Service, Timer, call, run_program, spawn_actor, start_service
from waiting import readline

PROGRAM = {program!r}
MESHPY = [sys.executable, "-m", "meshpy", "run", PROGRAM]


def test_a_run_left_to_the_per_test_timeout():
    subprocess.run(MESHPY, capture_output=True, text=True)


@pytest.mark.timeout(240)
def test_a_run_with_its_own_timeout():
    subprocess.run(MESHPY, capture_output=True, text=True, timeout=5)


def test_a_reply_awaited_on_the_pipe():
    p = subprocess.Popen(MESHPY, stdout=subprocess.PIPE, text=True)
    try:
        assert readline(p.stdout, 120, "asking") == "asking\\n"
        readline(p.stdout, 3, "the reply")
    finally:
        p.kill()
        p.wait(timeout=60)


class Ring(Service):  # the same program, in the runtime's own terms, in this process
    @staticmethod
    async def handle_pass(s, nxt, back):
        return (s, await call(nxt, Ring.handle_pass, (back, nxt)))


def test_an_in_process_program():
    async def ticker(me):
        while True:
            await Timer.sleep(100)

    async def main():
        spawn_actor(ticker, ())
        a, b = start_service(Ring, 0), start_service(Ring, 0)
        await call(a, Ring.handle_pass, (b, a))

    run_program(main)
'''


@pytest.mark.timeout(600)
def test_a_dropped_reply_fails_within_the_timeout(tmp_path):
    program = tmp_path / "dropped_reply"
    shutil.copytree(DROPPED_REPLY, program)
    (tmp_path / "test_hung.py").write_text(HUNG_TESTS.format(program=str(program)), encoding="utf-8")
    proc, elapsed = pytest_in(tmp_path, "-o", "timeout=4", "test_hung.py", timeout=500)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "4 failed" in out, out
    for test in ("test_a_run_left_to_the_per_test_timeout", "test_an_in_process_program"):
        assert f"FAILED test_hung.py::{test} - Failed: Timeout (>4.0s) from pytest-timeout" in out, out
    assert "FAILED test_hung.py::test_a_run_with_its_own_timeout - subprocess.TimeoutExpired" in out, out
    assert "no output within 3 s while waiting for the reply" in out, out
    assert elapsed < 300, elapsed  # four hangs of 3-5 s each, plus start-up on a loaded machine
    # the hung programs were killed with their tests, none is left running
    deadline = time.monotonic() + 30
    while processes_running(str(program)) and time.monotonic() < deadline:
        time.sleep(1)
    assert not processes_running(str(program))


def test_the_dropped_reply_program_really_hangs():
    """Not a crash, not the runtime's deadlock report: it prints its first
    line and then nothing until killed."""
    p = subprocess.Popen([sys.executable, "-m", "meshpy", "run", DROPPED_REPLY], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            p.communicate(timeout=10)
    finally:
        p.kill()
        out, err = p.communicate(timeout=60)
    assert out == "asking\n" and err == "", (out, err)


# ------------------------------------------------------------------ goldens


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd,
                   check=True, capture_output=True, timeout=60)


def test_update_goldens_refuses_over_uncommitted_expectations(tmp_path):
    repo = tmp_path / "repo"
    (repo / "tests" / "golden" / "f").mkdir(parents=True)
    shutil.copy(os.path.join(HERE, "conftest.py"), repo / "tests" / "conftest.py")
    (repo / "tests" / "test_nothing.py").write_text("def test_nothing():\n    pass\n")
    expected = repo / "tests" / "golden" / "f" / "expected_stdout"
    expected.write_text("one\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "goldens")

    proc, _ = pytest_in(repo, "--update-goldens", "tests")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # clean: allowed

    expected.write_text("one, edited by hand\n")
    proc, _ = pytest_in(repo, "--update-goldens", "tests")
    assert proc.returncode == 4, proc.stdout + proc.stderr  # usage error: nothing ran
    assert "would overwrite uncommitted changes to:\n  tests/golden/f/expected_stdout" in proc.stderr
    assert "--force-update-goldens" in proc.stderr

    proc, _ = pytest_in(repo, "--force-update-goldens", "tests")
    assert proc.returncode == 0, proc.stdout + proc.stderr

    _git(repo, "checkout", "-q", ".")
    (repo / "tests" / "golden" / "f" / "expected_exit").write_text("1\n")  # new, not yet committed
    proc, _ = pytest_in(repo, "--update-goldens", "tests")
    assert proc.returncode == 4 and "tests/golden/f/expected_exit" in proc.stderr, proc.stderr


# ------------------------------------------------------------------ conformance


def test_a_missing_shared_folder_fails_the_conformance_test(tmp_path):
    tests = tmp_path / "repo" / "tests"
    tests.mkdir(parents=True)
    for name in ("test_conformance.py", "shared_dir.py"):
        shutil.copy(os.path.join(HERE, name), tests / name)
    assert not (tmp_path / "shared").exists()
    proc, _ = pytest_in(tests, "test_conformance.py")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "2 failed in" in out and "skipped" not in out, out  # the presence test and the one area
    assert f"the shared conformance suite is missing: expected {tmp_path / 'shared' / 'conformance'}/run.py" \
        in out, out


# ------------------------------------------------------------------ fuzzing


def test_fuzz_examples_are_reproducible_and_failures_name_their_seed():
    draws = []
    run_mutants("t", 7, 5, "SEED_VAR", lambda rng: draws.append(rng.random()))
    again = []
    run_mutants("t", 7, 5, "SEED_VAR", lambda rng: again.append(rng.random()))
    assert draws == again and len(set(draws)) == 5

    def fails_at_third(rng):
        assert rng.random() != draws[3], "boom"

    with pytest.raises(AssertionError, match=r"t: example 3 of 5 failed with seed 7 "
                                             r"\(rerun: SEED_VAR=7 pytest -k t\): AssertionError: boom"):
        run_mutants("t", 7, 5, "SEED_VAR", fails_at_third)
