"""Patterns: the types and bindings of `let`, parameter, `case` and `receive` patterns.

A part of the Inferencer (infer.py): methods only, sharing its state."""

from __future__ import annotations


from .. import ast as A
from . import types as T
from .collect import FailedImport
from .facts import CaseFact
from .scope import Scope, _bad_guard, _rebind


class PatternsMixin:

    def _is_variant_pattern(self, p) -> bool:
        return isinstance(p, A.PVar) and self.find_variant(p.name) is not None

    def bind_param(self, p: A.Param, t, scope: Scope):
        if p.type is not None and not isinstance(T.prune(t), T.TVar):
            pass  # the annotation is already in the signature
        return self.bind_pattern(p.pattern, t, scope, kind="param")

    def e_Case(self, e, scope, used, expected):
        st = self.infer(e.scrutinee, scope)
        result = None
        for arm in e.arms:
            arm_scope = Scope(scope)
            self.bind_pattern(arm.pattern, st, arm_scope)
            if arm.guard is not None:
                self.check_guard(arm.guard)
                self.expect(arm.guard, T.BOOL, arm_scope)
            bt = self.infer(arm.body, arm_scope, used=used)
            if used and not isinstance(arm.body, (A.Return, A.Break, A.Continue)):
                if result is None:
                    result = bt
                else:
                    self.unify(result, bt, arm.body.span, "(all arms of `case` must have the same type)")
        self.facts.cases.append(CaseFact(e, st, self.info))
        return result if (used and result is not None) else (T.TVar() if used else T.UNIT)

    def check_guard(self, g):
        """E0013: guards of `case` arms allow literals, names, comparisons,
        boolean operators and calls of named functions only (6.5)."""
        bad = _bad_guard(g)
        if bad is not None:
            what, span = bad
            self.err("E0013", f"invalid guard: {what} not allowed in guard", span,
                     help="compute the value with `let` before the `case`, or call a named function")

    # ------------------------------------------------------------ patterns

    def bind_pattern(self, p, t, scope: Scope, kind: str = "pattern"):
        """Check pattern `p` against type `t`, binding its variables in
        `scope`; returns the Binding for a plain variable pattern."""
        if isinstance(p, A.PWildcard):
            return None
        if isinstance(p, A.PVar):
            v = self.find_variant(p.name) if p.name[:1].isupper() else None
            if v is not None:
                self.p.info[p] = v
                vt = self.variant_value_type(v)
                if v.fields:
                    self.err("E0003", f"`{v.name}` takes {len(v.fields)} argument(s): write `{v.name}(…)`", p.span)
                    return None
                self.unify(t, vt, p.span)
                return None
            if isinstance(self.info.imported.get(p.name), FailedImport):
                return None
            if p.name[:1].isupper():
                self.err("E0004", f"unknown variant `{p.name}` in pattern", p.span,
                         help="variables start with a lowercase letter; a variant must be in scope "
                              "(import its type with `from Module import Type`)")
                return None
            if p.name in scope.vars and scope.vars[p.name].span != p.span:
                self.err("E0005", f"`{p.name}` is bound twice in this pattern", p.span)
                self.facts.lets.pop(scope.vars[p.name].id, None)
            b = self.new_binding(p.name, t, p.span, scope, kind)
            self.p.info[p] = b
            return b
        if isinstance(p, A.PLiteral):
            v = p.value
            lt = T.BOOL if isinstance(v, bool) else T.INT if isinstance(v, int) else T.FLOAT if isinstance(v, float) \
                else T.STRING if isinstance(v, str) else T.UNIT
            self.unify(t, lt, p.span)
            return None
        if isinstance(p, A.PTuple):
            items = [T.TVar() for _ in p.items]
            pt = T.prune(t)
            if isinstance(pt, T.TTuple) and len(pt.items) != len(items):
                self.err("E0001", f"type mismatch: expected {T.show(pt)}, found a pattern for a tuple of "
                         f"{len(items)} element(s)", p.span)
                items = [T.ERROR for _ in p.items]
            elif not self.unify(t, T.TTuple(items), p.span):
                items = [T.ERROR for _ in p.items]  # bind the names anyway: no follow-up errors
            for sub, it in zip(p.items, items):
                self.bind_pattern(sub, it, scope, kind)
            return None
        if isinstance(p, A.PConstructor):
            return self.bind_constructor(p, t, scope, kind)
        if isinstance(p, A.PCons):
            elem = T.TVar()
            self.unify(t, T.list_of(elem), p.span)
            self.bind_pattern(p.head, elem, scope, kind)
            self.bind_pattern(p.tail, T.list_of(elem), scope, kind)
            return None
        if isinstance(p, A.POr):
            first = Scope(None)
            self.bind_pattern(p.alternatives[0], t, first, kind)
            for alt in p.alternatives[1:]:
                other = Scope(None)
                self.bind_pattern(alt, t, other, kind)
                if set(other.vars) != set(first.vars):
                    self.err("E0001", "every alternative of an or-pattern must bind the same names "
                             f"({', '.join(sorted(first.vars)) or 'none'})", alt.span)
                for name, b in other.vars.items():
                    self.facts.lets.pop(b.id, None)  # one variable per name: the first alternative's
                    if name in first.vars:
                        self.unify(first.vars[name].type, b.type, b.span)
                        _rebind(self.p.info, alt, name, first.vars[name])
            scope.vars.update(first.vars)
            return None
        if isinstance(p, A.PAs):
            self.bind_pattern(p.pattern, t, scope, kind)
            b = self.new_binding(p.name, t, p.span, scope, kind)
            self.p.info[p] = b
            return b
        if isinstance(p, A.PMapEntry):
            self.err("P0001", "`{key, value}` patterns only appear in `for` over a Map", p.span)
            return None
        raise AssertionError(p)

    def bind_constructor(self, p: A.PConstructor, t, scope, kind: str = "pattern"):
        if p.qualifier:
            sum_decl = self.find_sum(p.qualifier[-1])
            v = next((v for v in sum_decl.variants if v.name == p.name), None) if sum_decl else None
        else:
            v = self.find_variant(p.name)
        if v is None and not p.qualifier and isinstance(self.info.imported.get(p.name), FailedImport):
            for a in p.args:
                self.bind_pattern(a, T.ERROR, scope, kind)
            return None
        if v is None:
            self.err("E0004", f"unknown variant `{'.'.join(p.qualifier + (p.name,))}` in pattern", p.span)
            for a in p.args:
                self.bind_pattern(a, T.ERROR, scope, kind)
            return None
        self.p.info[p] = v
        mapping = {q: T.TVar(q.hint) for q in v.sum.params}
        sum_t = T.TCon(v.sum.qualified, tuple(mapping[q] for q in v.sum.params))
        self.unify(t, sum_t, p.span)
        if p.has_parens or p.args:
            if len(p.args) != len(v.fields):
                self.err("E0003", f"`{v.name}` has {len(v.fields)} field(s), the pattern gives {len(p.args)}", p.span)
            for a, ft in zip(p.args, v.fields):
                self.bind_pattern(a, T.substitute(ft, mapping), scope, kind)
        elif v.fields:
            self.err("E0003", f"`{v.name}` has {len(v.fields)} field(s): write `{v.name}(…)`", p.span)
        return None
