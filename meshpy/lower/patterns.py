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
from .code import AND, ATOM, CMP, NOT, OR, Block, Line, Py, exit_line, is_terminal

_MATCH_FAILED = "match_failed"


class PatternCompiler:
    def __init__(self, fl):
        self.fl = fl  # the FunctionLowerer

    # ------------------------------------------------------------ tests

    def test(self, p, subj: str, conds: list, binds: list) -> None:
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
                conds.append(Py(subj, ATOM))
            elif value is False:
                conds.append(Py(f"not {subj}", NOT))
            elif value is None:
                return
            elif isinstance(value, str):
                from .names import py_string
                conds.append(Py(f"{subj} == {py_string(value)}", CMP))
            else:
                conds.append(Py(f"{subj} == {value!r}", CMP))
            return
        if isinstance(p, A.PTuple):
            for i, item in enumerate(p.items):
                self.test(item, f"{subj}[{i}]", conds, binds)
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
                self.test(arg, f"{subj}.{attr}", conds, binds)
            return
        if isinstance(p, A.PCons):
            conds.append(Py(subj, ATOM))
            self.test(p.head, f"{subj}[0]", conds, binds)
            self.test(p.tail, f"{subj}[1:]", conds, binds)
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

    def dispatch(self, subject: str, arms: list, exhaustive: bool, node, what: str = "value") -> None:
        """An if/elif chain over (pattern, guard, body) arms for one subject."""
        rows = [([(pat, subject)], guard, body) for pat, guard, body in arms]
        self._chain(rows, exhaustive, subject, node)

    def dispatch_params(self, params: list, clauses: list, node, exhaustive: bool = True) -> None:
        """Clause selection for a multi-clause function or closure."""
        rows = [([(p.pattern, name) for p, name in zip(ps, params)], guard, body) for ps, guard, body in clauses]
        failed = params[0] if len(params) == 1 else "(" + ", ".join(params) + ("," if len(params) == 1 else "") + ")"
        self._chain(rows, exhaustive, failed, node)

    def _chain(self, rows, exhaustive: bool, failed_subject: str, node) -> None:
        rows = [r for row in rows for r in _expand_or_with_bindings(row)]
        fl = self.fl
        first = True
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
                self._flagged(rows[i:], exhaustive, failed_subject, node, first)
                return
            body = fl.capture(self._arm_body, binds, body_fn)
            if guard_expr is not None:
                conds.append(guard_expr)
            line = node.span.line if node is not None else 0
            if not conds:
                if first:
                    fl.out.extend(body)
                else:
                    fl.out.append(Block("else", body, line))
                return
            if last and exhaustive and guard is None and not first:
                fl.out.append(Block("else", body, line))
                return
            header = ("if " if first else "elif ") + all_of(conds)
            fl.out.append(Block(header, body, line))
            first = False
        fl.out.append(Block("else", [exit_line(f"{_MATCH_FAILED}({failed_subject})")], node.span.line if node else 0))

    def _arm_body(self, binds, body_fn) -> None:
        for b, path in binds:
            if path.isidentifier() and b.id not in self.fl.names:
                self.fl.names[b.id] = path  # the subject itself: no copy needed
                continue
            name = self.fl.bind(b)
            if name != path:
                self.fl.out.append(Line(f"{name} = {path}"))
        body_fn()

    def _guard(self, guard, binds) -> tuple[Optional[str], list]:
        """Lower a guard with the pattern variables standing for their
        projections; returns (expression, statements it needs)."""
        fl = self.fl
        saved = {b.id: fl.names.get(b.id) for b, _ in binds}
        for b, path in binds:
            fl.names[b.id] = path
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

    def _flagged(self, rows, exhaustive, failed_subject, node, first) -> None:
        """Fallback for guards that need statements: try each arm in turn
        with a `matched` flag."""
        fl = self.fl
        flag = fl.temp("matched")
        fl.out.append(Line(f"{flag} = False"))
        for pairs, guard, body_fn in rows:
            conds: list = []
            binds: list = []
            for pat, subj in pairs:
                self.test(pat, subj, conds, binds)
            inner: list = []
            saved = fl.out
            fl.out = inner
            for b, path in binds:
                fl.out.append(Line(f"{fl.bind(b)} = {path}"))
            if guard is not None:
                g = fl.value(guard)
                arm = fl.capture(lambda: (fl.out.append(Line(f"{flag} = True")), body_fn()))
                fl.out.append(Block(f"if {g}", arm))
            else:
                fl.out.append(Line(f"{flag} = True"))
                body_fn()
            fl.out = saved
            test = all_of([Py(f"not {flag}", NOT)] + conds)
            fl.out.append(Block(f"if {test}", inner))
        fl.out.append(Block(f"if not {flag}", [exit_line(f"{_MATCH_FAILED}({failed_subject})")]))

    # ------------------------------------------------------------ destructuring

    def unpack_target(self, p) -> str:
        """A Python assignment target for a `let`/`for` pattern (names and
        tuples only)."""
        info = self.fl.p.info
        if isinstance(p, A.PVar):
            b = info.get(p)
            return self.fl.bind(b) if isinstance(b, Binding) else self.fl.temp("unused")
        if isinstance(p, A.PWildcard):
            return self.fl.temp("unused")
        if isinstance(p, A.PTuple):
            inner = ", ".join(self.unpack_target(i) for i in p.items)
            return f"({inner}{',' if len(p.items) == 1 else ''})"
        if isinstance(p, A.PAs):
            return self.unpack_target(p.pattern)
        return self.fl.temp("unused")


def all_of(conds: list) -> Py:
    """`c1 and c2 …` (`True` for none), each condition parenthesised only
    when it binds less tightly than `and`."""
    if not conds:
        return Py("True", ATOM, "literal")
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
    return any(isinstance(n, (A.PVar, A.PAs)) and not n.name[:1].isupper() for n in A.walk(p))


__all__ = ["PatternCompiler", "is_terminal"]
