"""The `meshpy` command line: help, usage errors, build output, reruns."""

import os
import subprocess
import sys

import pytest

from waiting import readline

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(os.path.dirname(HERE), "examples", "loops")


def meshpy(*args, **kw):
    return subprocess.run([sys.executable, "-m", "meshpy", *args], capture_output=True, text=True,
                          timeout=120, **kw)


@pytest.mark.parametrize("command", [[], ["check"], ["build"], ["run"]])
def test_help_explains_each_command(command):
    p = meshpy(*command, "--help")
    assert p.returncode == 0
    assert "usage: meshpy" in p.stdout and "DIR|FILE" in p.stdout if command else "COMMAND" in p.stdout


def test_usage_errors_exit_2_without_traceback():
    for args in ([], ["bogus"], ["check"]):
        p = meshpy(*args)
        assert p.returncode == 2
        assert "Traceback" not in p.stderr


def test_missing_target_is_a_diagnostic(tmp_path):
    p = meshpy("check", str(tmp_path / "nowhere"))
    assert p.returncode == 1
    assert "no such file or directory" in p.stderr and "Traceback" not in p.stderr
    p = meshpy("check", str(tmp_path))
    assert p.returncode == 1 and "no main.mpl" in p.stderr


def test_build_output_runs_with_plain_python_and_is_not_rebuilt(tmp_path):
    out = tmp_path / "out"
    assert meshpy("build", EXAMPLE, "-o", str(out)).returncode == 0
    manifest = out / "manifest.json"
    first = manifest.stat().st_mtime_ns
    assert meshpy("build", EXAMPLE, "-o", str(out)).returncode == 0
    assert manifest.stat().st_mtime_ns == first  # unchanged sources: nothing rewritten
    run = subprocess.run([sys.executable, str(out)], capture_output=True, text=True, timeout=120)
    with open(os.path.join(EXAMPLE, "expected_stdout"), encoding="utf-8") as f:
        assert run.stdout == f.read()


def test_closed_stdout_ends_the_program_quietly(tmp_path):
    """`meshpy run app | head -1`: exit like a Unix tool on SIGPIPE, no panic report."""
    proc = subprocess.Popen([sys.executable, "-m", "meshpy", "run", EXAMPLE], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    readline(proc.stdout, 60, "the first line")
    proc.stdout.close()
    stderr = proc.communicate(timeout=60)[1].decode()
    assert proc.returncode in (0, 141)  # 0 if it finished before noticing
    assert "panic" not in stderr and "Traceback" not in stderr
