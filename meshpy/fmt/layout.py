"""Layout rules over the token stream (docs/formatting.md is the style).

The formatter never adds, removes or reorders a token, and never moves a
token to another line: in Mesh a newline ends a statement outside brackets,
so where lines break is the author's decision. What it decides is the text
around the tokens:

* each line's indentation, from the block depth (`do … end`, closures,
  brackets) at its start;
* the blanks between two tokens on a line (`spacing`);
* blank lines (collapsed to one, none at the start or end of a block, one
  after each top-level `… end`);
* trailing comments, aligned in runs of consecutive lines;
* trailing blanks and the final newline.

Strings and comments are tokens and come out verbatim, so a line that
continues a multi-line string or block comment is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .tokens import ATOM, BLOCK_COMMENT, COMMENT, NUMBER, OP, STRING, WORD, Tok

INDENT = "  "

# Words the compiler reserves (language reference 2.5); a `(` after one of
# them is not a call.
KEYWORDS = frozenset("""
    actor after alias and break call case cast cond continue def do else end false fn for if
    impl import in interface let link match module monitor nil not or pub receive return self
    send service spawn struct supervisor terminate trait trap true type when where while with
""".split())
# Keywords written like functions: `spawn(f)`, `fn(x) -> …`, `end deriving(Eq)`.
_CALL_LIKE = frozenset({"fn", "spawn", "send", "link", "monitor", "self", "deriving", "Fun"})
# Words that end an operand: a `-` after them subtracts.
_VALUE_WORDS = frozenset({"true", "false", "nil", "self", "end"})
_OPENERS = {"(": ")", "[": "]", "{": "}", "%{": "}"}
_CLOSERS = frozenset({")", "]", "}"})
_TIGHT_BEFORE = frozenset({",", ";", ".", "..", "?", ":"})
_TIGHT_AFTER = frozenset({".", ".."})
# Words that end a block, or start a clause of it at the block's own
# indentation (`else`, a receive's `after`).
_BLOCK_CLAUSES = frozenset({"end", "else", "after"})
# Tokens after which `fn` starts a statement (postlex._STATEMENT_START).
_STATEMENT_START = frozenset({"do", "else", "pub", ";"})


# ------------------------------------------------------------------ block depth


@dataclass
class Frame:
    kind: str  # "do", "fn" (closure before `->`/`do`), "fnarrow", or a bracket
    indent: int  # indentation of the line that opened it
    spaced: bool = False  # a struct literal's braces: `P { x: 1 }`


class Depth:
    """The stack of open constructs, fed token by token (postlex.PostLexer's
    rules, without the grammar)."""

    def __init__(self):
        self.stack: list[Frame] = []
        self.prev: Optional[str] = None  # last significant token text, "\n" for a newline
        self.elif_pending = False  # `else if`: its `do` opens nothing

    def inner_indent(self) -> int:
        return self.stack[-1].indent + 1 if self.stack else 0

    def top_is_bracket(self) -> bool:
        return bool(self.stack) and self.stack[-1].kind in _OPENERS

    def newline(self) -> None:
        if not self.top_is_bracket():
            self.prev = "\n"

    def feed(self, toks: list[Tok], i: int, line_indent: int) -> None:
        tok = toks[i]
        text = tok.text
        if tok.kind in (COMMENT, BLOCK_COMMENT):
            return
        if tok.kind == OP and text in _OPENERS:
            spaced = text == "{" and _ends_operand(self.prev)
            self.stack.append(Frame(text, line_indent, spaced))
        elif tok.kind == OP and text in _CLOSERS:
            while self.stack:
                if self.stack.pop().kind in _OPENERS:
                    break
        elif tok.kind == WORD:
            self._word(toks, i, line_indent)
        elif text == "->" and self.stack and self.stack[-1].kind == "fn":
            self.stack[-1].kind = "fnarrow"
        self.prev = text

    def _word(self, toks, i, line_indent) -> None:
        text = toks[i].text
        if text == "fn":
            at_statement = self.prev is None or self.prev == "\n" or self.prev in _STATEMENT_START
            if not (at_statement and _named_fn(toks, i)):
                self.stack.append(Frame("fn", line_indent))
        elif text == "do":
            if self.stack and self.stack[-1].kind == "fn":
                self.stack[-1].kind = "do"
            elif self.elif_pending:
                self.elif_pending = False
            else:
                self.stack.append(Frame("do", line_indent))
        elif text == "end":
            if self.stack and self.stack[-1].kind in ("do", "fn", "fnarrow"):
                self.stack.pop()
        elif text == "if" and self.prev == "else":
            self.elif_pending = True

    def closing_frame(self, tok: Tok) -> Optional[Frame]:
        """The frame a line's first token closes (or continues, for `else`),
        which sets that line's indentation."""
        if not self.stack:
            return None
        top = self.stack[-1]
        if tok.kind == OP and tok.text in _CLOSERS and top.kind in _OPENERS:
            return top
        if tok.kind == WORD and tok.text in _BLOCK_CLAUSES and top.kind in ("do", "fn", "fnarrow"):
            return top
        return None


def _ends_operand(prev: Optional[str]) -> bool:
    """Whether a `{` after `prev` starts a struct literal (`P { … }`)."""
    if prev is None or prev == "\n":
        return False
    return prev in (")", ">") or ((prev[0].isalpha() or prev[0] == "_") and prev not in KEYWORDS)


def _named_fn(toks: list[Tok], i: int) -> bool:
    """Whether the `fn` at toks[i], starting a statement, begins a named
    function rather than a closure (postlex.statement_fn_is_named)."""
    nxt = [t for t in toks[i + 1:i + 6] if t.kind not in (COMMENT, BLOCK_COMMENT)]

    def at(k):
        return nxt[k] if k < len(nxt) else None

    name = at(0)
    if name is None:
        return True
    if not _is_name(name):
        return name.text not in ("(", "->", "do", "-", "true", "false", "nil", "when") \
            and name.kind not in (NUMBER, STRING)
    after = at(1)
    if after is None or after.text in ("<", "do", "=", "when", "where"):
        return True
    if after.text == "(":
        return not name.text[:1].isupper()
    if after.text in (",", "::", "|"):
        return False
    if after.text != "->":
        return True
    body = at(2)
    if body is None or body.text == "(":
        return True
    if not _is_name(body) or not body.text[:1].isupper():
        return False
    if body.text == "Fun":
        return True
    following = at(3)
    return following is None or following.text != "("


def _is_name(tok: Tok) -> bool:
    return tok.kind == WORD and tok.text not in KEYWORDS


# ------------------------------------------------------------------ spacing

# What a token does, where its text alone does not say.
UNARY, TYPE_BANG, GENERIC_OPEN, GENERIC_CLOSE, STATE_OPEN, STATE_CLOSE, MEMBER = (
    "unary", "type_bang", "generic_open", "generic_close", "state_open", "state_close", "member")


def roles(toks: list[Tok]) -> list[Optional[str]]:
    """The role of each token of a line that needs one: a prefix `-`/`!`,
    the `!` of a result type (`Int!String`), the `<`/`>` around type
    arguments (`List<Int>`, see _opens_type_args), a keyword used as a
    member name (`Query.where`), and the bars of a handler's state
    (`do |state|`)."""
    out: list[Optional[str]] = [None] * len(toks)
    generics = 0
    state_open = False
    for i, tok in enumerate(toks):
        prev = toks[i - 1] if i else None
        t = tok.text
        if tok.kind == WORD and prev is not None and prev.text == ".":
            out[i] = MEMBER  # `Query.where`: a keyword after `.` is a name (head 1.4)
        if tok.kind != OP:
            continue
        if t in ("-", "!"):
            if prev is None or not (_operand_end(prev) or out[i - 1] == GENERIC_CLOSE):
                out[i] = UNARY
            elif t == "!":
                out[i] = TYPE_BANG
        elif t == "<" and _opens_type_args(toks, i):
            generics += 1
            out[i] = GENERIC_OPEN
        elif t == ">" and generics:
            generics -= 1
            out[i] = GENERIC_CLOSE
        elif t == "|" and prev is not None and prev.kind == WORD and prev.text == "do":
            state_open = True
            out[i] = STATE_OPEN
        elif t == "|" and state_open:
            state_open = False
            out[i] = STATE_CLOSE
    return out


def space_before(prev: Tok, prole, tok: Tok, role, frames: list[Frame]) -> bool:
    """Whether one blank separates `prev` and `tok` on a line. `frames` is
    the block stack after `prev`: its top is the bracket `prev` opened or
    the one `tok` closes."""
    p, t = prev.text, tok.text
    if tok.kind in (COMMENT, BLOCK_COMMENT) or prev.kind in (COMMENT, BLOCK_COMMENT):
        return True
    spaced_brace = bool(frames) and frames[-1].spaced
    if tok.kind == OP and t in _CLOSERS:
        if prev.kind == OP and p in _OPENERS:
            return False
        return t == "}" and spaced_brace
    if prev.kind == OP and p in _OPENERS:
        return p == "{" and spaced_brace
    if tok.kind == OP and t in _TIGHT_BEFORE:
        return False
    if prev.kind == OP and p in _TIGHT_AFTER:
        return False
    if prev.kind == OP and p in (",", ";", ":"):
        return True
    if prole == UNARY and p == "-" and t == "-":
        return True  # `- -x`: `--` reads as a comment to most programmers (Mesh: 2.3)
    if role in (GENERIC_OPEN, GENERIC_CLOSE, TYPE_BANG) or prole in (GENERIC_OPEN, UNARY, TYPE_BANG):
        return False
    if t == "(":
        return not (_callable_end(prev) or prole in (GENERIC_CLOSE, MEMBER))
    if prole == STATE_OPEN or role == STATE_CLOSE:
        return False
    return True


def _opens_type_args(toks: list[Tok], i: int) -> bool:
    """Whether the `<` at toks[i] opens type arguments (`List<Int>`,
    `fn map<T>(`, `List<(K, V)>`) rather than compares: it follows a
    capitalised name (or the name of a function being declared) and a
    capitalised name or `(` follows it."""
    if i == 0 or i + 1 >= len(toks):
        return False
    prev, nxt = toks[i - 1], toks[i + 1]
    if prev.kind != WORD or not _is_name_or_type(prev):
        return False
    declared = i >= 2 and toks[i - 2].text == "fn"
    if not (prev.text[:1].isupper() or declared):
        return False
    return nxt.text == "(" or (nxt.kind == WORD and nxt.text[:1].isupper())


def _callable_end(tok: Tok) -> bool:
    """Whether a `(` right after `tok` is a call's (or a declaration's
    parameter list): no blank between them."""
    if tok.kind == WORD:
        return tok.text not in KEYWORDS or tok.text in _CALL_LIKE
    return tok.kind == OP and tok.text in (")", "]", "?")


def _is_name_or_type(tok: Tok) -> bool:
    return tok.kind == WORD and (tok.text not in KEYWORDS or tok.text == "Fun")


def _operand_end(tok: Tok) -> bool:
    """Whether `tok` can end an operand (so a `-` after it is binary)."""
    if tok.kind in (NUMBER, STRING, ATOM):
        return True
    if tok.kind == WORD:
        return tok.text not in KEYWORDS or tok.text in _VALUE_WORDS
    return tok.kind == OP and tok.text in (")", "]", "}", "?")
