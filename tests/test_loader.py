"""The loader's compilation of emitted modules: Mesh line numbers, the .mpl
file name in tracebacks, and the inlined 64-bit wrapping staying exact."""

import traceback

import pytest

from meshpy.loader import INT_MAX, INT_MIN, compile_module
from meshpy.runtime.arith import i64, idiv, imod


def run(source, linemap=None, name="prog.mpl"):
    code = compile_module(source, linemap or [0] * (source.count("\n") + 3), name)
    env = {"i64": i64, "idiv": idiv, "imod": imod}
    exec(code, env)
    return env


@pytest.mark.parametrize("expr, expected", [
    ("i64(a + 1)", INT_MIN),
    ("i64(a + a)", -2),
    ("i64(b - 1)", INT_MAX),
    ("i64(a * a)", 1),
    ("i64(-b)", INT_MIN),
    ("i64(3 + 4)", 7),
])
def test_inlined_wrap_is_exact(expr, expected):
    env = run(f"a = {INT_MAX}\nb = {INT_MIN}\nx = {expr}\ny = ({expr}, 0)[0]\n")
    assert env["x"] == expected  # statement form
    assert env["y"] == expected  # expression form


def test_tuple_assignment_wraps_each_element_after_evaluating_all():
    env = run(f"n, acc = {INT_MIN}, {INT_MAX}\nn, acc = i64(n - 1), i64(acc + n)\n")
    assert env["n"] == INT_MAX
    assert env["acc"] == i64(INT_MAX + INT_MIN)


@pytest.mark.parametrize("a, b", [(7, 2), (-7, 2), (7, 3), (-7, 3), (0, 5), (INT_MIN, 7)])
def test_inlined_division_by_positive_constant_truncates(a, b):
    env = run(f"x = {a}\nq = idiv(x, {b})\nr = imod(x, {b})\n")
    assert (env["q"], env["r"]) == (idiv(a, b), imod(a, b))


def test_tracebacks_name_the_mpl_file_and_line():
    source = "def f():\n    x = 1\n    raise ValueError('boom')\n"
    env = run(source, linemap=[0, 10, 11, 12, 0], name="/src/main.mpl")
    try:
        env["f"]()
    except ValueError as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
    assert (frame.filename, frame.lineno) == ("/src/main.mpl", 12)
