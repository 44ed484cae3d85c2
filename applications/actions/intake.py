"""The intake: a draft started, its programmes chosen, sent to every department concerned,
or withdrawn."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import business_days, notices, routing, transitions
from applications.actions.casework import referral_act
from applications.actions.common import audit, lock_person
from applications.actions.documents import editable
from applications.actions.seats import free_seats, hold_seats
from applications.actions.wallet import attach_from_wallet
from applications.models import ApplicantProfile, Application, ApplicationItem, Referral
from applications.profiles import profile_facts, profile_missing
from applications.receipts import new_reference
from applications.selectors import Held, programmes_held, required_documents
from portal.notifications.messenger import notify
from portal.notifications.models import Kind
from portal.parsers import without_nul
from services.eligibility import evaluate
from services.jurisdictions import delivering_departments, not_delivered_message
from services.models import Programme


def held_problems(programmes: Iterable[Programme], held: dict[int, Held]) -> list[str]:
    """Why some of these programmes cannot be applied for again: a part sent and still waiting
    for a decision, or a programme given once per person and approved already."""
    problems = []
    for programme in programmes:
        had = held.get(programme.pk)
        if had is None:
            continue
        words = {"programme": programme.title, "date": date_format(had.on)}
        if not had.approved:
            problems.append(
                _(
                    "You applied for “%(programme)s” on %(date)s and it is still waiting for a "
                    "decision: it cannot be applied for twice. Untick it here."
                )
                % words
            )
        elif programme.once_per_person:
            problems.append(
                _(
                    "“%(programme)s” is given once per person, and it was approved for you on "
                    "%(date)s: untick it here."
                )
                % words
            )
    return problems


def _refuse_centre_only(programmes: list[Programme]) -> None:
    """Programmes applied for at the service centre only are not chosen online (a park
    manager filing at the centre may choose them)."""
    problems = [
        ValidationError(
            _(
                "“%(programme)s” is applied for at the service centre only: its page says where "
                "and when to go."
            )
            % {"programme": programme.title},
            code="centre_only",
        )
        for programme in programmes
        if programme.centre_only
    ]
    if problems:
        raise ValidationError({"programmes": problems})


def _refuse_held(programmes: list[Programme], held: dict[int, Held]) -> None:
    problems = held_problems(programmes, held)
    if problems:
        raise ValidationError(
            {"programmes": [ValidationError(problem, code="held") for problem in problems]}
        )


@transaction.atomic
def application_start(*, applicant, programmes: list[Programme], filed_by=None) -> Application:
    """A new draft for these programmes. A park manager filing for a walk-in is `filed_by`.

    Refused (ValidationError on "programmes") for a programme applied for at the service centre
    only, unless filed there (code "centre_only"), and for one the person has applied for and
    is waiting on, or has had and may have only once (code "held").
    """
    if filed_by is None:
        _refuse_centre_only(programmes)
    lock_person(applicant.pk)
    _refuse_held(programmes, programmes_held(applicant_id=applicant.pk))
    application = Application.objects.create(
        applicant=applicant,
        filed_by=filed_by,
        assisted_consent_at=timezone.now() if filed_by else None,
    )
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=application, programme=programme) for programme in programmes
    )
    attach_from_wallet(application)  # each document of the person's own, asked for once
    audit(
        actor=filed_by or applicant,
        action="started",
        application=application,
        after={"programmes": [programme.slug for programme in programmes]},
    )
    return application


@transaction.atomic
def application_set_programmes(*, application: Application, programmes: list[Programme]) -> None:
    lock_person(application.applicant_id)
    locked = editable(Application.objects.select_for_update().get(pk=application.pk))
    if locked.filed_by_id is None:
        _refuse_centre_only(programmes)
    _refuse_held(programmes, programmes_held(applicant_id=locked.applicant_id, besides=locked.pk))
    wanted = {programme.pk for programme in programmes}
    locked.items.exclude(programme__in=wanted).delete()
    have = set(locked.items.values_list("programme_id", flat=True))
    ApplicationItem.objects.bulk_create(
        ApplicationItem(application=locked, programme_id=pk) for pk in wanted - have
    )
    attach_from_wallet(locked)
    locked.save(update_fields=["updated_at"])


# --- Submission -----------------------------------------------------------------------------------


def phone_confirmed(user_id: int) -> bool:
    """The person proved the number of their account is theirs (accounts/codes.py): an account
    applies only then, so that messages about its applications reach the right phone."""
    return get_user_model().objects.filter(pk=user_id, phone_verified_at__isnull=False).exists()


def submission_problems(
    application: Application,
    today: datetime.date,
    *,
    items: list[ApplicationItem] | None = None,
    profile: ApplicantProfile | None = None,
    delivering: dict | None = None,
) -> list[str]:
    """Everything that stops this draft from being sent, in words the applicant can act on.

    The items (with their programmes) and the profile are loaded unless given, and who
    delivers each programme where they live (`delivering_departments`).
    """
    problems = []
    if items is None:
        items = list(application.items.select_related("programme__department__jurisdiction"))
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
    if application.filed_by_id is None and not phone_confirmed(application.applicant_id):
        problems.append(_("Confirm your mobile number: we send a code to it by SMS."))
    held = programmes_held(applicant_id=application.applicant_id, besides=application.pk)
    problems += held_problems([item.programme for item in items], held)
    district = profile.district if profile is not None else None
    if delivering is None:
        delivering = delivering_departments([item.programme for item in items], district)
    for item in items:
        if item.programme.centre_only and application.filed_by_id is None:
            problems.append(
                _(
                    "“%(programme)s” is applied for at the service centre only: remove it here "
                    "and go to the centre its page names."
                )
                % {"programme": item.programme.title}
            )
        if not item.programme.is_open_on(today):
            problems.append(
                _("“%(programme)s” is not taking applications now; remove it to continue.")
                % {"programme": item.programme.title}
            )
        elif delivering[item.programme_id] is None:
            problems.append(not_delivered_message(item.programme, district))
    settled = set(
        application.documents.filter(document_type__isnull=False).values_list(
            "document_type_id", flat=True
        )
    ) | set(application.documents_to_follow.values_list("document_type_id", flat=True))
    for document_type in required_documents(application):
        if document_type.pk not in settled:
            problems.append(
                _(
                    "Upload your %(document)s, or say that you will bring it to the service "
                    "centre or do not have it yet."
                )
                % {"document": document_type.name}
            )
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


def _keep_asked_documents(items: list[ApplicationItem]) -> None:
    """Each item keeps the documents its programme asks for now, as sent. Two queries."""
    asked: dict[int, list[int]] = {}
    for programme_id, document_type_id in Programme.documents.through.objects.filter(
        programme_id__in={item.programme_id for item in items}
    ).values_list("programme_id", "documenttype_id"):
        asked.setdefault(programme_id, []).append(document_type_id)
    through = ApplicationItem.asked_documents.through
    through.objects.bulk_create(
        [
            through(applicationitem_id=item.pk, documenttype_id=document_type_id)
            for item in items
            for document_type_id in asked.get(item.programme_id, [])
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def application_submit(
    *, application: Application, by, idempotency_key: str = "", sessions: dict | None = None
) -> list[Referral]:
    """Send the draft: one referral per owning department, each with its due date, and a seat
    held in the training session chosen for each training programme (`sessions`: programme id
    to session id; refused with code "session" when one is missing or full).

    Submitting again (a double click, a retry, a second tab) changes nothing and returns the
    referrals made the first time. The verdicts and the rules of each programme are kept with
    the application, so a later rule change never rewrites what was applied under.
    """
    # One submission at a time per person: two drafts sent at once cannot both take the same
    # programme (the check of what is already held runs under this lock).
    lock_person(application.applicant_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.submitted_at is not None:
        return list(
            locked.referrals.select_related("department").order_by(
                "department__jurisdiction__code", "department__code", "pk"
            )
        )
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This application was withdrawn."), code="withdrawn")
    today = timezone.localdate()
    items = list(locked.items.select_related("programme__department__jurisdiction"))
    profile = (
        ApplicantProfile.objects.filter(user_id=locked.applicant_id)
        .select_related("district")
        .first()
    )
    district = profile.district if profile is not None else None
    # Who delivers each programme there, read once for the checks and the routing.
    delivering = delivering_departments([item.programme for item in items], district)
    problems = submission_problems(
        locked, today, items=items, profile=profile, delivering=delivering
    )
    if problems:
        raise ValidationError(problems, code="incomplete")
    hold_seats(items, sessions or {}, district=profile.district)

    facts = profile_facts(profile, today=today)
    exceptions = business_days.calendar(today, today + datetime.timedelta(days=400))
    now = timezone.now()
    routed = routing.route(items, delivering)
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
        update_fields=["referral", "rules", "rules_version", "verdict", "reasons", "session"],
    )
    _keep_asked_documents(items)
    locked.submitted_at = now
    locked.facts = {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in facts.items()
    }
    locked.idempotency_key = without_nul(idempotency_key)[:80]  # the form's hidden token
    locked.reference = new_reference()  # unique: a clash (1 in 10¹¹) fails the sending whole
    locked.save(
        update_fields=["submitted_at", "facts", "idempotency_key", "reference", "updated_at"]
    )
    audit(
        actor=by,
        action="submitted",
        application=locked,
        after={
            "reference": locked.reference,
            "referrals": {
                referral.department.hsds_key: referral.due_on.isoformat() for referral in referrals
            },
        },
    )
    # The applicant hears of it with the reference (inbox, and e-mail or SMS as they chose);
    # after assisted filing too, on their own phone.
    notify(
        recipient=locked.applicant,
        kind=Kind.APPLICATION_SENT,
        occasion=notices.APPLICATION_SENT.occasion.key(application=locked.pk),
        application_id=locked.pk,
    )
    for name in ("submitted_at", "facts", "idempotency_key", "reference", "updated_at"):
        setattr(application, name, getattr(locked, name))
    return referrals


@transaction.atomic
def application_withdraw(*, application: Application, by) -> None:
    """The applicant takes the application back; departments stop working on it.

    Each open referral is withdrawn by the casework's own action (transitions: withdraw).
    """
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
    # Locked first: a department deciding meanwhile is waited for, and its case left out.
    open_referrals = list(
        Referral.objects.select_for_update()
        .filter(application=locked, status__in=transitions.OPEN)
        .order_by("pk")
        .only("pk", "department_id")
    )
    for referral in open_referrals:
        referral_act(referral=referral, by=by, action=transitions.ActionName.WITHDRAW)
    booked = list(locked.items.filter(session__isnull=False))
    free_seats(booked)
    ApplicationItem.objects.bulk_update(booked, ["session"])
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at", "updated_at"])
    audit(
        actor=by,
        action="withdrawn",
        application=locked,
        after={"referrals": [referral.department_id for referral in open_referrals]},
    )


# --- Assisted filing at the one-stop centre -------------------------------------------------------


def assisted_filing_check(*, phone: str, name: str) -> None:
    """Whether a manager may make an account for this number: refused (ValidationError by
    field) when it has one, or when no name is given."""
    if get_user_model().objects.filter(phone=phone).exists():
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


@transaction.atomic
def applicant_for_assisted_filing(*, phone: str, name: str, by, confirmed: bool) -> Any:
    """A new applicant account for a walk-in returnee who has none yet, with no password: the
    returnee signs in with a code sent to the number (`confirmed`: they showed the code sent to
    it at the counter), or takes the account over with a claim letter (accounts/claims.py),
    choosing their own password. A returnee who has an account signs in themselves."""
    assisted_filing_check(phone=phone, name=name)
    User = get_user_model()
    user = User(
        username=f"r{phone}",
        name=name.strip(),
        phone=phone,
        phone_verified_at=timezone.now() if confirmed else None,
        role=User.Role.APPLICANT,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user
