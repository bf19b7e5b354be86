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
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from ._botocore_events import request_origin
from ._options import DEFAULT_MAX_CALLS
from .errors import InvalidContactError, MockUsageError, ServiceError
from .faults import TokenBucket
from .operations import registered
from .service import ConnectService
from .store import ContactStore
from .wire import Request as MockRequest
from .wire import failure, path_pattern

if TYPE_CHECKING:
    from collections.abc import Iterable

    from _typeshed.wsgi import StartResponse, WSGIEnvironment

logger = logging.getLogger("connect_contacts_mock.server")

SEARCH_CONTACTS_PATH = "/search-contacts"
CONTROL_PREFIX = "/_mock/"


class MockServer:
    """SearchContacts over HTTP on `host`:`port` (0: a free port), answered from `store`.

    `start()` returns once the server listens and returns its URL; `stop()` (or leaving the
    `with` block) stops it and waits for its thread. `limit_time_window` and `throttle` are the
    options of `SearchContactsService`.
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
    ) -> None:
        self.store = store if store is not None else ContactStore()
        self.host = host
        self.port = port
        self.service = ConnectService(
            self.store,
            limit_time_window=limit_time_window,
            throttle=throttle,
            max_calls=max_calls,
        )
        self._routes = _routes(self.service)
        self._server: BaseWSGIServer | None = None
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
            server = make_server(
                self.host, self.port, self._app, threaded=True, request_handler=_RequestHandler
            )
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

    def stop(self) -> None:
        """Stop serving and close the socket; does nothing when not running."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()
        thread.join()
        self._server = self._thread = None

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
        request = Request(environ)
        if request.path.startswith(CONTROL_PREFIX):
            response = self._control(request)
        else:
            path = _raw_path(environ)
            operation = next(
                (
                    name
                    for method, pattern, name in self._routes
                    if method == request.method and pattern.fullmatch(path)
                ),
                None,
            )
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
        return response(environ, start_response)

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


class _RequestHandler(WSGIRequestHandler):
    """werkzeug's handler, logging plain lines to the `connect_contacts_mock.server` logger."""

    def make_environ(self) -> WSGIEnvironment:
        """werkzeug's environ, with the target exactly as the request line sent it: Python's
        request handler turns a leading `//` into `/` before werkzeug sees the path, and the
        model's `requestUri` is matched as sent (`POST //search-contacts` is no operation)."""
        environ = super().make_environ()
        parts = self.requestline.split(" ")
        if len(parts) == 3 and parts[1].startswith("/"):
            environ["RAW_URI"] = environ["REQUEST_URI"] = parts[1]
        return environ

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.log("info", '"%s" %s', self.requestline, code)

    def log(self, type: str, message: str, *args: Any) -> None:
        level = logging.ERROR if type == "error" else logging.INFO
        logger.log(level, "%s " + message, self.address_string(), *args)
