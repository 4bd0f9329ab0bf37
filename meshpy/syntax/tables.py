"""The LALR machinery of the Mesh grammar: built by Lark, cached on disk.

Lark turns grammar.lark into terminals, rules and an LALR parse table in
about half a second. `Lark(cache=True)` saves that work, but loading Lark's
cache still took ~35 ms per run (it rebuilds every object from a serialised
form in Python), a good part of a `meshpy check` that should take well
under 0.25 s. meshpy therefore pickles the built objects itself (loading
them takes ~6 ms) and runs Lark's LALR parser on them directly, wiring the
lexer, postlexer and transformer the way `lark.Lark` does for
`parser="lalr"`.

The cache file is named after everything the tables depend on: the
grammar, the postlexer's `always_accept` (which decides the terminals the
lexer keeps), and the Lark and Python versions.
"""

from __future__ import annotations

import getpass
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass

import lark
from lark.common import LexerConf
from lark.grammar import Rule
from lark.lexer import LexerThread
from lark.parse_tree_builder import ParseTreeBuilder
from lark.parser_frontends import PostLexConnector
from lark.parsers.lalr_analysis import Reduce, Shift
from lark.parsers.lalr_parser import _Parser
from lark.tree import Tree

from .lexer import MeshLexer

GRAMMAR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "grammar.lark")
START_RULES = ("start", "expr")  # a module; the inside of `${…}`
_CACHE_FORMAT = 4  # bump when what is pickled changes (Tables, _UniqueRule …)


@dataclass
class Tables:
    terminals: list  # lark TerminalDef, those the lexer produces
    ignore: list  # names of the terminals skipped between tokens (blanks)
    rules: list  # lark Rule, shared with the parse table's reduce actions
    parse_table: object  # lark IntParseTable


def load_tables(postlex) -> Tables:
    """The tables from the disk cache, building (and caching) them if needed."""
    with open(GRAMMAR, encoding="utf-8") as f:
        grammar = f.read()
    path = cache_path(grammar, postlex)
    try:
        with open(path, "rb") as f:
            if _written_by_us(f):
                tables = pickle.load(f)
                if isinstance(tables, Tables):
                    return tables
    except Exception:  # missing, unreadable or stale: build afresh
        pass
    tables = build_tables(grammar, postlex)
    _write_atomically(path, _pickled(tables))
    return tables


def _written_by_us(f) -> bool:
    """Only unpickle a cache file of our own: the temporary directory is
    shared, and unpickling runs code."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or os.fstat(f.fileno()).st_uid == getuid()


def build_tables(grammar: str, postlex) -> Tables:
    built = lark.Lark(grammar, parser="lalr", lexer=MeshLexer, postlex=postlex,
                      start=list(START_RULES), maybe_placeholders=True)
    for rule in built.rules:
        # Lark leaves rule names as its own Token (a str subclass with its
        # own __eq__); the parser looks every reduction up by that name, and
        # plain strings make those lookups several times cheaper.
        rule.origin.name = str(rule.origin.name)
        rule.__class__ = _UniqueRule
    return Tables(built.terminals, list(built.lexer_conf.ignore), built.rules,
                  built.parser.parser.parser.parse_table)


def cache_path(grammar: str, postlex) -> str:
    key = "\0".join([str(_CACHE_FORMAT), grammar, ",".join(postlex.always_accept),
                     lark.__version__, sys.version])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some containers; any stable name will do
        user = "unknown"
    return os.path.join(tempfile.gettempdir(), f".meshpy_parser_{user}_{digest}.pickle")


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
    transformer's methods as it reduces (no parse tree is built)."""

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
