"""`format_source`: Mesh text in, formatted Mesh text out.

The text is cut into lines of tokens (tokens.py); the layout rules
(layout.py) give each line its indentation and the blanks between its
tokens; then blank lines and trailing comments are settled over the whole
file. The output has the same tokens, in the same order, on the same lines
(blank lines aside) as the input: `format_source` checks this before
returning, so a bug in a rule cannot change a program.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .layout import INDENT, Depth, roles, space_before
from .tokens import BLOCK_COMMENT, COMMENT, NEWLINE, OP, Tok, tokenize

COMMENT_GAP = 2  # blanks between code and a trailing comment (at least)


class FormatError(Exception):
    """The formatter could not keep the program's tokens (a bug in a rule,
    or text it cannot tokenize): the file must be left as it is."""


@dataclass
class Line:
    indent: int = 0
    code: str = ""  # formatted tokens, without indentation or trailing comment
    comment: Optional[str] = None  # trailing line comment
    closes: bool = False  # starts with `end`, `else` or a closing bracket
    opens: bool = False  # leaves a block open for the lines below
    top_level_end: bool = False  # closes a block and returns to column 0
    multiline: bool = False  # holds a multi-line string or block comment

    @property
    def blank(self) -> bool:
        return not self.code and self.comment is None


def format_source(src: str) -> str:
    try:
        toks = tokenize(src)
    except Exception as exc:
        raise FormatError(str(exc)) from None
    lines = _layout(_split(toks))
    out = _render(_blank_lines(lines))
    _check_same_tokens(toks, out)
    return out


def _split(toks: list[Tok]) -> list[list[Tok]]:
    lines: list[list[Tok]] = [[]]
    for tok in toks:
        if tok.kind == NEWLINE:
            lines.append([])
        else:
            lines[-1].append(tok)
    return lines


def _layout(token_lines: list[list[Tok]]) -> list[Line]:
    depth = Depth()
    out: list[Line] = []
    for n, toks in enumerate(token_lines):
        if not toks:
            out.append(Line())
            continue
        line = Line()
        line.indent, line.closes = _indent(depth, toks, token_lines, n)
        line.code, line.comment = _space_line(depth, toks, line.indent)
        line.opens = depth.inner_indent() > line.indent
        line.top_level_end = line.closes and not depth.stack and toks[0].text == "end"
        line.multiline = any(t.multiline for t in toks)
        depth.newline()
        out.append(line)
    return out


def _indent(depth: Depth, toks: list[Tok], token_lines, n) -> tuple[int, bool]:
    first = toks[0]
    frame = depth.closing_frame(first)
    if frame is not None:
        return frame.indent, True
    inner = depth.inner_indent()
    if depth.top_is_bracket():
        return inner, False  # a pipe line inside brackets is a continuation already
    if first.kind == OP and first.text == "|>":
        return inner + 1, False
    if all(t.kind in (COMMENT, BLOCK_COMMENT) for t in toks):
        nxt = next((ln for ln in token_lines[n + 1:] if ln and ln[0].kind not in (COMMENT, BLOCK_COMMENT)), None)
        if nxt is not None and nxt[0].text == "|>":
            return inner + 1, False
    return inner, False


def _space_line(depth: Depth, toks: list[Tok], indent: int) -> tuple[str, Optional[str]]:
    """The line's code with its blanks, and its trailing comment."""
    comment = None
    if len(toks) > 1 and toks[-1].kind == COMMENT:
        comment = toks[-1].text.rstrip()
    line_roles = roles(toks)
    parts: list[str] = []
    for i, tok in enumerate(toks):
        if i and space_before(toks[i - 1], line_roles[i - 1], tok, line_roles[i], depth.stack):
            parts.append(" ")
        depth.feed(toks, i, indent)
        if comment is not None and i == len(toks) - 1:
            break
        parts.append(tok.text.rstrip() if tok.kind == COMMENT else tok.text)
    return "".join(parts).rstrip(), comment


def _blank_lines(lines: list[Line]) -> list[Line]:
    """At most one blank line in a row; none at the start or end of the
    file or of a block; one after every top-level `… end`."""
    out: list[Line] = []
    for i, line in enumerate(lines):
        if line.blank:
            if out and not out[-1].blank and not out[-1].opens:
                out.append(line)
            continue
        if out and out[-1].blank and (line.closes or len(out) == 1):
            out.pop()
        if out and out[-1].top_level_end and not out[-1].blank:
            out.append(Line())
        out.append(line)
    while out and out[-1].blank:
        out.pop()
    if out and out[0].blank:
        out.pop(0)
    return out


def _render(lines: list[Line]) -> str:
    columns = _comment_columns(lines)
    text = []
    for line, column in zip(lines, columns):
        if line.blank:
            text.append("")
            continue
        head = INDENT * line.indent + line.code
        if line.comment is not None:
            head = head.ljust(column) + line.comment if line.code else INDENT * line.indent + line.comment
        text.append(head)
    return "\n".join(text) + "\n" if text else ""


def _comment_columns(lines: list[Line]) -> list[int]:
    """The column of each line's trailing comment: aligned over a run of
    consecutive lines with trailing comments and the same indentation."""
    columns = [0] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _aligned(lines[j]) and lines[j].indent == lines[i].indent:
            j += 1
        if j == i:
            if lines[i].comment is not None:
                columns[i] = len(INDENT * lines[i].indent + lines[i].code) + COMMENT_GAP
            i += 1
            continue
        width = max(len(INDENT * ln.indent + ln.code) for ln in lines[i:j]) + COMMENT_GAP
        columns[i:j] = [width] * (j - i)
        i = j
    return columns


def _aligned(line: Line) -> bool:
    return line.comment is not None and bool(line.code) and not line.multiline


def _check_same_tokens(before: list[Tok], text: str) -> None:
    """The output must hold the input's tokens in order, with the same line
    breaks between them (blank lines and blanks aside)."""
    def shape(toks):
        out, last_nl = [], False
        for t in toks:
            if t.kind == NEWLINE:
                if out and not last_nl:
                    out.append("\n")
                last_nl = True
            else:
                out.append(t.text.rstrip() if t.kind == COMMENT else t.text)
                last_nl = False
        while out and out[-1] == "\n":
            out.pop()
        return out

    try:
        after = tokenize(text)
    except Exception as exc:
        raise FormatError(f"the formatted text no longer tokenizes: {exc}") from None
    if shape(before) != shape(after):
        raise FormatError("formatting would change the program's tokens")
