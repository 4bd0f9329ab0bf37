"""Which files a build is made of, and what a build remembers about them
(issue 10): the up-to-date check and the loader agree on the files; a
moved project names its new paths; `main` takes no parameters."""

import json
import os
import shutil
import subprocess
import sys


def meshpy(*args, **kw):
    return subprocess.run([sys.executable, "-m", "meshpy", *args], capture_output=True, text=True,
                          timeout=120, **kw)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _greeting_program(root, word):
    write(root / "hello.mpl", "from Deep.Words.Greeting import greet\n"
                              "fn main() do\n  println(greet())\nend\n")
    write(root / "deep" / "words" / "greeting.mpl", f'pub fn greet() -> String = "{word}"\n')


def test_single_file_sees_a_change_in_a_module_below_its_folder(tmp_path):
    _greeting_program(tmp_path, "one")
    entry = str(tmp_path / "hello.mpl")
    assert meshpy("run", entry).stdout == "one\n"
    write(tmp_path / "deep" / "words" / "greeting.mpl", 'pub fn greet() -> String = "two"\n')
    assert meshpy("run", entry).stdout == "two\n"  # was: "one", the stale build


def test_single_file_ignores_files_it_does_not_import(tmp_path):
    _greeting_program(tmp_path, "one")
    entry = str(tmp_path / "hello.mpl")
    assert meshpy("build", entry).returncode == 0
    write(tmp_path / "unrelated.mpl", "this is not even Mesh\n")
    write(tmp_path / "deep" / "other.mpl", "nor is this\n")
    again = meshpy("build", entry)
    assert again.returncode == 0 and "Up to date" in again.stderr, again.stderr


def test_directory_project_rebuilds_when_a_module_is_added_or_removed(tmp_path):
    app = tmp_path / "app"
    write(app / "main.mpl", 'fn main() do\n  println("hi")\nend\n')
    assert "Built app (1 module)" in meshpy("build", str(app)).stderr
    write(app / "extra" / "more.mpl", "pub fn more() -> Int = 1\n")
    assert "Built app (2 modules)" in meshpy("build", str(app)).stderr  # every file is a module
    (app / "extra" / "more.mpl").unlink()
    assert "Built app (1 module)" in meshpy("build", str(app)).stderr
    write(app / "extra" / "bad.mpl", "fn broken( do\n")
    added = meshpy("build", str(app))
    assert added.returncode == 1 and "extra/bad.mpl" in added.stderr


def test_build_records_paths_relative_to_the_project(tmp_path):
    _greeting_program(tmp_path, "one")
    assert meshpy("build", str(tmp_path / "hello.mpl")).returncode == 0
    manifest = json.loads((tmp_path / "_build" / "hello" / "manifest.json").read_text())
    assert manifest["root"] == "../.."
    assert sorted(manifest["sources"]) == ["deep/words/greeting.mpl", "hello.mpl"]
    assert sorted(m["mpl"] for m in manifest["modules"]) == ["deep/words/greeting.mpl", "hello.mpl"]
    assert str(tmp_path) not in json.dumps(manifest)


PANICS = """\
from Util.Math import halve
fn main() do
  let unused = 1
  println("start")
  println("${halve(0)}")
end
"""
MATH = """\
pub fn halve(x :: Int) -> Int do
  100 / x
end
"""


def test_moved_project_reports_its_new_paths(tmp_path):
    old = tmp_path / "old_place" / "app"
    write(old / "main.mpl", PANICS)
    write(old / "util" / "math.mpl", MATH)
    first = meshpy("build", str(old))
    assert first.returncode == 0 and "warning[W0003]" in first.stderr
    new = tmp_path / "new_place" / "app"
    new.parent.mkdir()
    shutil.move(str(old), str(new))
    shutil.rmtree(tmp_path / "old_place")

    rebuilt = meshpy("build", "new_place/app", cwd=tmp_path)
    assert "Up to date" in rebuilt.stderr, rebuilt.stderr  # a move changes no source
    # the replayed warning names the file where it is now, and shows its line
    assert "new_place/app/main.mpl:3:7: warning[W0003]" in rebuilt.stderr.replace(os.sep, "/"), rebuilt.stderr
    assert "let unused = 1" in rebuilt.stderr and "old_place" not in rebuilt.stderr

    for cmd in (["-m", "meshpy", "run", str(new)], [str(new / "_build")]):
        run = subprocess.run([sys.executable, *cmd], capture_output=True, text=True, timeout=120)
        assert run.returncode == 134 and run.stdout == "start\n"
        assert f"at {new / 'util' / 'math.mpl'}:2 in halve" in run.stderr, run.stderr
        assert f"at {new / 'main.mpl'}:5 in main" in run.stderr
        assert "old_place" not in run.stderr


def test_copied_build_reports_the_copy(tmp_path):
    a = tmp_path / "a"
    write(a / "main.mpl", PANICS)
    write(a / "util" / "math.mpl", MATH)
    assert meshpy("build", str(a)).returncode == 0
    b = tmp_path / "b"
    shutil.copytree(a, b)
    run = subprocess.run([sys.executable, str(b / "_build")], capture_output=True, text=True, timeout=120)
    assert f"at {b / 'util' / 'math.mpl'}:2 in halve" in run.stderr, run.stderr


def test_main_with_parameters_is_a_compile_error(tmp_path):
    for params, n in (("x", 1), ("args :: List<String>, n :: Int", 2)):
        app = tmp_path / f"takes_{n}"
        write(app / "main.mpl", f'fn main({params}) do\n  println("never")\nend\n')
        for command in ("check", "build", "run"):
            p = meshpy(command, str(app))
            assert p.returncode == 1, (command, p.stderr)
            assert "never" not in p.stdout
            assert "main.mpl:1:9: error[E0000]: `main` takes no parameters" in p.stderr, p.stderr
            assert f"this one takes {n}" in p.stderr and "Env.args()" in p.stderr
            assert "Traceback" not in p.stderr
        assert not (app / "_build").exists()


def test_main_without_parameters_still_builds(tmp_path):
    for header in ("fn main() do", "fn main do"):
        app = tmp_path / ("parens" if "(" in header else "bare")
        write(app / "main.mpl", f'{header}\n  println("ran")\nend\n')
        p = meshpy("run", str(app))
        assert (p.returncode, p.stdout) == (0, "ran\n"), p.stderr
