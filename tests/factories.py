import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from services.actions import programme_reindex
from services.models import (
    Department,
    DocumentType,
    Jurisdiction,
    Park,
    Programme,
    TrainingSession,
)

PASSWORD = "correct-horse-battery"


def municipality():
    return Jurisdiction.objects.get_or_create(
        code="500000",
        defaults={"level": "municipality", "name_zh": "重庆市", "name_en": "Chongqing"},
    )[0]


class JurisdictionFactory(factory.django.DjangoModelFactory):
    """Dianjiang County unless told otherwise (the municipality is made as its parent)."""

    class Meta:
        model = Jurisdiction
        django_get_or_create = ["code"]

    code = "500231"
    level = Jurisdiction.Level.DISTRICT
    name_zh = "垫江县"
    name_en = "Dianjiang County"
    parent = factory.LazyFunction(lambda: municipality())


def changshou():
    return JurisdictionFactory(
        code="500115", name_zh="长寿区", name_en="Changshou District", parent=municipality()
    )


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["jurisdiction", "code"]

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    code = factory.Sequence(lambda n: f"dept{n}")
    # Dianjiang's departments are those of the time the portal served Dianjiang alone: their
    # HSDS key is their code (migration services 0010), as for the departments in use.
    hsds_key = factory.LazyAttribute(
        lambda department: (
            department.code
            if department.jurisdiction.code == "500231"
            else f"{department.jurisdiction.code}-{department.code}"
        )
    )
    name_zh = factory.Sequence(lambda n: f"第{n}局")
    name_en = factory.Sequence(lambda n: f"Bureau {n}")


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"park-{n}")
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name_zh = factory.Sequence(lambda n: f"第{n}园区")
    name_en = factory.Sequence(lambda n: f"Park {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    # Confirmed by a code, as every account made by signing up is.
    phone_verified_at = factory.LazyFunction(timezone.now)
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    role = "applicant"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def parks(self, create, extracted, **kwargs):
        if create and extracted:
            self.managed_parks.set(extracted)


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"document-{n}")
    name_zh = factory.Sequence(lambda n: f"第{n}号证明")
    name_en = factory.Sequence(lambda n: f"Certificate {n}")
    help_zh = "原件和复印件。"
    help_en = "The original and a copy."


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A published programme, taking applications since a month ago, indexed for search."""

    class Meta:
        model = Programme
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"programme-{n}")
    department = factory.SubFactory(DepartmentFactory)
    kind = Programme.Kind.SUBSIDY
    title_zh = factory.Sequence(lambda n: f"第{n}号扶持项目")
    title_en = factory.Sequence(lambda n: f"Support programme {n}")
    summary_zh = "面向返乡人员的扶持。"
    summary_en = "Support for people coming home."
    description_zh = "申请条件和办理流程。"
    description_en = "Who may apply and how."
    status = Programme.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))

    @factory.post_generation
    def parks(self, create, extracted, **kwargs):
        if create and extracted:
            self.parks.set(extracted)

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if create and extracted:
            self.documents.set(extracted)

    @factory.post_generation
    def search_words(self, create, extracted, **kwargs):
        # Search finds only programmes whose words are indexed; after parks, which are indexed.
        if create:
            programme_reindex(programme=self)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    programme = factory.SubFactory(ProgrammeFactory, kind=Programme.Kind.TRAINING)
    # Held in its programme's district (a municipal programme's: Dianjiang).
    jurisdiction = factory.LazyAttribute(
        lambda session: (
            session.programme.department.jurisdiction
            if session.programme.department.jurisdiction.level == "district"
            else JurisdictionFactory()
        )
    )
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(days=5))
    place_zh = "垫江县就业培训中心"
    place_en = "Dianjiang County Employment Training Centre"
    seats = 30
