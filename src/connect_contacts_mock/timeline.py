"""Queries answered straight from the initiation time order: one bitset per indexed value.

The commonest query (a window of initiation time, sorted by it, with by-value and contact
attribute criteria) needs neither a filter of every candidate nor a sort. Each contact has a
position in the instance's initiation order; each indexed value (a channel, queue, agent,
initiation method, attribute value, or an attribute key's presence) has a bitset, a Python int
with the bit of each position holding it. A query is then a few ints ANDed and ORed, its count a
popcount, and a page the next set bits walked from where the last page stopped, with contacts of
equal initiation put in Id order only where a page takes them.

Positions hold while contacts are appended in time order (the usual case: new contacts are the
newest); a sort that moves contacts, or a replace that moves one, drops the bitsets, and they are
built again when a query next needs them.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from .contact import StoredContact
from .criteria import BY_VALUE
from .paging import Cursor

Read = Callable[[StoredContact], Any]
#: A family of bitsets: the by-value member's attribute, or ("attribute", key).
Family = str | tuple[str, str]
#: In a family of attribute values, the bitset of the contacts carrying the key at all.
PRESENT = object()
_INITIATION = attrgetter("initiation_ms")
#: Positions taken from a bitset at a time while walking it.
_CHUNK = 1024


def _reader(family: Family) -> Read:
    if isinstance(family, tuple):
        key = family[1]
        return lambda contact: contact.attributes.get(key)
    return attrgetter(family)


class Bitsets:
    """The bitsets of one instance's initiation order, built per family when first asked."""

    def __init__(self) -> None:
        self._families: dict[Family, dict[Any, int]] = {}
        #: How many positions of the order the built families cover.
        self._covered = 0

    def forget(self) -> None:
        """Positions moved: every bitset is stale."""
        self._families.clear()
        self._covered = 0

    def family(self, family: Family, ordered: list[StoredContact]) -> dict[Any, int]:
        """The bitsets of `family` over every position of `ordered`."""
        if self._covered < len(ordered):
            start, self._covered = self._covered, len(ordered)
            for name, bits in self._families.items():
                _extend(bits, _reader(name), isinstance(name, tuple), ordered, start)
        known = self._families.get(family)
        if known is None:
            known = self._families[family] = {}
            _extend(known, _reader(family), isinstance(family, tuple), ordered, 0)
        return known

    def replaced(self, place: int, old: StoredContact, new: StoredContact) -> None:
        """`new` took `old`'s position (the same initiation): move its bits."""
        if place >= self._covered:
            return
        bit = 1 << place
        for name, bits in self._families.items():
            read = _reader(name)
            before, after = read(old), read(new)
            if before == after:
                continue
            if before is not None:
                bits[before] &= ~bit
            if after is not None:
                bits[after] = bits.get(after, 0) | bit
            if isinstance(name, tuple) and (before is None) != (after is None):
                bits[PRESENT] = bits.get(PRESENT, 0) ^ bit


def _extend(
    bits: dict[Any, int],
    read: Read,
    with_presence: bool,
    ordered: list[StoredContact],
    start: int,
) -> None:
    """Set the bits of positions `start` on."""
    positions: dict[Any, list[int]] = {}
    for place in range(start, len(ordered)):
        value = read(ordered[place])
        if value is not None:
            found = positions.get(value)
            if found is None:
                positions[value] = [place]
            else:
                found.append(place)
    if with_presence and positions:
        positions[PRESENT] = sorted(place for found in positions.values() for place in found)
    for value, found in positions.items():
        bits[value] = bits.get(value, 0) | _bitset(found)


def _bitset(positions: list[int]) -> int:
    if len(positions) < 8:
        total = 0
        for place in positions:
            total |= 1 << place
        return total
    mask = bytearray((positions[-1] >> 3) + 1)
    for place in positions:
        mask[place >> 3] |= 1 << (place & 7)
    return int.from_bytes(mask, "little")


def criteria_mask(
    bitsets: Bitsets,
    ordered: list[StoredContact],
    criteria: dict[str, Any],
    members: Iterable[str],
    searchable: frozenset[str] | None,
) -> int | None:
    """The positions matching every member of `members` (all answerable here, see
    `answerable`), or None when no member filters anything."""
    mask: int | None = None
    for member in members:
        if member == "SearchableContactAttributes":
            bits = _attributes_mask(bitsets, ordered, criteria[member], searchable)
        else:
            family = bitsets.family(BY_VALUE[member], ordered)
            bits = 0
            for value in set(criteria[member]):
                bits |= family.get(value, 0)
        mask = bits if mask is None else mask & bits
    return mask


def answerable(members: Iterable[str], criteria: dict[str, Any]) -> bool:
    """Whether bitsets answer every member that filters: the by-value members, and contact
    attributes matched ALL or ANY (NONE needs the key present and no value matching: the
    predicates answer it)."""
    for member in members:
        if member == "SearchableContactAttributes":
            if (criteria[member].get("MatchType") or "MATCH_ALL") == "MATCH_NONE":
                return False
        elif member not in BY_VALUE:
            return False
    return True


def _attributes_mask(
    bitsets: Bitsets,
    ordered: list[StoredContact],
    condition: dict[str, Any],
    searchable: frozenset[str] | None,
) -> int:
    """As `criteria._attribute_predicate` for ALL and ANY: a key's values ORed (none: the key is
    present), keys combined by MatchType, a key not declared searchable never present."""
    items = condition.get("Criteria") or []
    any_of = (condition.get("MatchType") or "MATCH_ALL") == "MATCH_ANY"
    mask: int | None = None
    for item in items:
        key = item["Key"]
        if searchable is not None and key not in searchable:
            bits = 0
        else:
            family = bitsets.family(("attribute", key), ordered)
            wanted = item.get("Values") or ()
            if wanted:
                bits = 0
                for value in set(wanted):
                    bits |= family.get(value, 0)
            else:
                bits = family.get(PRESENT, 0)
        if mask is None:
            mask = bits
        elif any_of:
            mask |= bits
        else:
            mask &= bits
    return mask or 0


class TimeOrderResult:
    """A query's visible matches as positions `low`..`high` of the initiation order (those of
    `mask` among them, or all when None); pages are cut from it when asked. Valid while the
    order is unchanged (the caller checks the instance's generation and holds its lock)."""

    __slots__ = (
        "_ordered",
        "_low",
        "_high",
        "_mask",
        "_descending",
        "total",
        "cutoff_above",
        "cutoff_upto",
        "expired",
    )

    def __init__(
        self,
        ordered: list[StoredContact],
        window: tuple[int, int],
        visible_from: int,
        mask: int | None,
        descending: bool,
    ) -> None:
        low, high = window
        self._ordered, self._low, self._high = ordered, visible_from, high
        self._descending = descending
        self.expired = 0
        if mask is None:
            self.total, self.expired = high - visible_from, visible_from - low
        else:
            if visible_from > low:
                self.expired = (mask & _span(low, visible_from)).bit_count()
            mask &= _span(visible_from, high)
            self.total = mask.bit_count()
        self._mask = mask
        # Conservative: any contact of the window, matching or not, bounds the cut-off.
        self.cutoff_above = (
            ordered[visible_from - 1].initiation_ms if visible_from > low else -math.inf
        )
        self.cutoff_upto = ordered[visible_from].initiation_ms if visible_from < high else math.inf

    def holds_at(self, cutoff: int) -> bool:
        return self.cutoff_above < cutoff <= self.cutoff_upto

    def page(self, after: Cursor | None, size: int) -> tuple[list[StoredContact], bool]:
        """Up to `size` results following `after` (from the first when None), and whether more
        follow them."""
        ordered, low, high = self._ordered, self._low, self._high
        descending = self._descending
        taken: list[StoredContact] = []
        if after is not None:
            moment, last_id = after
            assert isinstance(moment, int)
            run_low = bisect_left(ordered, moment, lo=low, hi=high, key=_INITIATION)
            run_high = bisect_right(ordered, moment, lo=run_low, hi=high, key=_INITIATION)
            taken = sorted(
                (
                    ordered[place]
                    for place in self._positions(run_low, run_high, descending)
                    if ordered[place].id > last_id
                ),
                key=attrgetter("id"),
            )
            start, end = (low, run_low) if descending else (run_high, high)
        else:
            start, end = low, high
        walked: list[StoredContact] = []
        need = size - len(taken)
        for place in self._positions(start, end, descending):
            contact = ordered[place]
            if len(walked) >= need and (
                not walked or contact.initiation_ms != walked[-1].initiation_ms
            ):
                walked.append(contact)  # the first past the page: more follow
                break
            walked.append(contact)
        stamps = [contact.initiation_ms for contact in walked]
        if len(set(stamps)) < len(stamps):  # equal initiations, in the order added: by Id
            sign = -1 if descending else 1
            walked.sort(key=lambda contact: (sign * contact.initiation_ms, contact.id))
        results = taken + walked
        if len(results) > size:
            return results[:size], True
        return results, False

    def _positions(self, start: int, end: int, descending: bool) -> Iterable[int]:
        """The matching positions in [start, end), from the end down or the start up."""
        mask = self._mask
        if mask is None:
            return range(end - 1, start - 1, -1) if descending else range(start, end)
        return _set_bits_down(mask, start, end) if descending else _set_bits_up(mask, start, end)


def _set_bits_down(mask: int, start: int, end: int) -> Iterable[int]:
    chunk_size = _CHUNK
    top = end
    while top > start:
        base = max(start, top - chunk_size)
        chunk = (mask >> base) & ((1 << (top - base)) - 1)
        while chunk:
            bit = chunk.bit_length() - 1
            yield base + bit
            chunk ^= 1 << bit
        top = base
        chunk_size *= 2


def _set_bits_up(mask: int, start: int, end: int) -> Iterable[int]:
    chunk_size = _CHUNK
    bottom = start
    while bottom < end:
        top = min(end, bottom + chunk_size)
        chunk = (mask >> bottom) & ((1 << (top - bottom)) - 1)
        while chunk:
            low_bit = chunk & -chunk
            yield bottom + low_bit.bit_length() - 1
            chunk ^= low_bit
        bottom = top
        chunk_size *= 2


def _span(start: int, end: int) -> int:
    """The bits of positions [start, end)."""
    return ((1 << end) - 1) ^ ((1 << start) - 1)
