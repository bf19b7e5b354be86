"""Run one SearchContacts query over an instance: time window, criteria, retention and sort.

Each instance keeps a `ContactIndex`: its contacts in the order of each timestamp (sorted when a
search first needs it, so adding stays an append) and grouped by channel, queue and agent. A
query starts from the smallest of its time window and the groups its criteria name, then tests
every criterion on those candidates only.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, cast

from .contact import TIMESTAMP_PATHS, TIMESTAMP_SLOTS, StoredContact, timestamp_of
from .criteria import BY_VALUE, Predicate
from .errors import invalid_request
from .timerules import retention_cutoff

DEFAULT_SORT = {"FieldName": "INITIATION_TIMESTAMP", "Order": "DESCENDING"}

SortKey = Callable[[StoredContact], Any]

SORT_KEYS: dict[str, SortKey] = {
    **{kind: timestamp_of(kind) for kind in TIMESTAMP_PATHS},
    "EXPIRY_TIMESTAMP": attrgetter("expiry_ms"),
    "CHANNEL": attrgetter("channel"),
    "INITIATION_METHOD": attrgetter("initiation_method"),
}
#: Sort fields whose values are numbers (epoch milliseconds).
_NUMERIC_SORTS = frozenset(TIMESTAMP_PATHS) | {"EXPIRY_TIMESTAMP"}

#: The criteria an index groups contacts for (the by-value criteria of many distinct values):
#: SearchCriteria member -> the contact attribute it matches.
INDEXED_CRITERIA = {member: BY_VALUE[member] for member in ("Channels", "QueueIds", "AgentIds")}
#: Every grouping an index keeps: the indexed criteria, and the chains the contact operations
#: follow (the attribute group of an InitialContactId, the tree of a ContactAssociationId).
GROUPINGS = {
    **INDEXED_CRITERIA,
    "InitialContactId": "initial_contact_id",
    "ContactAssociationId": "association_id",
}

_INITIATION = attrgetter("initiation_ms")
_ID = attrgetter("id")


class ContactIndex:
    """The contacts of one instance by each timestamp and by channel, queue, agent and chain.

    A time order is appended to on add and sorted when first read (timsort merges the sorted
    run and the new tail); a group keeps its contacts by Id in the order added. Replacing one
    contact touches only the places it leaves and enters: a bisection per time order, a dict
    operation per group.
    """

    def __init__(self) -> None:
        self._by_time: dict[str, list[StoredContact]] = {kind: [] for kind in TIMESTAMP_SLOTS}
        self._sorted_upto = dict.fromkeys(TIMESTAMP_SLOTS, 0)
        self._groups: dict[str, dict[str, dict[str, StoredContact]]] = {
            member: {} for member in GROUPINGS
        }

    def add(self, contacts: list[StoredContact]) -> None:
        for kind, ordered in self._by_time.items():
            stamp = timestamp_of(kind)
            ordered.extend(contact for contact in contacts if stamp(contact) is not None)
        for member, attribute in GROUPINGS.items():
            groups, read = self._groups[member], attrgetter(attribute)
            for contact in contacts:
                value = read(contact)
                if value is not None:
                    group = groups.get(value)
                    if group is None:
                        groups[value] = {contact.id: contact}
                    else:
                        group[contact.id] = contact

    def replace(self, old: StoredContact, new: StoredContact) -> None:
        """Put `new` where `old` (the same Id) was, in every order and group."""
        for kind in self._by_time:
            stamp = timestamp_of(kind)
            before, after = stamp(old), stamp(new)
            if before is None and after is None:
                continue
            ordered = self._ordered(kind)
            if before is not None:
                place = self._place(ordered, old, before, stamp)
                if before == after:
                    ordered[place] = new
                    continue
                del ordered[place]
            if after is not None:
                insort(ordered, new, key=stamp)  # type: ignore[type-var]
            self._sorted_upto[kind] = len(ordered)
        for member, attribute in GROUPINGS.items():
            groups, read = self._groups[member], attrgetter(attribute)
            before, after = read(old), read(new)
            if before is not None and before == after:
                groups[before][new.id] = new
                continue
            if before is not None:
                del groups[before][old.id]
            if after is not None:
                groups.setdefault(after, {})[new.id] = new

    @staticmethod
    def _place(
        ordered: list[StoredContact], contact: StoredContact, moment: int, stamp: SortKey
    ) -> int:
        """Where `contact` lies in a sorted time order: the first of its timestamp, then along
        the (rare) run of equal ones."""
        place = bisect_left(ordered, moment, key=stamp)
        while ordered[place] is not contact:
            place += 1
        return place

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def window(self, kind: str, start_ms: int, end_ms: int) -> tuple[int, int, list[StoredContact]]:
        """Where the contacts with a `kind` timestamp in [start, end] lie in the time order."""
        ordered = self._ordered(kind)
        stamp = cast(Callable[[StoredContact], int], timestamp_of(kind))  # never None here
        low = bisect_left(ordered, start_ms, key=stamp)
        return low, bisect_right(ordered, end_ms, lo=low, key=stamp), ordered

    def _ordered(self, kind: str) -> list[StoredContact]:
        ordered = self._by_time[kind]
        if self._sorted_upto[kind] < len(ordered):
            # A sorted run and the tail appended since: timsort merges them.
            ordered.sort(key=timestamp_of(kind))  # type: ignore[arg-type]
            self._sorted_upto[kind] = len(ordered)
        return ordered

    def oldest_initiation(self) -> int | None:
        """The earliest initiation of any contact (epoch milliseconds), None when empty."""
        ordered = self._ordered("INITIATION_TIMESTAMP")
        return ordered[0].initiation_ms if ordered else None

    def group(self, member: str, values: Iterable[str]) -> list[StoredContact]:
        """The contacts whose `member` (a key of GROUPINGS) value is one of `values`, in the
        order added."""
        groups = self._groups[member]
        found: list[StoredContact] = []
        for value in dict.fromkeys(values):
            group = groups.get(value)
            if group:
                found.extend(group.values())
        return found

    def group_size(self, member: str, values: Iterable[str]) -> int:
        groups = self._groups[member]
        return sum(len(groups.get(value, ())) for value in dict.fromkeys(values))


class Found:
    """The contacts a query matches, in the order the page walk uses, and the span of retention
    cut-offs for which they stay exact: the cut-off (24 months before now) may move anywhere in
    (`cutoff_above`, `cutoff_upto`] without changing which contacts are visible."""

    __slots__ = ("contacts", "cutoff_above", "cutoff_upto", "expired")

    def __init__(
        self,
        contacts: list[StoredContact],
        cutoff_above: float,
        cutoff_upto: float,
        expired: int = 0,
    ) -> None:
        self.contacts = contacts
        self.cutoff_above = cutoff_above
        self.cutoff_upto = cutoff_upto
        #: How many contacts matched but are past the retention (and so are not shown).
        self.expired = expired

    def holds_at(self, cutoff: int) -> bool:
        return self.cutoff_above < cutoff <= self.cutoff_upto


def search(
    index: ContactIndex,
    time_range: dict[str, Any],
    bounds: tuple[int, int],
    predicates: dict[str, Predicate],
    sort: dict[str, Any] | None,
    criteria: dict[str, Any],
) -> Found:
    """Every visible contact matching the query, in the order the page walk uses."""
    kind = time_range["Type"]
    sort = sort or DEFAULT_SORT
    low, high, ordered = index.window(kind, *bounds)
    chosen, smallest = None, high - low
    for member in INDEXED_CRITERIA:
        values = criteria.get(member)
        if values:
            size = index.group_size(member, values)
            if size < smallest:
                chosen, smallest = member, size
    if chosen is None:
        candidates = ordered[low:high]
    else:
        candidates = index.group(chosen, criteria[chosen])
        stamp = timestamp_of(kind)
        if low == 0 and high == len(ordered):  # the window holds every contact with a stamp
            if kind != "INITIATION_TIMESTAMP":  # which every contact has
                candidates = [contact for contact in candidates if stamp(contact) is not None]
        else:
            start, end = bounds
            candidates = [
                contact
                for contact in candidates
                if (moment := stamp(contact)) is not None and start <= moment <= end
            ]
        # the group is the member's answer
        predicates = {name: test for name, test in predicates.items() if name != chosen}
    for predicate in predicates.values():
        candidates = [contact for contact in candidates if predicate(contact)]
    return _visible(candidates, index, sort)


def _visible(candidates: list[StoredContact], index: ContactIndex, sort: dict[str, Any]) -> Found:
    """The candidates the retention period still shows, sorted, and the cut-offs that keep
    them so (see `Found`)."""
    cutoff = retention_cutoff()
    oldest = index.oldest_initiation()
    if oldest is None or oldest >= cutoff:  # nothing in the instance has expired
        return Found(
            sort_contacts(candidates, sort), -math.inf, math.inf if oldest is None else oldest
        )
    visible = [contact for contact in candidates if contact.initiation_ms >= cutoff]
    cutoff_above = -math.inf
    if len(visible) < len(candidates):
        cutoff_above = max(
            contact.initiation_ms for contact in candidates if contact.initiation_ms < cutoff
        )
    cutoff_upto = min(map(_INITIATION, visible), default=math.inf)
    expired = len(candidates) - len(visible)
    return Found(sort_contacts(visible, sort), cutoff_above, cutoff_upto, expired)


def sort_contacts(contacts: list[StoredContact], sort: dict[str, Any]) -> list[StoredContact]:
    """Sort by the field and order asked; ties by Id ascending; missing values last."""
    field_name = sort["FieldName"]
    key = SORT_KEYS.get(field_name)
    if key is None:
        raise invalid_request(
            f"Sort.FieldName {field_name!r} is in the installed botocore model but this "
            "version of connect-contacts-mock does not support it yet"
        )
    descending = sort["Order"] == "DESCENDING"
    missing = [contact for contact in contacts if key(contact) is None]
    present = [contact for contact in contacts if key(contact) is not None] if missing else contacts
    if field_name in _NUMERIC_SORTS:
        present = sorted(present, key=key, reverse=descending)
        _order_ties_by_id(present, key)
    else:
        present = sorted(present, key=_ID)
        present.sort(key=key, reverse=descending)
    missing.sort(key=_ID)
    return present + missing


def _order_ties_by_id(ordered: list[StoredContact], key: SortKey) -> None:
    """Put each run of equal keys in Id order, as sorting by Id first would have (the sort by
    key is stable); equal keys are rare, so most of the time this only looks."""
    keys = list(map(key, ordered))
    if len(set(keys)) == len(keys):
        return
    start, end = 0, len(keys)
    for index in range(1, end + 1):
        if index == end or keys[index] != keys[start]:
            if index - start > 1:
                ordered[start:index] = sorted(ordered[start:index], key=_ID)
            start = index
