"""Int/Float arithmetic helpers and compare (language reference 9.2, 9.3;
conformance arithmetic/*, printing/float_special)."""

import math

import pytest

from meshpy.runtime.core import (
    EQUAL,
    GREATER,
    LESS,
    MeshPanic,
    compare,
    display,
    fdiv,
    fmod,
    fne,
    i64,
    idiv,
    imod,
    ineg,
)

MAX = 9223372036854775807
MIN = -9223372036854775808


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, 0),
        (MAX, MAX),
        (MIN, MIN),
        (MAX + 1, MIN),  # arithmetic/int_overflow: max + 1
        (MIN - 1, MAX),  # min - 1
        (MAX * 2, -2),  # max * 2
        (-MIN, MIN),  # -min
        (MAX * MAX, 1),  # max * max
        (3037000500 * 3037000500, -9223372036709301616),
        (2**64, 0),
        (2**64 + 5, 5),
        (-(2**64) - 5, -5),
    ],
)
def test_i64_wraps(value, expected):
    assert i64(value) == expected


@pytest.mark.parametrize("x, expected", [(5, -5), (-5, 5), (0, 0), (MAX, -MAX), (MIN, MIN)])
def test_ineg(x, expected):
    assert ineg(x) == expected


@pytest.mark.parametrize(
    "a, b, q, r",
    [
        (7, 2, 3, 1),
        (-7, 2, -3, -1),
        (7, -2, -3, 1),
        (-7, -2, 3, -1),
        (7, 3, 2, 1),
        (-7, 3, -2, -1),
        (7, -3, -2, 1),
        (-7, -3, 2, -1),
        (-17, 5, -3, -2),
        (0, 5, 0, 0),
        (6, 3, 2, 0),
        (-6, 3, -2, 0),
        (MIN, -1, MIN, 0),  # overflow wraps
        (MIN, 1, MIN, 0),
        (MAX, MIN, 0, MAX),
    ],
)
def test_idiv_imod_truncate(a, b, q, r):
    assert idiv(a, b) == q
    assert imod(a, b) == r
    if (a, b) != (MIN, -1):
        assert a == idiv(a, b) * b + imod(a, b)


@pytest.mark.parametrize("fn", [idiv, imod])
@pytest.mark.parametrize("a", [0, 1, -1, MAX])
def test_int_division_by_zero_panics(fn, a):
    with pytest.raises(MeshPanic, match="division by zero"):
        fn(a, 0)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (7.0, 2.0, "3.5"),
        (1.0, 0.0, "inf"),
        (-1.0, 0.0, "-inf"),
        (1.0, -0.0, "-inf"),
        (-1.0, -0.0, "inf"),
        (0.0, 0.0, "NaN"),
        (math.inf, 0.0, "inf"),
        (math.nan, 0.0, "NaN"),
        (1.0, 3.0, "0.3333333333333333"),
    ],
)
def test_fdiv_ieee(a, b, expected):
    assert display(fdiv(a, b)) == expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (7.5, 2.0, "1.5"),
        (-7.5, 2.0, "-1.5"),
        (7.5, -2.0, "1.5"),
        (1.0, 0.0, "NaN"),
        (math.inf, 2.0, "NaN"),
        (5.0, math.inf, "5"),
    ],
)
def test_fmod_c_semantics(a, b, expected):
    assert display(fmod(a, b)) == expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (1.0, 2.0, True),
        (2.0, 2.0, False),
        (math.nan, math.nan, False),  # printing/float_special
        (math.nan, 1.0, False),
        (1.0, math.nan, False),
        (math.inf, 1.0, True),
    ],
)
def test_fne(a, b, expected):
    assert fne(a, b) is expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (1, 2, LESS),
        (2, 2, EQUAL),
        (5, 2, GREATER),
        ("a", "b", LESS),
        ([1, 2], [1, 2, 0], LESS),
        ([1, 3], [1, 2, 0], GREATER),
        (1.5, 1.5, EQUAL),
    ],
)
def test_compare(a, b, expected):
    assert compare(a, b) is expected
