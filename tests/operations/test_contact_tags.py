"""TagContact and UntagContact (contact-operations spec, sections 0.2, 0.4, 3.3, 7 and cases 2,
3, 14 and 15).

In the fixture C1 (ended voice) has the tag {Dept: Sales}, C3 {Dept: Support}, the other
contacts none; C7 is past the 24-month retention and X1 lives in instance I2.
"""

from __future__ import annotations

import copy
import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from freezegun import freeze_time

from conftest import C1, C2, C3, I1, NOW, at, base_request, names
from connect_contacts_mock import ContactStore, ModelView, mock_search_contacts
from connect_contacts_mock.model import installed_service_description

from ._harness import I2, X1, client, error_of, sent

#: A call of each operation of this file that succeeds on the section 12 fixture (read by the
#: registry guards).
EXAMPLES = {
    "TagContact": lambda connect: connect.tag_contact(
        InstanceId=I1, ContactId=C1, Tags={"Team": "A"}
    ),
    "UntagContact": lambda connect: connect.untag_contact(
        InstanceId=I1, ContactId=C1, TagKeys=["Dept"]
    ),
}


def tag(contact_id: str, tags: dict[str, str], instance_id: str = I1) -> dict[str, Any]:
    answer: dict[str, Any] = client().tag_contact(
        InstanceId=instance_id, ContactId=contact_id, Tags=tags
    )
    return answer


def untag(contact_id: str, keys: list[str], instance_id: str = I1) -> dict[str, Any]:
    answer: dict[str, Any] = client().untag_contact(
        InstanceId=instance_id, ContactId=contact_id, TagKeys=keys
    )
    return answer


def summary_tags() -> dict[str, dict[str, str] | None]:
    """The summary `Tags` of each contact of 2024-05-01 (None: the member is absent)."""
    response = client().search_contacts(**base_request())
    return {
        name: contact.get("Tags")
        for name, contact in zip(names(response), response["Contacts"], strict=True)
    }


def tagged(key: str, value: str | None = None) -> set[str]:
    """The contacts of 2024-05-01 that `ContactTags` finds for one tag condition."""
    condition = {"TagKey": key} if value is None else {"TagKey": key, "TagValue": value}
    request = base_request(SearchCriteria={"ContactTags": {"TagCondition": condition}})
    return set(names(client().search_contacts(**request)))


def described(contact_id: str, instance_id: str = I1) -> dict[str, Any]:
    contact: dict[str, Any] = client().describe_contact(
        InstanceId=instance_id, ContactId=contact_id
    )["Contact"]
    return contact


def stored(store: ContactStore) -> list[dict[str, Any]]:
    """Every stored contact of every instance, as added or last replaced."""
    return list(store)


# -- wire ------------------------------------------------------------------------------------


def test_tag_contact_posts_every_member_in_the_body(operations_store: ContactStore) -> None:
    request = sent(EXAMPLES["TagContact"])
    assert request.method == "POST"
    assert request.url.endswith("/contact/tags")
    assert json.loads(request.body) == {"InstanceId": I1, "ContactId": C1, "Tags": {"Team": "A"}}


def test_untag_contact_is_a_delete_with_the_keys_repeated_in_the_query(
    operations_store: ContactStore,
) -> None:
    """Case 2: `DELETE /contact/tags/I1/C1?TagKeys=a&TagKeys=b%20c`, no body. The installed
    model's key pattern has no space, so the mock refuses `b c` (botocore does not check
    patterns) with InvalidParameterException naming it."""
    outcome: list[tuple[str, int, str]] = []
    request = sent(
        lambda connect: outcome.append(
            error_of(
                lambda: connect.untag_contact(InstanceId=I1, ContactId=C1, TagKeys=["a", "b c"])
            )
        )
    )
    url = urlsplit(request.url)
    assert request.method == "DELETE"
    assert url.path.endswith(f"/contact/tags/{I1}/{C1}")
    assert url.query == "TagKeys=a&TagKeys=b%20c"
    assert not request.body
    code, status, message = outcome[0]
    assert (code, status) == ("InvalidParameterException", 400)
    assert "TagKeys[1]: 'b c' does not match the pattern" in message


@pytest.mark.parametrize("operation", ["TagContact", "UntagContact"])
def test_both_are_answered_200_with_an_empty_body(
    operations_store: ContactStore, operation: str
) -> None:
    """Case 3: boto3 returns only ResponseMetadata."""
    answer = EXAMPLES[operation](client())
    assert set(answer) == {"ResponseMetadata"}
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    call = operations_store.calls_to(operation)[-1]
    assert (call.status, call.body) == (200, b"")


# -- tagging ---------------------------------------------------------------------------------


def test_a_tag_is_seen_by_search_and_removed_by_untag(operations_store: ContactStore) -> None:
    """Case 14: the summary `Tags` and `ContactTags` see the new tag at once; untagging removes
    it from both."""
    assert tagged("Team", "A") == set()
    tag(C1, {"Team": "A"})
    assert summary_tags()["C1"] == {"Dept": "Sales", "Team": "A"}
    assert tagged("Team", "A") == {"C1"}
    assert tagged("Team") == {"C1"}
    assert described(C1)["Tags"] == {"Dept": "Sales", "Team": "A"}
    untag(C1, ["Team"])
    assert summary_tags()["C1"] == {"Dept": "Sales"}
    assert tagged("Team") == set()
    assert tagged("Dept", "Sales") == {"C1"}


def test_a_tag_sets_the_last_update_timestamp(operations_store: ContactStore) -> None:
    """Tagging the ended C1 is allowed and counts as an update of the contact."""
    tag(C1, {"Team": "A"})
    contact = described(C1)
    assert contact["LastUpdateTimestamp"] == NOW
    assert contact["DisconnectTimestamp"] < NOW


def test_tags_merge_with_the_new_value_winning(operations_store: ContactStore) -> None:
    tag(C1, {"Dept": "Marketing", "Team": "A"})
    assert summary_tags()["C1"] == {"Dept": "Marketing", "Team": "A"}
    assert tagged("Dept", "Sales") == set()
    assert tagged("Dept", "Marketing") == {"C1"}


def test_a_contact_without_tags_gets_its_first(operations_store: ContactStore) -> None:
    assert summary_tags()["C2"] is None
    tag(C2, {"Team": "B"})
    assert summary_tags()["C2"] == {"Team": "B"}
    assert tagged("Team", "B") == {"C2"}


def test_only_the_contact_named_changes(operations_store: ContactStore) -> None:
    before = {contact["Id"]: contact for contact in stored(operations_store)}
    tag(C3, {"Team": "A"})
    after = {contact["Id"]: contact for contact in stored(operations_store)}
    assert {key for key in before if after[key] != before[key]} == {C3}
    assert after[C3] == {
        **before[C3],
        "Tags": {"Dept": "Support", "Team": "A"},
        "LastUpdateTimestamp": NOW,
    }


def test_tagging_with_the_stored_values_changes_nothing(operations_store: ContactStore) -> None:
    before = stored(operations_store)
    tag(C1, {"Dept": "Sales"})
    assert stored(operations_store) == before
    assert "LastUpdateTimestamp" not in described(C1)


# -- the limit of 6 user-defined tags --------------------------------------------------------


def test_six_user_tags_are_allowed(operations_store: ContactStore) -> None:
    """C1 has one tag; five more make six, and changing one of the six adds none."""
    five = {f"K{number}": "1" for number in range(5)}
    tag(C1, five)
    tag(C1, {"K0": "2", "Dept": "Marketing"})
    assert summary_tags()["C1"] == {**five, "K0": "2", "Dept": "Marketing"}


def test_a_seventh_user_tag_is_refused(operations_store: ContactStore) -> None:
    """Case 15: six new keys on C1 (one stored) would make seven: InvalidParameterException
    naming the counts and what to do, and nothing changes (all or none)."""
    before = stored(operations_store)
    code, status, message = error_of(lambda: tag(C1, {f"K{n}": "1" for n in range(6)}))
    assert (code, status) == ("InvalidParameterException", 400)
    assert message.startswith("Tags: ") and "7 user-defined tags" in message
    assert "it has 1: 'Dept'" in message and "adds 6: 'K0'" in message
    assert "limit of 6" in message and "Nothing was changed" in message
    assert stored(operations_store) == before
    assert tagged("K0") == set()


def test_seven_tags_in_one_request_are_refused_by_the_model(
    operations_store: ContactStore,
) -> None:
    """Case 15: botocore sends seven (it checks no map bound); the model's map max 6 refuses."""
    before = stored(operations_store)
    code, status, message = error_of(lambda: tag(C2, {f"K{n}": "1" for n in range(7)}))
    assert (code, status) == ("InvalidParameterException", 400)
    assert "Tags: 7 items, at most 6 allowed" in message
    assert stored(operations_store) == before


def test_an_empty_tag_map_is_refused(operations_store: ContactStore) -> None:
    """Case 15: botocore sends `Tags={}` (no map bound checked client-side)."""
    before = stored(operations_store)
    code, status, message = error_of(lambda: tag(C1, {}))
    assert (code, status) == ("InvalidParameterException", 400)
    assert "Tags: 0 items, at least 1 required" in message
    assert stored(operations_store) == before


@pytest.mark.parametrize(
    "call",
    [
        lambda: tag(C1, {"aws:x": "1"}),
        lambda: tag(C1, {"Team": "A", "aws:connect:instanceId": "i"}),
        lambda: untag(C1, ["aws:connect:instanceId"]),
    ],
    ids=["tag", "tag-beside-a-user-key", "untag"],
)
def test_a_key_starting_aws_is_refused(operations_store: ContactStore, call: Any) -> None:
    """Case 15: `aws:` tags belong to the service: InvalidParameterException naming the key
    and the rule (the model's key pattern `^(?!aws:)...`), and nothing changes."""
    before = stored(operations_store)
    code, status, message = error_of(call)
    assert (code, status) == ("InvalidParameterException", 400)
    assert "'aws:" in message and "^(?!aws:)" in message
    assert stored(operations_store) == before


def test_aws_keys_are_refused_even_where_the_model_pattern_allows_them() -> None:
    """The rule does not rest on the key pattern alone: with a model whose ContactTagKey has
    no pattern, both operations still refuse `aws:` keys, saying why."""
    description = copy.deepcopy(installed_service_description())
    description["shapes"]["ContactTagKey"].pop("pattern", None)
    with freeze_time(NOW), mock_search_contacts(model=ModelView(description)) as contacts:
        contacts.add(
            {
                "Id": C1,
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": at(10),
                "Tags": {"Dept": "Sales"},
            },
            instance_id=I1,
        )
        before = list(contacts)
        for call, member, action in (
            (lambda: tag(C1, {"Team": "A", "aws:x": "1"}), "Tags", "added or changed"),
            (lambda: untag(C1, ["Dept", "aws:x"]), "TagKeys", "removed"),
        ):
            code, status, message = error_of(call)
            assert (code, status) == ("InvalidParameterException", 400)
            assert message.startswith(f"{member}: key 'aws:x' starts with 'aws:'")
            assert "reserved for tags the service adds" in message and action in message
            assert "Team" not in message and "Dept" not in message
        assert list(contacts) == before


# -- untagging -------------------------------------------------------------------------------


def test_untagging_an_absent_key_changes_nothing(operations_store: ContactStore) -> None:
    """Section 3.3: no error, and the contact is left as it was."""
    before = stored(operations_store)
    untag(C1, ["Team"])
    untag(C2, ["Dept"])
    assert stored(operations_store) == before


def test_untagging_removes_the_present_keys_among_those_named(
    operations_store: ContactStore,
) -> None:
    tag(C1, {"Team": "A", "Site": "B"})
    untag(C1, ["Team", "Absent", "Site"])
    assert summary_tags()["C1"] == {"Dept": "Sales"}


def test_removing_the_last_tag_leaves_no_tags_member(operations_store: ContactStore) -> None:
    untag(C3, ["Dept"])
    assert summary_tags()["C3"] is None
    contact = described(C3)
    assert "Tags" not in contact and contact["LastUpdateTimestamp"] == NOW
    assert tagged("Dept") == {"C1"}


# -- lookups and errors ----------------------------------------------------------------------


def test_the_other_instance_tags_its_own_contact(operations_store: ContactStore) -> None:
    tag(X1, {"Team": "A"}, instance_id=I2)
    assert described(X1, instance_id=I2)["Tags"] == {"Team": "A"}
    assert summary_tags()["C1"] == {"Dept": "Sales"}


def test_both_operations_are_logged_calls_of_their_own(operations_store: ContactStore) -> None:
    tag(C1, {"Team": "A"})
    untag(C1, ["Team"])
    operations_store.assert_called_with(
        operation="TagContact", InstanceId=I1, ContactId=C1, Tags={"Team": "A"}
    )
    operations_store.assert_called_with(
        operation="UntagContact", InstanceId=I1, ContactId=C1, TagKeys=["Team"]
    )
    operations_store.assert_not_called()  # SearchContacts, the default operation
