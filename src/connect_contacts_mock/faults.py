"""Injected errors and the optional throttle, answered before the request is processed.

Both are answered at `before-send`, so the client's real retry logic runs on them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from ._clock import now_ms
from .errors import ServiceError

logger = logging.getLogger("connect_contacts_mock")

Predicate = Callable[[dict[str, Any]], bool]

DEFAULT_MESSAGES = {
    "ThrottlingException": "Rate exceeded",
    "InternalServiceException": "Request processing failed because of an error or failure "
    "with the service.",
}


class Fault:
    """An error to answer `remaining` more times (None: every time) to matching requests of
    `operation`."""

    __slots__ = ("code", "message", "remaining", "when", "operation")

    def __init__(
        self,
        code: str,
        message: str,
        remaining: int | None,
        when: Predicate | None,
        operation: str = "SearchContacts",
    ) -> None:
        self.code = code
        self.message = message
        self.remaining = remaining
        self.when = when
        self.operation = operation

    def __repr__(self) -> str:
        return (
            f"Fault(code={self.code!r}, remaining={self.remaining!r}, operation={self.operation!r})"
        )

    def take(self, operation: str, params: Callable[[], dict[str, Any]]) -> bool:
        """Whether this fault answers the request (used up by one if so); `params` gives the
        decoded request parameters, built only for a `when` predicate to read."""
        if self.remaining == 0 or operation != self.operation:
            return False
        if self.when is not None and not self.when(params()):
            return False
        if self.remaining is not None:
            self.remaining -= 1
        return True


class Faults:
    """The faults queued on a store, in the order queued."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def queued(self) -> bool:
        """Whether any fault may still answer (read without the lock, on every call)."""
        return bool(self._faults)

    def next_error(
        self, operation: str, params: Callable[[], dict[str, Any]]
    ) -> ServiceError | None:
        """The error queued for this request of `operation`, if any (used up by one).

        `params` gives the decoded request parameters; it is called only when a `when=`
        predicate needs them, so a request with no fault queued pays nothing for them."""
        with self._lock:
            for fault in self._faults:
                try:
                    taken = fault.take(operation, params)
                except Exception as error:  # the test's own predicate failed
                    logger.exception("the when= predicate of fail_next(%r) raised", fault.code)
                    return ServiceError(
                        "InternalServiceException",
                        f"the when= predicate given to fail_next({fault.code!r}) raised "
                        f"{type(error).__name__}: {error}; it receives the decoded request "
                        "parameters (members may be absent: use params.get)",
                    )
                if taken:
                    return ServiceError(fault.code, fault.message)
            self._faults = [fault for fault in self._faults if fault.remaining != 0]
        return None


class TokenBucket:
    """A request quota: `rate` requests per second, `burst` at once, per account, region and
    operation (0.5/s, burst 1 is the documented SearchContacts quota). Time is read at each
    request, so a frozen clock never refills it."""

    def __init__(self, rate: float = 0.5, burst: int = 1) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[tuple[str, str, str], tuple[float, int]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_option(cls, throttle: bool | tuple[float, int]) -> TokenBucket | None:
        """The bucket a `throttle=` option asks for: True is the documented quota, a tuple is
        `(rate, burst)`, False is none."""
        if not throttle:
            return None
        return cls(*throttle) if isinstance(throttle, (tuple, list)) else cls()

    def allow(self, account_id: str, region: str, operation: str = "SearchContacts") -> bool:
        now = now_ms()
        key = (account_id, region, operation)
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + max(0, now - last) * self.rate / 1000)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
        return allowed
