"""Journey: from a programme page to its own questions, a verdict with the first step to take,
and a draft; then the screener's "apply for these" adds to the same draft."""

import datetime

import pytest
from django.utils import timezone

from applications.models import Application

pytestmark = [pytest.mark.django_db(transaction=True)]

WORDS = {
    "zh-hans": {"eligible": "您可能符合条件", "first": "先办营业执照"},
    "en": {"eligible": "You seem to qualify", "first": "Get a business licence first"},
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_am_i_eligible_leads_from_a_programme_to_a_draft(journey, demo, language):
    person = journey("1-screener-to-draft", language)
    page = person.page
    words = WORDS[language]

    person.open("/programmes/iyb-training/")
    page.locator("main a[href='/screener/?programme=iyb-training']").click()
    person.check()
    focus = page.locator("main fieldset.card")
    # its own questions first: the licence, and its date
    assert focus.locator("input[name=has_business_licence]").count() == 3  # yes, no, not sure
    assert focus.locator("#id_business_licence_date").count() == 1
    page.check("input[name=has_business_licence][value=no]")
    person.shot("focused-questions")
    page.locator("main form button[type=submit]").click()
    person.check()
    card = page.locator("section[aria-labelledby=focus-heading]")
    assert words["first"] in card.inner_text()
    assert card.locator("a[href='/programmes/registration-guidance/']").count() == 1
    person.shot("not-yet-with-first-step")

    page.locator("main a[href='/screener/?programme=iyb-training']").first.click()
    person.check()
    page.check("input[name=has_business_licence][value=yes]")
    issued = timezone.localdate() - datetime.timedelta(days=500)
    page.fill("#id_business_licence_date", issued.isoformat())
    page.locator("main form button[type=submit]").click()
    person.check()
    card = page.locator("section[aria-labelledby=focus-heading]")
    assert words["eligible"] in card.inner_text()
    person.shot("verdict")

    card.locator("a[href='/applications/new/?programmes=iyb-training']").click()
    person.check()
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "applicant")
    page.fill("#id_password", "demo12345")
    page.locator("main form button[type=submit]").click()
    person.check()
    assert page.locator("input[name=programmes][value=iyb-training]").is_checked()
    person.shot("programme-step-ticked")
    page.locator("main form button[type=submit]").click()
    person.check()
    draft = Application.objects.get(applicant__username="applicant", submitted_at=None)
    assert list(draft.items.values_list("programme__slug", flat=True)) == ["iyb-training"]

    # The screener's "apply for these" adds what fits to the same draft, ticked for a check.
    person.open("/screener/results/")
    page.locator("section[aria-labelledby=eligible-heading] form button[type=submit]").click()
    person.check()
    assert f"/applications/{draft.pk}/programmes/" in page.url
    assert page.locator("input[name=programmes][value=iyb-training]").is_checked()
    ticked = page.locator("input[name=programmes]:checked").count()
    assert ticked > 1
    person.shot("added-to-the-draft")
    page.locator("main form button[type=submit]").click()
    person.check()
    assert Application.objects.filter(applicant__username="applicant").count() == 1
    assert draft.items.count() == ticked
