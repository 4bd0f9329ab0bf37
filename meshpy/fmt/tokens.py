"""The formatter's tokenizer: Mesh source as a flat list of tokens, comments
included, that reproduces the source exactly when joined with the blanks
between the tokens.

It is deliberately looser than the compiler's lexer (meshpy/syntax): it knows
the lexical classes (words, numbers, strings, comments, punctuation) but not
the grammar, so that syntax it has never seen still comes out as tokens the
layout rules can space and indent. Strings (with their `${…}` parts) and
comments are single tokens, kept verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD, NUMBER, STRING, ATOM, OP, COMMENT, BLOCK_COMMENT, NEWLINE = (
    "word", "number", "string", "atom", "op", "comment", "block_comment", "newline")


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str
    text: str
    start: int  # offset in the source
    space_before: bool  # blanks (not newlines) separate it from the previous token

    @property
    def multiline(self) -> bool:
        return "\n" in self.text


# Longest operators first: `->` before `-`, `%{` before `%` (2.9).
_OPERATORS = ["|>", "||", "&&", "==", "!=", "<=", ">=", "..", "<>", "++", "->", "=>", "::", "%{"]
_NUMBER = re.compile(
    r"\d[\d_]*\.\d[\d_]*(?:[eE][+-]?\d[\d_]*)?|\d[\d_]*[eE][+-]?\d[\d_]*|0[xXbBoO]\w*|\d[\d_]*")
_WORD = re.compile(r"[^\W\d]\w*")
_ATOM = re.compile(r":[a-z_]\w*")  # mesh-language-head 1.1: `:` + lowercase letter or `_`
_BLANKS = re.compile(r"[ \t\f]*")


class TokenizeError(Exception):
    """An unterminated string or block comment (the parser reports it too)."""


def tokenize(src: str) -> list[Tok]:
    toks: list[Tok] = []
    pos, n = 0, len(src)
    while True:
        blank_end = _BLANKS.match(src, pos).end()
        spaced = blank_end > pos
        pos = blank_end
        if pos >= n:
            return toks
        kind, end = _next_token(src, pos)
        toks.append(Tok(kind, src[pos:end], pos, spaced))
        pos = end


def _next_token(src: str, pos: int) -> tuple[str, int]:
    c = src[pos]
    if c == "\n":
        return NEWLINE, pos + 1
    if c == "\r":
        return NEWLINE, pos + (2 if src.startswith("\r\n", pos) else 1)
    if c == "#":
        if src.startswith("#=", pos):
            return BLOCK_COMMENT, _block_comment_end(src, pos)
        end = src.find("\n", pos)
        end = len(src) if end < 0 else end
        if src[end - 1:end] == "\r":
            end -= 1
        return COMMENT, end
    if c == '"':
        return STRING, string_end(src, pos)
    for pattern, kind in ((_NUMBER, NUMBER), (_WORD, WORD), (_ATOM, ATOM)):
        m = pattern.match(src, pos)
        if m:
            return kind, m.end()
    for op in _OPERATORS:
        if src.startswith(op, pos):
            return OP, pos + len(op)
    return OP, pos + 1


def _block_comment_end(src: str, start: int) -> int:
    depth, pos = 0, start
    while True:
        m = re.compile(r"#=|=#").search(src, pos)
        if m is None:
            raise TokenizeError(f"unterminated block comment at offset {start}")
        depth += 1 if m.group() == "#=" else -1
        pos = m.end()
        if depth == 0:
            return pos


def string_end(src: str, start: int) -> int:
    """The offset just after the string literal starting at `start`
    (language reference 2.8: a backslash protects the next character,
    `${…}` may hold nested braces and strings)."""
    triple = src.startswith('"""', start)
    quote = '"""' if triple else '"'
    pos = start + len(quote)
    while pos < len(src):
        if src[pos] == "\\":
            pos += 2
        elif src.startswith(quote, pos):
            return pos + len(quote)
        elif src.startswith("${", pos):
            pos = _interpolation_end(src, pos + 2)
        else:
            pos += 1
    raise TokenizeError(f"unterminated string at offset {start}")


def _interpolation_end(src: str, pos: int) -> int:
    depth = 1
    while pos < len(src):
        c = src[pos]
        if c == '"':
            pos = string_end(src, pos)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    raise TokenizeError("unterminated interpolation")
