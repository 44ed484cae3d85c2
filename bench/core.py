"""Benchmarks inside one process: the officials' queue, the reminder sweep, eligibility."""

from __future__ import annotations

import datetime
import random
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.common import SEED, percentile, size, write
from services.eligibility import compile_rules, compiled_from_text, evaluate, parse_facts
from services.models import Programme
from services.screening import programmes_judged, programmes_screen

BIG_TABLES = ("applications_application", "applications_referral", "applications_applicationitem")


def _explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def queue(scale: str, counts: dict) -> dict:
    """The queue page and its filters for an official, at the sizes made: p50/p95 and the
    plans of its queries (index scans, no sequential scan of the big tables)."""
    official = get_user_model().objects.get(username="official-hrss")
    client = Client()
    client.force_login(official)
    pages = {
        "queue": "/queue/",
        "overdue": "/queue/?overdue=1",
        "info_requested": "/queue/?status=info_requested",
        "mine": "/queue/?mine=1",
        "page 50": "/queue/?page=50",
    }
    figures = {}
    for name, url in pages.items():
        client.get(url)  # warm
        times = []
        for _ in range(20 if scale == "small" else 50):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        plans = {}
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.startswith("SELECT") and any(table in sql for table in BIG_TABLES):
                plan = _explain(sql)
                plans[sql[:120]] = {
                    "seq_scan_of_big_table": any(
                        f"Seq Scan on {table}" in plan for table in BIG_TABLES
                    ),
                    "plan": plan,
                }
        figures[name] = {
            "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": len(captured.captured_queries),
            "plans": plans,
        }
    write("queue", scale=scale, sizes=counts, figures=figures)
    return figures


def sweep(scale: str, counts: dict) -> dict:
    """One full reminder sweep over every application: time, peak Python memory, queries,
    reminders written per second; then a second sweep right after, which writes nothing."""
    from applications.reminders import sweep as run_sweep

    now = timezone.now()
    reset_queries()  # the log keeps 9,000 queries: full, it would count none
    tracemalloc.start()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        written = run_sweep(now)
        seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    again = run_sweep(now)
    second = time.perf_counter() - started
    total = sum(written.values())
    figures = {
        "first_sweep_seconds": round(seconds, 2),
        "peak_python_memory_mb": round(peak / 1024 / 1024, 1),
        "queries": len(captured.captured_queries),
        "reminders_written": written,
        "reminders_per_second": round(total / seconds) if seconds else None,
        "second_sweep_seconds": round(second, 2),
        "second_sweep_written": sum(again.values()),
    }
    write("sweep", scale=scale, sizes=counts, figures=figures)
    return figures


def eligibility(scale: str) -> dict:
    """Every published programme judged for one profile (as the screener and the API do),
    and one programme judged for many profiles."""
    rng = random.Random(SEED)
    facts = parse_facts(
        {
            "age": 34,
            "gender": "female",
            "hukou": "rural",
            "hukou_in_county": True,
            "five_types": ["transferred_rural_labourer"],
            "ready_to_start_business": True,
            "has_business_licence": True,
            "business_licence_date": "2025-06-01",
        }
    )
    today = timezone.localdate()
    programmes = Programme.objects.filter(status=Programme.Status.PUBLISHED).count()
    compiled_from_text.cache_clear()
    started = time.perf_counter()
    programmes_judged(facts=facts, today=today)
    first_ms = (time.perf_counter() - started) * 1000  # every rule text parsed and compiled
    times, judge_times = [], []
    for _ in range(10):
        started = time.perf_counter()
        screening = programmes_screen(facts=facts, today=today)
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        programmes_judged(facts=facts, today=today)
        judge_times.append((time.perf_counter() - started) * 1000)
    judged = sum(page.paginator.count for page in screening.pages.values())
    distinct_rules = compiled_from_text.cache_info().currsize

    rules = Programme.objects.get(slug="iyb-training").rules
    profiles = size("profiles", scale)
    many = [
        {
            "business_licence_date": today - datetime.timedelta(days=rng.randint(0, 2000)),
            "has_business_licence": True,
        }
        for _ in range(profiles)
    ]
    started = time.perf_counter()
    for profile in many:
        evaluate(rules, profile, today=today)
    per_profile = (time.perf_counter() - started) / profiles * 1_000_000
    judge = compile_rules(rules)
    started = time.perf_counter()
    for profile in many:
        judge(profile, today)
    verdict_only = (time.perf_counter() - started) / profiles * 1_000_000
    figures = {
        # The screener page: every open programme judged, a page of each group explained.
        "one_profile_all_programmes_ms": {
            "p50": round(percentile(times, 0.5), 1),
            "max": round(max(times), 1),
            "programmes_judged": judged,
            "programmes_explained": sum(
                len(group) for group in (screening.eligible, screening.maybe, screening.ineligible)
            ),
        },
        # The verdicts alone (one query and the compiled rules), and the first call of a
        # process, which parses and compiles every distinct rule text.
        "verdicts_only_ms": {
            "p50": round(percentile(judge_times, 0.5), 1),
            "first_call": round(first_ms, 1),
            "distinct_rule_texts": distinct_rules,
        },
        "one_programme_many_profiles_us_per_profile": round(per_profile, 1),
        "one_programme_many_profiles_us_per_profile_verdict_only": round(verdict_only, 2),
    }
    write(
        "eligibility",
        scale=scale,
        sizes={"published_programmes": programmes, "profiles": profiles},
        figures=figures,
    )
    return figures


def cold_times(client, path: str, runs: int = 20) -> dict:
    """p50/p95 of a page no cache has seen: warmed once (templates, the Chinese dictionary),
    then asked `runs` times with the cache emptied before each."""
    from django.core.cache import cache

    client.get(path)
    times = []
    for _ in range(runs):
        cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return {"p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1)}


def cold_pages(scale: str) -> dict:
    """The public pages when the cache has not seen them (a new search, the first visitor after
    a change): one request at a time in this process, with the cache emptied before each."""
    from django.core.cache import cache

    from bench.load import PAGES

    client = Client(HTTP_HOST="127.0.0.1")
    figures = {}
    for name, path in PAGES.items():
        if name == "floor":
            continue
        figures[name] = cold_times(client, path)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        figures[name]["queries"] = len(captured.captured_queries)
    published = Programme.objects.filter(status=Programme.Status.PUBLISHED).count()
    write("cold_pages", scale=scale, sizes={"published_programmes": published}, figures=figures)
    return figures


# What a returnee types, by kind (bench data titles: SYB创业培训, 创业担保贷款, 小微企业补贴 …).
SEARCHES = {
    "exact_zh": "创业培训",
    "exact_en": "loan",
    "pinyin": "chuangye",
    "pinyin_typing": "peix",
    "initials": "cydb",
    "homophone": "陪训",
    "traditional": "創業培訓",
}


def search(scale: str) -> dict:
    """Each kind of query, as a new search (the cache emptied before each): the catalogue page
    and the API's list, p50/p95 of 20, with how many programmes each finds."""
    from urllib.parse import quote

    client = Client(HTTP_HOST="127.0.0.1")
    figures = {}
    for kind, query in SEARCHES.items():
        figures[kind] = {"query": query}
        for where, path in (
            ("catalogue", "/programmes/?q=" + quote(query)),
            ("api", "/api/v1/programmes/?q=" + quote(query)),
        ):
            figures[kind][where] = cold_times(client, path)
        figures[kind]["found"] = client.get(
            "/api/v1/programmes/?q=" + quote(query), HTTP_ACCEPT="application/json"
        ).json()["count"]
    published = Programme.objects.filter(status=Programme.Status.PUBLISHED).count()
    write("search", scale=scale, sizes={"published_programmes": published}, figures=figures)
    return figures
