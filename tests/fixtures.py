"""The shared fixtures of the intake, registered once for the whole suite (tests/conftest.py):
departments, document types, five programmes, a profile, a draft ready to send, the draft
sent. Uploaded files go to a temporary directory in every test."""

import datetime
import json

import pytest

from applications import actions
from tests.data import VALID_ID, pdf
from tests.factories import DepartmentFactory, DocumentTypeFactory, ProgrammeFactory


@pytest.fixture
def scitech(db):
    return DepartmentFactory(
        code="scitech", kind="scitech", name_zh="科学技术局", name_en="Science Bureau"
    )


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
def started(applicant, profile, five_programmes, id_card):
    """A draft for the five programmes with only the ID card uploaded."""
    application = actions.application_start(applicant=applicant, programmes=five_programmes)
    actions.document_upload(
        application=application, by=applicant, upload=pdf("id.pdf"), document_type=id_card
    )
    return application


@pytest.fixture
def submitted(draft, applicant):
    """The draft sent. The notice of its sending (tests/applications/test_receipts.py) is taken
    out, so each test of a later notice finds only its own."""
    from portal.notifications.models import Notification

    actions.application_submit(application=draft, by=applicant)
    Notification.objects.filter(recipient=applicant, kind="application_sent").delete()
    draft.refresh_from_db()
    return draft


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def first_sessions(application) -> dict[int, int]:
    """The first session with a seat left of each training programme of the draft, as the
    applicant would choose it when sending (programme id: session id)."""
    from services.selectors import sessions_to_choose

    offered = sessions_to_choose([item.programme for item in application.items.all()])
    return {
        programme_id: next(session.pk for session in sessions if session.seats_left)
        for programme_id, sessions in offered.items()
    }


class SmsOutbox:
    """What portal.sms.FileBackend wrote: every message sent, and the codes among them."""

    def __init__(self, folder):
        self.path = folder / "sms.jsonl"

    def messages(self, phone: str | None = None) -> list[dict]:
        if not self.path.exists():
            return []
        rows = [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]
        return [row for row in rows if phone is None or row["phone"] == phone]

    def texts(self, phone: str | None = None) -> list[str]:
        return [row["text"] for row in self.messages(phone)]

    def code(self, phone: str) -> str:
        """The newest code sent to this number."""
        codes = [row["code"] for row in self.messages(phone) if "code" in row]
        assert codes, f"no code was sent to {phone}"
        return codes[-1]


@pytest.fixture
def sms(settings, tmp_path):
    """Messages are written to a file of this test's own, read back through the outbox."""
    settings.SMS_BACKEND = "portal.sms.FileBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    return SmsOutbox(tmp_path / "sms")


def file_at_the_counter(client, sms, data: dict, *, follow: bool = False):
    """A park manager's assisted filing: the form, then the code that the returnee shows."""
    from django.urls import reverse

    response = client.post(reverse("applications:assist"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("applications:assist_code")
    code = sms.code(data["phone"].replace(" ", ""))
    return client.post(reverse("applications:assist_code"), {"code": code}, follow=follow)
