"""Photos from phones: HEIC accepted and kept as JPEG, large photos shrunk, turned upright and
stripped of where they were taken, broken pictures refused with a message."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from applications.models import Document
from applications.uploads import MAX_SIDE, prepare_upload
from tests.data import HEIC, JPEG, photo


def _kept(prepared) -> Image.Image:
    prepared.file.seek(0)
    return Image.open(io.BytesIO(prepared.file.read()))


def test_a_heic_photo_is_accepted_and_kept_as_a_jpeg_every_browser_opens():
    prepared = prepare_upload(SimpleUploadedFile("IMG_0412.HEIC", HEIC))
    assert prepared.checked.content_type == "image/jpeg"
    assert prepared.checked.name == "IMG_0412.jpg"
    image = _kept(prepared)
    assert image.format == "JPEG" and image.size == (32, 24)


def test_a_large_photo_is_shrunk_to_a_legible_size():
    big = photo("JPEG", size=(4000, 3000), quality=100)
    prepared = prepare_upload(SimpleUploadedFile("id.jpg", big))
    image = _kept(prepared)
    assert image.size == (MAX_SIDE, MAX_SIDE * 3 // 4)
    assert prepared.checked.size < len(big)


def test_a_photo_is_turned_upright_and_loses_its_location():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the phone was held on its side
    exif[0x8825] = {1: "N", 2: (29.0, 44.0, 0.0)}  # GPS: where the returnee lives
    sideways = photo("JPEG", size=(40, 30), exif=exif)
    image = _kept(prepare_upload(SimpleUploadedFile("id.jpg", sideways)))
    assert image.size == (30, 40)
    assert not image.getexif()


def test_a_transparent_png_becomes_white_paper_not_black():
    # A scan saved as a large PNG with a transparent background: kept as a JPEG.
    noisy = Image.effect_noise((2000, 2000), 100).convert("RGBA")
    noisy.putalpha(0)
    out = io.BytesIO()
    noisy.save(out, format="PNG")
    prepared = prepare_upload(SimpleUploadedFile("scan.png", out.getvalue()))
    assert prepared.checked.content_type == "image/jpeg"
    image = _kept(prepared)
    assert image.getpixel((10, 10)) in (255, (255, 255, 255))


@pytest.mark.parametrize(
    "content",
    [
        JPEG[:40],  # cut off on a slow connection
        b"\xff\xd8\xff\xe0" + b"\x00" * 64,  # a JPEG's first bytes and nothing after
        HEIC[:30],
    ],
)
def test_a_picture_that_cannot_be_read_is_refused_with_what_to_do(content):
    with pytest.raises(ValidationError) as excinfo:
        prepare_upload(SimpleUploadedFile("id.jpg", content))
    assert excinfo.value.code == "unreadable"
    assert "PDF" in str(excinfo.value)


def test_a_picture_of_more_pixels_than_any_phone_takes_is_refused_unread(monkeypatch):
    monkeypatch.setattr("applications.uploads.MAX_PIXELS", 100)
    with pytest.raises(ValidationError) as excinfo:
        prepare_upload(SimpleUploadedFile("id.png", photo("PNG", size=(20, 20))))
    assert excinfo.value.code == "unreadable"


def test_a_heic_photo_goes_through_the_documents_step(client, applicant, draft, id_card):
    client.force_login(applicant)
    response = client.post(
        reverse("applications:step_documents", args=[draft.pk]),
        {"document_type": "id_card", "file": SimpleUploadedFile("IMG_0412.HEIC", HEIC)},
    )
    assert response.status_code == 302
    document = Document.objects.get(application=draft, document_type=id_card)
    assert (document.original_name, document.content_type) == ("IMG_0412.jpg", "image/jpeg")
    assert document.file.name.startswith(f"applications/{draft.pk}/")
