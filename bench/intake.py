"""Intake: how fast complete drafts are submitted by many people at once, and that none is lost.

Prepares, in bulk, N applicants with complete profiles (consent given), each with a draft for
1 to 5 programmes drawn with a fixed seed from the open programmes of 3 departments that ask
for no documents. Then 50 threads, each with its own database connection, submit every draft
through applications.actions.application_submit. Records submissions/s, p50/p95/p99 latency
of one submission, queries per submission, and checks that every application got exactly one
referral per distinct department of its programmes (lost, doubled and extra: 0 expected).
"""

from __future__ import annotations

import datetime
import queue
import random
import secrets
import threading
import time
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, connections, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.actions import application_submit
from applications.encryption import digest
from applications.models import ApplicantProfile, Application, ApplicationItem, AuditEvent, Referral
from applications.profiles import CONSENT_VERSION
from bench.common import SEED, percentile, size, timer, write
from services.models import Department, Jurisdiction, Programme
from services.selectors import open_condition

DIANJIANG = "500231"

THREADS = 50
ALONE = 5  # drafts submitted one by one first, for the cost of one submission
DEPARTMENTS = 3
# The figures printed, in this order (all are written).
SHOWN = "submissions_per_second p50_ms p95_ms p99_ms max_ms alone_ms cpu_per_wall"
SHOWN += " queries_per_submission"
SHOWN += " failures referrals referrals_expected lost doubled extra unrouted_items unsubmitted"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(birth: datetime.date, n: int) -> str:
    """A valid resident ID number (GB 11643-1999) for a person born in the county."""
    first17 = f"500231{birth:%Y%m%d}{n % 1000:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def programme_pool(today: datetime.date) -> list[tuple[int, int]]:
    """(programme, department) of every open programme without documents in 3 departments,
    and without training sessions to come (whose applicants would choose one when sending)."""
    # Dianjiang's own programmes, for Dianjiang's people: each goes to its owner.
    open_programmes = Programme.objects.filter(
        open_condition(today), documents__isnull=True, department__jurisdiction__code=DIANJIANG
    ).exclude(sessions__starts_at__gt=timezone.now())
    busiest = (
        open_programmes.values("department_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "department_id")[:DEPARTMENTS]
    )
    departments = [row["department_id"] for row in busiest]
    pool = open_programmes.filter(department_id__in=departments).order_by("pk")
    return list(pool.values_list("pk", "department_id"))


@transaction.atomic
def prepare(count: int, pool: list[tuple[int, int]], rng: random.Random):
    """Applicants, profiles and drafts in a few bulk inserts; returns them with the expected
    departments of each draft."""
    run = secrets.token_hex(3)  # user names stay unique when run again on the same database
    now = timezone.now()
    district = Jurisdiction.objects.get(code=DIANJIANG)  # the demo applicants live there
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-intake-{run}-{n}",
                name=f"申请人{n}",
                password=UNUSABLE_PASSWORD_PREFIX,
                phone_verified_at=now,  # their number confirmed by SMS code at sign-up
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    profiles = []
    numbers = set()
    for n, user in enumerate(users):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randrange(30 * 365))
        # One number each (one person, one profile), its gender digit the profile's.
        number = id_number(birth, n)
        while number in numbers:
            birth += datetime.timedelta(days=1)
            number = id_number(birth, n)
        numbers.add(number)
        profiles.append(
            ApplicantProfile(
                user=user,
                name=user.name,
                gender="male" if int(number[16]) % 2 else "female",
                birth_date=birth,
                phone=f"138{n:08d}",
                id_number=number,
                id_number_digest=digest(number),
                district=district,
                hukou=rng.choice(["rural", "urban"]),
                hukou_in_county=rng.random() < 0.8,
                consent_version=CONSENT_VERSION,
                consent_given_at=now,
            )
        )
    ApplicantProfile.objects.bulk_create(profiles, batch_size=1000)
    applications = Application.objects.bulk_create(
        [Application(applicant=user, created_at=now) for user in users], batch_size=1000
    )
    items, events, expected = [], [], []
    for application in applications:
        chosen = rng.sample(pool, rng.randint(1, min(5, len(pool))))
        items += [ApplicationItem(application=application, programme_id=pk) for pk, _ in chosen]
        events.append(
            AuditEvent(actor=application.applicant, action="started", application=application)
        )
        expected.append({department for _, department in chosen})
    ApplicationItem.objects.bulk_create(items, batch_size=2000)
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return list(zip(applications, users, strict=True)), expected


def submit_all(drafts) -> tuple[list[float], list[str], float]:
    """Submit every draft from THREADS threads; returns latencies, failures and wall time."""
    jobs: queue.SimpleQueue = queue.SimpleQueue()
    for draft in drafts:
        jobs.put(draft)
    latencies: list[float] = []
    failures: list[str] = []
    ready = threading.Barrier(THREADS + 1)

    def worker():
        try:
            try:
                connection.ensure_connection()  # this thread's own connection, before timing
            finally:
                ready.wait()  # even when it failed: the others must not wait for ever
            while True:
                try:
                    application, user = jobs.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                try:
                    application_submit(application=application, by=user)
                except Exception as error:
                    failures.append(f"{application.pk}: {error!r}")
                else:
                    latencies.append(time.perf_counter() - started)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - started


def verify(drafts, expected) -> dict:
    """One referral per distinct department of each application, and every item routed."""
    ids = [application.pk for application, _user in drafts]
    found = Counter(
        Referral.objects.filter(application_id__in=ids).values_list("application_id", "department")
    )
    total = sum(found.values())
    lost = doubled = 0
    for (application, _user), departments in zip(drafts, expected, strict=True):
        for department in departments:
            made = found.pop((application.pk, department), 0)
            lost += made == 0
            doubled += max(0, made - 1)
    return {
        "referrals": total,
        "referrals_expected": sum(len(departments) for departments in expected),
        "lost": lost,
        "doubled": doubled,
        "extra": sum(found.values()),
        "unrouted_items": ApplicationItem.objects.filter(
            application_id__in=ids, referral__isnull=True
        ).count(),
        "unsubmitted": Application.objects.filter(pk__in=ids, submitted_at__isnull=True).count(),
    }


def run(scale: str) -> dict:
    count = size("submissions", scale)
    pool = programme_pool(timezone.localdate())
    if not pool:
        raise RuntimeError("No open programme without documents: run the data step first.")
    rng = random.Random(SEED)
    with timer() as prepared:
        drafts, expected = prepare(count + ALONE, pool, rng)
    # A few more drafts, submitted one by one: what one submission costs with nobody around.
    alone = []
    for application, user in drafts[count:]:
        with CaptureQueriesContext(connection) as queries, timer() as took:
            application_submit(application=application, by=user)
        alone.append(took["seconds"])
    connection.close()
    drafts, expected = drafts[:count], expected[:count]
    cpu = time.process_time()
    latencies, failures, seconds = submit_all(drafts)
    cpu = time.process_time() - cpu
    figures = {
        "submissions": count,
        "threads": THREADS,
        "prepare_seconds": round(prepared["seconds"], 2),
        "submit_seconds": round(seconds, 2),
        "submissions_per_second": round(len(latencies) / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
        "alone_ms": round(percentile(alone, 0.5) * 1000, 1),
        # Near 1.0: the threads wait for each other on this process's GIL, not for the database.
        "cpu_per_wall": round(cpu / seconds, 2),
        "queries_per_submission": len(queries.captured_queries),
        "failures": len(failures),
        "failure_examples": failures[:3],
        **verify(drafts, expected),
    }
    departments = Department.objects.filter(pk__in={d for _, d in pool}).order_by("code")
    sizes = {
        "submissions": count,
        "threads": THREADS,
        "programme_pool": len(pool),
        "departments": list(departments.values_list("code", flat=True)),
        "programmes_per_draft": "1-5",
    }
    write("intake", scale=scale, sizes=sizes, figures=figures)
    print(
        f"\nIntake ({count} drafts, {THREADS} threads, {len(pool)} programmes in {DEPARTMENTS}"
        f" departments; prepared in {figures['prepare_seconds']} s)"
    )
    for key in SHOWN.split():
        print(f"  {key:<24}{figures[key]:>10}")
    return figures
