"""Reads from the intake and the casework, and the one access function per kind of object.

Every list, page, API endpoint and download goes through these, so a person sees exactly
their own applications, or their own department's referrals, and everything else is a 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from applications import business_days, transitions
from applications.models import (
    Application,
    ApplicationItem,
    Document,
    DocumentToFollow,
    Message,
    Referral,
    WalletDocument,
)
from applications.wallet import takes_wallet
from services.models import Department, DocumentType, Jurisdiction, Programme

Status = Referral.Status
NEAR_DUE_WORKING_DAYS = 2


def _not_found():
    return Http404("No such record")


# --- Applicants --------------------------------------------------------------------------------


def applications_for_applicant(*, user) -> QuerySet[Application]:
    """The applicant's own applications, with what their list and status pages show."""
    return (
        Application.objects.filter(applicant=user)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ApplicationItem.objects.select_related("programme", "session").order_by(
                    "id"
                ),
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("department__jurisdiction").order_by(
                    "department__jurisdiction__code", "department__code", "pk"
                ),
            ),
        )
        .order_by("-created_at", "-id")
    )


def requests_waiting_query(*, user, application_id: int | None = None) -> QuerySet[Message]:
    """The latest request of each part of the applicant's applications waiting for their answer
    (of one application, if given), the one to answer first at the top. No DISTINCT ON, so it
    runs on SQLite (`make run`) too."""
    latest = (
        Message.objects.filter(referral=OuterRef("referral"), kind=Message.Kind.REQUEST)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    waiting = Message.objects.filter(
        kind=Message.Kind.REQUEST,
        referral__status=Status.INFO_REQUESTED,
        referral__application__applicant=user,
        pk=Subquery(latest),
    )
    if application_id is not None:
        waiting = waiting.filter(referral__application_id=application_id)
    return waiting.select_related("referral__department__jurisdiction").order_by(
        F("reply_by").asc(nulls_last=True), "pk"
    )


def requests_waiting(*, user, application_id: int | None = None, most: int = 20) -> list[Message]:
    """The requests for information the applicant has not answered yet, with their
    departments; nothing for anyone else. One query."""
    if not (user.is_authenticated and user.is_applicant):
        return []
    return list(requests_waiting_query(user=user, application_id=application_id)[:most])


def application_for_applicant(*, user, application_id: int) -> Application:
    """One of the applicant's own applications, or 404."""
    if not user.is_authenticated:
        raise _not_found()
    try:
        return applications_for_applicant(user=user).get(pk=application_id)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def application_status(application: Application) -> str:
    """The overall status, from the referrals (prefetched by the selectors above)."""
    statuses = [referral.status for referral in application.referrals.all()]
    return transitions.overall_status(application, statuses)


def correspondence_for_applicant(*, application: Application) -> QuerySet[Message]:
    """Every message between the applicant and the departments, newest first; no notes."""
    return (
        Message.objects.filter(referral__application=application)
        .exclude(kind=Message.Kind.NOTE)
        .select_related("referral__department__jurisdiction", "author")
        .prefetch_related("documents")
        .order_by("-created_at", "-id")
    )


# --- Officials ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    programme: str = ""
    overdue: bool = False
    mine: bool = False


def referrals_for_official(
    *, user, filters: QueueFilters | None = None, today: datetime.date | None = None
) -> QuerySet[Referral]:
    """The official's department's referrals, due first; nobody else's department ever."""
    if not (user.is_authenticated and user.is_official and user.department_id):
        return Referral.objects.none()
    filters = filters or QueueFilters()
    today = today or timezone.localdate()
    referrals = Referral.objects.filter(department_id=user.department_id)
    if filters.status in Status.values:
        referrals = referrals.filter(status=filters.status)
    elif not filters.status:
        referrals = referrals.filter(status__in=transitions.OPEN)
    if filters.programme:
        # The code from the filter list, or part of the name typed in the search field.
        wanted = (
            Q(programme__slug=filters.programme)
            | Q(programme__title_zh__icontains=filters.programme)
            | Q(programme__title_en__icontains=filters.programme)
        )
        referrals = referrals.filter(
            # The items routed to this department: its own programmes' and the municipal ones
            # it delivers.
            pk__in=ApplicationItem.objects.filter(
                wanted, referral__department_id=user.department_id
            ).values("referral_id")
        )
    if filters.overdue:
        referrals = referrals.filter(
            due_on__lt=today, status__in=transitions.OPEN, paused_at__isnull=True
        )
    if filters.mine:
        referrals = referrals.filter(assignee=user)
    return (
        referrals.select_related("application__applicant", "assignee")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ApplicationItem.objects.select_related("programme", "session").order_by(
                    "id"
                ),
            )
        )
        .order_by("due_on", "id")
    )


def referral_for_official(*, user, referral_id: int) -> Referral:
    """One referral of the official's own department, or 404."""
    if not (user.is_authenticated and user.is_official):
        raise _not_found()
    try:
        return (
            Referral.objects.select_related(
                "application__applicant__applicant_profile",
                "department__jurisdiction",
                "assignee",
            )
            .prefetch_related(
                Prefetch(
                    "items",
                    queryset=ApplicationItem.objects.select_related(
                        "programme", "session"
                    ).order_by("id"),
                )
            )
            .get(pk=referral_id, department_id=user.department_id)
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def deadline_marks(referrals: list[Referral], today: datetime.date | None = None) -> dict[int, str]:
    """{referral id: "overdue" or "near"} for open referrals, with one calendar query."""
    today = today or timezone.localdate()
    exceptions = business_days.calendar(today, today + datetime.timedelta(days=14))
    near = business_days.add_working_days(today, NEAR_DUE_WORKING_DAYS, exceptions)
    marks = {}
    for referral in referrals:
        if referral.status not in transitions.OPEN or referral.paused_at:
            continue
        if referral.due_on < today:
            marks[referral.pk] = "overdue"
        elif referral.due_on <= near:
            marks[referral.pk] = "near"
    return marks


def department_programmes(*, user) -> QuerySet[Programme]:
    if not (user.is_authenticated and user.is_official):
        return Programme.objects.none()
    # The queue's programme filter: only what the options show (a department may own thousands).
    # Its own, and the municipal ones of its kind that it delivers (in the same query).
    kind = Department.objects.filter(pk=user.department_id).exclude(kind=Department.Kind.OTHER)
    delivered = Q(department_id=user.department_id) | Q(
        department__jurisdiction__level=Jurisdiction.Level.MUNICIPALITY,
        department__kind=Subquery(kind.values("kind")[:1]),
    )
    return (
        Programme.objects.filter(delivered)
        .exclude(status=Programme.Status.DRAFT)
        .only("slug", "title_zh", "title_en")
        .order_by("title_zh")
    )


def officials_of_department(*, department_id: int):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(department_id=department_id, role__in=["official", "head"], is_active=True)
        .order_by("name", "username")
    )


# --- Documents ---------------------------------------------------------------------------------


def document_for_user(*, user, document_id: int) -> Document:
    """A document its viewer may open: the applicant who owns it, or an official of a
    department the application was sent to. Everyone else gets 404."""
    if not user.is_authenticated:
        raise _not_found()
    access = Q(application__applicant=user)
    # A park manager filing for a walk-in returnee sees the draft's files until it is sent
    # (or the returnee withdraws it), as long as they may edit the draft itself.
    access |= Q(
        application__filed_by=user,
        application__submitted_at__isnull=True,
        application__withdrawn_at__isnull=True,
    )
    if user.is_official and user.department_id:
        access |= Q(
            application__submitted_at__isnull=False,
            application__referrals__department_id=user.department_id,
        ) & official_documents(department_id=user.department_id)
    try:
        return Document.objects.filter(access).distinct().get(pk=document_id)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def _asked(application: Application) -> dict[int, tuple[DocumentType, list[str]]]:
    """Each document the chosen programmes ask for, by code, with the titles of the programmes
    asking for it. One query."""
    asked: dict[int, tuple[DocumentType, list[str]]] = {}
    through = Programme.documents.through.objects.filter(
        programme__in=application.items.values("programme")
    ).select_related("programme", "documenttype")
    for link in through.order_by("documenttype__code", "programme__title_zh"):
        asked.setdefault(link.documenttype_id, (link.documenttype, []))[1].append(
            link.programme.title
        )
    return asked


def required_documents(application: Application) -> list[DocumentType]:
    """Every document any chosen programme needs, each once: the merged checklist."""
    return [document_type for document_type, _titles in _asked(application).values()]


def official_documents(*, department_id: int) -> Q:
    """The documents an official sees (minimum necessary, PIPL art. 6): those of the application
    that a programme sent to their department asks for, and those sent with their own
    department's correspondence; never a file only another department needs."""
    asked_here = ApplicationItem.objects.filter(
        application_id=OuterRef("application_id"),
        referral__department_id=department_id,
        asked_documents=OuterRef("document_type_id"),  # as asked when it was sent
    )
    return Q(message__isnull=True) & Q(Exists(asked_here)) | Q(
        message__referral__department_id=department_id
    )


@dataclass(frozen=True)
class ChecklistRow:
    """One document a draft needs: which of its programmes ask for it, and where it stands."""

    document_type: DocumentType
    programmes: list[str]  # the titles of the programmes that ask for it
    document: Document | None  # the upload
    to_follow: DocumentToFollow | None  # or what the applicant said instead
    own: WalletDocument | None = None  # the person's own one, out of date, not in the draft

    @property
    def settled(self) -> bool:
        return self.document is not None or self.to_follow is not None


def document_checklist(*, application: Application) -> list[ChecklistRow]:
    """Each document the chosen programmes need, once, with the programmes asking for it and
    the upload, or the applicant's word that it follows, or the person's own copy that is out of
    date. Three queries, four when something is missing."""
    asked = _asked(application)
    uploaded = {
        document.document_type_id: document
        for document in application.documents.filter(document_type__isnull=False).select_related(
            "document_type"
        )
    }
    to_follow = {note.document_type_id: note for note in application.documents_to_follow.all()}
    missing = [pk for pk in asked if pk not in uploaded]
    own = {}
    if missing and takes_wallet(application):
        today = timezone.localdate()
        own = {
            document.document_type_id: document
            for document in WalletDocument.objects.filter(
                owner_id=application.applicant_id, document_type_id__in=missing
            ).select_related("document_type")
            if not document.is_valid_on(today)  # a valid one is in the draft already
        }
    return [
        ChecklistRow(document_type, titles, uploaded.get(pk), to_follow.get(pk), own.get(pk))
        for pk, (document_type, titles) in asked.items()
    ]


def documents_to_follow_for(*, referral: Referral) -> QuerySet[DocumentToFollow]:
    """What the applicant said follows instead of an upload, of the documents this department's
    own programmes asked for when it was sent (never another department's: minimum necessary)."""
    return (
        DocumentToFollow.objects.filter(
            application_id=referral.application_id,
            document_type__in=ApplicationItem.asked_documents.through.objects.filter(
                applicationitem__referral_id=referral.pk
            ).values("documenttype_id"),
        )
        .select_related("document_type")
        .order_by("document_type__code")
    )


def draft_for_editor(*, user, application_id: int) -> Application:
    """A draft its editor may change: the applicant, or the park manager filing it for them."""
    if not user.is_authenticated:
        raise _not_found()
    try:
        application = Application.objects.select_related("applicant").get(
            Q(applicant=user) | Q(filed_by=user), pk=application_id
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None
    if application.applicant_id != user.pk and not application.is_draft:
        raise _not_found()
    return application


@dataclass(frozen=True)
class Held:
    """A programme a person has already applied for: waiting for a decision, or approved."""

    approved: bool
    application_id: int
    on: datetime.date  # sent on (waiting) or approved on


def programmes_held(*, applicant_id: int, besides: int | None = None) -> dict[int, Held]:
    """By programme id, what this person already has from their sent applications (other than
    the application `besides`): an approval, else a part still waiting for a decision. Parts
    withdrawn or refused hold nothing. One query."""
    rows = (
        ApplicationItem.objects.filter(
            application__applicant_id=applicant_id, application__submitted_at__isnull=False
        )
        .exclude(application_id=besides)
        .filter(
            Q(decision=ApplicationItem.Decision.APPROVED)
            | Q(
                decision=ApplicationItem.Decision.PENDING,
                application__withdrawn_at__isnull=True,
                referral__status__in=transitions.OPEN,
            )
        )
        .values_list(
            "programme_id", "decision", "application_id", "application__submitted_at", "decided_at"
        )
        .order_by("application__submitted_at")
    )
    held: dict[int, Held] = {}
    for programme_id, decision, application_id, submitted_at, decided_at in rows:
        approved = decision == ApplicationItem.Decision.APPROVED
        if programme_id in held and held[programme_id].approved and not approved:
            continue  # an approval says more than a later part still waiting
        moment = decided_at if approved and decided_at else submitted_at
        held[programme_id] = Held(approved, application_id, timezone.localdate(moment))
    return held


def latest_draft(*, user) -> Application | None:
    """The applicant's most recently saved unsent application, where new choices are added."""
    return (
        Application.objects.filter(
            applicant=user, submitted_at__isnull=True, withdrawn_at__isnull=True
        )
        .order_by("-updated_at", "-id")
        .first()
    )


def drafts_filed_by(*, user) -> QuerySet[Application]:
    """Drafts a park manager started for walk-in returnees and has not sent yet."""
    return (
        Application.objects.filter(
            filed_by=user, submitted_at__isnull=True, withdrawn_at__isnull=True
        )
        .select_related("applicant")
        .order_by("-created_at")
    )


# What the applicant sees of a referral's history besides the messages (requests, answers and
# decisions are messages already): never internal notes or assignment.
PUBLIC_EVENTS = {transitions.ActionName.START_REVIEW}


def timeline_for_applicant(*, application: Application) -> dict[int, list]:
    """{referral id: [(when, event action or message), ...]} newest first, in two queries."""
    from applications.models import AuditEvent

    entries: dict[int, list] = {}
    events = AuditEvent.objects.filter(
        application=application, action__in=PUBLIC_EVENTS, referral__isnull=False
    ).select_related("item__programme")
    for event in events:
        entries.setdefault(event.referral_id, []).append((event.at, "event", event))
    for message in correspondence_for_applicant(application=application):
        entries.setdefault(message.referral_id, []).append((message.created_at, "message", message))
    for referral_entries in entries.values():
        referral_entries.sort(key=lambda entry: entry[0], reverse=True)
    return entries
