"""The catalogue as Open Referral HSDS 3.0 services, for directories that aggregate services."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from portal.bilingual import active_suffixes
from services import search
from services.api.common import (
    TodayMixin,
    plain_number,
    requirements_of,
    stable_id,
)
from services.models import Department, DocumentType, Programme, TrainingSession
from services.selectors import programmes_public


def _hsds_programmes(*, today: datetime.date, q: str) -> QuerySet[Programme]:
    """Every public programme (closed ones too, so directories learn they are inactive).

    Four queries for a page: count, page joined to its department, documents, sessions.
    """
    programmes, _ranked = search.apply_search(
        programmes_public(today=today, include_closed=True), q
    )
    return (
        programmes.select_related("department__jurisdiction")
        .prefetch_related(
            Prefetch("documents", queryset=DocumentType.objects.order_by("code")),
            Prefetch("sessions", queryset=TrainingSession.objects.order_by("starts_at")),
        )
        .order_by("slug")
    )


class HsdsPagination(PageNumberPagination):
    """The page of the HSDS 3.0 API: total_items, total_pages, page_number, size, contents."""

    page_size_query_param = "per_page"
    max_page_size = 100

    def get_paginated_response(self, data):
        page = self.page
        return Response(
            {
                "total_items": page.paginator.count,
                "total_pages": page.paginator.num_pages,
                "page_number": page.number,
                "size": len(data),
                "first_page": not page.has_previous(),
                "last_page": not page.has_next(),
                "empty": page.paginator.count == 0,
                "contents": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["empty", "contents"],
            "properties": {
                "total_items": {"type": "integer"},
                "total_pages": {"type": "integer"},
                "page_number": {"type": "integer"},
                "size": {"type": "integer"},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
                "contents": schema,
            },
        }


class _BlankAsNull(serializers.CharField):
    """HSDS validators reject "" for e-mail and URI fields: say null instead."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return super().to_representation(value) or None


class HsdsPhoneSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()


class HsdsContactSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.CharField(allow_null=True)
    phones = HsdsPhoneSerializer(many=True)


class HsdsOrganizationSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    name = serializers.CharField()
    description = serializers.CharField(source="summary")
    email = _BlankAsNull()
    phone = _BlankAsNull()

    @extend_schema_field(OpenApiTypes.UUID)
    def get_id(self, department: Department) -> str:
        return stable_id("department", department.hsds_key)


class HsdsServiceAreaSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField()


class HsdsRequiredDocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    document = serializers.CharField()
    uri = serializers.CharField(allow_null=True)


class HsdsCostOptionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    amount = serializers.FloatField(allow_null=True)
    currency = serializers.CharField()
    option = serializers.CharField()


class HsdsScheduleSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    valid_from = serializers.DateField(allow_null=True, required=False)
    valid_to = serializers.DateField(allow_null=True, required=False)
    dtstart = serializers.DateField(required=False)
    until = serializers.DateField(required=False)
    opens_at = serializers.CharField(required=False)
    closes_at = serializers.CharField(required=False)
    description = serializers.CharField()


class HsdsLanguageSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    code = serializers.CharField()


LANGUAGES = [("zh", "中文"), ("en", "English")]


class HsdsServiceSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    organization_id = serializers.SerializerMethodField()
    name = serializers.CharField(source="title")
    alternate_name = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    email = _BlankAsNull(source="department.email")
    status = serializers.SerializerMethodField()
    application_process = serializers.CharField(source="get_channel_display")
    fees_description = serializers.CharField(source="benefit_text")
    eligibility_description = serializers.SerializerMethodField()
    last_modified = serializers.DateTimeField(source="updated_at")
    organization = HsdsOrganizationSerializer(source="department")
    phones = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()
    required_documents = serializers.SerializerMethodField()
    cost_options = serializers.SerializerMethodField()
    schedules = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    service_areas = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.UUID)
    def get_id(self, programme: Programme) -> str:
        return stable_id("programme", programme.slug)

    @extend_schema_field(OpenApiTypes.UUID)
    def get_organization_id(self, programme: Programme) -> str:
        return stable_id("department", programme.department.hsds_key)

    @extend_schema_field(HsdsServiceAreaSerializer(many=True))
    def get_service_areas(self, programme: Programme) -> list[dict]:
        """Where the service is delivered: the owning department's jurisdiction (for a
        municipal programme, the whole municipality, through each district's bureau)."""
        area = programme.department.jurisdiction
        return [
            {
                "id": stable_id("programme", programme.slug, "area", area.code),
                "name": area.name,
                "description": _("Administrative division code %(code)s") % {"code": area.code},
            }
        ]

    def get_alternate_name(self, programme: Programme) -> str | None:
        _active, other = active_suffixes()
        return getattr(programme, f"title_{other}") or None

    def get_description(self, programme: Programme) -> str:
        return programme.description or programme.summary

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, programme: Programme) -> str:
        return self.context["request"].build_absolute_uri(programme.get_absolute_url())

    @extend_schema_field({"type": "string", "enum": ["active", "inactive"]})
    def get_status(self, programme: Programme) -> str:
        return "active" if programme.is_open_on(self.context["today"]) else "inactive"

    def get_eligibility_description(self, programme: Programme) -> str:
        return " ".join(requirements_of(programme))

    def _phones(self, department: Department) -> list[dict[str, Any]]:
        if not department.phone:
            return []
        return [
            {
                "id": stable_id("department", department.hsds_key, "phone"),
                "number": department.phone,
            }
        ]

    @extend_schema_field(HsdsPhoneSerializer(many=True))
    def get_phones(self, programme: Programme) -> list:
        return HsdsPhoneSerializer(self._phones(programme.department), many=True).data

    @extend_schema_field(HsdsContactSerializer(many=True))
    def get_contacts(self, programme: Programme) -> list:
        department = programme.department
        contact = {
            "id": stable_id("department", department.hsds_key, "contact"),
            "name": department.name,
            "email": department.email or None,
            "phones": self._phones(department),
        }
        return HsdsContactSerializer([contact], many=True).data

    @extend_schema_field(HsdsRequiredDocumentSerializer(many=True))
    def get_required_documents(self, programme: Programme) -> list:
        documents = [
            {
                "id": stable_id("programme", programme.slug, "document", document.code),
                "document": document.name,
                "uri": None,
            }
            for document in programme.documents.all()
        ]
        return HsdsRequiredDocumentSerializer(documents, many=True).data

    @extend_schema_field(HsdsCostOptionSerializer(many=True))
    def get_cost_options(self, programme: Programme) -> list:
        if programme.benefit_max is None and not programme.benefit_text:
            return []
        option = {
            "id": stable_id("programme", programme.slug, "cost"),
            "amount": plain_number(programme.benefit_max),
            "currency": "CNY",
            "option": programme.benefit_text,
        }
        return HsdsCostOptionSerializer([option], many=True).data

    @extend_schema_field(HsdsScheduleSerializer(many=True))
    def get_schedules(self, programme: Programme) -> list:
        schedules = [
            {
                "id": stable_id("programme", programme.slug, "intake"),
                "valid_from": programme.opens_on,
                "valid_to": programme.closes_on,
                "description": _("Applications are accepted in this period."),
            }
        ]
        for session in programme.sessions.all():
            starts, ends = (
                timezone.localtime(session.starts_at),
                timezone.localtime(session.ends_at),
            )
            schedules.append(
                {
                    "id": stable_id("programme", programme.slug, "session", str(session.pk)),
                    "dtstart": starts.date(),
                    "until": ends.date(),
                    "opens_at": starts.timetz().isoformat(timespec="minutes"),
                    "closes_at": ends.timetz().isoformat(timespec="minutes"),
                    "description": session.place,
                }
            )
        return HsdsScheduleSerializer(schedules, many=True).data

    @extend_schema_field(HsdsLanguageSerializer(many=True))
    def get_languages(self, programme: Programme) -> list:
        languages = [
            {"id": stable_id("language", code), "name": name, "code": code}
            for code, name in LANGUAGES
        ]
        return HsdsLanguageSerializer(languages, many=True).data


@extend_schema(
    tags=["hsds"],
    summary=gettext_lazy("Services in HSDS 3.0"),
    description=gettext_lazy(
        "The public catalogue as Open Referral HSDS 3.0 services, for directories that "
        "aggregate services. Programmes taking applications today are active; the others "
        "inactive."
    ),
    parameters=[
        OpenApiParameter(
            "search", str, description=gettext_lazy("Words to search for, in Chinese or English.")
        )
    ],
    responses={
        200: OpenApiResponse(
            HsdsServiceSerializer(many=True), gettext_lazy("A page of HSDS services.")
        )
    },
)
class HsdsServiceListView(TodayMixin, generics.ListAPIView):
    serializer_class = HsdsServiceSerializer
    pagination_class = HsdsPagination

    def get_queryset(self):
        return _hsds_programmes(today=self.today, q=self.request.query_params.get("search", ""))
