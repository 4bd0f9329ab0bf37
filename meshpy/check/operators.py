"""Operators, literals of collections and struct construction.

A part of the Inferencer (infer.py): methods only, sharing its state."""

from __future__ import annotations


from . import implicit
from . import types as T
from .collect import BUILTIN_TRAITS, OPERATOR_TRAITS, FailedImport
from .model import OpInfo, StructDecl, StructRef
from .facts import GenericOp
from .scope import _available


class OperatorsMixin:

    # ---- operators

    def e_Unary(self, e, scope, used, expected):
        t = T.prune(self.infer(e.operand, scope))
        if t is T.ERROR:
            return T.BOOL if e.op == "not" else T.ERROR
        if e.op == "not":
            self.unify(T.BOOL, t, e.operand.span, "(`not` needs a Bool)")
            self.p.info[e] = OpInfo("bool")
            return T.BOOL
        name = T.con_name(t)
        if name in ("Int", "Float"):
            self.p.info[e] = OpInfo(name.lower())
            return t
        impl = self.find_impl("Neg", name)
        if impl is not None and "neg" in impl.methods:
            self.p.info[e] = OpInfo("impl", impl.methods["neg"])
            implicit.record_direct(self, e, impl.methods["neg"])
            return impl.assoc.get("Output", t)
        if isinstance(t, T.TVar):
            self.p.info[e] = self.generic_op(e, t, "neg")
            return t
        self.err("E0001", f"type mismatch: expected Int or Float, found {T.show(t)} (unary `-`)", e.operand.span)
        return T.ERROR

    def e_Binary(self, e, scope, used, expected):
        op = e.op
        if op in ("and", "or"):
            self.expect(e.left, T.BOOL, scope)
            self.expect(e.right, T.BOOL, scope)
            self.p.info[e] = OpInfo("bool")
            return T.BOOL
        lt = self.infer(e.left, scope)
        rt = self.infer(e.right, scope, expected=lt)
        if op == "..":
            self.unify(T.INT, lt, e.left.span, "(a range needs Int bounds)")
            self.unify(T.INT, rt, e.right.span, "(a range needs Int bounds)")
            self.p.info[e] = OpInfo("range")
            return T.RANGE
        ok = self.unify(lt, rt, e.right.span)
        t = T.prune(lt)
        if t is T.ERROR or T.prune(rt) is T.ERROR:
            return T.BOOL if op in ("==", "!=", "<", ">", "<=", ">=") else T.ERROR
        name = T.con_name(t)
        if op in ("==", "!="):
            if ok:
                self.check_comparable(t, "Eq", e.op_span, op)
            self.p.info[e] = OpInfo("float" if name == "Float" else "eq")
            implicit.record_site(self, e, t, "Eq", "eq")
            return T.BOOL
        if op in ("<", ">", "<=", ">="):
            if ok:
                self.check_comparable(t, "Ord", e.op_span, op)
            self.p.info[e] = OpInfo("compare")
            implicit.record_site(self, e, t, "Ord", "compare")
            return T.BOOL
        if op in ("<>", "++"):
            if name == "String" or name == "List":
                self.p.info[e] = OpInfo(name.lower())
                return t
            if isinstance(t, T.TVar):
                self.p.info[e] = self.generic_op(e, t, op)
                return t
            if ok:
                self.err("E0001", f"type mismatch: expected String or List, found {T.show(t)} (operator `{op}`)",
                         e.left.span)
            return T.ERROR
        # arithmetic
        if name in ("Int", "Float"):
            self.p.info[e] = OpInfo(name.lower())
            return t
        trait = OPERATOR_TRAITS[op]
        impl = self.find_impl(trait, name)
        method = BUILTIN_TRAITS[trait][0][0]
        if impl is not None and method in impl.methods:
            self.p.info[e] = OpInfo("impl", impl.methods[method])
            implicit.record_direct(self, e, impl.methods[method])
            return impl.assoc.get("Output", t)
        if isinstance(t, T.TVar):
            self.p.info[e] = self.generic_op(e, t, op)
            return t
        if ok:
            self.err("E0001", f"type mismatch: expected Int or Float, found {T.show(t)} (operator `{op}`)",
                     e.left.span, help=f"`{op}` works on numbers; join strings with `<>`" if name == "String" else None)
        return T.ERROR

    def generic_op(self, node, t, op: str) -> OpInfo:
        """An operator whose operand type is not known yet: decided at run
        time unless later inference fixes the type (see settle_generic_ops)."""
        info = OpInfo("generic")
        self.facts.generic_ops.append(GenericOp(info, t, op))
        return info

    def check_comparable(self, t, trait: str, span, op: str) -> None:
        """E0006: `==`/`!=` need `Eq`, `<`… need `Ord`. Functions have
        neither, Maps no `Ord`; a struct or sum type has what it derives or
        implements. (Tuples, Option and Ordering compare fine in meshpy,
        although the reference rejects them: 5.4 allows accepting them.)"""
        t = T.prune(t)
        why = None
        if isinstance(t, T.TFun):
            why = "functions cannot be compared"
        elif trait == "Ord" and T.con_name(t) == "Map":
            why = "maps have no order"
        else:
            decl = self.user_decl(t)
            if decl is not None and not getattr(decl, "builtin", False) and trait not in decl.derives \
                    and self.find_impl(trait, decl.qualified) is None:
                derives = sorted(decl.derives | {"Eq", trait})
                why = f"add it to the deriving clause: deriving({', '.join(derives)})"
        if why is not None:
            self.err("E0006", f"{T.show(t)} does not implement {trait} (operator `{op}`)", span, help=why)

    # ---- literals and constructors

    def e_ListLit(self, e, scope, used, expected):
        elem = T.TVar()
        exp = T.prune(expected) if expected is not None else None
        if isinstance(exp, T.TCon) and exp.name == "List":
            elem = exp.args[0]
        first = True
        for item in e.items:
            it = self.infer(item, scope, expected=elem)
            if first:
                self.unify(elem, it, item.span)
                first = False
            else:
                self.unify(elem, it, item.span, "(list elements must all have one type)")
        return T.list_of(elem)

    def e_MapLit(self, e, scope, used, expected):
        k, v = T.TVar(), T.TVar()
        why = "(keyword argument values must all have one type)" if e.keywords else \
            "(map values must all have one type)"
        for entry in e.entries:
            self.unify(k, self.infer(entry.key, scope), entry.key.span, "(map keys must all have one type)")
            self.unify(v, self.infer(entry.value, scope), entry.value.span, why)
        return T.map_of(k, v)

    def e_TupleLit(self, e, scope, used, expected):
        return T.TTuple(tuple(self.infer(i, scope) for i in e.items))

    def e_StructLit(self, e, scope, used, expected):
        decl = self.find_struct(e.path)
        if decl is None and len(e.path) == 1 and isinstance(self.info.imported.get(e.path[0]), FailedImport):
            for f in e.fields:
                self.infer(f.value, scope)
            return T.ERROR
        if decl is None:
            name = ".".join(e.path)
            v = self.find_variant(e.path[-1]) if len(e.path) == 1 else None
            if v is not None:
                self.err("E0009", f"`{name}` is a variant; build it with `{name}(…)`", e.span)
            else:
                self.err("E0002", f"unknown struct `{name}`", e.span, help=self.type_help(e.path[-1]))
            for f in e.fields:
                self.infer(f.value, scope)
            return T.ERROR
        self.p.info[e] = StructRef(decl)
        t, mapping = self.struct_type(decl)
        given = set()
        for f in e.fields:
            if f.name in given:
                self.err("E0009", f"field {f.name} is given twice", f.span)
            given.add(f.name)
            ft = decl.fields.get(f.name)
            if ft is None:
                self.err("E0009", f"type {decl.qualified} has no field {f.name}", f.span,
                         help=_available(list(decl.fields), "fields"))
                self.infer(f.value, scope)
                continue
            want = T.substitute(ft, mapping)
            self.unify(want, self.infer(f.value, scope, expected=want), f.value.span)
        missing = [n for n in decl.fields if n not in given]
        if missing:
            self.err("E0009", f"missing field {', '.join(missing)} in struct {decl.name}", e.span)
        return t

    def type_help(self, name):
        for mod_name, other in self.infos.items():
            if name in other.structs and other is not self.info:
                return f"`{name}` is defined in module `{mod_name}`: add `from {mod_name} import {name}`"
        return None

    def e_StructUpdate(self, e, scope, used, expected):
        t = T.prune(self.infer(e.base, scope))
        decl = self.user_decl(t)
        if t is T.ERROR:
            for f in e.fields:
                self.infer(f.value, scope)
            return T.ERROR
        if not isinstance(decl, StructDecl):
            # The reference's NoSuchField with the field `<struct update>` (supplement 10).
            if isinstance(t, T.TVar):
                why = "the type of this value is not known here; annotate it (`p :: Point`)"
            else:
                why = "only a struct value can be updated"
            self.err("E0009", f"type {T.show(t)} has no field `<struct update>`", e.base.span, help=why)
            for f in e.fields:
                self.infer(f.value, scope)
            return t
        self.p.info[e] = StructRef(decl)
        mapping = dict(zip(decl.params, t.args))
        for f in e.fields:
            ft = decl.fields.get(f.name)
            if ft is None:
                self.err("E0009", f"type {decl.qualified} has no field {f.name}", f.span,
                         help=f"available fields: {', '.join(decl.fields)}")
                self.infer(f.value, scope)
                continue
            want = T.substitute(ft, mapping)
            self.unify(want, self.infer(f.value, scope, expected=want), f.value.span)
        return t
