"""Where the project's shared specifications live: `../shared/` beside the
repository (CI places it there, read-only). The conformance suite is run from
there directly, so a probe added or corrected in shared/ reaches the suite."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
CONFORMANCE = os.path.join(SHARED, "conformance")

MISSING = (f"the shared conformance suite is missing: expected {CONFORMANCE}/run.py "
           "(the folder shared/ must sit beside the repository, as CI places it)")


def conformance_present() -> bool:
    return os.path.isfile(os.path.join(CONFORMANCE, "run.py"))
