"""`HTTP.response_with_headers` and the 202/429 reason phrases (supplement
9.4), over a real socket: the extra headers follow the standard ones, in
map order."""

import asyncio

from meshpy.runtime.actors import run_program, spawn_fn
from meshpy.runtime.http import HTTP, serve_router
from meshpy.runtime.process import kill


def exchange(router, request: bytes) -> bytes:
    box = {}

    async def main():
        ready = asyncio.get_running_loop().create_future()
        server = spawn_fn(lambda: serve_router(router, 0, None, on_ready=ready.set_result))
        port = await ready
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            await writer.drain()
            box["resp"] = await reader.read()
            writer.close()
        finally:
            kill(server, "test over", False)

    assert run_program(main) == 0
    return box["resp"]


def test_response_with_headers_on_the_wire(capsys):
    headers = {"X-Request-Id": "abc-123", "Retry-After": "30", "Cache-Control": "no-store"}
    r = HTTP.on_get(HTTP.router(), "/limited",
                    lambda req: HTTP.response_with_headers(429, '{"error":"slow down"}', headers))
    resp = exchange(r, b"GET /limited HTTP/1.1\r\nHost: x\r\n\r\n")
    assert resp == (b"HTTP/1.1 429 Too Many Requests\r\n"
                    b"Content-Type: application/json; charset=utf-8\r\nContent-Length: 21\r\n"
                    b"Connection: close\r\n"
                    b"X-Request-Id: abc-123\r\nRetry-After: 30\r\nCache-Control: no-store\r\n\r\n"
                    b'{"error":"slow down"}')


def test_202_and_header_values_cannot_inject_lines(capsys):
    r = HTTP.on_post(HTTP.router(), "/events", lambda req: HTTP.response_with_headers(
        202, "{}", {"Location": "/events/1\r\nSet-Cookie: evil=1"}))
    resp = exchange(r, b"POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
    head = resp.split(b"\r\n\r\n")[0].split(b"\r\n")
    assert head[0] == b"HTTP/1.1 202 Accepted"
    assert head[-1] == b"Location: /events/1Set-Cookie: evil=1"


def test_plain_response_has_no_extra_headers():
    assert HTTP.response(200, "x").headers == ()
    assert HTTP.response_with_headers(200, "x", {}).headers == ()
