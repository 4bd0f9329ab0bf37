"""The Mesh lexer: a Lark custom lexer, contextual where Mesh needs it.

Lark's contextual lexer builds a scanner per parser state and spends several
Python calls on every token (and on every run of blanks); on Mesh sources it
took about 40% of the parse. This lexer matches each token, with the blanks
before it, by one regular expression built from the terminals of
grammar.lark, so the grammar stays the one definition of the tokens.

What must depend on the parser state does:

* Reserved words (language reference 2.5) are keywords everywhere; a
  keyword where a name is expected is a syntax error at that word.
* The contextual words `from`, `deriving`, `as`, `Fun`, `child` and the
  schema words (`table`, `primary_key`, `timestamps`, `belongs_to`,
  `has_many`, `has_one`) are keywords only where the LALR parser accepts
  them next, names elsewhere (a receive pattern may bind `from`; `table` is
  a fine variable).

Newline rules are not the lexer's business: it yields every `_NL`, and the
PostLexer (postlex.py) decides which ones the parser sees.
"""

from __future__ import annotations

import re

from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer, Token

from .transform import KEYWORDS

# Words that are keywords only where the grammar expects them (2.5).
CONTEXTUAL_WORDS = frozenset({"from", "deriving", "as", "Fun", "child",
                              # schema options at the start of a struct body line (supplement 1.6)
                              "table", "primary_key", "timestamps", "belongs_to", "has_many", "has_one"})

# Terminals whose text can span lines (a newline run, a string placeholder).
_MULTILINE = frozenset({"_NL", "STRING"})

_new_token = Token._future_new  # Token(...) without the deprecated-argument check


class MeshLexer(Lexer):
    __future_interface__ = 2  # lex() receives the parser state

    def __init__(self, lexer_conf):
        terminals = lexer_conf.terminals
        name_pattern = re.compile(next(t for t in terminals if t.name == "NAME").pattern.to_regexp())
        # Words the NAME pattern matches are told apart by a dictionary lookup
        # instead of regular-expression alternatives.
        words = {t.pattern.value: t.name for t in terminals
                 if t.pattern.type == "str" and name_pattern.fullmatch(t.pattern.value)}
        self.keywords = {w: name for w, name in words.items() if w in KEYWORDS}
        self.contextual = {w: name for w, name in words.items() if w in CONTEXTUAL_WORDS}
        others = [t for t in terminals if t.pattern.value not in words and t.name not in lexer_conf.ignore]
        # Lark's order: priority, then the longest possible match first.
        others.sort(key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
        blanks = "|".join(t.pattern.to_regexp() for t in terminals if t.name in lexer_conf.ignore)
        alternatives = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in others)
        # The blanks are an atomic group: never backtracked into on a failure.
        self.blanks = re.compile(f"(?>(?:{blanks})*)")
        self.pattern = re.compile(f"{self.blanks.pattern}(?:{alternatives})")

    def lex(self, lexer_state, parser_state):
        text = lexer_state.text.text
        pos = lexer_state.text.start
        end = lexer_state.text.end
        match = self.pattern.match
        keywords = self.keywords
        contextual = self.contextual
        states = parser_state.parse_conf.states
        line = 1
        line_start = 0  # offset where the current line starts
        while pos < end:
            m = match(text, pos, end)
            if m is None:
                pos = self.blanks.match(text, pos, end).end()
                if pos >= end:
                    return
                raise UnexpectedCharacters(text, pos, line, pos - line_start + 1, state=parser_state)
            kind = m.lastgroup
            start = m.start(kind)
            value = m.group(kind)
            pos = m.end()
            if kind == "NAME":
                if value in keywords:
                    kind = keywords[value]
                elif value in contextual and contextual[value] in states[parser_state.position]:
                    kind = contextual[value]
            col = start - line_start + 1
            if kind in _MULTILINE and "\n" in value:
                start_line = line
                line += value.count("\n")
                line_start = start + value.rindex("\n") + 1
                yield _new_token(kind, value, start, start_line, col, line, pos - line_start + 1, pos)
            else:
                yield _new_token(kind, value, start, line, col, line, col + len(value), pos)
