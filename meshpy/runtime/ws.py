"""The Mesh `Ws` module: a WebSocket server with rooms (language supplement
9.1, mesher-service 5), on the `websockets` library.

* `Ws.serve(on_connect, on_message, on_close, port)` listens on
  0.0.0.0:port (0: a free port), writes `[mesh-rt] WebSocket server
  listening on 0.0.0.0:<port>` to stderr and returns at once; connections
  are accepted in the background for as long as the program runs (a
  listening server keeps the program alive, like `HTTP.serve`). A port that
  cannot be bound is not a panic: `[mesh-rt] Failed to start WebSocket
  server on 0.0.0.0:<port>: <why>` and `Ws.serve` returns.
* Each connection gets a handle (an `Int`, never 0) and a Mesh process of
  its own (`#PID<n> (ws <path>)`) that runs
  `on_connect(conn, path, headers)` -- path is the request target with its
  query string, headers a `Map` with lower-case names (the first value of a
  repeated header) -- and then `on_message(conn, text)` for every message
  in order (binary messages are decoded as UTF-8; what on_message returns
  is ignored, so its type is free). A result of 0 from
  `on_connect` rejects the connection: it is closed with 1008 `rejected`
  and `on_close` is not called. A panic in a callback is reported like any
  process panic and closes that connection with 1011; other connections do
  not notice.
* `on_close(conn, code, reason)` runs once for every accepted connection,
  after its process has ended, in a process of its own (`#PID<n> (ws-close
  <path>)`). The connection has left its rooms by then. code is the close
  code the peer sent (1006 when the connection was dropped without one).
* The server pings every 30 s and drops a peer that has not answered within
  10 s (on_close sees 1006; a peer that keeps its TCP connection open is
  cut off 10 s later). Messages may be up to 16 MiB; bigger ones close the connection
  with 1009.
* `Ws.send(conn, text)` queues one text frame and returns 0, or -1 when the
  connection is unknown or closed, or when more than 4 MiB are already
  waiting to be written to it (a reader that is too slow loses messages
  instead of the server's memory). It never waits.
* `Ws.join(conn, room)` / `Ws.leave(conn, room)`: 0, or -1 for a handle that
  is not an open connection. `Ws.broadcast(room, text)` sends to every
  member and `Ws.broadcast_except(room, text, conn)` to every member but
  one; both return the number of members the text could not be queued for.
"""

import asyncio
import functools
import itertools
import logging
import types
from collections.abc import Awaitable

from websockets.asyncio.server import broadcast as _ws_broadcast
from websockets.asyncio.server import serve as _ws_serve
from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

from .panic import MeshPanic
from .process import exit_waiter, hold_program, require_program, spawn_fn
from .report import write_stderr

__all__ = ["Ws", "stop_servers"]

_MAX_MESSAGE = 16 * 1024 * 1024
_MAX_PENDING = 4 * 1024 * 1024   # unsent bytes per connection before sends to it fail
_PING_INTERVAL = 30.0
_PING_TIMEOUT = 10.0
_CLOSE_TIMEOUT = 10.0            # for the closing handshake, and a dead peer's TCP close
_OPEN = State.OPEN

# websockets reports handshake failures (a plain HTTP request on the port, a
# client that vanishes mid-handshake) through logging; the client already
# got its answer, and the runtime's stderr is for the program's own output.
_QUIET = logging.getLogger("meshpy.ws")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False

_CoroutineType = types.CoroutineType
_PLAIN = frozenset((int, float, str, bool, type(None), list, dict, tuple))


async def _settle(r):
    """The value of a callback's result (awaited while it is awaitable)."""
    while r.__class__ is _CoroutineType or (r.__class__ not in _PLAIN and isinstance(r, Awaitable)):
        r = await r
    return r


class _Conn:
    __slots__ = ("id", "ws", "path", "rooms", "accepted")

    def __init__(self, conn_id, ws, path):
        self.id = conn_id
        self.ws = ws
        self.path = path
        self.rooms = set()
        self.accepted = False   # on_connect said yes


class _State:
    """The connections, rooms and servers of one running program."""

    __slots__ = ("prog", "ids", "conns", "rooms", "servers")

    def __init__(self, prog):
        self.prog = prog
        self.ids = itertools.count(1)
        self.conns = {}     # handle -> _Conn
        self.rooms = {}     # room -> {handle: _Conn}, in joining order
        self.servers = []   # (websockets Server, release of the program hold)

    def add(self, conn):
        self.conns[conn.id] = conn

    def remove(self, conn):
        self.conns.pop(conn.id, None)
        for room in conn.rooms:
            members = self.rooms.get(room)
            if members is not None:
                members.pop(conn.id, None)
                if not members:
                    del self.rooms[room]
        conn.rooms.clear()


_state = None


def _current():
    global _state
    prog = require_program()
    if _state is None or _state.prog is not prog:
        _state = _State(prog)
    return _state


# --------------------------------------------------------------------------
# Connections


class _Server:
    """One `Ws.serve`: the callbacks and what to do per connection."""

    __slots__ = ("on_connect", "on_message", "on_close", "state")

    def __init__(self, on_connect, on_message, on_close, state):
        self.on_connect = on_connect
        self.on_message = on_message
        self.on_close = on_close
        self.state = state

    async def handle(self, ws):
        """websockets' connection handler (a task outside any process)."""
        try:
            await self._handle(ws)
        except Exception as e:  # noqa: BLE001 - a runtime bug: say so, keep serving
            write_stderr(f"[mesh-rt] WebSocket connection error: {type(e).__name__}: {e}\n")

    async def _handle(self, ws):
        state = self.state
        request = ws.request
        conn = _Conn(next(state.ids), ws, request.path)
        headers = {}
        for name, value in request.headers.raw_items():
            headers.setdefault(name.lower(), value)
        state.add(conn)
        proc = spawn_fn(functools.partial(self._run, conn, headers), "ws", conn.path)
        try:
            await exit_waiter(proc, None)
        finally:
            state.remove(conn)
        if proc.exit_reason is not None:
            await ws.close(1011, "internal error")
        elif not conn.accepted:
            await ws.close(1008, "rejected")
        else:
            await ws.close()
        if conn.accepted:
            spawn_fn(functools.partial(self.on_close, conn.id, ws.close_code or 1006, ws.close_reason or ""),
                     "ws-close", conn.path)

    async def _run(self, conn, headers):
        """The connection's process: on_connect, then on_message per message."""
        verdict = await _settle(self.on_connect(conn.id, conn.path, headers))
        if verdict is None or verdict is False or verdict == 0:
            return
        conn.accepted = True
        ws, on_message, conn_id = conn.ws, self.on_message, conn.id
        while True:
            try:
                message = await ws.recv()
            except ConnectionClosed:
                return
            if message.__class__ is not str:
                message = bytes(message).decode("utf-8", "replace")
            r = on_message(conn_id, message)
            if r is not None:
                await _settle(r)


# --------------------------------------------------------------------------
# Sending


def _queue(conns, text):
    """Queue text on each connection; the number that could not take it."""
    failures = 0
    ready = []
    for c in conns:
        ws = c.ws
        if ws.protocol.state is not _OPEN or ws.transport.get_write_buffer_size() > _MAX_PENDING:
            failures += 1
        else:
            ready.append(ws)
    if ready:
        try:
            _ws_broadcast(ready, text, raise_exceptions=True)
        except ExceptionGroup as group:
            failures += len(group.exceptions)
    return failures


def _port_ok(port):
    return port.__class__ is int and 0 <= port <= 65535


def stop_servers():
    """Close the running program's WebSocket servers (for embedding and
    tests; Mesh programs have no way to stop them)."""
    state = _current()
    servers, state.servers = state.servers, []
    for server, release in servers:
        server.close()
        release()


class _WsModule:
    """Mesh `Ws`."""

    __slots__ = ()

    @staticmethod
    async def serve(on_connect, on_message, on_close, port, *, ping_interval=_PING_INTERVAL,
                    ping_timeout=_PING_TIMEOUT, close_timeout=_CLOSE_TIMEOUT, on_ready=None):
        """(The keyword arguments are for tests and embedding.)"""
        state = _current()
        if not _port_ok(port):
            write_stderr(f"[mesh-rt] Failed to start WebSocket server on 0.0.0.0:{port}: invalid port\n")
            return None
        server = _Server(on_connect, on_message, on_close, state)
        try:
            ws_server = await _ws_serve(
                server.handle, "0.0.0.0", port, compression=None, max_size=_MAX_MESSAGE,
                ping_interval=ping_interval, ping_timeout=ping_timeout, close_timeout=close_timeout,
                logger=_QUIET,
                reuse_address=True, backlog=1024)
        except OSError as e:
            from .httpwire import os_error as _os_error
            write_stderr(f"[mesh-rt] Failed to start WebSocket server on 0.0.0.0:{port}: {_os_error(e)}\n")
            return None
        state.servers.append((ws_server, hold_program()))
        from .program import on_shutdown
        on_shutdown(stop_servers)   # graceful shutdown: stop accepting (closes with 1001)
        actual = ws_server.sockets[0].getsockname()[1] if ws_server.sockets else port
        write_stderr(f"[mesh-rt] WebSocket server listening on 0.0.0.0:{actual}\n")
        if on_ready is not None:
            on_ready(actual)
        return None

    serve_async = serve  # the compiler's name when a callback is async

    @staticmethod
    def send(conn, text):
        c = _current().conns.get(conn)
        if c is None:
            return -1
        return -1 if _queue((c,), _text(text, "Ws.send")) else 0

    @staticmethod
    def join(conn, room):
        state = _current()
        c = state.conns.get(conn)
        if c is None:
            return -1
        c.rooms.add(room)
        state.rooms.setdefault(room, {})[conn] = c
        return 0

    @staticmethod
    def leave(conn, room):
        state = _current()
        c = state.conns.get(conn)
        if c is None:
            return -1
        c.rooms.discard(room)
        members = state.rooms.get(room)
        if members is not None:
            members.pop(conn, None)
            if not members:
                del state.rooms[room]
        return 0

    @staticmethod
    def broadcast(room, text):
        members = _current().rooms.get(room)
        if not members:
            return 0
        return _queue(list(members.values()), _text(text, "Ws.broadcast"))

    @staticmethod
    def broadcast_except(room, text, conn):
        members = _current().rooms.get(room)
        if not members:
            return 0
        return _queue([c for k, c in members.items() if k != conn], _text(text, "Ws.broadcast_except"))


def _text(text, what):
    if text.__class__ is not str:
        raise MeshPanic(f"{what}: expected a String, got {text!r}")
    return text


Ws = _WsModule()
