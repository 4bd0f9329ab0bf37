"""Mesh `List` module (language reference 9.6 and 13.3). Lists are Python
lists that are never mutated once built."""

from functools import cmp_to_key, reduce as _reduce
from itertools import chain

from ..panic import MeshPanic
from ..values import NONE, Some
from ._async import _CoroutineType, _isawaitable, _PLAIN
from ._module import mesh_module

_from_iterable = chain.from_iterable


def _empty(fn):
    raise MeshPanic(f"List.{fn}: empty list")


def _aw(r):
    return r.__class__ is _CoroutineType or (r.__class__ not in _PLAIN and _isawaitable(r))


async def _merge_sort_async(xs, cmp):
    """Stable bottom-up merge sort with an (async) Int comparator."""
    n = len(xs)
    if n < 2:
        return list(xs)
    src = list(xs)
    width = 1
    while width < n:
        dst = []
        for lo in range(0, n, 2 * width):
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i, j = lo, mid
            while i < mid and j < hi:
                r = cmp(src[j], src[i])
                if _aw(r):
                    r = await r
                if r < 0:  # take from the right only when strictly smaller
                    dst.append(src[j])
                    j += 1
                else:
                    dst.append(src[i])
                    i += 1
            dst.extend(src[i:mid])
            dst.extend(src[j:hi])
        src = dst
        width *= 2
    return src


class List:
    """Mesh List functions."""

    def new():
        return []

    def length(l):
        return len(l)

    def append(l, x):
        return [*l, x]

    def get(l, i):
        if 0 <= i < len(l):
            return l[i]
        raise MeshPanic(f"List.get: index {i} out of bounds (len {len(l)})")

    def nth(l, i):
        if 0 <= i < len(l):
            return l[i]
        raise MeshPanic(f"List.nth: index {i} out of bounds (len {len(l)})")

    def head(l):
        if l:
            return l[0]
        _empty("head")

    def tail(l):
        if l:
            return l[1:]
        _empty("tail")

    def last(l):
        if l:
            return l[-1]
        _empty("last")

    def concat(a, b):
        return a + b

    def reverse(l):
        return l[::-1]

    def map(l, f):
        return list(map(f, l))

    def filter(l, f):
        return list(filter(f, l))

    def reduce(l, init, f):
        return _reduce(f, l, init)

    def sort(l, cmp):
        # stable; cmp returns a negative, zero or positive Int
        return sorted(l, key=cmp_to_key(cmp))

    def find(l, f):
        for x in l:
            if f(x):
                return Some(x)
        return NONE

    def any(l, f):
        return any(map(f, l))

    def all(l, f):
        return all(map(f, l))

    def contains(l, x):
        return x in l

    def zip(a, b):
        return list(zip(a, b))

    def flat_map(l, f):
        return list(_from_iterable(map(f, l)))

    def flatten(l):
        return list(_from_iterable(l))

    def enumerate(l):
        return list(enumerate(l))

    def take(l, n):
        return l[:n] if n > 0 else []

    def drop(l, n):
        return l[n:] if n > 0 else l

    def collect(it):
        return list(it)

    # -- variants for callables that may be `async def` ---------------------

    async def map_async(l, f):
        out = []
        push = out.append
        for x in l:
            r = f(x)
            if _aw(r):
                r = await r
            push(r)
        return out

    async def filter_async(l, f):
        out = []
        push = out.append
        for x in l:
            r = f(x)
            if _aw(r):
                r = await r
            if r:
                push(x)
        return out

    async def reduce_async(l, init, f):
        acc = init
        for x in l:
            acc = f(acc, x)
            if _aw(acc):
                acc = await acc
        return acc

    async def find_async(l, f):
        for x in l:
            r = f(x)
            if _aw(r):
                r = await r
            if r:
                return Some(x)
        return NONE

    async def any_async(l, f):
        for x in l:
            r = f(x)
            if _aw(r):
                r = await r
            if r:
                return True
        return False

    async def all_async(l, f):
        for x in l:
            r = f(x)
            if _aw(r):
                r = await r
            if not r:
                return False
        return True

    async def flat_map_async(l, f):
        out = []
        for x in l:
            r = f(x)
            if _aw(r):
                r = await r
            out.extend(r)
        return out

    async def sort_async(l, cmp):
        return await _merge_sort_async(l, cmp)


List = mesh_module(List)
