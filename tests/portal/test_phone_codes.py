"""Codes sent by SMS (portal/accounts/codes.py): confirming the number at sign-up, signing in
and setting a new password with one, and the notices of a changed password or number."""

import datetime
import json
from unittest import mock

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import PhoneCode
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
NUMBER = "13812345678"
SIGN_UP = {
    "username": "xiaohong",
    "name": "王小红",
    "phone": NUMBER,
    "email": "",
    "language": "zh-hans",
    "password1": "returning-home-2026",
    "password2": "returning-home-2026",
}


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M:%S")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def ask_sign_in_code(client, phone):
    return client.post(reverse("accounts:login_code"), {"phone": phone})


def test_sign_up_makes_no_account_until_the_code_sent_to_the_number_is_typed(client, sms, clock):
    response = client.post(reverse("accounts:signup"), SIGN_UP)
    assert response.url == reverse("accounts:signup_code")
    assert not User.objects.filter(username="xiaohong").exists()
    page = client.get(reverse("accounts:signup_code")).content.decode()
    assert "138****5678" in page and 'autocomplete="one-time-code"' in page
    assert "data-no-keep" in page  # the code is never kept in the browser
    assert local(START + datetime.timedelta(minutes=1)) in page  # when a new code may be asked
    (message,) = sms.messages(NUMBER)
    assert message["code"] in message["text"] and "5 分钟" in message["text"]
    # Only a keyed hash is kept.
    stored = PhoneCode.objects.get(phone=NUMBER)
    assert message["code"] not in stored.digest and len(stored.digest) > 40
    response = client.post(reverse("accounts:signup_code"), {"code": message["code"]})
    user = User.objects.get(username="xiaohong")
    assert user.phone_verified_at == START and user.check_password(SIGN_UP["password1"])
    assert client.get(reverse("home")).context["user"] == user


def test_sign_up_with_a_number_that_has_an_account_answers_the_same_and_tells_its_owner(
    client, sms, clock
):
    owner = UserFactory(phone="13800000003")
    # Typed with a full-width digit, it is the same number (NFKC), not a second account.
    response = client.post(reverse("accounts:signup"), {**SIGN_UP, "phone": "13８00000003"})
    assert response.url == reverse("accounts:signup_code")
    page = client.get(reverse("accounts:signup_code")).content.decode()
    assert "138****0003" in page
    (message,) = sms.messages(owner.phone)
    assert "code" not in message and "已经有账户" in message["text"]
    # No code was sent, so none works: the same refusal as a mistyped code.
    response = client.post(reverse("accounts:signup_code"), {"code": "000000"})
    assert "验证码不对" in response.content.decode()
    assert User.objects.filter(phone=owner.phone).count() == 1


def test_a_code_works_once_and_only_for_five_minutes(client, sms, clock):
    client.post(reverse("accounts:signup"), SIGN_UP)
    code = sms.code(NUMBER)
    clock.shift(datetime.timedelta(minutes=5, seconds=1))
    response = client.post(reverse("accounts:signup_code"), {"code": code})
    assert response.status_code == 200 and not User.objects.exists()
    client.post(reverse("accounts:signup_code"), {"resend": "1"})
    fresh = sms.code(NUMBER)
    assert client.post(reverse("accounts:signup_code"), {"code": fresh}).status_code == 302
    client.logout()
    # Used once, it is spent, even by someone who saw it.
    user = User.objects.get()
    user.delete()
    clock.shift(datetime.timedelta(seconds=61))
    assert client.post(reverse("accounts:signup"), SIGN_UP).status_code == 302
    assert client.post(reverse("accounts:signup_code"), {"code": fresh}).status_code == 200


def test_a_code_typed_in_full_width_digits_or_with_spaces_is_read(client, sms, clock):
    client.post(reverse("accounts:signup"), SIGN_UP)
    code = sms.code(NUMBER)
    wide = " ".join(chr(ord(digit) + 0xFEE0) for digit in code)  # ０４２ ...
    assert client.post(reverse("accounts:signup_code"), {"code": wide}).status_code == 302


def test_five_wrong_tries_spend_the_code(client, sms, clock, settings):
    client.post(reverse("accounts:signup"), SIGN_UP)
    code = sms.code(NUMBER)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(settings.PHONE_CODE_TRIES):
        client.post(reverse("accounts:signup_code"), {"code": wrong})
    response = client.post(reverse("accounts:signup_code"), {"code": code})
    assert response.status_code == 200 and not User.objects.exists()


def test_a_new_code_waits_a_minute_and_the_number_and_address_have_their_limits(
    client, sms, clock, settings
):
    client.post(reverse("accounts:signup"), SIGN_UP)
    response = client.post(reverse("accounts:signup_code"), {"resend": "1"}, follow=True)
    assert local(START + datetime.timedelta(minutes=1)) in response.content.decode()
    assert len(sms.messages()) == 1
    for _ in range(settings.PHONE_CODE_NUMBER_LIMIT - 1):
        clock.shift(datetime.timedelta(seconds=61))
        client.post(reverse("accounts:signup_code"), {"resend": "1"})
    assert len(sms.messages()) == settings.PHONE_CODE_NUMBER_LIMIT
    clock.shift(datetime.timedelta(seconds=61))
    response = client.post(reverse("accounts:signup_code"), {"resend": "1"}, follow=True)
    assert "请求的验证码太多" in response.content.decode()
    assert len(sms.messages()) == settings.PHONE_CODE_NUMBER_LIMIT
    # One address asking for many numbers is stopped too.
    settings.PHONE_CODE_ADDRESS_LIMIT = settings.PHONE_CODE_NUMBER_LIMIT + 2
    for number in ("13900000001", "13900000002"):
        assert ask_sign_in_code(client, number).status_code == 302
    response = ask_sign_in_code(client, "13900000003")
    assert response.status_code == 200 and "请求的验证码太多" in response.content.decode()


def test_signing_in_with_a_code_needs_a_confirmed_number(client, sms, clock):
    confirmed = UserFactory(phone="13900000042")
    unconfirmed = UserFactory(phone="13900000043", phone_verified_at=None)
    for user in (confirmed, unconfirmed):
        response = ask_sign_in_code(client, user.phone)
        assert response.url == reverse("accounts:login_code_enter")
    assert sms.messages(unconfirmed.phone) == []
    ask_sign_in_code(client, confirmed.phone)  # back to the first number (a minute later: no)
    clock.shift(datetime.timedelta(seconds=61))
    ask_sign_in_code(client, confirmed.phone)
    response = client.post(
        reverse("accounts:login_code_enter"), {"code": sms.code(confirmed.phone)}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == confirmed


def test_wrong_codes_and_wrong_passwords_count_towards_one_lockout(client, sms, clock, settings):
    user = UserFactory(phone="13900000042")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "nope"})
    ask_sign_in_code(client, user.phone)
    code = sms.code(user.phone)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = client.post(reverse("accounts:login_code_enter"), {"code": wrong})
    assert response.status_code == 429
    # Locked, even the right code does not sign in, nor the password.
    response = client.post(reverse("accounts:login_code_enter"), {"code": code})
    assert response.status_code == 429
    assert not client.get(reverse("home")).context["user"].is_authenticated
    response = client.post(
        reverse("accounts:login"), {"username": user.phone, "password": PASSWORD}
    )
    assert response.status_code == 429
    # The code itself is never stored with the failed attempts.
    assert code not in json.dumps(list(AccessAttempt.objects.values("post_data", "get_data")))


def test_a_forgotten_password_is_reset_with_a_code_and_the_owner_is_told(
    client, sms, clock, django_capture_on_commit_callbacks
):
    user = UserFactory(phone="13900000042")
    response = client.post(reverse("accounts:password_reset_phone"), {"phone": user.phone})
    assert response.url == reverse("accounts:password_reset_code")
    response = client.post(reverse("accounts:password_reset_code"), {"code": sms.code(user.phone)})
    assert response.url == reverse("accounts:password_reset_new")
    new = {"new_password1": "a-new-home-2026", "new_password2": "a-new-home-2026"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset_new"), new)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-home-2026")
    assert "密码已修改" in sms.texts(user.phone)[-1]
    # The proof is spent: the page does not take a second new password.
    client.logout()
    assert client.get(reverse("accounts:password_reset_new")).status_code == 302


def test_the_proof_for_a_new_password_lasts_a_quarter_of_an_hour(client, sms, clock):
    user = UserFactory(phone="13900000042")
    client.post(reverse("accounts:password_reset_phone"), {"phone": user.phone})
    client.post(reverse("accounts:password_reset_code"), {"code": sms.code(user.phone)})
    clock.shift(datetime.timedelta(minutes=16))
    response = client.get(reverse("accounts:password_reset_new"))
    assert response.url == reverse("accounts:password_reset_phone")


def test_a_changed_password_is_told_by_sms(
    client, sms, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "a-new-home-2026",
                "new_password2": "a-new-home-2026",
            },
        )
    assert "密码已修改" in sms.texts(applicant.phone)[-1]


def test_an_unconfirmed_number_is_confirmed_before_applying(client, sms, clock, draft, applicant):
    applicant.phone_verified_at = None
    applicant.save()
    client.force_login(applicant)
    review = reverse("applications:step_review", args=[draft.pk])
    page = client.get(review).content.decode()
    assert "确认您的手机号" in page and reverse("accounts:phone_confirm") in page
    response = client.post(
        reverse("accounts:phone_confirm") + "?next=" + review, {"phone": applicant.phone}
    )
    assert response.url == reverse("accounts:phone_confirm_code")
    response = client.post(
        reverse("accounts:phone_confirm_code"), {"code": sms.code(applicant.phone)}
    )
    assert response.url == review
    applicant.refresh_from_db()
    assert applicant.phone_verified_at == START
    assert "确认您的手机号" not in client.get(review).content.decode()


def test_a_new_number_needs_the_password_again_and_both_numbers_are_told(
    client, sms, clock, applicant, django_capture_on_commit_callbacks
):
    old = applicant.phone
    client.force_login(applicant)
    response = client.post(reverse("accounts:phone_confirm"), {"phone": "13900000099"})
    assert response.url.startswith(reverse("accounts:confirm_password"))
    client.post(reverse("accounts:confirm_password"), {"password": PASSWORD})
    client.post(reverse("accounts:phone_confirm"), {"phone": "13900000099"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:phone_confirm_code"), {"code": sms.code("13900000099")})
    applicant.refresh_from_db()
    assert applicant.phone == "13900000099"
    for number in (old, "13900000099"):
        assert "手机号已改为 139****0099" in sms.texts(number)[-1]


def test_another_accounts_number_cannot_be_taken_and_its_owner_is_told(
    client, sms, clock, applicant
):
    other = UserFactory(phone="13900000077")
    client.force_login(applicant)
    client.post(reverse("accounts:confirm_password"), {"password": PASSWORD})
    response = client.post(reverse("accounts:phone_confirm"), {"phone": other.phone})
    assert response.url == reverse("accounts:phone_confirm_code")  # the same answer
    (message,) = sms.messages(other.phone)
    assert "code" not in message
    client.post(reverse("accounts:phone_confirm_code"), {"code": "123456"})
    applicant.refresh_from_db()
    assert applicant.phone != other.phone


def test_a_provider_failure_is_said_and_a_new_code_may_be_asked_at_once(client, settings, clock):
    settings.SMS_BACKEND = "portal.sms.BrokenBackendForTests"
    response = client.post(reverse("accounts:signup"), SIGN_UP)
    assert response.status_code == 200
    assert "短信暂时发不出去" in response.content.decode()
    assert 'value="xiaohong"' in response.content.decode()  # what was typed is kept
    assert not PhoneCode.objects.exists()


def test_the_real_provider_sends_codes_through_its_code_template(settings):
    from portal.sms import AliyunBackend

    settings.SMS_ALIYUN_CODE_TEMPLATE = "SMS_CODE_1"
    settings.SMS_ALIYUN_TEMPLATE_CODE = "SMS_TEXT_1"
    answer = mock.MagicMock()
    answer.__enter__.return_value.read.return_value = b'{"Code": "OK"}'
    with mock.patch("urllib.request.urlopen", return_value=answer) as opened:
        AliyunBackend().send_code(phone=NUMBER, code="042917", text="whole text")
    url = opened.call_args.args[0]
    assert "TemplateCode=SMS_CODE_1" in url and "042917" in url and "whole" not in url


@pytest.mark.parametrize("username", ["r13812345678", "R13900000001"])
def test_names_kept_for_the_service_centre_cannot_be_taken_at_sign_up(client, username):
    response = client.post(reverse("accounts:signup"), {**SIGN_UP, "username": username})
    assert "username" in response.context["form"].errors


def test_user_names_are_unique_whatever_their_case_in_the_database(db):
    from django.db import IntegrityError, transaction

    UserFactory(username="wang")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="WANG", phone="13900000555")


def test_a_returnee_who_lost_their_number_gets_a_new_one_at_the_centre(
    client, sms, clock, applicant, profile, django_capture_on_commit_callbacks
):
    from applications.models import PersonalDataAccess
    from tests.data import VALID_ID

    old = applicant.phone
    manager = UserFactory(role="manager")
    client.force_login(manager)
    page = client.get(reverse("applications:assist")).content.decode()
    assert reverse("applications:number_change") in page
    # The ID card is typed as it comes, full-width digits and all.
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in VALID_ID)
    response = client.post(
        reverse("applications:number_change"), {"id_number": wide, "phone": "13900000123"}
    )
    assert response.url == reverse("applications:number_change_code")
    assert "服务中心工作人员" in sms.texts("13900000123")[-1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:number_change_code"), {"code": sms.code("13900000123")}
        )
    assert response.url == reverse("applications:assist")
    applicant.refresh_from_db()
    assert applicant.phone == "13900000123" and applicant.phone_verified_at == START
    assert "手机号已改为" in sms.texts(old)[-1]
    (seen,) = PersonalDataAccess.objects.filter(subject=applicant)
    assert seen.viewer == manager and seen.channel == "number"
    # The returnee sees it on their own page of who handled their data.
    client.force_login(applicant)
    assert "在服务中心更换手机号" in client.get(reverse("applications:my_data")).content.decode()


def test_an_id_number_without_an_account_is_said_and_no_code_is_sent(client, sms, clock):
    from tests.data import VALID_ID

    client.force_login(UserFactory(role="manager"))
    response = client.post(
        reverse("applications:number_change"), {"id_number": VALID_ID, "phone": "13900000123"}
    )
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert sms.messages() == []


def test_codes_of_no_more_use_are_deleted_each_night(client, sms, clock):
    from django_celery_beat.models import PeriodicTask

    from portal.accounts.tasks import prune_phone_codes

    client.post(reverse("accounts:signup"), SIGN_UP)
    clock.shift(datetime.timedelta(hours=23))
    ask_sign_in_code(client, "13900000001")
    clock.shift(datetime.timedelta(hours=2))
    assert prune_phone_codes() == {"deleted": 1, "tokens": 0}
    assert list(PhoneCode.objects.values_list("phone", flat=True)) == ["13900000001"]
    assert PeriodicTask.objects.get(task="portal.accounts.tasks.prune_phone_codes").enabled


def test_staff_accounts_are_not_opened_by_a_code_to_their_phone(client, sms, clock, hrss):
    official = UserFactory(role="official", department=hrss, phone="13900000042")
    ask_sign_in_code(client, official.phone)
    assert sms.messages(official.phone) == []  # no code is sent to a staff number
    response = client.post(reverse("accounts:login_code_enter"), {"code": "123456"})
    assert response.status_code == 200
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_the_proof_for_a_new_password_is_spent_when_the_password_changes(client, sms, clock):
    user = UserFactory(phone="13900000042")
    client.post(reverse("accounts:password_reset_phone"), {"phone": user.phone})
    client.post(reverse("accounts:password_reset_code"), {"code": sms.code(user.phone)})
    user.set_password("changed-elsewhere-2026")
    user.save()
    response = client.get(reverse("accounts:password_reset_new"))
    assert response.url == reverse("accounts:password_reset_phone")


def test_a_number_changed_in_the_admin_is_not_confirmed(client, sms, clock, applicant):
    from django.forms.models import model_to_dict

    from portal.accounts.admin import StaffChangeForm

    data = model_to_dict(applicant)
    data.update(phone="13900000321", groups=[], user_permissions=[])
    form = StaffChangeForm(data, instance=applicant)
    assert form.is_valid(), form.errors
    form.save()
    applicant.refresh_from_db()
    assert applicant.phone == "13900000321" and applicant.phone_verified_at is None
    assert ask_sign_in_code(client, applicant.phone).status_code == 302
    assert sms.messages(applicant.phone) == []  # no code to a number nobody confirmed
