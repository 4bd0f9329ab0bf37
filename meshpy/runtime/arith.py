"""Int and Float arithmetic helpers and `compare` (runtime contract, section 3;
language reference 9.2 and 9.3)."""

import math

from .panic import MeshPanic
from .values import EQUAL, GREATER, LESS

INT_MIN = -9223372036854775808
INT_MAX = 9223372036854775807
_MASK = 0xFFFFFFFFFFFFFFFF
_INF = math.inf
_NAN = math.nan
_copysign = math.copysign
_fmod = math.fmod


def i64(x):
    """Wrap an exact integer into 64-bit two's complement."""
    if INT_MIN <= x <= INT_MAX:
        return x
    return ((x + 9223372036854775808) & _MASK) - 9223372036854775808


def ineg(x):
    """Int unary minus with wrap-around (`-Int.min` is `Int.min`)."""
    if x == INT_MIN:
        return INT_MIN
    return -x


def idiv(a, b):
    """Int `/`: truncates toward zero; panics on a zero divisor;
    `Int.min / -1` wraps to `Int.min`."""
    if b == 0:
        raise MeshPanic("division by zero")
    q = a // b
    if q < 0 and q * b != a:
        q += 1
    if q > INT_MAX:  # only Int.min / -1
        return INT_MIN
    return q


def imod(a, b):
    """Int `%`: remainder with the sign of the dividend; panics on zero."""
    if b == 0:
        raise MeshPanic("division by zero")
    if a >= 0 and b > 0:
        return a % b
    r = abs(a) % abs(b)
    return -r if a < 0 else r


def fdiv(a, b):
    """Float `/` with IEEE-754 results for a zero divisor."""
    try:
        return a / b
    except ZeroDivisionError:
        a = float(a)
        if a != a or a == 0.0:
            return _NAN
        # sign of the result: sign(a) xor sign(b), where b is +0.0 or -0.0
        return _copysign(_INF, a) * _copysign(1.0, float(b))


def fmod(a, b):
    """Float `%`: C fmod (sign of the dividend); NaN where C gives NaN."""
    try:
        return _fmod(a, b)
    except ValueError:  # zero divisor or infinite dividend
        return _NAN


def fne(a, b):
    """Float `!=` as the reference computes it: false when either is NaN."""
    return a < b or a > b


def compare(a, b):
    """`Less` / `Equal` / `Greater` through Python `<` and `==`."""
    if a < b:
        return LESS
    if a == b:
        return EQUAL
    return GREATER


def float_to_int(f):
    """Float to Int the way Rust `as i64` does: truncate toward zero,
    saturate at the Int bounds, NaN gives 0."""
    if f != f:
        return 0
    if f >= 9.223372036854775807e18:
        return INT_MAX
    if f <= -9.223372036854775808e18:
        return INT_MIN
    return int(f)


# Generic arithmetic: for code whose operand type the compiler could not pin
# down (an un-annotated function used with Int and Float alike).


def gadd(a, b):
    return a + b if a.__class__ is float else i64(a + b)


def gsub(a, b):
    return a - b if a.__class__ is float else i64(a - b)


def gmul(a, b):
    return a * b if a.__class__ is float else i64(a * b)


def gdiv(a, b):
    return fdiv(a, b) if a.__class__ is float else idiv(a, b)


def gmod(a, b):
    return fmod(a, b) if a.__class__ is float else imod(a, b)


def gneg(a):
    return -a if a.__class__ is float else i64(-a)
