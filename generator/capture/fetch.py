"""`dossier add URL`: fetch a page and keep every request and response, byte for byte, as a WARC.

The bytes recorded are the ones on the wire (status line, headers, body with its transfer
encoding), read through the connection's own socket file: no global patching of `http.client`.
Redirects are followed (at most `Limits.max_redirects`) and recorded too. docs/captures.md,
"Adding a URL", gives the limits.
"""

from __future__ import annotations

import http.client
import io
import ssl
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urljoin, urlsplit

from warcio.warcwriter import WARCWriter

from generator import __version__
from generator.capture.errors import CaptureError
from generator.read.load import MAX_CAPTURE_BYTES

if TYPE_CHECKING:
    from http.client import _DataType  # what HTTPConnection.send accepts (typeshed's name for it)

USER_AGENT = f"dossier/{__version__} (+docs/captures.md)"
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 65536


@dataclass(frozen=True, slots=True)
class Limits:
    """How much `dossier add` fetches and reads before it gives up."""

    max_bytes: int = MAX_CAPTURE_BYTES
    """The largest file or response body (the same limit as a source file)."""
    timeout: float = 30.0
    """Seconds to connect, for each read, and for a whole response."""
    max_redirects: int = 5


DEFAULT_LIMITS = Limits()

@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page, kept as a gzipped WARC."""

    warc: bytes
    """A warcinfo record, then a request and a response record for each hop (redirects included)."""
    url: str
    """The address of the last response, the page itself."""


class _Tee:
    """The socket file of a response, recording every byte read from it."""

    def __init__(self, stream: Any, recorded: bytearray) -> None:
        self._stream, self._recorded = stream, recorded

    def read(self, amount: int | None = -1) -> bytes:
        return self._record(self._stream.read(amount))

    def read1(self, amount: int = -1) -> bytes:
        return self._record(self._stream.read1(amount))

    def readline(self, limit: int = -1) -> bytes:
        return self._record(self._stream.readline(limit))

    def readinto(self, buffer: bytearray | memoryview) -> int:
        count = self._stream.readinto(buffer)
        self._recorded += bytes(buffer[:count])
        return count

    def __getattr__(self, name: str) -> Any:
        """Everything that reads no bytes (close, flush, peek…) goes to the socket file itself."""
        return getattr(self._stream, name)

    def _record(self, data: bytes) -> bytes:
        self._recorded += data
        return data


class _RecordingResponse(http.client.HTTPResponse):
    def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        self.recorded = bytearray()
        # The tee stands in for the socket file: it has the reading methods http.client calls and
        # hands every other attribute to the file itself.
        self.fp = cast(io.BufferedReader, _Tee(self.fp, self.recorded))


class _RecordingConnection(http.client.HTTPConnection):
    """A connection that keeps the bytes it sends and reads responses through a `_Tee`."""

    response_class: type[http.client.HTTPResponse] = _RecordingResponse

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent = bytearray()

    def send(self, data: _DataType | str) -> None:
        """Send and keep `data`. dossier sends GET requests without a body, whose head http.client
        sends as bytes; a body from a file or an iterable would not be kept, so it is refused."""
        if not isinstance(data, bytes):
            raise TypeError(f"a recorded connection sends bytes, not {type(data).__name__}")
        self.sent += data
        super().send(data)


class _RecordingTLSConnection(_RecordingConnection, http.client.HTTPSConnection):
    """The same over TLS."""


@dataclass(frozen=True, slots=True)
class _Hop:
    url: str
    status: int
    location: str | None
    request: bytes
    response: bytes


def fetch(url: str, limits: Limits = DEFAULT_LIMITS) -> Fetched:
    """Fetch `url`, following redirects; CaptureError for an error status, a timeout or too much data."""
    hops: list[_Hop] = []
    current = url
    while True:
        hop = _get(current, limits)
        hops.append(hop)
        if hop.status not in _REDIRECTS:
            break
        if len(hops) > limits.max_redirects:
            raise CaptureError(f"{url} redirects more than {limits.max_redirects} times; add the page it should "
                               "reach, or save it from a browser")
        if not hop.location:
            raise CaptureError(f"{current} answered {hop.status} without saying where to go")
        current = urljoin(current, hop.location)
    if not 200 <= hop.status < 300:
        raise CaptureError(f"{current} answered {hop.status} {http.client.responses.get(hop.status, '')}".rstrip())
    return Fetched(_warc(hops), current)


def _get(url: str, limits: Limits) -> _Hop:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CaptureError(f"cannot fetch {url}: only http and https addresses are fetched")
    connection = _connection(parts.scheme, parts.hostname, parts.port, limits.timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", target, headers={
            "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
            "Accept-Encoding": "identity", "Connection": "close"})
        response = cast(_RecordingResponse, connection.getresponse())
        _read_body(response, url, limits)
    except TimeoutError as exc:
        raise CaptureError(f"{url} did not answer within {limits.timeout:g} s") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise CaptureError(f"cannot fetch {url}: {_reason(exc)}") from exc
    finally:
        connection.close()
    return _Hop(url, response.status, response.getheader("Location"), bytes(connection.sent),
                bytes(response.recorded))


def _connection(scheme: str, host: str, port: int | None, timeout: float) -> _RecordingConnection:
    if scheme == "https":
        return _RecordingTLSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    return _RecordingConnection(host, port, timeout=timeout)


def _read_body(response: http.client.HTTPResponse, url: str, limits: Limits) -> None:
    """Read the whole body (the tee keeps it), within the size limit and the time limit; `read1` returns
    what one socket read gives, so a server sending a byte at a time still meets the deadline."""
    deadline = time.monotonic() + limits.timeout
    total = 0
    while chunk := response.read1(_CHUNK):
        total += len(chunk)
        if total > limits.max_bytes:
            raise CaptureError(f"{url} sends more than {limits.max_bytes / 2**20:.0f} MB, the limit")
        if time.monotonic() > deadline:
            raise TimeoutError


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return " ".join(str(exc).split()) or type(exc).__name__


def _warc(hops: list[_Hop]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("dossier-add.warc.gz", {
        "software": USER_AGENT, "format": "WARC File Format 1.0"}))
    for hop in hops:
        request = writer.create_warc_record(hop.url, "request", payload=io.BytesIO(hop.request),
                                            length=len(hop.request))
        response = writer.create_warc_record(hop.url, "response", payload=io.BytesIO(hop.response),
                                             length=len(hop.response))
        writer.write_request_response_pair(request, response)
    return out.getvalue()
