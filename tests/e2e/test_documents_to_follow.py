"""Journey: a returnee without every paper at hand sees which programme asks for which, says
they will bring one to the service centre and that they do not have another yet, and sends;
the official sees both on the case and asks for them in one request."""

import pytest
from django.contrib.auth import get_user_model

from applications.models import Application, Message, Referral
from tests.data import PDF
from tests.e2e.test_official import choose_sessions, demo_profile, log_in

pytestmark = [pytest.mark.django_db(transaction=True)]

WORDS = {
    "zh-hans": {
        "bring": "我会带到服务中心",
        "not_yet": "我还没有这份材料",
        "asked": "需要它的项目",
    },
    "en": {
        "bring": "I will bring it to the service centre",
        "not_yet": "I do not have it yet",
        "asked": "Asked for by",
    },
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_papers_to_follow_are_said_sent_and_asked_for(journey, demo, language, tmp_path):
    User = get_user_model()
    User.objects.filter(username__in=["applicant", "official-hrss"]).update(language=language)
    applicant = User.objects.get(username="applicant")
    demo_profile(applicant)
    words = WORDS[language]
    person = journey("2-documents-to-follow", language)
    page = person.page
    log_in(person, "applicant")
    person.open("/applications/new/?programmes=syb-training")
    # a programme applied for at the centre only is not a box to tick, but says where to go
    assert page.locator("input[name=programmes][value=startup-guarantee-loan]").count() == 0
    centre = page.locator("section[aria-labelledby=centre-only-heading]")
    assert centre.locator("a[href='/programmes/startup-guarantee-loan/']").count() == 1
    person.shot("programme-step-with-centre-only")
    page.locator("main form button[type=submit]").click()  # the programme step
    person.check()
    page.locator("main form button[type=submit]").last.click()  # the profile, as it is
    person.check()
    assert "/documents/" in page.url
    cards = page.locator("li.card")
    assert words["asked"] in cards.first.inner_text()

    document = tmp_path / "id.pdf"
    document.write_bytes(PDF)
    page.set_input_files("#file-id_card", str(document))
    # Chosen but not uploaded: going on would lose it, so the page says so and stays.
    documents_url = page.url
    page.locator("main a[data-unsent-files]").click()
    assert page.url == documents_url
    assert page.locator("#unsent-files").is_visible()
    assert page.evaluate("document.activeElement.id") == "file-id_card"
    page.locator("#document-id_card button[type=submit]:not([name=reason])").click()
    person.check()
    codes = page.locator("input[name=document_type]").evaluate_all(
        "inputs => [...new Set(inputs.map(input => input.value))]"
    )
    missing = [code for code in codes if code != "id_card"]
    assert missing, "the programme asks for more than the ID card"
    first, *rest = missing
    page.locator(f"#document-{first} button[name=reason]", has_text=words["bring"]).click()
    person.check()
    for code in rest:
        page.locator(f"#document-{code} button[name=reason]", has_text=words["not_yet"]).click()
        person.check()
    person.shot("documents-said")
    page.locator("main a[href$='/review/']").last.click()
    person.check()
    assert words["bring"] in page.locator("main").inner_text()
    person.shot("review")
    choose_sessions(page)
    page.locator("main form button[type=submit]").last.click()
    person.check()
    application = Application.objects.get(applicant=applicant, submitted_at__isnull=False)
    # The receipt says what is still to give, and where.
    owed = page.locator("section[aria-labelledby=owed-heading]")
    assert words["bring"] in owed.inner_text() and words["not_yet"] in owed.inner_text()
    person.shot("receipt-still-to-give")

    official = journey("2-documents-to-follow-official", language)
    log_in(official, "official-hrss")
    referral = Referral.objects.get(application=application, department__code="hrss")
    official.open(f"/cases/{referral.pk}/")
    text = official.page.locator("#ask-documents-text").input_value()
    assert text  # the request is written for them, in the applicant's language
    official.shot("case-with-papers-to-follow")
    official.page.locator(
        "form:has(#ask-documents-text) button[name=action][value=request_info]"
    ).click()
    official.check()
    request = Message.objects.get(referral=referral, kind=Message.Kind.REQUEST)
    assert request.text == text
