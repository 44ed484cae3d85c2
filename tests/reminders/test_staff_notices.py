"""Officials kept informed: an applicant's answer and a case assigned to them reach their inbox
(and e-mail, by their preferences), and the queue marks a case answered until somebody acts."""

import re

import pytest
from django.urls import reverse

from applications import actions
from applications.models import Message, Referral
from portal.notifications.models import Delivery, Notification
from portal.notifications.rendering import render
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(submitted, official):
    """The HRSS part of the application, with a request for information to the applicant."""
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    actions.referral_act(referral=referral, by=official, action="request_info", text="请补交户口簿")
    referral.refresh_from_db()
    return referral


def answer(referral, applicant, text="已补交户口簿。"):
    return actions.referral_answer(referral=referral, by=applicant, text=text, uploads=[])


def received(user):
    return Notification.objects.filter(recipient=user, kind="answer_received")


def test_the_assigned_official_hears_when_the_applicant_answers(
    asked, applicant, official, head, other_official
):
    colleague = UserFactory(role="official", department=official.department)
    actions.referral_act(referral=asked, by=head, action="assign", assignee_id=colleague.pk)
    message = answer(asked, applicant)
    notification = received(colleague).get()
    assert notification.referral_id == asked.pk
    assert Delivery.objects.filter(notification=notification, channel="email").exists()
    # only the one it is assigned to: not the head, not the official who asked, not another
    # department's
    for nobody in (head, official, other_official):
        assert not received(nobody).exists()

    colleague.language = "zh-hans"
    rendered = render(notification)
    assert rendered.subject == f"第 {asked.application_id} 号案件的申请人已回复"
    assert message.text in rendered.text
    assert rendered.url.endswith(reverse("applications:case", args=[asked.pk]))
    rendered = render(notification, language="en")
    assert rendered.subject == f"The applicant of case {asked.application_id} answered"


def test_an_unassigned_case_s_answer_reaches_every_official_of_the_department(
    asked, applicant, official, head, other_official
):
    answer(asked, applicant)
    assert received(official).count() == 1
    assert received(head).count() == 1
    assert not received(other_official).exists()


def test_the_queue_marks_an_answered_case_until_an_official_acts_on_it(
    client, asked, applicant, official
):
    client.force_login(official)

    def marked():
        page = client.get(reverse("applications:queue")).content.decode()
        row = re.search(rf'<tr>\s*<td><a href="/cases/{asked.pk}/">.*?</tr>', page, re.S)
        return "已回复" in row.group(0)

    assert not marked()
    answer(asked, applicant)
    assert marked()
    item = asked.items.first()
    actions.referral_act(referral=asked, by=official, action="approve", item_id=item.pk)
    assert not marked()


def test_the_official_a_case_is_assigned_to_hears_of_it_but_not_of_their_own_choice(
    asked, head, official
):
    actions.referral_act(referral=asked, by=head, action="assign", assignee_id=official.pk)
    notification = Notification.objects.get(recipient=official, kind="case_assigned")
    rendered = render(notification, language="zh-hans")
    assert rendered.subject == f"第 {asked.application_id} 号案件已分配给您"
    assert "办理期限是" in rendered.text
    assert rendered.url.endswith(reverse("applications:case", args=[asked.pk]))
    # assigned again (to someone else, then back): each assignment is told once
    colleague = UserFactory(role="official", department=official.department)
    actions.referral_act(referral=asked, by=head, action="assign", assignee_id=colleague.pk)
    actions.referral_act(referral=asked, by=head, action="assign", assignee_id=official.pk)
    assert Notification.objects.filter(recipient=official, kind="case_assigned").count() == 2
    # the head taking the case themselves is not told
    actions.referral_act(referral=asked, by=head, action="assign", assignee_id=head.pk)
    assert not Notification.objects.filter(recipient=head, kind="case_assigned").exists()


@pytest.mark.parametrize("officials", [2, 12])
def test_an_answer_costs_the_same_queries_however_many_officials_hear_of_it(
    asked, applicant, official, officials, django_assert_num_queries
):
    for _number in range(officials - 1):
        UserFactory(role="official", department=official.department)
    # three savepoints and their releases, the locked referral, the answer, the notifications
    # in one insert, the deliveries by e-mail and by text message (one insert each), the
    # referral saved, the audit event, the referral read back, the answer read back
    with django_assert_num_queries(15):
        answer(asked, applicant)
    assert Notification.objects.filter(kind="answer_received").count() == officials
    assert Message.objects.filter(referral=asked, kind="answer").count() == 1
