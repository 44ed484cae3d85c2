"""Abandoned drafts: warned before, then deleted with their files after the retention period."""

import datetime

import pytest
from django_celery_beat.models import PeriodicTask

from applications import actions
from applications.models import Application, Document
from applications.privacy import drafts_purge
from applications.tasks import purge_abandoned_drafts
from portal.notifications.models import Kind, Notification
from portal.notifications.rendering import render

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
NOW = datetime.datetime(2026, 11, 23, 3, 30, tzinfo=SHANGHAI)


def untouched_for(application, days):
    Application.objects.filter(pk=application.pk).update(
        updated_at=NOW - datetime.timedelta(days=days)
    )


def files_of(application):
    return [(document.file.storage, document.file.name) for document in application.documents.all()]


@pytest.fixture
def settings_180(settings):
    settings.DRAFT_RETENTION_DAYS = 180
    settings.DRAFT_PURGE_WARNING_DAYS = 14
    return settings


def test_a_draft_past_the_retention_period_goes_with_its_files(
    draft, settings_180, django_capture_on_commit_callbacks
):
    files = files_of(draft)
    assert files and all(storage.exists(name) for storage, name in files)
    untouched_for(draft, 181)
    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_purge(NOW)["deleted"] == 1
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not Document.objects.filter(application_id=draft.pk).exists()
    assert not any(storage.exists(name) for storage, name in files)


def test_a_draft_touched_within_the_period_stays(draft, settings_180):
    untouched_for(draft, 179)
    assert drafts_purge(NOW)["deleted"] == 0
    assert Application.objects.filter(pk=draft.pk).exists()


def test_sent_applications_and_their_files_are_never_purged(
    submitted, settings_180, django_capture_on_commit_callbacks
):
    files = files_of(submitted)
    untouched_for(submitted, 1000)
    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_purge(NOW)["deleted"] == 0
    assert Application.objects.filter(pk=submitted.pk).exists()
    assert all(storage.exists(name) for storage, name in files)


def test_the_applicant_is_warned_once_before_the_draft_goes(draft, applicant, settings_180):
    untouched_for(draft, 160)
    assert drafts_purge(NOW)["warned"] == 0  # not yet
    untouched_for(draft, 170)
    assert drafts_purge(NOW)["warned"] == 1
    assert drafts_purge(NOW)["warned"] == 0  # once
    notification = Notification.objects.get(recipient=applicant)
    assert notification.application_id == draft.pk and ":purge:" in notification.occasion
    # its own message: when the draft goes, and how to keep it (170 days untouched of 180)
    assert notification.kind == Kind.DRAFT_PURGE
    applicant.language = "en"
    applicant.save()
    message = render(Notification.objects.get(pk=notification.pk))
    assert message.subject == "Your unsent application will be deleted soon"
    assert "will be deleted, with the documents uploaded for it, on Dec. 3, 2026" in message.text
    assert f"/applications/{draft.pk}/" in message.url


def test_the_retention_period_comes_from_the_setting(draft, settings):
    settings.DRAFT_RETENTION_DAYS = 30
    settings.DRAFT_PURGE_WARNING_DAYS = 7
    untouched_for(draft, 31)
    assert drafts_purge(NOW)["deleted"] == 1


def test_beat_runs_the_purge_daily_and_the_task_purges(draft, settings_180):
    task = PeriodicTask.objects.get(task="applications.tasks.purge_abandoned_drafts")
    assert task.enabled and task.crontab is not None
    assert (task.crontab.hour, task.crontab.minute) == ("3", "30")
    Application.objects.filter(pk=draft.pk).update(
        updated_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=200)
    )
    assert purge_abandoned_drafts()["deleted"] == 1


def test_an_edit_restarts_the_count(draft, applicant, settings_180, five_programmes):
    untouched_for(draft, 181)
    actions.application_set_programmes(application=draft, programmes=five_programmes[:1])
    assert drafts_purge(NOW)["deleted"] == 0
