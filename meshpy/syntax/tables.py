"""Lark's side of the LALR machinery: building the tables, explaining errors.

Lark turns grammar.lark into terminals, rules and an LALR parse table in
about half a second. `Lark(cache=True)` saves that work, but loading Lark's
cache still took ~35 ms per run (it rebuilds every object from a serialised
form in Python). meshpy therefore caches the tables itself (lalr.py): the
plain data its own parser runs on, then Lark's objects (pickled), with
which Lark's LALR parser re-parses a text that has a syntax error, wired
the way `lark.Lark` does for `parser="lalr"`, so that its exceptions and
interactive parser can explain the error (parser.py).

This module is imported only to build the cache or to explain an error.
"""

from __future__ import annotations

import io
import marshal
import os
import pickle
import re
from dataclasses import dataclass
from functools import partial

import lark
from lark.common import LexerConf
from lark.exceptions import UnexpectedCharacters
from lark.grammar import Rule
from lark.lexer import Lexer as LarkLexer
from lark.lexer import LexerThread
from lark.parse_tree_builder import (ChildFilterLALR, ChildFilterLALR_NoPlaceholders, ParseTreeBuilder,
                                     maybe_create_child_filter)
from lark.parser_frontends import PostLexConnector
from lark.parsers.lalr_analysis import Reduce, Shift
from lark.parsers.lalr_parser import _Parser
from lark.tree import Tree

from .lalr import GRAMMAR, START_RULES, FastTables, written_by_us
from .lexer import Lexer, LexerSpec


class MeshLexer(LarkLexer):
    """lexer.Lexer as a Lark custom lexer."""

    __future_interface__ = 2  # lex() receives the parser state

    def __init__(self, lexer_conf):
        self.lexer = Lexer(LexerSpec.build(lexer_conf.terminals, lexer_conf.ignore))

    def lex(self, lexer_state, parser_state):
        text = lexer_state.text.text
        states = parser_state.parse_conf.states

        def expects(terminal):
            return terminal in states[parser_state.position]

        def fail(pos, line, column):
            raise UnexpectedCharacters(text, pos, line, column, state=parser_state)

        return self.lexer.tokens(text, lexer_state.text.start, lexer_state.text.end, expects, fail)


@dataclass
class Tables:
    terminals: list  # lark TerminalDef, those the lexer produces
    ignore: list  # names of the terminals skipped between tokens (blanks)
    rules: list  # lark Rule, shared with the parse table's reduce actions
    parse_table: object  # lark IntParseTable


def load_tables(path: str, postlex, transformer_class) -> Tables:
    """Lark's tables from the cache file `path` (lalr.cache_path), building
    (and caching) them if needed."""
    try:
        with open(path, "rb") as f:
            if written_by_us(f):
                f.seek(8 + int.from_bytes(f.read(8), "little"))
                tables = pickle.load(f)
                if isinstance(tables, Tables):
                    return tables
    except Exception:  # missing, unreadable or stale: build afresh
        pass
    return _build(path, postlex, transformer_class)[1]


def build_and_cache(path: str, postlex, transformer_class) -> FastTables:
    return _build(path, postlex, transformer_class)[0]


def _build(path: str, postlex, transformer_class) -> tuple[FastTables, Tables]:
    with open(GRAMMAR, encoding="utf-8") as f:
        grammar = f.read()
    built = lark.Lark(grammar, parser="lalr", lexer=MeshLexer, postlex=postlex,
                      start=list(START_RULES), maybe_placeholders=True)
    for rule in built.rules:
        # Lark leaves rule names as its own Token (a str subclass with its
        # own __eq__); the parser looks every reduction up by that name, and
        # plain strings make those lookups several times cheaper.
        rule.origin.name = str(rule.origin.name)
        rule.__class__ = _UniqueRule
    tables = Tables(built.terminals, list(built.lexer_conf.ignore), built.rules,
                    built.parser.parser.parser.parse_table)
    fast = _fast_tables(tables, transformer_class)
    data = fast.dump()
    _write_atomically(path, len(data).to_bytes(8, "little") + data + _pickled(tables))
    return fast, tables


def _fast_tables(tables: Tables, transformer_class) -> FastTables:
    index = {id(rule): k for k, rule in enumerate(tables.rules)}
    pt = tables.parse_table
    actions = [{} for _ in range(len(pt.states))]
    for state, row in pt.states.items():
        for symbol, (action, arg) in row.items():
            actions[state][str(symbol)] = arg if action is Shift else ~index[id(arg)]
    starts = {name: (pt.start_states[name], pt.end_states[name]) for name in START_RULES}
    rules = [(len(rule.expansion), rule.origin.name) for rule in tables.rules]
    source = _callbacks_source(tables.rules, transformer_class)
    code = marshal.dumps(compile(source, "<meshpy parser callbacks>", "exec"))
    return FastTables(actions, rules, starts, LexerSpec.build(tables.terminals, tables.ignore), code)


def _callbacks_source(rules, transformer_class) -> str:
    """The source of `make(t)`: one callback per rule, doing what Lark's
    ParseTreeBuilder.create_callback would do with the transformer `t`."""
    lines = ["def make(t):"]
    names = []
    for k, rule in enumerate(rules):
        name = rule.alias or rule.options.template_source or rule.origin.name
        lines.extend("    " + line for line in _callback_source(k, rule, name, transformer_class))
        names.append(f"r{k}")
    lines.append(f"    return ({', '.join(names)},)")
    return "\n".join(lines) + "\n"


def _callback_source(k: int, rule, name: str, transformer_class) -> list[str]:
    expand1 = rule.options.expand1 and not rule.alias
    parts = _child_parts(rule)
    if hasattr(transformer_class, name):
        call = f"m{k}(f)"
        out = [f"m{k} = t.{name}"]
    elif name.startswith("_"):  # inlined into the parent: its children, as a list
        assert not expand1, rule
        call, out = "f", []
    else:
        call, out = f"t.__default__({name!r}, f, None)", []
    if parts is None and expand1 and len(rule.expansion) == 1:
        return [f"r{k} = None"]  # the child passes through: FastParser.parse
    if parts is None and not expand1 and call == f"m{k}(f)":
        return out + [f"r{k} = m{k}"]
    body = ["f = c"] if parts is None else _filter_lines(parts)
    if expand1:
        body.append("if len(f) == 1: return f[0]")
    body.append(f"return {call}")
    return out + [f"def r{k}(c):"] + ["    " + line for line in body]


def _child_parts(rule):
    """[(index or None for a placeholder, inlined?)] of the children Lark's
    child filter keeps, or None when it keeps them all as they are."""
    made = maybe_create_child_filter(rule.expansion, rule.options.keep_all_tokens, False,
                                     rule.options.empty_indices)
    if made is None:
        return None
    assert isinstance(made, partial)
    if made.func is ChildFilterLALR_NoPlaceholders:
        return [(i, expand) for i, expand in made.args[0]]
    assert made.func is ChildFilterLALR
    to_include, append_none = made.args
    parts = []
    for i, expand, add_none in to_include:
        parts.extend([(None, False)] * add_none)
        parts.append((i, expand))
    parts.extend([(None, False)] * append_none)
    return parts


def _filter_lines(parts) -> list[str]:
    """Build `f` from the children `c`: kept ones in order, inlined ones'
    children spliced in (the first one's list reused, as Lark does)."""
    lines: list[str] = []
    pending: list[str] = []

    def flush():
        if pending:
            lines.append(f"f += [{', '.join(pending)}]" if lines else f"f = [{', '.join(pending)}]")
            pending.clear()

    for i, expand in parts:
        if expand:
            flush()
            lines.append(f"f += c[{i}]" if lines else f"f = c[{i}]")
        else:
            pending.append("None" if i is None else f"c[{i}]")
    flush()
    if not lines:
        lines.append("f = []")
    return lines


class _UniqueRule(Rule):
    """A rule that is equal only to itself.

    Lark's parser hashes and compares the rule of every reduction
    (`callbacks[rule]`, `assert arg != end_state`) through Rule's __hash__
    and __eq__, written in Python. Each rule of the tables is one object, so
    identity is equality, and object's C versions save ~7% of a parse."""

    __slots__ = ()
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__


class _TablePickler(pickle.Pickler):
    """Lark's parser tells its two actions apart by identity (`action is
    Shift`), so they must unpickle as lark's own two objects, not copies."""

    def reducer_override(self, obj):
        if obj is Shift or obj is Reduce:
            return _lalr_action, (obj.name,)
        return NotImplemented


def _lalr_action(name: str):
    return Shift if name == "Shift" else Reduce


def _pickled(tables: Tables) -> bytes:
    buffer = io.BytesIO()
    _TablePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(tables)
    return buffer.getvalue()


def _write_atomically(path: str, data: bytes) -> None:
    """Write the cache so that a concurrent run never reads half a file; a
    cache that cannot be written only costs the next run some time."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


class LalrParser:
    """Lark's LALR parser fed by MeshLexer through the postlexer, calling the
    transformer's methods as it reduces (no parse tree is built): used to
    explain a syntax error."""

    def __init__(self, tables: Tables, postlex, transformer):
        builder = ParseTreeBuilder(tables.rules, Tree, propagate_positions=False,
                                   ambiguous=False, maybe_placeholders=True)
        self._parser = _Parser(tables.parse_table, builder.create_callback(transformer))
        lexer = MeshLexer(LexerConf(tables.terminals, re, tables.ignore, postlex=postlex))
        self._lexer = PostLexConnector(lexer, postlex)

    def parse(self, text: str, start: str):
        """The transformer's result for `text`; raises lark's UnexpectedInput
        (with `interactive_parser` set) on a syntax error."""
        return self._parser.parse(LexerThread.from_text(self._lexer, text), start)
