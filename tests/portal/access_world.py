"""The people and records of the access matrix (tests/portal/test_access_matrix.py).

Built once per module: one applicant owns a sent application (its referral to the HRSS bureau
waits for the applicant's answer) and a draft that the Dianjiang park manager is filing for
them; every other person is someone who should, or should not, reach those records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from applications import actions
from applications.models import Application, Document, Referral, WalletDocument
from portal.accounts.tokens import token_issue
from portal.notifications.models import Notification
from services.models import Programme, TrainingSession
from tests.data import PDF, VALID_ID, id_number_for
from tests.factories import (
    DepartmentFactory,
    DocumentTypeFactory,
    ParkFactory,
    ProgrammeFactory,
    TrainingSessionFactory,
    UserFactory,
    changshou,
)

OTHER_ID = id_number_for(datetime.date(1990, 1, 1), n=1)

# Who looks, in the order of the table's columns.
ROLES = (
    "anonymous",
    "owner",
    "other_applicant",
    "official",
    "other_official",
    "changshou_official",
    "head",
    "manager",
    "other_manager",
    "administrator",
    "district_admin",
)


def pdf(name="scan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def profile_data(name, phone, id_number):
    return {
        "name": name,
        "gender": "female",
        "birth_date": datetime.date(1990, 1, 1),
        "phone": phone,
        "id_number": id_number,
        "hukou": "rural",
        "hukou_in_county": True,
    }


@dataclass
class World:
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)  # role: session key, signed in once
    programme: Programme = None  # HRSS, offered in the Dianjiang park
    other_programme: Programme = None  # Market bureau, offered in the Changshou park
    session: TrainingSession = None
    draft_programme: Programme = None  # not published yet, in the Dianjiang park
    other_session: TrainingSession = None  # a session of the other programme
    sent: Application = None  # the owner's, sent to HRSS, information requested
    referral: Referral = None
    sent_document: Document = None
    draft: Application = None  # the owner's, filed by the Dianjiang manager, complete
    draft_document: Document = None
    filed: Application = None  # the owner's, filed by the Dianjiang manager and sent
    filed_document: Document = None
    discarded_document: Document = None  # of a draft the manager filed, then the owner withdrew
    own_document: WalletDocument = None  # the owner's ID card in 我的材料
    other_referral: Referral = None  # the other applicant's, to the Market bureau
    notification: Notification = None  # the owner's: "the department asks for information"
    spare: object = None  # an account with no records, for the admin's delete page

    @property
    def owner(self):
        return self.users["owner"]


def build_world() -> World:
    world = World()
    hrss = DepartmentFactory(code="hrss", name_zh="人力资源和社会保障局", name_en="HRSS Bureau")
    market = DepartmentFactory(code="market", name_zh="市场监督管理局", name_en="Market Bureau")
    dianjiang = ParkFactory(slug="dianjiang-startup-park")
    changshou_park = ParkFactory(slug="changshou-industrial-park", jurisdiction=changshou())
    # The bureau of the same kind in the other jurisdiction of the source project.
    changshou_hrss = DepartmentFactory(
        jurisdiction=changshou(), code="hrss", kind="hrss", name_zh="长寿区人社局"
    )
    id_card = DocumentTypeFactory(code="id_card", name_zh="居民身份证", name_en="ID card")

    world.users = {
        "owner": UserFactory(username="wang", name="王小红"),
        "other_applicant": UserFactory(username="zhao", name="赵大山"),
        "official": UserFactory(username="li", name="李明", role="official", department=hrss),
        "other_official": UserFactory(
            username="chen", name="陈静", role="official", department=market
        ),
        "head": UserFactory(username="zhang", name="张建国", role="head", department=hrss),
        "manager": UserFactory(username="liu", name="刘洋", role="manager", parks=[dianjiang]),
        "other_manager": UserFactory(
            username="sun", name="孙丽", role="manager", parks=[changshou_park]
        ),
        "changshou_official": UserFactory(
            username="zhao-min", name="赵敏", role="official", department=changshou_hrss
        ),
        "administrator": UserFactory(
            username="root-admin", name="管理员", role="admin", is_staff=True, is_superuser=True
        ),
        # Changshou's administrator: that district's records only (portal/admin_scope.py).
        "district_admin": UserFactory(
            username="qian-fang",
            name="钱芳",
            role="admin",
            jurisdiction=changshou(),
            is_staff=True,
            is_superuser=True,
        ),
    }
    world.spare = UserFactory(username="spare", name="备用")
    world.tokens = {role: token_issue(user=user)[1] for role, user in world.users.items()}

    world.programme = ProgrammeFactory(
        slug="syb-training",
        title_zh="创业培训甲",
        title_en="Start-up training A",
        department=hrss,
        kind=Programme.Kind.TRAINING,
        sla_days=10,
        parks=[dianjiang],
        documents=[id_card],
    )
    world.other_programme = ProgrammeFactory(
        slug="sme-subsidy",
        title_zh="小微补贴乙",
        title_en="Small business subsidy B",
        department=market,
        sla_days=15,
        parks=[changshou_park],
    )
    # What the owner's sent applications are for (each programme is applied for once at a time),
    # so world.programme stays free for the drafts and the new applications the rows make.
    world.sent_programme, world.filed_programme = (
        ProgrammeFactory(
            slug=slug, department=hrss, sla_days=10, parks=[dianjiang], documents=[id_card]
        )
        for slug in ("vocational-skills-training", "online-startup-training")
    )
    world.session = TrainingSessionFactory(programme=world.programme)
    world.other_session = TrainingSessionFactory(programme=world.other_programme)
    world.draft_programme = ProgrammeFactory(
        slug="welding-draft",
        title_zh="焊工培训草稿",
        department=hrss,
        status=Programme.Status.DRAFT,
        published_at=None,
        parks=[dianjiang],
    )

    owner, other = world.owner, world.users["other_applicant"]
    actions.profile_save(
        user=owner, data=profile_data("王小红", "13800000001", VALID_ID), consent=True
    )
    actions.profile_save(
        user=other, data=profile_data("赵大山", "13800000002", OTHER_ID), consent=True
    )

    # The owner's sent application; the HRSS official asks for information.
    world.sent = actions.application_start(applicant=owner, programmes=[world.sent_programme])
    world.sent_document = actions.document_upload(
        application=world.sent, by=owner, upload=pdf("id.pdf"), document_type=id_card
    )
    actions.application_submit(application=world.sent, by=owner)
    world.referral = Referral.objects.get(application=world.sent)
    actions.referral_act(
        referral=world.referral,
        by=world.users["official"],
        action="request_info",
        version=world.referral.version,
        text="请补交身份证背面。",
    )
    world.referral.refresh_from_db()
    world.notification = Notification.objects.get(recipient=owner, referral_id=world.referral.pk)

    # The other applicant's own application, so their lists are not empty.
    mine = actions.application_start(applicant=other, programmes=[world.other_programme])
    actions.application_submit(application=mine, by=other)
    world.other_referral = Referral.objects.get(application=mine)

    # One the Dianjiang manager filed for the owner and sent: it is the owner's alone now.
    world.filed = actions.application_start(
        applicant=owner, programmes=[world.filed_programme], filed_by=world.users["manager"]
    )
    world.filed_document = actions.document_upload(
        application=world.filed,
        by=world.users["manager"],
        upload=pdf("id-filed.pdf"),
        document_type=id_card,
    )
    actions.application_submit(application=world.filed, by=world.users["manager"])

    # A complete draft the Dianjiang manager is filing for the owner at the one-stop centre.
    world.draft = actions.application_start(
        applicant=owner, programmes=[world.programme], filed_by=world.users["manager"]
    )
    world.draft_document = actions.document_upload(
        application=world.draft,
        by=world.users["manager"],
        upload=pdf("id-draft.pdf"),
        document_type=id_card,
    )
    # Another draft the manager filed for the owner, which the owner then withdrew.
    discarded = actions.application_start(
        applicant=owner, programmes=[world.programme], filed_by=world.users["manager"]
    )
    world.discarded_document = actions.document_upload(
        application=discarded,
        by=world.users["manager"],
        upload=pdf("id-discarded.pdf"),
        document_type=id_card,
    )
    actions.application_withdraw(application=discarded, by=owner)
    world.own_document = WalletDocument.objects.get(owner=owner, document_type=id_card)
    return world
