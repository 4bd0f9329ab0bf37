"""The Mesh conformance suite (tests/conformance/, copied from the reference
project's probes): every probe's exact stdout, exit status and diagnostics,
run through `meshpy run`, one test per area."""

import os
import shlex
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SUITE = os.path.join(HERE, "conformance")
AREAS = sorted(
    d for d in os.listdir(SUITE)
    if os.path.isdir(os.path.join(SUITE, d)) and not d.startswith(("_", "."))
)


@pytest.mark.parametrize("area", AREAS)
def test_conformance_area(area):
    cmd = f"{shlex.quote(sys.executable)} -m meshpy run {{dir}}"
    proc = subprocess.run(
        [sys.executable, os.path.join(SUITE, "run.py"), "--cmd", cmd, "--area", area, "-j", "2", "--timeout", "120"],
        capture_output=True, text=True, timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("passed")
