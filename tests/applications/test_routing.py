"""One application, routed: one referral per owning department, each with its due date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from applications import actions
from applications.models import Application, ApplicationItem, AuditEvent, Referral
from applications.selectors import application_status
from services.actions import programme_update

pytestmark = pytest.mark.django_db


def test_five_programmes_across_three_departments_make_three_referrals(submitted):
    referrals = Referral.objects.filter(application=submitted).select_related("department")
    assert sorted(referral.department.code for referral in referrals) == [
        "hrss",
        "market",
        "scitech",
    ]
    by_department = {
        referral.department.code: sorted(referral.items.values_list("programme__slug", flat=True))
        for referral in referrals
    }
    assert by_department == {
        "hrss": ["startup-guarantee-loan", "syb-training"],
        "market": ["registration-guidance", "sme-subsidy"],
        "scitech": ["scitech-enterprise-support"],
    }
    assert submitted.submitted_at is not None
    assert AuditEvent.objects.filter(application=submitted, action="submitted").count() == 1


def test_each_referral_is_due_after_its_shortest_processing_time(submitted, time_machine):
    referrals = {
        referral.department.code: referral
        for referral in Referral.objects.filter(application=submitted).select_related("department")
    }
    received = referrals["hrss"].created_at.date()
    # hrss promises 10 and 20 working days: 10 applies. Weekends do not count.
    assert referrals["hrss"].due_on >= received + datetime.timedelta(days=14)
    assert referrals["market"].due_on < referrals["hrss"].due_on  # 5 working days
    assert referrals["scitech"].due_on > referrals["hrss"].due_on  # 30 working days


def test_a_second_submit_changes_nothing(submitted, applicant):
    again = actions.application_submit(application=submitted, by=applicant)
    assert len(again) == 3
    assert Referral.objects.filter(application=submitted).count() == 3
    assert AuditEvent.objects.filter(action="submitted").count() == 1


def test_the_rules_applied_under_are_kept_when_the_rules_change(
    submitted, five_programmes, manager
):
    item = ApplicationItem.objects.get(application=submitted, programme__slug="syb-training")
    assert item.rules_version == 1
    assert item.verdict == "eligible"
    assert item.reasons and {"zh", "en", "met"} <= set(item.reasons[0])
    programme = five_programmes[0]
    programme_update(
        programme=programme,
        by=manager,
        data={"rules": {"all": [{"fact": "gender", "op": "eq", "value": "male"}]}},
    )
    item.refresh_from_db()
    assert item.rules_version == 1 and item.rules == {}
    assert item.verdict == "eligible"


def test_submit_is_refused_with_everything_that_is_missing(applicant, five_programmes):
    application = actions.application_start(applicant=applicant, programmes=five_programmes[:2])
    with pytest.raises(ValidationError) as excinfo:
        actions.application_submit(application=application, by=applicant)
    problems = " ".join(excinfo.value.messages)
    for expected in ("身份证", "户口簿", "创业计划书", "个人信息"):
        assert expected in problems
    assert not Referral.objects.exists()
    application.refresh_from_db()
    assert application.submitted_at is None


def test_a_programme_that_closed_meanwhile_blocks_the_submission(draft, applicant, five_programmes):
    programme = five_programmes[3]
    programme.closes_on = datetime.date(2020, 1, 1)
    programme.opens_on = None
    programme.save()
    with pytest.raises(ValidationError) as excinfo:
        actions.application_submit(application=draft, by=applicant)
    assert programme.title in " ".join(excinfo.value.messages)


def test_overall_status_follows_the_referrals(submitted, official, applicant):
    submitted = Application.objects.prefetch_related("referrals").get(pk=submitted.pk)
    assert application_status(submitted) == "submitted"
    hrss = Referral.objects.get(application=submitted, department__code="hrss")
    actions.referral_act(referral=hrss, by=official, action="request_info", text="请补充营业执照")
    submitted = Application.objects.prefetch_related("referrals").get(pk=submitted.pk)
    assert application_status(submitted) == "info_requested"
    actions.application_withdraw(application=submitted, by=applicant)
    submitted = Application.objects.prefetch_related("referrals").get(pk=submitted.pk)
    assert application_status(submitted) == "withdrawn"
    assert set(Referral.objects.values_list("status", flat=True)) == {"withdrawn"}


def test_submitting_five_programmes_of_three_departments_runs_a_fixed_number_of_queries(
    draft, applicant, django_assert_num_queries
):
    # savepoint, the locked draft, the applicant locked, its items with programmes and
    # departments, the profile, whether the applicant's number is confirmed, what the
    # applicant already holds, the documents uploaded, those
    # to follow, the documents required, the holiday calendar, the three referrals in one
    # insert, the items updated, the documents each programme asks (read, then kept in one
    # insert), the draft marked sent, the audit event; the notice of the
    # sending to the applicant (the applicant, a savepoint, the notification, its reload, one
    # insert per channel, its release); savepoint release
    with django_assert_num_queries(25):
        referrals = actions.application_submit(application=draft, by=applicant)
    assert len(referrals) == 3
    assert draft.submitted_at is not None
