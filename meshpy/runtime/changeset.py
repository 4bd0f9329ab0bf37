"""The Mesh `Changeset` module (supplement, section 7).

A changeset holds the existing row (`data`), the accepted `changes`, the
`errors` (field -> first message) and the field types given to
`cast_with_types`. It is immutable: each validator returns a new one. Dicts
keep insertion order, which is the Mesh map order of `changes`/`errors`.
A field keeps its first error: every validator skips a field that has one.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["Changeset", "ChangesetValue"]


class ChangesetValue:
    __slots__ = ("data", "changes", "errors", "types")

    def __init__(self, data, changes, errors, types):
        self.data = data
        self.changes = changes
        self.errors = errors
        self.types = types

    @property
    def valid(self):
        return not self.errors

    def with_error(self, field, message):
        """A copy with `message` for `field`, unless the field already has one."""
        if field in self.errors:
            return self
        errors = dict(self.errors)
        errors[field] = message
        return ChangesetValue(self.data, self.changes, errors, self.types)

    def _display(self):
        return f"#Changeset<changes={len(self.changes)}, errors={len(self.errors)}>"

    def __repr__(self):
        return self._display()

    def __eq__(self, other):
        return isinstance(other, ChangesetValue) and (self.data, self.changes, self.errors) == (
            other.data, other.changes, other.errors)

    __hash__ = None


# --------------------------------------------------------------------------
# Coercion (cast_with_types): the text a value becomes, or None if invalid


_INT = re.compile(r"[+-]?[0-9]+\Z")
_FLOAT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\Z|[+-]?(inf|infinity|nan)\Z", re.I)
_TRUE = frozenset({"true", "t", "1", "yes"})
_FALSE = frozenset({"false", "f", "0", "no"})


def _as_bigint(text):
    text = text.strip()
    if not _INT.match(text):
        return None
    n = int(text)
    return str(n) if -(2 ** 63) <= n < 2 ** 63 else None


def _as_double(text):
    if not _FLOAT.match(text):
        return None
    return _rust_f64(float(text))


def _rust_f64(x):
    """Rust's `Display` of an f64: no exponent, no `.0` on integral values."""
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    text = format(Decimal(repr(x)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _as_bool(text):
    low = text.lower()
    if low in _TRUE:
        return "true"
    if low in _FALSE:
        return "false"
    return None


_COERCE = {"BIGINT": _as_bigint, "DOUBLE PRECISION": _as_double, "BOOLEAN": _as_bool}


# --------------------------------------------------------------------------
# Functions


def cast(data, params, allowed):
    changes = {f: params[f] for f in allowed if f in params}
    return ChangesetValue(dict(data), changes, {}, {})


def cast_with_types(data, params, allowed, types):
    type_of = {}
    for entry in types:
        field, sep, sql_type = entry.partition(":")
        if sep:
            type_of[field] = sql_type
    changes, errors = {}, {}
    for f in allowed:
        if f not in params:
            continue
        coerce = _COERCE.get(type_of.get(f, "TEXT"))
        value = params[f] if coerce is None else coerce(params[f])
        if value is None:
            errors.setdefault(f, "is invalid")
        else:
            changes[f] = value
    return ChangesetValue(dict(data), changes, errors, type_of)


def _present(cs, field):
    # The supplement: present if non-empty in changes, else non-empty in data.
    return bool(cs.changes.get(field, "")) or bool(cs.data.get(field, ""))


def validate_required(cs, fields):
    for f in fields:
        if not _present(cs, f):
            cs = cs.with_error(f, "can't be blank")
    return cs


def _checked(cs, field):
    """The change to validate, or None (absent, or the field has an error)."""
    if field in cs.errors:
        return None
    return cs.changes.get(field)


def validate_length(cs, field, min_, max_):
    value = _checked(cs, field)
    if value is None:
        return cs
    n = len(value.encode("utf-8"))
    if min_ != -1 and n < min_:
        return cs.with_error(field, f"should be at least {min_} character(s)")
    if max_ != -1 and n > max_:
        return cs.with_error(field, f"should be at most {max_} character(s)")
    return cs


def validate_format(cs, field, pattern):
    value = _checked(cs, field)
    if value is None or pattern in value:
        return cs
    return cs.with_error(field, "has invalid format")


def validate_inclusion(cs, field, allowed):
    value = _checked(cs, field)
    if value is None or value in allowed:
        return cs
    return cs.with_error(field, "is invalid")


def validate_number(cs, field, gt, lt, gte, lte):
    value = _checked(cs, field)
    if value is None:
        return cs
    text = _as_bigint(value)
    if text is None:
        return cs.with_error(field, "is not a number")
    n = int(text)
    if gt != -1 and n <= gt:
        return cs.with_error(field, f"must be greater than {gt}")
    if lt != -1 and n >= lt:
        return cs.with_error(field, f"must be less than {lt}")
    if gte != -1 and n < gte:
        return cs.with_error(field, f"must be greater than or equal to {gte}")
    if lte != -1 and n > lte:
        return cs.with_error(field, f"must be less than or equal to {lte}")
    return cs


class _ChangesetModule:
    """Mesh `Changeset`."""

    __slots__ = ()
    cast = staticmethod(cast)
    cast_with_types = staticmethod(cast_with_types)
    validate_required = staticmethod(validate_required)
    validate_length = staticmethod(validate_length)
    validate_format = staticmethod(validate_format)
    validate_inclusion = staticmethod(validate_inclusion)
    validate_number = staticmethod(validate_number)
    valid = staticmethod(lambda cs: not cs.errors)
    errors = staticmethod(lambda cs: dict(cs.errors))
    changes = staticmethod(lambda cs: dict(cs.changes))
    get_change = staticmethod(lambda cs, field: cs.changes.get(field, ""))
    get_error = staticmethod(lambda cs, field: cs.errors.get(field, ""))


Changeset = _ChangesetModule()
