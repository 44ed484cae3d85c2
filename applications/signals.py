"""What the applications app tells the rest of the portal at sign-in: where the applicant
lives, for the catalogue's default (services.jurisdictions.visitor_district)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from applications.models import ApplicantProfile
from services.jurisdictions import DISTRICT_SESSION


def remember_district(request, profile: ApplicantProfile | None) -> None:
    if request is None or not hasattr(request, "session") or profile is None:
        return
    if profile.district_id is not None:
        request.session[DISTRICT_SESSION] = profile.district.code


@receiver(user_logged_in, dispatch_uid="district_known_at_sign_in")
def _district_at_sign_in(sender, request, user, **kwargs):
    if getattr(user, "role", "") == "applicant":
        profile = (
            ApplicantProfile.objects.filter(user=user, district__isnull=False)
            .select_related("district")
            .first()
        )
        remember_district(request, profile)
