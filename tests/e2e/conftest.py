"""Browser journeys: Debian's Chromium driven by Playwright, against a live server on the test
PostgreSQL database, with a real Celery worker on the test Redis.

Outside CI, without Chromium (and without root to install it), these tests skip with a
message; in CI (CI=true) a missing browser is a failure.
"""

import io
import json
import os
import re
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import IN_CI

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_INSTALL = f"() => {{ if (!window.axe) {{ {AXE}\n }} }}"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LOCALES = {"zh-hans": "zh-CN", "en": "en-US"}
# Failures whatever axe's impact: headings in order, every field labelled, one main heading.
ALWAYS = {"heading-order", "label", "label-title-only", "empty-heading", "page-has-heading-one"}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(as root `make test` does it), or set CHROMIUM_PATH."
        )
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop, our ORM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def demo(transactional_db, settings):
    """The demo departments, parks, programmes and people of `make run`."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


@pytest.fixture
def celery_worker(transactional_db, redis_broker):
    """A real Celery worker (in this process, on a queue of its own) for the journey."""
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    queue = f"e2e-{uuid.uuid4().hex[:8]}"
    saved = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        with start_worker(
            app, queues=[queue], pool="solo", perform_ping_check=False, loglevel="WARNING"
        ) as worker:
            yield worker
    finally:
        app.conf.task_default_queue = saved


class Journey:
    """A person's browser: a page with their window size and language, screenshots of the
    main steps, the accessibility checks every visited page must pass, and no breach of the
    Content Security Policy on any page (the browser reports each one in its console)."""

    def __init__(self, browser, live_server, name, language, viewport):
        self.name = name
        self.language = language
        self.base = live_server.url
        self.context = browser.new_context(
            viewport=viewport, locale=LOCALES[language], accept_downloads=True
        )
        self.context.add_cookies(
            [{"name": "fanxiang_language", "value": language, "url": live_server.url}]
        )
        self.context.set_default_timeout(15_000)
        self.csp_violations: list[str] = []
        self.context.on("console", self._watch_console)
        self.page = self.context.new_page()
        self.shots = 0
        self.checked: set[str] = set()
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)

    def _watch_console(self, message):
        if "Content Security Policy" in message.text:
            page = message.page.url if message.page else ""
            self.csp_violations.append(f"{page}: {message.text}")

    def assert_no_csp_violation(self):
        found, self.csp_violations[:] = list(self.csp_violations), []
        assert found == [], f"Content Security Policy violations: {found}"

    def open(self, path):
        self.page.goto(self.base + path)
        self.check()

    def shot(self, label):
        self.shots += 1
        path = self.folder / f"{self.language}-{self.shots:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def check(self):
        """axe-core on the page (no serious or critical violation), and no sideways scroll."""
        self.page.wait_for_load_state("load")
        path = re.sub(r"\d+", "N", self.page.url.replace(self.base, ""))
        # Evaluated by the browser's tools, not as an inline <script> (which the policy blocks).
        self.page.evaluate(AXE_INSTALL)
        result = self.page.evaluate(
            """async () => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values:
                  ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
                return r.violations.map(v => ({id: v.id, impact: v.impact,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' +
                    (n.failureSummary || '').slice(0, 300))}));
            }"""
        )
        serious = [v for v in result if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS]
        assert serious == [], f"{path}: {json.dumps(serious, ensure_ascii=False)}"
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide = self.page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right >
                               document.documentElement.clientWidth + 0.5)
                  .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
            )
            pytest.fail(f"{path} scrolls sideways by {overflow}px: {wide}")
        self.assert_no_csp_violation()
        self.checked.add(path)

    def close(self):
        self.context.close()


@pytest.fixture
def journey(browser, live_server, request):
    journeys = []

    def start(name, language="zh-hans", viewport=PHONE):
        person = Journey(browser, live_server, name, language, viewport)
        journeys.append(person)
        return person

    yield start
    for person in journeys:
        person.close()
    for person in journeys:
        person.assert_no_csp_violation()
