"""Fixed calendar buckets for statistics: days, ISO weeks and months (UTC), only ever complete ones.

A request names a range of days, but figures are never computed for that range as such: only for the
calendar days, weeks and months that overlap it, each complete and over before today. Two requests that
differ by a day therefore show the same buckets or different whole buckets, never two aggregates whose
difference is one day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "week", "month")


@dataclass(frozen=True, order=True)
class Bucket:
    """One calendar bucket: its first and last day (inclusive) and a label such as `2026-11` or `2026-W45`."""

    first: date
    last: date
    granularity: Granularity

    @property
    def label(self) -> str:
        """`2026-11-03` for a day, `2026-W45` for an ISO week, `2026-11` for a month."""
        if self.granularity == "day":
            return self.first.isoformat()
        if self.granularity == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        return self.first.strftime("%Y-%m")

    @property
    def days(self) -> list[date]:
        """Every day of the bucket."""
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    @property
    def months(self) -> list[date]:
        """The first day of each calendar month the bucket touches (a week may touch two)."""
        return sorted({month_of(self.first), month_of(self.last)})


def month_of(day: date) -> date:
    """The first day of the month `day` is in."""
    return day.replace(day=1)


def next_month(first: date) -> date:
    """The first day of the month after the one starting on `first`."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_days(first: date) -> list[date]:
    """Every day of the month starting on `first`."""
    return [first + timedelta(days=i) for i in range((next_month(first) - first).days)]


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def bucket_of(day: date, granularity: Granularity) -> Bucket:
    """The bucket of a granularity that contains `day`."""
    if granularity == "day":
        return Bucket(day, day, "day")
    if granularity == "week":
        monday = week_start(day)
        return Bucket(monday, monday + timedelta(days=6), "week")
    first = month_of(day)
    return Bucket(first, next_month(first) - timedelta(days=1), "month")


def last_complete_day(now: datetime) -> date:
    """Yesterday (UTC): today is never shown, so one person's use today cannot be watched as it happens."""
    return now.astimezone(UTC).date() - timedelta(days=1)


def buckets(first: date, last: date, granularity: Granularity, *, through: date) -> list[Bucket]:
    """The complete buckets that overlap the days `first`..`last`, none ending after `through`."""
    found: list[Bucket] = []
    day = first
    while day <= min(last, through):
        bucket = bucket_of(day, granularity)
        if bucket.last <= through:
            found.append(bucket)
        day = bucket.last + timedelta(days=1)
    return found


def parse_day(value: str) -> date:
    """An ISO date (`2026-11-03`); raises ValueError otherwise."""
    return date.fromisoformat(value) if len(value) == 10 else date.fromisoformat("invalid")
