from django.contrib import admin

from portal.admin_scope import JurisdictionScoped, through
from portal.notifications.models import Delivery, Notification


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["channel", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(JurisdictionScoped, admin.ModelAdmin):
    """What was sent to whom, when, and what failed."""

    jurisdiction_paths = through("recipient")

    list_display = ["created_at", "recipient", "kind", "occasion", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__name", "occasion"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Notification._meta.fields]
    inlines = [DeliveryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)


@admin.register(Delivery)
class DeliveryAdmin(JurisdictionScoped, admin.ModelAdmin):
    jurisdiction_paths = through("notification__recipient")
    list_display = ["id", "notification", "channel", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "channel"]
    list_select_related = ["notification"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)
