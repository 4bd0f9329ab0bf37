"""64-bit wrapping of Int arithmetic, written into the emitted code.

Mesh Ints are 64-bit and wrap (section 9). Python ints do not, so every Int
`+ - *` that the range analysis (ranges.py) cannot bound is followed by a
check. The check is emitted here, in the form that runs — the loader only
compiles the `.py` on disk:

* assigned to a name or returned (`x = a + b`, tail-call rebinding,
  `return a + b` through a temporary): the plain operation, then
  `if x > 0x7FFFFFFFFFFFFFFF or x < -0x8000000000000000: x = i64(x)` — one
  bound only when a small constant is added or subtracted; a comparison of a
  local costs less than a call;
* anywhere else: `i64(a + b)`, the runtime's wrapping function.

A lowered operation is a `Wrapped` expression: its text is the expression
form, `inner` the bare operation, so a context that assigns picks the
statement form (`check_stmt`, an `If` node) from the node, not the text.
"""

from __future__ import annotations

from .code import ADD, ATOM, CMP, MUL, OR, UNARY, Assign, If, Py, atom, binop, call, name

INT_MIN_TEXT = "-0x8000000000000000"
INT_MAX_TEXT = "0x7FFFFFFFFFFFFFFF"


class Wrapped(Py):
    """The expression form of a wrapped Int operation (see module doc)."""

    inner: Py
    bound: str  # "both", "high" (adding a constant) or "low" (subtracting one)

    def __new__(cls, inner: Py, bound: str = "both"):
        self = super().__new__(cls, f"i64({inner})", ATOM)
        self.inner = inner
        self.bound = bound
        return self


def wrap(left: Py, op: str, right: Py, right_const) -> Wrapped:
    """`left op right` with its 64-bit check; `right_const` is the Python
    int of a literal right operand (or None)."""
    level = MUL if op == "*" else ADD
    inner = binop(left, op, right, level)
    if isinstance(right_const, int) and 0 <= right_const <= 2**32 and op in ("+", "-"):
        return Wrapped(inner, "high" if op == "+" else "low")
    return Wrapped(inner)


def negate(operand: Py) -> Wrapped:
    return Wrapped(Py(f"-{operand.at(UNARY)}", UNARY))


_I64 = name("i64")


def check_stmt(target: Py, w: Wrapped, line: int = 0) -> If:
    """The check after `target = w.inner`: `if target > MAX …: target = i64(target)`."""
    high = Py(f"{target} > {INT_MAX_TEXT}", CMP)
    low = Py(f"{target} < {INT_MIN_TEXT}", CMP)  # (binop would parenthesise the negative bound)
    if w.bound == "high":
        test = high
    elif w.bound == "low":
        test = low
    else:
        test = binop(high, "or", low, OR)
    return If(test, [Assign(target, call(_I64, [target]))], line)


def divide(fn: str, x: Py, d: Py, right_const) -> Py:
    """Int `/` or `%` (truncating): Python operators when `x` is a plain name
    and `d` a positive literal, else the runtime's idiv/imod."""
    if isinstance(right_const, int) and right_const > 0 and x.kind == "name":
        op = "%" if fn == "imod" else "//"
        return atom(f"({x} {op} {d} if {x} >= 0 else -(-{x} {op} {d}))")
    return call(name(fn), [x, d])
