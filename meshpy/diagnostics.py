"""Diagnostics: data produced by every pass, rendered in one place.

Rendering follows the format

    path:line:col: error[E0001]: expected Int, found String
       |
     5 |   let x = 1 + "a"
       |               ^^^
       = help: …

with colour on a terminal (`--color`, `NO_COLOR`), or as one JSON object per
line (`--format json`, schema in docs/diagnostics.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from .ast import Span
from .sources import relative


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


def display_path(path: str) -> str:
    """A path as messages show it: relative to the current directory when
    it lies below it, else as given. The one helper for this."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else rel


class Palette:
    """ANSI colours for the terminal renderer; every method is the identity
    when colour is off, so the plain text is exactly the coloured text minus
    the escape codes."""

    _CODES = {"error": "1;31", "warning": "1;33", "caret_error": "1;31", "caret_warning": "1;33",
              "gutter": "1;34", "note": "1;36", "help": "1;32", "bold": "1"}

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def paint(self, text: str, style: str) -> str:
        if not self.enabled or not text:
            return text
        return f"\x1b[{self._CODES[style]}m{text}\x1b[0m"


PLAIN = Palette(False)
COLOR_MODES = ("auto", "always", "never")


def use_color(mode: str, stream) -> bool:
    """`always`/`never` as said; `auto`: colour only on a terminal, and never
    when the NO_COLOR variable is set to something (no-color.org)."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def render(d: Diagnostic, sources: SourceCache, palette: Palette = PLAIN) -> str:
    """The human-readable text of one diagnostic (no trailing newline)."""
    kind = palette.paint(f"{d.severity}[{d.code}]", "error" if d.is_error else "warning")
    head = f"{kind}: {palette.paint(d.message, 'bold')}"
    if d.span is None:
        return head
    out = [f"{palette.paint(display_path(d.span.file), 'bold')}:{d.span.line}:{d.span.col}: {head}"]
    out.extend(_snippet(d.span, sources, palette, "caret_" + d.severity))
    for note in d.notes:
        where = f" (at {note.span.line}:{note.span.col})" if note.span else ""
        out.append(f"   {palette.paint('= note', 'note')}: {note.message}{where}")
    if d.help:
        out.append(f"   {palette.paint('= help', 'help')}: {d.help}")
    return "\n".join(out)


def _snippet(span: Span, sources: SourceCache, palette: Palette = PLAIN, caret: str = "caret_error") -> list[str]:
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
    bar = palette.paint(f"{gutter} |", "gutter")
    return [
        bar,
        f"{palette.paint(f'{span.line} |', 'gutter')} {text}",
        f"{bar} {' ' * start}{palette.paint('^' * length, caret)}",
    ]


def summary(diagnostics) -> str:
    """`2 errors, 1 warning` (empty when there is nothing to report)."""
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def _position(span: Optional[Span], base: Optional[str] = None) -> dict:
    if span is None:
        return {"file": None, "start": None, "end": None}
    file = display_path(span.file) if base is None else relative(span.file, base)
    return {"file": file,
            "start": {"line": span.line, "column": span.col},
            "end": {"line": span.end_line, "column": span.end_col}}


def to_json(d: Diagnostic, base: Optional[str] = None) -> dict:
    """The machine-readable form (docs/diagnostics.md, "JSON output"); file
    paths as `display_path` shows them, or relative to the folder `base`
    (a build stores its warnings so, to stay right when the project moves)."""
    return {
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        **_position(d.span, base),
        "notes": [{"message": n.message, **_position(n.span, base)} for n in d.notes],
        "help": d.help,
    }


def from_json(obj: dict, base: Optional[str] = None) -> Diagnostic:
    """The inverse of to_json (used to replay the warnings stored with a
    build): relative paths are read against `base` (default: the current
    directory)."""
    return Diagnostic(obj["severity"], obj["code"], obj["message"], _span(obj, base),
                      tuple(Note(n["message"], _span(n, base)) for n in obj.get("notes", ())), obj.get("help"))


def _span(obj: dict, base: Optional[str]) -> Optional[Span]:
    if not obj.get("file") or not obj.get("start"):
        return None
    start, end = obj["start"], obj.get("end") or obj["start"]
    path = os.path.normpath(os.path.join(base or os.getcwd(), obj["file"]))
    return Span(path, start["line"], start["column"], end["line"], end["column"])


def dumps(d: Diagnostic) -> str:
    import json  # (only for --format json)

    return json.dumps(to_json(d), ensure_ascii=False)


def sort_key(d: Diagnostic):
    s = d.span
    return (s.file, s.line, s.col) if s else ("", 0, 0)
