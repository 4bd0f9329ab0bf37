"""JSON text: writing plain JSON data and reading it back (the text layer
of jsoncodec.py, which maps Mesh values to and from this data).

Output follows `serde_json` as the reference uses it: compact, object members
sorted by name, non-ASCII left as is, floats in the `ryu` notation
(`3.0`, `1e16`, `1e-6`), NaN and infinities as `null`. The text is written
and read by msgspec (C) where it agrees with those rules (checked in
tests/tooling/test_jsoncodec.py), by the Python code below where it does not.
This module imports nothing else of the runtime, so the display of a `Json`
value can use it without a circle through the Mesh value mapping.
"""

import math

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


def dumps(data, default=None):
    """Compact JSON text of plain JSON data (dict/list/str/int/float/bool/None),
    object members sorted by name. `default` maps any other value to plain
    data (jsoncodec passes the Mesh value mapping)."""
    if _encode_bytes is None:
        _load_msgspec()
    try:
        return _encode_bytes(data).decode()
    except (TypeError, ValueError, OverflowError, UnicodeEncodeError):
        # Mesh values msgspec cannot take (a Set, non-String map keys, lone
        # surrogates, big integers): the slow path below handles them all.
        return dumps_py(data, default)


def dumps_py(data, default=None):
    """`dumps` in Python only (what msgspec's output is checked against)."""
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
        return "{" + ",".join([_encode_str(k) + ":" + dumps_py(v, default) for k, v in items]) + "}"
    if t is list or t is tuple:
        return "[" + ",".join([dumps_py(v, default) for v in data]) + "]"
    if default is None:
        raise TypeError(f"not plain JSON data: a {t.__name__}")
    # anything else: go through the Mesh value mapping first
    return dumps_py(default(data), default)


def _key0(item):
    return item[0]



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
