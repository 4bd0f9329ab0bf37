"""Questions the lowering asks of a Mesh function before lowering it: which
bindings a closure captures, whether it calls itself in tail position, and
a fast walk of the Mesh tree to answer them.

`walk` visits the same nodes in the same order as `ast.walk`, but reads
each node class's child fields from a table built once (dataclasses.fields
on every visit was a third of the lowering's time), skipping fields that
can only hold text or numbers.
"""

from __future__ import annotations

from dataclasses import fields

from .. import ast as A
from ..check.model import ActorLoopCall, Binding, CallTarget, FunctionDecl, FunctionCall, LocalRef

_SCALAR = {"str", "int", "bool", "float", "Span", "Optional[str]", "Optional[int]", "tuple[str, ...]",
           "tuple[tuple[str, ...], ...]", "Union[str, bool]", "Union[int, float, str, bool, None]"}
_CHILD_FIELDS: dict[type, tuple] = {}


def _child_fields(cls) -> tuple:
    names = _CHILD_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in fields(cls) if f.name != "span" and f.type not in _SCALAR)
        _CHILD_FIELDS[cls] = names
    return names


def walk(root, into_closures: bool = True) -> list:
    """`root` and every node below it, depth first in field order (as
    ast.walk); without `into_closures`, a closure is listed but not entered."""
    out = []
    stack = [root]
    Node, Closure = A.Node, A.Closure
    while stack:
        n = stack.pop()
        out.append(n)
        if not into_closures and type(n) is Closure:
            continue
        kids = []
        names = _CHILD_FIELDS.get(type(n))
        for fname in names if names is not None else _child_fields(type(n)):
            v = getattr(n, fname)
            if isinstance(v, Node):
                kids.append(v)
            elif type(v) is tuple:
                kids.extend(x for x in v if isinstance(x, Node))
        kids.reverse()
        stack.extend(kids)
    return out


def captured_by(program, fn) -> set:
    """Ids of the bindings that a closure or local function (one clause)
    refers to but does not bind itself."""
    info = program.info
    inside = walk(fn)
    own = {b.id for p in inside if isinstance(b := info.get(p), Binding)}
    captured = set()
    for n in inside:
        if isinstance(n, (A.Name, A.SelfRef)):
            ref = info.get(n)
            if isinstance(ref, LocalRef) and ref.binding.id not in own:
                captured.add(ref.binding.id)
    return captured


def has_tail_self_call(program, decl: FunctionDecl) -> bool:
    for clause in decl.clauses:
        if clause.body is not None and _tail_calls_in_block(program, clause.body, decl):
            return True
    return False


def _tail_calls_in_block(program, block, decl) -> bool:
    if not block.stmts:
        return False
    last = block.stmts[-1]
    return isinstance(last, A.ExprStmt) and _tail_calls_in_expr(program, last.expr, decl)


def _tail_calls_in_expr(program, e, decl) -> bool:
    if isinstance(e, (A.Call, A.Pipe)):
        t = program.info.get(e)
        return isinstance(t, CallTarget) and (
            (isinstance(t, FunctionCall) and t.decl is decl) or isinstance(t, ActorLoopCall))
    if isinstance(e, A.Return) and e.value is not None:
        return _tail_calls_in_expr(program, e.value, decl)
    if isinstance(e, A.If):
        return _tail_calls_in_block(program, e.then, decl) or (
            e.else_ is not None and _tail_calls_in_block(program, e.else_, decl))
    if isinstance(e, (A.Case, A.Receive)):
        arms = [a.body for a in e.arms]
        if isinstance(e, A.Receive) and e.after is not None:
            arms.append(e.after.body)
        return any(_tail_calls_in_expr(program, b, decl) for b in arms)
    return False
