from django.contrib import admin, messages
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


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """The holiday calendar behind every due date: days off, and weekend days worked instead."""

    list_display = ["date", "name_zh", "name_en", "is_workday"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


class ReadOnlyAdmin(admin.ModelAdmin):
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


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["id", "applicant", "created_at", "submitted_at", "withdrawn_at", "filed_by"]
    list_select_related = ["applicant", "filed_by"]
    search_fields = ["applicant__username", "applicant__name", "applicant__phone"]
    date_hierarchy = "created_at"
    exclude = ["facts"]
    inlines = [ItemInline]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["id", "application", "department", "status", "due_on", "assignee"]
    list_filter = ["status", "department"]
    list_select_related = ["department", "assignee"]
    date_hierarchy = "due_on"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "application", "referral"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    date_hierarchy = "at"


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(ReadOnlyAdmin):
    """Profiles are personal data: read-only, the ID card number masked, every opening of one
    recorded (the applicant sees it on their "My data" page)."""

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
    list_display = ["at", "subject", "viewer", "viewer_role", "viewer_department", "channel"]
    list_filter = ["channel", "viewer_role"]
    list_select_related = ["subject", "viewer", "viewer_department"]
    search_fields = ["subject__username", "viewer__username"]
    date_hierarchy = "at"
