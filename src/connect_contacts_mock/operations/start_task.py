"""StartTaskContact: a new TASK contact, initiated by API, that expires by itself.

The task is in the store at once (SearchContacts finds it with `Channels [TASK]`,
`InitiationMethods [API]`), with `InitialContactId` = its own Id unless `PreviousContactId`
puts it in a chain, and `connect:ContactExpiry` always set (7 days unless asked otherwise):
past its `ExpiryTimeStamp` the first operation that touches it ends it, `DisconnectReason`
EXPIRED. See `_new_contact` for the rules it shares with the other creating operations.
"""

from __future__ import annotations

from typing import Any

from connect_contacts_mock._clock import now_ms
from connect_contacts_mock.errors import ServiceError, invalid_request
from connect_contacts_mock.operations import Context, Operation
from connect_contacts_mock.store import Instance

from . import _new_contact as new

#: "There can be a maximum of 12 linked task contacts in a chain. That is, 12 task contacts can
#: be created that share the same PreviousContactId" (StartTaskContact's documentation).
MAX_TASKS_PER_PREVIOUS = 12
#: The default "Active tasks" quota per instance (Admin Guide, service quotas): tasks not ended.
ACTIVE_TASKS_QUOTA = 2_500
#: The members naming the flow a task runs; exactly one is given.
_FLOW_MEMBERS = ("ContactFlowId", "QuickConnectId", "TaskTemplateId")


class StartTaskContact(Operation):
    """Creates the task and answers its `ContactId`.

    Refused, with nothing created: not exactly one of ContactFlowId, QuickConnectId and
    TaskTemplateId, or both PreviousContactId and RelatedContactId (InvalidRequestException);
    a bad attribute key, attributes over 32,768 bytes, an ATTACHMENT (or other type not
    documented for task creation) reference, a `ScheduledTime` not within the next 6 days, a
    malformed `connect:ContactExpiry` (InvalidParameterException); a linked contact the
    instance does not show (ResourceNotFoundException); a 13th task with the same
    PreviousContactId, or more open tasks than the instance's quota of 2,500
    (ServiceQuotaExceededException)."""

    def check(self, params: dict[str, Any]) -> dict[str, Any]:
        new.check_request(params)
        flows = [member for member in _FLOW_MEMBERS if params.get(member)]
        if len(flows) != 1:
            given = f"{' and '.join(flows)} were given" if flows else "none was given"
            raise invalid_request(
                f"{', '.join(_FLOW_MEMBERS)}: give exactly one of these, so that one flow "
                f"runs the task ({given}); a TaskTemplateId alone is enough when the template "
                "has a flow"
            )
        return params

    def answer(self, checked: dict[str, Any], context: Context) -> dict[str, Any]:
        return new.create_once(context, checked, _start)


def _start(checked: dict[str, Any], context: Context, instance: Instance) -> dict[str, Any]:
    scheduled = new.scheduled(checked)
    links = new.linked(context, instance, checked)
    if links.previous is not None:
        _refuse_long_chain(instance, links.previous.id)
    _refuse_over_quota(instance)
    members = {"ScheduledTimestamp": scheduled} if scheduled is not None else {}
    contact = new.new_contact(
        context,
        instance,
        checked,
        channel="TASK",
        initiation_method="API",
        links=links,
        members=members,
    )
    minutes = new.check_expiry(checked.get("SegmentAttributes") or {})
    new.with_expiry(contact, minutes)
    record = new.insert(
        context, instance, [contact], links=links, attributes=checked.get("Attributes")
    )[0]
    return {"ContactId": record.id}


def _refuse_long_chain(instance: Instance, previous_id: str) -> None:
    previous = instance.contacts[previous_id]
    followers = [
        record
        for record in instance.chain("InitialContactId", previous.initial_contact_id)
        if record.channel == "TASK" and record.snapshot().get("PreviousContactId") == previous_id
    ]
    if len(followers) >= MAX_TASKS_PER_PREVIOUS:
        raise ServiceError(
            "ServiceQuotaExceededException",
            f"PreviousContactId: {len(followers)} tasks already follow contact {previous_id!r}, "
            f"the most a chain allows ({MAX_TASKS_PER_PREVIOUS} task contacts can share one "
            "PreviousContactId); link the new task with RelatedContactId instead, which has no "
            "limit",
        )


def _refuse_over_quota(instance: Instance) -> None:
    if instance.index.open_count("TASK") < ACTIVE_TASKS_QUOTA:  # no count needed below it
        return
    now = now_ms()
    open_tasks = sum(
        1
        for record in instance.index.open_contacts("TASK")
        if record.expiry_ms is None or record.expiry_ms > now
    )
    if open_tasks >= ACTIVE_TASKS_QUOTA:
        raise ServiceError(
            "ServiceQuotaExceededException",
            f"instance {instance.instance_id!r} has {open_tasks:,} open tasks, its active tasks "
            f"quota ({ACTIVE_TASKS_QUOTA:,}); end some (StopContact) before starting more",
        )
