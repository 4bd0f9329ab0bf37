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
    assert let[3] == P(("Binary", "+", N("a"), N("b")), N("f"))
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
    got = expr("if c do\n  q\n  |> Query.where(:a, 1)\n  |> Query.order_by(:b, dir: :desc)\nelse\n  q\nend")
    then = got[2][1][0][1]
    assert then == P(P(N("q"), Call(F(N("Query"), "where"), Atom("a"), I(1))),
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


# ------------------------------------------------------------------ 1.4 reserved words after `.`


@pytest.mark.parametrize("word", ["send", "where", "cast", "self", "monitor", "spawn", "link"])
def test_reserved_words_are_names_after_a_dot(word):
    assert expr(f"M.{word}(a, 1)") == Call(F(N("M"), word), N("a"), I(1))
    assert expr(f"x.{word}") == F(N("x"), word)


def test_qualified_calls_of_the_orm_and_ws_modules():
    assert expr("Ws.send(conn, text)") == Call(F(N("Ws"), "send"), N("conn"), N("text"))
    assert expr("q |> Query.where(:status, \"x\")") == P(
        N("q"), Call(F(N("Query"), "where"), Atom("status"), S("x")))
    assert expr("Changeset.cast(d, p, [:a, :b])") == Call(
        F(N("Changeset"), "cast"), N("d"), N("p"), ("ListLit", [Atom("a"), Atom("b")]))


def test_a_member_cast_opens_no_block():
    # `cast` starts a handler block elsewhere; after `.` it is a name, so an
    # error inside the `if` names the `if` block
    got = expr("if Changeset.cast(a) do\n  1\nend")
    assert got[0] == "If"
    [d] = diags("fn main() do\n  if Changeset.cast(a) do\n    1\n")
    assert d.message == "parse error: unexpected end of file: expected `end` to close the `if` block opened at 2:3"


@pytest.mark.parametrize("src, col", [
    ("fn where(x) = 1\n", 4),
    ("fn main() do\n  let where = 1\nend\n", 7),
    ("from Query import where\n", 19),
    ("struct S do\n  cast :: Int\nend\n", 3),
    ("fn main() do\n  send(where: 1)\nend\n", 8),
    ("fn f(send) = 1\n", 6),
])
def test_they_stay_reserved_everywhere_else(src, col):
    [(_, c, message)] = errors(src)
    word = next(w for w in ("where", "cast", "send") if w in message)
    assert c == col
    assert message == f"parse error: `{word}` is a keyword and cannot be used as a name"


def test_other_keywords_are_not_names_after_a_dot():
    assert errors("fn main() do\n  x.call(1)\nend\n") == [
        (2, 5, "parse error: `call` is a keyword and cannot be used as a name")]


# ------------------------------------------------------------------ 1.5 struct update


def Upd(base, *fields):
    return ("StructUpdate", base, [("FieldInit", n, v) for n, v in fields])


def test_struct_update_forms():
    assert expr("%{p | x: 1}") == Upd(N("p"), ("x", I(1)))
    assert expr("%{p | x: 1, y: p.y,}") == Upd(N("p"), ("x", I(1)), ("y", F(N("p"), "y")))
    assert expr("%{\n  a.b |\n  x: :k\n}") == Upd(F(N("a"), "b"), ("x", Atom("k")))
    assert expr("%{f(x) |> g | x: 1}") == Upd(P(Call(N("f"), N("x")), N("g")), ("x", I(1)))


def test_an_empty_map_and_map_literals_keep_their_meaning():
    assert expr("%{}") == ("MapLit", [])
    assert expr("%{a => 1}") == ("MapLit", [("MapEntry", N("a"), I(1))])


@pytest.mark.parametrize("src, col, found", [
    ("%{p | 1: 2}", 9, "`1`"), ("%{p | }", 9, "`}`"), ('%{p | x: 1, "y": 2}', 15, "a string"),
])
def test_expected_field_name_in_struct_update(src, col, found):
    [d] = diags(f"fn main() do\n  {src}\nend\n")
    assert (d.span.line, d.span.col) == (2, col)
    assert d.message == f"parse error: expected field name in struct update, found {found}"
    assert d.help == "write `%{base | field: value, …}`"


def test_struct_update_other_errors():
    assert errors("fn main() do\n  %{p | x 1}\nend\n") == [(2, 11, "parse error: unexpected `1`, expected `:`")]
    assert errors("fn main() do\n  %{p | where: 1}\nend\n") == [
        (2, 9, "parse error: `where` is a keyword and cannot be used as a name")]


# ------------------------------------------------------------------ 1.6 schema options and relationships


BOOK = """
struct Book do
  table "library_books"
  primary_key :isbn
  timestamps true
  isbn :: String
  belongs_to :shelf, Shelf
  has_many :loans, Loan
  title :: String
  has_one :cover, Cover
  timestamps false
end deriving(Schema, Json, Row)
"""


def test_schema_lines_among_the_fields():
    [book] = parse_ok(BOOK.lstrip()).items
    assert A.dump(book) == (
        "StructDef", "Book", False, [],
        [("FieldDef", "isbn", ("TypeName", ["String"], [])), ("FieldDef", "title", ("TypeName", ["String"], []))],
        [("Ident", "Schema"), ("Ident", "Json"), ("Ident", "Row")],
        [("SchemaOption", "table", "library_books"), ("SchemaOption", "primary_key", "isbn"),
         ("SchemaOption", "timestamps", True), ("Relationship", "belongs_to", "shelf", "Shelf"),
         ("Relationship", "has_many", "loans", "Loan"), ("Relationship", "has_one", "cover", "Cover"),
         ("SchemaOption", "timestamps", False)])
    rel = book.schema[3]
    assert (rel.span.line, rel.span.col, rel.span.end_col) == (6, 3, 27)


def test_schema_words_are_names_everywhere_else():
    assert body("let table = 1\nlet has_many = table\nprimary_key(timestamps, belongs_to: has_one)") == [
        ("Let", ("PVar", "table"), None, I(1)),
        ("Let", ("PVar", "has_many"), None, N("table")),
        ("ExprStmt", Call(N("primary_key"), N("timestamps"), KwMap(("belongs_to", N("has_one"))))),
    ]
    module = parse_ok("fn table(x) = x\nstruct S do\n  x :: table\nend\n")
    assert module.items[0].name == "table"


def test_a_struct_without_schema_lines_is_unchanged():
    [s] = parse_ok("struct P do\n  x :: Int\nend\n").items
    assert A.dump(s) == ("StructDef", "P", False, [], [("FieldDef", "x", ("TypeName", ["Int"], []))], None)


@pytest.mark.parametrize("line, col, message", [
    ("table :: String", 9, 'expected string literal after `table` (e.g., table "people")'),
    ("table people", 9, 'expected string literal after `table` (e.g., table "people")'),
    ("table", 8, 'expected string literal after `table` (e.g., table "people")'),
    ("primary_key id", 15, "expected atom literal after `primary_key` (e.g., primary_key :uuid)"),
    ('primary_key "id"', 15, "expected atom literal after `primary_key` (e.g., primary_key :uuid)"),
    ("timestamps yes", 14, "expected `true` or `false` after `timestamps`"),
    ("timestamps :: Bool", 14, "expected `true` or `false` after `timestamps`"),
    ("belongs_to user, User", 14, "expected atom literal (e.g., :user) after relationship kind"),
    ("has_many", 11, "expected atom literal (e.g., :user) after relationship kind"),
    ("has_many :posts,", 19, "expected target type name after comma in relationship declaration"),
    ('has_one :cover, "Cover"', 19, "expected target type name after comma in relationship declaration"),
    ("has_one :cover Cover", 18, "expected `,` after the association name (e.g., has_one :user, User)"),
])
def test_malformed_schema_lines(line, col, message):
    assert errors(f"struct S do\n  {line}\n  x :: Int\nend\n") == [(2, col, "parse error: " + message)]


def test_the_table_name_is_a_plain_string():
    assert errors('struct S do\n  table "t_${x}"\nend\n') == [
        (2, 9, 'parse error: expected string literal after `table` (e.g., table "people"): '
               "the table name cannot contain `${…}`")]


def test_extra_text_after_a_complete_schema_line():
    assert errors('struct S do\n  table "t" extra\nend\n') == [
        (2, 13, "parse error: unexpected `extra`, expected `end`, a new line")]


# ------------------------------------------------------------------ 1.7 imports


def test_pub_actor():
    [actor] = parse_ok("pub actor printer(p :: String) do\n  receive do\n    s -> println(s)\n  end\nend\n").items
    assert isinstance(actor, A.ActorDef) and actor.pub and actor.name == "printer"
    [plain] = parse_ok("actor a() do\n  1\nend\n").items
    assert not plain.pub


def test_imports_of_stdlib_modules_and_actors_parse():
    module = parse_ok("import Query\nimport Repo\nfrom Workers import printer, Counter\n")
    assert [A.dump(i) for i in module.items] == [
        ("Import", ["Query"]), ("Import", ["Repo"]),
        ("FromImport", ["Workers"], [("Ident", "printer"), ("Ident", "Counter")])]


def test_contextual_words_are_keyword_argument_keys_and_fields():
    assert expr("f(from: 1, table: 2, as: 3)") == Call(N("f"), KwMap(("from", I(1)), ("table", I(2)), ("as", I(3))))
    assert expr("P { table: 1 }.table") == F(("StructLit", ["P"], [("FieldInit", "table", I(1))]), "table")


def test_continuation_in_case_and_if_heads():
    got = expr("case xs\n  |> f() do\n  _ -> 1\nend")
    assert got[1] == P(N("xs"), Call(N("f")))
    got = expr("if xs\n  |> g(1) do\n  1\nend")
    assert got[1] == P(N("xs"), Call(N("g"), I(1)))
