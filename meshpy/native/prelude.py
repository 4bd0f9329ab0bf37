"""The fixed head of every typed island module (meshpy/native/typed.py):
imports, Int bounds and the typed helpers that keep Mesh semantics in C
(truncating division, IEEE Float division, conversions, entry checks,
the runtime's panic messages). A format string: `{modules}` names the Mesh
modules, other braces are doubled."""

PRELUDE = '''\
# Typed islands of Mesh modules {modules} (meshpy build --native); compiled by mypyc.
import math as _math
from typing import NoReturn

from mypy_extensions import i64
from meshpy.runtime.panic import MeshPanic
from meshpy.runtime.output import println as _rt_println, print_ as _rt_print

INT_MIN: i64 = -9223372036854775807 - 1
INT_MAX: i64 = 9223372036854775807
_LO: int = -9223372036854775808  # arbitrary-precision bounds for values coming in
_HI: int = 9223372036854775807


def _deep() -> None:
    raise RecursionError("maximum recursion depth exceeded")


def _idiv(a: i64, b: i64) -> i64:
    if b == 0:
        raise MeshPanic("division by zero")
    if b == -1:
        return -a  # wraps: Int.min / -1 is Int.min
    q = a // b  # floors; Mesh truncates toward zero
    if q < 0 and q * b != a:
        q += 1
    return q


def _imod(a: i64, b: i64) -> i64:
    if b == 0:
        raise MeshPanic("division by zero")
    if b == -1:
        return 0
    return a - _idiv(a, b) * b


def _fdiv(a: float, b: float) -> float:
    if b == 0.0:  # IEEE-754 results, as the interpreted runtime.fdiv
        if a != a or a == 0.0:
            return _math.nan
        return _math.copysign(_math.inf, a) * _math.copysign(1.0, b)
    return a / b


def _fmod(a: float, b: float) -> float:
    if b == 0.0 or a != a or b != b or _math.isinf(a):
        return _math.nan  # where C fmod gives NaN (runtime.fmod)
    return _math.fmod(a, b)


def _f2i(f: float) -> i64:
    # Float to Int as runtime.float_to_int: truncate, saturate, NaN is 0
    if f != f:
        return 0
    if f >= 9.223372036854775807e18:
        return INT_MAX
    if f <= -9.223372036854775808e18:
        return INT_MIN
    return i64(int(f))


def _empty(fn: str) -> NoReturn:
    raise MeshPanic(f"List.{{fn}}: empty list")


def _out_of_bounds(fn: str, i: i64, n: i64) -> NoReturn:
    raise MeshPanic(f"List.{{fn}}: index {{i}} out of bounds (len {{n}})")


def _fne(a: float, b: float) -> bool:
    return a < b or a > b  # false when either is NaN, as runtime.fne


def _sqrt(x: float) -> float:
    return _math.sqrt(x) if x >= 0.0 else _math.nan


def _fmin(a: float, b: float) -> float:
    if a != a:
        return b
    if b != b:
        return a
    return b if b < a else a


def _fmax(a: float, b: float) -> float:
    if a != a:
        return b
    if b != b:
        return a
    return b if b > a else a


def _in_int(x: object) -> i64:
    # a value entering the island from the runtime: must be a 64-bit Int
    if not isinstance(x, int) or isinstance(x, bool) or x < _LO or x > _HI:
        raise MeshPanic(f"Int value out of 64-bit range entering native code: {{x!r}}")
    return i64(x)


def _in_float(x: object) -> float:
    if not isinstance(x, float):
        raise MeshPanic(f"Float expected entering native code: {{x!r}}")
    return x


def _in_bool(x: object) -> bool:
    if not isinstance(x, bool):
        raise MeshPanic(f"Bool expected entering native code: {{x!r}}")
    return x


def _in_str(x: object) -> str:
    if not isinstance(x, str):
        raise MeshPanic(f"String expected entering native code: {{x!r}}")
    return x


def _in_list(x: object) -> list[object]:
    if not isinstance(x, list):
        raise MeshPanic(f"List expected entering native code: {{x!r}}")
    return x


def _in_list_int(x: object) -> list[i64]:
    return [_in_int(v) for v in _in_list(x)]


def _in_list_float(x: object) -> list[float]:
    return [_in_float(v) for v in _in_list(x)]


def _in_list_bool(x: object) -> list[bool]:
    return [_in_bool(v) for v in _in_list(x)]


def _in_list_str(x: object) -> list[str]:
    return [_in_str(v) for v in _in_list(x)]
'''
