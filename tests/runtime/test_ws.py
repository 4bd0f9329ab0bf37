"""The Mesh `Ws` module (meshpy/runtime/ws.py) at the runtime level: a
server inside `run_program`, real sockets, the `websockets` client.
Callbacks are written by hand in the shapes the compiler emits (plain
functions, `async def` closures)."""

import asyncio
import base64
import os
import re
import socket

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from meshpy.runtime import prelude
from meshpy.runtime.actors import run_program
from meshpy.runtime.panic import MeshPanic
from meshpy.runtime.process import current_process
from meshpy.runtime.ws import Ws, stop_servers


def run_ws(client, capsys, on_connect=None, on_message=None, on_close=None, **kw):
    """Serve Ws on a free port in a program whose main then awaits
    client(port) and stops the server; (client result, stderr)."""
    box = {}
    on_connect = on_connect or (lambda conn, path, headers: conn)
    on_message = on_message or (lambda conn, text: None)
    on_close = on_close or (lambda conn, code, reason: None)

    async def main():
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        assert await Ws.serve(on_connect, on_message, on_close, 0, on_ready=ready.set_result, **kw) is None
        try:
            box["value"] = await client(ready.result())
        except BaseException as e:  # noqa: BLE001 - re-raised below
            box["error"] = e
        finally:
            stop_servers()

    status = run_program(main)
    _, err = capsys.readouterr()
    if "error" in box:
        raise box["error"]
    assert status == 0, err
    return box["value"], err


async def eventually(cond, timeout=5.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not cond():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.01)


def url(port, path="/"):
    return f"ws://127.0.0.1:{port}{path}"


async def close_code(ws):
    """Wait until the server closes ws; (code, reason) it sent."""
    with pytest.raises(ConnectionClosed) as info:
        while True:
            await ws.recv()
    rcvd = info.value.rcvd
    return (rcvd.code, rcvd.reason) if rcvd else (None, None)


# --------------------------------------------------------------------------


def test_checker_signatures_and_prelude():
    from meshpy.check import stdlib as S

    assert S.lookup("Ws", "serve").ref.is_async
    for name in ("send", "join", "leave", "broadcast", "broadcast_except"):
        assert not S.lookup("Ws", name).ref.is_async
        assert callable(getattr(prelude.Ws, name))
    assert S.lookup_global("ws_send").ref.module == "Ws"
    assert asyncio.iscoroutinefunction(prelude.Ws.serve_async)
    assert "Ws" in prelude.__all__


def test_callbacks_see_handle_path_headers_and_messages_in_order(capsys):
    events = []

    def on_connect(conn, path, headers):
        events.append(("connect", conn, path, headers.get("authorization"), headers.get("x-mixed-case")))
        Ws.send(conn, f"hello {conn}")
        return conn

    def on_message(conn, text):
        events.append(("message", conn, text))
        Ws.send(conn, text.upper())

    def on_close(conn, code, reason):
        events.append(("close", conn, code, reason))

    async def client(port):
        headers = {"Authorization": "Bearer k", "X-Mixed-Case": "v"}
        async with connect(url(port, "/stream/projects/p1?since=3"), additional_headers=headers) as ws:
            greeting = await ws.recv()
            replies = []
            for word in ("one", "two", "three"):
                await ws.send(word)
            for _ in range(3):
                replies.append(await ws.recv())
            await ws.send(b"bin\xc3\xa9")
            replies.append(await ws.recv())
            await ws.close(4000, "bye")
        await eventually(lambda: events[-1][0] == "close")
        return greeting, replies

    (greeting, replies), err = run_ws(client, capsys, on_connect, on_message, on_close)
    conn = events[0][1]
    assert isinstance(conn, int) and conn != 0
    assert greeting == f"hello {conn}"
    assert replies == ["ONE", "TWO", "THREE", "BINÉ"]
    assert events == [("connect", conn, "/stream/projects/p1?since=3", "Bearer k", "v"),
                      ("message", conn, "one"), ("message", conn, "two"), ("message", conn, "three"),
                      ("message", conn, "biné"), ("close", conn, 4000, "bye")]
    assert re.match(r"\[mesh-rt\] WebSocket server listening on 0\.0\.0\.0:\d+\n", err)


def test_rejected_connection_is_closed_with_1008_and_gets_no_on_close(capsys):
    closes = []

    def on_connect(conn, path, headers):
        return conn if "x-sentry-auth" in headers else 0

    async def client(port):
        async with connect(url(port, "/ingest")) as ws:
            rejected = await close_code(ws)
        async with connect(url(port, "/ingest"), additional_headers={"X-Sentry-Auth": "k"}) as ws:
            await ws.send("x")
        await eventually(lambda: len(closes) == 1)
        await asyncio.sleep(0.05)
        return rejected

    rejected, _ = run_ws(client, capsys, on_connect, on_close=lambda c, code, r: closes.append(code))
    assert rejected == (1008, "rejected")
    assert closes == [1000]


def test_each_connection_has_its_own_process(capsys):
    seen = {}

    def on_connect(conn, path, headers):
        seen.setdefault(conn, []).append(current_process())
        return conn

    def on_message(conn, text):
        seen[conn].append(current_process())
        Ws.send(conn, "ok")

    async def client(port):
        async with connect(url(port)) as a, connect(url(port)) as b:
            for ws in (a, b, a):
                await ws.send("hi")
                assert await ws.recv() == "ok"

    run_ws(client, capsys, on_connect, on_message)
    (pa, *rest_a), (pb, *rest_b) = seen.values()
    assert pa is not pb and all(p is pa for p in rest_a) and all(p is pb for p in rest_b)
    assert re.fullmatch(r"#PID<\d+> \(ws /\)", pa.describe())


def test_a_panic_closes_only_its_connection_with_1011(capsys):
    closes = []

    def on_message(conn, text):
        if text == "crash":
            raise MeshPanic("boom in on_message")
        Ws.send(conn, "echo " + text)

    async def client(port):
        async with connect(url(port)) as good, connect(url(port)) as bad:
            await bad.send("crash")
            crashed = await close_code(bad)
            await good.send("still here")
            reply = await good.recv()
        await eventually(lambda: len(closes) == 2)
        return crashed, reply

    (crashed, reply), err = run_ws(client, capsys, on_message=on_message,
                                   on_close=lambda c, code, r: closes.append(code))
    assert crashed == (1011, "internal error")
    assert reply == "echo still here"
    assert sorted(closes) == [1000, 1011]
    assert re.search(r"panic in #PID<\d+> \(ws /\): boom in on_message\n", err)


def test_a_panic_in_on_connect_closes_with_1011(capsys):
    def on_connect(conn, path, headers):
        raise MeshPanic("cannot accept")

    async def client(port):
        async with connect(url(port)) as ws:
            return await close_code(ws)

    code, err = run_ws(client, capsys, on_connect)
    assert code == (1011, "internal error")
    assert "cannot accept" in err


def test_async_callbacks(capsys):
    async def on_connect(conn, path, headers):
        await asyncio.sleep(0.01)
        return conn

    async def on_message(conn, text):
        await asyncio.sleep(0.01)
        Ws.send(conn, "late " + text)

    async def client(port):
        async with connect(url(port)) as ws:
            await ws.send("a")
            await ws.send("b")
            return [await ws.recv(), await ws.recv()]

    replies, _ = run_ws(client, capsys, on_connect, on_message)
    assert replies == ["late a", "late b"]


def test_rooms_join_leave_broadcast(capsys):
    conns = {}
    results = {}

    def on_connect(conn, path, headers):
        name = path.strip("/")
        conns[name] = conn
        if name != "outsider":
            assert Ws.join(conn, "room") == 0
        return conn

    def on_message(conn, text):
        if text == "leave":
            results["leave"] = Ws.leave(conn, "room")
        elif text == "all":
            results["all"] = Ws.broadcast("room", "to all")
        else:
            results["except"] = Ws.broadcast_except("room", "from " + text, conn)
        Ws.send(conn, "done")

    async def client(port):
        async with connect(url(port, "/a")) as a, connect(url(port, "/b")) as b, \
                connect(url(port, "/c")) as c, connect(url(port, "/outsider")) as o:
            await a.send("a")
            assert await a.recv() == "done"
            got = [await b.recv(), await c.recv()]
            await c.send("leave")
            assert await c.recv() == "done"
            await a.send("all")
            got += [await a.recv(), await a.recv(), await b.recv()]
            await o.send("all")  # not a member, but may broadcast
            got += [await o.recv(), await a.recv(), await b.recv()]
            try:
                extra = await asyncio.wait_for(c.recv(), 0.2)
            except TimeoutError:
                extra = None
            return got, extra

    (got, extra), _ = run_ws(client, capsys, on_connect, on_message)
    assert got == ["from a", "from a", "to all", "done", "to all", "done", "to all", "to all"]
    assert extra is None  # c left the room; the outsider never joined
    assert results == {"except": 0, "leave": 0, "all": 0}


def test_handles_of_closed_connections(capsys):
    box = {}

    def on_connect(conn, path, headers):
        Ws.join(conn, "r")
        box["conn"] = conn
        return conn

    def on_close(conn, code, reason):
        # by now the connection has left its rooms and its handle is dead
        box["in_close"] = (Ws.send(conn, "x"), Ws.join(conn, "r"), Ws.broadcast("r", "x"))

    async def client(port):
        async with connect(url(port)) as ws:
            await ws.send("hi")
        await eventually(lambda: "in_close" in box)
        conn = box["conn"]
        return Ws.send(conn, "x"), Ws.leave(conn, "r"), Ws.broadcast_except("r", "x", conn), Ws.send(0, "x")

    after, _ = run_ws(client, capsys, on_connect, on_close=on_close)
    assert box["in_close"] == (-1, -1, 0)
    assert after == (-1, -1, 0, -1)


def test_send_to_a_reader_that_does_not_read_fails_instead_of_buffering_forever(capsys):
    box = {}

    def on_connect(conn, path, headers):
        box["conn"] = conn
        return conn

    async def client(port):
        async with connect(url(port), max_queue=1, close_timeout=0.5):
            await eventually(lambda: "conn" in box)
            chunk = "x" * 65536
            for i in range(4000):  # at most 250 MiB; the kernel buffers a few MiB
                if Ws.send(box["conn"], chunk) != 0:
                    return i
                if i % 16 == 0:
                    await asyncio.sleep(0)  # let the transport write what it can
            return None

    sent, _ = run_ws(client, capsys, on_connect, close_timeout=0.5)
    assert sent is not None and sent >= 4 * 1024 * 1024 // 65536


def test_dead_peer_is_dropped_after_unanswered_pings(capsys):
    closes = []

    async def client(port):
        # A raw client that completes the handshake and then never reads:
        # the server's pings go unanswered.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write((f"GET /quiet HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = await reader.readuntil(b"\r\n\r\n")
        loop = asyncio.get_running_loop()
        start = loop.time()
        await eventually(lambda: closes, timeout=10)
        writer.close()
        return head.split(b"\r\n")[0], loop.time() - start

    (status, elapsed), _ = run_ws(client, capsys, on_close=lambda c, code, r: closes.append(code),
                                  ping_interval=0.5, ping_timeout=0.5, close_timeout=0.5)
    assert status == b"HTTP/1.1 101 Switching Protocols"
    assert closes == [1006]
    assert 0.9 <= elapsed < 5


def test_plain_http_request_on_the_ws_port_is_refused_and_server_keeps_serving(capsys):
    async def client(port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        status = (await reader.readline()).strip()
        writer.close()
        async with connect(url(port)) as ws:
            await ws.send("x")
        return status

    status, err = run_ws(client, capsys)
    assert status.startswith(b"HTTP/1.1 4")
    assert "Traceback" not in err


def test_bind_failure_is_reported_and_serve_returns(capsys):
    s = socket.socket()
    s.bind(("0.0.0.0", 0))
    s.listen()
    port = s.getsockname()[1]
    box = {}

    async def main():
        box["r"] = await Ws.serve(lambda c, p, h: c, lambda c, t: None, lambda c, code, r: None, port)
        box["bad"] = await Ws.serve(lambda c, p, h: c, lambda c, t: None, lambda c, code, r: None, 70000)

    try:
        status = run_program(main)
    finally:
        s.close()
    err = capsys.readouterr().err
    assert status == 0 and box == {"r": None, "bad": None}
    assert f"[mesh-rt] Failed to start WebSocket server on 0.0.0.0:{port}: Address already in use" in err
    assert "[mesh-rt] Failed to start WebSocket server on 0.0.0.0:70000: invalid port" in err
