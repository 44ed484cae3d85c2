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
        item_id=item_of(hrss_referral, "syb-training").pk,
    )
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == "in_review"
    with pytest.raises(ValidationError) as excinfo:
        actions.referral_act(
            referral=hrss_referral,
            by=official,
            action="reject",
            item_id=item_of(hrss_referral, "startup-guarantee-loan").pk,
        )
    assert "text" in excinfo.value.message_dict  # a reason is required
    actions.referral_act(
        referral=hrss_referral,
        by=official,
        action="reject",
        item_id=item_of(hrss_referral, "startup-guarantee-loan").pk,
        text="自筹资金不足贷款额的50%",
    )
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == "decided" and hrss_referral.decided_at
    decisions = Message.objects.filter(referral=hrss_referral, kind="decision")
    assert decisions.count() == 2
    assert "50%" in decisions.first().text


def test_an_item_cannot_be_decided_twice(hrss_referral, official):
    item = item_of(hrss_referral, "syb-training")
    actions.referral_act(referral=hrss_referral, by=official, action="approve", item_id=item.pk)
    with pytest.raises(ValidationError):
        actions.referral_act(
            referral=hrss_referral, by=official, action="reject", item_id=item.pk, text="改变主意"
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
    actions.referral_act(referral=hrss_referral, by=head, action="assign", assignee_id=colleague.pk)
    hrss_referral.refresh_from_db()
    assert hrss_referral.assignee == colleague
    with pytest.raises(ValidationError):
        actions.referral_act(
            referral=hrss_referral, by=head, action="assign", assignee_id=other_official.pk
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


def test_every_action_of_the_table_has_its_work_and_a_known_target():
    from applications.actions.casework import WORK
    from applications.transitions import ActionName

    assert set(ACTIONS) == set(WORK) == set(ActionName)
    for action in ACTIONS.values():
        assert action.target is None or callable(action.target) or action.target in STATES


@pytest.mark.parametrize(
    ("action", "person", "data", "state"),
    [
        ("start_review", "official", {}, "in_review"),
        ("request_info", "official", {"text": "请补充"}, "info_requested"),
        ("note", "official", {"text": "已电话联系"}, "submitted"),
        ("assign", "head", {}, "submitted"),
    ],
)
def test_the_state_after_an_action_is_the_one_its_table_row_names(
    request, hrss_referral, action, person, data, state
):
    by = request.getfixturevalue(person)
    taken = actions.referral_act(referral=hrss_referral, by=by, action=action, **data)
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == state == ACTIONS[action].status_after(taken.referral)
    assert hrss_referral.version == 2


def test_an_applicant_answers_only_through_the_table(hrss_referral, official, applicant):
    actions.referral_act(referral=hrss_referral, by=official, action="request_info", text="请补充")
    with pytest.raises(ValidationError) as refused:
        actions.referral_act(referral=hrss_referral, by=applicant, action="note", text="你好")
    assert refused.value.code == "not_allowed"
    actions.referral_act(referral=hrss_referral, by=applicant, action="answer", text="已补充")
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == ACTIONS["answer"].target == "in_review"


def test_withdrawal_is_an_action_of_the_table_seen_in_each_case_history(
    submitted, applicant, official, hrss_referral
):
    """Withdrawal used to set each referral's state by hand, with no event in its history."""
    actions.referral_act(referral=hrss_referral, by=official, action="request_info", text="请补充")
    actions.application_withdraw(application=submitted, by=applicant)
    referrals = list(Referral.objects.filter(application=submitted))
    assert referrals and {referral.status for referral in referrals} == {"withdrawn"}
    for referral in referrals:
        event = AuditEvent.objects.get(referral=referral, action="withdraw")
        assert event.actor == applicant and event.after["status"] == "withdrawn"
        assert referral.paused_at is None
    hrss_referral.refresh_from_db()
    assert hrss_referral.version == 3  # the request, then the withdrawal
    assert AuditEvent.objects.filter(application=submitted, action="withdrawn").count() == 1


def test_an_official_cannot_take_the_applicants_withdrawal(hrss_referral, official):
    with pytest.raises(ValidationError) as refused:
        actions.referral_act(referral=hrss_referral, by=official, action="withdraw")
    assert refused.value.code == "not_allowed"
    hrss_referral.refresh_from_db()
    assert hrss_referral.status == "submitted"


@pytest.mark.parametrize("item_id", [None, 0, -1])
def test_an_item_that_is_not_of_the_case_is_one_error_with_a_code(hrss_referral, official, item_id):
    with pytest.raises(ValidationError) as refused:
        actions.referral_act(referral=hrss_referral, by=official, action="approve", item_id=item_id)
    assert list(refused.value.message_dict) == ["item"]
    assert refused.value.error_dict["item"][0].code == "item"


def test_an_item_of_another_case_is_refused(submitted, hrss_referral, official):
    other = Referral.objects.filter(application=submitted).exclude(pk=hrss_referral.pk).first()
    with pytest.raises(ValidationError) as refused:
        actions.referral_act(
            referral=hrss_referral,
            by=official,
            action="approve",
            item_id=other.items.first().pk,
        )
    assert list(refused.value.message_dict) == ["item"]
    assert not ApplicationItem.objects.exclude(decision="pending").exists()
