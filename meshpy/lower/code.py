"""The code model the lowering builds: typed Python expressions and
statements, rendered to indented text.

* `Py` is a Python expression: its text plus its precedence (Python's
  operator levels below) and its kind (a plain name, a literal, anything
  else). Operands are embedded with `x.at(level)`, which parenthesises only
  when `x` binds less tightly than the place needs: precedence is known from
  how each expression was built, never guessed from its text.
* `Line` (a simple statement, `terminal` when nothing after it runs) and
  `Block` (`header:` plus an indented body) remember the Mesh line they come
  from; `render` turns them into source text in which every line ends with an
  invisible marker carrying that Mesh line. The module assembler strips the
  markers into a line table (linemap.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

MARK = "\u2063"  # INVISIBLE SEPARATOR: never produced by py_string (it escapes non-printables)


# Python's precedence levels, loosest first (the Python reference, 6.17).
LAMBDA, IFEXP, OR, AND, NOT, CMP, BOR, BXOR, BAND, SHIFT, ADD, MUL, UNARY, POWER, AWAIT, ATOM = range(16)


class Py(str):
    """A Python expression (see the module doc). A `str`, so it reads and
    formats as its text; `prec` and `kind` say how it was built."""

    __slots__ = ("prec", "kind")

    def __new__(cls, text: str, prec: int = ATOM, kind: str = "expr"):
        self = super().__new__(cls, text)
        self.prec = prec
        self.kind = kind  # "name", "literal", "path" (a.b.c, no effect) or "expr"
        return self

    def at(self, level: int) -> str:
        """The text to put where an operand of binding strength `level` is needed."""
        return str.__str__(self) if self.prec >= level else f"({self})"

    @property
    def is_simple(self) -> bool:
        """A name or a literal: can be repeated without a temporary."""
        return self.kind in ("name", "literal")

    @property
    def is_pure(self) -> bool:
        """No effect when evaluated and dropped."""
        return self.kind in ("name", "literal", "path")


def name(text: str) -> Py:
    return Py(text, ATOM, "name")


def literal(text: str) -> Py:
    return Py(text, ATOM, "literal")


def atom(text: str) -> Py:
    return Py(text, ATOM)


def binop(left, op: str, right, level: int) -> Py:
    """`left op right`, left-associative at `level` (comparisons do not chain:
    both sides bind tighter)."""
    left_level = level + 1 if level == CMP else level
    # `2 - (-3)` rather than `2 - -3`: a unary right operand is parenthesised for the reader
    right_text = f"({right})" if right.prec == UNARY else right.at(level + 1)
    return Py(f"{left.at(left_level)} {op} {right_text}", level)


def expr_of(x) -> Py:
    """A Py for an operand (a plain str is a name, a path or an atom the
    lowering built: used where the text came from a name table)."""
    if isinstance(x, Py):
        return x
    if x.isidentifier():
        return name(x)
    return Py(x, ATOM, "path")


@dataclass
class Line:
    text: str
    line: int = 0  # Mesh line (0: inherit)
    terminal: bool = False  # return / continue / break / raise: nothing after it runs


@dataclass
class Block:
    """A compound statement: `header:` followed by an indented body."""
    header: str
    body: list = field(default_factory=list)
    line: int = 0


@dataclass
class Blank:
    """An empty line (between definitions)."""


Stmt = Union[Line, Block, Blank]


def marker(line: int) -> str:
    return f"{MARK}{line}{MARK}" if line else ""


def render(stmts: list, indent: int = 0, default_line: int = 0) -> str:
    out: list[str] = []
    _render(stmts, indent, default_line, out)
    return "\n".join(out)


def _render(stmts, indent, line, out):
    pad = "    " * indent
    if not stmts:
        out.append(f"{pad}pass{marker(line)}")
        return
    for s in stmts:
        if isinstance(s, Blank):
            out.append("")
        elif isinstance(s, Line):
            out.append(f"{pad}{s.text}{marker(s.line or line)}")
        else:
            ln = s.line or line
            out.append(f"{pad}{s.header}:{marker(ln)}")
            _render(s.body, indent + 1, ln, out)


def exit_line(text: str, line: int = 0) -> Line:
    """A statement after which nothing runs (return, continue, break, a raise)."""
    return Line(text, line, terminal=True)


def is_terminal(stmts: list) -> bool:
    """True when the statements end in a terminal line, so nothing after them
    runs."""
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, Line):
        return last.terminal
    if isinstance(last, Block) and last.header == "else":
        return is_terminal(last.body)
    return False


def strip_markers(text: str) -> tuple[str, list[int]]:
    """Remove the line markers; return the clean text and, per Python line
    (1-based, index 0 unused), the Mesh line it came from (0 if unknown)."""
    lines = text.split("\n")
    table = [0]
    clean = []
    for ln in lines:
        mesh = 0
        if ln.endswith(MARK):
            start = ln.rfind(MARK, 0, len(ln) - 1)
            if start >= 0:
                try:
                    mesh = int(ln[start + 1:-1])
                except ValueError:
                    mesh = 0
                ln = ln[:start]
        clean.append(ln)
        table.append(mesh)
    return "\n".join(clean), table
