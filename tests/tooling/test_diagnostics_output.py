"""How `meshpy check/build/run` print diagnostics: colour on a terminal
(a real pseudo-terminal here) and not elsewhere, `--color`, `NO_COLOR`, the
summary line, `--format json`, the build line and the warnings an unchanged
rebuild shows again."""

import json
import os
import pty
import re
import select
import subprocess
import sys

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BAD = """\
fn main() do
  let unused = 1 + 2
  let n = "x" + 1
  println(n)
end
"""
WARN = """\
fn main() do
  let unused = 1 + 2
  println("ok")
end
"""


def _project(tmp_path, name, text):
    d = tmp_path / name
    d.mkdir()
    (d / "main.mpl").write_text(text)
    return d


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(extra)
    return env


def meshpy(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "meshpy", *args], capture_output=True, text=True,
                          timeout=120, env=env or _env(), cwd=cwd)


def on_terminal(*args, env=None, cwd=None):
    """Run meshpy with stdout and stderr on a pseudo-terminal; (status, output)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "meshpy", *args], stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave, env=env or _env(), cwd=cwd)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode().replace("\r\n", "\n")


def test_terminal_output_is_coloured(tmp_path):
    bad = _project(tmp_path, "bad", BAD)
    status, out = on_terminal("check", str(bad), cwd=tmp_path)
    assert status == 1
    assert "\x1b[1;31merror[E0001]\x1b[0m" in out          # errors red
    assert "\x1b[1;33mwarning[W0003]\x1b[0m" in out        # warnings yellow
    assert "\x1b[1;31m^\x1b[0m" in out and "\x1b[1;33m^^^^^^\x1b[0m" in out  # carets in the same colours
    assert "\x1b[1;32m= help\x1b[0m" in out
    assert out.endswith("\x1b[1;31m1 error, 1 warning found; nothing was built\x1b[0m\n")
    # the colours are added to the plain text, nothing else changes
    plain = meshpy("check", str(bad), cwd=tmp_path).stderr
    assert ANSI.sub("", out) == plain


def test_no_color_and_never_turn_colour_off_on_a_terminal(tmp_path):
    bad = _project(tmp_path, "bad", BAD)
    _, out = on_terminal("check", str(bad), env=_env(NO_COLOR="1"))
    assert "\x1b[" not in out and "error[E0001]" in out
    _, out = on_terminal("check", "--color", "never", str(bad))
    assert "\x1b[" not in out and "error[E0001]" in out


def test_pipes_are_plain_unless_always(tmp_path):
    bad = _project(tmp_path, "bad", BAD)
    assert "\x1b[" not in meshpy("check", str(bad)).stderr
    forced = meshpy("check", "--color", "always", str(bad)).stderr
    assert "\x1b[1;31merror[E0001]\x1b[0m" in forced
    assert meshpy("check", "--color", "sometimes", str(bad)).returncode == 2


def test_summary_line_counts_errors_and_warnings(tmp_path):
    bad = _project(tmp_path, "bad", BAD)
    p = meshpy("build", str(bad))
    assert p.returncode == 1
    assert p.stderr.splitlines()[-1] == "1 error, 1 warning found; nothing was built"
    warn = _project(tmp_path, "warn", WARN)
    p = meshpy("check", str(warn))
    assert p.returncode == 0 and p.stderr.splitlines()[-1] == "1 warning found"


def test_json_format_is_one_object_per_diagnostic(tmp_path):
    bad = _project(tmp_path, "bad", BAD)
    for command in ("check", "build", "run"):
        p = meshpy(command, "--format", "json", str(bad), cwd=tmp_path)
        assert p.returncode == 1, p.stderr
        objs = [json.loads(line) for line in p.stderr.splitlines()]
        assert [(o["severity"], o["code"]) for o in objs] == [("warning", "W0003"), ("error", "E0001")]
        err = objs[1]
        assert set(err) == {"code", "severity", "message", "file", "start", "end", "notes", "help"}
        assert err["message"] == "type mismatch: expected String, found Int"
        assert err["file"] == os.path.join("bad", "main.mpl")
        assert err["start"] == {"line": 3, "column": 17} and err["end"] == {"line": 3, "column": 18}
        assert err["notes"] == [] and "String.from" in err["help"]


def test_json_notes_are_objects(tmp_path):
    d = _project(tmp_path, "p", "fn main() do\n  let x = foo(1,\nend\n")
    p = meshpy("check", "--format", "json", str(d), cwd=tmp_path)
    (obj,) = [json.loads(line) for line in p.stderr.splitlines()]
    assert obj["code"] == "P0001" and obj["severity"] == "error"
    assert obj["start"] == {"line": 3, "column": 1} and obj["end"] == {"line": 3, "column": 4}
    assert obj["notes"] == [{"message": "the `(` opened at 2:14 is still open",
                             "file": None, "start": None, "end": None}]


def test_build_says_what_it_built_and_replays_warnings(tmp_path):
    warn = _project(tmp_path, "warn", WARN)
    first = meshpy("build", str(warn), cwd=tmp_path)
    assert first.returncode == 0
    assert re.search(r"^Built warn \(1 module\) in \d+\.\d\ds -> warn/_build$", first.stderr, re.M), first.stderr
    second = meshpy("build", str(warn), cwd=tmp_path)
    assert re.search(r"^Up to date: warn/_build \(\d+\.\d\ds\)$", second.stderr, re.M), second.stderr
    # the unchanged rebuild shows the same warning, caret and all
    assert first.stderr.split("Built")[0] == second.stderr.split("Up to date")[0]
    assert "warning[W0003]" in second.stderr and "^^^^^^" in second.stderr
    manifest = json.loads((warn / "_build" / "manifest.json").read_text())
    assert [w["code"] for w in manifest["warnings"]] == ["W0003"]
    run = meshpy("run", str(warn), cwd=tmp_path)
    assert run.stdout == "ok\n" and "warning[W0003]" in run.stderr
    quiet = meshpy("build", "-q", "--force", str(warn), cwd=tmp_path)
    assert "Built" not in quiet.stderr and "warning[W0003]" in quiet.stderr


def test_clean_build_with_q_prints_nothing(tmp_path):
    d = _project(tmp_path, "clean", 'fn main() do\n  println("hi")\nend\n')
    p = meshpy("build", "-q", str(d))
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
