"""Pattern matching (section 7) as `if`/`elif` chains.

A pattern against a subject (a Python name or a projection of one such as
`s.value` or `s[0]`) becomes a list of conditions and a list of bindings.
Design.md measured `__class__ is` tests at a tenth of the cost of Python's
`match` on 3.11, so arms are plain `if`/`elif`:

    if s.__class__ is Some and s.value > 30.0:      # Some(t) when t > 30.0
        t = s.value
        …
    elif s is NONE:
        …

Guards see the pattern's variables as the projections they stand for, so a
guard needs no statements. Or-patterns that bind variables are expanded into
one arm per alternative (sharing the body's lowering).
"""

from __future__ import annotations

from typing import Optional

from .. import ast as A
from ..check.model import Binding, VariantDecl
from .code import AND, CMP, OR, TRUE, Assign, If, NoReturn, Py, call, literal, name, not_, path, tuple_of
from .names import py_string
from .scan import walk

_MATCH_FAILED = name("match_failed")
_FALSE = literal("False")


class PatternCompiler:
    def __init__(self, fl):
        self.fl = fl  # the FunctionLowerer

    # ------------------------------------------------------------ tests

    def test(self, p, subj: Py, conds: list, binds: list) -> None:
        """Add to `conds` the tests `p` makes of `subj` (a name or a pure
        path of one), to `binds` the (binding, path) pairs it binds."""
        info = self.fl.p.info
        if isinstance(p, A.PWildcard):
            return
        if isinstance(p, A.PVar):
            v = info.get(p)
            if isinstance(v, VariantDecl):
                conds.append(Py(f"{subj} is {self.fl.m.ref_variant(v)}", CMP))
            elif isinstance(v, Binding):
                binds.append((v, subj))
            return
        if isinstance(p, A.PLiteral):
            value = p.value
            if value is True:
                conds.append(subj)
            elif value is False:
                conds.append(not_(subj))
            elif value is None:
                return
            elif isinstance(value, str):
                conds.append(Py(f"{subj} == {py_string(value)}", CMP))
            else:
                conds.append(Py(f"{subj} == {value!r}", CMP))
            return
        if isinstance(p, A.PTuple):
            for i, item in enumerate(p.items):
                self.test(item, path(f"{subj}[{i}]"), conds, binds)
            return
        if isinstance(p, A.PConstructor):
            v = info.get(p)
            if not isinstance(v, VariantDecl):
                return
            if not v.fields:
                conds.append(Py(f"{subj} is {self.fl.m.ref_variant(v)}", CMP))
                return
            conds.append(Py(f"{subj}.__class__ is {self.fl.m.ref_variant(v)}", CMP))
            attrs = self.fl.m.variant_attrs(v)
            for arg, attr in zip(p.args, attrs):
                self.test(arg, path(f"{subj}.{attr}"), conds, binds)
            return
        if isinstance(p, A.PCons):
            conds.append(subj)
            self.test(p.head, path(f"{subj}[0]"), conds, binds)
            self.test(p.tail, path(f"{subj}[1:]"), conds, binds)
            return
        if isinstance(p, A.PAs):
            self.test(p.pattern, subj, conds, binds)
            b = info.get(p)
            if isinstance(b, Binding):
                binds.append((b, subj))
            return
        if isinstance(p, A.POr):
            alts = []
            for alt in p.alternatives:
                c: list = []
                self.test(alt, subj, c, [])
                alts.append(all_of(c))
            conds.append(Py(" or ".join(a.at(OR + 1) for a in alts), OR))
            return
        raise AssertionError(p)

    # ------------------------------------------------------------ arms

    def dispatch(self, subject: Py, arms: list, exhaustive: bool, node, what: str = "value") -> None:
        """An if/elif chain over (pattern, guard, body) arms for one subject."""
        rows = [([(pat, subject)], guard, body) for pat, guard, body in arms]
        self._chain(rows, exhaustive, subject, node)

    def dispatch_params(self, params: list, clauses: list, node, exhaustive: bool = True) -> None:
        """Clause selection for a multi-clause function or closure."""
        rows = [([(p.pattern, name) for p, name in zip(ps, params)], guard, body) for ps, guard, body in clauses]
        failed = params[0] if len(params) == 1 else tuple_of(params)
        self._chain(rows, exhaustive, failed, node)

    def _chain(self, rows, exhaustive: bool, failed_subject: Py, node) -> None:
        rows = [r for row in rows for r in _expand_or_with_bindings(row)]
        fl = self.fl
        chain: Optional[If] = None  # the if/elif statement being built
        line = node.span.line if node is not None else 0
        for i, (pairs, guard, body_fn) in enumerate(rows):
            conds: list = []
            binds: list = []
            for pat, subj in pairs:
                self.test(pat, subj, conds, binds)
            last = i == len(rows) - 1
            guard_expr = None
            guard_stmts = []
            if guard is not None:
                guard_expr, guard_stmts = self._guard(guard, binds)
            if guard_stmts:
                # the remaining arms run only when no earlier one matched
                flagged = fl.capture(self._flagged, rows[i:], failed_subject)
                if chain is None:
                    fl.out.extend(flagged)
                else:
                    chain.else_(flagged, line)
                return
            body = fl.capture(self._arm_body, binds, body_fn)
            if guard_expr is not None:
                conds.append(guard_expr)
            if not conds:
                if chain is None:
                    fl.out.extend(body)
                else:
                    chain.else_(body, line)
                return
            if last and exhaustive and guard is None and chain is not None:
                chain.else_(body, line)
                return
            if chain is None:
                chain = If(all_of(conds), body, line)
                fl.out.append(chain)
            else:
                chain.elif_(all_of(conds), body, line)
        fail = [NoReturn(call(_MATCH_FAILED, [failed_subject]))]
        if chain is None:
            fl.out.extend(fail)
        else:
            chain.else_(fail, line)

    def _arm_body(self, binds, body_fn) -> None:
        for b, subj in binds:
            if subj.kind == "name" and b.id not in self.fl.names:
                self.fl.names[b.id] = subj  # the subject itself: no copy needed
                continue
            target = self.fl.bind(b)
            if target is not subj:
                self.fl.out.append(Assign(target, subj))
        body_fn()

    def _guard(self, guard, binds) -> tuple[Optional[Py], list]:
        """Lower a guard with the pattern variables standing for their
        projections; returns (expression, statements it needs)."""
        fl = self.fl
        saved = {b.id: fl.names.get(b.id) for b, _ in binds}
        for b, subj in binds:
            fl.names[b.id] = subj
        outer, fl.out = fl.out, []
        try:
            expr = fl.value(guard)
            return expr, fl.out
        finally:
            fl.out = outer
            for bid, old in saved.items():
                if old is None:
                    fl.names.pop(bid, None)
                else:
                    fl.names[bid] = old

    def _flagged(self, rows, failed_subject: Py) -> None:
        """Fallback for guards that need statements: try each arm in turn
        with a `matched` flag."""
        fl = self.fl
        flag = fl.temp("matched")
        fl.out.append(Assign(flag, _FALSE))
        for pairs, guard, body_fn in rows:
            conds: list = []
            binds: list = []
            for pat, subj in pairs:
                self.test(pat, subj, conds, binds)
            inner: list = []
            saved = fl.out
            fl.out = inner
            for b, subj in binds:
                fl.out.append(Assign(fl.bind(b), subj))
            if guard is not None:
                g = fl.value(guard)
                arm = fl.capture(lambda: (fl.out.append(Assign(flag, TRUE)), body_fn()))
                fl.out.append(If(g, arm))
            else:
                fl.out.append(Assign(flag, TRUE))
                body_fn()
            fl.out = saved
            fl.out.append(If(all_of([not_(flag)] + conds), inner))
        fl.out.append(If(not_(flag), [NoReturn(call(_MATCH_FAILED, [failed_subject]))]))

    # ------------------------------------------------------------ destructuring

    def unpack_target(self, p) -> Py:
        """A Python assignment target for a `let`/`for` pattern (names and
        tuples only)."""
        info = self.fl.p.info
        if isinstance(p, A.PVar):
            b = info.get(p)
            return self.fl.bind(b) if isinstance(b, Binding) else self.fl.temp("unused")
        if isinstance(p, A.PWildcard):
            return self.fl.temp("unused")
        if isinstance(p, A.PTuple):
            return tuple_of([self.unpack_target(i) for i in p.items])
        if isinstance(p, A.PAs):
            return self.unpack_target(p.pattern)
        return self.fl.temp("unused")


def all_of(conds: list) -> Py:
    """`c1 and c2 …` (`True` for none), each condition parenthesised only
    when it binds less tightly than `and`."""
    if not conds:
        return TRUE
    if len(conds) == 1:
        return conds[0]
    return Py(" and ".join(c.at(AND + 1) for c in conds), AND)


def _expand_or_with_bindings(row):
    """An arm whose or-pattern binds variables becomes one arm per alternative."""
    pairs, guard, body = row
    for i, (pat, subj) in enumerate(pairs):
        if isinstance(pat, A.POr) and _binds(pat):
            for alt in pat.alternatives:
                new_pairs = pairs[:i] + [(alt, subj)] + pairs[i + 1:]
                yield from _expand_or_with_bindings((new_pairs, guard, body))
            return
    yield row


def _binds(p) -> bool:
    return any(isinstance(n, (A.PVar, A.PAs)) and not n.name[:1].isupper() for n in walk(p))


__all__ = ["PatternCompiler", "all_of"]
