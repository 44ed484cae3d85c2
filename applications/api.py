"""The intake API (/api/v1/): the returnee's profile and applications, the department's cases.

Thin serializers and views over `applications.actions` and `applications.selectors`. Every
object is reached through the same access function as the pages, so everyone else's data
answers 404. Callers sign in with a token from POST /api/v1/auth/token/ (`Authorization:
Token ...`) or with the portal's session. An ID card number is shown in full to its owner
only; officials see it masked.

Errors: 400 names each field at fault ({"field": ["why"]}, or "non_field_errors" for the
request as a whole); 401 without credentials; 403 when the action is not allowed; 404 for
what is not the caller's; 409 when somebody acted on the case first.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
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
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from applications import actions, privacy, profiles, selectors, transitions
from applications.forms import ProfileForm
from applications.models import (
    ApplicantProfile,
    ApplicationItem,
    Message,
    PersonalDataAccess,
    Referral,
)
from applications.uploads import check_count
from portal.accounts.phones import normalize_phone, validate_mobile_number
from portal.accounts.throttling import client_address
from portal.bilingual import active_suffixes
from portal.parsers import NUL, JSONParser, without_nul
from services.api import DepartmentSerializer
from services.eligibility import FIVE_TYPES
from services.models import DocumentType

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
# The application's overall status, derived from its referrals (transitions.overall_status).
APPLICATION_STATUSES = list(transitions.OVERALL_NAMES.items())


def _absolute(context: dict[str, Any], url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


BAD_REQUEST = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=gettext_lazy("The request cannot be used; each field at fault is named with why."),
)
NOT_FOUND = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=gettext_lazy("There is no such record among the caller's own."),
)


# --- Token -------------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(
        max_length=254, help_text=gettext_lazy("User name, mobile number or e-mail address.")
    )
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    def validate(self, data):
        user = authenticate(
            self.context["request"], username=data["username"], password=data["password"]
        )
        if user is None:
            # The same answer whether the account exists or not.
            raise serializers.ValidationError(
                _(
                    "The user name, mobile number, e-mail or password is not right. "
                    "Passwords are case-sensitive."
                ),
                code="authorization",
            )
        return {"user": user}


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=gettext_lazy("Send it as: Authorization: Token …"))


class TokenView(APIView):
    """POST a user name and password for a token; DELETE with the token to revoke it."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"

    def get_authenticators(self):
        # Asking for a token needs no identity, so no session and no CSRF token either.
        if getattr(self.request, "method", "") == "DELETE":
            return [TokenAuthentication()]
        return []

    def get_permissions(self):
        if getattr(self.request, "method", "") == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(
        tags=["auth"],
        summary=gettext_lazy("Get a token"),
        description=gettext_lazy(
            "Sign in with a user name, mobile number or e-mail address and the password. "
            "The same token is returned until it is revoked."
        ),
        request=TokenRequestSerializer,
        responses={
            200: OpenApiResponse(TokenSerializer, gettext_lazy("The caller's token.")),
            400: BAD_REQUEST,
        },
        auth=[],
    )
    def post(self, request):
        given = TokenRequestSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=given.validated_data["user"])
        return Response(TokenSerializer({"token": token.key}).data)

    @extend_schema(
        tags=["auth"],
        summary=gettext_lazy("Revoke the token"),
        request=None,
        responses={204: OpenApiResponse(description=gettext_lazy("The token no longer works."))},
    )
    def delete(self, request):
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Profile -----------------------------------------------------------------------------------

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
        errors = {}
        if not (self.instance and self.instance.consent_given_at) and not data.get("consent"):
            errors["consent"] = _(
                "We can only handle your applications if you agree. Tick the box to go on."
            )
        if data.get("has_business_licence") is False and data.get("business_licence_date"):
            errors["business_licence_date"] = _(
                "You said you have no business licence: leave its date empty, or answer yes."
            )
        if errors:
            raise serializers.ValidationError(errors)
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


class IsApplicant(BasePermission):
    """Applicant endpoints are for applicants: staff never apply, nor decide on their own."""

    message = gettext_lazy("Only applicants apply.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_applicant)


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
            and request.user.check_password(given.validated_data["password"]),
            typed_by=request.user,
            address=client_address(request),
        )
        return Response(
            ProfileSerializer(profile).data,
            status=status.HTTP_201_CREATED if current is None else status.HTTP_200_OK,
        )


# --- Applications ------------------------------------------------------------------------------


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme = serializers.SlugField(source="programme.slug")
    title = serializers.CharField(source="programme.title")
    decision = serializers.ChoiceField(choices=ApplicationItem.Decision.choices)
    decision_label = serializers.CharField(source="get_decision_display")
    decision_reason = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)


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
        return _absolute(
            self.context, reverse("intake_api:application-detail", args=[application.pk])
        )

    @extend_schema_field(serializers.ChoiceField(choices=APPLICATION_STATUSES))
    def get_status(self, application) -> str:
        return selectors.application_status(application)

    def get_status_name(self, application) -> str:
        return str(transitions.OVERALL_NAMES[selectors.application_status(application)])


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
        return _absolute(self.context, reverse("applications:document", args=[document.pk]))


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
    correspondence = serializers.SerializerMethodField(
        help_text=gettext_lazy("Messages with the departments, newest first.")
    )

    @extend_schema_field(DocumentFileSerializer(many=True))
    def get_documents(self, application) -> list:
        return DocumentFileSerializer(
            self.context["documents"], many=True, context=self.context
        ).data

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
            for programme in selectors.programmes_open_for_application().filter(slug__in=wanted)
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


class _CodeField(serializers.SlugRelatedField):
    """A code looked up in the database; one with a NUL byte (which PostgreSQL cannot compare)
    is simply unknown."""

    def to_internal_value(self, data):
        if isinstance(data, str) and NUL in data:  # PostgreSQL cannot compare it
            self.fail("does_not_exist", slug_name=self.slug_field, value=without_nul(data))
        return super().to_internal_value(data)


class DocumentUploadSerializer(serializers.Serializer):
    document_type = _CodeField(
        slug_field="code",
        queryset=DocumentType.objects.all(),
        error_messages={"does_not_exist": gettext_lazy("Unknown document type: {value}")},
        help_text=gettext_lazy("The code of the document type, such as id_card."),
    )
    # Empty and oversized files are refused by the upload check, with its own words.
    file = serializers.FileField(
        allow_empty_file=True,
        use_url=False,
        help_text=gettext_lazy("PDF, JPEG or PNG, at most 10 MB."),
    )

    def validate_file(self, file):
        sent = self.initial_data
        try:
            check_count(sent.getlist("file") if hasattr(sent, "getlist") else [file], maximum=1)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return file


def _own_application(request, application_id: int):
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
        application = _own_application(request, started.pk)
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
        return Response(_application_detail(request, _own_application(request, application_id)))


class DocumentUploadView(APIView):
    permission_classes = [IsApplicant]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["applications"],
        summary=gettext_lazy("Upload a document"),
        description=gettext_lazy(
            "One file per document type: a new upload replaces the old one. Only drafts take "
            "documents. A file that is not a PDF, JPEG or PNG, or is larger than 10 MB, gives "
            "400 naming file; nothing is stored."
        ),
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={
            201: OpenApiResponse(DocumentFileSerializer, gettext_lazy("The document as stored.")),
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    )
    def post(self, request, application_id: int):
        application = _own_application(request, application_id)
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


class ApplicationSubmitView(APIView):
    permission_classes = [IsApplicant]

    @extend_schema(
        tags=["applications"],
        summary=gettext_lazy("Submit an application"),
        description=gettext_lazy(
            "Send the draft: each department concerned gets its part, with its due date. "
            "Submitting again (a retry, with or without the same Idempotency-Key) changes "
            "nothing and answers the same. A draft that is not complete gives 400 listing "
            "what is missing."
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
        request=None,
        responses={
            200: OpenApiResponse(
                ApplicationSerializer, gettext_lazy("The application as sent, with its status.")
            ),
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    )
    def post(self, request, application_id: int):
        application = _own_application(request, application_id)
        actions.application_submit(
            application=application,
            by=request.user,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
        application = _own_application(request, application_id)
        return Response(ApplicationSerializer(application, context={"request": request}).data)


# --- Referrals (officials) ---------------------------------------------------------------------


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
        return _absolute(self.context, reverse("intake_api:referral-detail", args=[referral.pk]))

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
        "messages": referral.messages.select_related("author")
        .prefetch_related("documents")
        .order_by("-created_at", "-id"),
    }
    return ReferralDetailSerializer(referral, context=context).data


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
        referral = selectors.referral_for_official(user=request.user, referral_id=referral_id)
        privacy.personal_data_access_record(
            viewer=request.user,
            subject_id=referral.application.applicant_id,
            channel=PersonalDataAccess.Channel.API,
            application_id=referral.application_id,
            ip=privacy.client_address(request),
        )
        return Response(_referral_detail(request, referral))


class ReferralActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(name, transitions.ACTIONS[name].label) for name in transitions.OFFICIAL_ACTIONS]
    )
    item = serializers.IntegerField(
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
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=gettext_lazy(
            "The version of the referral the caller saw; if someone acted since, 409."
        ),
    )
    assignee = serializers.IntegerField(
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
        )
        referral = selectors.referral_for_official(user=request.user, referral_id=referral_id)
        privacy.personal_data_access_record(
            viewer=request.user,
            subject_id=referral.application.applicant_id,
            channel=PersonalDataAccess.Channel.API,
            application_id=referral.application_id,
            ip=privacy.client_address(request),
        )
        return Response(_referral_detail(request, referral))
