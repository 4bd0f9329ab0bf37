"""Static checks: name resolution, type inference and the reference's compile
errors (language reference, section 16).

    collect.py     declarations of every module; imports; deriving; impls
    infer.py       Hindley-Milner inference of every body; name resolution
    exhaustive.py  `case` exhaustiveness (E0012) and redundant arms
    effects.py     which functions can block (they compile to `async def`)

The result is a `Program` (model.py) attached to the project as
`project.program`; the lowering reads it.
"""

from __future__ import annotations

from ..diagnostics import error, warning
from . import types as T
from .collect import Collector
from .effects import decide_effects
from .exhaustive import Matcher, Signature, pattern_row, show_pattern, WILD
from .infer import Inferencer
from .model import Program


def check_project(project) -> Program:
    """Run every static check on a parsed project, adding diagnostics to it."""
    collector = Collector(project, project.modules)
    collector.run()
    program = Program(project, collector.infos)
    inferencer = Inferencer(collector, program)
    if not any(d.is_error for d in collector.diags):
        inferencer.run()
        program.default_methods = inferencer.default_methods
        check_matches(inferencer)
        decide_effects(inferencer)
    project.diagnostics.extend(collector.diags)
    project.program = program
    return program


def check_matches(inf: Inferencer) -> None:
    matcher = Matcher(Signature(inf))
    for node, scrutinee_t, info in inf.cases:
        inf.info = info
        arms = node.arms
        rows = []
        for arm in arms:
            row = (pattern_row(arm.pattern, inf.p.info),)
            if rows and matcher.useful(rows, row, [scrutinee_t]) is None and arm.guard is None:
                inf.diags.append(warning("W0001", "redundant match arm: the arms above already match every value "
                                         "this one matches", arm.pattern.span))
            if arm.guard is None:
                rows.append(row)
        if type(node).__name__ == "Receive":
            continue  # an unmatched message panics the receiving process
        witness = matcher.useful(rows, (WILD,), [scrutinee_t])
        if witness is not None:
            shown = T.show(scrutinee_t)
            inf.diags.append(error(
                "E0012", f"non-exhaustive match on `{shown}`: missing: {show_pattern(witness[0])}", node.span,
                help=f"add an arm for {show_pattern(witness[0])}, or a catch-all arm `_ -> …`"))
    for owner, ftype, info in inf.clause_sets:
        inf.info = info
        clauses = owner.clauses if hasattr(owner, "clauses") else []
        params_t = list(T.prune(ftype).params)
        rows = []
        for clause in clauses:
            if len(clause.params) != len(params_t):
                continue
            row = tuple(pattern_row(p.pattern, inf.p.info) for p in clause.params)
            if clause.guard is None:
                rows.append(row)
        witness = matcher.useful(rows, (WILD,) * len(params_t), params_t)
        if witness is not None:
            name = getattr(owner, "name", "closure")
            what = f"function `{name}`" if hasattr(owner, "module") else "this closure"
            shown = ", ".join(show_pattern(w) for w in witness)
            inf.diags.append(warning(
                "W0012", f"non-exhaustive clauses in {what}: no clause matches ({shown}); such a call panics",
                owner.clauses[0].span if hasattr(owner, "module") else owner.span))
            if hasattr(owner, "exhaustive"):
                owner.exhaustive = False
