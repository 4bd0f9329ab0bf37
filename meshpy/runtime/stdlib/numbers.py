"""Mesh `Int`, `Float` and `Math` modules (language reference 9.2, 9.3 and
13.8)."""

import math

from ..arith import INT_MIN, float_to_int
from ._module import mesh_module

_floor = math.floor
_ceil = math.ceil
_trunc = math.trunc
_inf = math.inf


def _is_odd_integer(e):
    return math.isfinite(e) and e == _floor(e) and math.fmod(e, 2.0) != 0.0


class Int:
    """Mesh Int functions."""

    def to_float(i):
        return float(i)


class Float:
    """Mesh Float functions."""

    def to_int(f):
        return float_to_int(f)

    def from_(i):
        return float(i)


class Math:
    """Mesh Math functions and constants."""

    pi = math.pi

    def abs(x):
        if x.__class__ is int:
            return x if x >= 0 else (INT_MIN if x == INT_MIN else -x)
        return abs(x)

    def min(a, b):
        # Float: a NaN operand yields the other one (Rust f64::min)
        if a != a:
            return b
        if b != b:
            return a
        return b if b < a else a

    def max(a, b):
        if a != a:
            return b
        if b != b:
            return a
        return b if b > a else a

    def pow(b, e):
        # IEEE-754 pow: inf on overflow, NaN on domain errors, never raises
        try:
            return math.pow(b, e)
        except OverflowError:
            return -_inf if (b < 0 and _is_odd_integer(e)) else _inf
        except ValueError:
            if b == 0:  # zero to a negative power
                return math.copysign(_inf, b) if _is_odd_integer(e) else _inf
            return math.nan

    def sqrt(x):
        try:
            return math.sqrt(x)
        except ValueError:
            return math.nan

    def floor(x):
        if x != x or x == _inf or x == -_inf:
            return float_to_int(x)
        return float_to_int(_floor(x))

    def ceil(x):
        if x != x or x == _inf or x == -_inf:
            return float_to_int(x)
        return float_to_int(_ceil(x))

    def round(x):
        # half away from zero: 2.5 -> 3, -2.5 -> -3, 0.5 -> 1
        if x != x or x == _inf or x == -_inf:
            return float_to_int(x)
        t = _trunc(x)
        if abs(x - t) >= 0.5:
            t += 1 if x > 0 else -1
        return float_to_int(t)


Int = mesh_module(Int)
Float = mesh_module(Float)
Math = mesh_module(Math)
