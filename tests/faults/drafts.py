"""Applicants with complete drafts on the demo programmes, for the fault tests.

In the test process: `make_drafts(count)`. Against another database, as a subprocess:
`python -m tests.faults.drafts COUNT [--submit]` with DATABASE_URL set; it prints one JSON
list of what it made (user name, password, application, documents with their bytes' digest).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sys

PASSWORD = "faults-12345"


def with_check_character(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def document_bytes(username: str, code: str) -> bytes:
    """A small PDF, different for every applicant and document, so restored bytes can be
    compared with the originals."""
    return f"%PDF-1.4\n% {username} {code}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".encode()


def open_programmes(departments: int = 3):
    """One open programme from each of the first few departments: one referral each."""
    from django.utils import timezone

    from services.models import Programme

    today = timezone.localdate()
    chosen: dict[int, Programme] = {}
    # Applied for online by someone living in Dianjiang: Dianjiang's own and the municipal ones.
    offered = (
        Programme.objects.filter(department__jurisdiction__code__in=["500231", "500000"])
        .exclude(channel=Programme.Channel.OFFLINE)
        .select_related("department")
        .order_by("department_id", "pk")
    )
    for programme in offered:
        if programme.department_id not in chosen and programme.is_open_on(today):
            chosen[programme.department_id] = programme
    return list(chosen.values())[:departments]


def make_drafts(count: int, *, submit: bool = False, prefix: str = "returnee") -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from applications import actions
    from applications.selectors import required_documents
    from services.models import Jurisdiction

    User = get_user_model()
    programmes = open_programmes()
    assert programmes, "no open programme: load the demo data first"
    made = []
    for n in range(count):
        username = f"{prefix}-{n}"
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            name=f"返乡人员{n}",
            email=f"{username}@example.cn",
            role=User.Role.APPLICANT,
            # signed up with an SMS code (accounts/codes.py): only then may an account apply
            phone=f"166{n:08d}",
            phone_verified_at=timezone.now(),
        )
        # One ID card number each (one person, one profile): 500 women born a day.
        born = datetime.date(1990, 1, 1) + datetime.timedelta(days=n // 500)
        actions.profile_save(
            user=user,
            data={
                "name": f"返乡人员{n}",
                "gender": "female",
                "birth_date": born,
                "phone": user.phone,
                "district": Jurisdiction.objects.get(code="500231"),  # the demo's Dianjiang
                "id_number": with_check_character(f"500231{born:%Y%m%d}{2 * (n % 500):03d}"),
                "hukou": "rural",
                "hukou_in_county": True,
            },
            consent=True,
        )
        application = actions.application_start(applicant=user, programmes=programmes)
        documents = []
        for document_type in required_documents(application):
            content = document_bytes(username, document_type.code)
            document = actions.document_upload(
                application=application,
                by=user,
                upload=SimpleUploadedFile(
                    f"{document_type.code}.pdf", content, content_type="application/pdf"
                ),
                document_type=document_type,
            )
            documents.append({"id": document.pk, "sha256": hashlib.sha256(content).hexdigest()})
        from tests.fixtures import first_sessions

        sessions = first_sessions(application)
        if submit:
            actions.application_submit(application=application, by=user, sessions=sessions)
        made.append(
            {
                "username": username,
                "password": PASSWORD,
                "email": user.email,
                "application": application.pk,
                "departments": len({programme.department_id for programme in programmes}),
                "documents": documents,
                # the review form's choice of a training session, as the applicant makes it
                "review_form": {f"session-{pk}": session for pk, session in sessions.items()},
            }
        )
    return made


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    print(json.dumps(make_drafts(int(sys.argv[1]), submit="--submit" in sys.argv)))
