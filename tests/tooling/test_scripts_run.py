"""`scripts/run PATH` finds a relative PATH from the caller's directory, not
from the repository's."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_scripts_run_resolves_relative_paths_from_the_caller(tmp_path):
    subprocess.run([sys.executable, "-m", "meshpy", "new", "greeter"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=120)
    p = subprocess.run([os.path.join(ROOT, "scripts", "run"), "greeter", "--", "Lin"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert p.stdout.endswith("Hello, Lin!\n")  # after setup's own lines, if it had to install
    assert (tmp_path / "greeter" / "_build" / "manifest.json").exists()
