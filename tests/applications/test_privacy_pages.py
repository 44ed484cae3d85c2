"""The applicant's "My data" pages and the password confirmation before sensitive steps."""

import datetime
import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from applications import actions
from applications.models import (
    ApplicantProfile,
    Application,
    ApplicationItem,
    AuditEvent,
    Document,
    Message,
    PersonalDataAccess,
    Referral,
)
from services.models import ScreenerAnswers
from tests.applications.test_api import PROFILE, api, hrss_referral, profile_body
from tests.applications.test_pages import profile_post
from tests.data import VALID_ID, id_number_for
from tests.factories import PASSWORD, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_back_to_chinese():
    # An API call in English leaves English active in this thread; the next test gets Chinese.
    yield
    translation.activate(settings.LANGUAGE_CODE)


NEW_ID = id_number_for(datetime.date(1990, 1, 1), n=1)


@pytest.fixture(autouse=True)
def _no_failures_counted():
    cache.clear()
    yield
    cache.clear()


def confirm(client, next_url="/"):
    response = client.post(
        reverse("accounts:confirm_password"), {"password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    return response


def sends_to_confirmation(response, next_url):
    return response.status_code == 302 and response.url == (
        reverse("accounts:confirm_password") + "?next=" + next_url.replace("/", "%2F")
    )


# --- The page ----------------------------------------------------------------------------------


def test_my_data_shows_everything_kept_about_me(client, submitted, applicant, official):
    ScreenerAnswers.objects.create(user=applicant, facts={"age": 30})
    actions.referral_act(
        referral=hrss_referral(submitted), by=official, action="request_info", text="请补充材料"
    )
    client.force_login(applicant)
    home = client.get(reverse("home")).content.decode()
    assert reverse("applications:my_data") in home  # in the account menu
    page = client.get(reverse("applications:my_data"))
    text = page.content.decode()
    assert applicant.username in text and "王小红" in text
    assert VALID_ID not in text and VALID_ID[:3] + "*" * 14 + VALID_ID[-1] in text  # masked
    assert reverse("applications:detail", args=[submitted.pk]) in text
    for document in submitted.documents.all():
        assert document.original_name in text
    assert page.context["message_count"] == 1
    assert page.context["notification_count"] == 1
    assert page.context["screener"] is not None
    assert "180" in text  # the retention of drafts is stated


def test_staff_have_no_my_data_page(client, official):
    client.force_login(official)
    assert client.get(reverse("applications:my_data")).status_code == 404


# --- Confirming the password -------------------------------------------------------------------


def test_the_download_asks_for_the_password_first(client, submitted, applicant):
    client.force_login(applicant)
    url = reverse("applications:my_data_download")
    assert sends_to_confirmation(client.get(url), url)
    wrong = client.post(reverse("accounts:confirm_password"), {"password": "not-mine", "next": url})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert sends_to_confirmation(client.get(url), url)
    assert confirm(client, url).url == url  # back to what was asked for


def test_a_confirmation_expires(client, applicant, time_machine, settings):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC))
    client.force_login(applicant)
    confirm(client)
    url = reverse("applications:my_data_download")
    assert client.get(url).status_code == 200
    time_machine.shift(datetime.timedelta(seconds=settings.REAUTH_MAX_AGE + 1))
    assert sends_to_confirmation(client.get(url), url)


def test_the_confirmation_goes_back_only_to_this_site(client, applicant):
    client.force_login(applicant)
    assert confirm(client, "https://evil.example/").url == reverse("home")


def test_too_many_wrong_passwords_lock_the_confirmation(client, applicant):
    client.force_login(applicant)
    for _ in range(4):
        response = client.post(reverse("accounts:confirm_password"), {"password": "guess"})
        assert response.status_code == 200
    # The fifth is the account's fifth failure, as at sign-in: the lockout answers.
    response = client.post(reverse("accounts:confirm_password"), {"password": "guess"})
    assert response.status_code == 429
    response = client.post(reverse("accounts:confirm_password"), {"password": PASSWORD})
    assert response.status_code == 429  # even the right one waits
    assert "password_confirmed_at" not in client.session


# --- Download ----------------------------------------------------------------------------------


def test_the_download_holds_all_my_data_with_documents_as_links(client, submitted, applicant):
    client.force_login(applicant)
    confirm(client)
    response = client.get(reverse("applications:my_data_download"))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["username"] == applicant.username
    assert data["profile"]["id_number"] == VALID_ID  # their own, in full
    [application] = data["applications"]
    assert application["id"] == submitted.pk
    # Named as the person reads them (codes repeat from one district to the next).
    assert {department["department"] for department in application["departments"]} == {
        "人力资源和社会保障局",
        "市场监督管理局",
        "科学技术局",
    }
    document = application["documents"][0]
    assert document["url"].endswith(reverse("applications:document", args=[document_id(submitted)]))
    assert "%PDF" not in response.content.decode()  # metadata, not the files


def document_id(application):
    return application.documents.order_by("uploaded_at", "id").first().pk


def test_internal_notes_are_not_in_the_download(client, submitted, applicant, official):
    actions.referral_act(
        referral=hrss_referral(submitted), by=official, action="note", text="内部意见"
    )
    client.force_login(applicant)
    confirm(client)
    assert "内部意见" not in client.get(reverse("applications:my_data_download")).content.decode()


# --- Consent -----------------------------------------------------------------------------------


def test_withdrawing_consent_needs_the_password(client, profile, applicant):
    client.force_login(applicant)
    url = reverse("applications:consent_withdraw")
    assert sends_to_confirmation(client.get(url), url)
    response = client.post(url, HTTP_REFERER=f"http://testserver{url}")
    assert sends_to_confirmation(response, url)
    assert ApplicantProfile.objects.get(user=applicant).consent_given_at is not None


def test_without_consent_drafts_wait_and_sent_applications_go_on(
    client, submitted, applicant, official, five_programmes
):
    new_draft = actions.application_start(applicant=applicant, programmes=[ProgrammeFactory()])
    client.force_login(applicant)
    confirm(client)
    client.post(reverse("applications:consent_withdraw"))
    profile = ApplicantProfile.objects.get(user=applicant)
    assert profile.consent_given_at is None and profile.consent_withdrawn_at is not None
    review = client.get(reverse("applications:step_review", args=[new_draft.pk]))
    assert "同意" in " ".join(review.context["problems"]) or any(
        "personal information" in problem for problem in review.context["problems"]
    )
    client.post(reverse("applications:step_review", args=[new_draft.pk]))
    assert Application.objects.get(pk=new_draft.pk).submitted_at is None
    # The sent application goes on: the department still decides.
    referral = hrss_referral(submitted)
    item = referral.items.first()
    actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)
    assert ApplicationItem.objects.get(pk=item.pk).decision == "approved"
    # Agreeing again on the profile page lets the draft go.
    client.post(reverse("applications:profile"), profile_post())
    assert ApplicantProfile.objects.get(user=applicant).consent_given_at is not None


# --- Deletion ----------------------------------------------------------------------------------


def test_deletion_needs_the_password(client, submitted, applicant):
    client.force_login(applicant)
    url = reverse("applications:erase")
    response = client.post(url, {"confirm": "yes"}, HTTP_REFERER=f"http://testserver{url}")
    assert sends_to_confirmation(response, url)
    assert ApplicantProfile.objects.filter(user=applicant).exists()


def test_deletion_removes_personal_data_and_keeps_the_record_of_decisions(
    client, submitted, applicant, official, five_programmes, django_capture_on_commit_callbacks
):
    referral = hrss_referral(submitted)
    item = referral.items.first()
    actions.referral_act(
        referral=referral, by=official, action="reject", item_id=item.pk, text="不符合"
    )
    draft = actions.application_start(applicant=applicant, programmes=[ProgrammeFactory()])
    ScreenerAnswers.objects.create(user=applicant, facts={"age": 30})
    files = [(document.file.storage, document.file.name) for document in submitted.documents.all()]
    assert files and all(storage.exists(name) for storage, name in files)
    client.force_login(applicant)
    confirm(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:erase"), {"confirm": "yes"})
    assert response.url == reverse("home")

    applicant.refresh_from_db()
    assert applicant.name == f"已删除的申请人 #{applicant.pk}"
    assert (applicant.phone, applicant.email, applicant.is_active) == ("", "", False)
    assert not applicant.has_usable_password()
    assert not ApplicantProfile.objects.filter(user=applicant).exists()
    assert not ScreenerAnswers.objects.filter(user=applicant).exists()
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not Document.objects.filter(application=submitted).exists()
    assert not any(storage.exists(name) for storage, name in files)  # gone from storage
    # The official record stays: the referral, the decision and its reason, the audit trail.
    assert Referral.objects.filter(pk=referral.pk).exists()
    assert ApplicationItem.objects.get(pk=item.pk).decision_reason == "不符合"
    assert AuditEvent.objects.filter(application=submitted, action="personal_data_erased").exists()
    assert Message.objects.filter(referral=referral, kind="decision").exists()
    # Signed out, and signing in again is impossible.
    assert client.get(reverse("applications:my_data")).status_code == 302
    assert not client.login(username=f"deleted-{applicant.pk}", password=PASSWORD)
    # The official sees the case with the anonymised applicant, no ID number.
    client.force_login(official)
    page = client.get(reverse("applications:case", args=[referral.pk])).content.decode()
    assert f"已删除的申请人 #{applicant.pk}" in page
    assert "王小红" not in page and VALID_ID[-4:] not in page


def test_deletion_without_ticking_the_box_does_nothing(client, profile, applicant):
    client.force_login(applicant)
    confirm(client)
    response = client.post(reverse("applications:erase"))
    assert response.status_code == 200 and response.context["error"]
    assert ApplicantProfile.objects.filter(user=applicant).exists()


def test_an_administrator_erases_from_the_admin(client, submitted, applicant, administrator):
    client.force_login(administrator)
    profile = ApplicantProfile.objects.get(user=applicant)
    client.post(
        reverse("admin:applications_applicantprofile_changelist"),
        {"action": "erase_personal_data", "_selected_action": [profile.pk]},
    )
    applicant.refresh_from_db()
    assert not applicant.is_active
    assert AuditEvent.objects.get(action="personal_data_erased").actor == administrator


# --- A new ID card number ----------------------------------------------------------------------


def test_changing_the_id_number_needs_the_password(client, profile, applicant):
    client.force_login(applicant)
    url = reverse("applications:profile")
    response = client.post(url, profile_post(id_number=NEW_ID))
    assert response.status_code == 200
    assert response.context["confirm_url"].startswith(reverse("accounts:confirm_password"))
    assert ApplicantProfile.objects.get(user=applicant).id_number == VALID_ID
    # Other details still save without it.
    client.post(url, profile_post(hukou_town="桂溪街道"))
    assert ApplicantProfile.objects.get(user=applicant).hukou_town == "桂溪街道"


def test_a_confirmed_person_changes_the_id_number(client, profile, applicant):
    client.force_login(applicant)
    confirm(client)
    response = client.post(reverse("applications:profile"), profile_post(id_number=NEW_ID))
    assert response.status_code == 302
    assert ApplicantProfile.objects.get(user=applicant).id_number == NEW_ID


def test_the_first_id_number_needs_no_confirmation(client, applicant):
    client.force_login(applicant)
    client.post(reverse("applications:profile"), profile_post())
    assert ApplicantProfile.objects.get(user=applicant).id_number == VALID_ID


def test_through_the_api_a_new_id_number_needs_the_password(profile, applicant):
    client = api(applicant)
    refused = client.put(PROFILE, profile_body(id_number=NEW_ID), format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["id_number"]
    accepted = client.put(PROFILE, profile_body(id_number=NEW_ID, password=PASSWORD), format="json")
    assert accepted.status_code == 200
    assert ApplicantProfile.objects.get(user=applicant).id_number == NEW_ID
    assert "password" not in accepted.json()


@pytest.mark.parametrize("count", [5, 80])
def test_my_data_runs_a_fixed_number_of_queries(
    client, applicant, official, count, django_assert_num_queries
):
    programme = ProgrammeFactory()
    applications = Application.objects.bulk_create(
        Application(applicant=applicant) for _ in range(count)
    )
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=application, programme=programme)
        for application in applications
    )
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(subject=applicant, viewer=official, channel="case") for _ in range(count)
    )
    client.force_login(applicant)
    # session, user, profile, applications, their items, the items' programmes, documents,
    # count of messages, count of notifications, screener answers, accesses with viewers and
    # departments, unread notifications
    with django_assert_num_queries(13):
        response = client.get(reverse("applications:my_data"))
    assert len(response.context["accesses"]) == min(count, 50)


@pytest.mark.parametrize("sent", [1, 12])
def test_erasure_runs_the_same_queries_however_many_applications_were_sent(
    applicant, sent, django_assert_num_queries
):
    from applications.privacy import personal_data_erase

    programme = ProgrammeFactory()
    Application.objects.bulk_create(
        Application(applicant=applicant, submitted_at=timezone.now()) for _ in range(sent)
    )
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=application, programme=programme)
        for application in Application.objects.filter(applicant=applicant)
    )
    with django_assert_num_queries(QUERIES_TO_ERASE):
        personal_data_erase(user=applicant, by=applicant)
    assert AuditEvent.objects.filter(action="personal_data_erased").count() == sent


# lock, documents, their rows, documents of their own, drafts (cascade), the profile's signed
# consent form, profile, answers, choices, tokens, the sent applications, their audit events in
# one insert, the account, and the reloads around them
QUERIES_TO_ERASE = 15


# --- The ID card number on the case page ------------------------------------------------------


def _numbers_that_fit(masked: str, county: str, born: str, female: bool) -> list[str]:
    """Every valid ID number with this county and birth date that the mask could be."""
    from django.core.exceptions import ValidationError

    from applications.profiles import validate_id_number

    found = []
    for sequence in range(1000):
        for check in "0123456789X":
            number = f"{county}{born}{sequence:03d}{check}"
            if (sequence % 2 == 0) != female:
                continue
            shown_tail = masked.lstrip("0123456789").lstrip("*")
            if not number.endswith(shown_tail):
                continue
            try:
                validate_id_number(number)
            except ValidationError:
                continue
            found.append(number)
    return found


def test_the_masked_number_cannot_be_rebuilt_from_the_case_page(client, submitted, official):
    """With the county and the birth date beside it, the masked number leaves dozens of
    possible numbers; the first 3 and last 4 shown before gave it whole."""
    from applications.models import Referral
    from tests.data import VALID_ID

    referral = Referral.objects.filter(department=official.department).first()
    client.force_login(official)
    page = client.get(reverse("applications:case", args=[referral.pk])).content.decode()
    masked = "500" + "*" * 14 + VALID_ID[-1]
    assert masked in page and VALID_ID not in page
    female = int(VALID_ID[16]) % 2 == 0
    county, born = VALID_ID[:6], VALID_ID[6:14]
    assert len(_numbers_that_fit(masked, county, born, female)) >= 20
    old_mask = VALID_ID[:3] + "*" * 11 + VALID_ID[-4:]
    assert _numbers_that_fit(old_mask, county, born, female) == [VALID_ID]


def test_the_whole_number_is_shown_on_asking_and_the_applicant_sees_who_looked(
    client, submitted, official, applicant
):
    from applications.models import PersonalDataAccess, Referral
    from tests.data import VALID_ID

    referral = Referral.objects.filter(department=official.department).first()
    client.force_login(official)
    response = client.post(reverse("applications:case_id_number", args=[referral.pk]))
    assert response.status_code == 200 and VALID_ID in response.content.decode()
    assert PersonalDataAccess.objects.filter(subject=applicant, channel="id-shown").count() == 1
    client.force_login(applicant)
    page = client.get(reverse("applications:my_data")).content.decode()
    assert "查看了完整的身份证号码" in page and official.name in page
