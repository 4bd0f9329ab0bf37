"""The runtime on uvloop: only public asyncio APIs, `meshpy run --loop`, and
conformance programs (actors, services, timers, supervisors) giving the same
output on both loops."""

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from shared_dir import CONFORMANCE

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUNTIME = os.path.join(ROOT, "meshpy", "runtime")
SUITE = CONFORMANCE
GOLDEN = os.path.join(ROOT, "tests", "golden")

# private attributes of asyncio handles, tasks, futures and loops
PRIVATE = re.compile(r"\.(_when|_scheduled|_ready|_log_destroy_pending|_callbacks|_source_traceback|"
                     r"_fut_waiter|_must_cancel|_coro|_run_once|_stopping|_selector|_asyncio_future_blocking|"
                     r"_set_running_loop|_get_running_loop|_enter_task|_leave_task|_register_task)\b")


def test_runtime_uses_no_private_asyncio_attributes():
    found = []
    for dirpath, _dirs, files in os.walk(RUNTIME):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    for n, line in enumerate(f, 1):
                        if PRIVATE.search(line.split("#")[0]):
                            found.append(f"{os.path.relpath(path, ROOT)}:{n}: {line.strip()}")
    assert found == []


def meshpy(*args):
    return subprocess.run([sys.executable, "-m", "meshpy", *args], capture_output=True, text=True, timeout=300)


def test_unknown_loop_is_a_clear_error():
    p = meshpy("run", "--loop", "tokio", os.path.join(ROOT, "examples", "loops"))
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr == "meshpy run: unknown event loop 'tokio' (choose one of: asyncio, uvloop)\n"


def test_missing_uvloop_is_a_clear_error(tmp_path):
    # a uvloop module that fails to import stands for an environment without it
    (tmp_path / "uvloop.py").write_text("raise ImportError('no uvloop here')\n")
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{ROOT}")
    p = subprocess.run([sys.executable, "-m", "meshpy", "run", "--loop", "uvloop",
                        os.path.join(ROOT, "examples", "loops")], capture_output=True, text=True,
                       timeout=120, env=env)
    assert p.returncode == 1 and p.stdout == ""
    assert "the uvloop event loop is not installed" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize("feature", ["actors", "services", "supervisor", "termination", "mailbox_order"])
def test_golden_programs_print_the_same_on_uvloop(feature, tmp_path):
    folder = os.path.join(GOLDEN, feature)
    with open(os.path.join(folder, "expected_stdout"), encoding="utf-8") as f:
        expected = f.read()
    shutil.copy(os.path.join(folder, "input.mpl"), tmp_path / "main.mpl")  # build outside the repository
    p = meshpy("run", "--loop", "uvloop", str(tmp_path))
    assert p.stdout == expected, p.stderr


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("area", ["actors", "services", "supervisors"])
def test_conformance_areas_pass_on_uvloop(area):
    assert os.path.isfile(os.path.join(SUITE, "run.py")), f"the shared conformance suite is missing: {SUITE}"
    cmd = f"{shlex.quote(sys.executable)} -m meshpy run --loop uvloop {{dir}}"
    proc = subprocess.run(
        [sys.executable, os.path.join(SUITE, "run.py"), "--cmd", cmd, "--area", area, "-j", "2", "--timeout", "120"],
        capture_output=True, text=True, timeout=1700,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("passed")
