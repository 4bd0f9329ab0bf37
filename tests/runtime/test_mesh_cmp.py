"""mesh_cmp (runtime/implicit.py): ordering as Rust's PartialOrd (issue 10).

Without NaN it must agree with Python's order on nested lists and tuples
(the order the lowering keeps for NaN-free types); with a NaN it is the
lexicographic order whose first unordered pair makes every operator false.
compare_async must give the same answers."""

from __future__ import annotations

import asyncio
import math

from hypothesis import given, strategies as st

from meshpy.runtime.implicit import compare_async, mesh_cmp
from meshpy.runtime.values import NONE, Some

NAN = float("nan")
OPS = {"<": lambda c: c < 0, "<=": lambda c: c <= 0, ">": lambda c: c > 0, ">=": lambda c: c >= 0}

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-4, max_value=4)
floats = st.lists(finite, max_size=4)
# values of one Mesh type each (Lists are homogeneous): a and b share it
TYPED = [
    floats,
    st.lists(floats, max_size=3),
    st.lists(st.tuples(finite, finite), max_size=3),
    st.tuples(finite, floats),
    st.lists(st.tuples(st.integers(-2, 2), floats), max_size=3),
]


def _sign(c):
    return (c > 0) - (c < 0)


def _reference(a, b):
    """PartialOrd by the definition: None when unordered."""
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return None
        return (a > b) - (a < b)
    for x, y in zip(a, b):
        c = _reference(x, y)
        if c != 0:
            return c
    return (len(a) > len(b)) - (len(a) < len(b))


@given(st.lists(finite, max_size=5), st.lists(finite, max_size=5))
def test_nan_free_float_lists_follow_python(a, b):
    assert _sign(mesh_cmp(a, b)) == (a > b) - (a < b)


@given(st.sampled_from(TYPED).flatmap(lambda t: st.tuples(t, t)))
def test_nan_free_nested_values_follow_python(pair):
    a, b = pair
    assert _sign(mesh_cmp(a, b)) == (a > b) - (a < b)
    assert _sign(asyncio.run(compare_async(a, b))) == (a > b) - (a < b)


@given(st.lists(finite, min_size=1, max_size=5), st.lists(finite, max_size=5), st.integers(0, 4), st.booleans())
def test_a_nan_orders_like_partial_ord(a, b, at, same_object):
    at = min(at, len(a) - 1)
    a = list(a)
    a[at] = NAN
    b = list(b)
    if same_object:
        b = a[:at + 1] + b  # an equal prefix, then the very same NaN object
    expected = _reference(a, b)
    c = mesh_cmp(a, b)
    c_async = asyncio.run(compare_async(a, b))
    for op, holds in OPS.items():
        want = False if expected is None else holds(expected)
        assert holds(c) == want, (a, b, op)
        assert holds(c_async) == want, (a, b, op)


def test_same_nan_object_is_unordered_where_python_calls_it_equal():
    xs = [NAN]
    assert xs <= xs  # Python's identity shortcut …
    assert not any(holds(mesh_cmp(xs, xs)) for holds in OPS.values())  # … which Mesh does not take
    assert not any(holds(mesh_cmp(Some(NAN), Some(NAN))) for holds in OPS.values())
    assert mesh_cmp(Some(1.0), NONE) < 0  # variant order: Some is declared first
