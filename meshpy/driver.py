"""The compiler pipeline behind the CLI: load -> check -> lower -> write -> run."""

from __future__ import annotations

import sys
import traceback



def report(project, stream=None) -> None:
    """Print the project's diagnostics, sorted by position."""
    from .diagnostics import SourceCache, render, sort_key

    stream = stream or sys.stderr
    sources = SourceCache()
    for f in project.files:
        sources.add(f.path, f.text)
    diags = sorted(project.diagnostics, key=sort_key)
    for d in diags:
        print(render(d, sources), file=stream)
    errors = sum(1 for d in diags if d.is_error)
    if errors:
        print(f"{errors} error{'s' if errors != 1 else ''} found; nothing was built", file=stream)


def analyse(target: str):
    """Load and parse a project, then run every static check."""
    from .project import load_project

    project = load_project(target)
    if project.ok:
        from .check import check_project

        check_project(project)
    return project


def _guarded(fn):
    """Run a compiler entry point; an unexpected exception is a compiler bug,
    reported as such instead of a bare traceback."""

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # pragma: no cover - only reached through bugs
            where = traceback.extract_tb(exc.__traceback__)[-1]
            print(f"internal compiler error: {type(exc).__name__}: {exc}\n"
                  f"  (in {where.filename}:{where.lineno}; this is a bug in meshpy, please report it "
                  f"with the program that triggers it)", file=sys.stderr)
            return 3

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@_guarded
def check(target: str) -> int:
    project = analyse(target)
    report(project)
    return 0 if project.ok else 1


@_guarded
def build(target: str, output=None, force: bool = False) -> int:
    from .build import build_project

    project, _out = build_project(target, output, force=force)
    if project is not None:
        report(project)
        if not project.ok:
            return 1
    return 0


@_guarded
def _build_for_run(target: str):
    from .build import build_project

    project, out = build_project(target, None)
    if project is not None:
        report(project)
        if not project.ok:
            return 1
    return out


def run(target: str, args: list[str]) -> int:
    out = _build_for_run(target)
    if isinstance(out, int):
        return out
    from .loader import run_built

    return run_built(out, args)
