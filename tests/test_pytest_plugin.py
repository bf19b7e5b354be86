"""The pytest plugin: installed through the entry point, fixture and marker work in any project."""

from __future__ import annotations

import pytest

SCENARIO = """
import datetime
import boto3
import pytest

NOW = datetime.datetime.now(datetime.timezone.utc)

def search(instance_id, region="us-east-1"):
    client = boto3.client("connect", region_name=region)
    return client.search_contacts(
        InstanceId=instance_id,
        TimeRange={"Type": "INITIATION_TIMESTAMP",
                   "StartTime": NOW - datetime.timedelta(hours=1),
                   "EndTime": NOW + datetime.timedelta(hours=1)},
    )
"""


def test_fixture_is_available_without_any_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        SCENARIO
        + """
def test_uses_fixture(connect_contacts):
    contact_id = connect_contacts.add({"Channel": "VOICE", "InitiationMethod": "INBOUND",
                                       "InitiationTimestamp": NOW})
    assert [c["Id"] for c in search(connect_contacts.instance_id)["Contacts"]] == [contact_id]

def test_next_test_starts_empty(connect_contacts):
    assert len(connect_contacts) == 0
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_marker_passes_its_options_to_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        SCENARIO
        + """
@pytest.mark.connect_contacts(region="eu-west-2", instance_id="marked-instance")
def test_marked(connect_contacts):
    assert connect_contacts.instance_id == "marked-instance"
    assert search("marked-instance", region="eu-west-2")["Contacts"] == []
    with pytest.raises(Exception) as raised:
        search("marked-instance", region="us-east-1")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=1)


def test_marker_is_documented_in_pytest_markers(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(["*@pytest.mark.connect_contacts(**options)*"])
