"""Syntax errors: file, line, column and message text, in the parser's
diagnostics and in `meshpy check`'s output (P0001, language reference 16)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from meshpy.syntax.parser import parse_module

ROOT = Path(__file__).resolve().parents[2]


def diagnose(src: str, path: str = "t.mpl"):
    module, diags = parse_module(path, textwrap.dedent(src).lstrip("\n"))
    assert module is None, "expected a syntax error"
    assert all(d.code == "P0001" and "parse error" in d.message for d in diags)
    return diags


def errors(src: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.col, d.message) for d in diagnose(src)]


def only(src: str):
    [d] = diagnose(src)
    return d


# ------------------------------------------------------------------ unclosed constructs


def test_missing_end_at_eof_names_the_open_block_and_where_it_starts():
    assert errors("""
        fn main() do
          if ready do
            go()
        """) == [(3, 9, "parse error: unexpected end of file: expected `end` to close the `if` block "
                         "opened at 2:3")]


def test_missing_end_of_a_function_at_eof():
    assert errors("""
        fn main() do
          println("x")
        """) == [(2, 15, "parse error: unexpected end of file: expected `end` to close the `fn` block "
                          "opened at 1:1")]


@pytest.mark.parametrize("item, word", [
    ("struct S do\n  x :: Int", "struct"), ("type T do\n  A", "type"),
    ("service S do\n  cast C() do |s| s end", "service"), ("actor a() do\n  x", "actor"),
    ("interface I do\n  fn f(self) -> Int", "interface"), ("impl I for T do\n  fn f(self) = 1", "impl"),
    ("supervisor S do\n  strategy: one_for_one", "supervisor"),
])
def test_missing_end_names_each_kind_of_item(item, word):
    d = only(item + "\n")
    assert d.message.endswith(f"expected `end` to close the `{word}` block opened at 1:1")


@pytest.mark.parametrize("header, word", [
    ("case x do\n    1 -> 2", "case"), ("match x do\n    1 -> 2", "match"), ("receive do\n    m -> m", "receive"),
    ("for x in f(y) do\n    x", "for"), ("while x do\n    x", "while"), ("if f(x) do\n    x", "if"),
    ("let g = fn(x) do\n    x", "fn"), ("run(fn do\n    x", "fn"),
])
def test_missing_end_names_each_kind_of_block(header, word):
    d = only("fn main() do\n  " + header + "\n")
    at = "2:11" if header.startswith("let") else "2:7" if header.startswith("run") else "2:3"
    assert d.message.endswith(f"to close the `{word}` block opened at {at}")


def test_missing_end_before_the_next_item():
    d = only("""
        fn first() do
          let x = 1

        fn second() do
          2
        end
        """)
    assert (d.span.line, d.span.col) == (4, 1)
    assert d.message == ("parse error: `fn` starts a new item, but the `fn` block opened at 1:1 "
                         "has not been closed")
    assert d.help == "add the missing `end` before this line"


def test_unclosed_parenthesis_before_end():
    d = only("""
        fn main() do
          foo(1,
        end
        """)
    assert (d.span.line, d.span.col, d.span.end_col) == (3, 1, 4)
    assert d.message == "parse error: unexpected `end`, expected `)`, an expression"
    assert [n.message for n in d.notes] == ["the `(` opened at 2:6 is still open"]


def test_unclosed_parenthesis_before_the_next_statement():
    d = only("""
        fn main() do
          let x = foo(1, 2
          let y = 3
        end
        """)
    assert (d.span.line, d.span.col) == (3, 3)
    assert d.message == "parse error: unexpected `let`, expected `)`, `,`"
    assert [n.message for n in d.notes] == ["the `(` opened at 2:14 is still open"]


def test_unclosed_parenthesis_at_eof():
    assert errors("fn f(a, b\n") == [
        (1, 10, "parse error: unexpected end of file: expected `)` to close the `(` opened at 1:5")]


def test_unclosed_list_and_map():
    assert errors("fn main() do\n  let x = [1, 2,\nend\n") == [
        (3, 1, "parse error: unexpected `end`, expected `]`, an expression")]
    assert errors('fn main() do\n  let m = %{"a" => 1\nend\n') == [
        (3, 1, "parse error: unexpected `end`, expected `,`, `}`")]


def test_closure_closed_by_a_parenthesis():
    d = only("fn main() do\n  foo(fn x -> x)\nend\n")
    assert (d.span.line, d.span.col) == (2, 16)
    assert d.message == "parse error: unexpected `)`, expected `end`, `|`"
    assert [n.message for n in d.notes] == ["the `fn` block opened at 2:7 is still open"]


# ------------------------------------------------------------------ words and tokens


@pytest.mark.parametrize("src, line, col, word", [
    ("fn main() do\n  let receive = 3\nend\n", 2, 7, "receive"),
    ("fn case(x) = x\n", 1, 4, "case"),
    ("struct S do\n  type :: Int\nend\n", 2, 3, "type"),
    ("fn f(spawn) = 1\n", 1, 6, "spawn"),
    ("fn main() do\n  let trait = 1\nend\n", 2, 7, "trait"),  # reserved, no syntax (2.5)
    ("fn main() do\n  let x = a.match\nend\n", 2, 13, "match"),
])
def test_keyword_used_as_a_name(src, line, col, word):
    assert errors(src) == [(line, col, f"parse error: `{word}` is a keyword and cannot be used as a name")]


def test_contextual_words_are_names_elsewhere():
    module, diags = parse_module("t.mpl", "fn f(from, deriving, as, child) = from\n")
    assert diags == [] and module is not None


def test_pub_service():
    d = only("pub service Nope do\n  fn init() -> Int do\n    0\n  end\nend\n")
    assert (d.span.line, d.span.col, d.span.end_col) == (1, 5, 12)
    assert d.message == "parse error: unexpected `service`, expected `fn`, `interface`, `struct`, `supervisor`, `type`"
    assert d.help == "services are always exported; remove `pub`"


def test_pub_type_alias():
    d = only("pub type X = Int\n")
    assert (d.span.line, d.span.col) == (1, 12)
    assert d.message == "parse error: unexpected `=`, expected `<`, `do`"
    assert d.help == "type aliases cannot be exported (`pub type X = …` is not allowed); remove `pub`"


@pytest.mark.parametrize("word, help_start", [("actor", "actors cannot be exported"), ("impl", "impl blocks")])
def test_pub_before_other_items(word, help_start):
    d = only(f"pub {word} x() do\nend\n")
    assert d.message.startswith(f"parse error: unexpected `{word}`")
    assert d.help.startswith(help_start)


def test_unterminated_string():
    assert errors('fn main() do\n  println("abc)\nend\n') == [(2, 11, "parse error: unterminated string literal")]


def test_unterminated_triple_quoted_string():
    assert errors('fn main() do\n  let s = """abc\nend\n') == [(2, 11, "parse error: unterminated string literal")]


def test_unterminated_block_comment():
    assert errors("fn main() do\n  #= outer #= inner =#\n  1\nend\n") == [
        (2, 3, "parse error: unterminated block comment: `#=` has no matching `=#`")]


def test_unterminated_interpolation():
    assert sorted(errors('fn main() do\n  let x = "${"inner}"\nend\n')) == [
        (2, 11, "parse error: unterminated string literal"),
        (2, 12, "parse error: unterminated interpolation: `${` has no matching `}`"),
    ]


@pytest.mark.parametrize("char, extra", [
    ("@", ""), ("`", ""), ("\\", ""), ("$", ""), ("~", ""),
    ("&", " (a single `&` is not an operator; use `&&` or `and`)"),
])
def test_bad_character(char, extra):
    assert errors(f"fn main() do\n  let x = 1 {char} 2\nend\n") == [
        (2, 13, f"parse error: unexpected character `{char}`{extra}")]


def test_malformed_and_oversized_numbers():
    assert errors("fn main() do\n  [0x, 0b12, 99999999999999999999]\nend\n") == [
        (2, 4, "parse error: malformed number `0x`"),
        (2, 8, "parse error: malformed number `0b12`"),
        (2, 14, "parse error: integer literal `99999999999999999999` does not fit in a 64-bit Int"),
    ]


def test_errors_inside_interpolation_point_into_the_string():
    assert errors('fn main() do\n  println("a ${x +} b")\n  println("c ${} d")\nend\n') == [
        (2, 19, "parse error: unexpected end of the `${…}` interpolation, expected an expression"),
        (3, 14, "parse error: empty interpolation `${}`: put an expression between the braces"),
    ]


# ------------------------------------------------------------------ line structure


# (`|>` may start a line: supplement 1.3, tests/syntax/test_head_syntax.py)
@pytest.mark.parametrize("op", ["+", "*", "<>", "and", "||", "=="])
def test_operator_starting_a_line(op):
    d = only(f"fn main() do\n  let x = a\n    {op} b\nend\n")
    assert (d.span.line, d.span.col) == (3, 5)
    assert d.message.startswith(f"parse error: unexpected `{op}`, expected ")
    assert d.help == ("an expression cannot continue on the next line (only a line starting with `|>` does); "
                      "wrap it in parentheses to split it over several lines")


def test_operator_ending_a_line():
    d = only("fn main() do\n  let x = a +\n    b\nend\n")
    assert (d.span.line, d.span.col) == (2, 14)
    assert d.message == "parse error: unexpected end of line, expected an expression"
    assert d.help.startswith("an expression cannot continue on the next line")


def test_arm_body_on_the_next_line():
    d = only("fn main() do\n  case x do\n    0 ->\n      1\n  end\nend\n")
    assert (d.span.line, d.span.col) == (3, 9)
    assert d.help == "the expression after `->` must start on the same line"


def test_assignment_is_not_a_statement():
    d = only("fn main() do\n  x = 1\nend\n")
    assert (d.span.line, d.span.col) == (2, 5)
    assert d.help == "Mesh has no assignment; bind a value with `let name = value`"


def test_a_keyword_argument_key_that_is_not_a_name():
    # `Box(w: 2.0)` is a keyword argument today (supplement 1.2); see test_head_syntax.py
    d = only("fn main() do\n  Box(2: 2.0, h: 3.0)\nend\n")
    assert (d.span.line, d.span.col) == (2, 8)
    assert d.help == "only a plain name can be a keyword argument: `f(value, name: value)`"


def test_missing_type():
    assert errors("fn f() -> do\n  1\nend\n") == [(1, 11, "parse error: unexpected `do`, expected a type")]


# ------------------------------------------------------------------ several errors, recovery


def test_several_independent_errors_in_one_run():
    assert errors("""
        fn a() do
          1 +
        end

        fn b() do
          let = 2
        end

        fn ok() = 1

        fn c() do
          foo(
        end

        struct S do
          x ::
        end

        fn d() do
          "fine"
        end
        """) == [
        (2, 6, "parse error: unexpected end of line, expected an expression"),
        (6, 7, "parse error: unexpected `=`, expected a name, `(`"),
        (13, 1, "parse error: unexpected `end`, expected `)`, an expression"),
        (16, 7, "parse error: unexpected end of line, expected a type"),
    ]


def test_errors_found_before_a_syntax_error_are_kept():
    # Found by the transformer while parsing `main`, before the parser
    # fails in `broken`.
    assert [(line, col) for line, col, _ in errors("""
        fn main() do
          let s = "${}"
          let n = 0b2
        end
        fn broken( do
        end
        """)] == [(2, 12), (3, 11), (5, 12)]


def test_errors_after_the_resume_point_are_reported_once():
    # `fn b` is parsed as a function nested in the unclosed `fn a`, then
    # parsed again after recovery; its malformed number is reported once.
    assert errors("""
        fn a() do
          let x = 1

        fn b() do
          0b2
        end
        """) == [
        (4, 1, "parse error: `fn` starts a new item, but the `fn` block opened at 1:1 has not been closed"),
        (5, 3, "parse error: malformed number `0b2`"),
    ]


def test_error_count_is_capped():
    src = "".join(f"fn f{i}() do\n  1 +\nend\n" for i in range(40))
    assert len(diagnose(src)) == 20


# ------------------------------------------------------------------ the command line


def run_check(target: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "meshpy", "check", str(target)],
                          capture_output=True, text=True, cwd=cwd, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))


def test_cli_reports_errors_in_a_non_entry_module(tmp_path):
    write(tmp_path / "main.mpl", """
        from Lib.Util import helper

        fn main() do
          println(helper(1))
        end
        """)
    write(tmp_path / "lib" / "util.mpl", """
        pub fn helper(x :: Int) -> String do
          let y = x +
          "${y}"
        end

        pub fn other(x) do
          foo(x,
        end
        """)
    result = run_check(tmp_path, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.stderr == textwrap.dedent("""\
        lib/util.mpl:2:14: error[P0001]: parse error: unexpected end of line, expected an expression
          |
        2 |   let y = x +
          |              ^
           = help: an expression cannot continue on the next line (only a line starting with `|>` does); wrap it in parentheses to split it over several lines
        lib/util.mpl:8:1: error[P0001]: parse error: unexpected `end`, expected `)`, an expression
          |
        8 | end
          | ^^^
           = note: the `(` opened at 7:6 is still open
        2 errors found; nothing was built
        """)


def test_cli_single_file_and_first_line_format(tmp_path):
    write(tmp_path / "prog.mpl", "pub service Nope do\nend\n\nfn main() do\nend\n")
    result = run_check(tmp_path / "prog.mpl", tmp_path)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first == ("prog.mpl:1:5: error[P0001]: parse error: unexpected `service`, "
                     "expected `fn`, `interface`, `struct`, `supervisor`, `type`")
    assert "= help: services are always exported; remove `pub`" in result.stderr


def test_cli_rejects_invalid_utf8_without_a_traceback(tmp_path):
    (tmp_path / "main.mpl").write_bytes(b"fn main() do\n  \xff\xfe\nend\n")
    result = run_check(tmp_path, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error[E0000]: ") and "is not valid UTF-8" in result.stderr


def test_cli_control_characters(tmp_path):
    (tmp_path / "main.mpl").write_bytes(b"fn main() do\n  \x00\x01 \x1b[0m\nend\n")
    result = run_check(tmp_path, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal compiler error" not in result.stderr
    assert result.stderr.startswith("main.mpl:2:3: error[P0001]: parse error: unexpected character")


def test_interpolations_nested_too_deeply():
    # Scanning and parsing `${…}` recurse; an absurd depth is one clean error.
    deep = '"${' * 40 + "1" + '}"' * 40
    assert errors(f"fn main() do\n  {deep}\nend\n") == [
        (2, 3 + 3 * 33, "parse error: string interpolations nested more than 32 levels deep")]
    ok = '"${' * 30 + "1" + '}"' * 30
    module, diags = parse_module("t.mpl", f"fn main() do\n  {ok}\nend\n")
    assert diags == [] and module is not None
