"""Calls and method calls: which callee a call reaches (a CallTarget) and its argument types.

A part of the Inferencer (infer.py): methods only, sharing its state."""

from __future__ import annotations

from typing import Optional

from .. import ast as A
from . import implicit
from . import schema
from . import stdlib as S
from . import types as T
from .collect import BUILTIN_SUMS, FailedImport
from .model import (
    ActorLoopCall, DefaultValue, DerivedCall, DynamicCall, FunctionCall, MethodCall, SchemaCall,
    StdlibCall, ToJsonCall, ToStringCall, TupleOp, ValueCall, VariantCall, ActorDecl, CallTarget,
    FunctionDecl, FunctionRef, ServiceDecl, StdlibImport, StructDecl, StructRef, SumDecl, SumRef,
    VariantDecl,
)
from .facts import CallEdge
from .scope import _available, _type_key


class CallsMixin:

    # ---- calls

    def e_Call(self, e, scope, used, expected):
        return self.infer_call(e, e.func, list(e.args), scope, expected)

    def e_Pipe(self, e, scope, used, expected):
        target = e.target
        if isinstance(target, A.Call):
            t = self.infer_call(e, target.func, [e.value] + list(target.args), scope, expected)
            self.p.types[target] = t
            return t
        return self.infer_call(e, target, [e.value], scope, expected)

    def infer_call(self, node, func, args: list, scope, expected) -> T.Type:
        """Infer a call (or a pipe into a call) and record its CallTarget."""
        if isinstance(func, A.Name) and scope.lookup(func.name) is None:
            return self.call_named(node, func, args, scope, expected)
        if isinstance(func, A.FieldAccess):
            result = self.call_dotted(node, func, args, scope, expected)
            if result is not None:
                return result
        # a function value
        ft = self.infer(func, scope)
        return self.apply_value(node, func, ft, args, scope)

    def apply_value(self, node, func, ft, args, scope):
        ft = T.prune(ft)
        if ft is T.ERROR:
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        if isinstance(ft, T.TVar):
            fresh = T.TFun([T.TVar() for _ in args], T.TVar())
            T.unify(ft, fresh)
            ft = fresh
        if not isinstance(ft, T.TFun):
            self.err("E0001", f"type mismatch: expected a function, found {T.show(ft)}: it cannot be called",
                     func.span)
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        ret = self.check_args(node, ft, args, scope, "this function")
        target = ValueCall(args, callee=func)
        self.record_call(node, target, ft.effect)
        return ret

    def check_args(self, node, ft: T.TFun, args, scope, what: str, skip: int = 0) -> T.Type:
        params = ft.params[skip:]
        if len(params) != len(args):
            keywords = bool(args) and isinstance(args[-1], A.MapLit) and args[-1].keywords
            self.err("E0003", f"{what} expected {len(params)} argument(s), found {len(args)}", node.span,
                     help="the keyword arguments count as one argument, a `Map<String, V>` after the others"
                     if keywords else None)
            # which argument is missing or extra is unclear: do not match them up
            for a in args:
                self.infer(a, scope)
            return ft.ret
        for a, pt in zip(args, params):
            at = self.infer(a, scope, expected=pt)
            if isinstance(a, A.MapLit) and a.keywords:
                self.unify(pt, at, a.span, "(keyword arguments are passed as one map, not matched to parameters)")
            else:
                self.unify(pt, at, a.span)
        for a in args[len(params):]:
            self.infer(a, scope)
        return ft.ret

    def record_call(self, node, target: CallTarget, effect: Optional[T.Effect]):
        self.p.info[node] = target
        if effect is not None and self.ctx is not None:
            self.facts.edges.append(CallEdge(self.ctx.effect, effect))
        target.effect = effect  # decides `is_async` after the effect analysis
        self.facts.async_calls.append(target)

    def call_named(self, node, func: A.Name, args, scope, expected):
        name = func.name
        decl = self.find_global(name)
        if isinstance(decl, FunctionDecl):
            ft = T.prune(self.instantiate(decl, node.span))
            self.p.info[func] = FunctionRef(decl)
            ret = self.check_args(node, ft, args, scope, f"`{name}`")
            self.record_call(node, FunctionCall(args, decl=decl), decl.effect)
            return ret
        if isinstance(decl, VariantDecl):
            return self.call_variant(node, decl, args, scope)
        if isinstance(decl, FailedImport):
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        if isinstance(decl, ActorDecl):
            if self.ctx is not None and self.ctx.actor is decl:
                ft = T.TFun(decl.params, T.pid_of(decl.message))
                self.check_args(node, ft, args, scope, f"`{name}`")
                self.p.info[node] = ActorLoopCall(args, decl=decl)
                return T.pid_of(decl.message)
            self.err("E0004", f"`{name}` is an actor: start it with `spawn({name}, …)`", func.span)
            return T.ERROR
        if isinstance(decl, StdlibImport):
            if decl.module == "Tuple" and decl.name in S.TUPLE_FUNCTIONS:
                return self.call_tuple(node, decl.name, args, scope)
            sig = S.lookup(decl.module, decl.name)
            if sig is not None:
                return self.call_stdlib(node, sig, args, scope)
        if name == "default" and decl is None:
            for a in args:
                self.infer(a, scope)
            if args:
                self.err("E0003", f"`default` expected 0 argument(s), found {len(args)}", node.span)
            t = expected if expected is not None else T.TVar()
            self.p.info[node] = DefaultValue([], type=t)
            return t
        if decl is None:
            sig = S.lookup_global(name)
            if sig is not None:
                return self.call_stdlib(node, sig, args, scope)
        self.infer(func, scope)  # reports the error
        for a in args:
            self.infer(a, scope)
        return T.ERROR

    def call_variant(self, node, v: VariantDecl, args, scope):
        vt = self.variant_value_type(v)
        if not v.fields:
            self.err("E0003", f"`{v.name}` takes no arguments; write it without parentheses", node.span)
            return vt
        ret = self.check_args(node, vt, args, scope, f"`{v.name}`")
        self.p.info[node] = VariantCall(args, variant=v)
        return ret

    def call_stdlib(self, node, sig, args, scope, skip_receiver=None):
        ref = sig.ref
        if ref.module == "Tuple":
            return self.call_tuple(node, ref.name, args, scope)
        ft = self.instantiate_stdlib(sig)
        if ref.is_constant:
            self.err("E0001", f"`{ref.module}.{ref.name}` is a constant, not a function", node.span)
            return ft
        label = f"`{ref.module + '.' if ref.module else ''}{ref.name}`"
        ret = self.check_args(node, ft, args, scope, label)
        target = StdlibCall(args, ref=ref)
        self.p.info[node] = target
        if ref.is_async and self.ctx is not None:
            self.ctx.effect.mark_async()
        fun_effects = [p.effect for p in ft.params if isinstance(p, T.TFun)]
        if fun_effects and ref.module not in ("Job",) and self.ctx is not None:
            for eff in fun_effects:
                self.facts.edges.append(CallEdge(self.ctx.effect, eff))
            target.arg_effects = fun_effects  # decides `async_variant` after the effect analysis
            self.facts.async_calls.append(target)
        target.is_async = ref.is_async
        if ref.module == "JSON" and ref.name == "encode" and args:
            self.check_json_encodable(args[0])
        return ret

    def check_json_encodable(self, arg):
        t = self.p.types.get(arg)
        decl = self.user_decl(t) if t is not None else None
        if decl is not None and not getattr(decl, "builtin", False) and "Json" not in decl.derives:
            self.err("E0038", f"`{decl.name}` does not derive Json, so it cannot be encoded", arg.span,
                     help=f"add `deriving(Json)` to `{decl.name}`")

    def call_tuple(self, node, name, args, scope):
        if len(args) != (2 if name == "nth" else 1):
            self.err("E0003", f"`Tuple.{name}` expected {2 if name == 'nth' else 1} argument(s), found {len(args)}",
                     node.span)
            return T.ERROR
        tt = T.prune(self.infer(args[0], scope))
        if name == "nth":
            self.expect(args[1], T.INT, scope)
        if tt is T.ERROR:
            return T.ERROR
        if not isinstance(tt, T.TTuple):
            self.err("E0001", f"type mismatch: expected a tuple, found {T.show(tt)}", args[0].span)
            return T.ERROR
        if name == "size":
            self.p.info[node] = TupleOp(args, op="size")
            return T.INT
        if name == "nth":
            idx = args[1].value if isinstance(args[1], A.IntLit) else None
            if idx is None:
                first = tt.items[0] if tt.items else T.TVar()
                for item in tt.items[1:]:
                    self.unify(first, item, args[0].span, "(`Tuple.nth` with a computed index needs equal types)")
                self.p.info[node] = TupleOp(args, op="nth")
                return first
        else:
            idx = 0 if name == "first" else 1
        if not 0 <= idx < len(tt.items):
            self.err("E0001", f"`Tuple.{name}`: index {idx} is out of range for {T.show(tt)}", node.span)
            return T.ERROR
        self.p.info[node] = TupleOp(args, op="nth", index=idx)
        return tt.items[idx]

    def call_dotted(self, node, func: A.FieldAccess, args, scope, expected):
        """`Qualifier.f(args)` or `value.method(args)`; None when `func` is a
        field holding a function value."""
        obj = func.obj
        name = func.name
        if isinstance(obj, A.Name) and scope.lookup(obj.name) is None:
            qual = obj.name
            target = self.module_qualifier(qual)
            own = (target.structs.get(qual) or target.sums.get(qual)) if target is not None else None
            if own is not None and own.pub and name not in target.functions:
                # `import Types.User` then `User.from_json(s)`, `User.__table__()`:
                # the static functions (and variants) of the module's own type
                variant = next((v for v in getattr(own, "variants", ()) if v.name == name), None)
                if variant is not None:
                    return self.call_variant(node, variant, args, scope)
                return self.call_static(node, own, func, args, scope)
            if target is not None:
                self.p.info[obj] = self.module_ref(target.name)
                decl = self.module_export(target, name, func.name_span)
                if decl is None:
                    for a in args:
                        self.infer(a, scope)
                    return T.ERROR
                ft = T.prune(self.instantiate(decl, node.span))
                ret = self.check_args(node, ft, args, scope, f"`{qual}.{name}`")
                self.record_call(node, FunctionCall(args, decl=decl), decl.effect)
                return ret
            g = self.find_global(qual)
            if isinstance(g, ServiceDecl):
                return self.call_service(node, g, func, args, scope)
            if isinstance(g, SumDecl) or qual in BUILTIN_SUMS:
                sum_decl = g if isinstance(g, SumDecl) else BUILTIN_SUMS[qual]
                v = next((v for v in sum_decl.variants if v.name == name), None)
                if v is None and not sum_decl.builtin and name[:1].islower():
                    return self.call_static(node, sum_decl, func, args, scope)
                if v is None:
                    self.err("E0030", f"no variant `{name}` in type `{sum_decl.qualified}`", func.name_span)
                    return T.ERROR
                return self.call_variant(node, v, args, scope)
            if isinstance(g, StructDecl):
                return self.call_static(node, g, func, args, scope)
            if g is None and (qual in S.STDLIB_MODULE_NAMES):
                self.p.info[obj] = self.module_ref(qual)
                sig = S.lookup(qual, name)
                if sig is None and qual == "Tuple" and name in S.TUPLE_FUNCTIONS:
                    return self.call_tuple(node, name, args, scope)
                if sig is None:
                    self.err("E0030", f"no method `{name}` on type `{qual}`", func.name_span,
                             help=_available(S.module_functions(qual)))
                    for a in args:
                        self.infer(a, scope)
                    return T.ERROR
                return self.call_stdlib(node, sig, args, scope)
            if g is None and qual[:1].isupper():
                self.err("E0004", f"undefined variable: {qual}", obj.span,
                         help=f"to call a function of module `{qual}`, add `import …{qual}`")
                for a in args:
                    self.infer(a, scope)
                return T.ERROR
        # a method call on a value
        recv_t = T.prune(self.infer(obj, scope))
        return self.call_method(node, func, recv_t, args, scope)

    def call_static(self, node, decl, func, args, scope):
        """`Type.from_json(s)`, `Type.from_row(m)`, `Type.from(x)` (a trait's
        static function) on a struct or sum type."""
        name = func.name
        self.p.info[func.obj] = StructRef(decl) if isinstance(decl, StructDecl) else SumRef(decl)
        t, _ = self.struct_type(decl)
        if name in ("from_json", "from_row"):
            trait = "Json" if name == "from_json" else "Row"
            if trait == "Row" and isinstance(decl, SumDecl):
                self.err("E0030", f"no method `from_row` on type `{decl.qualified}`: only structs map from rows",
                         func.name_span)
            elif trait not in decl.derives:
                self.err("E0030", f"no method `{name}` on type `{decl.qualified}` (it does not derive {trait})",
                         func.name_span, help=f"add `deriving({trait})` to `{decl.name}`")
            arg_t = T.STRING if name == "from_json" else T.map_of(T.STRING, T.STRING)
            self.check_args(node, T.TFun([arg_t], T.result_of(t, T.STRING)), args, scope, f"`{decl.name}.{name}`")
            self.p.info[node] = DerivedCall(args, struct=decl, op=name)
            return T.result_of(t, T.STRING)
        if isinstance(decl, StructDecl) and "Schema" in decl.derives and schema.result_type(decl, name):
            return self.call_schema(node, decl, name, args, scope)
        method = self.find_method(decl.qualified, name, static=True)
        if method is not None:
            ft = T.prune(self.instantiate(method))
            ret = self.check_args(node, ft, args, scope, f"`{decl.name}.{name}`")
            self.record_call(node, MethodCall(args, decl=method), method.effect)
            return ret
        if schema.is_metadata_name(name) and isinstance(decl, StructDecl):
            if "Schema" not in decl.derives:
                self.err("E0030", f"no method `{name}` on type `{decl.qualified}` (it does not derive Schema)",
                         func.name_span, help=f"add `deriving(Schema)` to `{decl.name}`")
            else:
                self.err("E0030", f"no method `{name}` on type `{decl.qualified}`: it has no field "
                         f"`{name[2:-6]}`", func.name_span, help=_available(list(decl.fields), "fields"))
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        self.err("E0030", f"no method `{name}` on type `{decl.qualified}`", func.name_span)
        for a in args:
            self.infer(a, scope)
        return T.ERROR

    def call_schema(self, node, decl: StructDecl, name: str, args, scope):
        """`T.__table__()` and the other metadata functions of `deriving(Schema)`."""
        ret = schema.result_type(decl, name)
        self.check_args(node, T.TFun([], ret), args, scope, f"`{decl.name}.{name}`")
        self.p.info[node] = SchemaCall(args, struct=decl, op=name)
        return ret

    def call_method(self, node, func: A.FieldAccess, recv_t, args, scope):
        name = func.name
        if recv_t is T.ERROR:
            for a in args:
                self.infer(a, scope)
            return T.ERROR
        full_args = [func.obj] + list(args)
        decl = self.user_decl(recv_t)
        if isinstance(decl, StructDecl) and name in decl.fields:
            ft = self.field_type(func, recv_t)
            self.p.types[func] = ft
            return self.apply_value(node, func, ft, list(args), scope)
        if name == "to_string" and not self.find_method(_type_key(recv_t), name):
            if args:
                self.err("E0003", f"`to_string` expected 0 argument(s), found {len(args)}", node.span)
            self.p.info[node] = ToStringCall(full_args[:1])
            implicit.record_site(self, full_args[0], recv_t, "Display", "to_string")
            return T.STRING
        if name == "to_json" and decl is not None and "Json" in getattr(decl, "derives", ()):
            self.p.info[node] = ToJsonCall(full_args[:1])
            return T.JSON
        key = _type_key(recv_t)
        if self.self_iface is not None and recv_t is T.prune(self.self_iface[0]):
            ft = self.interface_method_type(self.self_iface[1], name, recv_t)
            if ft is not None and ft.params:
                return self.check_args(node, ft, list(args), scope, f"`{name}`", skip=1)
        if isinstance(recv_t, T.TVar) and recv_t in self.constraints:
            result = self.call_constrained(node, func, recv_t, full_args, scope)
            if result is not None:
                return result
        if key is None and isinstance(recv_t, T.TVar):
            guessed = self.guess_receiver(name)
            if guessed is not None:
                self.unify(guessed, recv_t, func.obj.span)
                recv_t = T.prune(recv_t)
                key = _type_key(recv_t)
        method = self.find_method(key, name) if key else None
        if method is not None:
            ft = T.prune(self.instantiate(method))
            if isinstance(ft, T.TFun) and ft.params:
                self.unify(ft.params[0], recv_t, func.obj.span)
                ret = self.check_args(node, ft, list(args), scope, f"`{name}`", skip=1)
            else:
                ret = T.TVar()
            self.record_call(node, MethodCall(full_args, decl=method), method.effect)
            return ret
        module = S.METHOD_MODULES.get(key) if key else None
        if key == "Tuple" and name in S.TUPLE_FUNCTIONS:
            return self.call_tuple(node, name, full_args, scope)
        sig = S.lookup(module, name) if module else None
        if sig is not None:
            ft = self.instantiate_stdlib(sig)
            if isinstance(ft, T.TFun) and ft.params:
                self.unify(ft.params[0], recv_t, func.obj.span)
            return self.call_stdlib(node, sig, full_args, scope)
        if isinstance(recv_t, T.TVar):
            self.err("E0001", f"cannot tell the type of this value to call its method `{name}`", func.obj.span,
                     help="add a type annotation to the variable or parameter")
        else:
            self.err("E0030", f"no method `{name}` on type `{T.show(recv_t)}`", func.name_span)
        for a in args:
            self.infer(a, scope)
        return T.ERROR

    def call_constrained(self, node, func, recv_t, full_args, scope):
        """`x.area()` where `x :: T` and `where T: Shape`: the method is found
        at run time from the receiver's type (CallTarget kind "dynamic")."""
        name = func.name
        for trait in self.constraints[recv_t]:
            iface = self.c.find_interface(self.info, trait)
            if iface is None or name not in iface.methods:
                continue
            ft = self.interface_method_type(iface, name, recv_t)
            if ft is None or not ft.params:
                continue
            ret = self.check_args(node, ft, full_args[1:], scope, f"`{name}`", skip=1)
            table = {impl.type_key: impl.methods[name] for impl in self.c.impls
                     if impl.trait == iface.name and impl.type_key and name in impl.methods}
            # one effect for every implementation: the caller awaits all or none
            effect = T.Effect(origin="dynamic")
            for m in table.values():
                effect.join(m.effect)
            self.record_call(node, DynamicCall(full_args, decl=table, op=name), effect)
            return ret
        return None

    def guess_receiver(self, method: str):
        """The receiver type for `x.method()` when `x`'s type is still unknown:
        only when exactly one type has such a method."""
        owners = set()
        for impl in self.p.impls:
            if method in impl.methods and impl.for_type is not None:
                owners.add(impl.type_key)
        for (module, fname) in S.SIGNATURES:
            if fname == method and module in S.METHOD_MODULES.values():
                owners.add("stdlib:" + module)
        if len(owners) != 1:
            return None
        owner = owners.pop()
        if owner.startswith("stdlib:"):
            sig = S.lookup(owner[len("stdlib:"):], method)
            ft = self.instantiate_stdlib(sig)
            return ft.params[0] if isinstance(ft, T.TFun) and ft.params else None
        impl = next(i for i in self.p.impls if i.type_key == owner and method in i.methods)
        return T.substitute(impl.for_type, {p: T.TVar() for p in impl.params})
