"""Field-level encryption of personal data, with the keys of settings.FIELD_ENCRYPTION_KEYS.

The database holds only Fernet tokens (AES-128-CBC with an HMAC-SHA256, a fresh IV each time);
Python code reads and writes the clear value. The first key encrypts, every key decrypts, so a
new key is put first and the old ones stay until `manage.py reencrypt_id_numbers` has run.

An encrypted column cannot be searched: every token of the same number differs. So that one
number belongs to one profile, a keyed hash (HMAC-SHA256) of the normalised number is stored
beside it in a unique column. Its key is derived (HKDF) from each encryption key: the newest
writes; a lookup tries every key, so a number hashed before a key rotation is still found, and
`reencrypt_id_numbers` rewrites both the token and the hash with the newest key.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.views.decorators.debug import sensitive_variables


class KeysDoNotMatch(ImproperlyConfigured):
    """A stored value cannot be decrypted with FIELD_ENCRYPTION_KEYS (a key is missing or
    wrong): `manage.py check` says so (applications.checks), and a page that needed the value
    answers 503 with a readable page (applications.middleware.KeysMismatchMiddleware), not a 500."""


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


@lru_cache(maxsize=4)
def _digest_keys(keys: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"fanxiang id number").derive(
            key.encode()
        )
        for key in keys
    )


@sensitive_variables("value")
def digests(value: str) -> list[str]:
    """The keyed hashes of a (normalised) value under every key, the newest first."""
    if not value:
        return []
    return [
        hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
        for key in _digest_keys(tuple(settings.FIELD_ENCRYPTION_KEYS))
    ]


@sensitive_variables("value")
def digest(value: str) -> str | None:
    """The keyed hash of a value with the newest key; None for no value."""
    found = digests(value)
    return found[0] if found else None


@sensitive_variables("value")
def encrypt(value: str) -> str:
    if not value:
        return ""
    return fernet().encrypt(value.encode()).decode()


@sensitive_variables("token")
def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise KeysDoNotMatch(
            "A stored value cannot be decrypted with FIELD_ENCRYPTION_KEYS: a key is missing."
        ) from None


class EncryptedCharField(models.CharField):
    """A short text stored encrypted. `max_length` bounds the clear value; the column is text.

    Lookups other than an empty value cannot match (each encryption differs), so only
    `isnull` and `=""` are meaningful.
    """

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
