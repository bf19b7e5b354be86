"""The stored contact: one validated record, with everything a search reads prepared at add time.

A search never walks the contact dict: timestamps are epoch milliseconds per time-range type,
identifiers and texts are pulled out once, and the `ContactSearchSummary` is encoded for the
wire in advance (only the region-dependent `Arn` is filled in per answer).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ._clock import to_ms
from .model import ModelView
from .wire import to_wire

#: Where each `TimeRange.Type` (and sortable timestamp) reads its timestamp in a contact.
TIMESTAMP_PATHS: dict[str, tuple[str, ...]] = {
    "INITIATION_TIMESTAMP": ("InitiationTimestamp",),
    "SCHEDULED_TIMESTAMP": ("ScheduledTimestamp",),
    "CONNECTED_TO_AGENT_TIMESTAMP": ("AgentInfo", "ConnectedToAgentTimestamp"),
    "DISCONNECT_TIMESTAMP": ("DisconnectTimestamp",),
    "ENQUEUE_TIMESTAMP": ("QueueInfo", "EnqueueTimestamp"),
}

_WORD = re.compile(r"\w+")
_HIERARCHY_LEVELS = ("Level1", "Level2", "Level3", "Level4", "Level5")


def tokens(text: str) -> str:
    """Text as the search analyser sees it: lower-case words joined by single spaces."""
    return " ".join(_WORD.findall(text.lower()))


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Whether the analysed `phrase` occurs in the analysed `haystack` as consecutive words."""
    return bool(phrase) and f" {phrase} " in f" {haystack} "


def _dig(contact: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = contact
    for name in path:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def _ms(value: Any) -> int | None:
    return to_ms(value) if isinstance(value, datetime.datetime) else None


class StoredContact:
    """A contact as the search engine sees it."""

    __slots__ = (
        "contact",
        "id",
        "instance_id",
        "channel",
        "initiation_method",
        "timestamps",
        "expiry_ms",
        "queue_id",
        "agent_id",
        "hierarchy_group_ids",
        "attributes",
        "segment_values",
        "tags",
        "name",
        "name_tokens",
        "transcript",
        "routing_agent_ids",
        "active_region",
        "ai_agents",
        "summary",
    )

    def __init__(self, contact: dict[str, Any], instance_id: str, model: ModelView) -> None:
        self.contact = contact
        self.id: str = contact["Id"]
        self.instance_id = instance_id
        self.channel: str = contact["Channel"]
        self.initiation_method: str = contact["InitiationMethod"]
        self.timestamps: dict[str, int | None] = {
            kind: _ms(_dig(contact, path)) for kind, path in TIMESTAMP_PATHS.items()
        }
        self.expiry_ms = _expiry_ms(contact)
        self.queue_id: str | None = _dig(contact, ("QueueInfo", "Id"))
        self.agent_id: str | None = _dig(contact, ("AgentInfo", "Id"))
        self.hierarchy_group_ids: tuple[str | None, ...] = tuple(
            _group_id(_dig(contact, ("AgentInfo", "HierarchyGroups", level, "Arn")))
            for level in _HIERARCHY_LEVELS
        )
        self.attributes: dict[str, str] = dict(contact.get("Attributes") or {})
        self.segment_values: dict[str, str] = {
            key: text
            for key, value in (contact.get("SegmentAttributes") or {}).items()
            if (text := _segment_text(value)) is not None
        }
        self.tags: dict[str, str] = dict(contact.get("Tags") or {})
        self.name: str | None = contact.get("Name")
        self.name_tokens = tokens(self.name) if self.name is not None else None
        self.transcript: tuple[tuple[str, str], ...] | None = (
            tuple((turn["ParticipantRole"], tokens(turn["Content"])) for turn in turns)
            if (turns := contact.get("Transcript")) is not None
            else None
        )
        routing = contact.get("RoutingCriteria")
        self.routing_agent_ids: frozenset[str] | None = (
            frozenset(_routing_agents(routing)) if routing is not None else None
        )
        self.active_region: str | None = _dig(contact, ("GlobalResiliencyMetadata", "ActiveRegion"))
        self.ai_agents: tuple[dict[str, Any], ...] = tuple(contact.get("AiAgentInfo") or ())
        self.summary: dict[str, Any] = to_wire(contact, model.summary_shape)
        self.summary.pop("Arn", None)


def arn(region: str, account_id: str, instance_id: str, contact_id: str) -> str:
    """The contact ARN the service derives."""
    return f"arn:aws:connect:{region}:{account_id}:instance/{instance_id}/contact/{contact_id}"


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


def _expiry_ms(contact: dict[str, Any]) -> int | None:
    """`EXPIRY_TIMESTAMP` for sorting: the contact-expiry segment attribute, else the expiry of
    the active routing step."""
    stamp = _dig(
        contact, ("SegmentAttributes", "connect:ContactExpiry", "ValueMap", "ExpiryTimeStamp")
    )
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
    for step in _dig(contact, ("RoutingCriteria", "Steps")) or []:
        if step.get("Status") in (None, "ACTIVE"):
            expiry = _ms(_dig(step, ("Expiry", "ExpiryTimestamp")))
            if expiry is not None:
                return expiry
    return None
