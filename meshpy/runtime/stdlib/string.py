"""Mesh `String` module (language reference 9.5 and 13.2). Code-point
semantics throughout (Python `str`)."""

from ..display import display
from ..textnum import WHITESPACE, parse_float, parse_int
from ..values import NONE, Some
from ._module import mesh_module


class String:
    """Mesh String functions."""

    def length(s):
        return len(s)

    def slice(s, start, end):
        # code points [start, end), clamped: negatives become 0, past-the-end
        # becomes the length, end < start gives ""
        if start < 0:
            start = 0
        if end <= start:
            return ""
        return s[start:end]

    def contains(s, sub):
        return sub in s

    def starts_with(s, prefix):
        return s.startswith(prefix)

    def ends_with(s, suffix):
        return s.endswith(suffix)

    def trim(s):
        return s.strip(WHITESPACE)

    def to_upper(s):
        return s.upper()

    def to_lower(s):
        return s.lower()

    def replace(s, old, new):
        return s.replace(old, new)

    def split(s, sep):
        if sep == "":
            return ["", *s, ""]
        return s.split(sep)

    def join(parts, sep):
        return sep.join(parts)

    def to_int(s):
        v = parse_int(s.strip(WHITESPACE))
        return NONE if v is None else Some(v)

    def to_float(s):
        v = parse_float(s.strip(WHITESPACE))
        return NONE if v is None else Some(v)

    def from_(v):
        if v.__class__ is int:
            return str(v)
        return display(v)

    def collect(it):
        return "".join(it)


String = mesh_module(String)
