"""Every form, posted with spoiled values by the person allowed to post it: never a server
error, and every refusal names the field at fault beside it."""

import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given, settings
from rest_framework.test import APIClient

from applications.models import Referral
from tests.applications.test_pages import profile_post
from tests.data import VALID_ID
from tests.factories import PASSWORD, ProgrammeFactory, TrainingSessionFactory
from tests.fuzz.conftest import (
    ATTRIBUTE,
    FUZZ,
    SCRIPT,
    assert_handled,
    get_query,
    post_form,
    rolled_back,
    spoiled,
)
from tests.services.test_manage import programme_form

pytestmark = pytest.mark.django_db


def fuzz_post(client, url, valid, *, query=False, examples=None, sweep=True):
    """Post (or GET) spoiled versions of a valid form and check each answer.

    With `sweep`, first each field alone holds a NUL byte (the rest valid), which reaches
    the database only when the rest of the form is right.
    """

    def check(data):
        with rolled_back():
            response = get_query(client, url, data) if query else post_form(client, url, data)
            assert_handled(response, named=not query)

    for name in valid if sweep else ():
        check({**valid, name: "a\x00b"})

    @settings(FUZZ, max_examples=examples or FUZZ.max_examples)
    @given(data=spoiled(valid))
    def run(data):
        check(data)

    run()


# --- Anyone --------------------------------------------------------------------------------------


def test_sign_up(client, applicant):
    valid = {
        "username": "newcomer",
        "name": "新人",
        "phone": "13912345678",
        "email": "new@example.com",
        "language": "zh-hans",
        "password1": "a-long-enough-password",
        "password2": "a-long-enough-password",
    }
    fuzz_post(client, reverse("accounts:signup"), valid)


def test_codes_sent_by_sms(client, applicant, sms):
    fuzz_post(client, reverse("accounts:login_code"), {"phone": applicant.phone})
    fuzz_post(client, reverse("accounts:password_reset_phone"), {"phone": applicant.phone})
    # With a code asked for (outside the examples, which are rolled back), its page.
    client.post(reverse("accounts:login_code"), {"phone": applicant.phone})
    fuzz_post(client, reverse("accounts:login_code_enter"), {"code": "123456"})


def test_sign_in(client, applicant):
    fuzz_post(client, reverse("accounts:login"), {"username": "wang", "password": PASSWORD})


def test_password_reset(client, applicant):
    fuzz_post(client, reverse("accounts:password_reset"), {"email": "wang@example.com"})


def test_password_reset_confirm(client, applicant):
    uid = urlsafe_base64_encode(force_bytes(applicant.pk))
    token = default_token_generator.make_token(applicant)
    # The link from the e-mail leads to a page whose address no longer holds the token.
    form_url = client.get(reverse("accounts:password_reset_confirm", args=[uid, token])).url
    valid = {"new_password1": "another-long-password", "new_password2": "another-long-password"}
    fuzz_post(client, form_url, valid)


def test_screener(client, five_programmes):
    valid = {
        "age": "35",
        "gender": "female",
        "hukou": "rural",
        "hukou_in_county": "yes",
        "five_types": ["poor_family"],
        "business_licence_date": "2024-01-01",
        "has_business_licence": "yes",
    }
    fuzz_post(client, reverse("services:screener"), valid)


def test_catalogue_filters(client, five_programmes):
    valid = {"q": "培训", "department": "hrss", "kind": "training", "park": "x", "sort": "newest"}
    fuzz_post(client, reverse("services:catalogue"), {**valid, "page": "2"}, query=True)


def test_language_switch(client, applicant):
    client.force_login(applicant)
    fuzz_post(client, reverse("set_language"), {"language": "en", "next": "/programmes/"})


# --- Applicants ----------------------------------------------------------------------------------


def test_profile(client, applicant):
    client.force_login(applicant)
    fuzz_post(client, reverse("applications:profile"), profile_post())


def test_password_change(client, applicant):
    client.force_login(applicant)
    valid = {
        "old_password": PASSWORD,
        "new_password1": "another-long-password",
        "new_password2": "another-long-password",
    }
    fuzz_post(client, reverse("accounts:password_change"), valid)


def test_application_wizard(client, applicant, draft):
    client.force_login(applicant)
    fuzz_post(client, reverse("applications:start"), {"programmes": ["syb-training"]})
    fuzz_post(
        client,
        reverse("applications:step_programmes", args=[draft.pk]),
        {"programmes": ["syb-training", "sme-subsidy"]},
    )
    fuzz_post(client, reverse("applications:step_profile", args=[draft.pk]), profile_post())
    fuzz_post(
        client,
        reverse("applications:step_documents", args=[draft.pk]),
        {"document_type": "id_card"},
    )
    fuzz_post(client, reverse("applications:step_review", args=[draft.pk]), {"submit_token": "abc"})


def test_answer_and_withdraw(client, applicant, official, case_referral, submitted):
    from applications import actions

    actions.referral_act(referral=case_referral, by=official, action="start_review")
    actions.referral_act(
        referral=case_referral, by=official, action="request_info", text="请补充户口簿"
    )
    client.force_login(applicant)
    fuzz_post(
        client,
        reverse("applications:answer", args=[submitted.pk, case_referral.pk]),
        {"text": "已补充"},
    )
    fuzz_post(client, reverse("applications:withdraw", args=[submitted.pk]), {})


def test_lists_and_preferences(client, applicant, submitted):
    client.force_login(applicant)
    fuzz_post(client, reverse("applications:list"), {"page": "2"}, query=True)
    fuzz_post(client, reverse("notifications:inbox"), {"page": "2"}, query=True)
    fuzz_post(
        client,
        reverse("notifications:preferences"),
        {"on": ["decision:email", "decision:sms", "info_requested:sms"]},
    )
    fuzz_post(client, reverse("notifications:mark_all_read"), {})


# --- Officials and park managers -----------------------------------------------------------------


def test_case_actions(client, official, head, case_referral):
    item = case_referral.items.first()
    for person in (official, head):
        client.force_login(person)
        for action in ("start_review", "approve", "reject", "request_info", "note", "assign"):
            valid = {
                "action": action,
                "version": str(case_referral.version),
                "item": str(item.pk),
                "text": "理由",
                "assignee": str(official.pk),
            }
            fuzz_post(
                client,
                reverse("applications:case", args=[case_referral.pk]),
                valid,
                examples=8,
            )
    assert Referral.objects.filter(pk=case_referral.pk).exists()


def test_queue_filters(client, official, case_referral):
    client.force_login(official)
    valid = {"status": "submitted", "programme": "syb-training", "overdue": "1", "mine": "1"}
    fuzz_post(client, reverse("applications:queue"), {**valid, "page": "1"}, query=True)


def test_assisted_filing(client, manager, five_programmes):
    client.force_login(manager)
    valid = {
        "phone": "13700000000",
        "name": "李四",
        "consent": "on",
        "programmes": ["syb-training"],
    }
    fuzz_post(client, reverse("applications:assist"), valid)


def test_number_change_at_the_centre(client, manager, profile, sms):
    client.force_login(manager)
    valid = {"id_number": VALID_ID, "phone": "13700000000"}
    fuzz_post(client, reverse("applications:number_change"), valid)


def test_programme_forms(client, manager, hrss, dianjiang_park):
    client.force_login(manager)
    # The editing page is the heaviest of the portal: fewer examples each.
    fuzz_post(
        client,
        reverse("services:manage_create"),
        programme_form(hrss, dianjiang_park),
        examples=12,
    )
    programme = ProgrammeFactory(slug="welding", department=hrss, parks=[dianjiang_park])
    fuzz_post(
        client,
        reverse("services:manage_edit", args=[programme.slug]),
        programme_form(hrss, dianjiang_park, slug="welding"),
        examples=12,
        sweep=False,  # the same form as above
    )
    fuzz_post(client, reverse("services:manage_status", args=[programme.slug]), {"action": "close"})
    fuzz_post(client, reverse("services:manage_list"), {"status": "draft", "page": "1"}, query=True)


def test_session_forms(client, manager, dianjiang_park):
    client.force_login(manager)
    session = TrainingSessionFactory(programme__parks=[dianjiang_park])
    start = timezone.localtime() + datetime.timedelta(days=10)
    valid = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
        "place_zh": "培训中心",
        "place_en": "Training centre",
        "seats": "30",
    }
    slug = session.programme.slug
    fuzz_post(client, reverse("services:manage_session_add", args=[slug]), valid)
    fuzz_post(client, reverse("services:manage_session_edit", args=[slug, session.pk]), valid)


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "9999-12-31T23:59", "1999-12-31T23:59"])
@pytest.mark.parametrize("field", ["starts_at", "ends_at"])
def test_a_session_time_out_of_range_is_a_field_error(
    client, manager, dianjiang_park, field, typed
):
    client.force_login(manager)
    session = TrainingSessionFactory(programme__parks=[dianjiang_park])
    start = timezone.localtime() + datetime.timedelta(days=10)
    valid = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
        "place_zh": "培训中心",
        "place_en": "",
        "seats": "30",
    }
    url = reverse("services:manage_session_add", args=[session.programme.slug])
    response = client.post(url, {**valid, field: typed})
    assert response.status_code == 200
    assert "2000" in " ".join(response.context["form"].errors[field])


@pytest.mark.parametrize("field", ["item", "assignee", "version"])
def test_an_id_beyond_64_bits_is_a_field_error(client, official, submitted, field):
    from applications.models import Referral

    referral = Referral.objects.filter(department=official.department).first()
    client.force_login(official)
    url = reverse("applications:case", args=[referral.pk])
    data = {"action": "approve", "version": referral.version, "item": "", field: str(2**70)}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "什么都没有办理" in response.content.decode()
    api = APIClient()
    api.force_authenticate(official)
    response = api.post(
        f"/api/v1/referrals/{referral.pk}/actions/",
        {"action": "approve", field: 2**70},
        format="json",
    )
    assert response.status_code == 400 and field in response.json()


# --- What a refused form shows -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "kept"),
    [
        ("name", "a\x00b", False),
        ("name", "王" * 101, True),
        ("phone", SCRIPT, True),
        ("id_number", ATTRIBUTE, True),
        ("birth_date", "2026-02-30", True),
    ],
)
def test_a_refused_profile_field_is_named_and_what_was_typed_is_kept(
    client, applicant, field, typed, kept
):
    client.force_login(applicant)
    response = post_form(client, reverse("applications:profile"), profile_post(**{field: typed}))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    page = response.content.decode()
    # The message sits beside the field it is about.
    assert f'id="id_{field}_error"' in page or f"id_{field}" in page.split("invalid-feedback")[0]
    assert "<script>alert" not in page and "<img src=x" not in page
    if kept:
        from django.utils.html import escape

        assert f'value="{escape(typed)}"' in page or escape(typed) in page
    # Everything else typed is still there.
    assert 'value="13800000001"' in page or field == "phone"
