"""Collect every module's declarations and check them on their own.

Builds one `ModuleInfo` per module (functions grouped from their clauses,
structs, sum types and their variants, aliases, interfaces, impls, services,
actors, supervisors), resolves imports and the types written in declarations,
and reports the declaration-level errors: duplicate definitions, E0022/E0023
(clauses), E0028/E0029/E0038/E0039 (deriving), E0026/E0040/E0041 (impls),
E0031/E0034/E0035 (imports), unknown types.
"""

from __future__ import annotations

from typing import Optional

from .. import ast as A
from ..diagnostics import Diagnostic, display_path, error
from ..sources import snake_case
from . import types as T
from .model import (
    ActorDecl, AliasDecl, ChildDecl, FunctionDecl, HandlerDecl, ImplDecl, InterfaceDecl,
    ModuleInfo, ServiceDecl, StdlibImport, StructDecl, SumDecl, SupervisorDecl, VariantDecl,
)
from .stdlib import STDLIB_MODULE_NAMES, TUPLE_FUNCTIONS, lookup as stdlib_lookup, module_functions

DERIVABLE = ("Eq", "Ord", "Display", "Debug", "Hash", "Json", "Row", "Schema")
STRUCT_DEFAULT_DERIVES = {"Debug", "Eq", "Ord", "Hash"}
SUM_DEFAULT_DERIVES = {"Debug", "Eq", "Ord"}

# Built-in type names (5.1) and how many type arguments they take (None: any).
BUILTIN_TYPES = {
    "Int": 0, "Float": 0, "Bool": 0, "String": 0, "Atom": 0, "List": 1, "Map": 2, "Set": 1,
    "Option": 1, "Result": 2, "Pid": None, "Range": 0, "Queue": 1, "Iter": 1, "Json": 0,
    "PoolHandle": 0, "PgConn": 0, "SqliteConn": 0, "Ordering": 0, "Request": 0,
    "Response": 0, "Router": 0, "Query": 0, "Changeset": 0,
}
# the built-in types without arguments, one object each (types are never mutated)
_PLAIN_TYPES = {t.name: t for t in (T.INT, T.FLOAT, T.BOOL, T.STRING, T.ATOM, T.RANGE, T.JSON, T.ORDERING)}
ITERATOR_TYPE_NAMES = {"ListIterator", "MapIterator", "SetIterator", "RangeIterator"}

# Built-in traits: method names and associated types.
BUILTIN_TRAITS = {
    "Add": (("add",), ("Output",)), "Sub": (("sub",), ("Output",)), "Mul": (("mul",), ("Output",)),
    "Div": (("div",), ("Output",)), "Mod": (("mod",), ("Output",)), "Neg": (("neg",), ("Output",)),
    "Eq": (("eq",), ()), "Ord": (("compare",), ()), "Display": (("to_string",), ()),
    "Debug": (("debug",), ()), "Hash": (("hash",), ()), "Default": (("default",), ()),
    "From": (("from",), ()), "Iterable": ((), ("Item", "Iter")),  # Iter: supplement 9.5
}
OPERATOR_TRAITS = {"+": "Add", "-": "Sub", "*": "Mul", "/": "Div", "%": "Mod"}


def builtin_sums() -> dict:
    """Option, Result and Ordering as sum-type declarations."""
    def make(name, params, variants):
        decl = SumDecl("", name, None, True, params, builtin=True, derives={"Eq", "Ord", "Debug", "Display"})
        for tag, (vname, fields) in enumerate(variants):
            decl.variants.append(VariantDecl(decl, vname, tag, list(fields), [None] * len(fields)))
        return decl

    t, e = T.TVar("T"), T.TVar("E")
    option = make("Option", [t], [("Some", [t]), ("None", [])])
    t2 = T.TVar("T")
    result = make("Result", [t2, e], [("Ok", [t2]), ("Err", [e])])
    ordering = make("Ordering", [], [("Less", []), ("Equal", []), ("Greater", [])])
    return {"Option": option, "Result": result, "Ordering": ordering}


BUILTIN_SUMS = builtin_sums()
BUILTIN_VARIANTS = {v.name: v for s in BUILTIN_SUMS.values() for v in s.variants}


class FailedImport:
    """What a name imported in error (E0034/E0035) stands for: uses of it are
    not reported again."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class Collector:
    def __init__(self, project, modules: dict):
        self.project = project
        self.ast_modules = modules  # name -> A.Module
        self.infos: dict[str, ModuleInfo] = {}
        self.diags: list[Diagnostic] = []
        self.impls: list[ImplDecl] = []
        self.resolving: set = set()  # type aliases being resolved (to find cycles)

    # ------------------------------------------------------------ driver

    def run(self) -> dict:
        for name in self.project.order:
            self.infos[name] = self._declare(self.ast_modules[name])
        for name in self.project.order:
            self._resolve_imports(self.infos[name])
        for name in self.project.order:
            self._resolve_declared_types(self.infos[name])
        for name in self.project.order:
            self._check_derivations(self.infos[name])
        self._check_impls()
        return self.infos

    def err(self, code, message, span, **kw):
        self.diags.append(error(code, message, span, **kw))

    # ------------------------------------------------------------ pass 1: names

    def _declare(self, module: A.Module) -> ModuleInfo:
        info = ModuleInfo(module.name, module)
        seen: dict[str, A.Span] = {}
        fn_groups: dict[str, FunctionDecl] = {}
        last_fn: Optional[str] = None
        for item in module.items:
            if isinstance(item, A.FnDef):
                if item.name in fn_groups and last_fn == item.name and \
                        len(fn_groups[item.name].clauses[0].params) != len(item.params):
                    first = fn_groups[item.name].clauses[0]
                    self.err("E0005", f"`{item.name}` is defined more than once in this module", item.name_span,
                             notes=[_note(f"first defined at {first.span.line}:{first.span.col} with "
                                          f"{len(first.params)} parameter(s); this one has {len(item.params)}")],
                             help="a function's clauses all take the same number of arguments; functions are not "
                                  "overloaded by arity, so give this one another name")
                elif item.name in fn_groups and last_fn == item.name:
                    fn_groups[item.name].clauses.append(item)
                elif item.name in fn_groups:
                    first = fn_groups[item.name].clauses[0]
                    if len(first.params) == len(item.params):
                        self.err("E0023", f"clauses of function `{item.name}/{len(item.params)}` must be consecutive",
                                 item.name_span,
                                 notes=[_note(f"the first clause of `{item.name}` is at {first.span.line}:{first.span.col}")],
                                 help="move this clause next to the other clauses of the function")
                        # check the function as if the clauses were together: no follow-up errors
                        fn_groups[item.name].clauses.append(item)
                    else:
                        self._duplicate(item.name, item.name_span, seen)
                else:
                    self._unique(item.name, item.name_span, seen)
                    decl = FunctionDecl(module.name, item.name, [item], item.pub)
                    fn_groups[item.name] = decl
                    info.functions[item.name] = decl
                last_fn = item.name
                continue
            last_fn = None
            if isinstance(item, A.StructDef):
                self._unique(item.name, item.name_span, seen)
                info.structs[item.name] = StructDecl(module.name, item.name, item, item.pub,
                                                     [T.TVar(g.name) for g in item.generics])
            elif isinstance(item, A.SumTypeDef):
                self._unique(item.name, item.name_span, seen)
                decl = SumDecl(module.name, item.name, item, item.pub, [T.TVar(g.name) for g in item.generics])
                for tag, v in enumerate(item.variants):
                    vd = VariantDecl(decl, v.name, tag, [], [f.name for f in v.fields], v)
                    decl.variants.append(vd)
                    if v.name in info.variants or v.name in BUILTIN_VARIANTS:
                        self.err("E0005", f"the constructor `{v.name}` is defined twice", v.span)
                    info.variants[v.name] = vd
                info.sums[item.name] = decl
            elif isinstance(item, A.TypeAlias):
                self._unique(item.name, item.name_span, seen)
                info.aliases[item.name] = AliasDecl(module.name, item.name, item, [T.TVar(g.name) for g in item.generics])
            elif isinstance(item, A.InterfaceDef):
                self._unique(item.name, item.name_span, seen)
                info.interfaces[item.name] = InterfaceDecl(
                    module.name, item.name, item, item.pub,
                    {m.name: m for m in item.methods}, [a.name for a in item.assoc_types])
            elif isinstance(item, A.ImplDef):
                impl = ImplDecl(module.name, item.trait.name, item)
                info.impls.append(impl)
                self.impls.append(impl)
            elif isinstance(item, A.ServiceDef):
                self._unique(item.name, item.name_span, seen)
                info.services[item.name] = self._service(module.name, item)
            elif isinstance(item, A.ActorDef):
                self._unique(item.name, item.name_span, seen)
                info.actors[item.name] = ActorDecl(module.name, item.name, item)
            elif isinstance(item, A.SupervisorDef):
                self._unique(item.name, item.name_span, seen)
                info.supervisors[item.name] = self._supervisor(module.name, item)
            elif isinstance(item, A.ModuleBlock):
                self.err("E0042", f"`module {item.name} do … end` blocks are not supported: nothing inside "
                         "them can be reached", item.span,
                         help=f"put the items in their own file, e.g. {snake_case(item.name)}.mpl, and import it")
        for decl in info.functions.values():
            self._check_clauses(decl)
        return info

    def _unique(self, name, span, seen):
        if name in seen:
            self._duplicate(name, span, seen)
        else:
            seen[name] = span

    def _duplicate(self, name, span, seen):
        first = seen.get(name)
        notes = [_note(f"first defined at {first.line}:{first.col}")] if first else []
        self.err("E0005", f"`{name}` is defined more than once in this module", span, notes=notes)

    def _check_clauses(self, decl: FunctionDecl) -> None:
        """E0022: a catch-all clause must be the last one."""
        clauses = decl.clauses
        if len(clauses) < 2:
            return
        arity = len(clauses[0].params)
        for c in clauses[1:]:
            if len(c.params) != arity:
                self.err("E0003", f"all clauses of `{decl.name}` must take {arity} argument(s); this one takes "
                         f"{len(c.params)}", c.name_span)
        for c in clauses[:-1]:
            if c.guard is None and all(_irrefutable(p.pattern) for p in c.params):
                self.err("E0022", f"catch-all clause must be the last clause of function `{decl.name}/{arity}`",
                         c.span, help="clauses are tried from top to bottom; the clauses after this one can never run")
                break

    def _service(self, module: str, node: A.ServiceDef) -> ServiceDecl:
        svc = ServiceDecl(module, node.name, node)
        if node.init is not None:
            svc.init = FunctionDecl(module, "init", [node.init], True, kind="init")
        for h in node.handlers:
            client = snake_case(h.name)
            if client in svc.handlers or client == "start":
                self.err("E0005", f"handler `{h.name}` clashes with another generated function `{client}`", h.name_span)
                continue
            hd = HandlerDecl(svc, h, h.kind, h.name, client)
            svc.handlers[client] = hd
        return svc

    def _supervisor(self, module: str, node: A.SupervisorDef) -> SupervisorDecl:
        sup = SupervisorDecl(module, node.name, node, node.pub)
        for s in node.settings:
            if s.key == "strategy":
                sup.strategy = self._word(s, ("one_for_one", "one_for_all", "rest_for_one", "simple_one_for_one"))
            elif s.key in ("max_restarts", "max_seconds"):
                setattr(sup, s.key, self._int_setting(s))
            else:
                self.err("E0019", f"unknown supervisor setting `{s.key}`", s.span,
                         help="a supervisor takes strategy, max_restarts, max_seconds and child blocks")
        seen_children = set()
        for c in node.children:
            if c.name in seen_children:
                self.err("E0005", f"child `{c.name}` is defined twice in supervisor `{node.name}`", c.span)
            seen_children.add(c.name)
            child = ChildDecl(c.name, None)
            for s in c.settings:
                if s.key == "start":
                    child.start = s.value
                elif s.key == "restart":
                    child.restart = self._word(s, ("permanent", "transient", "temporary"))
                elif s.key == "shutdown":
                    if isinstance(s.value, A.Name) and s.value.name == "brutal_kill":
                        child.shutdown = "brutal_kill"
                    else:
                        child.shutdown = self._int_setting(s)
                else:
                    self.err("E0019", f"unknown child setting `{s.key}`", s.span,
                             help="a child takes start, restart and shutdown")
            if child.start is None:
                self.err("E0018", f"child `{c.name}` has no `start:` function", c.span)
            sup.children.append(child)
        return sup

    def _word(self, s: A.SupervisorSetting, allowed) -> str:
        if isinstance(s.value, A.Name) and s.value.name in allowed:
            return s.value.name
        self.err("E0019", f"`{s.key}` must be one of: {', '.join(allowed)}", s.value.span)
        return allowed[0]

    def _int_setting(self, s: A.SupervisorSetting) -> int:
        if isinstance(s.value, A.IntLit):
            return s.value.value
        self.err("E0019", f"`{s.key}` must be a whole number", s.value.span)
        return 0

    # ------------------------------------------------------------ pass 2: imports

    def _resolve_imports(self, info: ModuleInfo) -> None:
        for item in info.node.items:
            if isinstance(item, A.Import):
                target = ".".join(item.path)
                if target in self.infos:
                    info.qualifiers[item.path[-1]] = target
            elif isinstance(item, A.FromImport):
                target = ".".join(item.path)
                source = self.infos.get(target)
                if source is None:
                    if target in STDLIB_MODULE_NAMES:
                        for ident in item.names:
                            if stdlib_lookup(target, ident.name) is None and not (
                                    target == "Tuple" and ident.name in TUPLE_FUNCTIONS):
                                close = close_matches(ident.name, module_functions(target))
                                self.err("E0034", f"name not found in module: `{ident.name}` is not a function of "
                                         f"`{target}`", ident.span,
                                         notes=[_note(f"the module has: {', '.join(module_functions(target))}")],
                                         help=f"did you mean `{close[0]}`?" if close else None)
                                info.imported[ident.name] = FailedImport(ident.name)
                            else:
                                info.imported[ident.name] = StdlibImport(target, ident.name)
                    continue  # E0031 is reported by project loading
                for ident in item.names:
                    decl = self._export(source, ident, info)
                    if decl is not None:
                        info.imported[ident.name] = decl
                        if isinstance(decl, SumDecl):
                            for v in decl.variants:
                                info.imported.setdefault(v.name, v)
                    else:
                        info.imported[ident.name] = FailedImport(ident.name)
                        hidden = source.sums.get(ident.name)
                        for v in (hidden.variants if hidden is not None else ()):
                            info.imported.setdefault(v.name, FailedImport(v.name))

    def _export(self, source: ModuleInfo, ident: A.Ident, importer: Optional[ModuleInfo] = None):
        """The declaration `ident` names in `source`, if it is exported (or
        `source` is the importing module itself: supplement 9.7)."""
        name = ident.name
        for table in (source.functions, source.structs, source.sums, source.interfaces):
            decl = table.get(name)
            if decl is not None:
                if decl.pub or source is importer:
                    return decl
                kind = {StructDecl: "struct", SumDecl: "type", InterfaceDecl: "interface"}.get(type(decl), "fn")
                self.err("E0035", f"private item cannot be imported: `{name}` is private in module `{source.name}`",
                         ident.span, help=f"add `pub` to `{name}` in {display_path(source.node.path)}: `pub {kind} {name}`")
                return None
        if name in source.services:
            return source.services[name]
        actor = source.actors.get(name)
        if actor is not None:  # supplement 1.7: `from M import SomeActor`
            if actor.pub or source is importer:
                return actor
            self.err("E0035", f"private item cannot be imported: `{name}` is private in module `{source.name}`",
                     ident.span, help=f"add `pub` to `{name}` in {display_path(source.node.path)}: `pub actor {name}`")
            return None
        exports = sorted(
            [n for n, d in source.functions.items() if d.pub] + [n for n, d in source.structs.items() if d.pub]
            + [n for n, d in source.sums.items() if d.pub] + [n for n, d in source.interfaces.items() if d.pub]
            + list(source.services) + [n for n, a in source.actors.items() if a.pub])
        why = ""
        if name in source.supervisors:
            why = " (supervisors are not exported)"
        elif name in source.aliases:
            why = " (type aliases are not exported)"
        self.err("E0034", f"name not found in module: `{name}` is not exported by `{source.name}`{why}", ident.span,
                 notes=[_note("the module exports: " + (", ".join(exports) if exports else "nothing"))])
        return None

    # ------------------------------------------------------------ pass 3: types in declarations

    def type_scope(self, info: ModuleInfo, generics: dict, self_type=None) -> "TypeScope":
        return TypeScope(self, info, generics, self_type)

    def _resolve_declared_types(self, info: ModuleInfo) -> None:
        for alias in info.aliases.values():
            if alias.type is None:  # (not resolved yet by a use in an earlier declaration)
                self.resolve_alias(alias)
        for s in info.structs.values():
            scope = self.type_scope(info, {v.hint: v for v in s.params})
            for f in s.node.fields:
                if f.name in s.fields:
                    self.err("E0005", f"field `{f.name}` is declared twice in struct `{s.name}`", f.span)
                s.fields[f.name] = scope.resolve(f.type)
            s.derives = self._derives(s.node.deriving, s.name, STRUCT_DEFAULT_DERIVES)
        for sd in info.sums.values():
            scope = self.type_scope(info, {v.hint: v for v in sd.params})
            for vd in sd.variants:
                vd.fields = [scope.resolve(f.type) for f in vd.node.fields]
                names = [f.name for f in vd.node.fields if f.name]
                for f in vd.node.fields:
                    if f.name and names.count(f.name) > 1 and f is not next(g for g in vd.node.fields if g.name == f.name):
                        self.err("E0005", f"field `{f.name}` is declared twice in variant `{vd.name}`", f.span)
            sd.derives = self._derives(sd.node.deriving, sd.name, SUM_DEFAULT_DERIVES, is_sum=True)
        for svc in info.services.values():
            for hd in svc.handlers.values():
                scope = self.type_scope(info, {})
                hd.param_types = [scope.resolve(p.type) if p.type is not None else T.TVar() for p in hd.node.params]
                hd.reply = scope.resolve(hd.node.reply_type) if hd.node.reply_type is not None else T.TVar()
        for actor in info.actors.values():
            scope = self.type_scope(info, {})
            actor.params = [scope.resolve(p.type) if p.type is not None else T.TVar() for p in actor.node.params]
            actor.message = T.TVar("M")
        for impl in info.impls:
            self._resolve_impl(info, impl)

    def _derives(self, clause, type_name: str, default: set, is_sum: bool = False) -> set:
        if clause is None:
            return set(default)
        names = set()
        for ident in clause:
            if ident.name not in DERIVABLE:
                self.err("E0028", f"cannot derive `{ident.name}` for `{type_name}`", ident.span,
                         help="derivable traits: " + ", ".join(DERIVABLE))
            elif ident.name == "Schema" and is_sum:
                self.err("E0028", f"cannot derive `Schema` for `{type_name}`", ident.span,
                         help="only a struct maps to a database table")
            else:
                names.add(ident.name)
        if "Ord" in names and "Eq" not in names:
            ord_ident = next(i for i in clause if i.name == "Ord")
            self.err("E0029", f"cannot derive `Ord` for `{type_name}` without `Eq`: `Ord` requires `Eq`", ord_ident.span,
                     help="derive both: deriving(Eq, Ord)")
        return names

    def _resolve_impl(self, info: ModuleInfo, impl: ImplDecl) -> None:
        node = impl.node
        generics = {}
        for w in node.where:
            generics.setdefault(w.type_param, T.TVar(w.type_param))
        # `impl Show for Pair<A, B>`: single capital letters not naming a type are parameters
        for tn in _type_names(node.for_type):
            if len(tn) == 1 and tn.isupper() and not self._is_type_name(info, tn):
                generics.setdefault(tn, T.TVar(tn))
        scope = self.type_scope(info, generics)
        impl.for_type = scope.resolve(node.for_type)
        impl.params = list(generics.values())
        impl.type_key = T.con_name(impl.for_type) or (
            "Tuple" if isinstance(T.prune(impl.for_type), T.TTuple) else None)
        impl.trait_args = [scope.resolve(a) for a in node.trait.args]
        self_scope = self.type_scope(info, generics, self_type=impl.for_type)
        for a in node.assoc_types:
            if a.type is not None:
                impl.assoc[a.name] = self_scope.resolve(a.type)
        for m in node.methods:
            if m.name in impl.methods:
                self.err("E0005", f"method `{m.name}` is defined twice in this impl", m.name_span)
                continue
            impl.methods[m.name] = FunctionDecl(info.name, m.name, [m], True, kind="method")

    def _is_type_name(self, info: ModuleInfo, name: str) -> bool:
        return (name in BUILTIN_TYPES or name in info.structs or name in info.sums or name in info.aliases
                or name in info.imported)

    def find_interface(self, info: ModuleInfo, name: str) -> Optional[InterfaceDecl]:
        if name in info.interfaces:
            return info.interfaces[name]
        imported = info.imported.get(name)
        if isinstance(imported, InterfaceDecl):
            return imported
        return None

    def resolve_alias(self, alias: AliasDecl) -> None:
        self.resolving.add(alias)
        try:
            scope = self.type_scope(self.infos[alias.module], {v.hint: v for v in alias.params})
            alias.type = scope.resolve(alias.node.type)
        finally:
            self.resolving.discard(alias)

    def _check_impls(self) -> None:
        seen: dict = {}
        for impl in self.impls:
            info = self.infos[impl.module]
            node = impl.node
            iface = self.find_interface(info, impl.trait)
            builtin = BUILTIN_TRAITS.get(impl.trait)
            if iface is None and builtin is None:
                self.err("E0030", f"unknown interface `{impl.trait}`", node.trait.span)
                continue
            declared = list(iface.assoc_types) if iface is not None else list(builtin[1])
            if impl.trait in ("Neg",):
                declared = ["Output"]
            for a in node.assoc_types:
                if a.name not in declared:
                    self.err("E0041", f"associated type `{a.name}` is not declared by the trait `{impl.trait}`", a.span)
            for name in declared:
                if name not in impl.assoc and impl.trait not in ("Neg", "Iterable"):
                    self.err("E0040", f"missing associated type `{name}` in the impl of `{impl.trait}` for "
                             f"`{T.show(impl.for_type)}`", node.trait.span, help=f"add `type {name} = …` to the impl")
            if iface is not None:
                for mname, sig in iface.methods.items():
                    if mname not in impl.methods and sig.body is None:
                        self.err("E0030", f"the impl of `{impl.trait}` for `{T.show(impl.for_type)}` lacks the method "
                                 f"`{mname}`", node.span)
                for mname in impl.methods:
                    if mname not in iface.methods:
                        self.err("E0030", f"`{mname}` is not a method of the interface `{impl.trait}`",
                                 impl.methods[mname].clauses[0].name_span)
            key = (impl.trait, tuple(T.show(a) for a in impl.trait_args), impl.type_key)
            if impl.type_key is not None and key in seen:
                self.err("E0026", f"duplicate impl of `{impl.trait}` for `{T.show(impl.for_type)}`", node.span,
                         notes=[_note(f"the first impl is at {seen[key].span.line}:{seen[key].span.col}")])
            seen.setdefault(key, node)

    # ------------------------------------------------------------ pass 4: deriving rules

    def _check_derivations(self, info: ModuleInfo) -> None:
        for s in info.structs.values():
            for f in s.node.fields:
                t = s.fields.get(f.name)
                if t is None:
                    continue
                if "Json" in s.derives and not self.json_serialisable(t, set()):
                    self.err("E0038", f"field `{f.name}` of type `{T.show(t)}` is not JSON-serializable", f.span,
                             help="JSON fields must be Int, Float, Bool, String, Option, List, Map<String, …> "
                                  "or types that derive Json")
                if "Row" in s.derives and not _row_mappable(t):
                    self.err("E0039", f"field `{f.name}` has type `{T.show(t)}` which cannot be mapped from a "
                             "database row", f.span,
                             help="Row fields must be Int, Float, Bool, String, Atom or an Option of those")
        for sd in info.sums.values():
            if "Row" in sd.derives:
                self.err("E0039", f"`{sd.name}` is a sum type, which cannot be mapped from a database row",
                         sd.node.name_span)
            if "Json" in sd.derives:
                for vd in sd.variants:
                    for fnode, t in zip(vd.node.fields, vd.fields):
                        if not self.json_serialisable(t, set()):
                            self.err("E0038", f"a field of variant `{vd.name}` has type `{T.show(t)}`, which is not "
                                     "JSON-serializable", fnode.span)

    def json_serialisable(self, t, visiting: set) -> bool:
        t = T.prune(t)
        if isinstance(t, T.TVar):
            return True
        if isinstance(t, T.TCon):
            if t.name in ("Int", "Float", "Bool", "String", "Atom", "Json"):  # an Atom: its name
                return True
            if t.name in ("Option", "List", "Set"):
                return self.json_serialisable(t.args[0], visiting)
            if t.name == "Map":
                return T.con_name(t.args[0]) in ("String", None) and self.json_serialisable(t.args[1], visiting)
            decl = self.user_type(t.name)
            if decl is not None:
                return "Json" in decl.derives
        return False

    def user_type(self, qualified: str):
        module, _, name = qualified.rpartition(".")
        info = self.infos.get(module)
        if info is None:
            return None
        return info.structs.get(name) or info.sums.get(name)


def _row_mappable(t) -> bool:
    t = T.prune(t)
    if isinstance(t, T.TCon) and t.name in ("Int", "Float", "Bool", "String", "Atom"):
        return True
    if isinstance(t, T.TCon) and t.name == "Option":
        inner = T.prune(t.args[0])
        return isinstance(inner, T.TCon) and inner.name in ("Int", "Float", "Bool", "String", "Atom")
    return False


class TypeScope:
    """Resolves type expressions written in one module."""

    def __init__(self, collector: Collector, info: ModuleInfo, generics: dict, self_type=None):
        self.c = collector
        self.info = info
        self.generics = generics
        self.self_type = self_type
        self.auto_generic = False  # unknown single-letter names become parameters

    def resolve(self, node) -> T.Type:
        if isinstance(node, A.TupleType):
            return T.TTuple(tuple(self.resolve(i) for i in node.items))
        if isinstance(node, A.FunType):
            return T.TFun(tuple(self.resolve(p) for p in node.params), self.resolve(node.ret))
        assert isinstance(node, A.TypeName)
        args = [self.resolve(a) for a in node.args]
        if len(node.path) == 1:
            return self._named(node, node.path[0], args)
        return self._qualified(node, args)

    def _named(self, node: A.TypeName, name: str, args: list) -> T.Type:
        if name in self.generics:
            return self.generics[name]
        if name == "Self" and self.self_type is not None:
            return self.self_type
        if name in BUILTIN_TYPES:
            return self._builtin(node, name, args)
        if name in ITERATOR_TYPE_NAMES:
            return T.TCon("Iter", (args[0] if args else T.TVar(),))
        if name == "Ptr" and not args:
            # The reference's opaque handle (supplement 2): whatever the value
            # is (Query, Changeset, an iterator, a Result), inferred from use.
            return T.TVar()
        decl = self.info.structs.get(name) or self.info.sums.get(name) or self.info.aliases.get(name)
        if decl is None:
            imported = self.info.imported.get(name)
            if isinstance(imported, (StructDecl, SumDecl)):
                decl = imported
            elif isinstance(imported, FailedImport):
                return T.ERROR
        if decl is not None:
            return self._user(node, decl, args)
        if self.auto_generic and len(name) == 1 and name.isupper():
            self.generics[name] = T.TVar(name)
            return self.generics[name]
        self.c.err("E0002", f"unknown type `{name}`", node.span, help=self._type_help(name))
        return T.ERROR

    def _qualified(self, node: A.TypeName, args: list) -> T.Type:
        *qual, name = node.path
        if len(qual) == 1 and qual[0] == "Self" and self.self_type is not None:
            return T.TVar(name)  # `Self.Item`: resolved when the impl is known
        target = self.c.infos.get(self.info.qualifiers.get(qual[-1], ".".join(qual)))
        if target is not None:
            decl = target.structs.get(name) or target.sums.get(name)
            if decl is not None and decl.pub:
                return self._user(node, decl, args)
        self.c.err("E0002", f"unknown type `{'.'.join(node.path)}`", node.span,
                   help="import the type with `from Module import Type` and use its plain name")
        return T.ERROR

    def _builtin(self, node, name, args) -> T.Type:
        want = BUILTIN_TYPES[name]
        if name == "Pid":
            if len(args) > 1:
                self.c.err("E0001", "`Pid` takes at most one type argument (the message type)", node.span)
            return T.pid_of(args[0] if args else None)
        if args and want != len(args):
            self.c.err("E0001", f"`{name}` takes {want} type argument(s), found {len(args)}", node.span)
            args = []
        if not want:
            return _PLAIN_TYPES.get(name) or T.TCon(name)
        if not args:
            args = [T.TVar() for _ in range(want)]
        return T.TCon(name, tuple(args))

    def _user(self, node, decl, args) -> T.Type:
        if isinstance(decl, AliasDecl):
            if decl.type is None:  # an alias used before its own resolution
                if decl in self.c.resolving:
                    self.c.err("E0002", f"the type alias `{decl.name}` is defined in terms of itself", node.span,
                               help="an alias is another name for a type; a recursive type needs `type … do … end`")
                    return T.ERROR
                self.c.resolve_alias(decl)
            if args and len(args) == len(decl.params):
                return T.substitute(decl.type, dict(zip(decl.params, args)))
            return T.substitute(decl.type, {p: T.TVar() for p in decl.params})
        params = decl.params
        if args and len(args) != len(params):
            self.c.err("E0001", f"`{decl.name}` takes {len(params)} type argument(s), found {len(args)}", node.span)
            args = []
        if not args:
            args = [T.TVar() for _ in params]
        return T.TCon(decl.qualified, tuple(args))

    def _type_help(self, name: str) -> Optional[str]:
        for mod_name, other in self.c.infos.items():
            if other is not self.info and (name in other.structs or name in other.sums):
                return f"`{name}` is defined in module `{mod_name}`: add `from {mod_name} import {name}`"
        return None


def _type_names(node):
    if isinstance(node, A.TypeName):
        if len(node.path) == 1:
            yield node.path[0]
        for a in node.args:
            yield from _type_names(a)
    elif isinstance(node, A.TupleType):
        for a in node.items:
            yield from _type_names(a)
    elif isinstance(node, A.FunType):
        for a in node.params:
            yield from _type_names(a)
        yield from _type_names(node.ret)


def _irrefutable(p) -> bool:
    if isinstance(p, (A.PWildcard,)):
        return True
    if isinstance(p, A.PVar):
        return p.name not in BUILTIN_VARIANTS and not p.name[:1].isupper()
    if isinstance(p, A.PTuple):
        return all(_irrefutable(i) for i in p.items)
    if isinstance(p, A.PAs):
        return _irrefutable(p.pattern)
    return False


def _note(message: str):
    from ..diagnostics import Note

    return Note(message)


def close_matches(name: str, candidates, cutoff: float = 0.6) -> list:
    """The closest of `candidates` to a misspelt name (at most one). difflib
    is imported here, on the error path: a clean check never needs it."""
    import difflib

    return difflib.get_close_matches(name, candidates, n=1, cutoff=cutoff)
