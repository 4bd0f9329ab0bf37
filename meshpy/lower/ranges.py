"""What the lowering knows about the range of Int variables, to leave out
64-bit wrap checks that cannot fire.

Facts come from the `if` conditions around the code: in the `else` branch of
`if n < 2`, `n >= 2`, so `n - 1` and `n - 2` cannot overflow and are emitted
as plain Python subtraction (naive `fib` runs ~15% faster). Only comparisons
of a variable with an Int literal are used; everything else stays checked.
"""

from __future__ import annotations

from contextlib import contextmanager

from .. import ast as A
from ..check.model import LocalRef

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "=="}


class Ranges:
    def __init__(self):
        self.known: dict[int, tuple[int, int]] = {}  # Binding.id -> (low, high)

    @contextmanager
    def assuming(self, facts):
        saved = dict(self.known)
        for bid, (lo, hi) in facts:
            old_lo, old_hi = self.known.get(bid, (INT_MIN, INT_MAX))
            self.known[bid] = (max(lo, old_lo), min(hi, old_hi))
        try:
            yield
        finally:
            self.known = saved

    def from_condition(self, cond, info) -> tuple[list, list]:
        """Facts that hold in the then- and else-branch of `if cond`."""
        if not isinstance(cond, A.Binary) or cond.op not in _FLIP:
            return [], []
        left, right, op = cond.left, cond.right, cond.op
        if isinstance(left, A.IntLit) and isinstance(right, A.Name):
            left, right, op = right, left, _FLIP[op]
        if not (isinstance(left, A.Name) and isinstance(right, A.IntLit)):
            return [], []
        ref = info.get(left)
        if not isinstance(ref, LocalRef):
            return [], []
        bid, c = ref.binding.id, right.value
        return _fact(bid, op, c), _fact(bid, _NEGATE[op], c)

    def bounds(self, e, info) -> tuple[int, int]:
        if isinstance(e, A.IntLit):
            return e.value, e.value
        if isinstance(e, A.Name):
            ref = info.get(e)
            if isinstance(ref, LocalRef):
                return self.known.get(ref.binding.id, (INT_MIN, INT_MAX))
        return INT_MIN, INT_MAX

    def cannot_overflow(self, e: A.Binary, info) -> bool:
        if e.op not in ("+", "-"):
            return False
        (a, b), (c, d) = self.bounds(e.left, info), self.bounds(e.right, info)
        lo, hi = (a + c, b + d) if e.op == "+" else (a - d, b - c)
        return INT_MIN <= lo and hi <= INT_MAX


def _fact(bid: int, op: str, c: int) -> list:
    if op == "<":
        return [(bid, (INT_MIN, c - 1))]
    if op == "<=":
        return [(bid, (INT_MIN, c))]
    if op == ">":
        return [(bid, (c + 1, INT_MAX))]
    if op == ">=":
        return [(bid, (c, INT_MAX))]
    if op == "==":
        return [(bid, (c, c))]
    return []
