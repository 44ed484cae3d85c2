"""Text as people and scripts type it: markup, SQL, very long, NUL bytes, lone surrogates,
emoji and right-to-left text. It is stored as typed or refused with the field named, and
shown escaped on every page, in every e-mail and as plain data in the API."""

import datetime
import json

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from applications import actions
from applications.models import ApplicantProfile, Message
from portal.notifications.models import Notification
from portal.notifications.rendering import render as render_notification
from tests.applications.test_pages import profile_post
from tests.factories import ProgrammeFactory
from tests.fuzz.conftest import ATTRIBUTE, SCRIPT, post_form

pytestmark = pytest.mark.django_db

XSS = f"焊工 {SCRIPT} {ATTRIBUTE}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
RTL = "\u202eFDP.exe 😀 مرحبا"
SQL = "'; DROP TABLE applications_application; --"


def assert_escaped(page: str, where: str):
    assert SCRIPT not in page, where
    assert "<img src=x" not in page, where
    assert ESCAPED_SCRIPT in page, where


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def raw_json(client, method, url, text: str):
    """A JSON body exactly as written, escapes such as \\ud800 and \\u0000 included."""
    return client.generic(method, url, text.encode(), content_type="application/json")


# --- Stored as typed, or refused with the field named ------------------------------------------


@pytest.mark.parametrize("typed", [XSS, RTL, SQL, "身" * 100_000])
def test_free_text_is_kept_exactly_as_typed(client, applicant, typed):
    client.force_login(applicant)
    response = post_form(client, reverse("applications:profile"), profile_post(skills=typed))
    assert response.status_code == 302
    assert ApplicantProfile.objects.get(user=applicant).skills == typed


@pytest.mark.parametrize(
    ("field", "typed"),
    [("skills", "a\x00b"), ("name", "a\x00b"), ("name", "王" * 100_000), ("phone", SQL)],
)
def test_unstorable_text_is_a_form_error_on_its_field(client, applicant, field, typed):
    client.force_login(applicant)
    response = post_form(client, reverse("applications:profile"), profile_post(**{field: typed}))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not ApplicantProfile.objects.filter(user=applicant).exists()


def test_invalid_utf8_in_a_form_is_replaced_not_a_server_error(client, applicant):
    client.force_login(applicant)
    body = "&".join(
        f"{k}={v}" for k, v in {**profile_post(skills="x"), "five_types": "poor_family"}.items()
    ).replace("skills=x", "skills=caf%E9%ED%A0%80")
    response = client.generic(
        "POST",
        reverse("applications:profile"),
        body.encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert ApplicantProfile.objects.get(user=applicant).skills.startswith("caf\ufffd")


def _profile_json(**overrides):
    data = {
        "name": "王小红",
        "gender": "female",
        "birth_date": "1990-01-01",
        "phone": "13800000001",
        "id_number": profile_post()["id_number"],
        "hukou": "rural",
        "consent": True,
    }
    return json.dumps({**data, **overrides})


@pytest.mark.parametrize(
    ("field", "written"),
    [
        ("skills", '"a\\u0000b"'),
        ("name", '"a\\u0000b"'),
        ("name", json.dumps("王" * 100_000)),
        ("gender", '"\\u0000"'),
        ("hukou", "[1, 2]"),
    ],
)
def test_api_refuses_unstorable_text_naming_the_field(applicant, field, written):
    body = _profile_json(**{field: "PLACEHOLDER"}).replace('"PLACEHOLDER"', written)
    response = raw_json(api(applicant), "PUT", "/api/v1/me/profile/", body)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not ApplicantProfile.objects.filter(user=applicant).exists()


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/me/profile/", _profile_json(name="PLACEHOLDER")),
        ("/api/v1/me/profile/", _profile_json(gender="PLACEHOLDER")),
        ("/api/v1/eligibility/", '{"facts": {"gender": "PLACEHOLDER"}}'),
        ("/api/v1/eligibility/", '{"facts": {"PLACEHOLDER": 1}}'),
    ],
)
def test_api_refuses_lone_surrogates(applicant, url, body):
    method = "PUT" if "profile" in url else "POST"
    body = body.replace("PLACEHOLDER", "\\ud800")
    response = raw_json(api(applicant), method, url, body)
    assert response.status_code == 400
    assert "Unicode" in response.json()["detail"] or "统一码" in response.json()["detail"]


def test_api_action_reason_with_a_nul_byte_names_reason(official, case_referral):
    response = raw_json(
        api(official),
        "POST",
        f"/api/v1/referrals/{case_referral.pk}/actions/",
        '{"action": "note", "reason": "a\\u0000b"}',
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert not Message.objects.filter(referral=case_referral).exists()


def test_case_note_with_a_nul_byte_says_which_field(client, official, case_referral):
    client.force_login(official)
    url = reverse("applications:case", args=[case_referral.pk])
    data = {"action": "note", "version": case_referral.version, "text": "a\x00b"}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any(message.startswith("理由、问题或备注：") for message in shown), shown
    assert not Message.objects.filter(referral=case_referral).exists()


# --- Escaped wherever it shows -------------------------------------------------------------------


@pytest.fixture
def marked_up(applicant, official, hrss, five_programmes, id_card, administrator):
    """A programme, an applicant and a request for information, each with markup in it."""
    programme = ProgrammeFactory(
        slug="xss-programme", department=hrss, title_zh=XSS, title_en=XSS, summary_zh=XSS
    )
    applicant.name = XSS
    applicant.email = "wang@example.com"
    applicant.save()
    actions.profile_save(
        user=applicant,
        data={
            **profile_post(name=XSS),
            "birth_date": datetime.date(1990, 1, 1),
            "district": hrss.jurisdiction,
            "hukou_in_county": True,
        },
        consent=True,
    )
    application = actions.application_start(applicant=applicant, programmes=[programme])
    actions.application_submit(application=application, by=applicant)
    referral = application.referrals.get()
    actions.referral_act(referral=referral, by=official, action="start_review")
    actions.referral_act(referral=referral, by=official, action="request_info", text=XSS)
    return {"programme": programme, "application": application, "referral": referral}


def test_markup_shows_escaped_on_every_page(client, applicant, official, administrator, marked_up):
    application, referral = marked_up["application"], marked_up["referral"]
    client.force_login(applicant)
    for url in (
        reverse("services:catalogue"),
        reverse("services:catalogue") + "?q=" + "焊工",
        reverse("services:programme", args=["xss-programme"]),
        reverse("applications:list"),
        reverse("applications:detail", args=[application.pk]),
        reverse("notifications:inbox"),
    ):
        assert_escaped(client.get(url).content.decode(), url)
    client.force_login(official)
    for url in (
        reverse("applications:queue"),
        reverse("applications:case", args=[referral.pk]),
    ):
        assert_escaped(client.get(url).content.decode(), url)
    client.force_login(administrator)
    for url in ("/admin/services/programme/", "/admin/accounts/user/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_escaped(response.content.decode(), url)


def test_markup_is_escaped_in_e_mails(applicant, marked_up):
    notification = Notification.objects.get(recipient=applicant, kind="info_requested")
    rendered = render_notification(notification)
    assert XSS in rendered.text  # the plain text part says it as typed
    assert_escaped(rendered.html, "e-mail HTML body")
    for message in mail.outbox:
        for content, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                assert_escaped(content, "sent e-mail")


def test_the_api_returns_markup_as_plain_data(applicant, official, marked_up):
    response = api(applicant).get("/api/v1/programmes/xss-programme/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["title"] == XSS
    case = api(official).get(f"/api/v1/referrals/{marked_up['referral'].pk}/").json()
    assert case["applicant"]["name"] == XSS
    assert case["messages"][0]["text"] == XSS


def test_a_rejection_reason_is_escaped_in_the_decision_e_mail(applicant, official, marked_up):
    referral = marked_up["referral"]
    actions.referral_answer(referral=referral, by=applicant, text="好的", uploads=[])
    referral.refresh_from_db()
    item = referral.items.get()
    actions.referral_act(
        referral=referral, by=official, action="reject", item_id=item.pk, text=XSS, version=None
    )
    notification = Notification.objects.get(recipient=applicant, kind="decision")
    rendered = render_notification(notification)
    assert XSS in rendered.text
    assert_escaped(rendered.html, "decision e-mail")


def test_a_name_is_escaped_in_the_password_reset_e_mail(client, applicant):
    applicant.name = XSS
    applicant.save()
    client.post(reverse("accounts:password_reset"), {"email": applicant.email})
    (message,) = mail.outbox
    (html_body, kind) = message.alternatives[0]
    assert kind == "text/html"
    assert SCRIPT not in html_body and "<img src=x" not in html_body
    assert ESCAPED_SCRIPT in html_body


def test_a_nul_byte_in_the_submission_key_is_not_a_server_error(client, applicant, draft):
    client.force_login(applicant)
    url = reverse("applications:step_review", args=[draft.pk])
    assert post_form(client, url, {"submit_token": "a\x00b"}).status_code == 302
    draft.refresh_from_db()
    assert draft.submitted_at is not None


def test_a_nul_byte_in_the_idempotency_key_is_not_a_server_error(applicant, draft):
    response = api(applicant).post(
        f"/api/v1/applications/{draft.pk}/submit/", HTTP_IDEMPOTENCY_KEY="a\x00b"
    )
    assert response.status_code == 200


@pytest.mark.parametrize("depth", [40, 400, 5000])
@pytest.mark.parametrize("url", ["/api/v1/eligibility/", "/api/v1/auth/token/"])
def test_json_nested_deeply_is_refused_with_400(client, url, depth):
    cache.clear()  # the token endpoint's throttle counts in the cache
    body = "[" * depth + "]" * depth
    response = raw_json(APIClient(), "post", url, body)
    assert response.status_code == 400
    assert "32" in response.json()["detail"]
    shallow = raw_json(APIClient(), "post", url, '{"answers": [[[1]]]}')
    assert shallow.status_code in (200, 400) and "32" not in shallow.content.decode()
