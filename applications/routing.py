"""Routing: the items of an application go, grouped, to the department that delivers each
programme where the applicant lives (services/jurisdictions.py): its owner, or for a municipal
programme the bureau of the same kind in the applicant's district."""

import datetime
from collections import defaultdict

from applications.business_days import add_working_days
from applications.models import ApplicationItem
from services.models import Department


def route(
    items: list[ApplicationItem], delivering: dict[int, Department | None]
) -> list[tuple[Department, list[ApplicationItem]]]:
    """One (department, its items) pair per delivering department, in department order.

    `delivering`: programme id to the department delivering it where the applicant lives
    (services.jurisdictions.delivering_departments); every programme must be delivered there
    (submission_problems says so first), else ValueError.
    """
    groups: dict[int, list[ApplicationItem]] = defaultdict(list)
    departments: dict[int, Department] = {}
    for item in items:
        department = delivering[item.programme_id]
        if department is None:
            raise ValueError(f"programme {item.programme_id} is not delivered there")
        departments[department.pk] = department
        groups[department.pk].append(item)
    return [
        (departments[pk], groups[pk])
        for pk in sorted(groups, key=lambda pk: (departments[pk].code, departments[pk].pk))
    ]


def due_on(
    items: list[ApplicationItem], received: datetime.date, exceptions: dict[datetime.date, bool]
) -> datetime.date:
    """A department answers within the shortest processing time promised by its programmes."""
    return add_working_days(received, min(item.programme.sla_days for item in items), exceptions)
