"""SearchCriteria.Channels: the contact's channel; values ORed."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import at, base_request, names

#: By channel, the section-10 contacts from 2024-04-30 on.
BY_CHANNEL = {
    "VOICE": {"C1", "C5", "C6"},
    "CHAT": {"C2"},
    "TASK": {"C3"},
    "EMAIL": {"C4"},
}
EVERY = set().union(*BY_CHANNEL.values())


def found(client: Any, channels: list[str]) -> set[str]:
    request = base_request(SearchCriteria={"Channels": channels})
    request["TimeRange"]["StartTime"] = at(0, day=30, month=4)
    response = client.search_contacts(**request)
    assert response["TotalCount"] == len(response["Contacts"])
    return set(names(response))


def test_table_covers_every_channel_of_the_installed_model(client: Any) -> None:
    """Each value of ChannelList in the installed botocore model has a row below."""
    enum = client.meta.service_model.shape_for("ChannelList").member.enum
    assert set(BY_CHANNEL) == set(enum)


@pytest.mark.parametrize("channel", sorted(BY_CHANNEL))
def test_one_channel_finds_its_contacts(spec_contacts: Any, client: Any, channel: str) -> None:
    """A single channel finds exactly the contacts of that channel."""
    assert found(client, [channel]) == BY_CHANNEL[channel]


@pytest.mark.parametrize(
    ("channels", "expected"),
    [
        pytest.param(["VOICE", "CHAT"], {"C1", "C2", "C5", "C6"}, id="two-channels-are-ored"),
        pytest.param(["TASK", "EMAIL", "TASK"], {"C3", "C4"}, id="repeated-value-is-harmless"),
        pytest.param(sorted(BY_CHANNEL), EVERY, id="every-channel"),
        pytest.param([], EVERY, id="empty-list-is-no-filter"),
    ],
)
def test_several_channels_are_ored(
    spec_contacts: Any, client: Any, channels: list[str], expected: set[str]
) -> None:
    """A contact matches when its channel is any of the Channels."""
    assert found(client, channels) == expected
