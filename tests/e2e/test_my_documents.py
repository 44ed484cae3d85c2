"""Journey: a returnee sends a photo of her ID card from her phone (HEIC) with one application;
the next application already has it, from 我的材料; she replaces it there, then deletes it,
and the application she sent keeps the copy it was sent with."""

import pytest
from django.contrib.auth import get_user_model

from applications.models import Application, WalletDocument
from tests.data import PDF, photo
from tests.e2e.test_official import demo_profile, log_in

pytestmark = [pytest.mark.django_db(transaction=True)]

WORDS = {
    "zh-hans": {
        "from_wallet": "来自“我的材料”",
        "kept_here": "我的材料",
        "sent_with": "已随 1 份申请发送",
        "kept_copy": "已经发送的申请会保留当时发送的那份",
        "deleted": "已从“我的材料”中删除",
    },
    "en": {
        "from_wallet": "from My documents",
        "kept_here": "My documents",
        "sent_with": "Sent with 1 application",
        "kept_copy": "Applications you have sent keep the copy they were sent with",
        "deleted": "is deleted from your documents",
    },
}


def _send_first_application(person, heic_path):
    page = person.page
    person.open("/applications/new/?programmes=registration-guidance")
    page.locator("main form button[type=submit]").click()  # the programme step
    person.check()
    page.locator("main form button[type=submit]").last.click()  # the profile, as it is
    person.check()
    assert "/documents/" in page.url
    page.set_input_files("#file-id_card", str(heic_path))
    page.locator("#document-id_card button[type=submit]:not([name=reason])").click()
    person.check()
    assert page.locator("#document-id_card").inner_text().count("IMG_0412.jpg") == 1
    person.shot("first-application-heic-uploaded")
    page.locator("main a[href$='/review/']").last.click()
    person.check()
    page.locator("main form button[type=submit]").last.click()
    person.check()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_document_uploaded_once_is_used_again_replaced_and_deleted(
    journey, demo, language, tmp_path
):
    User = get_user_model()
    User.objects.filter(username="applicant").update(language=language)
    applicant = User.objects.get(username="applicant")
    demo_profile(applicant)
    words = WORDS[language]
    heic = tmp_path / "IMG_0412.HEIC"
    heic.write_bytes(photo("HEIF", size=(1200, 800)))
    person = journey("3-my-documents", language)
    page = person.page
    log_in(person, "applicant")
    _send_first_application(person, heic)
    sent = Application.objects.get(applicant=applicant, submitted_at__isnull=False)

    # The next application asks for the ID card again: it is there already.
    person.open("/applications/new/?programmes=syb-training")
    page.locator("main form button[type=submit]").click()
    person.check()
    page.locator("main form button[type=submit]").last.click()
    person.check()
    card = page.locator("#document-id_card").inner_text()
    assert words["from_wallet"] in card and "IMG_0412.jpg" in card
    person.shot("next-application-has-the-id-card")

    # 我的材料: delete it (the sent application keeps its copy), add it again as a large
    # photo, then replace that with a scan.
    page.locator("main a[href='/me/documents/']").first.click()
    person.check()
    assert words["sent_with"] in page.locator("#own-id_card").inner_text()
    person.shot("my-documents")
    page.locator("#own-id_card a[href$='/delete/']").click()
    person.check()
    assert words["kept_copy"] in page.locator("main").inner_text()
    person.shot("delete-asks-first")
    page.locator("main form button[type=submit]").click()
    person.check()
    assert words["deleted"] in page.locator("main").inner_text()
    assert not WalletDocument.objects.filter(owner=applicant, document_type__code="id_card")
    kept = sent.documents.get(document_type__code="id_card")
    assert (kept.original_name, kept.content_type) == ("IMG_0412.jpg", "image/jpeg")

    # A large photo is made smaller on the phone before it crosses a slow connection.
    big = tmp_path / "IMG_0413.jpg"
    big.write_bytes(_large_photo())
    assert big.stat().st_size > 3_000_000
    page.select_option("#add-type", "id_card")
    page.set_input_files("#add-file", str(big))
    page.wait_for_selector("#add-file:not([data-shrinking])", state="attached")
    with page.expect_request(lambda request: request.method == "POST") as posted:
        page.locator("#own-add button[type=submit]").click()
    sent_bytes = posted.value.header_value("content-length")
    assert sent_bytes and int(sent_bytes) < big.stat().st_size / 2
    person.check()
    own = WalletDocument.objects.get(owner=applicant, document_type__code="id_card")
    assert own.content_type == "image/jpeg" and own.size < big.stat().st_size / 2
    person.shot("large-photo-kept-small")

    scan = tmp_path / "id-scan.pdf"
    scan.write_bytes(PDF)
    page.set_input_files("#file-id_card", str(scan))
    page.locator("#own-id_card button[type=submit]").click()
    person.check()
    assert "id-scan.pdf" in page.locator("#own-id_card").inner_text()
    person.shot("replaced")


def _large_photo() -> bytes:
    """A 12-megapixel photo of noise, as large as a phone's camera makes them."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((4000, 3000), 80).convert("RGB").save(out, format="JPEG", quality=95)
    return out.getvalue()
