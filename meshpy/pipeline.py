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

from .build import default_output, is_up_to_date, write_output


def analyse(target: str):
    """Load and parse a project, then run every static check."""
    from .project import load_project

    project = load_project(target)
    if project.ok:
        from .check import check_project

        check_project(project)
    return project


def build_project(target: str, output: Optional[str] = None, force: bool = False):
    """Build if needed. Returns (project, or None when up to date; output dir)."""
    out = os.path.abspath(output or default_output(target))
    if not force and is_up_to_date(target, out):
        return None, out
    project = analyse(target)
    if not project.ok:
        return project, out
    from .lower import lower_program

    write_output(project, lower_program(project.program), out, target)
    return project, out
