"""Journey 1: a newcomer on a phone screens, signs up, applies once for three programmes of
two departments, uploads each document once, sends, and sees both departments."""

import pytest

from applications.models import Application, Referral
from tests.data import PDF, VALID_ID
from tests.e2e.test_official import choose_sessions

pytestmark = [pytest.mark.django_db(transaction=True)]

PROGRAMMES = ["syb-training", "vocational-skills-training", "sme-subsidy"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_newcomer_applies_once_to_two_departments(journey, demo, language, tmp_path, sms):
    person = journey("1-newcomer", language)
    page = person.page
    person.open("/")
    person.shot("home")

    page.locator("main a[href='/screener/']").first.click()
    person.check()
    page.fill("#id_age", "34")
    page.check("input[name=gender][value=female]")
    page.check("input[name=hukou][value=rural]")
    page.check("input[name=hukou_in_county][value=yes]")
    page.check("input[name=five_types][value=transferred_rural_labourer]")
    page.check("input[name=ready_to_start_business][value=yes]")
    page.check("input[name=has_business_licence][value=no]")
    person.shot("screener")
    page.locator("main form button[type=submit]").click()
    person.check()
    eligible = page.locator(
        "#eligible-heading + article, section[aria-labelledby=eligible-heading] article"
    )
    assert eligible.count() >= 3
    assert page.locator("a[href='/programmes/syb-training/']").count() == 1
    page.locator("section[aria-labelledby=eligible-heading] details summary").first.click()
    person.shot("screener-results")

    page.locator("main a[href^='/accounts/signup/']").first.click()
    person.check()
    page.fill("#id_username", f"meiling{language[:2]}")
    page.fill("#id_name", "李美玲")
    phone = "13912345601" if language == "en" else "13912345602"
    page.fill("#id_phone", phone)
    page.fill("#id_password1", "coming-home-2026")
    page.fill("#id_password2", "coming-home-2026")
    person.shot("sign-up")
    page.locator("main form button[type=submit]").click()
    # The number is confirmed with the code sent to it; the phone offers it from the message.
    person.check()
    assert page.locator("#id_code").get_attribute("autocomplete") == "one-time-code"
    assert "139****56" in page.locator("main").inner_text()
    page.fill("#id_code", sms.code(phone))
    person.shot("sign-up-code")
    page.locator("main form button[type=submit]:not([name=resend])").click()
    person.check()
    assert "/screener/results/" in page.url

    person.open("/applications/new/?programmes=" + ",".join(PROGRAMMES))
    for slug in PROGRAMMES:
        assert page.locator(f"input[name=programmes][value={slug}]").is_checked()
    person.shot("step-1-programmes")
    page.locator("main form button[type=submit]").click()

    person.check()
    page.fill("#id_birth_date", "1990-01-01")
    page.fill("#id_id_number", VALID_ID)
    page.check("input[name=gender][value=female]")
    page.select_option("#id_district", "500231")
    page.check("input[name=hukou][value=rural]")
    page.check("#id_consent")
    person.shot("step-2-profile")
    page.locator("main form button[type=submit]").last.click()

    person.check()
    document = tmp_path / "scan.pdf"
    document.write_bytes(PDF)
    codes = page.locator("form[enctype] input[name=document_type]").evaluate_all(
        "inputs => inputs.map(input => input.value)"
    )
    assert len(codes) == len(set(codes)) >= 2  # each document asked for once
    for code in codes:
        page.set_input_files(f"#file-{code}", str(document))
        page.locator(f"#document-{code} button[type=submit]:not([name=reason])").click()
        person.check()
    person.shot("step-3-documents")
    page.locator("main a[href$='/review/']").last.click()

    person.check()
    person.shot("step-4-review")
    choose_sessions(page)
    page.locator("main form button[type=submit]").last.click()
    person.check()
    person.shot("status")

    application = Application.objects.get(applicant__username=f"meiling{language[:2]}")
    departments = set(
        Referral.objects.filter(application=application).values_list("department__code", flat=True)
    )
    assert departments == {"hrss", "market"}
    for referral in Referral.objects.filter(application=application).select_related("department"):
        name = referral.department.name_zh if language == "zh-hans" else referral.department.name_en
        assert page.get_by_role("heading", name=name).is_visible()
