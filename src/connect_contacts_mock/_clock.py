"""Time, read late: every call asks the clock again, so freezegun and time-machine apply."""

from __future__ import annotations

import calendar
import datetime
import time

UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
#: The last millisecond a datetime can hold (the clock may round up past it).
_LAST_MS = 253_402_300_799_999
_MILLISECOND = datetime.timedelta(milliseconds=1)


def now_ms() -> int:
    """The current time in epoch milliseconds, as the (possibly frozen) clock says now."""
    return int(time.time() * 1000)


def to_ms(moment: datetime.datetime) -> int:
    """Epoch milliseconds of a datetime; a naive datetime means UTC, as botocore treats it."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _MILLISECOND


def from_seconds(seconds: float) -> datetime.datetime:
    """An aware UTC datetime from epoch seconds as they travel on the wire (botocore sends
    whole seconds, milliseconds or microseconds, by version and configuration)."""
    return _EPOCH + datetime.timedelta(microseconds=round(seconds * 1_000_000))


def seconds_to_ms(seconds: float) -> int:
    """Epoch milliseconds of wire seconds, truncated as `to_ms` truncates a datetime, so a
    bound sent for the same instant as a stored timestamp compares equal to it."""
    return round(seconds * 1_000_000) // 1000


def months_before(ms: int, months: int) -> int:
    """The instant `months` calendar months before `ms` (the end of a shorter month is kept)."""
    moment = _EPOCH + datetime.timedelta(milliseconds=min(ms, _LAST_MS))
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    if year < datetime.MINYEAR:  # before year 1: nothing can be that old
        return to_ms(datetime.datetime(datetime.MINYEAR, 1, 1, tzinfo=datetime.timezone.utc))
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return to_ms(moment.replace(year=year, month=month + 1, day=day))
