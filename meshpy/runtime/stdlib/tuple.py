"""Mesh `Tuple` module (language reference 13.6)."""

from ..panic import MeshPanic
from ._module import mesh_module


class Tuple:
    """Mesh Tuple functions."""

    def first(t):
        return t[0]

    def second(t):
        return t[1]

    def nth(t, i):
        if 0 <= i < len(t):
            return t[i]
        raise MeshPanic(f"Tuple.nth: index {i} out of bounds (size {len(t)})")

    def size(t):
        return len(t)


Tuple = mesh_module(Tuple)
