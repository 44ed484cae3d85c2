"""The receipt of a sent application: a reference to quote at the counter (random, never the
database id), the departments it went to with their due dates, and the look-up of its progress
by anyone holding the reference and the mobile number, without signing in."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from applications import transitions
from applications.models import Application, Referral
from services.models import Park

# No 0/O, 1/I/L: read aloud over a counter or typed from a slip of paper, nothing is mistaken.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8  # 31**8 ≈ 8.5e11 references: never guessed, even tried with many phone numbers
PREFIX = "FX"


def new_reference() -> str:
    """A random reference, such as FX-7K3M-9QPA."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{PREFIX}-{code[:4]}-{code[4:]}"


def normalised_reference(typed: str) -> str:
    """The reference as stored, from what someone typed: any case, spaces or dashes, with or
    without the prefix; "" when it cannot be one."""
    letters = re.sub(r"[^0-9A-Za-z]", "", typed or "").upper()
    if letters.startswith(PREFIX) and len(letters) == LENGTH + len(PREFIX):
        letters = letters[len(PREFIX) :]
    if len(letters) != LENGTH or any(letter not in ALPHABET for letter in letters):
        return ""
    return f"{PREFIX}-{letters[:4]}-{letters[4:]}"


def normalised_phone(typed: str) -> str:
    digits = re.sub(r"\D", "", typed or "")
    return digits[-11:] if len(digits) >= 11 else ""


@dataclass(frozen=True)
class Part:
    """One department's part of a sent application, as the receipt and the look-up show it."""

    department: str
    state: str
    due_on: object  # a date, or None once decided or withdrawn
    programmes: list[str]


def parts_of(application: Application) -> list[Part]:
    """Each department's part: its name, where it stands (in the applicant's words), when the
    answer is due while it is open, and its programmes. Two queries."""
    referrals = (
        application.referrals.select_related("department")
        .prefetch_related("items__programme")
        .order_by("department__jurisdiction__code", "department__code", "pk")
    )
    return [
        Part(
            department=referral.department.name,
            state=str(transitions.STATES[Referral.Status(referral.status)].public_name),
            due_on=referral.due_on if referral.status in transitions.OPEN else None,
            programmes=[item.programme.title for item in referral.items.all()],
        )
        for referral in referrals
    ]


@dataclass(frozen=True)
class Owed:
    """What a sent application still lacks: the documents the applicant said would follow, and
    the service centres of its programmes, where they can be brought."""

    documents: list  # DocumentToFollow, with their document types
    centres: list  # Park


def owed_by(application: Application) -> Owed:
    """Two queries; none for the centres when nothing is owed."""
    documents = list(
        application.documents_to_follow.select_related("document_type").order_by(
            "document_type__code"
        )
    )
    centres = []
    if documents:
        centres = list(
            Park.objects.filter(programmes__in=application.items.values("programme"))
            .distinct()
            .order_by("slug")
        )
    return Owed(documents, centres)


def receipt_for(*, user, application_id) -> Application:
    """A sent application's receipt: for its applicant, and for the park manager who filed it
    at the counter (who sees its status, not the returnee's later data). Anyone else: 404."""
    if not user.is_authenticated:
        raise Http404("No such record")
    try:
        return Application.objects.select_related("applicant").get(
            Q(applicant=user) | Q(filed_by=user),
            pk=application_id,
            submitted_at__isnull=False,
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record") from None


def sent_filed_by(*, user, limit: int = 50) -> list[tuple[Application, str]]:
    """The applications a park manager filed and sent for walk-in returnees, newest first,
    each with its overall status in words: what its receipt shows, nothing of the returnee's
    later data. Two queries."""
    applications = (
        Application.objects.filter(filed_by=user, submitted_at__isnull=False)
        .select_related("applicant")
        .prefetch_related("referrals")
        .only("pk", "reference", "submitted_at", "withdrawn_at", "applicant__name")
        .order_by("-submitted_at", "-pk")[:limit]
    )
    return [
        (
            application,
            str(
                transitions.OVERALL_NAMES[
                    transitions.overall_status(
                        application, [referral.status for referral in application.referrals.all()]
                    )
                ]
            ),
        )
        for application in applications
    ]


def application_for_lookup(*, reference: str, phone: str) -> Application | None:
    """The sent application with this reference whose applicant has this mobile number; None
    when either does not match (the answer never says which)."""
    reference, phone = normalised_reference(reference), normalised_phone(phone)
    if not reference or not phone:
        return None
    return (
        Application.objects.filter(
            Q(applicant__phone=phone) | Q(applicant__applicant_profile__phone=phone),
            reference=reference,
            submitted_at__isnull=False,
        )
        .only("pk", "reference", "submitted_at", "withdrawn_at")
        .first()
    )
