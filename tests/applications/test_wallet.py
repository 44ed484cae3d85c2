"""我的材料: each document uploaded once for good. A new application reuses what the person
has and is still valid; they replace or delete one; a sent application keeps its copy; a
department sees only the documents its own programmes ask for."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from applications import actions, privacy, selectors
from applications.models import Document, Referral, WalletDocument
from services import actions as service_actions
from tests.data import pdf
from tests.factories import DocumentTypeFactory, ProgrammeFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MAY_1 = datetime.datetime(2026, 5, 1, 10, 0, tzinfo=SHANGHAI)


def content(document) -> bytes:
    with document.file.open("rb") as stored:
        return stored.read()


def own(applicant, code) -> WalletDocument:
    return WalletDocument.objects.get(owner=applicant, document_type__code=code)


@pytest.fixture
def bank_statement(db):
    return DocumentTypeFactory(
        code="bank_statement", name_zh="银行流水", name_en="Bank statement", valid_months=3
    )


@pytest.fixture
def loan(hrss, id_card, bank_statement):
    """A second programme, applied for later, asking for the ID card again and a statement."""
    return ProgrammeFactory(
        slug="entrepreneur-loan", department=hrss, documents=[id_card, bank_statement]
    )


def test_a_document_uploaded_once_serves_the_next_application(
    client, applicant, submitted, loan, id_card
):
    sent_copy = submitted.documents.get(document_type=id_card)
    assert content(own(applicant, "id_card")) == content(sent_copy)

    client.force_login(applicant)
    client.post(reverse("applications:start"), {"programmes": [loan.slug]})
    second = applicant.applications.exclude(pk=submitted.pk).get()
    copy = second.documents.get(document_type=id_card)
    assert copy.from_wallet == own(applicant, "id_card")
    assert copy.file.name != sent_copy.file.name  # a copy of its own
    page = client.get(reverse("applications:step_documents", args=[second.pk])).content.decode()
    card = re.search(r'id="document-id_card">.*?</li>', page, re.S).group(0)
    assert "已上传" in card and "来自“我的材料”" in card
    assert "还没上传" in re.search(r'id="document-bank_statement">.*?</li>', page, re.S).group(0)


def test_a_copy_out_of_date_is_not_used_and_the_step_says_why(
    client, applicant, profile, loan, bank_statement
):
    with time_machine.travel(MAY_1, tick=False):
        first = actions.application_start(applicant=applicant, programmes=[loan])
        actions.document_upload(
            application=first, by=applicant, upload=pdf(), document_type=bank_statement
        )
        assert own(applicant, "bank_statement").valid_until == datetime.date(2026, 8, 1)
        first.delete()
    with time_machine.travel(datetime.datetime(2026, 8, 1, 23, 0, tzinfo=SHANGHAI), tick=False):
        on_the_last_day = actions.application_start(applicant=applicant, programmes=[loan])
        assert on_the_last_day.documents.filter(document_type=bank_statement).exists()
        on_the_last_day.delete()
    with time_machine.travel(datetime.datetime(2026, 8, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        late = actions.application_start(applicant=applicant, programmes=[loan])
        assert not late.documents.filter(document_type=bank_statement).exists()
        client.force_login(applicant)
        page = client.get(reverse("applications:step_documents", args=[late.pk])).content.decode()
        assert "“我的材料”中的这份有效期到2026年8月1日，请上传新的" in page
        wallet = client.get(reverse("applications:my_documents")).content.decode()
        assert "已过期" in wallet and "有效期到2026年8月1日" in wallet


def test_replacing_one_updates_unsent_drafts_and_leaves_the_sent_copy(
    client, applicant, submitted, loan, id_card
):
    sent_before = content(submitted.documents.get(document_type=id_card))
    later = actions.application_start(applicant=applicant, programmes=[loan])
    client.force_login(applicant)
    response = client.post(
        reverse("applications:my_documents"),
        {"document_type": "id_card", "file": pdf("new-id.pdf", b"%PDF-1.4 new card\n%%EOF\n")},
    )
    assert response.status_code == 302
    assert content(own(applicant, "id_card")) == b"%PDF-1.4 new card\n%%EOF\n"
    assert content(later.documents.get(document_type=id_card)) == b"%PDF-1.4 new card\n%%EOF\n"
    assert content(submitted.documents.get(document_type=id_card)) == sent_before


def test_deleting_one_asks_first_and_the_sent_application_keeps_its_copy(
    client, applicant, submitted, loan, id_card, official
):
    later = actions.application_start(applicant=applicant, programmes=[loan])
    document = own(applicant, "id_card")
    client.force_login(applicant)
    url = reverse("applications:my_document_delete", args=[document.pk])
    asked = client.get(url).content.decode()
    assert f"第 {submitted.pk} 号申请" in asked and "保留" in asked
    response = client.post(url, follow=True)
    assert "已从“我的材料”中删除" in response.content.decode()
    assert not WalletDocument.objects.filter(pk=document.pk).exists()
    assert not later.documents.filter(document_type=id_card).exists()
    kept = submitted.documents.get(document_type=id_card)
    assert content(kept).startswith(b"%PDF")
    client.force_login(official)
    assert client.get(reverse("applications:document", args=[kept.pk])).status_code == 200


def test_a_park_manager_filing_for_a_returnee_does_not_see_their_own_documents(
    applicant, submitted, loan, manager, id_card
):
    assisted = actions.application_start(applicant=applicant, programmes=[loan], filed_by=manager)
    assert not assisted.documents.exists()
    assert not any(row.own for row in selectors.document_checklist(application=assisted))


def test_only_the_owner_opens_or_deletes_their_documents(
    client, applicant, other_applicant, official, submitted
):
    document = own(applicant, "id_card")
    file_url = reverse("applications:my_document_file", args=[document.pk])
    delete_url = reverse("applications:my_document_delete", args=[document.pk])
    client.force_login(applicant)
    download = client.get(file_url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.force_login(other_applicant)
    assert client.get(file_url).status_code == 404
    assert client.post(delete_url).status_code == 404
    client.force_login(official)
    assert client.get(reverse("applications:my_documents")).status_code == 404
    assert WalletDocument.objects.filter(pk=document.pk).exists()


def test_a_bad_file_in_my_documents_is_refused_beside_its_field_and_nothing_changes(
    client, applicant, submitted
):
    before = content(own(applicant, "id_card"))
    client.force_login(applicant)
    response = client.post(
        reverse("applications:my_documents"),
        {"document_type": "id_card", "file": pdf("virus.pdf", b"MZ\x90\x00 not a pdf")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    card = re.search(r'id="own-id_card">.*?</li>', page, re.S).group(0)
    assert 'aria-invalid="true"' in card and "不是 PDF、JPEG、PNG 或 HEIC 文件" in card
    assert content(own(applicant, "id_card")) == before


@pytest.fixture
def sent_to_two(applicant, profile, hrss, market, id_card):
    """Sent: a training of HRSS asking for the ID card, a childcare programme of the market
    bureau asking for a child's birth certificate; both uploaded."""
    birth = DocumentTypeFactory(code="child_birth_certificate", name_zh="子女出生证明")
    training = ProgrammeFactory(slug="training", department=hrss, documents=[id_card])
    childcare = ProgrammeFactory(slug="childcare", department=market, documents=[birth])
    application = actions.application_start(applicant=applicant, programmes=[training, childcare])
    for kind in (id_card, birth):
        actions.document_upload(
            application=application,
            by=applicant,
            upload=pdf(f"{kind.code}.pdf"),
            document_type=kind,
        )
    actions.application_submit(application=application, by=applicant)
    return application, training, birth


def test_a_department_sees_only_the_documents_its_own_programmes_ask_for(
    client, sent_to_two, hrss, official, other_official
):
    application, _training, birth = sent_to_two
    certificate = application.documents.get(document_type=birth)

    client.force_login(official)
    case = Referral.objects.get(application=application, department=hrss)
    page = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert "居民身份证" in page and "子女出生证明" not in page
    assert client.get(reverse("applications:document", args=[certificate.pk])).status_code == 404
    api = client.get(f"/api/v1/referrals/{case.pk}/", HTTP_ACCEPT="application/json").json()
    assert [document["name"] for document in api["documents"]] == ["id_card.pdf"]

    client.force_login(other_official)
    assert client.get(reverse("applications:document", args=[certificate.pk])).status_code == 200


def test_a_department_sees_the_documents_as_asked_when_the_application_was_sent(
    client, sent_to_two, official, manager, id_card
):
    """A programme that asks for more later does not open the other department's files to
    this one; one that asks for less still shows what was sent for it."""
    application, training, birth = sent_to_two
    certificate = application.documents.get(document_type=birth)
    card = application.documents.get(document_type=id_card)
    service_actions.programme_update(programme=training, by=manager, data={"documents": [birth]})

    client.force_login(official)
    assert client.get(reverse("applications:document", args=[certificate.pk])).status_code == 404
    assert client.get(reverse("applications:document", args=[card.pk])).status_code == 200


@pytest.mark.parametrize("kinds", [1, 4])
def test_my_documents_runs_a_fixed_number_of_queries(
    client, applicant, submitted, kinds, django_assert_num_queries
):
    for n in range(kinds):
        actions.wallet_upload(
            owner=applicant,
            document_type=DocumentTypeFactory(code=f"extra-{n}"),
            upload=pdf(f"extra-{n}.pdf"),
        )
    client.force_login(applicant)
    with django_assert_num_queries(5):
        response = client.get(reverse("applications:my_documents"))
    assert response.content.decode().count('class="card mb-3" id="own-') == 3 + kinds


def test_erasing_my_data_deletes_my_documents_and_the_export_lists_them(
    applicant, submitted, settings, django_capture_on_commit_callbacks
):
    document = own(applicant, "id_card")
    exported = privacy.personal_data_export(user=applicant, base_url="http://portal")
    assert {"id_card", "hukou_booklet", "business_plan"} == {
        entry["type"] for entry in exported["my_documents"]
    }
    path = settings.MEDIA_ROOT / document.file.name
    assert path.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.personal_data_erase(user=applicant, by=applicant)
    assert not WalletDocument.objects.filter(owner=applicant).exists()
    assert not path.exists()
    assert Document.objects.filter(application=submitted).count() == 0


def test_a_park_managers_upload_leaves_the_returnees_own_documents_alone(
    applicant, submitted, loan, manager, id_card
):
    before = own(applicant, "id_card")
    mine = actions.application_start(applicant=applicant, programmes=[loan])
    my_copy = mine.documents.get(document_type=id_card)
    assisted = actions.application_start(applicant=applicant, programmes=[loan], filed_by=manager)
    actions.document_upload(
        application=assisted, by=manager, upload=pdf("counter-scan.pdf"), document_type=id_card
    )
    assert own(applicant, "id_card") == before
    assert content(own(applicant, "id_card")) == content(before)
    assert mine.documents.get(document_type=id_card) == my_copy


@pytest.mark.django_db(transaction=True)
def test_applications_sent_before_keep_what_their_programmes_ask_for_now():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from applications.models import ApplicationItem

    # The catalogue as it was then too (before jurisdictions).
    before = [
        ("applications", "0013_application_reference"),
        ("services", "0009_former_slug_english_optional"),
    ]
    after = [("applications", "0014_item_asked_documents")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        user = old.get_model("accounts", "User").objects.create(username="zhou")
        department = old.get_model("services", "Department").objects.create(
            code="hrss", name_zh="人社局", name_en="HRSS"
        )
        kind = old.get_model("services", "DocumentType").objects.create(
            code="id_card", name_zh="居民身份证", name_en="ID card"
        )
        programme = old.get_model("services", "Programme").objects.create(
            slug="loan", department=department, kind="loan", title_zh="贷款", summary_zh="贷款"
        )
        programme.documents.add(kind)
        Application = old.get_model("applications", "Application")
        Item = old.get_model("applications", "ApplicationItem")
        sent = Application.objects.create(applicant=user, submitted_at=timezone.now())
        draft = Application.objects.create(applicant=user)
        sent_item = Item.objects.create(application=sent, programme=programme)
        draft_item = Item.objects.create(application=draft, programme=programme)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    asked = ApplicationItem.asked_documents.through.objects
    assert list(asked.values_list("applicationitem_id", "documenttype_id")) == [
        (sent_item.pk, kind.pk)
    ]
    assert not asked.filter(applicationitem_id=draft_item.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_documents_uploaded_before_my_documents_existed_become_my_own(
    applicant, profile, five_programmes, id_card, hukou_booklet, manager
):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    sent = actions.application_start(applicant=applicant, programmes=five_programmes[:1])
    for name in ("old-id.pdf", "new-id.pdf"):  # the newest upload of a type is the one kept
        actions.document_upload(
            application=sent, by=applicant, upload=pdf(name), document_type=id_card
        )
    actions.application_submit(application=sent, by=applicant)
    filed = actions.application_start(
        applicant=applicant, programmes=five_programmes[1:2], filed_by=manager
    )
    actions.document_upload(
        application=filed, by=manager, upload=pdf("counter.pdf"), document_type=hukou_booklet
    )
    WalletDocument.objects.all().delete()  # as before 我的材料: nothing kept of one's own
    from django.db.migrations.recorder import MigrationRecorder

    released = (
        MigrationRecorder(connection)
        .migration_qs.get(app="applications", name="0012_wallet")
        .applied
    )
    Document.objects.update(from_wallet=None, uploaded_at=released - datetime.timedelta(days=30))
    # one uploaded since 我的材料 exists, and not in it: its owner deleted it there
    later = actions.application_start(applicant=applicant, programmes=five_programmes[1:2])
    deleted = actions.document_upload(
        application=later, by=applicant, upload=pdf("deleted.pdf"), document_type=hukou_booklet
    )
    WalletDocument.objects.filter(document_type=hukou_booklet).delete()
    Document.objects.filter(pk=deleted.pk).update(
        from_wallet=None, uploaded_at=released + datetime.timedelta(hours=1)
    )

    executor = MigrationExecutor(connection)
    executor.migrate([("applications", "0014_item_asked_documents")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    [kept] = WalletDocument.objects.filter(owner=applicant)
    assert (kept.document_type, kept.original_name) == (id_card, "new-id.pdf")
    assert content(kept) == content(sent.documents.get(document_type=id_card))
    assert sent.documents.get(document_type=id_card).from_wallet == kept
    # a park manager's upload at the counter stays the counter's; a deleted one stays deleted
    assert not WalletDocument.objects.filter(document_type=hukou_booklet).exists()


def test_adding_a_document_asks_which_it_is_rather_than_taking_the_first(
    client, applicant, id_card, hukou_booklet
):
    client.force_login(applicant)
    page = client.get(reverse("applications:my_documents")).content.decode()
    select = page[page.index('id="add-type"') :].split("</select>")[0]
    assert re.search(
        r'<option value="">请选择是哪一份材料</option>\s*<option value="hukou_booklet">', select
    )
    response = client.post(
        reverse("applications:my_documents"), {"document_type": "", "file": pdf("户口簿.pdf")}
    )
    assert response.status_code == 200
    assert "请选择是哪一份材料。" in response.content.decode()
    assert not WalletDocument.objects.filter(owner=applicant).exists()


def test_uploading_with_no_file_chosen_says_what_to_do(client, applicant, id_card):
    client.force_login(applicant)
    response = client.post(reverse("applications:my_documents"), {"document_type": "id_card"})
    assert "请先选一张照片或一个 PDF 文件，再按上传。" in response.content.decode()
