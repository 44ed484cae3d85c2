"""The eligibility check: facts in, each programme's verdict and reasons out."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.parsers import JSONParser
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
    parse_facts,
)
from services.jurisdictions import district_codes
from services.models import Jurisdiction
from services.screening import programmes_explained, programmes_judged
from services.selectors import programmes_public

DISTRICT = "district"  # where the person lives: which programmes are judged, not a rule's fact

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
    properties[DISTRICT] = {
        "type": "string",
        "pattern": "^[0-9]{6}$",
        "nullable": True,
        "description": gettext_lazy(
            "Where the person lives: the division code of a district or county (500231 "
            "Dianjiang County, 500115 Changshou District). Only the programmes offered to the "
            "people living there are judged: its own and the municipal ones it has a bureau for."
        ),
    }
    return {"type": "object", "properties": properties, "additionalProperties": False}


@extend_schema_field(_facts_schema())
class FactsField(serializers.Field):
    """Facts by name, typed by parse_facts; a bad one is reported under its own name."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        district = None
        if isinstance(data, dict) and DISTRICT in data:
            data = dict(data)
            district = data.pop(DISTRICT)
            if district is not None and district not in district_codes():
                raise serializers.ValidationError(
                    {
                        DISTRICT: [
                            _(
                                "Give the division code of a district or county, such as "
                                "500231 (Dianjiang County)."
                            )
                        ]
                    }
                )
        try:
            facts = parse_facts(data)
        except FactError as error:
            if error.field == "facts":
                raise serializers.ValidationError([error.message]) from None
            raise serializers.ValidationError({error.field: [error.message]}) from None
        if district is not None:
            facts[DISTRICT] = district  # taken out again by the view
        return facts


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
        lives = facts.pop(DISTRICT, None)
        judged = programmes_judged(
            facts=facts,
            today=today,
            slugs=given.validated_data.get("programmes"),
            district=Jurisdiction.objects.get(code=lives) if lives else None,
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
