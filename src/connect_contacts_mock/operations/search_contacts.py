"""SearchContacts: the time window, the criteria, retention, the sort and the page."""

from __future__ import annotations

import threading
import warnings
from collections import OrderedDict
from typing import Any

from connect_contacts_mock import paging
from connect_contacts_mock._clock import now_ms
from connect_contacts_mock.contact import TIMESTAMP_PATHS, answered
from connect_contacts_mock.criteria import MATCHERS, Predicate, QueryContext, compile_criteria
from connect_contacts_mock.errors import (
    RetentionWarning,
    UnsearchableAttributeWarning,
    invalid_request,
    resource_not_found,
)
from connect_contacts_mock.query import (
    DEFAULT_SORT,
    SORT_KEYS,
    Result,
    cursor_of,
    search,
)
from connect_contacts_mock.store import Instance
from connect_contacts_mock.timerules import retention_cutoff, window_bounds
from connect_contacts_mock.wire import Answer, search_page

from . import Context, Operation

DEFAULT_MAX_RESULTS = 100
#: A query walks at most this many results, as the console's 10K cap.
RESULT_WINDOW = 10_000
_CACHED_RESULTS = 64

#: What a query's result depends on besides the instance: the region asked, the instance's
#: region, the searchable attribute keys.
_Context = tuple[str, str | None, frozenset[str] | None]
#: A remembered query: its fingerprint, the instance's account, then the `_Context`.
_QueryKey = tuple[str, str, str, str | None, frozenset[str] | None]
#: A request as searched: its parameters, its window in milliseconds and its fingerprint.
_Checked = tuple[dict[str, Any], tuple[int, int], str]


class SearchContacts(Operation):
    """Answers SearchContacts; remembers each query's result while it stays exact."""

    def __init__(self, options: Any) -> None:
        super().__init__(options)
        self._lock = threading.Lock()
        self._queries: OrderedDict[_QueryKey, tuple[int, Result]] = OrderedDict()

    def forget(self) -> None:
        with self._lock:
            self._queries.clear()

    def check(self, params: dict[str, Any]) -> _Checked:
        _refuse_unsupported(params)
        time_range = params["TimeRange"]
        limit_span = getattr(self.options, "limit_time_window", True)
        bounds = window_bounds(time_range, "TimeRange", limit_span=limit_span)
        return params, bounds, paging.fingerprint(params)

    def answer(self, checked: _Checked, context: Context) -> Answer:
        params, bounds, query = checked
        store = context.store
        instance_id = params["InstanceId"]
        instance = context.find_instance(instance_id)
        query_context = (
            context.region,
            instance.region if instance else None,
            store.searchable_attributes,
        )
        # The same query of the same instance asked again: it compiled without error before.
        key = (query, instance.account_id, *query_context) if instance is not None else None
        known = self._queries.get(key) if key is not None else None
        predicates = self._compile(params, query_context) if known is None else None
        token = paging.decode(params["NextToken"], query) if params.get("NextToken") else None
        if instance is None or key is None:
            raise resource_not_found(
                store.instance_not_found_message(instance_id, context.region, context.account_id)
            )
        page_size = params.get("MaxResults", DEFAULT_MAX_RESULTS)
        walked = token.offset if token is not None else 0
        page_size = min(page_size, RESULT_WINDOW - walked)
        with store._lock:  # a page is read from the index: no change meanwhile
            found = self._found(context, key, known, instance, bounds, predicates, params)
            # A keyset walk: the page starts after the last contact the previous one
            # returned, so contacts added or changed between pages are neither repeated nor
            # skipped.
            page, more = found.page(token.after if token is not None else None, page_size)
        if token is None:  # once per search, on its first page
            _warn_of_what_was_left_out(found, instance, params, store.searchable_attributes)
        fragments = answered(
            page, store.model.summary_shape, instance.account_id, instance.instance_id
        )
        result: dict[str, Any] = {"TotalCount": found.total}
        walked += len(page)
        if page and more and walked < RESULT_WINDOW:
            after = cursor_of(page[-1], params.get("Sort") or DEFAULT_SORT)
            result["NextToken"] = paging.encode(paging.PageToken(query, walked, now_ms(), after))
        return search_page(result, fragments, context.region)

    def _compile(self, params: dict[str, Any], query_context: _Context) -> dict[str, Predicate]:
        region, instance_region, searchable = query_context
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
        context: Context,
        key: _QueryKey,
        known: tuple[int, Result] | None,
        instance: Instance,
        bounds: tuple[int, int],
        predicates: dict[str, Predicate] | None,
        params: dict[str, Any],
    ) -> Result:
        """The result of a query: remembered from the same query (of the same instance, asked
        from the same region) while the instance is unchanged and the retention cut-off has
        not moved past any contact it tests; searched otherwise. Every page, first or later,
        goes through here, so a token never pages a stale result. The caller holds the store's
        lock: the index is sorted on demand, and a page is read from it."""
        if known is not None:
            generation, found = known
            if generation == instance.generation and found.holds_at(retention_cutoff()):
                self._keep(key, known)
                return found
        if predicates is None:  # not compiled, as the query was known: compile now
            predicates = self._compile(params, key[2:])
        generation = instance.generation
        found = search(
            instance.index,
            params["TimeRange"],
            bounds,
            predicates,
            params.get("Sort"),
            params.get("SearchCriteria") or {},
            key[4],
        )
        self._keep(key, (generation, found))
        return found

    def _keep(self, key: _QueryKey, value: tuple[int, Result]) -> None:
        """Remember `value` as the most recent query, forgetting the oldest past the limit."""
        with self._lock:
            self._queries[key] = value
            self._queries.move_to_end(key)
            while len(self._queries) > _CACHED_RESULTS:
                self._queries.popitem(last=False)


def _warn_of_what_was_left_out(
    found: Result,
    instance: Instance,
    params: dict[str, Any],
    searchable: frozenset[str] | None,
) -> None:
    """Warn (MockWarning) where the answer is the service's but easy to misread: contacts
    left out by the 24-month retention, and criteria on keys not declared searchable."""
    if found.expired:
        plural = "s" if found.expired > 1 else ""
        warnings.warn(
            f"SearchContacts left out {found.expired} matching contact{plural} of instance "
            f"{instance.instance_id!r} initiated more than 24 months before now (the "
            "service keeps contacts 24 months, and so does the mock). To keep old fixtures "
            "visible, freeze the clock near their dates (freezegun or time-machine), or date "
            "them relative to now",
            RetentionWarning,
            stacklevel=2,
        )
    if searchable is None:
        return
    criteria = (params.get("SearchCriteria") or {}).get("SearchableContactAttributes") or {}
    hidden = sorted(
        {item["Key"] for item in criteria.get("Criteria") or () if item["Key"] not in searchable}
    )
    for key in hidden:
        carrying = sum(1 for record in instance.contacts.values() if key in record.attributes)
        warnings.warn(
            f"SearchableContactAttributes names the key {key!r}, which is not declared "
            f"searchable (searchable_attributes={sorted(searchable)!r}): as on the service, "
            f"no contact matches on it, and {carrying} contact{'s' if carrying != 1 else ''} "
            f"of instance {instance.instance_id!r} carry it. Declare it: "
            f"mock_search_contacts(searchable_attributes=[..., {key!r}])",
            UnsearchableAttributeWarning,
            stacklevel=2,
        )


def _refuse_unsupported(params: dict[str, Any]) -> None:
    """A member, time type or sort field of the installed model this version cannot answer
    is refused, never ignored."""
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
