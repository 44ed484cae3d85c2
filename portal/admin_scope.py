"""What an administrator of one jurisdiction sees and changes in the Django admin: the records
of that jurisdiction only (its departments, parks, programmes, staff, the returnees living
there and the cases sent to its bureaus), and its choices only in every form. Their own
jurisdiction they read, and records every jurisdiction shares (document types, holidays) too,
without changing them; everything else the admin holds (the worker's schedule, sign-in
lock-outs, API tokens, groups, and any model admin not declared here) is not theirs at all.
Nobody who also acts for another jurisdiction, or for all, is theirs to change
(``acts_beyond``). An administrator without a jurisdiction sees and changes everything.

The same rule as the manager pages (services/manager_scope.py): an administrator with a
jurisdiction acts for that jurisdiction only."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

# How a person belongs to a jurisdiction: its staff (administrators and managers), a bureau's
# officials and heads, a park's managers, a returnee living there.
USER_PATHS = (
    "jurisdiction",
    "department__jurisdiction",
    "managed_parks__jurisdiction",
    "applicant_profile__district",
)


def through(relation: str, paths: tuple[str, ...] = USER_PATHS) -> tuple[str, ...]:
    """The paths of a related record: ``through("recipient")`` for a notification's person."""
    return tuple(f"{relation}__{path}" for path in paths)


def jurisdiction_of(request) -> int | None:
    """The jurisdiction an administrator acts for; None for one who acts for all."""
    return getattr(request.user, "jurisdiction_id", None)


def beyond(jurisdiction_id: int) -> Q:
    """People who act for more than this jurisdiction (a filter on User): staff of another
    jurisdiction or of all, another jurisdiction's bureau staff, a manager of a park elsewhere.
    The administrator of this jurisdiction changes none of them."""
    User = get_user_model()
    # Into the administration: theirs only as an administrator of this jurisdiction. (A park
    # manager without one acts where their parks are: the last line.)
    staff = Q(is_staff=True) | Q(is_superuser=True) | Q(role=User.Role.ADMIN)
    return (
        (Q(jurisdiction__isnull=False) & ~Q(jurisdiction=jurisdiction_id))
        | (staff & (Q(jurisdiction__isnull=True) | ~Q(jurisdiction=jurisdiction_id)))
        | (Q(department__isnull=False) & ~Q(department__jurisdiction=jurisdiction_id))
        # a park elsewhere (any one: the rows of the parks' managers, not the people)
        | Q(
            pk__in=User.managed_parks.through.objects.exclude(
                park__jurisdiction=jurisdiction_id
            ).values("user_id")
        )
    )


def acts_beyond(request, person) -> bool:
    """Whether this person acts for more than the administrator making the request (one
    query; never for an administrator of all)."""
    acting_for = jurisdiction_of(request)
    if person is None or acting_for is None:
        return False
    User = get_user_model()
    return User.objects.filter(beyond(acting_for), pk=person.pk).exists()


class JurisdictionScoped:
    """A ModelAdmin mixin. ``jurisdiction_paths`` lead from a record to its jurisdiction (any
    of them will do; ``reach`` may say more); ``shared``: the records belong to every
    jurisdiction, read-only for the administrator of one. Neither: closed to them."""

    jurisdiction_paths: tuple[str, ...] = ()
    shared = False

    def reach(self, jurisdiction_id: int) -> list[Q]:
        """The ways a record is of this jurisdiction, each run as its own subquery."""
        return [Q(**{path: jurisdiction_id}) for path in self.jurisdiction_paths]

    def scope(self, queryset: QuerySet, request) -> QuerySet:
        jurisdiction_id = jurisdiction_of(request)
        if jurisdiction_id is None or self.shared:
            return queryset
        ways = self.reach(jurisdiction_id)
        if not ways:
            return queryset.none()
        # One subquery per way (never a row twice, and no OR across joins to plan).
        manager = queryset.model._default_manager
        found = Q()
        for way in ways:
            found |= Q(pk__in=manager.filter(way).values("pk"))
        return queryset.filter(found)

    def get_queryset(self, request):
        return self.scope(super().get_queryset(request), request)

    def _has_ways(self) -> bool:
        return bool(self.jurisdiction_paths) or type(self).reach is not JurisdictionScoped.reach

    def _closed_for(self, request) -> bool:
        return jurisdiction_of(request) is not None and not self._has_ways() and not self.shared

    def _read_only_for(self, request) -> bool:
        return jurisdiction_of(request) is not None and (self.shared or self._closed_for(request))

    def has_module_permission(self, request):
        return not self._closed_for(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return not self._closed_for(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return not self._read_only_for(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._read_only_for(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._read_only_for(request) and super().has_delete_permission(request, obj)

    def _choices(self, db_field, request, kwargs):
        """A form's choices of a scoped record are the administrator's jurisdiction's only."""
        related = self.admin_site._registry.get(db_field.related_model)
        if isinstance(related, JurisdictionScoped) and "queryset" not in kwargs:
            kwargs["queryset"] = related.scope(
                db_field.related_model._default_manager.all(), request
            )
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class MadeInTheirJurisdiction:
    """A ModelAdmin mixin for records with a ``jurisdiction``: a new one starts in the
    administrator's (its only choice for the administrator of one)."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if (jurisdiction_id := jurisdiction_of(request)) is not None:
            initial.setdefault("jurisdiction", jurisdiction_id)
        return initial


def _deny_when_scoped(method):
    def check(request, *args, **kwargs):
        if jurisdiction_of(request) is not None:
            return False
        return method(request, *args, **kwargs)

    return check


def lock_unscoped(site: admin.AdminSite) -> None:
    """Every model admin not scoped by jurisdiction is closed to the administrator of one
    (the worker's schedule, lock-outs, tokens, groups): called once the admin is filled."""
    for model_admin in site._registry.values():
        if isinstance(model_admin, JurisdictionScoped):
            continue
        for name in (
            "has_view_permission",
            "has_add_permission",
            "has_change_permission",
            "has_delete_permission",
            "has_module_permission",
        ):
            setattr(model_admin, name, _deny_when_scoped(getattr(model_admin, name)))
