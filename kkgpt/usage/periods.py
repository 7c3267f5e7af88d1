"""Fixed calendar buckets for statistics: Copenhagen's days, ISO weeks and months, only complete ones.

A request names a range of days, but figures are never computed for that range as such: only for the
calendar days, weeks and months that overlap it, each complete and over before today. Two requests that
differ by a day therefore show the same buckets or different whole buckets, never two aggregates whose
difference is one day.

Days are Europe/Copenhagen days (23 or 25 hours long when the clocks change): a turn at 23:30 local time
on 31 March belongs to March, although it is 21:30 UTC. A week that spans two months is two buckets, one
per month, labelled with their dates (`2026-W44 26.10-31.10`): the usage key rotates with the month, so
one person has two keys in such a week and a count over the whole week would count them twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

#: The calendar staff live by: days, weeks, months and usage-key periods follow it.
TIMEZONE = ZoneInfo("Europe/Copenhagen")

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
            if self.partial:
                return f"{year}-W{week:02d} {self.first:%d.%m}-{self.last:%d.%m}"
            return f"{year}-W{week:02d}"
        return self.first.strftime("%Y-%m")

    @property
    def partial(self) -> bool:
        """True for the part of a week that lies in one month, when the week spans two."""
        return self.granularity == "week" and (self.last - self.first).days < 6

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
        # The week's days in `day`'s month: a whole ISO week, or its part before or after a month's end.
        monday = week_start(day)
        month_end = next_month(month_of(day)) - timedelta(days=1)
        return Bucket(max(monday, month_of(day)), min(monday + timedelta(days=6), month_end), "week")
    first = month_of(day)
    return Bucket(first, next_month(first) - timedelta(days=1), "month")


def local_day(moment: datetime) -> date:
    """The Copenhagen calendar day of an aware moment."""
    return moment.astimezone(TIMEZONE).date()


def day_start(day: date) -> datetime:
    """The moment (UTC) a Copenhagen calendar day begins: local midnight, 22:00 or 23:00 UTC the day before."""
    return datetime.combine(day, time(), tzinfo=TIMEZONE).astimezone(UTC)


def last_complete_day(now: datetime) -> date:
    """Yesterday in Copenhagen: today is never shown, so one person's use today cannot be watched live."""
    return local_day(now) - timedelta(days=1)


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
