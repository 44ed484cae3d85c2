"""A returnee opens their saved details on a phone and saves them without touching anything:
the browser shows every date, and nothing changes (in Chinese, then in English)."""

import pytest
from django.forms.models import model_to_dict

from applications import actions
from applications.models import ApplicantProfile
from tests.data import dated_profile_data
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_saved_profile_opened_and_saved_unchanged(journey, language):
    returnee = UserFactory(username=f"huang{language[:2]}", name="黄秀英", language=language)
    actions.profile_save(
        user=returnee,
        data=dated_profile_data(name="黄秀英", phone="13800000021"),
        consent=True,
    )
    before = model_to_dict(ApplicantProfile.objects.get(user=returnee), exclude=["updated_at"])

    person = journey("saved-profile", language)
    page = person.page
    person.open("/accounts/login/?next=/me/profile/")
    page.fill("#id_username", returnee.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    person.check()
    assert page.input_value("#id_birth_date") == "1991-05-05"
    assert page.input_value("#id_return_date") == "2026-03-15"
    assert page.input_value("#id_business_licence_date") == "2025-12-01"
    person.shot("profile-opened")

    page.locator("main form button[type=submit]").click()
    person.check()
    assert page.locator(".alert-success").count() == 1, page.locator("main").inner_text()
    person.shot("profile-saved")
    after = model_to_dict(ApplicantProfile.objects.get(user=returnee), exclude=["updated_at"])
    assert after == before
