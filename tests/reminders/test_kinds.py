"""Every kind of notification declared once: channels, occasion, templates, context."""

import datetime

import pytest
from django.db.models import F, Value
from django.template.loader import get_template

from applications import notices
from applications.models import Application
from portal.notifications.kinds import KINDS, Occasion
from portal.notifications.models import Channel, Kind

pytestmark = pytest.mark.django_db


def test_every_kind_is_declared_with_its_templates():
    assert set(KINDS) == set(Kind)
    for declared in KINDS.values():
        get_template(declared.subject_template)
        get_template(declared.body_template)
        assert Channel.EMAIL in declared.channels  # everyone with an address hears by e-mail


def test_applicants_get_text_messages_by_default_and_staff_do_not():
    for declared in KINDS.values():
        assert (Channel.SMS in declared.channels) == declared.for_applicants


@pytest.mark.parametrize(
    ("occasion", "values", "key"),
    [
        # The keys stored before the declarations: a pattern never changes once in use.
        (notices.DRAFT_UNSUBMITTED.occasion, {"application": 12, "day": 3, "saved": "x"},
         "application:12:day3:x"),
        (notices.INFO_REQUESTED.occasion, {"request": 7, "day": 0}, "request:7:day0"),
        (notices.SESSION_TOMORROW.occasion, {"session": 4, "item": 9}, "session:4:item:9"),
        (notices.DECISION.occasion, {"item": 9}, "item:9"),
        (notices.SLA_BREACHED.occasion, {"referral": 5, "day": "2026-11-23"},
         "referral:5:overdue:2026-11-23"),
    ],
)  # fmt: skip
def test_an_occasion_is_built_and_read_back_the_same(occasion, values, key):
    assert occasion.key(**values) == key
    assert occasion.read(key) == {name: str(value) for name, value in values.items()}


def test_an_occasion_of_another_kind_is_not_read():
    assert notices.DECISION.occasion.read("request:7:day0") is None
    assert notices.INFO_REQUESTED.occasion.id("item:9", "request") is None


def test_a_time_stamp_with_colons_reads_back_whole():
    occasion = Occasion("application:{application}:day{day}:{saved}")
    key = "application:12:day3:2026-11-20 10:00:00+00"
    assert occasion.read(key)["saved"] == "2026-11-20 10:00:00+00"
    assert occasion.id(key, "application") == 12


def test_a_sweep_builds_in_sql_the_key_python_builds(applicant):
    draft = Application.objects.create(applicant=applicant)
    occasion = notices.DRAFT_UNSUBMITTED.occasion
    built = (
        Application.objects.filter(pk=draft.pk)
        .annotate(key=occasion.sql(application=F("id"), day=3, saved=Value("x")))
        .values_list("key", flat=True)
        .get()
    )
    assert built == occasion.key(application=draft.pk, day=3, saved="x")
    closing = notices.INTAKE_CLOSING.occasion.sql(
        programme=F("id"), closes_on=Value(datetime.date(2026, 12, 1))
    )
    assert (
        Application.objects.filter(pk=draft.pk)
        .annotate(key=closing)
        .values_list("key", flat=True)
        .get()
        == f"closing:{draft.pk}:2026-12-01"
    )
