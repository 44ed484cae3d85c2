"""Who may open and change what: every URL of the portal against every kind of person.

One table, `TABLE`, declares for each URL (by name, as Django's URL resolver knows it) the answer
each person gets, per HTTP method. Every cell is one test. A URL added to the portal without a
row fails `test_every_url_of_the_portal_has_a_row`.

Answers: a status code; LOGIN, a redirect to the sign-in page; ADMIN_LOGIN, a redirect to the
admin's sign-in page; REDIRECT, any other redirect (the page did its work, or sends the person
where they belong). Pages for one kind of staff answer 404 to everyone else (`role_required`);
records that are not the person's own are 404 too, never 403, so nobody learns they exist. The
API answers 401 without a token, and 403 when an applicant-only endpoint is called by staff.

A row with `shows` says, for a page that answers 200, whether it shows a given record (the
owner's, or a draft programme): exactly the people in `sees` must be shown it.

A row with a `probe` also checks what each request changed: the people in `changes` must change
what the probe reads, and nobody else may; so a refused POST is shown to have done nothing.

The Django admin follows one rule (ADMIN_RULE) and is tested on a sample of its URLs.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from applications.models import (
    ApplicantProfile,
    Application,
    DocumentToFollow,
    Message,
    PersonalDataAccess,
    WalletDocument,
)
from portal.accounts.models import AccountClaim, PhoneCode
from portal.notifications.models import Notification, Preference
from services.models import Programme, TrainingSession
from tests.data import VALID_ID
from tests.factories import PASSWORD
from tests.portal.access_world import ROLES, World, build_world, pdf

User = get_user_model()

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
REDIRECT = "redirect"


def expect(default, **answers) -> dict[str, Any]:
    """An answer for every person: `default`, except those named."""
    unknown = set(answers) - set(ROLES)
    assert not unknown, unknown
    return {role: answers.get(role, default) for role in ROLES}


@dataclass(frozen=True)
class Row:
    name: str  # the URL name, with its namespace
    methods: dict[str, dict[str, Any]]  # method: {role: answer}
    kwargs: Callable[[World], dict] = lambda world: {}
    data: Callable[[World, str], Any] | None = None  # the body of a POST, PUT or DELETE
    api: bool = False  # signs in with a token (the API's clients) instead of a session
    probe: Callable[[World], Any] | None = None  # reads what a request may change
    changes: dict[str, frozenset[str]] = field(default_factory=dict)  # method: who changes it
    shows: Callable[[World, Any], bool] | None = None  # does a 200 show the record?
    sees: frozenset[str] = frozenset()  # who is shown the record
    case: str = ""  # tells apart two rows of one URL

    @property
    def key(self) -> str:
        return f"{self.name}[{self.case}]" if self.case else self.name


def changed_by(**methods) -> dict[str, frozenset[str]]:
    return {method.upper(): frozenset(roles) for method, roles in methods.items()}


# --- What the requests send ---------------------------------------------------------------------


def _profile_post(world, role):
    profile = ApplicantProfile.objects.filter(user__username=_username(world, role)).first()
    profile = profile or ApplicantProfile.objects.get(user=world.owner)
    return {
        "name": profile.name + "改",
        "gender": "female",
        "birth_date": "1990-01-01",
        "phone": profile.phone,
        "id_number": profile.id_number,
        "district": "500231",
        "hukou": "rural",
        "hukou_in_county": "yes",
        "five_types": ["poor_family"],
        "consent": "on",
    }


def _username(world, role):
    user = world.users.get(role)
    return user.username if user else ""


def _programme_post(world, role, **overrides):
    programme = Programme.objects.get(pk=world.programme.pk)
    today = timezone.localdate()
    data = {
        "slug": programme.slug,
        "department": programme.department_id,
        "kind": programme.kind,
        "parks": list(programme.parks.values_list("pk", flat=True)),
        "title_zh": programme.title_zh + "（新）",
        "title_en": programme.title_en + " (new)",
        "summary_zh": programme.summary_zh,
        "summary_en": programme.summary_en,
        "description_zh": programme.description_zh,
        "description_en": programme.description_en,
        "benefit_min": "",
        "benefit_max": "",
        "benefit_text_zh": "免费培训",
        "benefit_text_en": "Free training",
        "opens_on": (today - datetime.timedelta(days=30)).isoformat(),
        "closes_on": (today + datetime.timedelta(days=60)).isoformat(),
        "sla_days": "10",
        "channel": "both",
        "policy_reference": "",
        "policy_url": "",
        "appeal_zh": "",
        "appeal_en": "",
        "rules-TOTAL_FORMS": "0",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "30",
    }
    data.update(overrides)
    return data


def _session_post(world, role):
    starts = timezone.localtime() + datetime.timedelta(days=20)
    return {
        "starts_at": starts.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (starts + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
        "place_zh": "垫江县就业培训中心",
        "place_en": "Dianjiang County Employment Training Centre",
        "seats": "12",
    }


def _referral_version(world):
    return world.referral.__class__.objects.get(pk=world.referral.pk).version


# --- What the requests may change --------------------------------------------------------------


def _owner_profile(world):
    return ApplicantProfile.objects.get(user=world.owner).name


def _draft_state(world):
    draft = Application.objects.get(pk=world.draft.pk)
    return (
        draft.submitted_at,
        sorted(draft.items.values_list("programme__slug", flat=True)),
        sorted(draft.documents.values_list("pk", flat=True)),
    )


def _sent_state(world):
    sent = Application.objects.get(pk=world.sent.pk)
    return (sent.withdrawn_at, Message.objects.filter(referral__application=sent).count())


def _programme_state(world):
    programme = Programme.objects.get(pk=world.programme.pk)
    return (programme.title_zh, programme.status, Programme.objects.count())


def _session_state(world):
    return list(
        TrainingSession.objects.filter(programme=world.programme)
        .order_by("pk")
        .values_list("pk", "seats")
    )


# --- What a list shows --------------------------------------------------------------------------


def _page_links_to(name, args_of: Callable[[World], list]):
    """Does the page link to the owner's record?"""
    return lambda world, response: (
        f'href="{reverse(name, args=args_of(world))}"' in response.content.decode()
    )


def _mentions(text_of: Callable[[World], str]):
    return lambda world, response: text_of(world) in response.content.decode()


NOBODY = frozenset()
DRAFT_PROGRAMME = _mentions(lambda world: world.draft_programme.slug)


def _json_ids(ids_of: Callable[[World], int]):
    return lambda world, response: (
        ids_of(world) in [row["id"] for row in response.json()["results"]]
    )


# --- The table ----------------------------------------------------------------------------------

APPLICATION = lambda world: {"application_id": world.sent.pk}  # noqa: E731
DRAFT = lambda world: {"application_id": world.draft.pk}  # noqa: E731
PROGRAMME = lambda world: {"slug": world.programme.slug}  # noqa: E731
REFERRAL = lambda world: {"referral_id": world.referral.pk}  # noqa: E731

EVERYONE = expect(200)
SIGNED_IN = expect(200, anonymous=LOGIN)
APPLICANT_PAGE = expect(404, anonymous=LOGIN, owner=200, other_applicant=200)
CONFIRM_FIRST = expect(404, anonymous=LOGIN, owner=REDIRECT, other_applicant=REDIRECT)
OWNER_PAGE = expect(404, anonymous=LOGIN, owner=200)
# A draft: its applicant, and the park manager filing it for them at the one-stop centre.
DRAFT_PAGE = expect(404, anonymous=LOGIN, owner=200, manager=200)
DRAFT_POST = expect(404, anonymous=LOGIN, owner=REDIRECT, manager=REDIRECT)
CASE_PAGE = expect(404, anonymous=LOGIN, official=200, head=200)
MANAGER_PAGE = expect(
    404, anonymous=LOGIN, manager=200, other_manager=200, administrator=200, district_admin=200
)
# A Dianjiang park's programme: not Changshou's administrator's.
PARK_PAGE = expect(404, anonymous=LOGIN, manager=200, administrator=200)
PARK_POST = expect(404, anonymous=LOGIN, manager=REDIRECT, administrator=REDIRECT)
# Applicant-only views check the role before the method: other people learn nothing.
APPLICANT_POST_ONLY = expect(404, anonymous=LOGIN, owner=405, other_applicant=405)
# The API: 401 without a token; applicant endpoints refuse staff with 403, then 404 for others'.
API_OWNER = expect(403, anonymous=401, owner=200, other_applicant=404)
API_CASE = expect(404, anonymous=401, official=200, head=200)

# Every admin URL: the admin's sign-in page for everyone but administrators. Changshou's
# administrator is told a record of another district does not exist (back to the admin's index).
ADMIN_RULE = expect(ADMIN_LOGIN, administrator=200, district_admin=200)
ADMIN_ELSEWHERE = {**ADMIN_RULE, "district_admin": REDIRECT}

TABLE: list[Row] = [
    # --- Public pages
    Row("home", {"GET": EVERYONE}),
    Row("healthz", {"GET": EVERYONE}),
    Row("security_txt", {"GET": EVERYONE}),
    Row("services:catalogue", {"GET": EVERYONE}, shows=DRAFT_PROGRAMME, sees=NOBODY),
    Row("services:programme", {"GET": EVERYONE}, kwargs=PROGRAMME),
    # A programme not yet published does not exist for the public, its manager included.
    Row(
        "services:programme",
        {"GET": expect(404)},
        kwargs=lambda world: {"slug": world.draft_programme.slug},
        case="draft",
    ),
    Row("services:departments", {"GET": EVERYONE}),
    Row("services:screener", {"GET": EVERYONE}),
    # Without answers given on this visit (nor kept on the account), back to the questions.
    Row("services:screener_results", {"GET": expect(REDIRECT)}),
    # --- Accounts
    Row(
        "accounts:signup",
        {"GET": expect(REDIRECT, anonymous=200), "POST": expect(REDIRECT)},
        data=lambda world, role: {
            "username": "xiaohong",
            "name": "周小红",
            "phone": "13812345678",
            "email": "xiaohong@example.com",
            "language": "zh-hans",
            "password1": "returning-home-2026",
            "password2": "returning-home-2026",
        },
        # No account yet: a code is sent to the number, and the account waits for it.
        probe=lambda world: PhoneCode.objects.filter(phone="13812345678").count(),
        changes=changed_by(post=["anonymous"]),
    ),
    # The code pages without a code asked for send the person back to where it is asked.
    Row("accounts:signup_code", {"GET": expect(REDIRECT), "POST": expect(REDIRECT)}),
    Row("accounts:login", {"GET": expect(REDIRECT, anonymous=200)}),
    # The staff's second factor (not required here: see tests/portal/test_second_factor.py).
    Row(
        "accounts:second_factor",
        {"GET": expect(REDIRECT, anonymous=LOGIN), "POST": expect(REDIRECT, anonymous=LOGIN)},
        data=lambda world, role: {"code": "123456"},
    ),
    Row(
        "accounts:second_factor_setup",
        {
            "GET": expect(200, anonymous=LOGIN, owner=REDIRECT, other_applicant=REDIRECT),
            "POST": expect(200, anonymous=LOGIN, owner=REDIRECT, other_applicant=REDIRECT),
        },
        data=lambda world, role: {"code": "123456"},
        probe=lambda world: TOTPDevice.objects.filter(confirmed=True).count(),
    ),
    Row(
        "accounts:api_tokens",
        {"GET": SIGNED_IN, "POST": expect(REDIRECT, anonymous=LOGIN)},
        data=lambda world, role: {"revoke_all": "1"},
        probe=lambda world: AuthToken.objects.filter(user=world.owner).count(),
        changes=changed_by(post=["owner"]),
    ),
    Row(
        "accounts:claim",
        {"GET": expect(REDIRECT, anonymous=200), "POST": expect(REDIRECT, anonymous=200)},
        data=lambda world, role: {
            "code": "K7QM-2XPA-9D",
            "new_password1": "a-new-passphrase-2026",
            "new_password2": "a-new-passphrase-2026",
        },
        probe=lambda world: User.objects.get(pk=world.owner.pk).password,
    ),
    Row(
        "accounts:login_code",
        {"GET": expect(REDIRECT, anonymous=200), "POST": expect(REDIRECT)},
        data=lambda world, role: {"phone": world.owner.phone},
        probe=lambda world: PhoneCode.objects.filter(phone=world.owner.phone).count(),
        changes=changed_by(post=["anonymous"]),
    ),
    Row(
        "accounts:login_code_enter",
        {"GET": expect(REDIRECT), "POST": expect(REDIRECT)},
        data=lambda world, role: {"code": "123456"},
    ),
    # One's own number: the code goes to the number of whoever asks, never another's.
    Row(
        "accounts:phone_confirm",
        {"GET": SIGNED_IN, "POST": expect(REDIRECT, anonymous=LOGIN)},
        data=lambda world, role: {"phone": world.owner.phone},
        probe=lambda world: sorted(
            PhoneCode.objects.exclude(digest="").values_list("phone", flat=True)
        ),
        changes=changed_by(post=["owner"]),
    ),
    Row(
        "accounts:phone_confirm_code",
        {"GET": expect(REDIRECT, anonymous=LOGIN), "POST": expect(REDIRECT, anonymous=LOGIN)},
        data=lambda world, role: {"code": "123456"},
    ),
    Row("accounts:logout", {"GET": expect(405), "POST": expect(REDIRECT)}),
    Row(
        "accounts:password_change",
        {"GET": SIGNED_IN, "POST": expect(REDIRECT, anonymous=LOGIN)},
        data=lambda world, role: {
            "old_password": PASSWORD,
            "new_password1": "a-new-passphrase-2026",
            "new_password2": "a-new-passphrase-2026",
        },
        probe=lambda world: User.objects.get(pk=world.owner.pk).password,
        changes=changed_by(post=["owner"]),
    ),
    Row("accounts:password_change_done", {"GET": SIGNED_IN}),
    Row("accounts:confirm_password", {"GET": SIGNED_IN, "POST": expect(200, anonymous=LOGIN)}),
    Row(
        "accounts:password_reset",
        {"GET": EVERYONE, "POST": expect(REDIRECT)},
        data=lambda world, role: {"email": world.owner.email},
    ),
    Row("accounts:password_reset_done", {"GET": EVERYONE}),
    Row(
        "accounts:password_reset_phone",
        {"GET": EVERYONE, "POST": expect(REDIRECT)},
        data=lambda world, role: {"phone": world.owner.phone},
    ),
    Row(
        "accounts:password_reset_code",
        {"GET": expect(REDIRECT), "POST": expect(REDIRECT)},
        data=lambda world, role: {"code": "123456"},
    ),
    # Without a code typed first, no new password: back to asking for the code.
    Row(
        "accounts:password_reset_new",
        {"GET": expect(REDIRECT), "POST": expect(REDIRECT)},
        data=lambda world, role: {
            "new_password1": "a-new-passphrase-2026",
            "new_password2": "a-new-passphrase-2026",
        },
        probe=lambda world: User.objects.get(pk=world.owner.pk).password,
        changes={},
    ),
    # The link in the e-mail: whoever holds it is sent on to choose a new password.
    Row(
        "accounts:password_reset_confirm",
        {"GET": expect(REDIRECT)},
        kwargs=lambda world: {
            "uidb64": urlsafe_base64_encode(force_bytes(world.owner.pk)),
            "token": default_token_generator.make_token(User.objects.get(pk=world.owner.pk)),
        },
    ),
    Row("accounts:password_reset_complete", {"GET": EVERYONE}),
    Row(
        "set_language",
        {"GET": expect(405), "POST": expect(REDIRECT)},
        data=lambda world, role: {"language": "en", "next": "/"},
        probe=lambda world: User.objects.get(pk=world.owner.pk).language,
        changes=changed_by(post=["owner"]),
    ),
    # --- Notifications: everyone's own inbox
    Row(
        "notifications:inbox",
        {"GET": SIGNED_IN},
        shows=_page_links_to("notifications:open", lambda world: [world.notification.pk]),
        sees=frozenset({"owner"}),
    ),
    # Opening a notification marks it read: only its recipient may.
    Row(
        "notifications:open",
        {"GET": expect(404, anonymous=LOGIN, owner=REDIRECT)},
        kwargs=lambda world: {"notification_id": world.notification.pk},
        probe=lambda world: Notification.objects.get(pk=world.notification.pk).read_at,
        changes=changed_by(get=["owner"]),
    ),
    Row(
        "notifications:mark_all_read",
        {"GET": expect(405, anonymous=LOGIN), "POST": expect(REDIRECT, anonymous=LOGIN)},
        probe=lambda world: Notification.objects.get(pk=world.notification.pk).read_at,
        changes=changed_by(post=["owner"]),
    ),
    Row(
        "notifications:preferences",
        {"GET": SIGNED_IN, "POST": expect(REDIRECT, anonymous=LOGIN)},
        data=lambda world, role: {"decision:email": "daily"},
        probe=lambda world: Preference.objects.filter(user=world.owner).count(),
        changes=changed_by(post=["owner"]),
    ),
    # --- The applicant's own pages
    Row(
        "applications:profile",
        {
            "GET": APPLICANT_PAGE,
            "POST": expect(404, anonymous=LOGIN, owner=REDIRECT, other_applicant=REDIRECT),
        },
        data=_profile_post,
        probe=_owner_profile,
        changes=changed_by(post=["owner"]),
    ),
    Row(
        "applications:list",
        {"GET": APPLICANT_PAGE},
        shows=_page_links_to("applications:detail", lambda world: [world.sent.pk]),
        sees=frozenset({"owner"}),
    ),
    Row(
        "applications:start",
        {
            "GET": APPLICANT_PAGE,
            "POST": expect(404, anonymous=LOGIN, owner=REDIRECT, other_applicant=REDIRECT),
        },
        data=lambda world, role: {"programmes": [world.programme.slug]},
        probe=lambda world: Application.objects.filter(applicant=world.owner).count(),
        changes=changed_by(post=["owner"]),
    ),
    Row("applications:detail", {"GET": OWNER_PAGE}, kwargs=APPLICATION),
    # The receipt: its applicant, and the park manager who filed it for them (printed there).
    Row("applications:receipt", {"GET": OWNER_PAGE}, kwargs=APPLICATION, case="sent"),
    Row(
        "applications:receipt",
        {"GET": expect(404, anonymous=LOGIN, owner=200, manager=200)},
        kwargs=lambda world: {"application_id": world.filed.pk},
        case="filed and sent",
    ),
    Row("applications:receipt", {"GET": expect(404, anonymous=LOGIN)}, kwargs=DRAFT, case="draft"),
    # Anyone may look up a progress with the reference and the mobile number; it shows the
    # departments' states only, to whoever holds both.
    Row(
        "applications:lookup",
        {"GET": EVERYONE, "POST": EVERYONE},
        data=lambda world, role: {"reference": world.sent.reference, "phone": "13800000001"},
    ),
    Row("applications:my_data", {"GET": APPLICANT_PAGE}),
    # 我的材料: each applicant's own; another's document is 404, as if it did not exist.
    Row(
        "applications:my_documents",
        {
            "GET": APPLICANT_PAGE,
            "POST": expect(404, anonymous=LOGIN, owner=REDIRECT, other_applicant=REDIRECT),
        },
        data=lambda world, role: {"document_type": "id_card", "file": pdf("my-id.pdf")},
        probe=lambda world: list(
            WalletDocument.objects.filter(owner=world.owner).values_list("sha256", "token")
        ),
        changes=changed_by(post=["owner"]),
    ),
    Row(
        "applications:my_document_file",
        {"GET": OWNER_PAGE},
        kwargs=lambda world: {"document_id": world.own_document.pk},
    ),
    Row(
        "applications:my_document_delete",
        {"GET": OWNER_PAGE, "POST": expect(404, anonymous=LOGIN, owner=REDIRECT)},
        kwargs=lambda world: {"document_id": world.own_document.pk},
        probe=lambda world: WalletDocument.objects.filter(pk=world.own_document.pk).exists(),
        changes=changed_by(post=["owner"]),
    ),
    # Sensitive steps ask for the password first: a redirect to its confirmation page, and
    # nothing changes until it is given.
    Row("applications:my_data_download", {"GET": CONFIRM_FIRST}),
    Row(
        "applications:consent_withdraw",
        {"GET": CONFIRM_FIRST, "POST": CONFIRM_FIRST},
        probe=lambda world: ApplicantProfile.objects.get(user=world.owner).consent_withdrawn_at,
        changes=changed_by(),
    ),
    Row(
        "applications:erase",
        {"GET": CONFIRM_FIRST, "POST": CONFIRM_FIRST},
        probe=lambda world: User.objects.get(pk=world.owner.pk).is_active,
        changes=changed_by(),
    ),
    Row(
        "applications:step_programmes",
        {"GET": DRAFT_PAGE, "POST": DRAFT_POST},
        kwargs=DRAFT,
        data=lambda world, role: {"programmes": [world.programme.slug, world.other_programme.slug]},
        probe=_draft_state,
        changes=changed_by(post=["owner", "manager"]),
    ),
    Row(
        "applications:step_profile",
        {"GET": DRAFT_PAGE, "POST": DRAFT_POST},
        kwargs=DRAFT,
        data=lambda world, role: _profile_post(world, "owner"),
        probe=_owner_profile,
        changes=changed_by(post=["owner", "manager"]),
    ),
    Row(
        "applications:step_documents",
        {"GET": DRAFT_PAGE, "POST": DRAFT_POST},
        kwargs=DRAFT,
        data=lambda world, role: {"document_type": "id_card", "file": pdf("new-id.pdf")},
        probe=_draft_state,
        changes=changed_by(post=["owner", "manager"]),
    ),
    Row(
        "applications:step_review",
        {"GET": DRAFT_PAGE, "POST": DRAFT_POST},
        kwargs=DRAFT,
        data=lambda world, role: {
            "submit_token": f"matrix-{role}",
            f"session-{world.programme.pk}": world.session.pk,
        },
        probe=_draft_state,
        changes=changed_by(post=["owner", "manager"]),
    ),
    Row(
        "applications:answer",
        {"GET": APPLICANT_POST_ONLY, "POST": expect(404, anonymous=LOGIN, owner=REDIRECT)},
        kwargs=lambda world: {"application_id": world.sent.pk, "referral_id": world.referral.pk},
        data=lambda world, role: {"text": "身份证背面已补交。", "files": [pdf("back.pdf")]},
        probe=_sent_state,
        changes=changed_by(post=["owner"]),
    ),
    # The owner's application with somebody else's referral in the URL.
    Row(
        "applications:answer",
        {"GET": APPLICANT_POST_ONLY, "POST": expect(404, anonymous=LOGIN)},
        kwargs=lambda world: {
            "application_id": world.sent.pk,
            "referral_id": world.other_referral.pk,
        },
        data=lambda world, role: {"text": "不是我的。"},
        probe=lambda world: Message.objects.count(),
        case="another application's referral",
    ),
    # Sent by the park manager for the owner: from then on it is the owner's alone.
    Row(
        "applications:step_review",
        {
            "GET": expect(404, anonymous=LOGIN, owner=REDIRECT),
            "POST": expect(404, anonymous=LOGIN, owner=REDIRECT),
        },
        kwargs=lambda world: {"application_id": world.filed.pk},
        data=lambda world, role: {"submit_token": f"again-{role}"},
        probe=lambda world: Application.objects.get(pk=world.filed.pk).submitted_at,
        case="filed and sent",
    ),
    Row(
        "applications:withdraw",
        {"GET": APPLICANT_POST_ONLY, "POST": expect(404, anonymous=LOGIN, owner=REDIRECT)},
        kwargs=APPLICATION,
        probe=_sent_state,
        changes=changed_by(post=["owner"]),
    ),
    # A sent application's file: its applicant and the departments it was sent to.
    Row(
        "applications:document",
        {"GET": expect(404, anonymous=LOGIN, owner=200, official=200, head=200)},
        kwargs=lambda world: {"document_id": world.sent_document.pk},
        case="sent",
    ),
    # A draft's file: its applicant and the park manager filing it; no department yet.
    Row(
        "applications:document",
        {"GET": expect(404, anonymous=LOGIN, owner=200, manager=200)},
        kwargs=lambda world: {"document_id": world.draft_document.pk},
        case="draft",
    ),
    Row(
        "applications:document",
        {"GET": expect(404, anonymous=LOGIN, owner=200, official=200, head=200)},
        kwargs=lambda world: {"document_id": world.filed_document.pk},
        case="filed and sent",
    ),
    # A filed draft the owner withdrew: the park manager's access ends with it.
    Row(
        "applications:document",
        {"GET": expect(404, anonymous=LOGIN, owner=200)},
        kwargs=lambda world: {"document_id": world.discarded_document.pk},
        case="filed and withdrawn",
    ),
    # --- Officials
    Row(
        "applications:queue",
        {
            "GET": expect(
                404,
                anonymous=LOGIN,
                official=200,
                other_official=200,
                changshou_official=200,
                head=200,
            )
        },
        shows=_page_links_to("applications:case", lambda world: [world.referral.pk]),
        sees=frozenset({"official", "head"}),
    ),
    Row(
        "applications:case",
        {"GET": CASE_PAGE, "POST": expect(404, anonymous=LOGIN, official=REDIRECT, head=REDIRECT)},
        kwargs=REFERRAL,
        data=lambda world, role: {
            "action": "note",
            "version": _referral_version(world),
            "text": "已电话联系申请人。",
        },
        probe=_sent_state,
        changes=changed_by(post=["official", "head"]),
    ),
    # The whole ID card number: only the case's department, asked for, and in the access log.
    Row(
        "applications:case_id_number",
        {
            "GET": expect(
                404,
                anonymous=LOGIN,
                official=405,
                other_official=405,
                changshou_official=405,
                head=405,
            ),
            "POST": expect(404, anonymous=LOGIN, official=200, head=200),
        },
        kwargs=REFERRAL,
        probe=lambda world: PersonalDataAccess.objects.filter(channel="id-shown").count(),
        changes=changed_by(post=["official", "head"]),
    ),
    # The other applicant's case, at the Market bureau: the other way round.
    Row(
        "applications:case",
        {
            "GET": expect(404, anonymous=LOGIN, other_official=200),
            "POST": expect(404, anonymous=LOGIN, other_official=REDIRECT),
        },
        kwargs=lambda world: {"referral_id": world.other_referral.pk},
        data=lambda world, role: {
            "action": "note",
            "version": world.other_referral.__class__.objects.get(
                pk=world.other_referral.pk
            ).version,
            "text": "已核对营业执照。",
        },
        probe=lambda world: Message.objects.filter(referral=world.other_referral).count(),
        changes=changed_by(post=["other_official"]),
        case="market",
    ),
    # --- Park managers
    Row(
        "applications:assist",
        {
            "GET": expect(404, anonymous=LOGIN, manager=200, other_manager=200),
            # Changshou's counter offers what is offered in Changshou: not this Dianjiang
            # programme (the form says so, and no code is sent).
            "POST": expect(404, anonymous=LOGIN, manager=REDIRECT, other_manager=200),
        },
        data=lambda world, role: {
            "phone": "13912340001",
            "name": "周立",
            "consent": "on",
            "programmes": [world.programme.slug],
        },
        # Nothing is filed yet: a code goes to the returnee's phone, to show at the counter.
        probe=lambda world: PhoneCode.objects.filter(phone="13912340001").count(),
        changes=changed_by(post=["manager"]),
        shows=_page_links_to("applications:step_profile", lambda world: [world.draft.pk]),
        sees=frozenset({"manager"}),
    ),
    # A returnee who has an account signs in themselves: no manager files for them by number.
    Row(
        "applications:assist",
        {
            "GET": expect(404, anonymous=LOGIN, manager=200, other_manager=200),
            "POST": expect(404, anonymous=LOGIN, manager=200, other_manager=200),
        },
        data=lambda world, role: {
            "phone": world.owner.phone,
            "name": world.owner.name,
            "consent": "on",
            "programmes": [world.programme.slug],
        },
        probe=lambda world: Application.objects.count(),
        case="a returnee with an account",
    ),
    # Without a code asked for at the counter, back to the form; nothing is filed.
    Row(
        "applications:assist_code",
        {
            "GET": expect(404, anonymous=LOGIN, manager=REDIRECT, other_manager=REDIRECT),
            "POST": expect(404, anonymous=LOGIN, manager=REDIRECT, other_manager=REDIRECT),
        },
        data=lambda world, role: {"code": "123456"},
        probe=lambda world: Application.objects.count(),
    ),
    # A new claim letter: only the manager who filed, and only for an account not yet in hand.
    Row(
        "applications:claim_letter",
        {
            "GET": expect(404, anonymous=LOGIN, manager=405, other_manager=405),
            "POST": expect(404, anonymous=LOGIN, manager=REDIRECT, other_manager=404),
        },
        kwargs=lambda world: {"application_id": world.draft.pk},
        probe=lambda world: AccountClaim.objects.count(),
    ),
    # A returnee's new number, by the ID card checked at the counter: a code to the new number.
    Row(
        "applications:number_change",
        {
            "GET": expect(404, anonymous=LOGIN, manager=200, other_manager=200),
            "POST": expect(404, anonymous=LOGIN, manager=REDIRECT, other_manager=REDIRECT),
        },
        data=lambda world, role: {"id_number": VALID_ID, "phone": "13912340002"},
        probe=lambda world: PhoneCode.objects.filter(phone="13912340002").count(),
        changes=changed_by(post=["manager", "other_manager"]),
    ),
    Row(
        "applications:number_change_code",
        {
            "GET": expect(404, anonymous=LOGIN, manager=REDIRECT, other_manager=REDIRECT),
            "POST": expect(404, anonymous=LOGIN, manager=REDIRECT, other_manager=REDIRECT),
        },
        data=lambda world, role: {"code": "123456"},
        probe=lambda world: User.objects.get(pk=world.owner.pk).phone,
    ),
    Row("services:manage_searches", {"GET": MANAGER_PAGE}),
    Row(
        "services:manage_list",
        {"GET": MANAGER_PAGE},
        shows=_page_links_to("services:manage_edit", lambda world: [world.programme.slug]),
        sees=frozenset({"manager", "administrator"}),
    ),
    # Another park's manager may start programmes, but never in this park: the form refuses.
    Row(
        "services:manage_create",
        {
            "GET": MANAGER_PAGE,
            "POST": expect(
                404,
                anonymous=LOGIN,
                manager=REDIRECT,
                other_manager=200,
                administrator=REDIRECT,
                district_admin=200,
            ),
        },
        data=lambda world, role: _programme_post(
            world, role, slug="welding-training", title_zh="焊工培训"
        ),
        probe=_programme_state,
        changes=changed_by(post=["manager", "administrator"]),
    ),
    Row(
        "services:manage_edit",
        {"GET": PARK_PAGE, "POST": PARK_POST},
        kwargs=PROGRAMME,
        data=_programme_post,
        probe=_programme_state,
        changes=changed_by(post=["manager", "administrator"]),
    ),
    Row("services:manage_preview", {"GET": PARK_PAGE}, kwargs=PROGRAMME),
    Row(
        "services:manage_preview",
        {"GET": PARK_PAGE},
        kwargs=lambda world: {"slug": world.draft_programme.slug},
        case="draft",
    ),
    Row(
        "services:manage_status",
        {
            "GET": expect(
                404,
                anonymous=LOGIN,
                manager=405,
                other_manager=405,
                administrator=405,
                district_admin=405,
            ),
            "POST": PARK_POST,
        },
        kwargs=PROGRAMME,
        data=lambda world, role: {"action": "close"},
        probe=_programme_state,
        changes=changed_by(post=["manager", "administrator"]),
    ),
    Row(
        "services:manage_session_add",
        {"GET": PARK_PAGE, "POST": PARK_POST},
        kwargs=PROGRAMME,
        data=_session_post,
        probe=_session_state,
        changes=changed_by(post=["manager", "administrator"]),
    ),
    Row(
        "services:manage_session_edit",
        {"GET": PARK_PAGE, "POST": PARK_POST},
        kwargs=lambda world: {"slug": world.programme.slug, "session_id": world.session.pk},
        data=_session_post,
        probe=_session_state,
        changes=changed_by(post=["manager", "administrator"]),
    ),
    # This park's programme with another programme's session in the URL.
    Row(
        "services:manage_session_edit",
        {"GET": expect(404, anonymous=LOGIN), "POST": expect(404, anonymous=LOGIN)},
        kwargs=lambda world: {"slug": world.programme.slug, "session_id": world.other_session.pk},
        data=_session_post,
        probe=lambda world: TrainingSession.objects.get(pk=world.other_session.pk).seats,
        case="another programme's session",
    ),
    # --- The API: the catalogue is public
    Row("api:programme-list", {"GET": EVERYONE}, api=True, shows=DRAFT_PROGRAMME, sees=NOBODY),
    Row("api:programme-detail", {"GET": EVERYONE}, api=True, kwargs=PROGRAMME),
    Row(
        "api:programme-detail",
        {"GET": expect(404)},
        api=True,
        kwargs=lambda world: {"slug": world.draft_programme.slug},
        case="draft",
    ),
    Row(
        "api:eligibility",
        {"GET": expect(405), "POST": EVERYONE},
        api=True,
        data=lambda world, role: {"facts": {}, "programmes": [world.programme.slug]},
    ),
    Row("api:hsds-services", {"GET": EVERYONE}, api=True, shows=DRAFT_PROGRAMME, sees=NOBODY),
    Row("schema", {"GET": EVERYONE}, api=True),
    Row("api-docs", {"GET": EVERYONE}),
    # --- The intake API
    Row(
        "intake_api:token",
        {"GET": expect(405), "POST": EVERYONE, "DELETE": expect(204, anonymous=401)},
        api=True,
        data=lambda world, role: {"username": world.owner.username, "password": PASSWORD},
        # Each sign-in gives a new token (for the owner: the data is theirs); DELETE revokes
        # the caller's own.
        probe=lambda world: AuthToken.objects.filter(user=world.owner).count(),
        changes=changed_by(post=list(ROLES), delete=["owner"]),
    ),
    Row(
        "intake_api:profile",
        {
            "GET": expect(403, anonymous=401, owner=200, other_applicant=200),
            "PUT": expect(403, anonymous=401, owner=200, other_applicant=200),
        },
        api=True,
        data=lambda world, role: {
            **{
                key: value
                for key, value in _profile_post(world, role).items()
                if key not in ("hukou_in_county", "five_types")
            },
            "hukou_in_county": True,
            "five_types": ["poor_family"],
            "consent": True,
        },
        probe=_owner_profile,
        changes=changed_by(put=["owner"]),
    ),
    Row(
        "intake_api:application-list",
        {
            "GET": expect(403, anonymous=401, owner=200, other_applicant=200),
            "POST": expect(403, anonymous=401, owner=201, other_applicant=201),
        },
        api=True,
        data=lambda world, role: {"programmes": [world.programme.slug]},
        probe=lambda world: Application.objects.filter(applicant=world.owner).count(),
        changes=changed_by(post=["owner"]),
        shows=_json_ids(lambda world: world.sent.pk),
        sees=frozenset({"owner"}),
    ),
    Row("intake_api:application-detail", {"GET": API_OWNER}, api=True, kwargs=APPLICATION),
    Row(
        "intake_api:application-documents",
        {
            "GET": expect(403, anonymous=401, owner=405, other_applicant=405),
            "POST": expect(403, anonymous=401, owner=201, other_applicant=404),
        },
        api=True,
        kwargs=DRAFT,
        data=lambda world, role: {"document_type": "id_card", "file": pdf("api-id.pdf")},
        probe=_draft_state,
        changes=changed_by(post=["owner"]),
    ),
    Row(
        "intake_api:application-checklist",
        {"GET": API_OWNER, "POST": API_OWNER},
        api=True,
        kwargs=DRAFT,
        # the ID card is uploaded: taking back a word never given changes nothing
        data=lambda world, role: {"document_type": "id_card", "reason": ""},
        probe=lambda world: list(
            DocumentToFollow.objects.filter(application=world.draft).values_list("pk")
        ),
    ),
    # 我的材料 through the API: each applicant's own.
    Row(
        "intake_api:my-documents",
        {
            "GET": expect(403, anonymous=401, owner=200, other_applicant=200),
            "POST": expect(403, anonymous=401, owner=201, other_applicant=201),
        },
        api=True,
        data=lambda world, role: {"document_type": "id_card", "file": pdf("api-my-id.pdf")},
        probe=lambda world: list(
            WalletDocument.objects.filter(owner=world.owner).values_list("sha256", "token")
        ),
        changes=changed_by(post=["owner"]),
    ),
    Row(
        "intake_api:my-document",
        {
            "GET": expect(403, anonymous=401, owner=405, other_applicant=405),
            "DELETE": expect(403, anonymous=401, owner=200, other_applicant=404),
        },
        api=True,
        kwargs=lambda world: {"document_id": world.own_document.pk},
        probe=lambda world: WalletDocument.objects.filter(pk=world.own_document.pk).exists(),
        changes=changed_by(delete=["owner"]),
    ),
    Row(
        "intake_api:application-submit",
        {
            "GET": expect(403, anonymous=401, owner=405, other_applicant=405),
            "POST": API_OWNER,
        },
        api=True,
        kwargs=DRAFT,
        data=lambda world, role: {"sessions": {world.programme.slug: world.session.pk}},
        probe=_draft_state,
        changes=changed_by(post=["owner"]),
    ),
    Row(
        "intake_api:referral-list",
        {
            "GET": expect(
                404,
                anonymous=401,
                official=200,
                other_official=200,
                changshou_official=200,
                head=200,
            )
        },
        api=True,
        shows=_json_ids(lambda world: world.referral.pk),
        sees=frozenset({"official", "head"}),
    ),
    Row("intake_api:referral-detail", {"GET": API_CASE}, api=True, kwargs=REFERRAL),
    Row(
        "intake_api:referral-actions",
        {"GET": expect(405, anonymous=401), "POST": API_CASE},
        api=True,
        kwargs=REFERRAL,
        data=lambda world, role: {"action": "note", "reason": "已电话联系申请人。"},
        probe=_sent_state,
        changes=changed_by(post=["official", "head"]),
    ),
    # --- The Django admin, on a sample of its URLs (ADMIN_RULE covers them all)
    Row("admin:index", {"GET": ADMIN_RULE}),
    Row("admin:accounts_user_changelist", {"GET": ADMIN_RULE}),
    Row(
        "admin:accounts_user_change",
        {"GET": ADMIN_ELSEWHERE},
        kwargs=lambda world: {"object_id": world.owner.pk},
    ),
    Row(
        "admin:accounts_user_change",
        {"GET": ADMIN_RULE},
        kwargs=lambda world: {"object_id": world.users["changshou_official"].pk},
        case="changshou",
    ),
    Row(
        "admin:applications_application_change",
        {"GET": ADMIN_ELSEWHERE},
        kwargs=lambda world: {"object_id": world.sent.pk},
    ),
    Row("admin:applications_referral_changelist", {"GET": ADMIN_RULE}),
    Row(
        "admin:services_programme_change",
        {"GET": ADMIN_ELSEWHERE},
        kwargs=lambda world: {"object_id": world.programme.pk},
    ),
    # Shared by every district: Changshou's administrator reads them, adds none.
    Row("admin:services_documenttype_changelist", {"GET": ADMIN_RULE}),
    Row("admin:services_documenttype_add", {"GET": {**ADMIN_RULE, "district_admin": 403}}),
    # Not scoped by district (the worker's schedule): closed to Changshou's administrator.
    Row(
        "admin:django_celery_beat_periodictask_changelist",
        {"GET": {**ADMIN_RULE, "district_admin": 403}},
    ),
    Row("admin:notifications_notification_changelist", {"GET": ADMIN_RULE}),
    Row(
        "admin:accounts_user_delete",
        {
            "GET": ADMIN_ELSEWHERE,
            "POST": expect(ADMIN_LOGIN, administrator=REDIRECT, district_admin=REDIRECT),
        },
        kwargs=lambda world: {"object_id": world.spare.pk},
        data=lambda world, role: {"post": "yes"},
        probe=lambda world: User.objects.filter(pk=world.spare.pk).exists(),
        changes=changed_by(post=["administrator"]),
    ),
]

ROWS = {row.key: row for row in TABLE}
CELLS = [
    pytest.param(row.key, method, role, id=f"{row.key}-{method}-{role}")
    for row in TABLE
    for method, answers in row.methods.items()
    for role in ROLES
    if role in answers
]


# --- The portal's URLs, from Django's URL resolver -----------------------------------------------


def portal_url_names(patterns=None, namespace="", prefix=""):
    """Every URL of the portal as `namespace:name` (unnamed ones by their pattern)."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            names |= portal_url_names(pattern.url_patterns, full or "", route)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
            else:
                names.add(f"{namespace}:<unnamed {route}>" if namespace else f"<unnamed {route}>")
    return names


def is_admin(name: str) -> bool:
    return name.split(":", 1)[0] == "admin"


def test_every_url_of_the_portal_has_a_row():
    names = portal_url_names()
    tabled = {row.name for row in TABLE}
    assert sorted(name for name in names - tabled if not is_admin(name)) == []
    assert sorted(tabled - names) == []  # no row for a URL that is gone


def test_every_row_answers_every_person_for_every_method():
    for row in TABLE:
        assert "GET" in row.methods, row.key
        for method, answers in row.methods.items():
            assert set(answers) == set(ROLES), (row.key, method)
        for method in row.changes:
            assert method in row.methods, (row.key, method)


def test_the_admin_rule_covers_every_admin_url_and_is_tested_on_a_sample():
    admin_names = {name for name in portal_url_names() if is_admin(name)}
    sampled = {row.name for row in TABLE if is_admin(row.name)}
    assert len(admin_names) > 50  # every model's pages: all under ADMIN_RULE
    assert len(sampled) >= 5
    for row in TABLE:
        if is_admin(row.name):
            answers = dict(row.methods["GET"])
            # Changshou's administrator: the rule, or "not yours" for a record elsewhere, or
            # refused for what is shared or not scoped.
            assert answers.pop("district_admin") in (200, REDIRECT, 403), row.key
            assert answers == {r: a for r, a in ADMIN_RULE.items() if r != "district_admin"}


# --- The records, built once for the module ---------------------------------------------------


@pytest.fixture
def _media_in_tmp():
    """Not a directory per test here: the world's files stay in the world's own (below)."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Everyone and everything of the table, in one transaction rolled back at the end; each
    test runs in a savepoint inside it, so what one request changes is gone for the next."""
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            for role, user in built.users.items():
                signed_in = Client()
                signed_in.force_login(user)
                built.sessions[role] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the token endpoint counts attempts per address


def _client(world, row, role):
    client = APIClient()
    if role == "anonymous":
        return client
    if row.api:
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")
    else:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _request(client, row, method, url, body):
    if method == "GET":
        return client.get(url)
    if row.api and not any(hasattr(value, "read") for value in (body or {}).values()):
        return getattr(client, method.lower())(url, body, format="json")
    if method == "POST":
        return client.post(url, body or {})
    return getattr(client, method.lower())(url, body)


def _check_answer(response, answer, cell):
    if answer == LOGIN:
        assert response.status_code == 302, cell
        assert response.url.startswith(reverse("accounts:login") + "?next="), (cell, response.url)
    elif answer == ADMIN_LOGIN:
        assert response.status_code == 302, cell
        assert response.url.startswith(reverse("admin:login")), (cell, response.url)
    elif answer == REDIRECT:
        assert response.status_code == 302, (cell, response.status_code)
        assert not response.url.startswith(reverse("accounts:login")), (cell, response.url)
        assert not response.url.startswith(reverse("admin:login")), (cell, response.url)
    else:
        assert response.status_code == answer, (cell, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "method", "role"), CELLS)
def test_access(world, key, method, role):
    row = ROWS[key]
    answer = row.methods[method][role]
    client = _client(world, row, role)
    url = reverse(row.name, kwargs=row.kwargs(world))
    before = row.probe(world) if row.probe else None
    body = row.data(world, role) if row.data and method != "GET" else None
    response = _request(client, row, method, url, body)
    cell = f"{row.key} {method} as {role}"
    _check_answer(response, answer, cell)
    if row.probe:
        after = row.probe(world)
        if role in row.changes.get(method, ()):
            assert after != before, f"{cell}: should have changed {before!r}"
        else:
            assert after == before, f"{cell}: changed {before!r} to {after!r}"
    if row.shows and response.status_code == 200:
        assert row.shows(world, response) == (role in row.sees), f"{cell}: shows the record?"


def test_the_number_of_cells(capsys):
    """Prints how many rows and cells the table has, and checks the count adds up."""
    per_method = {}
    for _key, method, _role in (param.values for param in CELLS):
        per_method[method] = per_method.get(method, 0) + 1
    with capsys.disabled():
        print(f"\naccess matrix: {len(TABLE)} rows, {len(CELLS)} cells {per_method}")
    assert len(CELLS) == sum(len(answers) for row in TABLE for answers in row.methods.values())
