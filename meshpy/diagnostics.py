"""Diagnostics: data produced by every pass, rendered in one place.

Rendering follows the format

    path:line:col: error[E0001]: expected Int, found String
       |
     5 |   let x = 1 + "a"
       |               ^^^
       = help: …
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from .ast import Span


@dataclass(frozen=True)
class Note:
    message: str
    span: Optional[Span] = None


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    code: str  # "P0001", "E0001", "W0001" …
    message: str
    span: Optional[Span]
    notes: tuple[Note, ...] = field(default_factory=tuple)
    help: Optional[str] = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(code: str, message: str, span: Optional[Span], *, notes=(), help=None) -> Diagnostic:
    return Diagnostic("error", code, message, span, tuple(notes), help)


def warning(code: str, message: str, span: Optional[Span], *, notes=(), help=None) -> Diagnostic:
    return Diagnostic("warning", code, message, span, tuple(notes), help)


class CompileError(Exception):
    """Raised to stop a compilation that produced error diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} diagnostic(s)")
        self.diagnostics = diagnostics


class SourceCache:
    """Source text by file path, for printing the offending line."""

    def __init__(self):
        self._texts: dict[str, list[str]] = {}

    def add(self, path: str, text: str) -> None:
        self._texts[path] = text.splitlines()

    def line(self, path: str, lineno: int) -> Optional[str]:
        lines = self._texts.get(path)
        if lines is None:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    lines = f.read().splitlines()
            except OSError:
                lines = []
            self._texts[path] = lines
        if 1 <= lineno <= len(lines):
            return lines[lineno - 1]
        return None


def _display_path(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def render(d: Diagnostic, sources: SourceCache) -> str:
    """The human-readable text of one diagnostic (no trailing newline)."""
    head = f"{d.severity}[{d.code}]: {d.message}"
    if d.span is None:
        return head
    out = [f"{_display_path(d.span.file)}:{d.span.line}:{d.span.col}: {head}"]
    out.extend(_snippet(d.span, sources))
    for note in d.notes:
        where = f" (at {note.span.line}:{note.span.col})" if note.span else ""
        out.append(f"   = note: {note.message}{where}")
    if d.help:
        out.append(f"   = help: {d.help}")
    return "\n".join(out)


def _snippet(span: Span, sources: SourceCache) -> list[str]:
    text = sources.line(span.file, span.line)
    if text is None:
        return []
    text = text.replace("\t", " ")
    width = len(str(span.line))
    gutter = " " * width
    start = max(span.col - 1, 0)
    if span.end_line == span.line and span.end_col > span.col:
        length = span.end_col - span.col
    else:
        length = max(len(text.rstrip()) - start, 1)
    length = max(1, min(length, max(len(text) - start, 1)))
    return [
        f"{gutter} |",
        f"{span.line} | {text}",
        f"{gutter} | {' ' * start}{'^' * length}",
    ]


def sort_key(d: Diagnostic):
    s = d.span
    return (s.file, s.line, s.col) if s else ("", 0, 0)
