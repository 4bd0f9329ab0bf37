"""Property tests for the arithmetic and number formatting rules
(language reference 9.2, 10.1, 15.1)."""

import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from meshpy.runtime.core import JSON, String, i64, idiv, imod, ineg, show_float
from meshpy.runtime.jsoncodec import json_float

INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
FINITE = st.floats(allow_nan=False, allow_infinity=False)


@given(st.integers(min_value=-(2**130), max_value=2**130))
def test_i64_is_twos_complement(x):
    w = i64(x)
    assert -(2**63) <= w < 2**63
    assert (w - x) % 2**64 == 0


@given(INT64, INT64.filter(lambda b: b != 0))
def test_idiv_imod_match_c(a, b):
    q, r = idiv(a, b), imod(a, b)
    # C semantics: exact quotient truncated toward zero, remainder of the dividend's sign
    exact_q = abs(a) // abs(b) * (1 if (a >= 0) == (b > 0) else -1)
    assert q == i64(exact_q)
    assert r == a - exact_q * b
    assert r == 0 or (r > 0) == (a > 0)
    assert abs(r) < abs(b)


@given(INT64)
def test_ineg_wraps(x):
    assert ineg(x) == i64(-x)


@given(FINITE)
def test_show_float_round_trips_without_exponent(x):
    s = show_float(x)
    assert "e" not in s and "E" not in s
    assert not s.endswith(".0")
    assert float(s) == x
    assert math.copysign(1.0, float(s)) == math.copysign(1.0, x)
    # same digits as Python's shortest repr
    assert Decimal(s) == Decimal(repr(x))


@given(FINITE)
@settings(max_examples=300)
def test_json_float_round_trips(x):
    s = json_float(x)
    assert float(s) == x
    assert "+" not in s
    if "e" not in s:
        assert "." in s  # integral values keep ".0"
    else:
        mant, exp = s.split("e")
        assert not exp.lstrip("-").startswith("0")
        assert abs(x) < 1e-5 or abs(x) >= 1e16
    assert JSON.parse(s).value.value == x


@given(INT64)
def test_to_int_round_trips(i):
    assert String.to_int(str(i)).value == i
    assert String.to_int(f"  {i}\t").value == i
