"""How often: a person chooses per kind and channel at once, daily, weekly or never; daily
and weekly ones wait until 08:00 (weekly: Monday) and go out together, as one message."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from applications import actions
from applications.models import ApplicationItem, Referral
from portal.notifications.messenger import next_digest
from portal.notifications.models import Delivery, Preference
from portal.notifications.tasks import send_delivery

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
TUESDAY_10AM = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("local", "frequency", "expected"),
    [
        (datetime.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), "daily", "2026-11-25 08:00"),
        (datetime.datetime(2026, 11, 24, 7, 59, tzinfo=SHANGHAI), "daily", "2026-11-24 08:00"),
        (datetime.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), "weekly", "2026-11-30 08:00"),
        (datetime.datetime(2026, 11, 30, 7, 0, tzinfo=SHANGHAI), "weekly", "2026-11-30 08:00"),
        (datetime.datetime(2026, 11, 30, 8, 0, tzinfo=SHANGHAI), "weekly", "2026-12-07 08:00"),
    ],
)
def test_digests_go_out_at_eight_weekly_ones_on_monday(local, frequency, expected):
    at = next_digest(local.astimezone(datetime.UTC), frequency).astimezone(SHANGHAI)
    assert at.strftime("%Y-%m-%d %H:%M") == expected


def _decide_all(submitted, official):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    for item in ApplicationItem.objects.filter(referral=referral):
        actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)


def test_a_daily_choice_waits_for_eight_and_sends_one_e_mail(
    submitted, applicant, official, time_machine
):
    time_machine.move_to(TUESDAY_10AM)
    applicant.email = "wang@example.com"
    applicant.language = "en"
    applicant.save()
    Preference.objects.create(user=applicant, kind="decision", channel="email", frequency="daily")
    _decide_all(submitted, official)  # two programmes of the department: two decisions
    emails = list(Delivery.objects.filter(channel="email"))
    assert len(emails) == 2
    assert {(delivery.digest, delivery.next_attempt_at) for delivery in emails} == {
        ("daily", datetime.datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI))
    }
    # Not before 08:00 the next day.
    assert send_delivery.apply(args=[emails[0].pk]).get() == "skipped"
    assert mail.outbox == []
    time_machine.move_to(datetime.datetime(2026, 11, 25, 8, 1, tzinfo=SHANGHAI))
    assert send_delivery.apply(args=[emails[0].pk]).get() == "sent"
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.subject == "2 new messages from Fanxiang"
    assert digest.body.count("Decision on your application") == 2
    # Every name in the reader's language, as in a message sent alone.
    assert "HRSS Bureau" in digest.body and "人力资源和社会保障局" not in digest.body
    assert digest.body.rstrip().endswith("/inbox/")
    assert set(Delivery.objects.filter(channel="email").values_list("status", flat=True)) == {
        "sent"
    }
    # The other one went with it: its own task finds nothing left to send.
    assert send_delivery.apply(args=[emails[1].pk]).get() == "skipped"
    assert len(mail.outbox) == 1


def test_a_digest_reads_in_chinese_for_a_chinese_reader(
    submitted, applicant, official, time_machine
):
    time_machine.move_to(TUESDAY_10AM)
    applicant.email = "wang@example.com"
    applicant.save()
    Preference.objects.create(user=applicant, kind="decision", channel="email", frequency="weekly")
    _decide_all(submitted, official)
    time_machine.move_to(datetime.datetime(2026, 11, 30, 8, 0, tzinfo=SHANGHAI))
    send_delivery.apply(args=[Delivery.objects.filter(channel="email").first().pk])
    assert mail.outbox[0].subject == "返乡平台有 2 条新消息"
    assert "您的全部消息：" in mail.outbox[0].body


def test_never_means_no_delivery_and_at_once_means_now(
    submitted, applicant, official, time_machine
):
    time_machine.move_to(TUESDAY_10AM)
    Preference.objects.create(user=applicant, kind="decision", channel="sms", frequency="off")
    Preference.objects.create(user=applicant, kind="decision", channel="email", frequency="at_once")
    _decide_all(submitted, official)
    deliveries = list(Delivery.objects.values_list("channel", "digest", "next_attempt_at"))
    assert {(channel, digest) for channel, digest, _at in deliveries} == {("email", "")}
    assert all(at <= TUESDAY_10AM + datetime.timedelta(minutes=1) for _c, _d, at in deliveries)


def test_the_preference_page_offers_how_often_in_chinese(client, applicant):
    client.force_login(applicant)
    page = client.get(reverse("notifications:preferences")).content.decode()
    for label in ("立即", "每天一次", "每周一次", "不发"):
        assert label in page
    assert 'name="decision:sms"' in page


def test_a_saved_choice_shows_again_and_saving_it_unchanged_changes_nothing(client, applicant):
    client.force_login(applicant)
    url = reverse("notifications:preferences")
    client.post(url, {"decision:email": "weekly"})
    page = client.get(url)
    shown = {
        f"{kind}:{channel}": frequency
        for kind, cells in page.context["rows"]
        for channel, frequency in cells
    }
    assert shown["decision:email"] == "weekly"
    before = sorted(Preference.objects.values_list("kind", "channel", "frequency"))
    assert before == [("decision", "email", "weekly")]
    client.post(url, shown)  # what the page holds, sent back
    assert sorted(Preference.objects.values_list("kind", "channel", "frequency")) == before


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_on_or_off_as_at_once_or_never():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("notifications", "0003_draft_purge_kind")]
    after = [("notifications", "0004_preference_frequency_delivery_digest")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        user = old.get_model("accounts", "User").objects.create(username="zhou")
        OldPreference = old.get_model("notifications", "Preference")
        OldPreference.objects.create(user=user, kind="decision", channel="sms", enabled=False)
        OldPreference.objects.create(user=user, kind="decision", channel="email", enabled=True)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    saved = Preference.objects.values_list("channel", "frequency")
    assert sorted(saved) == [
        ("email", "at_once"),
        ("sms", "off"),
    ]


def test_a_failed_digest_keeps_each_delivery_s_own_count_of_tries(
    submitted, applicant, official, time_machine, settings
):
    settings.SMS_BACKEND = "portal.sms.BrokenBackendForTests"  # import fails: a channel error
    time_machine.move_to(TUESDAY_10AM)
    Preference.objects.create(user=applicant, kind="decision", channel="sms", frequency="daily")
    _decide_all(submitted, official)
    first, second = Delivery.objects.filter(channel="sms").order_by("id")
    Delivery.objects.filter(pk=first.pk).update(attempts=4)  # its last try
    time_machine.move_to(datetime.datetime(2026, 11, 25, 8, 1, tzinfo=SHANGHAI))
    send_delivery.apply(args=[first.pk])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.attempts) == ("failed", 5)
    assert (second.status, second.attempts) == ("pending", 1)  # tried once, tried again later
