"""Projects: find the modules of a program, name them, order them by imports.

A project is a directory holding `main.mpl` (language reference 3.1); every
`.mpl` file below it is a module named after its path (`billing/tax_rules.mpl`
is `Billing.TaxRules`). A single file can also be built on its own: it is the
entry module, and the modules it imports are looked up next to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from . import ast as A
from .diagnostics import Diagnostic, error
from .sources import ENTRY_FILE, SKIPPED_DIRS, discover, module_name_for  # noqa: F401 (re-exported)
from .syntax.parser import parse_module

ENTRY_MODULE = "Main"

# Standard-library modules: importing them is accepted and changes nothing
# (3.2; supplement 1.7 adds the modules of today's Mesh on the second line).
STDLIB_MODULES = frozenset(
    "String List Map Set Tuple Range Queue Iter Int Float Math IO Env File JSON Json "
    "Timer Job Process Pool Pg Sqlite HTTP Request Node Global "
    "Ws Orm Query Repo Changeset Migration".split()
)


@dataclass
class SourceFile:
    path: str  # absolute path
    module_name: str
    text: str


@dataclass
class Project:
    root: str
    entry_path: str
    files: list[SourceFile] = field(default_factory=list)
    modules: dict[str, A.Module] = field(default_factory=dict)  # by module name
    order: list[str] = field(default_factory=list)  # dependencies first; Main last
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def name(self) -> str:
        return os.path.basename(self.root.rstrip(os.sep)) or "program"

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def load_project(target: str) -> Project:
    """Read and parse a project directory, or a single `.mpl` file."""
    target = os.path.abspath(target)
    if os.path.isdir(target):
        return _load_directory(target)
    if os.path.isfile(target):
        return _load_single_file(target)
    project = Project(root=target, entry_path=target)
    project.diagnostics.append(error("E0000", f"no such file or directory: {target}", None))
    return project


def _load_directory(root: str) -> Project:
    entry = os.path.join(root, ENTRY_FILE)
    project = Project(root=root, entry_path=entry)
    if not os.path.isfile(entry):
        project.diagnostics.append(error(
            "E0000", f"{root} is not a Mesh project: it has no {ENTRY_FILE}", None,
            help=f"create {ENTRY_FILE} with `fn main() do … end`, or pass a single .mpl file"))
        return project
    for path in discover(root):
        rel = os.path.relpath(path, root)
        name = ENTRY_MODULE if rel == ENTRY_FILE else module_name_for(rel)
        _add_file(project, path, name)
    _finish(project)
    return project


def _load_single_file(path: str) -> Project:
    root = os.path.dirname(path)
    project = Project(root=root, entry_path=path)
    _add_file(project, path, ENTRY_MODULE)
    # Modules imported by the file (transitively) are looked up beside it.
    pending = list(project.modules.values())
    while pending:
        module = pending.pop()
        for dep, _span in imports_of(module):
            if dep in project.modules or dep in STDLIB_MODULES:
                continue
            candidate = os.path.join(root, *_snake_parts(dep)) + ".mpl"
            if os.path.isfile(candidate):
                _add_file(project, candidate, dep)
                if dep in project.modules:
                    pending.append(project.modules[dep])
    _finish(project)
    return project


def _snake_parts(module_name: str) -> list[str]:
    out = []
    for part in module_name.split("."):
        snake = "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(part))
        out.append(snake)
    return out


def _add_file(project: Project, path: str, name: str) -> None:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError as exc:
        project.diagnostics.append(error("E0000", f"{path} is not valid UTF-8 ({exc.reason} at byte {exc.start})", None))
        return
    except OSError as exc:
        project.diagnostics.append(error("E0000", f"cannot read {path}: {exc.strerror}", None))
        return
    project.files.append(SourceFile(path, name, text))
    module, diags = parse_module(path, text, name)
    project.diagnostics.extend(diags)
    if module is not None:
        project.modules[name] = module


def imports_of(module: A.Module):
    """(module name, span) for each user-module import of `module`."""
    for item in module.items:
        if isinstance(item, (A.Import, A.FromImport)):
            yield ".".join(item.path), item.span


def _finish(project: Project) -> None:
    """Check imports and the entry point; compute the dependency order."""
    if not project.ok:
        return  # a parse error anywhere stops the build (16)
    for module in project.modules.values():
        for dep, span in imports_of(module):
            if dep == ENTRY_MODULE and dep not in STDLIB_MODULES:
                project.diagnostics.append(error("E0031", "the entry module `Main` cannot be imported", span))
            elif dep not in project.modules and dep not in STDLIB_MODULES:
                project.diagnostics.append(error(
                    "E0031", f"module not found: module `{dep}` not found", span,
                    help=_module_hint(project, dep)))
    order, cycle = _topological_order(project)
    if cycle:
        first = project.modules[cycle[0]]
        span = next((s for d, s in imports_of(first) if d == cycle[1]), first.span)
        project.diagnostics.append(error(
            "E0031", "import cycle: " + " -> ".join(cycle), span,
            help="modules cannot import each other in a circle; move the shared part into a module both import"))
    project.order = order
    main = project.modules.get(ENTRY_MODULE)
    if main is not None and not any(isinstance(i, A.FnDef) and i.name == "main" for i in main.items):
        project.diagnostics.append(error(
            "E0000", "the entry module has no `main` function", A.Span(main.path, 1, 1, 1, 1),
            help="add `fn main() do … end`"))


def _module_hint(project: Project, missing: str) -> Optional[str]:
    known = sorted(n for n in project.modules if n != ENTRY_MODULE)
    if not known:
        return "this project has no other modules; a module `A.B` lives in the file `a/b.mpl`"
    return "modules of this project: " + ", ".join(known)


def _topological_order(project: Project) -> tuple[list[str], Optional[list[str]]]:
    state: dict[str, int] = {}  # 1 = visiting, 2 = done
    order: list[str] = []
    stack: list[str] = []

    def visit(name: str) -> Optional[list[str]]:
        state[name] = 1
        stack.append(name)
        for dep, _span in imports_of(project.modules[name]):
            if dep not in project.modules or dep == name:
                continue  # (a module importing itself is no cycle: supplement 9.7)
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state:
                cycle = visit(dep)
                if cycle:
                    return cycle
        stack.pop()
        state[name] = 2
        order.append(name)
        return None

    names = sorted(n for n in project.modules if n != ENTRY_MODULE)
    if ENTRY_MODULE in project.modules:
        names.append(ENTRY_MODULE)
    for name in names:
        if name not in state:
            cycle = visit(name)
            if cycle:
                return order, cycle
    return order, None
