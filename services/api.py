"""The read API (/api/v1/): thin serializers and views over the catalogue's selectors.

Titles, names and messages follow the language the LocaleMiddleware activated from the
request (Accept-Language or the language cookie). The HSDS feed publishes the catalogue in the
Open Referral Human Services Data Specification 3.0 shape, for directories that aggregate
services.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.bilingual import active_suffixes
from portal.parsers import JSONParser
from services import public_cache, search
from services.eligibility import (
    BOOL,
    CHOICE,
    CHOICES,
    DATE,
    ELIGIBLE,
    FACTS,
    INELIGIBLE,
    INT,
    UNKNOWN,
    FactError,
    conditions_in,
    describe_condition,
    parse_facts,
)
from services.models import Department, DocumentType, Park, Programme, TrainingSession
from services.selectors import (
    CatalogueFilters,
    programme_public,
    programmes_explained,
    programmes_judged,
    programmes_listed,
    programmes_public,
)

# --- Reads -------------------------------------------------------------------------------------


def _hsds_programmes(*, today: datetime.date, q: str) -> QuerySet[Programme]:
    """Every public programme (closed ones too, so directories learn they are inactive).

    Four queries for a page: count, page joined to its department, documents, sessions.
    """
    programmes, _ranked = search.apply_search(
        programmes_public(today=today, include_closed=True), q
    )
    return (
        programmes.select_related("department")
        .prefetch_related(
            Prefetch("documents", queryset=DocumentType.objects.order_by("code")),
            Prefetch("sessions", queryset=TrainingSession.objects.order_by("starts_at")),
        )
        .order_by("slug")
    )


def _requirements(programme: Programme) -> list[str]:
    return [describe_condition(condition) for condition in conditions_in(programme.rules)]


def _stable_id(*parts: str) -> str:
    """A UUID that stays the same for the same record, so aggregators can follow changes."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, ":".join(("fanxiang", *parts))))


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# --- Programmes --------------------------------------------------------------------------------


class ProgrammeListParams(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text=gettext_lazy("Words to search for, in Chinese or English."),
    )
    department = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Only programmes of the department with this code."),
    )
    kind = serializers.ChoiceField(
        choices=Programme.Kind.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": gettext_lazy("Unknown kind: {input}")},
        help_text=gettext_lazy("Only programmes of this kind."),
    )
    park = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Only programmes offered in the park with this slug."),
    )
    open = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy(
            "true: only programmes taking applications today. By default, programmes whose "
            "intake opens later are listed too."
        ),
    )

    def validate_department(self, value: str) -> str:
        if value and not Department.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("Unknown department: %(code)s") % {"code": value})
        return value

    def validate_park(self, value: str) -> str:
        if value and not Park.objects.filter(slug=value).exists():
            raise serializers.ValidationError(_("Unknown park: %(slug)s") % {"slug": value})
        return value


class DepartmentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    office_hours = serializers.CharField()


class DepartmentWithContactSerializer(DepartmentSerializer):
    contact = ContactSerializer(source="*")


class ParkSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class BenefitSerializer(serializers.Serializer):
    min = serializers.DecimalField(
        source="benefit_min", max_digits=12, decimal_places=2, allow_null=True
    )
    max = serializers.DecimalField(
        source="benefit_max", max_digits=12, decimal_places=2, allow_null=True
    )
    text = serializers.CharField(source="benefit_text")


class DocumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    help = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
    seats = serializers.IntegerField()
    seats_left = serializers.IntegerField()


class ProgrammeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:programme-detail", lookup_field="slug"
    )
    title = serializers.CharField()
    summary = serializers.CharField()
    kind = serializers.ChoiceField(choices=Programme.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    department = DepartmentSerializer()
    parks = ParkSerializer(many=True)
    benefit = BenefitSerializer(source="*")
    opens_on = serializers.DateField(allow_null=True)
    closes_on = serializers.DateField(
        allow_null=True, help_text=gettext_lazy("null: the intake has no closing date.")
    )
    status = serializers.ChoiceField(choices=Programme.Status.choices)
    is_open = serializers.SerializerMethodField(help_text=gettext_lazy("Takes applications today."))

    def get_is_open(self, programme: Programme) -> bool:
        return programme.is_open_on(self.context["today"])


class ProgrammeDetailSerializer(ProgrammeSerializer):
    department = DepartmentWithContactSerializer()
    description = serializers.CharField()
    documents = DocumentSerializer(many=True)
    conditions = serializers.JSONField(
        source="rules", help_text=gettext_lazy("The eligibility rules as stored: a tree of groups.")
    )
    requirements = serializers.SerializerMethodField(
        help_text=gettext_lazy("Every condition of the rules, as a sentence.")
    )
    rules_version = serializers.IntegerField()
    sla_days = serializers.IntegerField()
    policy_reference = serializers.CharField()
    policy_url = serializers.CharField()
    appeal = serializers.CharField()
    channel = serializers.ChoiceField(choices=Programme.Channel.choices)
    channel_label = serializers.CharField(source="get_channel_display")
    sessions = SessionSerializer(many=True)

    def get_requirements(self, programme: Programme) -> list[str]:
        return _requirements(programme)


class _TodayMixin:
    """Every date check of a request uses the same day, in the portal's time zone."""

    @cached_property
    def today(self) -> datetime.date:
        return timezone.localdate()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": self.today}


@extend_schema(
    tags=["programmes"],
    summary=gettext_lazy("List programmes"),
    description=gettext_lazy(
        "The programmes of the public catalogue, newest first (most relevant first when "
        "searching). An unknown department, kind or park gives 400 naming the parameter."
    ),
    parameters=[ProgrammeListParams],
    responses={
        200: OpenApiResponse(ProgrammeSerializer(many=True), gettext_lazy("A page of programmes.")),
        400: OpenApiResponse(
            response=OpenApiTypes.OBJECT,
            description=gettext_lazy("A parameter cannot be used; it is named with why."),
        ),
    },
)
class ProgrammeListView(_TodayMixin, generics.ListAPIView):
    serializer_class = ProgrammeSerializer

    def get_queryset(self):
        params = ProgrammeListParams(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.validated_data
        programmes, _ranked, _sort = programmes_listed(
            filters=CatalogueFilters(
                q=filters["q"],
                department=filters["department"],
                kind=filters["kind"],
                park=filters["park"],
            ),
            today=self.today,
            open_only=filters["open"],
        )
        return programmes

    def list(self, request, *args, **kwargs):
        # The same for every caller: kept in the cache until the catalogue changes (see
        # services.public_cache). The host is part of it, as the page links are absolute.
        parts = (request.get_host(), sorted(request.query_params.lists()))
        data = public_cache.cached(
            "api-programmes", parts, lambda: super(ProgrammeListView, self).list(request).data
        )
        return Response(data)


@extend_schema(
    tags=["programmes"],
    summary=gettext_lazy("One programme"),
    description=gettext_lazy(
        "A published or closed programme with its documents, rules, sessions and the "
        "department to contact. Drafts and archived programmes give 404."
    ),
    parameters=[
        OpenApiParameter(
            "slug", str, OpenApiParameter.PATH, description=gettext_lazy("The programme's slug.")
        )
    ],
    responses={
        200: OpenApiResponse(ProgrammeDetailSerializer, gettext_lazy("The programme.")),
        404: OpenApiResponse(
            response=OpenApiTypes.OBJECT,
            description=gettext_lazy("No published or closed programme has this slug."),
        ),
    },
)
class ProgrammeDetailView(_TodayMixin, generics.RetrieveAPIView):
    serializer_class = ProgrammeDetailSerializer

    def get_object(self):
        return programme_public(slug=self.kwargs["slug"])


# --- Eligibility -------------------------------------------------------------------------------

_FACT_SCHEMAS = {
    INT: lambda fact: {"type": "integer", "minimum": fact.minimum, "maximum": fact.maximum},
    BOOL: lambda fact: {"type": "boolean"},
    DATE: lambda fact: {"type": "string", "format": "date"},
    CHOICE: lambda fact: {"type": "string", "enum": [code for code, _label in fact.choices]},
    CHOICES: lambda fact: {
        "type": "array",
        "items": {"type": "string", "enum": [code for code, _label in fact.choices]},
    },
}


def _facts_schema() -> dict[str, Any]:
    properties = {}
    for name, fact in FACTS.items():
        schema = {k: v for k, v in _FACT_SCHEMAS[fact.kind](fact).items() if v is not None}
        properties[name] = {**schema, "nullable": True, "description": fact.label}
    return {"type": "object", "properties": properties, "additionalProperties": False}


@extend_schema_field(_facts_schema())
class FactsField(serializers.Field):
    """Facts by name, typed by parse_facts; a bad one is reported under its own name."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        try:
            return parse_facts(data)
        except FactError as error:
            if error.field == "facts":
                raise serializers.ValidationError([error.message]) from None
            raise serializers.ValidationError({error.field: [error.message]}) from None


class SlugListField(serializers.ListField):
    child = serializers.SlugField()
    default_error_messages = {
        "not_slugs": gettext_lazy("Give a list of programme slugs, each a string."),
    }

    def to_internal_value(self, data: Any) -> list[str]:
        if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
            self.fail("not_slugs")
        return list(dict.fromkeys(data))


class EligibilityRequestSerializer(serializers.Serializer):
    facts = FactsField(
        help_text=gettext_lazy(
            "What is known about the person, by fact name. Leave out, or set to null, what is "
            "not known."
        )
    )
    programmes = SlugListField(
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Slugs of the programmes to check. By default, every programme open today."
        ),
    )

    def validate_programmes(self, slugs: list[str]) -> list[str]:
        # One query: which of the slugs the public may see.
        today = self.context["today"]
        known = set(
            programmes_public(today=today, include_closed=True)
            .filter(slug__in=slugs)
            .values_list("slug", flat=True)
        )
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise serializers.ValidationError(
                [_("Unknown programme: %(slug)s") % {"slug": slug} for slug in unknown]
            )
        return slugs


class ReasonSerializer(serializers.Serializer):
    text = serializers.CharField()
    met = serializers.BooleanField(
        allow_null=True, help_text=gettext_lazy("null: the fact is not known yet.")
    )
    fact = serializers.CharField(help_text=gettext_lazy("The fact this reason is about."))


class EligibilityResultSerializer(serializers.Serializer):
    programme = serializers.SlugField(source="programme.slug")
    title = serializers.CharField(source="programme.title")
    verdict = serializers.ChoiceField(
        source="verdict.status", choices=[ELIGIBLE, UNKNOWN, INELIGIBLE]
    )
    reasons = ReasonSerializer(source="verdict.reasons", many=True)
    missing_facts = serializers.ListField(
        source="verdict.missing_facts",
        child=serializers.CharField(),
        help_text=gettext_lazy("Facts that would settle an unknown verdict."),
    )


class EligibilityResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=gettext_lazy("How many programmes were judged."))
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=gettext_lazy("How many programmes have each verdict."),
    )
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = EligibilityResultSerializer(many=True)


ELIGIBILITY_PAGE_SIZE = 50


class EligibilityView(APIView):
    # Checking facts changes nothing and needs nobody's identity: no session, so no CSRF token
    # is needed even when the caller is logged in to the portal.
    authentication_classes: list = []
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["eligibility"],
        summary=gettext_lazy("Check eligibility"),
        description=gettext_lazy(
            "Judge the facts given against every programme open today (or the ones named): "
            "eligible first, then those that need more facts, then ineligible, each with its "
            "reasons, 50 to a page (?page=2 for the next). A bad fact gives 400 naming it "
            "under facts."
        ),
        request=EligibilityRequestSerializer,
        parameters=[
            OpenApiParameter(
                "page", OpenApiTypes.INT, description=gettext_lazy("Page of the results.")
            )
        ],
        responses={
            200: OpenApiResponse(
                EligibilityResponseSerializer,
                gettext_lazy("A page of programmes with each one's verdict and reasons."),
            ),
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description=gettext_lazy(
                    "The request cannot be used; each field at fault is named with why."
                ),
                examples=[
                    OpenApiExample(
                        "Bad fact",
                        value={"facts": {"age": ["Enter a whole number."]}},
                        status_codes=["400"],
                    )
                ],
            ),
        },
        examples=[
            OpenApiExample(
                "Returnee planning a business",
                value={
                    "facts": {
                        "age": 34,
                        "hukou": "rural",
                        "ready_to_start_business": True,
                        "return_date": "2025-11-01",
                    },
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        today = timezone.localdate()
        given = EligibilityRequestSerializer(data=request.data, context={"today": today})
        given.is_valid(raise_exception=True)
        facts = given.validated_data["facts"]
        judged = programmes_judged(
            facts=facts, today=today, slugs=given.validated_data.get("programmes")
        )
        ordered = [pk for status in (ELIGIBLE, UNKNOWN, INELIGIBLE) for pk in judged[status]]
        page = Paginator(ordered, ELIGIBILITY_PAGE_SIZE).get_page(request.query_params.get("page"))
        results = [
            {"programme": programme, "verdict": verdict}
            for programme, verdict in programmes_explained(
                list(page.object_list), facts=facts, today=today
            )
        ]
        body = {
            "count": len(ordered),
            "counts": {status: len(pks) for status, pks in judged.items()},
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": results,
        }
        return Response(EligibilityResponseSerializer(body).data)


# --- HSDS 3.0 ----------------------------------------------------------------------------------


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
        return _stable_id("department", department.code)


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

    @extend_schema_field(OpenApiTypes.UUID)
    def get_id(self, programme: Programme) -> str:
        return _stable_id("programme", programme.slug)

    @extend_schema_field(OpenApiTypes.UUID)
    def get_organization_id(self, programme: Programme) -> str:
        return _stable_id("department", programme.department.code)

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
        return " ".join(_requirements(programme))

    def _phones(self, department: Department) -> list[dict[str, Any]]:
        if not department.phone:
            return []
        return [
            {"id": _stable_id("department", department.code, "phone"), "number": department.phone}
        ]

    @extend_schema_field(HsdsPhoneSerializer(many=True))
    def get_phones(self, programme: Programme) -> list:
        return HsdsPhoneSerializer(self._phones(programme.department), many=True).data

    @extend_schema_field(HsdsContactSerializer(many=True))
    def get_contacts(self, programme: Programme) -> list:
        department = programme.department
        contact = {
            "id": _stable_id("department", department.code, "contact"),
            "name": department.name,
            "email": department.email or None,
            "phones": self._phones(department),
        }
        return HsdsContactSerializer([contact], many=True).data

    @extend_schema_field(HsdsRequiredDocumentSerializer(many=True))
    def get_required_documents(self, programme: Programme) -> list:
        documents = [
            {
                "id": _stable_id("programme", programme.slug, "document", document.code),
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
            "id": _stable_id("programme", programme.slug, "cost"),
            "amount": _number(programme.benefit_max),
            "currency": "CNY",
            "option": programme.benefit_text,
        }
        return HsdsCostOptionSerializer([option], many=True).data

    @extend_schema_field(HsdsScheduleSerializer(many=True))
    def get_schedules(self, programme: Programme) -> list:
        schedules = [
            {
                "id": _stable_id("programme", programme.slug, "intake"),
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
                    "id": _stable_id("programme", programme.slug, "session", str(session.pk)),
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
            {"id": _stable_id("language", code), "name": name, "code": code}
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
class HsdsServiceListView(_TodayMixin, generics.ListAPIView):
    serializer_class = HsdsServiceSerializer
    pagination_class = HsdsPagination

    def get_queryset(self):
        return _hsds_programmes(today=self.today, q=self.request.query_params.get("search", ""))


# --- Documentation page ------------------------------------------------------------------------

METHODS = ("get", "post", "put", "patch", "delete")


def _endpoints(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each operation of an OpenAPI document, flattened for the documentation page."""
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            parameters = [
                {
                    "name": parameter["name"],
                    "location": parameter.get("in", ""),
                    "required": parameter.get("required", False),
                    "type": parameter.get("schema", {}).get("type", ""),
                    "description": parameter.get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            endpoints.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "has_body": "requestBody" in operation,
                }
            )
    return endpoints


class ApiDocsView(TemplateView):
    """The endpoints of the OpenAPI document as a plain page: no script from any CDN."""

    template_name = "services/api_docs.html"

    def get_context_data(self, **kwargs):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return {
            **super().get_context_data(**kwargs),
            "info": schema.get("info", {}),
            "endpoints": _endpoints(schema),
            "schema_url": reverse("schema"),
        }
