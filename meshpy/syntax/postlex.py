"""The newline rules of Mesh (language reference 2.2), as a Lark postlexer.

The postlexer keeps a stack of open constructs:

* `(`, `[`, `{`, `%{` — brackets: newlines inside are invisible;
* `do` — a block (also `case … do`, `receive do`, a closure's `do` body):
  newlines separate statements again, even when the block sits inside
  brackets (2.2, rule 5: meshpy keeps them significant there);
* `fn` — a closure header, and after its `->` an expression body: newlines
  are invisible until its `end`;
* `else if` — the header of a chained branch, whose `do` does not open a new
  block (the chain shares one `end`).

It also

* turns `;` into a newline (2.10) and collapses runs of newlines;
* drops newlines where a block or file starts, so the grammar does not
  have to allow them there;
* turns `fn` at the start of a statement into FN_DEF (a named function) and
  `def` always into FN_DEF; `fn` elsewhere opens a closure. (The reference
  parses a closure that starts a statement as a named function too.)

The stack also names the innermost unclosed block for syntax errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from lark import Token

OPENING_BRACKETS = {"LPAR": ")", "LSQB": "]", "LBRACE": "}", "MAP_OPEN": "}"}
CLOSING_BRACKETS = {"RPAR", "RSQB", "RBRACE"}

# Keywords that open a `do … end` construct, for error messages.
BLOCK_OPENERS = {
    "FN", "FN_DEF", "IF", "CASE", "MATCH", "RECEIVE", "WHILE", "FOR", "STRUCT", "TYPE",
    "INTERFACE", "IMPL", "SERVICE", "CALL", "CAST", "ACTOR", "TERMINATE", "SUPERVISOR",
    "CHILD", "MODULE",
}

# After these, a newline would start an empty statement: drop it.
_NO_NEWLINE_AFTER = {None, "_NL", "_DO", "_ELSE"}
# `fn` right after these starts a statement, so it is a named function.
_STATEMENT_START = {None, "_NL", "_DO", "PUB"}


@dataclass
class Open:
    kind: str  # "(", "[", "{", "do", "fn", "elif"
    line: int
    col: int
    opener: str  # keyword that began the construct, e.g. "case" (for messages)
    offset: int = 0  # position in the text, to resynchronise after an error


class PostLexer:
    """Lark postlexer; `state` describes the parse in progress (for errors)."""

    # Lexed in every parser state: the postlexer must see these everywhere,
    # and a few multi-character operators lex whole for clearer errors.
    always_accept = ("_NL", "_SEMICOLON", "FN", "DEF", "_ARROW", "_FATARROW", "PIPEGT")

    def __init__(self):
        self.stack: list[Open] = []
        self.last: Token | None = None
        # Set by the parser before parsing the inside of `${…}`, where
        # newlines are invisible as inside brackets.
        self.inside_interpolation = False

    def process(self, stream):
        stack: list[Open] = [Open("(", 1, 1, "${", 0)] if self.inside_interpolation else []
        self.stack = stack
        prev_type = None
        opener = "block"  # the most recent block keyword at this level
        for tok in stream:
            t = tok.type
            if t == "_NL" or t == "_SEMICOLON":
                if stack and stack[-1].kind != "do":
                    continue
                if prev_type in _NO_NEWLINE_AFTER:
                    continue
                if t == "_SEMICOLON":
                    tok = Token.new_borrow_pos("_NL", tok.value, tok)
                prev_type = "_NL"
                self.last = tok
                yield tok
                continue

            if t == "FN":
                if prev_type in _STATEMENT_START:
                    tok = Token.new_borrow_pos("FN_DEF", tok.value, tok)
                    t = "FN_DEF"
                else:
                    stack.append(Open("fn", tok.line, tok.column, "fn", tok.start_pos))
            elif t == "DEF":
                tok = Token.new_borrow_pos("FN_DEF", tok.value, tok)
                t = "FN_DEF"

            if t in OPENING_BRACKETS:
                stack.append(Open(tok.value[-1], tok.line, tok.column, tok.value, tok.start_pos))
            elif t in CLOSING_BRACKETS:
                while stack:
                    if stack.pop().kind in "([{":
                        break
            elif t == "_DO":
                top = stack[-1] if stack else None
                if top is not None and top.kind == "fn":
                    top.kind = "do"
                elif top is not None and top.kind == "elif":
                    stack.pop()
                else:
                    stack.append(Open("do", tok.line, tok.column, opener, tok.start_pos))
            elif t == "_ARROW":
                if stack and stack[-1].kind == "fn":
                    stack[-1].kind = "fnarrow"
            elif t == "END":
                if stack and stack[-1].kind in ("do", "fnarrow", "fn"):
                    stack.pop()
            elif t == "ELSE_IF":
                stack.append(Open("elif", tok.line, tok.column, "else if", tok.start_pos))
            if t in BLOCK_OPENERS:
                opener = tok.value if t != "FN_DEF" else "fn"
            prev_type = t
            self.last = tok
            yield tok

    def innermost_block(self) -> Open | None:
        for entry in reversed(self.stack):
            if entry.kind in ("do", "fnarrow", "fn"):
                return entry
        return None

    def innermost(self) -> Open | None:
        return self.stack[-1] if self.stack else None
