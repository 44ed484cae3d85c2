from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import tokens
from portal.accounts.models import User
from portal.admin_scope import (
    USER_PATHS,
    JurisdictionScoped,
    acts_beyond,
    beyond,
    jurisdiction_of,
    through,
)


class ActingFor:
    """A form of the administrator of one jurisdiction (``acting_for``, set per request): an
    account they make or change is a manager or administrator of that jurisdiction only, or
    one of its bureaus' staff (the department's choices are its own), never for more."""

    acting_for: int | None = None

    def clean(self):
        data = super().clean()
        if self.acting_for is None:
            return data
        role, jurisdiction = data.get("role"), data.get("jurisdiction")
        if role == User.Role.APPLICANT and self.instance._state.adding:
            self.add_error(
                "role",
                _("Returnees make their own accounts, or the centre's counter makes one for them."),
            )
        staff = role in User.JURISDICTION_ROLES or data.get("is_staff") or data.get("is_superuser")
        if staff and (jurisdiction is None or jurisdiction.pk != self.acting_for):
            self.add_error(
                "jurisdiction",
                _(
                    "A park manager or administrator you make, or anyone you let into the "
                    "administration, belongs to your jurisdiction: choose it."
                ),
            )
        return data


class StaffCreationForm(ActingFor, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "name", "role", "department", "phone", "email"]


class StaffChangeForm(ActingFor, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User

    def save(self, commit=True):
        """A number typed in here was confirmed by nobody: codes do not go to it until its
        owner confirms it (accounts/codes.py)."""
        if "phone" in self.changed_data:
            self.instance.phone_verified_at = None
        return super().save(commit)


@admin.register(User)
class UserAdmin(JurisdictionScoped, BaseUserAdmin):
    """Administrators make staff accounts here: officials, heads, park managers, admins. The
    administrator of one jurisdiction sees its people (admin_scope.USER_PATHS), lets nobody
    into the administration but for that jurisdiction, and changes nobody who acts for more."""

    jurisdiction_paths = USER_PATHS

    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ["username", "name", "role", "department", "phone", "email", "is_active"]
    list_filter = [
        "role",
        ("department", admin.RelatedOnlyFieldListFilter),
        "is_active",
        "is_staff",
    ]
    list_select_related = ["department"]
    search_fields = ["username", "name", "phone", "email"]
    ordering = ["username"]
    actions = ["sign_out_everywhere"]

    @admin.action(description=_("Sign out everywhere (end every session, revoke every API token)"))
    def sign_out_everywhere(self, request, queryset):
        if (acting_for := jurisdiction_of(request)) is not None:
            queryset = queryset.exclude(beyond(acting_for))  # not theirs to sign out
        for user in queryset:
            tokens.sign_out_everywhere(user=user)
        self.message_user(
            request, _("%(count)d people were signed out everywhere.") % {"count": queryset.count()}
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.acting_for = jurisdiction_of(request)  # a class made for this request
        return form

    def has_change_permission(self, request, obj=None):
        return not acts_beyond(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not acts_beyond(request, obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if jurisdiction_of(request) is not None:
            # Groups and permissions are the whole portal's: not a district's to hand out.
            fields += ["groups", "user_permissions"]
        return fields

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


class TOTPDeviceAdmin(JurisdictionScoped, otp_totp_admin.TOTPDeviceAdmin):
    """django-otp's, with a 404 (not a 500) for a device that is not there, or is not of the
    administrator's jurisdiction."""

    jurisdiction_paths = through("user")

    # A device signs its person in: not the district's to see or touch when they act for more.
    def has_view_permission(self, request, obj=None):
        mine = obj is None or not acts_beyond(request, obj.user)
        return mine and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        mine = obj is None or not acts_beyond(request, obj.user)
        return mine and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        mine = obj is None or not acts_beyond(request, obj.user)
        return mine and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        acting_for = jurisdiction_of(request)
        if db_field.name == "user" and acting_for is not None:
            field.queryset = field.queryset.exclude(beyond(acting_for))
        return field

    def config_view(self, request, pk):
        get_object_or_404(self.get_queryset(request), pk=pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        get_object_or_404(self.get_queryset(request), pk=pk)
        return super().qrcode_view(request, pk)


admin.site.unregister(TOTPDevice)  # registered by the import of django-otp's admin above
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
