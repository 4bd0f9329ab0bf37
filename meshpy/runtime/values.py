"""Built-in Mesh values: Option, Result, Ordering and the base classes of
generated struct and sum-type classes (docs/runtime-contract.md, section 1)."""


class Struct:
    """Base class of every generated struct class."""

    __slots__ = ()
    _mesh_name = "?"
    _mesh_fields: tuple = ()
    _tag = 0  # a struct compares like a one-variant sum type (implicit.mesh_cmp)
    _mesh_compare_impl = None  # a user Ord impl (implicit.use_impls)

    def __repr__(self):
        inner = ", ".join(f"{f}={getattr(self, a)!r}" for f, a in zip(self._mesh_fields, self.__slots__))
        return f"{self._mesh_name}({inner})"


class DerivedEq:
    """`deriving(Eq)`: equal when of the same class with equal `_key()`s
    (the fields in declaration order)."""

    __slots__ = ()

    def __eq__(self, other):
        return other.__class__ is self.__class__ and self._key() == other._key()

    def __ne__(self, other):
        return not self.__eq__(other)


class DerivedHash:
    """`deriving(Hash)`: consistent with DerivedEq. Listed before DerivedEq
    in a class's bases, as a class defining __eq__ alone loses __hash__."""

    __slots__ = ()

    def __hash__(self):
        return hash((self.__class__, self._key()))


class DerivedOrd:
    """`deriving(Ord)`: structs compare field by field in declaration order;
    sum-type values by variant order (`_tag`) first, then payload."""

    __slots__ = ()

    def _order(self):
        return (self._tag, self._key()) if isinstance(self, Variant) else self._key()

    def __lt__(self, other):
        return self._order() < other._order()

    def __le__(self, other):
        return self._order() <= other._order()

    def __gt__(self, other):
        return self._order() > other._order()

    def __ge__(self, other):
        return self._order() >= other._order()


class Variant:
    """Base class of every sum type; each variant class subclasses its type's base."""

    __slots__ = ()
    _mesh_name = "?"
    _type_name = "?"
    _mesh_fields: tuple = ()
    _tag = 0
    _variants: tuple = ()
    _mesh_compare_impl = None  # a user Ord impl (implicit.use_impls)

    def _key(self):
        """The payload in field order (generated classes define their own)."""
        return tuple([getattr(self, a) for a in self.__slots__])

    def __repr__(self):
        if not self.__slots__:
            return self._mesh_name
        return f"{self._mesh_name}({', '.join(repr(getattr(self, a)) for a in self.__slots__)})"


class Option(Variant):
    __slots__ = ()
    _type_name = "Option"


class Some(Option):
    __slots__ = ("value",)
    _mesh_name = "Some"
    _mesh_fields = ("_0",)
    _tag = 0

    def __init__(self, value):
        self.value = value

    def _key(self):
        return (self.value,)

    def __eq__(self, other):
        return other.__class__ is Some and self.value == other.value

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(("Some", self.value))


class NoneVariant(Option):
    __slots__ = ()
    _mesh_name = "None"
    _tag = 1


NONE = NoneVariant()


class Result(Variant):
    __slots__ = ()
    _type_name = "Result"


class Ok(Result):
    __slots__ = ("value",)
    _mesh_name = "Ok"
    _mesh_fields = ("_0",)
    _tag = 0

    def __init__(self, value):
        self.value = value

    def _key(self):
        return (self.value,)

    def __eq__(self, other):
        return other.__class__ is Ok and self.value == other.value

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(("Ok", self.value))


class Err(Result):
    __slots__ = ("value",)
    _mesh_name = "Err"
    _mesh_fields = ("_0",)
    _tag = 1

    def __init__(self, value):
        self.value = value

    def _key(self):
        return (self.value,)

    def __eq__(self, other):
        return other.__class__ is Err and self.value == other.value

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(("Err", self.value))


Option._variants = (Some, NoneVariant)
Result._variants = (Ok, Err)


class Ordering(Variant):
    __slots__ = ()
    _type_name = "Ordering"


class Less(Ordering):
    __slots__ = ()
    _mesh_name = "Less"
    _tag = 0


class Equal(Ordering):
    __slots__ = ()
    _mesh_name = "Equal"
    _tag = 1


class Greater(Ordering):
    __slots__ = ()
    _mesh_name = "Greater"
    _tag = 2


Ordering._variants = (Less, Equal, Greater)
LESS, EQUAL, GREATER = Less(), Equal(), Greater()


# ---------------------------------------------------------------------------
# Runtime representations of the remaining built-in value kinds
# (docs/runtime-contract.md, section 1).


class MeshSet(dict):
    """A Mesh `Set`: an insertion-ordered dict mapping each element to True.

    Never mutated once built; every Set operation builds a new one."""

    __slots__ = ()

    def __repr__(self):
        return f"MeshSet({list(self)!r})"


class MeshQueue:
    """An immutable FIFO queue (Okasaki's two-list queue with cons cells).

    `front` and `back` are cons lists `(item, rest)` / `None`; `back` is
    reversed. Invariant: `front` is None only when the queue is empty."""

    __slots__ = ("front", "back", "size")

    def __init__(self, front=None, back=None, size=0):
        self.front = front
        self.back = back
        self.size = size

    def to_list(self):
        out = []
        node = self.front
        while node is not None:
            out.append(node[0])
            node = node[1]
        rest = []
        node = self.back
        while node is not None:
            rest.append(node[0])
            node = node[1]
        rest.reverse()
        out.extend(rest)
        return out

    def __iter__(self):
        return iter(self.to_list())

    def __len__(self):
        return self.size

    def __eq__(self, other):
        return other.__class__ is MeshQueue and self.size == other.size and self.to_list() == other.to_list()

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(("Queue", tuple(self.to_list())))

    def __repr__(self):
        return f"MeshQueue({self.to_list()!r})"


class MeshIter:
    """A lazy Mesh iterator (`Iter.*`): wraps a Python iterator.

    Iterating a MeshIter iterates (and consumes) the wrapped iterator."""

    __slots__ = ("it",)

    def __init__(self, it):
        self.it = it

    def __iter__(self):
        return self.it

    def __repr__(self):
        return "MeshIter(...)"


class JsonValue:
    """The opaque Mesh `Json` value: wraps decoded JSON data
    (dict / list / str / int / float / bool / None)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return other.__class__ is JsonValue and _json_equal(self.value, other.value)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(("Json", repr(self.value)))

    def __repr__(self):
        return f"JsonValue({self.value!r})"


def _json_equal(a, b):
    # JSON equality without Python's True == 1 conflation.
    if (a.__class__ is bool) != (b.__class__ is bool):
        return False
    if a.__class__ is dict and b.__class__ is dict:
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if a.__class__ is list and b.__class__ is list:
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    return a == b


# Nullary variants are singletons; the runtime (JSON decoding) finds the
# instance of a nullary variant class through `_instance`.
NoneVariant._instance = NONE
Less._instance = LESS
Equal._instance = EQUAL
Greater._instance = GREATER
