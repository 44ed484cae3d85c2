"""The intake API does with documents what the web does: the checklist of a draft, saying a
document follows (so the draft can be sent without it), and 我的材料."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications import actions
from applications.models import Application, Document, Referral, WalletDocument
from tests.applications.test_api import APPLICATIONS, api, application_url, referral_url
from tests.data import PDF, pdf
from tests.factories import DocumentTypeFactory

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/documents/"


@pytest.fixture
def bank_statement(db):
    return DocumentTypeFactory(
        code="bank_statement", name_zh="银行流水", name_en="Bank statement", valid_months=3
    )


def checklist(user, application):
    response = api(user).get(application_url(application, "checklist/"))
    assert response.status_code == 200, response.json()
    return {row["document_type"]: row for row in response.json()}


def test_the_checklist_names_the_programmes_asking_and_what_stands(applicant, started):
    rows = checklist(applicant, started)
    assert set(rows) == {"id_card", "hukou_booklet", "business_plan"}
    titles = {item.programme.slug: item.programme.title for item in started.items.all()}
    assert titles["startup-guarantee-loan"] in rows["business_plan"]["programmes"]
    assert titles["syb-training"] not in rows["business_plan"]["programmes"]
    assert rows["id_card"]["settled"] and rows["id_card"]["document"]["name"] == "id.pdf"
    assert rows["hukou_booklet"] == {**rows["hukou_booklet"], "settled": False, "to_follow": None}


def test_said_to_follow_a_draft_is_sent_without_those_documents_and_the_department_sees_it(
    applicant, started, official
):
    client = api(applicant)
    refused = client.post(application_url(started, "submit/"), {}, format="json")
    assert refused.status_code == 400
    for code, reason in (("hukou_booklet", "bring"), ("business_plan", "not_yet")):
        response = client.post(
            application_url(started, "checklist/"),
            {"document_type": code, "reason": reason},
            format="json",
        )
        assert response.status_code == 200, response.json()
    rows = {row["document_type"]: row for row in response.json()}
    assert rows["hukou_booklet"]["to_follow"] == "bring" and rows["hukou_booklet"]["settled"]
    sent = client.post(application_url(started, "submit/"), {}, format="json")
    assert sent.status_code == 200, sent.json()
    referral = Referral.objects.get(application=started, department__code="hrss")
    case = api(official).get(referral_url(referral)).json()
    assert {(row["document_type"], row["reason"]) for row in case["documents_to_follow"]} == {
        ("hukou_booklet", "bring"),
        ("business_plan", "not_yet"),
    }
    assert case["documents_to_follow"][0]["reason_name"]


def test_an_empty_reason_takes_the_word_back(applicant, started):
    client = api(applicant)
    url = application_url(started, "checklist/")
    client.post(url, {"document_type": "hukou_booklet", "reason": "bring"}, format="json")
    client.post(url, {"document_type": "hukou_booklet", "reason": ""}, format="json")
    assert checklist(applicant, started)["hukou_booklet"]["to_follow"] is None


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"document_type": "id_card", "reason": "bring"}, "non_field_errors", "uploaded already"),
        ({"document_type": "no_such_kind", "reason": "bring"}, "document_type", "Unknown"),
        ({"document_type": "hukou_booklet", "reason": "lost"}, "reason", "valid choice"),
    ],
)
def test_a_word_that_cannot_stand_gives_400_saying_why(applicant, started, body, field, words):
    response = api(applicant).post(application_url(started, "checklist/"), body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert words in str(errors.get(field, errors))


def test_a_document_the_programmes_do_not_ask_for_is_refused(applicant, started):
    from services.models import DocumentType

    DocumentType.objects.create(code="birth_certificate", name_zh="出生证明", name_en="Birth")
    response = api(applicant).post(
        application_url(started, "checklist/"),
        {"document_type": "birth_certificate", "reason": "bring"},
        format="json",
    )
    assert response.status_code == 400
    assert "do not ask for this document" in str(response.json())


def test_a_sent_application_takes_no_more_words(applicant, submitted):
    response = api(applicant).post(
        application_url(submitted, "checklist/"),
        {"document_type": "id_card", "reason": ""},
        format="json",
    )
    assert response.status_code == 400


def test_another_applicants_draft_is_404(other_applicant, started):
    assert api(other_applicant).get(application_url(started, "checklist/")).status_code == 404


# --- 我的材料 ----------------------------------------------------------------------------------


def upload_mine(user, code="id_card", name="身份证.pdf", content=PDF):
    return api(user).post(
        MINE,
        {"document_type": code, "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_my_documents_are_kept_listed_with_their_validity_and_used_by_the_next_draft(
    applicant, profile, five_programmes, bank_statement
):
    assert api(applicant).get(MINE).json() == []
    response = upload_mine(applicant)
    assert response.status_code == 201, response.json()
    [row] = api(applicant).get(MINE).json()
    assert row == response.json()
    assert row["document_type"] == "id_card" and row["name"] == "身份证.pdf"
    assert row["valid"] and row["valid_until"] is None and row["sent"] == 0
    kept = upload_mine(applicant, code="bank_statement", name="流水.pdf").json()
    expected = WalletDocument.objects.get(pk=kept["id"]).valid_until
    assert expected is not None and kept["valid_until"] == expected.isoformat()
    # The next draft gets the ID card without asking.
    created = (
        api(applicant).post(APPLICATIONS, {"programmes": ["syb-training"]}, format="json").json()
    )
    application = Application.objects.get(pk=created["id"])
    assert checklist(applicant, application)["id_card"]["settled"]


def test_a_new_file_replaces_mine_and_a_bad_one_gives_400_naming_file(applicant, id_card):
    upload_mine(applicant)
    again = upload_mine(applicant, name="新身份证.pdf")
    assert [row["name"] for row in api(applicant).get(MINE).json()] == ["新身份证.pdf"]
    assert again.json()["name"] == "新身份证.pdf"
    bad = upload_mine(applicant, name="x.pdf", content=b"MZ" + b"\x00" * 64)
    assert bad.status_code == 400 and "file" in bad.json()
    assert WalletDocument.objects.get(owner=applicant).original_name == "新身份证.pdf"


def test_deleting_mine_leaves_the_sent_copy_and_says_how_many_drafts_lost_it(
    applicant, profile, five_programmes
):
    upload_mine(applicant)
    sent = actions.application_start(applicant=applicant, programmes=five_programmes[:1])
    actions.application_submit(application=sent, by=applicant)
    draft = actions.application_start(applicant=applicant, programmes=five_programmes[2:3])
    own = WalletDocument.objects.get(owner=applicant)
    assert api(applicant).get(MINE).json()[0]["sent"] == 1
    response = api(applicant).delete(f"{MINE}{own.pk}/")
    assert response.status_code == 200 and response.json() == {"drafts": 1}
    assert Document.objects.filter(application=sent).count() == 1
    assert not Document.objects.filter(application=draft).exists()
    assert api(applicant).delete(f"{MINE}{own.pk}/").status_code == 404


def test_nobody_else_deletes_mine(applicant, other_applicant, id_card):
    upload_mine(applicant)
    own = WalletDocument.objects.get(owner=applicant)
    assert api(other_applicant).delete(f"{MINE}{own.pk}/").status_code == 404
    assert api(other_applicant).get(MINE).json() == []
    assert WalletDocument.objects.filter(pk=own.pk).exists()


def test_the_lists_run_the_same_queries_at_two_sizes(
    applicant, profile, five_programmes, id_card, hukou_booklet, business_plan, bank_statement
):
    client = api(applicant)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    mine = []
    for kinds in ((id_card,), (hukou_booklet, business_plan, bank_statement)):
        for kind in kinds:
            actions.wallet_upload(owner=applicant, document_type=kind, upload=pdf("a.pdf"))
        mine.append(queries(MINE))
    checklists = []
    for programmes in (five_programmes[:1], five_programmes):
        application = actions.application_start(applicant=applicant, programmes=programmes)
        checklists.append(queries(application_url(application, "checklist/")))
    assert mine[0] == mine[1] and checklists[0] == checklists[1], (mine, checklists)


def test_an_app_can_show_the_receipt_and_choose_a_session(
    applicant, profile, hrss, id_card, dianjiang_park
):
    """The session ids to send come from the programme; the application answers its reference,
    the session chosen and what was said to follow."""
    import datetime

    from django.utils import timezone

    from services.models import TrainingSession
    from tests.factories import ProgrammeFactory

    training = ProgrammeFactory(
        slug="welding", department=hrss, kind="training", documents=[id_card]
    )
    start = timezone.now() + datetime.timedelta(days=9)
    session = TrainingSession.objects.create(
        programme=training,
        jurisdiction=training.department.jurisdiction,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=4),
        place_zh="垫江县培训中心",
        seats=10,
    )
    client = api(applicant)
    offered = client.get("/api/v1/programmes/welding/").json()["sessions"]
    assert [row["id"] for row in offered] == [session.pk]
    created = client.post(APPLICATIONS, {"programmes": ["welding"]}, format="json").json()
    url = f"{APPLICATIONS}{created['id']}/"
    client.post(url + "checklist/", {"document_type": "id_card", "reason": "bring"}, format="json")
    sent = client.post(url + "submit/", {"sessions": {"welding": offered[0]["id"]}}, format="json")
    assert sent.status_code == 200, sent.json()
    detail = client.get(url).json()
    assert detail["reference"].startswith("FX-")
    assert detail["items"][0]["session"]["id"] == session.pk
    assert detail["documents_to_follow"] == [
        {
            "document_type": "id_card",
            "name": "ID card",
            "reason": "bring",
            "reason_name": "I will bring it to the service centre",
        }
    ]


def test_a_404_answers_in_the_callers_language(other_applicant, started):
    chinese = api(other_applicant, language="zh-hans").get(application_url(started, "checklist/"))
    assert chinese.status_code == 404 and chinese.json() == {"detail": "未找到。"}
    english = api(other_applicant).get(application_url(started, "checklist/"))
    assert english.json() == {"detail": "Not found."}
