"""Journey 3: a park manager, in English on a desktop window, creates a training programme with
an eligibility rule and a session, previews and publishes it; it appears in the catalogue, in
search, and in the screener's results for a matching profile."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone

from services.models import Department, Park, Programme
from tests.e2e.conftest import DESKTOP

pytestmark = [pytest.mark.django_db(transaction=True)]

# In English the manager writes the address; in Chinese they leave it to be made in pinyin.
SLUGS = {"en": "beekeeping-training", "zh-hans": "yangfeng-chuangye-peixun"}


def screen(person, slug, age):
    """Answer the screener with an age and readiness to start a business; the results page."""
    page = person.page
    person.open("/screener/")
    page.fill("#id_age", str(age))
    page.check("input[name=ready_to_start_business][value=yes]")
    page.locator("main form button[type=submit]").click()
    person.check()
    assert "/screener/results/" in page.url
    return page.locator(f"article a[href='/programmes/{slug}/']")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_park_manager_publishes_a_training_that_people_then_find(journey, demo, language):
    person = journey("3-manager", language, DESKTOP)
    page = person.page
    slug = SLUGS[language]
    today = timezone.localdate()
    starts = datetime.datetime.combine(today + datetime.timedelta(days=30), datetime.time(9))

    # Log in through the login page; the language in use (the browser's) stays, whatever the
    # account's (Chinese by default).
    person.open("/accounts/login/?next=/manage/programmes/")
    page.fill("#id_username", "manager-dianjiang")
    page.fill("#id_password", "demo12345")
    person.shot("log-in")
    page.locator("main form button[type=submit]").click()
    person.check()
    assert page.url.endswith("/manage/programmes/")
    assert page.locator("html").get_attribute("lang") == language
    person.shot("my-programmes")

    # A new training programme, with two eligibility rules, saved as a draft.
    page.locator("main a[href='/manage/programmes/new/']").click()
    person.check()
    if language == "en":
        page.fill("#id_slug", slug)
    else:
        page.fill("#id_slug", "养蜂培训")  # a Chinese address first: refused in plain words
    hrss = Department.objects.get(jurisdiction__code="500231", code="hrss")
    page.select_option("#id_department", str(hrss.pk))
    page.select_option("#id_kind", "training")
    park = Park.objects.get(slug="dianjiang-startup-park")
    page.check(f"input[name=parks][value='{park.pk}']")
    page.fill("#id_title_zh", "养蜂创业培训")
    page.fill("#id_title_en", "Beekeeping start-up training")
    page.fill("#id_summary_zh", "学养蜂，回乡创业。")
    page.fill("#id_summary_en", "Learn to keep bees and start a honey business at home.")
    page.fill("#id_description_zh", "为期五天的养蜂技术与创业培训，结业发证。")
    if language == "en":  # in Chinese the English description is left out: it is optional
        page.fill("#id_description_en", "Five days of beekeeping and business training.")
        page.fill("#id_benefit_text_en", "Free training")
    page.fill("#id_benefit_text_zh", "免费培训")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today + datetime.timedelta(days=60)).isoformat())
    page.select_option("#id_rules-0-fact", "age")
    page.select_option("#id_rules-0-op", "between")
    page.fill("#id_rules-0-value", "18-45")
    page.select_option("#id_rules-1-group", "A")
    page.select_option("#id_rules-1-fact", "ready_to_start_business")
    page.select_option("#id_rules-1-op", "eq")
    # A yes-or-no fact: its values are ticked from a list, not typed.
    assert not page.locator("#id_rules-1-value").is_visible()
    yes = page.locator("input[name='rules-1-chosen'][value='ready_to_start_business:yes']")
    yes.check()
    # Two empty rows show; one more for each press of "add a condition".
    assert not page.locator("#id_rules-2-fact").is_visible()
    page.locator("[data-add-condition]").click()
    assert page.locator("#id_rules-2-fact").is_visible()
    page.select_option("#id_rules-2-fact", "hukou")
    # the tests offered are the fact's own: "includes any of" is for lists of groups
    assert page.locator("#id_rules-2-op option[value=any_of]").is_disabled()
    page.select_option("#id_rules-2-fact", "")  # left empty: nothing added
    person.shot("new-programme")
    page.locator("main form[method=post]:not([action]) button[type=submit]").click()
    person.check()
    if language == "zh-hans":
        error = page.locator("#id_slug ~ .invalid-feedback, #error_1_id_slug").first
        assert "不能用汉字" in error.inner_text() and "yangfeng-peixun" in error.inner_text()
        assert yes.is_checked() and yes.is_visible()  # nothing typed or ticked is lost
        assert page.evaluate("document.activeElement.id") == "id_slug"  # where to put it right
        person.shot("chinese-address-refused")
        page.fill("#id_slug", "")
        page.locator("main form[method=post]:not([action]) button[type=submit]").click()
        person.check()
    assert page.url.endswith(f"/manage/programmes/{slug}/")
    programme = Programme.objects.get(slug=slug)
    assert programme.status == Programme.Status.DRAFT
    assert programme.rules == {
        "all": [
            {"fact": "age", "op": "between", "value": [18, 45]},
            {"fact": "ready_to_start_business", "op": "eq", "value": True},
        ]
    }
    assert page.locator(f"a[href='/manage/programmes/{slug}/sessions/new/']").is_visible()

    # A session: what the draft still lacks before it can be published.
    page.locator(f"main a[href='/manage/programmes/{slug}/sessions/new/']").click()
    person.check()
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill(
        "#id_ends_at", (starts + datetime.timedelta(days=4, hours=8)).strftime("%Y-%m-%dT%H:%M")
    )
    page.fill("#id_place_zh", "垫江县返乡创业园培训室")
    page.fill("#id_place_en", "Training room, Dianjiang Start-up Park")
    page.fill("#id_seats", "25")
    person.shot("session")
    page.locator("main form button[type=submit]").click()
    person.check()
    assert page.url.endswith(f"/manage/programmes/{slug}/")
    assert page.locator("a[href*='/sessions/']:not([href$='/new/'])").count() == 1
    session = programme.sessions.get()
    assert timezone.localtime(session.starts_at).replace(tzinfo=None) == starts
    person.shot("draft-with-session")

    # Preview: the public page, marked as a preview, with the rule in words.
    page.locator(f"main a[href='/manage/programmes/{slug}/preview/']").click()
    person.check()
    assert page.locator("main .alert[role=note]").is_visible()
    rules = page.locator("section[aria-labelledby=who-heading] ul").first
    assert rules.is_visible()
    assert "18" in rules.inner_text() and "45" in rules.inner_text()
    assert page.locator("main a[href^='/applications/']").count() == 0  # nobody applies yet
    person.shot("preview")

    page.locator(f"main .alert a[href='/manage/programmes/{slug}/']").click()
    person.check()
    page.locator("button[name=action][value=publish]").click()
    person.check()
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PUBLISHED
    assert page.locator("button[name=action][value=close]").is_visible()
    history = page.locator("section[aria-labelledby=history-heading]").inner_text()
    assert {"en": "from “Draft” to “Published”", "zh-hans": "从“草稿”改为“已发布”"}[
        language
    ] in history
    person.shot("published")

    # The public finds it: in the catalogue, by an English word and by a Chinese one.
    card = f"article a[href='/programmes/{slug}/']"
    person.open("/programmes/")
    assert page.locator(card).count() == 1
    page.fill("#id_q", "beekeeping")
    page.locator("form[role=search] .input-group:has(#id_q) button[type=submit]").click()
    person.check()
    assert "q=beekeeping" in page.url
    assert page.locator(card).count() == 1
    person.shot("search-english")
    person.open("/programmes/?q=" + quote("养蜂"))
    assert page.locator(card).count() == 1
    person.shot("search-chinese")

    page.locator(card).click()
    person.check()
    assert page.locator("main .alert[role=note]").count() == 0
    assert page.locator("#sessions-heading").is_visible()

    # The screener: 30 years old fits; 50 does not.
    fits = screen(person, slug, 30)
    assert page.locator(f"section[aria-labelledby=eligible-heading] {card}").count() == 1
    assert fits.count() == 1
    person.shot("screener-fits")
    does_not_fit = screen(person, slug, 50)
    assert does_not_fit.count() == 1
    assert page.locator(f"section[aria-labelledby=not-heading] {card}").count() == 1
    person.shot("screener-does-not-fit")

    if language == "zh-hans":
        # An English reader on a phone: the description and benefit the manager left in
        # Chinese only are shown in Chinese, marked as such.
        reader = journey("3-manager-english-reader", "en")
        reader.open(f"/programmes/{slug}/")
        marked = reader.page.locator("main .fallback-language")
        assert marked.count() == 2
        assert marked.first.inner_text() == "in Chinese"
        chinese = reader.page.locator("main [lang=zh-Hans]")
        assert "为期五天" in chinese.first.inner_text()
        reader.shot("chinese-text-marked")
