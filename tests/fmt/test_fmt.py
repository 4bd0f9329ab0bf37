"""`meshpy fmt`: the style rules, idempotence and AST preservation over every
.mpl in the repository and the shared conformance suite, and the command."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import shared_dir
from meshpy.ast import dump
from meshpy.fmt import format_source
from meshpy.fmt.command import format_text
from meshpy.fmt.tokens import NEWLINE, tokenize
from meshpy.syntax.parser import parse_module

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = Path(shared_dir.CONFORMANCE)
SKIP_DIRS = {".venv", "_build", ".git", "__pycache__"}


def _mpl_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        out.extend(Path(dirpath) / f for f in filenames if f.endswith(".mpl"))
    return sorted(out)


ALL_FILES = _mpl_files(REPO) + _mpl_files(CONFORMANCE)


def test_the_corpus_is_there():
    # Guards the parametrised tests below against silently testing nothing.
    assert len(_mpl_files(REPO)) > 200  # the conformance probes are in ../shared only
    assert len(_mpl_files(CONFORMANCE)) > 100


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: os.path.relpath(p, REPO.parent))
def test_formatting_keeps_the_ast_and_is_idempotent(path: Path):
    text = _read(path)
    before, diags = parse_module(str(path), text)
    outcome = format_text(str(path), text)
    if before is None:
        # A deliberately malformed program: reported with the parser's
        # diagnostics, never formatted.
        assert outcome.formatted is None
        assert [d.code for d in outcome.diagnostics] == [d.code for d in diags]
        assert diags and all(d.is_error for d in diags)
        return
    assert outcome.diagnostics == []
    out = outcome.formatted
    after, after_diags = parse_module(str(path), out)
    assert after is not None, after_diags
    assert dump(after) == dump(before)
    assert format_source(out) == out
    assert out.endswith("\n") and not any(line != line.rstrip() for line in out.splitlines())


def _respace(text: str, rng: random.Random) -> str:
    """The same tokens on the same lines, with random blanks between them and
    random indentation: what a careless editor leaves behind."""
    toks = tokenize(text)
    out = []
    at_line_start = True
    for tok in toks:
        if tok.kind == NEWLINE:
            out.append(" " * rng.randrange(3) + "\n")
            at_line_start = True
            continue
        if at_line_start:
            out.append(" " * rng.randrange(9))
        else:
            out.append(" " * (rng.randrange(1, 4) if tok.space_before else rng.randrange(3)))
        out.append(tok.text)
        at_line_start = False
    return "".join(out)


@pytest.mark.parametrize("path", [p for p in _mpl_files(REPO / "examples") + _mpl_files(REPO / "mesher")
                                  + _mpl_files(REPO / "tests" / "syntax" / "corpus")],
                         ids=lambda p: os.path.relpath(p, REPO))
def test_layout_ignores_the_original_blanks(path: Path):
    text = _read(path)
    rng = random.Random(str(path))
    messy = _respace(text, rng)
    assert messy != text
    assert format_source(messy) == format_source(text)


# ------------------------------------------------------------------ style


def fmt(src: str) -> str:
    return format_source(src)


def test_indentation_follows_blocks_and_brackets():
    src = (
        "fn main() do\n"
        "let xs = List.map([1, 2],\n"
        "fn x ->\n"
        "x + 1\n"
        "end)\n"
        "if xs == [] do\n"
        "println(\"none\")\n"
        "else if true do\n"
        "println(\"some\")\n"
        "else\n"
        "case xs do\n"
        "[] -> 0\n"
        "_ -> 1\n"
        "end\n"
        "end\n"
        "end\n"
    )
    assert fmt(src) == (
        "fn main() do\n"
        "  let xs = List.map([1, 2],\n"
        "    fn x ->\n"
        "      x + 1\n"
        "    end)\n"
        "  if xs == [] do\n"
        "    println(\"none\")\n"
        "  else if true do\n"
        "    println(\"some\")\n"
        "  else\n"
        "    case xs do\n"
        "      [] -> 0\n"
        "      _ -> 1\n"
        "    end\n"
        "  end\n"
        "end\n"
    )


def test_spacing_rules():
    src = (
        "fn   f<T>( x::Int,y :: List< T > )->Int!String do\n"
        "  let m=%{ \"a\"=>1 }\n"
        "  let p=Point{x:1,y:-2}\n"
        "  let r=1..10\n"
        "  let n=- x+ -3*f( -1 )\n"
        "  let q=g(x)?.y\n"
        "  h :: t\n"
        "  for {k,v} in m do\n"
        "    println( \"${k}\" )\n"
        "  end\n"
        "  x|>f()|>g\n"
        "end\n"
    )
    assert fmt(src) == (
        "fn f<T>(x :: Int, y :: List<T>) -> Int!String do\n"
        "  let m = %{\"a\" => 1}\n"
        "  let p = Point { x: 1, y: -2 }\n"
        "  let r = 1..10\n"
        "  let n = -x + -3 * f(-1)\n"
        "  let q = g(x)?.y\n"
        "  h :: t\n"
        "  for {k, v} in m do\n"
        "    println(\"${k}\")\n"
        "  end\n"
        "  x |> f() |> g\n"
        "end\n"
    )


def test_services_actors_and_receive():
    src = (
        "service S do\n"
        "call Get() :: Int do|n|\n"
        "(n,n)\n"
        "end\n"
        "end\n"
        "actor a() do\n"
        "receive do\n"
        "x->println(x)\n"
        "after 10->println(\"late\")\n"
        "end\n"
        "terminate do\n"
        "println(\"bye\")\n"
        "end\n"
        "end\n"
    )
    assert fmt(src) == (
        "service S do\n"
        "  call Get() :: Int do |n|\n"
        "    (n, n)\n"
        "  end\n"
        "end\n"
        "\n"
        "actor a() do\n"
        "  receive do\n"
        "    x -> println(x)\n"
        "  after 10 -> println(\"late\")\n"
        "  end\n"
        "  terminate do\n"
        "    println(\"bye\")\n"
        "  end\n"
        "end\n"
    )


def test_blank_lines_and_comments():
    src = (
        "\n\n# header\n"
        "fn a() = 1\n"
        "fn b() do\n"
        "\n"
        "  1   # one\n"
        "  100 # a hundred\n"
        "\n\n\n"
        "  #= block\n"
        "     kept =#\n"
        "  2\n"
        "\n"
        "end\n"
        "fn c() = 3   \n\n\n"
    )
    assert fmt(src) == (
        "# header\n"
        "fn a() = 1\n"
        "fn b() do\n"
        "  1    # one\n"
        "  100  # a hundred\n"
        "\n"
        "  #= block\n"
        "     kept =#\n"
        "  2\n"
        "end\n"
        "\n"
        "fn c() = 3\n"
    )


def test_strings_are_verbatim():
    src = 'fn main() do\nprintln("a  ${f( 1 )}  b")\nlet s = """\n  two\n    lines"""\nend\n'
    assert fmt(src) == 'fn main() do\n  println("a  ${f( 1 )}  b")\n  let s = """\n  two\n    lines"""\nend\n'


def test_newer_syntax_is_laid_out_without_the_parser():
    # mesh-language-head 1.1-1.6: atoms, keyword arguments, pipe lines,
    # struct update, schema options. The formatter needs no grammar for them.
    src = (
        "struct Book do\n"
        "table \"books\"\n"
        "primary_key :isbn\n"
        "isbn::String\n"
        "belongs_to :shelf,Shelf\n"
        "end deriving(Schema,Json)\n"
        "fn main() do\n"
        "let b=%{base|title:\"x\"}\n"
        "let q=Query.from(\"t\")\n"
        "|> Query.where(:status,\"on\")\n"
        "# between stages\n"
        "|> Query.order_by(:name)\n"
        "f(a,name:\"Ann\",role:\"admin\")\n"
        "end\n"
    )
    assert fmt(src) == (
        "struct Book do\n"
        "  table \"books\"\n"
        "  primary_key :isbn\n"
        "  isbn :: String\n"
        "  belongs_to :shelf, Shelf\n"
        "end deriving(Schema, Json)\n"
        "\n"
        "fn main() do\n"
        "  let b = %{base | title: \"x\"}\n"
        "  let q = Query.from(\"t\")\n"
        "    |> Query.where(:status, \"on\")\n"
        "    # between stages\n"
        "    |> Query.order_by(:name)\n"
        "  f(a, name: \"Ann\", role: \"admin\")\n"
        "end\n"
    )


def test_crlf_line_ends_become_lf():
    assert fmt("fn main() do\r\nprintln(1) # c\r\nend\r\n") == "fn main() do\n  println(1)  # c\nend\n"


def test_double_minus_keeps_a_blank():
    # `--` would read as a comment to a human; it is two prefix minuses (2.3).
    assert fmt("fn main() do\n  let y = - - x\nend\n") == "fn main() do\n  let y = - -x\nend\n"


# ------------------------------------------------------------------ command


def meshpy(*args, cwd=None, stdin=None):
    return subprocess.run([sys.executable, "-m", "meshpy", *args], capture_output=True, text=True,
                          cwd=cwd, input=stdin, timeout=120)


def test_check_lists_files_then_fmt_fixes_them(tmp_path):
    good = tmp_path / "good.mpl"
    good.write_text("fn main() do\n  println(\"ok\")\nend\n")
    messy = tmp_path / "sub" / "messy.mpl"
    messy.parent.mkdir()
    messy.write_text("fn main() do\nprintln( \"ok\" )\nend")
    r = meshpy("fmt", "--check", str(tmp_path))
    assert r.returncode == 1
    assert r.stdout.splitlines() == [f"would reformat {messy}"]
    assert messy.read_text() == "fn main() do\nprintln( \"ok\" )\nend"  # --check writes nothing
    r = meshpy("fmt", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert messy.read_text() == "fn main() do\n  println(\"ok\")\nend\n"
    assert meshpy("fmt", "--check", str(tmp_path)).returncode == 0


def test_a_syntax_error_is_reported_and_the_file_left_alone(tmp_path):
    bad = tmp_path / "bad.mpl"
    text = "fn main() do\nlet x = (1\nend\n"
    bad.write_text(text)
    r = meshpy("fmt", str(bad))
    assert r.returncode == 1
    assert "bad.mpl:3:1: error[P0001]" in r.stderr
    assert "Traceback" not in r.stderr
    assert bad.read_text() == text


def test_stdin_and_missing_paths(tmp_path):
    r = meshpy("fmt", "-", stdin="fn main() do\nprintln(1)\nend")
    assert (r.returncode, r.stdout) == (0, "fn main() do\n  println(1)\nend\n")
    r = meshpy("fmt", str(tmp_path / "nope.mpl"))
    assert r.returncode == 2 and "no such file" in r.stderr


def test_the_shared_conformance_programs_format_in_a_copy(tmp_path):
    # The shared files are not ours to rewrite: format a copy, and check the
    # copy still parses to the same programs.
    if not CONFORMANCE.is_dir():
        pytest.fail(f"{CONFORMANCE} is missing")
    copy = tmp_path / "conformance"
    shutil.copytree(CONFORMANCE, copy)
    r = meshpy("fmt", str(copy))
    for path in _mpl_files(copy):
        original = CONFORMANCE / path.relative_to(copy)
        before, _ = parse_module("x.mpl", _read(original))
        if before is None:
            assert _read(path) == _read(original)
            continue
        after, _ = parse_module("x.mpl", _read(path))
        assert dump(after) == dump(before), path
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("folder", ["examples", "mesher"])
def test_the_repository_programs_are_formatted(folder):
    r = meshpy("fmt", "--check", str(REPO / folder))
    assert r.returncode == 0, r.stdout + r.stderr
