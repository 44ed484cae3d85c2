"""The returnee's applications in the intake API: start one, upload its documents, submit it,
follow it. Everything is the caller's own; anything else answers 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
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
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from applications import actions, offer, selectors, transitions
from applications.api.common import (
    APPLICATION_STATUSES,
    DocumentFileSerializer,
    IsApplicant,
    ItemSerializer,
    ToFollowSerializer,
    absolute_url,
)
from applications.models import (
    Message,
    Referral,
)
from applications.uploads import check_count
from portal.api_errors import BAD_REQUEST, NOT_FOUND
from portal.parsers import NUL, without_nul
from services.api.catalogue import DepartmentSerializer
from services.models import DocumentType


class ApplicantReferralSerializer(serializers.Serializer):
    """A department's part of the application, as the applicant sees it."""

    id = serializers.IntegerField()
    department = DepartmentSerializer()
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    status_name = serializers.SerializerMethodField()
    due_on = serializers.DateField(help_text=gettext_lazy("The answer is expected by this day."))
    received_at = serializers.DateTimeField(source="created_at")
    decided_at = serializers.DateTimeField(allow_null=True)
    items = serializers.SerializerMethodField()

    def get_status_name(self, referral: Referral) -> str:
        return str(transitions.STATES[Referral.Status(referral.status)].public_name)

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, referral: Referral) -> list:
        # The application's items are prefetched; the referral knows its application.
        items = [
            item for item in referral.application.items.all() if item.referral_id == referral.pk
        ]
        return ItemSerializer(items, many=True).data


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy(
            "The reference on the receipt, once sent (null for a draft): with the mobile "
            "number, it looks up the progress at /track/ without signing in."
        ),
    )
    url = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    status_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    items = ItemSerializer(many=True)
    referrals = ApplicantReferralSerializer(many=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, application) -> str:
        return absolute_url(
            self.context, reverse("intake_api:application-detail", args=[application.pk])
        )

    @extend_schema_field(serializers.ChoiceField(choices=APPLICATION_STATUSES))
    def get_status(self, application) -> str:
        return selectors.application_status(application)

    def get_status_name(self, application) -> str:
        return str(transitions.OVERALL_NAMES[selectors.application_status(application)])


class CorrespondenceSerializer(serializers.Serializer):
    """A message between the applicant and a department (never an internal note)."""

    id = serializers.IntegerField()
    referral = serializers.IntegerField(source="referral_id")
    department = DepartmentSerializer(source="referral.department")
    kind = serializers.ChoiceField(choices=Message.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    documents = DocumentFileSerializer(many=True)


class ApplicationDetailSerializer(ApplicationSerializer):
    documents = serializers.SerializerMethodField()
    documents_to_follow = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Documents said to follow instead of an upload: to bring to the service centre, "
            "or not had yet."
        )
    )
    correspondence = serializers.SerializerMethodField(
        help_text=gettext_lazy("Messages with the departments, newest first.")
    )

    @extend_schema_field(DocumentFileSerializer(many=True))
    def get_documents(self, application) -> list:
        return DocumentFileSerializer(
            self.context["documents"], many=True, context=self.context
        ).data

    @extend_schema_field(ToFollowSerializer(many=True))
    def get_documents_to_follow(self, application) -> list:
        return ToFollowSerializer(self.context["to_follow"], many=True).data

    @extend_schema_field(CorrespondenceSerializer(many=True))
    def get_correspondence(self, application) -> list:
        return CorrespondenceSerializer(
            self.context["correspondence"], many=True, context=self.context
        ).data


def _application_detail(request, application) -> dict[str, Any]:
    context = {
        "request": request,
        "documents": application.documents.select_related("document_type").order_by(
            "uploaded_at", "id"
        ),
        "correspondence": selectors.correspondence_for_applicant(application=application),
        "to_follow": application.documents_to_follow.select_related("document_type").order_by(
            "document_type__code"
        ),
    }
    return ApplicationDetailSerializer(application, context=context).data


class ApplicationCreateSerializer(serializers.Serializer):
    programmes = serializers.ListField(
        child=serializers.SlugField(),
        allow_empty=False,
        error_messages={"empty": gettext_lazy("Choose at least one programme.")},
        help_text=gettext_lazy("The slugs of the programmes to apply for, open today."),
    )

    def validate_programmes(self, slugs: list[str]):
        wanted = list(dict.fromkeys(slugs))
        found = {
            programme.slug: programme
            for programme in offer.programmes_open_for_application().filter(slug__in=wanted)
        }
        refused = [slug for slug in wanted if slug not in found]
        if refused:
            raise serializers.ValidationError(
                [
                    _("“%(slug)s” is not a programme taking applications now.") % {"slug": slug}
                    for slug in refused
                ]
            )
        return [found[slug] for slug in wanted]


class CodeField(serializers.SlugRelatedField):
    """A code looked up in the database; one with a NUL byte (which PostgreSQL cannot compare)
    is simply unknown."""

    def to_internal_value(self, data):
        if isinstance(data, str) and NUL in data:  # PostgreSQL cannot compare it
            self.fail("does_not_exist", slug_name=self.slug_field, value=without_nul(data))
        return super().to_internal_value(data)


class DocumentUploadSerializer(serializers.Serializer):
    document_type = CodeField(
        slug_field="code",
        queryset=DocumentType.objects.all(),
        error_messages={"does_not_exist": gettext_lazy("Unknown document type: {value}")},
        help_text=gettext_lazy("The code of the document type, such as id_card."),
    )
    # Empty and oversized files are refused by the upload check, with its own words.
    file = serializers.FileField(
        allow_empty_file=True,
        use_url=False,
        help_text=gettext_lazy("A PDF, or a photo (JPEG, PNG or HEIC), at most 10 MB."),
    )

    def validate_file(self, file):
        sent = self.initial_data
        try:
            check_count(sent.getlist("file") if hasattr(sent, "getlist") else [file], maximum=1)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return file


def own_application(request, application_id: int):
    return selectors.application_for_applicant(user=request.user, application_id=application_id)


@extend_schema(tags=["applications"])
class ApplicationListView(generics.ListAPIView):
    serializer_class = ApplicationSerializer
    permission_classes = [IsApplicant]

    def get_queryset(self):
        return selectors.applications_for_applicant(user=self.request.user)

    @extend_schema(
        summary=gettext_lazy("My applications"),
        description=gettext_lazy("The caller's own applications, newest first."),
        responses={
            200: OpenApiResponse(
                ApplicationSerializer(many=True), gettext_lazy("A page of applications.")
            )
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy("Start an application"),
        description=gettext_lazy(
            "A draft for the programmes named. Then upload the documents and submit it."
        ),
        request=ApplicationCreateSerializer,
        responses={
            201: OpenApiResponse(
                ApplicationDetailSerializer, gettext_lazy("The draft, at the Location given.")
            ),
            400: BAD_REQUEST,
        },
        examples=[
            OpenApiExample(
                "Two programmes",
                value={"programmes": ["syb-training", "startup-guarantee-loan"]},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        given = ApplicationCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        started = actions.application_start(
            applicant=request.user, programmes=given.validated_data["programmes"]
        )
        application = own_application(request, started.pk)
        data = _application_detail(request, application)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})


class ApplicationDetailView(APIView):
    permission_classes = [IsApplicant]

    @extend_schema(
        tags=["applications"],
        summary=gettext_lazy("One of my applications"),
        description=gettext_lazy(
            "Its status, each department's part, the documents and the correspondence."
        ),
        responses={
            200: OpenApiResponse(ApplicationDetailSerializer, gettext_lazy("The application.")),
            404: NOT_FOUND,
        },
    )
    def get(self, request, application_id: int):
        return Response(_application_detail(request, own_application(request, application_id)))


class DocumentUploadView(APIView):
    permission_classes = [IsApplicant]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["applications"],
        summary=gettext_lazy("Upload a document"),
        description=gettext_lazy(
            "One file per document type: a new upload replaces the old one. Only drafts take "
            "documents. A file that is not a PDF or a photo (JPEG, PNG, HEIC), is larger than "
            "10 MB, or cannot be read gives 400 naming file; nothing is stored. A photo is kept "
            "upright, at most 2400 pixels a side, without its metadata (HEIC as JPEG). The file "
            "is also kept as the applicant's own document, for their next application."
        ),
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={
            201: OpenApiResponse(DocumentFileSerializer, gettext_lazy("The document as stored.")),
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    )
    def post(self, request, application_id: int):
        application = own_application(request, application_id)
        given = DocumentUploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        document = actions.document_upload(
            application=application,
            by=request.user,
            upload=given.validated_data["file"],
            document_type=given.validated_data["document_type"],
        )
        return Response(
            DocumentFileSerializer(document, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class SubmitSerializer(serializers.Serializer):
    sessions = serializers.DictField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text=gettext_lazy(
            "The training session chosen for each training programme that has sessions to "
            "come: programme slug → session id. The seat is held from submission."
        ),
    )


class ApplicationSubmitView(APIView):
    permission_classes = [IsApplicant]

    @extend_schema(
        tags=["applications"],
        summary=gettext_lazy("Submit an application"),
        description=gettext_lazy(
            "Send the draft: each department concerned gets its part, with its due date. "
            "Submitting again (a retry, with or without the same Idempotency-Key) changes "
            "nothing and answers the same. A draft that is not complete, or a training "
            "programme without a session chosen (or with a full one), gives 400 listing what "
            "is missing."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                required=False,
                description=gettext_lazy("Any unique string of up to 80 characters, kept."),
            )
        ],
        request=SubmitSerializer,
        responses={
            200: OpenApiResponse(
                ApplicationSerializer, gettext_lazy("The application as sent, with its status.")
            ),
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    )
    def post(self, request, application_id: int):
        application = own_application(request, application_id)
        body = SubmitSerializer(data=request.data or {})
        body.is_valid(raise_exception=True)
        slugs = dict(application.items.values_list("programme__slug", "programme_id"))
        chosen = body.validated_data.get("sessions", {})
        actions.application_submit(
            application=application,
            by=request.user,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            sessions={slugs[slug]: pk for slug, pk in chosen.items() if slug in slugs},
        )
        application = own_application(request, application_id)
        return Response(ApplicationSerializer(application, context={"request": request}).data)
