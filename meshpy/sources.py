"""Finding a project's `.mpl` files (kept free of heavy imports: `meshpy run`
uses it to see whether a build is up to date before loading the compiler)."""

from __future__ import annotations

import os

ENTRY_FILE = "main.mpl"
SKIPPED_DIRS = {"_build", "__pycache__", "node_modules"}


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
