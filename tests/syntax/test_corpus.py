"""The syntax corpus: small Mesh programs, one file per construct family,
that together use every construct of sections 2-8 of the language reference.
Each must parse without a diagnostic."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest

from meshpy import ast as A
from meshpy.syntax.parser import parse_module

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*.mpl"))
FAMILIES = {"lexical", "modules", "functions", "types", "traits", "expressions", "concurrency", "head"}


def parse_file(path: Path) -> A.Module:
    module, diags = parse_module(str(path), path.read_text(encoding="utf-8"))
    assert diags == [], "\n".join(f"{d.span}: {d.message}" for d in diags)
    return module


def test_every_family_has_a_file():
    assert {p.stem for p in FILES} == FAMILIES


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_file_parses(path):
    module = parse_file(path)
    assert module.items


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_spans_are_ordered_and_nested(path):
    """Every span lies inside the file and inside its parent's span (a
    cheap guard for span bookkeeping, e.g. after speed-ups)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    module = parse_file(path)

    def check(node, parent_span):
        s = node.span
        assert s.file == str(path)
        assert (s.line, s.col) <= (s.end_line, s.end_col), node
        assert 1 <= s.line <= len(lines) and 1 <= s.end_line <= len(lines), node
        assert 1 <= s.col <= len(lines[s.line - 1]) + 1, node
        if parent_span is not None:
            assert (parent_span.line, parent_span.col) <= (s.line, s.col), (node, parent_span)
            assert (s.end_line, s.end_col) <= (parent_span.end_line, parent_span.end_col), (node, parent_span)
        for child in _children_with_strings(node):
            check(child, s)

    for item in module.items:
        check(item, None)


def _children_with_strings(node):
    """Like A.children, but also the expressions inside interpolations."""
    yield from A.children(node)
    if isinstance(node, A.StringLit):
        yield from (p for p in node.parts if isinstance(p, A.Node))


def test_corpus_uses_every_node_type():
    seen = set()
    for path in FILES:
        for item in parse_file(path).items:
            stack = [item]
            while stack:
                node = stack.pop()
                seen.add(type(node).__name__)
                stack.extend(_children_with_strings(node))
    every = {
        name for name, cls in inspect.getmembers(A, inspect.isclass)
        if issubclass(cls, A.Node) and dataclasses.is_dataclass(cls) and cls is not A.Node
    }
    # Module is the root (not an item); Ident appears only inside items we do walk.
    missing = every - seen - {"Module"}
    assert not missing, f"no corpus program uses {sorted(missing)}"


def test_span_of_a_known_construct():
    """Spans point at the source text: `Reading {` in types.mpl."""
    path = CORPUS / "types.mpl"
    lines = path.read_text(encoding="utf-8").split("\n")
    main = next(i for i in parse_file(path).items if isinstance(i, A.FnDef) and i.name == "main")
    let_r = main.body.stmts[0]
    lit = let_r.value
    assert isinstance(lit, A.StructLit)
    assert lines[lit.span.line - 1][lit.span.col - 1:].startswith("Reading {")
    assert lines[lit.span.end_line - 1][lit.span.end_col - 2] == "}"
