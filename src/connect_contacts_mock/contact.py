"""The stored contact: one validated record, with everything a search reads prepared at add time.

A search never walks the contact: timestamps are epoch milliseconds per time-range type, and
identifiers and texts are pulled out once, with equal attribute and tag values shared between
the contacts of a store. The contact itself is kept frozen (see `copier`: members by position,
the store's repeated strings by number, UTC timestamps as epoch microseconds, marshalled), a
few hundred bytes instead of a few kilobytes of dicts, and thawed for `get`. A small store's
contacts (its first 256) skip the numbering, the marshalling and the sharing, which pay off
only over many contacts. Its `ContactSearchSummary` is encoded for the wire the first time a
search returns it, straight from the frozen form (see `projection`), and kept; only the region
of its `Arn` is filled in per answer.
"""

from __future__ import annotations

import datetime
import marshal
import operator
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ._clock import to_ms
from .analysis import by_participant, tokens
from .copier import MARSHAL_VERSION, ContactCodec, Encoded, Freezer, Frozen
from .partitions import partition_of
from .projection import json_string, projector
from .shapes import walk
from .validation import Shape
from .wire import COMPACT_TEXT, to_wire

#: Each `TimeRange.Type` (and sortable timestamp): where it is read in a contact, and the
#: attribute of `StoredContact` holding it in epoch milliseconds.
TIMESTAMPS: dict[str, tuple[tuple[str, ...], str]] = {
    "INITIATION_TIMESTAMP": (("InitiationTimestamp",), "initiation_ms"),
    "SCHEDULED_TIMESTAMP": (("ScheduledTimestamp",), "scheduled_ms"),
    "CONNECTED_TO_AGENT_TIMESTAMP": (("AgentInfo", "ConnectedToAgentTimestamp"), "connected_ms"),
    "DISCONNECT_TIMESTAMP": (("DisconnectTimestamp",), "disconnect_ms"),
    "ENQUEUE_TIMESTAMP": (("QueueInfo", "EnqueueTimestamp"), "enqueue_ms"),
}
#: The same table by what is looked up: the path of each timestamp, and its attribute.
TIMESTAMP_PATHS = {kind: path for kind, (path, _) in TIMESTAMPS.items()}
TIMESTAMP_SLOTS = {kind: slot for kind, (_, slot) in TIMESTAMPS.items()}

_HIERARCHY_LEVELS = ("Level1", "Level2", "Level3", "Level4", "Level5")
_UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)
_UNSET: Any = object()
_NO_AGENTS: tuple[dict[str, Any], ...] = ()
#: The attributes of a contact with none (shared, never changed).
_NO_VALUES: dict[str, str] = {}
_NO_GROUPS: tuple[str | None, ...] = (None,) * len(_HIERARCHY_LEVELS)

T = TypeVar("T")


def timestamp_of(kind: str) -> Callable[[StoredContact], int | None]:
    """Reads the `kind` timestamp (epoch milliseconds) of a stored contact."""
    return operator.attrgetter(TIMESTAMP_SLOTS[kind])


# -- freezing: how the store keeps a contact (see `copier`) ----------------------------------


def _thaw_timestamp(value: Any, shape: Shape, path: str | None = None) -> Any:
    if type(value) is int:
        return _EPOCH + datetime.timedelta(microseconds=value)
    return value


def epoch_ms(value: Any) -> int | None:
    """Epoch milliseconds of a frozen timestamp (microseconds, or a datetime)."""
    if type(value) is int:
        return value // 1000
    if isinstance(value, datetime.datetime):
        return to_ms(value)
    return None


class Interner:
    """Shares equal read-only values between the contacts of one store: most contacts repeat a
    few attribute sets, tag sets and transcript turns. Up to `limit` distinct values are kept."""

    def __init__(self, limit: int = 50_000) -> None:
        self._values: dict[Hashable, Any] = {}
        #: Mappings by their items, apart from the other values: their keys need no prefix
        #: to tell them apart.
        self._mappings: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}
        self._limit = limit
        self._freezer: Freezer | None = None

    def freezer(self, codec: ContactCodec) -> Freezer:
        """What copies, freezes and thaws this store's contacts with `codec`, numbering their
        strings in one table of the store's (see `copier`)."""
        found = self._freezer
        if found is None or found.codec is not codec:
            found = self._freezer = Freezer(codec, codec.table())
        return found

    def share(self, key: Hashable, value: T) -> T:
        """The value already shared under `key`, else `value` (now shared, if room is left)."""
        found = self._values.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        if len(self._values) < self._limit:
            self._values[key] = value
        return value

    def get(self, key: Hashable) -> Any:
        """The value shared under `key`, if any."""
        return self._values.get(key)

    def mapping(self, value: dict[str, str] | None) -> dict[str, str]:
        """A read-only dict equal to `value` (empty for None)."""
        if not value:
            return _NO_VALUES
        key = tuple(value.items())
        found = self._mappings.get(key)
        if found is not None:
            return found
        if len(self._mappings) < self._limit:
            self._mappings[key] = value
        return value

    def tokens(self, text: str) -> str:
        """`text` analysed (see `analysis.tokens`), worked out once per distinct text: turns
        repeat between contacts ("Thank you for calling")."""
        found = self._values.get(text)
        return found if found is not None else self.share(text, tokens(text))


def _dig(contact: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = contact
    for name in path:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


class StoredContact:
    """A contact as the search engine sees it."""

    __slots__ = (
        "frozen",
        "_freezer",
        "id",
        "channel",
        "initiation_method",
        "initiation_ms",
        "scheduled_ms",
        "connected_ms",
        "disconnect_ms",
        "enqueue_ms",
        "expiry_ms",
        "queue_id",
        "agent_id",
        "hierarchy_group_ids",
        "attributes",
        "segment_values",
        "tags",
        "name",
        "_name_tokens",
        "transcript",
        "routing_agent_ids",
        "active_region",
        "ai_agents",
        "initial_contact_id",
        "association_id",
        "_wire",
        "_described",
    )

    def __init__(
        self,
        snapshot: dict[str, Any],
        shared: Interner,
        freezer: Freezer,
        encoded: Encoded = None,
        *,
        small: bool = False,
    ) -> None:
        """`snapshot`: the validated copy of the contact (see `Freezer.copy`), timestamps
        frozen; it is frozen here from `encoded`, its encoding (None: encoded now).

        A `small` store's contact keeps its encoding unmarshalled and its attribute, tag and
        segment mappings unshared: marshalling and sharing save memory where contacts
        are many, and cost more than they save where they are few."""
        self._freezer = freezer
        self.frozen: Frozen
        if encoded is None:
            self.frozen = freezer.freeze(snapshot)
        elif small:
            self.frozen = encoded
        else:
            try:  # the common case of `Freezer.freeze`, without its calls
                self.frozen = marshal.dumps(encoded, MARSHAL_VERSION)
            except ValueError:  # an encoding marshal cannot hold
                self.frozen = freezer.freeze(snapshot, encoded)
        get = snapshot.get
        self.id: str = snapshot["Id"]
        self.channel: str = snapshot["Channel"]
        self.initiation_method: str = snapshot["InitiationMethod"]
        stamp = snapshot["InitiationTimestamp"]
        self.initiation_ms: int = (
            stamp // 1000 if stamp.__class__ is int else epoch_ms(stamp)  # type: ignore[assignment]
        )
        stamp = get("ScheduledTimestamp")
        self.scheduled_ms = None if stamp is None else epoch_ms(stamp)
        stamp = get("DisconnectTimestamp")
        self.disconnect_ms = (
            None if stamp is None else stamp // 1000 if stamp.__class__ is int else epoch_ms(stamp)
        )
        self.connected_ms: int | None = None
        self.agent_id: str | None = None
        self.hierarchy_group_ids: tuple[str | None, ...] = _NO_GROUPS
        agent = get("AgentInfo")
        if agent is not None:
            stamp = agent.get("ConnectedToAgentTimestamp")
            self.connected_ms = (
                None
                if stamp is None
                else stamp // 1000
                if stamp.__class__ is int
                else epoch_ms(stamp)
            )
            self.agent_id = agent.get("Id")
            groups = agent.get("HierarchyGroups")
            if groups:
                self.hierarchy_group_ids = _group_ids(groups)
        self.enqueue_ms: int | None = None
        self.queue_id: str | None = None
        queue = get("QueueInfo")
        if queue is not None:
            stamp = queue.get("EnqueueTimestamp")
            self.enqueue_ms = (
                None
                if stamp is None
                else stamp // 1000
                if stamp.__class__ is int
                else epoch_ms(stamp)
            )
            self.queue_id = queue.get("Id")
        attributes = get("Attributes")
        self.attributes = (attributes or _NO_VALUES) if small else shared.mapping(attributes)
        segments = get("SegmentAttributes")
        self.segment_values = _NO_VALUES
        if segments:
            texts = {}
            for key, value in segments.items():
                text = value.get("ValueString")  # a validated SegmentAttributeValue
                if text.__class__ is str:
                    texts[key] = text
                elif isinstance(text, str) or isinstance(text := _segment_text(value), str):
                    texts[key] = str(text)
            self.segment_values = (texts or _NO_VALUES) if small else shared.mapping(texts)
        routing = get("RoutingCriteria")
        self.expiry_ms = (
            None
            if routing is None and (not segments or "connect:ContactExpiry" not in segments)
            else _expiry_ms(segments, routing)
        )
        tags = get("Tags")
        self.tags = (tags or _NO_VALUES) if small else shared.mapping(tags)
        self.name: str | None = get("Name")
        self._name_tokens: str | None = _UNSET
        turns = get("Transcript")
        #: The analysed turns by participant role (see `analysis.by_participant`).
        self.transcript: dict[str, str] | None = None
        if turns is not None:
            said = tuple(
                (turn["ParticipantRole"], shared.tokens(turn["Content"])) for turn in turns
            )
            known = shared.get(("transcript", said))
            if known is None:
                known = shared.share(("transcript", said), by_participant(said))
            self.transcript = known
        self.routing_agent_ids: frozenset[str] | None = (
            frozenset(_routing_agents(routing)) if routing is not None else None
        )
        resiliency = get("GlobalResiliencyMetadata")
        self.active_region: str | None = (
            resiliency.get("ActiveRegion") if resiliency is not None else None
        )
        agents = get("AiAgentInfo")
        self.ai_agents: tuple[dict[str, Any], ...] = tuple(agents) if agents else _NO_AGENTS
        #: The root of the contact's chain (its attribute group): InitialContactId, else its
        #: own Id; and its contact tree, ContactAssociationId, else that root.
        # The same string object as the Id where equal (most contacts root their own chain):
        # a million contacts would otherwise keep a million more copies.
        initial = get("InitialContactId")
        self.initial_contact_id: str = initial if initial and initial != self.id else self.id
        association = get("ContactAssociationId")
        self.association_id: str = (
            association
            if association and association != self.initial_contact_id
            else self.initial_contact_id
        )
        self._wire: str | None = None
        self._described: str | None = None

    @property
    def name_tokens(self) -> str | None:
        """The name as the search analyser sees it (worked out on first use)."""
        if self._name_tokens is _UNSET:
            self._name_tokens = tokens(self.name) if self.name is not None else None
        return self._name_tokens

    def contact(self, shape: Shape) -> dict[str, Any]:
        """A new dict equal to the contact as it was added (with its Id; timestamps as
        datetimes again)."""
        thawed: dict[str, Any] = walk(self.snapshot(), shape, _thaw_timestamp)
        return thawed

    def snapshot(self) -> dict[str, Any]:
        """A new dict of the contact as kept: UTC timestamps as epoch microseconds, which
        `to_wire(..., frozen=True)` encodes. Cheaper than `contact` when only the wire needs it."""
        return self._freezer.thaw(self.frozen)

    def wire_tail(self, shape: Shape, account_id: str, instance_id: str) -> str:
        """The summary as a JSON object, less its start
        `{"Arn":"arn:<partition>:connect:<region>`: what follows the region in the Arn, then
        every other member."""
        if self._wire is None:
            after_region = f":{account_id}:instance/{instance_id}/contact/{self.id}"
            members = self._text(shape)
            escaped = json_string(after_region)[1:-1]
            self._wire = f'{escaped}",{members[1:]}' if members != "{}" else f'{escaped}"}}'
        return self._wire

    def described(self, shape: Shape) -> str:
        """The contact as DescribeContact's `Contact` (`shape`) carries it, a JSON object less
        its `Arn` (which depends on the region asked): encoded on first use and kept, as a
        stored contact never changes (a change replaces it)."""
        if self._described is None:
            self._described = self._text(shape)
        return self._described

    def _text(self, shape: Shape) -> str:
        """The contact projected onto `shape` as JSON text: straight from the frozen form where
        the generated projection takes it (see `projection`), else through the dicts."""
        freezer = self._freezer
        text = projector(freezer.codec, shape).text(self.frozen, freezer.table.strings)
        if text is None:
            text = COMPACT_TEXT.encode(to_wire(self.snapshot(), shape, frozen=True))
        return text


def answered(
    page: list[StoredContact], shape: Shape, account_id: str, instance_id: str
) -> list[str]:
    """A page of contacts as the answer carries them: each one's encoded `ContactSearchSummary`
    (see `StoredContact.wire_tail`), encoded on first use and kept."""
    return [contact._wire or contact.wire_tail(shape, account_id, instance_id) for contact in page]


def arn(region: str, account_id: str, instance_id: str, contact_id: str) -> str:
    """The contact ARN the service derives, in the partition of `region`."""
    return (
        f"arn:{partition_of(region)}:connect:{region}:{account_id}:instance/{instance_id}"
        f"/contact/{contact_id}"
    )


#: Hierarchy group ids by the groups' ARNs, for every store of the process: a pure function
#: of its key, and the same few hierarchies come back in store after store. Once
#: `_GROUP_IDS_KEPT` are kept (a suite of generated hierarchies may get there), further ones
#: are worked out each time, as correct and a little slower.
_GROUP_IDS: dict[tuple[tuple[str, Any], ...], tuple[str | None, ...]] = {}
_GROUP_IDS_KEPT = 50_000


def _group_ids(groups: dict[str, Any]) -> tuple[str | None, ...]:
    """The hierarchy group id at each level (the last part of its ARN), None where unset."""
    arns = tuple(
        [
            (
                level,
                group.get("Arn") if group.__class__ is dict or isinstance(group, dict) else None,
            )
            for level, group in groups.items()
        ]
    )
    found = _GROUP_IDS.get(arns)
    if found is None:
        by_level = dict(arns)
        found = tuple(_group_id(by_level.get(level)) for level in _HIERARCHY_LEVELS)
        if len(_GROUP_IDS) < _GROUP_IDS_KEPT:
            _GROUP_IDS[arns] = found
    return found


def _group_id(group_arn: Any) -> str | None:
    if not isinstance(group_arn, str) or not group_arn:
        return None
    return group_arn.rsplit("/", 1)[-1]


def _segment_text(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("ValueString"), str):
        return str(value["ValueString"])
    if isinstance(value.get("ValueInteger"), int):
        return str(value["ValueInteger"])
    return None


def _routing_agents(routing: dict[str, Any]) -> set[str]:
    found: set[str] = set()

    def visit(expression: Any) -> None:
        if not isinstance(expression, dict):
            return
        ids = _dig(
            expression, ("AttributeCondition", "MatchCriteria", "AgentsCriteria", "AgentIds")
        )
        found.update(ids or ())
        for child in (expression.get("AndExpression") or []) + (
            expression.get("OrExpression") or []
        ):
            visit(child)

    for step in routing.get("Steps") or []:
        visit(step.get("Expression"))
    return found


#: The channels whose contacts end by themselves at their `connect:ContactExpiry`.
EXPIRING_CHANNELS = frozenset({"TASK", "EMAIL"})


def contact_expiry_ms(contact: dict[str, Any]) -> int | None:
    """When the contact expires by its `connect:ContactExpiry` segment attribute, if it has
    one (epoch milliseconds)."""
    return _expiry_ms(contact.get("SegmentAttributes"), None)


def _expiry_ms(segments: dict[str, Any] | None, routing: dict[str, Any] | None) -> int | None:
    """`EXPIRY_TIMESTAMP` for sorting: the contact-expiry segment attribute, else the expiry of
    the active routing step."""
    expiry = segments.get("connect:ContactExpiry") if segments else None
    stamp = _dig(expiry, ("ValueMap", "ExpiryTimeStamp")) if expiry is not None else None
    if isinstance(stamp, dict):
        if isinstance(stamp.get("ValueInteger"), int):
            return int(stamp["ValueInteger"]) * 1000
        if isinstance(stamp.get("ValueString"), str):
            text = stamp["ValueString"]
            if text[-1:] in ("Z", "z"):  # fromisoformat accepts "Z" only from Python 3.11
                text = text[:-1] + "+00:00"
            try:
                return to_ms(datetime.datetime.fromisoformat(text))
            except ValueError:
                pass
    for step in (routing or {}).get("Steps") or []:
        if step.get("Status") in (None, "ACTIVE"):
            expiry_ms = epoch_ms(_dig(step, ("Expiry", "ExpiryTimestamp")))
            if expiry_ms is not None:
                return expiry_ms
    return None
