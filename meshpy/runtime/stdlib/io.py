"""Mesh `IO`, `Env` and `File` modules (language reference 13.9)."""

import os
import sys

from ..output import eprintln as _eprintln
from ..values import NONE, Err, Ok, Some
from ._module import mesh_module


def _os_error(e):
    """An OS error text in the reference's (Rust's) style:
    `No such file or directory (os error 2)`."""
    if isinstance(e, OSError) and e.errno is not None:
        return f"{e.strerror or os.strerror(e.errno)} (os error {e.errno})"
    if isinstance(e, UnicodeDecodeError):
        return "stream did not contain valid UTF-8"
    return str(e) or type(e).__name__


_stdin = None  # the stdin stream configured last
_requests = None  # queue of pending reads for the reader thread


def _read_in_thread(stream):
    """A future for the next line of `stream`, read by one daemon thread
    (a daemon, so a read still pending does not hold the program open)."""
    import asyncio
    import queue
    import threading

    global _requests
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    if _requests is None:
        _requests = queue.SimpleQueue()
        threading.Thread(target=_reader, args=(_requests,), name="mesh-stdin", daemon=True).start()
    _requests.put((loop, future, stream))
    return future


def _reader(requests):
    while True:
        loop, future, stream = requests.get()
        try:
            result = (True, stream.readline())
        except Exception as e:  # noqa: BLE001 - reported as a Mesh error value
            result = (False, e)
        loop.call_soon_threadsafe(_deliver, future, result)


def _deliver(future, result):
    if not future.done():
        future.set_result(result)


def _configure_stdin(stream):
    """UTF-8, and lines end at "\n" only (no universal-newline translation),
    as the reference's `read_line` sees them. Possible only before the first
    read; otherwise the stream is used as it is."""
    try:
        stream.reconfigure(encoding="utf-8", newline="\n")
    except Exception:  # noqa: BLE001 - not a TextIOWrapper, or already read from
        pass


class IO:
    """Mesh IO functions."""

    async def read_line():
        # one line from stdin without its "\n" / "\r\n"; Ok("") at end of input.
        # The read happens on a helper thread, so other processes keep running
        # while this one waits for input.
        global _stdin
        stdin = sys.stdin
        if stdin is not _stdin:
            _configure_stdin(stdin)
            _stdin = stdin
        ok, line = await _read_in_thread(stdin)
        if not ok:
            return Err(_os_error(line))
        if line[-1:] == "\n":
            line = line[:-1]
            if line[-1:] == "\r":
                line = line[:-1]
        return Ok(line)

    def eprintln(s):
        _eprintln(s)


class Env:
    """Mesh Env functions."""

    def get(name):
        v = os.environ.get(name)
        return NONE if v is None else Some(v)

    def args():
        # The program's arguments: `meshpy run app -- a b` and `python _build a b`
        # both go through loader.run_built, which sets sys.argv to [project, *args].
        return sys.argv[1:]


class File:
    """Mesh File functions."""

    def read(path):
        try:
            with open(path, encoding="utf-8", newline="") as f:
                return Ok(f.read())
        except (OSError, UnicodeDecodeError) as e:
            return Err(_os_error(e))

    def write(path, text):
        try:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            return Ok(None)
        except OSError as e:
            return Err(_os_error(e))

    def append(path, text):
        try:
            with open(path, "a", encoding="utf-8", newline="") as f:
                f.write(text)
            return Ok(None)
        except OSError as e:
            return Err(_os_error(e))

    def exists(path):
        return os.path.exists(path)

    def delete(path):
        try:
            os.remove(path)
            return Ok(None)
        except OSError as e:
            return Err(_os_error(e))


IO = mesh_module(IO)
Env = mesh_module(Env)
File = mesh_module(File)
