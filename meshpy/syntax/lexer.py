"""The Mesh lexer: one regular expression, contextual where Mesh needs it.

Lark's contextual lexer builds a scanner per parser state and spends several
Python calls on every token (and on every run of blanks); on Mesh sources it
took about 40% of the parse. This lexer matches each token, with the blanks
before it, by one regular expression built from the terminals of
grammar.lark (`LexerSpec.build`, run once when the parser tables are built
and cached with them), so the grammar stays the one definition of the tokens.

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
from typing import Callable, NamedTuple

from .token import Token

# Language reference 2.5: never identifiers.
KEYWORDS = frozenset(
    """actor after alias and break call case cast cond continue def do else end
    false fn for if impl import in interface let link match module monitor nil
    not or pub receive return self send service spawn struct supervisor terminate
    trait trap true type when where while with""".split()
)

# Words that are keywords only where the grammar expects them (2.5).
CONTEXTUAL_WORDS = frozenset({"from", "deriving", "as", "Fun", "child",
                              # schema options at the start of a struct body line (supplement 1.6)
                              "table", "primary_key", "timestamps", "belongs_to", "has_many", "has_one"})

# Terminals whose text can span lines (a newline run, a string placeholder).
_MULTILINE = frozenset({"_NL", "STRING"})


class LexerSpec(NamedTuple):
    """What the lexer needs, in plain data (it is pickled with the tables)."""
    pattern: str  # blanks, then one named group per terminal
    blanks: str
    keywords: dict  # reserved word -> terminal name
    contextual: dict  # contextual word -> terminal name

    @staticmethod
    def build(terminals, ignore) -> "LexerSpec":
        """From Lark's terminal definitions and the names of the ignored ones."""
        name_pattern = re.compile(next(t for t in terminals if t.name == "NAME").pattern.to_regexp())
        # Words the NAME pattern matches are told apart by a dictionary lookup
        # instead of regular-expression alternatives.
        words = {t.pattern.value: t.name for t in terminals
                 if t.pattern.type == "str" and name_pattern.fullmatch(t.pattern.value)}
        others = [t for t in terminals if t.pattern.value not in words and t.name not in ignore]
        # Lark's order: priority, then the longest possible match first.
        others.sort(key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
        blanks = "|".join(t.pattern.to_regexp() for t in terminals if t.name in ignore)
        alternatives = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in others)
        # The blanks are an atomic group: never backtracked into on a failure.
        blanks = f"(?>(?:{blanks})*)"
        return LexerSpec(f"{blanks}(?:{alternatives})", blanks,
                         {w: n for w, n in words.items() if w in KEYWORDS},
                         {w: n for w, n in words.items() if w in CONTEXTUAL_WORDS})


class Lexer:
    def __init__(self, spec: LexerSpec):
        self.finditer = re.compile(spec.pattern).finditer
        self.blanks = re.compile(spec.blanks).match
        self.keywords = spec.keywords
        self.contextual = spec.contextual

    def tokens(self, text: str, pos: int, end: int, expects: Callable[[str], bool],
               fail: Callable[[int, int, int], None]):
        """The tokens of text[pos:end]. `expects(terminal)` says whether the
        parser accepts that terminal next (asked for contextual words only);
        `fail(pos, line, column)` is called (and must raise) at a character
        that starts no token."""
        keywords = self.keywords
        contextual = self.contextual
        multiline = _MULTILINE
        new = str.__new__
        line = 1
        line_start = 0  # offset where the current line starts
        # Each match is a token with the blanks before it, so the matches
        # follow one another without a gap, except where a character starts
        # no token (finditer then skips ahead).
        for m in self.finditer(text, pos, end):
            if m.start() != pos:
                break
            kind = m.lastgroup
            start, pos = m.span(kind)  # (the terminal's group ends the pattern)
            value = text[start:pos]
            if kind == "NAME":
                if value in keywords:
                    kind = keywords[value]
                elif value in contextual and expects(contextual[value]):
                    kind = contextual[value]
            # (Token's attributes set here rather than by its constructor: a
            # call less per token)
            tok = new(Token, value)
            tok.type = kind
            tok.value = value
            tok.start_pos = start
            tok.end_pos = pos
            tok.column = start - line_start + 1
            tok.line = line
            if kind in multiline and "\n" in value:
                line += value.count("\n")
                line_start = start + value.rindex("\n") + 1
            tok.end_line = line
            tok.end_column = pos - line_start + 1
            yield tok
        pos = self.blanks(text, pos, end).end()
        if pos < end:
            fail(pos, line, pos - line_start + 1)
