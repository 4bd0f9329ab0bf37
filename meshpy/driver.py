"""The `check`, `build` and `run` commands: run the pipeline (pipeline.py)
and report what it found the way the CLI was asked to (text or JSON)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

from .gcpause import gc_paused
from .pipeline import analyse, build_project  # analyse: also imported from here by tests


@dataclass
class Output:
    """How the CLI reports: `--color`, `--format`, `-q`."""
    color: str = "auto"      # auto | always | never
    format: str = "text"     # text | json
    quiet: bool = False      # build: no "Built …" line


def report(diagnostics, files=(), opts: Output | None = None, stream=None, built: bool = True) -> None:
    """Print diagnostics sorted by position: text (with a summary line) or
    one JSON object per line. `built` is False when errors stopped the build."""
    from .diagnostics import Palette, SourceCache, dumps, render, sort_key, summary, use_color

    opts = opts or Output()
    stream = stream or sys.stderr
    diags = sorted(diagnostics, key=sort_key)
    if opts.format == "json":
        for d in diags:
            print(dumps(d), file=stream)
        return
    sources = SourceCache()
    for f in files:
        sources.add(f.path, f.text)
    palette = Palette(use_color(opts.color, stream))
    for d in diags:
        print(render(d, sources, palette), file=stream)
    if diags:
        line = f"{summary(diags)} found"
        if not built:
            line += "; nothing was built"
        errors = any(d.is_error for d in diags)
        print(palette.paint(line, "error" if errors else "warning"), file=stream)


def report_project(project, opts: Output | None = None) -> None:
    report(project.diagnostics, project.files, opts, built=project.ok)


def _guarded(fn):
    """Run a compiler entry point; an unexpected exception is a compiler bug,
    reported as such instead of a bare traceback."""

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # pragma: no cover - only reached through bugs
            import traceback

            where = traceback.extract_tb(exc.__traceback__)[-1]
            print(f"internal compiler error: {type(exc).__name__}: {exc}\n"
                  f"  (in {where.filename}:{where.lineno}; this is a bug in meshpy, please report it "
                  f"with the program that triggers it)", file=sys.stderr)
            return 3

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@_guarded
def check(target: str, opts: Output | None = None) -> int:
    project = analyse(target)
    report_project(project, opts)
    return 0 if project.ok else 1


def _build_and_report(target: str, output, force: bool, opts: Output, native: bool = False):
    """Build if needed and print the diagnostics: the fresh ones, or the
    warnings stored with an unchanged build. Returns (ok, project, out)."""

    project, out = build_project(target, output, force=force, native=native)
    if project is None:
        from .build import stored_warnings

        report(stored_warnings(out), (), opts)
        return True, None, out
    report_project(project, opts)
    return project.ok, project, out


@_guarded
def build(target: str, output=None, force: bool = False, opts: Output | None = None,
          native: bool = False) -> int:
    opts = opts or Output()
    started = time.perf_counter()
    ok, project, out = _build_and_report(target, output, force, opts, native)
    if not ok:
        return 1
    if not opts.quiet and opts.format == "text":
        print(_build_line(project, out, time.perf_counter() - started), file=sys.stderr)
    return 0


def _build_line(project, out: str, seconds: float) -> str:
    """`Built mesher (23 modules) in 1.24s -> mesher/_build` or `… up to date`."""
    from .diagnostics import display_path

    where = display_path(out)
    if project is None:
        return f"Up to date: {where} ({seconds:.2f}s)"
    n = len(project.order)
    return f"Built {project.name} ({n} module{'s' if n != 1 else ''}) in {seconds:.2f}s -> {where}"


@_guarded
def _build_for_run(target: str, opts: Output, native: bool = False):
    ok, _project, out = _build_and_report(target, None, False, opts, native)
    return out if ok else 1


def run(target: str, args: list[str], opts: Output | None = None, loop: str = "asyncio",
        native: bool = False) -> int:
    from .runtime.program import LoopUnavailable, new_event_loop

    try:  # refuse a bad --loop before spending time on the build
        new_event_loop(loop).close()
    except LoopUnavailable as exc:
        print(f"meshpy run: {exc}", file=sys.stderr)
        return 1
    with gc_paused():  # (the program itself runs with the collector on)
        out = _build_for_run(target, opts or Output(), native)
    if isinstance(out, int):
        return out
    from .loader import run_built

    return run_built(out, args, loop)
