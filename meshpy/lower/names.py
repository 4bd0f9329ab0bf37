"""Python names for Mesh names, the same way everywhere.

Mesh identifiers are kept where Python allows. A name that is a Python keyword,
a name the emitted code itself uses (prelude exports, builtins) or a name that
ends in `_` gets one more `_`: `from` -> `from_`, `display` -> `display_`,
`x_` -> `x__`. Names that do not end in `_` map to themselves, names that do
get at least two underscores, and reserved names get exactly one, so the
mapping is one-to-one.

Inside a function, `Allocator` hands out fresh names for shadowed bindings
(`x`, `x_1`, …) and temporaries, avoiding everything else in scope.
"""

from __future__ import annotations

import builtins
import keyword
import re

from .prelude_names import PRELUDE_NAMES

# Names the emitted code refers to besides the prelude (keep in sync with the lowering).
_EMITTED_BUILTINS = {
    "len", "str", "float", "int", "range", "list", "dict", "tuple", "type", "isinstance", "print",
    "True", "False", "None", "object", "staticmethod", "hash", "super", "sys",
    "async", "await", "meshprog",
}


RESERVED = frozenset(
    set(keyword.kwlist) | set(keyword.softkwlist) - {"_"} | _EMITTED_BUILTINS | PRELUDE_NAMES
)

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def mangle(name: str) -> str:
    """The Python spelling of a Mesh identifier."""
    if name in RESERVED or name.endswith("_"):
        name = name + "_"
    if not _IDENT.match(name) and not name.isidentifier():
        name = "_" + "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    return name


class Allocator:
    """Unique names within one scope (a module or a function)."""

    def __init__(self, taken=(), parent: "Allocator | None" = None):
        self.taken = set(taken)
        self.parent = parent

    def is_taken(self, name: str) -> bool:
        a = self
        while a is not None:
            if name in a.taken:
                return True
            a = a.parent
        return False

    def claim(self, name: str) -> None:
        self.taken.add(name)

    def fresh(self, base: str) -> str:
        """`base` if free, else `base_1`, `base_2` …"""
        base = mangle(base) if base and not base.endswith("_") else (base or "t")
        if not self.is_taken(base) and base not in RESERVED:
            self.taken.add(base)
            return base
        i = 1
        while True:
            cand = f"{base.rstrip('_')}_{i}"
            if not self.is_taken(cand) and cand not in RESERVED:
                self.taken.add(cand)
                return cand
            i += 1

    def temp(self, hint: str = "t") -> str:
        """A temporary: `_t1`, `_t2` … (or `_<hint>1`)."""
        i = 1
        while True:
            cand = f"_{hint}{i}"
            if not self.is_taken(cand):
                self.taken.add(cand)
                return cand
            i += 1


def py_module_path(relpath: str) -> list[str]:
    """`services/writer.mpl` -> ["services", "writer"], made safe for Python."""
    parts = relpath.replace("\\", "/")[: -len(".mpl")].split("/")
    out = []
    for p in parts:
        p = re.sub(r"\W", "_", p)
        if not p or p[0].isdigit():
            p = "m_" + p
        if keyword.iskeyword(p) or p in ("meshpy",):
            p = p + "_"
        out.append(p)
    return out


def py_string(s: str, quote: str = '"') -> str:
    """A Python literal for `s` in `quote`s (double by default; single inside
    an f-string expression, which Python 3.11 cannot give its own quote)."""
    if s.isprintable() and quote not in s and "\\" not in s:
        return quote + s + quote  # nothing to escape (the common case)
    out = [quote]
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + quote)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    out.append(quote)
    return "".join(out)


def fstring_text(s: str) -> str:
    """Literal text inside a double-quoted f-string."""
    return py_string(s)[1:-1].replace("{", "{{").replace("}", "}}")


__all__ = ["Allocator", "RESERVED", "fstring_text", "mangle", "py_module_path", "py_string"]
_ = builtins  # (kept for readers: the builtins the emitted code uses are listed above)
