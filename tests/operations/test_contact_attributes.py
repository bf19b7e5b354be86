"""GetContactAttributes and UpdateContactAttributes (contact-operations spec, sections 0.3, 0.4,
1.2, 2.2, 3.1 and cases 3, 8, 9, 10 and 11).

In the fixture C1 {Plan: Gold, Secret: x} is the initial contact of C6 (a transfer, no
attributes of its own): the two form one attribute group. C2 {Plan: Silver} is ongoing, C3 has
no attributes, C7 is past the 24-month retention, X1 lives in instance I2.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError

from conftest import C1, C2, C3, C6, I1, NOW, at, base_request, names
from connect_contacts_mock import ContactStore

from ._harness import I2, X1, client, error_of, sent

#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards).
EXAMPLES = {
    "GetContactAttributes": lambda connect: connect.get_contact_attributes(
        InstanceId=I1, InitialContactId=C1
    ),
    "UpdateContactAttributes": lambda connect: connect.update_contact_attributes(
        InstanceId=I1, InitialContactId=C1, Attributes={"Plan": "Platinum", "New": "1"}
    ),
}

UTC = datetime.timezone.utc
LIMIT = 32_768
#: Bytes of C1's stored attributes: "Plan" + "Gold" + "Secret" + "x".
C1_BYTES = 4 + 4 + 6 + 1


def attributes_of(contact_id: str, instance_id: str = I1) -> dict[str, str]:
    answer = client().get_contact_attributes(InstanceId=instance_id, InitialContactId=contact_id)
    attributes: dict[str, str] = answer["Attributes"]
    return attributes


def described(contact_id: str) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(InstanceId=I1, ContactId=contact_id)[
        "Contact"
    ]
    return contact


def update(contact_id: str, attributes: dict[str, str], instance_id: str = I1) -> dict[str, Any]:
    answer: dict[str, Any] = client().update_contact_attributes(
        InstanceId=instance_id, InitialContactId=contact_id, Attributes=attributes
    )
    return answer


def found(*values: str, key: str = "Plan") -> set[str]:
    """The contacts of 2024-05-01 whose searchable attribute `key` has one of `values`."""
    criteria = {"Criteria": [{"Key": key, "Values": list(values)}]}
    request = base_request(SearchCriteria={"SearchableContactAttributes": criteria})
    return set(names(client().search_contacts(**request)))


def stored(store: ContactStore) -> list[dict[str, Any]]:
    """Every stored contact of every instance, as added or last replaced."""
    return list(store)


# -- wire ------------------------------------------------------------------------------------


def test_get_contact_attributes_is_a_get_of_its_path_without_body(
    operations_store: ContactStore,
) -> None:
    request = sent(EXAMPLES["GetContactAttributes"])
    assert request.method == "GET"
    assert request.url.endswith(f"/contact/attributes/{I1}/{C1}")
    assert not request.body


def test_update_contact_attributes_posts_every_member_in_the_body(
    operations_store: ContactStore,
) -> None:
    request = sent(EXAMPLES["UpdateContactAttributes"])
    assert request.method == "POST"
    assert request.url.endswith("/contact/attributes")
    assert json.loads(request.body) == {
        "InstanceId": I1,
        "InitialContactId": C1,
        "Attributes": {"Plan": "Platinum", "New": "1"},
    }


def test_an_update_is_answered_200_with_an_empty_body(operations_store: ContactStore) -> None:
    """Case 3: boto3 returns only ResponseMetadata."""
    answer = update(C1, {"Plan": "Platinum"})
    assert set(answer) == {"ResponseMetadata"}
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    call = operations_store.calls_to("UpdateContactAttributes")[-1]
    assert (call.status, call.body) == (200, b"")


# -- reads -----------------------------------------------------------------------------------


def test_get_contact_attributes_returns_the_stored_attributes(
    operations_store: ContactStore,
) -> None:
    """Case 8."""
    assert attributes_of(C1) == {"Plan": "Gold", "Secret": "x"}
    assert attributes_of(C2) == {"Plan": "Silver"}


def test_a_contact_without_attributes_answers_an_empty_map(operations_store: ContactStore) -> None:
    """Case 8: `Attributes` is always sent, `{}` when there are none."""
    assert attributes_of(C3) == {}
    assert operations_store.calls_to("GetContactAttributes")[-1].body == b'{"Attributes": {}}'


def test_any_contact_of_the_group_is_accepted_and_answers_its_own_attributes(
    operations_store: ContactStore,
) -> None:
    """C6 is not an initial contact; its own stored attributes (none) are returned."""
    assert attributes_of(C6) == {}


def test_reading_attributes_changes_nothing(operations_store: ContactStore) -> None:
    before = stored(operations_store)
    attributes_of(C1)
    assert stored(operations_store) == before


# -- updates ---------------------------------------------------------------------------------


def test_an_update_merges_into_the_stored_attributes(operations_store: ContactStore) -> None:
    """Case 9: named keys are set, the others kept."""
    update(C1, {"Plan": "Platinum", "New": "1"})
    assert attributes_of(C1) == {"Plan": "Platinum", "Secret": "x", "New": "1"}


def test_an_update_is_stored_on_every_contact_of_the_group(operations_store: ContactStore) -> None:
    """Case 9: C6 shares C1's InitialContactId; DescribeContact shows the merged attributes on
    both, with LastUpdateTimestamp now."""
    update(C1, {"Plan": "Platinum", "New": "1"})
    for contact_id in (C1, C6):
        contact = described(contact_id)
        assert contact["Attributes"] == {"Plan": "Platinum", "Secret": "x", "New": "1"}
        assert contact["LastUpdateTimestamp"] == NOW
        assert attributes_of(contact_id) == contact["Attributes"]


def test_an_update_through_a_later_contact_merges_into_the_initial_one(
    operations_store: ContactStore,
) -> None:
    """Naming C6 updates the group: C1's attributes are the base of the merge."""
    update(C6, {"Plan": "Platinum"})
    assert attributes_of(C1) == attributes_of(C6) == {"Plan": "Platinum", "Secret": "x"}


def test_an_update_of_an_ongoing_contact_is_stored(operations_store: ContactStore) -> None:
    update(C2, {"Plan": "Gold"})
    assert described(C2)["Attributes"] == {"Plan": "Gold"}
    assert "DisconnectTimestamp" not in described(C2)


def test_an_ended_contact_is_updated(operations_store: ContactStore) -> None:
    """Case 11: C1 has ended; updates apply to ongoing and completed contacts alike."""
    assert "DisconnectTimestamp" in described(C1)
    update(C1, {"Plan": "Platinum"})
    assert attributes_of(C1)["Plan"] == "Platinum"


def test_an_empty_value_keeps_its_key(operations_store: ContactStore) -> None:
    update(C1, {"Secret": ""})
    assert attributes_of(C1) == {"Plan": "Gold", "Secret": ""}


def test_an_empty_update_changes_nothing(operations_store: ContactStore) -> None:
    """`Attributes={}` is answered 200 and leaves every contact as it was, even C6 whose
    seeded attributes differ from C1's."""
    before = stored(operations_store)
    assert update(C6, {})["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert stored(operations_store) == before
    assert "LastUpdateTimestamp" not in described(C1)


def test_a_member_already_holding_the_merged_attributes_is_left_as_it_was(
    operations_store: ContactStore,
) -> None:
    """Setting values C2 already has rewrites nothing, so its LastUpdateTimestamp stays unset."""
    before = stored(operations_store)
    update(C2, {"Plan": "Silver"})
    assert stored(operations_store) == before


def test_a_group_without_its_initial_contact_merges_into_the_contact_named(
    operations_store: ContactStore,
) -> None:
    """Both contacts name an initial contact the store lacks: the named one is the base, and
    the result is stored on both."""
    for contact_id, attributes in (("m1", {"A": "1"}), ("m2", {"B": "2"})):
        operations_store.add(
            {
                "Id": contact_id,
                "Channel": "VOICE",
                "InitiationMethod": "TRANSFER",
                "InitiationTimestamp": at(15),
                "InitialContactId": "not-in-the-store",
                "Attributes": attributes,
            },
            instance_id=I1,
        )
    update("m2", {"C": "3"})
    assert attributes_of("m1") == attributes_of("m2") == {"B": "2", "C": "3"}


def test_a_member_past_retention_is_not_updated(operations_store: ContactStore) -> None:
    """A contact of C1's group initiated more than 24 months ago is gone for the service."""
    operations_store.add(
        {
            "Id": "old-transfer",
            "Channel": "VOICE",
            "InitiationMethod": "TRANSFER",
            "InitiationTimestamp": at(0, year=2022, month=1),
            "InitialContactId": C1,
            "Attributes": {"Plan": "Old"},
        },
        instance_id=I1,
    )
    before = operations_store.get("old-transfer", instance_id=I1)
    update(C1, {"Plan": "Platinum"})
    assert operations_store.get("old-transfer", instance_id=I1) == before
    assert attributes_of(C6)["Plan"] == "Platinum"


def test_a_contact_only_related_to_the_group_keeps_its_attributes(
    operations_store: ContactStore,
) -> None:
    """RelatedContactId and PreviousContactId alone do not join a group: only the
    InitialContactId does."""
    operations_store.add(
        {
            "Id": "related",
            "Channel": "TASK",
            "InitiationMethod": "API",
            "InitiationTimestamp": at(16),
            "RelatedContactId": C1,
            "PreviousContactId": C1,
            "Attributes": {"Plan": "Gold"},
        },
        instance_id=I1,
    )
    update(C1, {"Plan": "Platinum"})
    assert attributes_of("related") == {"Plan": "Gold"}


# -- visible at once to SearchContacts -------------------------------------------------------


def test_search_finds_the_group_by_the_updated_attribute(operations_store: ContactStore) -> None:
    """Case 11: after updating the ended C1, Plan=Platinum finds C1 and C6 (same group)."""
    assert found("Platinum") == set()
    update(C1, {"Plan": "Platinum"})
    assert found("Platinum") == {"C1", "C6"}
    assert found("Gold") == set()


def test_search_finds_a_new_key_at_once(operations_store: ContactStore) -> None:
    update(C6, {"Tier": "VIP"})
    assert found("VIP", key="Tier") == {"C1", "C6"}


@pytest.mark.connect_contacts(searchable_attributes=["Plan"])
def test_search_sees_updated_keys_only_where_they_are_searchable(
    operations_store: ContactStore,
) -> None:
    update(C1, {"Plan": "Platinum", "Tier": "VIP"})
    assert found("Platinum") == {"C1", "C6"}
    assert found("VIP", key="Tier") == set()
    assert attributes_of(C1)["Tier"] == "VIP"


# -- the size limit --------------------------------------------------------------------------


def test_attributes_of_exactly_the_limit_are_stored(operations_store: ContactStore) -> None:
    """Case 10's boundary: 32,768 UTF-8 bytes over the merged map are allowed."""
    value = "v" * (LIMIT - C1_BYTES - len("Big"))
    update(C1, {"Big": value})
    assert attributes_of(C1)["Big"] == value


@pytest.mark.parametrize(
    "value",
    [
        "v" * (LIMIT - C1_BYTES - len("Big") + 1),
        "\u00e9" * ((LIMIT - C1_BYTES - len("Big")) // 2 + 1),
    ],
    ids=["one-byte-over", "counted-in-utf8-bytes-not-characters"],
)
def test_attributes_over_the_limit_are_refused(operations_store: ContactStore, value: str) -> None:
    """Case 10: the merged size (C1's stored attributes included) over 32,768 bytes is an
    InvalidParameterException naming the size and the limit, and nothing changes."""
    assert len(value) < LIMIT - C1_BYTES
    before = stored(operations_store)
    code, status, message = error_of(lambda: update(C1, {"Big": value}))
    assert (code, status) == ("InvalidParameterException", 400)
    size = C1_BYTES + len("Big") + len(value.encode())
    assert f"{size:,} UTF-8 bytes" in message and "limit of 32,768 bytes" in message
    assert "Attributes" in message and "Nothing was changed" in message
    assert stored(operations_store) == before


def test_a_refused_update_leaves_every_answer_as_it_was(operations_store: ContactStore) -> None:
    """Case 10, all or none: after a too-large update GetContactAttributes, DescribeContact
    and SearchContacts answer as before, for the contact named and for its group."""
    before = {
        contact_id: (attributes_of(contact_id), described(contact_id)) for contact_id in (C1, C6)
    }
    searched = found("Gold")
    error_of(lambda: update(C6, {"Plan": "Platinum", "Big": "v" * (LIMIT - 10)}))
    after = {
        contact_id: (attributes_of(contact_id), described(contact_id)) for contact_id in (C1, C6)
    }
    assert after == before
    assert found("Gold") == searched == {"C1"}
    assert found("Platinum") == set()


def test_emptying_a_large_value_frees_its_bytes(operations_store: ContactStore) -> None:
    """The size is the merged map's: overwriting a value with `""` makes room again."""
    update(C1, {"Big": "v" * (LIMIT - C1_BYTES - len("Big"))})
    update(C1, {"Big": "", "Other": "1"})
    assert attributes_of(C1) == {"Plan": "Gold", "Secret": "x", "Big": "", "Other": "1"}


def test_a_value_longer_than_the_model_allows_is_an_invalid_parameter(
    operations_store: ContactStore,
) -> None:
    before = stored(operations_store)
    code, status, message = error_of(lambda: update(C3, {"Big": "v" * 32_768}))
    assert (code, status) == ("InvalidParameterException", 400)
    assert "Attributes['Big']: 32768 characters" in message and "at most 32767" in message
    assert stored(operations_store) == before


def test_a_value_that_is_not_unicode_text_is_refused(operations_store: ContactStore) -> None:
    """A lone surrogate travels in JSON as an escape but is no text: refused, nothing changes."""
    before = stored(operations_store)
    code, status, message = error_of(lambda: update(C6, {"Note": "a\ud800b"}))
    assert (code, status) == ("InvalidParameterException", 400)
    assert "Attributes['Note']" in message and "lone surrogate" in message
    assert stored(operations_store) == before


# -- keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["bad key", "a$b", "a.b", "cl\u00e9"])
def test_a_key_outside_letters_digits_dash_underscore_is_refused(
    operations_store: ContactStore, key: str
) -> None:
    """Case 10: InvalidParameterException naming the key and the rule; nothing changes."""
    before = stored(operations_store)
    code, status, message = error_of(lambda: update(C1, {"Good": "1", key: "1"}))
    assert (code, status) == ("InvalidParameterException", 400)
    assert repr(key) in message and "[A-Za-z0-9_-]" in message
    assert "'Good'" not in message
    assert stored(operations_store) == before


def test_every_allowed_key_character_is_accepted(operations_store: ContactStore) -> None:
    update(C3, {"Az09_-": "1"})
    assert attributes_of(C3) == {"Az09_-": "1"}


def test_an_empty_key_is_refused_by_botocore_before_sending(
    operations_store: ContactStore,
) -> None:
    """Case 10: the key's `min` 1 is checked client-side; nothing reaches the mock."""
    with pytest.raises(ParamValidationError, match="Attributes"):
        update(C1, {"": "1"})
    assert operations_store.calls_to("UpdateContactAttributes") == []


# -- lookups and errors ----------------------------------------------------------------------


def test_the_other_instance_answers_for_its_own_contact(operations_store: ContactStore) -> None:
    update(X1, {"Plan": "Gold"}, instance_id=I2)
    assert attributes_of(X1, instance_id=I2) == {"Plan": "Gold"}
    assert attributes_of(C1) == {"Plan": "Gold", "Secret": "x"}


@pytest.mark.parametrize(
    ("member", "kwargs", "rule"),
    [
        ("InstanceId", {"InstanceId": "i" * 101, "InitialContactId": C1}, "at most 100"),
        ("InitialContactId", {"InstanceId": I1, "InitialContactId": "c" * 257}, "at most 256"),
    ],
)
def test_get_contact_attributes_answers_a_bad_value_as_an_invalid_request(
    operations_store: ContactStore, member: str, kwargs: dict[str, str], rule: str
) -> None:
    """Section 0.3: GetContactAttributes models no InvalidParameterException."""
    code, status, message = error_of(lambda: client().get_contact_attributes(**kwargs))
    assert (code, status) == ("InvalidRequestException", 400)
    assert f"{member}: " in message and rule in message


def test_update_contact_attributes_answers_a_bad_value_as_an_invalid_parameter(
    operations_store: ContactStore,
) -> None:
    before = stored(operations_store)
    code, status, message = error_of(lambda: update(C1, {"Plan": "P"}, instance_id="i" * 101))
    assert (code, status) == ("InvalidParameterException", 400)
    assert "InstanceId: 101 characters" in message and "at most 100" in message
    assert stored(operations_store) == before


@pytest.mark.connect_contacts(throttle=True)
def test_neither_operation_is_throttled(operations_store: ContactStore) -> None:
    """Section 0.3: neither models ThrottlingException, so the quota never applies."""
    for _ in range(3):
        attributes_of(C1)
        update(C1, {"Plan": "Platinum"})
    assert [call.status for call in operations_store.calls] == [200] * 6


def test_an_injected_fault_changes_nothing(operations_store: ContactStore) -> None:
    operations_store.fail_next(
        "InternalServiceException", times=5, operation="UpdateContactAttributes"
    )
    before = stored(operations_store)
    code, status, _ = error_of(lambda: update(C1, {"Plan": "Platinum"}))
    assert (code, status) == ("InternalServiceException", 500)
    assert stored(operations_store) == before


def test_both_operations_are_logged_calls_of_their_own(operations_store: ContactStore) -> None:
    attributes_of(C1)
    update(C6, {"Plan": "Platinum"})
    operations_store.assert_called(1, operation="GetContactAttributes")
    operations_store.assert_called_with(
        operation="UpdateContactAttributes",
        InstanceId=I1,
        InitialContactId=C6,
        Attributes={"Plan": "Platinum"},
    )
    operations_store.assert_not_called()  # SearchContacts, the default operation


# -- a large store ---------------------------------------------------------------------------


def crowd(count: int) -> list[dict[str, Any]]:
    """`count` contacts around C1 and C3 that are not in their groups: chains of their own,
    links to C1 and C3 by PreviousContactId and RelatedContactId, and texts holding their
    Ids (which the group lookup must not take for membership)."""
    contacts: list[dict[str, Any]] = []
    for number in range(count):
        contact: dict[str, Any] = {
            "Id": f"crowd-{number:04d}",
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": at(number % 24, number % 60, day=1 + number % 9),
            "Attributes": {"Plan": "Gold", "Seq": str(number)},
        }
        kind = number % 5
        if kind == 1:
            contact["InitialContactId"] = f"crowd-{number - 1:04d}"
            contact["InitiationMethod"] = "TRANSFER"
        elif kind == 2:
            contact["PreviousContactId"] = C1
            contact["RelatedContactId"] = C3
        elif kind == 3:
            contact["Attributes"]["Note"] = f"see {C1} and {C3}"
            contact["Name"] = C1
        contacts.append(contact)
    return contacts


@pytest.mark.parametrize(
    ("target", "group"), [(C1, {C1, C6}), (C3, {C3})], ids=["group-of-two", "alone"]
)
def test_an_update_in_a_thousand_contact_store_changes_its_group_alone(
    operations_store: ContactStore, target: str, group: set[str]
) -> None:
    operations_store.add_many(crowd(1000 - len(operations_store)), instance_id=I1)
    assert len(operations_store) == 1000
    before = {contact["Id"]: contact for contact in stored(operations_store)}
    update(target, {"Plan": "Platinum"})
    after = {contact["Id"]: contact for contact in stored(operations_store)}
    changed = {contact_id for contact_id in before if after[contact_id] != before[contact_id]}
    assert changed == group
    for contact_id in group:
        assert after[contact_id]["Attributes"]["Plan"] == "Platinum"
        assert after[contact_id]["LastUpdateTimestamp"] == NOW
