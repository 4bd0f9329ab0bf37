"""Which functions can block, and so compile to `async def` (design.md:
awaiting costs ~100 ns per call, so everything else stays a plain `def`).

A function blocks when its body receives, sleeps, calls a service, queries
the database, awaits a job, or calls something that blocks: a function, a
function value, or a standard-library function given a blocking closure. The
inference recorded "owner depends on callee" edges between effects; the
fixpoint below propagates `async` along them. Effects of function values are
unified with the effects of what flows into them, so a parameter that ever
receives a blocking closure is treated as blocking everywhere.
"""

from __future__ import annotations


def decide_effects(inf) -> None:
    changed = True
    while changed:
        changed = False
        for edge in inf.facts.edges:
            if edge.callee.is_async and edge.caller.mark_async():
                changed = True
    for target in inf.facts.async_calls:
        if target.effect is not None and target.effect.is_async:
            target.is_async = True
        if target.arg_effects and any(e.is_async for e in target.arg_effects):
            target.async_variant = True
            target.is_async = True
