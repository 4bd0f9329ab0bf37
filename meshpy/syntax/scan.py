"""Strings and comments: the part of Mesh's lexical structure that is not regular.

Nested block comments (`#= a #= b =# c =#`) and string interpolation with
nested strings (`"a ${f("b ${c}")} d"`) cannot be matched by the regular
expressions of a lexer, so this small scanner runs before Lark:

* comments are blanked (newlines kept, so positions do not move);
* every string literal is replaced by a placeholder of the same length
  (`"` + spaces and newlines + `"`), which the grammar's STRING terminal
  matches; its contents, split into literal text and `${...}` sources, are
  kept in `ScanResult.strings` under the literal's start offset.

Escapes are translated, as in the language today (supplement 9.6): `\\n`,
`\\t`, `\\r`, `\\0`, `\\\\`, `\\"`; any other `\\X` is `X`; a trailing lone
backslash stays. While scanning, a backslash stops the next character from
ending the string or starting an interpolation (`\\${` is the text `${`).
"""

from __future__ import annotations

import re


# (Plain classes rather than dataclasses: they are imported on every run,
# and a dataclass costs about half a millisecond to define.)
class Interpolation:
    __slots__ = ("source", "offset")

    def __init__(self, source: str, offset: int):
        self.source = source  # the text between `${` and `}`
        self.offset = offset  # offset of that text in the scanned source


class ScannedString:
    __slots__ = ("parts", "triple")

    def __init__(self, parts: tuple, triple: bool):
        self.parts = parts  # str | Interpolation, in order
        self.triple = triple


class ScanResult:
    __slots__ = ("text", "strings", "errors")

    def __init__(self, text: str):
        self.text = text  # the source with placeholders and blanked comments
        self.strings: dict[int, ScannedString] = {}  # by the literal's offset
        self.errors: list[tuple[int, int, str]] = []  # (start, end, message)


# Strings inside `${…}` inside strings …: scanning and parsing them recurses,
# so an absurd depth is refused rather than exhausting Python's stack.
MAX_INTERPOLATION_DEPTH = 32

_NEXT_SPECIAL = re.compile(r'["#]')
_IN_STRING = re.compile(r'["\\$]')
_IN_TRIPLE = re.compile(r'"""|\\|\$\{')
_IN_INTERP = re.compile(r'[{}"]')
_IN_BLOCK_COMMENT = re.compile(r"#=|=#")
_NOT_NEWLINE = re.compile(r"[^\n]")


_ESCAPE = re.compile(r"\\(.)", re.S)
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def unescape(text: str) -> str:
    """The value of a literal piece of a string (supplement 9.6)."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(1)), text)


def normalise_newlines(src: str) -> str:
    """`\\r\\n` and a lone `\\r` each count as one newline (2.1); keep offsets."""
    if "\r" not in src:
        return src
    return src.replace("\r\n", " \n").replace("\r", "\n")


def blank(segment: str) -> str:
    return _NOT_NEWLINE.sub(" ", segment)


def scan(src: str) -> ScanResult:
    """Blank comments and replace strings by placeholders (see module doc)."""
    src = normalise_newlines(src)
    result = ScanResult("")
    out: list[str] = []
    pos = 0
    n = len(src)
    while True:
        m = _NEXT_SPECIAL.search(src, pos)
        if m is None:
            out.append(src[pos:])
            break
        i = m.start()
        out.append(src[pos:i])
        if src[i] == "#":
            if src.startswith("#=", i):
                end = _block_comment_end(src, i, result)
            else:
                end = src.find("\n", i)
                end = n if end < 0 else end
            out.append(blank(src[i:end]))
        else:
            try:
                end, scanned = _string(src, i, result)
            except _NestedTooDeep as too_deep:
                # One error, not one per unfinished level; the rest is lost.
                result.errors.append((too_deep.offset, too_deep.offset + 1, str(too_deep)))
                out.append(blank(src[i:]))
                break
            result.strings[i] = scanned
            out.append('"' + blank(src[i + 1:end - 1]) + '"' if end - i >= 2 else '"')
        pos = end
    result.text = "".join(out)
    return result


class _NestedTooDeep(Exception):
    def __init__(self, offset: int):
        super().__init__(f"string interpolations nested more than {MAX_INTERPOLATION_DEPTH} levels deep")
        self.offset = offset


def _block_comment_end(src: str, start: int, result: ScanResult) -> int:
    depth = 0
    pos = start
    while True:
        m = _IN_BLOCK_COMMENT.search(src, pos)
        if m is None:
            result.errors.append((start, start + 2, "unterminated block comment: `#=` has no matching `=#`"))
            return len(src)
        depth += 1 if m.group() == "#=" else -1
        pos = m.end()
        if depth == 0:
            return pos


def _string(src: str, start: int, result: ScanResult, nesting: int = 0) -> tuple[int, ScannedString]:
    """Scan the literal starting at `start` (inside `nesting` interpolations);
    return (end offset, contents)."""
    triple = src.startswith('"""', start)
    if nesting > MAX_INTERPOLATION_DEPTH:
        raise _NestedTooDeep(start)
    pos = start + (3 if triple else 1)
    pattern = _IN_TRIPLE if triple else _IN_STRING
    parts: list = []
    text_start = pos
    while True:
        m = pattern.search(src, pos)
        if m is None:
            result.errors.append((start, start + 1, "unterminated string literal"))
            parts.append(src[text_start:])
            return len(src), ScannedString(tuple(parts), triple)
        tok = m.group()
        i = m.start()
        if tok == "\\":
            pos = i + 2
        elif tok == '"' or tok == '"""':
            parts.append(src[text_start:i])
            return m.end(), ScannedString(_merge(parts), triple)
        elif tok == "$":
            if src.startswith("${", i):
                pos = _add_interpolation(src, i, parts, text_start, result, nesting)
                text_start = pos
            else:
                pos = i + 1
        else:  # "${" in a triple-quoted string
            pos = _add_interpolation(src, i, parts, text_start, result, nesting)
            text_start = pos


def _add_interpolation(src, dollar, parts, text_start, result, nesting) -> int:
    parts.append(src[text_start:dollar])
    body_start = dollar + 2
    close = _interpolation_end(src, body_start, result, nesting)
    parts.append(Interpolation(src[body_start:close], body_start))
    return min(close + 1, len(src))


def _interpolation_end(src: str, pos: int, result: ScanResult, nesting: int) -> int:
    """Offset of the `}` closing an interpolation whose body starts at `pos`."""
    start = pos
    depth = 1
    while True:
        m = _IN_INTERP.search(src, pos)
        if m is None:
            result.errors.append((start - 2, start, "unterminated interpolation: `${` has no matching `}`"))
            return len(src)
        c = m.group()
        if c == '"':
            pos, _ = _string(src, m.start(), result, nesting + 1)
        elif c == "{":
            depth += 1
            pos = m.end()
        else:
            depth -= 1
            if depth == 0:
                return m.start()
            pos = m.end()


def _merge(parts: list) -> tuple:
    """Translate the escapes of the literal pieces; drop empty ones, keep at
    least one piece for `""`."""
    merged = tuple(unescape(p) if isinstance(p, str) else p for p in parts if not (isinstance(p, str) and p == ""))
    return merged or ("",)
