"""What the intake API's two audiences share: error responses, the overall status, the
applicant permission, a programme item."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import BasePermission

from applications import transitions
from applications.models import ApplicationItem, DocumentToFollow
from services.api.catalogue import SessionSerializer

# The application's overall status, derived from its referrals (transitions.overall_status).
APPLICATION_STATUSES = list(transitions.OVERALL_NAMES.items())


def absolute_url(context: dict[str, Any], url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


class IsApplicant(BasePermission):
    """Applicant endpoints are for applicants: staff never apply, nor decide on their own."""

    message = gettext_lazy("Only applicants apply.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_applicant)


class ToFollowSerializer(serializers.Serializer):
    """A document said to follow instead of an upload."""

    document_type = serializers.CharField(source="document_type.code")
    name = serializers.CharField(source="document_type.name")
    reason = serializers.ChoiceField(choices=DocumentToFollow.Reason.choices)
    reason_name = serializers.CharField(source="get_reason_display")


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme = serializers.SlugField(source="programme.slug")
    title = serializers.CharField(source="programme.title")
    decision = serializers.ChoiceField(choices=ApplicationItem.Decision.choices)
    decision_label = serializers.CharField(source="get_decision_display")
    decision_reason = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    session = SessionSerializer(
        allow_null=True, help_text=gettext_lazy("The training session chosen, if any.")
    )


class DocumentFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document_type = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The code of the document type; null for a file sent with a message."
        )
    )
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField(help_text=gettext_lazy("In bytes."))
    content_type = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text=gettext_lazy("Where to open the file."))

    def get_document_type(self, document) -> str | None:
        return document.document_type.code if document.document_type_id else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document) -> str:
        return absolute_url(self.context, reverse("applications:document", args=[document.pk]))
