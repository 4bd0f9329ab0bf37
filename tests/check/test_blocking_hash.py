"""E0043 (issue 10): a Hash impl that can block is a compile error whose
note points at the call that blocks — hashing runs inside dict/set
operations, which cannot await, so the alternative would be silently using
the derived hash."""

from __future__ import annotations

import os
import subprocess
import sys

from meshpy.driver import analyse

CASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases", "e0043_blocking_hash")


def test_note_points_at_the_blocking_call():
    project = analyse(CASE)
    found = {(d.span.line, d.span.col): [(n.span.line, n.span.col) for n in d.notes]
             for d in project.diagnostics if d.code == "E0043"}
    # Key: `slow_code(...)` (which sleeps) at 16:12; Asked: the service call at 33:5
    assert found == {(14, 6): [(16, 12)], (32, 6): [(33, 5)]}


def test_a_hash_impl_reached_only_through_a_helper_chain(tmp_path):
    """The blocking call two helpers down still marks the impl's own call."""
    src = tmp_path / "main.mpl"
    src.write_text(
        "struct K do\n  id :: Int\nend deriving(Eq)\n\n"
        "fn inner(n :: Int) -> Int do\n  Timer.sleep(1)\n  n\nend\n\n"
        "fn outer(n :: Int) -> Int = inner(n) + 1\n\n"
        "impl Hash for K do\n  fn hash(self) -> Int do\n    outer(self.id)\n  end\nend\n\n"
        "fn main() do\n  println(\"${Map.size(%{K { id: 1 } => 1})}\")\nend\n")
    run = subprocess.run([sys.executable, "-m", "meshpy", "run", str(src)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode != 0
    assert "error[E0043]" in run.stderr and "(at 14:5)" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
