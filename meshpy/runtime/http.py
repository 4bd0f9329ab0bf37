"""The Mesh `HTTP` and `Request` modules (language reference 13.12).

Server
------

* A router is an immutable value (`Router`): every registration returns a new
  router. Routes are tried in three groups -- exact paths, then patterns with
  `:param` segments, then wildcard patterns ending in `/*` (`/*` matches
  every path, `/static/*` matches `/static` and everything below it) -- and
  in registration order within a group. `HTTP.route` matches any method,
  `HTTP.on_get`/`on_post`/`on_put`/`on_delete` one method. No match (also:
  the path matches but not the method) gives 404 with the body `Not Found`.
* Middleware (`HTTP.use`) wraps every request, matched or not: the first
  registered runs outermost; `next(req)` runs the rest of the chain and
  finally the route's handler (or the 404 responder). Routing happens before
  the chain runs, so middleware sees `Request.param` values.
* `HTTP.serve(r, port)` listens on 0.0.0.0:port (port 0: a free port, and the
  listening line names the real one), writes
  `[mesh-rt] HTTP server listening on 0.0.0.0:<port>` to stderr when ready,
  and never returns. A port that cannot be bound is a panic. Each request is
  read by the server, then handled in a Mesh process of its own
  (`#PID<n> (http GET /path)`): a panicking handler is reported on stderr
  like any process panic and only that request fails, with status 500 and
  the body `Internal Server Error`.
* HTTP/1.1 on the wire is `httptools` (meshpy/runtime/httpwire.py). Every
  malformed request gets 400 `Bad Request` (bad request line, method,
  version, header bytes, `Content-Length`, chunk sizes, `Content-Length`
  with `Transfer-Encoding`, HTTP/2 preface, `CONNECT`); a head over 64 KiB
  or 100 header lines 431; a body over 16 MiB 413 (an announced length is
  refused before the body is read); a request still incomplete 10 s (head)
  or 60 s (whole request) after its first byte 408. Each of these closes
  the connection. `Expect: 100-continue` is honoured.
* Keep-alive is opt-in: a connection stays open after a response only when
  the request said `Connection: keep-alive` (browsers, httpx, curl with the
  header, HTTP/1.0 keep-alive clients); the response then says
  `Connection: keep-alive`, the next request may come within 5 s, and
  pipelined requests are answered in order. Otherwise one request per
  connection and `Connection: close`, as in the reference (whose clients may
  read a response up to the end of the connection).
* Every response is HTTP/1.1 with `Content-Type: application/json;
  charset=utf-8`, `Content-Length` and `Connection`, then the extra headers
  of `HTTP.response_with_headers(status, body, headers)` in map order (a
  `Content-Type` there replaces the standard one; `Content-Length`,
  `Connection`, `Transfer-Encoding` are the server's and left out; CR and
  LF are dropped from names and values; a name that is not an HTTP token
  gives 500). A `HEAD` request gets the head
  only.
* `HTTP.serve_tls(r, port, cert, key)` is the same over TLS (Python's `ssl`;
  `cert`/`key` are PEM file paths); the line reads `[mesh-rt] HTTPS server
  listening on 0.0.0.0:<port>`. A certificate or key that cannot be loaded is
  a panic.

Handlers and middleware are Mesh closures: plain or `async def` callables;
a result that is awaitable is awaited (repeatedly: a middleware may return
what an async `next` returned). The `next` function given to a middleware
is a plain function: it returns the Response, or an awaitable of it when a
later stage is async, so middleware compiled as plain code works either way.
(Limitation: the checker gives `next` a non-blocking type, so a plain
middleware that does something after `next(req)` does it before an async
later stage has run; the response itself is always right.)

Requests: `Request.method/path/body` (the path without the query string,
the body decoded as UTF-8), `Request.header` (case-insensitive name; the
first of repeated headers), `Request.query` (percent- and `+`-decoded; the
first of repeated keys; `?flag` gives `Some("")`), `Request.param` (the
percent-decoded `:name` segment), each `Some(text)` or `None`.

Client
------

`HTTP.get(url)` / `HTTP.post(url, body)` are async and run on the event loop
(asyncio streams, responses parsed by httptools; https through `ssl` with
certificate verification). They follow up to 5 redirects and return
`Ok(body)` for a status below 400, else `Err("<url>: status code <n>")`;
transport failures (also: no response within 60 s, a body over 64 MiB) are
`Err("<url>: <what failed>")`. No proxies are used.
"""

import asyncio
import functools
import os
import ssl
import types
from collections.abc import Awaitable
from http import HTTPStatus
from urllib.parse import unquote, unquote_plus, urlsplit

from .httpclient import client_request
from .httpwire import DEFAULT_LIMITS, Limits, RequestReader, valid_header
from .httpwire import os_error as _os_error
from .panic import MeshPanic
from .process import exit_waiter, running, spawn_fn
from .report import write_stderr
from .values import NONE, Some

__all__ = ["HTTP", "Request", "Router", "Response", "HttpRequest", "Limits"]

_CoroutineType = types.CoroutineType
_PLAIN = frozenset((int, float, str, bool, type(None), list, dict, tuple))



def _awaitable(r):
    return r.__class__ is _CoroutineType or (r.__class__ not in _PLAIN and isinstance(r, Awaitable))


# --------------------------------------------------------------------------
# Values


class Response:
    """A Mesh `Response`: status, body and the extra headers of
    `HTTP.response_with_headers` ((name, value) pairs, written in order
    after the standard ones)."""

    __slots__ = ("status", "body", "headers")

    def __init__(self, status, body, headers=()):
        self.status = status
        self.body = body
        self.headers = headers

    def _display(self):
        return f"#Response<{self.status}>"

    __repr__ = _display

    def __eq__(self, other):
        return other.__class__ is Response and self.status == other.status and self.body == other.body

    def __hash__(self):
        return hash((self.status, self.body))


class HttpRequest:
    """A Mesh `Request` value (the module object is `Request`)."""

    __slots__ = ("method", "path", "body", "headers", "query", "params", "raw_query")

    def __init__(self, method, path, body="", headers=None, raw_query="", params=None):
        self.method = method
        self.path = path
        self.body = body
        self.headers = headers if headers is not None else {}  # lower-case name -> value
        self.raw_query = raw_query
        self.query = None  # parsed on first use
        self.params = params if params is not None else {}

    def _display(self):
        return f"#Request<{self.method} {self.path}>"

    __repr__ = _display


_EXACT, _PARAM, _WILDCARD = 0, 1, 2


class _Route:
    __slots__ = ("method", "pattern", "kind", "segments", "prefix", "handler")

    def __init__(self, method, pattern, handler):
        self.method = method        # None: any method
        self.pattern = pattern
        self.handler = handler
        if pattern.endswith("/*"):
            self.kind = _WILDCARD
            self.prefix = pattern[:-2]
            self.segments = self.prefix.split("/")
        else:
            self.segments = pattern.split("/")
            self.prefix = pattern
            self.kind = _PARAM if any(s[:1] == ":" for s in self.segments) else _EXACT

    def match(self, path, segments):
        """The params dict if this route's pattern matches, else None."""
        kind = self.kind
        if kind == _EXACT:
            return {} if path == self.pattern else None
        mine = self.segments
        if kind == _PARAM:
            if len(segments) != len(mine):
                return None
        elif self.prefix == "":
            return {}
        elif len(segments) < len(mine):
            return None
        params = {}
        for want, got in zip(mine, segments):
            if want[:1] == ":" and len(want) > 1:
                if got == "":
                    return None
                params[want[1:]] = unquote(got)
            elif want != got:
                return None
        return params


class Router:
    """A Mesh `Router`: routes per group and middleware, never mutated."""

    __slots__ = ("groups", "middleware")

    def __init__(self, groups=((), (), ()), middleware=()):
        self.groups = groups
        self.middleware = middleware

    def with_route(self, route):
        groups = list(self.groups)
        groups[route.kind] = groups[route.kind] + (route,)
        return Router(tuple(groups), self.middleware)

    def with_middleware(self, mw):
        return Router(self.groups, self.middleware + (mw,))

    def find(self, method, path):
        """(handler, params) of the first matching route, or (None, {})."""
        segments = path.split("/")
        for group in self.groups:
            for route in group:
                if route.method is not None and route.method != method:
                    continue
                params = route.match(path, segments)
                if params is not None:
                    return route.handler, params
        return None, {}

    def _display(self):
        n = sum(len(g) for g in self.groups)
        return f"#Router<{n} routes>"

    __repr__ = _display


# --------------------------------------------------------------------------
# Running a request through middleware and handler


def _not_found(req):
    return Response(404, "Not Found")


def _layer(mw, nxt):
    def next_(req):
        return mw(req, nxt)
    return next_


def _chain(middleware, final):
    nxt = final
    for mw in reversed(middleware):
        nxt = _layer(mw, nxt)
    return nxt


async def _respond(chain, req):
    r = chain(req)
    while _awaitable(r):
        r = await r
    return r


async def handle(router, req):
    """Route req and run it through the middleware (in the current task);
    returns the Response. Exceptions propagate."""
    handler, params = router.find(req.method, req.path)
    req.params = params
    return await _respond(_chain(router.middleware, handler or _not_found), req)


# --------------------------------------------------------------------------
# The server


_READ_SIZE = 64 * 1024
_LINGER_SECONDS = 2.0
_LINGER_BYTES = 4 * 1024 * 1024


def _reason(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def response_with_headers(status, body, headers):
    """`HTTP.response_with_headers` (supplement 9.4): the map's entries, in
    map order; CR/LF are dropped so a value cannot start a new header."""
    def clean(text):
        return str(text).replace("\r", "").replace("\n", "")

    return Response(status, body, tuple((clean(k), clean(v)) for k, v in headers.items()))


def _encode_response(status, body, keep_alive=False, headers=None, head_only=False):
    """The response bytes. headers: extra (name, value) pairs, already
    checked; a Content-Type among them replaces the standard one."""
    data = body.encode("utf-8", "surrogatepass")
    content_type = "application/json; charset=utf-8"
    extra = ""
    if headers:
        for name, value in headers:
            if name.lower() == "content-type":
                content_type = value
            else:
                extra += f"{name}: {value}\r\n"
    head = (f"HTTP/1.1 {status} {_reason(status)}\r\n"
            f"Content-Type: {content_type}\r\n"
            f"Content-Length: {len(data)}\r\n"
            f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n{extra}\r\n")
    head = head.encode("utf-8")
    return head if head_only else head + data


def _error_response(status):
    return _encode_response(status, _reason(status))


def _make_request(parsed):
    """The Mesh Request for a request read from the wire."""
    target = parsed.target
    if target.startswith("http://") or target.startswith("https://"):
        s = urlsplit(target)
        target = (s.path or "/") + ("?" + s.query if s.query else "")
    path, _, raw_query = target.partition("?")
    path = path.split("#", 1)[0]
    return HttpRequest(parsed.method, path, parsed.body.decode("utf-8", "replace"),
                       parsed.headers, raw_query)


def _checked_headers(proc, headers):
    """The (name, value) pairs of a Response's extra headers, or None (and
    an error line) when one cannot be written as it is (a name that is not
    a token). Framing headers belong to the server and are left out."""
    pairs = []
    for name, value in headers:
        if not valid_header(name, value):
            write_stderr(f"error in {proc.describe()}: invalid response header {name!r}: {value!r}\n")
            return None
        if name.lower() not in _FRAMING_HEADERS:
            pairs.append((name, value))
    return pairs


_FRAMING_HEADERS = frozenset(("content-length", "connection", "transfer-encoding", "keep-alive"))


async def _run_in_process(router, req):
    """Handle req in a Mesh process of its own; (status, body, extra
    headers), or a 500 if the handler panicked (the process reports the
    panic) or returned something that cannot be sent."""
    proc = spawn_fn(functools.partial(handle, router, req), "http", f"{req.method} {req.path}")
    await exit_waiter(proc, None)
    result = proc.exit_value
    if proc.exit_reason is not None:
        return _SERVER_ERROR
    if result.__class__ is not Response:
        write_stderr(f"error in {proc.describe()}: the handler returned {result!r}, not a Response\n")
        return _SERVER_ERROR
    status = result.status
    if status.__class__ is not int or not 100 <= status <= 999:
        write_stderr(f"error in {proc.describe()}: invalid response status {status!r}\n")
        return _SERVER_ERROR
    if result.body.__class__ is not str:
        write_stderr(f"error in {proc.describe()}: the response body is {result.body!r}, not a String\n")
        return _SERVER_ERROR
    headers = result.headers
    if headers:
        headers = _checked_headers(proc, headers)
        if headers is None:
            return _SERVER_ERROR
    return status, result.body, headers


_SERVER_ERROR = (500, "Internal Server Error", None)

# Load shedding: at most this many requests are being handled at once (in
# all servers of the program); beyond it a request is answered 503 with
# Retry-After at once, without running its handler, so memory and latency
# stay bounded whatever the offered load. MESH_HTTP_MAX_INFLIGHT overrides
# it (0: no limit).
MAX_INFLIGHT = 512
_OVERLOADED = (503, '{"error":"overloaded, retry later"}', [("Retry-After", "1")])
_inflight = 0


def _max_inflight():
    raw = os.environ.get("MESH_HTTP_MAX_INFLIGHT", "")
    try:
        return int(raw) if raw else MAX_INFLIGHT
    except ValueError:
        return MAX_INFLIGHT


async def _answer(router, req, limit):
    global _inflight
    if limit and _inflight >= limit:
        return _OVERLOADED
    _inflight += 1
    try:
        return await _run_in_process(router, req)
    finally:
        _inflight -= 1


def _p_stopping():
    prog = running()
    return prog is not None and prog.stopping


class _Connection:
    """One client connection: read requests (in order, pipelined or not),
    answer each from a Mesh process, keep the connection while the client
    asks for keep-alive, answer bad input with 400/408/413/431 and close."""

    __slots__ = ("router", "limits", "max_inflight", "reader", "writer", "wire", "loop", "served")

    def __init__(self, router, limits, max_inflight, reader, writer):
        self.router = router
        self.limits = limits
        self.max_inflight = max_inflight
        self.reader = reader
        self.writer = writer
        self.loop = asyncio.get_running_loop()
        self.wire = RequestReader(limits, self.loop.time)
        self.served = 0

    async def run(self):
        while True:
            item = await self._next_request()
            if item is None:
                return
            if item.__class__ is int:  # an error status: answer it and close
                await self._send(_error_response(item))
                await self._linger()
                return
            req = _make_request(item)
            status, body, headers = await _answer(self.router, req, self.max_inflight)
            # During a graceful shutdown a connection ends after its answer.
            keep = item.keep_alive and not _p_stopping()
            await self._send(_encode_response(status, body, keep, headers, req.method == "HEAD"))
            self.served += 1
            if not keep:
                return

    async def _next_request(self):
        """The next ParsedRequest; an int status to answer instead; None
        when the connection should just close (client gone, idle)."""
        wire = self.wire
        if wire.ready:
            return wire.ready.popleft()
        if wire.error is not None:
            return wire.error
        if wire.stopped:
            return None
        waiting_since = self.loop.time()
        try:
            async with asyncio.timeout(None) as deadline:
                while not wire.ready and wire.error is None:
                    deadline.reschedule(self._deadline(waiting_since))
                    data = await self.reader.read(_READ_SIZE)
                    if not data:  # the client closed (or half-closed) its side
                        return 400 if wire.began_at is not None else None
                    wire.feed(data)
                    if wire.continue_wanted:
                        wire.continue_wanted = False
                        if wire.began_at is not None:  # the body has not all come yet
                            self.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        except TimeoutError:
            return 408 if wire.began_at is not None else None
        return wire.ready.popleft() if wire.ready else wire.error

    def _deadline(self, waiting_since):
        """When the current wait for bytes ends (loop time)."""
        wire, limits = self.wire, self.limits
        began = wire.began_at
        if began is None:  # between requests
            wait = limits.idle_timeout if self.served else limits.head_timeout
            return waiting_since + wait
        if wire.in_head:
            return began + min(limits.head_timeout, limits.request_timeout)
        return began + limits.request_timeout

    async def _linger(self):
        """After an error answer the client may still be sending (a body
        too large, a header that never ends). Closing with unread input
        makes the kernel reset the connection, and the client could lose
        the answer: so stop writing, then read and drop what still comes,
        for a short while."""
        writer = self.writer
        if not writer.can_write_eof():  # TLS
            return
        writer.write_eof()
        try:
            async with asyncio.timeout(_LINGER_SECONDS):
                dropped = 0
                while dropped < _LINGER_BYTES:
                    data = await self.reader.read(_READ_SIZE)
                    if not data:
                        return
                    dropped += len(data)
        except TimeoutError:
            pass

    async def _send(self, data):
        writer = self.writer
        writer.write(data)
        if writer.transport.get_write_buffer_size():
            async with asyncio.timeout(self.limits.write_timeout):
                await writer.drain()


async def _serve_connection(router, limits, max_inflight, reader, writer):
    try:
        await _Connection(router, limits, max_inflight, reader, writer).run()
    except (ConnectionError, OSError, TimeoutError):
        pass  # the client went away or stopped reading
    except Exception as e:  # noqa: BLE001 - a runtime bug: say so, keep serving
        write_stderr(f"[mesh-rt] HTTP connection error: {type(e).__name__}: {e}\n")
    finally:
        await _close(writer)


async def _close(writer):
    try:
        writer.close()
        async with asyncio.timeout(1.0):
            await writer.wait_closed()
    except (Exception, asyncio.CancelledError):  # noqa: BLE001 - closing anyway
        writer.transport.abort()


def _check_port(what, port):
    if port.__class__ is not int or not 0 <= port <= 65535:
        raise MeshPanic(f"{what}: invalid port {port}")


async def serve_router(router, port, ssl_context=None, on_ready=None, limits=DEFAULT_LIMITS):
    """Listen on 0.0.0.0:port and serve router forever. on_ready(port) is
    called (with the bound port) right after the listening line."""
    what = "HTTP.serve_tls" if ssl_context is not None else "HTTP.serve"
    _check_port(what, port)
    try:
        server = await asyncio.start_server(
            # the shedding limit is read from the environment once per server
            functools.partial(_serve_connection, router, limits, _max_inflight()), "0.0.0.0", port,
            ssl=ssl_context, backlog=1024, reuse_address=True, limit=_READ_SIZE)
    except OSError as e:
        raise MeshPanic(f"{what}: cannot listen on 0.0.0.0:{port}: {_os_error(e)}") from None
    actual = server.sockets[0].getsockname()[1] if server.sockets else port
    kind = "HTTPS" if ssl_context is not None else "HTTP"
    write_stderr(f"[mesh-rt] {kind} server listening on 0.0.0.0:{actual}\n")
    if on_ready is not None:
        on_ready(actual)
    from .program import on_shutdown
    stopped = []

    def stop_accepting():  # graceful shutdown (program.py): serve returns
        stopped.append(True)
        server.close()
    unregister = on_shutdown(stop_accepting)
    try:
        await server.serve_forever()
    except asyncio.CancelledError:
        if not stopped:
            raise
    finally:
        unregister()
        server.close()
    return None


def _tls_context(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        ctx.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError, ValueError) as e:
        raise MeshPanic(f"HTTP.serve_tls: cannot load certificate {cert!r} and key {key!r}: "
                        f"{_os_error(e)}") from None
    return ctx


# --------------------------------------------------------------------------
# The Mesh modules


def _route(method):
    def register(r, path, handler):
        return r.with_route(_Route(method, path, handler))
    return register


def _async_version(f):
    """`HTTP.route_async` & co.: what the compiler calls when the closure
    argument is async. Registration itself never waits."""
    async def g(*args):
        return f(*args)
    g.__name__ = f.__name__ + "_async"
    return g


class _HTTPModule:
    """Mesh `HTTP`."""

    __slots__ = ()

    @staticmethod
    def router():
        return Router()

    route = staticmethod(_route(None))
    on_get = staticmethod(_route("GET"))
    on_post = staticmethod(_route("POST"))
    on_put = staticmethod(_route("PUT"))
    on_delete = staticmethod(_route("DELETE"))

    @staticmethod
    def use(r, mw):
        return r.with_middleware(mw)

    @staticmethod
    async def serve(r, port):
        return await serve_router(r, port)

    @staticmethod
    async def serve_tls(r, port, cert, key):
        _check_port("HTTP.serve_tls", port)
        return await serve_router(r, port, _tls_context(cert, key))

    @staticmethod
    def response(status, body):
        return Response(status, body)

    response_with_headers = staticmethod(response_with_headers)

    @staticmethod
    async def get(url):
        return await client_request("GET", url)

    @staticmethod
    async def post(url, body):
        return await client_request("POST", url, body)

    route_async = staticmethod(_async_version(_route(None)))
    on_get_async = staticmethod(_async_version(_route("GET")))
    on_post_async = staticmethod(_async_version(_route("POST")))
    on_put_async = staticmethod(_async_version(_route("PUT")))
    on_delete_async = staticmethod(_async_version(_route("DELETE")))
    use_async = staticmethod(_async_version(lambda r, mw: r.with_middleware(mw)))


def _opt(v):
    return NONE if v is None else Some(v)


def _query(req):
    q = req.query
    if q is None:
        q = {}
        if req.raw_query:
            for part in req.raw_query.split("&"):
                if not part:
                    continue
                k, _, v = part.partition("=")
                k = unquote_plus(k)
                if k not in q:
                    q[k] = unquote_plus(v)
        req.query = q
    return q


class _RequestModule:
    """Mesh `Request`."""

    __slots__ = ()

    @staticmethod
    def method(r):
        return r.method

    @staticmethod
    def path(r):
        return r.path

    @staticmethod
    def body(r):
        return r.body

    @staticmethod
    def header(r, name):
        return _opt(r.headers.get(name.lower()))

    @staticmethod
    def query(r, name):
        return _opt(_query(r).get(name))

    @staticmethod
    def param(r, name):
        return _opt(r.params.get(name))


HTTP = _HTTPModule()
Request = _RequestModule()
