"""What a person types survives a lost connection and an expired session."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Error as PlaywrightError

from applications import actions
from services.models import Programme
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.django_db(transaction=True)]


def log_in(person, username):
    person.open("/accounts/login/")
    person.page.fill("#id_username", username)
    person.page.fill("#id_password", "demo12345")
    person.page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_typed_answers_come_back_after_the_connection_drops(journey, demo, language):
    applicant = get_user_model().objects.get(username="applicant")
    draft = actions.application_start(
        applicant=applicant, programmes=[Programme.objects.get(slug="registration-guidance")]
    )
    person = journey("6-lost-connection", language, PHONE)
    log_in(person, "applicant")
    page = person.page
    person.open(f"/applications/{draft.pk}/profile/")
    page.fill("#id_skills", "电焊、叉车")
    page.fill("#id_hukou_town", "桂溪街道")
    page.fill("#id_id_number", "500231199001011234")
    person.page.context.set_offline(True)
    with pytest.raises(PlaywrightError):  # the send fails: no connection
        page.locator("main form button[type=submit]").last.click(timeout=3000)
        page.wait_for_url("**/documents/", timeout=3000)
    person.page.context.set_offline(False)
    # The session has expired meanwhile: the person logs in again and comes back.
    person.context.clear_cookies()
    log_in(person, "applicant")
    person.open(f"/applications/{draft.pk}/profile/")
    assert page.input_value("#id_skills") == "电焊、叉车"
    assert page.input_value("#id_hukou_town") == "桂溪街道"
    assert page.locator("#restored-note").is_visible()
    assert page.input_value("#id_id_number") == ""  # an ID number never stays in the browser
    kept = page.evaluate("JSON.stringify(window.localStorage)")
    assert "500231199001011234" not in kept
    person.shot("restored")
    # Not wanted after all: "start again" forgets it and shows the form as it was saved.
    page.locator("[data-forget-restored]").click()
    page.wait_for_load_state()
    assert page.input_value("#id_skills") == ""
    assert page.locator("#restored-note").is_hidden()
    assert "电焊" not in page.evaluate("JSON.stringify(window.localStorage)")
