"""The syntax of Mesh as it is today (supplement `mesh-language-head.md`,
sections 1 and 10): exact ASTs and syntax errors for atoms, keyword
arguments, leading-`|>` lines, `send`/`where`/`cast` after `.`, struct
updates, schema options and imports."""

from __future__ import annotations

import textwrap

import pytest

from meshpy import ast as A
from meshpy.syntax.parser import parse_module



def parse_ok(src: str) -> A.Module:
    module, found = parse_module("t.mpl", src)
    assert found == [], [(d.span.line, d.span.col, d.message) for d in found]
    return module


def body(src: str) -> list:
    """The dumped statements of `src` used as the body of `fn main`."""
    module = parse_ok(f"fn main() do\n{src}\nend\n")
    return [A.dump(s) for s in module.items[0].body.stmts]


def expr(src: str):
    [stmt] = body(src)
    assert stmt[0] == "ExprStmt", stmt
    return stmt[1]


def N(name):
    return ("Name", name)


def I(value):
    return ("IntLit", value)


def S(*parts):
    return ("StringLit", list(parts))


def Call(func, *args):
    return ("Call", func, list(args))


def F(obj, name):
    return ("FieldAccess", obj, name)


def P(value, target):
    return ("Pipe", value, target)


def Atom(name):
    return ("AtomLit", name)


def diags(src: str):
    module, found = parse_module("t.mpl", textwrap.dedent(src).lstrip("\n"))
    assert module is None, "expected a syntax error"
    assert all(d.code == "P0001" for d in found)
    return found


def errors(src: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.col, d.message) for d in diags(src)]


# ------------------------------------------------------------------ 1.1 atoms


@pytest.mark.parametrize("text, name", [
    (":name", "name"), (":created_at", "created_at"), (":_x", "_x"), (":gte", "gte"),
    (":a1", "a1"), (":camelCase", "camelCase"), (":end", "end"), (":where", "where"),
])
def test_an_atom_is_one_token_with_the_name_after_the_colon(text, name):
    assert expr(text) == Atom(name)


def test_atoms_are_expressions_everywhere():
    assert expr("f(:a, [:b], %{:c => 1})") == Call(
        N("f"), Atom("a"), ("ListLit", [Atom("b")]), ("MapLit", [("MapEntry", Atom("c"), I(1))]))
    assert expr("x == :asc") == ("Binary", "==", N("x"), Atom("asc"))
    assert expr('"${:k}"') == S(Atom("k"))
    [arm] = expr("case x do\n  v when v == :a -> 1\nend")[2]
    assert arm[2] == ("Binary", "==", N("v"), Atom("a"))


def test_the_span_of_an_atom_includes_its_colon():
    module = parse_ok("fn main() do\n  let k = :status\nend\n")
    value = module.items[0].body.stmts[0].value
    assert isinstance(value, A.AtomLit)
    assert (value.span.line, value.span.col, value.span.end_col) == (2, 11, 18)


def test_double_colon_is_not_an_atom():
    [let] = body("let n :: int = 1")
    assert let == ("Let", ("PVar", "n"), ("TypeName", ["int"], []), I(1))
    assert expr("fn x::Int -> x end")[1][0][1][0] == ("Param", ("PVar", "x"), ("TypeName", ["Int"], []))


def test_a_digit_after_the_colon_is_not_an_atom():
    assert expr("P { x:1 }") == ("StructLit", ["P"], [("FieldInit", "x", I(1))])


@pytest.mark.parametrize("src", ["let x = :Name", "let x = : name"])
def test_colon_then_capital_or_space_is_not_an_atom(src):
    [(line, col, message)] = errors(f"fn main() do\n  {src}\nend\n")
    assert (line, col) == (2, 11)
    assert message == "parse error: unexpected `:`, expected an expression"


def test_a_colon_glued_to_a_lowercase_value_is_an_atom_and_says_so():
    [d] = diags("fn main() do\n  P { x:y }\nend\n")
    assert (d.span.line, d.span.col, d.message) == (2, 8, "parse error: unexpected `:y`, expected `:`")
    assert d.help == "`:y` is an atom; put a space after the `:` (`x: y`)"


def test_an_atom_is_not_a_pattern():
    [d] = diags("fn main() do\n  case x do\n    :a -> 1\n  end\nend\n")
    assert (d.span.line, d.span.col) == (3, 5)
    assert "unexpected `:a`" in d.message
    assert d.help == "an atom is not a pattern; bind a name and compare it in a guard: `v when v == :a ->`"
