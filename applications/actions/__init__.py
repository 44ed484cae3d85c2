"""Writes to the intake and the casework. Views, the API, the admin and tasks call these.

- `profile`: the applicant's profile, the ID card number kept to one person;
- `intake`: drafts, submission to every department concerned, withdrawal, assisted filing;
- `documents`: one checked file stored, or the word that a document follows;
- `wallet`: the person's documents of their own, used again by each new draft;
- `casework`: every action on a referral, through one wrapper (`referral_act`).

Callers import this package (`from applications import actions`); the modules are its parts.
"""

from applications.actions.casework import ActionTaken, referral_act, referral_answer
from applications.actions.common import StaleAction
from applications.actions.documents import document_to_follow, document_upload
from applications.actions.intake import (
    applicant_for_assisted_filing,
    application_set_programmes,
    application_start,
    application_submit,
    application_withdraw,
    assisted_filing_check,
    submission_problems,
)
from applications.actions.profile import (
    IdNumberChangeNeedsPassword,
    IdNumberTaken,
    IdNumberTries,
    id_number_is_new,
    id_number_taken,
    profile_save,
)
from applications.actions.wallet import wallet_delete, wallet_upload

__all__ = [
    "ActionTaken",
    "IdNumberChangeNeedsPassword",
    "IdNumberTaken",
    "IdNumberTries",
    "StaleAction",
    "applicant_for_assisted_filing",
    "application_set_programmes",
    "application_start",
    "application_submit",
    "application_withdraw",
    "assisted_filing_check",
    "document_to_follow",
    "document_upload",
    "id_number_is_new",
    "id_number_taken",
    "profile_save",
    "referral_act",
    "referral_answer",
    "submission_problems",
    "wallet_delete",
    "wallet_upload",
]
