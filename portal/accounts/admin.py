from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import tokens
from portal.accounts.models import User


class StaffCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "name", "role", "department", "phone", "email"]


class StaffChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User

    def save(self, commit=True):
        """A number typed in here was confirmed by nobody: codes do not go to it until its
        owner confirms it (accounts/codes.py)."""
        if "phone" in self.changed_data:
            self.instance.phone_verified_at = None
        return super().save(commit)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Administrators make staff accounts here: officials, heads, park managers, admins."""

    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ["username", "name", "role", "department", "phone", "email", "is_active"]
    list_filter = ["role", "department", "is_active", "is_staff"]
    list_select_related = ["department"]
    search_fields = ["username", "name", "phone", "email"]
    ordering = ["username"]
    actions = ["sign_out_everywhere"]

    @admin.action(description=_("Sign out everywhere (end every session, revoke every API token)"))
    def sign_out_everywhere(self, request, queryset):
        for user in queryset:
            tokens.sign_out_everywhere(user=user)
        self.message_user(
            request, _("%(count)d people were signed out everywhere.") % {"count": queryset.count()}
        )

    # Recorded by the portal, never typed: shown, not edited (saving the page left them as
    # the admin's time widget showed them, to the minute).
    readonly_fields = ["last_login", "date_joined", "phone_verified_at"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["name", "phone", "phone_verified_at", "email", "language"]}),
        (_("Role"), {"fields": ["role", "department", "jurisdiction"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "name",
                    "role",
                    "department",
                    "jurisdiction",
                    "phone",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]


class TOTPDeviceAdmin(otp_totp_admin.TOTPDeviceAdmin):
    """django-otp's, with a 404 (not a 500) for a device that is not there."""

    def config_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().qrcode_view(request, pk)


admin.site.unregister(TOTPDevice)  # registered by the import of django-otp's admin above
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
