"""Golden tests: one folder per language feature under tests/golden/.

Each folder holds the Mesh program (`input.mpl`, the entry module, copied to
`main.mpl` for the build; maybe more modules), the Python meshpy emits for it
(`emitted/…`, mirroring `_build/meshprog/`) and, for runnable cases:

  expected_stdout            the stdout of one run
  expected_exit              the exit status (default 0)
  expected_stderr            the exact stderr, `{dir}` standing for the program's folder
  expected_stderr_contains   instead: fragments stderr must contain, one per line
                             (without either file, stderr must be empty)
  expected_order             for programs whose processes print concurrently: the
                             lines of stdout are compared as a multiset, and each
                             line of this file lists line numbers of expected_stdout
                             that must appear in that relative order (the lines one
                             process prints); `#` starts a comment

`pytest --update-goldens` rewrites emitted/, expected_stdout, expected_exit and
expected_stderr from the current compiler, deleting files that no longer
apply; it refuses to run while an expected_* file has uncommitted changes
(see conftest.py; `--force-update-goldens` overrides). Read the diff before
committing.
"""

import os
import shutil
import subprocess
import sys
from collections import Counter

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")
FEATURES = sorted(d for d in os.listdir(GOLDEN) if os.path.isdir(os.path.join(GOLDEN, d)))


def _read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return f.read()


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def _remove(path):
    if os.path.exists(path):
        os.remove(path)


def _emitted_files(build_dir):
    pkg = os.path.join(build_dir, "meshprog")
    out = {}
    for dirpath, _dirs, files in os.walk(pkg):
        for name in files:
            if name.endswith(".py") and name != "__init__.py":
                path = os.path.join(dirpath, name)
                out[os.path.relpath(path, pkg)] = _read(path)
    return out


def order_groups(text: str) -> list[list[int]]:
    """The groups of an expected_order file: lists of 1-based line numbers."""
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            groups.append([int(n) for n in line.split()])
    return groups


def check_interleaved(actual: str, expected: str, groups: list[list[int]]) -> None:
    """`actual` holds the same lines as `expected`, in any order that keeps
    each group's lines in their relative order."""
    got, want = actual.splitlines(keepends=True), expected.splitlines(keepends=True)
    assert Counter(got) == Counter(want), f"stdout lines differ (in any order):\n{actual}"
    for group in groups:
        start = 0  # each line is looked for after the previous one: repeated lines count in order
        for n in group:
            try:
                start = got.index(want[n - 1], start) + 1
            except ValueError:
                raise AssertionError(f"lines {group} of expected_stdout out of order in:\n{actual}") from None


def check_stderr(src: str, stderr: str, work: str) -> None:
    exact = _read(os.path.join(src, "expected_stderr"))
    fragments = _read(os.path.join(src, "expected_stderr_contains"))
    if exact is not None:
        assert stderr.replace(work, "{dir}") == exact, stderr
    elif fragments is not None:
        for fragment in fragments.splitlines():
            if fragment.strip():
                assert fragment.lower() in stderr.lower(), stderr
    else:
        assert stderr == "", f"unexpected stderr (add expected_stderr if it is meant):\n{stderr}"


def update(src: str, emitted: dict, run: subprocess.CompletedProcess, work: str) -> None:
    """Rewrite the folder's expectations from this run, leaving no stale file."""
    expected_dir = os.path.join(src, "emitted")
    shutil.rmtree(expected_dir, ignore_errors=True)
    for rel, text in emitted.items():
        _write(os.path.join(expected_dir, rel), text)
    order = _read(os.path.join(src, "expected_order"))
    old_stdout = _read(os.path.join(src, "expected_stdout"), "")
    same_lines = Counter(old_stdout.splitlines()) == Counter(run.stdout.splitlines())
    if order is None or not same_lines:  # an interleaving of the same lines keeps the file and its numbers
        _write(os.path.join(src, "expected_stdout"), run.stdout)
    if run.returncode:
        _write(os.path.join(src, "expected_exit"), f"{run.returncode}\n")
    else:
        _remove(os.path.join(src, "expected_exit"))
    if os.path.exists(os.path.join(src, "expected_stderr_contains")):
        pass  # hand-written fragments stay
    elif run.stderr:
        _write(os.path.join(src, "expected_stderr"), run.stderr.replace(work, "{dir}"))
    else:
        _remove(os.path.join(src, "expected_stderr"))
    assert order is None or same_lines, (
        f"{os.path.basename(src)}: stdout changed; check the line numbers in expected_order")


def _meshpy(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "meshpy", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("feature", FEATURES)
def test_golden(feature, tmp_path, request):
    src = os.path.join(GOLDEN, feature)
    work = tmp_path / feature
    shutil.copytree(src, work, ignore=shutil.ignore_patterns("emitted", "expected_*", "_build", "stdin"))
    os.rename(work / "input.mpl", work / "main.mpl")
    build = _meshpy("build", str(work))
    assert build.returncode == 0, build.stderr
    emitted = _emitted_files(work / "_build")
    run = _meshpy("run", str(work), stdin=_read(os.path.join(src, "stdin"), ""))
    if request.config.getoption("--update-goldens"):
        update(src, emitted, run, str(work))
        return
    expected_dir = os.path.join(src, "emitted")
    expected = {}
    for dirpath, _dirs, files in os.walk(expected_dir):
        for name in files:
            path = os.path.join(dirpath, name)
            expected[os.path.relpath(path, expected_dir)] = _read(path)
    assert sorted(emitted) == sorted(expected), "emitted modules differ (run pytest --update-goldens)"
    for rel in expected:
        assert emitted[rel] == expected[rel], f"emitted {rel} differs from tests/golden/{feature}/emitted/{rel}"
    expected_stdout = _read(os.path.join(src, "expected_stdout"), "")
    order = _read(os.path.join(src, "expected_order"))
    if order is None:
        assert run.stdout == expected_stdout, run.stderr
    else:
        check_interleaved(run.stdout, expected_stdout, order_groups(order))
    assert run.returncode == int(_read(os.path.join(src, "expected_exit"), "0").strip()), run.stderr
    check_stderr(src, run.stderr, str(work))


# ------------------------------------------------------------------ the checker of interleavings itself


def test_interleaved_output_accepts_any_order_that_keeps_each_process_in_order():
    expected = "one\ntwo\n[1]\nthree\n"
    check_interleaved("[1]\none\ntwo\nthree\n", expected, [[1, 2, 4]])
    check_interleaved("one\ntwo\nthree\n[1]\n", expected, [[1, 2, 4]])
    with pytest.raises(AssertionError, match="out of order"):
        check_interleaved("two\none\nthree\n[1]\n", expected, [[1, 2, 4]])
    with pytest.raises(AssertionError, match="lines differ"):
        check_interleaved("one\ntwo\nthree\n", expected, [[1, 2, 4]])
    with pytest.raises(AssertionError, match="lines differ"):
        check_interleaved("one\ntwo\nthree\n[1]\n[1]\n", expected, [])


def test_repeated_lines_of_a_group_must_appear_as_often_in_order():
    expected = "a\nx\na\nb\n"
    check_interleaved("x\na\na\nb\n", expected, [[1, 3, 4]])
    with pytest.raises(AssertionError, match="out of order"):
        check_interleaved("a\nb\nx\na\n", expected, [[1, 3, 4]])


def test_order_file_syntax():
    assert order_groups("# printer, then main\n1 2 3 4  # printer\n\n5\n") == [[1, 2, 3, 4], [5]]


def test_update_rewrites_expectations_and_removes_stale_files(tmp_path):
    src = tmp_path / "feature"
    (src / "emitted" / "old").mkdir(parents=True)
    (src / "emitted" / "old" / "gone.py").write_text("stale\n")
    (src / "expected_exit").write_text("134\n")
    (src / "expected_stderr").write_text("old panic\n")
    run = subprocess.CompletedProcess([], 0, stdout="hi\n", stderr="")
    update(str(src), {"main.py": "print('hi')\n"}, run, "/tmp/work")
    files = sorted(str(p.relative_to(src)) for p in src.rglob("*") if p.is_file())
    assert files == ["emitted/main.py", "expected_stdout"]
    assert (src / "expected_stdout").read_text() == "hi\n"

    run = subprocess.CompletedProcess([], 134, stdout="", stderr="panic at /tmp/work/main.mpl:3\n")
    update(str(src), {"main.py": "x\n"}, run, "/tmp/work")
    assert (src / "expected_exit").read_text() == "134\n"
    assert (src / "expected_stderr").read_text() == "panic at {dir}/main.mpl:3\n"


def test_update_keeps_an_interleaved_stdout_and_its_order_file(tmp_path):
    src = tmp_path / "feature"
    src.mkdir()
    (src / "expected_stdout").write_text("a\nb\nmain\n")
    (src / "expected_order").write_text("1 2\n")
    update(str(src), {}, subprocess.CompletedProcess([], 0, stdout="main\na\nb\n", stderr=""), "/w")
    assert (src / "expected_stdout").read_text() == "a\nb\nmain\n"  # same lines: the numbers still hold
    with pytest.raises(AssertionError, match="check the line numbers in expected_order"):
        update(str(src), {}, subprocess.CompletedProcess([], 0, stdout="a\nc\n", stderr=""), "/w")
    assert (src / "expected_stdout").read_text() == "a\nc\n"
