from django.db.models import QuerySet

from services.models import Department


def departments_directory() -> QuerySet[Department]:
    return Department.objects.order_by("code")
