from django.contrib import admin

from portal.admin_scope import USER_PATHS, JurisdictionScoped, MadeInTheirJurisdiction, through
from services.models import (
    Department,
    DocumentType,
    Jurisdiction,
    Park,
    Programme,
    ProgrammeChange,
    ScreenerAnswers,
    TrainingSession,
)
from services.search_log import SearchMiss


@admin.register(Jurisdiction)
class JurisdictionAdmin(JurisdictionScoped, admin.ModelAdmin):
    """The municipality and its districts and counties: add one to serve it. The administrator
    of one sees theirs, and does not change it."""

    jurisdiction_paths = ("pk",)

    def has_add_permission(self, request):
        return request.user.jurisdiction_id is None and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.jurisdiction_id is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.jurisdiction_id is None and super().has_delete_permission(request, obj)

    list_display = ["code", "name_zh", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(Department)
class DepartmentAdmin(MadeInTheirJurisdiction, JurisdictionScoped, admin.ModelAdmin):
    jurisdiction_paths = ("jurisdiction",)
    list_display = ["code", "name_zh", "name_en", "jurisdiction", "kind", "phone"]
    list_filter = [("jurisdiction", admin.RelatedOnlyFieldListFilter), "kind"]
    list_select_related = ["jurisdiction"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(Park)
class ParkAdmin(MadeInTheirJurisdiction, JurisdictionScoped, admin.ModelAdmin):
    jurisdiction_paths = ("jurisdiction",)
    list_display = ["slug", "name_zh", "name_en", "jurisdiction"]
    list_filter = [("jurisdiction", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["jurisdiction"]
    search_fields = ["slug", "name_zh", "name_en"]
    filter_horizontal = ["managers"]


@admin.register(DocumentType)
class DocumentTypeAdmin(JurisdictionScoped, admin.ModelAdmin):
    """Shared by every jurisdiction: the administrator of one reads them."""

    shared = True
    list_display = ["code", "name_zh", "name_en", "valid_months"]
    search_fields = ["code", "name_zh", "name_en"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SessionInline(ReadOnlyInline):
    model = TrainingSession
    fields = ["starts_at", "ends_at", "jurisdiction", "place_zh", "seats", "seats_taken"]
    readonly_fields = fields


class ChangeInline(ReadOnlyInline):
    model = ProgrammeChange
    fields = ["changed_at", "changed_by", "field", "old_value", "new_value"]
    readonly_fields = fields


@admin.register(Programme)
class ProgrammeAdmin(JurisdictionScoped, admin.ModelAdmin):
    """Read-only here: programmes are edited in the portal's manager pages, which keep the
    history, the rule versions and the search words right."""

    jurisdiction_paths = ("department__jurisdiction",)

    list_display = ["slug", "title_zh", "department", "kind", "status", "closes_on"]
    list_filter = ["status", "kind", ("department", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["department"]
    search_fields = ["slug", "title_zh", "title_en"]
    inlines = [SessionInline, ChangeInline]
    readonly_fields = [
        field.name
        for field in Programme._meta.fields
        if field.name not in ("search_vector", "search_document")
    ] + ["parks", "documents"]
    exclude = ["search_vector", "search_document"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)


@admin.register(ScreenerAnswers)
class ScreenerAnswersAdmin(JurisdictionScoped, admin.ModelAdmin):
    jurisdiction_paths = through("user", USER_PATHS)
    list_display = ["user", "updated_at"]
    readonly_fields = ["user", "facts", "matched", "updated_at"]
    search_fields = ["user__username", "user__name"]

    def has_add_permission(self, request):
        return False


@admin.register(SearchMiss)
class SearchMissAdmin(JurisdictionScoped, admin.ModelAdmin):
    """Searches that found nothing: words only, never who searched; shared by every
    jurisdiction (read-only to the administrator of one)."""

    shared = True
    list_display = ["words", "count", "first_at", "last_at"]
    search_fields = ["words"]
    readonly_fields = ["words", "count", "first_at", "last_at"]

    def has_add_permission(self, request):
        return False
