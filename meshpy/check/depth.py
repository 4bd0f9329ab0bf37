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
    """The first node (depth first) below MAX_DEPTH levels, else None."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH and getattr(node, "span", None) is not None:
            return node
        stack.extend((c, depth + 1) for c in A.children(node))
    return None
