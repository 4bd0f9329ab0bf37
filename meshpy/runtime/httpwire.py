"""HTTP/1.1 on the wire for meshpy/runtime/http.py: the server's request
reader and the client's response reader, both on `httptools` (llhttp, the
parser behind Node.js and uvicorn). This module turns bytes into requests
and responses and says what to answer to bad input; it knows nothing of
routers, processes or Mesh values.

Server side, per connection, a `RequestReader` is fed whatever the socket
delivers and collects complete requests in order (pipelining). Everything
llhttp rejects -- a bad request line, method or version, bad header bytes,
conflicting or malformed `Content-Length`, `Content-Length` together with
`Transfer-Encoding`, a transfer coding other than `chunked`, bad chunk
sizes, an HTTP/2 preface, `CONNECT` -- becomes status 400; a head over the
size limits 431; a body over the limit 413. After such an error the reader
stops: the connection answers the error and closes.
"""

import os
import re
import ssl
from collections import deque

import httptools

__all__ = ["Limits", "DEFAULT_LIMITS", "RequestReader", "ResponseReader", "ClientWireError"]


class Limits:
    """What one request may use. Sizes in bytes, times in seconds.

    * max_head: request line plus header lines (431 beyond).
    * max_headers: number of header lines (431 beyond).
    * max_body: decoded body (413 beyond; a too large `Content-Length` is
      refused before any of the body is read).
    * head_timeout: the head must be complete this long after its first
      byte arrived; also how long a new connection may stay silent.
    * request_timeout: the whole request (head and body) must be complete
      this long after its first byte (slow senders get 408).
    * idle_timeout: how long a kept-alive connection may wait for the next
      request before the server closes it.
    * write_timeout: how long a response may wait for a client that does
      not read before the connection is dropped.
    """

    __slots__ = ("max_head", "max_headers", "max_body", "head_timeout", "request_timeout",
                 "idle_timeout", "write_timeout")

    def __init__(self, max_head=64 * 1024, max_headers=100, max_body=16 * 1024 * 1024,
                 head_timeout=10.0, request_timeout=60.0, idle_timeout=5.0, write_timeout=30.0):
        self.max_head = max_head
        self.max_headers = max_headers
        self.max_body = max_body
        self.head_timeout = head_timeout
        self.request_timeout = request_timeout
        self.idle_timeout = idle_timeout
        self.write_timeout = write_timeout


DEFAULT_LIMITS = Limits()


class _Refuse(Exception):
    """Raised inside a parser callback: answer this status and stop."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def header_text(raw):
    """Header (and target) bytes as text: UTF-8 where they are, else latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _tokens(value):
    return {t.strip().lower() for t in value.split(",")}


class ParsedRequest:
    """One complete request as read from the wire (bytes not yet decoded
    beyond the headers)."""

    __slots__ = ("method", "target", "headers", "body", "keep_alive")

    def __init__(self, method, target, headers, body, keep_alive):
        self.method = method          # str, e.g. "GET"
        self.target = target          # str, the request target as sent
        self.headers = headers        # lower-case name -> first value
        self.body = body              # bytes
        self.keep_alive = keep_alive  # the client asked for it and may have it


class RequestReader:
    """Feed it a connection's bytes with `feed`; complete requests appear in
    `ready`, and `error` is set (400/413/431) when the input went wrong.

    Timing: `began_at` is when the current request's first byte arrived
    (None between requests) and `in_head` whether its head is still open;
    the connection uses them to apply the Limits' timeouts."""

    __slots__ = ("_parser", "limits", "ready", "error", "stopped", "began_at", "in_head",
                 "_clock", "_url", "_url_size", "_headers", "_header_count", "_head_size", "_raw",
                 "_body", "_body_size", "continue_wanted")

    def __init__(self, limits, clock):
        self._parser = httptools.HttpRequestParser(self)
        self.limits = limits
        self._clock = clock
        self.ready = deque()
        self.error = None             # status the connection answers after `ready`
        self.stopped = False          # no more requests on this connection
        self.began_at = None
        self.in_head = True
        self.continue_wanted = False  # a request sent `Expect: 100-continue`
        self._raw = 0                 # bytes fed since the last request ended
        self._reset()

    def _reset(self):
        self._url = []       # parts: llhttp may deliver the target piecewise
        self._url_size = 0
        self._headers = {}
        self._header_count = 0
        self._head_size = 0
        self._body = []
        self._body_size = 0

    # -- feeding ------------------------------------------------------------

    def feed(self, data):
        """Parse data; returns nothing (see `ready`, `error`, `stopped`)."""
        if self.stopped:
            return
        self._raw += len(data)
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._upgraded()
        except httptools.HttpParserCallbackError as e:
            refusal = e.__context__
            self._fail(refusal.status if isinstance(refusal, _Refuse) else 400)
        except httptools.HttpParserError:
            self._fail(400)
        else:
            self._check_raw_size(len(data))

    def _check_raw_size(self, last):
        """A header or trailer line that never ends (megabytes without a
        line break) is only seen here: httptools buffers a whole line before
        calling back. `last` bytes may belong to the previous request."""
        limits = self.limits
        if self.in_head:
            if self._raw > limits.max_head + last:
                self._fail(431)
        elif self._raw > limits.max_head + 2 * limits.max_body + last:
            self._fail(413)

    def _fail(self, status):
        self.error = status
        self.stopped = True

    def _upgraded(self):
        """llhttp stops after a request with `Upgrade:`. The server speaks
        no other protocol on this port: the request is answered as a plain
        one, then the connection closes."""
        self.stopped = True
        if self.ready:
            self.ready[-1].keep_alive = False

    # -- httptools callbacks ---------------------------------------------------

    def on_message_begin(self):
        self.began_at = self._clock()
        self.in_head = True
        self._reset()

    def on_url(self, part):
        self._url.append(part)
        self._url_size += len(part)
        if self._url_size > self.limits.max_head:
            raise _Refuse(431)

    def on_header(self, name, value):
        if not self.in_head:  # a chunked body's trailer fields: checked, then dropped
            return
        self._header_count += 1
        self._head_size += len(name) + len(value) + 4
        if self._header_count > self.limits.max_headers or \
                self._head_size + self._url_size > self.limits.max_head:
            raise _Refuse(431)
        key = name.decode("latin-1").lower()
        if key not in self._headers:
            self._headers[key] = header_text(value)
        elif key == "host":  # RFC 9112 3.2: more than one Host is a bad request
            raise _Refuse(400)

    def on_headers_complete(self):
        self.in_head = False
        headers = self._headers
        parser = self._parser
        if parser.get_http_version() not in ("1.0", "1.1") or parser.get_method() == b"CONNECT":
            raise _Refuse(400)  # no proxy here
        te = headers.get("transfer-encoding")
        if te is not None and te.strip().lower() != "chunked":
            raise _Refuse(400)  # llhttp lets `gzip, chunked` through; we decode none of them
        length = headers.get("content-length")
        if length is not None and int(length) > self.limits.max_body:
            raise _Refuse(413)
        expect = headers.get("expect")
        if expect is not None and expect.strip().lower() == "100-continue" and not self.ready:
            self.continue_wanted = True

    def on_body(self, part):
        self._body_size += len(part)
        if self._body_size > self.limits.max_body:
            raise _Refuse(413)
        self._body.append(part)

    def on_message_complete(self):
        parser = self._parser
        connection = self._headers.get("connection")
        # Keep-alive is opt-in (see http.py): only when the client asks.
        keep = (connection is not None and parser.should_keep_alive()
                and "keep-alive" in _tokens(connection))
        self.ready.append(ParsedRequest(
            parser.get_method().decode("ascii"), header_text(b"".join(self._url)), self._headers,
            b"".join(self._body), keep))
        self.began_at = None
        self.in_head = True
        self._raw = 0
        self._reset()


# --------------------------------------------------------------------------
# Client side


class ClientWireError(Exception):
    """A response that cannot be read; the message says why."""


class ResponseReader:
    """Feed it the bytes of one response; `done` once a final (non-1xx)
    response is complete. `finish()` at end of input completes a response
    whose body runs to the end of the connection."""

    __slots__ = ("_parser", "_max_body", "status", "headers", "_body", "_size", "done",
                 "_head_done", "_framed")

    def __init__(self, max_body):
        self._parser = httptools.HttpResponseParser(self)
        self._max_body = max_body
        self.status = None
        self.headers = {}
        self._body = []
        self._size = 0
        self.done = False
        self._head_done = False
        self._framed = False

    @property
    def body(self):
        return b"".join(self._body)

    def feed(self, data):
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserCallbackError as e:
            raise ClientWireError(str(e.__context__ or e)) from None
        except httptools.HttpParserUpgrade:
            raise ClientWireError("unexpected protocol upgrade") from None
        except httptools.HttpParserError as e:
            raise ClientWireError(f"malformed response: {e}") from None

    def finish(self):
        """End of input: fine if the body was delimited by the close."""
        if self.done:
            return
        if not self._head_done:
            raise ClientWireError("connection closed before a complete response head")
        if self._framed:
            raise ClientWireError("connection closed before the end of the body")
        self.done = True

    def on_message_begin(self):
        self.headers = {}
        self._body = []
        self._size = 0
        self._head_done = False

    def on_header(self, name, value):
        self.headers.setdefault(name.decode("latin-1").lower(), header_text(value))

    def on_headers_complete(self):
        self._head_done = True
        self.status = self._parser.get_status_code()
        h = self.headers
        self._framed = "content-length" in h or "chunked" in h.get("transfer-encoding", "").lower()

    def on_body(self, part):
        self._size += len(part)
        if self._size > self._max_body:
            raise ClientWireError("response body too large")
        self._body.append(part)

    def on_message_complete(self):
        # 1xx responses (100 Continue, 103 Early Hints) precede the real one.
        if not 100 <= self.status < 200 or self.status == 101:
            self.done = True


_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_BAD_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def valid_header(name, value):
    """Can this pair be written as a response header line as it is?"""
    return (isinstance(name, str) and isinstance(value, str) and _TOKEN.match(name) is not None
            and _BAD_VALUE.search(value) is None)


def os_error(e):
    """An OS error in the reference's (Rust's) style: `Connection refused
    (os error 111)`."""
    if isinstance(e, OSError) and e.errno is not None and not isinstance(e, ssl.SSLError):
        return f"{os.strerror(e.errno)} (os error {e.errno})"
    text = str(e)
    return text or type(e).__name__
