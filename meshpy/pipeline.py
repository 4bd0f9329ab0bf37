"""The compiler pipeline below the CLI: load -> check -> lower -> write.

    sources.py   which files form the project (for loading and for the
                 up-to-date check alike)
    project.py   read and parse them, order the modules by their imports
    check/       names, types, effects (docs/architecture.md)
    lower/       Python modules
    build.py     the output folder and its manifest; is a build up to date?
    loader.py    run a build (no compiler needed)

driver.py (the `check`/`build`/`run` commands) and the other tools (lsp,
migrate) call this module; nothing here imports them. The compiler's
modules are imported on first use, so an up-to-date `meshpy run` loads
none of them.
"""

from __future__ import annotations

import os
from typing import Optional


def analyse(target: str):
    """Load and parse a project, then run every static check."""
    from .project import load_project

    project = load_project(target)
    if project.ok:
        from .check import check_project

        check_project(project)
    return project


def build_project(target: str, output: Optional[str] = None, force: bool = False,
                  native: bool = False):
    """Build if needed. Returns (project, or None when up to date; output dir).
    `native`: compile the functions that qualify through mypyc (meshpy/native/)."""
    from .build import default_output, is_up_to_date, write_output  # (not needed by `check`)

    out = os.path.abspath(output or default_output(target))
    if not force and is_up_to_date(target, out, native):
        return None, out
    project = analyse(target)
    if not project.ok:
        return project, out
    from .lower import lower_program

    lowered = lower_program(project.program)
    built_native = False
    if native:
        from .native.build import make_islands, note

        notes = make_islands(project.program, lowered, out)
        note(notes)
        built_native = "partial" if notes else True
    write_output(project, lowered, out, target, native=built_native)
    return project, out
