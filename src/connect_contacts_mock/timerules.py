"""The time rules of the service: the span a time window may cover, and the 24 months a
contact stays visible. SearchContacts' windows and every lookup of a contact read them here."""

from __future__ import annotations

from typing import Any

from ._clock import from_seconds, months_before, now_ms, seconds_to_ms
from .errors import invalid_parameter

#: The longest primary window the service accepts (the console's documented 8 weeks).
MAX_WINDOW_MS = 8 * 7 * 24 * 60 * 60 * 1000
#: Contact data is kept for 24 months from its initiation, then deleted.
RETENTION_MONTHS = 24


def window_bounds(time_range: dict[str, Any], path: str, *, limit_span: bool) -> tuple[int, int]:
    """The inclusive [start, end] of a validated TimeRange in epoch milliseconds."""
    start = seconds_to_ms(time_range["StartTime"])
    end = seconds_to_ms(time_range["EndTime"])
    if start > end:
        raise invalid_parameter(
            f"{path}: StartTime {_iso(start)} is after EndTime {_iso(end)}; StartTime must not "
            "be later than EndTime"
        )
    if limit_span and end - start > MAX_WINDOW_MS:
        days = (end - start) / 86_400_000
        raise invalid_parameter(
            f"{path}: the window spans {days:g} days, at most 8 weeks (56 days) allowed"
        )
    return start, end


def retention_cutoff() -> int:
    """The oldest initiation still visible now, in epoch milliseconds.

    Within one UTC day the cut-off is now less a fixed span (the same time of day, 24 months
    earlier), so the calendar arithmetic is done once per day."""
    global _cutoff_span
    now = now_ms()
    day, span = _cutoff_span
    if now // _DAY_MS != day:
        span = now - months_before(now, RETENTION_MONTHS)
        _cutoff_span = (now // _DAY_MS, span)
    return now - span


_DAY_MS = 86_400_000
#: (UTC day number, now - cut-off) of the day last asked.
_cutoff_span: tuple[int | None, int] = (None, 0)


def _iso(ms: int) -> str:
    return from_seconds(ms / 1000).isoformat()
