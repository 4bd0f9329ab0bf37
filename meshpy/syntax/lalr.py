"""The LALR parser that runs on every correct program, without Lark.

Lark builds the tables of grammar.lark (tables.py); what parsing needs of
them is cached on disk as plain data:

* `actions[state]`: terminal or rule name -> action, a shift (or goto) to
  state `s` written `s`, a reduction by rule `r` written `~r` (negative);
* `rules[r]`: (number of symbols, name of the rule reduced to);
* `code`: the compiled `make(transformer)`, which returns one callback per
  rule: it shapes the children the way Lark's tree builder would (drops
  anonymous tokens, inlines `_rules`, puts None for a missing `[optional]`,
  passes a `?rule`'s single child through) and calls the transformer's
  method (transform.py), generated once instead of interpreted per
  reduction;
* the lexer's regular expressions (lexer.py).

Loading these takes a few milliseconds and imports nothing of Lark.
`FastParser.parse` is Lark's LALR loop on them. At the first syntax error
it gives up (NoParse): parser.py then parses the text again with Lark's
own parser on Lark's tables, whose exceptions and interactive parser
explain the error; syntax errors are rare, their cost does not matter.

The cache file is named after everything the tables depend on: the
grammar, the postlexer's `always_accept` (which decides the terminals the
lexer keeps), the transformer's method names, and the Lark and Python
versions. It holds the plain data (marshal, prefixed by its length), then
Lark's tables (pickle), read only to explain a syntax error.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import os
import sys
from typing import NamedTuple, Optional

from .lexer import Lexer, LexerSpec

GRAMMAR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "grammar.lark")
START_RULES = ("start", "expr")  # a module; the inside of `${…}`
CACHE_FORMAT = 6  # bump when what is cached changes


class NoParse(Exception):
    """The text has a syntax error (Lark's parser will say which)."""


class FastTables(NamedTuple):
    actions: list  # per state: {symbol: action}
    rules: list  # (size, origin)
    starts: dict  # start rule -> (start state, end state)
    lexer: LexerSpec
    code: bytes  # marshalled code object defining make(transformer)

    def dump(self) -> bytes:
        return marshal.dumps((self.actions, self.rules, self.starts, tuple(self.lexer), self.code))

    @staticmethod
    def load(data: bytes) -> "FastTables":
        actions, rules, starts, lexer, code = marshal.loads(data)
        return FastTables(actions, rules, starts, LexerSpec(*lexer), code)


def cache_path(postlex, transformer_class) -> str:
    with open(GRAMMAR, encoding="utf-8") as f:
        grammar = f.read()
    methods = sorted(n for c in transformer_class.__mro__ for n in vars(c) if not n.startswith("_"))
    key = "\0".join([str(CACHE_FORMAT), grammar, ",".join(postlex.always_accept), ",".join(methods),
                     _lark_version(), sys.version])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return os.path.join(_temp_dir(), f".meshpy_parser_{_user()}_{digest}.tables")


def _lark_version() -> str:
    """Lark's version, read from its source rather than by importing it."""
    import importlib.util

    spec = importlib.util.find_spec("lark")
    try:
        with open(spec.origin, encoding="utf-8") as f:
            return next((line for line in f if line.startswith("__version__")), "?")
    except (OSError, TypeError, AttributeError):
        return "?"


def _temp_dir() -> str:
    """tempfile.gettempdir() for the usual cases, without importing tempfile."""
    for name in ("TMPDIR", "TEMP", "TMP"):
        d = os.environ.get(name)
        if d and os.path.isdir(d):
            return d
    if os.name == "posix" and os.path.isdir("/tmp"):
        return "/tmp"
    import tempfile

    return tempfile.gettempdir()


def _user() -> str:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        user = os.environ.get(name)
        if user:
            return user
    getuid = getattr(os, "getuid", None)
    return f"uid{getuid()}" if getuid else "unknown"


def written_by_us(f) -> bool:
    """Only read a cache file of our own: the temporary directory is
    shared, and unpickling runs code."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or os.fstat(f.fileno()).st_uid == getuid()


def load_fast_tables(path: str) -> Optional[FastTables]:
    try:
        with open(path, "rb") as f:
            if not written_by_us(f):
                return None
            size = int.from_bytes(f.read(8), "little")
            return FastTables.load(f.read(size))
    except Exception:  # missing, unreadable or stale: build afresh
        return None


def _fail(pos, line, column):
    raise NoParse()


class _End:
    type = "$END"


_END_TOKEN = _End()
_END = (_END_TOKEN,)


class FastParser:
    """Lark's LALR loop on FastTables, fed by the lexer through the
    postlexer, calling the transformer at each reduction."""

    def __init__(self, tables: FastTables, postlex, transformer):
        namespace: dict = {}
        exec(marshal.loads(tables.code), namespace)
        callbacks = namespace["make"](transformer)
        self.rules = [(size, origin, cb) for (size, origin), cb in zip(tables.rules, callbacks)]
        self.actions = tables.actions
        self.starts = tables.starts
        self.lexer = Lexer(tables.lexer)
        self.postlex = postlex

    def parse(self, text: str, start: str):
        """The transformer's result for `text`; raises NoParse on a syntax error."""
        start_state, end_state = self.starts[start]
        states = [start_state]
        values: list = []
        actions = self.actions
        rules = self.rules

        def expects(terminal: str) -> bool:
            return terminal in actions[states[-1]]

        tokens = self.postlex.process(self.lexer.tokens(text, 0, len(text), expects, _fail))
        try:
            for tok in itertools.chain(tokens, _END):
                t = tok.type
                while True:
                    action = actions[states[-1]][t]
                    if action >= 0:  # shift
                        if tok is _END_TOKEN:
                            raise NoParse()
                        states.append(action)
                        values.append(tok)
                        break
                    size, origin, callback = rules[~action]
                    if callback is None:  # `?rule: child`: the child's value is the rule's
                        del states[-1]
                    elif size:
                        children = values[-size:]
                        del states[-size:]
                        del values[-size:]
                        values.append(callback(children))
                    else:
                        values.append(callback([]))
                    goto = actions[states[-1]][origin]
                    if goto == end_state and tok is _END_TOKEN:
                        return values[-1]
                    states.append(goto)
            raise NoParse()
        except KeyError:
            # no action: a syntax error (a KeyError of the transformer's own
            # would be raised again when Lark parses the text)
            raise NoParse() from None
