from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications import privacy
from applications.models import (
    ApplicantProfile,
    Application,
    ApplicationItem,
    AuditEvent,
    Holiday,
    PersonalDataAccess,
    Referral,
)
from applications.profiles import mask_id_number
from portal.admin_scope import JurisdictionScoped, through


@admin.register(Holiday)
class HolidayAdmin(JurisdictionScoped, admin.ModelAdmin):
    """The holiday calendar behind every due date: days off, and weekend days worked instead.
    Shared by every jurisdiction: the administrator of one reads it."""

    shared = True
    list_display = ["date", "name_zh", "name_en", "is_workday"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


class ReadOnlyAdmin(JurisdictionScoped, admin.ModelAdmin):
    """Casework changes only through the portal's actions, which check and audit them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(admin.TabularInline):
    model = ApplicationItem
    fields = ["programme", "referral", "verdict", "rules_version", "decision", "decided_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def application_reach(jurisdiction_id: int, prefix: str = "") -> list[Q]:
    """An application is a jurisdiction's when sent to one of its bureaus, or, not sent yet,
    when its applicant lives there: a returnee who moves leaves their decided cases behind."""
    return [
        Q(**{f"{prefix}referrals__department__jurisdiction": jurisdiction_id}),
        Q(**{f"{prefix}submitted_at__isnull": True})
        & Q(**{f"{prefix}applicant__applicant_profile__district": jurisdiction_id}),
    ]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    def reach(self, jurisdiction_id):
        return application_reach(jurisdiction_id)

    list_display = ["id", "applicant", "created_at", "submitted_at", "withdrawn_at", "filed_by"]
    list_select_related = ["applicant", "filed_by"]
    search_fields = ["applicant__username", "applicant__name", "applicant__phone"]
    date_hierarchy = "created_at"
    exclude = ["facts"]
    inlines = [ItemInline]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    jurisdiction_paths = ("department__jurisdiction",)
    list_display = ["id", "application", "department", "status", "due_on", "assignee"]
    list_filter = ["status", ("department", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["application", "department", "assignee"]
    date_hierarchy = "due_on"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    def reach(self, jurisdiction_id):
        # What happened to an application the administrator's jurisdiction sees.
        return application_reach(jurisdiction_id, prefix="application__")

    list_display = ["at", "actor", "action", "application", "referral"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    date_hierarchy = "at"


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(ReadOnlyAdmin):
    """Profiles are personal data: read-only, the ID card number masked, every opening of one
    recorded (the applicant sees it on their "My data" page)."""

    jurisdiction_paths = ("district",)

    list_display = ["user", "name", "masked_id_number", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "name"]
    exclude = ["id_number"]
    actions = ["erase_personal_data"]

    @admin.display(description=_("ID card number"))
    def masked_id_number(self, profile):
        return mask_id_number(profile.id_number)

    readonly_fields = ["masked_id_number"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        profile = self.get_object(request, object_id)
        if profile is not None:
            privacy.record_access(
                request, channel=PersonalDataAccess.Channel.ADMIN, subject_id=profile.user_id
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Erase personal data (keeps the record of decisions)"))
    def erase_personal_data(self, request, queryset):
        users = [profile.user for profile in queryset.select_related("user")]
        for user in users:
            privacy.personal_data_erase(user=user, by=request.user)
        self.message_user(
            request,
            ngettext(
                "The personal data of %(count)d applicant was erased.",
                "The personal data of %(count)d applicants were erased.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    jurisdiction_paths = through("subject")
    list_display = ["at", "subject", "viewer", "viewer_role", "viewer_department", "channel"]
    list_filter = ["channel", "viewer_role"]
    list_select_related = ["subject", "viewer", "viewer_department"]
    search_fields = ["subject__username", "viewer__username"]
    date_hierarchy = "at"
