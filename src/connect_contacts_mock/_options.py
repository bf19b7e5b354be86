"""Every option of the mock, defined once.

`mock_search_contacts(...)` (decorator and context manager), the `connect_contacts` marker, the
HTTP server and the command line all read this table: the marker's help and the command's
flags are generated from it, and a misspelled option is refused with the valid ones and the
closest match.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from .errors import MockUsageError

if TYPE_CHECKING:
    from .model import ModelView

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_INSTANCE_ID = "00000000-0000-4000-8000-000000000001"
#: How many calls a server's store keeps in its log by default, the oldest dropped first: a
#: server runs for as long as its user likes, and every call would otherwise stay.
DEFAULT_MAX_CALLS = 10_000


def _option(
    default: Any,
    help: str,
    *,
    flag: str | None = None,
    flag_help: str | None = None,
    server: bool = False,
) -> Any:
    """A field of `MockOptions`: its default, its help, its command-line flag (None: not on the
    command line) with the flag's own help where it reads differently, and whether the server
    takes it."""
    metadata = {"help": help, "flag": flag, "flag_help": flag_help or help, "server": server}
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class MockOptions:
    """The options of one mock, with their defaults."""

    account_id: str = _option(
        DEFAULT_ACCOUNT_ID,
        "the account the mock's instances belong to",
        flag="--account-id",
    )
    region: str | None = _option(
        None,
        "the region of the default instance; None makes it known in every region",
        flag="--region",
        flag_help="region of the default instance (default: known in every region)",
    )
    instance_id: str = _option(
        DEFAULT_INSTANCE_ID, "the id of the default instance", flag="--instance-id"
    )
    searchable_attributes: Iterable[str] | None = _option(
        None,
        "the contact-attribute keys declared searchable; None makes every key searchable",
        flag="--searchable-attribute",
        flag_help="a contact-attribute key declared searchable; repeat for several (default: "
        "every key is searchable)",
    )
    limit_time_window: bool = _option(
        True,
        "refuse primary windows longer than 8 weeks, as the service does",
        flag="--no-time-window-limit",
        flag_help="accept primary time windows longer than 8 weeks",
        server=True,
    )
    as_kwarg: str = _option(
        "contacts",
        "the parameter through which a decorated function receives its store (or the "
        "attribute set on a decorated TestCase)",
    )
    throttle: bool | tuple[float, int] = _option(
        False,
        "apply the documented quota (0.5 requests/s, burst 1, per account, region and "
        "operation) as a token bucket (True), or a (rate, burst) of your own",
        flag="--throttle",
        flag_help="apply the documented quota: 0.5 requests/s, burst 1, per account, region "
        "and operation",
        server=True,
    )
    retry_sleep: bool = _option(
        True,
        "False removes botocore's retry back-off sleep after errors the mock answered",
    )
    data: str | os.PathLike[str] | None = _option(
        None,
        "a fixture file (JSON, or YAML with PyYAML) of contacts to load into each new store",
        flag="--data",
        flag_help="a fixture file (JSON, or YAML with PyYAML) to load; repeat for several",
    )
    model: ModelView | None = _option(
        None, "a ModelView to validate against instead of the installed botocore model"
    )
    passthrough: Iterable[str] = _option(
        (),
        "Connect operations (model names, such as 'DescribeUser') that the mock neither "
        "answers nor refuses but lets go to their endpoint; every other Connect call the mock "
        "does not answer, and moto does not, is refused without being sent",
    )

    @classmethod
    def from_keywords(cls, where: str, options: dict[str, Any]) -> MockOptions:
        """The options given to `where` (for messages), refusing a name that is no option."""
        check_names(where, options)
        return cls(**options)


def names() -> tuple[str, ...]:
    """The name of every option, in the table's order."""
    return _NAMES


_NAMES = tuple(option.name for option in fields(MockOptions))


def check_names(where: str, given: Iterable[str]) -> None:
    """Refuse option names that are not options, naming the valid ones and the closest."""
    valid = names()
    unknown = [name for name in given if name not in valid]
    if not unknown:
        return
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(name, valid, n=1)
        hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    raise MockUsageError(
        f"{where} got unknown option{'s' if len(unknown) > 1 else ''} {', '.join(hints)}; "
        f"the options are {', '.join(valid)}"
    )


def help_lines() -> list[tuple[str, str, str | None, bool]]:
    """(name, help, command-line flag, taken by the server) of every option; the help is the
    flag's own where it has one."""
    return [
        (
            option.name,
            option.metadata["flag_help"] if option.metadata["flag"] else option.metadata["help"],
            option.metadata["flag"],
            option.metadata["server"],
        )
        for option in fields(MockOptions)
    ]


def marker_help() -> str:
    """The `connect_contacts` marker's line in `pytest --markers`."""
    return (
        "connect_contacts(**options): options of the `connect_contacts` fixture's mock, the "
        f"same keyword arguments as mock_search_contacts(...) ({', '.join(names())})"
    )
