"""Mesh `Iter` module (language reference 13.7): lazy iterators, `MeshIter`
wrapping a Python iterator. The terminal materialisers `List.collect`,
`Set.collect`, `Map.collect` and `String.collect` live on those modules."""

from functools import reduce as _reduce
from itertools import islice

from ..arith import i64
from ..values import NONE, MeshIter, Some
from ._module import mesh_module

_MeshIter = MeshIter


def _src(it):
    """The Python iterator behind a MeshIter (or any iterable)."""
    if it.__class__ is _MeshIter:
        return it.it
    return iter(it)


class Iter:
    """Mesh Iter functions."""

    def from_(coll):
        if coll.__class__ is dict:  # a Map iterates as (key, value) pairs
            return _MeshIter(iter(coll.items()))
        return _MeshIter(iter(coll))

    def map(it, f):
        return _MeshIter(map(f, _src(it)))

    def filter(it, f):
        return _MeshIter(filter(f, _src(it)))

    def take(it, n):
        return _MeshIter(islice(_src(it), n if n > 0 else 0))

    def skip(it, n):
        return _MeshIter(islice(_src(it), n if n > 0 else 0, None))

    def enumerate(it):
        return _MeshIter(enumerate(_src(it)))

    def zip(a, b):
        return _MeshIter(zip(_src(a), _src(b)))

    def count(it):
        n = 0
        for _ in _src(it):
            n += 1
        return n

    def sum(it):
        return i64(sum(_src(it)))

    def any(it, f):
        return any(map(f, _src(it)))

    def all(it, f):
        return all(map(f, _src(it)))

    def find(it, f):
        for x in _src(it):
            if f(x):
                return Some(x)
        return NONE

    def reduce(it, init, f):
        return _reduce(f, _src(it), init)


Iter = mesh_module(Iter)
