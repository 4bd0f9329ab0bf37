"""Mesh `HTTP` and `Request` (meshpy/runtime/http.py; language reference
13.12) at the runtime level: routers, routing, middleware, the server (run
inside `run_program`, queried over raw sockets and through the runtime's
own client) and the client. Handlers are written by hand in the shapes the
compiler emits: plain functions, `async def` closures, middleware whose
`next` result is returned as it is."""

import asyncio
import re
import shutil
import socket
import ssl
import subprocess

import pytest

from meshpy.runtime import prelude
from meshpy.runtime.actors import Timer, run_program, spawn_fn
from meshpy.runtime.http import HTTP, HttpRequest, Request, Response, Router, handle, serve_router
from meshpy.runtime.panic import MeshPanic
from meshpy.runtime.process import kill
from meshpy.runtime.values import NONE, Err, Ok, Some


def text(body):
    return lambda req: HTTP.response(200, body)


def run_handle(router, method, path, **kw):
    return asyncio.run(handle(router, HttpRequest(method, path, **kw)))


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --------------------------------------------------------------------------
# Exports and values


def test_prelude_exports_the_modules():
    for name in ("HTTP", "Request", "Sqlite"):
        assert name in prelude.__all__
        assert getattr(prelude, name) is not None
    # loaded on first use: the prelude's objects carry the real modules' functions
    assert prelude.HTTP.router is HTTP.router and prelude.Request.path is Request.path


def test_checker_signatures():
    from meshpy.check import stdlib as S

    assert S.lookup("HTTP", "serve").ref.is_async
    assert S.lookup("HTTP", "get").ref.is_async
    assert S.lookup("HTTP", "post").ref.is_async
    assert not S.lookup("HTTP", "route").ref.is_async
    assert not S.lookup("Request", "param").ref.is_async
    assert S.lookup_global("http_router").ref.module == "HTTP"
    assert S.lookup_global("request_path").ref.module == "Request"
    # every checker name exists in the runtime (with the _async variants
    # the compiler uses when a closure argument is async)
    for (module, name), sig in S.SIGNATURES.items():
        if module in ("HTTP", "Request"):
            obj = getattr(prelude, module)
            assert callable(getattr(obj, sig.ref.py_name)), (module, name)
    for name in ("route", "on_get", "on_post", "on_put", "on_delete", "use"):
        assert asyncio.iscoroutinefunction(getattr(HTTP, name + "_async"))


def test_routers_are_immutable():
    r0 = HTTP.router()
    r1 = HTTP.route(r0, "/a", text("a"))
    r2 = HTTP.use(r1, lambda req, nxt: nxt(req))
    assert isinstance(r0, Router) and r0 is not r1 and r1 is not r2
    assert run_handle(r0, "GET", "/a").status == 404
    assert run_handle(r1, "GET", "/a").body == "a"
    assert r1.middleware == () and len(r2.middleware) == 1
    r3 = asyncio.run(HTTP.route_async(r1, "/b", text("b")))
    assert run_handle(r3, "GET", "/b").body == "b"
    assert run_handle(r1, "GET", "/b").status == 404


def test_response_value():
    r = HTTP.response(201, "made")
    assert isinstance(r, Response) and (r.status, r.body) == (201, "made")
    assert r == Response(201, "made")
    from meshpy.runtime.display import display
    assert display(r) == "#Response<201>"


# --------------------------------------------------------------------------
# Routing


def test_routing_priority_exact_then_param_then_wildcard():
    r = HTTP.router()
    r = HTTP.route(r, "/users/*", text("users wildcard"))
    r = HTTP.route(r, "/*", text("catch-all"))
    r = HTTP.route(r, "/users/:id", lambda req: HTTP.response(200, "param " + Request.param(req, "id").value))
    r = HTTP.route(r, "/users/:id/posts/:post", lambda req: HTTP.response(
        200, Request.param(req, "id").value + "/" + Request.param(req, "post").value))
    r = HTTP.route(r, "/users/me", text("exact"))
    assert run_handle(r, "GET", "/users/me").body == "exact"
    assert run_handle(r, "GET", "/users/7").body == "param 7"
    assert run_handle(r, "GET", "/users/7/posts/9").body == "7/9"
    assert run_handle(r, "GET", "/users/7/likes").body == "users wildcard"
    assert run_handle(r, "GET", "/users").body == "users wildcard"
    assert run_handle(r, "GET", "/elsewhere").body == "catch-all"
    assert run_handle(r, "GET", "/").body == "catch-all"
    # wildcards among themselves: registration order (an earlier `/*` wins)
    r2 = HTTP.route(HTTP.route(HTTP.router(), "/*", text("catch-all")), "/users/*", text("users"))
    assert run_handle(r2, "GET", "/users/7/likes").body == "catch-all"


def test_registration_order_within_a_group():
    r = HTTP.router()
    r = HTTP.route(r, "/a/:x", text("first"))
    r = HTTP.route(r, "/:y/b", text("second"))
    r = HTTP.route(r, "/a", text("exact 1"))
    r = HTTP.route(r, "/a", text("exact 2"))
    assert run_handle(r, "GET", "/a/b").body == "first"
    assert run_handle(r, "GET", "/z/b").body == "second"
    assert run_handle(r, "GET", "/a").body == "exact 1"


def test_param_segments_must_be_non_empty_and_match_length():
    r = HTTP.route(HTTP.router(), "/u/:id", text("u"))
    assert run_handle(r, "GET", "/u/1").status == 200
    assert run_handle(r, "GET", "/u/").status == 404
    assert run_handle(r, "GET", "/u/1/2").status == 404
    assert run_handle(r, "GET", "/u").status == 404


def test_wildcard_prefix_respects_segment_boundaries():
    r = HTTP.route(HTTP.router(), "/static/*", text("s"))
    assert run_handle(r, "GET", "/static/x/y.css").status == 200
    assert run_handle(r, "GET", "/static/").status == 200
    assert run_handle(r, "GET", "/staticfile").status == 404


def test_methods():
    r = HTTP.router()
    r = HTTP.on_get(r, "/x", text("get"))
    r = HTTP.on_post(r, "/x", text("post"))
    r = HTTP.on_put(r, "/x", text("put"))
    r = HTTP.on_delete(r, "/x", text("delete"))
    r = HTTP.route(r, "/any", text("any"))
    for m in ("GET", "POST", "PUT", "DELETE"):
        assert run_handle(r, m, "/x").body == m.lower()
        assert run_handle(r, m, "/any").body == "any"
    resp = run_handle(r, "PATCH", "/x")
    assert (resp.status, resp.body) == (404, "Not Found")


def test_request_accessors():
    req = HttpRequest("POST", "/p/a%20b", "body text",
                      {"content-type": "text/plain", "x-token": "t"}, "q=mesh+lang&q=2&e=%C3%A9&flag")
    r = HTTP.route(HTTP.router(), "/p/:name", lambda q: HTTP.response(200, Request.param(q, "name").value))
    assert asyncio.run(handle(r, req)).body == "a b"
    assert Request.method(req) == "POST"
    assert Request.path(req) == "/p/a%20b"
    assert Request.body(req) == "body text"
    assert Request.header(req, "Content-Type") == Some("text/plain")
    assert Request.header(req, "X-TOKEN") == Some("t")
    assert Request.header(req, "missing") is NONE
    assert Request.query(req, "q") == Some("mesh lang")
    assert Request.query(req, "e") == Some("é")
    assert Request.query(req, "flag") == Some("")
    assert Request.query(req, "nope") is NONE
    assert Request.param(req, "name") == Some("a b")
    assert Request.param(req, "other") is NONE


# --------------------------------------------------------------------------
# Middleware


def test_middleware_order_first_registered_is_outermost():
    log = []

    def mw(name):
        def f(req, nxt):
            log.append(name + " in")
            resp = nxt(req)
            log.append(name + " out")
            return resp
        return f

    def h(req):
        log.append("handler")
        return HTTP.response(200, "ok")

    r = HTTP.use(HTTP.use(HTTP.route(HTTP.router(), "/", h), mw("a")), mw("b"))
    assert run_handle(r, "GET", "/").body == "ok"
    assert log == ["a in", "b in", "handler", "b out", "a out"]


def test_middleware_can_answer_and_runs_for_unmatched_paths():
    seen = []

    def guard(req, nxt):
        seen.append(Request.path(req))
        if Request.header(req, "x-token") is NONE:
            return HTTP.response(401, "unauthorized")
        return nxt(req)

    r = HTTP.use(HTTP.route(HTTP.router(), "/secret/:id", text("s")), guard)
    resp = run_handle(r, "GET", "/secret/1")
    assert (resp.status, resp.body) == (401, "unauthorized")
    assert run_handle(r, "GET", "/secret/1", headers={"x-token": "y"}).body == "s"
    assert run_handle(r, "GET", "/nothing", headers={"x-token": "y"}).status == 404
    assert seen == ["/secret/1", "/secret/1", "/nothing"]


def test_middleware_sees_params():
    def mw(req, nxt):
        return HTTP.response(200, "mw " + Request.param(req, "id").value)

    r = HTTP.use(HTTP.route(HTTP.router(), "/u/:id", text("h")), mw)
    assert run_handle(r, "GET", "/u/3").body == "mw 3"


def test_async_handler_behind_plain_middleware():
    async def h(req):
        await asyncio.sleep(0.001)
        return HTTP.response(200, "slow")

    async def amw(req, nxt):
        await asyncio.sleep(0)
        return nxt(req)  # returns an awaitable: the runtime awaits it

    r = HTTP.use(HTTP.use(HTTP.route(HTTP.router(), "/", h), lambda req, nxt: nxt(req)), amw)
    assert run_handle(r, "GET", "/").body == "slow"


# --------------------------------------------------------------------------
# The server, inside a running program


async def raw(port, data, tls=None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=tls)
    writer.write(data)
    await writer.drain()
    out = await reader.read()
    writer.close()
    return out


def parse(resp):
    head, _, body = resp.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return lines[0], headers, body.decode()


def serve_and(router, client, capsys, tls=None):
    """Run a program whose main starts serving router on a free port in a
    process of its own, awaits client(port), stops the server and returns
    (client result, stderr)."""
    box = {}

    async def main():
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        server = spawn_fn(lambda: serve_router(router, 0, tls, on_ready=ready.set_result))
        port = await ready
        try:
            box["value"] = await client(port)
        except BaseException as e:  # noqa: BLE001 - re-raised below
            box["error"] = e
        finally:
            kill(server, "test over", False)

    status = run_program(main)
    out, err = capsys.readouterr()
    if "error" in box:
        raise box["error"]
    assert status == 0, err
    return box["value"], err


def test_server_response_format_and_listening_line(capsys):
    r = HTTP.on_get(HTTP.router(), "/hello", text("héllo"))

    async def client(port):
        return port, await raw(port, b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")

    (port, resp), err = serve_and(r, client, capsys)
    body = "héllo".encode()
    assert resp == (b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    assert err.startswith(f"[mesh-rt] HTTP server listening on 0.0.0.0:{port}\n")


def test_server_404_400_body_and_status_text(capsys):
    r = HTTP.router()
    r = HTTP.on_post(r, "/echo", lambda req: HTTP.response(201, Request.body(req)))
    r = HTTP.on_get(r, "/teapot", lambda req: HTTP.response(418, ""))
    r = HTTP.on_get(r, "/odd", lambda req: HTTP.response(299, "odd"))

    async def client(port):
        return [
            await raw(port, b"GET /nope HTTP/1.1\r\n\r\n"),
            await raw(port, b"garbage\r\n\r\n"),
            await raw(port, b"POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"),
            await raw(port, b"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                            b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"),
            await raw(port, b"GET /teapot HTTP/1.1\r\n\r\n"),
            await raw(port, b"GET /odd HTTP/1.1\r\n\r\n"),
        ]

    resps, _ = serve_and(r, client, capsys)
    status, headers, body = parse(resps[0])
    assert (status, body) == ("HTTP/1.1 404 Not Found", "Not Found")
    assert headers == {"Content-Type": "application/json; charset=utf-8", "Content-Length": "9",
                       "Connection": "close"}
    assert parse(resps[1])[0::2] == ("HTTP/1.1 400 Bad Request", "Bad Request")
    assert parse(resps[2])[0::2] == ("HTTP/1.1 201 Created", "hello")
    assert parse(resps[3])[0::2] == ("HTTP/1.1 201 Created", "abcde")
    status, headers, body = parse(resps[4])
    assert (status, headers["Content-Length"], body) == ("HTTP/1.1 418 I'm a Teapot", "0", "")
    assert parse(resps[5])[0] == "HTTP/1.1 299 "


def test_server_panic_is_isolated_to_its_request(capsys):
    def crash(req):
        raise MeshPanic("boom in handler")

    def not_a_response(req):
        return "oops"

    r = HTTP.router()
    r = HTTP.on_get(r, "/crash", crash)
    r = HTTP.on_get(r, "/bad", not_a_response)
    r = HTTP.on_get(r, "/ok", text("fine"))

    async def client(port):
        return [parse(await raw(port, f"GET {p} HTTP/1.1\r\n\r\n".encode()))
                for p in ("/crash", "/ok", "/crash", "/bad", "/ok")]

    resps, err = serve_and(r, client, capsys)
    assert [(s, b) for s, _, b in resps] == [
        ("HTTP/1.1 500 Internal Server Error", "Internal Server Error"),
        ("HTTP/1.1 200 OK", "fine"),
        ("HTTP/1.1 500 Internal Server Error", "Internal Server Error"),
        ("HTTP/1.1 500 Internal Server Error", "Internal Server Error"),
        ("HTTP/1.1 200 OK", "fine"),
    ]
    assert len(re.findall(r"panic in #PID<\d+> \(http GET /crash\): boom in handler\n", err)) == 2
    assert "the handler returned 'oops', not a Response" in err


def test_server_handles_requests_concurrently(capsys):
    order = []

    async def slow(req):
        await Timer.sleep(200)
        order.append("slow")
        return HTTP.response(200, "slow")

    def fast(req):
        order.append("fast")
        return HTTP.response(200, "fast")

    r = HTTP.on_get(HTTP.on_get(HTTP.router(), "/slow", slow), "/fast", fast)

    async def client(port):
        t = asyncio.ensure_future(raw(port, b"GET /slow HTTP/1.1\r\n\r\n"))
        await asyncio.sleep(0.05)
        f = await raw(port, b"GET /fast HTTP/1.1\r\n\r\n")
        return parse(f)[2], parse(await t)[2]

    (f, s), _ = serve_and(r, client, capsys)
    assert (f, s) == ("fast", "slow")
    assert order == ["fast", "slow"]


def test_handler_runs_in_its_own_process(capsys):
    from meshpy.runtime.process import current_process

    def who(req):
        p = current_process()
        return HTTP.response(200, p.describe())

    r = HTTP.on_get(HTTP.router(), "/who", who)

    async def client(port):
        return [parse(await raw(port, b"GET /who HTTP/1.1\r\n\r\n"))[2] for _ in range(2)]

    (a, b), _ = serve_and(r, client, capsys)
    assert re.fullmatch(r"#PID<\d+> \(http GET /who\)", a)
    assert a != b


def test_server_on_a_busy_port_panics(capsys):
    s = socket.socket()
    s.bind(("0.0.0.0", 0))
    s.listen()
    port = s.getsockname()[1]
    try:
        status = run_program(lambda: HTTP.serve(HTTP.router(), port))
    finally:
        s.close()
    _, err = capsys.readouterr()
    assert status == 134
    assert f"panic: HTTP.serve: cannot listen on 0.0.0.0:{port}: Address already in use" in err


def test_serve_rejects_a_bad_port(capsys):
    status = run_program(lambda: HTTP.serve(HTTP.router(), 70000))
    assert status == 134
    assert "HTTP.serve: invalid port 70000" in capsys.readouterr()[1]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_serve_tls(tmp_path, capsys):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True, timeout=60)
    r = HTTP.on_get(HTTP.router(), "/s", text("secure"))
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE

    async def client(port):
        return parse(await raw(port, b"GET /s HTTP/1.1\r\n\r\n", tls=ctx))

    from meshpy.runtime.http import _tls_context
    (status, headers, body), err = serve_and(r, client, capsys, tls=_tls_context(str(cert), str(key)))
    assert (status, body) == ("HTTP/1.1 200 OK", "secure")
    assert "[mesh-rt] HTTPS server listening on 0.0.0.0:" in err


def test_serve_tls_with_a_missing_certificate_panics(tmp_path, capsys):
    status = run_program(lambda: HTTP.serve_tls(HTTP.router(), 0, str(tmp_path / "c.pem"),
                                                 str(tmp_path / "k.pem")))
    assert status == 134
    assert "panic: HTTP.serve_tls: cannot load certificate" in capsys.readouterr()[1]


# --------------------------------------------------------------------------
# The client


def test_client_against_the_server(capsys):
    r = HTTP.router()
    r = HTTP.on_get(r, "/hello", lambda req: HTTP.response(200, "hi " + Request.query(req, "name").value))
    r = HTTP.on_post(r, "/echo", lambda req: HTTP.response(200, "got " + Request.body(req)
                                                           + " " + Request.header(req, "content-type").value))
    r = HTTP.on_get(r, "/fail", lambda req: HTTP.response(503, "down"))

    async def client(port):
        base = f"http://127.0.0.1:{port}"
        return [
            await HTTP.get(base + "/hello?name=mesh"),
            await HTTP.post(base + "/echo", "ünïcode"),
            await HTTP.get(base + "/fail"),
            await HTTP.get(base + "/missing"),
        ]

    results, _ = serve_and(r, client, capsys)
    base_re = r"http://127\.0\.0\.1:\d+"
    assert results[0] == Ok("hi mesh")
    assert results[1] == Ok("got ünïcode text/plain; charset=utf-8")
    assert results[2].__class__ is Err and re.fullmatch(base_re + r"/fail: status code 503", results[2].value)
    assert results[3].__class__ is Err and results[3].value.endswith("/missing: status code 404")


def test_client_errors(capsys):
    port = closed_port()

    async def main():
        return [
            await HTTP.get(f"http://127.0.0.1:{port}/"),
            await HTTP.get("ftp://example.com/x"),
            await HTTP.get("not a url"),
        ]

    box = {}

    async def wrapped():
        box["r"] = await main()

    assert run_program(wrapped) == 0
    refused, ftp, bad = box["r"]
    assert refused.__class__ is Err
    assert refused.value.startswith(f"http://127.0.0.1:{port}/: connection failed: ")
    assert "refused" in refused.value.lower()
    assert ftp == Err("ftp://example.com/x: unsupported url scheme 'ftp'")
    assert bad.__class__ is Err


def test_client_follows_redirects_and_reads_chunked_bodies():
    async def server_side(reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        path = head.split(b" ")[1]
        if path == b"/start":
            writer.write(b"HTTP/1.1 302 Found\r\nLocation: /chunked\r\nContent-Length: 0\r\n\r\n")
        else:
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"4\r\nMesh\r\n6\r\n rocks\r\n0\r\n\r\n")
        await writer.drain()
        writer.close()

    async def main():
        server = await asyncio.start_server(server_side, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            return await HTTP.get(f"http://127.0.0.1:{port}/start")

    assert asyncio.run(main()) == Ok("Mesh rocks")


def _one_shot_server(reply):
    """An asyncio server answering every connection with reply (bytes) and
    closing it; reply None: read the request and never answer."""
    async def server_side(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        if reply is None:
            await asyncio.sleep(2)  # longer than the client waits
            writer.close()
            return
        writer.write(reply)
        await writer.drain()
        writer.close()
    return server_side


def _client_against(reply, path="/"):
    async def main():
        server = await asyncio.start_server(_one_shot_server(reply), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            return port, await HTTP.get(f"http://127.0.0.1:{port}{path}")
    return asyncio.run(main())


def test_client_response_framing():
    assert _client_against(b"HTTP/1.1 200 OK\r\n\r\nuntil the close")[1] == Ok("until the close")
    assert _client_against(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                           )[1] == Ok("ok")
    assert _client_against(b"HTTP/1.1 204 No Content\r\n\r\n")[1] == Ok("")
    port, cut = _client_against(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    assert cut == Err(f"http://127.0.0.1:{port}/: connection closed before the end of the body")
    port, garbage = _client_against(b"NOT HTTP AT ALL\r\n\r\n")
    assert garbage.__class__ is Err and garbage.value.startswith(f"http://127.0.0.1:{port}/: malformed response")
    port, empty = _client_against(b"")
    assert empty == Err(f"http://127.0.0.1:{port}/: connection closed before a complete response head")


def test_client_percent_encodes_what_a_request_line_cannot_carry():
    seen = []

    async def server_side(reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        seen.append(head.split(b" ")[1])
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        writer.close()

    async def main():
        server = await asyncio.start_server(server_side, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            return await HTTP.get(f"http://127.0.0.1:{port}/a b/é?q=x y&r=%41")

    assert asyncio.run(main()) == Ok("")
    assert seen == [b"/a%20b/%C3%A9?q=x%20y&r=%41"]


def test_client_gives_up_on_a_server_that_never_answers(monkeypatch):
    from meshpy.runtime import httpclient

    monkeypatch.setattr(httpclient, "_CLIENT_RESPONSE_TIMEOUT", 0.5)
    port, result = _client_against(None)
    assert result == Err(f"http://127.0.0.1:{port}/: timed out waiting for the response")
