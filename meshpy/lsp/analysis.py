"""Checking a project for the editor: the files on disk, with the editor's
unsaved buffers in their place.

This mirrors meshpy.project.load_project (same module names, same import
rules, same checks) but reads a file's text from `overlay` when the editor has
it open. The result keeps every parsed module and the checker's `Program`, for
the queries in query.py.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from typing import Optional

from .. import ast as A
from ..diagnostics import Diagnostic, error
from ..project import (ENTRY_FILE, ENTRY_MODULE, Project, SourceFile, _finish,
                       discover, imports_of, module_name_for)
from ..sources import follow_imports
from ..syntax.parser import parse_module


@dataclass
class Analysis:
    project: Project
    program: object = None  # meshpy.check.model.Program, when the checker ran
    modules_by_path: dict = field(default_factory=dict)  # path -> A.Module
    internal_error: Optional[str] = None
    # The latest program that checked, kept while the text is broken (typing
    # `Mod.` is a syntax error) so that completion still knows the modules.
    last_program: object = None

    def module_for(self, path: str) -> Optional[A.Module]:
        return self.modules_by_path.get(os.path.abspath(path))

    def diagnostics_by_file(self) -> dict[str, list[Diagnostic]]:
        """Every file of the project, with its diagnostics (maybe none)."""
        out: dict[str, list[Diagnostic]] = {f.path: [] for f in self.project.files}
        for d in self.project.diagnostics:
            path = d.span.file if d.span is not None else self.project.entry_path
            out.setdefault(os.path.abspath(path), []).append(d)
        return out


def project_root(path: str) -> tuple[str, bool]:
    """The project a file belongs to: the nearest folder above it holding
    main.mpl (True: a directory project), else the file itself (False)."""
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.isfile(os.path.join(folder, ENTRY_FILE)):
            return folder, True
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.path.abspath(path), False
        folder = parent


def analyse(path: str, overlay: Optional[dict] = None) -> Analysis:
    """Load, parse and check the project holding `path`."""
    overlay = overlay or {}
    root, is_dir = project_root(path)
    project = _load_directory(root, overlay) if is_dir else _load_file(root, overlay)
    analysis = Analysis(project)
    for f in project.files:
        module = project.modules.get(f.module_name)
        if module is not None:
            analysis.modules_by_path[f.path] = module
    if project.ok:
        try:
            from ..check import check_project

            analysis.program = check_project(project)
        except Exception as exc:  # a checker bug must not kill the server
            analysis.internal_error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            project.diagnostics.append(error("E9999", f"internal checker error: {analysis.internal_error}",
                                             A.Span(project.entry_path, 1, 1, 1, 1)))
    return analysis


def _read(path: str, overlay: dict) -> Optional[str]:
    if path in overlay:
        return overlay[path]
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def _add(project: Project, path: str, name: str, overlay: dict) -> None:
    text = _read(path, overlay)
    if text is None:
        project.diagnostics.append(error("E0000", f"cannot read {path}", None))
        return
    project.files.append(SourceFile(path, name, text))
    module, diags = parse_module(path, text, name)
    project.diagnostics.extend(diags)
    if module is not None:
        project.modules[name] = module


def _load_directory(root: str, overlay: dict) -> Project:
    project = Project(root=root, entry_path=os.path.join(root, ENTRY_FILE))
    paths = set(discover(root)) | {p for p in overlay if p.startswith(root + os.sep) and p.endswith(".mpl")}
    for path in sorted(paths):
        rel = os.path.relpath(path, root)
        if any(part.startswith(".") or part == "_build" for part in rel.split(os.sep)):
            continue
        _add(project, path, ENTRY_MODULE if rel == ENTRY_FILE else module_name_for(rel), overlay)
    _finish(project)
    return project


def _load_file(path: str, overlay: dict) -> Project:
    root = os.path.dirname(path)
    project = Project(root=root, entry_path=path)

    def load(p: str, name: str) -> list[str]:
        _add(project, p, name, overlay)
        module = project.modules.get(name)
        return [dep for dep, _span in imports_of(module)] if module is not None else []

    follow_imports(load(path, ENTRY_MODULE), root, load, seen={ENTRY_MODULE},
                   exists=lambda p: p in overlay or os.path.isfile(p))
    _finish(project)
    return project
