"""Seats in training sessions: the applicant chooses the session when sending; the seat is held
from then on, and freed when the department says no or the applicant withdraws. A session is
never oversold: its rows are locked while seats are counted (and the database refuses more
seats taken than it has)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import ApplicationItem
from services import public_cache
from services.models import TrainingSession
from services.selectors import sessions_to_choose


def _when(session: TrainingSession) -> str:
    return date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")


def hold_seats(
    items: list[ApplicationItem], chosen: dict[int, str], *, district=None, now=None
) -> None:
    """Hold a seat for each training item in the session chosen for it (`chosen`: programme id
    to session id, as posted), among the sessions held in `district` (where the applicant
    lives). A programme with sessions to come there needs a choice; a session full by now, or
    gone, refuses the sending with what to do (code "session"), and nothing is held.
    Called by the submission, under its locks; it saves the items."""
    offered = sessions_to_choose([item.programme for item in items], district=district, now=now)
    problems, wanted = [], {}
    for item in items:
        sessions = offered.get(item.programme_id)
        if not sessions:
            continue  # no session to come here: the department finds one on approval
        pick = str(chosen.get(item.programme_id) or "")
        session = next((s for s in sessions if str(s.pk) == pick), None)
        if session is None:
            problems.append(
                _("Choose a training session for “%(programme)s”.")
                % {"programme": item.programme.title}
            )
        else:
            wanted[item] = session.pk
    locked = {
        session.pk: session
        for session in TrainingSession.objects.select_for_update()
        .filter(pk__in=wanted.values())
        .order_by("pk")  # every taker of seats locks in this order: none waits on another
    }
    for item, session_id in wanted.items():
        session = locked[session_id]
        if session.seats_left <= 0:
            problems.append(
                _(
                    "“%(programme)s”: the session of %(when)s has no seat left now. "
                    "Choose another session."
                )
                % {"programme": item.programme.title, "when": _when(session)}
            )
    if problems:
        raise ValidationError([ValidationError(problem, code="session") for problem in problems])
    TrainingSession.objects.filter(pk__in=wanted.values()).update(seats_taken=F("seats_taken") + 1)
    for item, session_id in wanted.items():
        item.session_id = session_id  # saved by the caller, with the rest of the item


def free_seats(items: list[ApplicationItem]) -> None:
    """Give the items' seats back to their sessions (the caller saves the items): on a
    rejection, on a withdrawal."""
    held = [item for item in items if item.session_id is not None]
    if not held:
        return
    sessions = sorted({item.session_id for item in held})
    list(TrainingSession.objects.select_for_update().filter(pk__in=sessions).order_by("pk"))
    for item in held:
        TrainingSession.objects.filter(pk=item.session_id, seats_taken__gt=0).update(
            seats_taken=F("seats_taken") - 1
        )
        item.session = None
    public_cache.changed()  # the programme pages show the seats left
