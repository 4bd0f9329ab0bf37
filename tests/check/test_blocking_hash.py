"""W0043 (issue 10): a Hash impl that can block cannot be awaited inside
Python's dict and set, so Map and Set hash values of its type by the type
alone (consistent with any Eq) and the checker warns, with a note at the
call that blocks. The program is valid Mesh and must still run."""

from __future__ import annotations

import os
import subprocess
import sys

from meshpy.driver import analyse

CASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases", "w0043_blocking_hash")

# A user Eq that ignores `note`, a Hash impl that sleeps: keys equal under
# the user's Eq must meet in a Map and a Set although the hash impl is never
# called by them; a direct call of `hash` is an ordinary (awaited) call.
PROGRAM = """\
struct K do
  id :: Int
  note :: String
end

impl Eq for K do
  fn eq(a, b) -> Bool do
    a.id == b.id
  end
end

fn inner(n :: Int) -> Int do
  Timer.sleep(1)
  n
end

fn outer(n :: Int) -> Int = inner(n) + 1

impl Hash for K do
  fn hash(self) -> Int do
    outer(self.id)
  end
end

fn main() do
  let m = %{K { id: 1, note: "a" } => "one", K { id: 2, note: "b" } => "two"}
  let m2 = Map.put(m, K { id: 1, note: "other" }, "uno")
  println("${Map.size(m2)} ${Map.get(m2, K { id: 1, note: "zzz" })} ${Map.get(m2, K { id: 2, note: "" })}")
  let s = Set.add(Set.add(Set.new(), K { id: 3, note: "x" }), K { id: 3, note: "y" })
  println("${Set.size(s)} ${Set.contains(s, K { id: 3, note: "z" })}")
  let k = K { id: 41, note: "" }
  println("${k.hash()}")
end
"""


def test_note_points_at_the_blocking_call():
    project = analyse(CASE)
    found = {(d.span.line, d.span.col): [(n.span.line, n.span.col) for n in d.notes]
             for d in project.diagnostics if d.code == "W0043"}
    # Key: `slow_code(...)` (which sleeps) at 16:12; Asked: the service call at 33:5
    assert found == {(14, 6): [(16, 12)], (32, 6): [(33, 5)]}
    assert all(d.severity == "warning" for d in project.diagnostics if d.code == "W0043")


def test_keys_with_a_blocking_hash_impl_follow_the_users_eq(tmp_path):
    """The blocking call two helpers down still marks the impl; the program
    runs, and Map/Set agree with the user's Eq."""
    src = tmp_path / "main.mpl"
    src.write_text(PROGRAM)
    run = subprocess.run([sys.executable, "-m", "meshpy", "run", str(src)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "2 uno two\n1 true\n42\n"
    assert "warning[W0043]" in run.stderr and "(at 21:5)" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
