"""Routing: the items of an application go, grouped, to each programme's owning department."""

import datetime
from collections import defaultdict

from applications.business_days import add_working_days
from applications.models import ApplicationItem
from services.models import Department


def route(items: list[ApplicationItem]) -> list[tuple[Department, list[ApplicationItem]]]:
    """One (department, its items) pair per owning department, in department order.

    Items need their programme and its department loaded (select_related).
    """
    groups: dict[int, list[ApplicationItem]] = defaultdict(list)
    departments: dict[int, Department] = {}
    for item in items:
        department = item.programme.department
        departments[department.pk] = department
        groups[department.pk].append(item)
    return [
        (departments[pk], groups[pk]) for pk in sorted(groups, key=lambda pk: departments[pk].code)
    ]


def due_on(
    items: list[ApplicationItem], received: datetime.date, exceptions: dict[datetime.date, bool]
) -> datetime.date:
    """A department answers within the shortest processing time promised by its programmes."""
    return add_working_days(received, min(item.programme.sla_days for item in items), exceptions)
