"""Types for Hindley-Milner inference.

* `TVar` — a unification variable (union-find through `ref`);
* `TCon` — a named type with arguments: `Int`, `List<T>`, a user struct
  `Main.Parcel` (user types carry their module-qualified name);
* `TTuple` — tuples; the empty tuple is unit `()`;
* `TFun` — function types. Each carries an `Effect`, which records whether
  calling the function can block (it then compiles to `async def`). Effects
  unify like types but are never generalised: every use of a function shares
  one effect, so a closure passed to a parameter makes the parameter's
  function `async` everywhere if it is.
"""

from __future__ import annotations

import itertools
from typing import Optional, Union

_ids = itertools.count()


class Effect:
    """Whether a function may block. Union-find with an `is_async` flag."""

    __slots__ = ("parent", "_async", "origin")

    def __init__(self, is_async: bool = False, origin: str = ""):
        self.parent: Optional[Effect] = None
        self._async = is_async
        self.origin = origin

    def find(self) -> "Effect":
        e = self
        while e.parent is not None:
            e = e.parent
        return e

    @property
    def is_async(self) -> bool:
        return self.find()._async

    def mark_async(self) -> bool:
        """Make this effect async; True if it was not already."""
        root = self.find()
        if root._async:
            return False
        root._async = True
        return True

    def join(self, other: "Effect") -> None:
        a, b = self.find(), other.find()
        if a is not b:
            b.parent = a
            a._async = a._async or b._async


# Generalisation by levels (as in OCaml's type checker): every variable
# records the nesting depth of the top-level function being inferred when it
# was created; unification lowers the level of the variables a variable is
# bound to. When a function is done, only its variables with a level deeper
# than the current one are generalised: the others are shared with a function
# still being inferred (recursion) or with a monomorphic declaration (a
# service's state, an actor's message type …), created at level 0.
_level = [0]


def enter_level() -> None:
    _level[0] += 1


def leave_level() -> None:
    _level[0] -= 1


def current_level() -> int:
    return _level[0]


def set_level(level: int) -> None:
    _level[0] = level


class TVar:
    __slots__ = ("id", "ref", "hint", "level")

    def __init__(self, hint: str = ""):
        self.id = next(_ids)
        self.ref: Optional[Type] = None
        self.hint = hint  # a name to print (a generic parameter's name)
        self.level = _level[0]

    def __repr__(self):
        return f"TVar({self.id}{'=' + repr(self.ref) if self.ref else ''})"


class TCon:
    __slots__ = ("name", "args")

    def __init__(self, name: str, args: tuple = ()):
        self.name = name
        self.args = tuple(args)

    def __repr__(self):
        return f"TCon({self.name}, {list(self.args)})" if self.args else f"TCon({self.name})"


class TTuple:
    __slots__ = ("items",)

    def __init__(self, items: tuple):
        self.items = tuple(items)

    def __repr__(self):
        return f"TTuple({list(self.items)})"


class TFun:
    __slots__ = ("params", "ret", "effect")

    def __init__(self, params, ret, effect: Optional[Effect] = None):
        self.params = tuple(params)
        self.ret = ret
        self.effect = effect if effect is not None else Effect()

    def __repr__(self):
        return f"TFun({list(self.params)} -> {self.ret!r})"


class TError:
    """The type of an expression whose error has been reported already (an
    undefined name, an unknown type …). It fits every type, so that one
    mistake is reported once instead of at every later use; a variable
    unified with it becomes an error too. Programs with errors are never
    lowered, so the lowering never sees it."""

    __slots__ = ()

    def __repr__(self):
        return "TError"


ERROR = TError()

Type = Union[TVar, TCon, TTuple, TFun, TError]

INT = TCon("Int")
FLOAT = TCon("Float")
BOOL = TCon("Bool")
STRING = TCon("String")
ATOM = TCon("Atom")  # `:name` (supplement 1.1), distinct from String
UNIT = TTuple(())
ORDERING = TCon("Ordering")
RANGE = TCon("Range")
JSON = TCon("Json")


def list_of(t) -> TCon:
    return TCon("List", (t,))


def map_of(k, v) -> TCon:
    return TCon("Map", (k, v))


def option_of(t) -> TCon:
    return TCon("Option", (t,))


def result_of(ok, err) -> TCon:
    return TCon("Result", (ok, err))


def pid_of(msg=None) -> TCon:
    """`Pid<M>`; without a message type, the untyped `Pid` (accepts anything)."""
    return TCon("Pid", (msg,) if msg is not None else ())


def prune(t: Type) -> Type:
    """Follow bound variables (with path compression). (The hottest function
    of the checker: the common cases return before any call.)"""
    if t.__class__ is not TVar:
        return t
    ref = t.ref
    if ref is None:
        return t
    if ref.__class__ is not TVar or ref.ref is None:
        return ref
    root = prune(ref)
    t.ref = root
    return root


def resolve(t: Type) -> Type:
    """A copy of `t` with every bound variable replaced by what it is bound to."""
    t = prune(t)
    if isinstance(t, TCon):
        return TCon(t.name, tuple(resolve(a) for a in t.args)) if t.args else t
    if isinstance(t, TTuple):
        return TTuple(tuple(resolve(a) for a in t.items))
    if isinstance(t, TFun):
        return TFun(tuple(resolve(a) for a in t.params), resolve(t.ret), t.effect)
    return t


def free_vars(t: Type, out: Optional[list] = None) -> list:
    out = [] if out is None else out
    t = prune(t)
    if isinstance(t, TVar):
        if t not in out:
            out.append(t)
    elif isinstance(t, TCon):
        for a in t.args:
            free_vars(a, out)
    elif isinstance(t, TTuple):
        for a in t.items:
            free_vars(a, out)
    elif isinstance(t, TFun):
        for a in t.params:
            free_vars(a, out)
        free_vars(t.ret, out)
    return out


def occurs(v: TVar, t: Type) -> bool:
    """Does `v` occur in `t`? Also lowers the level of `t`'s variables to
    `v`'s (they are about to be reachable from `v`)."""
    t = prune(t)
    if t is v:
        return True
    cls = t.__class__
    if cls is TVar:
        if t.level > v.level:
            t.level = v.level
        return False
    if cls is TCon:
        parts = t.args
    elif cls is TTuple:
        parts = t.items
    elif cls is TFun:
        parts = t.params + (t.ret,)
    else:
        return False
    for a in parts:
        if occurs(v, a):
            return True
    return False


def substitute(t: Type, mapping: dict) -> Type:
    """Replace the variables in `mapping` (TVar -> Type) inside `t`."""
    t = prune(t)
    cls = t.__class__
    if cls is TVar:
        return mapping.get(t, t)
    if cls is TCon:
        return TCon(t.name, tuple([substitute(a, mapping) for a in t.args])) if t.args else t
    if cls is TTuple:
        return TTuple(tuple([substitute(a, mapping) for a in t.items])) if t.items else t
    if cls is TFun:
        return TFun(tuple([substitute(a, mapping) for a in t.params]), substitute(t.ret, mapping), t.effect)
    return t


class Scheme:
    """A polymorphic type: `forall vars. type`."""

    __slots__ = ("vars", "type")

    def __init__(self, vars_, type_):
        self.vars = tuple(vars_)
        self.type = type_

    def instantiate(self) -> Type:
        if not self.vars:
            return self.type
        return substitute(self.type, {v: TVar(v.hint) for v in self.vars})

    @staticmethod
    def mono(t: Type) -> "Scheme":
        return Scheme((), t)


class UnifyError(Exception):
    """Two types do not fit; `expected`/`found` are the innermost clash."""

    def __init__(self, expected, found):
        super().__init__("type mismatch")
        self.expected = expected
        self.found = found


def is_error(t: Type) -> bool:
    return prune(t) is ERROR


def contains_error(t: Type) -> bool:
    t = prune(t)
    if t is ERROR:
        return True
    if isinstance(t, TCon):
        return any(contains_error(a) for a in t.args)
    if isinstance(t, TTuple):
        return any(contains_error(a) for a in t.items)
    if isinstance(t, TFun):
        return any(contains_error(a) for a in t.params) or contains_error(t.ret)
    return False


def unify(a: Type, b: Type) -> None:
    """Make `a` and `b` equal or raise UnifyError. `a` is the expected type."""
    ca, cb = a.__class__, b.__class__
    if ca is TVar:
        a = prune(a)
        ca = a.__class__
    if cb is TVar:
        b = prune(b)
        cb = b.__class__
    if a is b:
        return
    if ca is TError or cb is TError:
        # an error fits everything; an unknown becomes an error as well
        if ca is TVar:
            a.ref = ERROR
        elif cb is TVar:
            b.ref = ERROR
        return
    if ca is TVar:
        if cb is not TCon or b.args:
            if occurs(a, b):
                raise UnifyError(a, b)
        a.ref = b
        return
    if cb is TVar:
        if ca is not TCon or a.args:
            if occurs(b, a):
                raise UnifyError(a, b)
        b.ref = a
        return
    if ca is TCon and cb is TCon:
        if a.name != b.name:
            raise UnifyError(a, b)
        if len(a.args) != len(b.args):
            if a.name == "Pid":  # the untyped `Pid` fits every `Pid<M>`
                return
            raise UnifyError(a, b)
        for x, y in zip(a.args, b.args):
            try:
                unify(x, y)
            except UnifyError:
                raise UnifyError(a, b) from None
        return
    if ca is TTuple and cb is TTuple:
        if len(a.items) != len(b.items):
            raise UnifyError(a, b)
        for x, y in zip(a.items, b.items):
            try:
                unify(x, y)
            except UnifyError:
                raise UnifyError(a, b) from None
        return
    if ca is TFun and cb is TFun:
        if len(a.params) != len(b.params):
            raise UnifyError(a, b)
        try:
            for x, y in zip(a.params, b.params):
                unify(x, y)
            unify(a.ret, b.ret)
        except UnifyError:
            raise UnifyError(a, b) from None
        a.effect.join(b.effect)
        return
    raise UnifyError(a, b)


def show(t: Type, names: Optional[dict] = None) -> str:
    """A type as Mesh code writes it: `List<Int>`, `(Int, String)`,
    `Fun(Int) -> String`, `Main.Parcel`; unknowns as `T`, `U` …"""
    names = {} if names is None else names
    t = prune(t)
    if isinstance(t, TVar):
        if t not in names:
            names[t] = t.hint or "TUVWXYZABCDEFGHIJKLMNOPQRS"[len(names) % 26] + ("" if len(names) < 26 else str(len(names)))
        return names[t]
    if isinstance(t, TCon):
        if not t.args:
            return t.name
        return f"{t.name}<{', '.join(show(a, names) for a in t.args)}>"
    if isinstance(t, TTuple):
        return "(" + ", ".join(show(a, names) for a in t.items) + ")"
    if isinstance(t, TFun):
        return f"Fun({', '.join(show(a, names) for a in t.params)}) -> {show(t.ret, names)}"
    return "_"


def is_unit(t: Type) -> bool:
    t = prune(t)
    return isinstance(t, TTuple) and not t.items


def con_name(t: Type) -> Optional[str]:
    t = prune(t)
    return t.name if isinstance(t, TCon) else None
