"""The casework: every action on a referral goes through `referral_act`, one wrapper that
holds the row lock, checks the state machine (`transitions.allowed`) and the version the
person saw, does the action's own work (one small function per action below), sets the state
the action's `target` gives and writes the audit event with before and after.

Views and the API pass ids (of the item decided on, of the assignee); what they name is looked
up here, among the referral's own, and a wrong one is one ValidationError with a code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications import business_days, notices, transitions
from applications.actions.common import StaleAction, audit
from applications.actions.documents import document_upload
from applications.actions.seats import free_seats
from applications.models import ApplicationItem, Message, Referral
from applications.selectors import officials_of_department
from applications.uploads import prepare_upload
from portal.notifications.messenger import NO_ID, notify, notify_all
from portal.notifications.models import Kind
from services.models import Programme, TrainingSession

Status = Referral.Status
Decision = ApplicationItem.Decision
MAX_REPLY_WORKING_DAYS = 60
A = transitions.ActionName


@dataclass
class Step:
    """One action being taken: the locked referral and what the action works with."""

    referral: Referral
    by: Any
    text: str
    today: datetime.date
    item: ApplicationItem | None = None
    assignee: Any = None
    reply_by: datetime.date | None = None  # a request for information: answer by this day
    after: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ActionTaken:
    referral: Referral
    action: str
    item: ApplicationItem | None = None
    assignee: Any = None

    @property
    def message(self) -> str:
        """What was done, in the words of the page's language."""
        return transitions.done_message(self.action, item=self.item, assignee=self.assignee)


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


def _start_review(step: Step) -> None:
    """Nothing but the state: the department has started."""


def _request_info(step: Step) -> None:
    step.referral.paused_at = timezone.now()  # the clock stops while the applicant is asked
    step.referral.answered_at = None
    request = Message.objects.create(
        referral=step.referral,
        author=step.by,
        kind=Message.Kind.REQUEST,
        text=step.text,
        reply_by=step.reply_by,
    )
    step.after["reply_by"] = step.reply_by.isoformat()
    notify(
        recipient=step.referral.application.applicant,
        kind=Kind.INFO_REQUESTED,
        occasion=notices.INFO_REQUESTED.occasion.key(request=request.pk, day=0),
        application_id=step.referral.application_id,
        referral_id=step.referral.pk,
    )


def _answer(step: Step) -> None:
    _resume_clock(step.referral, step.today)
    answer = Message.objects.create(
        referral=step.referral, author=step.by, kind=Message.Kind.ANSWER, text=step.text
    )
    step.referral.answered_at = answer.created_at
    # The official it is assigned to hears of it; unassigned, everyone of the department.
    referral = step.referral
    officials = officials_of_department(department_id=referral.department_id)
    if referral.assignee_id:
        officials = officials.filter(pk=referral.assignee_id)
    notify_all(
        kind=Kind.ANSWER_RECEIVED,
        source=officials.values(
            n_recipient=F("id"),
            n_occasion=Value(notices.ANSWER_RECEIVED.occasion.key(answer=answer.pk)),
            n_application=Value(referral.application_id),
            n_referral=Value(referral.pk),
            n_programme=NO_ID,
            n_session=NO_ID,
        ),
    )


def _note(step: Step) -> None:
    Message.objects.create(
        referral=step.referral, author=step.by, kind=Message.Kind.NOTE, text=step.text
    )


def _assign(step: Step) -> None:
    step.referral.assignee = step.assignee
    if step.assignee is not None and step.assignee.pk != step.by.pk:
        notify(
            recipient=step.assignee,
            kind=Kind.CASE_ASSIGNED,
            occasion=notices.CASE_ASSIGNED.occasion.key(
                referral=step.referral.pk, version=step.referral.version
            ),
            application_id=step.referral.application_id,
            referral_id=step.referral.pk,
        )


def _decide(step: Step, decision: str) -> None:
    referral, item = step.referral, step.item
    referral.answered_at = None
    item.decision = decision
    item.decision_reason = step.text
    item.decided_at = timezone.now()
    item.decided_by = step.by
    if decision == Decision.REJECTED:
        free_seats([item])  # the seat held from submission goes to someone else
    elif item.programme.kind == Programme.Kind.TRAINING and item.session_id is None:
        item.session = _book_seat(item.programme)  # none was chosen: the first with a seat
    item.save(update_fields=["decision", "decision_reason", "decided_at", "decided_by", "session"])
    step.after["item"] = {"programme": item.programme_id, "decision": item.decision}
    with translation.override(referral.application.applicant.language):
        summary = (
            _("“%(programme)s”: approved.")
            if decision == Decision.APPROVED
            else _("“%(programme)s”: not approved.")
        ) % {"programme": item.programme.title}
        if item.session is not None:
            summary += " " + notices.session_line(item.session)
    Message.objects.create(
        referral=referral,
        author=step.by,
        kind=Message.Kind.DECISION,
        text=f"{summary} {step.text}".strip(),
    )
    notify(
        recipient=referral.application.applicant,
        kind=Kind.DECISION,
        occasion=notices.DECISION.occasion.key(item=item.pk),
        application_id=referral.application_id,
        referral_id=referral.pk,
        programme_id=item.programme_id,
    )


def _approve(step: Step) -> None:
    _decide(step, Decision.APPROVED)


def _reject(step: Step) -> None:
    _decide(step, Decision.REJECTED)


def _withdraw(step: Step) -> None:
    step.referral.paused_at = None
    Message.objects.create(
        referral=step.referral,
        author=step.by,
        kind=Message.Kind.NOTICE,
        text=_("The applicant withdrew the application."),
    )


WORK = {
    A.START_REVIEW: _start_review,
    A.REQUEST_INFO: _request_info,
    A.ANSWER: _answer,
    A.NOTE: _note,
    A.ASSIGN: _assign,
    A.APPROVE: _approve,
    A.REJECT: _reject,
    A.WITHDRAW: _withdraw,
}


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """An error of one field that keeps its code (a dict of messages alone would lose it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _locked_item(referral: Referral, item_id: int | None) -> ApplicationItem:
    item = (
        ApplicationItem.objects.select_for_update(of=("self",))
        .select_related("programme")
        .filter(pk=item_id, referral=referral)
        .first()
        if item_id is not None
        else None
    )
    if item is None:
        raise _field_error("item", _("Choose a programme of this case."), "item")
    if item.decision != Decision.PENDING:
        raise _field_error("item", _("A decision was already made on this programme."), "decided")
    return item


def _official_of(referral: Referral, assignee_id: int | None):
    """The official to assign, of this department; None unassigns."""
    if assignee_id is None:
        return None
    officials = officials_of_department(department_id=referral.department_id)
    assignee = officials.filter(pk=assignee_id).first()
    if assignee is None:
        raise _field_error("assignee", _("Choose an official of this department."), "assignee")
    return assignee


@transaction.atomic
def referral_act(
    *,
    referral: Referral,
    by,
    action: str,
    version: int | None = None,
    item_id: int | None = None,
    text: str = "",
    assignee_id: int | None = None,
    reply_within: int | None = None,
) -> ActionTaken:
    """Take one action on a referral, checked against the state machine, under a row lock.

    `reply_within`: for a request for information, the working days the applicant has to
    answer (settings.INFO_REPLY_WORKING_DAYS unless given, 1 to 60).

    `version` is the referral version the person saw: if somebody acted since, nothing is done
    and StaleAction (code "stale") says so; an action not allowed now is code "not_allowed".
    Every action writes an audit event with before and after.
    """
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "department")
        .get(pk=referral.pk)
    )
    stale = version is not None and locked.version != version
    permitted, why = transitions.allowed(by, locked, action)
    if not permitted and not stale:
        raise ValidationError(why, code="not_allowed")
    if stale:
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
            if action == A.REJECT
            else _("Write the message.")
        )
        raise _field_error("text", message, "required")
    step = Step(referral=locked, by=by, text=text, today=timezone.localdate())
    if action == A.REQUEST_INFO:
        days = settings.INFO_REPLY_WORKING_DAYS if reply_within is None else reply_within
        if not 1 <= days <= MAX_REPLY_WORKING_DAYS:
            raise _field_error(
                "reply_within",
                _("Give the applicant 1 to %(most)s working days to answer.")
                % {"most": MAX_REPLY_WORKING_DAYS},
                "reply_within",
            )
        step.reply_by = business_days.add_working_days(
            step.today,
            days,
            business_days.calendar(step.today, step.today + datetime.timedelta(days=120)),
        )
    if spec.needs_item:
        step.item = _locked_item(locked, item_id)
    if action == A.ASSIGN:
        step.assignee = _official_of(locked, assignee_id)

    before = {"status": locked.status, "due_on": locked.due_on, "assignee": locked.assignee_id}
    WORK[spec.name](step)
    status = spec.status_after(locked)
    if status == Status.DECIDED and locked.status != Status.DECIDED:
        _resume_clock(locked, step.today)
        locked.decided_at = timezone.now()
    locked.status = status
    locked.version += 1
    locked.save()
    step.after.update(
        {"status": locked.status, "due_on": locked.due_on, "assignee": locked.assignee_id}
    )
    audit(
        actor=by,
        action=spec.name,
        application=locked.application,
        referral=locked,
        item=step.item,
        before=before,
        after=step.after,
    )
    referral.refresh_from_db()
    return ActionTaken(referral=locked, action=spec.name, item=step.item, assignee=step.assignee)


def referral_answer(*, referral: Referral, by, text: str, uploads: list) -> Message:
    """The applicant answers a request for information, with documents if any.

    Every file is checked first: a bad one refuses the whole answer and stores nothing.
    """
    prepared = [prepare_upload(upload) for upload in uploads]
    with transaction.atomic():
        referral_act(referral=referral, by=by, action=A.ANSWER, text=text)
        message = (
            Message.objects.filter(referral=referral, kind=Message.Kind.ANSWER)
            .order_by("-created_at", "-id")
            .first()
        )
        for upload in prepared:
            document_upload(application=referral.application, by=by, upload=upload, message=message)
    return message
