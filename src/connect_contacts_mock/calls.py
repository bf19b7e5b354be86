"""The call log and its assertions, in the spirit of aws-sdk-client-mock's matchers.

Every request the mock answers is recorded with its operation, its decoded parameters and the
answer given; assertion helpers (for one operation, or for any) fail with a message that lists
what was received.
"""

from __future__ import annotations

import json
from typing import Any, Protocol


class Call:
    """One request and the answer it got (read-only).

    `params` are the decoded parameters, from the path, query and body alike (timestamps as
    aware UTC datetimes), or None when the body was not a JSON object; `body` is the answer's
    body as sent; `error_code` and `error_message` are set for an error answer; `operation`
    is the model's name of the operation called.

    The log is written on every call and mostly never read, so `params` may be given as a
    `source` instead: anything with a `logged()` method returning them. They are then built
    on first read (each call its own copy, the same one on every read).
    """

    __slots__ = (
        "_params",
        "_source",
        "_status",
        "_request_id",
        "_body",
        "_error_code",
        "_error_message",
        "_operation",
        "_response",
    )

    def __init__(
        self,
        params: dict[str, Any] | None,
        status: int,
        request_id: str,
        body: bytes = b"",
        error_code: str | None = None,
        error_message: str | None = None,
        operation: str = "SearchContacts",
        *,
        source: LoggedParams | None = None,
    ) -> None:
        self._params = _UNREAD if source is not None else params
        self._source = source
        self._status = status
        self._request_id = request_id
        self._body = body
        self._error_code = error_code
        self._error_message = error_message
        self._operation = operation
        self._response: Any = _UNREAD

    @property
    def params(self) -> dict[str, Any] | None:
        """The decoded parameters (built from the source on first read)."""
        params = self._params
        if params is _UNREAD:
            built = self._source.logged() if self._source is not None else None
            if self._params is _UNREAD:  # another thread may have built them meanwhile
                self._params = built
                self._source = None
            params = self._params
        return params

    @property
    def status(self) -> int:
        return self._status

    @property
    def request_id(self) -> str:
        return self._request_id

    @property
    def body(self) -> bytes:
        return self._body

    @property
    def error_code(self) -> str | None:
        return self._error_code

    @property
    def error_message(self) -> str | None:
        return self._error_message

    @property
    def operation(self) -> str:
        return self._operation

    @property
    def response(self) -> dict[str, Any] | None:
        """The body of a success as sent (decoded on first use: timestamps are epoch numbers,
        as on the wire; an empty body is `{}`); None for an error answer."""
        if self._response is _UNREAD:
            decoded: dict[str, Any] | None = None
            if self._status == 200:
                decoded = json.loads(self._body) if self._body else {}
            self._response = decoded
        return self._response  # type: ignore[no-any-return]

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.params,
            self._status,
            self._request_id,
            self._body,
            self._error_code,
            self._error_message,
            self._operation,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Call) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        names = ("params", "status", "request_id", "body", "error_code", "error_message")
        shown = ", ".join(
            f"{name}={value!r}" for name, value in zip(names, self._fields(), strict=False)
        )
        return f"Call({shown}, operation={self._operation!r})"


class LoggedParams(Protocol):
    """Where a call's logged parameters come from, when they are built on first read."""

    def logged(self) -> dict[str, Any] | None:
        """A new copy of the decoded parameters, as the log shows them."""
        ...


_UNREAD: Any = object()


def _shown(value: Any) -> str:
    """`value` as a failing assertion's message shows it (pprint, imported only then)."""
    import pprint

    return pprint.pformat(value, width=90)


def contains(actual: Any, expected: Any) -> bool:
    """Whether `actual` holds `expected`: dicts by subset at any depth, everything else by ==."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    return bool(actual == expected)


class CallAssertions:
    """Assertion helpers over `self.calls`; mixed into ContactStore.

    Each looks at the calls of one operation, `operation=` (a model name such as
    "DescribeContact"; SearchContacts by default, as before other operations were answered),
    or at the calls of every operation with `operation=None`."""

    calls: list[Call]

    def calls_to(self, operation: str) -> list[Call]:
        """The calls of one operation, in order."""
        return [call for call in self.calls if call.operation == operation]

    def _chosen(self, operation: str | None) -> list[Call]:
        return self.calls if operation is None else self.calls_to(operation)

    def _received(self, operation: str | None) -> str:
        what = f"{operation or 'Connect'} request"
        calls = self._chosen(operation)
        lines = [f"{len(calls)} {what}(s) received:" if calls else f"no {what} was received"]
        for number, call in enumerate(calls, 1):
            outcome = call.error_code or f"{call.status} OK"
            named = "" if operation else f"{call.operation} "
            lines.append(f"  {number}. {named}-> {outcome}: {_shown(call.params)}")
        others = sorted({call.operation for call in self.calls} - {operation})
        if operation is not None and others:
            lines.append(
                f"(requests of {', '.join(others)} were received too: pass operation= to "
                "assert on them, or operation=None for every operation)"
            )
        return "\n".join(lines)

    def assert_called(
        self, times: int | None = None, *, operation: str | None = "SearchContacts"
    ) -> None:
        """At least one request was received; with `times`, exactly that many."""
        count = len(self._chosen(operation))
        if (times is None and count == 0) or (times is not None and count != times):
            wanted = "at least once" if times is None else f"{times} time(s)"
            raise AssertionError(
                f"expected {operation or 'Connect requests'} {wanted}; {self._received(operation)}"
            )

    def assert_not_called(self, *, operation: str | None = "SearchContacts") -> None:
        """No request was received."""
        if self._chosen(operation):
            raise AssertionError(
                f"expected no {operation or 'Connect'} request; {self._received(operation)}"
            )

    def assert_called_with(
        self, *, operation: str | None = "SearchContacts", **params: Any
    ) -> None:
        """Some request carried (a subset of) these parameters."""
        if not any(contains(call.params, params) for call in self._chosen(operation)):
            raise AssertionError(
                f"no {operation or 'Connect'} request carried "
                f"{_shown(params)}; {self._received(operation)}"
            )

    def assert_last_called_with(
        self, *, operation: str | None = "SearchContacts", **params: Any
    ) -> None:
        """The latest request carried (a subset of) these parameters."""
        calls = self._chosen(operation)
        if not calls or not contains(calls[-1].params, params):
            raise AssertionError(
                f"the last {operation or 'Connect'} request did not carry "
                f"{_shown(params)}; {self._received(operation)}"
            )

    def assert_nth_called_with(
        self, number: int, *, operation: str | None = "SearchContacts", **params: Any
    ) -> None:
        """The `number`-th request (from 1) carried (a subset of) these parameters."""
        calls = self._chosen(operation)
        if len(calls) < number or not contains(calls[number - 1].params, params):
            raise AssertionError(
                f"{operation or 'Connect'} request {number} did not carry "
                f"{_shown(params)}; {self._received(operation)}"
            )
