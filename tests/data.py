"""Test data that is not a fixture: file contents, valid ID card numbers, a dated profile."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pillow_heif import register_heif_opener

register_heif_opener()


def photo(format_: str, size=(32, 24), colour="#c04020", **options) -> bytes:
    """A real picture in this format (JPEG, PNG, HEIF), as a phone would send it."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=format_, **options)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = photo("PNG")
JPEG = photo("JPEG")
HEIC = photo("HEIF")


def with_check_character(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def id_number_for(born: datetime.date, gender: str = "female", n: int = 0) -> str:
    """A valid ID card number of Dianjiang County for this birth date and gender: the n-th of
    that day (digits 15 to 17 are a sequence, the last of them odd for men, even for women)."""
    sequence = 2 * n + (1 if gender == "male" else 0)
    return with_check_character(f"500231{born:%Y%m%d}{sequence:03d}")


# A woman born on 1990-01-01.
VALID_ID = id_number_for(datetime.date(1990, 1, 1))


def dated_profile_data(**overrides) -> dict:
    """A profile with every date filled in (a woman born on 1991-05-05, back in March 2026,
    with a business licence, living in Dianjiang) and a text of two lines: what a form must
    give back unchanged."""
    from tests.factories import JurisdictionFactory

    return {
        "name": "王小红",
        "gender": "female",
        "birth_date": datetime.date(1991, 5, 5),
        "phone": "13800000001",
        "id_number": id_number_for(datetime.date(1991, 5, 5)),
        "district": JurisdictionFactory(),
        "hukou": "rural",
        "hukou_in_county": True,
        "return_date": datetime.date(2026, 3, 15),
        "has_business_licence": True,
        "business_licence_date": datetime.date(2025, 12, 1),
        "skills": "电焊\n叉车证",
        **overrides,
    }


def pdf(name="scan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")
