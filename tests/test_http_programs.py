"""Real Mesh programs using the `HTTP`, `Request`, `Ws` and `Sqlite` modules
(tests/http_programs/<name>/main.mpl), built and run with `meshpy run`.

* server: started with PORT=0 (the runtime binds a free port and names it in
  the `[mesh-rt] HTTP server listening on 0.0.0.0:<port>` line on stderr,
  which the test waits for), then queried with urllib: status codes,
  bodies, response headers, routing priority, middleware, 404, and a
  panicking route answered with 500 while the server keeps serving;
  malformed requests (400/413/431 at the default limits), keep-alive and
  pipelining over raw sockets.
* ws_chat: `Ws.serve` then `HTTP.serve` in one program (both on port 0),
  queried with the `websockets` client and urllib: rooms, broadcast from a
  WebSocket message and from an HTTP handler, rejection (1008), a crashing
  connection (1011) next to a healthy one, `on_close`.
* ws_echo: main returns right after `Ws.serve`; the server keeps running.
* client: `HTTP.get`/`HTTP.post` against a small Python http.server.
* sqlite: a file database; exact stdout.
"""

import http.server
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "http_programs")
MESHPY = [sys.executable, "-m", "meshpy"]
LISTENING = re.compile(r"\[mesh-rt\] HTTP server listening on 0\.0\.0\.0:(\d+)")
WS_LISTENING = re.compile(r"\[mesh-rt\] WebSocket server listening on 0\.0\.0\.0:(\d+)")

# urllib without any proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def copy_program(name, tmp_path):
    dst = tmp_path / name
    shutil.copytree(os.path.join(PROGRAMS, name), dst, ignore=shutil.ignore_patterns("_build"))
    return dst


def env_with(**extra):
    env = dict(os.environ)
    env.update(extra)
    return env


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --------------------------------------------------------------------------
# The server program


class Server:
    """A running `meshpy run` of the server program; stdout and stderr are
    collected line by line by two threads."""

    def __init__(self, project):
        self.proc = subprocess.Popen(
            MESHPY + ["run", str(project)], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env_with(PORT="0", WS_PORT="0"))
        self.out = []
        self.err = []
        self.err_lines = queue.Queue()
        self.pumps = [threading.Thread(target=self._pump, args=(self.proc.stdout, self.out, None), daemon=True),
                      threading.Thread(target=self._pump, args=(self.proc.stderr, self.err, self.err_lines),
                                       daemon=True)]
        for pump in self.pumps:
            pump.start()
        self.port = self._wait_listening(timeout=120)
        self.base = f"http://127.0.0.1:{self.port}"

    @staticmethod
    def _pump(stream, lines, q):
        for line in stream:
            lines.append(line)
            if q is not None:
                q.put(line)
        if q is not None:
            q.put(None)

    def _wait_listening(self, timeout, pattern=LISTENING):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                pytest.fail(f"no listening line; stderr:\n{''.join(self.err)}")
            try:
                line = self.err_lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                self.stop()
                pytest.fail(f"server exited before listening; stderr:\n{''.join(self.err)}")
            m = pattern.search(line)
            if m:
                assert line == m.group(0) + "\n"
                return int(m.group(1))

    def request(self, path, method="GET", data=None, headers=None):
        """(status, headers, body) of one request."""
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with OPENER.open(req, timeout=10) as resp:
                return resp.status, resp.headers, resp.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.headers, e.read().decode("utf-8")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for pump in self.pumps:  # they end at end of file: every last line is in
            pump.join(timeout=10)

    def printed(self, lines, text, timeout=30):
        """Whether `text` occurs in the collected `lines` (self.out or
        self.err) within `timeout` seconds: the server prints after replying."""
        deadline = time.monotonic() + timeout
        while text not in "".join(lines) and time.monotonic() < deadline:
            time.sleep(0.01)
        return text in "".join(lines)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = copy_program("server", tmp_path_factory.mktemp("http"))
    s = Server(project)
    yield s
    s.stop()


def test_server_exact_route_and_response_headers(server):
    status, headers, body = server.request("/")
    assert (status, body) == (200, '{"page":"home"}')
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Content-Length"] == str(len(body))
    assert headers["Connection"] == "close"


def test_server_raw_response_is_http_1_1(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"GET /users/7 HTTP/1.1\r\nHost: x\r\n\r\n")
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    assert data == (b"HTTP/1.1 200 OK\r\n"
                    b"Content-Type: application/json; charset=utf-8\r\n"
                    b"Content-Length: 6\r\n"
                    b"Connection: close\r\n\r\nuser 7")


def test_server_any_method_route(server):
    assert server.request("/", method="POST", data=b"x")[0::2] == (200, '{"page":"home"}')


def test_server_routing_priority(server):
    # exact beats pattern beats wildcard, although registered last
    assert server.request("/users/me")[0::2] == (200, "it is me")
    assert server.request("/users/42")[0::2] == (200, "user 42")
    assert server.request("/users/42/posts")[0::2] == (200, "any user page /users/42/posts")
    assert server.request("/static/css/site.css")[0::2] == (200, "static /static/css/site.css")


def test_server_method_specific_routes(server):
    assert server.request("/echo", method="POST", data="héllo".encode())[0::2] == (201, "héllo")
    assert server.request("/items/3", method="PUT", data=b"blue")[0::2] == (200, "put blue")
    assert server.request("/items/3", method="DELETE")[0::2] == (200, "deleted")
    # the path exists but not for this method
    assert server.request("/echo")[0::2] == (404, "Not Found")


def test_server_not_found(server):
    status, headers, body = server.request("/no/such/page")
    assert (status, body) == (404, "Not Found")
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Content-Length"] == "9"


def test_server_query_and_headers(server):
    assert server.request("/search?q=mesh+lang&x=1")[0::2] == (200, "searching mesh lang")
    assert server.request("/search?x=1")[0::2] == (400, "missing q")
    assert server.request("/whoami", headers={"X-Client": "pytest"})[0::2] == (200, "GET /whoami from pytest")
    assert server.request("/whoami")[0::2] == (200, "GET /whoami from anonymous")


def test_server_middleware(server):
    assert server.request("/admin/stats")[0::2] == (401, "unauthorized")
    assert server.request("/admin/stats", headers={"X-Token": "nope"})[0::2] == (403, "forbidden")
    assert server.request("/admin/stats", headers={"X-Token": "secret"})[0::2] == (200, "stats")
    # the guard wraps unmatched paths too (middleware runs for every request)
    assert server.request("/admin/other", headers={"X-Token": "secret"})[0::2] == (404, "Not Found")
    assert server.printed(server.out, "request GET /admin/stats\n"), server.out


def test_server_async_handler_calls_a_service(server):
    first = server.request("/count")
    second = server.request("/count")
    assert first[0] == second[0] == 200
    n1 = int(first[2].split()[1])
    assert second[2] == f"count {n1 + 1}"


def test_server_panicking_handler_gives_500_and_server_keeps_serving(server):
    status, headers, body = server.request("/crash")
    assert (status, body) == (500, "Internal Server Error")
    assert headers["Connection"] == "close"
    assert server.request("/users/5")[0::2] == (200, "user 5")
    status, _, body = server.request("/crash")
    assert status == 500
    assert server.request("/")[0] == 200
    assert server.printed(server.err, "main.mpl:"), server.err
    err = "".join(server.err)
    assert re.search(r"panic in #PID<\d+> \(http GET /crash\): .*empty list", err), err
    assert "main.mpl:" in err
    assert server.proc.poll() is None


def test_server_concurrent_requests(server):
    results = []

    def get(i):
        results.append(server.request(f"/users/{i}"))

    threads = [threading.Thread(target=get, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r[2] for r in results) == sorted(f"user {i}" for i in range(20))


def raw_exchange(port, data):
    """Send data on a new connection; everything read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out


def test_server_answers_malformed_requests_and_keeps_serving(server):
    bad = [
        (b"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        (b"POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        (b"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", 400),
        (b"GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n", 400),
        (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400),
        (b"POST /echo HTTP/1.1\r\nContent-Length: 16777217\r\n\r\n", 413),  # over 16 MiB
        (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(101)) + b"\r\n", 431),
    ]
    for data, status in bad:
        assert raw_exchange(server.port, data).startswith(b"HTTP/1.1 %d " % status), data
    assert server.request("/users/9")[0::2] == (200, "user 9")
    assert "Traceback" not in "".join(server.err)


def test_server_keep_alive_and_pipelining(server):
    ka = b"Connection: keep-alive\r\n"
    data = (b"GET /users/1 HTTP/1.1\r\n" + ka + b"\r\n"
            b"POST /echo HTTP/1.1\r\n" + ka + b"Content-Length: 4\r\n\r\nping"
            b"GET /count HTTP/1.1\r\n\r\n")
    out = raw_exchange(server.port, data)
    assert out.count(b"HTTP/1.1 ") == 3
    first, second, third = out.split(b"HTTP/1.1 ")[1:]
    assert first.startswith(b"200 OK") and b"Connection: keep-alive" in first and first.endswith(b"user 1")
    assert second.startswith(b"201 Created") and second.endswith(b"ping")
    assert b"Connection: close" in third and b"count " in third


# --------------------------------------------------------------------------
# The client program


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body, extra=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/hello":
            self._send(200, "hello from python")
        elif self.path == "/old":
            self._send(301, "moved", [("Location", "/hello")])
        else:
            self._send(404, "nothing here")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode()
        self._send(200, f"got {body}")


def test_client_program(tmp_path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        project = copy_program("client", tmp_path)
        proc = subprocess.run(
            MESHPY + ["run", str(project)], stdin=subprocess.DEVNULL, capture_output=True,
            text=True, timeout=120,
            env=env_with(BASE_URL=base, CLOSED_URL=f"http://127.0.0.1:{closed_port()}/"))
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout == (
        "get: ok hello from python\n"
        "post: ok got ping from mesh\n"
        "redirect: ok hello from python\n"
        f"missing: error {base}/missing: status code 404\n"
        "closed: error\n"
    )


# --------------------------------------------------------------------------
# The Sqlite program

SQLITE_STDOUT = """\
create: 0
inserts: 3
all items:
  1 | bolt | 100 | 0.25 | [steel]
  2 | nut | 250 | 2.0 | []
  3 | gear | 7 | 12.5 | []
  (3 rows)
cheaper than 5:
  1 | bolt | 100 | 0.25 | [steel]
  2 | nut | 250 | 2.0 | []
  (2 rows)
updated: 2
deleted missing: 0
duplicate: UNIQUE constraint failed: items.name
missing table: no such table: widgets
deleted in transaction: 3
after rollback: 3 items, 359 pieces
bolt note after commit: []
closed: connection is closed
done: 3
open: unable to open database file
"""


@pytest.mark.parametrize("where", ["memory", "file"])
def test_sqlite_program(tmp_path, where):
    project = copy_program("sqlite", tmp_path)
    env = env_with()
    env.pop("DB_PATH", None)
    db = tmp_path / "items.db"
    if where == "file":
        env["DB_PATH"] = str(db)
    proc = subprocess.run(MESHPY + ["run", str(project)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.stderr == ""
    assert proc.returncode == 0
    assert proc.stdout == SQLITE_STDOUT
    if where == "file":
        import sqlite3
        with sqlite3.connect(db) as c:
            assert c.execute("SELECT name, qty, note FROM items ORDER BY id").fetchall() == [
                ("bolt", 101, None), ("nut", 251, None), ("gear", 7, "")]


# --------------------------------------------------------------------------
# The ws_chat program: `Ws` and `HTTP` served together


class WsServer(Server):
    """A program that starts a WebSocket server, then an HTTP server: its
    first listening line is the WebSocket one (`ws_port`)."""

    def _wait_listening(self, timeout, pattern=LISTENING):
        if not hasattr(self, "ws_port"):
            self.ws_port = super()._wait_listening(timeout, WS_LISTENING)
        return super()._wait_listening(timeout, pattern)


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    project = copy_program("ws_chat", tmp_path_factory.mktemp("ws"))
    s = WsServer(project)
    yield s
    s.stop()


def ws_connect(chat, path, **kw):
    from websockets.sync.client import connect

    return connect(f"ws://127.0.0.1:{chat.ws_port}{path}", open_timeout=10, close_timeout=2, **kw)


def no_message(ws, wait=0.3):
    try:
        return ws.recv(timeout=wait) is None
    except TimeoutError:
        return True


def test_chat_broadcast_except_sender_and_rooms(chat):
    with ws_connect(chat, "/rooms/chat") as a, ws_connect(chat, "/rooms/chat") as b, \
            ws_connect(chat, "/rooms/other") as o:
        assert a.recv(timeout=10) == "welcome chat"
        assert b.recv(timeout=10) == "welcome chat"
        assert o.recv(timeout=10) == "welcome other"
        a.send("hello")
        text = b.recv(timeout=10)
        assert re.fullmatch(r"\d+: hello", text)
        assert no_message(a) and no_message(o)


def test_chat_messages_reach_a_service_in_order(chat):
    with ws_connect(chat, "/rooms/chat") as a:
        a.recv(timeout=10)
        a.send("/count")
        n = int(a.recv(timeout=10).split()[1])
        for _ in range(3):
            a.send("x")
        a.send("/count")
        assert a.recv(timeout=10) == f"count {n + 4}"


def test_chat_rejects_a_bad_token_with_1008(chat):
    from websockets.exceptions import ConnectionClosed

    with ws_connect(chat, "/rooms/chat", additional_headers={"Token": "wrong"}) as ws:
        with pytest.raises(ConnectionClosed) as info:
            ws.recv(timeout=10)
    assert (info.value.rcvd.code, info.value.rcvd.reason) == (1008, "rejected")
    with ws_connect(chat, "/rooms/chat", additional_headers={"Token": "letmein"}) as ws:
        assert ws.recv(timeout=10) == "welcome chat"


def test_chat_crash_closes_one_connection_with_1011(chat):
    from websockets.exceptions import ConnectionClosed

    with ws_connect(chat, "/rooms/chat") as good, ws_connect(chat, "/rooms/chat") as bad:
        good.recv(timeout=10)
        bad.recv(timeout=10)
        bad.send("/crash")
        with pytest.raises(ConnectionClosed) as info:
            bad.recv(timeout=10)
        assert info.value.rcvd.code == 1011
        good.send("/count")
        assert good.recv(timeout=10).startswith("count ")
    time.sleep(0.2)
    err = "".join(chat.err)
    assert re.search(r"panic in #PID<\d+> \(ws /rooms/chat\): .*empty list", err), err
    assert "main.mpl:" in err
    assert "closed 1011\n" in chat.out


def test_chat_http_announce_reaches_the_room_only(chat):
    with ws_connect(chat, "/rooms/news") as a, ws_connect(chat, "/rooms/news") as b, \
            ws_connect(chat, "/rooms/chat") as c:
        for ws in (a, b, c):
            ws.recv(timeout=10)
        status, headers, body = chat.request("/rooms/news/announce", method="POST", data=b"extra extra")
        assert (status, body, headers["X-Room"]) == (200, "failed 0", "news")
        assert a.recv(timeout=10) == "extra extra"
        assert b.recv(timeout=10) == "extra extra"
        assert no_message(c)
    assert chat.request("/rooms/empty/announce", method="POST", data=b"x")[0::2] == (200, "failed 0")


def test_chat_on_close_runs_once_per_connection(chat):
    time.sleep(0.2)
    before = chat.out.count("closed 1000\n")
    with ws_connect(chat, "/rooms/chat") as ws:
        ws.recv(timeout=10)
    deadline = time.monotonic() + 10
    while chat.out.count("closed 1000\n") < before + 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    assert chat.out.count("closed 1000\n") == before + 1


def test_ws_server_keeps_the_program_running_after_main_returns(tmp_path):
    project = copy_program("ws_echo", tmp_path)
    proc = subprocess.Popen(MESHPY + ["run", str(project)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env_with(WS_PORT="0"))
    try:
        line = proc.stderr.readline()
        m = WS_LISTENING.fullmatch(line.rstrip("\n"))
        assert m, line + proc.stderr.read() if proc.poll() is not None else line
        assert proc.stdout.readline() == "main done\n"
        time.sleep(0.3)
        assert proc.poll() is None
        from websockets.sync.client import connect

        with connect(f"ws://127.0.0.1:{m.group(1)}/a/b", open_timeout=10) as ws:
            ws.send("hi")
            assert ws.recv(timeout=10) == "echo hi"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
