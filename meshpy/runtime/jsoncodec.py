"""JSON text in and out, and the derived `Json` encoding and decoding
(language reference 13.10 and 15.1).

Output follows `serde_json` as the reference uses it: compact, object members
sorted by name, non-ASCII left as is, floats in the `ryu` notation
(`3.0`, `1e16`, `1e-6`), NaN and infinities as `null`.

The text itself (jsontext.py) is written and read by msgspec (C): it already writes floats
in the shortest round-trip notation serde_json uses and escapes strings the
same way (checked over random floats and every character in
tests/tooling/test_jsoncodec.py). Python code only maps Mesh values to plain
JSON data (`to_json_value`) and applies the Mesh rules msgspec does not know:
integers beyond the i64/u64 range become floats, `1e400` is infinity, and a
parse error carries the `line L column C` message of the `json` module. Any
input msgspec refuses goes through the `json` module, so the accepted
language and the messages are the ones meshpy always had.
"""


from operator import attrgetter

from .arith import float_to_int
from .descriptors import (
    T_BOOL,
    T_FLOAT,
    T_INT,
    T_STRING,
    ListOf,
    MapOf,
    OptionOf,
    TypeRef,
    build_instance,
)
from .display import display
from .jsontext import INT_MAX, json_float, json_string, parse_text  # noqa: F401 (re-exported)
from .jsontext import dumps as _text_dumps
from .jsontext import dumps_py as _text_dumps_py
from .values import NONE, Err, JsonValue, MeshQueue, MeshSet, Ok, Some, Struct, Variant


def dumps(data):
    """Compact JSON text of JSON data that may hold Mesh values anywhere
    (a Map given to `JSON.encode_map`): those go through `to_json_value`."""
    return _text_dumps(data, to_json_value)


def _dumps_py(data):
    return _text_dumps_py(data, to_json_value)


def _json_key(k):
    if type(k) is str:
        return k
    return display(k)


_PLAIN = frozenset((str, int, float, bool, type(None)))


def to_json_value(v):
    """Plain JSON data for any Mesh value (runtime contract, section 2).
    Scalars are tested inline before recursing: most values are scalars, and
    a function call per element is what this walk costs."""
    t = type(v)
    if t in _PLAIN:
        return v
    if t is list or t is tuple:
        return [x if type(x) in _PLAIN else to_json_value(x) for x in v]
    if t is dict:
        return {k if type(k) is str else _json_key(k): x if type(x) in _PLAIN else to_json_value(x)
                for k, x in v.items()}
    if isinstance(v, Struct):
        return {f: x if type(x) in _PLAIN else to_json_value(x)
                for f, x in zip(v._mesh_fields, _field_values(v))}
    if t is Some:
        return to_json_value(v.value)
    if v is NONE:
        return None
    if t is JsonValue:
        return v.value
    if t is MeshSet or t is range:
        return [to_json_value(x) for x in v]
    if t is MeshQueue:
        return [to_json_value(x) for x in v.to_list()]
    if isinstance(v, Variant):
        return {"tag": v._mesh_name, "fields": [to_json_value(x) for x in _field_values(v)]}
    if isinstance(v, dict):
        return {_json_key(k): to_json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_json_value(x) for x in v]
    raise TypeError(f"cannot encode a {type(v).__name__} as JSON")


_getters = {}


def _field_values(v):
    """The slot values of a struct or variant, in declaration order (one
    attrgetter per class, made on first use)."""
    get = _getters.get(v.__class__)
    if get is None:
        slots = v.__class__.__slots__
        if not slots:
            get = _no_fields
        elif len(slots) == 1:
            one = attrgetter(slots[0])
            get = lambda x: (one(x),)  # noqa: E731
        else:
            get = attrgetter(*slots)
        _getters[v.__class__] = get
    return get(v)


def _no_fields(_v):
    return ()


def encode(v):
    """`Json.encode(v)` / `JSON.encode(j)`: compact JSON text, sorted members."""
    return dumps(to_json_value(v))






def parse(text):
    """`JSON.parse(s)`: `Ok(JsonValue)` or `Err(parser message)`."""
    ok, data = parse_text(text)
    if ok:
        return Ok(JsonValue(data))
    return Err(data)


# ---------------------------------------------------------------------------
# Derived decoding (`T.from_json`)


class DecodeError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def decode_value(desc, data):
    """Decode plain JSON data according to a descriptor; raises DecodeError."""
    if desc is T_INT:
        t = type(data)
        if t is int:
            return data if data <= INT_MAX else INT_MAX
        if t is float:
            return float_to_int(data)
        raise DecodeError("expected Int")
    if desc is T_STRING:
        if type(data) is str:
            return data
        raise DecodeError("expected String")
    if desc is T_FLOAT:
        t = type(data)
        if t is float:
            return data
        if t is int:
            return float(data)
        raise DecodeError("expected Float")
    if desc is T_BOOL:
        if type(data) is bool:
            return data
        raise DecodeError("expected Bool")
    dc = desc.__class__
    if dc is OptionOf:
        if data is None:
            return NONE
        return Some(decode_value(desc.elem, data))
    if dc is ListOf:
        if type(data) is not list:
            raise DecodeError("expected Array")
        elem = desc.elem
        return [decode_value(elem, x) for x in data]
    if dc is MapOf:
        if type(data) is not dict:
            raise DecodeError("expected Object")
        elem = desc.elem
        # serde_json objects are sorted maps: the decoded Map is in key order
        return {k: decode_value(elem, data[k]) for k in sorted(data)}
    if dc is TypeRef:
        return decode_value(desc.resolve(), data)
    if desc is JsonValue:
        return JsonValue(data)
    if isinstance(desc, type):
        if issubclass(desc, Struct):
            return _decode_struct(desc, data)
        if issubclass(desc, Variant):
            return _decode_sum(desc, data)
    raise TypeError(f"not a JSON type descriptor: {desc!r}")


def _decode_fields(fields, obj):
    values = []
    for name, desc in fields:
        if name in obj:
            values.append(decode_value(desc, obj[name]))
        elif desc.__class__ is OptionOf or (desc.__class__ is TypeRef and desc.resolve().__class__ is OptionOf):
            values.append(NONE)
        else:
            raise DecodeError("missing field: " + name)
    return values


def _decode_struct(cls, data):
    if type(data) is not dict:
        raise DecodeError("expected Object")
    return build_instance(cls, _decode_fields(cls._json_fields, data))


def _decode_sum(cls, data):
    if type(data) is not dict:
        raise DecodeError("expected Object")
    variants = cls.__dict__.get("_variants") or getattr(cls, "_variants", ()) or (cls,)
    if "tag" not in data:
        raise DecodeError("missing field: tag")
    tag = data["tag"]
    if type(tag) is not str:
        raise DecodeError("expected String")
    for var in variants:
        if var._mesh_name == tag:
            break
    else:
        raise DecodeError("unknown variant for " + _type_name(cls))
    if "fields" not in data:
        raise DecodeError("missing field: fields")
    payload = data["fields"]
    if type(payload) is not list:
        raise DecodeError("expected Array")
    fields = getattr(var, "_json_fields", ())
    values = []
    n = len(payload)
    for i, (_name, desc) in enumerate(fields):
        if i >= n:
            raise DecodeError(f"array index {i} out of bounds (length {n})")
        values.append(decode_value(desc, payload[i]))
    return build_instance(var, values)


def _type_name(cls):
    name = getattr(cls, "_type_name", "?")
    if name == "?":
        for var in getattr(cls, "_variants", ()):
            name = getattr(var, "_type_name", "?")
            if name != "?":
                break
    if name == "?":
        name = cls.__name__
    return name


def derive_from_json(cls, text):
    """`T.from_json(text)`: `Ok(instance)` or `Err(message)` (section 15.1)."""
    ok, data = parse_text(text)
    if not ok:
        return Err(data)
    try:
        return Ok(decode_value(cls, data))
    except DecodeError as e:
        return Err(e.message)
    except RecursionError:
        return Err("recursion limit exceeded")
