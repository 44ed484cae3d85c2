"""A request for information is hard to miss: a reply-by date in working days, first on the
home page and the list of applications, the question above the answer box, linked from the
inbox and the e-mail."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SqliteDatabase
from django.urls import reverse

from applications import actions, selectors
from applications.models import Message, Referral
from portal.notifications.models import Notification
from portal.notifications.rendering import render

pytestmark = pytest.mark.django_db

# A Tuesday morning in Shanghai: ten working days later is Tuesday two weeks on.
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
TUESDAY_1_DEC = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)


def hrss(submitted):
    return Referral.objects.get(application=submitted, department__code="hrss")


def ask(referral, official, **extra):
    actions.referral_act(
        referral=referral, by=official, action="request_info", text="请补交户口簿首页。", **extra
    )
    return Message.objects.filter(referral=referral, kind="request").latest("id")


@time_machine.travel(TUESDAY_1_DEC, tick=False)
def test_the_reply_by_date_counts_working_days_ten_unless_the_department_says(submitted, official):
    referral = hrss(submitted)
    assert ask(referral, official).reply_by == datetime.date(2026, 12, 15)
    actions.referral_act(referral=referral, by=official, action="note", text="等回复")
    other = Referral.objects.get(application=submitted, department__code="market")
    market_official = official.__class__.objects.create(
        username="market-1", role="official", department=other.department
    )
    assert ask(other, market_official, reply_within=3).reply_by == datetime.date(2026, 12, 4)


@pytest.mark.parametrize("days", [0, 61])
def test_a_reply_time_out_of_range_is_refused_and_nothing_is_asked(submitted, official, days):
    with pytest.raises(ValidationError) as refused:
        ask(hrss(submitted), official, reply_within=days)
    assert "reply_within" in refused.value.message_dict
    assert not Message.objects.filter(kind="request").exists()


@time_machine.travel(TUESDAY_1_DEC, tick=False)
def test_the_case_page_sets_the_reply_time_and_the_api_too(client, submitted, official):
    referral = hrss(submitted)
    client.force_login(official)
    page = client.get(reverse("applications:case", args=[referral.pk])).content.decode()
    assert re.search(r'<input type="number" name="reply_within"[^>]*value="10"', page)
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/actions/",
        {"action": "request_info", "reason": "再补一份", "reply_within": 99},
        content_type="application/json",
    )
    assert response.status_code == 400 and "reply_within" in response.json()
    client.post(
        reverse("applications:case", args=[referral.pk]),
        {
            "action": "request_info",
            "version": referral.version,
            "text": "请补交",
            "reply_within": 5,
        },
    )
    assert Message.objects.get(kind="request").reply_by == datetime.date(2026, 12, 8)


@time_machine.travel(TUESDAY_1_DEC, tick=False)
def test_a_waiting_request_comes_first_on_the_home_page_and_the_list(
    client, submitted, official, applicant, other_applicant
):
    referral = hrss(submitted)
    ask(referral, official)
    link = f'href="/applications/{submitted.pk}/#answer-{referral.pk}"'
    words = "县人力社保局需要您补充材料，请在2026年12月15日前回复"
    client.force_login(applicant)
    for page in (reverse("home"), reverse("applications:list")):
        html = client.get(page).content.decode()
        assert link in html
        assert words in html.replace(referral.department.name_zh, "县人力社保局")
    detail = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    box = detail[detail.index(f'id="answer-{referral.pk}"') :]
    assert box.index("请补交户口簿首页。") < box.index('name="text"')  # the question first
    assert "请在2026年12月15日前回复" in box

    client.force_login(other_applicant)
    assert link not in client.get(reverse("home")).content.decode()

    actions.referral_answer(referral=referral, by=applicant, text="已补交", uploads=[])
    client.force_login(applicant)
    assert link not in client.get(reverse("home")).content.decode()


@time_machine.travel(TUESDAY_1_DEC, tick=False)
def test_the_notice_links_to_the_answer_box_and_says_the_date(submitted, official, applicant):
    ask(hrss(submitted), official)
    notification = Notification.objects.get(recipient=applicant, kind="info_requested")
    rendered = render(notification, language="zh-hans")
    assert rendered.url.endswith(f"/applications/{submitted.pk}/#answer-{hrss(submitted).pk}")
    assert rendered.url.startswith("http")
    assert "请在2026年12月15日前回复。" in rendered.text
    assert "Please answer by Dec. 15, 2026." in render(notification, language="en").text


@pytest.mark.parametrize("parts", [1, 3])
def test_the_home_page_costs_the_same_however_many_requests_wait(
    client, applicant, official, five_programmes, profile, parts, django_assert_num_queries
):
    from tests.factories import UserFactory

    for number in range(parts):
        programme = five_programmes[number]
        application = actions.application_start(applicant=applicant, programmes=[programme])
        for document_type in programme.documents.all():
            actions.document_to_follow(
                application=application, document_type=document_type, reason="bring"
            )
        actions.application_submit(application=application, by=applicant)
        referral = Referral.objects.get(application=application)
        asker = UserFactory(role="official", department=referral.department)
        ask(referral, asker)
    client.force_login(applicant)
    # session, user, the requests waiting for an answer, unread notifications
    with django_assert_num_queries(4):
        page = client.get(reverse("home")).content.decode()
    assert page.count("#answer-") == parts


def test_the_waiting_requests_work_on_sqlite_too(applicant):
    """`make run` keeps its data in SQLite: the query must not need DISTINCT ON (compiling it
    for SQLite raises NotSupportedError if it does)."""
    sqlite = SqliteDatabase({**connections["default"].settings_dict, "NAME": ":memory:"})
    query = selectors.requests_waiting_query(user=applicant)
    sql, _params = query.query.get_compiler(connection=sqlite).as_sql()
    assert "DISTINCT" not in sql
