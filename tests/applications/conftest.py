import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import actions
from tests.factories import DepartmentFactory, DocumentTypeFactory, ProgrammeFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


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
    with a business licence) and a text of two lines: what a form must give back unchanged."""
    return {
        "name": "王小红",
        "gender": "female",
        "birth_date": datetime.date(1991, 5, 5),
        "phone": "13800000001",
        "id_number": id_number_for(datetime.date(1991, 5, 5)),
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


@pytest.fixture
def scitech(db):
    return DepartmentFactory(code="scitech", name_zh="科学技术局", name_en="Science Bureau")


@pytest.fixture
def id_card(db):
    return DocumentTypeFactory(code="id_card", name_zh="居民身份证", name_en="ID card")


@pytest.fixture
def hukou_booklet(db):
    return DocumentTypeFactory(code="hukou_booklet", name_zh="户口簿", name_en="Hukou booklet")


@pytest.fixture
def business_plan(db):
    return DocumentTypeFactory(code="business_plan", name_zh="创业计划书", name_en="Business plan")


@pytest.fixture
def five_programmes(hrss, market, scitech, id_card, hukou_booklet, business_plan):
    """Five programmes owned by three departments; documents overlap between them."""
    return [
        ProgrammeFactory(slug="syb-training", department=hrss, sla_days=10, documents=[id_card]),
        ProgrammeFactory(
            slug="startup-guarantee-loan",
            department=hrss,
            sla_days=20,
            documents=[id_card, hukou_booklet, business_plan],
        ),
        ProgrammeFactory(slug="sme-subsidy", department=market, sla_days=15, documents=[id_card]),
        ProgrammeFactory(slug="registration-guidance", department=market, sla_days=5),
        ProgrammeFactory(
            slug="scitech-enterprise-support",
            department=scitech,
            sla_days=30,
            documents=[business_plan],
        ),
    ]


@pytest.fixture
def profile(applicant):
    return actions.profile_save(
        user=applicant,
        data={
            "name": "王小红",
            "gender": "female",
            "birth_date": datetime.date(1990, 1, 1),
            "phone": "13800000001",
            "id_number": VALID_ID,
            "hukou": "rural",
            "hukou_in_county": True,
        },
        consent=True,
    )


@pytest.fixture
def draft(applicant, profile, five_programmes, id_card, hukou_booklet, business_plan):
    """A draft for five programmes, complete and ready to submit."""
    application = actions.application_start(applicant=applicant, programmes=five_programmes)
    for document_type in (id_card, hukou_booklet, business_plan):
        actions.document_upload(
            application=application,
            by=applicant,
            upload=pdf(f"{document_type.code}.pdf"),
            document_type=document_type,
        )
    return application


@pytest.fixture
def submitted(draft, applicant):
    actions.application_submit(application=draft, by=applicant)
    draft.refresh_from_db()
    return draft


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
