"""Casework actions through the one state machine: who may do what, when, exactly once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from applications import actions
from applications.models import ApplicationItem, AuditEvent, Message, Referral
from applications.transitions import ACTIONS, STATES, allowed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hrss_referral(submitted):
    return Referral.objects.get(application=submitted, department__code="hrss")


def item_of(referral, slug):
    return ApplicationItem.objects.get(referral=referral, programme__slug=slug)


def test_every_state_has_a_public_and_a_staff_name():
    for state in Referral.Status:
        assert STATES[state].public_name and STATES[state].staff_name
    for action in ACTIONS.values():
        assert action.sources <= set(STATES)


def test_approve_and_reject_decide_the_referral_when_every_item_is_done(hrss_referral, official):
    actions.referral_act(
        referral=hrss_referral,
        by=official,
        action="approve",
        item=item_of(hrss_referral, "syb-training"),
    )
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == "in_review"
    with pytest.raises(ValidationError) as excinfo:
        actions.referral_act(
            referral=hrss_referral,
            by=official,
            action="reject",
            item=item_of(hrss_referral, "startup-guarantee-loan"),
        )
    assert "text" in excinfo.value.message_dict  # a reason is required
    actions.referral_act(
        referral=hrss_referral,
        by=official,
        action="reject",
        item=item_of(hrss_referral, "startup-guarantee-loan"),
        text="自筹资金不足贷款额的50%",
    )
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == "decided" and hrss_referral.decided_at
    decisions = Message.objects.filter(referral=hrss_referral, kind="decision")
    assert decisions.count() == 2
    assert "50%" in decisions.first().text


def test_an_item_cannot_be_decided_twice(hrss_referral, official):
    item = item_of(hrss_referral, "syb-training")
    actions.referral_act(referral=hrss_referral, by=official, action="approve", item=item)
    with pytest.raises(ValidationError):
        actions.referral_act(
            referral=hrss_referral, by=official, action="reject", item=item, text="改变主意"
        )
    item.refresh_from_db()
    assert item.decision == "approved"


def test_a_stale_page_is_refused_and_nothing_happens(hrss_referral, official, head):
    seen = hrss_referral.version
    actions.referral_act(referral=hrss_referral, by=head, action="start_review", version=seen)
    with pytest.raises(actions.StaleAction):
        actions.referral_act(
            referral=hrss_referral,
            by=official,
            action="request_info",
            version=seen,
            text="请补充材料",
        )
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == "in_review"
    assert not Message.objects.filter(kind="request").exists()


def test_information_request_pauses_the_clock_until_the_answer(
    hrss_referral, official, applicant, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC))
    due = hrss_referral.due_on
    actions.referral_act(referral=hrss_referral, by=official, action="request_info", text="请补充")
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == "info_requested" and hrss_referral.paused_at
    # The applicant answers a week later (five working days).
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC))
    actions.referral_act(referral=hrss_referral, by=applicant, action="answer", text="已补充")
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == "in_review" and hrss_referral.paused_at is None
    assert hrss_referral.due_on == due + datetime.timedelta(days=7)


@pytest.mark.parametrize(
    ("person", "action", "expected"),
    [
        ("official", "request_info", True),
        ("official", "assign", False),
        ("head", "assign", True),
        ("other_official", "approve", False),
        ("applicant", "approve", False),
        ("other_applicant", "answer", False),
        ("applicant", "answer", False),  # nothing was asked yet
    ],
)
def test_who_may_do_what(request, hrss_referral, person, action, expected):
    user = request.getfixturevalue(person)
    referral = Referral.objects.select_related("application").get(pk=hrss_referral.pk)
    permitted, why = allowed(user, referral, action)
    assert permitted is expected
    assert bool(why) is not expected


def test_only_the_head_assigns_and_only_to_their_department(hrss_referral, head, other_official):
    colleague = UserFactory(role="official", department=hrss_referral.department)
    actions.referral_act(referral=hrss_referral, by=head, action="assign", assignee=colleague)
    hrss_referral.refresh_from_db()
    assert hrss_referral.assignee == colleague
    with pytest.raises(ValidationError):
        actions.referral_act(
            referral=hrss_referral, by=head, action="assign", assignee=other_official
        )


def test_internal_notes_never_reach_the_applicant(hrss_referral, official, submitted):
    from applications.selectors import correspondence_for_applicant

    actions.referral_act(referral=hrss_referral, by=official, action="note", text="家访核实")
    actions.referral_act(
        referral=hrss_referral, by=official, action="request_info", text="请上传营业执照"
    )
    texts = [message.text for message in correspondence_for_applicant(application=submitted)]
    assert texts == ["请上传营业执照"]


def test_every_action_is_audited_with_before_and_after(hrss_referral, official):
    actions.referral_act(referral=hrss_referral, by=official, action="start_review")
    event = AuditEvent.objects.get(action="start_review")
    assert event.actor == official
    assert event.before["status"] == "submitted" and event.after["status"] == "in_review"


def test_nobody_decides_on_their_own_application(hrss_referral, official):
    application = hrss_referral.application
    type(application).objects.filter(pk=application.pk).update(applicant=official)
    referral = Referral.objects.select_related("application").get(pk=hrss_referral.pk)
    permitted, why = allowed(official, referral, "approve")
    assert permitted is False and why
