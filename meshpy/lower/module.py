"""Assemble one Python module per Mesh module.

    lower_program(program) -> {module name: LoweredModule(path, source, linemap)}

Here: the Python names of every declaration and how one module refers to
another's (imports, aliases). The layout of a module is layout.py, function
bodies are function.py; all of it is code-model nodes (code.py) that one
Writer prints, with the line table, at the end.
"""

from __future__ import annotations

from ..gcpause import gc_paused
import os
from dataclasses import dataclass, field
from typing import Optional

from .. import ast as A
from ..check.model import (
    ActorDecl, FunctionDecl, Program, ServiceDecl, StdlibRef, SumDecl, SupervisorDecl, VariantDecl,
)
from ..project import ENTRY_MODULE
from .code import Py, Writer, name, path
from .layout import LayoutMixin
from .names import RESERVED, Allocator, mangle, py_module_path

PACKAGE = "meshprog"

# Attributes of generated classes that a field name must not shadow.
_CLASS_INTERNALS = {
    "_display", "_mesh_name", "_mesh_fields", "_tag", "_type_name", "_variants", "_json_fields",
    "_row_fields", "_instance", "_key", "from_json", "from_row", "to_json",
}
_BUILTIN_VALUE_NAMES = {"None": "NONE", "Less": "LESS", "Equal": "EQUAL", "Greater": "GREATER"}


def field_attr(name: str) -> str:
    """The Python attribute of a struct or variant field.

    Every attribute the runtime or the generated class defines starts with
    `_` and does not end with `_` (`_key`, `_order`, `_tag`, `_mesh_name`,
    `_0` for a positional variant field, dunders), or is listed in
    _CLASS_INTERNALS; a field whose name starts with `_` or is listed gets a
    trailing `_`, so it can shadow none of them (`_key` -> `_key_`, `_1` ->
    `_1_`). One-to-one: `mangle` already adds `_` to names ending in `_`
    and to reserved names (decided on the Mesh name, not on mangle's result)."""
    attr = mangle(name)
    if name in _CLASS_INTERNALS or (name[:1] == "_" and name[-1:] != "_" and name not in RESERVED):
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
            if name == ENTRY_MODULE:
                parts = ["main"]
            else:
                parts = py_module_path(os.path.relpath(info.node.path, root))
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


class ModuleLowerer(LayoutMixin):
    def __init__(self, program: Program, names: GlobalNames, module_name: str, deps: set):
        self.program = program
        self.g = names
        self.name = module_name
        self.info = program.modules[module_name]
        self.alloc = Allocator(parent=names.allocators[module_name])
        self.imports: dict[tuple, str] = {}  # (py module, name) -> local alias
        self.deps = deps  # modules this one (transitively) imports: safe to import from
        self.after: list = []  # statements after every definition (registrations)
        self.relpaths: dict[str, str] = {}  # .mpl path -> relative to the project (comments)

    # ------------------------------------------------------------ references

    def _local(self, decl) -> Py:
        """The name of `decl` here: its own, or the alias it is imported as."""
        module = decl.module
        py = self.g.names.get(id(decl))
        if py is None:
            raise AssertionError(f"no Python name for {decl}")
        if module == self.name:
            return name(py)
        key = (self.g.py_module[module], py)
        alias = self.imports.get(key)
        if alias is None:
            alias = py if not self.g.allocators[self.name].is_taken(py) and not self.alloc.is_taken(py) \
                else self.alloc.fresh(f"{py}_from_{module.split('.')[-1].lower()}")
            self.alloc.claim(alias)
            self.imports[key] = alias
        return name(alias)

    def ref_function(self, decl: FunctionDecl) -> Py:
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

    def ref_variant(self, v: VariantDecl) -> Py:
        if v.sum.builtin:
            return name(_BUILTIN_VALUE_NAMES.get(v.name, v.name))
        module = v.sum.module
        py = self.g.names[id(v)]
        if module == self.name:
            return name(py)
        key = (self.g.py_module[module], py)
        if key not in self.imports:
            alias = py if not self.alloc.is_taken(py) and not self.g.allocators[self.name].is_taken(py) \
                else self.alloc.fresh(py + "_")
            self.alloc.claim(alias)
            self.imports[key] = alias
        return name(self.imports[key])

    def ref_type(self, decl) -> Py:
        if isinstance(decl, SumDecl) and decl.builtin:
            return name(decl.name)
        return self._local(decl)

    def ref_service(self, svc: ServiceDecl) -> Py:
        return self._local(svc)

    def ref_actor(self, a: ActorDecl) -> Py:
        return self._local(a)

    def ref_supervisor(self, s: SupervisorDecl) -> Py:
        return self._local(s)

    def ref_stdlib(self, ref: StdlibRef) -> Py:
        if not ref.module:
            return name({"println": "println", "print": "print_", "compare": "compare"}.get(ref.name, ref.py_name))
        module = "JSON" if ref.module == "Json" else ref.module
        return path(f"{module}.{ref.py_name}")

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

    # ------------------------------------------------------------ the module

    def lower(self) -> LoweredModule:
        writer = Writer().write(self.lower_items())
        info = self.info
        py_module = self.g.py_module[self.name]
        return LoweredModule(self.name, py_module, py_module.replace(".", "/") + ".py", info.node.path,
                             "\n".join(writer.lines) + "\n", [0] + writer.mesh + [0])


def lower_program(program: Program) -> dict[str, LoweredModule]:
    with gc_paused():  # ~40% of a cold lowering otherwise (gcpause.py)
        return _lower_program(program)


def _lower_program(program: Program) -> dict[str, LoweredModule]:
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
