"""The database restarts while people use the portal.

gunicorn (production settings) runs on a PostgreSQL cluster of the test's own; readers browse
and applicants send their applications from a few threads while the cluster is stopped at
once (as by a crash) and started again. During the outage every answer is a plain error page
or /healthz naming the database, never a stack trace; afterwards the same web processes
answer again; and no application is half-sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter

import pytest

from .drafts import PASSWORD
from .portal import ARTIFACTS, demo_portal, gunicorn, make_drafts, portal_env, sql

pytestmark = pytest.mark.faults

SUBMITTERS = 3
DRAFTS_PER_SUBMITTER = 4
OUTAGE_SECONDS = 4
# After the cluster is back, answers may fail only this long (the cluster finishing recovery).
GRACE_SECONDS = 3
DEADLINE_SECONDS = 120


class Log:
    """Every request made: when it started and ended, what it asked and what came back."""

    def __init__(self):
        self.rows: list[dict] = []
        self.lock = threading.Lock()

    def call(self, what: str, request, *args):
        started = time.monotonic()
        try:
            response = request(*args)
            row = {"status": response.status, "body": response.text}
        except OSError as error:
            response, row = None, {"status": None, "body": repr(error)}
        row.update(what=what, started=started, ended=time.monotonic())
        with self.lock:
            self.rows.append(row)
        return response


def test_a_database_restart_fails_cleanly_and_the_portal_recovers_alone(postgres_cluster, scratch):
    url = postgres_cluster.url("fanxiang")
    sql(postgres_cluster.url("postgres"), "CREATE DATABASE fanxiang")
    env = portal_env(url=url, var_dir=scratch)
    demo_portal(env)
    drafts = make_drafts(env, SUBMITTERS * DRAFTS_PER_SUBMITTER)
    log = Log()
    stop = threading.Event()
    sent: list[int] = []

    with gunicorn(env, scratch / "gunicorn.log") as server:
        workers_before = server.worker_pids()
        programme = sql(url, "SELECT slug FROM services_programme ORDER BY id LIMIT 1")[0][0]
        pages = ["/programmes/", "/healthz", f"/programmes/{programme}/", "/api/v1/programmes/"]

        def read():
            client = server.client()
            n = 0
            while not stop.is_set():
                path = pages[n % len(pages)]
                log.call(path, client.get, path)
                n += 1
                time.sleep(0.05)

        def submit(mine: list[dict]):
            """Sign in and send each draft, trying again after a failure; a review page that
            redirects means the draft was sent (perhaps by an attempt whose answer was lost)."""
            deadline = time.monotonic() + DEADLINE_SECONDS
            for draft in mine:
                client = server.client()
                review = f"/applications/{draft['application']}/review/"
                while time.monotonic() < deadline:
                    if "sessionid" not in client.cookies:
                        log.call("login", client.login, draft["username"], PASSWORD)
                    if "sessionid" in client.cookies:
                        answer = log.call("submit", client.post_form, review, draft["review_form"])
                        if answer is not None and answer.status == 302:
                            sent.append(draft["application"])
                            break
                    time.sleep(0.3)
                time.sleep(0.5)

        threads = [threading.Thread(target=read, daemon=True) for _ in range(2)]
        threads += [
            threading.Thread(
                target=submit,
                args=(drafts[n * DRAFTS_PER_SUBMITTER : (n + 1) * DRAFTS_PER_SUBMITTER],),
                daemon=True,
            )
            for n in range(SUBMITTERS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2)
        outage_started = time.monotonic()
        postgres_cluster.stop("immediate")  # as a crash: connections cut, no checkpoint
        time.sleep(OUTAGE_SECONDS)
        postgres_cluster.start()
        back = time.monotonic()
        for thread in threads[2:]:
            thread.join(timeout=DEADLINE_SECONDS)
        time.sleep(3)  # readers go on a little after the last submission
        stop.set()
        for thread in threads[:2]:
            thread.join(timeout=30)

        healthz = server.client().get("/healthz")
        workers_after = server.worker_pids()
        server_log = server.log()

    during = [row for row in log.rows if outage_started < row["started"] < back - 0.5]
    after = [row for row in log.rows if row["started"] > back + GRACE_SECONDS]
    failed = [row for row in log.rows if row["status"] != 200 and row["status"] != 302]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "database-restart.json").write_text(
        json.dumps(
            {
                "outage_seconds": OUTAGE_SECONDS,
                "requests": len(log.rows),
                "during_outage": dict(Counter(str(row["status"]) for row in during)),
                "after_grace": dict(Counter(str(row["status"]) for row in after)),
                "failed": dict(Counter(f"{row['what']} {row['status']}" for row in failed)),
            },
            indent=2,
        )
    )

    # The outage was seen, and every failure was a clean answer of the portal.
    assert [row for row in during if row["status"] in (500, 503)], during[:5]
    for row in failed:
        assert row["status"] in (500, 503), row
        for leak in ("Traceback", 'File "', "psycopg"):
            assert leak not in row["body"], row
        if row["what"] == "/healthz":
            assert '"database":' in row["body"] and '"database": "ok"' not in row["body"], row

    # Back again without restarting the web server: every request after the outage succeeds.
    assert len(after) > 20
    assert [row for row in after if row["status"] not in (200, 302)] == []
    assert healthz.status == 200, healthz
    assert workers_after == workers_before, server_log

    # Every application was sent in the end, each whole: its referrals and its items.
    assert sorted(sent) == sorted(draft["application"] for draft in drafts)
    rows = sql(
        url,
        """
        SELECT a.id, a.submitted_at IS NOT NULL,
               (SELECT count(*) FROM applications_referral r WHERE r.application_id = a.id),
               (SELECT count(DISTINCT p.department_id) FROM applications_applicationitem i
                  JOIN services_programme p ON p.id = i.programme_id
                 WHERE i.application_id = a.id),
               (SELECT count(*) FROM applications_applicationitem i
                 WHERE i.application_id = a.id AND i.referral_id IS NULL),
               (SELECT count(*) FROM applications_auditevent e
                 WHERE e.application_id = a.id AND e.action = 'submitted')
          FROM applications_application a ORDER BY a.id
        """,
    )
    assert len(rows) == len(drafts)
    for application, submitted, referrals, departments, unrouted, audited in rows:
        assert (submitted, referrals, unrouted, audited) == (True, departments, 0, 1), application
        assert departments == drafts[0]["departments"] > 1
