"""The Mesh conformance suite, run from `../shared/conformance` (beside the
repository) with its own runner: every probe's exact stdout, exit status and
diagnostics through `meshpy run`, one test per area. There is no copy in this
repository; without shared/ the suite fails (it does not skip)."""

import os
import shlex
import subprocess
import sys

import pytest

from shared_dir import CONFORMANCE, MISSING, conformance_present

# Without shared/ one placeholder area stands in, and fails (an empty list would skip).
AREAS = sorted(
    d for d in os.listdir(CONFORMANCE)
    if os.path.isdir(os.path.join(CONFORMANCE, d)) and not d.startswith(("_", "."))
) if conformance_present() else ["shared-folder-missing"]

PROBE_TIMEOUT = 120  # seconds for one probe's build and run (the runner's --timeout)


def test_the_shared_suite_is_there():
    assert conformance_present(), MISSING
    assert len(AREAS) >= 20, f"only {len(AREAS)} areas in {CONFORMANCE}"


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("area", AREAS)
def test_conformance_area(area):
    assert conformance_present(), MISSING
    cmd = f"{shlex.quote(sys.executable)} -m meshpy run {{dir}}"
    proc = subprocess.run(
        [sys.executable, os.path.join(CONFORMANCE, "run.py"), "--cmd", cmd, "--area", area, "-j", "2",
         "--timeout", str(PROBE_TIMEOUT)],
        capture_output=True, text=True, timeout=1700,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("passed")
