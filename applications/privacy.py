"""The applicant's rights over their personal data (China's Personal Information Protection
Law): to see it, take a copy, correct it, withdraw consent and have it deleted; the record of
who else looked at it; and how long unsent drafts are kept.

What each right does:
- Export: everything the portal holds about the person, as JSON; documents as their details
  and a link, not the files.
- Consent withdrawn: the profile stays, but no draft can be sent until consent is given again
  (on the profile page). Applications already sent keep going: the departments decide on them.
- Erasure: the profile, screener answers, unsent drafts and every uploaded file are deleted;
  the account is renamed "Deleted applicant #id", its phone, e-mail and password are removed
  and it can no longer sign in. Sent applications, the departments' decisions, correspondence
  and audit events stay, as the official record, with the anonymised applicant.
- Drafts untouched for settings.DRAFT_RETENTION_DAYS days are deleted with their files.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.held import held_prune
from applications.models import (
    ApplicantProfile,
    Application,
    AuditEvent,
    Document,
    Message,
    PersonalDataAccess,
    WalletDocument,
)
from applications.storage import delete_files_on_commit
from portal.accounts.throttling import client_address
from portal.notifications.models import Notification, Preference
from services.models import ScreenerAnswers

# --- Who looked ---------------------------------------------------------------------------------


def personal_data_access_record(
    *, viewer, subject_id: int, channel: str, application_id: int | None = None, ip: str = ""
) -> PersonalDataAccess | None:
    """Note that `viewer` saw the personal data of user `subject_id`; not when it is their own."""
    if viewer.pk == subject_id:
        return None
    return PersonalDataAccess.objects.create(
        subject_id=subject_id,
        viewer=viewer,
        viewer_role=viewer.role,
        viewer_department_id=viewer.department_id,
        application_id=application_id,
        channel=channel,
        ip_address=ip or None,
    )


def record_access(request, *, channel: str, subject_id: int, application_id: int | None = None):
    """The one way views, the API and the admin note that the person signed in to this request
    saw someone's personal data (on which channel, from which address)."""
    return personal_data_access_record(
        viewer=request.user,
        subject_id=subject_id,
        channel=channel,
        application_id=application_id,
        ip=client_address(request),
    )


def accesses_for_subject(*, user):
    return PersonalDataAccess.objects.filter(subject=user).select_related(
        "viewer", "viewer_department"
    )


# --- Export -------------------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value


def _profile_dict(profile: ApplicantProfile) -> dict[str, Any]:
    skip = {"id", "user", "id_number_digest"}  # the hash is the portal's, not the person's
    data = {
        field.name: _iso(getattr(profile, field.name))
        for field in ApplicantProfile._meta.concrete_fields
        if field.name not in skip | {"consent_scan", "consent_recorded_by"}
    }
    # Consent recorded at the centre: by whom, and that the signed form is kept.
    data["consent_recorded_by"] = str(profile.consent_recorded_by or "")
    data["consent_scan"] = bool(profile.consent_scan)
    return data


def personal_data_export(user, *, base_url: str = "") -> dict[str, Any]:
    """Everything the portal holds about `user`, ready for json.dumps."""
    profile = ApplicantProfile.objects.filter(user=user).first()
    screener = ScreenerAnswers.objects.filter(user=user).prefetch_related("matched").first()
    applications = (
        Application.objects.filter(applicant=user)
        .prefetch_related("items__programme", "referrals__department", "documents__document_type")
        .order_by("created_at", "id")
    )
    messages = (
        Message.objects.filter(referral__application__applicant=user)
        .exclude(kind=Message.Kind.NOTE)
        .select_related("referral__department")
        .order_by("created_at", "id")
    )
    by_application: dict[int, list] = {}
    for message in messages:
        by_application.setdefault(message.referral.application_id, []).append(
            {
                "department": message.referral.department.name,
                "kind": message.kind,
                "text": message.text,
                "sent_at": _iso(message.created_at),
                "from_me": message.author_id == user.pk,
            }
        )
    return {
        "exported_at": _iso(timezone.now()),
        "account": {
            "username": user.username,
            "name": user.name,
            "phone": user.phone,
            "email": user.email,
            "language": user.language,
            "joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "profile": _profile_dict(profile) if profile else None,
        "screener_answers": {
            "answers": screener.facts,
            "matched_programmes": [programme.slug for programme in screener.matched.all()],
            "answered_at": _iso(screener.updated_at),
        }
        if screener
        else None,
        "applications": [
            {
                "id": application.pk,
                "started": _iso(application.created_at),
                "submitted": _iso(application.submitted_at),
                "withdrawn": _iso(application.withdrawn_at),
                "facts_at_submission": application.facts,
                "programmes": [
                    {
                        "programme": item.programme.slug,
                        "title": item.programme.title,
                        "decision": item.decision,
                        "reason": item.decision_reason,
                        "decided_at": _iso(item.decided_at),
                    }
                    for item in application.items.all()
                ],
                "departments": [
                    {
                        "department": referral.department.name,
                        "status": referral.status,
                        "due_on": _iso(referral.due_on),
                    }
                    for referral in application.referrals.all()
                ],
                "documents": [
                    {
                        "name": document.original_name,
                        "type": document.document_type.code if document.document_type else None,
                        "content_type": document.content_type,
                        "size": document.size,
                        "sha256": document.sha256,
                        "uploaded_at": _iso(document.uploaded_at),
                        "url": base_url + reverse("applications:document", args=[document.pk]),
                    }
                    for document in application.documents.all()
                ],
                "messages": by_application.get(application.pk, []),
            }
            for application in applications
        ],
        "notifications": [
            {"kind": kind, "created_at": _iso(created), "read_at": _iso(read)}
            for kind, created, read in Notification.objects.filter(recipient=user)
            .order_by("created_at", "id")
            .values_list("kind", "created_at", "read_at")
        ],
        "my_documents": [
            {
                "name": own.original_name,
                "type": own.document_type.code,
                "content_type": own.content_type,
                "size": own.size,
                "sha256": own.sha256,
                "uploaded_at": _iso(own.uploaded_at),
                "valid_until": _iso(own.valid_until),
                "url": base_url + reverse("applications:my_document_file", args=[own.pk]),
            }
            for own in WalletDocument.objects.filter(owner=user).select_related("document_type")
        ],
        "notification_choices": [
            {"kind": kind, "channel": channel, "how_often": frequency}
            for kind, channel, frequency in Preference.objects.filter(user=user).values_list(
                "kind", "channel", "frequency"
            )
        ],
        "seen_by": [
            {
                "at": _iso(access.at),
                "who": str(access.viewer) if access.viewer else None,
                "role": access.viewer_role,
                "department": access.viewer_department.name if access.viewer_department else None,
                "application": access.application_id,
                "where": access.channel,
            }
            for access in accesses_for_subject(user=user).order_by("at", "id")
        ],
    }


# --- Consent ------------------------------------------------------------------------------------


@transaction.atomic
def consent_withdraw(*, user) -> bool:
    """Withdraw consent: no draft can be sent until it is given again; sent ones go on."""
    profile = ApplicantProfile.objects.select_for_update().filter(user=user).first()
    if profile is None or profile.consent_given_at is None:
        return False
    profile.consent_given_at = None
    profile.consent_version = ""
    profile.consent_withdrawn_at = timezone.now()
    profile.save(update_fields=["consent_given_at", "consent_version", "consent_withdrawn_at"])
    return True


# --- Erasure ------------------------------------------------------------------------------------


def anonymised_name(user) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Deleted applicant #%(id)s") % {"id": user.pk}


@transaction.atomic
def personal_data_erase(*, user, by) -> None:
    """Delete or anonymise every piece of personal data of applicant `user`; keep the record
    of what the departments decided (with the applicant anonymised)."""
    from django.contrib.auth import get_user_model

    from portal.accounts.tokens import tokens_revoke_all

    User = get_user_model()
    locked = User.objects.select_for_update().get(pk=user.pk)
    documents = list(Document.objects.filter(application__applicant=locked))
    delete_files_on_commit(documents)
    Document.objects.filter(pk__in=[document.pk for document in documents]).delete()
    own = list(WalletDocument.objects.filter(owner=locked))
    delete_files_on_commit(own)
    WalletDocument.objects.filter(pk__in=[document.pk for document in own]).delete()
    Application.objects.filter(applicant=locked, submitted_at__isnull=True).delete()
    scans = [
        (profile.consent_scan.storage, profile.consent_scan.name)
        for profile in ApplicantProfile.objects.filter(user=locked).exclude(consent_scan="")
    ]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in scans])
    ApplicantProfile.objects.filter(user=locked).delete()
    ScreenerAnswers.objects.filter(user=locked).delete()
    Preference.objects.filter(user=locked).delete()
    tokens_revoke_all(user=locked)
    # One audit event per sent application kept, in one insert however many there are.
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=by if by.pk != locked.pk else None,
            action="personal_data_erased",
            application_id=application_id,
        )
        for application_id in Application.objects.filter(applicant=locked).values_list(
            "pk", flat=True
        )
    )
    locked.name = anonymised_name(locked)
    locked.username = f"deleted-{locked.pk}"
    locked.phone = ""
    locked.phone_verified_at = None
    locked.email = ""
    locked.is_active = False
    locked.set_unusable_password()
    locked.save()
    user.refresh_from_db()


# --- Retention of drafts ------------------------------------------------------------------------


def abandoned_before(now: datetime.datetime, days: int) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def abandoned_drafts(now: datetime.datetime | None = None):
    """Drafts (never sent) untouched for longer than the retention period."""
    now = now or timezone.now()
    return Application.objects.filter(
        submitted_at__isnull=True,
        updated_at__lt=abandoned_before(now, settings.DRAFT_RETENTION_DAYS),
    )


def drafts_purge(now: datetime.datetime | None = None, *, batch: int = 500) -> dict[str, int]:
    """Warn about drafts soon to go, and delete those past the retention period with their
    files (a file belongs to one application only, so no sent application loses one); and the
    files held for a form's next try once their day is over (held.py)."""
    now = now or timezone.now()
    from applications.reminders import draft_purge_sweep

    warned = draft_purge_sweep(now)
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(
                abandoned_drafts(now)
                .select_for_update(skip_locked=True)
                .values_list("id", flat=True)[:batch]
            )
            if not ids:
                break
            delete_files_on_commit(Document.objects.filter(application_id__in=ids))
            Application.objects.filter(pk__in=ids, submitted_at__isnull=True).delete()
            deleted += len(ids)
    return {"warned": warned, "deleted": deleted, "held": held_prune(now)}
