"""JSON text in and out, and the derived `Json` encoding and decoding
(language reference 13.10 and 15.1).

Output follows `serde_json` as the reference uses it: compact, object members
sorted by name, non-ASCII left as is, floats in the `ryu` notation
(`3.0`, `1e16`, `1e-6`), NaN and infinities as `null`.

The text itself is written and read by msgspec (C): it already writes floats
in the shortest round-trip notation serde_json uses and escapes strings the
same way (checked over random floats and every character in
tests/tooling/test_jsoncodec.py). Python code only maps Mesh values to plain
JSON data (`to_json_value`) and applies the Mesh rules msgspec does not know:
integers beyond the i64/u64 range become floats, `1e400` is infinity, and a
parse error carries the `line L column C` message of the `json` module. Any
input msgspec refuses goes through the `json` module, so the accepted
language and the messages are the ones meshpy always had.
"""

import math
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
from .values import NONE, Err, JsonValue, MeshQueue, MeshSet, Ok, Some, Struct, Variant

try:  # the C accelerated version, without importing the json package
    from _json import encode_basestring as _encode_str
except ImportError:  # pragma: no cover
    from json.encoder import py_encode_basestring as _encode_str

INT_MIN = -9223372036854775808
INT_MAX = 9223372036854775807


def json_string(s):
    """A JSON string literal: quotes, `\\"`, `\\\\`, control characters
    escaped (`\\n`, `\\u001f` ...), everything else as is."""
    return _encode_str(s)


def json_float(f):
    """A float in serde_json/ryu notation (language reference 15.1)."""
    if f != f or f in (math.inf, -math.inf):
        return "null"
    r = repr(float(f))
    neg = r[0] == "-"
    if neg:
        r = r[1:]
    mant, _, exp = r.partition("e")
    exp = int(exp) if exp else 0
    ip, _, fp = mant.partition(".")
    digits = ip + fp
    stripped = digits.lstrip("0")
    if not stripped:
        return "-0.0" if neg else "0.0"
    kk = len(ip) + exp - (len(digits) - len(stripped))
    d = stripped.rstrip("0")
    n = len(d)
    if 0 <= kk - n and kk <= 16:
        out = d + "0" * (kk - n) + ".0"
    elif 0 < kk <= 16:
        out = d[:kk] + "." + d[kk:]
    elif -5 < kk <= 0:
        out = "0." + "0" * (-kk) + d
    elif n == 1:
        out = d + "e" + str(kk - 1)
    else:
        out = d[0] + "." + d[1:] + "e" + str(kk - 1)
    return "-" + out if neg else out


_encode_bytes = None  # msgspec's encoder, made on first use
_decode_fast = None   # and its decoder
_MsgspecError = None


def _load_msgspec():
    """Import msgspec when JSON is first used: most programs never use it,
    and its import costs start-up time."""
    global _encode_bytes, _decode_fast, _MsgspecError
    import msgspec

    _encode_bytes = msgspec.json.Encoder(order="sorted").encode
    _decode_fast = msgspec.json.Decoder().decode
    _MsgspecError = msgspec.MsgspecError


def dumps(data):
    """Compact JSON text of plain JSON data (dict/list/str/int/float/bool/None),
    object members sorted by name."""
    if _encode_bytes is None:
        _load_msgspec()
    try:
        return _encode_bytes(data).decode()
    except (TypeError, ValueError, OverflowError, UnicodeEncodeError):
        # Mesh values msgspec cannot take (a Set, non-String map keys, lone
        # surrogates, big integers): the slow path below handles them all.
        return _dumps_py(data)


def _dumps_py(data):
    t = type(data)
    if t is str:
        return _encode_str(data)
    if t is bool:
        return "true" if data else "false"
    if t is int:
        return str(data)
    if t is float:
        return json_float(data)
    if data is None:
        return "null"
    if t is dict:
        items = sorted(data.items(), key=_key0)
        return "{" + ",".join([_encode_str(k) + ":" + _dumps_py(v) for k, v in items]) + "}"
    if t is list or t is tuple:
        return "[" + ",".join([_dumps_py(v) for v in data]) + "]"
    if t is JsonValue:
        return _dumps_py(data.value)
    # anything else: go through the Mesh value mapping first
    return _dumps_py(to_json_value(data))


def _key0(item):
    return item[0]


def _json_key(k):
    if type(k) is str:
        return k
    from .display import display

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


# ---------------------------------------------------------------------------
# Parsing


class _ConstantRejected(ValueError):
    pass


def _reject_constant(name):
    raise _ConstantRejected(name)


def _parse_int(s):
    i = int(s)
    if INT_MIN <= i <= 18446744073709551615:  # serde_json: i64 or u64
        return i
    return float(s)


_decoder = None
# 19 digits in a row may be an integer outside the i64 range, which Mesh reads
# as a float and msgspec as an int: such (rare) texts take the json-module
# path. Mapping every digit to "9" and searching for 19 of them runs in C,
# five times faster than a regular expression.
_DIGITS = bytes(0x39 if 0x30 <= i <= 0x39 else 0x20 for i in range(256))
_NINETEEN = b"9" * 19


def _may_hold_long_integer(text):
    return len(text) >= 19 and _NINETEEN in text.encode("utf-8", "surrogatepass").translate(_DIGITS)


def parse_text(text):
    """Decode JSON text. Returns `(True, data)` or `(False, message)`."""
    if not _may_hold_long_integer(text):
        if _decode_fast is None:
            _load_msgspec()
        try:
            return True, _decode_fast(text)
        except (_MsgspecError, RecursionError, ValueError):
            pass  # the json module gives the message (or accepts `1e400`)
    return _parse_text_json(text)


def _parse_text_json(text):
    global _decoder
    import json

    if _decoder is None:
        _decoder = json.JSONDecoder(parse_constant=_reject_constant, parse_int=_parse_int)
    try:
        return True, _decoder.decode(text)
    except json.JSONDecodeError as e:
        msg = e.msg[:1].lower() + e.msg[1:]
        return False, f"{msg} at line {e.lineno} column {e.colno}"
    except _ConstantRejected as e:
        return False, f"expected value (invalid number {e.args[0]})"
    except RecursionError:
        return False, "recursion limit exceeded"


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
