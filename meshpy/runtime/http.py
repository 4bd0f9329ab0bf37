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
  the body `Internal Server Error`. A request that cannot be parsed gets 400
  (`Bad Request`). One request per connection.
* Every response is HTTP/1.1 with `Content-Type: application/json;
  charset=utf-8`, `Content-Length` and `Connection: close`.
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
(asyncio streams; https through `ssl` with certificate verification). They
follow up to 5 redirects and return `Ok(body)` for a status below 400, else
`Err("<url>: status code <n>")`; transport failures are
`Err("<url>: <what failed>")`. No proxies are used.
"""

import asyncio
import functools
import os
import ssl
import types
from collections.abc import Awaitable
from http import HTTPStatus
from urllib.parse import unquote, unquote_plus, urljoin, urlsplit

from .panic import MeshPanic
from .process import Process, _run_fn, exit_waiter
from .report import write_stderr
from .values import NONE, Err, Ok, Some

__all__ = ["HTTP", "Request", "Router", "Response", "HttpRequest"]

_CoroutineType = types.CoroutineType
_PLAIN = frozenset((int, float, str, bool, type(None), list, dict, tuple))

# Limits of the server's request parser.
_MAX_HEAD = 64 * 1024          # request line + headers
_MAX_BODY = 64 * 1024 * 1024
_READ_TIMEOUT = 30.0           # seconds to receive a complete request
_CLIENT_CONNECT_TIMEOUT = 30.0
_MAX_REDIRECTS = 5

_CONTENT_TYPE = b"application/json; charset=utf-8"


def _awaitable(r):
    return r.__class__ is _CoroutineType or (r.__class__ not in _PLAIN and isinstance(r, Awaitable))


def _os_error(e):
    """An OS error in the reference's (Rust's) style: `Connection refused
    (os error 111)`."""
    if isinstance(e, OSError) and e.errno is not None and not isinstance(e, ssl.SSLError):
        return f"{os.strerror(e.errno)} (os error {e.errno})"
    text = str(e)
    return text or type(e).__name__


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


class _BadRequest(Exception):
    pass


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


def _encode_response(status, body, headers=()):
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else bytes(body)
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers)
    head = (f"HTTP/1.1 {status} {_reason(status)}\r\n"
            f"Content-Type: application/json; charset=utf-8\r\n"
            f"Content-Length: {len(data)}\r\n"
            f"Connection: close\r\n{extra}\r\n")
    return head.encode("utf-8") + data


async def _read_chunked(reader):
    parts = []
    total = 0
    while True:
        line = await reader.readline()
        if not line.endswith(b"\n"):
            raise _BadRequest("truncated chunked body")
        size_text = line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise _BadRequest("bad chunk size") from None
        if size == 0:
            while True:  # trailers
                t = await reader.readline()
                if t in (b"\r\n", b"\n", b""):
                    break
            return b"".join(parts)
        total += size
        if total > _MAX_BODY:
            raise _BadRequest("body too large")
        parts.append(await reader.readexactly(size))
        await reader.readline()


async def _read_request(reader, writer):
    """Parse one request; None if the client closed without sending one."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as e:
        if not e.partial.strip():
            return None
        raise _BadRequest("incomplete request") from None
    except asyncio.LimitOverrunError:
        raise _BadRequest("request head too large") from None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise _BadRequest("bad request line")
    method, target, _version = parts
    headers = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            raise _BadRequest("bad header line")
        key = name.lower()
        if key not in headers:
            headers[key] = _header_text(value.strip())
    if target.startswith("http://") or target.startswith("https://"):
        s = urlsplit(target)
        target = (s.path or "/") + ("?" + s.query if s.query else "")
    path, _, raw_query = target.partition("?")
    path = path.split("#", 1)[0]
    if headers.get("expect", "").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    te = headers.get("transfer-encoding", "").lower()
    if "chunked" in te:
        data = await _read_chunked(reader)
    else:
        length = headers.get("content-length")
        if length is None:
            data = b""
        else:
            try:
                n = int(length)
            except ValueError:
                raise _BadRequest("bad Content-Length") from None
            if n < 0 or n > _MAX_BODY:
                raise _BadRequest("bad Content-Length")
            data = await reader.readexactly(n) if n else b""
    return HttpRequest(method, path, data.decode("utf-8", "replace"), headers, raw_query)


def _header_text(value):
    """Header bytes were decoded as latin-1; give UTF-8 text where it is."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


async def _run_in_process(router, req):
    """Handle req in a Mesh process of its own; the Response, or 500 if the
    handler panicked (the process reports the panic)."""
    proc = Process(_run_fn, functools.partial(handle, router, req), (), "http",
                   f"{req.method} {req.path}")
    await exit_waiter(proc, None)
    result = proc._result
    if proc._reason is None and result.__class__ is Response:
        return result
    if proc._reason is None:
        write_stderr(f"error in {proc.describe()}: the handler returned {result!r}, not a Response\n")
    return Response(500, "Internal Server Error")


async def _connection(router, reader, writer):
    try:
        try:
            req = await asyncio.wait_for(_read_request(reader, writer), _READ_TIMEOUT)
        except (_BadRequest, asyncio.IncompleteReadError, asyncio.LimitOverrunError, UnicodeError):
            req = False
        except (asyncio.TimeoutError, ConnectionError, OSError):
            return
        if req is None:
            return
        if req is False:
            resp = Response(400, "Bad Request")
        else:
            resp = await _run_in_process(router, req)
        status = resp.status
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 999:
            resp = Response(500, "Internal Server Error")
        writer.write(_encode_response(resp.status, resp.body, resp.headers))
        await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.close()
            await writer.wait_closed()
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        except Exception:  # e.g. ssl errors on close
            pass


def _check_port(what, port):
    if port.__class__ is not int or not 0 <= port <= 65535:
        raise MeshPanic(f"{what}: invalid port {port}")


async def serve_router(router, port, ssl_context=None, on_ready=None):
    """Listen on 0.0.0.0:port and serve router forever. on_ready(port) is
    called (with the bound port) right after the listening line."""
    what = "HTTP.serve_tls" if ssl_context is not None else "HTTP.serve"
    _check_port(what, port)
    try:
        server = await asyncio.start_server(
            functools.partial(_connection, router), "0.0.0.0", port,
            ssl=ssl_context, backlog=1024, reuse_address=True, limit=_MAX_HEAD)
    except OSError as e:
        raise MeshPanic(f"{what}: cannot listen on 0.0.0.0:{port}: {_os_error(e)}") from None
    actual = server.sockets[0].getsockname()[1] if server.sockets else port
    kind = "HTTPS" if ssl_context is not None else "HTTP"
    write_stderr(f"[mesh-rt] {kind} server listening on 0.0.0.0:{actual}\n")
    if on_ready is not None:
        on_ready(actual)
    try:
        await server.serve_forever()
    finally:
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
# The client


class _ClientError(Exception):
    pass


async def _read_response(reader, method):
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        raise _ClientError("connection closed before a complete response head") from None
    except asyncio.LimitOverrunError:
        raise _ClientError("response head too large") from None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise _ClientError(f"bad status line {lines[0]!r}")
    status = int(parts[1])
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers.setdefault(name.strip().lower(), value.strip())
    if status in (100, 101, 102, 103) and status != 101:
        return await _read_response(reader, method)
    if method == "HEAD" or status in (204, 304):
        data = b""
    elif "chunked" in headers.get("transfer-encoding", "").lower():
        try:
            data = await _read_chunked(reader)
        except (_BadRequest, asyncio.IncompleteReadError):
            raise _ClientError("malformed chunked body") from None
    elif "content-length" in headers:
        try:
            n = int(headers["content-length"])
            data = await reader.readexactly(n)
        except ValueError:
            raise _ClientError("bad Content-Length") from None
        except asyncio.IncompleteReadError:
            raise _ClientError("connection closed before the end of the body") from None
    else:
        data = await reader.read()
    return status, headers, data


_client_ssl = None


def _client_context():
    global _client_ssl
    if _client_ssl is None:
        _client_ssl = ssl.create_default_context()
    return _client_ssl


async def _exchange(method, url, body):
    """One request/response; returns (status, headers, body bytes)."""
    s = urlsplit(url)
    scheme = s.scheme.lower()
    if scheme not in ("http", "https"):
        raise _ClientError(f"unsupported url scheme {s.scheme!r}" if s.scheme else "invalid url")
    host = s.hostname
    if not host:
        raise _ClientError("invalid url: no host")
    try:
        port = s.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise _ClientError("invalid url: bad port") from None
    tls = _client_context() if scheme == "https" else None
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=tls, server_hostname=host if tls else None,
                                    limit=_MAX_HEAD),
            _CLIENT_CONNECT_TIMEOUT)
    except asyncio.TimeoutError:
        raise _ClientError("connection failed: timed out") from None
    except (OSError, ssl.SSLError) as e:
        raise _ClientError(f"connection failed: {_os_error(e)}") from None
    try:
        target = s.path or "/"
        if s.query:
            target += "?" + s.query
        host_header = host if ":" not in host else f"[{host}]"
        if s.port:
            host_header += f":{s.port}"
        lines = [f"{method} {target} HTTP/1.1", f"Host: {host_header}",
                 "User-Agent: meshpy", "Accept: */*", "Connection: close"]
        data = b""
        if body is not None:
            data = body.encode("utf-8", "surrogatepass")
            lines.append("Content-Type: text/plain; charset=utf-8")
            lines.append(f"Content-Length: {len(data)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + data)
        await writer.drain()
        return await _read_response(reader, method)
    except (OSError, ssl.SSLError) as e:
        raise _ClientError(_os_error(e)) from None
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except Exception:
            pass


async def client_request(method, url, body=None):
    """Ok(body text) or Err(message); follows redirects."""
    current = url
    for _ in range(_MAX_REDIRECTS + 1):
        try:
            status, headers, data = await _exchange(method, current, body)
        except _ClientError as e:
            return Err(f"{url}: {e}")
        location = headers.get("location")
        if status in (301, 302, 303, 307, 308) and location:
            current = urljoin(current, location)
            if status == 303 or (status in (301, 302) and method == "POST"):
                method, body = "GET", None
            continue
        if status >= 400:
            return Err(f"{url}: status code {status}")
        return Ok(data.decode("utf-8", "replace"))
    return Err(f"{url}: too many redirects")


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
