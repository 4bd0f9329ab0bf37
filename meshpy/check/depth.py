"""The nesting limit: "expression nested too deeply" instead of a crash.

The checker and the lowering recurse along the syntax tree, and CPython
limits the code they emit (200 nested brackets, 100 indentation levels, the
compiler's own recursion). Rather than make every pass iterative, one
iterative walk here rejects a module whose syntax tree is deeper than
MAX_DEPTH nodes, with the location of the first node beyond it; no later
pass then sees such a tree. Each Mesh construct adds one to three tree levels
(`f(g(x))`: two; a nested `if`: three), so real code stays far below the
limit (mesher's deepest module: under 40 levels).
"""

from __future__ import annotations

from dataclasses import fields

from .. import ast as A
from ..diagnostics import error

MAX_DEPTH = 150  # syntax-tree levels, documented in docs/architecture.md


def nesting_errors(modules) -> list:
    """E0090 for each module nested deeper than MAX_DEPTH (one per module)."""
    out = []
    for module in modules:
        node = _too_deep(module)
        if node is not None:
            out.append(error(
                "E0090", "expression nested too deeply", node.span,
                help=f"meshpy accepts up to {MAX_DEPTH} levels of nesting; "
                     "name intermediate values with `let` or split the expression into functions"))
    return out


def _too_deep(root):
    """A node more than MAX_DEPTH levels below the root, else None. Level by
    level, so that no (node, depth) pairs are built. A tuple field's items
    go to the next level unfiltered: the strings among a string literal's
    parts have no fields, so they end there, and they have no span to
    report."""
    level = [root]
    plans = _PLANS
    for _ in range(MAX_DEPTH + 1):
        below = []
        push, extend = below.append, below.extend
        for node in level:
            cls = node.__class__
            plan = plans.get(cls)
            if plan is None:
                plan = _plan(cls)
            for name, many in plan:
                v = getattr(node, name)
                if v is not None:
                    if many or v.__class__ is tuple:
                        extend(v)
                    else:
                        push(v)
        if not below:
            return None
        level = below
    return next((n for n in level if getattr(n, "span", None) is not None), None)


_PLANS: dict = {}  # class -> ((field name, holds a tuple), …) for the fields that can hold nodes
# field annotations (ast.py) that never hold a node: skipped by the walk
_NO_NODES = {"str", "int", "float", "bool", "Optional[str]", "Span", "Union[int, float, str, bool, None]",
             "Union[str, bool]", "tuple[str, ...]", "tuple[tuple[str, ...], ...]"}


def _plan(cls) -> tuple:
    """The fields of a node class that can hold nodes, each with whether it
    holds a tuple of them (cached: this walk runs on every module before
    anything else, so it must stay cheap). Anything else (a string part)
    has none."""
    plan = ()
    if isinstance(cls, type) and issubclass(cls, A.Node):
        plan = tuple((f.name, "tuple[" in str(f.type)) for f in fields(cls)
                     if f.name != "span" and str(f.type) not in _NO_NODES)
    _PLANS[cls] = plan
    return plan
