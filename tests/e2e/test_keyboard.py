"""Journey 4: keyboard only. The intake form can be completed without a mouse, focus is
visible and errors are announced next to their fields.

Everything the person does here goes through page.keyboard (Tab, Shift+Tab, arrows, Space,
Enter, typing); the test only reads the page to know where the focus is."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from applications import actions
from applications.models import ApplicantProfile
from services.models import Programme
from tests.data import VALID_ID

pytestmark = [pytest.mark.django_db(transaction=True)]

PROGRAMME = "registration-guidance"  # needs the ID card
# Left empty at first.
REQUIRED = {"gender", "birth_date", "id_number", "district", "hukou", "consent"}
MAX_TABS = 120

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {tag: element.tagName.toLowerCase(), id: element.id, name: element.name || '',
          type: element.type || '', value: element.value || '', checked: !!element.checked,
          outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
          boxShadow: style.boxShadow};
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def assert_focus_visible(page):
    element = focused(page)
    outline = element["outlineStyle"] != "none" and element["outlineWidth"] != "0px"
    ring = element["boxShadow"] not in ("", "none")
    assert outline or ring, f"no visible focus on {element}"
    return element


def tab_to(page, selector, backwards=False):
    """Press Tab (or Shift+Tab) until the focused element matches the selector."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return assert_focus_visible(page)
    raise AssertionError(f"{key} never reached {selector}")


def choose(page, name, value):
    """Tab into a radio group, then move through it with the arrow keys to the value."""
    tab_to(page, f"input[type=radio][name={name}]")
    for _ in range(10):
        if focused(page)["value"] == value:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    element = assert_focus_visible(page)
    assert element["value"] == value and element["checked"], element


def send(page, key="Enter"):
    """A key that sends a form: wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_date(page, iso):
    """Type a date into the focused date input, part by part. Chromium orders the parts as its
    own interface language does (not the page's): try month-day-year, then year-month-day,
    then day-month-year, clearing the three parts with Backspace and Shift+Tab in between."""
    year, month, day = iso.split("-")
    for parts in ((month, day, year), (year, month, day), (day, month, year)):
        page.keyboard.type("".join(parts))
        if page.evaluate("() => document.activeElement.value") == iso:
            return
        for key in ["Backspace", "Shift+Tab", "Backspace", "Shift+Tab", "Backspace"]:
            page.keyboard.press(key)
        assert page.evaluate("() => document.activeElement.value") == ""
    raise AssertionError(f"could not type {iso} into the date input")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_intake_form_by_keyboard_only(journey, demo, language):
    User = get_user_model()
    User.objects.filter(username="applicant").update(language=language)
    applicant = User.objects.get(username="applicant")
    application = actions.application_start(
        applicant=applicant, programmes=[Programme.objects.get(slug=PROGRAMME)]
    )
    person = journey("4-keyboard", language)
    page = person.page

    # Log in: the user name field has the focus already.
    person.open("/accounts/login/?next=" + f"/applications/{application.pk}/profile/")
    assert focused(page)["id"] == "id_username"
    page.keyboard.type("applicant")
    page.keyboard.press("Tab")
    assert assert_focus_visible(page)["id"] == "id_password"
    page.keyboard.type("demo12345")
    send(page)
    person.check()
    assert urlsplit(page.url).path == f"/applications/{application.pk}/profile/"

    # The first Tab reaches the skip link, which is shown; Enter moves the focus to the main.
    page.keyboard.press("Tab")
    skip = assert_focus_visible(page)
    assert (
        skip["tag"] == "a"
        and page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    )
    box = page.locator("a.skip-link").bounding_box()
    assert box and box["width"] > 10 and box["height"] > 10 and box["y"] >= 0
    person.shot("skip-link")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    assert page.url.endswith("#main")

    # Enter in the name field (filled in from the account) sends the form nearly empty.
    tab_to(page, "#id_name")
    assert page.input_value("#id_name") == applicant.name
    send(page)
    person.check()
    person.shot("errors")
    summary = page.locator("main form [role=alert]")
    assert summary.count() == 1 and summary.is_visible() and summary.inner_text().strip()
    errors = page.locator("main form .invalid-feedback[id$=_error]")
    names = set()
    for index in range(errors.count()):
        error = errors.nth(index)
        assert error.is_visible() and error.inner_text().strip()
        error_id = error.get_attribute("id")
        name = error_id.removeprefix("id_").removesuffix("_error")
        names.add(name)
        # The error is next to its field, inside the field's own block...
        assert page.locator(f"#div_id_{name} #{error_id}").count() == 1
        # ...and the field (or the group of its choices) points at it with aria-describedby.
        described = page.locator(f"[aria-describedby~={error_id}]")
        assert described.count() == 1, error_id
        assert described.evaluate(
            """(element, name) => element.name === name ||
                 element.querySelector(`input[name="${name}"]`) !== null""",
            name,
        ), error_id
        assert page.locator(f"[name={name}][aria-invalid=true]").count() >= 1
    assert names == REQUIRED

    # Fill in what is missing, from the top of the new page down, by keyboard.
    choose(page, "gender", "female")
    page.keyboard.press("Tab")
    assert assert_focus_visible(page)["id"] == "id_birth_date"
    type_date(page, "1990-01-01")
    tab_to(page, "#id_id_number")
    page.keyboard.type(VALID_ID)
    page.keyboard.press("Shift+Tab")  # the order follows the page, both ways
    assert assert_focus_visible(page)["id"] == "id_phone"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_id_number"
    page.keyboard.press("Tab")
    assert assert_focus_visible(page)["id"] == "id_district"
    page.keyboard.press("ArrowDown")  # a closed list changes with the arrow keys
    choose(page, "hukou", "rural")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    assert focused(page)["checked"]
    person.shot("filled-in")
    tab_to(page, "main form button[type=submit]")
    send(page)

    person.check()
    assert urlsplit(page.url).path == f"/applications/{application.pk}/documents/"
    assert page.locator("main .messages .alert-success").count() == 1
    tab_to(page, "main input[type=file]")
    person.shot("documents")
    profile = ApplicantProfile.objects.get(user=applicant)
    assert (profile.gender, profile.hukou, str(profile.birth_date), profile.id_number) == (
        "female",
        "rural",
        "1990-01-01",
        VALID_ID,
    )
    assert profile.consent_given_at is not None
