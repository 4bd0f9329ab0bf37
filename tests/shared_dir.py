"""Where the project's shared specifications live: `../shared/` beside the
repository (CI places it there, read-only). The conformance suite is run from
there directly, so a probe added or corrected in shared/ reaches the suite.

A clone made elsewhere on the same machine (`git clone . /tmp/x`) has no
shared/ beside it; it then uses the one beside the repository it was cloned
from (its `origin`, when that is a local folder)."""

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _origin_folder(root: str):
    """The local folder this checkout was cloned from, or None."""
    try:
        url = subprocess.run(["git", "-C", root, "remote", "get-url", "origin"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = url[len("file://"):] if url.startswith("file://") else url
    return path if path and os.path.isdir(path) else None


def _find_shared(root: str) -> str:
    beside = os.path.join(os.path.dirname(root), "shared")
    if os.path.isdir(beside) or not os.path.isdir(os.path.join(root, ".git")):
        return beside
    origin = _origin_folder(root)
    if origin is not None:
        theirs = os.path.join(os.path.dirname(os.path.abspath(origin)), "shared")
        if os.path.isdir(theirs):
            return theirs
    return beside


SHARED = _find_shared(ROOT)
CONFORMANCE = os.path.join(SHARED, "conformance")

MISSING = (f"the shared conformance suite is missing: expected {CONFORMANCE}/run.py "
           "(the folder shared/ must sit beside the repository, as CI places it)")


def conformance_present() -> bool:
    return os.path.isfile(os.path.join(CONFORMANCE, "run.py"))
