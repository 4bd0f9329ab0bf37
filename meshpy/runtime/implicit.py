"""Equality, order and display that reach user impls below the top level.

The compiler calls a user `Eq`/`Ord`/`Display` impl directly when it knows
the operand's type. Inside containers (a List of a user type, a struct field,
an Option payload) the runtime walks the value itself:

* `mesh_eq(a, b)` is equality with Mesh semantics at any depth: a Float NaN
  is unequal to itself (Python's `==` on lists, tuples and dicts first tests
  identity, so `[nan] == [nan]` would be True), and a user Eq impl decides
  for its type.
* `mesh_cmp(a, b)` is ordering with Mesh semantics (Rust's PartialOrd):
  -1, 0, 1, or NaN when a NaN met on the way leaves the values unordered,
  so every `<`/`<=`/`>`/`>=` built as `mesh_cmp(a, b) OP 0` is false then.
* `eq_async`, `compare_async` and `display_async` are the same walks for
  values where some user impl can block (it calls a service, sleeps, or
  receives): each impl result is awaited. The checker decides which form a
  call site needs (check/implicit.py), so code that cannot block never pays
  for an await.

User impls are found on the generated class as `_mesh_eq_impl`,
`_mesh_compare_impl` (set by the emitted module); field names cannot shadow
them because field attributes that start with `_` end in `_`
(lower/module.py, field_attr).
"""

from __future__ import annotations

import builtins
from inspect import isawaitable
from math import isnan as _isnan

from .display import display
from .values import EQUAL, GREATER, LESS, Struct, Variant

_ORDER = {id(LESS): -1, id(EQUAL): 0, id(GREATER): 1}
UNORDERED = float("nan")  # compares false with 0 under every operator


def _all_slots(v) -> tuple:
    """The payload of a struct or variant (generated classes declare every
    field in their own __slots__, in declaration order)."""
    return tuple([getattr(v, a) for a in type(v).__slots__])


def mesh_eq(a, b) -> bool:
    """`a == b` for values that may hold Floats or user Eq impls inside."""
    ta = type(a)
    if ta is float:
        return a == b
    if ta is not type(b):
        return a == b
    impl = getattr(ta, "_mesh_eq_impl", None)
    if impl is not None:
        return impl(a, b)
    if ta is list or ta is tuple:
        return len(a) == len(b) and all(mesh_eq(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(mesh_eq(v, b[k]) for k, v in a.items())
    if isinstance(a, (Struct, Variant)):
        return mesh_eq(_all_slots(a), _all_slots(b))
    return a == b


async def eq_async(a, b) -> bool:
    """mesh_eq where some user Eq impl inside can block."""
    ta = type(a)
    if ta is float or ta is not type(b):
        return a == b
    impl = getattr(ta, "_mesh_eq_impl", None)
    if impl is not None:
        r = impl(a, b)
        return (await r) if isawaitable(r) else r
    if ta is list or ta is tuple:
        if len(a) != len(b):
            return False
        for x, y in zip(a, b):
            if not await eq_async(x, y):
                return False
        return True
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return False
        for k, v in a.items():
            if not await eq_async(v, b[k]):
                return False
        return True
    if isinstance(a, (Struct, Variant)):
        return await eq_async(_all_slots(a), _all_slots(b))
    return a == b


def _leaf_cmp(a, b):
    """-1, 0 or 1, or NaN when the two are unordered (a Float NaN)."""
    if a < b:
        return -1
    if a > b:
        return 1
    return 0 if a == b else UNORDERED


def mesh_cmp(a, b):
    """`a` against `b` as Rust's PartialOrd orders them: -1, 0 or 1, or NaN
    when some pair met on the way is unordered. Every Mesh ordering operator
    is then `mesh_cmp(a, b) OP 0`, false for NaN whatever OP is — so
    `[nan] <= [nan]` is false (Python's list order would answer true, as its
    identity shortcut calls the same NaN object equal to itself)."""
    ta = type(a)
    if ta is float or ta is int or ta is str or ta is bool:
        return _leaf_cmp(a, b)
    if ta is list:
        first = a[0] if a else (b[0] if b else None)
        if type(first) is float and _nan_free(a) and _nan_free(b):
            return -1 if a < b else (1 if a > b else 0)  # Python's order, in C
        return _seq_cmp(a, b)
    if ta is tuple:
        return _seq_cmp(a, b)
    if isinstance(a, (Struct, Variant)):
        impl = ta._mesh_compare_impl  # None unless a user Ord impl (use_impls)
        if impl is not None and ta is type(b):
            return _ORDER[id(impl(a, b))]
        if ta._tag != type(b)._tag:
            return -1 if ta._tag < type(b)._tag else 1
        return _seq_cmp(a._key(), b._key())
    return _leaf_cmp(a, b)


def _nan_free(floats: list) -> bool:
    """No NaN in a List of Floats (summed in C: a NaN makes the sum NaN;
    inf + -inf does too, which only sends the caller to the slow path)."""
    total = sum(floats)
    return total == total


def _seq_cmp(a, b):
    """Lexicographic mesh_cmp of two sequences; scalars inline (no call)."""
    for x, y in zip(a, b):
        tx = type(x)
        if tx is float or tx is int or tx is str:
            if x < y:
                return -1
            if x > y:
                return 1
            if x == y:
                continue
            return UNORDERED
        c = mesh_cmp(x, y)
        if c != 0:  # also NaN: unordered decides
            return c
    return (len(a) > len(b)) - (len(a) < len(b))


async def compare_async(a, b):
    """mesh_cmp where some user Ord impl inside can block."""
    ta = type(a)
    impl = getattr(ta, "_mesh_compare_impl", None)
    if impl is not None and ta is type(b):
        r = impl(a, b)
        if isawaitable(r):
            r = await r
        return _ORDER[id(r)]
    if ta is list or ta is tuple:
        for x, y in zip(a, b):
            c = await compare_async(x, y)
            if c != 0:
                return c
        return (len(a) > len(b)) - (len(a) < len(b))
    if isinstance(a, Variant) and isinstance(b, Variant):
        if a._tag != b._tag:
            return -1 if a._tag < b._tag else 1
        return await compare_async(_all_slots(a), _all_slots(b))
    if isinstance(a, Struct):
        return await compare_async(_all_slots(a), _all_slots(b))
    return _leaf_cmp(a, b)


class _Shown:
    """A value whose display form was computed already (by an awaited impl)."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def _display(self):
        return self.text


async def _resolve(v):
    """A copy of `v` in which every value with a blocking Display impl is
    replaced by its awaited display form; the rest is shared."""
    t = type(v)
    if t is str or t is int or t is float or t is bool or v is None:
        return v
    if t is list:
        return [await _resolve(x) for x in v]
    if t is tuple:
        return tuple([await _resolve(x) for x in v])
    if isinstance(v, dict):
        items = {}
        for k, x in v.items():
            items[await _resolve(k)] = await _resolve(x)
        return t(items) if t is not dict else items
    if isinstance(v, (Struct, Variant)):
        if getattr(t, "_mesh_display_async", False):
            r = v._display()
            return _Shown((await r) if isawaitable(r) else r)
        if not t.__slots__:
            return v
        copy = object.__new__(t)
        for a in t.__slots__:
            object.__setattr__(copy, a, await _resolve(getattr(v, a)))
        return copy
    return v


async def display_async(v) -> str:
    """display(v) where some user Display impl inside can block."""
    return display(await _resolve(v))


def use_impls(cls, eq=None, compare=None, hash=None, rehash=False, display_blocks=False) -> None:
    """Make a generated class follow the user's Eq/Ord/Hash impls everywhere
    Python compares or hashes it (inside lists, as map keys, in sorting): a
    plain impl becomes `__eq__`/`__lt__`/`__hash__`…; a blocking Eq or Ord
    impl is reached only through the async walks above, which look for the
    `_mesh_*` attributes. `rehash`: a user Eq without a user Hash — the
    derived hash could separate values the user calls equal, so all values
    of the class hash alike (correct map keys, slower ones). A blocking
    Hash impl (checker warning W0043) cannot be awaited inside Python's dict
    and set, so values of its class hash alike too."""
    if eq is not None:
        cls._mesh_eq_impl = eq
        if not _blocks(eq):
            cls.__eq__ = lambda a, b: type(a) is type(b) and eq(a, b)
            cls.__ne__ = lambda a, b: not (type(a) is type(b) and eq(a, b))
    if rehash or (hash is not None and _blocks(hash)):
        cls.__hash__ = lambda a: builtins.hash(type(a))
    elif hash is not None:
        cls.__hash__ = lambda a: builtins.hash(hash(a))
    if compare is not None:
        cls._mesh_compare_impl = compare
        if not _blocks(compare):
            cls.__lt__ = lambda a, b: compare(a, b) is LESS
            cls.__le__ = lambda a, b: compare(a, b) is not GREATER
            cls.__gt__ = lambda a, b: compare(a, b) is GREATER
            cls.__ge__ = lambda a, b: compare(a, b) is not LESS
    if display_blocks:
        cls._mesh_display_async = True


def _blocks(fn) -> bool:
    from inspect import iscoroutinefunction
    return iscoroutinefunction(fn)


__all__ = ["use_impls", "compare_async", "display_async", "eq_async", "mesh_cmp", "mesh_eq"]
