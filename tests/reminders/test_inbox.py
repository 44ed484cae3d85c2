"""The in-portal inbox and the choice of channels."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from applications import actions
from applications.models import ApplicationItem, Referral
from portal.notifications.models import Notification, Preference
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(submitted, official):
    referral = Referral.objects.get(application=submitted, department__code="hrss")
    item = ApplicationItem.objects.filter(referral=referral).first()
    actions.referral_act(referral=referral, by=official, action="approve", item_id=item.pk)
    return Notification.objects.get(kind="decision")


def test_the_inbox_shows_notifications_with_an_unread_count(client, applicant, decided):
    client.force_login(applicant)
    response = client.get(reverse("notifications:inbox"))
    page = response.content.decode()
    assert "审批结果" in page
    assert 'class="badge text-bg-warning">1' in page
    opened = client.get(reverse("notifications:open", args=[decided.pk]))
    assert opened.url == reverse("applications:detail", args=[decided.application_id])
    decided.refresh_from_db()
    assert decided.read_at is not None
    assert 'class="badge text-bg-warning"' not in client.get(reverse("home")).content.decode()


def test_nobody_opens_another_person_s_notification(client, other_applicant, decided):
    client.force_login(other_applicant)
    assert client.get(reverse("notifications:open", args=[decided.pk])).status_code == 404
    assert list(client.get(reverse("notifications:inbox")).context["rows"]) == []


def test_mark_all_as_read(client, applicant, decided):
    client.force_login(applicant)
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=applicant, read_at__isnull=True).exists()


def test_preferences_keep_each_choice(client, applicant):
    client.force_login(applicant)
    page = client.get(reverse("notifications:preferences"))
    cells = dict(page.context["rows"])
    # At once by default for applicants, by both channels.
    assert all(frequency == "at_once" for _channel, frequency in cells["decision"])
    client.post(
        reverse("notifications:preferences"),
        {"decision:email": "at_once", "decision:sms": "off", "draft_unsubmitted:email": "weekly"},
    )
    saved = {
        (preference.kind, preference.channel): preference.frequency
        for preference in Preference.objects.filter(user=applicant)
    }
    # What differs from the kind's default is kept; "at once" by e-mail is the default.
    assert saved == {("decision", "sms"): "off", ("draft_unsubmitted", "email"): "weekly"}
    cells = dict(client.get(reverse("notifications:preferences")).context["rows"])
    assert dict(cells["draft_unsubmitted"]) == {"email": "weekly", "sms": "at_once"}


def test_a_frequency_that_is_none_of_them_changes_nothing(client, applicant):
    client.force_login(applicant)
    client.post(reverse("notifications:preferences"), {"decision:email": "hourly"})
    assert not Preference.objects.filter(user=applicant).exists()


def test_officials_choose_among_their_own_kinds(client, official):
    client.force_login(official)
    kinds = [
        kind for kind, _cells in client.get(reverse("notifications:preferences")).context["rows"]
    ]
    assert set(kinds) == {
        "sla_near",
        "sla_breached",
        "programme_expired",
        "answer_received",
        "case_assigned",
    }


def test_the_case_page_shows_what_was_sent(client, official, decided):
    client.force_login(official)
    page = client.get(reverse("applications:case", args=[decided.referral_id])).content.decode()
    sent = page.split('id="sent-heading"')[1].split("</section>")[0]
    assert decided.recipient.name in sent
    assert str(decided.get_kind_display()) in sent


@pytest.mark.parametrize("count", [5, 60])
def test_the_inbox_runs_a_fixed_number_of_queries(
    client, applicant, count, django_assert_num_queries
):
    programme = ProgrammeFactory(closes_on=datetime.date(2030, 1, 1))
    Notification.objects.bulk_create(
        Notification(
            recipient=applicant,
            kind="intake_closing",
            occasion=f"test:{number}",
            programme_id=programme.pk,
        )
        for number in range(count)
    )
    client.force_login(applicant)
    # session, user, count, page, programmes of the page (context), unread count
    with django_assert_num_queries(6):
        client.get(reverse("notifications:inbox"))


def test_the_inbox_reads_in_the_page_s_language_never_two_at_once(client, applicant, decided):
    """Messages are sent in the account's language; the inbox shows each one in the language
    of the page it is read on, every part of it."""
    applicant.language = "en"
    applicant.save()
    client.force_login(applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "已批准" in page and "decided on" not in page and "Approved" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "decided on" in page and "已批准" not in page
