"""Turn a class body of Mesh functions into one Mesh module object."""

import types


def mesh_module(namespace, name=None):
    """Build a Python module object whose attributes are the public members of
    the class `namespace` (plain functions and constants). Module attribute
    access is a single dict lookup, which CPython specialises."""
    name = name or namespace.__name__
    mod = types.ModuleType(f"mesh.{name}", namespace.__doc__)
    for key, value in vars(namespace).items():
        if key.startswith("__") and key.endswith("__"):
            continue
        if isinstance(value, staticmethod):
            value = value.__func__
        setattr(mod, key, value)
    return mod
