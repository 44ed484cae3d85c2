from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from services import demo
from services.actions import programme_reindex
from services.eligibility import validate_rules
from services.models import Department, DocumentType, Jurisdiction, Park, Programme


class Command(BaseCommand):
    help = (
        "Load the demo departments, parks, users and programmes "
        "(idempotent; refused when DEBUG is off)."
    )

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
        jurisdictions = {}
        for code, level, parent, name_zh, name_en in demo.JURISDICTIONS:
            jurisdictions[code], _ = Jurisdiction.objects.update_or_create(
                code=code,
                defaults={
                    "level": level,
                    "parent": jurisdictions.get(parent),
                    "name_zh": name_zh,
                    "name_en": name_en,
                },
            )
        # Departments by "jurisdiction/code" (and Dianjiang's by their code alone).
        departments = {}
        for row in demo.DEPARTMENTS:
            fields = {
                key: value for key, value in row.items() if key not in ("code", "jurisdiction")
            }
            department, _ = Department.objects.update_or_create(
                jurisdiction=jurisdictions[row["jurisdiction"]], code=row["code"], defaults=fields
            )
            departments[f"{row['jurisdiction']}/{row['code']}"] = department
            if row["jurisdiction"] == demo.DIANJIANG:
                departments[row["code"]] = department
        parks = {}
        for row in demo.PARKS:
            fields = {key: value for key, value in row.items() if key != "slug"}
            fields["jurisdiction"] = jurisdictions[fields["jurisdiction"]]
            parks[row["slug"]], _ = Park.objects.update_or_create(slug=row["slug"], defaults=fields)
        for username, name, role, department, managed, phone, email in demo.USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "name": name,
                    "role": role,
                    "department": departments.get(department),
                    "jurisdiction": jurisdictions.get(demo.USER_JURISDICTIONS.get(username)),
                    "phone": phone,
                    "email": email,
                    "is_staff": role == User.Role.ADMIN,
                    "is_superuser": role == User.Role.ADMIN,
                },
            )
            user.set_password(demo.DEMO_PASSWORD)
            # The demo numbers count as confirmed, so that signing in by SMS code works.
            user.phone_verified_at = user.phone_verified_at or timezone.now()
            user.save(update_fields=["password", "phone_verified_at"])
            user.managed_parks.set([parks[slug] for slug in managed])
        self.seed_programmes(departments, parks)

    def seed_programmes(self, departments, parks):
        documents = {}
        for row in demo.DOCUMENT_TYPES:
            fields = {key: value for key, value in row.items() if key != "code"}
            documents[row["code"]], _ = DocumentType.objects.update_or_create(
                code=row["code"], defaults=fields
            )
        today = timezone.localdate()
        now = timezone.now()
        jurisdictions = {place.code: place for place in Jurisdiction.objects.all()}
        skip = {"slug", "department", "jurisdiction", "parks", "documents", "rules", "sessions"}
        for row in demo.PROGRAMMES:
            fields = {key: value for key, value in row.items() if key not in skip}
            opens_days, closes_days = fields.pop("opens_days"), fields.pop("closes_days")
            fields["opens_on"] = today + timedelta(days=opens_days)
            fields["closes_on"] = (
                None if closes_days is None else today + timedelta(days=closes_days)
            )
            fields["department"] = departments[f"{row['jurisdiction']}/{row['department']}"]
            fields["rules"] = validate_rules(row["rules"])
            programme, _created = Programme.objects.update_or_create(
                slug=row["slug"], defaults=fields
            )
            if programme.published_at is None and programme.status == Programme.Status.PUBLISHED:
                programme.published_at = now
                programme.save(update_fields=["published_at"])
            programme.parks.set([parks[slug] for slug in row["parks"]])
            programme.documents.set([documents[code] for code in row["documents"]])
            # Sessions in each district that has none yet (seeding again adds no second).
            held = set(programme.sessions.values_list("jurisdiction__code", flat=True))
            for session in row["sessions"]:
                if session["jurisdiction"] not in held:
                    # 9:00 in the county, whatever the server's clock zone.
                    starts = timezone.localtime(
                        now + timedelta(days=session["starts_in_days"])
                    ).replace(hour=9, minute=0, second=0, microsecond=0)
                    programme.sessions.create(
                        jurisdiction=jurisdictions[session["jurisdiction"]],
                        starts_at=starts,
                        ends_at=starts + timedelta(days=session["days"], hours=8),
                        place_zh=session["place_zh"],
                        place_en=session["place_en"],
                        seats=session["seats"],
                    )
            programme_reindex(programme=programme)

    def print_logins(self):
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Demo logins (user name / password):")
        )
        for username, _name, role, department, managed, *_ in demo.USERS:
            where = department or ", ".join(managed) or demo.USER_JURISDICTIONS.get(username)
            detail = f"{role} ({where})" if where else role
            self.stdout.write(f"  {username:<20} {demo.DEMO_PASSWORD}   {detail}")
