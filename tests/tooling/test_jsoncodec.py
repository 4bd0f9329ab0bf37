"""The msgspec-backed JSON codec writes exactly what the hand-written one
wrote, and keeps the Mesh decoding rules (meshpy/runtime/jsoncodec.py)."""

import math
import random
import struct

import pytest

from meshpy.runtime.jsoncodec import (
    _dumps_py, dumps, encode, json_float, json_string, parse_text, to_json_value)
from meshpy.runtime.values import NONE, MeshSet, Some


def test_floats_match_the_serde_notation_over_random_bit_patterns():
    rng = random.Random(11)
    for _ in range(50_000):
        f = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        assert dumps(f) == json_float(f), repr(f)
    for f in (0.0, -0.0, 1e16, 1e15, 1e-5, 1e-6, 0.1, 5e-324, 1.7976931348623157e308, math.inf, math.nan):
        assert dumps(f) == json_float(f), repr(f)


def test_every_character_is_escaped_as_before():
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for i in range(0, len(chars), 4096):
        chunk = "".join(chars[i:i + 4096])
        assert dumps(chunk) == json_string(chunk)
    assert dumps(["a\x00\x1f\x7f\"\\\u2028"]) == '["a\\u0000\\u001f\x7f\\"\\\\\u2028"]'


@pytest.mark.parametrize("value", [
    "lone \ud800 surrogate",            # msgspec cannot write it: slow path
    {1: "a", 2: "b"},                     # non-String map keys
    [MeshSet({"b": True, "a": True})],   # a Set is a list, not an object
    {"k": 2**64 + 1},                     # wider than u64 (JsonValue from parsing)
    [Some(1), NONE, (1, 2), range(0, 3)],
])
def test_values_msgspec_cannot_take_still_encode_as_before(value):
    assert encode(value) == _dumps_py(to_json_value(value))


def test_sets_inside_maps_encode_as_arrays():
    assert encode({"s": MeshSet({"x": True}), "l": [MeshSet({2: True, 1: True})]}) == '{"l":[[2,1]],"s":["x"]}'



@pytest.mark.parametrize("text, expected", [
    ("9223372036854775807", 9223372036854775807),
    ("18446744073709551615", 18446744073709551615),     # u64 stays an integer
    ("18446744073709551616", 18446744073709551616.0),   # beyond u64: a float
    ("-9223372036854775809", -9223372036854775809.0),   # below i64: a float
    ("[1.0, 1e400]", [1.0, math.inf]),
    ('{"a":1,"a":2}', {"a": 2}),
    ('"\\ud800"', "\ud800"),
])
def test_mesh_decoding_rules(text, expected):
    ok, data = parse_text(text)
    assert ok and data == expected and type(data) is type(expected)


@pytest.mark.parametrize("text, message", [
    ("{oops", "expecting property name enclosed in double quotes at line 1 column 2"),
    ("[1,]", "expecting value at line 1 column 4"),
    ("{} x", "extra data at line 1 column 4"),
    ("NaN", "expected value (invalid number NaN)"),
    ("\n[1, 2", "expecting ',' delimiter at line 2 column 6"),
])
def test_parse_errors_keep_the_json_module_messages(text, message):
    assert parse_text(text) == (False, message)
