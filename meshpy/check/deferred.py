"""Checks that need every body inferred first: `?` conversions, constraints, operators typed late, unused variables.

A part of the Inferencer (infer.py): methods only, sharing its state."""

from __future__ import annotations

from typing import Optional

from ..diagnostics import warning
from . import types as T
from .collect import BUILTIN_TRAITS, OPERATOR_TRAITS
from .model import FunctionDecl, TryInfo
from .scope import _type_key


class DeferredMixin:

    def unused_warnings(self):
        """W0003 for variables bound by a `let` of an effect-free value and
        never read. (Pattern variables of `case`/`receive` arms and `for`
        binders, parameters, and `let`s of calls are not reported: they are
        often named to document a value on purpose.)"""
        used = self.facts.used
        for b in self.facts.lets.values():
            if b.id not in used:
                self.diags.append(warning(
                    "W0003", f"unused variable: `{b.name}`", b.span,
                    help=f"if this is intentional, prefix it with an underscore: `_{b.name}`, or write `let _ = …`"))

    def check_constraints(self):
        """`where T: Shape`: the type a call gives `T` must implement `Shape`."""
        for use in self.facts.constraints:
            tv, trait, decl = use.tvar, use.trait, use.decl
            t = T.prune(tv)
            key = _type_key(t)
            if key is None or trait in BUILTIN_TRAITS:
                continue
            iface = self.c.find_interface(use.module, trait)
            if iface is None:
                continue
            if not any(impl.trait == iface.name and impl.type_key == key for impl in self.c.impls):
                self.err("E0006", f"{T.show(t)} does not implement {trait} (required by `where {tv.hint or 'T'}: "
                         f"{trait}` of `{decl.name}`)", use.span,
                         help=f"add `impl {trait} for {T.show(t).rpartition('.')[2]} do … end`")

    def settle_generic_ops(self) -> None:
        """Operators typed before their operands' type was known (a closure
        checked before the call that fixes its parameter types): use the
        specialised form once the type is known."""
        for fact in self.facts.generic_ops:
            info, op = fact.info, fact.op
            t = T.prune(fact.operand)
            name = T.con_name(t)
            if op in ("<>", "++"):
                if name in ("String", "List"):
                    info.kind = name.lower()
                continue
            if name in ("Int", "Float"):
                info.kind = name.lower()
                continue
            trait = "Neg" if op == "neg" else OPERATOR_TRAITS.get(op)
            impl = self.find_impl(trait, name) if trait and name else None
            method = BUILTIN_TRAITS[trait][0][0] if trait else None
            if impl is not None and method in impl.methods:
                info.kind, info.decl = "impl", impl.methods[method]

    # ------------------------------------------------------------ deferred checks

    def check_tries(self):
        for fact in self.facts.tries:
            node, operand, ctx = fact.node, fact.operand, fact.ctx
            self.info = fact.module
            ret = T.prune(ctx.ret)
            kind = T.con_name(operand)
            if ret is T.ERROR:
                continue
            if isinstance(ret, T.TVar) and not ctx.annotated and ctx.kind == "closure":
                try:
                    T.unify(ret, T.result_of(T.TVar(), operand.args[1]) if kind == "Result" else T.option_of(T.TVar()))
                except T.UnifyError:
                    pass  # (a recursive type): reported below
                ret = T.prune(ret)
            rname = T.con_name(ret)
            if rname != kind or rname is None:
                want = "`Result`" if kind == "Result" else "`Option`"
                where = "the closure" if ctx.kind == "closure" else "function"
                found = T.show(ret) if not isinstance(ret, T.TVar) else "an unknown type"
                self.err("E0036", f"`?` operator requires {where} to return `Result` or `Option` "
                         f"(here {want}), but it returns {found}", node.span,
                         help="give the function a return type such as `-> Int!String`, or match the value with `case`")
                continue
            if kind == "Option":
                self.p.info[node] = TryInfo("option")
                continue
            e1, e2 = operand.args[1], ret.args[1]
            try:
                T.unify(e2, e1)
                self.p.info[node] = TryInfo("result")
            except T.UnifyError:
                impl = self.find_from(e1, e2)
                if impl is not None:
                    self.p.info[node] = TryInfo("result", impl)
                else:
                    self.err("E0001", f"type mismatch: expected {T.show(e2)}, found {T.show(e1)} (the error of `?`)",
                             node.span, help=f"implement `From<{T.show(e1)}>` for `{T.show(e2)}` to convert it")

    def find_from(self, src, dst) -> Optional[FunctionDecl]:
        key = _type_key(dst)
        for impl in self.c.impls:
            if impl.trait == "From" and impl.type_key == key and impl.trait_args:
                try:
                    T.unify(impl.trait_args[0], src)
                except T.UnifyError:
                    continue
                return impl.methods.get("from")
        return None
