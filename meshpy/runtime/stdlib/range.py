"""Mesh `Range` module (language reference 9.6 and 13.6). A Range `a..b` is a
Python `range(a, b)`."""

from ._async import _CoroutineType, _isawaitable, _PLAIN
from ._module import mesh_module


def _aw(r):
    return r.__class__ is _CoroutineType or (r.__class__ not in _PLAIN and _isawaitable(r))


class Range:
    """Mesh Range functions."""

    def new(a, b):
        return range(a, b)

    def length(r):
        return len(r)

    def to_list(r):
        return list(r)

    def map(r, f):
        return list(map(f, r))

    def filter(r, f):
        return list(filter(f, r))

    async def map_async(r, f):
        out = []
        for x in r:
            v = f(x)
            if _aw(v):
                v = await v
            out.append(v)
        return out

    async def filter_async(r, f):
        out = []
        for x in r:
            v = f(x)
            if _aw(v):
                v = await v
            if v:
                out.append(x)
        return out


Range = mesh_module(Range)
