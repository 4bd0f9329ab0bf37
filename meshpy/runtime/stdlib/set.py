"""Mesh `Set` module (language reference 9.6 and 13.5). Sets are `MeshSet`
(insertion-ordered dicts of element -> True) that are never mutated."""

from ..values import MeshSet
from ._module import mesh_module

_fromkeys = MeshSet.fromkeys


class Set:
    """Mesh Set functions."""

    def new():
        return MeshSet()

    def add(s, x):
        if x in s:
            return s
        s2 = MeshSet(s)
        s2[x] = True
        return s2

    def remove(s, x):
        if x not in s:
            return s
        s2 = MeshSet(s)
        del s2[x]
        return s2

    def contains(s, x):
        return x in s

    def size(s):
        return len(s)

    def union(a, b):
        # a's order, then b's new elements
        s = MeshSet(a)
        s.update(b)
        return s

    def intersection(a, b):
        return _fromkeys([x for x in a if x in b], True)

    def difference(a, b):
        return _fromkeys([x for x in a if x not in b], True)

    def to_list(s):
        return list(s)

    def from_list(l):
        return _fromkeys(l, True)

    def collect(it):
        return _fromkeys(it, True)


Set = mesh_module(Set)
