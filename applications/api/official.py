"""The department's part of the intake API: its queue, one case, and actions on it."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from applications import actions, privacy, profiles, selectors, transitions
from applications.api.common import (
    DocumentFileSerializer,
    ItemSerializer,
    ToFollowSerializer,
    absolute_url,
)
from applications.models import (
    ApplicantProfile,
    ApplicationItem,
    Message,
    PersonalDataAccess,
    Referral,
)
from portal.api_errors import BAD_REQUEST, NOT_FOUND
from portal.bilingual import active_suffixes
from portal.fields import MAX_COUNT, IdSerializerField
from portal.parsers import JSONParser
from services.api.catalogue import DepartmentSerializer


def _official(request):
    """Only department officials have referrals; for everyone else they do not exist."""
    if not getattr(request.user, "is_official", False):
        raise Http404("Not an official")


class QueueParams(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[("all", gettext_lazy("All")), *Referral.Status.choices],
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            "Only referrals with this status; all for every one. By default, open ones."
        ),
    )
    # No default: an empty default would break the slug's own pattern in the OpenAPI document.
    programme = serializers.SlugField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Only referrals with this programme of the department."),
    )
    overdue = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("Only open referrals past due.")
    )
    mine = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("Only referrals assigned to me.")
    )

    def validate_programme(self, value: str) -> str:
        programmes = selectors.department_programmes(user=self.context["user"])
        if value and not programmes.filter(slug=value).exists():
            raise serializers.ValidationError(_("Unknown programme: %(slug)s") % {"slug": value})
        return value


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return str(user)


class ReferralSerializer(serializers.Serializer):
    """A referral in the department's queue."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    application = serializers.IntegerField(source="application_id")
    applicant_name = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    status_name = serializers.SerializerMethodField()
    due_on = serializers.DateField()
    deadline = serializers.SerializerMethodField(
        help_text=gettext_lazy("overdue, near (due within two working days) or null.")
    )
    paused_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("Waiting for the applicant since then.")
    )
    assignee = PersonSerializer(allow_null=True)
    version = serializers.IntegerField(
        help_text=gettext_lazy("Send it with an action: if it changed, the action is refused.")
    )
    received_at = serializers.DateTimeField(source="created_at")
    decided_at = serializers.DateTimeField(allow_null=True)
    items = ItemSerializer(many=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, referral: Referral) -> str:
        return absolute_url(self.context, reverse("intake_api:referral-detail", args=[referral.pk]))

    def get_applicant_name(self, referral: Referral) -> str:
        return str(referral.application.applicant)

    def get_status_name(self, referral: Referral) -> str:
        return str(transitions.STATES[Referral.Status(referral.status)].staff_name)

    @extend_schema_field(serializers.ChoiceField(choices=["overdue", "near"], allow_null=True))
    def get_deadline(self, referral: Referral) -> str | None:
        return self.context.get("marks", {}).get(referral.pk)


class ApplicantForOfficialSerializer(serializers.Serializer):
    """What the department sees of the applicant: the ID card number masked."""

    name = serializers.CharField()
    phone = serializers.CharField()
    id_number = serializers.SerializerMethodField(
        help_text=gettext_lazy("Masked: only the first 3 and last 4 characters show.")
    )
    gender = serializers.ChoiceField(choices=ApplicantProfile.Gender.choices, allow_blank=True)
    birth_date = serializers.DateField(allow_null=True)
    hukou = serializers.ChoiceField(choices=ApplicantProfile.Hukou.choices, allow_blank=True)
    hukou_town = serializers.CharField()

    def get_id_number(self, profile: ApplicantProfile) -> str:
        return profiles.mask_id_number(profile.id_number)


class VerdictReasonSerializer(serializers.Serializer):
    met = serializers.BooleanField(allow_null=True)
    fact = serializers.CharField()
    text = serializers.CharField()


class CaseItemSerializer(ItemSerializer):
    verdict = serializers.CharField(help_text=gettext_lazy("Eligibility at submission."))
    reasons = serializers.SerializerMethodField()
    rules_version = serializers.IntegerField(allow_null=True)

    @extend_schema_field(VerdictReasonSerializer(many=True))
    def get_reasons(self, item: ApplicationItem) -> list:
        language, _other = active_suffixes()
        reasons = [
            {
                "met": reason.get("met"),
                "fact": reason.get("fact", ""),
                "text": reason.get(language, ""),
            }
            for reason in item.reasons or []
        ]
        return VerdictReasonSerializer(reasons, many=True).data


class CaseMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Message.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    internal = serializers.BooleanField(source="is_internal")
    author = serializers.SerializerMethodField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    documents = DocumentFileSerializer(many=True)

    def get_author(self, message: Message) -> str:
        return str(message.author) if message.author else ""


class ReferralDetailSerializer(ReferralSerializer):
    department = DepartmentSerializer()
    submitted_at = serializers.DateTimeField(source="application.submitted_at")
    applicant = serializers.SerializerMethodField()
    facts = serializers.JSONField(
        source="application.facts", help_text=gettext_lazy("The profile's facts at submission.")
    )
    items = CaseItemSerializer(many=True)
    documents = serializers.SerializerMethodField()
    documents_to_follow = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Documents this department's programmes ask for that the applicant will bring to "
            "the service centre (bring) or does not have yet (not_yet), instead of an upload."
        )
    )
    messages = serializers.SerializerMethodField(
        help_text=gettext_lazy("Every message, internal notes included, newest first.")
    )
    actions = serializers.SerializerMethodField(
        help_text=gettext_lazy("The actions the caller may take now.")
    )

    @extend_schema_field(ApplicantForOfficialSerializer(allow_null=True))
    def get_applicant(self, referral: Referral) -> dict | None:
        profile = getattr(referral.application.applicant, "applicant_profile", None)
        return ApplicantForOfficialSerializer(profile).data if profile else None

    @extend_schema_field(DocumentFileSerializer(many=True))
    def get_documents(self, referral: Referral) -> list:
        return DocumentFileSerializer(
            self.context["documents"], many=True, context=self.context
        ).data

    @extend_schema_field(ToFollowSerializer(many=True))
    def get_documents_to_follow(self, referral: Referral) -> list:
        return ToFollowSerializer(self.context["to_follow"], many=True).data

    @extend_schema_field(CaseMessageSerializer(many=True))
    def get_messages(self, referral: Referral) -> list:
        return CaseMessageSerializer(self.context["messages"], many=True, context=self.context).data

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=transitions.OFFICIAL_ACTIONS))
    )
    def get_actions(self, referral: Referral) -> list[str]:
        user = self.context["request"].user
        return [
            name
            for name in transitions.OFFICIAL_ACTIONS
            if transitions.allowed(user, referral, name)[0]
        ]


def _referral_detail(request, referral: Referral) -> dict[str, Any]:
    context = {
        "request": request,
        "marks": selectors.deadline_marks([referral]),
        "documents": referral.application.documents.filter(
            selectors.official_documents(department_id=referral.department_id)
        )
        .select_related("document_type")
        .order_by("uploaded_at", "id"),
        "to_follow": selectors.documents_to_follow_for(referral=referral),
        "messages": referral.messages.select_related("author")
        .prefetch_related("documents")
        .order_by("-created_at", "-id"),
    }
    return ReferralDetailSerializer(referral, context=context).data


def _case_seen(request, referral_id: int) -> dict[str, Any]:
    """The case as the official sees it now, noted as a sight of the applicant's data."""
    referral = selectors.referral_for_official(user=request.user, referral_id=referral_id)
    privacy.record_access(
        request,
        channel=PersonalDataAccess.Channel.API,
        subject_id=referral.application.applicant_id,
        application_id=referral.application_id,
    )
    return _referral_detail(request, referral)


@extend_schema(
    tags=["referrals"],
    summary=gettext_lazy("My department's referrals"),
    description=gettext_lazy(
        "The department's queue, due first: open referrals unless a status is asked for. "
        "Only department officials have one; for anyone else it is 404."
    ),
    parameters=[QueueParams],
    responses={
        200: OpenApiResponse(ReferralSerializer(many=True), gettext_lazy("A page of referrals.")),
        400: BAD_REQUEST,
    },
)
class ReferralListView(generics.ListAPIView):
    serializer_class = ReferralSerializer
    permission_classes = [IsAuthenticated]
    marks: dict[int, str] = {}

    def get_queryset(self):
        _official(self.request)
        params = QueueParams(data=self.request.query_params, context={"user": self.request.user})
        params.is_valid(raise_exception=True)
        return selectors.referrals_for_official(
            user=self.request.user, filters=selectors.QueueFilters(**params.validated_data)
        )

    def list(self, request, *args, **kwargs):
        referrals = self.paginate_queryset(self.get_queryset())
        self.marks = selectors.deadline_marks(referrals)
        return self.get_paginated_response(self.get_serializer(referrals, many=True).data)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "marks": self.marks}


class ReferralDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["referrals"],
        summary=gettext_lazy("One referral of my department"),
        description=gettext_lazy(
            "The case: the applicant (ID card number masked), the facts and verdicts at "
            "submission, the documents, every message and the actions open now."
        ),
        responses={
            200: OpenApiResponse(ReferralDetailSerializer, gettext_lazy("The case.")),
            404: NOT_FOUND,
        },
    )
    def get(self, request, referral_id: int):
        return Response(_case_seen(request, referral_id))


class ReferralActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(name, transitions.ACTIONS[name].label) for name in transitions.OFFICIAL_ACTIONS]
    )
    item = IdSerializerField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The id of the item decided on (approve, reject)."),
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        default="",
        help_text=gettext_lazy(
            "The reason for a rejection, the question to the applicant (request_info) or the note."
        ),
    )
    version = IdSerializerField(
        required=False,
        allow_null=True,
        max_value=MAX_COUNT,
        help_text=gettext_lazy(
            "The version of the referral the caller saw; if someone acted since, 409."
        ),
    )
    reply_within = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "request_info: the working days the applicant has to answer (1 to 60; 10 if not given)."
        ),
    )
    assignee = IdSerializerField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "The id of an official of the department (assign); null to unassign."
        ),
    )


class ReferralActionView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    error_fields = {"text": "reason"}  # the action's word for it (portal.api_errors)

    @extend_schema(
        tags=["referrals"],
        summary=gettext_lazy("Act on a referral"),
        description=gettext_lazy(
            "Take one action on the case: start_review, request_info, approve, reject, note or "
            "assign (heads only). Answers the referral as it is now."
        ),
        request=ReferralActionSerializer,
        responses={
            200: OpenApiResponse(
                ReferralDetailSerializer, gettext_lazy("The case as it is after the action.")
            ),
            400: BAD_REQUEST,
            403: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description=gettext_lazy(
                    "The caller may not take this action now; detail says why."
                ),
            ),
            404: NOT_FOUND,
            409: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description=gettext_lazy(
                    "Someone acted on the case since the version given; nothing was done."
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "Reject one programme",
                value={"action": "reject", "item": 12, "reason": "自筹资金不足", "version": 3},
                request_only=True,
            )
        ],
    )
    def post(self, request, referral_id: int):
        referral = selectors.referral_for_official(user=request.user, referral_id=referral_id)
        given = ReferralActionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        actions.referral_act(
            referral=referral,
            by=request.user,
            action=data["action"],
            version=data.get("version"),
            item_id=data.get("item"),
            text=data["reason"],
            assignee_id=data.get("assignee"),
            reply_within=data.get("reply_within"),
        )
        return Response(_case_seen(request, referral_id))
