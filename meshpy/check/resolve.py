"""Name resolution: names, qualified names and field access to declarations.

A part of the Inferencer (infer.py): methods only, sharing its state."""

from __future__ import annotations

from typing import Optional

from .. import ast as A
from ..diagnostics import display_path
from . import stdlib as S
from . import types as T
from .collect import BUILTIN_SUMS, BUILTIN_VARIANTS, FailedImport, close_matches
from .model import (
    ActorDecl, ActorRef, Binding, FieldRef, FunctionDecl, FunctionRef, ImplDecl, InterfaceDecl, LocalRef,
    ModuleInfo, ModuleRef, ServiceDecl, StdlibImport, StdlibRef, StructDecl, SumDecl, SupervisorDecl, VariantDecl, VariantRef,
)
from .facts import ConstraintUse
from .scope import Scope, _available


class ResolveMixin:

    def e_SelfRef(self, e, scope, used, expected):
        b = scope.lookup("self")
        if b is not None:
            self.facts.used.add(b.id)
        if b is None:
            self.err("E0004", "`self` is only available inside the methods of an `impl`", e.span)
            return T.ERROR
        self.p.info[e] = self.local_ref(b)
        return b.type

    # ---- names

    def e_Name(self, e, scope, used, expected):
        ref, t = self.resolve_value(e.name, e.span, scope)
        if ref is not None:
            self.p.info[e] = ref
        return t

    def resolve_value(self, name: str, span, scope: Scope):
        """(Ref, type) of a name used as a value."""
        b = scope.lookup(name)
        if b is not None:
            self.facts.used.add(b.id)
            return self.local_ref(b), b.type
        decl = self.find_global(name)
        if isinstance(decl, FunctionDecl):
            return FunctionRef(decl), self.instantiate(decl, span)
        if isinstance(decl, VariantDecl):
            return VariantRef(decl), self.variant_value_type(decl)
        if isinstance(decl, FailedImport):
            return None, T.ERROR
        if isinstance(decl, StdlibImport):
            sig = S.lookup(decl.module, decl.name)
            if sig is not None:
                return sig.ref, self.instantiate_stdlib(sig)
        if isinstance(decl, ActorDecl):
            if self.ctx is not None and self.ctx.actor is decl:
                return ActorRef(decl), T.TFun(decl.params, T.pid_of(decl.message))
            self.err("E0004", f"`{name}` is an actor: start it with `spawn({name}, …)`", span)
            return None, T.ERROR
        if isinstance(decl, (StructDecl, SumDecl, ServiceDecl, SupervisorDecl, InterfaceDecl)):
            kind = {StructDecl: "a struct", SumDecl: "a type", ServiceDecl: "a service",
                    SupervisorDecl: "a supervisor", InterfaceDecl: "an interface"}[type(decl)]
            self.err("E0004", f"`{name}` is {kind}, not a value", span)
            return None, T.ERROR
        sig = S.lookup_global(name)
        if sig is not None:
            return sig.ref, self.instantiate_stdlib(sig)
        if name == "default":
            return StdlibRef("", "default", "default"), T.TFun((), T.TVar())
        if name.startswith("%"):
            self.err("E0004", f"`{name[1:]}` must be called: `{name[1:]}(…)`", span)
            return None, T.ERROR
        self.err("E0004", f"undefined variable: {name}", span, help=self.name_help(name, scope))
        return None, T.ERROR

    def local_ref(self, b: Binding) -> LocalRef:
        """The fact of a use of `b` (one per binding: refs are immutable)."""
        ref = self.refs.get(b)
        if ref is None:
            ref = self.refs[b] = LocalRef(b)
        return ref

    def module_ref(self, module: str) -> ModuleRef:
        """The fact of a module qualifier (one per module)."""
        ref = self.refs.get(module)
        if ref is None:
            ref = self.refs[module] = ModuleRef(module)
        return ref

    def find_global(self, name: str):
        """A top-level declaration visible by its plain name in this module."""
        visible = self.globals_of.get(self.info.name)
        if visible is None:
            visible = self.globals_of[self.info.name] = _visible_globals(self.info)
        return visible.get(name)

    def name_help(self, name: str, scope: Scope) -> Optional[str]:
        for mod_name, other in self.infos.items():
            if other is self.info:
                continue
            decl = other.functions.get(name)
            if decl is not None and decl.pub:
                return f"`{name}` is defined in module `{mod_name}`: add `from {mod_name} import {name}`"
        for (module, fname) in S.SIGNATURES:
            if fname == name and module:
                return f"did you mean `{module}.{name}`?"
        known = set()
        s = scope
        while s is not None:
            known.update(s.vars)
            s = s.parent
        info = self.info
        for table in (info.functions, info.variants, info.imported):
            known.update(table)
        known.update(n for (m, n) in S.SIGNATURES if not m)
        close = close_matches(name, sorted(k for k in known if isinstance(k, str)), cutoff=0.75)
        if close:
            return f"did you mean `{close[0]}`?"
        return None

    def instantiate(self, decl: FunctionDecl, span=None):
        scheme = self.ensure(decl)
        if scheme is None:
            return decl.type
        if not scheme.vars:
            return scheme.type
        mapping = {v: T.TVar(v.hint) for v in scheme.vars}
        for v in scheme.vars:
            for trait in self.constraints.get(v, ()):
                self.facts.constraints.append(ConstraintUse(mapping[v], trait, self.info, span or decl.span, decl))
        return T.substitute(scheme.type, mapping)

    def instantiate_stdlib(self, sig) -> T.Type:
        """Stdlib functions get fresh type variables and fresh effects for
        their function-typed parameters at every use."""
        return sig.instance()

    def variant_value_type(self, v: VariantDecl):
        mapping = {p: T.TVar(p.hint) for p in v.sum.params}
        sum_t = T.TCon(v.sum.qualified, tuple(mapping[p] for p in v.sum.params))
        if not v.fields:
            return sum_t
        return T.TFun(tuple(T.substitute(f, mapping) for f in v.fields), sum_t)

    def find_variant(self, name: str) -> Optional[VariantDecl]:
        decl = self.info.variants.get(name) or BUILTIN_VARIANTS.get(name)
        if decl is None:
            imported = self.info.imported.get(name)
            if isinstance(imported, VariantDecl):
                decl = imported
        return decl

    # ---- field access

    def e_FieldAccess(self, e, scope, used, expected):
        qual = self.qualified(e, scope)
        if qual is not None:
            return qual
        obj_t = T.prune(self.infer(e.obj, scope))
        return self.field_type(e, obj_t)

    def qualified(self, e: A.FieldAccess, scope):
        """`Mod.name` where `Mod` is not a local value: a module function or
        constant, a qualified variant. None if `e.obj` is a value."""
        if not isinstance(e.obj, A.Name) or scope.lookup(e.obj.name) is not None:
            return None
        qual = e.obj.name
        target = self.module_qualifier(qual)
        if target is not None:
            decl = self.module_export(target, e.name, e.name_span)
            if decl is None:
                return T.ERROR
            self.p.info[e] = FunctionRef(decl)
            return self.instantiate(decl)
        sum_decl = self.find_sum(qual)
        if sum_decl is not None:
            v = next((v for v in sum_decl.variants if v.name == e.name), None)
            if v is None:
                self.err("E0030", f"no variant `{e.name}` in type `{sum_decl.qualified}`", e.name_span)
                return T.ERROR
            self.p.info[e] = VariantRef(v)
            return self.variant_value_type(v)
        if qual in S.STDLIB_MODULE_NAMES and self.find_global(qual) is None:
            sig = S.lookup(qual, e.name)
            if sig is None:
                self.err("E0030", f"no method `{e.name}` on type `{qual}`", e.name_span,
                         help=_available(S.module_functions(qual)))
                return T.ERROR
            self.p.info[e] = sig.ref
            return self.instantiate_stdlib(sig)
        if isinstance(self.find_global(qual), FailedImport):
            return T.ERROR
        if self.find_global(qual) is not None and not isinstance(self.find_global(qual), (FunctionDecl, VariantDecl)):
            self.err("E0030", f"`{qual}.{e.name}` is not a value; call it: `{qual}.{e.name}(…)`", e.span)
            return T.ERROR
        return None

    def module_qualifier(self, qual: str) -> Optional[ModuleInfo]:
        target = self.info.qualifiers.get(qual)
        return self.infos.get(target) if target is not None else None

    def module_export(self, target: ModuleInfo, name: str, span) -> Optional[FunctionDecl]:
        decl = target.functions.get(name)
        if decl is None:
            if name in target.services or name in target.structs:
                self.err("E0030", f"`{target.name}.{name}` is not a function; import it with "
                         f"`from {target.name} import {name}`", span)
            else:
                self.err("E0030", f"no method `{name}` on type `{target.name.rpartition('.')[2]}`: module "
                         f"`{target.name}` has no function `{name}`", span,
                         help=_available(sorted(n for n, d in target.functions.items() if d.pub)))
            return None
        if not decl.pub and target is not self.info:  # (a module may name itself: supplement 9.7)
            self.err("E0035", f"function `{name}` is private in module `{target.name}`", span,
                     help=f"add `pub` to `fn {name}` in {display_path(target.node.path)}")
            return None
        return decl

    def find_sum(self, name: str) -> Optional[SumDecl]:
        decl = self.info.sums.get(name) or BUILTIN_SUMS.get(name)
        if decl is None and isinstance(self.info.imported.get(name), SumDecl):
            decl = self.info.imported[name]
        return decl

    def find_struct(self, path) -> Optional[StructDecl]:
        if len(path) == 1:
            name = path[0]
            decl = self.info.structs.get(name)
            if decl is None and isinstance(self.info.imported.get(name), StructDecl):
                decl = self.info.imported[name]
            return decl
        target = self.module_qualifier(path[-2])
        if target is not None:
            decl = target.structs.get(path[-1])
            if decl is not None and decl.pub:
                return decl
        return None

    def user_decl(self, t) -> Optional[object]:
        t = T.prune(t)
        if not isinstance(t, T.TCon):
            return None
        module, _, name = t.name.rpartition(".")
        info = self.infos.get(module)
        if info is None:
            return BUILTIN_SUMS.get(t.name)
        return info.structs.get(name) or info.sums.get(name)

    def field_type(self, e: A.FieldAccess, obj_t):
        if obj_t is T.ERROR:
            return T.ERROR
        if isinstance(obj_t, T.TVar):
            candidates = self.structs_with_field(e.name)
            if len(candidates) == 1:
                decl = candidates[0]
                self.unify(self.struct_type(decl)[0], obj_t, e.obj.span)
                obj_t = T.prune(obj_t)
            else:
                self.err("E0001", f"cannot tell the type of this value to read its field `{e.name}`", e.obj.span,
                         help="add a type annotation to the variable or parameter")
                return T.ERROR
        decl = self.user_decl(obj_t)
        if isinstance(decl, StructDecl):
            if e.name not in decl.fields:
                self.err("E0009", f"type {T.show(obj_t)} has no field {e.name}", e.name_span,
                         help=_available(list(decl.fields), "fields"))
                return T.ERROR
            self.p.info[e] = FieldRef(decl, e.name)
            mapping = dict(zip(decl.params, obj_t.args))
            return T.substitute(decl.fields[e.name], mapping)
        self.err("E0009", f"type {T.show(obj_t)} has no field {e.name}", e.name_span)
        return T.ERROR

    def structs_with_field(self, field: str) -> list:
        out = []
        seen = set()
        for d in list(self.info.structs.values()) + [d for d in self.info.imported.values() if isinstance(d, StructDecl)]:
            if field in d.fields and id(d) not in seen:
                seen.add(id(d))
                out.append(d)
        return out

    def struct_type(self, decl: StructDecl):
        mapping = {p: T.TVar(p.hint) for p in decl.params}
        return T.TCon(decl.qualified, tuple(mapping[p] for p in decl.params)), mapping

    def find_method(self, key: Optional[str], name: str, static: bool = False) -> Optional[FunctionDecl]:
        if key is None:
            return None
        for impl in self.c.impls:
            if impl.type_key == key and name in impl.methods:
                return impl.methods[name]
        for impl in self.c.impls:
            if impl.type_key == key:
                info = self.infos[impl.module]
                iface = self.c.find_interface(info, impl.trait)
                if iface is not None and (iface.name, name) in self.default_methods:
                    return self.default_methods[(iface.name, name)]
        return None

    @staticmethod
    def iterable_method(impl: ImplDecl) -> Optional[FunctionDecl]:
        """The method of an Iterable impl that gives the items: `iter`, else
        `to_list`, else its only method."""
        for name in ("iter", "to_list"):
            if name in impl.methods:
                return impl.methods[name]
        return next(iter(impl.methods.values())) if len(impl.methods) == 1 else None

    def find_impl(self, trait: str, key: Optional[str]) -> Optional[ImplDecl]:
        """The impl of `trait` for the type `key` (the first one declared)."""
        index = self.__dict__.get("_impl_index")
        if index is None or index[0] != len(self.c.impls):
            table: dict = {}
            for impl in self.c.impls:
                table.setdefault((impl.trait, impl.type_key), impl)
            index = self._impl_index = (len(self.c.impls), table)
        return index[1].get((trait, key))


def _visible_globals(info: ModuleInfo) -> dict:
    """Every top-level name visible in the module, each with what it means
    when several tables have it: own functions first, then variants, actors,
    structs, sums, services, supervisors, interfaces, from-imports and the
    built-in variants. (Built once per module: the tables are complete when
    inference starts, and are not changed by it.)"""
    visible = dict(BUILTIN_VARIANTS)
    for table in (info.imported, info.interfaces, info.supervisors, info.services, info.sums, info.structs,
                  info.actors, info.variants, info.functions):
        visible.update(table)
    return visible
