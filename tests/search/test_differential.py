"""Random stores and queries, each walked to its end through boto3, answer exactly what a plain
reference answers: every contact tested against every criterion, sorted by the full key (ties by
Id, missing values last), cut into pages at offsets. The reference is written from the documented
rules, apart from the engine, so that indexes, groups and cut pages are checked against them;
contacts added and changed between queries check that the indexes follow the store."""

from __future__ import annotations

import datetime
import random
from typing import Any

import boto3
import botocore.session
import pytest
from freezegun import freeze_time

from connect_contacts_mock import ContactStore, mock_search_contacts

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=UTC)
#: Contacts initiated this long before now are past the 24-month retention.
EXPIRED_AGE = datetime.timedelta(days=800)
CHANNELS = ("VOICE", "CHAT", "TASK", "EMAIL")
METHODS = ("INBOUND", "OUTBOUND", "API", "TRANSFER", "CALLBACK")
QUEUES = ("q-1", "q-2", "q-3")
AGENTS = ("agent-1", "agent-2", "agent-3", "agent-4")
ATTRIBUTES = {"Plan": ("Gold", "Silver", "Bronze"), "Language": ("en", "fr"), "Tier": ("1", "2")}
#: Where each TimeRange.Type and timestamp sort field is read in a generated contact.
STAMPS = {
    "INITIATION_TIMESTAMP": ("InitiationTimestamp",),
    "DISCONNECT_TIMESTAMP": ("DisconnectTimestamp",),
    "CONNECTED_TO_AGENT_TIMESTAMP": ("AgentInfo", "ConnectedToAgentTimestamp"),
    "ENQUEUE_TIMESTAMP": ("QueueInfo", "EnqueueTimestamp"),
}
BY_VALUE = {
    "Channels": ("Channel",),
    "InitiationMethods": ("InitiationMethod",),
    "QueueIds": ("QueueInfo", "Id"),
    "AgentIds": ("AgentInfo", "Id"),
}
#: Every sort field of the installed model; those the generated contacts never carry
#: (SCHEDULED_TIMESTAMP, EXPIRY_TIMESTAMP) sort every contact as missing, by Id.
SORT_FIELDS = tuple(
    botocore.session.get_session()
    .get_service_model("connect")
    .shape_for("Sort")
    .members["FieldName"]
    .enum
)


def dig(contact: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = contact
    for step in path:
        if not isinstance(value, dict) or step not in value:
            return None
        value = value[step]
    return value


def millis(moment: datetime.datetime | None) -> int | None:
    return None if moment is None else round(moment.timestamp() * 1000)


def random_contact(rng: random.Random, serial: int) -> dict[str, Any]:
    """A contact with ties likely: its timestamps are drawn from a few hundred seconds."""
    if rng.random() < 0.1:
        initiated = NOW - EXPIRED_AGE - datetime.timedelta(seconds=rng.randrange(400))
    else:
        initiated = NOW - datetime.timedelta(hours=2, seconds=rng.randrange(400))
    if rng.random() < 0.2:
        initiated += datetime.timedelta(milliseconds=rng.randrange(1000))
    contact: dict[str, Any] = {
        "Id": f"c-{serial:04d}-{rng.randrange(10_000):04d}",
        "Channel": rng.choice(CHANNELS),
        "InitiationMethod": rng.choice(METHODS),
        "InitiationTimestamp": initiated,
    }
    if rng.random() < 0.8:
        queue: dict[str, Any] = {"Id": rng.choice(QUEUES)}
        if rng.random() < 0.7:
            queue["EnqueueTimestamp"] = initiated + datetime.timedelta(seconds=rng.randrange(30))
        contact["QueueInfo"] = queue
    if rng.random() < 0.7:
        agent: dict[str, Any] = {"Id": rng.choice(AGENTS)}
        if rng.random() < 0.7:
            agent["ConnectedToAgentTimestamp"] = initiated + datetime.timedelta(
                seconds=30 + rng.randrange(30)
            )
        contact["AgentInfo"] = agent
    if rng.random() < 0.6:
        contact["DisconnectTimestamp"] = initiated + datetime.timedelta(
            seconds=60 + rng.randrange(60)
        )
    contact["Attributes"] = {
        key: rng.choice(values) for key, values in ATTRIBUTES.items() if rng.random() < 0.6
    }
    return contact


def random_criteria(rng: random.Random) -> dict[str, Any]:
    criteria: dict[str, Any] = {}
    for member in BY_VALUE:
        if rng.random() < 0.3:
            pool = {
                "Channels": CHANNELS,
                "InitiationMethods": METHODS,
                "QueueIds": QUEUES,
                "AgentIds": (*AGENTS, "agent-none"),
            }[member]
            criteria[member] = rng.sample(pool, rng.randint(1, 2))
    if rng.random() < 0.6:
        keys = rng.sample(sorted(ATTRIBUTES), rng.randint(1, 2))
        items = [
            {"Key": key, "Values": rng.sample(ATTRIBUTES[key], rng.randint(0, 2))} for key in keys
        ]
        attributes: dict[str, Any] = {"Criteria": items}
        if rng.random() < 0.8:
            attributes["MatchType"] = rng.choice(["MATCH_ALL", "MATCH_ANY", "MATCH_NONE"])
        criteria["SearchableContactAttributes"] = attributes
    return criteria


def attributes_hold(
    attributes: dict[str, str], condition: dict[str, Any], searchable: set[str] | None
) -> bool:
    """The documented rule: the Values of one key are ORed (none given: the key is present), keys
    combined by MatchType; a key not declared searchable is absent; under NONE a contact
    lacking a tested key does not match."""
    visible = {
        key: value for key, value in attributes.items() if searchable is None or key in searchable
    }
    outcomes = []
    for item in condition["Criteria"]:
        value = visible.get(item["Key"])
        outcomes.append(value is not None and (not item["Values"] or value in item["Values"]))
    kind = condition.get("MatchType", "MATCH_ALL")
    if kind == "MATCH_ANY":
        return any(outcomes)
    if kind == "MATCH_NONE":
        present = all(item["Key"] in visible for item in condition["Criteria"])
        return present and not any(outcomes)
    return all(outcomes)


def sort_value(contact: dict[str, Any], field: str) -> Any:
    if field in STAMPS:
        return millis(dig(contact, STAMPS[field]))
    return {"CHANNEL": contact["Channel"], "INITIATION_METHOD": contact["InitiationMethod"]}.get(
        field
    )


def reference(
    contacts: list[dict[str, Any]], query: dict[str, Any], searchable: set[str] | None
) -> list[str]:
    kind = query["TimeRange"]["Type"]
    start, end = (millis(query["TimeRange"][edge]) for edge in ("StartTime", "EndTime"))
    cutoff = millis(NOW.replace(year=NOW.year - 2))
    assert start is not None and end is not None and cutoff is not None
    chosen = []
    for contact in contacts:
        moment = millis(dig(contact, STAMPS[kind]))
        if moment is None or not start <= moment <= end:
            continue
        if millis(contact["InitiationTimestamp"]) < cutoff:  # type: ignore[operator]
            continue
        criteria = query["SearchCriteria"]
        if any(
            dig(contact, path) not in criteria[member]
            for member, path in BY_VALUE.items()
            if member in criteria
        ):
            continue
        condition = criteria.get("SearchableContactAttributes")
        if condition and not attributes_hold(contact["Attributes"], condition, searchable):
            continue
        chosen.append(contact)
    field, descending = query["Sort"]["FieldName"], query["Sort"]["Order"] == "DESCENDING"
    present = sorted(
        (contact for contact in chosen if sort_value(contact, field) is not None),
        key=lambda contact: contact["Id"],
    )
    present.sort(key=lambda contact: sort_value(contact, field), reverse=descending)
    missing = sorted(
        (contact["Id"] for contact in chosen if sort_value(contact, field) is None),
    )
    return [contact["Id"] for contact in present] + missing


def random_query(rng: random.Random, instance_id: str) -> dict[str, Any]:
    span_end = NOW - datetime.timedelta(hours=2) + datetime.timedelta(seconds=rng.randrange(500))
    if rng.random() < 0.3:  # reaching back past the retention
        span_start = NOW - EXPIRED_AGE - datetime.timedelta(days=1)
    else:
        span_start = span_end - datetime.timedelta(seconds=rng.randrange(60, 600))
    return {
        "InstanceId": instance_id,
        "TimeRange": {
            "Type": rng.choice(list(STAMPS)) if rng.random() < 0.5 else "INITIATION_TIMESTAMP",
            "StartTime": span_start,
            "EndTime": span_end,
        },
        "SearchCriteria": random_criteria(rng),
        "Sort": (
            {"FieldName": rng.choice(SORT_FIELDS), "Order": rng.choice(["ASCENDING", "DESCENDING"])}
            if rng.random() < 0.5
            else {"FieldName": "INITIATION_TIMESTAMP", "Order": "DESCENDING"}
        ),
    }


def walk(client: Any, rng: random.Random, query: dict[str, Any]) -> tuple[list[str], set[int]]:
    """The Ids of every page of `query`, with page sizes drawn at random; and the TotalCounts."""
    ids: list[str] = []
    totals: set[int] = set()
    token = None
    while True:
        request = {**query, "MaxResults": rng.choice([1, 2, 3, 7, 25, 100])}
        if token:
            request["NextToken"] = token
        page = client.search_contacts(**request)
        ids.extend(contact["Id"] for contact in page["Contacts"])
        totals.add(page["TotalCount"])
        token = page.get("NextToken")
        if not token:
            return ids, totals


def change_some(rng: random.Random, store: ContactStore, client: Any, made: dict[str, Any]) -> None:
    """Add newer and older contacts, and update the attributes of a few within retention
    through boto3."""
    added = [random_contact(rng, len(made) + n) for n in range(rng.randint(1, 20))]
    for contact in added:
        contact["Id"] = f"{contact['Id']}-later"
        store.add(contact)
        made[contact["Id"]] = contact
    recent = [
        contact_id
        for contact_id, contact in made.items()
        if NOW - contact["InitiationTimestamp"] < EXPIRED_AGE
    ]
    for contact_id in rng.sample(sorted(recent), min(3, len(recent))):
        key = rng.choice(sorted(ATTRIBUTES))
        value = rng.choice(ATTRIBUTES[key])
        client.update_contact_attributes(
            InstanceId=store.instance_id,
            InitialContactId=contact_id,
            Attributes={key: value},
        )
        made[contact_id]["Attributes"][key] = value


@pytest.mark.parametrize("seed", range(24))
def test_random_queries_walked_to_the_end_answer_what_the_reference_answers(seed: int) -> None:
    rng = random.Random(seed)
    searchable = None if seed % 3 else {"Plan", "Language"}
    options: dict[str, Any] = {"limit_time_window": False}
    if searchable is not None:
        options["searchable_attributes"] = sorted(searchable)
    with freeze_time(NOW), mock_search_contacts(**options) as store:
        client = boto3.client("connect", region_name="us-east-1")
        made: dict[str, Any] = {}
        for contact in (random_contact(rng, n) for n in range(rng.randint(30, 250))):
            made.setdefault(contact["Id"], contact)
        store.add_many(made.values())
        for round_number in range(12):
            if round_number % 4 == 3:
                change_some(rng, store, client, made)
            query = random_query(rng, store.instance_id)
            expected = reference(list(made.values()), query, searchable)
            ids, totals = walk(client, rng, query)
            assert ids == expected, query
            assert totals == {len(expected)}, query
