"""The newline rules of Mesh (language reference 2.2), as a postlexer.

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
* drops a newline when the next line starts with `|>` (supplement 1.3): the
  pipe continues the expression of the lines before it. Blank lines and
  comments between the stages are part of the newline token already (the
  scanner blanks comments), so looking at the text right after it suffices;
* drops newlines where a block or file starts, so the grammar does not
  have to allow them there;
* turns `def`, and `fn` where a statement starts and a named function
  follows (`fn name(`, `fn name do` …), into FN_DEF; any other `fn` opens a
  closure. The reference takes every `fn` that starts a statement for a
  named function, so that a closure there (`fn x -> x + n end` as a
  function's result) is a syntax error (a defect, conformance
  `_reference_defects/closures_limits`); meshpy looks at up to three more
  tokens to tell the two apart (`statement_fn_is_named`).

The stack also names the innermost unclosed construct, and where its keyword
is, for syntax errors.
"""

from __future__ import annotations

from typing import Optional

from .lexer import CONTEXTUAL_WORDS
from .token import Token

# Keywords whose construct continues up to a `do` and on to its `end`; the
# keyword names the block in error messages.
BLOCK_KEYWORDS = {
    "FN_DEF", "IF", "CASE", "MATCH", "RECEIVE", "WHILE", "FOR", "STRUCT", "TYPE", "INTERFACE",
    "IMPL", "SERVICE", "CALL", "CAST", "ACTOR", "TERMINATE", "SUPERVISOR", "CHILD", "MODULE",
}

# After these, a newline would start an empty statement: drop it.
_NO_NEWLINE_AFTER = {None, "_NL", "_DO", "_ELSE"}
# `fn` right after these starts a statement: a named function, unless the
# tokens after it say closure (statement_fn_is_named).
_STATEMENT_START = {None, "_NL", "_DO", "_ELSE", "PUB"}

# What each token means to the postlexer; tokens not listed pass through.
_NEWLINE, _FN, _DEF, _OPEN, _CLOSE, _DO, _ARROW, _END, _ELSE_IF = range(9)
_ROLE = {
    "_NL": _NEWLINE, "_SEMICOLON": _NEWLINE, "FN": _FN, "DEF": _DEF,
    "LPAR": _OPEN, "LSQB": _OPEN, "LBRACE": _OPEN, "MAP_OPEN": _OPEN,
    "RPAR": _CLOSE, "RSQB": _CLOSE, "RBRACE": _CLOSE,
    "_DO": _DO, "_ARROW": _ARROW, "END": _END, "ELSE_IF": _ELSE_IF,
}


class Open:
    """An open construct (a plain class: cheaper to define than a dataclass)."""
    __slots__ = ("kind", "line", "col", "opener", "offset", "pending")

    def __init__(self, kind: str, line: int, col: int, opener: str, offset: int = 0,
                 pending: Optional[Token] = None):
        self.kind = kind  # "(", "[", "{", "do", "fn", "fnarrow", "elif"
        self.line = line  # where the construct starts: its bracket or keyword
        self.col = col
        self.opener = opener  # what began it, e.g. "case" or "%{" (for messages)
        self.offset = offset  # position in the text, to resynchronise after an error
        self.pending = pending  # (brackets) the block keyword waiting outside


def _opening(kind: str, tok: Token, opener: str, pending: Optional[Token] = None) -> Open:
    return Open(kind, tok.line, tok.column, opener, tok.start_pos, pending)


class PostLexer:
    """Lark postlexer; `stack` describes the parse in progress (for errors)."""

    # Terminals no grammar rule uses, which only the postlexer consumes: Lark
    # keeps them for the lexer because they are listed here.
    always_accept = ("_SEMICOLON", "DEF")

    def __init__(self):
        self.stack: list[Open] = []
        # What the last closing token (bracket or `end`) popped, and where
        # that token is: a syntax error at that token must see the stack as
        # it was before it.
        self.closed_at = -1
        self.closed: list[Open] = []
        # Set by the parser before parsing the inside of `${…}`, where
        # newlines are invisible as inside brackets.
        self.inside_interpolation = False
        # The text being lexed (set by the parser): a newline followed by
        # `|>` is a continuation line.
        self.text = ""

    def process(self, stream):
        stack: list[Open] = [Open("(", 1, 1, "${", 0)] if self.inside_interpolation else []
        self.stack = stack
        prev = None  # the type of the last token passed on
        pending = None  # the block keyword whose `do` has not come yet
        role_of = _ROLE.get
        text = self.text
        stream = iter(stream)
        looked_at: list[Token] = []  # tokens read ahead, to be processed next
        for tok in _replaying(stream, looked_at):
            t = tok.type
            role = role_of(t)
            if role is None:
                # (`Changeset.cast(…)`: a name after `.` starts no block)
                if t in BLOCK_KEYWORDS and prev != "_DOT" and \
                        not (t == "FOR" and pending is not None and pending.type == "IMPL"):
                    pending = tok
                prev = t
                yield tok
                continue

            if role == _NEWLINE:
                if (stack and stack[-1].kind != "do") or prev in _NO_NEWLINE_AFTER:
                    continue
                if text.startswith("|>", tok.end_pos):
                    continue
                if t == "_SEMICOLON":
                    tok = Token("_NL", tok.value, tok.start_pos, tok.line, tok.column,
                                     tok.end_line, tok.end_column, tok.end_pos)
                    t = "_NL"
            elif role == _FN:
                if prev in _STATEMENT_START and statement_fn_is_named(stream, looked_at):
                    tok = Token.new_borrow_pos("FN_DEF", tok.value, tok)
                    t = "FN_DEF"
                    pending = tok
                else:
                    stack.append(_opening("fn", tok, "fn"))
            elif role == _DEF:
                tok = Token.new_borrow_pos("FN_DEF", tok.value, tok)
                t = "FN_DEF"
                pending = tok
            elif role == _OPEN:
                stack.append(_opening(tok.value[-1], tok, tok.value, pending))
                pending = None
            elif role == _CLOSE:
                closed = []
                while stack:
                    closed.append(stack.pop())
                    if closed[-1].kind in "([{":
                        pending = closed[-1].pending
                        break
                self.closed_at, self.closed = tok.start_pos, closed
            elif role == _DO:
                top = stack[-1] if stack else None
                if top is not None and top.kind == "fn":
                    top.kind = "do"
                elif top is not None and top.kind == "elif":
                    stack.pop()
                elif pending is not None:
                    stack.append(_opening("do", pending, "fn" if pending.type == "FN_DEF" else pending.value))
                else:
                    stack.append(_opening("do", tok, "do"))
                pending = None
            elif role == _ARROW:
                if stack and stack[-1].kind == "fn":
                    stack[-1].kind = "fnarrow"
            elif role == _END:
                if stack and stack[-1].kind in ("do", "fnarrow", "fn"):
                    self.closed_at, self.closed = tok.start_pos, [stack.pop()]
            else:  # _ELSE_IF
                stack.append(_opening("elif", tok, "else if"))
            prev = t
            yield tok

    def stack_before(self, offset: int) -> list[Open]:
        """The open constructs just before the token at `offset` (the last
        token passed on), undoing what that token opened or closed."""
        stack = [entry for entry in self.stack if entry.offset < offset]
        if self.closed_at == offset:
            stack.extend(reversed(self.closed))
        return stack


def _replaying(stream, looked_at: list):
    """The tokens of `stream`; those moved to `looked_at` while a token was
    processed (read ahead) come right after it."""
    for tok in stream:
        yield tok
        while looked_at:
            yield looked_at.pop(0)


# After `fn name`, these mean a named function (`fn name<T>(…)`, `fn main do`,
# `fn f = e`, `fn f where …`, `fn f when …`); `fn name(` does too unless
# `name` is capitalised (a constructor pattern: `fn Some(v) -> v … end`).
_NAMED_AFTER_NAME = {"LT", "_DO", "_EQ", "_WHEN", "WHERE"}
# Tokens after `fn` that can only begin a closure.
_CLOSURE_START = {
    "LPAR", "_ARROW", "_DO", "INT", "FLOAT", "STRING", "MINUS", "TRUE", "FALSE", "NIL", "_WHEN",
}
# After `fn x`, these mean a closure's parameters: `fn a, b -> …`, `fn x :: Int -> …`.
_CLOSURE_AFTER_NAME = {"_COMMA", "_COLONCOLON", "_PIPE"}


def statement_fn_is_named(stream, looked_at: list) -> bool:
    """Whether the `fn` starting a statement begins a named function (rather
    than a closure), judging by the tokens after it, which are read from
    `stream` into `looked_at`.

    Only `fn x -> …` needs three tokens: a named function's return type
    (`fn f -> Int do`) starts with a capitalised name or `(`; a closure's
    body (`fn x -> x + 1 end`) usually does not, and a capitalised name
    followed by `(` is a constructor call (`fn x -> Some(x) end`), except
    for the function type `Fun(…)`."""

    def read() -> Token | None:
        tok = next(stream, None)
        if tok is not None:
            looked_at.append(tok)
        return tok

    name = read()
    if name is None:
        return True
    if name.value in CONTEXTUAL_WORDS and name.type != "NAME":
        # Read ahead in the parser state before `fn`, where `from` starts an
        # import; after `fn` it can only be a name.
        name = looked_at[-1] = Token.new_borrow_pos("NAME", name.value, name)
    if name.type != "NAME":
        # `fn (a) -> …`, `fn -> …`, `fn do …`, `fn 0 -> …`; after `fn case`,
        # the named reading gives the better message (a keyword as a name).
        return name.type not in _CLOSURE_START
    after = read()
    if after is None or after.type in _NAMED_AFTER_NAME:
        return True
    if after.type == "LPAR":
        return not name.value[:1].isupper()
    if after.type in _CLOSURE_AFTER_NAME:
        return False
    if after.type != "_ARROW":
        return True  # not valid either way; the named-function reading explains it
    body = read()
    if body is None or body.type == "LPAR":
        return True
    if body.type != "NAME" or not body.value[:1].isupper():
        return False
    if body.value == "Fun":
        # Read ahead before the parser reached a type, the contextual word
        # `Fun` came out as a name: it starts the function's return type.
        looked_at[-1] = Token.new_borrow_pos("FUN", body.value, body)
        return True
    following = read()
    return following is None or following.type != "LPAR"


def innermost_block(stack: list[Open]) -> Open | None:
    for entry in reversed(stack):
        if entry.kind in ("do", "fnarrow", "fn"):
            return entry
    return None
