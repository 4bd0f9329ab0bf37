"""Int, Float and Math (language reference 9.3, 13.8; conformance
stdlib_misc/math, arithmetic/int_float_conversion)."""

import math

import pytest

from meshpy.runtime.core import Float, Int, Math, display

MAX = 9223372036854775807
MIN = -9223372036854775808


def _line(*vals):
    return " ".join(display(v) for v in vals)


def test_math_probe():  # stdlib_misc/math, line by line
    assert _line(Math.abs(-5), Math.abs(5), Math.abs(-2.5)) == "5 5 2.5"
    assert _line(Math.min(3, 7), Math.max(3, 7), Math.min(2.5, 1.5)) == "3 7 1.5"
    assert _line(Math.pow(2.0, 10.0), Math.sqrt(16.0), Math.sqrt(2.0)) == "1024 4 1.4142135623730951"
    assert _line(Math.floor(2.7), Math.floor(-2.2), Math.ceil(2.1), Math.ceil(-2.7)) == "2 -3 3 -2"
    assert _line(Math.round(2.5), Math.round(-2.5), Math.round(0.5), Math.round(1.4), Math.round(-0.4)) == "3 -3 1 1 0"
    assert display(Math.pi) == "3.141592653589793"
    assert _line(Int.to_float(3), Float.to_int(3.99), Float.to_int(-2.7), Float.from_(8)) == "3 3 -2 8"


def test_int_float_conversion_probe():  # arithmetic/int_float_conversion
    f = Int.to_float(7) / 2.0
    assert display(f) == "3.5"
    assert display(Float.to_int(f)) == "3"
    assert display(Float.to_int(-0.9)) == "0"
    assert display(Float.to_int(1.0e10)) == "10000000000"
    assert display(Math.round(f)) == "4"


@pytest.mark.parametrize(
    "x, expected",
    [
        (2.5, 3),
        (-2.5, -3),
        (0.5, 1),
        (-0.5, -1),
        (1.4, 1),
        (-0.4, 0),
        (1.5, 2),
        (0.49999999999999994, 0),  # naive floor(x + 0.5) gives 1
        (4503599627370497.0, 4503599627370497),
        (-4503599627370497.0, -4503599627370497),
        (1e300, MAX),
        (math.inf, MAX),
        (-math.inf, MIN),
        (math.nan, 0),
    ],
)
def test_round_half_away_from_zero(x, expected):
    r = Math.round(x)
    assert type(r) is int
    assert r == expected


@pytest.mark.parametrize(
    "fn, x, expected",
    [
        ("floor", 2.7, 2),
        ("floor", -2.2, -3),
        ("ceil", 2.1, 3),
        ("ceil", -2.7, -2),
        ("floor", -0.0, 0),
        ("ceil", math.inf, MAX),
        ("floor", math.nan, 0),
    ],
)
def test_floor_ceil_return_int(fn, x, expected):
    r = getattr(Math, fn)(x)
    assert type(r) is int and r == expected


@pytest.mark.parametrize(
    "x, expected",
    [(3.99, 3), (-2.7, -2), (-0.9, 0), (1e10, 10000000000), (1e19, MAX), (-1e19, MIN), (math.nan, 0), (math.inf, MAX)],
)
def test_float_to_int_truncates_and_saturates(x, expected):
    r = Float.to_int(x)
    assert type(r) is int and r == expected


@pytest.mark.parametrize(
    "b, e, expected",
    [
        (2.0, 10.0, "1024"),
        (2.0, 0.5, "1.4142135623730951"),
        (10.0, 400.0, "inf"),
        (-10.0, 401.0, "-inf"),
        (-8.0, 1.0 / 3.0, "NaN"),
        (0.0, -1.0, "inf"),
        (-0.0, -1.0, "-inf"),
        (-0.0, -2.0, "inf"),
        (0.0, 0.0, "1"),
    ],
)
def test_pow_ieee(b, e, expected):
    assert display(Math.pow(b, e)) == expected


@pytest.mark.parametrize("x, expected", [(16.0, "4"), (-1.0, "NaN"), (math.inf, "inf"), (0.0, "0")])
def test_sqrt(x, expected):
    assert display(Math.sqrt(x)) == expected


@pytest.mark.parametrize(
    "x, expected",
    [(-5, 5), (5, 5), (-2.5, 2.5), (MIN, MIN), (-0.0, 0.0)],
)
def test_abs(x, expected):
    r = Math.abs(x)
    assert r == expected and type(r) is type(x)


def test_min_max_with_nan_pick_the_number():
    assert Math.min(math.nan, 1.0) == 1.0
    assert Math.min(1.0, math.nan) == 1.0
    assert Math.max(math.nan, 2.0) == 2.0
    assert Math.max(-3, -7) == -3
    assert Math.min(-3, -7) == -7


def test_conversions_produce_right_types():
    assert type(Int.to_float(3)) is float
    assert type(Float.from_(3)) is float
    assert type(Float.to_int(3.5)) is int
