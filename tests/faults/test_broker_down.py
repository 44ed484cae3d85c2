"""The broker is down while applicants send their applications and officials decide, through
the web pages. Everything is saved; once the broker and a worker are back, every message the
decisions made is sent. (tests/notifications shows the same for the actions alone.)"""

from __future__ import annotations

import io
import json
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationItem, Referral
from portal.accounts.models import User
from portal.notifications.models import Delivery, Kind, Notification
from portal.notifications.tasks import dispatch_pending
from tests.factories import UserFactory
from tests.notifications.conftest import wait_for

from .drafts import make_drafts

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

APPLICANTS = 4


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path / "media"


def test_sending_and_deciding_with_the_broker_down_loses_nothing(own_redis, demo, client):
    server, rig = own_redis
    drafts = make_drafts(APPLICANTS)
    server.stop()

    started = time.monotonic()
    for draft in drafts:
        client.force_login(User.objects.get(username=draft["username"]))
        review = reverse("applications:step_review", args=[draft["application"]])
        response = client.post(
            review, {"submit_token": f"{draft['application']}-web", **draft["review_form"]}
        )
        assert response.status_code == 302, response.content.decode()[:500]
        referrals = Referral.objects.filter(application=draft["application"])
        assert referrals.count() == draft["departments"] > 1
    for draft in drafts:
        item = ApplicationItem.objects.filter(application=draft["application"]).first()
        official = UserFactory(role="official", department=item.programme.department)
        client.force_login(official)
        case = reverse("applications:case", args=[item.referral_id])
        response = client.post(case, {"action": "approve", "version": 1, "item": item.pk})
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.decision == ApplicationItem.Decision.APPROVED
    took = time.monotonic() - started

    # Every application was sent and every decision made, without waiting on the broker.
    assert Application.objects.exclude(submitted_at=None).count() == APPLICANTS
    assert took < 10 * APPLICANTS, f"{took:.1f} s for {APPLICANTS} applicants without a broker"
    # Each applicant's notice of the sending (with its reference) and of the decision.
    kinds = [Kind.APPLICATION_SENT, Kind.DECISION]
    deliveries = Delivery.objects.filter(notification__kind__in=kinds)
    for kind in kinds:
        assert Notification.objects.filter(kind=kind).count() == APPLICANTS
    assert deliveries.count() >= 2 * APPLICANTS
    assert set(deliveries.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    # At night text messages wait for 08:00 by design; this test is not about that.
    deliveries.update(next_attempt_at=timezone.now())

    server.start()
    worker = rig.start_worker()
    assert dispatch_pending() == deliveries.count()

    def all_sent():
        statuses = list(deliveries.values_list("status", flat=True))
        assert Delivery.Status.FAILED not in statuses
        return all(status == Delivery.Status.SENT for status in statuses)

    wait_for(all_sent, timeout=60, what="every delivery", workers=[worker])
    rig.drain(worker)
    mailed = sorted(json.loads(line)["to"][0] for line in rig.email_lines())
    assert mailed == sorted(draft["email"] for draft in drafts for _kind in kinds)
