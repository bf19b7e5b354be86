"""The AWS partition of a region, from the installed botocore's own partition data.

An ARN starts `arn:<partition>:`, and the partition follows from the region: `aws` for
`us-east-1`, `aws-us-gov` for `us-gov-west-1`, `aws-cn` for `cn-north-1`. botocore ships the
table (`botocore/data/partitions.json`, the data its endpoint rules use): each partition lists
its regions and gives a `regionRegex` for regions it does not list yet. This module reads that
table once and answers as botocore's endpoint rules do (`aws.partition`): the first partition
that lists the region or whose pattern matches it, else the first partition (`aws`).
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

import botocore.session

__all__ = ["known_partitions", "partition_of"]


class _Partition(NamedTuple):
    name: str
    regions: frozenset[str]
    pattern: re.Pattern[str] | None


@functools.cache
def _partitions() -> tuple[_Partition, ...]:
    loader = botocore.session.get_session().get_component("data_loader")
    data: dict[str, Any] = loader.load_data("partitions")
    found = []
    for entry in data.get("partitions") or ():
        regex = entry.get("regionRegex")
        found.append(
            _Partition(
                name=str(entry["id"]),
                regions=frozenset(entry.get("regions") or ()),
                pattern=re.compile(regex) if isinstance(regex, str) else None,
            )
        )
    if not found:  # botocore always ships the table; keep working if a copy is stripped
        found.append(_Partition("aws", frozenset(), None))
    return tuple(found)


@functools.cache
def partition_of(region: str) -> str:
    """The partition of `region` (`"aws"`, `"aws-us-gov"`, `"aws-cn"`, ...), as the installed
    botocore resolves it; `"aws"` (botocore's first partition) for a region it cannot place."""
    partitions = _partitions()
    for partition in partitions:
        if region in partition.regions or (
            partition.pattern is not None and partition.pattern.match(region) is not None
        ):
            return partition.name
    return partitions[0].name


def known_partitions() -> tuple[str, ...]:
    """Every partition the installed botocore knows, first the default (`aws`)."""
    return tuple(partition.name for partition in _partitions())
