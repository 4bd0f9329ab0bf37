"""A minimal model of Python statements, rendered to indented text.

The lowering builds lists of `Line` and `Block` objects (each remembers the
Mesh line it comes from); `render` turns them into source text in which every
line ends with an invisible marker carrying that Mesh line. The module
assembler strips the markers into a line table (linemap.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

MARK = "\u2063"  # INVISIBLE SEPARATOR: never produced by py_string (it escapes non-printables)


@dataclass
class Line:
    text: str
    line: int = 0  # Mesh line (0: inherit)


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
            ln = s.line or line
            text = s.text
            if "\n" in text:  # pre-rendered multi-line text (a nested def)
                for part in text.split("\n"):
                    out.append(f"{pad}{part}" if part else "")
            else:
                out.append(f"{pad}{text}{marker(ln)}")
        else:
            ln = s.line or line
            out.append(f"{pad}{s.header}:{marker(ln)}")
            _render(s.body, indent + 1, ln, out)


def is_terminal(stmts: list) -> bool:
    """True when the statements end in return/continue/break/raise, so nothing
    after them runs."""
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, Line):
        head = last.text.split(" ", 1)[0]
        return head in ("return", "continue", "break", "raise") or last.text.startswith("match_failed(")
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
