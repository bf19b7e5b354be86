"""A store keeps its first 256 contacts, over all its instances, in a small store's forms and
the rest in the compact ones (README: Performance).

The compact forms (strings numbered once in the store's table, the encoding marshalled,
equal attribute and tag mappings shared) save memory where contacts are many, and cost a test's
few more than they save; so the first contacts of a store skip them. The count is the store's,
not an instance's: a store of many small instances is a large store. What a contact answers is
the same in either form (test_projection_agrees.py, test_saved_store.py); this is about which
form it is kept in.
"""

from __future__ import annotations

import datetime
from typing import Any

import boto3

from connect_contacts_mock import ContactStore, factory, mock_search_contacts

UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC).replace(microsecond=0)
OTHER = "00000000-0000-4000-8000-000000000002"
SMALL = 256


def mix(count: int, seed: int) -> list[dict[str, Any]]:
    return list(factory.mix(count, start=NOW - datetime.timedelta(days=2), end=NOW, seed=seed))


def kept_forms(store: ContactStore, instance_id: str) -> list[str]:
    """How each contact of the instance is kept, in the order added."""
    instance = store._instances[(store.account_id, instance_id)]
    return [
        "small" if type(record.frozen) is tuple else "compact"
        for record in instance.contacts.values()
    ]


def test_the_first_256_contacts_of_a_store_are_small_the_rest_compact_over_its_instances() -> None:
    with mock_search_contacts() as store:
        store.add_many(mix(200, seed=1))
        store.add_many(mix(100, seed=2), instance_id=OTHER)
        store.add(mix(1, seed=3)[0])
        assert kept_forms(store, store.instance_id) == ["small"] * 200 + ["compact"]
        assert kept_forms(store, OTHER) == ["small"] * (SMALL - 200) + ["compact"] * 44


def test_contacts_an_operation_makes_count_toward_the_store() -> None:
    with mock_search_contacts() as store:
        store.add_many(mix(SMALL - 1, seed=1))
        client = boto3.client("connect", region_name="us-east-1")
        for name in ("first", "second"):
            client.start_task_contact(
                InstanceId=store.instance_id, ContactFlowId="flow-1", Name=name
            )
        assert kept_forms(store, store.instance_id)[-2:] == ["small", "compact"]


def test_a_cleared_store_starts_small_again() -> None:
    with mock_search_contacts() as store:
        store.add_many(mix(SMALL + 1, seed=1))
        store.clear()
        store.add_many(mix(2, seed=2))
        assert kept_forms(store, store.instance_id) == ["small", "small"]
