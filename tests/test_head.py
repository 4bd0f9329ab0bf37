"""Conformance-style programs for the Mesh of today (supplement
`mesh-language-head.md`): one folder per feature under tests/head/.

A folder holds `main.mpl` (and maybe more modules) and either

* `expected_stdout` (and `expected_exit`, default 0): the program is run
  with `meshpy run` and its stdout must match exactly; or
* `expected_errors`: `meshpy check` must report exactly these diagnostics,
  one per line in the format of tests/check/cases
  (`E0001 main.mpl:2:21 words | more words`), and nothing else.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from meshpy.driver import analyse

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD = os.path.join(HERE, "head")
PROGRAMS = sorted(d for d in os.listdir(HEAD) if os.path.isfile(os.path.join(HEAD, d, "main.mpl")))
LINE = re.compile(r"^(?P<code>[EPW]\d{4})\s+(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)(?:\s+(?P<words>.*))?$")


def _read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return f.read()


def _expected_errors(path):
    out = {}
    for raw in _read(path).splitlines():
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        m = LINE.match(text)
        assert m, f"{path}: cannot read {text!r}"
        key = (m["code"], m["file"], int(m["line"]), int(m["col"]))
        out[key] = [w.strip() for w in (m["words"] or "").split(" | ") if w.strip()]
    return out


def test_every_program_says_what_it_expects():
    assert PROGRAMS
    for name in PROGRAMS:
        has = [os.path.exists(os.path.join(HEAD, name, f)) for f in ("expected_stdout", "expected_errors")]
        assert sum(has) == 1, f"tests/head/{name}: needs exactly one of expected_stdout, expected_errors"


@pytest.mark.parametrize("name", PROGRAMS)
def test_head_program(name, tmp_path):
    src = os.path.join(HEAD, name)
    work = tmp_path / name
    shutil.copytree(src, work, ignore=shutil.ignore_patterns("expected_*", "_build"))
    errors_file = os.path.join(src, "expected_errors")
    if os.path.exists(errors_file):
        expected = _expected_errors(errors_file)
        project = analyse(str(work))
        found = {}
        for d in project.diagnostics:
            rel = os.path.relpath(d.span.file, work).replace(os.sep, "/")
            text = " ".join([d.message] + [n.message for n in d.notes] + ([d.help] if d.help else []))
            found[(d.code, rel, d.span.line, d.span.col)] = text
        assert set(found) == set(expected), "\n".join(f"{k}: {v}" for k, v in sorted(found.items()))
        for key, words in expected.items():
            for w in words:
                assert w in found[key], f"{key}: {w!r} not in {found[key]!r}"
        return
    run = subprocess.run([sys.executable, "-m", "meshpy", "run", str(work)],
                         capture_output=True, text=True, timeout=120)
    want_exit = int((_read(os.path.join(src, "expected_exit"), "0")).strip())
    assert run.returncode == want_exit, run.stderr
    assert run.stdout == _read(os.path.join(src, "expected_stdout")), run.stderr
