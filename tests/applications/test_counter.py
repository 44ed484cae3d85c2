"""Assisted filing hands the account over, never a password (applications/counter_views.py,
portal/accounts/claims.py): a code the returnee shows at the counter, or a claim letter."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
WALK_IN = {
    "phone": "13912340000",
    "name": "李大山",
    "consent": "on",
    "programmes": ["registration-guidance"],
}


def letter_for(client, **changes):
    """The claim letter page of a walk-in without their phone, and the code on it."""
    response = client.post(
        reverse("applications:assist"), {**WALK_IN, "claim_letter": "on", **changes}
    )
    assert response.status_code == 200
    page = response.content.decode()
    code = re.search(r"([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2})", page).group(1)
    return page, code


OWN = "my-own-home-2026"  # the returnee's own password, in a test


def claim(client, code, password=OWN):
    return client.post(
        reverse("accounts:claim"),
        {"code": code, "new_password1": password, "new_password2": password},
    )


def test_the_code_the_returnee_shows_files_for_them_and_signs_nobody_in(
    client, manager, five_programmes, sms
):
    client.force_login(manager)
    response = client.post(reverse("applications:assist"), WALK_IN)
    assert response.url == reverse("applications:assist_code")
    assert not User.objects.filter(phone=WALK_IN["phone"]).exists()  # nothing before the code
    assert "服务中心工作人员" in sms.texts(WALK_IN["phone"])[-1]
    response = client.post(
        reverse("applications:assist_code"), {"code": sms.code(WALK_IN["phone"])}, follow=True
    )
    returnee = User.objects.get(phone=WALK_IN["phone"])
    assert returnee.phone_verified_at is not None and not returnee.has_usable_password()
    assert Application.objects.get(filed_by=manager).applicant == returnee
    # The manager is still the manager; no password anywhere, in the page or the cookies.
    assert response.context["user"] == manager
    page = response.content.decode()
    assert "密码：" not in page and "password:" not in page.lower()
    assert all("password" not in str(morsel.value).lower() for morsel in client.cookies.values())
    # The returnee signs in on their own phone with a code.
    returnee_client = client.__class__()
    returnee_client.post(reverse("accounts:login_code"), {"phone": WALK_IN["phone"]})
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        returnee_client.post(reverse("accounts:login_code"), {"phone": WALK_IN["phone"]})
        returnee_client.post(
            reverse("accounts:login_code_enter"), {"code": sms.code(WALK_IN["phone"])}
        )
    assert returnee_client.get(reverse("home")).context["user"] == returnee


def test_a_wrong_counter_code_files_nothing(client, manager, five_programmes, sms):
    client.force_login(manager)
    client.post(reverse("applications:assist"), WALK_IN)
    code = sms.code(WALK_IN["phone"])
    response = client.post(
        reverse("applications:assist_code"), {"code": f"{(int(code) + 1) % 10**6:06d}"}
    )
    assert response.status_code == 200
    assert not Application.objects.exists() and not User.objects.filter(phone=WALK_IN["phone"])


def test_a_number_with_an_account_is_refused_before_any_code(client, manager, five_programmes, sms):
    owner = UserFactory(phone=WALK_IN["phone"])
    client.force_login(manager)
    response = client.post(reverse("applications:assist"), WALK_IN)
    assert response.status_code == 200 and "这个手机号已经注册过账户" in response.content.decode()
    assert sms.messages(owner.phone) == []


def test_without_their_phone_a_returnee_claims_the_account_with_the_letter(
    client, manager, five_programmes, sms
):
    client.force_login(manager)
    page, code = letter_for(client)
    returnee = User.objects.get(phone=WALK_IN["phone"])
    assert returnee.phone_verified_at is None and not returnee.has_usable_password()
    assert "/accounts/claim/" in page and returnee.username in page
    assert sms.messages() == []  # no phone here: nothing sent
    client.logout()
    # Typed as it comes: lower case, without the dashes.
    response = claim(client, code.replace("-", "").lower())
    assert response.status_code == 302
    returnee.refresh_from_db()
    assert returnee.check_password("my-own-home-2026")
    assert client.get(reverse("home")).context["user"] == returnee
    client.logout()
    # Once only.
    response = claim(client, code, "another-home-2026")
    assert response.status_code == 200 and "已经用过" in response.content.decode()


def test_a_claim_letter_works_for_seven_days(client, manager, five_programmes):
    client.force_login(manager)
    _page, code = letter_for(client)
    client.logout()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert claim(client, code).status_code == 200
    assert not User.objects.get(phone=WALK_IN["phone"]).has_usable_password()


def test_a_weak_password_at_claiming_keeps_the_code_working(client, manager, five_programmes):
    client.force_login(manager)
    _page, code = letter_for(client)
    client.logout()
    response = claim(client, code, "12345678")
    assert response.status_code == 200
    assert "new_password1" in response.context["password_form"].errors
    assert claim(client, code).status_code == 302


def test_a_new_letter_replaces_the_one_before(client, manager, five_programmes):
    client.force_login(manager)
    _page, first = letter_for(client)
    draft = Application.objects.get(filed_by=manager)
    response = client.post(reverse("applications:claim_letter", args=[draft.pk]))
    second = re.search(r"([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2})", response.content.decode())[1]
    assert second != first
    client.logout()
    assert claim(client, first).status_code == 200
    assert claim(client, second).status_code == 302


def test_another_manager_cannot_make_a_letter_for_a_draft_not_theirs(
    client, manager, other_manager, five_programmes
):
    client.force_login(manager)
    letter_for(client)
    draft = Application.objects.get(filed_by=manager)
    client.force_login(other_manager)
    assert client.post(reverse("applications:claim_letter", args=[draft.pk])).status_code == 404


def test_an_old_letter_stops_working_once_the_returnee_has_the_account_in_hand(
    client, manager, five_programmes, sms, django_capture_on_commit_callbacks
):
    from portal.accounts.actions import phone_set

    client.force_login(manager)
    _page, code = letter_for(client)
    returnee = User.objects.get(phone=WALK_IN["phone"])
    phone_set(user=returnee, phone=WALK_IN["phone"])  # confirmed later, at the centre
    client.logout()
    assert claim(client, code).status_code == 200
    assert not User.objects.get(pk=returnee.pk).has_usable_password()


def test_the_letter_page_is_not_kept_by_the_browser(client, manager, five_programmes):
    client.force_login(manager)
    response = client.post(reverse("applications:assist"), {**WALK_IN, "claim_letter": "on"})
    assert "no-store" in response["Cache-Control"]
    assert "http://testserver" not in response.content.decode()  # the portal's own address
