"""Run one SearchContacts query over an instance: time window, criteria, retention and sort.

Each instance keeps a `ContactIndex`: its contacts in the order of each timestamp (sorted when a
search first needs it, so adding stays an append) and grouped by channel, queue and agent. A
query starts from the smallest of its time window and the groups its criteria name, then tests
every criterion on those candidates only.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, cast

from .contact import TIMESTAMP_PATHS, TIMESTAMP_SLOTS, StoredContact, timestamp_of
from .criteria import BY_VALUE, Predicate
from .errors import invalid_request
from .paging import Cursor
from .timeline import Bitsets, TimeOrderResult, answerable, criteria_mask
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
#: The chains the contact operations follow (the attribute group of an InitialContactId, the
#: tree of a ContactAssociationId): chain member -> the contact attribute naming its root.
CHAINS = {"InitialContactId": "initial_contact_id", "ContactAssociationId": "association_id"}

_INITIATION = attrgetter("initiation_ms")
#: The reader of each timestamp, in the order of `TIMESTAMP_SLOTS`.
_STAMPS = tuple(timestamp_of(kind) for kind in TIMESTAMP_SLOTS)
#: How many of a time order's newest unsorted contacts a replace looks through before it
#: sorts the order instead.
_TAIL_SCAN = 64
_ID = attrgetter("id")


class ContactIndex:
    """The contacts of one instance by each timestamp, by channel, queue and agent, and the
    contacts linked into each chain.

    A time order is appended to on add and sorted when first read (timsort merges the sorted
    run and the new tail); a group keeps its contacts by Id in the order added. Replacing one
    contact touches only the places it leaves and enters: a bisection per time order, a dict
    operation per group.
    """

    def __init__(self) -> None:
        self._by_time: dict[str, list[StoredContact]] = {kind: [] for kind in TIMESTAMP_SLOTS}
        self._slots = tuple(TIMESTAMP_SLOTS.values())
        self._sorted_upto = dict.fromkeys(TIMESTAMP_SLOTS, 0)
        self._groups: dict[str, dict[str, dict[str, StoredContact]]] = {
            member: {} for member in INDEXED_CRITERIA
        }
        # Only contacts linked to another root are kept: most contacts are the root of their
        # own chain, and a group each would cost a dict per contact.
        self._linked: dict[str, dict[str, dict[str, StoredContact]]] = {
            member: {} for member in CHAINS
        }
        #: The contacts without a DisconnectTimestamp, by channel (the active-contact quotas).
        self._open: dict[str, dict[str, StoredContact]] = {}
        #: Bitsets over the positions of the initiation order (see `timeline`).
        self.bitsets = Bitsets()
        #: Contacts added since the groups were last brought up to date: a bulk add does not
        #: pay for groups that the bitsets may make unneeded.
        self._ungrouped: list[StoredContact] = []

    def _grouped(self) -> dict[str, dict[str, dict[str, StoredContact]]]:
        """The groups, with every contact added so far in them."""
        if self._ungrouped:
            contacts, self._ungrouped = self._ungrouped, []
            for member, attribute in INDEXED_CRITERIA.items():
                groups, read = self._groups[member], attrgetter(attribute)
                for contact in contacts:
                    value = read(contact)
                    if value is not None:
                        group = groups.get(value)
                        if group is None:
                            groups[value] = {contact.id: contact}
                        else:
                            group[contact.id] = contact
        return self._groups

    def add(self, contacts: list[StoredContact]) -> None:
        if len(contacts) == 1:  # an operation's new contact: the same, without the loops
            self._add_one(contacts[0])
            return
        for read, ordered in zip(_STAMPS, self._by_time.values(), strict=True):
            ordered += [contact for contact in contacts if read(contact) is not None]
        self._ungrouped.extend(contacts)  # grouped when a query first asks (see `_grouped`)
        for member, attribute in CHAINS.items():
            linked, read = self._linked[member], attrgetter(attribute)
            for contact in contacts:
                root = read(contact)
                if root != contact.id:
                    linked.setdefault(root, {})[contact.id] = contact
        opened = self._open
        for contact in contacts:
            if contact.disconnect_ms is None:
                opened.setdefault(contact.channel, {})[contact.id] = contact

    def _add_one(self, contact: StoredContact) -> None:
        for slot, ordered in zip(self._slots, self._by_time.values(), strict=True):
            if getattr(contact, slot) is not None:
                ordered.append(contact)
        if self._ungrouped:
            self._ungrouped.append(contact)
        else:
            for member, attribute in INDEXED_CRITERIA.items():
                value = getattr(contact, attribute)
                if value is not None:
                    self._groups[member].setdefault(value, {})[contact.id] = contact
        for member, attribute in CHAINS.items():
            root = getattr(contact, attribute)
            if root != contact.id:
                self._linked[member].setdefault(root, {})[contact.id] = contact
        if contact.disconnect_ms is None:
            self._open.setdefault(contact.channel, {})[contact.id] = contact

    def replace(self, old: StoredContact, new: StoredContact) -> None:
        """Put `new` where `old` (the same Id) was, in every order and group. Never sorts: a
        contact in a time order's sorted run is found by bisection, one in the tail appended
        since by a scan from its end (the newest come last), and a changed timestamp goes to
        the tail, sorted with it when a search next reads that order."""
        for kind, ordered in self._by_time.items():
            stamp = timestamp_of(kind)
            before, after = stamp(old), stamp(new)
            if before is None and after is None:
                continue
            if before is not None:
                place, in_run = self._find(kind, ordered, old, before, stamp)
                if before == after:
                    ordered[place] = new
                    if kind == "INITIATION_TIMESTAMP":
                        self.bitsets.replaced(place, old, new)
                    continue
                del ordered[place]
                if kind == "INITIATION_TIMESTAMP":  # the contacts after it moved
                    self.bitsets.forget()
                if in_run:
                    self._sorted_upto[kind] -= 1
            if after is not None:
                ordered.append(new)
        grouped = self._grouped()
        for member, attribute in INDEXED_CRITERIA.items():
            groups, read = grouped[member], attrgetter(attribute)
            before, after = read(old), read(new)
            if before is not None and before == after:
                groups[before][new.id] = new
                continue
            if before is not None:
                del groups[before][old.id]
            if after is not None:
                groups.setdefault(after, {})[new.id] = new
        for member, attribute in CHAINS.items():
            linked, read = self._linked[member], attrgetter(attribute)
            before, after = read(old), read(new)
            if before != old.id:
                del linked[before][old.id]
            if after != new.id:
                linked.setdefault(after, {})[new.id] = new
        if old.disconnect_ms is None:
            del self._open[old.channel][old.id]
        if new.disconnect_ms is None:
            self._open.setdefault(new.channel, {})[new.id] = new

    def _find(
        self,
        kind: str,
        ordered: list[StoredContact],
        contact: StoredContact,
        moment: int,
        stamp: SortKey,
    ) -> tuple[int, bool]:
        """Where `contact` lies in a time order, and whether in its sorted run: among the
        newest of the tail appended since the last sort (a contact changed soon after it was
        made), else by bisection of the run; a contact deeper in the tail has the order sorted
        first (once: afterwards it is all run)."""
        upto, end = self._sorted_upto[kind], len(ordered)
        for place in range(end - 1, max(upto, end - _TAIL_SCAN) - 1, -1):
            if ordered[place] is contact:
                return place, False
        found = self._in_run(ordered, contact, moment, stamp, upto)
        if found is None:
            ordered = self._ordered(kind)
            found = self._in_run(ordered, contact, moment, stamp, len(ordered))
        assert found is not None  # every contact with this timestamp is in the order
        return found, True

    @staticmethod
    def _in_run(
        ordered: list[StoredContact],
        contact: StoredContact,
        moment: int,
        stamp: SortKey,
        upto: int,
    ) -> int | None:
        """The place of `contact` in the sorted run `ordered[:upto]`, None when not there."""
        place = bisect_left(ordered, moment, hi=upto, key=stamp)
        while place < upto and stamp(ordered[place]) == moment:
            if ordered[place] is contact:
                return place
            place += 1
        return None

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def window(self, kind: str, start_ms: int, end_ms: int) -> tuple[int, int, list[StoredContact]]:
        """Where the contacts with a `kind` timestamp in [start, end] lie in the time order."""
        ordered = self._ordered(kind)
        stamp = cast("Callable[[StoredContact], int]", timestamp_of(kind))  # never None here
        low = bisect_left(ordered, start_ms, key=stamp)
        return low, bisect_right(ordered, end_ms, lo=low, key=stamp), ordered

    def _ordered(self, kind: str) -> list[StoredContact]:
        ordered = self._by_time[kind]
        upto = self._sorted_upto[kind]
        if upto < len(ordered):
            stamp = timestamp_of(kind)
            if not _in_order(ordered, upto, stamp):
                # A sorted run and the tail appended since: timsort merges them.
                ordered.sort(key=stamp)  # type: ignore[arg-type]
                if kind == "INITIATION_TIMESTAMP":  # contacts moved: positions are stale
                    self.bitsets.forget()
            self._sorted_upto[kind] = len(ordered)
        return ordered

    def oldest_initiation(self) -> int | None:
        """The earliest initiation of any contact (epoch milliseconds), None when empty."""
        ordered = self._ordered("INITIATION_TIMESTAMP")
        return ordered[0].initiation_ms if ordered else None

    def group(self, member: str, values: Iterable[str]) -> list[StoredContact]:
        """The contacts whose `member` (a key of INDEXED_CRITERIA) value is one of `values`, in
        the order added."""
        groups = self._grouped()[member]
        found: list[StoredContact] = []
        for value in dict.fromkeys(values):
            group = groups.get(value)
            if group:
                found.extend(group.values())
        return found

    def open_contacts(self, channel: str) -> list[StoredContact]:
        """The contacts of `channel` without a DisconnectTimestamp, in the order added (a
        task or email past its expiry is among them until an operation ends it)."""
        return list(self._open.get(channel, {}).values())

    def open_count(self, channel: str) -> int:
        return len(self._open.get(channel, ()))

    def linked(self, member: str, root: str) -> list[StoredContact]:
        """The contacts whose chain `member` (a key of CHAINS) names `root`, other than the
        root itself, in the order added."""
        return list(self._linked[member].get(root, {}).values())

    def group_size(self, member: str, values: Iterable[str]) -> int:
        groups = self._grouped()[member]
        return sum(len(groups.get(value, ())) for value in dict.fromkeys(values))


def _in_order(ordered: list[StoredContact], upto: int, stamp: SortKey) -> bool:
    """Whether the tail appended after the sorted run `ordered[:upto]` already follows it in
    order (new contacts are usually the newest): then sorting would move nothing."""
    previous = stamp(ordered[upto - 1]) if upto else None
    for place in range(upto, len(ordered)):
        moment = stamp(ordered[place])
        if previous is not None and moment < previous:
            return False
        previous = moment
    return True


class Found:
    """The contacts a query matches, in the order the page walk uses, and the span of retention
    cut-offs for which they stay exact: the cut-off (24 months before now) may move anywhere in
    (`cutoff_above`, `cutoff_upto`] without changing which contacts are visible."""

    __slots__ = ("contacts", "sort", "cutoff_above", "cutoff_upto", "expired")

    def __init__(
        self,
        contacts: list[StoredContact],
        sort: dict[str, Any],
        cutoff_above: float,
        cutoff_upto: float,
        expired: int = 0,
    ) -> None:
        self.contacts = contacts
        self.sort = sort
        self.cutoff_above = cutoff_above
        self.cutoff_upto = cutoff_upto
        #: How many contacts matched but are past the retention (and so are not shown).
        self.expired = expired

    def holds_at(self, cutoff: int) -> bool:
        return self.cutoff_above < cutoff <= self.cutoff_upto

    @property
    def total(self) -> int:
        return len(self.contacts)

    def page(self, after: Cursor | None, size: int) -> tuple[list[StoredContact], bool]:
        """Up to `size` results following `after` (from the first when None), and whether more
        follow them."""
        start = resume_at(self.contacts, self.sort, after) if after is not None else 0
        end = start + size
        return self.contacts[start:end], end < len(self.contacts)


#: What a search answers: the sorted matches, or the matches read from the time order.
Result = Found | TimeOrderResult


def search(
    index: ContactIndex,
    time_range: dict[str, Any],
    bounds: tuple[int, int],
    predicates: dict[str, Predicate],
    sort: dict[str, Any] | None,
    criteria: dict[str, Any],
    searchable: frozenset[str] | None = None,
) -> Result:
    """Every visible contact matching the query, in the order the page walk uses."""
    kind = time_range["Type"]
    sort = sort or DEFAULT_SORT
    low, high, ordered = index.window(kind, *bounds)
    if (
        kind == "INITIATION_TIMESTAMP"
        and sort["FieldName"] == kind
        and answerable(predicates, criteria)
    ):
        mask = criteria_mask(index.bitsets, ordered, criteria, predicates, searchable)
        visible_from = max(
            low, bisect_left(ordered, retention_cutoff(), lo=low, hi=high, key=_INITIATION)
        )
        return TimeOrderResult(
            ordered, (low, high), visible_from, mask, sort["Order"] == "DESCENDING"
        )
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
            sort_contacts(candidates, sort), sort, -math.inf, math.inf if oldest is None else oldest
        )
    visible = [contact for contact in candidates if contact.initiation_ms >= cutoff]
    cutoff_above = -math.inf
    if len(visible) < len(candidates):
        cutoff_above = max(
            contact.initiation_ms for contact in candidates if contact.initiation_ms < cutoff
        )
    cutoff_upto = min(map(_INITIATION, visible), default=math.inf)
    expired = len(candidates) - len(visible)
    return Found(sort_contacts(visible, sort), sort, cutoff_above, cutoff_upto, expired)


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


def resume_at(contacts: list[StoredContact], sort: dict[str, Any], after: Cursor) -> int:
    """Where a keyset walk of `contacts` (sorted by `sort_contacts`) resumes: the first
    contact that sorts after `after` (the sort value and Id of the last contact returned), by
    bisection. The cursor's contact need not be there any more: the walk resumes after where
    it would be."""
    key = SORT_KEYS[sort["FieldName"]]
    descending = sort["Order"] == "DESCENDING"
    value, last_id = after

    def at_or_before(contact: StoredContact) -> bool:
        mine = key(contact)
        if value is None:  # the walk is among the contacts lacking the field, by Id
            return mine is not None or contact.id <= last_id
        if mine is None:
            return False
        if mine == value:
            return contact.id <= last_id
        return bool(mine > value if descending else mine < value)

    low, high = 0, len(contacts)
    while low < high:
        middle = (low + high) // 2
        if at_or_before(contacts[middle]):
            low = middle + 1
        else:
            high = middle
    return low


def cursor_of(contact: StoredContact, sort: dict[str, Any]) -> Cursor:
    """The keyset cursor of `contact` in a walk sorted by `sort`."""
    return SORT_KEYS[sort["FieldName"]](contact), contact.id


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
