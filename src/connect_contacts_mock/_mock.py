"""SearchContactsMock: the one implementation behind the context manager, the decorator and the
pytest fixture. Each activation gets a fresh, empty store; activations nest (the innermost
answers, leaving restores the outer one); leaving always undoes everything, even when the body
raised, and never replaces the caller's exception.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from . import _botocore_events
from ._options import MockOptions
from .errors import MockUsageError
from .faults import TokenBucket
from .model import ModelView, installed_model
from .service import ConnectService
from .store import ContactStore, searchable_keys

if TYPE_CHECKING:
    from unittest import TestCase

F = TypeVar("F", bound=Callable[..., Any])

#: Throwaway credentials used while a mock is active and the environment has none, so code
#: under test can sign its requests on a machine without AWS configuration.
THROWAWAY_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}


class _Activation:
    """One start of a mock: its store and the service answering from it."""

    __slots__ = ("store", "service")

    def __init__(self, store: ContactStore, service: ConnectService) -> None:
        self.store = store
        self.service = service


_credentials_lock = threading.Lock()
_credentials_users = 0
_credentials_saved: dict[str, str | None] | None = None


def _borrow_credentials() -> None:
    """Set throwaway credentials for the first active mock if the environment has none."""
    global _credentials_users, _credentials_saved
    with _credentials_lock:
        if _credentials_users == 0 and not all(os.environ.get(n) for n in THROWAWAY_CREDENTIALS):
            _credentials_saved = {name: os.environ.get(name) for name in THROWAWAY_CREDENTIALS}
            os.environ.update(THROWAWAY_CREDENTIALS)
        _credentials_users += 1


def _return_credentials() -> None:
    """Restore the environment when the last active mock ends."""
    global _credentials_users, _credentials_saved
    with _credentials_lock:
        _credentials_users -= 1
        if _credentials_users == 0 and _credentials_saved is not None:
            for name, value in _credentials_saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            _credentials_saved = None


def _checked_passthrough(names: Iterable[str], model: ModelView | None) -> frozenset[str]:
    """The `passthrough` operations, each a Connect operation of the model."""
    if isinstance(names, str):
        raise MockUsageError(
            f"passthrough takes a list of operation names, got the string {names!r}; write "
            f"passthrough=[{names!r}]"
        )
    known = (model or installed_model()).operation_names
    chosen = frozenset(names)
    for name in sorted(chosen):
        if name not in known:
            import difflib  # only to name the operation a misspelt name was meant to be

            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise MockUsageError(
                f"passthrough names {name!r}{hint}, which is not an operation of Connect in "
                "the installed botocore model; name operations as the model does, such as "
                "'DescribeUser'"
            )
    return chosen


class SearchContactsMock:
    """Answers boto3's Connect contact calls from a fresh `ContactStore` while active.

    Options (the same for the decorator, the context manager and the pytest marker; defined
    once in `_options.MockOptions`, where each is described):

    - `account_id`: the account the mock's instances belong to (default 123456789012).
    - `region`: the region of the default instance; None (default) makes it known in every region.
    - `instance_id`: the id of the default instance (`contacts.instance_id`).
    - `searchable_attributes`: the contact-attribute keys declared searchable; None (default)
      makes every key searchable, a list restricts search to those keys as a real instance does.
    - `limit_time_window`: refuse primary windows longer than 8 weeks, as the service does
      (default True).
    - `as_kwarg`: the parameter name through which a decorated function receives its store
      (default "contacts"), or the attribute name set on a decorated TestCase.
    - `throttle`: apply the documented quota (0.5 requests/s, burst 1, per account, region
      and operation) as a token bucket (True), or a `(rate, burst)` of your own; off by default.
    - `retry_sleep`: False removes botocore's retry back-off sleep after errors answered by the
      mock (429, 5xx), so retry tests take milliseconds; default True (botocore sleeps).
    - `data`: a fixture file (JSON, or YAML with PyYAML) of contacts to load into each new store.
    - `model`: a `ModelView` to validate against instead of the installed botocore model.
    - `passthrough`: Connect operations (model names) to send to their endpoint unanswered;
      every other Connect call the mock does not answer, and moto does not, is refused with
      UnknownOperationException without being sent.

    A name that is no option raises `MockUsageError` naming the valid ones.
    """

    def __init__(self, **options: Any) -> None:
        self.options = MockOptions.from_keywords("mock_search_contacts", options)
        self.account_id = self.options.account_id
        self.region = self.options.region
        self.instance_id = self.options.instance_id
        self.searchable_attributes = searchable_keys(self.options.searchable_attributes)
        self.limit_time_window = self.options.limit_time_window
        self.as_kwarg = self.options.as_kwarg
        self.throttle = self.options.throttle
        self.retry_sleep = self.options.retry_sleep
        self.data = self.options.data
        self.model = self.options.model
        self.passthrough = _checked_passthrough(self.options.passthrough, self.model)
        self._activations: list[_Activation] = []

    # -- activation ------------------------------------------------------------------------

    @property
    def contacts(self) -> ContactStore:
        """The store of the innermost activation of this mock."""
        if not self._activations:
            raise MockUsageError(
                "this mock is not active; use `with mock_search_contacts() as contacts:` or "
                "decorate a function and take the store as its `contacts` parameter"
            )
        return self._activations[-1].store

    def start(self) -> ContactStore:
        """Activate with a fresh store and return it; pair every start with a stop."""
        return self._start().store

    def stop(self) -> None:
        """Undo the innermost start of this mock."""
        if not self._activations:
            raise MockUsageError("stop() called on a mock that is not active")
        self._stop(self._activations[-1])

    def _start(self) -> _Activation:
        _botocore_events.install()
        store = ContactStore(
            account_id=self.account_id,
            region=self.region,
            instance_id=self.instance_id,
            searchable_attributes=self.searchable_attributes,
            model=self.model,
        )
        if self.data is not None:
            store.load(self.data)
        service = ConnectService(
            store,
            limit_time_window=self.limit_time_window,
            throttle=TokenBucket.from_option(self.throttle),
            passthrough=self.passthrough,
        )
        activation = _Activation(store, service)
        _borrow_credentials()
        self._activations.append(activation)
        _botocore_events.push(service)
        if not self.retry_sleep:
            _botocore_events.skip_retry_sleep(True)
        return activation

    def _stop(self, activation: _Activation) -> None:
        """Undo one activation, by identity: overlapping runs of one decorated coroutine each
        stop their own."""
        self._activations.remove(activation)
        _botocore_events.pop(activation.service)
        if not self.retry_sleep:
            _botocore_events.skip_retry_sleep(False)
        _return_credentials()

    def __enter__(self) -> ContactStore:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> ContactStore:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- decoration ------------------------------------------------------------------------

    def __call__(self, target: F) -> F:
        """Decorate a function, a coroutine function or a test class (one store per test)."""
        if isinstance(target, type):
            return self._decorate_class(target)  # type: ignore[return-value]
        if not callable(target):
            raise MockUsageError(
                f"mock_search_contacts decorates functions and test classes, not {target!r}"
            )
        return self._decorate_function(target)

    def _decorate_function(self, function: F) -> F:
        signature = inspect.signature(function)
        inject = self.as_kwarg in signature.parameters
        visible = signature.replace(
            parameters=[p for name, p in signature.parameters.items() if name != self.as_kwarg]
        )

        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                activation = self._start()
                try:
                    if inject:
                        kwargs[self.as_kwarg] = activation.store
                    return await function(*args, **kwargs)
                finally:
                    self._stop(activation)

            wrapper: Callable[..., Any] = run_async
        else:

            @functools.wraps(function)
            def run(*args: Any, **kwargs: Any) -> Any:
                activation = self._start()
                try:
                    if inject:
                        kwargs[self.as_kwarg] = activation.store
                    return function(*args, **kwargs)
                finally:
                    self._stop(activation)

            wrapper = run
        if inject:
            wrapper.__signature__ = visible  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    def _decorate_class(self, cls: type) -> type:
        # A TestCase subclass exists only once unittest is imported: not imported at start-up.
        unittest = sys.modules.get("unittest")
        if unittest is not None and issubclass(cls, unittest.TestCase):
            return self._decorate_test_case(cls)
        if cls.__name__.startswith("Test"):
            for name, member in list(vars(cls).items()):
                if name.startswith("test") and inspect.isfunction(member):
                    setattr(cls, name, self._decorate_function(member))
            return cls
        raise MockUsageError(
            f"mock_search_contacts cannot decorate class {cls.__name__}: decorate a "
            "unittest.TestCase, a pytest test class (named Test...), or a function; in pytest, "
            "the `connect_contacts` fixture gives each test its own store"
        )

    def _decorate_test_case(self, cls: type[TestCase]) -> type[TestCase]:
        original_set_up = cls.setUp
        mock = self

        @functools.wraps(original_set_up)
        def set_up(test: TestCase) -> None:
            activation = mock._start()
            test.addCleanup(mock._stop, activation)
            setattr(test, mock.as_kwarg, activation.store)
            original_set_up(test)

        cls.setUp = set_up  # type: ignore[method-assign, assignment]
        return cls


@overload
def mock_search_contacts(target: F, /) -> F: ...


@overload
def mock_search_contacts(
    target: None = None,
    /,
    *,
    account_id: str = ...,
    region: str | None = ...,
    instance_id: str = ...,
    searchable_attributes: Iterable[str] | None = ...,
    limit_time_window: bool = ...,
    as_kwarg: str = ...,
    throttle: bool | tuple[float, int] = ...,
    retry_sleep: bool = ...,
    data: str | os.PathLike[str] | None = ...,
    model: ModelView | None = ...,
    passthrough: Iterable[str] = ...,
) -> SearchContactsMock: ...


def mock_search_contacts(target: Any = None, /, **options: Any) -> Any:
    """Mock SearchContacts: `with mock_search_contacts() as contacts:`, `@mock_search_contacts`
    or `@mock_search_contacts(region="us-west-2", ...)` on functions, coroutine functions and
    test classes. A decorated function receives its store through a `contacts` parameter."""
    mock = SearchContactsMock(**options)
    if target is None:
        return mock
    return mock(target)
