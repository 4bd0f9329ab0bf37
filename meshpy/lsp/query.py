"""Questions an editor asks about a checked program, answered from the AST
and what the checker recorded (`Program.info`, `Program.types`, the module
declarations), without changing the checker.

Positions here are the compiler's: 1-based lines and columns.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from .. import ast as A
from ..check import model as M
from ..check import types as T
from .analysis import Analysis

# ------------------------------------------------------------------ positions


def _contains(span: A.Span, line: int, col: int) -> bool:
    if (line, col) < (span.line, span.col):
        return False
    return (line, col) <= (span.end_line, span.end_col)


def _size(span: A.Span) -> tuple[int, int]:
    return (span.end_line - span.line, span.end_col - span.col if span.end_line == span.line else 10 ** 6)


def nodes_at(module: A.Module, line: int, col: int) -> list[A.Node]:
    """The nodes whose span holds the position, innermost first."""
    found = [n for n in A.walk(module) if isinstance(n, A.Node) and _contains(n.span, line, col)]
    found.sort(key=lambda n: _size(n.span))
    return found


def _name_span_at(module: A.Module, line: int, col: int):
    """A declaration whose name is under the cursor: (node, its name span)."""
    for n in A.walk(module):
        span = getattr(n, "name_span", None)
        if isinstance(span, A.Span) and _contains(span, line, col):
            return n
    return None


# ------------------------------------------------------------------ hover


def hover(analysis: Analysis, path: str, line: int, col: int) -> Optional[str]:
    """Mesh code describing what is under the cursor: `name :: Type` for a
    variable, the signature of a function, the type of an expression."""
    module = analysis.module_for(path)
    program = analysis.program
    if module is None or program is None:
        return None
    decl_node = _name_span_at(module, line, col)
    if decl_node is not None:
        text = _describe_declaration(program, decl_node)
        if text:
            return text
    for node in nodes_at(module, line, col):
        text = None
        if isinstance(node, A.TypeName):
            text = _describe_type_name(program, module, node)
        elif isinstance(node, A.FieldDef):
            text = _describe_field(program, module, node)
        callee = _callee(program, node, line, col)
        if callee is not None:
            text = _describe_callee(callee) or _describe_service_call(program, node, callee) \
                or _describe(program, node.func)
        text = text or _describe(program, node)
        if text:
            return text
    return None


def _describe_field(program, module, node: A.FieldDef) -> Optional[str]:
    info = program.modules.get(module.name)
    for decl in (info.structs.values() if info is not None else ()):
        if any(f is node for f in decl.node.fields) and node.name in decl.fields:
            return f"{decl.name}.{node.name} :: {T.show(decl.fields[node.name])}"
    return None


def _describe_type_name(program, module, node) -> Optional[str]:
    decl = _type_decl(program, module, node)
    if isinstance(decl, M.StructDecl):
        fields = ", ".join(f"{name} :: {T.show(t)}" for name, t in decl.fields.items())
        return f"struct {decl.qualified} {{ {fields} }}" if fields else f"struct {decl.qualified}"
    if isinstance(decl, M.SumDecl):
        return f"type {decl.qualified} do " + " | ".join(v.name for v in decl.variants) + " end"
    if isinstance(decl, M.AliasDecl):
        return f"type {decl.name} = {T.show(decl.type)}" if decl.type is not None else f"type {decl.name}"
    return None


def _callee(program, node, line, col):
    """The CallTarget of a call whose callee (`f`, `Mod.f`) is under the cursor."""
    fact = program.info.get(node)
    if isinstance(node, A.Call) and isinstance(fact, M.CallTarget) and _contains(node.func.span, line, col):
        return fact
    return None


def _describe_callee(target: M.CallTarget) -> Optional[str]:
    if isinstance(target.decl, M.FunctionDecl):
        return _function_signature(target.decl)
    if target.ref is not None:
        return _stdlib_signature(target.ref)
    if target.variant is not None:
        return f"{target.variant.sum.name}.{target.variant.name}"
    return None


def _describe_service_call(program, node, target: M.CallTarget) -> Optional[str]:
    """`Counter.next(pid)`: the client function a service generates."""
    if target.service is None:
        return None
    name = target.handler.client_name if target.handler is not None else target.op
    params = ", ".join(T.show(t) for t in (program.type_of(a) for a in target.args) if t is not None)
    result = program.type_of(node)
    shown = f"Fun({params}) -> {T.show(result)}" if result is not None else ""
    what = target.handler.kind if target.handler is not None else "fn"
    return f"{what} {target.service.name}.{name} :: {shown}".rstrip(" :")


def _describe(program, node) -> Optional[str]:
    fact = program.info.get(node)
    if isinstance(fact, M.ModuleRef):
        return f"module {fact.module}"
    if isinstance(node, A.Name):
        described = _describe_ref(fact, node.name)
        if described:
            return described
    if isinstance(fact, M.Binding):
        return f"{fact.name} :: {T.show(fact.type)}"
    if isinstance(node, A.FieldAccess) and isinstance(fact, M.StdlibRef):
        return _stdlib_signature(fact)
    t = program.type_of(node)
    if t is not None and isinstance(node, A.Node) and not isinstance(node, (A.Block, A.Module)):
        label = _label(node)
        return f"{label} :: {T.show(t)}" if label else T.show(t)
    return None


def _describe_ref(fact, name: str) -> Optional[str]:
    if isinstance(fact, M.LocalRef):
        return f"{fact.binding.name} :: {T.show(fact.binding.type)}"
    if isinstance(fact, M.FunctionRef):
        return _function_signature(fact.decl)
    if isinstance(fact, M.StdlibRef):
        return _stdlib_signature(fact)
    if isinstance(fact, M.VariantRef):
        return f"{fact.decl.sum.name}.{fact.decl.name}"
    return None


def _label(node) -> Optional[str]:
    return node.name if isinstance(node, (A.Name, A.FieldAccess)) else None


def _function_signature(decl: M.FunctionDecl) -> str:
    t = decl.scheme.type if decl.scheme is not None else decl.type
    shown = T.show(t) if t is not None else "?"
    where = f"{decl.module}." if decl.module else ""
    return f"fn {where}{decl.name} :: {shown}"


def _stdlib_signature(ref: M.StdlibRef) -> str:
    from ..check.stdlib import lookup, lookup_global

    sig = lookup(ref.module, ref.name) if ref.module else lookup_global(ref.name)
    scheme = getattr(sig, "scheme", None)
    prefix = f"{ref.module}.{ref.name}" if ref.module else ref.name
    if scheme is not None:
        return f"fn {prefix} :: {T.show(scheme.type)}"
    return f"fn {prefix}"


def _describe_declaration(program, node) -> Optional[str]:
    if isinstance(node, A.FnDef):
        for decl in program.functions:
            if any(c is node for c in decl.clauses):
                return _function_signature(decl)
        return None
    kinds = {A.StructDef: "struct", A.SumTypeDef: "type", A.ServiceDef: "service", A.ActorDef: "actor",
             A.SupervisorDef: "supervisor", A.InterfaceDef: "interface", A.TypeAlias: "type"}
    for cls, word in kinds.items():
        if isinstance(node, cls):
            return f"{word} {node.name}"
    return None


# ------------------------------------------------------------------ definition


def definition(analysis: Analysis, path: str, line: int, col: int) -> Optional[A.Span]:
    """Where the name under the cursor is declared (in any module)."""
    module = analysis.module_for(path)
    program = analysis.program
    if module is None or program is None:
        return None
    imported = _imported_at(program, module, line, col)
    if imported is not None:
        return imported
    for node in nodes_at(module, line, col):
        callee = _callee(program, node, line, col)
        if callee is not None:
            span = _callee_declared_at(callee)
        else:
            span = _declared_at(program, module, node)
        if span is not None:
            return span
    return None


def _imported_at(program, module, line, col) -> Optional[A.Span]:
    """A name in `from A.B import x, Y` under the cursor: where A.B declares it."""
    for item in module.items:
        if not isinstance(item, A.FromImport) or not _contains(item.span, line, col):
            continue
        source = program.modules.get(".".join(item.path))
        for ident in item.names:
            if source is not None and _contains(ident.span, line, col):
                for table in (source.functions, source.structs, source.sums, source.services,
                              source.actors, source.supervisors, source.interfaces):
                    decl = table.get(ident.name)
                    if isinstance(decl, M.FunctionDecl):
                        return _fn_span(decl)
                    if decl is not None and getattr(decl, "node", None) is not None:
                        return getattr(decl.node, "name_span", decl.node.span)
    return None


def _callee_declared_at(target: M.CallTarget) -> Optional[A.Span]:
    if isinstance(target.decl, M.FunctionDecl):
        return _fn_span(target.decl)
    if target.variant is not None and target.variant.node is not None:
        return target.variant.node.span
    if target.handler is not None:
        return target.handler.node.name_span
    if target.service is not None:
        return target.service.node.name_span
    return None


def _declared_at(program, module, node) -> Optional[A.Span]:
    fact = program.info.get(node)
    if isinstance(fact, M.LocalRef):
        return fact.binding.span
    if isinstance(fact, M.Binding):
        return fact.span
    if isinstance(fact, M.FunctionRef):
        return _fn_span(fact.decl)
    if isinstance(fact, M.VariantRef):
        fact = fact.decl
    if isinstance(fact, M.VariantDecl) and fact.node is not None:
        return fact.node.span
    for ref, attr in ((M.StructRef, "decl"), (M.SumRef, "decl"), (M.ServiceRef, "decl"),
                      (M.ActorRef, "decl"), (M.SupervisorRef, "decl")):
        if isinstance(fact, ref):
            decl_node = getattr(getattr(fact, attr), "node", None)
            if decl_node is not None:
                return getattr(decl_node, "name_span", decl_node.span)
    if isinstance(fact, M.FieldRef):
        for f in fact.struct.node.fields:
            if f.name == fact.name:
                return f.span
    if isinstance(fact, M.StructDecl):
        return fact.node.name_span
    if isinstance(fact, M.ModuleRef):
        target = program.modules.get(fact.module)
        return target.node.span if target is not None else None
    if isinstance(node, A.FieldAccess):
        target = program.info.get(node)
        if isinstance(target, M.FunctionRef):
            return _fn_span(target.decl)
    if isinstance(node, A.TypeName):
        return _type_span(program, module, node)
    return None


def _fn_span(decl: M.FunctionDecl) -> A.Span:
    return decl.clauses[0].name_span if decl.clauses else decl.span


def _type_span(program, module, node) -> Optional[A.Span]:
    decl_node = getattr(_type_decl(program, module, node), "node", None)
    if decl_node is None:
        return None
    return getattr(decl_node, "name_span", decl_node.span)


def _type_decl(program, module, node: A.TypeName):
    """The declaration a type name refers to: the module's own types, the
    imported ones, or `Mod.Type` through a module qualifier."""
    info = program.modules.get(module.name)
    if info is None:
        return None
    if len(node.path) > 1:
        qualifier = ".".join(node.path[:-1])
        info = program.modules.get(info.qualifiers.get(qualifier, qualifier))
        if info is None:
            return None
    for table in (info.structs, info.sums, info.aliases, info.imported):
        decl = table.get(node.name)
        if decl is not None:
            return decl
    return None


# ------------------------------------------------------------------ symbols


@dataclass
class Symbol:
    name: str
    kind: str  # "function", "struct", "enum", "field", "variant", "service", "method", "interface", …
    span: A.Span
    selection: A.Span
    detail: str = ""
    children: tuple = ()


def symbols(module: A.Module) -> list[Symbol]:
    """The declarations of a module, nested (fields in structs, variants in
    sum types, handlers in services, methods in impls)."""
    out = []
    for item in module.items:
        sym = _symbol(item)
        if sym is not None:
            out.append(sym)
    return out


def _symbol(item) -> Optional[Symbol]:
    sel = getattr(item, "name_span", None) or item.span
    if isinstance(item, A.FnDef):
        return Symbol(item.name, "function", item.span, sel)
    if isinstance(item, A.StructDef):
        fields = tuple(Symbol(f.name, "field", f.span, f.span) for f in item.fields)
        return Symbol(item.name, "struct", item.span, sel, children=fields)
    if isinstance(item, A.SumTypeDef):
        variants = tuple(Symbol(v.name, "variant", v.span, v.span) for v in item.variants)
        return Symbol(item.name, "enum", item.span, sel, children=variants)
    if isinstance(item, A.TypeAlias):
        return Symbol(item.name, "alias", item.span, sel)
    if isinstance(item, A.InterfaceDef):
        methods = tuple(Symbol(m.name, "method", m.span, m.name_span) for m in item.methods)
        return Symbol(item.name, "interface", item.span, sel, children=methods)
    if isinstance(item, A.ImplDef):
        methods = tuple(Symbol(m.name, "method", m.span, m.name_span) for m in item.methods)
        return Symbol(f"impl {item.trait.name}", "impl", item.span, item.span, children=methods)
    if isinstance(item, A.ServiceDef):
        handlers = tuple(Symbol(h.name, "method", h.span, h.name_span, detail=h.kind) for h in item.handlers)
        init = (Symbol("init", "function", item.init.span, item.init.name_span),) if item.init else ()
        return Symbol(item.name, "service", item.span, sel, children=init + handlers)
    if isinstance(item, A.ActorDef):
        return Symbol(item.name, "actor", item.span, sel)
    if isinstance(item, A.SupervisorDef):
        return Symbol(item.name, "supervisor", item.span, sel)
    if isinstance(item, A.ModuleBlock):
        return Symbol(item.name, "module", item.span, item.span)
    return None


# ------------------------------------------------------------------ completion


@dataclass(frozen=True)
class Completion:
    label: str
    kind: str  # "function", "struct", "enum", "variant", "service", "actor"
    detail: str = ""


def module_members(analysis: Optional[Analysis], path: str, qualifier: str) -> list[Completion]:
    """What can follow `qualifier.`: a standard-library module's functions, or
    a user module's public declarations (by full name, or by the last segment
    of an `import A.B`)."""
    from ..check import stdlib

    if qualifier in stdlib.STDLIB_MODULE_NAMES:
        out = []
        for name in stdlib.module_functions(qualifier):
            ref = M.StdlibRef(qualifier, name, name)
            out.append(Completion(name, "function", _stdlib_signature(ref)))
        return out
    program = (analysis.program or analysis.last_program) if analysis is not None else None
    if program is None:
        return []
    here = next((m for m in program.modules.values() if os.path.abspath(m.node.path) == path), None)
    service = (here.services.get(qualifier) or here.imported.get(qualifier)) if here is not None else None
    if isinstance(service, M.ServiceDecl):
        return _service_functions(service)
    target = program.modules.get(qualifier)
    if target is None:
        full = here.qualifiers.get(qualifier) if here is not None else None
        target = program.modules.get(full) if full else None
    if target is None:
        return []
    return _members(target)


def _service_functions(service: M.ServiceDecl) -> list[Completion]:
    """`Counter.`: the client functions a service generates (8.1)."""
    out = [Completion("start", "function", f"fn {service.name}.start")]
    for client, handler in sorted(service.handlers.items()):
        out.append(Completion(client, "function", f"{handler.kind} {service.name}.{handler.name}"))
    return out


def _members(info: M.ModuleInfo) -> list[Completion]:
    out = []
    for name, decl in sorted(info.functions.items()):
        if decl.pub:
            out.append(Completion(name, "function", _function_signature(decl)))
    for table, kind in ((info.structs, "struct"), (info.sums, "enum"), (info.services, "service"),
                        (info.actors, "actor"), (info.supervisors, "supervisor")):
        for name, decl in sorted(table.items()):
            if getattr(decl, "pub", True):
                out.append(Completion(name, kind))
    return out
