"""Scopes, the per-function inference context and small helpers shared by
the parts of the inference (infer.py and its mixins)."""

from __future__ import annotations

from typing import Optional

from .. import ast as A
from . import types as T
from .model import ActorDecl, Binding


class Scope:
    __slots__ = ("vars", "parent")

    def __init__(self, parent: Optional["Scope"] = None):
        self.vars: dict[str, Binding] = {}
        self.parent = parent

    def lookup(self, name: str) -> Optional[Binding]:
        s = self
        while s is not None:
            b = s.vars.get(name)
            if b is not None:
                return b
            s = s.parent
        return None


class FnCtx:
    """The function or closure whose body is being checked."""

    def __init__(self, ret, effect: T.Effect, kind: str, actor: Optional[ActorDecl] = None, parent=None,
                 annotated: bool = True, decl=None):
        self.ret = ret
        self.effect = effect
        self.kind = kind  # "fn", "closure", "actor", "handler", "init", "method"
        self.actor = actor
        self.parent = parent
        self.loops = 0
        self.annotated = annotated
        self.decl = decl


def _copy_ast(node):
    """A deep copy of an AST subtree: new node identities, so that facts
    recorded for the copy do not overwrite the original's."""
    import copy

    return copy.deepcopy(node)


def _type_key(t) -> Optional[str]:
    t = T.prune(t)
    if isinstance(t, T.TCon):
        return t.name
    if isinstance(t, T.TTuple):
        return "Tuple"
    return None


def _diverges(block: A.Block) -> bool:
    """A block that ends in `return`, `break` or `continue` has no value."""
    if not block.stmts:
        return False
    last = block.stmts[-1]
    return isinstance(last, A.ExprStmt) and isinstance(last.expr, (A.Return, A.Break, A.Continue))


def _bad_guard(g):
    """The first construct not allowed in a case guard, as (what, span)."""
    if isinstance(g, (A.IntLit, A.FloatLit, A.BoolLit, A.StringLit, A.NilLit, A.AtomLit, A.Name)):
        return None
    if isinstance(g, A.Binary):
        if g.op in ("==", "!=", "<", ">", "<=", ">=", "and", "or"):
            return _bad_guard(g.left) or _bad_guard(g.right)
        return f"operator `{g.op}`", g.op_span
    if isinstance(g, A.Unary):
        if g.op == "not":
            return _bad_guard(g.operand)
        return "unary `-`", g.span
    if isinstance(g, A.Call):
        if isinstance(g.func, A.Name):
            for a in g.args:
                bad = _bad_guard(a)
                if bad:
                    return bad
            return None
        return "a call of this kind", g.span
    if isinstance(g, A.FieldAccess):
        return "field access", g.span
    return "this expression", g.span


def _rebind(info: dict, pattern, name: str, binding: Binding):
    """Make every `name` variable inside `pattern` use `binding` (or-patterns
    share one variable per name)."""
    for n in A.walk(pattern):
        if isinstance(n, (A.PVar, A.PAs)) and getattr(n, "name", None) == name and isinstance(info.get(n), Binding):
            info[n] = binding


def _available(names, what: str = "functions") -> Optional[str]:
    names = list(names)
    if not names:
        return None
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"available {what}: {shown}"


def _mismatch_help(e: T.UnifyError) -> Optional[str]:
    a, b = T.con_name(e.expected), T.con_name(e.found)
    if {a, b} == {"Int", "Float"}:
        return "there is no implicit conversion between Int and Float: use Int.to_float or Float.to_int"
    if a == "String" and b in ("Int", "Float", "Bool"):
        return 'turn the value into a String first: "${value}" or String.from(value)'
    if a == "String" and b == "Atom":
        return 'an atom is not a String (keyword-argument keys are strings): write "name", or "${:name}"'
    if a == "Atom" and b == "String":
        return "a String is not an atom: write the atom `:name`"
    return None
