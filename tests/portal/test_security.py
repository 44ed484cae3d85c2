"""Attacks a person would notice: password guessing is slowed down, pages run only the portal's
own scripts and styles, forms refuse posts from other sites, and problems can be reported."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory
from tests.portal.test_settings import FIELD_KEY, STRONG_KEY, run_manage

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    # Reset requests and the API's throttle count in the cache; every test starts from none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wang(db):
    return UserFactory(username="wang", phone="13900000042", email="wang@example.com")


def sign_in(client, identifier, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": identifier, "password": password}, **extra)


def signed_in_as(client):
    return client.get(reverse("home")).context["user"]


# --- Sign-in lockout ---------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_whichever_identifier_is_typed(client, wang):
    for identifier in ["wang", "WANG", "13900000042", "+86 139 0000 0042"]:
        assert sign_in(client, identifier, "guess").status_code == 200
    fifth = sign_in(client, "Wang@Example.com", "guess")
    assert fifth.status_code == 429  # the fifth failure says so at once

    response = sign_in(client, "wang", PASSWORD)  # and even the right password is refused
    assert response.status_code == 429
    page = response.content.decode()
    assert "尝试次数太多" in page and "15 分钟后再试" in page
    assert 'data-testid="too-many-attempts"' in page  # the portal's page, not an error page
    assert "登录" in page  # with the portal's menu
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert not signed_in_as(client).is_authenticated


def test_the_lockout_message_is_in_english_too(client, wang):
    client.cookies["fanxiang_language"] = "en"
    for _attempt in range(5):
        sign_in(client, "wang", "guess")
    page = sign_in(client, "wang", PASSWORD).content.decode()
    assert "Too many failed attempts. Try again in 15 minutes, after" in page


def test_the_account_opens_again_after_the_cool_off(client, wang):
    for _attempt in range(5):
        sign_in(client, "13900000042", "guess")
    assert sign_in(client, "wang").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        response = sign_in(client, "wang")
        assert response.status_code == 429
        assert "1 分钟后再试" in response.content.decode()  # a failure while locked adds nothing
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(client, "wang").status_code == 302
        assert signed_in_as(client) == wang


def test_a_successful_sign_in_clears_the_accounts_failures(client, wang):
    for _attempt in range(4):
        sign_in(client, "wang", "guess")
    assert sign_in(client, "wang").status_code == 302
    client.post(reverse("accounts:logout"))
    for _attempt in range(4):
        sign_in(client, "wang", "guess")
    assert sign_in(client, "wang").status_code == 302  # 4 + 4 failures, never 5 in a row


def test_a_locked_account_is_locked_from_every_address(wang):
    for _attempt in range(5):
        sign_in(Client(REMOTE_ADDR="10.0.0.1"), "wang", "guess")
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), "wang").status_code == 429


def test_guesses_at_many_accounts_from_one_address_lock_that_address(settings, wang):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    for number in range(7):  # never twice the same account
        assert sign_in(attacker, f"person{number}", "guess").status_code == 200
    assert sign_in(attacker, "person7", "guess").status_code == 429
    assert sign_in(attacker, "wang").status_code == 429
    # The account itself is not locked: its owner signs in from elsewhere.
    assert sign_in(Client(REMOTE_ADDR="10.0.0.7"), "wang").status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(settings, wang):
    settings.BEHIND_TLS_PROXY = True
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for number in range(3):  # a different made-up address each time
        sign_in(
            Client(REMOTE_ADDR="172.16.0.1"),
            f"person{number}",
            "guess",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 10.0.0.66",
        )
    blocked = sign_in(Client(), "wang", HTTP_X_FORWARDED_FOR="9.9.9.9, 10.0.0.66")
    assert blocked.status_code == 429
    assert sign_in(Client(), "wang", HTTP_X_FORWARDED_FOR="10.0.0.7").status_code == 302


def test_failed_token_requests_count_towards_the_lockout(client, wang):
    api = APIClient()
    for identifier in ["wang", "13900000042", "wang@example.com", "wang"]:
        response = api.post(TOKEN, {"username": identifier, "password": "guess"}, format="json")
        assert response.status_code == 400
    response = api.post(TOKEN, {"username": "WANG", "password": "guess"}, format="json")
    assert response.status_code == 429
    response = api.post(
        TOKEN,
        {"username": "wang", "password": PASSWORD},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert "Too many failed attempts. Try again in 15 minutes" in response.json()["detail"]
    assert int(response["Retry-After"]) > 14 * 60
    assert sign_in(client, "wang").status_code == 429  # and the web sign-in too
    assert not AuthToken.objects.exists()


def test_made_up_forwarded_addresses_do_not_escape_the_token_throttle(wang):
    api = APIClient()
    answers = [
        api.post(
            TOKEN,
            {"username": "wang", "password": PASSWORD},
            format="json",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{number}",
        ).status_code
        for number in range(12)
    ]
    assert answers == [200] * 10 + [429] * 2


def test_a_test_clients_login_without_a_request_still_works(client, wang):
    assert client.login(username="wang", password=PASSWORD)
    assert signed_in_as(client) == wang


# --- Password-reset requests -------------------------------------------------------------------


def test_reset_links_are_limited_per_email_address(client, wang):
    for _request in range(3):
        assert client.post(RESET, {"email": "wang@example.com"}).status_code == 302
    assert len(mail.outbox) == 3

    response = client.post(RESET, {"email": "WANG@example.com"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "申请重设密码的次数太多" in response.content.decode()
    assert int(response["Retry-After"]) <= 60 * 60
    assert len(mail.outbox) == 3  # nothing more sent

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert client.post(RESET, {"email": "wang@example.com"}).status_code == 302
    assert len(mail.outbox) == 4


def test_reset_requests_are_limited_per_address_whatever_the_email(client, wang):
    for number in range(10):
        response = client.post(RESET, {"email": f"person{number}@example.com"})
        assert response.status_code == 302
    assert client.post(RESET, {"email": "wang@example.com"}).status_code == 429
    assert mail.outbox == []
    other = Client(REMOTE_ADDR="10.0.0.8")
    assert other.post(RESET, {"email": "wang@example.com"}).status_code == 302
    assert len(mail.outbox) == 1


# --- Content Security Policy, on every page ----------------------------------------------------

POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def policy(response):
    return set(response["Content-Security-Policy"].split("; "))


def every_route(resolver=None, prefix=""):
    """Every URL of the portal (the admin's too), path parameters filled with made-up values."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if route.startswith("^"):  # the admin's few regular expressions
            continue
        if isinstance(entry, URLResolver):
            yield from every_route(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            path = prefix + route
            for converter in ("<int:", "<slug:", "<str:", "<path:", "<"):
                while converter in path:
                    start = path.index(converter)
                    path = path[:start] + "1" + path[path.index(">", start) + 1 :]
            yield "/" + path


def test_every_page_carries_the_policy(client, administrator, wang):
    routes = sorted(set(every_route()))
    assert len(routes) > 50 and "/" in routes and "/admin/" in routes
    for user in (None, wang, administrator):
        if user:
            client.force_login(user)
        for path in routes:
            response = client.get(path)
            assert policy(response) == POLICY, (path, response.status_code)


def test_the_lockout_and_error_pages_carry_the_policy_too(client, wang):
    assert policy(client.get("/no-such-page/")) == POLICY
    for _attempt in range(6):
        response = sign_in(client, "wang", "guess")
    assert response.status_code == 429
    assert policy(response) == POLICY


def test_the_pages_have_no_inline_style_or_script(client, wang):
    client.force_login(wang)
    for name in ("home", "services:catalogue", "services:screener", "applications:list"):
        page = client.get(reverse(name)).content.decode()
        assert " style=" not in page and "<style" not in page, name
        assert "<script>" not in page and " on" + "click=" not in page, name


# --- CSRF ----------------------------------------------------------------------------------------


def test_every_form_refuses_a_post_without_its_csrf_token(wang):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(wang)
    checked = 0
    for path in sorted(set(every_route())):
        if path.startswith("/api/"):
            continue  # REST framework's own check, below
        response = strict.post(path, {"username": "wang", "password": PASSWORD})
        assert response.status_code == 403, path
        checked += 1
    assert checked > 40


def test_the_api_refuses_a_session_post_without_the_csrf_token(wang):
    strict = APIClient(enforce_csrf_checks=True)
    strict.force_login(wang)
    response = strict.post("/api/v1/applications/", {}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_login_page_refuses_a_post_without_its_csrf_token(wang):
    strict = Client(enforce_csrf_checks=True)
    assert sign_in(strict, "wang").status_code == 403
    page = strict.get(LOGIN)
    token = page.cookies["csrftoken"].value
    response = strict.post(
        LOGIN, {"username": "wang", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


# --- Production settings ---------------------------------------------------------------------


def test_production_settings_turn_on_https_cookies_and_hsts():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_AGE, "
        "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds())",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        FIELD_ENCRYPTION_KEYS=FIELD_KEY,
        DJANGO_ALLOWED_HOSTS="portal.example",
        DJANGO_BEHIND_TLS_PROXY="true",
        DJANGO_SESSION_AGE="3600",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="30",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "3600",
        "3",
        "1800.0",
    ]


# --- Reporting a problem -----------------------------------------------------------------------


def test_security_txt_names_the_contact(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@county.example"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Contact: mailto:security@county.example" in lines
    expires = next(line for line in lines if line.startswith("Expires: "))
    assert expires.removeprefix("Expires: ")[:4] >= str(timezone.now().year)


# --- Every password check counts -----------------------------------------------------------


def test_guessing_the_old_password_on_the_change_form_counts_towards_the_lockout(client, wang):
    client.force_login(wang)
    change = reverse("accounts:password_change")
    guess = {
        "old_password": "guess",
        "new_password1": "a-new-home-26",
        "new_password2": "a-new-home-26",
    }
    for _ in range(4):
        assert client.post(change, guess).status_code == 200
    assert client.post(change, guess).status_code == 429
    client.logout()
    assert sign_in(client, "wang").status_code == 429  # the account is locked everywhere


def test_guessing_the_password_of_the_api_id_number_change_counts_towards_the_lockout(client, wang):
    from tests.applications.test_api import PROFILE, profile_body
    from tests.data import id_number_for

    api = APIClient()
    api.force_authenticate(wang)
    assert api.put(PROFILE, profile_body(), format="json").status_code == 201
    other = profile_body(id_number=id_number_for(datetime.date(1990, 1, 1), n=3))
    answers = [
        api.put(PROFILE, {**other, "password": f"guess{n}"}, format="json").status_code
        for n in range(5)
    ]
    assert answers == [400] * 4 + [429]
    assert sign_in(client, "wang").status_code == 429
