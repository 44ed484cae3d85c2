"""Version 1 of the intake API: tokens, the profile, applications, and departments' referrals."""

from django.urls import path

from applications import api

app_name = "intake_api"

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="token"),
    path("me/profile/", api.ProfileView.as_view(), name="profile"),
    path("applications/", api.ApplicationListView.as_view(), name="application-list"),
    path(
        "applications/<int:application_id>/",
        api.ApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        "applications/<int:application_id>/documents/",
        api.DocumentUploadView.as_view(),
        name="application-documents",
    ),
    path(
        "applications/<int:application_id>/submit/",
        api.ApplicationSubmitView.as_view(),
        name="application-submit",
    ),
    path("referrals/", api.ReferralListView.as_view(), name="referral-list"),
    path("referrals/<int:referral_id>/", api.ReferralDetailView.as_view(), name="referral-detail"),
    path(
        "referrals/<int:referral_id>/actions/",
        api.ReferralActionView.as_view(),
        name="referral-actions",
    ),
]
