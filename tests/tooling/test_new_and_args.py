"""`meshpy new` makes a project that runs at once; program arguments reach
`Env.args()` through `meshpy run app -- a b` and `python _build a b`."""

import os
import subprocess
import sys


def meshpy(*args, cwd):
    return subprocess.run([sys.executable, "-m", "meshpy", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def test_new_then_run(tmp_path):
    p = meshpy("new", "hello_app", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    root = tmp_path / "hello_app"
    assert sorted(os.listdir(root)) == [".gitignore", "README.md", "greeting.mpl", "main.mpl"]
    assert (root / ".gitignore").read_text() == "_build/\n"
    assert "meshpy run hello_app" in (root / "README.md").read_text()
    run = meshpy("run", "hello_app", cwd=tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (0, "Hello, world!\n", "")
    run = meshpy("run", "hello_app", "--", "Ada", "ignored", cwd=tmp_path)
    assert run.stdout == "Hello, Ada!\n"
    check = meshpy("check", "hello_app", cwd=tmp_path)
    assert (check.returncode, check.stderr) == (0, "")  # no warnings in the skeleton


def test_new_refuses_existing_folders_and_bad_names(tmp_path):
    (tmp_path / "taken").mkdir()
    p = meshpy("new", "taken", cwd=tmp_path)
    assert p.returncode == 1 and "taken already exists" in p.stderr
    for bad in ("9lives", "Has-Dash", "CamelCase", ""):
        p = meshpy("new", bad, cwd=tmp_path)
        assert p.returncode == 1 and "invalid project name" in p.stderr, (bad, p.stderr)
        assert "Traceback" not in p.stderr
    assert sorted(os.listdir(tmp_path)) == ["taken"]


ARGS = """\
fn main() do
  let args = Env.args()
  println("${List.length(args)} arguments")
  for a in args do
    println("[${a}]")
  end
end
"""


def test_program_arguments_from_run_and_from_the_build_folder(tmp_path):
    (tmp_path / "argv").mkdir()
    (tmp_path / "argv" / "main.mpl").write_text(ARGS)
    run = meshpy("run", "argv", "--", "a b", "--flag", "", cwd=tmp_path)
    assert run.stdout == "3 arguments\n[a b]\n[--flag]\n[]\n", run.stderr
    none = meshpy("run", "argv", cwd=tmp_path)
    assert none.stdout == "0 arguments\n"
    direct = subprocess.run([sys.executable, str(tmp_path / "argv" / "_build"), "x", "y"],
                            capture_output=True, text=True, timeout=120)
    assert direct.stdout == "2 arguments\n[x]\n[y]\n", direct.stderr


def test_env_args_is_typed(tmp_path):
    (tmp_path / "typed").mkdir()
    (tmp_path / "typed" / "main.mpl").write_text("fn main() do\n  let n :: Int = Env.args()\nend\n")
    p = meshpy("check", "typed", cwd=tmp_path)
    assert p.returncode == 1 and "expected Int, found List<String>" in p.stderr, p.stderr
