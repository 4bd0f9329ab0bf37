"""Panic and exit reports on stderr (docs/runtime-contract.md, sections 5 and 6).

A panic is reported as

    panic in #PID<3> (actor worker): empty list
      at main.mpl:12 in pick
      at main.mpl:20 in worker

(``panic: <message>`` for ``main``).  The ``at`` lines come from the frames of
the traceback whose code was compiled under a ``.mpl`` file name, innermost
frame first; runs of identical lines (deep recursion) are folded.
"""

import sys

from .panic import MeshPanic

_MAX_FRAMES = 40


def panic_message(exc: BaseException) -> str:
    """The message of a panic: MeshPanic's own text, else a description of
    the Python exception that escaped user code."""
    if isinstance(exc, MeshPanic):
        return exc.message
    if isinstance(exc, RecursionError):
        return "stack overflow (maximum recursion depth exceeded)"
    text = str(exc)
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


def mesh_frames(exc: BaseException) -> list:
    """``  at file.mpl:LINE in fn`` lines for the .mpl frames of exc's
    traceback, innermost first, repeated lines folded."""
    raw = []
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        name = code.co_filename
        if name.endswith(".mpl"):
            raw.append(f"  at {name}:{tb.tb_lineno} in {code.co_name}")
        tb = tb.tb_next
    raw.reverse()
    out = []
    i = 0
    n = len(raw)
    while i < n:
        line = raw[i]
        j = i + 1
        while j < n and raw[j] == line:
            j += 1
        out.append(line)
        if j - i > 1:
            out.append(f"  ... (previous line repeated {j - i - 1} more times)")
        i = j
    if len(out) > _MAX_FRAMES:
        hidden = len(out) - _MAX_FRAMES
        out = out[:_MAX_FRAMES] + [f"  ... ({hidden} more lines)"]
    return out


def show(v) -> str:
    """The display form of a value for a diagnostic (repr if display fails)."""
    try:
        from .display import display
        return display(v)
    except Exception:
        return repr(v)


def flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass


def write_stderr(text: str) -> None:
    """Write text (which ends with a newline) to stderr after flushing stdout,
    so that the two streams keep their relative order on a terminal."""
    flush_stdout()
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def report_panic(header: str, exc: BaseException) -> str:
    """Print ``<header>: <message>`` and the location lines; return the message."""
    message = panic_message(exc)
    lines = [f"{header}: {message}"]
    lines.extend(mesh_frames(exc))
    write_stderr("\n".join(lines) + "\n")
    return message
