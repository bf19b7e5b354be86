"""The same mock over HTTP, for the AWS CLI and SDKs that do not run on our botocore.

    with MockServer(store) as server:      # or: with serve(store) as url:
        subprocess.run(["aws", "connect", "search-contacts", "--endpoint-url", server.url, ...])

A threaded werkzeug server (werkzeug comes with moto) on loopback routes each request by its
method and path to the registered operation whose model `requestUri` it matches exactly, and
hands it to the one `ConnectService`, the same front door the in-process hook uses, so every
operation's behaviour, validation, paging, faults and errors are identical. Any `Host` is
accepted and the SigV4 signature is not checked. As in-process, the region is the signature's
credential scope (else the region of an AWS host name, else us-east-1) and the account is the
store's (moto's, while moto's `mock_aws` is active in the server's process). While an in-process
mock is active, boto3 clients of the same process are answered by it before their requests
leave, so point only clients of other processes, or of a process without an active mock, here.

Every other method and path under the AWS paths is answered as a rest-json endpoint answers an
operation it does not have: 404 with `x-amzn-ErrorType: UnknownOperationException` and a
`{"Message": ...}` body, so SDKs raise a `ClientError`/service exception named
UnknownOperationException instead of failing to parse.

A control surface under `/_mock/`, a prefix no AWS operation uses, lets a test in any language
prepare the store (JSON in, JSON out):

- `POST /_mock/reset`: remove every contact and forget the requests received (`store.clear()`);
  answers `{}`.
- `POST /_mock/contacts`: add a fixture document (the formats of `fixtures.py`: a list of
  contacts, or `{"instances": [...]}`); answers `{"Ids": [...]}`, or 400 with
  `{"Error": "InvalidContactError", "Message": ...}` naming the contact and field; a bad
  document adds nothing.

What the HTTP layer itself answers, always in JSON and never as an HTML page:

- A request body that stops arriving is not waited for forever: each read of a request (its
  line, headers and body) and each write of its answer waits at most `read_timeout` seconds
  (`READ_TIMEOUT`, 5 s, by default; `--read-timeout` of the command). A body shorter than its
  `Content-Length`, whether the client stalls or closes its side, and a malformed
  `Transfer-Encoding: chunked` body (a chunk size that is no hexadecimal number, a missing
  chunk terminator, the stream ending mid-chunk) are answered 400 in the format of the path:
  the operation's own validation error (`InvalidRequestException` where its model lists it)
  under the AWS paths, `{"Error": "IncompleteBody", "Message": ...}` under `/_mock/`. Every
  answer closes its connection, so the rest of a broken body is never read as a request.
- A request line or header Python's HTTP parser refuses (400, 414, 431, ...) is answered with
  a `{"Message": ...}` body and `x-amzn-ErrorType`, and a fault of the server itself with a
  500 `InternalServiceException` naming it as a bug in the mock.
- `stop()` (and so SIGTERM or Ctrl-C of the command) closes the listening port at once, so new
  connections are refused rather than left waiting, then lets the requests in flight finish,
  waiting at most `DRAIN_TIMEOUT` (5 s) for them.
"""

from __future__ import annotations

import io
import json
import logging
import math
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from werkzeug.http import parse_set_header
from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler
from werkzeug.wrappers import Request, Response

from ._botocore_events import request_origin
from ._options import DEFAULT_MAX_CALLS
from .errors import InvalidContactError, MockUsageError, ServiceError
from .faults import TokenBucket
from .operations import registered
from .service import ConnectService
from .store import ContactStore
from .wire import Request as MockRequest
from .wire import failure, path_pattern, request_id

if TYPE_CHECKING:
    from collections.abc import Iterable

    from _typeshed.wsgi import StartResponse, WSGIEnvironment

logger = logging.getLogger("connect_contacts_mock.server")

SEARCH_CONTACTS_PATH = "/search-contacts"
CONTROL_PREFIX = "/_mock/"
#: Seconds each read of a request and each write of its answer may wait for the client.
READ_TIMEOUT = 5.0
#: Seconds `stop()` waits for the requests in flight to finish.
DRAIN_TIMEOUT = 5.0
#: The environ key under which the request handler tells the application why the body could
#: not be read (the body is then empty).
_BODY_ERROR = "connect_contacts_mock.body_error"


class MockServer:
    """SearchContacts over HTTP on `host`:`port` (0: a free port), answered from `store`.

    `start()` returns once the server listens and returns its URL; `stop()` (or leaving the
    `with` block) stops it, letting the requests in flight finish. `limit_time_window` and
    `throttle` are the options of `SearchContactsService`; `read_timeout` is how many seconds
    a read from a client (or a write to it) may wait before its request is given up.
    """

    def __init__(
        self,
        store: ContactStore | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        limit_time_window: bool = True,
        throttle: TokenBucket | None = None,
        max_calls: int | None = DEFAULT_MAX_CALLS,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        if not (read_timeout > 0 and math.isfinite(read_timeout)):
            raise MockUsageError(
                f"read_timeout must be a number of seconds above 0, got {read_timeout!r}"
            )
        self.store = store if store is not None else ContactStore()
        self.host = host
        self.port = port
        self.read_timeout = read_timeout
        self.service = ConnectService(
            self.store,
            limit_time_window=limit_time_window,
            throttle=throttle,
            max_calls=max_calls,
        )
        self._routes = _routes(self.service)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL to pass as `endpoint_url` / `--endpoint-url`."""
        if self._server is None:
            raise MockUsageError("the server is not running; call start() or use `with` first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._server.port}"

    def start(self) -> str:
        """Listen and serve in a daemon thread; return the URL."""
        if self._server is not None:
            raise MockUsageError(f"the server is already running on {self.url}; stop() it first")
        try:
            server = _Server(self.host, self.port, self._app, read_timeout=self.read_timeout)
        except SystemExit:  # werkzeug exits when it cannot bind, after printing why
            raise OSError(
                f"connect-contacts-mock cannot listen on {self.host}:{self.port} (see the "
                "message above); choose another port, or port 0 for a free one"
            ) from None
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"connect-contacts-mock {self.url}",
            daemon=True,
        )
        self._thread.start()
        return self.url

    def stop(self, *, drain: float = DRAIN_TIMEOUT) -> None:
        """Stop serving: close the listening port at once (new connections are refused), then
        wait up to `drain` seconds for the requests in flight to be answered. Does nothing
        when not running."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()  # werkzeug's serve loop closes the listening socket as it ends
        thread.join()
        self._server = self._thread = None
        left = server.wait_idle(drain)
        if left:
            logger.warning(
                "connect-contacts-mock stopped with %d request%s still unanswered after "
                "waiting %g s for them",
                left,
                "" if left == 1 else "s",
                drain,
            )

    def __enter__(self) -> MockServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"<MockServer {where} {self.store!r}>"

    # -- the WSGI application --------------------------------------------------------------

    def _app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self._respond(environ)
        except Exception as error:  # a bug of ours: answered in JSON, never werkzeug's HTML
            logger.exception("connect-contacts-mock failed while answering a request")
            response = _server_fault(environ, error)
        return response(environ, start_response)

    def _respond(self, environ: WSGIEnvironment) -> Response:
        request = Request(environ)
        body_error = environ.get(_BODY_ERROR)
        if body_error is not None:
            return self._incomplete_body(request, _raw_path(environ), str(body_error))
        if request.path.startswith(CONTROL_PREFIX):
            response = self._control(request)
        else:
            path = _raw_path(environ)
            operation = self._route(request.method, path)
            if operation is None:
                response = _unknown_operation(
                    request, path, [name for _, _, name in self._routes], self.service
                )
            else:
                region, access_key = request_origin(request)
                answer = self.service.answer(
                    MockRequest(
                        operation=operation,
                        method=request.method,
                        path=path,
                        query=environ.get("QUERY_STRING", ""),
                        headers=request.headers,
                        body=request.get_data(),
                        region=region,
                        access_key=access_key,
                    )
                )
                response = Response(answer.body, answer.status, answer.headers)
        return response

    def _route(self, method: str, path: str) -> str | None:
        """The served operation at this method and path (as sent), if any."""
        return next(
            (
                name
                for verb, pattern, name in self._routes
                if verb == method and pattern.fullmatch(path)
            ),
            None,
        )

    def _incomplete_body(self, request: Request, path: str, reason: str) -> Response:
        """400 for a request whose body could not be read whole, in the format of its path:
        the control surface's, or the operation's own validation error (any other AWS path
        gets InvalidRequestException, the error of a malformed request)."""
        if request.path.startswith(CONTROL_PREFIX):
            return _control_answer(400, {"Error": "IncompleteBody", "Message": reason})
        operation = self._route(request.method, path)
        code = (
            "InvalidRequestException"
            if operation is None
            else self.service.model.operation_view(operation).validation_error(True)
        )
        answer = failure(ServiceError(code, reason), self.service.model.error_status(code))
        return Response(answer.body, answer.status, answer.headers)

    def _refuse_foreign_control(self, request: Request) -> Response | None:
        """The control endpoints change the store, so a web page open in the developer's
        browser must not reach them: a request must say it sends JSON (a page cannot, without
        a CORS preflight this server never grants) and name this server in its Host (a page
        on a rebinding domain names its own)."""
        content_type = (request.headers.get("Content-Type") or "").split(";", 1)[0].strip()
        if content_type.lower() != "application/json":
            return _control_answer(
                415,
                {
                    "Error": "UnsupportedMediaType",
                    "Message": f"send {request.path} with Content-Type: application/json "
                    f"(got {content_type or 'none'})",
                },
            )
        host = host_name(request.headers.get("Host") or "")
        if host not in _LOOPBACK_NAMES | {self.host}:
            return _control_answer(
                403,
                {
                    "Error": "Forbidden",
                    "Message": f"the control endpoints answer requests addressed to this server "
                    f"({self.host}), not to {host!r}; use {self.url}{request.path}",
                },
            )
        return None

    def _control(self, request: Request) -> Response:
        name = request.path[len(CONTROL_PREFIX) :]
        if name not in ("reset", "contacts"):
            return _control_answer(
                404,
                {
                    "Error": "NotFound",
                    "Message": f"no control endpoint {request.path}; there are "
                    f"POST {CONTROL_PREFIX}reset and POST {CONTROL_PREFIX}contacts",
                },
            )
        if request.method != "POST":
            response = _control_answer(
                405,
                {"Error": "MethodNotAllowed", "Message": f"use POST {request.path}"},
            )
            response.headers["Allow"] = "POST"
            return response
        refused = self._refuse_foreign_control(request)
        if refused is not None:
            return refused
        if name == "reset":
            self.store.clear()
            self.service.forget()
            return _control_answer(200, {})
        try:
            document = json.loads(request.get_data())
            if not isinstance(document, (list, dict)):  # never a path: nothing is read from disk
                raise ValueError(
                    "the body must be a fixture document: a JSON list of contacts, or "
                    '{"instances": [...]}'
                )
            ids = self.store.load(document)
        except ValueError as error:  # InvalidContactError, or a body that is not JSON
            kind = "InvalidContactError" if isinstance(error, InvalidContactError) else "BadJson"
            return _control_answer(400, {"Error": kind, "Message": str(error)})
        except RecursionError:
            return _control_answer(
                400,
                {
                    "Error": "BadJson",
                    "Message": "the body is nested too deeply to be a fixture document (a list "
                    'of contacts, or {"instances": [...]}); nothing was added',
                },
            )
        return _control_answer(200, {"Ids": ids})


@contextmanager
def serve(
    store: ContactStore | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    limit_time_window: bool = True,
    throttle: TokenBucket | None = None,
) -> Iterator[str]:
    """`with serve(store) as url:` runs a `MockServer` for the block and gives its URL."""
    with MockServer(
        store, host=host, port=port, limit_time_window=limit_time_window, throttle=throttle
    ) as server:
        yield server.url


def _routes(service: ConnectService) -> list[tuple[str, re.Pattern[str], str]]:
    """(method, path pattern, operation) of every operation the service answers, from the
    model's `http` of each registered operation."""
    routes = []
    for name in sorted(registered()):
        if service.answers(name):
            view = service.model.operation_view(name)
            routes.append((view.method, path_pattern(view.path_template), name))
    return routes


def _raw_path(environ: WSGIEnvironment) -> str:
    """The path as sent, still percent-encoded (a `%2F` inside a member is not a `/`)."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return str(raw).split("?", 1)[0]
    return quote(environ.get("PATH_INFO", ""), safe="/")


#: The names of this machine a control request may carry in its Host header.
_LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def host_name(header: str) -> str:
    """The host of a Host header, without its port or IPv6 brackets."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _model_operation(service: ConnectService, method: str, path: str) -> str | None:
    """The Connect operation of the model at this method and path, served or not."""
    model = service.model
    for name in sorted(model.operation_names):
        view = model.operation_view(name)
        if view.method == method and path_pattern(view.path_template).fullmatch(path):
            return name
    return None


def _unknown_operation(
    request: Request, path: str, operations: list[str], service: ConnectService
) -> Response:
    """404 UnknownOperationException, written for the AWS CLI or SDK user who sent it: what
    the call was, that this server does not serve it, and what does."""
    known = _model_operation(service, request.method, path)
    what = (
        f"{known} ({request.method} {path}) is a Connect operation this "
        "connect-contacts-mock server does not serve"
        if known
        else f"{request.method} {path} is not an operation connect-contacts-mock serves"
    )
    error = ServiceError(
        "UnknownOperationException",
        f"{what}. It serves {', '.join(operations)} (SearchContacts is POST "
        f"{SEARCH_CONTACTS_PATH}), each at the method and path of the botocore model. Prepare "
        f"its store over HTTP: POST {CONTROL_PREFIX}contacts with a fixture document (JSON: a "
        f'list of contacts, or {{"instances": [...]}}) adds contacts, POST '
        f"{CONTROL_PREFIX}reset empties it. For other Connect operations, point those "
        "clients at another endpoint (moto's server, for one)",
    )
    answer = failure(error, 404)
    return Response(answer.body, answer.status, answer.headers)


def _control_answer(status: int, body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), status, {"Content-Type": "application/json"})


def _server_fault(environ: WSGIEnvironment, error: Exception) -> Response:
    """500 for a fault of the server itself, in the format of the path, saying it is a bug."""
    message = (
        f"connect-contacts-mock hit a bug while answering {environ.get('REQUEST_METHOD')} "
        f"{environ.get('PATH_INFO')} ({type(error).__name__}: {error}); this is a bug in the "
        "mock, not in your code: please report it with the request that caused it"
    )
    if str(environ.get("PATH_INFO", "")).startswith(CONTROL_PREFIX):
        return _control_answer(500, {"Error": "InternalError", "Message": message})
    answer = failure(ServiceError("InternalServiceException", message), 500)
    return Response(answer.body, answer.status, answer.headers)


class _IncompleteBody(Exception):
    """The request body could not be read whole; the message says what arrived and what to
    send instead."""


#: How a chunked body is written, for the messages that refuse a malformed one.
_CHUNKED_FORM = (
    "send each chunk as its size in hexadecimal, CRLF, that many bytes and CRLF, and end the "
    "body with a chunk of size 0 followed by an empty line"
)
_CONTENT_LENGTH_FORM = "send the whole body, with a Content-Length equal to its size in bytes"
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")


class _Server(ThreadedWSGIServer):
    """werkzeug's threaded server, counting the connections it is serving (from accepting
    one to closing it) so that `stop()` can wait for them."""

    def __init__(self, host: str, port: int, app: Any, *, read_timeout: float) -> None:
        self.read_timeout = read_timeout
        self._serving = 0
        self._idle = threading.Condition()
        super().__init__(host, port, app, handler=_RequestHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._idle:
            self._serving += 1
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._finished()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._finished()

    def _finished(self) -> None:
        with self._idle:
            self._serving -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float) -> int:
        """Wait until no connection is being served, at most `timeout` seconds; return how
        many still are."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._serving:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._idle.wait(left)
            return self._serving


class _RequestHandler(WSGIRequestHandler):
    """werkzeug's handler, with reads and writes bounded by the server's `read_timeout`, the
    body read whole before the application runs (so a short or malformed one is answered 400
    instead of holding the thread or ending in werkzeug's HTML 500), protocol errors answered
    in JSON, and plain log lines on the `connect_contacts_mock.server` logger."""

    server: _Server

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.read_timeout)  # every read and write

    def run_wsgi(self) -> None:
        self._body = b""
        self._body_error: str | None = None
        if self.headers.get("Expect", "").lower().strip(" \t") == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            del self.headers["Expect"]  # answered here, before the body is read
        try:
            self._body = self._read_body()
        except _IncompleteBody as error:
            self._body_error = str(error)
        except OSError as error:  # the connection broke: the answer is sent if it still can be
            self._body_error = (
                f"The request body could not be read: the connection failed ({error}); "
                f"{_CONTENT_LENGTH_FORM}"
            )
        if self._body_error is not None:
            # werkzeug drains what is left of the request after answering; after a failed
            # read the socket's file cannot be read again, and the connection closes anyway
            self.rfile = io.BytesIO()
        super().run_wsgi()

    def make_environ(self) -> WSGIEnvironment:
        """werkzeug's environ, with the target exactly as the request line sent it: Python's
        request handler turns a leading `//` into `/` before werkzeug sees the path, and the
        model's `requestUri` is matched as sent (`POST //search-contacts` is no operation).
        The input is the body already read (see `run_wsgi`), de-chunked."""
        environ = super().make_environ()
        parts = self.requestline.split(" ")
        if len(parts) == 3 and parts[1].startswith("/"):
            environ["RAW_URI"] = environ["REQUEST_URI"] = parts[1]
        body = getattr(self, "_body", b"")
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("wsgi.input_terminated", None)
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        if getattr(self, "_body_error", None) is not None:
            environ[_BODY_ERROR] = self._body_error
        return environ

    def _read_body(self) -> bytes:
        """The whole request body: chunked when Transfer-Encoding says so (as werkzeug reads
        it), else `Content-Length` bytes (none without one)."""
        if "chunked" in parse_set_header(self.headers.get("Transfer-Encoding")):
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit():
            raise _IncompleteBody(
                f"The request's Content-Length {length!r} is not a number of bytes; "
                f"{_CONTENT_LENGTH_FORM}"
            )
        size = int(length)
        return self._read_exactly(
            size, lambda got, ending: f"The request body is incomplete: {got:,} of the "
            f"{size:,} bytes its Content-Length announced arrived, {ending}; "
            f"{_CONTENT_LENGTH_FORM}",
        )  # fmt: skip

    def _read_exactly(self, size: int, incomplete: Any) -> bytes:
        """`size` bytes of the body; `incomplete(got, ending)` is the message when fewer come."""
        parts: list[bytes] = []
        got = 0
        while got < size:
            try:
                part = self.rfile.read1(min(size - got, 1 << 20))
            except TimeoutError:
                raise _IncompleteBody(
                    incomplete(got, f"then nothing for {self.server.read_timeout:g} s")
                ) from None
            if not part:
                raise _IncompleteBody(
                    incomplete(got, "then the client closed its side of the connection")
                )
            parts.append(part)
            got += len(part)
        return b"".join(parts)

    def _read_line(self, what: str, read: int) -> bytes:
        """One CRLF-ended line of a chunked body, without its line end."""
        try:
            line = self.rfile.readline(1026)
        except TimeoutError:
            raise _IncompleteBody(
                f"The chunked request body is incomplete: {read:,} bytes arrived, then "
                f"nothing for {self.server.read_timeout:g} s while {what} was expected; "
                f"{_CHUNKED_FORM}"
            ) from None
        if not line.endswith(b"\n"):
            ending = (
                "the client closed its side of the connection"
                if len(line) < 1026
                else ("a line of more than 1,024 bytes came")
            )
            raise _IncompleteBody(
                f"The chunked request body is incomplete: after {read:,} bytes {ending} where "
                f"{what} was expected; {_CHUNKED_FORM}"
            )
        return line.rstrip(b"\r\n")

    def _read_chunked(self) -> bytes:
        """A `Transfer-Encoding: chunked` body, de-chunked; trailer fields are read and
        dropped."""
        parts: list[bytes] = []
        read = 0
        while True:
            line = self._read_line("a chunk size", read)
            size_text = line.split(b";", 1)[0].strip()
            if not _CHUNK_SIZE.fullmatch(size_text):
                shown = size_text.decode("latin-1")
                raise _IncompleteBody(
                    f"The chunked request body is malformed: the chunk size {shown!r} after "
                    f"{read:,} bytes is not a hexadecimal number; {_CHUNKED_FORM}"
                )
            size = int(size_text, 16)
            if size == 0:
                break
            parts.append(
                self._read_exactly(
                    size, lambda got, ending, at=read, size=size: "The chunked request body "
                    f"is incomplete: {got:,} of the {size:,} bytes of the chunk starting "
                    f"after byte {at:,} arrived, {ending}; {_CHUNKED_FORM}",
                )
            )  # fmt: skip
            read += size
            if self._read_line("the CRLF ending a chunk", read):
                raise _IncompleteBody(
                    f"The chunked request body is malformed: the chunk of {size:,} bytes "
                    f"ending at byte {read:,} is longer than its size says; {_CHUNKED_FORM}"
                )
        for _ in range(100):  # trailer fields, up to the empty line
            if not self._read_line("the empty line ending the body", read):
                return b"".join(parts)
        raise _IncompleteBody(
            f"The chunked request body is malformed: more than 100 trailer lines follow its "
            f"last chunk; {_CHUNKED_FORM}"
        )

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Python's answer to a request it cannot parse (bad request line, header too long,
        ...), as a JSON error body instead of an HTML page."""
        short, long = self.responses.get(code, ("Error", ""))
        reason = message or short
        self.log_error("code %d, message %s", code, reason)
        if self.request_version == "HTTP/0.9":  # an unreadable request line: answer in full
            self.request_version = "HTTP/1.1"
        body = json.dumps(
            {
                "Message": f"The HTTP request could not be read: {reason} ({explain or long}); "
                "send an HTTP/1.1 request as an AWS SDK does"
            }
        ).encode("ascii")
        self.send_response(code, reason)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-RequestId", request_id())
        self.send_header("x-amzn-ErrorType", "InvalidRequestException")  # each is the request's
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 205, 304):
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.log("info", '"%s" %s', self.requestline, code)

    def log(self, type: str, message: str, *args: Any) -> None:
        level = logging.ERROR if type == "error" else logging.INFO
        logger.log(level, "%s " + message, self.address_string(), *args)
