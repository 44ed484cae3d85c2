"""After a new key is put first in FIELD_ENCRYPTION_KEYS: encrypt every stored ID card number
with it, and hash it with the key derived from it, so the old key can then be removed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from applications.encryption import digest
from applications.models import ApplicantProfile


class Command(BaseCommand):
    help = (
        "Encrypt and hash every stored ID card number with the first key of FIELD_ENCRYPTION_KEYS."
    )

    def handle(self, *args, **options):
        done = 0
        with transaction.atomic():
            profiles = ApplicantProfile.objects.exclude(id_number="").only(
                "id", "id_number", "id_number_digest"
            )
            for profile in profiles.iterator(chunk_size=1000):
                # Read with whichever key wrote it, written again with the first one.
                # A number found on an earlier profile when the hashes were first made keeps
                # no hash (see migration 0008): the centre sorts out whose it is.
                if profile.id_number_digest is not None:
                    profile.id_number_digest = digest(profile.id_number)
                profile.save(update_fields=["id_number", "id_number_digest"])
                done += 1
        self.stdout.write(f"{done} ID card numbers encrypted with the newest key.")
