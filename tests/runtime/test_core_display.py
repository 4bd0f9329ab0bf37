"""The display form of every value kind (language reference 10, 10.1;
conformance printing/*)."""

import math

import pytest

from meshpy.runtime.core import (
    EQUAL,
    GREATER,
    LESS,
    NONE,
    Err,
    JsonValue,
    MeshPanic,
    Ok,
    Queue,
    Set,
    Some,
    Struct,
    Variant,
    display,
    fdiv,
    match_failed,
    show_bool,
    show_float,
)

# --- classes shaped like the generated ones (runtime contract, section 1) ---


class Parcel(Struct):  # no deriving clause: Debug form
    __slots__ = ("label", "grams")
    _mesh_name = "Parcel"
    _mesh_fields = ("label", "grams")

    def __init__(self, label, grams):
        self.label = label
        self.grams = grams


class Empty(Struct):
    __slots__ = ()
    _mesh_name = "Empty"
    _mesh_fields = ()


class Money(Struct):  # deriving(Display)
    __slots__ = ("amount", "currency")
    _mesh_name = "Money"
    _mesh_fields = ("amount", "currency")

    def __init__(self, amount, currency):
        self.amount = amount
        self.currency = currency

    def _display(self):
        return "Money(" + display(self.amount) + ", " + display(self.currency) + ")"


class Outer(Struct):
    __slots__ = ("name", "inner")
    _mesh_name = "Outer"
    _mesh_fields = ("name", "inner")

    def __init__(self, name, inner):
        self.name = name
        self.inner = inner


class Signal(Variant):
    __slots__ = ()
    _type_name = "Signal"


class Off(Signal):
    __slots__ = ()
    _mesh_name = "Off"
    _tag = 0


class Level(Signal):
    __slots__ = ("_0",)
    _mesh_name = "Level"
    _mesh_fields = ("_0",)
    _tag = 1

    def __init__(self, v):
        self._0 = v


class Pair(Signal):
    __slots__ = ("_0", "_1")
    _mesh_name = "Pair"
    _mesh_fields = ("_0", "_1")
    _tag = 2

    def __init__(self, a, b):
        self._0 = a
        self._1 = b


OFF = Off()


class Process:  # stands in for meshpy.runtime.actors.Process
    def __init__(self, id):
        self.id = id


def named_function(x):
    return x


# printing/float_forms and printing/float_special, value -> expected line
FLOAT_FORMS = [
    (3.0, "3"),
    (-0.5, "-0.5"),
    (0.1 + 0.2, "0.30000000000000004"),
    (1.0 / 3.0, "0.3333333333333333"),
    (100.0, "100"),
    (1.0e21, "1000000000000000000000"),
    (1.0e22, "10000000000000000000000"),
    (123456789.125, "123456789.125"),
    (0.000001, "0.000001"),
    (1.0e-10, "0.0000000001"),
    (2.0e10, "20000000000"),
    (float(42), "42"),
    (9.5, "9.5"),
    (-3.0, "-3"),
    (math.inf, "inf"),
    (-math.inf, "-inf"),
    (math.nan, "NaN"),
    (fdiv(0.0, 0.0), "NaN"),
    (-0.0, "-0"),
    (0.0 * -1.0, "-0"),
    (0.0, "0"),
    (1.5e-7, "0.00000015"),
    (2.5, "2.5"),
    (1.25, "1.25"),
    (0.25, "0.25"),
    (21.5, "21.5"),
    (1e16, "10000000000000000"),
    (1.2345678901234568e20, "123456789012345680000"),
    (5e-324, "0." + "0" * 323 + "5"),
    (1.7976931348623157e308, "17976931348623157" + "0" * 292),
    (7.0 / 2.0, "3.5"),
    (-7.5 * 2.0, "-15"),
    (1.5 + 2.25, "3.75"),
    (10.0 - 0.1, "9.9"),
    (1.0e308 * 10.0, "inf"),
    (math.sqrt(2.0), "1.4142135623730951"),
    (math.pi, "3.141592653589793"),
]


@pytest.mark.parametrize("value, expected", FLOAT_FORMS)
def test_show_float(value, expected):
    assert show_float(value) == expected
    assert display(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (42, "42"),
        (-7, "-7"),
        (0, "0"),
        (9223372036854775807, "9223372036854775807"),
        (-9223372036854775808, "-9223372036854775808"),
        (True, "true"),
        (False, "false"),
        ("str", "str"),
        ("", ""),
        (None, "()"),
        ([1, 2, 3], "[1, 2, 3]"),
        (["alpha", "beta"], "[alpha, beta]"),
        ([[1, 2], [3]], "[[1, 2], [3]]"),
        ([True, False], "[true, false]"),
        ([], "[]"),
        ([["a"], []], "[[a], []]"),
        (["with space", "comma, inside"], "[with space, comma, inside]"),
        ([1.5, 2.0, -0.0], "[1.5, 2, -0]"),
        ({"b": 2, "a": 1}, "%{b => 2, a => 1}"),
        ({3: "three", 1: "one"}, "%{3 => three, 1 => one}"),
        ({}, "%{}"),
        ({"xs": [1, 2]}, "%{xs => [1, 2]}"),
        ({"on": True, "off": False}, "%{on => true, off => false}"),
        ({1: ["x", "y"]}, "%{1 => [x, y]}"),
        (Set.from_list([5, 1, 3]), "#{5, 1, 3}"),
        (Set.new(), "#{}"),
        ((1, "a"), "(1, a)"),
        ((1, (2.5, [3])), "(1, (2.5, [3]))"),
        (range(2, 6), "2..6"),
        (Some(3), "Some(3)"),
        (Some("x"), "Some(x)"),
        (Some(Some(1.0)), "Some(Some(1))"),
        (NONE, "None"),
        (Ok([1]), "Ok([1])"),
        (Err("boom"), "Err(boom)"),
        (LESS, "Less"),
        (EQUAL, "Equal"),
        (GREATER, "Greater"),
        ([Some(1), NONE], "[Some(1), None]"),
        (Queue.push(Queue.push(Queue.new(), 1), 2), "Queue[1, 2]"),
        (JsonValue({"b": 1, "a": [True, None]}), '{"a":[true,null],"b":1}'),
    ],
)
def test_display_builtin_values(value, expected):
    assert display(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (Parcel("books", 1200), "Parcel { label: books, grams: 1200 }"),
        (Empty(), "Empty {}"),
        (Parcel("s2", -3.0), "Parcel { label: s2, grams: -3 }"),
        (Money(5, "EUR"), "Money(5, EUR)"),
        (Outer("o", Parcel("p", 1)), "Outer { name: o, inner: Parcel { label: p, grams: 1 } }"),
        (Outer("o", Money(2, "X")), "Outer { name: o, inner: Money(2, X) }"),
        (OFF, "Off"),
        (Level(2.5), "Level(2.5)"),
        (Level("warm"), "Level(warm)"),
        (Pair(1, [2]), "Pair(1, [2])"),
        ([Money(1, "A"), Money(2, "B")], "[Money(1, A), Money(2, B)]"),
        ({"k": Level(1.0)}, "%{k => Level(1)}"),
        (Some(Parcel("a", 1)), "Some(Parcel { label: a, grams: 1 })"),
    ],
)
def test_display_structs_and_variants(value, expected):
    assert display(value) == expected


def test_display_functions_and_processes():
    assert display(named_function) == "#Function<named_function>"
    assert display(Process(7)) == "#PID<7>"


def test_show_bool():
    assert show_bool(True) == "true"
    assert show_bool(False) == "false"


@pytest.mark.parametrize(
    "value, shown",
    [(5, "5"), ("x", "x"), (Level(1.5), "Level(1.5)"), ([1, 2], "[1, 2]"), (NONE, "None")],
)
def test_match_failed(value, shown):
    with pytest.raises(MeshPanic) as exc:
        match_failed(value)
    assert exc.value.message == "non-exhaustive match: no clause matches " + shown
    assert str(exc.value) == exc.value.message
