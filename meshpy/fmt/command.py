"""`meshpy fmt [--check] PATHS`: format .mpl files in place, or list those
that would change.

A file is rewritten only when its formatted text parses to the same syntax
tree (spans aside) as the original; a file with a syntax error is reported
with the parser's diagnostics and left untouched.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Optional

from ..diagnostics import Diagnostic, SourceCache, error, render
from .format import FormatError, format_source

FORMAT_ERROR = "F0001"


@dataclass
class Outcome:
    path: str
    text: str
    formatted: Optional[str]  # None when the file cannot be formatted
    diagnostics: list[Diagnostic]

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.text


def format_text(path: str, text: str) -> Outcome:
    """Format one file's text, checking that the program is unchanged."""
    from ..ast import dump
    from ..syntax.parser import parse_module

    before, diags = parse_module(path, text)
    if before is None:
        return Outcome(path, text, None, diags)
    try:
        out = format_source(text)
    except FormatError as exc:
        return Outcome(path, text, None, [_internal(path, str(exc))])
    after, _ = parse_module(path, out)
    if after is None or dump(after) != dump(before):
        return Outcome(path, text, None, [_internal(path, "the formatted program would parse differently")])
    return Outcome(path, text, out, [])


def _internal(path: str, why: str) -> Diagnostic:
    from ..ast import Span

    return error(FORMAT_ERROR, f"cannot format this file: {why} (a bug in meshpy fmt; the file is left as it is)",
                 Span(path, 1, 1, 1, 1))


def expand(paths: list[str]) -> tuple[list[str], list[str]]:
    """The .mpl files named by `paths` (directories are searched), and the
    paths that do not exist."""
    from ..sources import discover

    files, missing = [], []
    for p in paths:
        if os.path.isdir(p):
            files.extend(discover(p))
        elif os.path.isfile(p):
            files.append(p)
        else:
            missing.append(p)
    return files, missing


def run(paths: list[str], check: bool = False, out=None, err=None) -> int:
    """The command. Exit status: 0 when every file is (or now is)
    formatted; 1 with --check when a file would change, or when a file
    has a syntax error; 2 when a path does not exist."""
    out = out or sys.stdout
    err = err or sys.stderr
    if paths == ["-"]:
        return _stdin(out, err)
    files, missing = expand(paths)
    for p in missing:
        print(f"meshpy fmt: no such file or directory: {p}", file=err)
    if missing:
        return 2
    failed = would_change = 0
    sources = SourceCache()
    for path in files:
        outcome = _format_file(path)
        if outcome.formatted is None:
            failed += 1
            sources.add(path, outcome.text)
            for d in outcome.diagnostics:
                print(render(d, sources), file=err)
        elif outcome.changed:
            would_change += 1
            if check:
                print(f"would reformat {path}", file=out)
            else:
                _write(path, outcome.formatted)
                print(f"reformatted {path}", file=out)
    _summary(len(files), would_change, failed, check, err)
    return 1 if failed or (check and would_change) else 0


def _format_file(path: str) -> Outcome:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        return Outcome(path, "", None, [error(FORMAT_ERROR, f"cannot read {path}: {exc}", None)])
    return format_text(path, text)


def _write(path: str, text: str) -> None:
    tmp = path + ".fmt-tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def _stdin(out, err) -> int:
    """`meshpy fmt -`: format standard input to standard output (editors)."""
    text = sys.stdin.read()
    outcome = format_text("<stdin>", text)
    if outcome.formatted is None:
        sources = SourceCache()
        sources.add("<stdin>", text)
        for d in outcome.diagnostics:
            print(render(d, sources), file=err)
        return 1
    out.write(outcome.formatted)
    return 0


def _summary(total: int, changed: int, failed: int, check: bool, err) -> None:
    verb = "would be reformatted" if check else "reformatted"
    parts = [f"{total} file{'s' if total != 1 else ''} checked" if check else
             f"{total} file{'s' if total != 1 else ''}", f"{changed} {verb}"]
    if failed:
        parts.append(f"{failed} not formatted (errors above)")
    print("meshpy fmt: " + ", ".join(parts), file=err)
