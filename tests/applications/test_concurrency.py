"""Many people at once: a draft sent from fifty tabs, twenty officials on one case, more
approvals than seats. Each thread has its own database connection, as each web request has."""

from __future__ import annotations

import datetime
import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from applications import actions
from applications.models import Application, ApplicationItem, AuditEvent, Referral
from services.models import Programme, TrainingSession
from tests.data import id_number_for
from tests.factories import ProgrammeFactory, TrainingSessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Every test here must finish well within this, however the threads are scheduled.
BOUND_SECONDS = 30


def run_at_once(targets: list) -> list:
    """Start one thread per callable, release them together, return what each returned or
    the exception it raised, in order."""
    barrier = threading.Barrier(len(targets), timeout=BOUND_SECONDS)
    outcomes: list = [None] * len(targets)

    def run(index, target):
        try:
            barrier.wait()
            outcomes[index] = target()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    started = time.monotonic()
    threads = [
        threading.Thread(target=run, args=(index, target), daemon=True)
        for index, target in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BOUND_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "threads still running"
    assert time.monotonic() - started < BOUND_SECONDS
    return outcomes


def test_fifty_submits_of_one_draft_make_one_set_of_referrals(draft, applicant):
    def submit():
        application = Application.objects.get(pk=draft.pk)
        referrals = actions.application_submit(application=application, by=applicant)
        return sorted(referral.pk for referral in referrals)

    outcomes = run_at_once([submit] * 50)

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert errors == []
    referral_ids = sorted(Referral.objects.filter(application=draft).values_list("pk", flat=True))
    assert len(referral_ids) == 3  # hrss, market, scitech
    # Every tab was told of the same three referrals: the ones made once.
    assert all(outcome == referral_ids for outcome in outcomes)
    assert Application.objects.filter(applicant=applicant).exclude(submitted_at=None).count() == 1
    items = ApplicationItem.objects.filter(application=draft)
    assert items.count() == 5 and not items.filter(referral=None).exists()
    assert AuditEvent.objects.filter(application=draft, action="submitted").count() == 1


def test_twenty_officials_acting_on_one_case_at_once_make_one_decision(submitted, hrss):
    referral = Referral.objects.get(application=submitted, department=hrss)
    item = ApplicationItem.objects.get(referral=referral, programme__slug="syb-training")
    seen = referral.version
    officials = [
        UserFactory(username=f"official-{n}", role="official", department=hrss) for n in range(20)
    ]
    choices = [
        ("approve", ""),
        ("reject", "不符合条件"),
        ("request_info", "请补充社保缴费记录"),
    ]

    def acting(person, action, text):
        def act():
            actions.referral_act(
                referral=Referral.objects.get(pk=referral.pk),
                by=person,
                action=action,
                item_id=item.pk,
                version=seen,
                text=text,
            )
            return action

        return act

    outcomes = run_at_once([acting(person, *choices[n % 3]) for n, person in enumerate(officials)])

    done = [outcome for outcome in outcomes if isinstance(outcome, str)]
    stale = [outcome for outcome in outcomes if isinstance(outcome, actions.StaleAction)]
    assert len(done) == 1, outcomes
    assert len(stale) == 19, outcomes
    events = AuditEvent.objects.filter(referral=referral, action__in=[c for c, _ in choices])
    assert [event.action for event in events] == done
    referral.refresh_from_db()
    assert referral.version == seen + 1
    item.refresh_from_db()
    if done == ["request_info"]:
        assert referral.status == "info_requested"
        assert item.decision == ApplicationItem.Decision.PENDING
        assert referral.messages.filter(kind="request").count() == 1
    else:
        assert item.decision == {"approve": "approved", "reject": "rejected"}[done[0]]
        assert referral.messages.filter(kind="decision").count() == 1


def test_more_approvals_than_seats_book_each_seat_once(hrss, official):
    seats = 5
    programme = ProgrammeFactory(department=hrss, kind=Programme.Kind.TRAINING)
    session = TrainingSessionFactory(programme=programme, seats=seats)
    items = []
    for n in range(seats + 5):
        applicant = UserFactory(username=f"trainee-{n}")
        application = Application.objects.create(applicant=applicant, submitted_at=timezone.now())
        referral = Referral.objects.create(
            application=application,
            department=hrss,
            due_on=timezone.localdate() + datetime.timedelta(days=14),
        )
        items.append(
            ApplicationItem.objects.create(
                application=application, programme=programme, referral=referral
            )
        )

    def approving(item):
        def approve():
            actions.referral_act(
                referral=Referral.objects.get(pk=item.referral_id),
                by=official,
                action="approve",
                item_id=item.pk,
            )
            return ApplicationItem.objects.get(pk=item.pk).session_id

        return approve

    outcomes = run_at_once([approving(item) for item in items])

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    # Every approval stands; the first five have a seat, the others are approved without one
    # (no session has a seat left for them), and the session is never over-full.
    assert Counter(outcomes) == {session.pk: seats, None: 5}
    session.refresh_from_db()
    assert session.seats_taken == seats
    assert ApplicationItem.objects.filter(session=session).count() == seats
    assert set(ApplicationItem.objects.values_list("decision", flat=True)) == {"approved"}
    assert TrainingSession.objects.filter(seats_taken__gt=seats).count() == 0


def test_more_applicants_sending_than_seats_hold_each_seat_once(hrss):
    """Eight returnees send at once for a session of three seats: three are sent with a seat,
    five are told the session is full, and nothing of theirs is sent."""
    seats = 3
    programme = ProgrammeFactory(department=hrss, kind=Programme.Kind.TRAINING)
    session = TrainingSessionFactory(programme=programme, seats=seats)
    drafts = []
    for n in range(seats + 5):
        applicant = UserFactory(username=f"sender-{n}")
        actions.profile_save(
            user=applicant,
            data={
                "name": f"学员{n}",
                "gender": "female",
                "birth_date": datetime.date(1990, 1, 1),
                "phone": f"138000001{n:02d}",
                "id_number": id_number_for(datetime.date(1990, 1, 1), n=n),
                "hukou": "rural",
                "hukou_in_county": True,
            },
            consent=True,
        )
        drafts.append(actions.application_start(applicant=applicant, programmes=[programme]))

    def sending(draft):
        def send():
            application = Application.objects.get(pk=draft.pk)
            actions.application_submit(
                application=application,
                by=application.applicant,
                sessions={programme.pk: session.pk},
            )
            return "sent"

        return send

    outcomes = run_at_once([sending(draft) for draft in drafts])
    refused = [outcome for outcome in outcomes if outcome != "sent"]
    assert len(refused) == 5
    assert all(outcome.error_list[0].code == "session" for outcome in refused), refused
    assert all("没有名额" in outcome.messages[0] for outcome in refused)
    session.refresh_from_db()
    assert session.seats_taken == seats
    assert ApplicationItem.objects.filter(session=session).count() == seats
    assert Application.objects.filter(submitted_at__isnull=False).count() == seats
