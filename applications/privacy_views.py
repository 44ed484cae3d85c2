"""The applicant's "My data" pages: see, download, correct, withdraw consent, delete."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import privacy
from applications.models import (
    ApplicantProfile,
    Application,
    Document,
    Message,
    WalletDocument,
)
from applications.profiles import mask_id_number
from portal.accounts.reauth import password_confirmed
from portal.decorators import role_required
from portal.notifications.models import Notification
from services.models import ScreenerAnswers

_applicant_required = role_required(lambda user: user.is_applicant)
SHOWN = 50


@_applicant_required
def my_data(request):
    user = request.user
    profile = ApplicantProfile.objects.filter(user=user).first()
    applications = Application.objects.filter(applicant=user).prefetch_related("items__programme")
    return render(
        request,
        "applications/my_data.html",
        {
            "profile": profile,
            "masked_id": mask_id_number(profile.id_number) if profile else "",
            "applications": applications[:SHOWN],
            "documents": Document.objects.filter(application__applicant=user).select_related(
                "document_type"
            )[:SHOWN],
            "own_count": WalletDocument.objects.filter(owner=user).count(),
            "message_count": Message.objects.filter(referral__application__applicant=user)
            .exclude(kind=Message.Kind.NOTE)
            .count(),
            "notification_count": Notification.objects.filter(recipient=user).count(),
            "screener": ScreenerAnswers.objects.filter(user=user).first(),
            "accesses": privacy.accesses_for_subject(user=user)[:SHOWN],
            "retention_days": settings.DRAFT_RETENTION_DAYS,
            "shown": SHOWN,
        },
    )


@_applicant_required
@password_confirmed
def my_data_download(request):
    data = privacy.personal_data_export(request.user, base_url=request.build_absolute_uri("/")[:-1])
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"fanxiang-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@_applicant_required
@password_confirmed
def consent_withdraw(request):
    if request.method == "POST":
        if privacy.consent_withdraw(user=request.user):
            messages.success(
                request,
                _(
                    "Your consent is withdrawn. Applications already sent go on; no draft can "
                    "be sent until you agree again on the “My details” page."
                ),
            )
        return redirect("applications:my_data")
    profile = ApplicantProfile.objects.filter(user=request.user).first()
    return render(request, "applications/my_data_consent.html", {"profile": profile})


@_applicant_required
@password_confirmed
def erase(request):
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        privacy.personal_data_erase(user=request.user, by=request.user)
        logout(request)
        messages.success(request, _("Your personal data is deleted and your account is closed."))
        return redirect("home")
    return render(
        request,
        "applications/my_data_erase.html",
        {"error": request.method == "POST"},
    )
