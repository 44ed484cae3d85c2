"""Writes to the intake and the casework. Views, the API, the admin and tasks call these."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from applications import business_days, encryption, routing, transitions
from applications.models import (
    ApplicantProfile,
    Application,
    ApplicationItem,
    AuditEvent,
    Document,
    Message,
    Referral,
)
from applications.profiles import (
    CONSENT_VERSION,
    identity_completed,
    identity_problems,
    normalize_id_number,
    profile_facts,
    profile_missing,
)
from applications.selectors import required_documents
from applications.uploads import check_upload
from portal.accounts.throttling import id_number_wait, wait_message
from portal.notifications.messenger import notify
from portal.notifications.models import Kind
from services import public_cache
from services.eligibility import evaluate
from services.models import DocumentType, Programme, TrainingSession

Status = Referral.Status
Decision = ApplicationItem.Decision


class StaleAction(ValidationError):
    """Somebody acted on the case after the page was loaded: nothing was done."""


def _audit(*, actor, action, application, referral=None, item=None, before=None, after=None):
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        application=application,
        referral=referral,
        item=item,
        before=before or {},
        after=after or {},
    )


# --- Profile -----------------------------------------------------------------------------------


class IdNumberChangeNeedsPassword(ValidationError):
    """A stored ID card number is changed only after the password was typed again."""


# No local variable below this call shows in an error report: they hold the ID card number.
@sensitive_variables()
@transaction.atomic
def profile_save(
    *,
    user,
    data: dict[str, Any],
    consent: bool = False,
    may_change_id_number: bool = True,
    typed_by=None,
    address: str = "",
) -> ApplicantProfile:
    """Create or update the applicant's profile; `consent` records agreement to the notice.

    Replacing an ID card number already stored needs `may_change_id_number` (the person saving
    confirmed their password just before); entering the first one does not. A new number
    typed by a person (`typed_by`, from `address`) counts towards their limit of tries
    (throttling.id_number_wait); IdNumberTries when it is reached.
    """
    profile, _created = ApplicantProfile.objects.get_or_create(
        user=user, defaults={"name": user.name or user.username, "phone": user.phone}
    )
    if (
        not may_change_id_number
        and profile.id_number
        and "id_number" in data
        and data["id_number"] != profile.id_number
    ):
        raise IdNumberChangeNeedsPassword(
            {"id_number": _("To change the ID card number, first confirm your password.")},
            code="reauth",
        )
    stored_number = profile.id_number
    for name, value in data.items():
        setattr(profile, name, value)
    profile.id_number = normalize_id_number(profile.id_number)
    profile.birth_date, profile.gender = identity_completed(
        id_number=profile.id_number, birth_date=profile.birth_date, gender=profile.gender
    )
    problems = identity_problems(
        id_number=profile.id_number,
        birth_date=profile.birth_date,
        gender=profile.gender,
        return_date=profile.return_date,
        business_licence_date=profile.business_licence_date,
    )
    if problems:
        raise ValidationError(problems, code="identity")
    if typed_by is not None and id_number_is_new(stored=stored_number, number=profile.id_number):
        wait = id_number_wait(user=typed_by, address=address)
        if wait is not None:
            raise IdNumberTries(wait)
    profile.id_number_digest = encryption.digest(profile.id_number)
    if profile.id_number and id_number_taken(number=profile.id_number, profile=profile):
        raise IdNumberTaken()
    if "five_types" in data:
        profile.five_types_known = True
    if consent and not profile.consent_given_at:
        profile.consent_version = CONSENT_VERSION
        profile.consent_given_at = timezone.now()
        profile.consent_withdrawn_at = None
    profile.full_clean(exclude=["id_number_digest"])
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:  # saved by someone else between the look and the save
        raise IdNumberTaken() from None
    return profile


class IdNumberTries(ValidationError):
    """Too many new ID card numbers typed in a while: `wait` says until when."""

    def __init__(self, wait):
        self.wait = wait
        super().__init__({"id_number": wait_message(wait, id_numbers=True)}, code="id_number_tries")


class IdNumberTaken(ValidationError):
    """One person, one profile: the number is on another account. Whose is never said."""

    def __init__(self):
        super().__init__(
            {
                "id_number": _(
                    "This ID card number is already on another account. If it is yours, sign "
                    "in to that account (you can reset its password), or come to the service "
                    "centre with your ID card."
                )
            },
            code="id_number_taken",
        )


@sensitive_variables("number")
def id_number_is_new(*, stored: str, number: str) -> bool:
    """Whether saving this number would put on a profile a number it does not hold yet."""
    return bool(number) and number != stored


@sensitive_variables("number")
def id_number_taken(*, number: str, profile: ApplicantProfile | None = None) -> bool:
    """Whether another profile holds this ID card number (under any key's hash)."""
    others = ApplicantProfile.objects.filter(id_number_digest__in=encryption.digests(number))
    if profile is not None and profile.pk:
        others = others.exclude(pk=profile.pk)
    return others.exists()


# --- Drafts ------------------------------------------------------------------------------------


@transaction.atomic
def application_start(*, applicant, programmes: list[Programme], filed_by=None) -> Application:
    """A new draft for these programmes. A park manager filing for a walk-in is `filed_by`."""
    application = Application.objects.create(
        applicant=applicant,
        filed_by=filed_by,
        assisted_consent_at=timezone.now() if filed_by else None,
    )
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=application, programme=programme) for programme in programmes
    )
    _audit(
        actor=filed_by or applicant,
        action="started",
        application=application,
        after={"programmes": [programme.slug for programme in programmes]},
    )
    return application


def _editable(application: Application) -> Application:
    if not application.is_draft:
        raise ValidationError(
            _("This application has been sent and can no longer be changed."), code="not_draft"
        )
    return application


@transaction.atomic
def application_set_programmes(*, application: Application, programmes: list[Programme]) -> None:
    locked = _editable(Application.objects.select_for_update().get(pk=application.pk))
    wanted = {programme.pk for programme in programmes}
    locked.items.exclude(programme__in=wanted).delete()
    have = set(locked.items.values_list("programme_id", flat=True))
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=locked, programme_id=pk) for pk in wanted - have
    )
    locked.save(update_fields=["updated_at"])


@transaction.atomic
def document_upload(
    *,
    application: Application,
    by,
    upload,
    document_type: DocumentType | None = None,
    message: Message | None = None,
) -> Document:
    """Store one checked file; a new upload of the same type replaces the old one."""
    checked = check_upload(upload)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if message is None:
        _editable(locked)
    replaced = None
    if document_type is not None:
        replaced = Document.objects.filter(application=locked, document_type=document_type).first()
        if replaced:
            replaced.delete()
            transaction.on_commit(lambda: replaced.file.storage.delete(replaced.file.name))
    document = Document(
        application=locked,
        document_type=document_type,
        message=message,
        token=secrets.token_urlsafe(24),
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    document.file.save(checked.name, upload, save=False)
    try:
        document.save()
    except Exception:
        # Nothing half-stored: no row, no file.
        document.file.storage.delete(document.file.name)
        raise
    locked.save(update_fields=["updated_at"])
    return document


# --- Submission --------------------------------------------------------------------------------


def submission_problems(
    application: Application,
    today: datetime.date,
    *,
    items: list[ApplicationItem] | None = None,
    profile: ApplicantProfile | None = None,
) -> list[str]:
    """Everything that stops this draft from being sent, in words the applicant can act on.

    The items (with their programmes) and the profile are loaded unless given.
    """
    problems = []
    if items is None:
        items = list(application.items.select_related("programme"))
    if not items:
        problems.append(_("Choose at least one programme."))
    if profile is None:
        profile = ApplicantProfile.objects.filter(user_id=application.applicant_id).first()
    labels = {field.name: field.verbose_name for field in ApplicantProfile._meta.fields}
    for name in profile_missing(profile):
        if name == "consent":
            problems.append(_("Agree to the use of your personal information."))
        else:
            problems.append(_("Fill in your %(field)s.") % {"field": labels[name]})
    if profile is not None and profile.id_number and not profile.id_number_digest:
        # Its number was on an older profile when the hashes were made (migration 0008).
        problems.append(
            _(
                "Your ID card number is also on another account. Come to the service centre "
                "with your ID card to sort it out."
            )
        )
    for item in items:
        if not item.programme.is_open_on(today):
            problems.append(
                _("“%(programme)s” is not taking applications now; remove it to continue.")
                % {"programme": item.programme.title}
            )
    uploaded = set(
        application.documents.filter(document_type__isnull=False).values_list(
            "document_type_id", flat=True
        )
    )
    for document_type in required_documents(application):
        if document_type.pk not in uploaded:
            problems.append(_("Upload your %(document)s.") % {"document": document_type.name})
    return problems


def _reasons_in_both_languages(rules, facts, today) -> tuple[str, list[dict[str, Any]]]:
    verdicts = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            verdicts[language] = evaluate(rules, facts, today=today)
    reasons = [
        {"met": chinese.met, "fact": chinese.fact, "zh": chinese.text, "en": english.text}
        for chinese, english in zip(
            verdicts["zh-hans"].reasons, verdicts["en"].reasons, strict=True
        )
    ]
    return verdicts["zh-hans"].status, reasons


@transaction.atomic
def application_submit(
    *, application: Application, by, idempotency_key: str = ""
) -> list[Referral]:
    """Send the draft: one referral per owning department, each with its due date.

    Submitting again (a double click, a retry, a second tab) changes nothing and returns the
    referrals made the first time. The verdicts and the rules of each programme are kept with
    the application, so a later rule change never rewrites what was applied under.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.submitted_at is not None:
        return list(locked.referrals.select_related("department").order_by("department__code"))
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This application was withdrawn."), code="withdrawn")
    today = timezone.localdate()
    items = list(locked.items.select_related("programme__department"))
    profile = ApplicantProfile.objects.filter(user_id=locked.applicant_id).first()
    problems = submission_problems(locked, today, items=items, profile=profile)
    if problems:
        raise ValidationError(problems, code="incomplete")

    facts = profile_facts(profile, today=today)
    exceptions = business_days.calendar(today, today + datetime.timedelta(days=400))
    now = timezone.now()
    routed = routing.route(items)
    referrals = Referral.objects.bulk_create(
        Referral(
            application=locked,
            department=department,
            due_on=routing.due_on(department_items, today, exceptions),
            created_at=now,
        )
        for department, department_items in routed
    )
    for referral, (_department, department_items) in zip(referrals, routed, strict=True):
        for item in department_items:
            item.referral = referral
            item.rules = item.programme.rules
            item.rules_version = item.programme.rules_version
            item.verdict, item.reasons = _reasons_in_both_languages(item.rules, facts, today)
    # One upsert of the loaded rows: bulk_update would build a CASE of every value per column,
    # which took a third of a submission (JSON values are slow to compile into it).
    ApplicationItem.objects.bulk_create(
        items,
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["referral", "rules", "rules_version", "verdict", "reasons"],
    )
    locked.submitted_at = now
    locked.facts = {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in facts.items()
    }
    locked.idempotency_key = idempotency_key[:80]
    locked.save(update_fields=["submitted_at", "facts", "idempotency_key", "updated_at"])
    _audit(
        actor=by,
        action="submitted",
        application=locked,
        after={
            "referrals": {
                referral.department.code: referral.due_on.isoformat() for referral in referrals
            }
        },
    )
    for name in ("submitted_at", "facts", "idempotency_key", "updated_at"):
        setattr(application, name, getattr(locked, name))
    return referrals


@transaction.atomic
def application_withdraw(*, application: Application, by) -> None:
    """The applicant takes the application back; departments stop working on it."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.applicant_id != by.pk:
        raise PermissionDenied
    if locked.withdrawn_at is not None:
        return
    if locked.submitted_at and not locked.referrals.filter(status__in=transitions.OPEN).exists():
        raise ValidationError(
            _("Every department has already decided; there is nothing left to withdraw."),
            code="decided",
        )
    open_referrals = list(
        Referral.objects.select_for_update().filter(application=locked, status__in=transitions.OPEN)
    )
    for referral in open_referrals:
        referral.status = Status.WITHDRAWN
        referral.version += 1
        referral.paused_at = None
        Message.objects.create(
            referral=referral,
            author=by,
            kind=Message.Kind.NOTICE,
            text=_("The applicant withdrew the application."),
        )
    Referral.objects.bulk_update(open_referrals, ["status", "version", "paused_at"])
    booked = list(locked.items.filter(session__isnull=False))
    for item in booked:
        TrainingSession.objects.filter(pk=item.session_id, seats_taken__gt=0).update(
            seats_taken=F("seats_taken") - 1
        )
        item.session = None
    ApplicationItem.objects.bulk_update(booked, ["session"])
    if booked:
        public_cache.changed()  # the programme pages show the seats left
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at", "updated_at"])
    _audit(
        actor=by,
        action="withdrawn",
        application=locked,
        after={"referrals": [referral.department_id for referral in open_referrals]},
    )


# --- Casework ----------------------------------------------------------------------------------


def _book_seat(programme: Programme) -> TrainingSession | None:
    """A seat in the first session to come that has one left; never more than its seats."""
    session = (
        TrainingSession.objects.select_for_update()
        .filter(programme=programme, starts_at__gt=timezone.now(), seats_taken__lt=F("seats"))
        .order_by("starts_at")
        .first()
    )
    if session is None:
        return None
    session.seats_taken = F("seats_taken") + 1
    session.save(update_fields=["seats_taken"])
    return session


def _resume_clock(referral: Referral, today: datetime.date) -> None:
    """The days spent waiting for the applicant do not count against the department."""
    if referral.paused_at is None:
        return
    waited = business_days.working_days_between(timezone.localdate(referral.paused_at), today)
    if waited:
        referral.due_on = business_days.add_working_days(referral.due_on, waited)
    referral.paused_at = None


@transaction.atomic
def referral_act(
    *,
    referral: Referral,
    by,
    action: str,
    version: int | None = None,
    item: ApplicationItem | None = None,
    text: str = "",
    assignee=None,
) -> Referral:
    """Take one action on a referral, checked against the state machine, under a row lock.

    `version` is the referral version the person saw: if somebody acted since, nothing is done
    and StaleAction says so. Every action writes an audit event with before and after.
    """
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "department")
        .get(pk=referral.pk)
    )
    permitted, why = transitions.allowed(by, locked, action)
    if not permitted and not (version is not None and locked.version != version):
        raise ValidationError(why, code="not_allowed")
    if version is not None and locked.version != version:
        raise StaleAction(
            _(
                "Someone else acted on this case while you were looking at it. The page now "
                "shows what they did; check it and try again."
            ),
            code="stale",
        )
    spec = transitions.ACTIONS[action]
    text = (text or "").strip()
    if spec.needs_text and not text:
        message = (
            _("Write the reason for the rejection.")
            if action == "reject"
            else _("Write the message.")
        )
        raise ValidationError({"text": message}, code="required")
    if spec.needs_item:
        if item is None or item.referral_id != locked.pk:
            raise ValidationError({"item": _("Choose a programme of this case.")}, code="item")
        item = (
            ApplicationItem.objects.select_for_update(of=("self",))
            .select_related("programme")
            .get(pk=item.pk)
        )
        if item.decision != Decision.PENDING:
            raise ValidationError(
                {"item": _("A decision was already made on this programme.")}, code="decided"
            )

    today = timezone.localdate()
    before = {"status": locked.status, "due_on": locked.due_on, "assignee": locked.assignee_id}
    after: dict[str, Any] = {}
    if action == "start_review":
        locked.status = Status.IN_REVIEW
    elif action == "request_info":
        locked.status = Status.INFO_REQUESTED
        locked.paused_at = timezone.now()
        request = Message.objects.create(
            referral=locked, author=by, kind=Message.Kind.REQUEST, text=text
        )
        notify(
            recipient=locked.application.applicant,
            kind=Kind.INFO_REQUESTED,
            occasion=f"request:{request.pk}:day0",
            application_id=locked.application_id,
            referral_id=locked.pk,
        )
    elif action == "answer":
        _resume_clock(locked, today)
        locked.status = Status.IN_REVIEW
        Message.objects.create(referral=locked, author=by, kind=Message.Kind.ANSWER, text=text)
    elif action == "note":
        Message.objects.create(referral=locked, author=by, kind=Message.Kind.NOTE, text=text)
    elif action == "assign":
        if assignee is not None and not (
            assignee.is_official and assignee.department_id == locked.department_id
        ):
            raise ValidationError(
                {"assignee": _("Choose an official of this department.")}, code="assignee"
            )
        locked.assignee = assignee
    elif action in ("approve", "reject"):
        item.decision = Decision.APPROVED if action == "approve" else Decision.REJECTED
        item.decision_reason = text
        item.decided_at = timezone.now()
        item.decided_by = by
        if action == "approve" and item.programme.kind == Programme.Kind.TRAINING:
            item.session = _book_seat(item.programme)
        item.save(
            update_fields=["decision", "decision_reason", "decided_at", "decided_by", "session"]
        )
        after["item"] = {"programme": item.programme_id, "decision": item.decision}
        with translation.override(locked.application.applicant.language):
            summary = (
                _("“%(programme)s”: approved.")
                if action == "approve"
                else _("“%(programme)s”: not approved.")
            ) % {"programme": item.programme.title}
        Message.objects.create(
            referral=locked,
            author=by,
            kind=Message.Kind.DECISION,
            text=f"{summary} {text}".strip(),
        )
        notify(
            recipient=locked.application.applicant,
            kind=Kind.DECISION,
            occasion=f"item:{item.pk}",
            application_id=locked.application_id,
            referral_id=locked.pk,
            programme_id=item.programme_id,
        )
        decisions = list(locked.items.values_list("decision", flat=True))
        if transitions.status_after_decisions(decisions) == Status.DECIDED:
            _resume_clock(locked, today)
            locked.status = Status.DECIDED
            locked.decided_at = timezone.now()
        elif locked.status == Status.SUBMITTED:
            locked.status = Status.IN_REVIEW
    locked.version += 1
    locked.save()
    after.update({"status": locked.status, "due_on": locked.due_on, "assignee": locked.assignee_id})
    _audit(
        actor=by,
        action=action,
        application=locked.application,
        referral=locked,
        item=item if spec.needs_item else None,
        before=before,
        after=after,
    )
    referral.refresh_from_db()
    return locked


@transaction.atomic
def applicant_for_assisted_filing(*, phone: str, name: str, by) -> tuple[Any, str]:
    """A new applicant account for a walk-in returnee who has none yet.

    Returns the user and a one-time password to hand to the returnee. A returnee who has an
    account signs in themselves: a manager never opens someone's profile by their number.
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if User.objects.filter(phone=phone).exists():
        # Their profile is theirs alone: a manager may not open it by typing a number.
        raise ValidationError(
            {
                "phone": _(
                    "This number already has an account. The returnee signs in at the counter "
                    "and applies there, with your help."
                )
            }
        )
    if not name.strip():
        raise ValidationError({"name": _("No account has this number: write the returnee's name.")})
    password = secrets.token_urlsafe(6)
    user = User(username=f"r{phone}", name=name.strip(), phone=phone, role=User.Role.APPLICANT)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user, password


def referral_answer(*, referral: Referral, by, text: str, uploads: list) -> Message:
    """The applicant answers a request for information, with documents if any.

    Every file is checked first: a bad one refuses the whole answer and stores nothing.
    """
    for upload in uploads:
        check_upload(upload)
    with transaction.atomic():
        referral_act(referral=referral, by=by, action="answer", text=text)
        message = (
            Message.objects.filter(referral=referral, kind=Message.Kind.ANSWER)
            .order_by("-created_at", "-id")
            .first()
        )
        for upload in uploads:
            document_upload(application=referral.application, by=by, upload=upload, message=message)
    return message
