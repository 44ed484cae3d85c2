"""System checks of the applications app (`manage.py check`, and every management command)."""

from django.core.checks import Error
from django.db import DatabaseError
from django.db.models import TextField
from django.db.models.functions import Cast


def encryption_keys_read_the_data(app_configs=None, **kwargs):
    """FIELD_ENCRYPTION_KEYS must decrypt what is stored: one stored ID card number is read
    back. A database that cannot be read yet (no tables before `migrate`, no server) is not
    this check's business; `migrate` and the health check say so."""
    from applications.encryption import KeysDoNotMatch, decrypt
    from applications.models import ApplicantProfile

    try:
        # The column as stored (a Cast is not decrypted); a Fernet token starts so, and a clear
        # number (before migration 0005) is not read.
        token = (
            ApplicantProfile.objects.annotate(stored=Cast("id_number", TextField()))
            .filter(stored__startswith="gAAAAA")
            .values_list("stored", flat=True)
            .first()
        )
        if token:
            decrypt(token)
    except KeysDoNotMatch:
        return [
            Error(
                "FIELD_ENCRYPTION_KEYS cannot decrypt the ID card numbers stored in the "
                "database: the key they were encrypted with is missing or wrong.",
                hint=(
                    "Put the key they were encrypted with back into FIELD_ENCRYPTION_KEYS "
                    "(after a new one, if you are rotating keys), then run "
                    "`manage.py reencrypt_id_numbers` before dropping it."
                ),
                id="applications.E001",
            )
        ]
    except DatabaseError:
        return []
    return []
