"""Golden tests: one folder per language feature under tests/golden/.

Each folder holds the Mesh program (`input.mpl`, the entry module, copied to
`main.mpl` for the build; maybe more modules), the
Python meshpy emits for it (`emitted/…`, mirroring `_build/meshprog/`) and,
for runnable cases, the exact stdout (`expected_stdout`) and exit status
(`expected_exit`, default 0). `pytest --update-goldens` rewrites the emitted
files and stdout from the current compiler; read the diff before committing.
"""

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")
FEATURES = sorted(d for d in os.listdir(GOLDEN) if os.path.isdir(os.path.join(GOLDEN, d)))


def _read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return f.read()


def _emitted_files(build_dir):
    pkg = os.path.join(build_dir, "meshprog")
    out = {}
    for dirpath, _dirs, files in os.walk(pkg):
        for name in files:
            if name.endswith(".py") and name != "__init__.py":
                path = os.path.join(dirpath, name)
                out[os.path.relpath(path, pkg)] = _read(path)
    return out


@pytest.mark.parametrize("feature", FEATURES)
def test_golden(feature, tmp_path, request):
    update = request.config.getoption("--update-goldens")
    src = os.path.join(GOLDEN, feature)
    work = tmp_path / feature
    shutil.copytree(src, work, ignore=shutil.ignore_patterns("emitted", "expected_*", "_build", "stdin"))
    os.rename(work / "input.mpl", work / "main.mpl")
    build = subprocess.run([sys.executable, "-m", "meshpy", "build", str(work)],
                           capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    emitted = _emitted_files(work / "_build")
    stdin = _read(os.path.join(src, "stdin"), "")
    run = subprocess.run([sys.executable, "-m", "meshpy", "run", str(work)], input=stdin,
                         capture_output=True, text=True, timeout=120)
    expected_dir = os.path.join(src, "emitted")
    if update:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in emitted.items():
            path = os.path.join(expected_dir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        with open(os.path.join(src, "expected_stdout"), "w", encoding="utf-8") as f:
            f.write(run.stdout)
        if run.returncode:
            with open(os.path.join(src, "expected_exit"), "w", encoding="utf-8") as f:
                f.write(f"{run.returncode}\n")
        return
    expected = {}
    for dirpath, _dirs, files in os.walk(expected_dir):
        for name in files:
            path = os.path.join(dirpath, name)
            expected[os.path.relpath(path, expected_dir)] = _read(path)
    assert sorted(emitted) == sorted(expected), "emitted modules differ (run pytest --update-goldens)"
    for rel in expected:
        assert emitted[rel] == expected[rel], f"emitted {rel} differs from tests/golden/{feature}/emitted/{rel}"
    assert run.stdout == _read(os.path.join(src, "expected_stdout"), ""), run.stderr
    assert run.returncode == int(_read(os.path.join(src, "expected_exit"), "0").strip()), run.stderr
    for fragment in _read(os.path.join(src, "expected_stderr_contains"), "").splitlines():
        if fragment.strip():
            assert fragment.lower() in run.stderr.lower(), run.stderr
