from django.contrib import admin

from applications.models import Application, ApplicationItem, AuditEvent, Holiday, Referral


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
