"""The 64-bit wrapping the lowering writes into the emitted code
(lower/wrap.py) staying exact, and the loader's compilation of emitted
modules: Mesh line numbers and the .mpl file name in tracebacks (the loader
changes nothing else: the .py on disk is what runs)."""

import traceback

import pytest

from meshpy.loader import compile_module
from meshpy.lower.code import literal, name, render
from meshpy.lower.wrap import check_stmt, divide, negate, wrap
from meshpy.runtime.arith import i64, idiv, imod

INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def run(source, linemap=None, name="prog.mpl"):
    code = compile_module(source, linemap or [0] * (source.count("\n") + 3), name)
    env = {"i64": i64, "idiv": idiv, "imod": imod}
    exec(code, env)
    return env


@pytest.mark.parametrize("w, expected", [
    (wrap(name("a"), "+", literal("1"), 1), INT_MIN),
    (wrap(name("a"), "+", name("a"), None), -2),
    (wrap(name("b"), "-", literal("1"), 1), INT_MAX),
    (wrap(name("a"), "*", name("a"), None), 1),
    (wrap(name("b"), "+", name("b"), None), 0),
    (negate(name("b")), INT_MIN),
    (wrap(literal("3"), "+", literal("4"), 4), 7),
])
def test_both_forms_of_the_wrap_are_exact(w, expected):
    check = render([check_stmt(name("x"), w)])
    source = f"a = {INT_MAX}\nb = {INT_MIN}\nx = {w.inner}\n{check}\ny = ({w}, 0)[0]\n"
    env = run(source)
    assert env["x"] == expected  # statement form
    assert env["y"] == expected  # expression form


def test_one_bound_only_when_a_small_constant_is_added():
    def test_of(w):
        return check_stmt(name("x"), w).branches[0][0]
    assert test_of(wrap(name("a"), "+", literal("1"), 1)) == "x > 0x7FFFFFFFFFFFFFFF"
    assert test_of(wrap(name("a"), "-", literal("1"), 1)) == "x < -0x8000000000000000"
    assert " or " in test_of(wrap(name("a"), "+", name("k"), None))


@pytest.mark.parametrize("a, b", [(7, 2), (-7, 2), (7, 3), (-7, 3), (0, 5), (INT_MIN, 7)])
def test_division_by_positive_constant_truncates(a, b):
    env = run(f"x = {a}\nq = {divide('idiv', name('x'), literal(str(b)), b)}\nr = {divide('imod', name('x'), literal(str(b)), b)}\n")
    assert (env["q"], env["r"]) == (idiv(a, b), imod(a, b))


def test_division_by_a_variable_calls_the_runtime():
    assert divide("idiv", name("x"), name("d"), None) == "idiv(x, d)"


def test_tracebacks_name_the_mpl_file_and_line():
    source = "def f():\n    x = 1\n    raise ValueError('boom')\n"
    env = run(source, linemap=[0, 10, 11, 12, 0], name="/src/main.mpl")
    try:
        env["f"]()
    except ValueError as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
    assert (frame.filename, frame.lineno) == ("/src/main.mpl", 12)
