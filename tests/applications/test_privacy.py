"""ID card numbers: encrypted in the database, never in a log or an error report, masked for
everyone but their owner; and every look at someone's details by somebody else recorded."""

import datetime
import importlib
import io
import logging
import types

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.views.debug import ExceptionReporter
from rest_framework.test import APIClient

from applications import actions
from applications.models import ApplicantProfile, PersonalDataAccess
from tests.applications.test_api import api, hrss_referral, referral_url
from tests.applications.test_pages import profile_post
from tests.data import PDF, VALID_ID, id_number_for
from tests.factories import UserFactory
from tests.fixtures import file_at_the_counter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_back_to_chinese():
    # An API call in English leaves English active in this thread; the next test gets Chinese.
    yield
    translation.activate(settings.LANGUAGE_CODE)


OTHER_ID = id_number_for(datetime.date(1990, 1, 1), n=1)


def stored_id_number(profile) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number FROM applications_applicantprofile WHERE id = %s", [profile.pk]
        )
        return cursor.fetchone()[0]


# --- Encryption --------------------------------------------------------------------------------


def test_the_database_holds_only_the_encrypted_number(profile):
    stored = stored_id_number(profile)
    assert VALID_ID not in stored
    assert Fernet(_first_key()).decrypt(stored.encode()).decode() == VALID_ID
    assert ApplicantProfile.objects.get(pk=profile.pk).id_number == VALID_ID


def _first_key():
    from django.conf import settings

    return settings.FIELD_ENCRYPTION_KEYS[0]


def test_no_statement_sent_to_the_database_carries_the_clear_number(applicant):
    with CaptureQueriesContext(connection) as queries:
        actions.profile_save(
            user=applicant,
            data={"name": "王小红", "id_number": VALID_ID, "phone": "13800000001"},
            consent=True,
        )
    assert queries.captured_queries
    assert not [query for query in queries.captured_queries if VALID_ID in query["sql"]]


def test_a_new_key_encrypts_and_the_old_one_still_reads(profile, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert ApplicantProfile.objects.get(pk=profile.pk).id_number == VALID_ID
    profile.save()
    Fernet(new_key).decrypt(stored_id_number(profile).encode())  # the new key wrote it
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert ApplicantProfile.objects.get(pk=profile.pk).id_number == VALID_ID


def test_after_a_new_key_the_command_reencrypts_so_the_old_key_can_go(profile, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("reencrypt_id_numbers", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert ApplicantProfile.objects.get(pk=profile.pk).id_number == VALID_ID


def test_keys_that_cannot_read_the_data_fail_the_system_check(profile, settings):
    from django.core.management.base import SystemCheckError

    call_command("check", stdout=io.StringIO())  # the right key: nothing to say
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(SystemCheckError, match=r"applications\.E001.*FIELD_ENCRYPTION_KEYS"):
        call_command("check", stdout=io.StringIO())


def test_keys_that_cannot_read_the_data_give_a_readable_page(client, official, submitted, settings):
    from applications.models import Referral

    referral = Referral.objects.filter(department=official.department).first()
    client.force_login(official)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    response = client.get(reverse("applications:case", args=[referral.pk]))
    assert response.status_code == 503
    assert "暂时无法读取个人信息" in response.content.decode()
    api = APIClient()
    api.force_authenticate(official)
    response = api.get(f"/api/v1/referrals/{referral.pk}/")
    assert response.status_code == 503 and "暂时无法读取个人信息" in response.json()["detail"]


def test_the_migration_encrypts_stored_numbers_and_its_reverse_decrypts_them(profile):
    migration = importlib.import_module("applications.migrations.0005_personal_data")
    editor = types.SimpleNamespace(connection=connection)
    migration.decrypt_id_numbers(apps, editor)
    assert stored_id_number(profile) == VALID_ID  # as before the migration
    migration.encrypt_id_numbers(apps, editor)
    assert stored_id_number(profile) != VALID_ID
    assert ApplicantProfile.objects.get(pk=profile.pk).id_number == VALID_ID


def test_the_profile_repr_and_str_carry_no_number(profile):
    assert VALID_ID not in repr(profile)
    assert VALID_ID not in str(profile)


# --- Never logged ------------------------------------------------------------------------------


@pytest.fixture
def every_log(caplog, settings):
    """Every log record at every level, the SQL of each query included."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    connection.force_debug_cursor = True
    yield caplog
    connection.force_debug_cursor = False


def logged_text(caplog) -> str:
    return "\n".join(
        f"{record.getMessage()} {record.args!r} {getattr(record, 'params', '')!r}"
        for record in caplog.records
    )


def test_saving_and_failing_to_save_the_profile_logs_no_number(client, applicant, every_log):
    client.force_login(applicant)
    client.post(reverse("applications:profile"), profile_post())
    assert ApplicantProfile.objects.get(user=applicant).id_number == VALID_ID
    # A failed save: the phone number is wrong, the ID number right.
    response = client.post(reverse("applications:profile"), profile_post(phone="123"))
    assert response.status_code == 200 and response.context["form"].errors
    assert any(record.name == "django.db.backends" for record in every_log.records)  # SQL too
    assert VALID_ID not in logged_text(every_log)


def test_an_error_while_saving_shows_no_number_in_the_log_or_the_error_report(
    client, applicant, every_log, monkeypatch
):
    def broken(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ApplicantProfile, "save", broken)  # inside profile_save
    client.raise_request_exception = False
    client.force_login(applicant)
    response = client.post(reverse("applications:profile"), profile_post())
    assert response.status_code == 500
    [record] = [record for record in every_log.records if record.name == "django.request"]
    assert VALID_ID not in logged_text(every_log)
    report = ExceptionReporter(record.request, *record.exc_info)
    assert "RuntimeError" in report.get_traceback_text()
    assert VALID_ID not in report.get_traceback_text()
    assert VALID_ID not in report.get_traceback_html()


# --- Masked for everyone but the owner ----------------------------------------------------------


def test_the_owner_sees_the_whole_number_an_official_only_a_masked_one(
    client, submitted, applicant, official
):
    client.force_login(applicant)
    assert VALID_ID in client.get(reverse("applications:profile")).content.decode()
    case = api(official).get(referral_url(hrss_referral(submitted))).json()
    assert case["applicant"]["id_number"] == VALID_ID[:3] + "*" * 14 + VALID_ID[-1:]
    client.force_login(official)
    page = client.get(reverse("applications:case", args=[hrss_referral(submitted).pk]))
    assert VALID_ID not in page.content.decode()


def test_the_admin_shows_the_number_masked_and_records_the_look(
    client, profile, administrator, applicant
):
    client.force_login(administrator)
    listing = client.get(reverse("admin:applications_applicantprofile_changelist"))
    assert VALID_ID not in listing.content.decode()
    assert VALID_ID[:3] + "*" * 14 + VALID_ID[-1:] in listing.content.decode()
    page = client.get(reverse("admin:applications_applicantprofile_change", args=[profile.pk]))
    assert page.status_code == 200
    assert VALID_ID not in page.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.subject, access.viewer, access.channel) == (applicant, administrator, "admin")


# --- Who looked -------------------------------------------------------------------------------


def test_an_official_opening_a_case_is_recorded_and_the_applicant_sees_it(
    client, submitted, applicant, official
):
    referral = hrss_referral(submitted)
    client.force_login(official)
    client.get(reverse("applications:case", args=[referral.pk]), REMOTE_ADDR="10.1.2.3")
    access = PersonalDataAccess.objects.get()
    assert access.subject == applicant
    assert access.viewer == official
    assert access.viewer_department == official.department
    assert access.application == submitted
    assert (access.channel, access.ip_address) == ("case", "10.1.2.3")
    client.force_login(applicant)
    page = client.get(reverse("applications:my_data")).content.decode()
    assert official.name in page
    assert "人力资源和社会保障局" in page


def test_behind_the_proxy_the_record_keeps_the_official_s_address_not_the_proxy_s(
    client, submitted, official, settings
):
    """The address comes from the one place that reads it (throttling.client_address)."""
    settings.BEHIND_TLS_PROXY = True
    client.force_login(official)
    client.get(
        reverse("applications:case", args=[hrss_referral(submitted).pk]),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert PersonalDataAccess.objects.get().ip_address == "203.0.113.9"


def test_an_official_opening_a_document_is_recorded(client, submitted, applicant, official):
    document = submitted.documents.first()
    client.force_login(official)
    assert client.get(reverse("applications:document", args=[document.pk])).status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.subject, access.channel) == (applicant, "document")


def test_the_api_case_is_recorded_too(submitted, official):
    api(official).get(referral_url(hrss_referral(submitted)))
    assert PersonalDataAccess.objects.get().channel == "api"


def test_the_applicant_reading_their_own_data_is_not_recorded(client, submitted, applicant):
    client.force_login(applicant)
    client.get(reverse("applications:profile"))
    client.get(reverse("applications:detail", args=[submitted.pk]))
    client.get(reverse("applications:my_data"))
    client.get(reverse("applications:document", args=[submitted.documents.first().pk]))
    api(applicant).get("/api/v1/me/profile/")
    assert not PersonalDataAccess.objects.exists()


def test_a_manager_filing_for_a_returnee_is_recorded(client, manager, five_programmes, sms):
    client.force_login(manager)
    file_at_the_counter(
        client,
        sms,
        {"phone": "13900000099", "name": "周强", "consent": "on", "programmes": ["syb-training"]},
    )
    returnee = manager.__class__.objects.get(phone="13900000099")
    draft = returnee.applications.get()
    client.post(
        reverse("applications:step_profile", args=[draft.pk]),
        profile_post(consent_scan=SimpleUploadedFile("signed.pdf", PDF)),
    )
    assert not PersonalDataAccess.objects.exists()  # nothing was there to see yet
    client.get(reverse("applications:step_review", args=[draft.pk]))
    access = PersonalDataAccess.objects.get()
    assert (access.subject, access.viewer, access.channel) == (returnee, manager, "assisted")


# --- Consent is the returnee's -----------------------------------------------------------------


def _filed_draft(client, manager, sms, phone="13900000098"):
    client.force_login(manager)
    file_at_the_counter(
        client,
        sms,
        {"phone": phone, "name": "周强", "consent": "on", "programmes": ["syb-training"]},
    )
    returnee = manager.__class__.objects.get(phone=phone)
    return returnee, returnee.applications.get()


def _profile_for(returnee, **overrides):
    return profile_post(name=returnee.name, phone=returnee.phone, **overrides)


def test_a_manager_records_consent_only_with_the_signed_form(client, manager, five_programmes, sms):
    returnee, draft = _filed_draft(client, manager, sms)
    step = reverse("applications:step_profile", args=[draft.pk])
    page = client.get(step).content.decode()
    assert 'enctype="multipart/form-data"' in page and "consent_scan" in page
    response = client.post(step, _profile_for(returnee))
    assert response.status_code == 200
    assert "consent_scan" in response.context["form"].errors
    assert not ApplicantProfile.objects.filter(user=returnee, consent_given_at__isnull=False)
    response = client.post(
        step, _profile_for(returnee, consent_scan=SimpleUploadedFile("签字.html", PDF))
    )
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=returnee)
    assert profile.consent_given_at is not None and profile.consent_recorded_by == manager
    assert profile.consent_scan.name and profile.consent_scan.read() == PDF


def test_the_signed_form_chosen_before_an_error_elsewhere_is_kept_not_chosen_again(
    client, manager, five_programmes, sms, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    returnee, draft = _filed_draft(client, manager, sms)
    step = reverse("applications:step_profile", args=[draft.pk])
    mistyped = _profile_for(
        returnee, id_number="500231199001011237", consent_scan=SimpleUploadedFile("签字.pdf", PDF)
    )
    response = client.post(step, mistyped)
    assert response.status_code == 200 and "id_number" in response.context["form"].errors
    page = response.content.decode()
    assert "“签字.pdf”已保存，不用重新选择" in page
    note = response.context["form"].data["consent_scan_held"]
    assert f'name="consent_scan_held" value="{note}"' in page
    # The ID card number is mended; the browser sends no file this time, only the note.
    response = client.post(step, _profile_for(returnee, consent_scan_held=note))
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=returnee)
    assert profile.consent_recorded_by == manager and profile.consent_scan.read() == PDF
    assert not list((tmp_path / "held").iterdir())  # the held copy went once it was stored


def test_a_held_form_opens_only_for_who_chose_it_and_only_for_a_day(
    client, manager, five_programmes, sms, settings, tmp_path
):
    import os

    from applications import held
    from applications.privacy import drafts_purge

    settings.MEDIA_ROOT = tmp_path
    other = UserFactory(role="manager")
    note, name = held.upload_hold(SimpleUploadedFile("签字.pdf", PDF), by=manager)
    assert name == "签字.pdf" and held.upload_held(note, by=manager).read() == PDF
    assert held.upload_held(note, by=other) is None
    assert held.upload_held(note[:-2] + "xx", by=manager) is None
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert held.upload_held(note, by=manager) is None
    # The nightly purge deletes held files older than a day, and no younger one.
    (path,) = (tmp_path / "held").iterdir()
    young = held.upload_hold(SimpleUploadedFile("b.pdf", PDF), by=manager)
    day_old = (timezone.now() - datetime.timedelta(hours=25)).timestamp()
    os.utime(path, (day_old, day_old))
    assert drafts_purge(timezone.now())["held"] == 1
    assert held.upload_held(young[0], by=manager).read() == PDF
    # A wrong kind of file is refused at once, with its reason, and not held.
    returnee, draft = _filed_draft(client, manager, sms)
    response = client.post(
        reverse("applications:step_profile", args=[draft.pk]),
        _profile_for(returnee, consent_scan=SimpleUploadedFile("scan.pdf", b"<html>")),
    )
    assert "不是 PDF" in " ".join(response.context["form"].errors["consent_scan"])
    assert len(list((tmp_path / "held").iterdir())) == 1


def test_a_manager_can_never_give_again_a_consent_the_returnee_withdrew(
    client, manager, five_programmes, sms
):
    from applications import privacy

    returnee, draft = _filed_draft(client, manager, sms)
    step = reverse("applications:step_profile", args=[draft.pk])
    scan = {"consent_scan": SimpleUploadedFile("signed.pdf", PDF)}
    assert client.post(step, _profile_for(returnee, **scan)).status_code == 302
    privacy.consent_withdraw(user=returnee)
    withdrawn = ApplicantProfile.objects.get(user=returnee).consent_withdrawn_at
    response = client.post(
        step, _profile_for(returnee, consent_scan=SimpleUploadedFile("again.pdf", PDF))
    )
    assert response.status_code == 200
    assert "只有本人" in " ".join(response.context["form"].errors["consent"])
    assert ApplicantProfile.objects.get(user=returnee).consent_given_at is None
    # The returnee gives it again themselves; the withdrawal stays on record.
    client.force_login(returnee)
    assert client.post(reverse("applications:profile"), _profile_for(returnee)).status_code == 302
    profile = ApplicantProfile.objects.get(user=returnee)
    assert profile.consent_given_at is not None and profile.consent_withdrawn_at == withdrawn


def test_administrators_read_the_record_but_cannot_change_it(
    client, submitted, official, administrator
):
    client.force_login(official)
    client.get(reverse("applications:case", args=[hrss_referral(submitted).pk]))
    access = PersonalDataAccess.objects.get()
    client.force_login(administrator)
    assert (
        client.get(reverse("admin:applications_personaldataaccess_changelist")).status_code == 200
    )
    page = client.post(
        reverse("admin:applications_personaldataaccess_change", args=[access.pk]),
        {"channel": "admin"},
    )
    assert page.status_code == 403
    assert client.get(reverse("admin:applications_personaldataaccess_add")).status_code == 403


@pytest.mark.parametrize("earlier_looks", [1, 40])
def test_the_case_page_runs_a_fixed_number_of_queries_however_often_it_was_seen(
    client, submitted, official, earlier_looks, django_assert_num_queries
):
    referral = hrss_referral(submitted)
    client.force_login(official)
    for _ in range(earlier_looks):
        client.get(reverse("applications:case", args=[referral.pk]))
    # session, user, referral with applicant and profile, items with programmes, the access
    # record (one insert), the documents to follow, holidays, unread notifications, messages,
    # documents, deliveries, events
    with django_assert_num_queries(12):
        response = client.get(reverse("applications:case", args=[referral.pk]))
    assert response.status_code == 200
    assert PersonalDataAccess.objects.count() == earlier_looks + 1
