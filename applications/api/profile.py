"""The returnee's profile in the intake API: read it, replace it."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from applications import actions, profiles
from applications.api.common import (
    IsApplicant,
)
from applications.forms import ProfileForm
from applications.models import (
    ApplicantProfile,
)
from portal.accounts.phones import normalize_phone, validate_mobile_number
from portal.accounts.reauth import password_right
from portal.accounts.throttling import client_address
from portal.api_errors import BAD_REQUEST, TOO_MANY
from portal.parsers import JSONParser
from services.eligibility import FIVE_TYPES
from services.jurisdictions import districts

PROFILE_FIELDS = ProfileForm.Meta.fields


class ProfileSerializer(serializers.ModelSerializer):
    """The applicant's own profile: the ID card number in full, since it is their own."""

    goals = serializers.ListField(
        child=serializers.ChoiceField(choices=ApplicantProfile.Goal.choices),
        required=False,
        default=list,
    )
    five_types = serializers.ListField(
        child=serializers.ChoiceField(choices=FIVE_TYPES),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "The groups the applicant belongs to; [] for none of them, null when not answered."
        ),
    )
    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=districts(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Where the applicant lives now: the district's or county's administrative division "
            "code (500231 Dianjiang, 500115 Changshou). Trainings and start-up loans are "
            "handled by its bureaus."
        ),
    )
    consent = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text=gettext_lazy(
            "Agreement that the county departments use this information to handle the "
            "applications. Needed once, with the first profile."
        ),
    )

    password = serializers.CharField(
        write_only=True,
        required=False,
        style={"input_type": "password"},
        help_text=gettext_lazy("Your password: needed to change an ID card number already saved."),
    )

    class Meta:
        model = ApplicantProfile
        fields = [
            *PROFILE_FIELDS,
            "consent",
            "password",
            "consent_version",
            "consent_given_at",
            "updated_at",
        ]
        read_only_fields = ["consent_version", "consent_given_at", "updated_at"]
        extra_kwargs = {
            # Both are in the ID card number: left out, they are taken from it.
            "gender": {"required": False},
            "birth_date": {"required": False},
            "phone": {"required": True, "allow_blank": False, "max_length": 20},
            # Spaces are allowed in what is typed; the stored number has 18 characters.
            "id_number": {"required": True, "allow_blank": False, "max_length": 30},
            "hukou": {"required": True, "allow_blank": False},
        }

    def validate_id_number(self, value: str) -> str:
        number = profiles.normalize_id_number(value)
        profiles.validate_id_number(number)
        return number

    def validate_phone(self, value: str) -> str:
        phone = normalize_phone(value)
        validate_mobile_number(phone)
        return phone

    def validate_five_types(self, value: list[str] | None) -> list[str] | None:
        return None if value is None else sorted(set(value))

    def validate(self, data):
        # Rules between fields are the model's (ApplicantProfile.clean), checked on saving.
        if why := profiles.consent_missing(self.instance, data.get("consent", False)):
            raise serializers.ValidationError({"consent": why})
        return data

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.five_types_known:
            data["five_types"] = None
        return data

    def profile_data(self) -> dict[str, Any]:
        """Every field, as PUT replaces the profile: one left out is emptied.

        five_types left out (or null) stays as it was, as on the profile page.
        """
        given = self.validated_data
        data = {}
        for name in PROFILE_FIELDS:
            if name in given:
                data[name] = given[name]
            elif name != "five_types":
                field = ApplicantProfile._meta.get_field(name)
                data[name] = (
                    [] if isinstance(field, models.JSONField) else None if field.null else ""
                )
        if data.get("five_types") is None:
            data.pop("five_types", None)
        return data


class ProfileView(APIView):
    permission_classes = [IsApplicant]
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["profile"],
        summary=gettext_lazy("My profile"),
        responses={
            200: OpenApiResponse(ProfileSerializer, gettext_lazy("The caller's profile.")),
            404: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description=gettext_lazy("No profile yet: PUT one."),
            ),
        },
    )
    def get(self, request):
        profile = ApplicantProfile.objects.filter(user=request.user).first()
        if profile is None:
            raise NotFound(_("You have not filled in your details yet."))
        return Response(ProfileSerializer(profile).data)

    @extend_schema(
        tags=["profile"],
        summary=gettext_lazy("Save my profile"),
        description=gettext_lazy(
            "Replace the profile (a field left out is emptied). The first one needs consent. "
            "A bad value gives 400 naming the field, such as id_number."
        ),
        request=ProfileSerializer,
        responses={
            200: OpenApiResponse(ProfileSerializer, gettext_lazy("The profile as saved.")),
            201: OpenApiResponse(ProfileSerializer, gettext_lazy("The first profile, saved.")),
            400: BAD_REQUEST,
            429: TOO_MANY,
        },
    )
    def put(self, request):
        current = ApplicantProfile.objects.filter(user=request.user).first()
        given = ProfileSerializer(current, data=request.data)
        given.is_valid(raise_exception=True)
        profile = actions.profile_save(
            user=request.user,
            data=given.profile_data(),
            consent=given.validated_data["consent"],
            may_change_id_number=bool(given.validated_data.get("password"))
            and password_right(
                request, user=request.user, password=given.validated_data["password"]
            ),
            typed_by=request.user,
            address=client_address(request),
        )
        return Response(
            ProfileSerializer(profile).data,
            status=status.HTTP_201_CREATED if current is None else status.HTTP_200_OK,
        )


# --- Applications ------------------------------------------------------------------------------
