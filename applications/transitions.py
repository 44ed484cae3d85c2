"""The referral's state machine, declared once: each state with the name the applicant sees
and the name staff see, each action with the states it starts from and who may take it.

Views, the API and tasks never decide this themselves; they ask `allowed()` and call
`applications.actions.referral_act`, which checks again under a row lock, does the action's own
work and then sets the state its `target` gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationItem, Message, Referral

Status = Referral.Status

APPLICANT = "applicant"
OFFICIAL = "official"  # any official of the referral's department, heads included
HEAD = "head"  # the head of the referral's department only


@dataclass(frozen=True)
class State:
    public_name: object
    staff_name: object


STATES = {
    Status.SUBMITTED: State(_("Received, waiting for review"), _("New")),
    Status.IN_REVIEW: State(_("Being reviewed"), _("In review")),
    Status.INFO_REQUESTED: State(_("Waiting for your answer"), _("Waiting for the applicant")),
    Status.DECIDED: State(_("Decided"), _("Decided")),
    Status.WITHDRAWN: State(_("Withdrawn"), _("Withdrawn by the applicant")),
}

OPEN = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED})
ALL = frozenset(STATES)


class ActionName(models.TextChoices):
    """Every action on a referral, by the name the API, the case page and the audit use."""

    START_REVIEW = "start_review", _("Start the review")
    REQUEST_INFO = "request_info", _("Ask the applicant for information")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    NOTE = "note", _("Add an internal note")
    ASSIGN = "assign", _("Assign")
    ANSWER = "answer", _("Answer")
    WITHDRAW = "withdraw", _("Withdraw the application")


def status_after_decision(referral: Referral) -> str:
    """The hook of approve and reject: the referral is decided once every item is; until
    then a new one is in review and any other keeps its state."""
    decisions = list(referral.items.values_list("decision", flat=True))
    if status_after_decisions(decisions) == Status.DECIDED:
        return Status.DECIDED
    return Status.IN_REVIEW if referral.status == Status.SUBMITTED else referral.status


@dataclass(frozen=True)
class Action:
    name: ActionName
    sources: frozenset
    who: str
    # The state after the action: a state, a function of the referral once the action's work
    # is done (approve and reject), or None when the state stays.
    target: str | Callable[[Referral], str] | None = None
    needs_item: bool = False
    needs_text: bool = False
    done: object = ""  # what the person is told once it is done (%(item)s: the programme)

    @property
    def label(self):
        return self.name.label

    def status_after(self, referral: Referral) -> str:
        if self.target is None:
            return referral.status
        return self.target(referral) if callable(self.target) else self.target


A = ActionName
ACTIONS = {
    action.name: action
    for action in [
        Action(A.START_REVIEW, frozenset({Status.SUBMITTED}), OFFICIAL, target=Status.IN_REVIEW,
               done=_("The review has started.")),
        Action(A.REQUEST_INFO, frozenset({Status.SUBMITTED, Status.IN_REVIEW}), OFFICIAL,
               target=Status.INFO_REQUESTED, needs_text=True,
               done=_("The applicant is asked for the information.")),
        Action(A.APPROVE, OPEN, OFFICIAL, target=status_after_decision, needs_item=True,
               done=_("Approved: %(item)s")),
        Action(A.REJECT, OPEN, OFFICIAL, target=status_after_decision, needs_item=True,
               needs_text=True, done=_("Not approved: %(item)s")),
        Action(A.NOTE, ALL, OFFICIAL, needs_text=True, done=_("Your note is added.")),
        Action(A.ASSIGN, OPEN, HEAD, done=_("Assigned to %(assignee)s.")),
        Action(A.ANSWER, frozenset({Status.INFO_REQUESTED}), APPLICANT, target=Status.IN_REVIEW,
               needs_text=True, done=_("Your answer is sent to the department.")),
        Action(A.WITHDRAW, OPEN, APPLICANT, target=Status.WITHDRAWN,
               done=_("Your application is withdrawn.")),
    ]
}  # fmt: skip

OFFICIAL_ACTIONS = [name for name, action in ACTIONS.items() if action.who in (OFFICIAL, HEAD)]


def role_of(user, referral: Referral) -> str | None:
    """The part a user plays for this referral: applicant, official, head, or none."""
    if not user.is_authenticated:
        return None
    if user.is_official and user.department_id == referral.department_id:
        return HEAD if user.is_department_head else OFFICIAL
    if referral.application.applicant_id == user.pk:
        return APPLICANT
    return None


def allowed(user, referral: Referral, name: str) -> tuple[bool, str]:
    """Whether the user may take this action now, and if not, why (for the message shown)."""
    action = ACTIONS.get(name) if name in ActionName.values else None
    if action is None:
        return False, str(_("There is no such action."))
    if action.who != APPLICANT and referral.application.applicant_id == user.pk:
        return False, str(_("Nobody decides on their own application."))
    role = role_of(user, referral)
    permitted = {OFFICIAL: {OFFICIAL}, HEAD: {OFFICIAL, HEAD}, APPLICANT: {APPLICANT}}
    if role is None or action.who not in permitted.get(role, set()):
        return False, str(_("You may not do this."))
    if referral.status not in action.sources:
        return False, str(
            _("This cannot be done while the case is “%(state)s”.")
            % {"state": STATES[Status(referral.status)].staff_name}
        )
    return True, ""


def status_after_decisions(decisions: list[str]) -> str:
    """A referral whose every item is decided is decided; otherwise it is in review."""
    pending = ApplicationItem.Decision.PENDING
    return Status.DECIDED if decisions and pending not in decisions else Status.IN_REVIEW


# --- The application's overall status, derived from its referrals, never stored -------------


DRAFT = "draft"
WITHDRAWN = "withdrawn"
SUBMITTED = "submitted"
IN_REVIEW = "in_review"
INFO_REQUESTED = "info_requested"
PARTLY_DECIDED = "partly_decided"
DECIDED = "decided"

OVERALL_NAMES = {
    DRAFT: _("Draft, not sent yet"),
    WITHDRAWN: _("Withdrawn"),
    SUBMITTED: _("Sent, waiting for review"),
    IN_REVIEW: _("Being reviewed"),
    INFO_REQUESTED: _("A department needs information from you"),
    PARTLY_DECIDED: _("Partly decided"),
    DECIDED: _("Decided"),
}


def overall_status(application: Application, statuses: list[str]) -> str:
    """The application's status from its referrals' statuses."""
    if application.withdrawn_at:
        return WITHDRAWN
    if application.submitted_at is None:
        return DRAFT
    live = [status for status in statuses if status != Status.WITHDRAWN]
    if not live:
        return WITHDRAWN
    if Status.INFO_REQUESTED in live:
        return INFO_REQUESTED
    if all(status == Status.DECIDED for status in live):
        return DECIDED
    if Status.DECIDED in live:
        return PARTLY_DECIDED
    if Status.IN_REVIEW in live:
        return IN_REVIEW
    return SUBMITTED


# How the applicant's timeline names each step a department took.
PUBLIC_EVENT_NAMES = {
    A.START_REVIEW: _("The department started the review"),
    A.REQUEST_INFO: _("The department asked you for information"),
    A.ANSWER: _("You answered"),
    A.APPROVE: _("Approved"),
    A.REJECT: _("Not approved"),
}

# The correspondence as the applicant reads it: their own answers are "yours".
PUBLIC_MESSAGE_NAMES = {
    **{kind.value: kind.label for kind in Message.Kind},
    Message.Kind.ANSWER.value: _("Your answer"),
}

# How the case history names every audited action, in words.
ACTION_NAMES = {
    **{name: action.label for name, action in ACTIONS.items()},
    "started": _("Application started"),
    "submitted": _("Application sent"),
    "withdrawn": _("Application withdrawn"),
}


def done_message(name: str, *, item: ApplicationItem | None = None, assignee=None) -> str:
    """What was done, in the person's words: "Approved: SYB start-up training"."""
    if name == A.ASSIGN and assignee is None:
        return str(_("The case is no longer assigned to anyone."))
    return str(ACTIONS[name].done) % {
        "item": item.programme.title if item is not None else "",
        "assignee": assignee.name or assignee.username if assignee is not None else "",
    }
