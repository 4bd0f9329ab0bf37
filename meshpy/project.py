"""Projects: find the modules of a program, name them, order them by imports.

A project is a directory holding `main.mpl` (language reference 3.1); every
`.mpl` file below it is a module named after its path (`billing/tax_rules.mpl`
is `Billing.TaxRules`). A single file can also be built on its own: it is the
entry module, and the modules it imports are looked up below its folder.
Which files those are is decided in sources.py, for this loader and for the
up-to-date check of a build alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

from . import ast as A
from .diagnostics import Diagnostic, error
from .sources import (ENTRY_FILE, ENTRY_MODULE, SKIPPED_DIRS, STDLIB_MODULES,  # noqa: F401 (re-exported)
                      discover, module_name_for, read_source, resolve)
from .syntax.parser import parse_module


@dataclass
class SourceFile:
    path: str  # absolute path
    module_name: str
    text: str
    digest: str = ""  # of the bytes read (sources.read_source); recorded by a build


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
    resolve(root, lambda path, name: _imports_after_adding(project, path, name))
    _finish(project)
    return project


def _load_single_file(path: str) -> Project:
    project = Project(root=os.path.dirname(path), entry_path=path)
    resolve(path, lambda p, name: _imports_after_adding(project, p, name))
    _finish(project)
    return project


def _imports_after_adding(project: Project, path: str, name: str) -> list[str]:
    _add_file(project, path, name)
    module = project.modules.get(name)
    return [dep for dep, _span in imports_of(module)] if module is not None else []


def _add_file(project: Project, path: str, name: str) -> None:
    try:
        text, digest = read_source(path)
    except UnicodeDecodeError as exc:
        project.diagnostics.append(error("E0000", f"{path} is not valid UTF-8 ({exc.reason} at byte {exc.start})", None))
        return
    except OSError as exc:
        project.diagnostics.append(error("E0000", f"cannot read {path}: {exc.strerror}", None))
        return
    project.files.append(SourceFile(path, name, text, digest))
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
    if main is not None:
        _check_main(project, main)


def _check_main(project: Project, main: A.Module) -> None:
    """The entry module defines `main`, and `main` takes no parameters: the
    program is started with none (arguments come from `Env.args()`)."""
    clauses = [i for i in main.items if isinstance(i, A.FnDef) and i.name == "main"]
    if not clauses:
        project.diagnostics.append(error(
            "E0000", "the entry module has no `main` function", A.Span(main.path, 1, 1, 1, 1),
            help="add `fn main() do … end`"))
        return
    for clause in clauses:
        if clause.params:
            n = len(clause.params)
            project.diagnostics.append(error(
                "E0000", f"`main` takes no parameters, but this one takes {n}", clause.params[0].span,
                help="write `fn main() do … end` and read command-line arguments with `Env.args()`"))
            return


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
