"""Run one SearchContacts query over an instance: time window, criteria, retention and sort."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ._clock import from_seconds, months_before, now_ms
from .contact import TIMESTAMP_PATHS, StoredContact
from .criteria import Predicate, time_window
from .errors import invalid_parameter, invalid_request

#: The longest primary window the service accepts (the console's documented 8 weeks).
MAX_WINDOW_MS = 8 * 7 * 24 * 60 * 60 * 1000
#: Contact data is kept for 24 months from its initiation, then deleted.
RETENTION_MONTHS = 24
DEFAULT_SORT = {"FieldName": "INITIATION_TIMESTAMP", "Order": "DESCENDING"}

SortKey = Callable[[StoredContact], Any]


def _timestamp_key(kind: str) -> SortKey:
    return lambda contact: contact.timestamps[kind]


SORT_KEYS: dict[str, SortKey] = {
    **{kind: _timestamp_key(kind) for kind in TIMESTAMP_PATHS},
    "EXPIRY_TIMESTAMP": lambda contact: contact.expiry_ms,
    "CHANNEL": lambda contact: contact.channel,
    "INITIATION_METHOD": lambda contact: contact.initiation_method,
}


def window_bounds(time_range: dict[str, Any], path: str, *, limit_span: bool) -> tuple[int, int]:
    """The inclusive [start, end] of a validated TimeRange in epoch milliseconds."""
    start = round(time_range["StartTime"] * 1000)
    end = round(time_range["EndTime"] * 1000)
    if start > end:
        raise invalid_parameter(
            f"{path}: StartTime {_iso(start)} is after EndTime {_iso(end)}; StartTime must not "
            "be later than EndTime"
        )
    if limit_span and end - start > MAX_WINDOW_MS:
        days = (end - start) / 86_400_000
        raise invalid_parameter(
            f"{path}: the window spans {days:g} days, at most 8 weeks (56 days) allowed"
        )
    return start, end


def search(
    contacts: Iterable[StoredContact],
    time_range: dict[str, Any],
    bounds: tuple[int, int],
    predicates: list[Predicate],
    sort: dict[str, Any] | None,
) -> list[StoredContact]:
    """Every visible contact matching the query, in the order the page walk uses."""
    in_window = time_window(time_range["Type"], *bounds)
    oldest = months_before(now_ms(), RETENTION_MONTHS)
    found = [
        contact
        for contact in contacts
        if (contact.timestamps["INITIATION_TIMESTAMP"] or 0) >= oldest
        and in_window(contact)
        and all(predicate(contact) for predicate in predicates)
    ]
    return sort_contacts(found, sort or DEFAULT_SORT)


def sort_contacts(contacts: list[StoredContact], sort: dict[str, Any]) -> list[StoredContact]:
    """Sort by the field and order asked; ties by Id ascending; missing values last."""
    field_name = sort["FieldName"]
    key = SORT_KEYS.get(field_name)
    if key is None:
        raise invalid_request(
            f"Sort.FieldName {field_name!r} is in the installed botocore model but this "
            "version of connect-contacts-mock does not support it yet"
        )
    present = [contact for contact in contacts if key(contact) is not None]
    missing = [contact for contact in contacts if key(contact) is None]
    present.sort(key=lambda contact: contact.id)
    present.sort(key=key, reverse=sort["Order"] == "DESCENDING")
    missing.sort(key=lambda contact: contact.id)
    return present + missing


def _iso(ms: int) -> str:
    return from_seconds(ms / 1000).isoformat()
