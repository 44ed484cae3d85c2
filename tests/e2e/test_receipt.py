"""Journey: a returnee sends her application and gets the receipt (reference, departments, due
dates) to print; later, on another phone and without signing in, her brother looks up the
progress with the reference and her mobile number."""

import pytest
from django.contrib.auth import get_user_model

from applications.models import Application
from tests.data import PDF
from tests.e2e.test_official import choose_sessions, demo_profile, log_in

pytestmark = [pytest.mark.django_db(transaction=True)]

WORDS = {
    "zh-hans": {"receipt": "申请回执", "found": "申请 ", "waiting": "已收到，等待审核"},
    "en": {
        "receipt": "Receipt of your application",
        "found": "Application ",
        "waiting": "Received, waiting for review",
    },
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_receipt_to_print_and_a_look_up_without_signing_in(journey, demo, language, tmp_path):
    User = get_user_model()
    User.objects.filter(username="applicant").update(language=language)
    applicant = User.objects.get(username="applicant")
    demo_profile(applicant)
    words = WORDS[language]
    person = journey("7-receipt", language)
    page = person.page
    log_in(person, "applicant")
    person.open("/applications/new/?programmes=registration-guidance")
    page.locator("main form button[type=submit]").click()
    person.check()
    page.locator("main form button[type=submit]").last.click()
    person.check()
    scan = tmp_path / "id.pdf"
    scan.write_bytes(PDF)
    page.set_input_files("#file-id_card", str(scan))
    page.locator("#document-id_card button[type=submit]:not([name=reason])").click()
    person.check()
    page.locator("main a[href$='/review/']").last.click()
    person.check()
    choose_sessions(page)
    page.locator("main form button[type=submit]").last.click()
    person.check()
    application = Application.objects.get(applicant=applicant, submitted_at__isnull=False)
    assert page.url.endswith(f"/applications/{application.pk}/receipt/")
    assert words["receipt"] in page.locator("h1").inner_text()
    assert page.locator("[data-testid=reference]").inner_text() == application.reference
    assert page.locator("button[data-print]").is_visible()
    person.shot("receipt")
    page.emulate_media(media="print")
    assert not page.locator("header").is_visible()
    assert not page.locator("button[data-print]").is_visible()
    person.shot("receipt-printed")
    page.emulate_media(media="screen")

    brother = journey("7-receipt-lookup", language)
    brother.open("/")
    brother.page.locator("footer a[href='/track/']").click()
    brother.check()
    brother.page.fill("#id_reference", application.reference.lower().replace("-", " "))
    brother.page.fill("#id_phone", applicant.phone)
    brother.page.locator("main form button[type=submit]").click()
    brother.check()
    found = brother.page.locator("main section").inner_text()
    assert words["found"] + application.reference in found
    assert words["waiting"] in found
    assert applicant.name not in brother.page.content()
    # not shown back, not kept in this browser (a shared phone)
    assert brother.page.input_value("#id_phone") == ""
    assert brother.page.locator("#restored-note").is_hidden()
    brother.shot("looked-up")
