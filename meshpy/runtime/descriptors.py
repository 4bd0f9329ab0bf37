"""Field type descriptors for derived `Json` and `Row` decoding
(docs/runtime-contract.md, section 2, "Base classes, JSON and Row").

A descriptor is one of
  * `T_INT`, `T_FLOAT`, `T_BOOL`, `T_STRING`;
  * `ListOf(d)`, `MapOf(d)` (String keys), `OptionOf(d)`;
  * a generated struct class or sum-type base class (its own descriptor);
  * `JsonValue` (a field of the opaque `Json` type: kept as decoded);
  * `TypeRef(x)`: a late-bound reference to one of the above, where `x` is the
    descriptor itself, a zero-argument callable returning it, or a string
    `"package.module:Name"` / `"package.module.Name"` naming it.
"""

import importlib


class Scalar:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "T_" + self.name.upper()


T_INT = Scalar("Int")
T_FLOAT = Scalar("Float")
T_BOOL = Scalar("Bool")
T_STRING = Scalar("String")


class ListOf:
    __slots__ = ("elem",)

    def __init__(self, elem):
        self.elem = elem

    def __repr__(self):
        return f"ListOf({self.elem!r})"


class MapOf:
    """`Map<String, elem>`."""

    __slots__ = ("elem",)

    def __init__(self, elem):
        self.elem = elem

    def __repr__(self):
        return f"MapOf({self.elem!r})"


class OptionOf:
    __slots__ = ("elem",)

    def __init__(self, elem):
        self.elem = elem

    def __repr__(self):
        return f"OptionOf({self.elem!r})"


class TypeRef:
    """A descriptor resolved on first use (forward or cross-module references)."""

    __slots__ = ("target", "_resolved")

    def __init__(self, target):
        self.target = target
        self._resolved = None

    def resolve(self):
        r = self._resolved
        if r is None:
            t = self.target
            if isinstance(t, str):
                if ":" in t:
                    mod, _, name = t.partition(":")
                else:
                    mod, _, name = t.rpartition(".")
                r = importlib.import_module(mod)
                for part in name.split("."):
                    r = getattr(r, part)
            elif callable(t) and not isinstance(t, type):
                r = t()
            else:
                r = t
            while isinstance(r, TypeRef):
                r = r.resolve()
            self._resolved = r
        return r

    def __repr__(self):
        return f"TypeRef({self.target!r})"


def resolve(desc):
    while desc.__class__ is TypeRef:
        desc = desc.resolve()
    return desc


def build_instance(cls, values):
    """Make an instance of a generated struct or variant class from its field
    values in declaration order, without relying on its `__init__`.
    Nullary variants return their singleton (`cls._instance`) when the class
    provides one."""
    slots = cls.__slots__
    if not slots:
        inst = cls.__dict__.get("_instance")
        if inst is not None:
            return inst
        return cls()
    inst = object.__new__(cls)
    setter = object.__setattr__
    for name, value in zip(slots, values):
        setter(inst, name, value)
    return inst
