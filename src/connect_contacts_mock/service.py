"""The one implementation of SearchContacts: a request body in, the service's answer out.

Every transport (the in-process botocore hook, the HTTP server) hands the raw body here with the
region and account the request was sent to. Validation order follows the service: the body, the
model's constraints, the semantic rules, the page token, then the instance. Nothing raised in
here escapes: a fault of our own is answered as InternalServiceException (500) and logged.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any

from . import paging
from ._clock import now_ms
from ._moto import moto_account, moto_has_instance
from .calls import Call
from .contact import TIMESTAMP_PATHS, StoredContact, answered
from .criteria import MATCHERS, Predicate, QueryContext, compile_criteria
from .errors import (
    ServiceError,
    invalid_parameter,
    invalid_request,
    resource_not_found,
)
from .faults import DEFAULT_MESSAGES, TokenBucket
from .query import DEFAULT_SORT, SORT_KEYS, Found, retention_cutoff, search, window_bounds
from .store import ContactStore, Instance
from .validation import plain_copy
from .wire import Answer, decode_body, failure, from_wire, search_page

logger = logging.getLogger("connect_contacts_mock")

DEFAULT_MAX_RESULTS = 100
#: A query walks at most this many results, as the console's 10K cap.
RESULT_WINDOW = 10_000
_CACHED_RESULTS = 64


class SearchContactsService:
    """Answers SearchContacts from one store."""

    def __init__(
        self,
        store: ContactStore,
        *,
        limit_time_window: bool = True,
        throttle: TokenBucket | None = None,
    ) -> None:
        self.store = store
        self.model = store.model
        self.limit_time_window = limit_time_window
        self.throttle = throttle
        self._lock = threading.Lock()  # for the remembered requests, queries and results
        self._received: OrderedDict[bytes, _Received] = OrderedDict()
        self._queries: OrderedDict[_QueryKey, tuple[int, Found]] = OrderedDict()

    def answer(
        self,
        body: bytes | str | None,
        *,
        region: str,
        account_id: str | None = None,
        access_key: str | None = None,
        headers: Any = None,
    ) -> Answer:
        """The answer to one request, always an `Answer`, never an exception.

        The account is `account_id` when given, else moto's account for the request while
        moto's `mock_aws` is active, else the store's account.
        """
        logged: dict[str, Any] | None = None
        try:
            account = account_id or moto_account(access_key, headers) or self.store.account_id
            received = self._receive(body)
            logged = _fresh(received.logged)
            answer = self._answer(received, logged or {}, region, account)
        except ServiceError as error:
            answer = failure(error, self.model.error_status(error.code))
        except Exception as error:
            logger.exception("connect-contacts-mock failed while answering SearchContacts")
            answer = failure(
                ServiceError(
                    "InternalServiceException",
                    f"connect-contacts-mock hit a bug while answering this request "
                    f"({type(error).__name__}: {error}); this is a bug in the mock, not in your "
                    "code: please report it with the request that caused it",
                ),
                500,
            )
        self.store.calls.append(
            Call(
                params=logged,
                status=answer.status,
                request_id=answer.headers.get("x-amzn-RequestId", ""),
                body=answer.body,
                error_code=answer.error_code,
                error_message=answer.error_message,
            )
        )
        return answer

    def _receive(self, body: bytes | str | None) -> _Received:
        """The request decoded, or as decoded before when the same bytes came earlier."""
        if isinstance(body, bytes):
            with self._lock:
                known = self._received.get(body)
                if known is not None:
                    self._received.move_to_end(body)
                    return known
        params = decode_body(body)
        if _deeper_than(params, _MAX_DEPTH):
            raise invalid_request(
                f"The request body is nested more than {_MAX_DEPTH} levels deep; no member of "
                "SearchContacts is"
            )
        received = _Received(params, from_wire(params, self.model.input_shape))
        if isinstance(body, bytes):
            _keep(self._lock, self._received, body, received)
        return received

    def _answer(
        self, received: _Received, logged: dict[str, Any], region: str, account: str
    ) -> Answer:
        if self.throttle is not None and not self.throttle.allow(account, region):
            raise ServiceError("ThrottlingException", DEFAULT_MESSAGES["ThrottlingException"])
        injected = self.store.faults.next_error(logged)
        if injected is not None:
            raise injected
        result, fragments = self._search(received, region, account)
        return search_page(result, fragments, region)

    def _search(
        self, received: _Received, region: str, account_id: str | None
    ) -> tuple[dict[str, Any], list[str]]:
        if received.checked is None:  # checked once per request body (the checks are pure)
            self._validate(received.params)
            params = plain_copy(received.params)  # JSON null means not set: drop it
            time_range = params["TimeRange"]
            bounds = window_bounds(time_range, "TimeRange", limit_span=self.limit_time_window)
            received.checked = (params, bounds, paging.fingerprint(params))
        params, bounds, query = received.checked
        time_range = params["TimeRange"]
        instance_id = params["InstanceId"]
        instance = self.store.find_instance(instance_id, region, account_id)
        if instance is None and account_id and moto_has_instance(account_id, region, instance_id):
            self.store.add_instance(instance_id, region=region, account_id=account_id)
            instance = self.store.find_instance(instance_id, region, account_id)
        context = (
            region,
            instance.region if instance else None,
            self.store.searchable_attributes,
        )
        # The same query of the same instance asked again: it compiled without error before.
        key = (query, instance.account_id, *context) if instance is not None else None
        known = self._queries.get(key) if key is not None else None
        predicates = self._compile(params, context) if known is None else None
        token = paging.decode(params["NextToken"], query) if params.get("NextToken") else None
        if instance is None or key is None:
            raise resource_not_found(self._not_found_message(instance_id, region, account_id))
        results = self._found(key, known, instance, time_range, bounds, predicates, params, context)
        offset = token.offset if token else 0
        page_size = params.get("MaxResults", DEFAULT_MAX_RESULTS)
        walk_end = min(len(results), RESULT_WINDOW)
        page = results[offset : min(offset + page_size, walk_end)]
        fragments = answered(
            page, self.model.summary_shape, instance.account_id, instance.instance_id
        )
        answer: dict[str, Any] = {"TotalCount": len(results)}
        next_offset = offset + len(page)
        if next_offset < walk_end:
            answer["NextToken"] = paging.encode(paging.PageToken(query, next_offset, now_ms()))
        return answer, fragments

    def _compile(self, params: dict[str, Any], context: _Context) -> dict[str, Predicate]:
        region, instance_region, searchable = context
        return compile_criteria(
            params.get("SearchCriteria") or {},
            QueryContext(
                region=region,
                instance_region=instance_region,
                searchable_attribute_keys=searchable,
            ),
        )

    def _found(
        self,
        key: _QueryKey,
        known: tuple[int, Found] | None,
        instance: Instance,
        time_range: dict[str, Any],
        bounds: tuple[int, int],
        predicates: dict[str, Predicate] | None,
        params: dict[str, Any],
        context: _Context,
    ) -> list[StoredContact]:
        """The result of a query: remembered from the same query (of the same instance, asked
        from the same region) while the instance is unchanged and the retention cut-off has
        not moved past any contact it tests; searched otherwise. Every page, first or later,
        goes through here, so a token never pages a stale result."""
        if known is not None:
            generation, found = known
            if generation == instance.generation and found.holds_at(retention_cutoff()):
                _keep(self._lock, self._queries, key, known)
                return found.contacts
        if predicates is None:  # not compiled, as the query was known: compile now
            predicates = self._compile(params, context)
        with self.store._lock:  # the index is sorted on demand: no add or search meanwhile
            generation = instance.generation
            found = search(
                instance.index,
                time_range,
                bounds,
                predicates,
                params.get("Sort"),
                params.get("SearchCriteria") or {},
            )
        _keep(self._lock, self._queries, key, (generation, found))
        return found.contacts

    def _validate(self, params: dict[str, Any]) -> None:
        problems = self.model.wire_checker.check(self.model.input_shape, params)
        if problems:
            kind = invalid_request if any(p.malformed for p in problems) else invalid_parameter
            count = len(problems)
            listed = "; ".join(str(problem) for problem in problems)
            raise kind(f"{count} validation error{'s' if count > 1 else ''} detected: {listed}")
        time_type = params["TimeRange"]["Type"]
        if time_type not in TIMESTAMP_PATHS:
            raise invalid_request(
                f"TimeRange.Type {time_type!r} is in the installed botocore model but this "
                "version of connect-contacts-mock does not support it yet"
            )
        sort_field = (params.get("Sort") or DEFAULT_SORT)["FieldName"]
        if sort_field not in SORT_KEYS:
            raise invalid_request(
                f"Sort.FieldName {sort_field!r} is in the installed botocore model but this "
                "version of connect-contacts-mock does not support it yet"
            )
        for member in params.get("SearchCriteria") or {}:
            if member not in MATCHERS:
                raise invalid_request(
                    f"SearchCriteria.{member} is in the installed botocore model but this "
                    "version of connect-contacts-mock does not support it yet; upgrade "
                    "connect-contacts-mock, or leave the member out"
                )

    def _not_found_message(self, instance_id: str, region: str, account_id: str | None) -> str:
        account = account_id or self.store.account_id
        found = f"Instance {instance_id!r} not found in account {account}, region {region}."
        elsewhere = sorted(
            f"region {known.region} of account {known.account_id}"
            for known in self.store.known_instances()
            if known.instance_id == instance_id
        )
        if elsewhere:
            return (
                f"{found} The mock knows it only in {', '.join(elsewhere)}; send the request "
                f"there, or have it answer here with contacts.add_instance({instance_id!r}, "
                f"region={region!r}, account_id={account!r})"
            )
        return (
            f"{found} To make it known to the mock, call contacts.add_instance({instance_id!r}) "
            f"or add contacts with instance_id={instance_id!r}"
        )


#: What a query's result depends on besides the instance: the region asked, the instance's
#: region, the searchable attribute keys.
_Context = tuple[str, str | None, frozenset[str] | None]
#: A remembered query: its fingerprint, the instance's account, then the `_Context`.
_QueryKey = tuple[str, str, str, str | None, frozenset[str] | None]


def _keep(lock: threading.Lock, kept: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    """Remember `value` under `key` as the most recent of `kept`, forgetting the oldest past
    the limit (thread-safe: the HTTP server answers on several threads)."""
    with lock:
        kept[key] = value
        kept.move_to_end(key)
        while len(kept) > _CACHED_RESULTS:
            kept.popitem(last=False)


class _Received:
    """A request body as decoded, as logged (timestamps as datetimes), and once it passed the
    checks, as searched: without nulls, its window in milliseconds and its fingerprint."""

    __slots__ = ("params", "logged", "checked")

    def __init__(self, params: dict[str, Any], logged: dict[str, Any] | None) -> None:
        self.params = params
        self.logged = logged
        self.checked: tuple[dict[str, Any], tuple[int, int], str] | None = None


#: Far deeper than any SearchContacts member nests, far shallower than Python's recursion limit.
_MAX_DEPTH = 64


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
