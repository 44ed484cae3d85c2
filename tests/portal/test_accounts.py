import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

SIGN_UP = {
    "username": "xiaohong",
    "name": "王小红",
    "phone": "+86 138 1234 5678",
    "email": "XiaoHong@Example.com",
    "language": "zh-hans",
    "password1": "returning-home-2026",
    "password2": "returning-home-2026",
}


@pytest.fixture(autouse=True)
def _fresh_reset_counters():
    # Password-reset requests are counted in the cache; every test starts from none.
    cache.clear()
    yield
    cache.clear()


def sign_in(client, identifier, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": identifier, "password": password})


def sign_up(client, sms, path=None, **changes):
    """The sign-up form, then the code sent to the number; the last response."""
    data = {**SIGN_UP, **changes}
    response = client.post(path or reverse("accounts:signup"), data)
    assert response.status_code == 302 and response.url == reverse("accounts:signup_code")
    code = sms.code("13812345678")
    return client.post(reverse("accounts:signup_code"), {"code": code})


def test_sign_up_makes_an_applicant_and_signs_them_in(client, sms):
    sign_up(client, sms, role="admin")
    user = User.objects.get(username="xiaohong")
    assert user.role == User.Role.APPLICANT  # a posted role is ignored
    assert not user.is_staff
    assert user.phone == "13812345678"
    assert user.phone_verified_at is not None
    response = client.get(reverse("home"))
    assert response.context["user"] == user
    assert "王小红" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "11位大陆手机号"),
        ("username", "13812345678", "不能全是数字"),
        ("username", "someone@example", "不能含有 @"),
        ("email", "not-an-address", "邮件地址"),
    ],
)
def test_sign_up_refuses_bad_values_naming_the_field(client, field, value, message):
    response = client.post(reverse("accounts:signup"), {**SIGN_UP, field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not User.objects.filter(name="王小红").exists()


@pytest.mark.parametrize(
    ("password", "chinese", "english"),
    [
        ("woaini1314", "这个密码太常见了", "This password is too common"),
        ("xiaohong2026", "密码与用户名太相似", "The password is too similar to the username"),
        ("hx7!q2", "这个密码太短了：至少要 8 个字符", "too short: use at least 8 characters"),
        ("20261314520", "密码只包含数字", "This password is entirely numeric"),
    ],
)
def test_sign_up_refuses_a_weak_password_saying_why_in_both_languages(
    client, password, chinese, english
):
    weak = {**SIGN_UP, "password1": password, "password2": password}
    response = client.post(reverse("accounts:signup"), weak)
    assert chinese in " ".join(response.context["form"].errors["password1"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("accounts:signup"), weak)
    assert english in " ".join(response.context["form"].errors["password1"])
    assert not User.objects.filter(username="xiaohong").exists()


def test_a_session_ends_after_eight_hours(client, applicant):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    sign_in(client, applicant.username)
    with time_machine.travel(timezone.now() + timedelta(hours=7, minutes=50)):
        assert client.get(reverse("applications:list")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=8, minutes=1)):
        response = client.get(reverse("applications:list"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_sign_up_refuses_a_username_or_email_differing_only_in_case(client, applicant):
    response = client.post(
        reverse("accounts:signup"),
        {**SIGN_UP, "username": applicant.username.upper(), "email": applicant.email.upper()},
    )
    assert set(response.context["form"].errors) == {"username", "email"}


@pytest.mark.parametrize(
    "identifier",
    ["wang", "WANG", "13900000042", "+86 139 0000 0042", "wang@example.com", "Wang@Example.COM"],
)
def test_log_in_with_user_name_phone_or_email(client, identifier):
    UserFactory(username="wang", phone="13900000042", email="wang@example.com")
    response = sign_in(client, identifier)
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].username == "wang"


def test_wrong_password_is_refused_with_a_message(client, applicant):
    response = sign_in(client, applicant.username, "wrong-password")
    assert response.status_code == 200
    assert "密码不正确" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_inactive_user_cannot_log_in(client):
    user = UserFactory(is_active=False)
    response = sign_in(client, user.username)
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_log_out_needs_a_post(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"), follow=True)
    assert not response.context["user"].is_authenticated


def test_password_reset_by_email_lets_the_user_choose_a_new_password(client, applicant):
    response = client.post(reverse("accounts:password_reset"), {"email": "WANG@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    link = re.search(r"https?://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    # The link redirects once to a URL without the token, then shows the form.
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": "a-new-home-2026", "new_password2": "a-new-home-2026"}
    )
    assert response.status_code == 302
    client.logout()
    assert sign_in(client, applicant.username, "a-new-home-2026").status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_language_switch_changes_the_page_and_is_remembered_for_the_account(client, applicant):
    assert "登录" in client.get(reverse("home")).content.decode()
    client.force_login(applicant)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Log out" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.language == "en"


def test_log_in_applies_the_language_kept_on_the_account(client):
    user = UserFactory(language="en")
    sign_in(client, user.username)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Log out" in client.get(reverse("home")).content.decode()


def test_language_switch_ignores_an_unknown_language(client, applicant):
    client.force_login(applicant)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    applicant.refresh_from_db()
    assert applicant.language == "zh-hans"


def test_next_after_sign_up_must_stay_on_this_site(client, sms):
    response = sign_up(client, sms, path=reverse("accounts:signup") + "?next=https://evil.example/")
    assert response.url == reverse("home")


def test_the_language_chosen_before_logging_in_wins_and_is_kept(client):
    user = UserFactory(language="zh-hans")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_in(client, user.username)
    user.refresh_from_db()
    assert user.language == "en"
    assert "Log out" in client.get(reverse("home")).content.decode()


def test_signing_in_keeps_the_language_the_browser_asked_for(client):
    """A visitor reading in English because their browser asks for it stays in English after
    signing in; the account's language (for its messages) is left as it was."""
    user = UserFactory(language="zh-hans")
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
        follow=True,
    )
    assert response.redirect_chain  # signed in
    assert "Log out" in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="en"' in home.content.decode()
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_a_password_refused_at_sign_up_is_marked_on_the_password_field(client):
    response = client.post(
        reverse("accounts:signup"), {**SIGN_UP, "password1": "12345678", "password2": "12345678"}
    )
    form = response.context["form"]
    assert form.errors["password1"] and "password2" not in form.errors
    # On a phone the field may be a screen away: the top of the form says there is something.
    assert "有些回答需要检查，已在下面标出。" in response.content.decode()


def test_a_new_password_refused_after_a_reset_or_change_is_marked_on_it(client, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    form = response.context["form"]
    assert form.errors["new_password1"] and "new_password2" not in form.errors


@pytest.mark.parametrize(("role", "landing"), [("official", "/queue/"), ("head", "/queue/")])
def test_officials_and_heads_land_on_their_queue_after_signing_in(client, hrss, role, landing):
    UserFactory(username="li", role=role, department=hrss)
    response = sign_in(client, "li")
    assert response.status_code == 302 and response.url == landing
    # Already signed in, the sign-in page sends them there too.
    assert client.get(reverse("accounts:login")).url == landing


def test_an_applicant_lands_on_the_home_page_and_a_page_asked_for_wins(client, hrss):
    UserFactory(username="wang")
    assert sign_in(client, "wang").url == reverse("home")
    client.logout()
    UserFactory(username="li", role="official", department=hrss)
    response = client.post(
        reverse("accounts:login") + "?next=/programmes/",
        {"username": "li", "password": PASSWORD},
    )
    assert response.url == "/programmes/"


def test_a_newcomer_sent_to_log_in_is_offered_to_sign_up_and_keeps_where_they_were_going(client):
    target = "/applications/new/?programmes=syb-training"
    page = client.get("/accounts/login/", {"next": target}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    intro = html[html.index("<main") : html.index('<form method="post" novalidate>')]
    assert "先注册一个账号" in intro
    assert "/accounts/signup/?next=/applications/new/%3Fprogrammes%3Dsyb-training" in intro
    signup = client.get("/accounts/signup/", {"next": target}).content.decode()
    assert "/accounts/login/?next=/applications/new/%3Fprogrammes%3Dsyb-training" in signup


@pytest.mark.django_db
def test_a_wrong_password_is_said_once(client, applicant):
    page = client.post(
        "/accounts/login/", {"username": applicant.username, "password": "wrong-one"}
    )
    errors = page.context["form"].non_field_errors()
    assert len(errors) == 1 and page.content.decode().count(errors[0]) == 1
