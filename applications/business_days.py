"""Working days: Monday to Friday, less public holidays, plus weekend days worked instead (调休).

The calendar is the Holiday table, edited by the administrator.
"""

import datetime

from applications.models import Holiday

# Far enough ahead for any processing time (at most 120 working days).
LOOKAHEAD_DAYS = 400


def calendar(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """{date: is a working day} for the exceptions between two dates, in one query."""
    return dict(Holiday.objects.filter(date__range=(start, end)).values_list("date", "is_workday"))


def is_working_day(day: datetime.date, exceptions: dict[datetime.date, bool]) -> bool:
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def add_working_days(
    start: datetime.date, days: int, exceptions: dict[datetime.date, bool] | None = None
) -> datetime.date:
    """The date `days` working days after `start` (the day of submission does not count)."""
    if exceptions is None:
        exceptions = calendar(start, start + datetime.timedelta(days=LOOKAHEAD_DAYS))
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, exceptions):
            remaining -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, exceptions: dict[datetime.date, bool] | None = None
) -> int:
    """Working days after `start` up to and including `end` (0 when end is not later)."""
    if end <= start:
        return 0
    if exceptions is None:
        exceptions = calendar(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, exceptions):
            count += 1
    return count
