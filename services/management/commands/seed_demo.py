from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from services import demo
from services.models import Department, Park


class Command(BaseCommand):
    help = "Load the demo departments, parks and users (idempotent; refused when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (for a throw-away demo server only).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo makes accounts with a published password; it does not run with "
                "DEBUG off. Use --force only on a throw-away demo server."
            )
        with transaction.atomic():
            self.seed()
        self.print_logins()

    def seed(self):
        User = get_user_model()
        departments = {}
        for row in demo.DEPARTMENTS:
            fields = {key: value for key, value in row.items() if key != "code"}
            departments[row["code"]], _ = Department.objects.update_or_create(
                code=row["code"], defaults=fields
            )
        parks = {}
        for row in demo.PARKS:
            fields = {key: value for key, value in row.items() if key != "slug"}
            parks[row["slug"]], _ = Park.objects.update_or_create(slug=row["slug"], defaults=fields)
        for username, name, role, department, managed, phone, email in demo.USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "name": name,
                    "role": role,
                    "department": departments.get(department),
                    "phone": phone,
                    "email": email,
                    "is_staff": role == User.Role.ADMIN,
                    "is_superuser": role == User.Role.ADMIN,
                },
            )
            user.set_password(demo.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.managed_parks.set([parks[slug] for slug in managed])

    def print_logins(self):
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Demo logins (user name / password):")
        )
        for username, _name, role, department, managed, *_ in demo.USERS:
            where = department or ", ".join(managed)
            detail = f"{role} ({where})" if where else role
            self.stdout.write(f"  {username:<20} {demo.DEMO_PASSWORD}   {detail}")
