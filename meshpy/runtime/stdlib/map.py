"""Mesh `Map` module (language reference 9.6 and 13.4). Maps are Python
dicts copied on every update: insertion order, re-put keeps position."""

from ..display import display
from ..panic import MeshPanic
from ._module import mesh_module


class Map:
    """Mesh Map functions."""

    def new():
        return {}

    def put(m, k, v):
        m2 = m.copy()
        m2[k] = v
        return m2

    def get(m, k):
        try:
            return m[k]
        except KeyError:
            raise MeshPanic(f"Map.get: key not found: {display(k)}") from None

    def has_key(m, k):
        return k in m

    def delete(m, k):
        if k not in m:
            return m
        m2 = m.copy()
        del m2[k]
        return m2

    def size(m):
        return len(m)

    def keys(m):
        return list(m)

    def values(m):
        return list(m.values())

    def merge(a, b):
        # a's entries in a's order, then b's put over them (b wins, new keys last)
        return {**a, **b}

    def to_list(m):
        return list(m.items())

    def from_list(l):
        return dict(l)

    def collect(it):
        return dict(it)


Map = mesh_module(Map)
