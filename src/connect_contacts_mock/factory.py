"""Realistic contacts in one line, so a test states only what matters to it.

Writing a contact by hand means writing its queue, agent, hierarchy groups, timestamps in the
right order and the `connect:Subtype` segment attribute, every time. These builders write all of
that, the way Amazon Connect records it, and let a test change any member with a keyword::

    from connect_contacts_mock import factory

    contacts.add(factory.voice_call())                                # answered, 5 minutes
    contacts.add(factory.voice_call(answered=False))                  # abandoned in queue
    contacts.add(factory.voice_call(AgentInfo={"Id": "agent-9"}))     # only the agent changes
    contacts.add(factory.email(subject="Refund", Tags={"Dept": "Billing"}))
    contacts.add_many(factory.transfer_chain(factory.voice_call(), hops=2))
    contacts.add_many(factory.mix(10_000, start=monday, end=friday, seed=7))

Every builder returns a new plain dict in the shape `ContactStore.add` takes (DescribeContact's
`Contact`, PascalCase members, datetimes in UTC) that passes its validation against the
installed botocore model. Each has an `Id` (a random UUID; `mix` makes deterministic ones),
`Channel`, `InitiationMethod` and `InitiationTimestamp`.

Keyword overrides are PascalCase members merged deeply into the built contact: a nested dict
merges into the member of the same name, a `None` removes the member, any other value (lists
included) replaces it. So `voice_call(AgentInfo={"Id": "a9"})` keeps the agent's timestamps and
hierarchy groups, and `voice_call(QueueInfo=None)` builds a call that never queued.

When `at` (the `InitiationTimestamp`) is not given, the contact began a little while ago: the
clock is read at each call, so freezegun and time-machine apply.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from heapq import heappop, heappush
from typing import Any

from ._clock import to_ms
from .partitions import partition_of
from .validation import plain_copy

Contact = dict[str, Any]
"""A contact as `ContactStore.add` takes it."""

Turn = tuple[str, str]
"""One Contact Lens transcript turn: (ParticipantRole, what was said)."""

UTC = datetime.timezone.utc

#: Region, account and instance written into hierarchy-group ARNs. Search matches a group by the
#: last part of its ARN, so these only make the ARNs look real.
ARN_REGION = "us-east-1"
ARN_ACCOUNT = "123456789012"
ARN_INSTANCE = "00000000-0000-4000-8000-000000000001"

#: The queues, agents and contact-attribute values `mix` draws from (and builders default to),
#: so a benchmark or test over a mix can name them.
QUEUES = ("queue-support", "queue-billing", "queue-sales", "queue-tech", "queue-retention")
AGENTS = tuple(f"agent-{n}" for n in range(1, 13))
PLANS = ("Gold", "Silver", "Bronze")
LANGUAGES = ("en-US", "es-US", "fr-CA")

#: Hierarchy groups (Level1 site, Level2 team) of the known agents; other agents get the first.
_SITES = ("site-east", "site-west")
_TEAMS = ("team-support", "team-billing", "team-sales", "team-tech")
_AGENT_GROUPS: dict[str, tuple[str, str]] = {
    agent: (_SITES[n % 2], _TEAMS[n % 4]) for n, agent in enumerate(AGENTS)
}
_DEFAULT_GROUPS = (_SITES[0], _TEAMS[0])

#: Default durations (initiation to disconnect) of the builders.
VOICE_DURATION = timedelta(minutes=5)
CHAT_DURATION = timedelta(minutes=12)
EMAIL_DURATION = timedelta(minutes=20)
TRANSFER_DURATION = timedelta(minutes=4)

#: How long before "now" a contact whose `at` is not given ended.
_ENDED_AGO = timedelta(minutes=2)
#: How long before "now" an unfinished contact whose `at` is not given began.
_STARTED_AGO = timedelta(minutes=5)
#: Time in the IVR before the contact is queued, and in queue before an agent answers (each at
#: most a quarter / half of the contact's duration, so the timestamps stay in order).
_IVR = timedelta(seconds=20)
_QUEUE_WAIT = timedelta(seconds=30)
#: How long a task stays active before it expires: seven days.
_TASK_EXPIRY_MINUTES = 7 * 24 * 60


def hierarchy_group_arn(group_id: str) -> str:
    """The ARN of an agent hierarchy group, for `AgentInfo.HierarchyGroups.LevelN.Arn`.

    `AgentHierarchyGroups` search criteria name groups by id; the contact stores their ARNs.
    """
    return (
        f"arn:{partition_of(ARN_REGION)}:connect:{ARN_REGION}:{ARN_ACCOUNT}:instance/"
        f"{ARN_INSTANCE}/agent-group/{group_id}"
    )


def voice_call(
    *,
    at: datetime.datetime | None = None,
    queue_id: str | None = "queue-support",
    agent_id: str = "agent-1",
    answered: bool = True,
    duration: datetime.timedelta | None = VOICE_DURATION,
    **overrides: Any,
) -> Contact:
    """An inbound phone call (VOICE, INBOUND, `connect:Subtype` `connect:Telephony`).

    It began `at`, went through the IVR into `queue_id` (None: it never queued), was answered by
    `agent_id` (with the agent's hierarchy groups) unless `answered` is false, and ended after
    `duration` (None: still in progress, no `DisconnectTimestamp`). An unanswered call is one the
    caller abandoned: search it with `AdditionalTimeRange` NOT_EXISTS
    CONNECTED_TO_AGENT_TIMESTAMP.
    """
    contact = _handled(
        "VOICE", "INBOUND", at, queue_id, agent_id, answered, duration, "connect:Telephony"
    )
    return _apply(contact, overrides)


def chat(
    *,
    at: datetime.datetime | None = None,
    queue_id: str | None = "queue-support",
    agent_id: str = "agent-1",
    answered: bool = True,
    duration: datetime.timedelta | None = CHAT_DURATION,
    **overrides: Any,
) -> Contact:
    """A web chat (CHAT, INBOUND, `connect:Subtype` `connect:Chat`); arguments as `voice_call`."""
    contact = _handled(
        "CHAT", "INBOUND", at, queue_id, agent_id, answered, duration, "connect:Chat"
    )
    return _apply(contact, overrides)


def email(
    *,
    subject: str = "Question about my order",
    at: datetime.datetime | None = None,
    queue_id: str | None = "queue-support",
    agent_id: str = "agent-1",
    answered: bool = True,
    duration: datetime.timedelta | None = EMAIL_DURATION,
    **overrides: Any,
) -> Contact:
    """An inbound email (EMAIL, INBOUND): its `Name` is the subject, which Connect also keeps
    as the `connect:EmailSubject` segment attribute; `connect:Subtype` is `connect:Email`.

    Other arguments as `voice_call`. Search it by `Name` (the subject's words).
    """
    contact = _handled(
        "EMAIL", "INBOUND", at, queue_id, agent_id, answered, duration, "connect:Email"
    )
    contact["Name"] = subject
    contact["SegmentAttributes"]["connect:EmailSubject"] = {"ValueString": subject}
    return _apply(contact, overrides)


def scheduled_task(
    *,
    scheduled_for: datetime.datetime,
    name: str = "Call the customer back",
    at: datetime.datetime | None = None,
    queue_id: str | None = None,
    **overrides: Any,
) -> Contact:
    """A task created through the API (TASK, API) to start at `scheduled_for`, not yet run.

    It has a `Name`, a `ScheduledTimestamp` (search it with a SCHEDULED_TIMESTAMP time range)
    and a `connect:ContactExpiry` of seven days after `scheduled_for` (sort it by
    EXPIRY_TIMESTAMP). `at`, when the task was created, defaults to a few minutes ago. With
    `queue_id`, its `QueueInfo` has that queue, enqueued at `scheduled_for`.
    """
    start = at if at is not None else _now() - _STARTED_AGO
    contact: Contact = {
        "Id": str(uuid.uuid4()),
        "Channel": "TASK",
        "InitiationMethod": "API",
        "InitiationTimestamp": start,
        "ScheduledTimestamp": scheduled_for,
        "Name": name,
        "SegmentAttributes": {"connect:ContactExpiry": _expiry(scheduled_for)},
    }
    if queue_id is not None:
        contact["QueueInfo"] = {"Id": queue_id, "EnqueueTimestamp": scheduled_for}
    return _apply(contact, overrides)


def transfer_chain(
    first: Contact,
    *,
    hops: int = 1,
    queue_id: str | None = "queue-escalations",
    agent_ids: Sequence[str] = ("agent-2", "agent-3"),
    duration: datetime.timedelta | None = TRANSFER_DURATION,
    **overrides: Any,
) -> list[Contact]:
    """`first` and `hops` contacts it was transferred through, in order: `[first, hop1, ...]`.

    Each hop is a contact of `first`'s channel with InitiationMethod TRANSFER, begun when the
    previous contact ended, placed in `queue_id` and answered by the next of `agent_ids` (they
    repeat when there are more hops), lasting `duration`. Its `InitialContactId` is `first`'s
    Id (or `first`'s own `InitialContactId` when `first` was itself transferred) and its
    `PreviousContactId` the Id of the contact before it; `Name`, `Attributes` and
    `SegmentAttributes` carry over from `first`. `overrides` apply to every hop. `first` is
    returned as given, or as a copy with a new Id when it had none.
    """
    if hops < 0:
        raise ValueError(f"hops must be 0 or more, got {hops}")
    if hops and not agent_ids:
        raise ValueError("agent_ids must name at least one agent")
    if not first.get("Id"):
        first = {**first, "Id": str(uuid.uuid4())}
    initial_id = first.get("InitialContactId") or first["Id"]
    chain = [first]
    previous = first
    for hop in range(hops):
        began = previous.get("DisconnectTimestamp") or (
            previous["InitiationTimestamp"] + timedelta(minutes=1)
        )
        contact = _handled(
            first["Channel"],
            "TRANSFER",
            began,
            queue_id,
            agent_ids[hop % len(agent_ids)],
            True,
            duration,
            None,
        )
        contact["InitialContactId"] = initial_id
        contact["PreviousContactId"] = previous["Id"]
        for carried in ("Name", "Attributes", "SegmentAttributes"):
            if first.get(carried) is not None:
                contact[carried] = plain_copy(first[carried])
        previous = _apply(contact, overrides)
        chain.append(previous)
    return chain


def with_transcript(contact: Contact, *turns: Turn) -> Contact:
    """A copy of `contact` whose Contact Lens `Transcript` has `turns` appended.

    Each turn is `(ParticipantRole, text)`, e.g. `("CUSTOMER", "I want to cancel")`; roles are
    AGENT, CUSTOMER, SYSTEM, CUSTOM_BOT, SUPERVISOR. Only analysed contacts have a transcript,
    so only they can match a `ContactAnalysis` criterion: with no turns, the copy has an empty
    transcript (analysed, nothing said). `contact` itself is not changed.
    """
    transcript = [dict(turn) for turn in contact.get("Transcript") or ()]
    transcript.extend({"ParticipantRole": role, "Content": text} for role, text in turns)
    return {**contact, "Transcript": transcript}


def mix(
    count: int, *, start: datetime.datetime, end: datetime.datetime, seed: int = 0
) -> Iterator[Contact]:
    """`count` contacts of a busy contact centre, spread over `start`..`end`, oldest first.

    The mix is deterministic for a `seed` (the same contacts, Ids included, every run) and fast
    enough to load a million contacts in a benchmark. About 55% are voice calls (inbound, some
    outbound, callbacks, and transfers continuing an earlier call that had ended), 22% chats,
    13% tasks (some scheduled), 10% emails; some never reach an agent (abandoned, or tasks still
    waiting to run). They use the `QUEUES`, `AGENTS` (with hierarchy groups), contact
    attributes `Plan` (`PLANS`) and `Language` (`LANGUAGES`), tags `Dept` and `CostCenter`, and
    about a fifth carry a transcript. Ids look like UUIDs and are unique for one seed: load two
    mixes into one instance with different seeds.

    Contacts are made as they are consumed: pass the iterator to `ContactStore.add_many`
    rather than building a list first (each contact is a few kilobytes of dicts).
    """
    if count < 0:
        raise ValueError(f"count must be 0 or more, got {count}")
    if end < start:
        raise ValueError(f"end {end.isoformat()} is before start {start.isoformat()}")
    return _mix(count, start, end, seed)


# -- internals ---------------------------------------------------------------------------------


def _now() -> datetime.datetime:
    return datetime.datetime.now(UTC)


def _groups(agent_id: str) -> dict[str, Any]:
    level1, level2 = _AGENT_GROUPS.get(agent_id, _DEFAULT_GROUPS)
    return {
        "Level1": {"Arn": hierarchy_group_arn(level1)},
        "Level2": {"Arn": hierarchy_group_arn(level2)},
    }


def _expiry(active_from: datetime.datetime) -> dict[str, Any]:
    """`connect:ContactExpiry` of a task active from `active_from`."""
    expires = to_ms(active_from) // 1000 + _TASK_EXPIRY_MINUTES * 60
    return {
        "ValueMap": {
            "ExpiryDuration": {"ValueInteger": _TASK_EXPIRY_MINUTES},
            "ExpiryTimeStamp": {"ValueInteger": expires},
        }
    }


def _handled(
    channel: str,
    method: str,
    at: datetime.datetime | None,
    queue_id: str | None,
    agent_id: str,
    answered: bool,
    duration: datetime.timedelta | None,
    subtype: str | None,
) -> Contact:
    """A contact routed through a queue to an agent, with its timestamps in order."""
    if duration is not None and duration < timedelta(0):
        raise ValueError(f"duration must not be negative, got {duration}")
    if at is None:
        at = _now() - (_ENDED_AGO + duration if duration is not None else _STARTED_AGO)
    ivr, wait = _IVR, _QUEUE_WAIT
    if duration is not None:
        ivr, wait = min(ivr, duration / 4), min(wait, duration / 2)
    contact: Contact = {
        "Id": str(uuid.uuid4()),
        "Channel": channel,
        "InitiationMethod": method,
        "InitiationTimestamp": at,
    }
    if queue_id is not None:
        contact["QueueInfo"] = {"Id": queue_id, "EnqueueTimestamp": at + ivr}
    if answered:
        contact["AgentInfo"] = {
            "Id": agent_id,
            "ConnectedToAgentTimestamp": at + ivr + wait,
            "HierarchyGroups": _groups(agent_id),
        }
    if duration is not None:
        contact["DisconnectTimestamp"] = at + duration
    if subtype is not None:
        contact["SegmentAttributes"] = {"connect:Subtype": {"ValueString": subtype}}
    return contact


def _merge(target: dict[str, Any], overrides: Mapping[str, Any]) -> None:
    for key, value in overrides.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = plain_copy(dict(value) if isinstance(value, Mapping) else value)


def _apply(contact: Contact, overrides: Mapping[str, Any]) -> Contact:
    """`contact` with `overrides` merged in (it is the builder's own, so merged in place)."""
    if overrides:
        _merge(contact, overrides)
    return contact


# -- the mix -----------------------------------------------------------------------------------

_MS = timedelta(milliseconds=1)
_SECOND = timedelta(seconds=1)
_DEPTS = {
    "queue-support": "Support",
    "queue-billing": "Billing",
    "queue-sales": "Sales",
    "queue-tech": "Support",
    "queue-retention": "Sales",
}
_TASK_NAMES = (
    "Call the customer back",
    "Refund order",
    "Review address change",
    "Follow up on complaint",
    "Verify identity documents",
)
_EMAIL_SUBJECTS = (
    "Question about my order",
    "Invoice query",
    "Cancel my subscription",
    "Delivery delayed",
    "Customer Inquiry",
)
_CONVERSATIONS: tuple[tuple[Turn, ...], ...] = (
    (
        ("AGENT", "Thank you for calling, how can I help?"),
        ("CUSTOMER", "I want to cancel my subscription"),
        ("AGENT", "I can help you with that today"),
    ),
    (
        ("AGENT", "Hello, you are through to billing"),
        ("CUSTOMER", "I was charged twice on my last invoice"),
        ("AGENT", "I have issued a refund for the duplicate charge"),
        ("CUSTOMER", "Thank you very much"),
    ),
    (
        ("CUSTOMER", "My order has not arrived yet"),
        ("AGENT", "Let me check the delivery status for you"),
    ),
    (
        ("SYSTEM", "Please hold while we connect you"),
        ("CUSTOMER", "I would like to upgrade my plan"),
        ("AGENT", "Great, the Gold plan includes priority support"),
    ),
    (
        ("CUSTOMER", "The app keeps crashing when I log in"),
        ("AGENT", "Please try reinstalling the latest version"),
        ("CUSTOMER", "That fixed it, thanks"),
    ),
)
#: Weighted draws: index with `int(rand() * 10)`.
_PLAN_BY_TENTH = ("Gold",) * 2 + ("Silver",) * 3 + ("Bronze",) * 5
_LANGUAGE_BY_TENTH = ("en-US",) * 7 + ("es-US",) * 2 + ("fr-CA",)
_COST_CENTERS = ("cc-100", "cc-200", "cc-300", "cc-400")


def _mix(
    count: int, start: datetime.datetime, end: datetime.datetime, seed: int
) -> Iterator[Contact]:
    rng = random.Random(seed)
    rand = rng.random
    slot = ((end - start) // _MS) / count if count else 0.0
    id_prefix = f"{seed & 0xFFFFFFFF:08x}-{(seed >> 32) & 0xFFFF:04x}-4000-8000-"
    queues, agents = QUEUES, AGENTS
    n_queues, n_agents = len(queues), len(agents)
    arns = {
        agent: tuple(hierarchy_group_arn(group) for group in _AGENT_GROUPS[agent])
        for agent in agents
    }
    depts, conversations = _DEPTS, _CONVERSATIONS
    n_conversations = len(conversations)
    task_names, subjects = _TASK_NAMES, _EMAIL_SUBJECTS
    plans, languages, cost_centers = _PLAN_BY_TENTH, _LANGUAGE_BY_TENTH, _COST_CENTERS
    ms, second = _MS, _SECOND
    # Offsets looked up rather than multiplied: timedelta * int is the slow part of a contact.
    secs = [second * n for n in range(7261)]
    hours = [timedelta(hours=n) for n in range(73)]
    # Answered calls still going on, and ended ones not yet transferred, each as (ended, Id,
    # InitialContactId): a transfer continues the most recently ended call.
    talking: list[tuple[datetime.datetime, str, str]] = []
    ended_calls: list[tuple[datetime.datetime, str, str]] = []

    for n in range(count):
        contact_id = f"{id_prefix}{n:012x}"
        at = start + ms * int((n + rand()) * slot)
        queue: str | None = queues[int(rand() * n_queues)]
        answered = rand() >= 0.12
        enqueued = connected = at
        ended: datetime.datetime | None = at
        contact: Contact
        pick = rand()
        if pick < 0.55:  # VOICE
            kind = rand()
            previous: tuple[datetime.datetime, str, str] | None = None
            if kind >= 0.93:
                while talking and talking[0][0] <= at:
                    ended_calls.append(heappop(talking))
                if ended_calls:
                    previous = ended_calls.pop()
                    if len(ended_calls) > 64:
                        del ended_calls[:32]
                else:
                    kind = 0.0
            method = (
                "INBOUND"
                if kind < 0.75
                else "OUTBOUND"
                if kind < 0.85
                else "CALLBACK"
                if kind < 0.93
                else "TRANSFER"
            )
            contact = {
                "Id": contact_id,
                "Channel": "VOICE",
                "InitiationMethod": method,
                "InitiationTimestamp": at,
                "SegmentAttributes": {"connect:Subtype": {"ValueString": "connect:Telephony"}},
            }
            if method == "OUTBOUND":  # the agent dials: no queue, always an agent
                queue, answered = None, True
                connected = at + second
                ended = connected + secs[int(30 + rand() * 600)]
            else:
                enqueued = at + secs[int(5 + rand() * 55)]
                connected = enqueued + secs[int(rand() * rand() * 600)]
                ended = connected + (secs[int(60 + rand() * 840)] if answered else second)
                if previous is not None:
                    contact["InitialContactId"] = previous[2]
                    contact["PreviousContactId"] = previous[1]
            if answered:
                initial = previous[2] if previous is not None else contact_id
                heappush(talking, (ended, contact_id, initial))
        elif pick < 0.77:  # CHAT
            contact = {
                "Id": contact_id,
                "Channel": "CHAT",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": at,
                "SegmentAttributes": {
                    "connect:Subtype": {
                        "ValueString": "connect:SMS" if rand() < 0.2 else "connect:Chat"
                    }
                },
            }
            enqueued = at + secs[int(10 + rand() * 50)]
            connected = enqueued + secs[int(rand() * rand() * 900)]
            ended = connected + secs[int(120 + rand() * 1500) if answered else 10]
        elif pick < 0.90:  # TASK
            contact = {
                "Id": contact_id,
                "Channel": "TASK",
                "InitiationMethod": "API",
                "InitiationTimestamp": at,
                "Name": f"{task_names[int(rand() * len(task_names))]} {1000 + n % 9000}",
            }
            enqueued = at + second
            if rand() < 0.4:
                enqueued = at + hours[int(1 + rand() * 72)] + secs[int(rand() * 3600)]
                contact["ScheduledTimestamp"] = enqueued
            contact["SegmentAttributes"] = {"connect:ContactExpiry": _expiry(enqueued)}
            if enqueued > end:  # scheduled after the window: still waiting to run
                queue, answered, ended = None, False, None
            else:
                connected = enqueued + secs[int(rand() * 3600)]
                ended = connected + secs[int(60 + rand() * 1200)]
        else:  # EMAIL
            subject = f"{subjects[int(rand() * len(subjects))]} #{10_000 + n % 90_000}"
            contact = {
                "Id": contact_id,
                "Channel": "EMAIL",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": at,
                "Name": subject,
                "SegmentAttributes": {
                    "connect:Subtype": {"ValueString": "connect:Email"},
                    "connect:EmailSubject": {"ValueString": subject},
                },
            }
            enqueued = at + secs[int(1 + rand() * 10)]
            connected = enqueued + secs[int(60 + rand() * 7200)]
            ended = connected + secs[int(120 + rand() * 900)]

        if queue is not None:
            contact["QueueInfo"] = {"Id": queue, "EnqueueTimestamp": enqueued}
        if answered:
            agent = agents[int(rand() * n_agents)]
            level1, level2 = arns[agent]
            contact["AgentInfo"] = {
                "Id": agent,
                "ConnectedToAgentTimestamp": connected,
                "HierarchyGroups": {"Level1": {"Arn": level1}, "Level2": {"Arn": level2}},
            }
            if pick < 0.77 and rand() < 0.3:  # calls and chats analysed by Contact Lens
                contact["Transcript"] = [
                    {"ParticipantRole": role, "Content": text}
                    for role, text in conversations[int(rand() * n_conversations)]
                ]
        if ended is not None:
            contact["DisconnectTimestamp"] = ended
        language = languages[int(rand() * 10)]
        contact["Attributes"] = (
            {"Plan": plans[int(rand() * 10)], "Language": language}
            if rand() < 0.9
            else {"Language": language}
        )
        tagged = rand()
        if tagged < 0.6 and queue is not None:
            contact["Tags"] = (
                {"Dept": depts[queue], "CostCenter": cost_centers[int(tagged * 20)]}
                if tagged < 0.2
                else {"Dept": depts[queue]}
            )
        yield contact
