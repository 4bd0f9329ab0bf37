"""`deriving(Row)`: `T.from_row(row)` (language reference 15.2).

`cls._row_fields` lists `(field_name, descriptor)` in declaration order, with
descriptors `T_STRING`, `T_INT`, `T_FLOAT`, `T_BOOL` or `OptionOf(scalar)`.
The column looked up is exactly the field name; the first failure wins."""

import math

from .descriptors import T_BOOL, T_FLOAT, T_INT, T_STRING, OptionOf, build_instance, resolve
from .textnum import parse_float, parse_int, trim
from .values import NONE, Err, Ok, Some

_TRUE = frozenset(("true", "t", "1", "yes"))
_FALSE = frozenset(("false", "f", "0", "no"))


class _RowError(Exception):
    pass


def _parse(desc, text):
    if desc is T_STRING:
        return text
    if desc is T_INT:
        t = trim(text)
        v = parse_int(t)
        if v is None:
            raise _RowError(f"cannot parse '{t}' as Int")
        return v
    if desc is T_FLOAT:
        t = trim(text)
        if t == "Infinity":
            return math.inf
        if t == "-Infinity":
            return -math.inf
        v = parse_float(t)
        if v is None:
            raise _RowError(f"cannot parse '{text}' as Float")
        return v
    if desc is T_BOOL:
        t = trim(text).lower()
        if t in _TRUE:
            return True
        if t in _FALSE:
            return False
        raise _RowError(f"cannot parse '{text}' as Bool")
    raise TypeError(f"not a Row field descriptor: {desc!r}")


def derive_from_row(cls, row):
    """`Ok(instance)` or `Err(message)` for a `Map<String, String>` row."""
    values = []
    try:
        for name, desc in cls._row_fields:
            desc = resolve(desc)
            if desc.__class__ is OptionOf:
                text = row.get(name)
                if text is None or text == "":
                    values.append(NONE)
                else:
                    values.append(Some(_parse(resolve(desc.elem), text)))
                continue
            if name not in row:
                return Err("missing column: " + name)
            values.append(_parse(desc, row[name]))
    except _RowError as e:
        return Err(e.args[0])
    return Ok(build_instance(cls, values))
