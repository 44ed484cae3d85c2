"""Pages a returnee uses work at 320 px wide, with text twice as large, and have touch
targets of at least 44 px."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/programmes/",
    "/programmes/syb-training/",
    "/screener/",
    "/accounts/signup/",
    "/accounts/sms-login/",
    "/accounts/password/reset/phone/",
]

TARGETS = """() => [...document.querySelectorAll(
    'main button, main .btn, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]),'
    + ' main select, main textarea, header .btn, header .navbar-toggler')]
  .filter(e => e.offsetParent !== null)
  .map(e => ({what: e.outerHTML.slice(0, 80), height: e.getBoundingClientRect().height,
              width: e.getBoundingClientRect().width}))
  .filter(t => t.height < 44 || t.width < 44)"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_narrow_phones_large_text_and_touch_targets(journey, demo, language):
    person = journey("5-inclusive", language, {"width": 320, "height": 640})
    for path in PAGES:
        person.open(path)  # axe, and no sideways scrolling at 320 px
        assert person.page.evaluate(TARGETS) == [], path
    person.shot("narrow-catalogue")

    large = journey("5-inclusive-large-text", language, {"width": 390, "height": 844})
    for path in PAGES:
        large.page.goto(large.base + path)
        # Through the style object: the Content Security Policy blocks an added <style>.
        large.page.evaluate(
            "() => document.documentElement.style.setProperty('font-size', '200%', 'important')"
        )
        large.check()
    large.shot("large-text-signup")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_questions_that_need_it_carry_plain_help(journey, demo, language):
    person = journey("5-inclusive-help", language)
    person.open("/screener/")
    page = person.page
    for field in ("hukou", "business_licence_date", "five_types"):
        helper = page.locator(
            f"#{'div_' if field != 'hukou' else ''}id_{field} .form-text, "
            f"fieldset:has([name={field}]) .form-text"
        )
        assert helper.count() >= 1, field
        assert len(helper.first.inner_text().strip()) > 10, field


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_how_often_is_chosen_on_a_narrow_phone_by_keyboard(journey, demo, language):
    """The notification settings: a group per kind, a labelled choice per channel, usable at
    320 px with the keyboard; what is saved shows again."""
    from portal.notifications.models import Preference
    from tests.e2e.test_official import log_in

    person = journey("5-inclusive-how-often", language, {"width": 320, "height": 640})
    log_in(person, "applicant")
    person.open("/inbox/settings/")
    page = person.page
    assert page.evaluate(TARGETS) == []
    choice = page.locator("select[name='decision:email']")
    choice.focus()
    page.keyboard.press("End")  # the last choice: never
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # at once → once a day → once a week
    assert choice.input_value() == "weekly"
    page.locator("main button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    person.check()
    assert page.locator("select[name='decision:email']").input_value() == "weekly"
    person.shot("how-often-saved")
    saved = Preference.objects.get(user__username="applicant", kind="decision", channel="email")
    assert saved.frequency == "weekly"
