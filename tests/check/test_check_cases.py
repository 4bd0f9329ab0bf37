"""Data-driven tests of the checker's diagnostics (issue 6).

Every folder under `tests/check/cases/` is a Mesh project (`main.mpl` and any
further modules) with a file `expected` listing *every* diagnostic that
`meshpy check` must report for it — errors and warnings — one per line:

    # comment
    E0001 main.mpl:5:5 type mismatch | expected Int, found String

that is: the code, the file (relative to the case folder), line and column,
then the words the diagnostic must contain, separated by ` | ` (matched
against the message, its notes and its help). The set of reported
(code, file, line, column) must equal the listed set exactly, so a case also
proves that nothing else is reported: no follow-up errors, no spurious
warnings.

To rewrite the `expected` files from the current checker (review the diff!):

    MESHPY_UPDATE_CHECK_DATA=1 .venv/bin/python -m pytest tests/check/test_check_cases.py

An updated line keeps its hand-written words when its position still matches;
new lines get the full message as their words.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from meshpy.driver import analyse

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
UPDATE = os.environ.get("MESHPY_UPDATE_CHECK_DATA") == "1"

LINE = re.compile(r"^(?P<code>[EPW]\d{4})\s+(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)(?:\s+(?P<words>.*))?$")


def case_names():
    return sorted(d for d in os.listdir(CASES) if os.path.isdir(os.path.join(CASES, d)))


def parse_expected(path):
    """[(key, words, raw line)] where key = (code, file, line, col)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            m = LINE.match(text)
            assert m, f"{path}: cannot read the line {text!r}"
            key = (m["code"], m["file"], int(m["line"]), int(m["col"]))
            words = [w.strip() for w in (m["words"] or "").split(" | ") if w.strip()]
            out.append((key, words, text))
    return out


def actual_diagnostics(case_dir):
    project = analyse(case_dir)
    out = []
    for d in project.diagnostics:
        assert d.span is not None, f"diagnostic without a position: {d}"
        rel = os.path.relpath(d.span.file, case_dir).replace(os.sep, "/")
        full = " ".join([d.message] + [n.message for n in d.notes] + ([d.help] if d.help else []))
        out.append(((d.code, rel, d.span.line, d.span.col), d.message, full))
    out.sort(key=lambda a: (a[0][1] != "main.mpl", a[0][1], a[0][2], a[0][3], a[0][0]))
    return out


def _show(key, message):
    code, file, line, col = key
    return f"{code} {file}:{line}:{col} {message}"


def _update(case_dir, expected, actual):
    path = os.path.join(case_dir, "expected")
    header = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            header = [line.rstrip("\n") for line in f if line.startswith("#")]
    kept = {}
    for key, words, _raw in expected:
        kept.setdefault(key, []).append(words)
    lines = list(header)
    for key, message, full in actual:
        old = kept.get(key)
        words = old.pop(0) if old else None
        if words is None or not all(w in full for w in words):
            words = [message]
        code, file, line, col = key
        lines.append(f"{code} {file}:{line}:{col} " + " | ".join(words))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


@pytest.mark.parametrize("name", case_names())
def test_case(name):
    case_dir = os.path.join(CASES, name)
    assert os.path.isfile(os.path.join(case_dir, "main.mpl")), f"{name} has no main.mpl"
    path = os.path.join(case_dir, "expected")
    expected = parse_expected(path) if os.path.exists(path) else []
    actual = actual_diagnostics(case_dir)
    if UPDATE:
        _update(case_dir, expected, actual)
        expected = parse_expected(path)
    assert expected, f"{name}: the `expected` file lists no diagnostic"
    want = Counter(key for key, _w, _r in expected)
    got = Counter(key for key, _m, _f in actual)
    if want != got:
        lines = ["reported diagnostics differ from `expected`:"]
        lines += ["  missing:    " + " ".join(map(str, k)) for k in sorted((want - got).elements())]
        lines += ["  unexpected: " + _show(k, m) for k, m, _f in actual if (got - want)[k]]
        lines += ["all reported:"] + ["  " + _show(k, m) for k, m, _f in actual]
        pytest.fail("\n".join(lines))
    for key, words, raw in expected:
        candidates = [full for k, _m, full in actual if k == key]
        assert any(all(w in full for w in words) for full in candidates), (
            f"{name}: no diagnostic at {key} contains all of {words!r}; reported: {candidates!r}")


def test_every_section_16_code_has_a_case():
    """At least one case per code of the language reference's section 16
    (plus the codes meshpy adds)."""
    codes = set()
    for name in case_names():
        path = os.path.join(CASES, name, "expected")
        if os.path.exists(path):
            codes.update(key[0] for key, _w, _r in parse_expected(path))
    required = {
        "E0001", "E0003", "E0004", "E0006", "E0009", "E0012", "E0013", "E0014", "E0015", "E0017",
        "E0018", "E0022", "E0023", "E0026", "E0028", "E0029", "E0030", "E0031", "E0032", "E0033",
        "E0034", "E0035", "E0036", "E0037", "E0038", "E0039", "E0040", "E0041", "P0001",
        "W0001", "W0002", "W0003", "W0012",
    }
    assert not required - codes, f"codes without a case: {sorted(required - codes)}"


# ---------------------------------------------------------------- the CLI


def _cli(target):
    return subprocess.run([sys.executable, "-m", "meshpy", "check", target], capture_output=True, text=True,
                          cwd=os.path.dirname(os.path.dirname(HERE)), timeout=60)


def test_cli_renders_errors_with_file_line_column_and_caret():
    proc = _cli(os.path.join(CASES, "other_module_error"))
    assert proc.returncode == 1
    err = proc.stderr
    # the error lives in broken.mpl, not in the entry file
    assert re.search(r"other_module_error/broken\.mpl:2:3: error\[E0001\]: type mismatch: expected Int, found String",
                     err), err
    assert "2 |   \"oops\"" in err and "^^^^^^" in err, err
    assert "1 error found" in err


def test_cli_warnings_do_not_fail_the_check():
    proc = _cli(os.path.join(CASES, "w0003_unused_let"))
    assert proc.returncode == 0, proc.stderr
    assert "warning[W0003]: unused variable: `unused`" in proc.stderr
    assert "error" not in proc.stderr.replace("warning", "")


def test_cli_reports_several_errors_in_one_run():
    proc = _cli(os.path.join(CASES, "multi_independent"))
    assert proc.returncode == 1
    assert len(re.findall(r"^\S+:\d+:\d+: error\[", proc.stderr, flags=re.M)) == 5, proc.stderr
    assert "5 errors found" in proc.stderr
