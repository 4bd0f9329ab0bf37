"""JSON text, `Json.encode`, `to_json_value` and `derive_from_json`
(language reference 13.10, 15.1; conformance json/*)."""

import json
import math

import pytest

from meshpy.runtime.core import (
    JSON,
    NONE,
    T_BOOL,
    T_FLOAT,
    T_INT,
    T_STRING,
    Err,
    Json,
    JsonValue,
    ListOf,
    MapOf,
    Ok,
    OptionOf,
    Some,
    Struct,
    TypeRef,
    Variant,
    derive_from_json,
    display,
    to_json_value,
)


def _struct(name, fields, json_fields=None):
    """A class shaped like a generated struct class."""
    slots = tuple(fields)

    def __init__(self, *args):
        for a, v in zip(slots, args):
            setattr(self, a, v)

    def __eq__(self, other):
        return type(other) is type(self) and all(getattr(self, a) == getattr(other, a) for a in slots)

    cls = type(name, (Struct,), {
        "__slots__": slots, "_mesh_name": name, "_mesh_fields": slots,
        "__init__": __init__, "__eq__": __eq__, "__hash__": None,
    })
    if json_fields is not None:
        cls._json_fields = json_fields
    return cls


Item = _struct("Item", ["name", "qty"], (("name", T_STRING), ("qty", T_INT)))
Item4 = _struct("Item4", ["name", "qty", "price", "active"],
                (("name", T_STRING), ("qty", T_INT), ("price", T_FLOAT), ("active", T_BOOL)))
Point = _struct("Point", ["x", "y"], (("x", T_INT), ("y", T_INT)))
Path = _struct("Path", ["label", "points", "tags"],
               (("label", T_STRING), ("points", ListOf(Point)), ("tags", ListOf(T_STRING))))
Profile = _struct("Profile", ["nick", "bio"], (("nick", T_STRING), ("bio", OptionOf(T_STRING))))
Config = _struct("Config", ["env"], (("env", MapOf(T_INT)),))
F = _struct("F", ["v"], (("v", T_FLOAT),))
F4 = _struct("F4", ["a", "b", "c", "d"], tuple((n, T_FLOAT) for n in "abcd"))
Note = _struct("Note", ["text"], (("text", T_STRING),))
Holder = _struct("Holder", ["status", "raw"], (("status", TypeRef(lambda: Status)), ("raw", JsonValue)))


class Status(Variant):
    __slots__ = ()
    _type_name = "Status"


class Active(Status):
    __slots__ = ()
    _mesh_name = "Active"
    _tag = 0
    _json_fields = ()


ACTIVE = Active()
Active._instance = ACTIVE


class Suspended(Status):
    __slots__ = ("_0",)
    _mesh_name = "Suspended"
    _mesh_fields = ("_0",)
    _tag = 1
    _json_fields = (("_0", T_STRING),)

    def __init__(self, reason):
        self._0 = reason


class Dim(Status):
    __slots__ = ("_0", "_1")
    _mesh_name = "Dim"
    _mesh_fields = ("_0", "_1")
    _tag = 2
    _json_fields = (("_0", T_FLOAT), ("_1", ListOf(T_INT)))

    def __init__(self, a, b):
        self._0 = a
        self._1 = b


Status._variants = (Active, Suspended, Dim)


# --- encoding --------------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (Item4("bolt", 12, 0.25, True), '{"active":true,"name":"bolt","price":0.25,"qty":12}'),
        (Item("washer", 7), '{"name":"washer","qty":7}'),
        (Path("zig", [Point(1, 2), Point(3, 4)], ["a", "b"]),
         '{"label":"zig","points":[{"x":1,"y":2},{"x":3,"y":4}],"tags":["a","b"]}'),
        (Config({"b": 2, "a": 1}), '{"env":{"a":1,"b":2}}'),
        (Profile("ann", NONE), '{"bio":null,"nick":"ann"}'),
        (Profile("ann", Some("hi")), '{"bio":"hi","nick":"ann"}'),
        (ACTIVE, '{"fields":[],"tag":"Active"}'),
        (Suspended("fraud"), '{"fields":["fraud"],"tag":"Suspended"}'),
        (Dim(2.5, [1]), '{"fields":[2.5,[1]],"tag":"Dim"}'),
        (F4(3.0, 0.1, 1.0e21, -2.5), '{"a":3.0,"b":0.1,"c":1e21,"d":-2.5}'),
        (F4(math.inf, math.nan, 1.0e-7, 123456.0), '{"a":null,"b":null,"c":1e-7,"d":123456.0}'),
        (Note('say \\"hi\\" / tab\\t é 日本'), '{"text":"say \\\\\\"hi\\\\\\" / tab\\\\t é 日本"}'),
        (Note("ctl\n\t\x01\x7f"), '{"text":"ctl\\n\\t\\u0001\x7f"}'),
        ([1, "a", True, None], '[1,"a",true,null]'),
        ({"z": Some(1), "a": NONE}, '{"a":null,"z":1}'),
        (JsonValue({"b": [1, 2.5]}), '{"b":[1,2.5]}'),
        (Holder(ACTIVE, JsonValue([1])), '{"raw":[1],"status":{"fields":[],"tag":"Active"}}'),
    ],
)
def test_json_encode(value, text):
    assert Json.encode(value) == text
    assert JSON.encode(value) == text
    assert json.loads(text) == json.loads(Json.encode(value))


# json/float_notation_rules and json/encode_float_forms
@pytest.mark.parametrize(
    "v, text",
    [
        (1.0e15, "1000000000000000.0"),
        (1.0e16, "1e16"),
        (1.0e20, "1e20"),
        (123456789012345680000.0, "1.2345678901234568e20"),
        (0.0001, "0.0001"),
        (0.00001234, "0.00001234"),
        (0.000001, "1e-6"),
        (0.0000025, "2.5e-6"),
        (-0.0, "-0.0"),
        (0.0, "0.0"),
        (42.0, "42.0"),
        (3.0, "3.0"),
        (95.5, "95.5"),
        (0.1, "0.1"),
        (0.25, "0.25"),
        (1.0e21, "1e21"),
        (1.0e-7, "1e-7"),
        (123456.0, "123456.0"),
        (-2.5, "-2.5"),
        (1234567890123456.7, "1234567890123456.8"),
        (9007199254740993.0, "9007199254740992.0"),
        (1.5e300, "1.5e300"),
        (5e-324, "5e-324"),
        (-1.5e-9, "-1.5e-9"),
        (0.00012, "0.00012"),
        (math.inf, "null"),
        (-math.inf, "null"),
        (math.nan, "null"),
    ],
)
def test_json_float_notation(v, text):
    assert Json.encode(F(v)) == '{"v":' + text + "}"


@pytest.mark.parametrize(
    "call, text",
    [
        (lambda: JSON.encode_int(42), "42"),
        (lambda: JSON.encode_int(-3), "-3"),
        (lambda: JSON.encode_bool(False), "false"),
        (lambda: JSON.encode_bool(True), "true"),
        (lambda: JSON.encode_string("plain text"), '"plain text"'),
        (lambda: JSON.encode_string('q"uote'), '"q\\"uote"'),
        (lambda: JSON.encode_string("a\\b"), '"a\\\\b"'),
        (lambda: JSON.encode_string("é\n"), '"é\\n"'),
        (lambda: JSON.encode_map({"b": "2", "a": "1"}), '{"a":"1","b":"2"}'),
        (lambda: JSON.encode_map({}), "{}"),
        (lambda: JSON.encode_list(["x", "y"]), '["x","y"]'),
        (lambda: JSON.encode_list([]), "[]"),
    ],
)
def test_encode_helpers(call, text):
    assert call() == text


def test_to_json_value_shapes():
    assert to_json_value(Item("a", 1)) == {"name": "a", "qty": 1}
    assert to_json_value(Suspended("x")) == {"tag": "Suspended", "fields": ["x"]}
    assert to_json_value(Some([Some(1), NONE])) == [1, None]
    assert to_json_value(JsonValue({"k": [1]})) == {"k": [1]}
    assert to_json_value({1: "a"}) == {"1": "a"}
    # `JSON.encode(v.to_json())` equals `Json.encode(v)` (json/to_json_method)
    it = Item("a", 1)
    assert JSON.encode(JsonValue(to_json_value(it))) == Json.encode(it) == '{"name":"a","qty":1}'


# --- parsing ---------------------------------------------------------------


def test_parse_and_encode():  # json/parse_and_encode
    r = JSON.parse('{"b": [1, 2.5, true, null], "a": "x"}')
    assert type(r) is Ok and type(r.value) is JsonValue
    assert JSON.encode(r.value) == '{"a":"x","b":[1,2.5,true,null]}'
    assert Json.parse("[1.0, -0.0, 1e400]").value.value[:2] == [1.0, -0.0]
    assert JSON.encode(Json.parse("[1.0, 10000000000000000.0]").value) == "[1.0,1e16]"


@pytest.mark.parametrize("text", ["{oops", "", "not json", "[1,]", "NaN", "[Infinity]", "{} x", "'a'"])
def test_parse_errors_are_err(text):
    r = JSON.parse(text)
    assert type(r) is Err
    assert isinstance(r.value, str) and r.value


def test_parse_error_message_has_position():
    r = JSON.parse("{oops")
    assert "line 1 column 2" in r.value


def test_json_value_equality_and_display():
    assert JSON.parse("[1, true]").value == JSON.parse("[1,true]").value
    assert JSON.parse("[1]").value != JSON.parse("[true]").value
    assert display(JSON.parse('{"b":1,"a":2}').value) == '{"a":2,"b":1}'


# --- derive_from_json -------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # json/decode_errors
        ("[1, 2]", Err("expected Object")),
        ("{}", Err("missing field: name")),
        ('{"name": 5, "qty": 1}', Err("expected String")),
        ('{"name": "n", "qty": 2.9}', Ok(Item("n", 2))),
        ('{"name": "n", "qty": -2.9}', Ok(Item("n", -2))),
        ('{"name": "n", "qty": 4, "extra": true}', Ok(Item("n", 4))),
        ('{"qty": 4}', Err("missing field: name")),
        ('{"name": "n", "qty": "4"}', Err("expected Int")),
        ('{"name": "n", "qty": true}', Err("expected Int")),
        ('{"name": "n", "qty": null}', Err("expected Int")),
        ('{"name": "n"}', Err("missing field: qty")),
        ('"str"', Err("expected Object")),
        # json/roundtrip
        ('{"name":"washer","qty":7}', Ok(Item("washer", 7))),
    ],
)
def test_decode_item(text, expected):
    assert derive_from_json(Item, text) == expected


def test_decode_syntax_error_is_err():
    r = derive_from_json(Item, "not json")
    assert type(r) is Err and r.value


def test_decode_struct_float_from_int():  # json/decode_struct
    r = derive_from_json(Item4, '{"name":"nut","qty":3,"price":1,"active":false}')
    assert type(r) is Ok
    v = r.value
    assert type(v.price) is float
    assert f"{v.name} {v.qty} {display(v.price)} {display(v.active)}" == "nut 3 1 false"


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"name":"n","qty":1,"price":"x","active":true}', "expected Float"),
        ('{"name":"n","qty":1,"price":1.5,"active":1}', "expected Bool"),
    ],
)
def test_decode_scalar_errors(text, message):
    assert derive_from_json(Item4, text) == Err(message)


def test_decode_nested():  # json/decode_nested
    Path2 = _struct("Path2", ["label", "points"], (("label", T_STRING), ("points", ListOf(Point))))
    r = derive_from_json(Path2, '{"label":"p","points":[{"x":1,"y":2},{"x":5,"y":6}]}')
    assert type(r) is Ok
    p = r.value
    assert (p.label, len(p.points)) == ("p", 2)
    assert p.points[1] == Point(5, 6)
    assert Json.encode(p) == '{"label":"p","points":[{"x":1,"y":2},{"x":5,"y":6}]}'
    assert derive_from_json(Path2, '{"label":"p","points":{}}') == Err("expected Array")
    assert derive_from_json(Path2, '{"label":"p","points":[{"x":1}]}') == Err("missing field: y")
    assert derive_from_json(Path2, '{"label":"p","points":[3]}') == Err("expected Object")


@pytest.mark.parametrize(
    "text, expected",
    [
        ('{"nick":"ann"}', Ok(Profile("ann", NONE))),
        ('{"nick":"ann","bio":null}', Ok(Profile("ann", NONE))),
        ('{"nick":"ann","bio":"hi"}', Ok(Profile("ann", Some("hi")))),
        ('{"nick":"ann","bio":3}', Err("expected String")),
    ],
)
def test_decode_option_fields(text, expected):
    assert derive_from_json(Profile, text) == expected


def test_decode_map_field():
    r = derive_from_json(Config, '{"env":{"b":2,"a":1}}')
    assert type(r) is Ok
    assert display(r.value.env) == "%{a => 1, b => 2}"  # serde's sorted map order
    assert derive_from_json(Config, '{"env":{"a":"x"}}') == Err("expected Int")
    assert derive_from_json(Config, '{"env":[]}') == Err("expected Object")


def test_decode_sum_types():  # json/sum_from_json
    r = derive_from_json(Status, '{"tag":"Active","fields":[]}')
    assert type(r) is Ok and r.value is ACTIVE
    assert derive_from_json(Status, '{"tag":"Nope","fields":[]}') == Err("unknown variant for Status")
    assert derive_from_json(Status, '{"fields":[]}') == Err("missing field: tag")
    s = derive_from_json(Status, Json.encode(Suspended("x")))
    assert type(s) is Ok and type(s.value) is Suspended and s.value._0 == "x"
    d = derive_from_json(Status, '{"tag":"Dim","fields":[2,[1,2]]}')
    assert type(d.value) is Dim and d.value._0 == 2.0 and type(d.value._0) is float and d.value._1 == [1, 2]
    assert derive_from_json(Status, '{"tag":"Suspended","fields":[]}') == Err("array index 0 out of bounds (length 0)")
    assert derive_from_json(Status, '{"tag":"Dim","fields":[1.0]}') == Err("array index 1 out of bounds (length 1)")
    assert derive_from_json(Status, '{"tag":"Suspended","fields":[1]}') == Err("expected String")
    assert derive_from_json(Status, '{"tag":3,"fields":[]}') == Err("expected String")
    assert derive_from_json(Status, "[1]") == Err("expected Object")


def test_decode_through_type_ref_and_json_field():
    r = derive_from_json(Holder, '{"status":{"tag":"Suspended","fields":["z"]},"raw":{"k":[1,null]}}')
    assert type(r) is Ok
    h = r.value
    assert type(h.status) is Suspended and h.status._0 == "z"
    assert type(h.raw) is JsonValue and h.raw.value == {"k": [1, None]}


def test_type_ref_forms():
    assert TypeRef(Point).resolve() is Point
    assert TypeRef(lambda: Point).resolve() is Point
    assert TypeRef("meshpy.runtime.values:Some").resolve() is Some
    assert TypeRef("meshpy.runtime.values.Some").resolve() is Some
