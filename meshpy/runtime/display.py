"""The display form of Mesh values (language reference, section 10).

`display(v)` is what interpolation, `to_string()`, `String.from` and
collection printing use. It dispatches on `type(v)` through a dict; struct and
variant classes provide `_display()` (generated classes override the defaults
installed here on `Struct` and `Variant`)."""

from .jsontext import dumps
from .panic import MeshPanic
from .values import (
    EQUAL,
    GREATER,
    LESS,
    NONE,
    Err,
    JsonValue,
    MeshIter,
    MeshQueue,
    MeshSet,
    Ok,
    Some,
    Struct,
    Variant,
)

_str = str


def show_float(f):
    """Section 10.1: shortest round-trip digits, positional notation, no
    trailing `.0`; `NaN`, `inf`, `-inf`, `-0`."""
    r = repr(f)
    if "e" in r or "n" in r:
        if f != f:
            return "NaN"
        if r == "inf":
            return "inf"
        if r == "-inf":
            return "-inf"
        from decimal import Decimal  # only for exponent forms (rare)

        return format(Decimal(r), "f")
    if r[-2:] == ".0":
        return r[:-2]
    return r


def show_bool(b):
    return "true" if b else "false"


def _show_list(v):
    return "[" + ", ".join([display(x) for x in v]) + "]"


def _show_map(v):
    return "%{" + ", ".join([display(k) + " => " + display(x) for k, x in v.items()]) + "}"


def _show_set(v):
    return "#{" + ", ".join([display(x) for x in v]) + "}"


def _show_tuple(v):
    return "(" + ", ".join([display(x) for x in v]) + ")"


def _show_range(v):
    return f"{v.start}..{v.stop}"


def _show_queue(v):
    return "Queue" + _show_list(v.to_list())


def _show_json(v):
    return dumps(v.value)  # plain JSON data, as decoded


def _show_some(v):
    return "Some(" + display(v.value) + ")"


def _show_ok(v):
    return "Ok(" + display(v.value) + ")"


def _show_err(v):
    return "Err(" + display(v.value) + ")"


def _show_unit(v):
    return "()"


_DISPATCH = {
    int: _str,
    str: _str,
    float: show_float,
    bool: show_bool,
    type(None): _show_unit,
    list: _show_list,
    dict: _show_map,
    MeshSet: _show_set,
    tuple: _show_tuple,
    range: _show_range,
    MeshQueue: _show_queue,
    JsonValue: _show_json,
    MeshIter: lambda v: "#Iter",
    Some: _show_some,
    Ok: _show_ok,
    Err: _show_err,
    type(NONE): lambda v: "None",
    type(LESS): lambda v: "Less",
    type(EQUAL): lambda v: "Equal",
    type(GREATER): lambda v: "Greater",
}
_get = _DISPATCH.get


def display(v):
    """The display form of any Mesh value (section 10)."""
    t = type(v)
    if t is str:
        return v
    if t is int:
        return _str(v)
    f = _get(t)
    if f is not None:
        return f(v)
    d = getattr(v, "_display", None)
    if d is not None:
        return d()
    return _show_other(v)


def _show_other(v):
    if type(v).__name__ == "Process" and hasattr(v, "id"):
        return f"#PID<{v.id}>"
    if callable(v):
        name = getattr(v, "_mesh_name", None) or getattr(v, "__name__", "fn")
        return f"#Function<{name}>"
    # Subclasses of the built-in kinds (should not occur in emitted code).
    for base, f in _DISPATCH.items():
        if isinstance(v, base):
            return f(v)
    return _str(v)


# Default display forms for generated classes that do not define their own:
# the Debug form for structs, `Variant(v1, v2)` / `Variant` for variants.


def _struct_debug(self):
    slots = self.__slots__
    if not slots:
        return self._mesh_name + " {}"
    inner = ", ".join([f + ": " + display(getattr(self, a)) for f, a in zip(self._mesh_fields, slots)])
    return self._mesh_name + " { " + inner + " }"


def _variant_display(self):
    slots = self.__slots__
    if not slots:
        return self._mesh_name
    return self._mesh_name + "(" + ", ".join([display(getattr(self, a)) for a in slots]) + ")"


Struct._display = _struct_debug
Variant._display = _variant_display


def match_failed(value):
    """A `case`, clause set or closure clause set matched nothing."""
    try:
        shown = display(value)
    except Exception:  # never let the report itself fail
        shown = repr(value)
    raise MeshPanic("non-exhaustive match: no clause matches " + shown)
