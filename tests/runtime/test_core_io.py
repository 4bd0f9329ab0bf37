"""Output (println/print/eprintln), IO, Env and File (language reference
10.3, 13.9; conformance printing/print_no_newline, stdlib_io/*)."""

import os
import subprocess
import sys

import pytest

from meshpy.runtime.core import IO, Env, Err, File, Ok, Some, NONE, eprintln, print_, println
from waiting import readline

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(code, stdin="", env_extra=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONUNBUFFERED", None)
    if env_extra:
        env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-c", "from meshpy.runtime.core import *\nimport os, sys\n" + code],
        input=stdin.encode(),
        capture_output=True,
        env=env,
        timeout=60,
    )


def test_print_no_newline(capsys):  # printing/print_no_newline
    print_("a")
    print_("b")
    println("c")
    print_("")
    println("")
    println("end")
    assert capsys.readouterr().out == "abc\n\nend\n"


def test_eprintln_goes_to_stderr(capsys):  # stdlib_io/eprintln
    println("to stdout")
    IO.eprintln("to stderr")
    eprintln("flat stderr")
    println("end")
    out = capsys.readouterr()
    assert out.out == "to stdout\nend\n"
    assert out.err == "to stderr\nflat stderr\n"


def test_lines_are_flushed_at_once_on_a_pipe():
    # os._exit skips every flush at exit: only already-written lines survive
    p = _run('println("one")\nprint_("two")\neprintln("err")\nos._exit(3)')
    assert p.returncode == 3
    assert p.stdout == b"one\ntwo"
    assert p.stderr == b"err\n"


def test_line_visible_while_program_still_runs():
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT
    env.pop("PYTHONUNBUFFERED", None)
    code = "from meshpy.runtime.core import println\nimport sys\nprintln('ready')\nsys.stdin.read()\n"
    p = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        assert readline(p.stdout, 60, "ready") == b"ready\n"  # never comes if buffered
    finally:
        p.stdin.close()
        p.wait(timeout=60)


def test_output_is_utf8_whatever_the_locale():
    p = _run('println("é 日本 🎉")', env_extra={"PYTHONIOENCODING": "ascii"})
    assert p.returncode == 0, p.stderr
    assert p.stdout == "é 日本 🎉\n".encode()


def _async_main(body: str) -> str:
    """`body` (which awaits) as the body of an asyncio main."""
    indented = "\n".join("    " + line for line in body.splitlines())
    return f"import asyncio\nasync def main():\n{indented}\nasyncio.run(main())"


def test_read_line():  # stdlib_io/read_line
    code = _async_main("\n".join(
        f'r = await IO.read_line()\nprintln("{n} [" + r.value + "]" if type(r) is Ok else "err")'
        for n in ("first", "second", "third", "fourth")
    ))
    p = _run(code, stdin="hello world\n  spaced  \r\nlast")
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode() == "first [hello world]\nsecond [  spaced  ]\nthird [last]\nfourth []\n"


def test_env_get(monkeypatch):  # stdlib_io/env_get
    monkeypatch.delenv("MESH_PROBE_SURELY_UNSET_VAR", raising=False)
    monkeypatch.setenv("MESH_CORE_TEST_VAR", "v a l")
    assert Env.get("MESH_PROBE_SURELY_UNSET_VAR") is NONE
    assert Env.get("MESH_CORE_TEST_VAR") == Some("v a l")


def test_file_roundtrip(tmp_path):  # stdlib_io/file_roundtrip
    path = str(tmp_path / "probe_file.txt")
    assert File.write(path, "alpha\\nbeta") == Ok(None)
    assert File.exists(path) is True
    r = File.read(path)
    assert type(r) is Ok and len(r.value) == 11
    assert File.append(path, "-tail") == Ok(None)
    assert File.read(path) == Ok("alpha\\nbeta-tail")
    assert File.delete(path) == Ok(None)
    assert File.exists(path) is False


def test_file_keeps_text_exactly(tmp_path):
    path = str(tmp_path / "t.txt")
    text = "a\r\nb\nc é 日本"
    File.write(path, text)
    assert File.read(path) == Ok(text)
    with open(path, "rb") as f:
        assert f.read() == text.encode("utf-8")
    File.append(str(tmp_path / "new.txt"), "x")  # append creates
    assert File.read(str(tmp_path / "new.txt")) == Ok("x")


def test_file_errors(tmp_path):  # stdlib_io/file_missing
    missing = str(tmp_path / "definitely_missing_file.txt")
    r = File.read(missing)
    assert type(r) is Err
    assert r.value == "No such file or directory (os error 2)"
    assert File.exists(missing) is False
    d = File.delete(missing)
    assert type(d) is Err and d.value
    assert type(File.write(str(tmp_path / "no" / "dir.txt"), "x")) is Err
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\xff\xfe\x00")
    assert type(File.read(str(bad))) is Err
    assert File.exists(str(tmp_path)) is True


def test_read_line_splits_on_newline_only_and_reads_utf8():
    code = _async_main('r = await IO.read_line()\nprintln(repr(r.value))\nr = await IO.read_line()\nprintln(repr(r.value))')
    p = subprocess.run(
        [sys.executable, "-c", "from meshpy.runtime.core import *\n" + code],
        input="a\rb é\r\nnext\n".encode(),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": ROOT, "PYTHONIOENCODING": "ascii"},
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode() == "'a\\rb é'\n'next'\n"


def test_read_line_lets_other_tasks_run():
    """A read waiting for input must not stop the event loop."""
    code = _async_main(
        "async def ticker():\n"
        "    await asyncio.sleep(0.05)\n"
        "    println('tick while waiting')\n"
        "t = asyncio.create_task(ticker())\n"
        "r = await IO.read_line()\n"
        "println('read ' + r.value)\n"
        "await t"
    )
    env = {**os.environ, "PYTHONPATH": ROOT}
    p = subprocess.Popen([sys.executable, "-c", "from meshpy.runtime.core import *\n" + code],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        assert readline(p.stdout, 60, "the tick") == b"tick while waiting\n"  # printed before any input
        p.stdin.write(b"late\n")
        p.stdin.close()
        assert readline(p.stdout, 60, "the line read") == b"read late\n"
    finally:
        p.wait(timeout=60)
