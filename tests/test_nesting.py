"""No internal compiler error at any nesting depth (issue 10): each construct
family nested 3,000 deep, and just under the documented limit
(check/depth.py, MAX_DEPTH), gives exit status 0 or 1 — never 3 (an
internal error) — from `meshpy check` and `meshpy build`."""

import os
import subprocess
import sys

import pytest

N = 3000


def _nest(open_, close, core, n):
    return open_ * n + core + close * n


FAMILIES = {
    "unary": lambda n: f"let x = {'-' * n}1",
    "not": lambda n: f"let x = {'not ' * n}true",
    "binary": lambda n: "let x = " + "(1 + " * n + "1" + ")" * n,
    "binary_flat": lambda n: "let x = " + " + ".join(["1"] * n),
    "call": lambda n: "let x = " + _nest("id(", ")", "1", n),
    "list": lambda n: "let x = " + _nest("[", "]", "1", n),
    "tuple": lambda n: "let x = " + _nest("(1, ", ")", "2", n),
    "map": lambda n: "let x = " + _nest('%{"k" => ', "}", "1", n),
    "if": lambda n: "let x = " + _nest("if true do ", " else 0 end", "1", n),
    "case": lambda n: "let x = " + _nest("case 1 do _ -> ", " end", "1", n),
    "closure": lambda n: "let x = " + _nest("fn () -> ", " end", "1", n),
    "pipe": lambda n: "let x = 1" + " |> id()" * n,
    "pattern": lambda n: "let " + _nest("(", ", 0)", "y", n) + " = " + _nest("(", ", 0)", "1", n),
    "block": lambda n: "let x = " + _nest("if true do\n    let v = 1\n    ", "\n  else\n    0\n  end", "v", n),
}

PRELUDE = "fn id(v) do\n  v\nend\n\nfn main() do\n  "


def _run(tmp_path, name, depth, command):
    src = tmp_path / f"{name}_{depth}.mpl"
    src.write_text(PRELUDE + FAMILIES[name](depth) + "\n  println(\"done\")\nend\n")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return subprocess.run([sys.executable, "-m", "meshpy", command, str(src)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tmp_path)


@pytest.mark.parametrize("name", sorted(FAMILIES))
@pytest.mark.parametrize("command", ["check", "build"])
def test_deep_nesting_is_a_diagnostic_not_a_crash(tmp_path, name, command):
    r = _run(tmp_path, name, N, command)
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert "internal compiler error" not in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_nesting_under_the_limit_builds(tmp_path, name):
    """(So that the deep programs above are valid Mesh, only deeper.)"""
    r = _run(tmp_path, name, 20, "build")
    assert r.returncode == 0, r.stderr[-2000:]


def test_too_deep_names_the_location(tmp_path):
    r = _run(tmp_path, "list", N, "check")
    assert r.returncode == 1
    assert "expression nested too deeply" in r.stderr
    assert "list_3000.mpl:6:" in r.stderr


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_accepted_nesting_also_runs(tmp_path, name):
    """CPython's own limits (200 nested brackets, 100 indentation levels, its
    compiler's recursion) on the emitted code: a program the depth check
    accepts must also load and run. Tried at several depths up to where the
    check starts refusing."""
    for depth in (40, 75, 110, 145):
        r = _run(tmp_path, name, depth, "run")
        assert r.returncode in (0, 1), (depth, r.stderr[-2000:])
        if r.returncode == 1:
            assert "expression nested too deeply" in r.stderr, (depth, r.stderr[-2000:])
            break
        assert r.stdout.endswith("done\n"), (depth, r.stdout[-200:])
