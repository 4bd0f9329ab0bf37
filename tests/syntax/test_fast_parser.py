"""meshpy's own LALR loop (syntax/lalr.py) against Lark's parser.

A correct program is parsed by FastParser on the cached plain tables, with
generated callbacks that shape each rule's children as Lark's tree builder
would; Lark's own parser only re-parses a text with a syntax error. Both
must build the same tree, spans included, and the interpolations parsed
without a parse of their own (`${name}`, `${a.b}`) must be the nodes the
parser builds for them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from meshpy.syntax import parser as P
from meshpy.syntax.lalr import NoParse

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = sorted([*(ROOT / "examples").rglob("*.mpl"), *(ROOT / "mesher").rglob("*.mpl"),
                   *(Path(__file__).parent / "corpus").glob("*.mpl")])


def _parse(path: Path):
    module, diags = P.parse_module(str(path), path.read_text(encoding="utf-8"))
    assert module is not None, [d.message for d in diags]
    return module


@pytest.fixture
def lark_only(monkeypatch):
    """Every parse goes through Lark's parser (as after a syntax error)."""
    parser = P.get_parser()

    def give_up(text, start):
        raise NoParse()

    monkeypatch.setattr(parser.fast, "parse", give_up)


@pytest.fixture
def no_shortcut(monkeypatch):
    monkeypatch.setattr(P, "_simple_interpolation", lambda *args: None)


def test_there_are_programs_to_compare():
    assert len(PROGRAMS) > 20


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_parser_builds_what_lark_builds(path, request):
    fast = repr(_parse(path))
    request.getfixturevalue("lark_only")
    assert repr(_parse(path)) == fast


INTERPOLATIONS = [
    "${a}", "${a.b.c}", "${Foo.Bar}", "${a.cast} ${a.send} ${a.where}", "${é.ü}", "${ x }", "${a . b}",
    "${self}", "${from}", "${1}", '${"in ${b.c} ${d}"}', "${x.y}${z}", "\\${no} ${yes}",
]


@pytest.mark.parametrize("inside", INTERPOLATIONS)
def test_interpolation_shortcut_builds_what_the_parser_builds(inside, request):
    text = f'fn main() do\n  let a = 1\n  println("t {inside} u")\n  println("""\n    {inside}""")\nend\n'
    shortcut = P.parse_module("x.mpl", text)
    request.getfixturevalue("no_shortcut")
    parsed = P.parse_module("x.mpl", text)
    assert repr(shortcut) == repr(parsed)
    assert shortcut[0] is not None


def test_interpolation_errors_are_unchanged_by_the_shortcut(request):
    text = 'fn main() do\n  println("${_} ${a.} ${a.1}")\nend\n'
    shortcut = [(d.message, str(d.span)) for d in P.parse_module("x.mpl", text)[1]]
    request.getfixturevalue("no_shortcut")
    assert shortcut == [(d.message, str(d.span)) for d in P.parse_module("x.mpl", text)[1]]
    assert len(shortcut) == 3


def _run(code: str, tmp: Path) -> str:
    env = dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_a_correct_program_is_parsed_without_importing_lark(tmp_path):
    code = ("import sys\nfrom meshpy.syntax.parser import parse_module\n"
            "m, d = parse_module('x.mpl', 'fn main() do\\n  println(\"${1 + 2}\")\\nend\\n')\n"
            "assert m is not None and not d\nprint(sorted({n.split('.')[0] for n in sys.modules} & {'lark'}))")
    assert _run(code, tmp_path) == "['lark']"  # the first run builds the tables with Lark
    assert [p.suffix for p in tmp_path.iterdir()] == [".tables"]
    assert _run(code, tmp_path) == "[]"
    bad = code.replace("1 + 2", "1 +")  # a syntax error is explained by Lark
    assert _run(bad.replace("assert m is not None and not d", "assert m is None and d"), tmp_path) == "['lark']"


def test_a_damaged_table_cache_is_rebuilt(tmp_path):
    code = ("from meshpy.syntax.parser import parse_module\n"
            "m, d = parse_module('x.mpl', 'fn main() do\\n  1\\nend\\n')\nprint(m is not None and not d)")
    assert _run(code, tmp_path) == "True"
    (cache,) = tmp_path.iterdir()
    cache.write_bytes(cache.read_bytes()[:1000])
    assert _run(code, tmp_path) == "True"
    assert cache.stat().st_size > 1000
