"""`println`, `print` and `eprintln` (language reference 10 and 10.3).

Every completed line is visible at once even when stdout is a pipe: the first
write to a stream switches it to line buffering (and UTF-8), so each
`println` costs one `write` that flushes itself. Streams that cannot be
reconfigured (e.g. replaced by a test harness) are flushed explicitly."""

import sys

_stdout = None  # the stream configured last
_stdout_manual = True  # flush explicitly after each line
_stderr = None
_stderr_manual = True


def _configure(stream):
    """Switch `stream` to line buffering and UTF-8; True if manual flushing
    is still needed."""
    try:
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if enc != "utf8":
            stream.reconfigure(encoding="utf-8")
        stream.reconfigure(line_buffering=True)
        return not getattr(stream, "line_buffering", False)
    except Exception:
        return True


# The status of a process killed by SIGPIPE: what a shell shows for a
# program whose output reader went away (`meshpy run app | head -1`).
EXIT_BROKEN_PIPE = 141


def _stdout_gone():
    """Whoever read stdout has gone: end the program quietly, as a Unix
    tool killed by SIGPIPE would, instead of reporting a panic. Later
    writes (the final flush at exit) go to /dev/null."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise SystemExit(EXIT_BROKEN_PIPE)


def println(s):
    """Mesh `println`: `s` and a newline on stdout, flushed."""
    global _stdout, _stdout_manual
    out = sys.stdout
    if out is not _stdout:
        _stdout_manual = _configure(out)
        _stdout = out
    try:
        out.write(s + "\n")
        if _stdout_manual:
            out.flush()
    except BrokenPipeError:
        _stdout_gone()


def print_(s):
    """Mesh `print`: `s` on stdout without a newline, flushed."""
    global _stdout, _stdout_manual
    out = sys.stdout
    if out is not _stdout:
        _stdout_manual = _configure(out)
        _stdout = out
    try:
        out.write(s)
        out.flush()
    except BrokenPipeError:
        _stdout_gone()


def eprintln(s):
    """Mesh `IO.eprintln`: `s` and a newline on stderr, flushed."""
    global _stderr, _stderr_manual
    err = sys.stderr
    if err is not _stderr:
        _stderr_manual = _configure(err)
        _stderr = err
    err.write(s + "\n")
    if _stderr_manual:
        err.flush()


def flush_output():
    """Flush stdout and stderr (used at exit and before reporting a panic)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
