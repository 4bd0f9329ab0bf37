"""`derive_from_row` (language reference 15.2; conformance traits/derive_row)."""

import math

import pytest

from meshpy.runtime.core import (
    NONE,
    T_BOOL,
    T_FLOAT,
    T_INT,
    T_STRING,
    Err,
    Ok,
    OptionOf,
    Some,
    Struct,
    derive_from_row,
    display,
)


class User(Struct):
    __slots__ = ("name", "age", "score", "active")
    _mesh_name = "User"
    _mesh_fields = ("name", "age", "score", "active")
    _row_fields = (("name", T_STRING), ("age", T_INT), ("score", T_FLOAT), ("active", T_BOOL))

    def __init__(self, *a):  # never called by derive_from_row
        raise AssertionError("from_row must not need __init__")


class Opt(Struct):
    __slots__ = ("note", "n", "f", "b")
    _mesh_name = "Opt"
    _mesh_fields = ("note", "n", "f", "b")
    _row_fields = (
        ("note", OptionOf(T_STRING)),
        ("n", OptionOf(T_INT)),
        ("f", OptionOf(T_FLOAT)),
        ("b", OptionOf(T_BOOL)),
    )


def _show(r):
    if type(r) is Err:
        return "err " + r.value
    u = r.value
    return " ".join(display(getattr(u, f)) for f in u._mesh_fields)


# traits/derive_row, row -> printed line
@pytest.mark.parametrize(
    "row, line",
    [
        ({"name": "ann", "age": " 42 ", "score": "1.5", "active": "t"}, "ann 42 1.5 true"),
        ({"name": "bob", "age": "x", "score": "1", "active": "yes"}, "err cannot parse 'x' as Int"),
        ({"age": "1"}, "err missing column: name"),
        ({"name": "c", "age": "3", "score": "Infinity", "active": "NO"}, "c 3 inf false"),
        ({"name": "c", "age": "3", "score": "2", "active": "maybe"}, "err cannot parse 'maybe' as Bool"),
        ({"name": "c", "age": "", "score": "2", "active": "1"}, "err cannot parse '' as Int"),
        ({"name": "c", "age": "3", "score": "-Infinity", "active": "0"}, "c 3 -inf false"),
        ({"name": "c", "age": "3", "score": "2", "active": " TRUE "}, "c 3 2 true"),
        ({"name": "c", "age": "3", "score": "2", "active": "f"}, "c 3 2 false"),
        ({"name": "c", "age": "3", "score": "2", "active": "No"}, "c 3 2 false"),
        ({"name": "c", "age": "3", "score": "abc", "active": "t"}, "err cannot parse 'abc' as Float"),
        ({"name": "c", "age": "3", "score": "", "active": "t"}, "err cannot parse '' as Float"),
        ({"name": "c", "age": "9223372036854775808", "score": "1", "active": "t"},
         "err cannot parse '9223372036854775808' as Int"),
        ({"name": "c", "age": "3.0", "score": "1", "active": "t"}, "err cannot parse '3.0' as Int"),
        ({"name": "", "age": "-7", "score": " 1e3 ", "active": "yes"}, " -7 1000 true"),
        ({"name": "c", "age": "3"}, "err missing column: score"),
        ({"name": "c", "age": "x"}, "err cannot parse 'x' as Int"),  # first failure wins
    ],
)
def test_from_row(row, line):
    assert _show(derive_from_row(User, row)) == line


def test_from_row_values_have_mesh_types():
    r = derive_from_row(User, {"name": "a", "age": "1", "score": "2", "active": "t"})
    assert type(r) is Ok
    u = r.value
    assert type(u) is User
    assert (type(u.age), type(u.score), type(u.active)) == (int, float, bool)
    assert derive_from_row(User, {"name": "a", "age": "1", "score": "Infinity", "active": "t"}).value.score == math.inf


@pytest.mark.parametrize(
    "row, expected",
    [
        ({}, (NONE, NONE, NONE, NONE)),
        ({"note": "", "n": "", "f": "", "b": ""}, (NONE, NONE, NONE, NONE)),
        ({"note": "hi", "n": " 5 ", "f": "0.5", "b": "t"}, (Some("hi"), Some(5), Some(0.5), Some(True))),
    ],
)
def test_from_row_options(row, expected):
    r = derive_from_row(Opt, row)
    assert type(r) is Ok
    assert tuple(getattr(r.value, f) for f in Opt._mesh_fields) == expected


def test_from_row_option_parse_failure_is_err():
    assert derive_from_row(Opt, {"n": "x"}) == Err("cannot parse 'x' as Int")
