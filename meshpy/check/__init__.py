"""Static checks: name resolution, type inference and the reference's compile
errors (language reference, section 16).

    collect.py     declarations of every module; imports; deriving; impls
    infer.py       Hindley-Milner inference of every body (driver, functions, blocks,
                   control flow), with its parts: resolve.py (names), calls.py
                   (calls, methods: CallTargets), processes.py (services, actors),
                   bindings.py (patterns), operators.py (operators, literals),
                   deferred.py (checks after every body); scope.py (shared helpers)
    exhaustive.py  `case` exhaustiveness (E0012) and redundant arms
    effects.py     which functions can block (they compile to `async def`)
    implicit.py    implicit calls of user impls (Display, Eq, Ord, operators, for)
    facts.py       what inference records for the checks after it (typed facts)
    hash_effect.py a Hash impl that can block is not used by Map/Set (W0043)
    depth.py       the nesting limit checked before everything else

The result is a `Program` (model.py) attached to the project as
`project.program`; the lowering reads it.
"""

from __future__ import annotations

from ..gcpause import gc_paused

from .. import ast as A
from ..diagnostics import error, warning
from . import types as T
from .collect import Collector
from .depth import nesting_errors
from .effects import decide_effects
from .hash_effect import blocking_hash_errors
from .exhaustive import Matcher, Signature, pattern_row, show_pattern, WILD
from .infer import Inferencer
from .model import Program, VariantDecl


def check_project(project) -> Program:
    """Run every static check on a parsed project, adding diagnostics to it.

    Python's cyclic garbage collector is paused meanwhile (gcpause.py)."""
    with gc_paused():
        return _check_project(project)


def _check_project(project) -> Program:
    T.set_level(0)
    too_deep = nesting_errors(project.modules.values())
    if too_deep:  # no pass below may see the tree (check/depth.py)
        project.diagnostics.extend(too_deep)
        project.program = Program(project, {})
        return project.program
    collector = Collector(project, project.modules)
    collector.run()
    program = Program(project, collector.infos)
    inferencer = Inferencer(collector, program)
    # declaration errors do not stop inference: independent errors in bodies
    # are reported in the same run (types involved in an error are `T.ERROR`,
    # which fits everything, so they cause no follow-up errors)
    inferencer.run()
    program.default_methods = inferencer.default_methods
    check_matches(inferencer)
    decide_effects(inferencer)
    blocking_hash_errors(inferencer)  # needs the decided effects
    project.diagnostics.extend(collector.diags)
    project.program = program
    return program


def _unresolved(pattern, info) -> bool:
    """Does the pattern name a variant that does not exist (an error
    reported already)?"""
    for p in A.walk(pattern):
        if isinstance(p, A.PConstructor) and not isinstance(info.get(p), VariantDecl):
            return True
        if isinstance(p, A.PVar) and p.name[:1].isupper() and not isinstance(info.get(p), VariantDecl):
            return True
    return False


def check_matches(inf: Inferencer) -> None:
    matcher = Matcher(Signature(inf))
    for fact in inf.facts.cases:
        node, scrutinee_t = fact.node, fact.scrutinee
        inf.info = fact.module
        if T.is_error(scrutinee_t):
            continue
        arms = node.arms
        rows = []
        erroneous = False
        for arm in arms:
            if _unresolved(arm.pattern, inf.p.info):
                erroneous = True  # an unknown variant (reported): what it was meant to match is unclear
                continue
            row = (pattern_row(arm.pattern, inf.p.info),)
            if rows and matcher.useful(rows, row, [scrutinee_t]) is None and arm.guard is None:
                inf.diags.append(warning("W0001", "redundant match arm: the arms above already match every value "
                                         "this one matches", arm.pattern.span))
            if arm.guard is None:
                rows.append(row)
        if type(node).__name__ == "Receive" or erroneous:
            continue  # an unmatched message panics the receiving process
        witness = matcher.useful(rows, (WILD,), [scrutinee_t])
        if witness is not None:
            shown = T.show(scrutinee_t)
            missing = show_pattern(witness[0])
            if missing == "_":
                inf.diags.append(error(
                    "E0012", f"non-exhaustive match on `{shown}`: missing: _ (the arms cover only some values)",
                    node.span, help="add a catch-all arm `_ -> …` as the last arm"))
            else:
                inf.diags.append(error(
                    "E0012", f"non-exhaustive match on `{shown}`: missing: {missing}", node.span,
                    help=f"add an arm for {missing}, or a catch-all arm `_ -> …`"))
    for fact in inf.facts.clause_sets:
        owner = fact.owner
        inf.info = fact.module
        clauses = owner.clauses if hasattr(owner, "clauses") else []
        params_t = list(T.prune(fact.type).params)
        rows = []
        if any(_unresolved(p.pattern, inf.p.info) for clause in clauses for p in clause.params):
            continue
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
