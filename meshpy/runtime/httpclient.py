"""The HTTP client behind `HTTP.get` / `HTTP.post` (http.py): one
request per connection, redirects followed, `Ok(body)` or
`Err("<url>: <what failed>")`. No proxies are used."""

import asyncio
import ssl
from urllib.parse import quote, urljoin, urlsplit

from .httpwire import ClientWireError, ResponseReader
from .httpwire import os_error as _os_error
from .values import Err, Ok

# The client's limits (the server's are httpwire.Limits).
_CLIENT_CONNECT_TIMEOUT = 30.0
_CLIENT_RESPONSE_TIMEOUT = 60.0   # from the request sent to the response read
_MAX_CLIENT_BODY = 64 * 1024 * 1024
_MAX_REDIRECTS = 5
_READ_SIZE = 64 * 1024


class _ClientError(Exception):
    pass


async def _read_response(reader):
    """(status, headers, body bytes) of the response on reader."""
    wire = ResponseReader(_MAX_CLIENT_BODY)
    try:
        while not wire.done:
            data = await reader.read(_READ_SIZE)
            if not data:
                wire.finish()
                break
            wire.feed(data)
    except ClientWireError as e:
        raise _ClientError(str(e)) from None
    return wire.status, wire.headers, wire.body


_URL_SAFE = "/%:@!$&'()*+,;=-._~"
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
                                    limit=_READ_SIZE),
            _CLIENT_CONNECT_TIMEOUT)
    except asyncio.TimeoutError:
        raise _ClientError("connection failed: timed out") from None
    except (OSError, ssl.SSLError) as e:
        raise _ClientError(f"connection failed: {_os_error(e)}") from None
    try:
        # Characters a request line cannot carry (spaces, non-ASCII) are
        # percent-encoded; what is already encoded stays as it is.
        target = quote(s.path or "/", safe=_URL_SAFE)
        if s.query:
            target += "?" + quote(s.query, safe=_URL_SAFE)
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
        async with asyncio.timeout(_CLIENT_RESPONSE_TIMEOUT):
            await writer.drain()
            return await _read_response(reader)
    except TimeoutError:
        raise _ClientError("timed out waiting for the response") from None
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
