"""Training sessions: the applicant chooses one when sending (place, dates, seats left); the seat
is held from then on and freed when the department says no or the applicant withdraws; the
approval says when and where."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from applications import actions
from applications.models import ApplicationItem, Message, Referral
from portal.notifications.models import Notification
from portal.notifications.rendering import render
from services.models import Programme
from tests.factories import ProgrammeFactory, TrainingSessionFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def course(hrss):
    return ProgrammeFactory(slug="welding", department=hrss, kind=Programme.Kind.TRAINING)


@pytest.fixture
def sessions(course):
    at = lambda day, hour: datetime.datetime(2026, 12, day, hour, tzinfo=SHANGHAI)  # noqa: E731
    return [
        TrainingSessionFactory(
            programme=course, starts_at=at(14, 9), ends_at=at(18, 17), seats=20, seats_taken=20
        ),
        TrainingSessionFactory(
            programme=course,
            starts_at=at(21, 9),
            ends_at=at(25, 17),
            seats=20,
            seats_taken=17,
            place_zh="长寿区职业技能培训基地",
        ),
        # over already: not offered
        TrainingSessionFactory(
            programme=course,
            starts_at=at(1, 8),
            ends_at=at(2, 17),
            seats=20,
            seats_taken=0,
        ),
    ]


@pytest.fixture
def course_draft(applicant, profile, course):
    return actions.application_start(applicant=applicant, programmes=[course])


def test_the_review_offers_the_sessions_to_come_with_place_dates_and_seats_left(
    client, applicant, course_draft, sessions
):
    client.force_login(applicant)
    page = client.get(reverse("applications:step_review", args=[course_draft.pk])).content.decode()
    fieldset = re.search(r"<fieldset.*?</fieldset>", page, re.S).group(0)
    assert "选择您参加的培训班次" in fieldset
    full, open_, over = sessions
    assert re.search(rf'id="session-{full.pk}" value="{full.pk}" required disabled', fieldset)
    assert "已满" in fieldset
    assert re.search(rf'id="session-{open_.pk}" value="{open_.pk}" required>', fieldset)
    assert "2026年12月21日 09:00 – 2026年12月25日" in fieldset
    assert "长寿区职业技能培训基地 · 还剩 3 个名额" in fieldset
    assert f'id="session-{over.pk}"' not in fieldset
    assert 'form="submit-form"' in fieldset


def test_sending_without_a_session_says_so_and_sends_nothing(
    client, applicant, course_draft, sessions, course
):
    client.force_login(applicant)
    url = reverse("applications:step_review", args=[course_draft.pk])
    page = client.post(url, {"submit_token": "t"}).content.decode()
    assert "请为“" in page and "选择一个培训班次" in page
    course_draft.refresh_from_db()
    assert course_draft.submitted_at is None


def test_the_seat_is_held_from_sending_and_the_choice_kept_when_refused(
    client, applicant, course_draft, sessions, course
):
    full, open_, _over = sessions
    client.force_login(applicant)
    url = reverse("applications:step_review", args=[course_draft.pk])
    refused = client.post(url, {"submit_token": "t", f"session-{course.pk}": full.pk})
    assert "现在已经没有名额了，请另选一个班次" in refused.content.decode()
    response = client.post(url, {"submit_token": "t", f"session-{course.pk}": open_.pk})
    assert response.status_code == 302
    item = ApplicationItem.objects.get(application=course_draft)
    assert item.session == open_
    open_.refresh_from_db()
    assert open_.seats_taken == 18
    detail = client.get(reverse("applications:detail", args=[course_draft.pk])).content.decode()
    assert "您的培训名额：2026年12月21日 09:00，长寿区职业技能培训基地。" in detail


def test_a_choice_that_is_no_session_of_the_programme_is_refused(
    client, applicant, course_draft, sessions, course, hrss
):
    elsewhere = TrainingSessionFactory(programme=ProgrammeFactory(kind=Programme.Kind.TRAINING))
    client.force_login(applicant)
    url = reverse("applications:step_review", args=[course_draft.pk])
    for posted in (elsewhere.pk, "1; DROP TABLE", ""):
        page = client.post(url, {"submit_token": "t", f"session-{course.pk}": posted})
        assert "选择一个培训班次" in page.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.seats_taken == 0


@pytest.fixture
def sent_with_seat(course_draft, applicant, sessions, course):
    actions.application_submit(
        application=course_draft, by=applicant, sessions={course.pk: sessions[1].pk}
    )
    return Referral.objects.get(application=course_draft)


def test_a_rejection_frees_the_seat(sent_with_seat, official, sessions):
    item = sent_with_seat.items.get()
    actions.referral_act(
        referral=sent_with_seat,
        by=official,
        action="reject",
        item_id=item.pk,
        text="名额另有安排。",
    )
    sessions[1].refresh_from_db()
    assert sessions[1].seats_taken == 17
    item.refresh_from_db()
    assert item.session is None


def test_a_withdrawal_frees_the_seat(sent_with_seat, applicant, sessions):
    actions.application_withdraw(application=sent_with_seat.application, by=applicant)
    sessions[1].refresh_from_db()
    assert sessions[1].seats_taken == 17


def test_the_approval_says_when_and_where_without_blank_lines(
    sent_with_seat, official, sessions, applicant
):
    item = sent_with_seat.items.get()
    actions.referral_act(referral=sent_with_seat, by=official, action="approve", item_id=item.pk)
    sessions[1].refresh_from_db()
    assert sessions[1].seats_taken == 18  # the seat held, not a second one
    message = Message.objects.get(referral=sent_with_seat, kind=Message.Kind.DECISION)
    assert "您的培训名额：2026年12月21日 09:00，长寿区职业技能培训基地。" in message.text
    notification = Notification.objects.get(recipient=applicant, kind="decision")
    text = render(notification).text
    assert "2026年12月21日 09:00，长寿区职业技能培训基地" in text
    assert "\n\n\n" not in text


def test_the_api_takes_the_session_by_programme_slug(applicant, course_draft, sessions, course):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(applicant)
    url = f"/api/v1/applications/{course_draft.pk}/submit/"
    missing = api.post(url, {}, format="json")
    assert missing.status_code == 400
    assert "Choose a training session" in str(missing.json())
    sent = api.post(url, {"sessions": {"welding": sessions[1].pk}}, format="json")
    assert sent.status_code == 200
    assert ApplicationItem.objects.get(application=course_draft).session == sessions[1]


def test_the_official_sees_the_session_chosen(client, sent_with_seat, official):
    client.force_login(official)
    page = client.get(reverse("applications:case", args=[sent_with_seat.pk])).content.decode()
    assert "所选培训班次（已保留名额）：2026年12月21日 09:00，长寿区职业技能培训基地。" in page


def test_the_receipt_shows_the_session_chosen(client, sent_with_seat, applicant):
    client.force_login(applicant)
    url = reverse("applications:receipt", args=[sent_with_seat.application_id])
    page = client.get(url).content.decode()
    part = page[page.index("培训期次") :]
    assert "2026年12月21日 09:00" in part and "长寿区职业技能培训基地" in part
