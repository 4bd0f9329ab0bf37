"""Waiting on a child process's output with a time limit, so that a program
that never prints (a lost reply, a missed wake-up) fails the test with a
message instead of blocking it. `subprocess.run`, `communicate` and `wait`
take a `timeout=` of their own; a pipe's `readline` does not, hence this."""

import queue
import threading


def readline(stream, timeout: float, what: str = "a line") -> str | bytes:
    """The next line of `stream` (text or bytes; empty at end of file), or an
    AssertionError after `timeout` seconds. The reading thread is left
    behind on a timeout; it ends when the test kills the process."""
    box: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: box.put(stream.readline()), daemon=True).start()
    try:
        return box.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError(f"no output within {timeout:g} s while waiting for {what}") from None
