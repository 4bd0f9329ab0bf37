"""The distribution: a wheel built from the repository installs into a fresh
virtual environment (dependencies from the package index) and its `meshpy`
command creates and runs a project there. Slow-ish (about a minute: a
wheel build and a venv with every dependency), kept in the suite because it
is the only test of what users install."""

import os
import subprocess
import sys
import time
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(args, cwd=None, timeout=600):
    p = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=timeout)
    assert p.returncode == 0, f"{args}:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    return p


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_wheel_installs_and_runs_new_project(tmp_path):
    started = time.perf_counter()
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "--quiet", "-w", str(wheels)])
    (wheel,) = list(wheels.iterdir())
    assert wheel.name.startswith("meshpy_lang-")
    from meshpy import __version__
    assert f"-{__version__}-" in wheel.name  # the version comes from meshpy/__init__.py
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    assert "meshpy/grammar.lark" in names and any(n.endswith("licenses/LICENSE") for n in names)
    assert not any(n.startswith(("tests/", "bench/", "mesher/")) for n in names)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    bin_ = venv / "bin"
    _run([str(bin_ / "python"), "-m", "pip", "install", "--quiet", str(wheel)])
    work = tmp_path / "work"
    work.mkdir()
    version = _run([str(bin_ / "meshpy"), "--version"], cwd=work)
    assert version.stdout.strip() == f"meshpy {__version__}"
    _run([str(bin_ / "meshpy"), "new", "fresh"], cwd=work)
    run = _run([str(bin_ / "meshpy"), "run", "fresh", "--", "wheel"], cwd=work)
    assert run.stdout == "Hello, wheel!\n"
    # the installed copy runs, not the repository's
    where = _run([str(bin_ / "python"), "-c", "import meshpy; print(meshpy.__file__)"], cwd=work)
    assert where.stdout.startswith(str(venv))
    uv = _run([str(bin_ / "meshpy"), "run", "--loop", "uvloop", "fresh"], cwd=work)
    assert uv.stdout == "Hello, world!\n"
    print(f"wheel build + venv install + new + run: {time.perf_counter() - started:.1f}s")
