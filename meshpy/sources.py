"""Which files form a project: the one rule, used by the loader (project.py)
and by the up-to-date check of a build (build.py). Kept free of heavy
imports: `meshpy run` asks whether a build is up to date before it loads
the compiler.

* A directory holding `main.mpl` is a project: every `.mpl` file below it is
  a module named after its path (`services/writer.mpl` is `Services.Writer`).
* A single `.mpl` file is the entry module of a project made of it and of
  the modules it imports, transitively, looked up below its folder by the
  same naming rule (`import Services.Writer` reads `services/writer.mpl`).

A build records the files it read with a digest of their bytes
(`file_digests`); `unchanged` answers, from that record alone, whether the
same rule would now give the same files with the same contents.
"""

from __future__ import annotations

import hashlib
import os
from typing import Callable, Iterable

ENTRY_FILE = "main.mpl"
ENTRY_MODULE = "Main"
SKIPPED_DIRS = {"_build", "__pycache__", "node_modules"}

# Standard-library modules: importing them is accepted and reads no file
# (3.2; supplement 1.7 adds the modules of today's Mesh on the second line).
STDLIB_MODULES = frozenset(
    "String List Map Set Tuple Range Queue Iter Int Float Math IO Env File JSON Json "
    "Timer Job Process Pool Pg Sqlite HTTP Request Node Global "
    "Ws Orm Query Repo Changeset Migration".split()
)


def discover(root: str) -> list[str]:
    """Every `.mpl` file below root in sorted path order, skipping hidden
    files and folders and build output."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        for name in sorted(filenames):
            if name.endswith(".mpl") and not name.startswith("."):
                found.append(os.path.join(dirpath, name))
    return sorted(found, key=lambda p: os.path.relpath(p, root).split(os.sep))


def module_name_for(relpath: str) -> str:
    """`services/writer.mpl` -> `Services.Writer`; `a/b_c/d_e_f.mpl` -> `A.BC.DEF`."""
    parts = relpath.replace(os.sep, "/")[: -len(".mpl")].split("/")
    return ".".join(_pascal(p) for p in parts)


def _pascal(snake: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in snake.split("_"))


def snake_case(name: str) -> str:
    """`GetProjectByApiKey` -> `get_project_by_api_key`: every uppercase
    letter but the first becomes `_` and its lowercase form. The one
    CamelCase converter: module files, module aliases, service clients."""
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


def module_file(root: str, module_name: str) -> str:
    """Where a single-file program finds `import Services.Writer`:
    `root/services/writer.mpl`."""
    return os.path.join(root, *(snake_case(p) for p in module_name.split("."))) + ".mpl"


def relative(path: str, base: str) -> str:
    """path relative to the folder base, with `/` between parts: how a build
    records its files (the one helper for project-relative paths)."""
    return os.path.relpath(path, base).replace(os.sep, "/")


def read_source(path: str) -> tuple[str, str]:
    """(text, digest of the bytes): the digest is what a build records.
    Raises OSError, or UnicodeDecodeError for a file that is not UTF-8."""
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n"), hashlib.sha256(data).hexdigest()


def resolve(target: str, load: Callable[[str, str], Iterable[str]]) -> str:
    """Apply the rule to target (an absolute path, directory or file):
    `load(path, module_name)` is called once per file of the project and
    returns the module names that file imports (nothing if it could not be
    read). Returns the project root."""
    if os.path.isdir(target):
        for path in discover(target):
            rel = os.path.relpath(path, target)
            load(path, ENTRY_MODULE if rel == ENTRY_FILE else module_name_for(rel))
        return target
    root = os.path.dirname(target)
    follow_imports(load(target, ENTRY_MODULE), root, load, seen={ENTRY_MODULE})
    return root


def follow_imports(names: Iterable[str], root: str, load: Callable[[str, str], Iterable[str]],
                   seen: set, exists: Callable[[str], bool] = os.path.isfile) -> None:
    """Load, transitively, the modules `names` that are files under root
    (stdlib modules and names in `seen` are skipped; loaded ones are added
    to it). The single-file rule of `resolve`; `meshpy migrate` uses it for
    the modules a migration imports, the language server with an `exists`
    that also sees unsaved editor buffers."""
    pending = list(names)
    while pending:
        dep = pending.pop()
        if dep in seen or dep in STDLIB_MODULES:
            continue
        candidate = module_file(root, dep)
        if exists(candidate):
            seen.add(dep)
            pending.extend(load(candidate, dep))


def file_digests(root: str, files: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The record of a build's inputs: path relative to root -> digest."""
    return {relative(path, root): digest for path, digest in files}


def unchanged(target: str, root: str, recorded: dict[str, str]) -> bool:
    """Would `resolve` give the recorded files, with the recorded contents?

    For a directory the files are the ones on disk, so a file added or
    removed is a change. For a single file they follow from the contents of
    the recorded files alone: a build is recorded only when every import
    found its file, so as long as those files read the same, the same
    imports find the same files."""
    if os.path.isdir(target):
        on_disk = {relative(p, root) for p in discover(root)}
        if on_disk != set(recorded):
            return False
    for rel, digest in recorded.items():
        try:
            with open(os.path.join(root, rel), "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != digest:
                    return False
        except OSError:
            return False
    return True
