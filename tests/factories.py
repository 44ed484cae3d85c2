import factory
from django.contrib.auth import get_user_model

from services.models import Department, Park

PASSWORD = "correct-horse-battery"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"dept{n}")
    name_zh = factory.Sequence(lambda n: f"第{n}局")
    name_en = factory.Sequence(lambda n: f"Bureau {n}")


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"park-{n}")
    name_zh = factory.Sequence(lambda n: f"第{n}园区")
    name_en = factory.Sequence(lambda n: f"Park {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    role = "applicant"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def parks(self, create, extracted, **kwargs):
        if create and extracted:
            self.managed_parks.set(extracted)
