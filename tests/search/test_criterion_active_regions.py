"""SearchCriteria.ActiveRegions: the region a Global Resiliency contact is active in; ORed.

`GlobalResiliencyMetadata.ActiveRegion` is compared; contacts without that metadata are active
in their instance's region. Besides the section-10 contacts (no metadata, instance I1 in
us-east-1), `failed-over` is active in us-west-2 and `at-home` in us-east-1.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from conftest import I1, at, base_request, names
from connect_contacts_mock import ContactStore


def global_contact(contact_id: str, hour: int, active: str) -> dict[str, Any]:
    return {
        "Id": contact_id,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(hour),
        "GlobalResiliencyMetadata": {"ActiveRegion": active, "OriginRegion": "us-east-1"},
    }


EXTRA = [global_contact("failed-over", 15, "us-west-2"), global_contact("at-home", 16, "us-east-1")]
PLAIN = {"C1", "C2", "C3", "C4", "C6"}


@pytest.fixture
def contacts(spec_contacts: ContactStore) -> ContactStore:
    spec_contacts.add_many(EXTRA, instance_id=I1)
    return spec_contacts


def found(client: Any, regions: list[str], instance_id: str = I1) -> set[str]:
    request = base_request(InstanceId=instance_id, SearchCriteria={"ActiveRegions": regions})
    response = client.search_contacts(**request)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


@pytest.mark.parametrize(
    ("regions", "expected"),
    [
        pytest.param(["us-west-2"], {"failed-over"}, id="failed-over-region"),
        pytest.param(["us-east-1"], PLAIN | {"at-home"}, id="home-region-includes-plain"),
        pytest.param(["us-east-1", "us-west-2"], PLAIN | {"at-home", "failed-over"}, id="ored"),
        pytest.param(["eu-west-1"], set(), id="region-nobody-is-in"),
        pytest.param([], PLAIN | {"at-home", "failed-over"}, id="empty-list-is-no-filter"),
    ],
)
def test_active_regions_match_the_active_region(
    contacts: ContactStore, client: Any, regions: list[str], expected: set[str]
) -> None:
    """A contact matches when its active region is one of ActiveRegions."""
    assert found(client, regions) == expected


@pytest.mark.parametrize(
    ("regions", "expected"),
    [
        pytest.param(["eu-west-1"], {"eu-call"}, id="instance-region"),
        pytest.param(["us-east-1"], set(), id="region-of-the-default-client"),
    ],
)
def test_plain_contacts_are_active_in_their_instance_region(
    contacts: ContactStore, regions: list[str], expected: set[str]
) -> None:
    """In an instance of eu-west-1, contacts without metadata are active in eu-west-1."""
    contacts.add_instance("eu-instance", region="eu-west-1")
    contacts.add(
        {
            "Id": "eu-call",
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": at(10),
        },
        instance_id="eu-instance",
    )
    eu_client = boto3.client("connect", region_name="eu-west-1")
    assert found(eu_client, regions, instance_id="eu-instance") == expected
