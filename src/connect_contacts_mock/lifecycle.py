"""A contact's life as the service records it, and the test helpers that move one along.

DescribeContact has no state member: a contact's state shows only through which timestamps
it has (spec section 1.1). The predicates here read that state from a stored contact (the dict
`ContactStore.get` gives, or a snapshot with epoch-microsecond timestamps), so the operations
that refuse a step agree on what "ended", "queued", "connected" and "paused" mean:

- ended: `DisconnectTimestamp` is set, or a TASK or EMAIL is past its `connect:ContactExpiry`
  `ExpiryTimeStamp` (the service ends it by itself; the mock writes it when an operation first
  touches it);
- connected: `AgentInfo.ConnectedToAgentTimestamp` is set;
- paused: `LastPausedTimestamp` is later than `LastResumedTimestamp` (or there is no resume).
  A pause in the same millisecond as the last resume (a frozen clock) is stamped 1 ms after it,
  so the order of the two timestamps always tells the state;
- queued: `QueueInfo.EnqueueTimestamp` is set, and the contact is neither connected, ended nor
  paused (a paused task keeps its queue's Id without an enqueue time until it is resumed).

The helpers (`queue`, `connect_agent`, `end_after_contact_work`) do what a real contact centre
does between API calls, through `ContactStore.replace_contact` under the store's lock, each
setting `LastUpdateTimestamp` to now. A step that makes no sense for the contact as it is
(connecting an ended contact, say) raises `InvalidContactError` and changes nothing; a helper
pointed at an instance or contact the store does not hold raises `MockUsageError`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._clock import from_seconds, now_ms
from .contact import EXPIRING_CHANNELS, contact_expiry_ms, epoch_ms
from .errors import InvalidContactError, MockUsageError

if TYPE_CHECKING:
    from .store import ContactStore, Instance

#: How much later than the last resume a pause in the same millisecond is stamped.
_TIE_BREAK_MS = 1


# -- the state of a stored contact ---------------------------------------------------------


def ended_ms(contact: dict[str, Any], now: int | None = None) -> int | None:
    """When the contact ended (epoch milliseconds): its `DisconnectTimestamp`, else, for a
    TASK or EMAIL past its expiry at `now` (default: the mock clock), the expiry."""
    disconnected = epoch_ms(contact.get("DisconnectTimestamp"))
    if disconnected is not None:
        return disconnected
    if contact.get("Channel") not in EXPIRING_CHANNELS:
        return None
    expiry = contact_expiry_ms(contact)
    if expiry is None or expiry > (now_ms() if now is None else now):
        return None
    return expiry


def connected_ms(contact: dict[str, Any]) -> int | None:
    """When the contact was connected to an agent, if it was."""
    return epoch_ms((contact.get("AgentInfo") or {}).get("ConnectedToAgentTimestamp"))


def is_paused(contact: dict[str, Any]) -> bool:
    """Whether the contact's last pause has not been followed by a resume."""
    paused = epoch_ms(contact.get("LastPausedTimestamp"))
    if paused is None:
        return False
    resumed = epoch_ms(contact.get("LastResumedTimestamp"))
    return resumed is None or paused > resumed


def pause_stamp_ms(contact: dict[str, Any], now: int) -> int:
    """The `LastPausedTimestamp` of a pause at `now`: later than the last resume, always."""
    resumed = epoch_ms(contact.get("LastResumedTimestamp"))
    return now if resumed is None or now > resumed else resumed + _TIE_BREAK_MS


def enqueued_ms(contact: dict[str, Any]) -> int | None:
    """When the contact entered its queue, if it is in one now."""
    return epoch_ms((contact.get("QueueInfo") or {}).get("EnqueueTimestamp"))


def is_queued(contact: dict[str, Any], now: int | None = None) -> bool:
    """Whether the contact waits in a queue: enqueued, not connected, ended or paused."""
    return (
        enqueued_ms(contact) is not None
        and connected_ms(contact) is None
        and ended_ms(contact, now) is None
        and not is_paused(contact)
    )


def moment(ms: int) -> datetime.datetime:
    """An aware UTC datetime of epoch milliseconds, as a stored timestamp is given."""
    return from_seconds(ms / 1000)


def shown(ms: int) -> str:
    """Epoch milliseconds as ISO-8601 UTC text, for messages."""
    return moment(ms).isoformat().replace("+00:00", "Z")


# -- the helpers -----------------------------------------------------------------------------


def queue(
    store: ContactStore, contact_id: str, queue_id: str, *, instance_id: str | None = None
) -> dict[str, Any]:
    """Put the contact in queue `queue_id` now: `QueueInfo {Id, EnqueueTimestamp}`.

    Refused (InvalidContactError): a contact that has ended, is connected to an agent, is
    paused, or already waits in a queue. Returns the contact as stored afterwards."""
    _require_text("queue_id", queue_id)

    def step(contact: dict[str, Any], now: int) -> dict[str, Any]:
        label = _label(contact_id)
        _refuse_ended(contact, now, f"cannot queue {label}")
        connected = connected_ms(contact)
        if connected is not None:
            raise InvalidContactError(
                f"cannot queue {label}: it was connected to agent "
                f"{contact['AgentInfo'].get('Id')!r} at {shown(connected)}; a contact is queued "
                "before an agent takes it (a transfer to another queue makes a new contact: "
                "add one with PreviousContactId)"
            )
        _refuse_paused(contact, f"cannot queue {label}")
        enqueued = enqueued_ms(contact)
        if enqueued is not None:
            raise InvalidContactError(
                f"cannot queue {label}: it already waits in queue "
                f"{contact['QueueInfo'].get('Id')!r} since {shown(enqueued)}; connect it to an "
                "agent (connect_agent) or end it instead"
            )
        contact["QueueInfo"] = {**(contact.get("QueueInfo") or {}), "Id": queue_id}
        contact["QueueInfo"]["EnqueueTimestamp"] = moment(now)
        return contact

    return _advance(store, contact_id, instance_id, step)


def connect_agent(
    store: ContactStore, contact_id: str, agent_id: str, *, instance_id: str | None = None
) -> dict[str, Any]:
    """Connect the contact to agent `agent_id` now: `AgentInfo {Id, AcceptedByAgentTimestamp,
    ConnectedToAgentTimestamp}` (other `AgentInfo` members already stored for that agent, such
    as `HierarchyGroups`, are kept; those of another agent are not).

    Refused (InvalidContactError): a contact that has ended, is paused, or is already connected
    to an agent. Returns the contact as stored afterwards."""
    _require_text("agent_id", agent_id)

    def step(contact: dict[str, Any], now: int) -> dict[str, Any]:
        label = _label(contact_id)
        _refuse_ended(contact, now, f"cannot connect {label} to agent {agent_id!r}")
        _refuse_paused(contact, f"cannot connect {label} to agent {agent_id!r}")
        connected = connected_ms(contact)
        if connected is not None:
            raise InvalidContactError(
                f"cannot connect {label} to agent {agent_id!r}: it was connected to agent "
                f"{contact['AgentInfo'].get('Id')!r} at {shown(connected)}; each connection "
                "to an agent is a contact of its own (add one with PreviousContactId)"
            )
        agent = contact.get("AgentInfo") or {}
        if agent.get("Id") not in (None, agent_id):
            agent = {}
        stamp = moment(now)
        contact["AgentInfo"] = {
            **agent,
            "Id": agent_id,
            "AcceptedByAgentTimestamp": stamp,
            "ConnectedToAgentTimestamp": stamp,
        }
        return contact

    return _advance(store, contact_id, instance_id, step)


def end_after_contact_work(
    store: ContactStore, contact_id: str, *, instance_id: str | None = None
) -> dict[str, Any]:
    """End the agent's after-contact work now. A contact still in progress ends now first
    (`DisconnectTimestamp`); ACW runs from the end of the contact (or from a stored
    `AgentInfo.AfterContactWorkStartTimestamp`) to now, and `AfterContactWorkDuration` is its
    length in whole seconds.

    Refused (InvalidContactError): a contact never connected to an agent (no agent, no ACW),
    and one whose ACW has already ended. Returns the contact as stored afterwards."""

    def step(contact: dict[str, Any], now: int) -> dict[str, Any]:
        label = _label(contact_id)
        agent = contact.get("AgentInfo") or {}
        if connected_ms(contact) is None:
            raise InvalidContactError(
                f"cannot end the after-contact work of {label}: it was never connected to an "
                "agent, so there is none; connect it first (connect_agent)"
            )
        finished = epoch_ms(agent.get("AfterContactWorkEndTimestamp"))
        if finished is not None:
            raise InvalidContactError(
                f"cannot end the after-contact work of {label}: it already ended at "
                f"{shown(finished)}"
            )
        ended = ended_ms(contact, now)
        if epoch_ms(contact.get("DisconnectTimestamp")) is None:
            if ended is None:
                ended = now
            else:  # expired, and ended as the service ends it
                contact["DisconnectReason"] = "EXPIRED"
            contact["DisconnectTimestamp"] = moment(ended)
        ended = now if ended is None else ended
        started = epoch_ms(agent.get("AfterContactWorkStartTimestamp"))
        if started is None:
            started = min(ended, now)
        finish = max(now, started)
        contact["AgentInfo"] = {
            **agent,
            "AfterContactWorkStartTimestamp": moment(started),
            "AfterContactWorkEndTimestamp": moment(finish),
            "AfterContactWorkDuration": (finish - started) // 1000,
        }
        return contact

    return _advance(store, contact_id, instance_id, step)


def _advance(
    store: ContactStore,
    contact_id: str,
    instance_id: str | None,
    step: Callable[[dict[str, Any], int], dict[str, Any]],
) -> dict[str, Any]:
    """Apply `step(contact, now)` to the stored contact under the store's lock, stamping
    `LastUpdateTimestamp`; the contact as stored afterwards."""
    with store.atomically():
        instance = _instance(store, instance_id)
        if contact_id not in instance.contacts:
            raise MockUsageError(
                f"no contact {contact_id!r} in instance {instance.instance_id!r}; add it first "
                "(contacts.add), or pass the instance_id it was added to"
            )
        now = now_ms()
        initiated = instance.contacts[contact_id].initiation_ms
        if now < initiated:
            raise InvalidContactError(
                f"contact {contact_id!r} is initiated at {shown(initiated)}, after the mock "
                f"clock's now ({shown(now)}); move the clock past its start first"
            )

        def change(contact: dict[str, Any]) -> dict[str, Any]:
            advanced = step(contact, now)
            advanced["LastUpdateTimestamp"] = moment(now)
            return advanced

        record = store.replace_contact(instance, contact_id, change)
        return record.contact(store.model.stored_contact_shape)


def _instance(store: ContactStore, instance_id: str | None) -> Instance:
    wanted = instance_id or store.instance_id
    for instance in store.known_instances():
        if instance.instance_id == wanted and instance.account_id == store.account_id:
            return instance
    raise MockUsageError(
        f"no instance {wanted!r} in account {store.account_id}; add it first "
        f"(contacts.add_instance({wanted!r})) or add contacts with instance_id={wanted!r}"
    )


def _require_text(name: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise MockUsageError(f"{name} must be a non-empty string, got {value!r}")


def _label(contact_id: str) -> str:
    return f"contact {contact_id!r}"


def _refuse_ended(contact: dict[str, Any], now: int, doing: str) -> None:
    ended = ended_ms(contact, now)
    if ended is None:
        return
    how = "expired" if epoch_ms(contact.get("DisconnectTimestamp")) is None else "ended"
    raise InvalidContactError(
        f"{doing}: it {how} at {shown(ended)}; an ended contact does not come back (add a new "
        "contact instead)"
    )


def _refuse_paused(contact: dict[str, Any], doing: str) -> None:
    if is_paused(contact):
        raise InvalidContactError(
            f"{doing}: it is paused since {shown(epoch_ms(contact['LastPausedTimestamp']) or 0)}; "
            "resume it first (resume_contact)"
        )
