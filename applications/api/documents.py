"""Documents in the intake API as on the web: what a draft needs and from whom, saying a document
will be brought to the centre (or is not had yet), and the returnee's own documents (我的材料)
kept once for every application. Everything is the caller's own; anything else answers 404."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from applications import actions, selectors, wallet_selectors
from applications.api.applicant import CodeField, DocumentUploadSerializer, own_application
from applications.api.common import DocumentFileSerializer, IsApplicant, absolute_url
from applications.models import DocumentToFollow
from portal.api_errors import BAD_REQUEST, NOT_FOUND
from services.models import DocumentType

# --- What a draft needs ------------------------------------------------------------------------


class ChecklistRowSerializer(serializers.Serializer):
    document_type = serializers.CharField(source="document_type.code")
    name = serializers.CharField(source="document_type.name")
    programmes = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("The programmes that ask for it.")
    )
    document = DocumentFileSerializer(allow_null=True, help_text=gettext_lazy("The upload."))
    to_follow = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Instead of an upload: bring (to the service centre) or not_yet; null if neither."
        )
    )
    settled = serializers.BooleanField(
        help_text=gettext_lazy("Uploaded or said to follow: the draft can be sent without more.")
    )

    @extend_schema_field(
        serializers.ChoiceField(choices=DocumentToFollow.Reason.choices, allow_null=True)
    )
    def get_to_follow(self, row) -> str | None:
        return row.to_follow.reason if row.to_follow else None


def _checklist(request, application) -> list:
    rows = selectors.document_checklist(application=application)
    return ChecklistRowSerializer(rows, many=True, context={"request": request}).data


class DocumentToFollowSerializer(serializers.Serializer):
    document_type = CodeField(
        slug_field="code",
        queryset=DocumentType.objects.all(),
        error_messages={"does_not_exist": gettext_lazy("Unknown document type: {value}")},
        help_text=gettext_lazy("The code of the document type, such as id_card."),
    )
    reason = serializers.ChoiceField(
        choices=DocumentToFollow.Reason.choices,
        allow_blank=True,
        help_text=gettext_lazy(
            "bring: it will be brought to the service centre; not_yet: not had yet; empty: "
            "taken back (it will be uploaded)."
        ),
    )


CHECKLIST = OpenApiResponse(
    ChecklistRowSerializer(many=True), gettext_lazy("The documents the draft needs.")
)


class DocumentChecklistView(APIView):
    permission_classes = [IsApplicant]

    @extend_schema(
        tags=["applications"],
        summary=gettext_lazy("The documents a draft needs"),
        description=gettext_lazy(
            "Each document the chosen programmes ask for, once, with the programmes asking, "
            "the upload or what was said instead. A draft is complete when every row is settled."
        ),
        responses={200: CHECKLIST, 404: NOT_FOUND},
    )
    def get(self, request, application_id: int):
        return Response(_checklist(request, own_application(request, application_id)))

    @extend_schema(
        tags=["applications"],
        summary=gettext_lazy("Say a document follows"),
        description=gettext_lazy(
            "The applicant will bring the document to the service centre, or does not have it "
            "yet (or, with an empty reason, takes that back): the draft can then be sent "
            "without it, and the department sees it on the case. Only drafts, only documents "
            "their programmes ask for, and not one uploaded already (400). Answers the "
            "checklist."
        ),
        request=DocumentToFollowSerializer,
        responses={200: CHECKLIST, 400: BAD_REQUEST, 404: NOT_FOUND},
    )
    def post(self, request, application_id: int):
        application = own_application(request, application_id)
        given = DocumentToFollowSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        actions.document_to_follow(
            application=application,
            document_type=given.validated_data["document_type"],
            reason=given.validated_data["reason"],
        )
        return Response(_checklist(request, own_application(request, application_id)))


# --- 我的材料 ----------------------------------------------------------------------------------


class WalletDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="document.id")
    document_type = serializers.CharField(source="document.document_type.code")
    document_name = serializers.CharField(source="document.document_type.name")
    name = serializers.CharField(source="document.original_name")
    size = serializers.IntegerField(source="document.size", help_text=gettext_lazy("In bytes."))
    content_type = serializers.CharField(source="document.content_type")
    uploaded_at = serializers.DateTimeField(source="document.uploaded_at")
    valid_until = serializers.DateField(
        source="document.valid_until",
        allow_null=True,
        help_text=gettext_lazy("The last day it serves a new application; null: always."),
    )
    valid = serializers.BooleanField(
        help_text=gettext_lazy("Still serves a new application today.")
    )
    sent = serializers.IntegerField(
        help_text=gettext_lazy("Sent applications keeping a copy (kept if this is deleted).")
    )
    url = serializers.SerializerMethodField(help_text=gettext_lazy("Where to open the file."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, row) -> str:
        return absolute_url(
            self.context, reverse("applications:my_document_file", args=[row.document.pk])
        )


WALLET = OpenApiResponse(WalletDocumentSerializer(many=True), gettext_lazy("My documents."))


def _wallet(request) -> list:
    rows = wallet_selectors.wallet_rows(owner=request.user, today=timezone.localdate())
    return WalletDocumentSerializer(rows, many=True, context={"request": request}).data


class WalletView(APIView):
    permission_classes = [IsApplicant]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["my documents"],
        summary=gettext_lazy("My documents"),
        description=gettext_lazy(
            "The applicant's own documents, one per type, each uploaded once and copied into "
            "every new draft whose programmes ask for it while it is still valid."
        ),
        responses={200: WALLET},
    )
    def get(self, request):
        return Response(_wallet(request))

    @extend_schema(
        tags=["my documents"],
        summary=gettext_lazy("Add or replace one of my documents"),
        description=gettext_lazy(
            "A new file for a type replaces the one kept, and the copies in unsent drafts; "
            "sent applications keep theirs. The same file checks as an application's upload "
            "(400 naming file). Answers the document as kept (a replaced one gets a new id)."
        ),
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={
            201: OpenApiResponse(WalletDocumentSerializer, gettext_lazy("The document as kept.")),
            400: BAD_REQUEST,
        },
    )
    def post(self, request):
        given = DocumentUploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        own = actions.wallet_upload(
            owner=request.user,
            document_type=given.validated_data["document_type"],
            upload=given.validated_data["file"],
        )
        row = wallet_selectors.WalletRow(own, own.is_valid_on(timezone.localdate()), sent=0)
        return Response(
            WalletDocumentSerializer(row, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class WalletDocumentView(APIView):
    permission_classes = [IsApplicant]

    @extend_schema(
        tags=["my documents"],
        summary=gettext_lazy("Delete one of my documents"),
        description=gettext_lazy(
            "Deleted with its copies in unsent drafts; every sent application keeps the copy "
            "it was sent with. Answers how many drafts lost theirs."
        ),
        responses={
            200: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description=gettext_lazy('{"drafts": the number of drafts that lost it}'),
            ),
            404: NOT_FOUND,
        },
    )
    def delete(self, request, document_id: int):
        own = wallet_selectors.wallet_document_for(user=request.user, document_id=document_id)
        drafts = actions.wallet_delete(owner=request.user, document=own)
        return Response({"drafts": drafts})
