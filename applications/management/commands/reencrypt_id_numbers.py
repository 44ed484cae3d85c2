"""After a new key is put first in FIELD_ENCRYPTION_KEYS: encrypt every stored ID card number
with it, so the old key can then be removed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from applications.models import ApplicantProfile


class Command(BaseCommand):
    help = "Encrypt every stored ID card number with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        done = 0
        with transaction.atomic():
            profiles = ApplicantProfile.objects.exclude(id_number="").only("id", "id_number")
            for profile in profiles.iterator(chunk_size=1000):
                # Read with whichever key wrote it, written again with the first one.
                profile.save(update_fields=["id_number"])
                done += 1
        self.stdout.write(f"{done} ID card numbers encrypted with the newest key.")
