"""Staff confirm each sign-in with an authenticator app (portal/accounts/second_factor.py)."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_2FA_REQUIRED = True
    cache.clear()


def sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def later():
    """The next 30-second step of the app: a code already used is never taken again."""
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=31))


def app_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def set_up(client, user):
    """Sign in and set up the app: the device and the recovery codes."""
    sign_in(client, user)
    page = client.get(reverse("accounts:second_factor_setup"))
    assert "<svg" in page.content.decode()  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:second_factor_setup"), {"code": app_code(device)})
    assert response.status_code == 200
    return device, list(response.context["codes"])


def test_an_official_without_the_app_is_sent_to_set_it_up_before_any_page(client, hrss):
    official = UserFactory(role="official", department=hrss)
    sign_in(client, official)
    response = client.get(reverse("applications:queue"))
    assert response.url.startswith(reverse("accounts:second_factor_setup"))
    assert client.get("/admin/").url.startswith(reverse("accounts:second_factor_setup"))
    assert client.get("/api/v1/referrals/").status_code == 403
    _device, codes = set_up(client, official)
    assert len(codes) == 10
    assert client.get(reverse("applications:queue")).status_code == 200


def test_each_sign_in_asks_for_the_app_s_code(client, hrss):
    official = UserFactory(role="official", department=hrss)
    device, _codes = set_up(client, official)
    client.logout()
    sign_in(client, official)
    response = client.get(reverse("applications:queue"))
    assert response.url.startswith(reverse("accounts:second_factor"))
    page = client.get(response.url).content.decode()
    assert 'autocomplete="one-time-code"' in page
    wrong = client.post(reverse("accounts:second_factor"), {"code": "000000"})
    assert wrong.status_code == 200 and "不对" in wrong.content.decode()
    device.refresh_from_db()
    with later():  # the code used to set it up is not taken twice
        client.post(reverse("accounts:second_factor"), {"code": app_code(device)})
    assert client.get(reverse("applications:queue")).status_code == 200


def test_a_right_code_typed_too_soon_after_wrong_ones_is_told_to_wait_not_called_wrong(
    client, hrss
):
    official = UserFactory(role="official", department=hrss)
    sign_in(client, official)
    client.get(reverse("accounts:second_factor_setup"))
    device = TOTPDevice.objects.get(user=official, confirmed=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("accounts:second_factor_setup"), {"code": "000000"})
        client.post(reverse("accounts:second_factor_setup"), {"code": "000001"})
    with time_machine.travel(start + datetime.timedelta(seconds=0.5), tick=False):
        device.refresh_from_db()
        soon = client.post(reverse("accounts:second_factor_setup"), {"code": app_code(device)})
        assert soon.context["form"].errors["code"] == [
            "连续输错太多次：请等 1 秒，再输入应用那时显示的验证码。"
        ]
    with time_machine.travel(start + datetime.timedelta(seconds=2), tick=False):
        device.refresh_from_db()
        in_time = client.post(reverse("accounts:second_factor_setup"), {"code": app_code(device)})
        codes = in_time.context["codes"]
        assert len(codes) == 10
    with time_machine.travel(start + datetime.timedelta(seconds=40), tick=False):
        client.logout()
        sign_in(client, official)
        client.post(reverse("accounts:second_factor"), {"code": "000000"})
        device.refresh_from_db()
        at_once = client.post(reverse("accounts:second_factor"), {"code": app_code(device)})
        assert "等 1 秒" in at_once.context["form"].errors["code"][0]
        recovery = client.post(reverse("accounts:second_factor"), {"code": codes[0]})
        assert "等 1 秒" in recovery.context["form"].errors["code"][0]  # not used up
    with time_machine.travel(start + datetime.timedelta(seconds=42), tick=False):
        client.post(reverse("accounts:second_factor"), {"code": codes[0]})
        assert client.get(reverse("applications:queue")).status_code == 200


def test_a_recovery_code_works_once(client, hrss):
    official = UserFactory(role="official", department=hrss)
    _device, codes = set_up(client, official)
    for attempt in range(2):
        client.logout()
        sign_in(client, official)
        client.post(reverse("accounts:second_factor"), {"code": codes[0]})
        answer = client.get(reverse("applications:queue"))
        assert (answer.status_code == 200) == (attempt == 0)


def test_a_stolen_password_alone_cannot_replace_the_app(client, hrss):
    official = UserFactory(role="official", department=hrss)
    set_up(client, official)
    client.logout()
    sign_in(client, official)
    response = client.get(reverse("accounts:second_factor_setup"))
    assert response.url.startswith(reverse("accounts:second_factor"))


def test_applicants_are_not_asked(client, applicant):
    sign_in(client, applicant)
    assert client.get(reverse("applications:list")).status_code == 200


def test_without_the_requirement_staff_without_the_app_go_on(client, hrss, settings):
    settings.STAFF_2FA_REQUIRED = False
    official = UserFactory(role="official", department=hrss)
    sign_in(client, official)
    assert client.get(reverse("applications:queue")).status_code == 200


def test_the_api_gives_staff_a_token_only_with_the_app_s_code(client, hrss):
    official = UserFactory(role="official", department=hrss)
    api = APIClient()
    body = {"username": official.username, "password": PASSWORD}
    response = api.post(TOKEN, body, format="json")
    assert response.status_code == 400 and "otp" in response.json()
    device, _codes = set_up(client, official)
    assert api.post(TOKEN, {**body, "otp": "000000"}, format="json").status_code == 400
    device.refresh_from_db()
    with later():
        response = api.post(TOKEN, {**body, "otp": app_code(device)}, format="json")
    assert response.status_code == 200 and re.fullmatch(r"[0-9a-f]{64}", response.json()["token"])
