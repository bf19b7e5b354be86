"""The only code that touches botocore's event system and process state.

On import, inert handlers are added for `before-send.connect` and `choose-signer.connect` to
botocore's built-in handler list (and to boto3's default session if it exists), so every client
created afterwards, even before a mock is activated, reaches them. botocore passes the event
name to the handler, and the name ends with the operation's. While a mock is active, a Connect
request is answered by the mock when it registers the operation, else by moto when `mock_aws`
is active and has a route for it, else let go only when the mock's `passthrough` names it, and
otherwise refused with an error naming the operation: nothing leaves the process unasked. The
signer is skipped for the calls the mock answers or refuses, so a client made before any
credentials existed is answered too. Other services are left alone, and with no mock active
every handler returns None, so requests go where they would have gone.
"""

from __future__ import annotations

import contextvars
import functools
import re
import sys
import threading
from collections.abc import Generator, Iterator
from typing import Any, Protocol
from urllib.parse import urlsplit

import botocore
import botocore.handlers
from botocore.awsrequest import AWSResponse

from ._moto import moto_active, moto_answer
from .wire import Answer, Request

EVENT_NAME = "before-send.connect"
SIGNER_EVENT = "choose-signer.connect"
UNIQUE_ID = "connect-contacts-mock-connect"
DEFAULT_REGION = "us-east-1"

#: Compiled on first use (by `re`'s own cache), not at import.
_CREDENTIAL_SCOPE = r"Credential=([^/,\s]+)/\d{8}/([^/]+)/"
_HOST_REGION = r"connect(?:-fips)?\.([a-z0-9-]+)\.amazonaws\."


class Answerer(Protocol):
    """What the hook asks for an answer: the active mock's service."""

    def answers(self, operation: str) -> bool: ...

    def answer(self, request: Request) -> Any: ...

    def passes(self, operation: str) -> bool:
        """Whether the user asked for `operation` to be sent on (`passthrough=`)."""
        ...

    def refuse(self, request: Request, *, moto: bool) -> Answer:
        """The answer to a Connect call nobody answers and nobody asked to let go."""
        ...


#: The region the current call's client was made for, noted when its signer is chosen: the
#: region of a request the mock left unsigned (a ContextVar, so threads and asyncio tasks
#: each see their own call's).
_client_region: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "connect_contacts_mock_client_region", default=None
)


#: Every active mock of the process, innermost last: what a thread or task with no activation
#: of its own (a worker thread the code under test started) is answered by.
_stack: list[Answerer] = []
_stack_lock = threading.Lock()
#: The activations of the current thread or asyncio task, innermost last: an activation
#: belongs to the thread or task that entered it, so concurrent tests each reach their own.
_entered: contextvars.ContextVar[tuple[Answerer, ...]] = contextvars.ContextVar(
    "connect_contacts_mock_entered", default=()
)


def push(answerer: Answerer) -> None:
    """Make `answerer` the innermost active mock of this thread or task (and of the process,
    for threads and tasks without one of their own)."""
    with _stack_lock:
        _stack.append(answerer)
    _entered.set((*_entered.get(), answerer))


def pop(answerer: Answerer) -> None:
    """Remove `answerer` (normally the innermost); the next outer one answers again."""
    with _stack_lock:
        for index in range(len(_stack) - 1, -1, -1):
            if _stack[index] is answerer:
                del _stack[index]
                break
    entered = _entered.get()
    if answerer in entered:
        kept = list(entered)
        del kept[len(kept) - 1 - kept[::-1].index(answerer)]
        _entered.set(tuple(kept))


def active() -> Answerer | None:
    """The mock that answers this thread or task: its own innermost activation still active
    (one stopped elsewhere no longer counts), else the innermost of the process."""
    for answerer in reversed(_entered.get()):
        if answerer in _stack:
            return answerer
    return _stack[-1] if _stack else None


def _finished(value: bytes) -> Generator[None, None, bytes]:
    """An awaitable that is already done."""
    yield from ()
    return value


class _AwaitableBytes(bytes):
    """Response bytes that can also be awaited, as aiobotocore awaits `response.content`."""

    def __await__(self) -> Generator[None, None, bytes]:
        return _finished(bytes(self))


class MockResponse(AWSResponse):  # type: ignore[misc]
    """The answer as botocore receives it from the network: also readable by aiobotocore, whose
    endpoint awaits `content` where botocore reads it."""

    @property
    def content(self) -> bytes:
        cached: bytes | None = getattr(self, "_content", None)
        if cached is None:
            cached = _AwaitableBytes(b"".join(self.raw.stream()))
            self._content = cached
        return cached


class _RawBody:
    """The minimal raw-stream interface botocore reads a response body through."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body

    def read(self, *_: Any) -> bytes:
        body, self._body = self._body, b""
        return body


def request_origin(request: Any) -> tuple[str, str | None]:
    """The region a signed request was sent to and the access key it was signed with."""
    headers = getattr(request, "headers", None) or {}
    authorization = headers.get("Authorization") or b""
    if isinstance(authorization, bytes):
        authorization = authorization.decode("latin-1")
    scope = re.search(_CREDENTIAL_SCOPE, authorization) if authorization else None
    if scope:
        return scope.group(2), scope.group(1)
    host = _host_region(getattr(request, "url", "") or "")
    if host:
        return host, None
    return (_client_region.get() or DEFAULT_REGION), None


@functools.lru_cache(maxsize=256)
def _host_region(url: str) -> str | None:
    """The region in the host name of a Connect endpoint's URL, if it names one."""
    host = re.search(_HOST_REGION, url)
    return host.group(1) if host else None


@functools.lru_cache(maxsize=256)
def _path_and_query(url: str) -> tuple[str, str]:
    """The path and query of a URL as sent (a client sends the same few URLs again)."""
    parts = urlsplit(url)
    return parts.path, parts.query


def _operation(event_name: str) -> str:
    """The operation of an event name such as `before-send.connect.DescribeContact`."""
    return event_name.rpartition(".")[2]


def _choose_signer(event_name: str = "", region_name: str = "", **_: Any) -> Any:
    """No signature for a call the active mock answers or refuses (so a client without
    credentials works); the normal signer for one it lets go, and while moto is active (moto
    reads the account from the access key)."""
    answerer = active()
    if answerer is None:
        return None
    _client_region.set(region_name or None)
    if moto_active() or answerer.passes(_operation(event_name)):
        return None
    return botocore.UNSIGNED


def _before_send(request: Any = None, event_name: str = "", **_: Any) -> AWSResponse | None:
    answerer = active()
    if answerer is None or request is None:
        return None
    operation = _operation(event_name)
    if answerer.passes(operation):  # asked for by name: sent as it is, even if answered here
        return None
    if not answerer.answers(operation):
        return _not_answered(answerer, operation, request)
    answer = answerer.answer(_request(operation, request))
    _retry_pending.value = _skip_sleep_depth > 0 and (answer.status == 429 or answer.status >= 500)
    return MockResponse(request.url, answer.status, answer.headers, _RawBody(answer.body))


def _not_answered(answerer: Answerer, operation: str, request: Any) -> AWSResponse | None:
    """moto's answer, else the mock's refusal."""
    from_moto = moto_answer(request)
    if from_moto is not None:
        status, headers, body = from_moto
        return MockResponse(request.url, status, headers, _RawBody(body))
    answer = answerer.refuse(_request(operation, request), moto=moto_active())
    return MockResponse(request.url, answer.status, answer.headers, _RawBody(answer.body))


def _request(operation: str, request: Any) -> Request:
    region, access_key = request_origin(request)
    path, query = _path_and_query(request.url)
    return Request(
        operation,
        request.method,
        path,
        query,
        request.headers,
        request.body,
        region,
        access_key,
    )


class _RetryPending(threading.local):
    value = False


_retry_pending = _RetryPending()
_skip_sleep_depth = 0


class _SleepSkippingTime:
    """Stands in for the `time` module inside botocore.endpoint while back-off is switched off:
    the retry sleep that follows an error answered by the mock returns at once; every other
    sleep, and every other function of `time`, is the real one."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def sleep(self, seconds: float) -> None:
        if _retry_pending.value:
            _retry_pending.value = False
            return
        self._real.sleep(seconds)


class _SleepSkippingAsyncio(_SleepSkippingTime):
    """The same for the `asyncio` module inside aiobotocore.endpoint."""

    async def sleep(self, seconds: float) -> None:  # type: ignore[override]
        if _retry_pending.value:
            _retry_pending.value = False
            return
        await self._real.sleep(seconds)


def skip_retry_sleep(enabled: bool) -> None:
    """Switch the back-off skip on (nested calls count) or off again."""
    global _skip_sleep_depth
    import botocore.endpoint

    with _stack_lock:
        _skip_sleep_depth += 1 if enabled else -1
        on = _skip_sleep_depth > 0
        _swap(botocore.endpoint, "time", _SleepSkippingTime, on)
        aio_endpoint = sys.modules.get("aiobotocore.endpoint")
        if aio_endpoint is not None and hasattr(aio_endpoint, "asyncio"):
            _swap(aio_endpoint, "asyncio", _SleepSkippingAsyncio, on)


def _swap(module: Any, name: str, stand_in: type[_SleepSkippingTime], on: bool) -> None:
    current = getattr(module, name)
    if on and not isinstance(current, stand_in):
        setattr(module, name, stand_in(current))
    elif not on and isinstance(current, stand_in):
        setattr(module, name, current._real)


def _call_ended(**_: Any) -> None:
    """The client's retries are over: no back-off is owed to the mock's last answer any more."""
    _retry_pending.value = False


#: Where the handlers go: the answer, and the end of the call (after its last retry).
_ENTRIES: tuple[tuple[str, Any, str], ...] = (
    (SIGNER_EVENT, _choose_signer, UNIQUE_ID + "-signer"),
    (EVENT_NAME, _before_send, UNIQUE_ID),
    ("after-call.connect", _call_ended, UNIQUE_ID + "-after-call"),
    ("after-call-error.connect", _call_ended, UNIQUE_ID + "-after-call-error"),
)


#: The built-in handler list the entries were added to (botocore keeps one for the process).
_installed_in: list[Any] | None = None


def install() -> None:
    """Add the inert handler to botocore's built-in list and boto3's default session; idempotent.

    Sessions created afterwards get it from the built-in list; boto3's default session, if it
    already exists, predates the entry and gets it registered directly, once.
    """
    global _installed_in
    builtin = botocore.handlers.BUILTIN_HANDLERS
    if builtin is _installed_in:  # every activation asks: answered without a scan of the list
        return
    _installed_in = builtin
    if (EVENT_NAME, _before_send) in builtin:
        return
    builtin.extend((event, handler) for event, handler, _ in _ENTRIES)
    try:
        import boto3
    except ImportError:  # pragma: no cover - boto3 is a dependency
        return
    session = boto3.DEFAULT_SESSION
    if session is not None:
        for event, handler, unique_id in _ENTRIES:
            session.events.register(event, handler, unique_id=unique_id)
