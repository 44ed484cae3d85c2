"""The intake API through a client's eyes: tokens, profile, drafts, uploads, submission, cases."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from applications import actions
from applications.models import ApplicantProfile, Application, ApplicationItem, Document, Referral
from portal.accounts.tokens import token_issue
from tests.data import PDF, VALID_ID
from tests.factories import PASSWORD, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
PROFILE = "/api/v1/me/profile/"
APPLICATIONS = "/api/v1/applications/"
REFERRALS = "/api/v1/referrals/"


def application_url(application, tail=""):
    return f"{APPLICATIONS}{application.pk}/{tail}"


def referral_url(referral, tail=""):
    return f"{REFERRALS}{referral.pk}/{tail}"


def api(user=None, language="en"):
    """A client signed in with the user's token (anonymous without a user)."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)[1]}")
    return client


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def hrss_referral(application):
    return Referral.objects.get(application=application, department__code="hrss")


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The token endpoint counts attempts in the cache; every test starts from none.
    cache.clear()
    yield
    cache.clear()


# --- Tokens ------------------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["wang", "13900000001", "wang@example.com"])
def test_a_good_password_gets_a_token_that_signs_in(applicant, identifier):
    applicant.phone = "13900000001"
    applicant.save()
    response = api().post(TOKEN, {"username": identifier, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    (stored,) = AuthToken.objects.filter(user=applicant)
    assert token not in stored.digest  # kept hashed
    assert response.json()["expiry"].startswith(str(stored.expiry.year))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(APPLICATIONS).status_code == 200


def test_a_bad_password_gets_400_that_names_nothing_sensitive(applicant):
    wrong = api().post(TOKEN, {"username": "wang", "password": "wrong"}, format="json")
    unknown = api().post(TOKEN, {"username": "nobody", "password": "wrong"}, format="json")
    assert wrong.status_code == unknown.status_code == 400
    # The same words whether the account exists or not, and never the password.
    assert wrong.json() == unknown.json()
    assert list(wrong.json()) == ["non_field_errors"]
    assert "wrong" not in wrong.content.decode()
    assert not AuthToken.objects.exists()


def test_password_guesses_are_slowed_down(applicant):
    client = api()
    for _attempt in range(10):
        client.post(TOKEN, {"username": "wang", "password": "guess"}, format="json")
    response = client.post(TOKEN, {"username": "wang", "password": PASSWORD}, format="json")
    assert response.status_code == 429


def test_a_revoked_token_no_longer_signs_in(applicant):
    client = api(applicant)
    assert client.delete(TOKEN).status_code == 204
    assert client.get(APPLICATIONS).status_code == 401
    assert not AuthToken.objects.filter(user=applicant).exists()


def test_a_token_expires_after_its_days(applicant, settings):
    import datetime

    import time_machine

    client = api(applicant)
    assert client.get(APPLICATIONS).status_code == 200
    later = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS, minutes=1)
    with time_machine.travel(later):
        assert client.get(APPLICATIONS).status_code == 401


def test_a_changed_password_revokes_every_token(client, applicant):
    first, second = api(applicant), api(applicant)
    client.force_login(applicant)
    new = "a-new-home-2026"
    client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert first.get(APPLICATIONS).status_code == 401
    assert second.get(APPLICATIONS).status_code == 401


def test_a_person_sees_and_revokes_their_tokens_on_a_page(client, applicant, other_applicant):
    mine, other = api(applicant), api(other_applicant)
    api(applicant)
    client.force_login(applicant)
    page = client.get(reverse("accounts:api_tokens"))
    tokens = list(page.context["tokens"])
    assert len(tokens) == 2 and all(token.user == applicant for token in tokens)
    client.post(reverse("accounts:api_tokens"), {"revoke": tokens[-1].digest})
    assert mine.get(APPLICATIONS).status_code == 401  # the oldest, revoked
    # Another person's token cannot be revoked from here.
    theirs = AuthToken.objects.get(user=other_applicant)
    client.post(reverse("accounts:api_tokens"), {"revoke": theirs.digest})
    assert other.get(APPLICATIONS).status_code == 200
    client.post(reverse("accounts:api_tokens"), {"revoke_all": "1"})
    assert not AuthToken.objects.filter(user=applicant).exists()


def test_an_administrator_signs_a_person_out_everywhere(client, applicant, administrator):
    token_client = api(applicant)
    browser = client.__class__()
    browser.force_login(applicant)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "sign_out_everywhere", "_selected_action": [applicant.pk]},
    )
    assert response.status_code == 302
    assert token_client.get(APPLICATIONS).status_code == 401
    assert not browser.get(reverse("home")).context["user"].is_authenticated


def test_anonymous_callers_get_401(submitted):
    client = api()
    for url in (PROFILE, APPLICATIONS, application_url(submitted), REFERRALS):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"


def test_the_portal_session_works_too(client, applicant, submitted):
    client.force_login(applicant)
    response = client.get(application_url(submitted))
    assert response.status_code == 200
    assert response.json()["id"] == submitted.pk


def test_the_public_read_endpoints_need_no_credentials(five_programmes):
    client = api()
    assert client.get("/api/v1/programmes/").status_code == 200
    response = client.post("/api/v1/eligibility/", {"facts": {"age": 30}}, format="json")
    assert response.status_code == 200


# --- Profile -----------------------------------------------------------------------------------


def profile_body(**overrides):
    body = {
        "name": "王小红",
        "gender": "female",
        "birth_date": "1990-01-01",
        "phone": "138 0000 0001",
        "id_number": VALID_ID.lower(),
        "hukou": "rural",
        "hukou_in_county": True,
        "five_types": ["poor_family"],
        "consent": True,
    }
    body.update(overrides)
    return body


def test_the_profile_is_saved_and_read_back_in_full_by_its_owner(applicant):
    client = api(applicant)
    assert client.get(PROFILE).status_code == 404
    response = client.put(PROFILE, profile_body(), format="json")
    assert response.status_code == 201, response.json()
    saved = client.get(PROFILE).json()
    assert saved["id_number"] == VALID_ID  # the owner's own: in full
    assert saved["phone"] == "13800000001"
    assert saved["five_types"] == ["poor_family"]
    assert saved["consent_given_at"] is not None
    assert "consent" not in saved
    # A second PUT replaces: fields left out are emptied, five_types left out stays known.
    response = client.put(
        PROFILE, profile_body(hukou_in_county=None, five_types=None, consent=False), format="json"
    )
    assert response.status_code == 200, response.json()
    profile = ApplicantProfile.objects.get(user=applicant)
    assert profile.hukou_in_county is None
    assert profile.five_types == ["poor_family"]


def test_a_bad_id_number_checksum_gives_400_naming_id_number(applicant):
    wrong_check = VALID_ID[:17] + ("1" if VALID_ID[17] != "1" else "2")
    response = api(applicant).put(PROFILE, profile_body(id_number=wrong_check), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["id_number"]
    assert "not valid" in response.json()["id_number"][0]
    assert not ApplicantProfile.objects.exists()


def test_the_first_profile_needs_consent(applicant):
    response = api(applicant).put(PROFILE, profile_body(consent=False), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["consent"]


def test_required_profile_fields_are_named(applicant):
    response = api(applicant).put(PROFILE, {"name": "王小红", "consent": True}, format="json")
    assert response.status_code == 400
    # The date of birth and the gender may be left out: the ID card number holds them.
    assert set(response.json()) == {"phone", "id_number", "hukou"}


# --- Drafts and uploads ------------------------------------------------------------------------


def test_an_applicant_starts_a_draft(applicant, five_programmes):
    response = api(applicant).post(
        APPLICATIONS, {"programmes": ["syb-training", "sme-subsidy"]}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    application = Application.objects.get(applicant=applicant)
    assert body["id"] == application.pk
    assert response["Location"] == body["url"]
    assert body["status"] == "draft"
    assert [item["programme"] for item in body["items"]] == ["syb-training", "sme-subsidy"]
    assert body["referrals"] == [] and body["documents"] == [] and body["correspondence"] == []


@pytest.mark.parametrize(
    "programmes", [[], ["no-such-programme"], ["syb-training", "no-such-programme"], "syb"]
)
def test_a_draft_needs_programmes_taking_applications(applicant, five_programmes, programmes):
    response = api(applicant).post(APPLICATIONS, {"programmes": programmes}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["programmes"]
    assert not Application.objects.exists()


def test_a_closed_programme_cannot_be_applied_for(applicant, hrss):
    ProgrammeFactory(
        slug="closed",
        department=hrss,
        opens_on=datetime.date(2019, 1, 1),
        closes_on=datetime.date(2020, 1, 1),
    )
    response = api(applicant).post(APPLICATIONS, {"programmes": ["closed"]}, format="json")
    assert response.status_code == 400
    assert "closed" in response.json()["programmes"][0]


def test_a_pdf_is_uploaded(applicant, profile, five_programmes, id_card):
    application = actions.application_start(applicant=applicant, programmes=five_programmes[:1])
    response = api(applicant).post(
        application_url(application, "documents/"),
        {"document_type": "id_card", "file": SimpleUploadedFile("身份证.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    document = Document.objects.get(application=application)
    assert response.json() == {
        "id": document.pk,
        "document_type": "id_card",
        "name": "身份证.pdf",
        "size": len(PDF),
        "content_type": "application/pdf",
        "uploaded_at": response.json()["uploaded_at"],
        "url": "http://testserver" + reverse("applications:document", args=[document.pk]),
    }
    assert api(applicant).get(application_url(application)).json()["documents"] == [response.json()]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "not a PDF"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "10 MB"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_bad_file_gives_400_naming_file_and_nothing_is_stored(
    applicant, draft, settings, name, content, words
):
    documents = set(Document.objects.values_list("pk", "sha256"))
    files = media_files(settings)
    response = api(applicant).post(
        application_url(draft, "documents/"),
        {"document_type": "id_card", "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert words in response.json()["file"][0]
    assert set(Document.objects.values_list("pk", "sha256")) == documents
    assert media_files(settings) == files


def test_an_unknown_document_type_is_named(applicant, draft):
    response = api(applicant).post(
        application_url(draft, "documents/"),
        {"document_type": "passport", "file": SimpleUploadedFile("p.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["document_type"]


def test_a_submitted_application_takes_no_more_documents(applicant, submitted):
    response = api(applicant).post(
        application_url(submitted, "documents/"),
        {"document_type": "id_card", "file": SimpleUploadedFile("id.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


# --- Submission --------------------------------------------------------------------------------


def test_submitting_five_programmes_makes_three_referrals(applicant, draft):
    response = api(applicant).post(application_url(draft, "submit/"))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert [referral["department"]["code"] for referral in body["referrals"]] == [
        "hrss",
        "market",
        "scitech",
    ]
    hrss = body["referrals"][0]
    assert hrss["department"]["name"] == "HRSS Bureau"
    assert hrss["status"] == "submitted"
    assert hrss["due_on"] == hrss_referral(draft).due_on.isoformat()
    assert {item["programme"] for item in hrss["items"]} == {
        "syb-training",
        "startup-guarantee-loan",
    }
    assert {(item["decision"], item["decision_reason"]) for item in hrss["items"]} == {
        ("pending", "")
    }
    assert Referral.objects.filter(application=draft).count() == 3


def test_the_same_idempotency_key_twice_makes_one_set_of_referrals(applicant, draft):
    client = api(applicant)
    url = application_url(draft, "submit/")
    first = client.post(url, HTTP_IDEMPOTENCY_KEY="d3b07384-retry")
    second = client.post(url, HTTP_IDEMPOTENCY_KEY="d3b07384-retry")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert Referral.objects.filter(application=draft).count() == 3
    draft.refresh_from_db()
    assert draft.idempotency_key == "d3b07384-retry"


def test_an_incomplete_draft_is_refused_with_what_is_missing(applicant, five_programmes):
    application = actions.application_start(applicant=applicant, programmes=five_programmes[:1])
    response = api(applicant).post(application_url(application, "submit/"))
    assert response.status_code == 400
    problems = response.json()["non_field_errors"]
    assert any("ID card" in problem for problem in problems)  # the document to upload
    assert any("consent" in problem or "Agree" in problem for problem in problems)
    assert not Referral.objects.exists()
    application.refresh_from_db()
    assert application.submitted_at is None


# --- The applicant's applications: their own only ----------------------------------------------


def test_the_applicant_follows_the_application_but_never_sees_internal_notes(
    applicant, submitted, official
):
    referral = hrss_referral(submitted)
    actions.referral_act(referral=referral, by=official, action="note", text="内部备注不公开")
    actions.referral_act(referral=referral, by=official, action="request_info", text="请补充材料")
    body = api(applicant).get(application_url(submitted)).json()
    assert body["status"] == "info_requested"
    assert [message["text"] for message in body["correspondence"]] == ["请补充材料"]
    assert body["correspondence"][0]["department"]["code"] == "hrss"
    assert "内部备注不公开" not in str(body)
    assert len(body["documents"]) == 3
    listed = api(applicant).get(APPLICATIONS).json()
    assert [row["id"] for row in listed["results"]] == [submitted.pk]
    assert listed["results"][0]["status"] == "info_requested"


def test_another_applicant_gets_404_for_everything(submitted, other_applicant):
    client = api(other_applicant)
    assert client.get(application_url(submitted)).status_code == 404
    response = client.post(
        application_url(submitted, "documents/"),
        {"document_type": "id_card", "file": SimpleUploadedFile("id.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 404
    assert client.post(application_url(submitted, "submit/")).status_code == 404
    assert client.get(APPLICATIONS).json()["count"] == 0


def test_another_applicant_cannot_submit_or_fill_a_draft(draft, other_applicant):
    client = api(other_applicant)
    documents = Document.objects.count()
    response = client.post(
        application_url(draft, "documents/"),
        {"document_type": "id_card", "file": SimpleUploadedFile("id.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 404
    assert client.post(application_url(draft, "submit/")).status_code == 404
    assert Document.objects.count() == documents
    assert not Referral.objects.exists()


# --- Referrals: the official's department only --------------------------------------------------


def test_an_official_lists_only_their_department_s_referrals(submitted, official, other_official):
    body = api(official).get(REFERRALS).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    assert body["results"][0]["id"] == hrss_referral(submitted).pk
    assert {item["programme"] for item in body["results"][0]["items"]} == {
        "syb-training",
        "startup-guarantee-loan",
    }
    market = api(other_official).get(REFERRALS).json()["results"]
    assert [row["id"] for row in market] == [
        Referral.objects.get(application=submitted, department__code="market").pk
    ]


def test_the_referral_list_filters_like_the_queue(submitted, official):
    referral = hrss_referral(submitted)
    client = api(official)
    assert client.get(REFERRALS, {"overdue": "true"}).json()["count"] == 0
    Referral.objects.filter(pk=referral.pk).update(due_on=datetime.date(2020, 1, 1))
    overdue = client.get(REFERRALS, {"overdue": "true"}).json()["results"]
    assert [(row["id"], row["deadline"]) for row in overdue] == [(referral.pk, "overdue")]
    assert client.get(REFERRALS, {"programme": "syb-training"}).json()["count"] == 1
    assert client.get(REFERRALS, {"status": "decided"}).json()["count"] == 0
    assert client.get(REFERRALS, {"status": "all"}).json()["count"] == 1
    # Another department's programme, or an unknown status, is named.
    response = client.get(REFERRALS, {"programme": "sme-subsidy", "status": "lost"})
    assert response.status_code == 400
    assert set(response.json()) == {"programme", "status"}


def test_the_official_reads_the_case_with_the_id_number_masked(submitted, official):
    referral = hrss_referral(submitted)
    client = api(official)
    for url in (REFERRALS, referral_url(referral)):
        response = client.get(url)
        assert VALID_ID not in response.content.decode(), url
    body = client.get(referral_url(referral)).json()
    assert body["applicant"]["id_number"] == "500" + "*" * 14 + VALID_ID[-1:]
    assert body["applicant"]["name"] == "王小红"
    assert body["department"]["code"] == "hrss"
    assert body["version"] == 1
    assert "approve" in body["actions"] and "assign" not in body["actions"]
    assert {document["document_type"] for document in body["documents"]} == {
        "id_card",
        "hukou_booklet",
        "business_plan",
    }


def test_an_official_of_another_department_gets_404(submitted, official):
    scitech = Referral.objects.get(application=submitted, department__code="scitech")
    client = api(official)  # hrss
    assert client.get(referral_url(scitech)).status_code == 404
    response = client.post(
        referral_url(scitech, "actions/"), {"action": "start_review"}, format="json"
    )
    assert response.status_code == 404
    scitech.refresh_from_db()
    assert scitech.status == "submitted" and scitech.version == 1


def test_applicants_have_no_referrals(submitted, applicant):
    client = api(applicant)
    assert client.get(REFERRALS).status_code == 404
    assert client.get(referral_url(hrss_referral(submitted))).status_code == 404


# --- Actions -----------------------------------------------------------------------------------


def items_of(referral):
    return {item.programme.slug: item for item in referral.items.select_related("programme")}


def act(user, referral, **body):
    return api(user).post(referral_url(referral, "actions/"), body, format="json")


def test_the_official_approves_and_rejects_and_the_applicant_sees_it(
    submitted, official, applicant
):
    referral = hrss_referral(submitted)
    items = items_of(referral)
    response = act(official, referral, action="approve", item=items["syb-training"].pk, version=1)
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert response.json()["status"] == "in_review"
    response = act(
        official,
        referral,
        action="reject",
        item=items["startup-guarantee-loan"].pk,
        reason="自筹资金不足",
        version=2,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "decided"
    body = api(applicant).get(application_url(submitted)).json()
    hrss = next(part for part in body["referrals"] if part["department"]["code"] == "hrss")
    assert {
        (item["programme"], item["decision"], item["decision_reason"]) for item in hrss["items"]
    } == {
        ("syb-training", "approved", ""),
        ("startup-guarantee-loan", "rejected", "自筹资金不足"),
    }
    assert body["status"] == "partly_decided"


def test_a_rejection_without_a_reason_gives_400_naming_reason(submitted, official):
    referral = hrss_referral(submitted)
    item = items_of(referral)["syb-training"]
    response = act(official, referral, action="reject", item=item.pk, reason="  ")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    item.refresh_from_db()
    assert item.decision == "pending"


def test_approving_needs_an_item_of_the_case(submitted, official):
    referral = hrss_referral(submitted)
    other = ApplicationItem.objects.get(application=submitted, programme__slug="sme-subsidy")
    response = act(official, referral, action="approve", item=other.pk)
    assert response.status_code == 400
    assert list(response.json()) == ["item"]


def test_the_official_asks_the_applicant_for_information(submitted, official):
    referral = hrss_referral(submitted)
    response = act(official, referral, action="request_info", reason="请补充营业执照", version=1)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "info_requested"
    assert body["paused_at"] is not None
    assert [message["text"] for message in body["messages"]] == ["请补充营业执照"]


def test_a_stale_version_gives_409_and_changes_nothing(submitted, official, head):
    referral = hrss_referral(submitted)
    assert act(head, referral, action="start_review", version=1).status_code == 200
    item = items_of(referral)["syb-training"]
    response = act(official, referral, action="approve", item=item.pk, version=1)
    assert response.status_code == 409
    assert "Someone else acted" in response.json()["detail"]
    item.refresh_from_db()
    assert item.decision == "pending"


def test_an_action_the_official_may_not_take_is_403(submitted, official, head):
    referral = hrss_referral(submitted)
    response = act(official, referral, action="assign", assignee=official.pk)
    assert response.status_code == 403
    assert response.json()["detail"]
    # The head may, but only to an official of the department.
    response = act(head, referral, action="assign", assignee=official.pk)
    assert response.status_code == 200
    assert response.json()["assignee"] == {"id": official.pk, "name": "李明"}
    stranger = UserFactory(
        role="official",
        department=Referral.objects.exclude(department__code="hrss").first().department,
    )
    response = act(head, referral, action="assign", assignee=stranger.pk)
    assert response.status_code == 400
    assert list(response.json()) == ["assignee"]


def test_an_action_not_open_in_this_state_is_refused(submitted, official):
    referral = hrss_referral(submitted)
    act(official, referral, action="request_info", reason="请补充")
    response = act(official, referral, action="request_info", reason="再问一次")
    assert response.status_code == 403
    assert "Waiting for the applicant" in response.json()["detail"]


def test_an_unknown_action_is_named(submitted, official):
    response = act(official, hrss_referral(submitted), action="answer", reason="x")
    assert response.status_code == 400
    assert list(response.json()) == ["action"]


# --- Query budgets ------------------------------------------------------------------------------


def _many_applications(applicant, programme, count):
    applications = Application.objects.bulk_create(
        Application(applicant=applicant) for _ in range(count)
    )
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=application, programme=programme)
        for application in applications
    )
    return applications


@pytest.mark.parametrize("count", [10, 1000])
def test_my_applications_runs_a_fixed_number_of_queries(
    applicant, count, django_assert_num_queries
):
    _many_applications(applicant, ProgrammeFactory(), count)
    client = api(applicant)
    # token with its user, count, page, items with programmes, referrals with departments
    with django_assert_num_queries(5):
        response = client.get(APPLICATIONS)
    assert response.json()["count"] == count
    assert len(response.json()["results"]) == min(count, 20)


@pytest.mark.parametrize("count", [10, 1000])
def test_the_referral_list_runs_a_fixed_number_of_queries(
    official, hrss, count, django_assert_num_queries
):
    programme = ProgrammeFactory(department=hrss)
    applications = _many_applications(UserFactory(), programme, count)
    referrals = Referral.objects.bulk_create(
        Referral(application=application, department=hrss, due_on=datetime.date(2026, 12, 1))
        for application in applications
    )
    items = list(ApplicationItem.objects.order_by("application_id"))
    for referral, item in zip(referrals, items, strict=True):
        item.referral = referral
    ApplicationItem.objects.bulk_update(items, ["referral"])
    client = api(official)
    # token with its user, count, page with applications, applicants and assignees,
    # items with programmes, holidays for the deadline marks
    with django_assert_num_queries(5):
        response = client.get(REFERRALS)
    assert response.json()["count"] == count
    assert len(response.json()["results"]) == min(count, 20)
