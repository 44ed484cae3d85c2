"""The catalogue: programmes, listed and one by one."""

from __future__ import annotations

import json

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from services import addresses, public_cache
from services.api.common import (
    TodayMixin,
    requirements_of,
)
from services.jurisdictions import district_codes
from services.models import Department, Park, Programme
from services.search_log import search_miss_record
from services.selectors import (
    CatalogueFilters,
    programme_public,
    programmes_listed,
)


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
        help_text=gettext_lazy(
            "Only programmes of the department with this key (its `key`: the code of a "
            "Dianjiang department, else the division code and the code, as 500115-hrss). With a "
            "district: what that district's bureau of its kind handles there, its own and the "
            "municipal ones."
        ),
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
    district = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=6,
        help_text=gettext_lazy(
            "Only what is offered to people living in this district or county (its division "
            "code): its departments' programmes and the municipal ones its bureaus handle."
        ),
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
        if value and not Department.objects.filter(hsds_key=value).exists():
            raise serializers.ValidationError(_("Unknown department: %(code)s") % {"code": value})
        return value

    def validate_district(self, value: str) -> str:
        if value and value not in district_codes():
            raise serializers.ValidationError(_("Unknown district: %(code)s") % {"code": value})
        return value

    def validate_park(self, value: str) -> str:
        if value and not Park.objects.filter(slug=value).exists():
            raise serializers.ValidationError(_("Unknown park: %(slug)s") % {"slug": value})
        return value


class JurisdictionSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=gettext_lazy("Administrative division code: 500000 is Chongqing Municipality.")
    )
    name = serializers.CharField()
    municipal = serializers.BooleanField(source="is_municipal")


class DepartmentSerializer(serializers.Serializer):
    key = serializers.CharField(
        source="hsds_key", help_text=gettext_lazy("What the list filters by (department).")
    )
    code = serializers.CharField(help_text=gettext_lazy("Unique within its jurisdiction."))
    name = serializers.CharField()
    kind = serializers.CharField()
    jurisdiction = JurisdictionSerializer(
        help_text=gettext_lazy(
            "A municipal department's programmes are delivered by the department of the same "
            "kind in the applicant's district."
        )
    )


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
    id = serializers.IntegerField(
        help_text=gettext_lazy("What to send for this session when submitting an application.")
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    district = serializers.CharField(
        source="jurisdiction.code",
        help_text=gettext_lazy(
            "Division code of the district where it is held: offered to the people living there."
        ),
    )
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
        return requirements_of(programme)


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
class ProgrammeListView(TodayMixin, generics.ListAPIView):
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
                district=filters["district"],
            ),
            today=self.today,
            open_only=filters["open"],
        )
        return programmes

    def list(self, request, *args, **kwargs):
        # The same for every caller: kept in the cache until the catalogue changes (see
        # services.public_cache). The host is part of it, as the page links are absolute.
        parts = (request.get_host(), sorted(request.query_params.lists()))

        def build():
            # Plain JSON values: DRF's links are strings that hold their model instance, which
            # every reader of the cache would otherwise unpickle with its querysets.
            data = super(ProgrammeListView, self).list(request).data
            return json.loads(json.dumps(data, cls=JSONEncoder))

        data = public_cache.cached("api-programmes-plain", parts, build)
        asked, params = request.query_params.get("q", ""), request.query_params
        filtered = any(params.get(name) for name in ("department", "kind", "park"))
        if asked and not data.get("count") and not filtered:
            search_miss_record(query=asked)  # the words, not the caller
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
        302: OpenApiResponse(
            description=gettext_lazy(
                "The programme had this slug before: the Location header holds its address now."
            )
        ),
        404: OpenApiResponse(
            response=OpenApiTypes.OBJECT,
            description=gettext_lazy("No published or closed programme has this slug."),
        ),
    },
)
class ProgrammeDetailView(TodayMixin, generics.RetrieveAPIView):
    serializer_class = ProgrammeDetailSerializer

    def get_object(self):
        return programme_public(slug=self.kwargs["slug"])

    def retrieve(self, request, *args, **kwargs):
        try:
            instance = self.get_object()
        except Http404:
            # An address the programme had before leads to its new one.
            return addresses.redirect_if_moved(request, self.kwargs["slug"], "api:programme-detail")
        return Response(self.get_serializer(instance).data)
