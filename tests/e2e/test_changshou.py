"""Journey: a returnee living in Changshou District chooses where she lives in the catalogue,
signs up, applies once for a municipal training (named as Changshou's HRSS bureau's, in a
session held in Changshou) and Changshou's female entrepreneurs' association, and both go to
Changshou's bureaus; Changshou's HRSS official finds the case,
Dianjiang's does not."""

import pytest

from applications.models import Application, Referral
from tests.data import PDF, VALID_ID
from tests.e2e.test_official import choose_sessions, log_in

pytestmark = [pytest.mark.django_db(transaction=True)]

PROGRAMMES = ["syb-training", "female-entrepreneurs-association"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_changshou_returnee_reaches_changshou_s_bureaus(journey, demo, language, tmp_path, sms):
    person = journey("6-changshou", language)
    page = person.page
    person.open("/programmes/")
    page.select_option("#id_district", "500115")
    page.locator("#id_district + button[type=submit]").click()
    person.check()
    person.shot("catalogue-changshou")
    shown = page.locator("main a[href^='/programmes/']").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert "/programmes/female-entrepreneurs-association/" in shown
    assert "/programmes/syb-training/" in shown
    assert "/programmes/sme-subsidy/" not in shown  # Dianjiang's market bureau's own
    assert page.input_value("#id_district") == "500115"

    person.open("/accounts/signup/")
    page.fill("#id_username", f"sunli{language[:2]}")
    page.fill("#id_name", "孙丽华")
    phone = "13912345611" if language == "en" else "13912345612"
    page.fill("#id_phone", phone)
    page.fill("#id_password1", "coming-home-2026")
    page.fill("#id_password2", "coming-home-2026")
    page.locator("main form button[type=submit]").click()
    person.check()
    page.fill("#id_code", sms.code(phone))
    page.locator("main form button[type=submit]:not([name=resend])").click()
    person.check()

    person.open("/applications/new/?programmes=" + ",".join(PROGRAMMES))
    page.locator("main form button[type=submit]").click()
    person.check()
    page.fill("#id_birth_date", "1990-01-01")
    page.fill("#id_id_number", VALID_ID)
    page.check("input[name=gender][value=female]")
    page.select_option("#id_district", "500115")
    page.check("input[name=hukou][value=rural]")
    page.check("#id_consent")
    person.shot("profile-changshou")
    page.locator("main form button[type=submit]").last.click()
    person.check()

    document = tmp_path / "scan.pdf"
    document.write_bytes(PDF)
    codes = page.locator("form[enctype] input[name=document_type]").evaluate_all(
        "inputs => inputs.map(input => input.value)"
    )
    for code in codes:
        page.set_input_files(f"#file-{code}", str(document))
        page.locator(f"#document-{code} button[type=submit]:not([name=reason])").click()
        person.check()
    page.locator("main a[href$='/review/']").last.click()
    person.check()
    # The municipal training is handled by Changshou's HRSS bureau, in sessions held there.
    review = page.locator("main").inner_text()
    assert (
        "长寿区人力资源和社会保障局" if language == "zh-hans" else "Changshou District"
    ) in review
    sessions = page.locator("main fieldset[id^=sessions-]").inner_text()
    assert ("长寿" if language == "zh-hans" else "Changshou") in sessions
    assert "垫江" not in sessions and "Dianjiang" not in sessions
    person.shot("review-changshou")
    choose_sessions(page)
    page.locator("main form button[type=submit]").last.click()
    person.check()
    person.shot("sent-to-changshou")

    application = Application.objects.get(applicant__username=f"sunli{language[:2]}")
    referrals = Referral.objects.filter(application=application).select_related(
        "department__jurisdiction"
    )
    assert {(r.department.jurisdiction.code, r.department.kind) for r in referrals} == {
        ("500115", "hrss"),
        ("500115", "women"),
    }
    for referral in referrals:
        name = referral.department.name_zh if language == "zh-hans" else referral.department.name_en
        assert page.get_by_role("heading", name=name).is_visible()

    hrss = next(r for r in referrals if r.department.kind == "hrss")
    official = journey("6-changshou-official", language)
    log_in(official, "official-hrss-changshou")
    official.open("/queue/")
    assert official.page.locator(f"a[href='/cases/{hrss.pk}/']").count() == 1
    official.shot("queue-changshou")
    dianjiang = journey("6-dianjiang-official", language)
    log_in(dianjiang, "official-hrss")
    dianjiang.open("/queue/")
    assert dianjiang.page.locator(f"a[href='/cases/{hrss.pk}/']").count() == 0
