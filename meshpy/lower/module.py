"""Assemble one Python module per Mesh module, through the Jinja templates.

    lower_program(program) -> {module name: LoweredModule(path, source, linemap)}

Python decides everything (names, which methods a class gets, how a function
body looks); the templates in templates/ only lay out the shapes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

import jinja2

from .. import __version__
from .. import ast as A
from ..check import schema
from ..check import types as T
from ..check.model import (
    ActorDecl, FunctionDecl, ImplDecl, Program, ServiceDecl, StdlibRef, StructDecl, SumDecl,
    SupervisorDecl, VariantDecl,
)
from ..project import ENTRY_MODULE
from .code import render, strip_markers
from .function import FunctionLowerer
from .names import RESERVED, Allocator, mangle, py_module_path, py_string

PACKAGE = "meshprog"
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(__file__), "templates")),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    autoescape=False,
)


def _tuple_literal(items) -> str:
    """A Python tuple literal: `()`, `(a,)`, `(a, b)`."""
    items = list(items)
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


_TEMPLATES.filters["pystrings"] = lambda names: _tuple_literal(f'"{n}"' for n in names)
_TEMPLATES.filters["selfattrs"] = lambda attrs: _tuple_literal(f"self.{a}" for a in attrs)
_TEMPLATES.filters["pytuple"] = _tuple_literal


def _bases(derives: set, base: str) -> str:
    """`DerivedHash, DerivedEq, DerivedOrd, Struct` for what is derived
    (Hash before Eq: see the runtime's DerivedHash)."""
    mixins = [m for trait, m in (("Hash", "DerivedHash"), ("Eq", "DerivedEq"), ("Ord", "DerivedOrd"))
              if trait in derives]
    return ", ".join(mixins + [base])

# Attributes of generated classes that a field name must not shadow.
_CLASS_INTERNALS = {
    "_display", "_mesh_name", "_mesh_fields", "_tag", "_type_name", "_variants", "_json_fields",
    "_row_fields", "_instance", "_key", "from_json", "from_row", "to_json",
}
_BUILTIN_VALUE_NAMES = {"None": "NONE", "Less": "LESS", "Equal": "EQUAL", "Greater": "GREATER"}
_PY_CLASSES = {"Int": "int", "Float": "float", "String": "str", "Bool": "bool", "List": "list", "Map": "dict",
               "Set": "MeshSet", "Tuple": "tuple", "Range": "range", "Queue": "MeshQueue"}
_BUILTIN_TRAITS = {"Add", "Sub", "Mul", "Div", "Mod", "Neg", "Eq", "Ord", "Display", "Debug", "Hash", "Default", "From"}


def field_attr(name: str) -> str:
    """The Python attribute of a struct or variant field.

    Every attribute the runtime or the generated class defines starts with
    `_` and does not end with `_` (`_key`, `_order`, `_tag`, `_mesh_name`,
    `_0` for a positional variant field, dunders), or is listed in
    _CLASS_INTERNALS; a field whose name starts with `_` or is listed gets a
    trailing `_`, so it can shadow none of them (`_key` -> `_key_`, `_1` ->
    `_1_`). One-to-one: `mangle` already adds `_` to names ending in `_`."""
    attr = mangle(name)
    if name in _CLASS_INTERNALS or (name.startswith("_") and not attr.endswith("_")):
        return attr + "_"
    return attr


@dataclass
class LoweredModule:
    name: str
    py_module: str  # e.g. "meshprog.services.writer"
    relpath: str  # e.g. "meshprog/services/writer.py"
    mpl_path: str
    source: str
    linemap: list = field(default_factory=list)


class GlobalNames:
    """Python names of every top-level declaration, decided before any body
    is lowered so that modules can import each other's names."""

    def __init__(self, program: Program):
        self.program = program
        self.py_module: dict[str, str] = {}
        self.names: dict[int, str] = {}  # id(decl) -> Python name in its module
        self.allocators: dict[str, Allocator] = {}
        root = program.project.root
        for name, info in program.modules.items():
            path = info.node.path
            if name == ENTRY_MODULE:
                parts = ["main"]
            else:
                parts = py_module_path(os.path.relpath(path, root))
            self.py_module[name] = ".".join([PACKAGE] + parts)
            self._name_module(info)

    def _name_module(self, info) -> None:
        alloc = Allocator(RESERVED)
        self.allocators[info.name] = alloc
        for sd in info.sums.values():
            for v in sd.variants:
                self.names[id(v)] = alloc.fresh(v.name)
        for s in info.structs.values():
            self.names[id(s)] = alloc.fresh(s.name)
        for sd in info.sums.values():
            self.names[id(sd)] = alloc.fresh(sd.name) if not alloc.is_taken(sd.name) else alloc.fresh(sd.name + "Type")
        for f in info.functions.values():
            self.names[id(f)] = alloc.fresh(f.name)
        for a in info.actors.values():
            self.names[id(a)] = alloc.fresh(a.name)
        for svc in info.services.values():
            self.names[id(svc)] = alloc.fresh(svc.name)
        for sup in info.supervisors.values():
            self.names[id(sup)] = alloc.fresh(sup.name)
        for impl in info.impls:
            owner = impl.type_key.rpartition(".")[2] if impl.type_key else "Any"
            for m in impl.methods.values():
                self.names[id(m)] = alloc.fresh(f"{owner}_{m.name}")

    def name_default(self, decl: FunctionDecl, iface: str) -> str:
        if id(decl) not in self.names:
            self.names[id(decl)] = self.allocators[decl.module].fresh(f"{iface}_{decl.name}")
        return self.names[id(decl)]


class ModuleLowerer:
    def __init__(self, program: Program, names: GlobalNames, module_name: str, deps: set):
        self.program = program
        self.g = names
        self.name = module_name
        self.info = program.modules[module_name]
        self.alloc = Allocator(parent=names.allocators[module_name])
        self.imports: dict[tuple, str] = {}  # (py module, name) -> local alias
        self.deps = deps  # modules this one (transitively) imports: safe to import from
        self.after: list[str] = []

    # ------------------------------------------------------------ references

    def _local(self, decl) -> str:
        module = decl.module
        name = self.g.names.get(id(decl))
        if name is None:
            raise AssertionError(f"no Python name for {decl}")
        if module == self.name:
            return name
        key = (self.g.py_module[module], name)
        alias = self.imports.get(key)
        if alias is None:
            alias = name if not self.g.allocators[self.name].is_taken(name) and not self.alloc.is_taken(name) \
                else self.alloc.fresh(f"{name}_from_{module.split('.')[-1].lower()}")
            self.alloc.claim(alias)
            self.imports[key] = alias
        return alias

    def ref_function(self, decl: FunctionDecl) -> str:
        if decl.kind == "default":
            self._ensure_default_name(decl)
        return self._local(decl)

    def _ensure_default_name(self, decl):
        for (iface, mname), d in self.program_defaults().items():
            if d is decl:
                self.g.name_default(decl, iface)

    def program_defaults(self):
        return getattr(self.program, "default_methods", {})

    ref_method = ref_function

    def ref_variant(self, v: VariantDecl) -> str:
        if v.sum.builtin:
            return _BUILTIN_VALUE_NAMES.get(v.name, v.name)
        return self._local_variant(v)

    def _local_variant(self, v: VariantDecl) -> str:
        module = v.sum.module
        name = self.g.names[id(v)]
        if module == self.name:
            return name
        key = (self.g.py_module[module], name)
        if key not in self.imports:
            alias = name if not self.alloc.is_taken(name) and not self.g.allocators[self.name].is_taken(name) \
                else self.alloc.fresh(name + "_")
            self.alloc.claim(alias)
            self.imports[key] = alias
        return self.imports[key]

    def ref_type(self, decl) -> str:
        if isinstance(decl, SumDecl) and decl.builtin:
            return decl.name
        return self._local(decl)

    def ref_service(self, svc: ServiceDecl) -> str:
        return self._local(svc)

    def ref_actor(self, a: ActorDecl) -> str:
        return self._local(a)

    def ref_supervisor(self, s: SupervisorDecl) -> str:
        return self._local(s)

    def ref_stdlib(self, ref: StdlibRef) -> str:
        if not ref.module:
            return {"println": "println", "print": "print_", "compare": "compare"}.get(ref.name, ref.py_name)
        module = "JSON" if ref.module == "Json" else ref.module
        return f"{module}.{ref.py_name}"

    def field_attr(self, name: str) -> str:
        return field_attr(name)

    def variant_attrs(self, v: VariantDecl) -> list[str]:
        if v.sum.builtin:
            return ["value"] * len(v.fields)
        return [field_attr(n) if n else f"_{i}" for i, n in enumerate(v.field_names)]

    def client_name(self, svc: ServiceDecl, handler) -> str:
        return mangle(handler.client_name)

    def is_variant_pattern(self, p) -> bool:
        return isinstance(self.program.info.get(p), VariantDecl)

    # ------------------------------------------------------------ items

    def lower(self) -> LoweredModule:
        items: list[str] = []
        info = self.info
        for item in info.node.items:
            if isinstance(item, A.StructDef):
                items.append(self.struct(info.structs[item.name]))
            elif isinstance(item, A.SumTypeDef):
                items.append(self.sum(info.sums[item.name]))
        for item in info.node.items:
            if isinstance(item, A.FnDef):
                decl = info.functions.get(item.name)
                if decl is not None and decl.clauses[0] is item:
                    items.append(self.function(decl))
            elif isinstance(item, A.ImplDef):
                impl = next(i for i in info.impls if i.node is item)
                items.extend(self.impl(impl))
            elif isinstance(item, A.InterfaceDef):
                items.extend(self.interface_defaults(item))
            elif isinstance(item, A.ServiceDef):
                items.append(self.service(info.services[item.name]))
            elif isinstance(item, A.ActorDef):
                items.append(self.actor(info.actors[item.name]))
            elif isinstance(item, A.SupervisorDef):
                items.append(self.supervisor(info.supervisors[item.name]))
        self.descriptors()
        by_module: dict[str, list[str]] = {}
        for (mod, name), alias in sorted(self.imports.items()):
            by_module.setdefault(mod, []).append(name + (f" as {alias}" if alias != name else ""))
        imports = [f"from {mod} import {', '.join(names)}" for mod, names in by_module.items()]
        rel_source = os.path.relpath(info.node.path, self.program.project.root)
        items = [item.rstrip() for item in items]
        text = _TEMPLATES.get_template("module.py.j2").render(
            version=__version__, source=rel_source, module=self.name, imports=imports, items=items,
            after=self.after)
        source, linemap = strip_markers(text)
        py_module = self.g.py_module[self.name]
        return LoweredModule(self.name, py_module, py_module.replace(".", "/") + ".py", info.node.path,
                             source, linemap)

    def location(self, node) -> str:
        rel = os.path.relpath(node.span.file, self.program.project.root)
        return f"{rel}:{node.span.line}"

    def function(self, decl: FunctionDecl) -> str:
        name = self.g.names[id(decl)]
        fl = FunctionLowerer(self, Allocator(parent=self.alloc))
        first = decl.clauses[0]
        comment = f"fn {decl.name}/{decl.arity} ({self.location(first)})"
        return fl.function_text(decl, name, comment=comment)

    def impl(self, impl: ImplDecl) -> list[str]:
        out = []
        for m in impl.methods.values():
            fl = FunctionLowerer(self, Allocator(parent=self.alloc))
            for_t = T.show(impl.for_type).rpartition(".")[2] if T.con_name(impl.for_type) else T.show(impl.for_type)
            comment = f"impl {impl.trait} for {for_t}: fn {m.name} ({self.location(m.clauses[0])})"
            out.append(fl.function_text(m, self.g.names[id(m)], comment=comment))
        cls = self.python_class(impl.type_key)
        if cls is not None and impl.trait not in _BUILTIN_TRAITS:
            for m in impl.methods.values():
                self.after.append(f"register_impl({py_string(m.name)}, {cls}, {self.g.names[id(m)]})")
        self.use_impls(impl)
        if impl.trait == "Display" and "to_string" in impl.methods and impl.type_key:
            decl = self._type_decl(impl.type_key)
            fn = self.g.names[id(impl.methods["to_string"])]
            if isinstance(decl, StructDecl):
                self.after.append(f"{self.ref_type(decl)}._display = {fn}  # impl Display for {decl.name}")
            elif isinstance(decl, SumDecl):
                # every variant class defines its own _display: replace each
                for v in decl.variants:
                    cls = self.ref_variant(v) if v.fields else f"type({self.ref_variant(v)})"
                    self.after.append(f"{cls}._display = {fn}  # impl Display for {decl.name}")
        return out

    def use_impls(self, impl: ImplDecl) -> None:
        """A user Eq/Ord impl decides equality and order of its type wherever
        Python compares it; a blocking Display impl is marked for the
        runtime's display_async (runtime/implicit.py)."""
        decl = self._type_decl(impl.type_key) if impl.type_key else None
        if not isinstance(decl, (StructDecl, SumDecl)) or getattr(decl, "builtin", False):
            return
        cls, fn = self.ref_type(decl), None
        if impl.trait == "Eq" and "eq" in impl.methods:
            fn = f"eq={self.g.names[id(impl.methods['eq'])]}"
            if not any(i.trait == "Hash" and i.type_key == impl.type_key for i in self.program.impls):
                fn += ", rehash=True"  # the derived hash may disagree with the user's equality
        elif impl.trait == "Hash" and "hash" in impl.methods:
            fn = f"hash={self.g.names[id(impl.methods['hash'])]}"
        elif impl.trait == "Ord" and "compare" in impl.methods:
            fn = f"compare={self.g.names[id(impl.methods['compare'])]}"
        elif impl.trait == "Display" and "to_string" in impl.methods and impl.methods["to_string"].effect.is_async:
            fn = "display_blocks=True"
        if fn is not None:
            self.after.append(f"use_impls({cls}, {fn})  # impl {impl.trait} for {decl.name}")

    def python_class(self, type_key) -> Optional[str]:
        """The Python class values of a Mesh type have at run time."""
        if type_key is None:
            return None
        if type_key in _PY_CLASSES:
            return _PY_CLASSES[type_key]
        decl = self._type_decl(type_key)
        return self.ref_type(decl) if decl is not None else None

    def interface_defaults(self, node: A.InterfaceDef) -> list[str]:
        out = []
        defaults = getattr(self.program, "default_methods", {})
        for (iface, mname), decl in defaults.items():
            if iface != node.name or decl.module != self.name:
                continue
            name = self.g.name_default(decl, iface)
            fl = FunctionLowerer(self, Allocator(parent=self.alloc))
            comment = f"interface {iface}: default fn {mname} ({self.location(decl.clauses[0])})"
            out.append(fl.function_text(decl, name, comment=comment))
        return out

    def _type_decl(self, key: str):
        module, _, name = key.rpartition(".")
        info = self.program.modules.get(module)
        return (info.structs.get(name) or info.sums.get(name)) if info else None

    # ------------------------------------------------------------ structs and sum types

    def struct(self, s: StructDecl) -> str:
        name = self.g.names[id(s)]
        fields = [{"attr": field_attr(f), "mesh": f} for f in s.fields]
        derives = s.derives
        return _TEMPLATES.get_template("struct.py.j2").render(
            kind="struct", name=name, mesh_name=s.name, location=self.location(s.node),
            derives=", ".join(sorted(s.node.deriving and [d.name for d in s.node.deriving] or [])) if s.node.deriving else "",
            fields=fields, bases=_bases(derives, "Struct"),
            display=self.display_expr(s.name, fields, "Display" in derives, braces=True),
            statics=self.statics(s, name))

    def statics(self, decl, cls: str) -> list:
        out = []
        if "Json" in decl.derives:
            out.append({"name": "from_json", "param": "text", "body": f"derive_from_json({cls}, text)"})
        if "Row" in decl.derives and isinstance(decl, StructDecl):
            out.append({"name": "from_row", "param": "row", "body": f"derive_from_row({cls}, row)"})
        if "Schema" in decl.derives and isinstance(decl, StructDecl):
            # Dunder names that end in `__` are not mangled by Python.
            for name, value in schema.metadata(decl):
                body = py_string(value) if isinstance(value, str) else "[" + ", ".join(map(py_string, value)) + "]"
                out.append({"name": name, "param": "", "body": body})
        return out

    def display_expr(self, mesh_name: str, fields: list, display_derived: bool, braces: bool) -> str:
        """The `_display` body: `Name(v1, v2)` with Display, `Name { f: v }`
        (structs) or `Name(v1, v2)` (variants) for Debug."""
        if not fields:
            return py_string(mesh_name + (" {}" if braces and not display_derived else ""))
        if display_derived or not braces:
            inner = ", ".join("{display(self." + f["attr"] + ")}" for f in fields)
            return 'f"' + mesh_name + "(" + inner + ')"'
        inner = ", ".join(f["mesh"] + ": {display(self." + f["attr"] + ")}" for f in fields)
        return 'f"' + mesh_name + " {{ " + inner + ' }}"'

    def sum(self, sd: SumDecl) -> str:
        name = self.g.names[id(sd)]
        variants = []
        for v in sd.variants:
            fields = [{"attr": a, "mesh": (n or f"_{i}")} for i, (a, n) in enumerate(zip(self.variant_attrs(v), v.field_names))]
            vname = self.g.names[id(v)]
            variants.append({
                "name": vname, "mesh_name": v.name, "tag": v.tag, "fields": fields,
                "class_ref": vname if v.fields else f"type({vname})",
                "display": self.display_expr(v.name, fields, True, braces=False),
            })
        return _TEMPLATES.get_template("sum.py.j2").render(
            name=name, mesh_name=sd.name, location=self.location(sd.node),
            derives=", ".join(d.name for d in sd.node.deriving) if sd.node.deriving else "",
            variants=variants, bases=_bases(sd.derives | ({"Hash"} if "Eq" in sd.derives else set()), "Variant"),
            statics=self.statics(sd, name))

    def descriptors(self) -> None:
        """Field types for `from_json` / `from_row`, after every class exists."""
        for s in self.info.structs.values():
            cls = self.g.names[id(s)]
            if "Json" in s.derives:
                self.after.append(f"{cls}._json_fields = {self._fields_desc(s.fields.items())}")
            if "Row" in s.derives:
                self.after.append(f"{cls}._row_fields = {self._fields_desc(s.fields.items())}")
        for sd in self.info.sums.values():
            if "Json" not in sd.derives:
                continue
            for v in sd.variants:
                if not v.fields:
                    continue
                attrs = self.variant_attrs(v)
                self.after.append(f"{self.g.names[id(v)]}._json_fields = "
                                  f"{self._fields_desc(zip(attrs, v.fields))}")

    def _fields_desc(self, items) -> str:
        parts = [f"({py_string(n)}, {self.type_desc(t)})" for n, t in items]
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"

    def type_desc(self, t) -> str:
        t = T.prune(t)
        if isinstance(t, T.TCon):
            simple = {"Int": "T_INT", "Float": "T_FLOAT", "Bool": "T_BOOL", "String": "T_STRING", "Atom": "T_STRING",
                      "Json": "JsonValue"}
            if t.name in simple:
                return simple[t.name]
            if t.name == "List":
                return f"ListOf({self.type_desc(t.args[0])})"
            if t.name == "Map":
                return f"MapOf({self.type_desc(t.args[1])})"
            if t.name == "Option":
                return f"OptionOf({self.type_desc(t.args[0])})"
            decl = self._type_decl(t.name)
            if decl is not None:
                return self.ref_type(decl)
        return "None"

    # ------------------------------------------------------------ services, actors, supervisors

    def service(self, svc: ServiceDecl) -> str:
        name = self.g.names[id(svc)]
        class_alloc = Allocator({"start", "init", "Service"})
        clients = []
        for hd in svc.handlers.values():
            class_alloc.claim(mangle(hd.client_name))
        functions = []
        init_async = svc.init is not None and svc.init.effect.is_async
        if svc.init is not None:
            init_name = class_alloc.fresh("init_state")
            fl = FunctionLowerer(self, Allocator(parent=self.alloc))
            functions.append(_indent(fl.function_text(
                svc.init, init_name, comment=f"fn init ({self.location(svc.init.clauses[0])})",
                decorator="@staticmethod")))
            params = _header_params(fl.last_header)
            start_params = ", ".join(params)
            initial = f"{name}.{init_name}({start_params})"
        else:
            start_params, initial = "", "0"
        for hd in svc.handlers.values():
            hname = class_alloc.fresh("handle_" + hd.client_name)
            functions.append(_indent(self.handler(svc, hd, hname)))
            n = len(hd.param_types)
            args = _client_params(hd.node.params)
            clients.append({
                "name": mangle(hd.client_name), "kind": hd.kind, "handler": hname,
                "params": ", ".join(["pid"] + args), "args": ", ".join(args) + ("," if n == 1 else ""),
            })
        return _TEMPLATES.get_template("service.py.j2").render(
            name=name, mesh_name=svc.name, location=self.location(svc.node), functions=functions,
            start_params=start_params, initial_state=initial, init_async=init_async, clients=clients)

    def handler(self, svc: ServiceDecl, hd, pyname: str) -> str:
        decl = hd.fn
        fl = FunctionLowerer(self, Allocator(parent=self.alloc))
        state_b = hd.state_binding
        state = fl.bind(state_b) if state_b is not None else fl.alloc.temp("state")
        reply = f" :: {T.show(hd.reply)}" if hd.kind == "call" else ""
        comment = f"{hd.kind} {hd.name}{reply} ({self.location(hd.node)})"
        return fl.function_text(decl, pyname, comment=comment, params_prefix=[state], decorator="@staticmethod")

    def actor(self, a: ActorDecl) -> str:
        name = self.g.names[id(a)]
        decl = a.fn
        alloc = Allocator(parent=self.alloc)
        param_names = {mangle(b.name) for b in (decl.params[0] if decl.params else []) if b is not None}
        me = "me"
        while me in param_names or alloc.is_taken(me):
            me += "_"  # never a mangled Mesh name unless the actor has a parameter `me`
        alloc.claim(me)
        fl = FunctionLowerer(self, alloc, actor=a, me=me)
        text = fl.function_text(decl, name, comment=f"actor {a.name} ({self.location(a.node)})",
                                params_prefix=[me], force_async=True)
        if a.node.terminate is not None:
            text = self._with_terminate(text, a, fl, me)
        self.after.append(f"{name}._mesh_name = {py_string(a.name)}")
        return text

    def _with_terminate(self, text: str, a: ActorDecl, fl: FunctionLowerer, me: str) -> str:
        """Wrap the actor body in `try: … finally:` running the terminate
        clause (skipped when the process is discarded at program exit)."""
        lines = text.split("\n")
        header_i = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("async def "))
        head, body = lines[:header_i + 1], lines[header_i + 1:]
        fl.out = []
        fl.fn_depth = 1  # `return` inside the clause leaves the clause only
        fl.block(a.node.terminate, _discard())
        term = render(fl.out, 3)
        wrapped = ["    try:"] + ["    " + ln if ln else ln for ln in body] + [
            "    finally:", f"        if not {me}.discarded:", term]
        return "\n".join(head + wrapped)

    def supervisor(self, sup: SupervisorDecl) -> str:
        name = self.g.names[id(sup)]
        functions = []
        children = []
        for child in sup.children:
            fl = FunctionLowerer(self, Allocator(parent=self.alloc))
            start = fl.value(child.start) if child.start is not None else "None"
            if fl.out:
                functions.append(render(fl.out))
            shutdown = child.shutdown if isinstance(child.shutdown, int) else py_string(str(child.shutdown))
            children.append({"name": child.name, "start": start, "restart": child.restart, "shutdown": shutdown})
        return _TEMPLATES.get_template("supervisor.py.j2").render(
            name=name, mesh_name=sup.name, location=self.location(sup.node), functions=functions,
            strategy=sup.strategy, max_restarts=sup.max_restarts, max_seconds=sup.max_seconds, children=children)


def _header_params(header: str) -> list[str]:
    """The parameter names of a rendered `def name(a, b):` header."""
    inside = header[header.index("(") + 1: header.rindex(")")]
    return [p.strip().split("=")[0] for p in inside.split(",") if p.strip()]


def _client_params(params) -> list[str]:
    """Parameter names of a generated client function: the handler's own
    names where they are plain variables (never `pid`, the first one)."""
    alloc = Allocator({"pid"})
    out = []
    for i, p in enumerate(params):
        name = p.pattern.name if isinstance(p.pattern, A.PVar) else f"arg{i}"
        out.append(alloc.fresh(name))
    return out


def _discard():
    from .function import DISCARD
    return DISCARD


def _indent(text: str) -> str:
    return "\n".join(("    " + ln) if ln else ln for ln in text.split("\n"))


def lower_program(program: Program) -> dict[str, LoweredModule]:
    names = GlobalNames(program)
    deps = _dependencies(program)
    out = {}
    for name in program.project.order:
        out[name] = ModuleLowerer(program, names, name, deps.get(name, set())).lower()
    return out


def _dependencies(program: Program) -> dict:
    from ..project import imports_of

    direct = {n: {d for d, _ in imports_of(program.modules[n].node)} for n in program.modules}
    closure = {}
    for n in program.project.order:
        seen = set()
        stack = list(direct.get(n, ()))
        while stack:
            d = stack.pop()
            if d in seen or d not in direct:
                continue
            seen.add(d)
            stack.extend(direct[d])
        closure[n] = seen
    return closure


__all__ = ["LoweredModule", "lower_program", "PACKAGE", "field_attr"]
