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


# ------------------------------------------------------------------ 1.2 keyword arguments


def KwMap(*pairs):
    return ("MapLit", [("MapEntry", S(k), v) for k, v in pairs], True)


def test_keyword_arguments_become_one_trailing_map():
    assert expr('f(x, name: "Ann", role: "admin")') == Call(
        N("f"), N("x"), KwMap(("name", S("Ann")), ("role", S("admin"))))


def test_only_keyword_arguments_and_a_trailing_comma():
    assert expr("f(a: 1, b: 2,)") == Call(N("f"), KwMap(("a", I(1)), ("b", I(2))))
    assert expr("f(\n  a: 1,\n  b: 2\n)") == Call(N("f"), KwMap(("a", I(1)), ("b", I(2))))


def test_duplicate_keys_are_kept_in_order():
    assert expr("f(a: 1, a: 2)") == Call(N("f"), KwMap(("a", I(1)), ("a", I(2))))


def test_keyword_arguments_with_pipes_and_qualified_calls():
    assert expr("v |> Repo.all(limit: 10)") == P(N("v"), Call(F(N("Repo"), "all"), KwMap(("limit", I(10)))))
    assert expr("f(g(k: 1), j: h(x))") == Call(
        N("f"), Call(N("g"), KwMap(("k", I(1)))), KwMap(("j", Call(N("h"), N("x")))))


def test_keyword_values_are_full_expressions():
    assert expr("f(n: a + 1, ok: :yes)") == Call(
        N("f"), KwMap(("n", ("Binary", "+", N("a"), I(1))), ("ok", Atom("yes"))))


def test_the_map_spans_the_keyword_arguments_and_its_keys_the_names():
    module = parse_ok("fn main() do\n  f(1, ab: 2, c: 3)\nend\n")
    call = module.items[0].body.stmts[0].expr
    kw = call.args[1]
    assert (kw.span.line, kw.span.col, kw.span.end_col) == (2, 8, 19)
    assert (kw.entries[0].key.span.col, kw.entries[0].key.span.end_col) == (8, 10)


def test_struct_literals_keep_their_meaning():
    assert expr("Point { x: 1 }") == ("StructLit", ["Point"], [("FieldInit", "x", I(1))])


def test_a_positional_argument_after_keyword_arguments():
    assert errors("fn main() do\n  f(k: 1, 2, j: 3, x)\nend\n") == [
        (2, 11, "parse error: a positional argument cannot follow keyword arguments: once an argument is "
                "written `name: value`, all the later ones must be too"),
        (2, 20, "parse error: a positional argument cannot follow keyword arguments: once an argument is "
                "written `name: value`, all the later ones must be too"),
    ]


@pytest.mark.parametrize("src, message", [
    ("f(where: 1)", "`where` is a keyword and cannot be used as a name"),
    ("f(type: 1)", "`type` is a keyword and cannot be used as a name"),
    ("f(end: 1)", "unexpected `end`, expected `)`, an expression"),
])
def test_a_reserved_word_is_not_a_keyword_argument_key(src, message):
    assert errors(f"fn main() do\n  {src}\nend\n") == [(2, 5, "parse error: " + message)]


def test_keyword_arguments_only_in_call_parentheses():
    [(_, _, m1)] = errors("fn main() do\n  [a: 1]\nend\n")
    assert m1.startswith("parse error: unexpected `:`")
    [(_, _, m2)] = errors("fn main() do\n  (a: 1)\nend\n")
    assert m2.startswith("parse error: unexpected `:`")


def test_a_key_must_be_a_plain_name():
    [d] = diags("fn main() do\n  f(a.b: 1)\nend\n")
    assert (d.span.line, d.span.col) == (2, 8)
    assert d.help == "only a plain name can be a keyword argument: `f(value, name: value)`"


def test_a_glued_keyword_value_is_an_atom():
    [d] = diags("fn main() do\n  f(k:v)\nend\n")
    assert "unexpected `:v`" in d.message
    assert d.help == "`:v` is an atom; put a space after the `:` (`k: v`)"


# ------------------------------------------------------------------ 1.3 leading `|>` lines


def test_a_line_starting_with_a_pipe_continues_the_expression():
    [let] = body("let total = prices\n  |> List.map(double)\n  |> sum")
    assert let == ("Let", ("PVar", "total"), None,
                   P(P(N("prices"), Call(F(N("List"), "map"), N("double"))), N("sum")))


def test_blank_lines_and_comments_between_stages():
    src = ("let r = xs\n\n  # a comment\n  ## a doc comment\n  #= a block\n  comment =#\n"
           "  |> f\n\n\n  |> g(1)  # trailing\n  r")
    assert body(src) == [("Let", ("PVar", "r"), None, P(P(N("xs"), N("f")), Call(N("g"), I(1)))),
                         ("ExprStmt", N("r"))]


def test_the_continuation_takes_the_whole_first_line():
    [let] = body("let r = a + b\n|> f")  # indentation does not matter
    assert let[3] == P(("Binary", "+", a := N("a"), N("b")), N("f"))
    assert expr("x == y\n  |> f") == P(("Binary", "==", N("x"), N("y")), N("f"))


def test_continuation_in_statements_returns_and_results():
    assert body("f(x)\n  |> g\ny") == [("ExprStmt", P(Call(N("f"), N("x")), N("g"))), ("ExprStmt", N("y"))]
    assert expr("return x\n  |> g") == ("Return", P(N("x"), N("g")))


def test_continuation_in_case_arms_and_closure_bodies():
    got = expr("case x do\n  1 -> a\n    |> f\n  _ -> b\n    |> g\n    |> h\nend")
    assert got[2] == [("Arm", ("PLiteral", 1), None, P(N("a"), N("f"))),
                      ("Arm", ("PWildcard",), None, P(P(N("b"), N("g")), N("h")))]
    [(_, _, _, clo)] = body("let c = fn x do\n  x\n  |> f\nend")
    assert clo == ("Closure", [("ClosureClause", [("Param", ("PVar", "x"), None)], None,
                                ("Block", [("ExprStmt", P(N("x"), N("f")))]))])


def test_continuation_in_if_branches_and_keyword_arguments():
    got = expr("if c do\n  q\n  |> Query.filter(:a, 1)\n  |> Query.order_by(:b, dir: :desc)\nelse\n  q\nend")
    then = got[2][1][0][1]
    assert then == P(P(N("q"), Call(F(N("Query"), "filter"), Atom("a"), I(1))),
                     Call(F(N("Query"), "order_by"), Atom("b"), KwMap(("dir", Atom("desc")))))


def test_continuation_of_an_expression_bodied_function():
    module = parse_ok("fn f(x) = x\n  |> g\n\nfn main() do\n  f(1)\nend\n")
    assert A.dump(module.items[0].body.stmts[0].expr) == P(N("x"), N("g"))


def test_other_operators_do_not_continue_a_line():
    assert errors("fn main() do\n  let x = a\n  <> b\nend\n") == [
        (3, 3, "parse error: unexpected `<>`, expected `end`, `fn`, `let`, an expression")]


def test_a_pipe_ending_a_line_says_where_the_pipe_goes():
    [d] = diags("fn main() do\n  let x = a |>\n    f\nend\n")
    assert (d.span.line, d.span.col) == (2, 15)
    assert d.help == "to continue a pipe on the next line, start that line with the `|>`"


def test_a_pipe_line_after_an_item_is_an_error():
    assert errors("fn main() do\n  1\nend\n|> f\n") == [
        (4, 1, "parse error: unexpected `|>`, expected a new line, the end of the file")]
