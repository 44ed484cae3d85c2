"""Soak: gunicorn with production settings (as `make bench` runs it) under a steady, moderate
load on loopback for SOAK_SECONDS (600 by default: `make test-faults`; 60 to try it quickly).

About 20 requests a second go to the catalogue, two searches, a programme page, an applicant's
own applications (signed in) and the API list (a busy machine must carry at least half of
that rate). Every 10 s the resident memory (VmRSS) of each gunicorn worker is read. No
answer may be an error, and no worker may grow by more than RSS_BOUND_MB between the end of
the warm-up (the first fifth: minute 2 of 10) and the end. The series is written to
test-artifacts/soak.json.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.common import percentile

from .drafts import PASSWORD
from .portal import (
    ARTIFACTS,
    database_name,
    database_url,
    demo_portal,
    fresh_database,
    gunicorn,
    make_drafts,
    portal_env,
    sql,
)

pytestmark = pytest.mark.faults

SOAK_SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
RATE = 20  # requests a second, all clients together
CLIENTS = 8  # enough to keep the rate when answers take a few hundred ms
SAMPLE_SECONDS = 10
RSS_BOUND_MB = 30


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def test_a_steady_load_makes_no_error_and_no_worker_keeps_growing(scratch):
    assert SOAK_SECONDS >= 30, "SOAK_SECONDS must be 30 or more"
    url = database_url(database_name(os.environ["DATABASE_URL"]) + "_soak")
    with fresh_database(url):
        env = portal_env(url=url, var_dir=scratch)
        demo_portal(env)
        people = make_drafts(env, CLIENTS, submit=True)
        programme = sql(url, "SELECT slug FROM services_programme ORDER BY id LIMIT 1")[0][0]
        pages = [
            "/programmes/",
            "/programmes/?q=" + quote("创业培训"),
            f"/programmes/{programme}/",
            "/applications/",
            "/programmes/?q=loan",
            "/api/v1/programmes/",
        ]

        with gunicorn(env, scratch / "gunicorn.log") as server:
            clients = []
            for person in people:
                client = server.client()
                assert client.login(person["username"], PASSWORD).status == 302
                clients.append(client)
            workers = server.worker_pids()
            results: list[tuple[str, int | str, float]] = []
            lock = threading.Lock()
            started = time.monotonic()
            end = started + SOAK_SECONDS

            def load(index: int):
                """Requests index, index + CLIENTS, ... each at its moment: RATE a second."""
                client, n, mine = clients[index], index, []
                # A load that falls behind stops at the end all the same (and fails below).
                while (due := started + n / RATE) < end and time.monotonic() < end:
                    time.sleep(max(0.0, due - time.monotonic()))
                    path = pages[n % len(pages)]
                    sent = time.monotonic()
                    try:
                        status: int | str = client.get(path).status
                    except OSError as error:
                        status = type(error).__name__
                    mine.append((path, status, time.monotonic() - sent))
                    n += CLIENTS
                with lock:
                    results.extend(mine)

            threads = [
                threading.Thread(target=load, args=(i,), daemon=True) for i in range(CLIENTS)
            ]
            for thread in threads:
                thread.start()
            samples = []
            while (now := time.monotonic()) < end + 1:
                samples.append(
                    {"t": round(now - started), "rss_kb": {pid: rss_kb(pid) for pid in workers}}
                )
                time.sleep(min(SAMPLE_SECONDS, max(0.0, end + 1 - time.monotonic())))
            for thread in threads:
                thread.join(timeout=60)
            workers_after = server.worker_pids()
            log = server.log()

    warm = next(s for s in samples if s["t"] >= SOAK_SECONDS / 5)
    last = samples[-1]
    growth_mb = {
        pid: round((last["rss_kb"][pid] - warm["rss_kb"][pid]) / 1024, 1)
        for pid in workers
        if last["rss_kb"][pid] and warm["rss_kb"][pid]
    }
    statuses = Counter(str(status) for _path, status, _took in results)
    latencies = [took for _path, _status, took in results]
    figures = {
        "seconds": SOAK_SECONDS,
        "rate_per_second": RATE,
        "pages": pages,
        "requests": len(results),
        "achieved_per_second": round(len(results) / SOAK_SECONDS, 1),
        "statuses": dict(statuses),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "workers": workers,
        "warm_at_seconds": warm["t"],
        "growth_mb_per_worker": growth_mb,
        "bound_mb": RSS_BOUND_MB,
        "samples": samples,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "soak.json").write_text(json.dumps(figures, indent=2))

    # On a busy machine the server may not keep up with the rate; it must carry half of it.
    assert len(results) >= 0.5 * SOAK_SECONDS * RATE, f"only {len(results)} requests were made"
    assert dict(statuses) == {"200": len(results)}, (statuses, log)
    assert workers_after == workers, f"a worker was replaced:\n{log}"
    assert len(growth_mb) == len(workers)
    assert max(growth_mb.values()) < RSS_BOUND_MB, growth_mb
