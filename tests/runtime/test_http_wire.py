"""The HTTP server on the wire (meshpy/runtime/http.py over httptools,
meshpy/runtime/httpwire.py): malformed requests, size limits, timeouts,
keep-alive, pipelining, `Expect: 100-continue`, `HEAD` and the extra headers
of `HTTP.response_with_headers`.

One server runs for the whole module, in a Mesh program on a thread of its
own, with small limits so that the limit tests send little; the tests talk
to it over real sockets with blocking clients. Every malformed request must
be answered (400, 408, 413 or 431), the connection closed by the server, and
the server must still answer a good request afterwards."""

import asyncio
import socket
import threading
import time

import pytest

from meshpy.runtime.actors import run_program, spawn_fn
from meshpy.runtime.http import HTTP, Limits, Request, serve_router
from meshpy.runtime.process import kill

LIMITS = Limits(max_head=8 * 1024, max_headers=20, max_body=64 * 1024,
                head_timeout=1.0, request_timeout=2.0, idle_timeout=1.0, write_timeout=5.0)


def _router():
    r = HTTP.router()
    r = HTTP.on_get(r, "/ok", lambda req: HTTP.response(200, "ok"))
    r = HTTP.route(r, "/any", lambda req: HTTP.response(200, "hello"))
    r = HTTP.on_post(r, "/echo", lambda req: HTTP.response(200, Request.body(req)))
    r = HTTP.on_get(r, "/n/:n", lambda req: HTTP.response(200, "n=" + Request.param(req, "n").value))
    r = HTTP.on_get(r, "/headers", lambda req: HTTP.response_with_headers(
        201, "made", {"Location": "/things/1", "X-Trace": "abc", "Retry-After": "30"}))
    r = HTTP.on_get(r, "/html", lambda req: HTTP.response_with_headers(
        200, "<p>hi</p>", {"Content-Type": "text/html", "Content-Length": "999"}))
    r = HTTP.on_get(r, "/inject", lambda req: HTTP.response_with_headers(
        200, "x", {"X-Evil": "a\r\nSet-Cookie: b"}))
    r = HTTP.on_get(r, "/bad-header", lambda req: HTTP.response_with_headers(200, "x", {"Bad Name": "v"}))
    r = HTTP.on_get(r, "/bad-status", lambda req: HTTP.response(42, "x"))
    r = HTTP.on_get(r, "/bad-body", lambda req: HTTP.response(200, 5))
    return r


class ServerThread:
    """run_program on a thread: the server process until stop(). (One at a
    time: a program's state is process-wide.)"""

    def __init__(self, router, limits):
        self.started = threading.Event()
        self.port = None
        self.status = None
        self._thread = threading.Thread(target=self._run, args=(router, limits), daemon=True)
        self._thread.start()
        assert self.started.wait(30), "server did not start"

    def _run(self, router, limits):
        async def main():
            loop = asyncio.get_running_loop()
            self._loop = loop
            self._stop = loop.create_future()
            ready = loop.create_future()
            server = spawn_fn(lambda: serve_router(router, 0, on_ready=ready.set_result, limits=limits))
            self.port = await ready
            self.started.set()
            await self._stop
            kill(server, "test over", False)

        self.status = run_program(main)

    def stop(self):
        self._loop.call_soon_threadsafe(self._stop.set_result, None)
        self._thread.join(30)
        assert self.status == 0


@pytest.fixture(scope="module")
def server():
    s = ServerThread(_router(), LIMITS)
    yield s
    s.stop()


def connect(server, timeout=10):
    return socket.create_connection(("127.0.0.1", server.port), timeout=timeout)


def read_to_eof(sock):
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            return data
        data += chunk
    return data


def responses(data):
    """[(status, headers dict, body)] of the responses in data, in order."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        assert sep, f"incomplete response head: {data!r}"
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        if status == 100:  # an interim response: no headers, no body
            data = rest
            continue
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(": ")
            headers[name] = value
        n = int(headers["Content-Length"])
        out.append((status, headers, rest[:n].decode()))
        data = rest[n:]
    return out


def exchange(server, data, shut=False):
    """Send data on a new connection, read until the server closes it."""
    with connect(server) as s:
        try:
            s.sendall(data)
            if shut:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered before reading everything
        return responses(read_to_eof(s))


def assert_still_serving(server):
    [(status, headers, body)] = exchange(server, b"GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
    assert (status, body) == (200, "ok")


# --------------------------------------------------------------------------
# Malformed requests: each answered, then the connection closed.

CHUNKED = b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
BAD_REQUESTS = {
    "garbage request line": b"garbage\r\n\r\n",
    "unknown method": b"FOO /ok HTTP/1.1\r\n\r\n",
    "lower-case method": b"get /ok HTTP/1.1\r\n\r\n",
    "leading space": b" GET /ok HTTP/1.1\r\n\r\n",
    "no version (HTTP/0.9)": b"GET /ok\r\n\r\n",
    "HTTP/1.2": b"GET /ok HTTP/1.2\r\n\r\n",
    "HTTP/2.0 request line": b"GET /ok HTTP/2.0\r\n\r\n",
    "HTTP/2 preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    "TLS client hello": bytes.fromhex("16030100a5010000a10303") + b"\x00" * 40,
    "space in target": b"GET /a b HTTP/1.1\r\n\r\n",
    "control byte in target": b"GET /a\x01b HTTP/1.1\r\n\r\n",
    "raw non-ASCII in target": "GET /é HTTP/1.1\r\n\r\n".encode(),
    "bare LF line ends": b"GET /ok HTTP/1.1\nHost: x\n\n",
    "NUL in header value": b"GET /ok HTTP/1.1\r\nX: a\x00b\r\n\r\n",
    "control byte in header value": b"GET /ok HTTP/1.1\r\nX: a\x01b\r\n\r\n",
    "DEL in header value": b"GET /ok HTTP/1.1\r\nX: a\x7fb\r\n\r\n",
    "space in header name": b"GET /ok HTTP/1.1\r\nX Y: a\r\n\r\n",
    "space before colon": b"GET /ok HTTP/1.1\r\nHost : x\r\n\r\n",
    "header without colon": b"GET /ok HTTP/1.1\r\nHost\r\n\r\n",
    "empty header name": b"GET /ok HTTP/1.1\r\n: x\r\n\r\n",
    "non-ASCII header name": "GET /ok HTTP/1.1\r\nXé: a\r\n\r\n".encode(),
    "obsolete line folding": b"GET /ok HTTP/1.1\r\nX: a\r\n b\r\n\r\n",
    "two Host headers": b"GET /ok HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    "conflicting Content-Length": b"POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
    "repeated Content-Length": b"POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
    "Content-Length list": b"POST /echo HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc",
    "negative Content-Length": b"POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
    "non-numeric Content-Length": b"POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
    "empty Content-Length": b"POST /echo HTTP/1.1\r\nContent-Length: \r\n\r\n",
    "Content-Length overflow": b"POST /echo HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
    "Content-Length with Transfer-Encoding":
        b"POST /echo HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "Transfer-Encoding gzip": b"POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nabc",
    "Transfer-Encoding gzip, chunked": b"POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "two Transfer-Encoding headers":
        b"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "bad chunk size": CHUNKED + b"zz\r\nabc\r\n0\r\n\r\n",
    "negative chunk size": CHUNKED + b"-3\r\nabc\r\n0\r\n\r\n",
    "chunk size overflow": CHUNKED + b"fffffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
    "chunk longer than its size": CHUNKED + b"3\r\nabcdef\r\n0\r\n\r\n",
    "CONNECT": b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
}


@pytest.mark.parametrize("name", list(BAD_REQUESTS))
def test_malformed_request_gets_400(server, name, capsys):
    [(status, headers, body)] = exchange(server, BAD_REQUESTS[name])
    assert (status, body) == (400, "Bad Request")
    assert headers["Connection"] == "close"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert_still_serving(server)
    assert "HTTP connection error" not in capsys.readouterr().err


def test_malformed_request_table_is_large_enough():
    assert len(BAD_REQUESTS) >= 20


def test_request_cut_short_by_the_client_gets_400(server):
    for partial in (b"GET /ok HTTP/1.1\r\nHost: x\r\n", b"POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
                    CHUNKED + b"5\r\nab"):
        [(status, _, _)] = exchange(server, partial, shut=True)
        assert status == 400
    assert_still_serving(server)


def test_connection_closed_without_a_request_gets_no_answer(server):
    assert exchange(server, b"", shut=True) == []
    assert_still_serving(server)


# --------------------------------------------------------------------------
# Size limits


def test_too_many_header_lines_gets_431(server):
    fields = b"".join(b"X-%d: v\r\n" % i for i in range(LIMITS.max_headers + 1))
    [(status, headers, body)] = exchange(server, b"GET /ok HTTP/1.1\r\n" + fields + b"\r\n")
    assert (status, body) == (431, "Request Header Fields Too Large")
    assert headers["Connection"] == "close"
    assert_still_serving(server)


def test_header_at_the_limit_is_fine_and_over_it_gets_431(server):
    fits = b"GET /ok HTTP/1.1\r\nX-Big: " + b"a" * (LIMITS.max_head - 100) + b"\r\n\r\n"
    [(status, _, _)] = exchange(server, fits)
    assert status == 200
    too_big = b"GET /ok HTTP/1.1\r\nX-Big: " + b"a" * LIMITS.max_head + b"\r\n\r\n"
    [(status, _, _)] = exchange(server, too_big)
    assert status == 431
    assert_still_serving(server)


def test_long_target_gets_431(server):
    [(status, _, _)] = exchange(server, b"GET /" + b"a" * LIMITS.max_head + b" HTTP/1.1\r\n\r\n")
    assert status == 431


def test_header_line_that_never_ends_gets_431(server):
    # 1 MiB without a line break: refused long before the end, and the
    # answer still reaches the client although it kept sending.
    data = b"GET /ok HTTP/1.1\r\nX-Endless: " + b"a" * (1024 * 1024)
    [(status, _, _)] = exchange(server, data)
    assert status == 431
    assert_still_serving(server)


def test_announced_body_over_the_limit_gets_413_before_it_is_sent(server):
    with connect(server) as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % (LIMITS.max_body + 1))
        [(status, headers, body)] = responses(read_to_eof(s))
    assert (status, body) == (413, "Request Entity Too Large")
    assert_still_serving(server)


def test_chunked_body_over_the_limit_gets_413(server):
    chunk = b"a" * 4096
    data = CHUNKED + (b"1000\r\n" + chunk + b"\r\n") * (LIMITS.max_body // 4096 + 1) + b"0\r\n\r\n"
    [(status, _, _)] = exchange(server, data)
    assert status == 413
    assert_still_serving(server)


def test_body_at_the_limit_is_echoed(server):
    body = b"b" * LIMITS.max_body
    [(status, _, echoed)] = exchange(server, b"POST /echo HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    assert (status, len(echoed)) == (200, len(body))
    data = CHUNKED + b"3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n"
    assert exchange(server, data)[0][0::2] == (200, "abcde")


# --------------------------------------------------------------------------
# Timeouts (the module's server: head 1 s, whole request 2 s, idle 1 s)


def test_slow_loris_head_gets_408(server):
    """One header byte every 0.2 s: the head is not complete after 1 s."""
    with connect(server) as s:
        start = time.monotonic()
        s.sendall(b"GET /ok HTTP/1.1\r\n")
        try:
            for _ in range(50):
                s.sendall(b"X")
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = read_to_eof(s)
        elapsed = time.monotonic() - start
    [(status, headers, body)] = responses(data)
    assert (status, body) == (408, "Request Timeout")
    assert 0.9 <= elapsed < 3.5
    assert_still_serving(server)


def test_slow_body_gets_408(server):
    """The head is quick, the body trickles: the request is not complete
    2 s after its first byte."""
    with connect(server) as s:
        start = time.monotonic()
        s.sendall(b"POST /echo HTTP/1.1\r\nContent-Length: 100\r\n\r\n")
        try:
            for _ in range(60):
                s.sendall(b"x")
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = read_to_eof(s)
        elapsed = time.monotonic() - start
    assert responses(data)[0][0] == 408
    assert 1.9 <= elapsed < 5
    assert_still_serving(server)


def test_silent_connection_is_closed_without_an_answer(server):
    with connect(server) as s:
        start = time.monotonic()
        assert read_to_eof(s) == b""
        assert 0.9 <= time.monotonic() - start < 3


# --------------------------------------------------------------------------
# Keep-alive and pipelining


def test_keep_alive_serves_several_requests_on_one_connection(server):
    with connect(server) as s:
        for i in range(3):
            s.sendall(b"GET /n/%d HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n" % i)
            head = b""
            while b"\r\n\r\n" not in head:
                head += s.recv(4096)
            [(status, headers, body)] = responses(head)
            assert (status, body, headers["Connection"]) == (200, f"n={i}", "keep-alive")
        s.sendall(b"GET /n/last HTTP/1.1\r\nHost: x\r\n\r\n")  # no keep-alive asked: the last one
        [(status, headers, body)] = responses(read_to_eof(s))
        assert (status, body, headers["Connection"]) == (200, "n=last", "close")


def test_keep_alive_for_http_1_0_and_not_when_the_client_says_close(server):
    [(status, headers, _)] = exchange(server, b"GET /ok HTTP/1.0\r\n\r\n")
    assert (status, headers["Connection"]) == (200, "close")
    [(_, headers, _)] = exchange(server, b"GET /ok HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n")
    assert headers["Connection"] == "close"
    with connect(server) as s:
        s.sendall(b"GET /ok HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        time.sleep(0.2)
        s.sendall(b"GET /n/2 HTTP/1.0\r\n\r\n")
        got = responses(read_to_eof(s))
    assert [(st, h["Connection"], b) for st, h, b in got] == [(200, "keep-alive", "ok"), (200, "close", "n=2")]


def test_idle_keep_alive_connection_is_closed(server):
    with connect(server) as s:
        s.sendall(b"GET /ok HTTP/1.1\r\nConnection: keep-alive\r\n\r\n")
        start = time.monotonic()
        data = read_to_eof(s)
        elapsed = time.monotonic() - start
    [(status, headers, _)] = responses(data)
    assert (status, headers["Connection"]) == (200, "keep-alive")
    assert 0.9 <= elapsed < 3


def test_pipelined_requests_are_answered_in_order(server):
    ka = b"Connection: keep-alive\r\n"
    data = (b"GET /n/1 HTTP/1.1\r\n" + ka + b"\r\n"
            b"POST /echo HTTP/1.1\r\n" + ka + b"Content-Length: 5\r\n\r\nhello"
            b"POST /echo HTTP/1.1\r\n" + ka + b"Transfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
            b"GET /n/4 HTTP/1.1\r\n\r\n"
            b"GET /n/never HTTP/1.1\r\n\r\n")  # after a request without keep-alive: not served
    got = exchange(server, data)
    assert [(st, b) for st, _, b in got] == [(200, "n=1"), (200, "hello"), (200, "hi"), (200, "n=4")]
    assert [h["Connection"] for _, h, _ in got] == ["keep-alive"] * 3 + ["close"]


def test_pipelined_bad_request_after_good_ones(server):
    ka = b"Connection: keep-alive\r\n"
    data = b"GET /n/1 HTTP/1.1\r\n" + ka + b"\r\nGET /n/2 HTTP/1.1\r\n" + ka + b"\r\nBROKEN\r\n\r\n"
    got = exchange(server, data)
    assert [(st, b) for st, _, b in got] == [(200, "n=1"), (200, "n=2"), (400, "Bad Request")]
    assert_still_serving(server)


def test_pipelined_requests_split_at_every_byte(server):
    data = (b"GET /n/1 HTTP/1.1\r\nConnection: keep-alive\r\n\r\n"
            b"POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
    with connect(server) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(len(data)):
            s.sendall(data[i:i + 1])
        got = responses(read_to_eof(s))
    assert [(st, b) for st, _, b in got] == [(200, "n=1"), (200, "abc")]


# --------------------------------------------------------------------------
# Other protocol details


def test_expect_100_continue(server):
    # the body sent with the head: no interim response
    with connect(server) as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nab")
        out = read_to_eof(s)
    assert out.startswith(b"HTTP/1.1 200 OK\r\n") and out.endswith(b"\r\n\r\nab")
    with connect(server) as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        interim = s.recv(4096)
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
        s.sendall(b"body")
        [(status, _, body)] = responses(read_to_eof(s))
    assert (status, body) == (200, "body")


def test_head_request_gets_the_head_only(server):
    with connect(server) as c:
        c.sendall(b"HEAD /any HTTP/1.1\r\n\r\n")
        data = read_to_eof(c)
    assert data.startswith(b"HTTP/1.1 200 OK\r\n")
    assert data.endswith(b"Content-Length: 5\r\nConnection: close\r\n\r\n")


def test_upgrade_request_is_served_as_a_plain_request_and_closed(server):
    data = (b"GET /ok HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade, keep-alive\r\n\r\n"
            b"\x81\x85 websocket frame bytes")
    [(status, headers, body)] = exchange(server, data)
    assert (status, body, headers["Connection"]) == (200, "ok", "close")


def test_absolute_form_target(server):
    [(status, _, body)] = exchange(server, b"GET http://example.com/n/7?x=1 HTTP/1.1\r\n\r\n")
    assert (status, body) == (200, "n=7")


def test_response_with_headers(server):
    [(status, headers, body)] = exchange(server, b"GET /headers HTTP/1.1\r\n\r\n")
    assert (status, body) == (201, "made")
    assert list(headers) == ["Content-Type", "Content-Length", "Connection", "Location", "X-Trace",
                             "Retry-After"]
    assert (headers["Location"], headers["X-Trace"], headers["Retry-After"]) == ("/things/1", "abc", "30")


def test_response_with_headers_content_type_replaces_and_framing_is_kept(server):
    [(status, headers, body)] = exchange(server, b"GET /html HTTP/1.1\r\n\r\n")
    assert (status, body) == (200, "<p>hi</p>")
    assert headers["Content-Type"] == "text/html"
    assert headers["Content-Length"] == "9"


def test_response_header_cannot_inject_a_line_and_a_bad_name_gives_500(server, capsys):
    [(status, headers, body)] = exchange(server, b"GET /inject HTTP/1.1\r\n\r\n")
    assert (status, body, headers["X-Evil"]) == (200, "x", "aSet-Cookie: b")
    assert "Set-Cookie" not in headers
    [(status, headers, body)] = exchange(server, b"GET /bad-header HTTP/1.1\r\n\r\n")
    assert (status, body) == (500, "Internal Server Error")
    time.sleep(0.05)
    assert "invalid response header 'Bad Name'" in capsys.readouterr().err


def test_response_that_cannot_be_sent_gives_500(server, capsys):
    for path in ("/bad-status", "/bad-body"):
        [(status, _, body)] = exchange(server, b"GET %s HTTP/1.1\r\n\r\n" % path.encode())
        assert (status, body) == (500, "Internal Server Error")
    time.sleep(0.05)
    err = capsys.readouterr().err
    assert "invalid response status 42" in err
    assert "the response body is 5, not a String" in err


# --------------------------------------------------------------------------
# Never an unhandled exception: mutated requests, parser level and on the wire

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from meshpy.runtime.httpwire import RequestReader  # noqa: E402

SEEDS = [
    b"GET /n/1?x=1 HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n",
    b"POST /echo HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello",
    CHUNKED + b"3;e=1\r\nabc\r\n0\r\nT: 1\r\n\r\n",
    b"GET /ok HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /ok HTTP/1.1\r\n\r\n",
]
SPECIAL = [b"\r\n", b"\n", b"\r", b" ", b":", b"\x00", b"\xff", b"-1", b"chunked", b"Content-Length: 9\r\n",
           b"Transfer-Encoding: chunked\r\n", b"HTTP/2.0", b"0\r\n\r\n", b"ffffffffffffffffff"]


@st.composite
def mutated_requests(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "special"]))
        if kind == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=4))
        elif kind == "delete":
            del data[i:i + draw(st.integers(1, 6))]
        elif kind == "replace" and i < len(data):
            data[i] = draw(st.integers(0, 255))
        else:
            data[i:i] = draw(st.sampled_from(SPECIAL))
    return bytes(data)


def _feed_in_pieces(data, cuts):
    reader = RequestReader(LIMITS, time.monotonic)
    start = 0
    for cut in sorted(set(c % (len(data) + 1) for c in cuts)) + [len(data)]:
        reader.feed(data[start:cut])
        start = cut
    return reader


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_requests(), st.lists(st.integers(0, 10_000), max_size=5))
def test_request_reader_never_raises_and_splitting_does_not_matter(data, cuts):
    whole = _feed_in_pieces(data, [])
    pieces = _feed_in_pieces(data, cuts)
    assert whole.error in (None, 400, 413, 431)
    assert [(r.method, r.target, r.body, r.keep_alive) for r in whole.ready] == \
        [(r.method, r.target, r.body, r.keep_alive) for r in pieces.ready]
    assert whole.error == pieces.error
    for r in whole.ready:
        assert r.method.isupper() and isinstance(r.body, bytes)


def test_mutated_requests_on_the_wire_are_answered_or_closed(server, capsys):
    examples = []

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(mutated_requests())
    def collect(data):
        examples.append(data)

    collect()
    for data in examples:
        with connect(server) as s:
            try:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass
            out = read_to_eof(s)  # the server closes: no connection is left hanging
        for status, _, _ in responses(out):
            assert status in (200, 201, 400, 404, 408, 413, 431), (data, out)
    assert_still_serving(server)
    assert "HTTP connection error" not in capsys.readouterr().err
