import datetime

import pytest

from applications.business_days import add_working_days, working_days_between
from applications.models import Holiday

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2026, 9, 25)


def test_weekends_do_not_count():
    assert add_working_days(FRIDAY, 1) == datetime.date(2026, 9, 28)
    assert add_working_days(FRIDAY, 5) == datetime.date(2026, 10, 2)


def test_holidays_do_not_count_and_make_up_days_do():
    for day in range(1, 8):
        Holiday.objects.create(date=datetime.date(2026, 10, day), name_zh="国庆节")
    Holiday.objects.create(date=datetime.date(2026, 9, 27), name_zh="调休", is_workday=True)
    # Sunday 27 September is worked; 1–7 October are off.
    assert add_working_days(FRIDAY, 1) == datetime.date(2026, 9, 27)
    assert add_working_days(FRIDAY, 4) == datetime.date(2026, 9, 30)
    assert add_working_days(FRIDAY, 5) == datetime.date(2026, 10, 8)


def test_working_days_between():
    assert working_days_between(FRIDAY, datetime.date(2026, 10, 2)) == 5
    assert working_days_between(FRIDAY, FRIDAY) == 0
