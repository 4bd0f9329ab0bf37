"""Shared pytest configuration: golden-update options, the hypothesis
profile, and the guard that keeps `--update-goldens` from overwriting
hand-edited expectations."""

import os
import subprocess

import pytest
from hypothesis import settings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Property tests draw the same examples on every run (CI or not), so a red run
# is reproducible and two runs see the same inputs. No deadline: a loaded
# machine must not turn a slow example into a failure. For a randomised
# campaign: HYPOTHESIS_PROFILE=explore.
settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*/emitted and expected_stdout from the current compiler "
             "(review the diff before committing); refuses while an expected_* file has "
             "uncommitted changes",
    )
    parser.addoption(
        "--force-update-goldens",
        action="store_true",
        default=False,
        help="like --update-goldens, even over uncommitted changes to expected_* files",
    )


def uncommitted_golden_expectations() -> list[str]:
    """Golden expected_* files that `git status` reports as changed or new.
    Raises RuntimeError when git cannot tell."""
    proc = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", "tests/golden"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or f"git status exited with {proc.returncode}")
    paths = [line[3:].split(" -> ")[-1] for line in proc.stdout.splitlines()]
    return sorted(p for p in paths if os.path.basename(p).startswith("expected_"))


def pytest_configure(config):
    if config.getoption("--force-update-goldens"):
        config.option.update_goldens = True
        return
    if not config.getoption("--update-goldens"):
        return
    try:
        dirty = uncommitted_golden_expectations()
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
        raise pytest.UsageError(
            f"--update-goldens: cannot ask git whether expectations have uncommitted changes ({exc}); "
            "use --force-update-goldens to rewrite them anyway") from exc
    if dirty:
        raise pytest.UsageError(
            "--update-goldens would overwrite uncommitted changes to:\n  " + "\n  ".join(dirty)
            + "\ncommit or revert them first, or pass --force-update-goldens")
