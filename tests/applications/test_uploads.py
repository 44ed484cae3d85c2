import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from applications import actions
from applications.models import Document, Message
from applications.uploads import check_name, check_upload
from tests.data import JPEG, PDF, PNG


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
)
def test_the_type_comes_from_the_content_not_the_name(content, content_type):
    checked = check_upload(SimpleUploadedFile("whatever.txt", content))
    assert checked.content_type == content_type
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    "name", ["../secret.pdf", "a/b.pdf", "c:\\windows\\x.pdf", ".htaccess", "bell\x07.pdf"]
)
def test_names_with_paths_or_control_characters_are_refused(name):
    with pytest.raises(ValidationError):
        check_name(name)


def test_very_long_names_are_shortened_keeping_the_extension():
    name = check_name("身" * 300 + ".pdf")
    assert len(name) == 120 and name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "kept"),
    [
        ("invoice.html", PDF, "invoice.pdf"),
        ("scan", PDF, "scan.pdf"),
        ("证件.PDF", PDF, "证件.PDF"),
        ("photo.jpeg", JPEG, "photo.jpeg"),
        ("photo.pdf", JPEG, "photo.jpg"),
        ("page.png.exe", PNG, "page.png.png"),
    ],
)
def test_a_file_is_named_with_the_extension_of_what_it_is(name, content, kept):
    assert check_upload(SimpleUploadedFile(name, content)).name == kept


def test_a_pdf_named_html_downloads_as_pdf(client, applicant, draft, id_card):
    _post("web", client, applicant, draft, SimpleUploadedFile("invoice.html", PDF))
    document = Document.objects.get(application=draft, document_type=id_card)
    assert document.original_name == "invoice.pdf"
    response = client.get(reverse("applications:document", args=[document.pk]))
    assert "invoice.pdf" in response["Content-Disposition"]


def test_an_executable_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(SimpleUploadedFile("invoice.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 64))
    assert excinfo.value.code == "wrong_type"


# --- Through the documents step and the API upload endpoint ------------------------------------

HTML = b"<!doctype html><script>alert(document.cookie)</script>"
ZIP = b"PK\x03\x04" + b"\x00" * 64
JPEG_THEN_HTML = JPEG + HTML
PDF_THEN_ZIP = PDF + ZIP


def _media_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _post(channel, client, applicant, draft, files, document_type="id_card"):
    """Upload through the documents step ("web") or the API; the refusal as a list of words."""
    if channel == "web":
        client.force_login(applicant)
        response = client.post(
            reverse("applications:step_documents", args=[draft.pk]),
            {"document_type": document_type, "file": files},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        if response.status_code == 302:
            return []
        assert response.status_code == 200
        form = response.context["form"]
        page = response.content.decode()
        assert 'aria-invalid="true"' in page  # beside the file field
        assert list(form.errors) == ["file"]
        return [str(error) for error in form.errors["file"]]
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(applicant)
    response = api.post(
        f"/api/v1/applications/{draft.pk}/documents/",
        {"document_type": document_type, "file": files},
        format="multipart",
    )
    if response.status_code == 201:
        return []
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    return response.json()["file"]


def _stored(draft, id_card):
    return list(
        Document.objects.filter(application=draft, document_type=id_card).values_list(
            "sha256", flat=True
        )
    )


CHANNELS = ["web", "api"]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024 - len(PDF) + 1), "10 MB"),
        ("empty.pdf", b"", "empty"),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 64, "not a PDF"),
        ("page.pdf", HTML, "not a PDF"),
        ("photo.jpg", b"GIF89a" + b"\x00" * 32, "not a PDF"),
        ("archive.pdf", ZIP, "not a PDF"),
    ],
)
def test_a_bad_file_is_refused_by_name_and_nothing_is_half_stored(
    channel, client, applicant, draft, id_card, settings, name, content, words
):
    stored, files = _stored(draft, id_card), _media_files(settings)
    refused = _post(channel, client, applicant, draft, SimpleUploadedFile(name, content))
    assert refused and words in refused[0]
    assert _stored(draft, id_card) == stored  # the earlier file is still the one kept
    assert _media_files(settings) == files


@pytest.mark.parametrize("channel", CHANNELS)
def test_many_files_in_one_post_are_refused_with_a_message(
    channel, client, applicant, draft, id_card, settings
):
    stored, files = _stored(draft, id_card), _media_files(settings)
    many = [SimpleUploadedFile(f"page-{n}.pdf", PDF) for n in range(30)]
    refused = _post(channel, client, applicant, draft, many)
    assert refused == [
        "Choose one file for this document. A document of several pages can be one PDF."
    ]
    assert _stored(draft, id_card) == stored
    assert _media_files(settings) == files


def test_an_answer_carries_at_most_ten_files(client, applicant, official, submitted, settings):
    referral = submitted.referrals.get(department__code="hrss")
    actions.referral_act(referral=referral, by=official, action="start_review")
    actions.referral_act(referral=referral, by=official, action="request_info", text="户口簿")
    files = _media_files(settings)
    client.force_login(applicant)
    response = client.post(
        reverse("applications:answer", args=[submitted.pk, referral.pk]),
        {"text": "补充材料", "files": [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(30)]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["Documents (optional): You chose 30 files; send at most 10 at once."]
    assert not Message.objects.filter(referral=referral, kind=Message.Kind.ANSWER).exists()
    assert _media_files(settings) == files


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\x\\y.pdf", "y.pdf"),
        ("\u202efdp.exe", "fdp.pdf"),  # the right-to-left override that disguises a name
        ("申请😀" * 100 + ".pdf", ("申请😀" * 40)[:116] + ".pdf"),
        ("سند" * 100 + ".pdf", ("سند" * 40)[:116] + ".pdf"),
    ],
)
def test_names_are_reduced_to_a_plain_short_base_name(
    channel, client, applicant, draft, id_card, settings, sent, kept
):
    assert _post(channel, client, applicant, draft, SimpleUploadedFile(sent, PDF)) == []
    document = Document.objects.get(application=draft, document_type=id_card)
    assert document.original_name == kept
    assert len(document.original_name) <= 120
    # Stored under a name of the portal's own, inside the private storage only.
    assert document.file.name == f"applications/{draft.pk}/{document.token}"
    assert (settings.MEDIA_ROOT / document.file.name).is_file()


def _downloaded(client, document) -> bytes:
    """The file as an official's or the applicant's browser gets it: always a download, of the
    detected type, never sniffed, in a sandbox."""
    for ask in ("", "?download=1"):
        response = client.get(reverse("applications:document", args=[document.pk]) + ask)
        assert response.status_code == 200
        assert response["Content-Type"] == document.content_type
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    return b"".join(response.streaming_content)


def test_a_pdf_polyglot_is_kept_but_only_ever_downloaded_as_a_pdf(
    client, applicant, draft, id_card
):
    """A PDF may hide an archive after it: it is what its first bytes say, so it is kept, but
    it never opens as a page of the portal."""
    assert (
        _post("web", client, applicant, draft, SimpleUploadedFile("scan.pdf", PDF_THEN_ZIP)) == []
    )
    document = Document.objects.get(application=draft, document_type=id_card)
    assert document.content_type == "application/pdf"
    assert _downloaded(client, document) == PDF_THEN_ZIP


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("photo.jpg", JPEG_THEN_HTML, "image/jpeg"), ("photo.png", PNG + HTML, "image/png")],
)
def test_a_web_page_hidden_after_a_photo_is_not_kept(
    client, applicant, draft, id_card, name, content, content_type
):
    """A photo is kept as the picture it shows: whatever was appended after it is gone."""
    assert _post("web", client, applicant, draft, SimpleUploadedFile(name, content)) == []
    document = Document.objects.get(application=draft, document_type=id_card)
    assert document.content_type == content_type
    kept = _downloaded(client, document)
    assert HTML not in kept and b"<script" not in kept
    assert Image.open(io.BytesIO(kept)).size == (32, 24)
    assert document.size == len(kept)
    assert document.sha256 == hashlib.sha256(kept).hexdigest()


def test_a_unicode_name_is_sent_back_safely_in_the_download_header(
    client, applicant, draft, id_card
):
    _post("web", client, applicant, draft, SimpleUploadedFile('身份证 "正面"\u202e.pdf', PDF))
    document = Document.objects.get(application=draft, document_type=id_card)
    response = client.get(reverse("applications:document", args=[document.pk]))
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    assert "filename*=utf-8''" in header
    assert "\u202e" not in header and "\n" not in header
