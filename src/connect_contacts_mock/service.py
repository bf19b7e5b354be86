"""The front door of every operation: a request in, the service's answer out.

Every transport (the in-process botocore hook, the HTTP server) hands a `Request` here. The
order follows the service: decode the members from where the model puts them, then throttle
and injected faults (a front door answers those before it looks at the request), then the
model's constraints and the operation's own rules, then the operation itself. Every call is
logged with its operation. Nothing raised in here escapes: an operation answers only with an
error its model lists, and a fault of our own is answered as InternalServiceException (500).

Every call pays this path, so it does only what the answer needs: a request seen before (the
same bytes) skips decoding and every check, and the log keeps the decoded request as it is and
builds its logged form (timestamps as datetimes, each call its own copy) only when read.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterable
from typing import Any

from ._moto import moto_account
from .calls import Call
from .errors import MockWarning, ServiceError
from .faults import DEFAULT_MESSAGES, TokenBucket
from .model import OperationView
from .operations import Context, Operation, registered
from .store import ContactStore
from .validation import Shape, plain_copy
from .wire import Answer, Request, decode_request, failure, from_wire, success

logger = logging.getLogger("connect_contacts_mock")

#: Distinct requests whose decoded, checked form is remembered (the same bytes again skip
#: decoding and every check); the oldest is forgotten first.
_REMEMBERED_REQUESTS = 64
#: ... and at most this many bytes of them; a larger body is decoded each time it comes.
_REMEMBERED_BYTES = 4 * 1024 * 1024
_LARGEST_REMEMBERED_BODY = 256 * 1024
#: Far deeper than any Connect input member nests, far shallower than Python's recursion limit.
_MAX_DEPTH = 64
#: How many validation problems an error message lists (a request of a million bad values
#: would otherwise get a message of tens of megabytes).
_LISTED_PROBLEMS = 10


class ConnectService:
    """Answers every registered operation from one store."""

    def __init__(
        self,
        store: ContactStore,
        *,
        limit_time_window: bool = True,
        throttle: TokenBucket | None = None,
        passthrough: Iterable[str] = (),
        max_calls: int | None = None,
    ) -> None:
        self.store = store
        self.model = store.model
        self.limit_time_window = limit_time_window
        self.throttle = throttle
        self.passthrough = frozenset(passthrough)
        #: How many calls the store's log keeps (the oldest dropped first); None: all.
        self.max_calls = max_calls
        self._received_bytes = 0
        #: Held to change the remembered requests or the operations (read without it).
        self._lock = threading.Lock()
        self._received: dict[tuple[str, str, str, bytes], _Received] = {}
        self._operations: dict[str, tuple[Operation, OperationView]] = {}

    def answers(self, operation: str) -> bool:
        """Whether `operation` is registered and the model has it."""
        return self._operation(operation) is not None

    def served(self) -> list[str]:
        """The operations this mock answers (registered, and in the model), by name."""
        return sorted(name for name in registered() if name in self.model.operation_names)

    def forget(self) -> None:
        """Drop everything remembered between requests (decoded bodies, query results), as a
        reset of the store should release it."""
        with self._lock:
            self._received.clear()
            self._received_bytes = 0
            for operation, _ in self._operations.values():
                operation.forget()

    def _log(
        self,
        operation: str,
        params: dict[str, Any] | None,
        answer: Answer,
        source: _Decoded | _Logged | None = None,
    ) -> None:
        """Add the call to the store's log, dropping the oldest past `max_calls`; its
        parameters are `params`, or built from `source` when first read."""
        calls = self.store.calls
        calls.append(
            Call(
                params,
                answer.status,
                answer.headers.get("x-amzn-RequestId", ""),
                answer.body,
                answer.error_code,
                answer.error_message,
                operation,
                source=source,
            )
        )
        if self.max_calls is not None and len(calls) > self.max_calls:
            del calls[: len(calls) - self.max_calls]

    def passes(self, operation: str) -> bool:
        """Whether the user asked for `operation` to be sent on, unanswered (`passthrough=`)."""
        return operation in self.passthrough

    def refuse(self, request: Request, *, moto: bool) -> Answer:
        """The answer to a Connect call that neither this mock nor moto answers: 404
        UnknownOperationException, as an endpoint without the operation gives, saying it was
        not sent and what to do; logged like every other call."""
        name = request.operation
        moto_hint = (
            "moto's mock_aws() is active but has no route for it either"
            if moto
            else "enter moto's mock_aws() too, which answers the Connect operations it has"
        )
        error = ServiceError(
            "UnknownOperationException",
            f"connect-contacts-mock does not answer {name}, and a mocked test never sends a "
            f"call to AWS, so it was not sent. To answer it: {moto_hint}; or stub it with "
            f"botocore's Stubber; or let it go to its endpoint with "
            f"mock_search_contacts(passthrough=[{name!r}]) (the connect_contacts marker takes "
            f"the same option). The mock answers {', '.join(self.served())}",
        )
        answer = failure(error, 404)
        self._log(name, None, answer)
        return answer

    def _operation(self, name: str) -> tuple[Operation, OperationView] | None:
        found = self._operations.get(name)
        if found is None:
            kind = registered().get(name)
            if kind is None or name not in self.model.operation_names:
                return None
            with self._lock:
                found = self._operations.get(name)
                if found is None:
                    # the operation reads the options through a weak reference: a cycle
                    # would keep the store alive, after its mock ends, until the garbage
                    # collector next looks for cycles
                    found = (kind(weakref.proxy(self)), self.model.operation_view(name))
                    self._operations[name] = found
        return found

    def answer(self, request: Request) -> Answer:
        """The answer to one request of a registered operation, always an `Answer`."""
        found = self._operations.get(request.operation) or self._operation(request.operation)
        if found is None:
            raise LookupError(f"{request.operation} is not an operation this mock answers")
        operation, view = found
        received: _Received | None = None
        logged: _Logged | None = None
        try:
            account = moto_account(request.access_key, request.headers) or self.store.account_id
            received = self._receive(request, view)
            if self.store.faults.queued():
                logged = _Logged(received.decoded)
            answer = self._answer(operation, view, received, logged, request, account)
        except ServiceError as error:
            answer = self._refusal(view, error)
        except MockWarning:  # the user turned the mock's warnings into errors: let it out
            raise
        except Exception as error:
            logger.exception("connect-contacts-mock failed while answering %s", view.name)
            answer = _bug(view.name, error)
        self._log(view.name, None, answer, logged or (received.decoded if received else None))
        return answer

    def _receive(self, request: Request, view: OperationView) -> _Received:
        """The request decoded, or as decoded before when the same request came earlier."""
        body = b"" if request.body is None else request.body  # a GET has none
        key = (
            (view.name, request.path, request.query, body)
            if type(body) is bytes and len(body) <= _LARGEST_REMEMBERED_BODY
            else None
        )
        if key is not None:
            known = self._received.get(key)
            if known is not None:
                return known
        params = decode_request(request, view.input_shape, view.path_template, view.located)
        # nesting deeper than _MAX_DEPTH takes more than that many brackets
        if _brackets(body) > _MAX_DEPTH and _deeper_than(params, _MAX_DEPTH):
            raise ServiceError(
                view.validation_error(malformed=True),
                f"The request body is nested more than {_MAX_DEPTH} levels deep; no member of "
                f"{view.name} is",
            )
        received = _Received(params, view.input_shape)
        if key is not None:
            self._remember(key, received)
        return received

    def _remember(self, key: tuple[str, str, str, bytes], received: _Received) -> None:
        """Keep `received` for the same request again, forgetting the oldest past the limits."""
        with self._lock:
            if key in self._received:
                return
            self._received[key] = received
            self._received_bytes += len(key[3])
            while (
                len(self._received) > _REMEMBERED_REQUESTS
                or self._received_bytes > _REMEMBERED_BYTES
            ):
                forgotten = next(iter(self._received))
                del self._received[forgotten]
                self._received_bytes -= len(forgotten[3])

    def _answer(
        self,
        operation: Operation,
        view: OperationView,
        received: _Received,
        logged: _Logged | None,
        request: Request,
        account: str,
    ) -> Answer:
        if (
            self.throttle is not None
            and view.models("ThrottlingException")
            and not self.throttle.allow(account, request.region, view.name)
        ):
            raise ServiceError("ThrottlingException", DEFAULT_MESSAGES["ThrottlingException"])
        if logged is not None:  # a fault is queued: it may answer this request
            injected = self.store.faults.next_error(view.name, logged.params)
            if injected is not None:
                raise injected
        checked = received.checked
        if checked is _UNCHECKED:  # checked once per request (the checks are pure)
            params = received.params
            operation.precheck(params)
            self._validate(view, params)
            checked = received.checked = operation.check(plain_copy(params))  # null: not set
        result = operation.answer(checked, Context(view, self.store, request.region, account))
        if isinstance(result, Answer):
            return result
        return success(result, view.output_shape, frozen=True)

    def _validate(self, view: OperationView, params: dict[str, Any]) -> None:
        if view.input_shape is None:
            return
        problems = self.model.wire_checker.check(view.input_shape, params)
        if problems:
            count = len(problems)
            listed = "; ".join(str(problem) for problem in problems[:_LISTED_PROBLEMS])
            more = count - _LISTED_PROBLEMS
            if more > 0:
                listed += f"; and {more:,} more"
            raise ServiceError(
                view.validation_error(any(problem.malformed for problem in problems)),
                f"{count:,} validation error{'s' if count > 1 else ''} detected: {listed}",
            )

    def _refusal(self, view: OperationView, error: ServiceError) -> Answer:
        """The error answer, from the operation's own modelled list: a validation error the
        operation does not model becomes the one it does; anything else unmodelled is a bug."""
        code = error.code
        if not view.models(code) and code in (
            "InvalidParameterException",
            "InvalidRequestException",
        ):
            code = view.validation_error(code == "InvalidRequestException")
        if not view.models(code):
            logger.error("%s answered %s, which its model does not list", view.name, code)
            return _bug(view.name, RuntimeError(f"unmodelled error {code}: {error.message}"))
        return failure(ServiceError(code, error.message), self.model.error_status(code))


#: The default implementation keeps its first name for code that imported it.
SearchContactsService = ConnectService


def _bug(operation: str, error: Exception) -> Answer:
    return failure(
        ServiceError(
            "InternalServiceException",
            f"connect-contacts-mock hit a bug while answering this {operation} request "
            f"({type(error).__name__}: {error}); this is a bug in the mock, not in your "
            "code: please report it with the request that caused it",
        ),
        500,
    )


_UNCHECKED: Any = object()


class _Received:
    """A request as decoded, and once it passed the checks, in the form its operation
    answers from; `decoded` is what every call of it logs."""

    __slots__ = ("params", "decoded", "checked")

    def __init__(self, params: dict[str, Any], shape: Shape | None) -> None:
        self.params = params
        self.decoded = _Decoded(params, shape)
        self.checked: Any = _UNCHECKED


class _Decoded:
    """A request's decoded parameters (kept as they are: nothing changes them) and its input
    shape: what the log builds a call's parameters from when they are read, and all it keeps
    of the request (not its checked form)."""

    __slots__ = ("params", "shape")

    def __init__(self, params: dict[str, Any], shape: Shape | None) -> None:
        self.params = params
        self.shape = shape

    def logged(self) -> dict[str, Any]:
        """A new copy of the request as the log shows it (timestamps as datetimes)."""
        decoded = self.params if self.shape is None else from_wire(self.params, self.shape)
        logged: dict[str, Any] = _fresh(decoded)
        return logged


class _Logged:
    """One call's logged parameters, built once for the first reader: a `when=` predicate
    of a queued fault, then the log, see the same dict."""

    __slots__ = ("_decoded", "_params")

    def __init__(self, decoded: _Decoded) -> None:
        self._decoded = decoded
        self._params: dict[str, Any] | None = None

    def params(self) -> dict[str, Any]:
        if self._params is None:
            self._params = self._decoded.logged()
        return self._params

    def logged(self) -> dict[str, Any]:
        return self.params()


def _brackets(body: bytes | str) -> int:
    """How many objects and lists a JSON body can open at most (an upper bound on its depth,
    counted in C: quoted brackets count too)."""
    if isinstance(body, str):
        return body.count("{") + body.count("[")
    return body.count(b"{") + body.count(b"[")


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether decoded JSON nests more than `limit` levels, found without recursion."""
    level: list[Any] = [value]
    for _ in range(limit + 1):
        level = [
            item
            for node in level
            if isinstance(node, (dict, list))
            for item in (node.values() if isinstance(node, dict) else node)
        ]
        if not level:
            return False
    return True


def _fresh(value: Any) -> Any:
    """A copy of decoded JSON (dicts and lists rebuilt), so each call logs its own."""
    if isinstance(value, dict):
        return {name: _fresh(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value
