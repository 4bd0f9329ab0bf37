"""Exhaustiveness and redundancy of `case` arms and function clauses.

The usefulness algorithm of Maranget ("Warnings for pattern matching", 2007):
a row of patterns is useful after some rows if some value matches it and
none of them. A match is exhaustive when a wildcard row is not useful after
all (unguarded) arms; an arm is redundant when it is not useful after the
arms before it. Useful rows come with a witness, printed as the missing case.
"""

from __future__ import annotations

from typing import Optional

from .. import ast as A
from . import types as T
from .collect import BUILTIN_SUMS
from .model import VariantDecl

WILD = ("_",)


def _ctor(key, args=()):
    return ("c", key, tuple(args))


class Signature:
    """The constructors of a type, or None for infinite types (Int, String…)."""

    def __init__(self, checker):
        self.checker = checker

    def constructors(self, t) -> Optional[list]:
        """[(key, [field types], label)] or None."""
        t = T.prune(t)
        if isinstance(t, T.TTuple):
            return [(("tuple", len(t.items)), list(t.items), "")]
        if not isinstance(t, T.TCon):
            return None
        if t.name == "Bool":
            return [(True, [], "true"), (False, [], "false")]
        if t.name == "List":
            return [("[]", [], "[]"), ("::", [t.args[0], t], "::")]
        decl = self.checker.user_decl(t) or BUILTIN_SUMS.get(t.name)
        if decl is not None and hasattr(decl, "variants"):
            mapping = dict(zip(decl.params, t.args))
            return [(v, [T.substitute(f, mapping) for f in v.fields], v.name) for v in decl.variants]
        return None


def pattern_row(p, info) -> tuple:
    """An AST pattern as the algorithm's pattern (expanding nothing)."""
    if isinstance(p, (A.PWildcard,)):
        return WILD
    if isinstance(p, A.PVar):
        v = info.get(p)
        if isinstance(v, VariantDecl):
            return _ctor(v)
        return WILD
    if isinstance(p, A.PAs):
        return pattern_row(p.pattern, info)
    if isinstance(p, A.PLiteral):
        if isinstance(p.value, bool):
            return _ctor(p.value)
        if p.value is None:
            return _ctor(("tuple", 0))
        return ("lit", p.value)
    if isinstance(p, A.PTuple):
        return _ctor(("tuple", len(p.items)), [pattern_row(i, info) for i in p.items])
    if isinstance(p, A.PConstructor):
        v = info.get(p)
        if not isinstance(v, VariantDecl):
            return WILD
        args = [pattern_row(a, info) for a in p.args]
        if len(args) != len(v.fields):  # `Some` without its field, or a wrong count (reported as E0003)
            args = [WILD] * len(v.fields)
        return _ctor(v, args)
    if isinstance(p, A.PCons):
        return _ctor("::", [pattern_row(p.head, info), pattern_row(p.tail, info)])
    if isinstance(p, A.POr):
        return ("or", tuple(pattern_row(a, info) for a in p.alternatives))
    return WILD


class Matcher:
    def __init__(self, sig: Signature):
        self.sig = sig

    def useful(self, rows: list, vec: tuple, types: list) -> Optional[list]:
        """A witness (list of patterns) that `vec` matches and no row does, or None."""
        if not vec:
            return None if rows else []
        rows = [r2 for r in rows for r2 in _expand_or(r)]
        head, rest = vec[0], vec[1:]
        t, rest_t = types[0], types[1:]
        if head[0] == "or":
            for alt in head[1]:
                w = self.useful(rows, (alt,) + rest, types)
                if w is not None:
                    return w
            return None
        ctors = self.sig.constructors(t)
        if head[0] == "c":
            key, args = head[1], head[2]
            fields = self._fields(ctors, key, len(args))
            spec = self._specialise(rows, key, len(args))
            w = self.useful(spec, args + rest, fields + rest_t)
            if w is None:
                return None
            return [_ctor(key, w[:len(args)])] + w[len(args):]
        if head[0] == "lit":
            spec = [r[1:] for r in rows if r[0] == WILD or (r[0][0] == "lit" and r[0][1] == head[1])]
            w = self.useful(spec, rest, rest_t)
            return None if w is None else [head] + w
        # the head is a wildcard
        used = {r[0][1] for r in rows if r[0][0] == "c"}
        if ctors is not None and used and all(k in used for k, _, _ in ctors):
            for key, fields, _label in ctors:
                spec = self._specialise(rows, key, len(fields))
                w = self.useful(spec, (WILD,) * len(fields) + rest, fields + rest_t)
                if w is not None:
                    return [_ctor(key, w[:len(fields)])] + w[len(fields):]
            return None
        default = [r[1:] for r in rows if r[0] == WILD]
        w = self.useful(default, rest, rest_t)
        if w is None:
            return None
        if ctors is not None and used:
            for key, fields, _label in ctors:
                if key not in used:
                    return [_ctor(key, [WILD] * len(fields))] + w
        return [WILD] + w

    def _fields(self, ctors, key, arity):
        if ctors is not None:
            for k, fields, _ in ctors:
                if k == key:
                    return list(fields)
        return [T.TVar() for _ in range(arity)]

    @staticmethod
    def _specialise(rows, key, arity):
        out = []
        for r in rows:
            h = r[0]
            if h == WILD:
                out.append((WILD,) * arity + r[1:])
            elif h[0] == "c" and h[1] == key:
                args = h[2] if len(h[2]) == arity else (WILD,) * arity
                out.append(args + r[1:])
        return out


def _expand_or(row):
    if row and row[0][0] == "or":
        for alt in row[0][1]:
            yield from _expand_or((alt,) + row[1:])
    else:
        yield row


def show_pattern(p) -> str:
    if p == WILD:
        return "_"
    if p[0] == "lit":
        return repr(p[1]) if isinstance(p[1], str) else str(p[1])
    key, args = p[1], p[2]
    if isinstance(key, VariantDecl):
        return key.name if not args else f"{key.name}({', '.join(show_pattern(a) for a in args)})"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, tuple) and key[0] == "tuple":
        return "(" + ", ".join(show_pattern(a) for a in args) + ")"
    if key == "[]":
        return "[] (the empty list)"
    if key == "::":
        return f"{show_pattern(args[0])} :: {show_pattern(args[1])}"
    return "_"
